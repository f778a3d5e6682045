"""The gallery in docs/gallery/ is what the current code draws from the
current maps (regenerate with `.venv/bin/python docs/gallery/make.py`)."""

from __future__ import annotations

import importlib.util

import pytest

from render_helpers import ROOT, REAL_MAPS, assert_safe_svg, parse_svg

from argmap.render.fonts import cjk_font

GALLERY_DIR = ROOT / "docs" / "gallery"


def _make():
    spec = importlib.util.spec_from_file_location("gallery_make", GALLERY_DIR / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = _make()


def test_the_gallery_covers_the_five_maps_and_the_comparison():
    names = {name for name, _ in MAKE.GALLERY}
    assert {f"{m}.svg" for m in REAL_MAPS} | {"compare.svg"} <= names
    for name, args in MAKE.GALLERY:
        if (ROOT / args[0]).exists():
            assert (GALLERY_DIR / name).exists(), f"{name} missing: run docs/gallery/make.py"


@pytest.mark.parametrize(("name", "args"), MAKE.GALLERY, ids=[name for name, _ in MAKE.GALLERY])
def test_gallery_matches_the_current_rendering(name, args):
    if not (ROOT / args[0]).exists():
        pytest.skip(f"{args[0]} does not exist yet")
    committed = (GALLERY_DIR / name).read_bytes()
    assert_safe_svg(parse_svg(committed))
    recorded = (GALLERY_DIR / "font.txt").read_text(encoding="utf-8").strip()
    if cjk_font().drawn_with != recorded:
        pytest.skip(f"the gallery was drawn with {recorded!r}; this machine would use {cjk_font().drawn_with!r}, "
                    "so box sizes differ (CI installs fonts-wqy-microhei)")
    assert MAKE.render(args) == committed, f"docs/gallery/{name} is stale: run .venv/bin/python docs/gallery/make.py"
