"""How argmap's cost grows: per statement of one map, per map of a corpus,
and what a warm re-run costs.

    .venv/bin/python bench/scale.py [--statements 1000 10000 50000 100000]
        [--maps 10 100 1000] [--runs 3] [--write-readme]

- one map of N statements (bench/vs_argdown.py's generator): `validate`,
  cold (no parse cache) and warm, in seconds and microseconds per statement;
- a corpus of N maps of 100 nodes (bench/corpus_gen.py): `validate`,
  `compare` in every format (warm: the parse is the same for all), and
  `render` of one of its maps, in seconds and milliseconds per map;
- one map of --shaped statements (50,000) written in other shapes
  (comments, separate relation statements, escapes, blocks of attributes);
- a warm re-run (`validate`, `compare`) of the bundled maps and of 200 maps.

Medians of --runs fresh processes, whole commands with start-up. A warm
`compare` prints the report it kept when nothing it reads has changed
(argmap.cache.reports): where the comparison itself is timed, each run has
another COLUMNS, so that its report is made, not recalled.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus_gen import generate  # noqa: E402
from vs_argdown import argmap_command, argument, as_argmap, fill, write_readme  # noqa: E402

ARGMAP = argmap_command()


_WIDTHS = itertools.count(100)  # a width not used before in this run: a report not kept


def seconds(command: list[str], cwd: Path, env: dict, runs: int, made: bool = False) -> float:
    """The median time of the command; with `made`, a report made on each run."""
    times = []
    for _ in range(runs):
        if made:
            env = {**env, "COLUMNS": str(next(_WIDTHS))}
        start = time.perf_counter()
        proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stderr.decode()[-2000:]}")
    return statistics.median(times)


def _written(nodes, node, after=None) -> str:
    """The map of as_argmap's front matter, each node as node(i, ident,
    text, kind, parent id) writes it, and after(i) below it when given."""
    lines = as_argmap(nodes[:1]).rstrip("\n").split("\n")
    for i, (ident, text, parent, kind) in enumerate(nodes[1:], start=1):
        lines.append(node(i, ident, text, kind, nodes[parent][0]))
        if after is not None and after(i):
            lines.append(after(i))
    return "\n".join(lines) + "\n"


_ESCAPED = r' \"引\"\n'  # in the map: a quote in quotes, and a line break


def _kind(kind: str) -> str:
    return "counterpoint" if kind == "attacks" else "premise"


SHAPES = {
    "one line each (as above)": as_argmap,
    "a comment after every fifth": lambda nodes: _written(
        nodes, lambda i, ident, text, kind, parent: f'{_kind(kind)} {ident} "{text}" {{ {kind} {parent} }}',
        lambda i: f"// 第 {i} 條" if i % 5 == 0 else None),
    "node, then `a supports b`": lambda nodes: _written(
        nodes, lambda i, ident, text, kind, parent: f'{_kind(kind)} {ident} "{text}"\n{ident} {kind} {parent}'),
    'escapes (\\" \\n) in a third': lambda nodes: _written(
        nodes, lambda i, ident, text, kind, parent: f'{_kind(kind)} {ident} "{text}{_ESCAPED if i % 3 == 0 else ""}" '
                                                    f'{{ {kind} {parent} }}'),
    "blocks of attributes and a tag": lambda nodes: _written(
        nodes, lambda i, ident, text, kind, parent: (
            f'{_kind(kind)} {ident} "{text}" {{\n  {kind} {parent}\n  at "¶{i % 9 + 1}"\n  quote "{text[:6]}"\n'
            f'  en "gloss {i}"\n  #t{i % 7}\n}}')),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, nargs="+", default=[1000, 10000, 50000, 100000])
    parser.add_argument("--maps", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--shaped", type=int, default=50000, help="statements of the map written in each shape")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-readme", action="store_true", help="put the tables into bench/README.md")
    args = parser.parse_args()
    out = [f"Medians of {args.runs} runs; whole commands, start-up included.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cold = {**os.environ, "ARGMAP_NO_CACHE": "1"}
        warm = {k: v for k, v in os.environ.items() if k != "ARGMAP_NO_CACHE"}
        warm["ARGMAP_CACHE_DIR"] = str(folder / "cache")

        out += ["| statements | validate, cold | per statement | validate, warm | per statement |", "|---|---|---|---|---|"]
        for n in args.statements:
            (folder / "one.map").write_text(as_argmap(argument(n)), encoding="utf-8")
            command = ARGMAP + ["validate", "--isolated", "one.map"]
            c = seconds(command, folder, cold, args.runs)
            fill(command, folder, warm)
            w = seconds(command, folder, warm, args.runs)
            out.append(f"| {n:,} | {c:.2f} s | {c / n * 1e6:.0f} µs | {w:.2f} s | {w / n * 1e6:.0f} µs |")
            print(f"{n} statements done", file=sys.stderr)

        # The same argument written otherwise: a generator of one's own may
        # well write it so, and each shape takes its own path through the parser.
        n = args.shaped
        nodes = argument(n)
        out += ["", f"| {n:,} statements written as | validate, cold | per statement |", "|---|---|---|"]
        for name, shape in SHAPES.items():
            (folder / "shape.map").write_text(shape(nodes), encoding="utf-8")
            c = seconds(ARGMAP + ["validate", "--isolated", "shape.map"], folder, cold, args.runs)
            out.append(f"| {name} | {c:.2f} s | {c / n * 1e6:.0f} µs |")
        print("shapes done", file=sys.stderr)

        tasks = [("validate, cold", ["validate"], cold), ("validate, warm", ["validate"], warm)]
        tasks += [(f"compare {fmt}, warm", ["compare", "--format", fmt], warm) for fmt in ("table", "json", "markdown", "csv")]
        # The comparison is what is timed here, not the kept report.
        out += ["", "| maps of 100 nodes | " + " | ".join(name for name, _, _ in tasks) + " | render one map |",
                "|---|" + "---|" * (len(tasks) + 1)]
        for n in args.maps:
            corpus = generate(folder / f"corpus{n}", n, 100)
            fill(ARGMAP + ["validate", str(corpus)], folder, warm)
            cells = []
            for _, command, env in tasks:
                s = seconds(ARGMAP + command + [str(corpus)], folder, env, args.runs, made=command[0] == "compare")
                cells.append(f"{s:.2f} s ({s / n * 1000:.1f} ms/map)")
            s = seconds(ARGMAP + ["render", str(corpus / "m1.map"), "-o", "m1.svg", "--force"], folder, cold, args.runs)
            out.append(f"| {n:,} | " + " | ".join(cells) + f" | {s:.2f} s |")
            print(f"{n} maps done", file=sys.stderr)

        bundled = HERE.parent / "maps"
        c200 = generate(folder / "c200", 200, 100)
        out += ["", "| warm re-run | validate | compare | compare, report made again |", "|---|---|---|---|"]
        for name, path in (("bundled maps (5 texts)", bundled), ("200 maps of 100 nodes", c200)):
            fill(ARGMAP + ["validate", str(path)], folder, warm)
            fill(ARGMAP + ["compare", str(path)], folder, warm)  # and its report kept
            v = seconds(ARGMAP + ["validate", str(path)], folder, warm, args.runs)
            c = seconds(ARGMAP + ["compare", str(path)], folder, warm, args.runs)
            m = seconds(ARGMAP + ["compare", str(path)], folder, warm, args.runs, made=True)
            out.append(f"| {name} | {v:.2f} s | {c:.2f} s | {m:.2f} s |")
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if args.write_readme:
        write_readme(text, "scale", "How the cost grows (scale.py)")


if __name__ == "__main__":
    main()
