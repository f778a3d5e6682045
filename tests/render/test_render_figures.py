"""Figures for papers and slides, measured as a reader sees them: the size
of the drawing against the page, the size its text is set at, the stance
cells of the comparison figure, the links between maps."""

from __future__ import annotations

import re

import pytest

from conftest import needs_cjk_font, run_cli
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
@needs_cjk_font
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


@needs_cjk_font
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
    assert "≡ same as" in linked and "≠ contradicts" in linked and "≡ same as" not in plain


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


@needs_cjk_font
def test_dpi_sets_the_png_resolution():
    _, low, _ = drawn(str(MAPS), "--format", "png")
    _, high, _ = drawn(str(MAPS), "--format", "png", "--dpi", "192")
    (w1, h1), (w2, h2) = png_size(low), png_size(high)
    assert abs(w2 - 2 * w1) <= 2 and abs(h2 - 2 * h1) <= 2
    # An A4 figure at 96 dpi is at most the printable area in pixels.
    pw, ph = A4.printable
    assert max(w1, h1) <= max(pw, ph) * 96 / 72 + 2


def the_sheet(width: float, height: float, on) -> bool:
    """A PDF page that is the sheet of paper itself, upright or turned."""
    sheet = sorted((on.width * 72, on.height * 72)) if on.name != "slide" else None
    if sheet is None:
        return abs(width - on.width * 72) < 0.5 and abs(height - on.height * 72) < 0.5
    return all(abs(a - b) < 0.5 for a, b in zip(sorted((width, height)), sheet))


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


@needs_cjk_font
def test_a_map_too_big_for_a4_is_a_pdf_of_pages_each_fitting_a4(tmp_path):
    out = tmp_path / "tang.pdf"
    code, _, err = run_cli("render", str(MAPS / "tang2025.map"), "--backend", "library", "-o", str(out))
    assert code == 0, err
    said = " ".join(err.split())  # as wrapped to the terminal
    assert "the figure does not fit A4 at a legible size: drawn on " in said and "pages, an overview first" in said
    sizes = pdf_pages(out.read_bytes())
    assert len(sizes) >= 3
    for w, h in sizes:
        assert the_sheet(w, h, A4), (w, h)  # an A4 sheet, not the drawing's size
    again = tmp_path / "again.pdf"
    run_cli("render", str(MAPS / "tang2025.map"), "--backend", "library", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_every_node_of_a_long_map_is_on_some_page_after_the_overview():

    from argmap.render.dot import Options
    from argmap.render.figures import pages

    loaded = validate([str(MAPS / "chen2024.map")], context=False)
    m = next(m for m in loaded.corpus.maps if m.id == "chen2024")
    sheets = pages(loaded.corpus, "full", Options(), A4, backend="library")
    assert "chen2024: the whole map" in sheets[0] and f"page 1 of {len(sheets)}; pages 2–{len(sheets)}" in sheets[0]
    for number, sheet in enumerate(sheets[1:], start=2):
        assert f"page {number} of {len(sheets)}" in sheet
    drawn_ids = set()
    for sheet in sheets[1:]:
        drawn_ids |= set(re.findall(r'^\s+"?(\w+)"? \[label=<', sheet, re.M))
    assert {n.id for n in m.nodes} <= drawn_ids


@needs_cjk_font
def test_the_issue_panels_as_a_pdf_put_the_matrix_first(tmp_path):
    out = tmp_path / "issues.pdf"
    code, _, err = run_cli("render", str(MAPS), "--figure", "issues", "--backend", "library", "-o", str(out))
    assert code == 0, err
    sizes = pdf_pages(out.read_bytes())
    assert len(sizes) >= 2 and all(the_sheet(w, h, A4) for w, h in sizes)
    # After the overview every page reads: its heading (which once listed a
    # dozen issue ids on one line) never widens it into a sliver.
    from argmap.render import draw
    from argmap.render.dot import Options
    from argmap.render.figures import pages
    from argmap.render.page import LEGIBLE_PT

    sheets = pages(validate([str(MAPS)]).corpus, "issues", Options(), A4, backend="library")
    for sheet in sheets[1:]:
        assert 10 * geometry(draw(sheet, "svg", backend="library", interruptible=True).data)[2] >= LEGIBLE_PT - 0.3


def test_every_page_heading_prints_at_a_readable_size_however_much_the_page_shrinks():
    from argmap.render import draw
    from argmap.render.dot import Options
    from argmap.render.figures import TITLE_PT, pages

    loaded = validate([str(MAPS / "tang2025.map")], context=False)
    sheets = pages(loaded.corpus, "full", Options(), A4, backend="library")
    scales = []
    for sheet in sheets:
        svg = draw(sheet, "svg", backend="library", interruptible=True).data
        width, height, scale = geometry(svg)
        assert fits(width, height, A4)
        heading = [t for t in parse_svg(svg).iter(SVG_NS + "text") if (t.text or "").startswith("page ")]
        assert len(heading) == 1
        printed = float(heading[0].get("font-size")) * scale
        assert TITLE_PT * 0.9 <= printed <= TITLE_PT * 1.01, (printed, scale)
        scales.append(scale)
    assert scales[0] < 0.3  # the overview is much shrunk, and its heading still reads


@needs_cjk_font
def test_a_pdf_that_fits_is_the_sheet_and_page_none_is_the_drawing(tmp_path):
    for args, sheet in ((["--page", "a4"], A4), (["--page", "letter"], page("letter")), (["--page", "slide"], SLIDE)):
        out = tmp_path / "m.pdf"
        code, _, err = run_cli("render", str(MAPS), *args, "--backend", "library", "-o", str(out))
        assert code == 0, err
        [(w, h)] = pdf_pages(out.read_bytes())
        assert the_sheet(w, h, sheet), (args, w, h)
    out = tmp_path / "none.pdf"
    run_cli("render", str(CORPUS / "alpha.map"), "--page", "none", "--backend", "library", "-o", str(out))
    [(w, h)] = pdf_pages(out.read_bytes())
    assert w < 400 and not the_sheet(w, h, A4)  # the drawing's own size, to place in a document


def test_joined_pdfs_keep_every_page_and_their_fonts():
    from argmap.render import draw
    from argmap.render.pdf import PdfError, join

    a = draw('digraph{a->b}', "pdf", backend="library").data
    b = draw('digraph{"台日"->c}', "pdf", backend="library").data
    joined = join([a, b, a])
    assert len(pdf_pages(joined)) == 3
    assert pdf_pages(join([a], (300.0, 400.0))) == [(300.0, 400.0)]
    assert pdf_pages(join([a, b], (50.0, 400.0)))[0] == (400.0, 50.0) or pdf_pages(a)[0][0] > 50
    assert joined.count(b"/FontFile") == a.count(b"/FontFile") * 2 + b.count(b"/FontFile")
    assert b"/CreationDate (D:20000101000000Z)" in joined or b"/CreationDate" not in a
    with pytest.raises(PdfError):
        join([a, b"%PDF-1.7 not cairo"])


def _wide_corpus(folder, maps: int = 12, issues: int = 40):
    """A dozen maps, each taking stances on a few of forty issues."""
    import random

    rng = random.Random(3)
    (folder / "issues.map").write_text(
        "\n".join(f'issue q{i} "問題{i}：台日是否應當深化這一領域的合作？" {{ en "Question {i}?" }}' for i in range(issues)) + "\n",
        encoding="utf-8")
    for m in range(maps):
        lines = ["---", f"id: m{m}", f"title: 第{m}篇", f"authors: [作者{m}]", f"year: {2000 + m}", "---", "",
                 f'thesis T "論點{m}" {{ at "1" }}']
        for k, q in enumerate(rng.sample(range(issues), 14)):
            lines.append(f'claim c{k} "理由{k}" {{ at "{k + 2}" supports T stance q{q} {rng.choice(["pro", "con", "mixed"])} }}')
        (folder / f"m{m}.map").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_matrix_too_long_for_the_page_says_how_to_draw_it():
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        folder = _wide_corpus(Path(tmp))
        code, svg, err = drawn(str(folder))
    assert code == 0, err
    assert err.startswith("argmap: note: the stance matrix is ")
    # The advice fits the figure: not "--figure matrix" to the matrix itself.
    assert "= hint: -o FILE.pdf sets its rows on several pages" in err and "--figure matrix" not in err
    assert geometry(svg)[2] == 1.0  # drawn whole, as said


@pytest.mark.slow
def test_a_matrix_too_long_for_the_page_is_a_pdf_of_its_rows(tmp_path):
    (tmp_path / "maps").mkdir()
    folder = _wide_corpus(tmp_path / "maps")
    out = tmp_path / "m.pdf"
    code, _, err = run_cli("render", str(folder), "--backend", "library", "-o", str(out))
    assert code == 0, err
    sizes = pdf_pages(out.read_bytes())
    assert len(sizes) >= 3 and all(the_sheet(w, h, A4) for w, h in sizes)
    # Every issue on some page after the overview, each page's heading naming its rows.
    from argmap.render.dot import Options
    from argmap.render.figures import pages

    sheets = pages(validate([str(folder)]).corpus, "matrix", Options(), A4, backend="library")
    assert len(sheets) == len(sizes)
    rows = set()
    for number, sheet in enumerate(sheets[1:], start=2):
        assert f"page {number} of {len(sheets)}" in sheet
        rows |= set(re.findall(r"<B>(q\d+)</B>", sheet))
    assert rows == set(re.findall(r"<B>(q\d+)</B>", sheets[0]))
