"""argmap beside Argdown's CLI, on the same argument.

    .venv/bin/python bench/vs_argdown.py [--statements 1000] [--argdown PATH]

Generates one argument of N statements (a tree of supports and attacks with
Chinese text) twice: as an argmap map and as an Argdown document with the
same statements and relations. Then times, best of three, each tool's parse
(`argmap validate` / `argdown json`) and its drawing to SVG (`argmap render
-o x.svg` / `argdown map --format svg`). Argdown comes from the npm registry:
`npm install @argdown/cli` and pass --argdown node_modules/.bin/argdown (or
have `argdown` on PATH); without it only argmap is timed.
"""

from __future__ import annotations

import argparse
import random
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


def best(command: list[str], cwd: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(command, cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stderr.decode()[-2000:]}")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--argdown", default=shutil.which("argdown"))
    args = parser.parse_args()
    nodes = argument(args.statements)
    argmap = [sys.executable, "-m", "argmap"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "bench.map").write_text(as_argmap(nodes), encoding="utf-8")
        (folder / "bench.argdown").write_text(as_argdown(nodes), encoding="utf-8")
        print(f"{args.statements} statements, {args.statements - 1} relations; best of 3, seconds")
        rows = [
            ("parse + check", argmap + ["validate", "--isolated", "bench.map"],
             [args.argdown, "json", "bench.argdown", "out", "--silent"] if args.argdown else None),
            ("draw to SVG", argmap + ["render", "--isolated", "bench.map", "-o", "bench.svg"],
             [args.argdown, "map", "bench.argdown", "out", "--format", "svg", "--silent"] if args.argdown else None),
        ]
        print(f"{'':16}{'argmap':>10}{'argdown':>10}")
        for name, ours, theirs in rows:
            mine = best(ours, folder)
            other = f"{best(theirs, folder):10.2f}" if theirs else f"{'—':>10}"
            print(f"{name:16}{mine:10.2f}{other}")
        if not args.argdown:
            print("argdown not found: npm install @argdown/cli, then --argdown node_modules/.bin/argdown")


if __name__ == "__main__":
    main()
