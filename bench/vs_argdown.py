"""argmap beside Argdown's CLI, on the same argument, at every size.

    .venv/bin/python bench/vs_argdown.py [--statements 1000 10000 50000]
        [--svg 1000 10000] [--runs 3] [--argdown PATH] [--write-readme]

Generates one argument of N statements (a tree of supports and attacks with
Chinese text) twice: as an argmap map and as an Argdown document with the
same statements and relations. Then times, median of --runs, each tool's
start-up, parse and JSON export (`argmap export` / `argdown json`), argmap's
`validate` (a first run with an empty cache, with the cache off, and warm
from its parse cache), and the drawing to SVG
(`argmap render` / `argdown map --format svg`; Argdown up to 10,000), with
the peak memory of each. Argdown's CLI is `--argdown`, or `argdown` on PATH,
or else installed from the npm registry into a temporary folder.
`--write-readme` puts the table into bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = "台日 合作 安全 經濟 半導體 供應鏈 價值 民主 中國 美國 同盟 制度 協定 互賴 風險 民意 戰略 區域 和平 科技".split()


def argument(n: int, seed: int = 7):
    """[(id, text, parent index or None, 'supports'|'attacks')] — a bushy tree."""
    rng = random.Random(seed)
    out = [("T", "".join(rng.choice(WORDS) for _ in range(8)), None, None)]
    for i in range(1, n):
        parent = rng.randrange(max(1, i // 3), i) if i > 3 else 0
        kind = "attacks" if rng.random() < 0.2 else "supports"
        out.append((f"s{i}", "".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12))), parent, kind))
    return out


def as_argmap(nodes) -> str:
    lines = ["---", "id: bench", "title: 基準", "authors: [bench]", "year: 2026", "---", ""]
    for ident, text, parent, kind in nodes:
        if parent is None:
            lines.append(f'thesis {ident} "{text}"')
        else:
            node_kind = "counterpoint" if kind == "attacks" else "premise"
            lines.append(f'{node_kind} {ident} "{text}" {{ {kind} {nodes[parent][0]} }}')
    return "\n".join(lines) + "\n"


def as_argdown(nodes) -> str:
    children: dict[int, list[int]] = {}
    for i, (_, _, parent, _) in enumerate(nodes):
        if parent is not None:
            children.setdefault(parent, []).append(i)
    lines = ["# Bench", ""]

    def walk(i: int, depth: int) -> None:
        ident, text, _, kind = nodes[i]
        prefix = "" if depth == 0 else "  " * depth + ("<+ " if kind == "supports" else "<- ")
        lines.append(f"{prefix}[{ident}]: {text}")
        for child in children.get(i, ()):
            walk(child, depth + 1)

    sys.setrecursionlimit(10000)
    walk(0, 0)
    return "\n".join(lines) + "\n"


def run(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """(seconds, peak resident memory in MB) of one run of a command. An
    env with FRESH_CACHE gets an empty cache folder of its own: a first run,
    which parses and also writes the cache, as a newcomer's first run does."""
    if env is not None and env.get(FRESH_CACHE):
        fresh = Path(tempfile.mkdtemp(dir=env[FRESH_CACHE]))
        env = {**env, "ARGMAP_CACHE_DIR": str(fresh / "cache")}
        env.pop(FRESH_CACHE)
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({proc.returncode}):\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


def entries(cache: Path) -> int:
    """How many parse cache entries are written whole."""
    return sum(1 for p in cache.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")) if cache.exists() else 0


def fill(command: list[str], cwd: Path, env: dict, timeout: float = 120) -> None:
    """Run a command that fills the parse cache for the warm rows, and wait
    for its entries: argmap writes them in a process of its own once the
    command has ended."""
    cache = Path(env["ARGMAP_CACHE_DIR"])
    before = entries(cache)
    run(command, cwd, env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if entries(cache) > before and not any(p.name.startswith(".tmp-") for p in cache.rglob("*")):
            return
        time.sleep(0.05)


def median_of(command: list[str], cwd: Path, runs: int, env: dict | None = None) -> tuple[float, int]:
    results = [run(command, cwd, env) for _ in range(runs)]
    return statistics.median(t for t, _ in results), max(m for _, m in results)


def install_argdown(folder: Path) -> str:
    """Argdown's CLI from the npm registry, into a folder of its own."""
    print(f"installing @argdown/cli@{ARGDOWN_VERSION} from npm into {folder} …", file=sys.stderr)
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(folder),
                    f"@argdown/cli@{ARGDOWN_VERSION}"], check=True)
    return str(folder / "node_modules" / ".bin" / "argdown")


def argmap_command() -> list[str]:
    """argmap as a user runs it: the `argmap` script installed beside this
    Python (Argdown is run by its script too), else `python -m argmap`."""
    script = Path(sys.executable).with_name("argmap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "argmap"]


ARGDOWN_VERSION = "1.7.5"
FRESH_CACHE = "BENCH_FRESH_CACHE_UNDER"


def table(sizes: list[int], svg_sizes: list[int], runs: int, argdown: str | None, folder: Path) -> list[tuple]:
    """Rows of (statements, task, argmap s, argmap MB, Argdown s, Argdown MB)."""
    argmap = argmap_command()
    (folder / "fresh").mkdir(exist_ok=True)
    first = {**os.environ, FRESH_CACHE: str(folder / "fresh")}
    first.pop("ARGMAP_NO_CACHE", None)
    cold = {**os.environ, "ARGMAP_NO_CACHE": "1"}
    warm = {**first, "ARGMAP_CACHE_DIR": str(folder / "cache")}
    warm.pop(FRESH_CACHE)
    rows = []
    ours = median_of(argmap + ["--version"], folder, runs, cold)
    theirs = median_of([argdown, "--version"], folder, runs) if argdown else None
    rows.append(("—", "start-up", *ours, *(theirs or (None, None))))
    for n in sizes:
        nodes = argument(n)
        (folder / "bench.map").write_text(as_argmap(nodes), encoding="utf-8")
        (folder / "bench.argdown").write_text(as_argdown(nodes), encoding="utf-8")
        theirs = median_of([argdown, "json", "bench.argdown", "out", "--silent"], folder, runs) if argdown else None
        export = argmap + ["export", "bench.map", "-o", "bench.json", "--force"]
        validate = argmap + ["validate", "--isolated", "bench.map"]
        rows.append((n, "parse + export JSON, first run", *median_of(export, folder, runs, first), *(theirs or (None, None))))
        rows.append((n, "validate, first run", *median_of(validate, folder, runs, first), *(theirs or (None, None))))
        rows.append((n, "validate, cache off", *median_of(validate, folder, runs, cold), *(theirs or (None, None))))
        fill(validate, folder, warm)
        rows.append((n, "validate, warm cache", *median_of(validate, folder, runs, warm), *(theirs or (None, None))))
        if n in svg_sizes:
            theirs = (median_of([argdown, "map", "bench.argdown", "out", "--format", "svg", "--silent"], folder, runs)
                      if argdown and n <= 10000 else None)
            svg = argmap + ["render", "--isolated", "bench.map", "-o", "bench.svg", "--force"]
            rows.append((n, "SVG, first run", *median_of(svg, folder, runs, first), *(theirs or (None, None))))
        print(f"{n} statements done", file=sys.stderr)
    return rows


def formatted(rows: list[tuple], runs: int) -> str:
    lines = [
        f"Medians of {runs} runs, both tools in the same run; seconds and peak memory (MB).",
        "\"First run\": argmap's parse cache on but empty, so the run parses every file and also writes",
        "the cache, as a newcomer's first run does; \"cache off\": ARGMAP_NO_CACHE=1; \"warm cache\": a",
        "re-run on the unchanged file. Argdown has no cache: its time is the same in every row of a size.",
        "",
        "| statements | task | argmap | Argdown | argmap ÷ Argdown | memory: argmap / Argdown |",
        "|---|---|---|---|---|---|",
    ]
    for n, task, ours, our_mb, theirs, their_mb in rows:
        size = f"{n:,}" if isinstance(n, int) else n
        other = f"{theirs:.2f} s" if theirs is not None else "—"
        ratio = f"{ours / theirs:.2f}" if theirs else "—"
        memory = f"{our_mb} / {their_mb}" if their_mb else f"{our_mb} / —"
        lines.append(f"| {size} | {task} | {ours:.2f} s | {other} | {ratio} | {memory} |")
    return "\n".join(lines) + "\n"


def write_readme(text: str, marker: str = "vs_argdown", heading: str = "argmap beside Argdown") -> None:
    """Put a table into bench/README.md, between its markers (a new
    section at the end the first time)."""
    readme = Path(__file__).with_name("README.md")
    old = readme.read_text(encoding="utf-8")
    begin, end = f"<!-- {marker}: begin -->\n", f"<!-- {marker}: end -->"
    if begin in old and end in old:
        new = old[: old.index(begin) + len(begin)] + text + old[old.index(end):]
    else:
        new = old.rstrip("\n") + f"\n\n## {heading}\n\n{begin}{text}{end}\n"
    readme.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--svg", type=int, nargs="*", default=[1000, 10000], help="sizes to draw to SVG too")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--argdown", default=shutil.which("argdown"),
                        help=f"Argdown's CLI; without it, @argdown/cli@{ARGDOWN_VERSION} is installed from npm into a temporary folder")
    parser.add_argument("--no-argdown", action="store_true", help="time argmap alone")
    parser.add_argument("--write-readme", action="store_true", help="put the table into bench/README.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        argdown = None if args.no_argdown else args.argdown or install_argdown(folder / "npm")
        text = formatted(table(args.statements, args.svg, args.runs, argdown, folder), args.runs)
    sys.stdout.write(text)
    if args.write_readme:
        write_readme(text)


if __name__ == "__main__":
    main()
