"""Regenerate the gallery: the diagrams of the bundled maps shown in the README.

    .venv/bin/python docs/gallery/make.py

Renders with the Graphviz library bundled in pygraphviz (never a `dot` that
happens to be on PATH), so a clean clone reproduces every file byte for byte
given the same CJK font (CI installs fonts-wqy-microhei; font.txt names the
one used). A test
(tests/render/test_render_gallery.py) checks that the committed files match
what the current code draws; rerun this after changing a map or the
renderer, and review the diagrams before committing them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

MAPS = ("chen2024", "wilkins2012", "tradealliance2012", "tang2025", "cheng2026")

# (output file in docs/gallery, argmap render arguments relative to the repository)
GALLERY = [(f"{name}.svg", [f"maps/{name}.map"]) for name in MAPS] + [
    ("compare.svg", ["maps/"]),
    ("compare-en.svg", ["maps/", "--lang", "en"]),
    ("compare-slide.svg", ["maps/", "--lang", "en", "--page", "slide"]),
    ("compare-links.svg", ["maps/", "--links"]),
    ("compare-print.svg", ["maps/", "--lang", "en", "--theme", "print"]),
    ("compare-issues.svg", ["maps/", "--figure", "issues", "--page", "none"]),
    ("compare-full.svg", ["maps/", "--figure", "full", "--links", "--page", "none"]),
    ("legend.svg", ["tests/fixtures/corpus/alpha.map", "--legend", "--show", "locator"]),
    ("legend-print.svg", ["tests/fixtures/corpus/alpha.map", "--legend", "--show", "locator", "--theme", "print"]),
    ("tang2025-print.svg", ["maps/tang2025.map", "--theme", "print"]),
    ("change.svg", ["tests/render/fixtures/change/old.map", "tests/render/fixtures/change/new.map", "--diff"]),
    ("debate.svg", ["docs/examples/debate/uniforms.map"]),
]


def render(args: list[str], fmt: str = "svg") -> bytes:
    """What `argmap render ARGS -o - --format FMT` writes, drawn in-process."""
    from click.testing import CliRunner

    from argmap.cli import cli

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(cli, ["render", *args, "--backend", "library", "--format", fmt, "-o", "-"])
    finally:
        os.chdir(old)
    if result.exit_code != 0:
        raise SystemExit(f"argmap render {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout_bytes


def main() -> None:
    from argmap.render.fonts import cjk_font, problem
    from argmap.writefile import write_bytes, write_text

    # The check `render` and `argmap doctor` make: the maps are Chinese.
    status = cjk_font()
    missing = problem("中文", "png", status)
    if missing:
        raise SystemExit(f"docs/gallery/make.py: {missing}; `argmap doctor` says the same")
    family = status.drawn_with
    # Box sizes are measured with this font: the test compares byte for byte
    # only on machines that draw with the same one.
    write_text(str(HERE / "font.txt"), family + "\n")
    for name, args in GALLERY:
        if not (ROOT / args[0]).exists():
            print(f"skipped {name}: {args[0]} does not exist yet", file=sys.stderr)
            continue
        problem = write_bytes(str(HERE / name), render(args))
        if problem:
            raise SystemExit(problem)
        print(f"wrote docs/gallery/{name}")


if __name__ == "__main__":
    main()
