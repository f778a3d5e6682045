"""Time `argmap fmt` on 200 maps of 100 nodes each (the corpus of
compare_bench.py).

    .venv/bin/python bench/fmt_bench.py [--maps 200] [--nodes 100]

Runs the real command in a subprocess, best of three, and prints seconds:
`--check` on the canonical corpus (every file parsed, printed, re-parsed
and compared), `--check` on a re-indented copy (every file would change),
and formatting that copy in place (atomic writes).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gen import generate  # noqa: E402


def timed(command: list[str], before=None) -> float:
    if before is not None:
        before()
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed:\n{proc.stderr.decode()}")
    return elapsed


def best_of(command: list[str], runs: int = 3, before=None) -> float:
    return min(timed(command, before) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--maps", type=int, default=200)
    parser.add_argument("--nodes", type=int, default=100)
    args = parser.parse_args()
    argmap = [sys.executable, "-m", "argmap", "fmt"]
    with tempfile.TemporaryDirectory() as tmp:
        canonical = generate(Path(tmp) / "corpus", args.maps, args.nodes)
        subprocess.run(argmap + ["-q", str(canonical)], check=True)  # make sure it is canonical
        messy = Path(tmp) / "messy"

        def reindent() -> None:
            shutil.rmtree(messy, ignore_errors=True)
            messy.mkdir()
            for path in canonical.glob("*.map"):
                text = path.read_text(encoding="utf-8")
                (messy / path.name).write_text(text.replace("\n  ", "\n    "), encoding="utf-8")

        reindent()
        total = args.maps * args.nodes
        print(f"corpus: {args.maps} maps x {args.nodes} nodes = {total} nodes")
        print(f"{'fmt --check (canonical)':28} {best_of(argmap + ['--check', str(canonical)]):6.2f} s")
        print(f"{'fmt --check (all change)':28} {best_of(argmap + ['--check', str(messy)]):6.2f} s")
        print(f"{'fmt (rewrite all)':28} {best_of(argmap + [str(messy)], before=reindent):6.2f} s")


if __name__ == "__main__":
    main()
