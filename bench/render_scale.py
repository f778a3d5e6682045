"""Drawing very large maps to SVG: argmap beside Argdown's CLI.

    .venv/bin/python bench/render_scale.py [--sizes 1000 10000 50000] [--cross 0.05]
        [--runs 3] [--argdown PATH] [--timeout 900] [--keep DIR]

Generates the argument of `vs_argdown.py` (a bushy tree of supports and
attacks with Chinese text) at each size, with `--cross` of the statements
given a second relation to an earlier statement (a cross link; 0 for a pure
tree), as an argmap map and as an Argdown document with the same statements
and relations. Then times, median of `--runs`, whole commands including
start-up: `argmap render --isolated bench.map -o bench.svg --backend library`
(with its parse cache off, ARGMAP_NO_CACHE=1, unless `--warm`: Argdown has
none) and `argdown map bench.argdown out --format svg`. argmap draws maps of up to
`--max-nodes` (20,000) nodes whole, laid out by `dot` up to 500 boxes and
as a tidy tree above; larger ones as an overview, and says so (its note is
printed here). A run of Argdown that takes longer than `--timeout` seconds is
stopped and reported as such. `--keep DIR` leaves the inputs and drawings
there, to look at.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vs_argdown import argument, as_argdown, as_argmap  # noqa: E402


def cross_links(nodes, share: float, seed: int = 11) -> list[tuple[str, str, str]]:
    """(source, target, kind) for about `share` of the statements: a second
    relation, always to an earlier statement other than the parent, so no
    cycle forms (every tree relation also points to an earlier one)."""
    rng = random.Random(seed)
    out = []
    for i in range(4, len(nodes)):
        if rng.random() >= share:
            continue
        parent = nodes[i][2]
        j = rng.randrange(0, i)
        if j == parent or j == i:
            continue
        out.append((nodes[i][0], nodes[j][0], "attacks" if rng.random() < 0.2 else "supports"))
    return out


def with_cross_argmap(text: str, links) -> str:
    return text + "".join(f"{a} {kind} {b}\n" for a, b, kind in links)


def with_cross_argdown(text: str, links) -> str:
    arrow = {"supports": "+>", "attacks": "->"}
    return text + "".join(f"\n[{a}]\n  {arrow[kind]} [{b}]\n" for a, b, kind in links)


def timed(command: list[str], cwd: Path, runs: int, timeout: float | None,
          env: dict | None = None) -> tuple[list[float], str, str | None]:
    """Seconds of each run, the last run's standard error, and why it
    failed (a timeout, an exit status other than 0), None when it did not.
    A failed run is not repeated."""
    times, err = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        try:
            # A wide "terminal": argmap's notes come out one line each.
            proc = subprocess.run(command, cwd=cwd, capture_output=True, timeout=timeout,
                                  env={**os.environ, "COLUMNS": "400", **(env or {})})
        except subprocess.TimeoutExpired:
            return times, err, f"stopped after {timeout:.0f} s"
        seconds = time.perf_counter() - start
        err = proc.stderr.decode("utf-8", "replace") + proc.stdout.decode("utf-8", "replace")
        if proc.returncode != 0:
            last = (err.strip().splitlines() or [""])[-1][:160]
            return times, err, f"exit {proc.returncode} after {seconds:.0f} s: {last}"
        times.append(seconds)
    return times, err, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--cross", type=float, default=0.05, help="Share of statements with a cross link (0: a tree).")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--argdown", default=shutil.which("argdown"))
    parser.add_argument("--timeout", type=float, default=900.0, help="Seconds before a run of Argdown is stopped.")
    parser.add_argument("--keep", metavar="DIR", help="Leave the inputs and drawings in DIR.")
    parser.add_argument("--warm", action="store_true",
                        help="Let argmap use its parse cache (by default every run parses, as Argdown's does).")
    args = parser.parse_args()

    argmap = [sys.executable, "-m", "argmap", "render", "--isolated", "bench.map", "-o", "bench.svg", "--backend", "library"]
    argdown = [args.argdown, "map", "bench.argdown", "out", "--format", "svg", "--silent"] if args.argdown else None
    print(f"SVG of one map, median of {args.runs} whole runs, seconds; {args.cross:.0%} cross links; "
          f"argmap's parse cache {'on' if args.warm else 'off'}")
    print(f"{'statements':>10} {'relations':>10} {'argmap':>8} {'argdown':>9} {'ratio':>6}  argmap ms/statement")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            folder = Path(args.keep) / str(n) if args.keep else Path(tmp) / str(n)
            folder.mkdir(parents=True, exist_ok=True)
            nodes = argument(n)
            links = cross_links(nodes, args.cross)
            (folder / "bench.map").write_text(with_cross_argmap(as_argmap(nodes), links), encoding="utf-8")
            (folder / "bench.argdown").write_text(with_cross_argdown(as_argdown(nodes), links), encoding="utf-8")
            ours, note, failed = timed(argmap, folder, args.runs, None, None if args.warm else {"ARGMAP_NO_CACHE": "1"})
            if failed:
                sys.exit(f"argmap failed on {n} statements ({failed}):\n{note[-2000:]}")
            mine = statistics.median(ours)
            why = None
            if argdown:
                theirs, _, why = timed(argdown, folder, args.runs, args.timeout)
                if why:
                    shown, ratio = f"{'failed':>9}", f"{'—':>6}"
                else:
                    other = statistics.median(theirs)
                    shown, ratio = f"{other:9.2f}", f"{mine / other:6.2f}"
            else:
                shown, ratio = f"{'—':>9}", f"{'—':>6}"
            print(f"{n:>10,} {n - 1 + len(links):>10,} {mine:8.2f} {shown} {ratio}  {1000 * mine / n:.3f}", flush=True)
            if why:
                print(f"{'':>12}argdown: {why}")
            for line in note.splitlines():
                if "as an overview" in line:
                    print(f"{'':>12}{line.strip()}")
    if not args.argdown:
        print("argdown not found: npm install @argdown/cli, then --argdown node_modules/.bin/argdown")


if __name__ == "__main__":
    main()
