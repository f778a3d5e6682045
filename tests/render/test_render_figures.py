"""Figures for papers and slides, measured as a reader sees them: the size
of the drawing against the page, the size its text is set at, the stance
cells of the comparison figure, the links between maps."""

from __future__ import annotations

import re

import pytest

from conftest import run_cli
from render_helpers import CORPUS, MAPS, SVG_NS, assert_safe_svg, parse_svg, png_size, svg_texts

from argmap.compare.analysis import compare
from argmap.render.page import page
from argmap.validate import validate

A4 = page("a4")
SLIDE = page("slide")


def drawn(*args) -> tuple[int, bytes, str]:
    from click.testing import CliRunner

    from argmap.cli import cli

    result = CliRunner().invoke(cli, ["render", *args, "--backend", "library", "-o", "-"], catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr


def geometry(svg: bytes) -> tuple[float, float, float]:
    """Width and height in points as printed, and the scale the drawing was
    shrunk by to get there (1: natural size)."""
    root = parse_svg(svg)
    width = float(root.get("width").removesuffix("pt"))
    height = float(root.get("height").removesuffix("pt"))
    graph = next(g for g in root.iter(SVG_NS + "g") if g.get("class") == "graph")
    scale = float(re.match(r"scale\(([\d.]+)", graph.get("transform")).group(1))
    return width, height, scale


def fits(width: float, height: float, on) -> bool:
    """Fits the page's printable area, upright or turned."""
    pw, ph = on.printable
    return (width <= pw + 1 and height <= ph + 1) or (on.name != "slide" and width <= ph + 1 and height <= pw + 1)


def smallest_text(svg: bytes) -> float:
    """The smallest font size used in the drawing, in points as printed."""
    root = parse_svg(svg)
    sizes = [float(t.get("font-size")) for t in root.iter(SVG_NS + "text") if t.get("font-size")]
    return min(sizes) * geometry(svg)[2]


# ---------------------------------------------------------------- the comparison figure


@pytest.mark.parametrize(("args", "on"), [
    ([], A4), (["--lang", "en"], A4), (["--page", "slide"], SLIDE), (["--page", "slide", "--lang", "en"], SLIDE),
    (["--links"], A4), (["--page", "letter"], page("letter")),
])
def test_the_five_maps_compared_fit_the_page_at_a_legible_size(args, on):
    code, svg, err = drawn(str(MAPS), *args)
    assert code == 0, err
    assert "note" not in err
    width, height, scale = geometry(svg)
    assert fits(width, height, on), (width, height, on.printable)
    # Stance words are 10 pt, notes 9 pt, ids 8 pt: the words stay at 6.5 pt
    # or more in print (a footnote's size), nothing below 5 pt.
    assert 10 * scale >= 6.5 and smallest_text(svg) >= 5.0, scale
    assert_safe_svg(parse_svg(svg))


def test_a_slide_gets_a_landscape_figure_and_a4_a_portrait_one():
    _, slide, _ = drawn(str(MAPS), "--page", "slide")
    _, a4, _ = drawn(str(MAPS))
    w, h, _ = geometry(slide)
    assert w / h > 1.5
    w, h, _ = geometry(a4)
    assert w / h < 0.8


def test_every_position_is_a_cell_with_glyph_word_and_carrier():
    loaded = validate([str(MAPS)])
    c = compare(loaded.corpus)
    _, dot, _ = run_cli("render", str(MAPS), "--format", "dot", "-o", "-")
    cells = re.findall(r'<TD BGCOLOR="([^"]+)"[^>]*>(.*?)</TD>', dot)
    texts = [re.sub(r"<[^>]+>", "", inner) for _, inner in cells]
    glyph = {"pro": "▲", "con": "▼", "mixed": "◆"}
    fills = {}
    for row in c.positions.values():
        for p in row.values():
            mark = "†" if p.qualifier() else ""
            carrier = "/".join(n.id for _, n in p.sides()) or p.carrier.id + ("✗" if p.carrier.kind == "counterpoint" else "")
            wanted = f"{glyph[p.stance]} {p.stance}{mark}{carrier}"
            assert wanted in texts, wanted
            fills.setdefault(p.stance, {fill for (fill, _), t in zip(cells, texts) if t == wanted})
    # One fill per stance, and the three differ (mixed is both, split).
    assert all(len(f) == 1 for f in fills.values())
    assert len({next(iter(f)) for f in fills.values()}) == 3
    total = sum(len(row) for row in c.positions.values())
    assert sum(1 for t in texts if t[:1] in "▲▼◆") == total + 3  # and the legend's three samples


def test_the_legend_is_there_by_default_and_can_be_left_out():
    _, svg, _ = drawn(str(MAPS))
    texts = svg_texts(parse_svg(svg))
    assert "the map answers yes" in texts and "no stance" in texts
    _, svg, _ = drawn(str(MAPS), "--no-legend")
    assert "the map answers yes" not in svg_texts(parse_svg(svg))


def test_links_are_opt_in_and_each_is_a_row_with_both_ends():
    _, dot, _ = run_cli("render", str(MAPS), "--format", "dot", "-o", "-")
    assert "Links between maps" not in dot
    _, dot, _ = run_cli("render", str(MAPS), "--links", "--format", "dot", "-o", "-")
    c = compare(validate([str(MAPS)]).corpus)
    links = c.same_as + c.contradictions
    assert f"Links between maps</B> ({len(links)})" in dot
    from argmap.compare.data import label

    for link in links:
        a = f"<B>{label(link.source_map, c.maps)} {link.source.id}</B>"
        b = f"<B>{label(link.target_map, c.maps)} {link.target.id}</B>"
        # Both ends in one row of the table: no line to follow across the page.
        assert re.search(re.escape(a) + r"(?:(?!<TR>).)*?" + re.escape(b), dot), (a, b)


def test_the_full_diagram_stays_available_and_draws_links_only_when_asked():
    _, plain, _ = run_cli("render", str(CORPUS), "--figure", "full", "--format", "dot", "-o", "-")
    _, linked, _ = run_cli("render", str(CORPUS), "--figure", "full", "--links", "--format", "dot", "-o", "-")
    assert "argmap_compare" in plain and "class=same_as" not in plain and "class=contradicts" not in plain
    assert "class=same_as" in linked or "class=contradicts" in linked


def test_the_issue_panels_are_small_multiples_with_the_maps_in_one_order():
    _, dot, _ = run_cli("render", str(MAPS), "--figure", "issues", "--format", "dot", "-o", "-")
    c = compare(validate([str(MAPS)]).corpus)
    from argmap.compare.data import label

    names = [label(m, c.maps) for m in c.maps]
    for issue in c.issues:
        assert f"<B>{issue.id}</B>" in dot
    # Every panel names every map, in the same order.
    panels = dot.split("BGCOLOR=\"#F2F2F2\"")[1:]
    assert len(panels) == len(c.issues)
    for panel in panels:
        found = [panel.find(f">{n}<") for n in names]
        assert all(i >= 0 for i in found) and found == sorted(found)


def test_figure_matrix_needs_several_maps():
    code, _, err = run_cli("render", str(CORPUS / "alpha.map"), "--figure", "matrix", "-o", "-")
    assert code == 2 and "--figure matrix compares several maps" in err


def test_focus_on_an_issue_still_draws_the_issue_diagram():
    _, dot, _ = run_cli("render", str(CORPUS), "--focus", "security", "--format", "dot", "-o", "-")
    assert dot.startswith("digraph argmap_compare")


# ---------------------------------------------------------------- pages and resolution


def test_a_map_too_big_for_the_page_is_said_with_how_to_focus():
    code, svg, err = drawn(str(MAPS / "tang2025.map"))
    assert code == 0
    assert err.startswith("argmap: note: the map tang2025 is ")
    assert "too small to read\n  = hint: draw one branch with --focus ID --depth 1 (its top claims: " in err
    _, _, scale = geometry(svg)
    assert scale == 1.0  # drawn whole, as said: not shrunk to an unreadable page
    code, svg, err = drawn(str(MAPS / "tang2025.map"), "--page", "none")
    assert code == 0 and "note" not in err


def test_dpi_sets_the_png_resolution():
    _, low, _ = drawn(str(MAPS), "--format", "png")
    _, high, _ = drawn(str(MAPS), "--format", "png", "--dpi", "192")
    (w1, h1), (w2, h2) = png_size(low), png_size(high)
    assert abs(w2 - 2 * w1) <= 2 and abs(h2 - 2 * h1) <= 2
    # An A4 figure at 96 dpi is at most the printable area in pixels.
    pw, ph = A4.printable
    assert max(w1, h1) <= max(pw, ph) * 96 / 72 + 2


def on_paper(width: float, height: float, on) -> bool:
    """A PDF page (the drawing and the half-inch margin cairo adds round
    it) no larger than the sheet of paper, upright or turned."""
    pw, ph = on.width * 72 + 0.5, on.height * 72 + 0.5
    return (width <= pw and height <= ph) or (width <= ph and height <= pw)


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """The size in points of each page of a PDF, in order."""
    from argmap.render.pdf import _objects

    objects, root, _ = _objects(data)
    tree = int(re.search(rb"/Pages (\d+) 0 R", objects[root]).group(1))
    kids = [int(k) for k in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[([^\]]*)\]", objects[tree]).group(1))]
    sizes = []
    for kid in kids:
        assert b"/Type /Page" in objects[kid] and b"/Parent %d 0 R" % tree in objects[kid]
        box = [float(x) for x in re.search(rb"/MediaBox \[([^\]]*)\]", objects[kid]).group(1).split()]
        sizes.append((box[2] - box[0], box[3] - box[1]))
    return sizes


def test_a_map_too_big_for_a4_is_a_pdf_of_pages_each_fitting_a4(tmp_path):
    out = tmp_path / "tang.pdf"
    code, _, err = run_cli("render", str(MAPS / "tang2025.map"), "--backend", "library", "-o", str(out))
    assert code == 0, err
    assert "the figure does not fit A4 at a legible size: drawn on " in err and "pages, an overview first" in err
    sizes = pdf_pages(out.read_bytes())
    assert len(sizes) >= 3
    for w, h in sizes:
        assert on_paper(w, h, A4), (w, h)
    again = tmp_path / "again.pdf"
    run_cli("render", str(MAPS / "tang2025.map"), "--backend", "library", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_every_node_of_a_long_map_is_on_some_page_after_the_overview():

    from argmap.render.dot import Options
    from argmap.render.figures import pages

    loaded = validate([str(MAPS / "chen2024.map")], context=False)
    m = next(m for m in loaded.corpus.maps if m.id == "chen2024")
    sheets = pages(loaded.corpus, "full", Options(), A4, backend="library")
    assert "overview" in sheets[0]
    drawn_ids = set()
    for sheet in sheets[1:]:
        drawn_ids |= set(re.findall(r'^\s+"?(\w+)"? \[label=<', sheet, re.M))
    assert {n.id for n in m.nodes} <= drawn_ids


def test_the_issue_panels_as_a_pdf_put_the_matrix_first(tmp_path):
    out = tmp_path / "issues.pdf"
    code, _, err = run_cli("render", str(MAPS), "--figure", "issues", "--backend", "library", "-o", str(out))
    assert code == 0, err
    sizes = pdf_pages(out.read_bytes())
    assert len(sizes) >= 2 and all(on_paper(w, h, A4) for w, h in sizes)


def test_joined_pdfs_keep_every_page_and_their_fonts():
    from argmap.render import draw
    from argmap.render.pdf import PdfError, join

    a = draw('digraph{a->b}', "pdf", backend="library").data
    b = draw('digraph{"台日"->c}', "pdf", backend="library").data
    joined = join([a, b, a])
    assert len(pdf_pages(joined)) == 3
    assert joined.count(b"/FontFile") == a.count(b"/FontFile") * 2 + b.count(b"/FontFile")
    assert b"/CreationDate (D:20000101000000Z)" in joined or b"/CreationDate" not in a
    with pytest.raises(PdfError):
        join([a, b"%PDF-1.7 not cairo"])
