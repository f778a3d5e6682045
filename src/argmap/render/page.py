"""Pages: the sizes a figure must fit, and how large it is once drawn.

A figure is drawn at its natural size (12-point labels) and then scaled
down, never up, to the page's printable area by Graphviz's `size`
attribute. Scaled below a legible size, it is not drawn on one page: the
caller splits it over several pages, or says how to draw less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PAGES = ("a4", "letter", "slide", "none")
POINTS_PER_INCH = 72.0
# The smallest size, in points as printed, at which a figure's body text
# (map labels at 12 pt, the matrix's stance words at 10 pt) still reads:
# a footnote's size. A figure that would need more shrinking does not fit.
LEGIBLE_PT = 6.5


@dataclass(frozen=True)
class Page:
    name: str
    width: float  # inches, as held (portrait for paper, landscape for a slide)
    height: float
    margin: float  # inches, each side

    @property
    def printable(self) -> tuple[float, float]:
        """The area a figure may take, in points."""
        return ((self.width - 2 * self.margin) * POINTS_PER_INCH, (self.height - 2 * self.margin) * POINTS_PER_INCH)

    @property
    def points(self) -> tuple[float, float]:
        """The sheet, in points."""
        return (self.width * POINTS_PER_INCH, self.height * POINTS_PER_INCH)

    def turned(self) -> Page:
        return Page(self.name, self.height, self.width, self.margin)

    def fit(self, width: float, height: float) -> tuple[Page, float]:
        """The orientation that lets a figure of width × height points be
        drawn largest, and the scale (≤ 1) it is drawn at there. Paper may
        be turned to landscape; a slide is always landscape."""
        best = None
        for page in (self,) if self.name == "slide" else (self, self.turned()):
            pw, ph = page.printable
            scale = min(1.0, pw / width, ph / height) if width > 0 and height > 0 else 1.0
            if best is None or scale > best[1] + 1e-9:
                best = (page, scale)
        return best

    def size_attr(self) -> str:
        """Graphviz's `size`: the printable area in inches (scale down only)."""
        pw, ph = self.printable
        return f"{pw / POINTS_PER_INCH:.2f},{ph / POINTS_PER_INCH:.2f}"

    def describe(self) -> str:
        names = {"a4": "A4", "letter": "US Letter", "slide": "a 16:9 slide"}
        return names.get(self.name, self.name)


_PAGES = {
    "a4": Page("a4", 210 / 25.4, 297 / 25.4, 0.5),
    "letter": Page("letter", 8.5, 11.0, 0.5),
    "slide": Page("slide", 13.333, 7.5, 0.35),
}


def page(name: str | None) -> Page | None:
    """The named page, or None for `none` (draw at natural size)."""
    if name in (None, "none"):
        return None
    if name not in _PAGES:
        raise ValueError(f"unknown page {name!r}: use {', '.join(PAGES)}")
    return _PAGES[name]


_SVG_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def svg_size(svg: bytes) -> tuple[float, float]:
    """Width and height in points of an SVG drawn by Graphviz."""
    found = _SVG_SIZE.search(svg)
    if not found:
        raise ValueError("not an SVG drawn by Graphviz")
    return float(found.group(1)), float(found.group(2))


def with_graph_attrs(dot: str, **attrs: str) -> str:
    """DOT with graph attributes added after the opening line: a page's
    size is applied once the natural size is known, without building the
    graph again."""
    head, sep, rest = dot.partition("{\n")
    lines = "".join(f'\t{key}="{value}"\n' for key, value in attrs.items())
    return head + sep + lines + rest
