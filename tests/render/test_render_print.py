"""Print-safe by construction: drawn as PNG, turned to greyscale (or seen
through a simulated colour-vision deficiency), the node kinds' fills still
differ measurably; in the print theme too, and every relation keeps a line
style or arrowhead of its own."""

from __future__ import annotations

import itertools
import re

import pytest

from conftest import needs_cjk_font
from render_helpers import FIXTURES, MAPS, luma, node_boxes, parse_svg, png_pixels, translation

from argmap.model import NODE_KINDS

KINDS = str(FIXTURES / "kinds.map")
# Greys further apart than this are told apart on paper at a glance.
MIN_GREY_STEP = 8.0

# Machado, Oliveira and Fernandes (2009), severity 1, on sRGB values: what
# a reader with protanopia, deuteranopia or tritanopia sees.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def simulate(rgb, matrix):
    return tuple(max(0.0, min(255.0, sum(m * c for m, c in zip(row, rgb)))) for row in matrix)


def fills(*args) -> dict[str, tuple[int, int, int]]:
    """The fill of each node kind as drawn in the PNG, sampled just inside
    the left edge of each box, half-way down (clear of text and corners)."""
    from click.testing import CliRunner

    from argmap.cli import cli

    def run(fmt):
        result = CliRunner().invoke(cli, ["render", KINDS, *args, "--backend", "library", "--page", "none",
                                          "--dpi", "72", "--format", fmt, "-o", "-"], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return result.stdout_bytes

    root = parse_svg(run("svg"))
    width, height, rows = png_pixels(run("png"))
    scale, dx, dy = translation(root)
    out = {}
    for kind, _, (x0, y0, x1, y1) in node_boxes(root):
        kind = kind.split()[0]
        if kind not in NODE_KINDS or kind in out:
            continue
        x = round((x0 + dx) * scale + 4)
        y = round(((y0 + y1) / 2 + dy) * scale)
        pixel = rows[y][3 * x:3 * x + 3]
        out[kind] = tuple(pixel)
    assert set(out) == set(NODE_KINDS), sorted(out)
    return out


@pytest.fixture(scope="module")
def colour():
    return fills()


@needs_cjk_font
def test_every_kind_keeps_its_own_grey_in_a_greyscale_print(colour):
    greys = {kind: luma(rgb) for kind, rgb in colour.items()}
    for a, b in itertools.combinations(greys, 2):
        assert abs(greys[a] - greys[b]) >= MIN_GREY_STEP, (a, greys[a], b, greys[b])


@needs_cjk_font
@pytest.mark.parametrize("deficiency", sorted(CVD))
def test_every_kind_keeps_its_own_fill_for_colour_blind_readers(colour, deficiency):
    seen = {kind: simulate(rgb, CVD[deficiency]) for kind, rgb in colour.items()}
    for a, b in itertools.combinations(seen, 2):
        distance = sum((p - q) ** 2 for p, q in zip(seen[a], seen[b])) ** 0.5
        assert distance >= MIN_GREY_STEP, (deficiency, a, b, distance)


@needs_cjk_font
def test_the_print_theme_is_grey_and_keeps_the_kinds_apart():
    printed = fills("--theme", "print")
    for kind, (r, g, b) in printed.items():
        assert max(r, g, b) - min(r, g, b) <= 2, (kind, (r, g, b))
    greys = {kind: rgb[0] for kind, rgb in printed.items()}
    for a, b in itertools.combinations(greys, 2):
        assert abs(greys[a] - greys[b]) >= MIN_GREY_STEP, (a, b)


def test_the_print_theme_names_no_colour_and_keeps_each_relation_style():
    from conftest import run_cli

    _, dot, _ = run_cli("render", KINDS, "--theme", "print", "--format", "dot", "-o", "-")
    for hexa in re.findall(r"#([0-9A-Fa-f]{6})", dot):
        assert hexa[0:2] == hexa[2:4] == hexa[4:6], hexa
    styles = {}
    for kind in ("supports", "attacks", "undercuts", "same_as", "contradicts"):
        line = next(l for l in dot.splitlines() if f"class={kind}" in l and "->" in l)
        style = re.search(r"style=(\w+)", line).group(1)
        head = re.search(r"arrowhead=(\w+)", line).group(1)
        tail = re.search(r"arrowtail=(\w+)", line)
        styles[kind] = (style, head, tail.group(1) if tail else None)
    # supports and attacks, attacks and links: each pair differs by more than colour.
    assert len({styles[k] for k in ("supports", "attacks", "same_as", "contradicts")}) == 4


def test_stances_differ_by_line_not_only_arrowhead():
    from argmap.render.dot import STANCE_STYLE

    looks = {k: (v["style"], v["color"].count(":"), v["arrowhead"]) for k, v in STANCE_STYLE.items()}
    lines = {k: look[:2] for k, look in looks.items()}
    assert len(set(lines.values())) == 3, lines


def test_the_comparison_matrix_in_print_is_grey():
    from conftest import run_cli

    _, dot, _ = run_cli("render", str(MAPS), "--theme", "print", "--format", "dot", "-o", "-")
    for hexa in re.findall(r"#([0-9A-Fa-f]{6})", dot):
        assert hexa[0:2] == hexa[2:4] == hexa[4:6], hexa
