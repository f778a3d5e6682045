"""Time `argmap report` on the bundled maps and on a generated corpus, and
say how large the page is and how long a browser takes to open it.

    .venv/bin/python bench/report_bench.py [--maps 200] [--nodes 100] [--no-browser]

Builds run the real command in a subprocess, best of three (the parse cache
off, so each run parses); the stages of one build are timed in-process. The
browser time is the load event of the page in headless Chromium
(tests/site/browser.py), when there is one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "site"))
from corpus_gen import generate  # noqa: E402


def best_of(command: list[str], runs: int = 3) -> float:
    times = []
    env = {**os.environ, "ARGMAP_NO_CACHE": "1"}
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed:\n{proc.stderr.decode()}")
    return min(times)


def stages(folder: Path) -> str:
    """Validate, compare, draw (on every core) and assemble, each timed once in-process."""
    from argmap.compare.analysis import compare
    from argmap.validate import validate
    from argmap.site import data, diagrams, page

    os.environ["ARGMAP_NO_CACHE"] = "1"
    t0 = time.perf_counter()
    result = validate([str(folder)])
    t1 = time.perf_counter()
    comparison = compare(result.corpus)
    t2 = time.perf_counter()
    maps = data.ordered_maps(result.corpus)
    t3 = time.perf_counter()
    drawn = diagrams.draw_maps(maps, result.corpus, "orig", "auto") or diagrams.draw_all(
        [diagrams.map_job(m, result.corpus, "orig", "auto") for m in maps])
    t4 = time.perf_counter()
    keys = data.map_keys(maps)
    templates = {f"d{i}": d.svg for i, d in enumerate(drawn) if d.svg}
    doc = data.document(result, comparison=comparison,
                        diagrams={k: (f"d{i}", None) for i, k in enumerate(keys)})
    html = page.assemble(doc, templates)
    t5 = time.perf_counter()
    return (f"validate {t1 - t0:.2f} + compare {t2 - t1:.2f} + DOT, layout and SVG {t4 - t3:.2f}"
            f" + data and page {t5 - t4:.2f} s; {len(html.encode()) / 1e6:.1f} MB")


def opened(path: Path) -> str:
    import browser

    executable, why = browser.find()
    if executable is None:
        return f"(no browser: {why})"
    chrome = browser.Browser(executable)
    try:
        tab = chrome.page()
        loads = []
        for _ in range(3):
            tab.goto("about:blank")
            loads.append(tab.goto(path.as_uri()))
        search = tab.eval("(() => { const t = performance.now(); location.hash = '#/search/' + encodeURIComponent('台日');"
                          " return new Promise(r => setTimeout(() => r(performance.now() - t), 0)); })()")
        return f"opens in {min(loads):.2f} s (load event, best of 3); first search {search / 1000:.2f} s"
    finally:
        chrome.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--maps", type=int, default=200)
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    argmap = [sys.executable, "-m", "argmap"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bundled.html"
        seconds = best_of(argmap + ["report", str(ROOT / "maps"), "-o", str(out)])
        print(f"bundled corpus (maps/): report {seconds:.2f} s, {out.stat().st_size / 1e6:.2f} MB")
        if not args.no_browser:
            print(f"  {opened(out)}")
        folder = generate(Path(tmp) / "corpus", args.maps, args.nodes)
        print(f"generated: {args.maps} maps x {args.nodes} nodes = {args.maps * args.nodes} nodes")
        big = Path(tmp) / "big.html"
        seconds = best_of(argmap + ["report", str(folder), "-o", str(big)])
        print(f"  report {seconds:.2f} s, {big.stat().st_size / 1e6:.1f} MB")
        print(f"  stages: {stages(folder)}")
        if not args.no_browser:
            print(f"  {opened(big)}")


if __name__ == "__main__":
    main()
