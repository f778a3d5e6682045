"""What the provenance checks add to `argmap validate maps/`.

    .venv/bin/python bench/provenance_bench.py [--runs 7] [--sources ../shared/seeds]

Times, in a fresh process each run (so that every module is imported and
every source read and indexed, as in a real run), `validate maps/` with its
sources on the search path and with the provenance package never imported,
and prints the best of each and their difference. Then the stages, best of
the same number of runs: importing the provenance modules (fresh
processes), reading and indexing the five sources, and checking every
quote and locator (in one process, the index cache emptied each time).
CPU time (time.process_time), not the wall clock, so that other work on a
busy machine weighs less on the figures. The target: at most 50 ms added.
With the parse cache off: a warm run takes the result of the checks from
the cache, keyed by the map's text and the source's bytes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RUN = """
import sys, time, types
import argmap.validate as V
if sys.argv[1] == "without":  # the provenance package is never imported
    sys.modules["argmap.provenance.check"] = types.SimpleNamespace(check=lambda maps, **kwargs: [])
start = time.process_time()
result = V.validate(["maps"], sources=[sys.argv[2]])
elapsed = time.process_time() - start
assert result.exit_code() == 0, [d.message for d in result.diagnostics]
print(elapsed)
"""


def one(mode: str, sources: str) -> float:
    # The parse cache off: a warm run takes the checks from it (docs/cli.md),
    # and what is timed here is the checking itself.
    env = {**os.environ, "ARGMAP_NO_CACHE": "1"}
    out = subprocess.run([sys.executable, "-c", RUN, mode, sources], cwd=ROOT, capture_output=True, text=True, env=env)
    if out.returncode:
        sys.exit(out.stderr)
    return float(out.stdout)


IMPORT = """
import time
import argmap.validate, argmap.corpus, argmap.checks
start = time.process_time()
import argmap.provenance.check
print(time.process_time() - start)
"""


def imported(runs: int) -> float:
    """Importing the provenance modules, in a fresh process: best of `runs`."""
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", IMPORT], cwd=ROOT, capture_output=True, text=True, check=True)
        times.append(float(out.stdout))
    return min(times)


def stages(sources: str, runs: int) -> tuple[float, float, int, int]:
    """Indexing the sources and checking the nodes, in this process (modules
    imported): best of `runs`, the index cache emptied before each."""
    from argmap import provenance as P
    from argmap.corpus import load
    from argmap.provenance.check import check_node

    maps = [m for m in load([str(ROOT / "maps")]).corpus.maps if "source" in m.meta]
    places = P.search_path([sources], None, {})
    indexed, checked = [], []
    for _ in range(runs):
        P._CACHE.clear()
        start = time.process_time()
        indexes = {m.id: P.open_source(P.find_source(m.path, m.meta["source"], places), m.meta["paragraphs"]) for m in maps}
        indexed.append(time.process_time() - start)
        start = time.process_time()
        problems = sum(len(check_node(m, n, indexes[m.id])) for m in maps for n in m.nodes)
        checked.append(time.process_time() - start)
        assert problems == 0
    nodes = sum(len(m.nodes) for m in maps)
    return min(indexed), min(checked), nodes, sum(len(i.text) for i in indexes.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sources", default=str(ROOT.parent / "shared" / "seeds"))
    args = parser.parse_args()
    sources = str(Path(args.sources).resolve())
    with_checks, without = [], []
    for _ in range(args.runs):  # interleaved, so that a busy machine weighs on both alike
        with_checks.append(one("with", sources))
        without.append(one("without", sources))
    a, b = min(with_checks), min(without)
    importing = imported(args.runs)
    indexed, checked, nodes, chars = stages(sources, args.runs)
    print(f"validate maps/ (CPU time in-process, best of {args.runs} fresh processes), ms")
    print(f"  with provenance      {a * 1000:7.1f}")
    print(f"  without              {b * 1000:7.1f}")
    print(f"  added                {(a - b) * 1000:7.1f}   (bar: 50)")
    print(f"provenance stage by stage (CPU time, best of {args.runs}), ms")
    print(f"  import its modules                            {importing * 1000:6.1f}")
    print(f"  read + index 5 sources ({chars:,} characters)   {indexed * 1000:6.1f}")
    print(f"  check {nodes} nodes' quotes and locators        {checked * 1000:6.1f}")
    if sys.flags.dont_write_bytecode:
        # Measured: the import takes 15-20 ms compiled from source, 6-7 ms from .pyc.
        print("note: PYTHONDONTWRITEBYTECODE is set, so modules may be compiled from source on every import;"
              " an installed argmap imports from .pyc files (unset it for the figures a user sees)")


if __name__ == "__main__":
    main()
