"""Time `argmap compare` (and `validate`) on 200 maps of 100 nodes each.

    .venv/bin/python bench/compare_bench.py [--maps 200] [--nodes 100]

Runs the real command in a subprocess, best of three, and prints seconds.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gen import generate  # noqa: E402


def best_of(command: list[str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed:\n{proc.stderr.decode()}")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--maps", type=int, default=200)
    parser.add_argument("--nodes", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(Path(tmp) / "corpus", args.maps, args.nodes)
        argmap = [sys.executable, "-m", "argmap"]
        total = args.maps * args.nodes
        print(f"corpus: {args.maps} maps x {args.nodes} nodes = {total} nodes")
        for name, cmd in [
            ("validate", argmap + ["validate", str(folder)]),
            ("compare --format json", argmap + ["compare", str(folder), "--format", "json"]),
            ("compare (table)", argmap + ["compare", str(folder)]),
        ]:
            print(f"{name:24} {best_of(cmd):6.2f} s")


if __name__ == "__main__":
    main()
