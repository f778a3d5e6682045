"""The model → DOT: goldens per node kind and option, escaping of hostile
text, focus, layout planning, stable ordering and label width."""

from __future__ import annotations

import dataclasses
import re

import pytest

from conftest import golden, run_cli
from render_helpers import CORPUS, FIXTURES, GOLDEN, MAPS, REAL_MAPS, assert_safe_svg, label_rows, parse_svg, svg_texts

from argmap.corpus import parse_bytes
from argmap.model import NODE_KINDS
from argmap.render import diagram
from argmap.render.backend import render
from argmap.render.dot import KIND_STYLE, Options, RenderError, corpus_graph, map_graph, node_name, plan_layout
from argmap.source import display_width
from argmap.validate import validate

KINDS = str(FIXTURES / "kinds.map")


def dot(*args: str) -> str:
    code, out, err = run_cli("render", *args, "--format", "dot", "-o", "-")
    assert code == 0, err
    return out


# ---------------------------------------------------------------- goldens

GOLDENS = {
    "kinds": [KINDS],
    "kinds_en_show_all": [KINDS, "--lang", "en", "--show", "locator,quote,gloss,source,tags,stance"],
    "kinds_width12": [KINDS, "--width", "12"],
    "kinds_lr_no_clusters": [KINDS, "--rankdir", "LR", "--no-clusters"],
    "kinds_tb": [KINDS, "--rankdir", "TB"],
    "kinds_legend": [KINDS, "--legend"],
    "kinds_neato": [KINDS, "--layout", "neato"],
    "kinds_focus_c1_depth1": [KINDS, "--focus", "c1", "--depth", "1"],
    "corpus": [str(CORPUS), "--figure", "full", "--links"],
    "corpus_en_legend": [str(CORPUS), "--lang", "en", "--legend", "--figure", "full", "--links"],
    "corpus_matrix": [str(CORPUS)],
    "corpus_matrix_links_print": [str(CORPUS), "--links", "--theme", "print"],
    "corpus_issues_en": [str(CORPUS), "--figure", "issues", "--lang", "en"],
    "corpus_focus_security": [str(CORPUS), "--focus", "security"],
    "alpha": [str(CORPUS / "alpha.map")],
}


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_golden_dot(name):
    golden(GOLDEN / f"{name}.dot", dot(*GOLDENS[name]))


def test_every_kind_has_its_own_shape_or_border():
    looks = {(s["shape"], s["style"], s.get("peripheries", "1")) for s in KIND_STYLE.values()}
    assert len(looks) == len(NODE_KINDS), "two kinds would look alike in greyscale"
    out = dot(KINDS)
    for kind in NODE_KINDS:
        assert f"class={kind}" in out


def test_support_and_attack_differ_in_line_and_arrowhead_not_only_colour():
    out = dot(KINDS)
    support = re.search(r"c1 -> T \[([^\]]*)\]", out).group(1)
    attack = re.search(r"k1 -> c1 \[([^\]]*)\]", out).group(1)
    assert "arrowhead=normal" in support and "style=solid" in support
    assert "arrowhead=tee" in attack and "style=dashed" in attack


def test_undercut_ends_on_a_point_drawn_on_the_edge_it_undercuts():
    out = dot(KINDS)
    point = '"' + node_name("u", "e1", "c1") + '"'
    assert f"e1 -> {point}" in out and f"{point} -> c1" in out
    assert f"k2 -> {point}" in out
    assert "e1 -> c1" not in out  # drawn in two halves through the point


def test_cross_map_links_are_dotted_and_show_the_other_text():
    out = dot(KINDS)
    line = next(l for l in out.splitlines() if "class=same_as" in l)
    assert "style=dotted" in line
    assert "非傳統安全是起點" in out  # other:c9, resolved from the neighbour file


def test_thesis_is_on_top():
    assert "rankdir=BT" in dot(KINDS, "--rankdir", "TB")
    assert re.search(r"subgraph thesis \{\s*rank=max\s*T ", dot(KINDS))


# ---------------------------------------------------------------- options


def test_width_really_bounds_every_line():
    for width in (12, 20, 30):
        out = dot(str(MAPS / "tang2025.map"), "--width", str(width))
        # Ids (and `map:id` of other maps' nodes) are never broken.
        rows = [r for r in label_rows(out) if r.strip() and not re.fullmatch(r"[\w:]+", r)]
        assert rows
        # Notes in 10-point type may take 15% more columns.
        assert max(display_width(r) for r in rows) <= int(width * 1.15), width
        assert max(display_width(r) for r in rows) > width - 4  # and lines are filled


def test_lang_en_uses_glosses_and_keeps_text_without_one():
    rows = "\n".join(label_rows(dot(KINDS, "--lang", "en")))
    assert "Thesis: cooperation is limited" in rows
    assert "Evidence written in English" in rows  # e2 has no gloss: its text stays
    assert "論點：台日合作有限" not in rows


def test_show_adds_locator_and_quote():
    plain = "\n".join(label_rows(dot(KINDS)))
    shown = "\n".join(label_rows(dot(KINDS, "--show", "locator,quote")))
    assert "從非傳統安全議題切入" not in plain and "從非傳統安全議題切入" in shown
    assert "p. 7" not in plain and "p. 7" in shown


def test_focus_depth_limits_the_drawing():
    zero = dot(KINDS, "--focus", "k1", "--depth", "0")
    assert re.findall(r"^\s*(\w+) \[label", zero, re.M) == ["k1"]
    one = dot(KINDS, "--focus", "k1", "--depth", "1")
    assert set(re.findall(r"^\s*(\w+) \[label", one, re.M)) == {"k1", "c1", "r1"}
    assert "penwidth=3.5" in one  # the focus stands out


def test_unknown_focus_is_a_clear_error():
    code, out, err = run_cli("render", KINDS, "--focus", "rec", "-o", "-")
    assert code == 2 and out == ""
    assert err == "argmap: error: no node `rec` in kinds — did you mean `rec1`?\n"
    code, _, err = run_cli("render", str(CORPUS), "--focus", "securty", "-o", "-")
    assert code == 2 and "no issue `securty` in the corpus — did you mean `security`?" in err


def test_layouts_other_than_dot_are_seeded():
    for layout in ("neato", "fdp"):
        assert "start=1" in dot(KINDS, "--layout", layout)


def test_options_are_validated():
    with pytest.raises(RenderError):
        Options(show=frozenset({"colour"}))
    with pytest.raises(RenderError):
        Options(layout="circo")
    assert Options().width == 30 and Options(lang="en").width == 42 and Options(width=12).width == 12


# ---------------------------------------------------------------- layout plan


def test_small_maps_go_top_down_large_ones_left_to_right():
    assert "rankdir=BT" in dot(str(CORPUS / "alpha.map"))
    assert "rankdir=RL" in dot(str(MAPS / "wilkins2012.map"))


def test_leaves_fold_over_ranks_for_wide_trees():
    nodes = ["T"] + [f"c{i}" for i in range(3)] + [f"e{i}" for i in range(66)]
    edges = [(f"c{i}", "T") for i in range(3)] + [(f"e{i}", f"c{i % 3}") for i in range(66)]
    sizes = {n: (200.0, 50.0) for n in nodes}
    direction, k, offsets = plan_layout(nodes, edges, ["T"], sizes, "auto")
    assert direction == "LR" and k > 1
    assert set(offsets.values()) == set(range(1, k))
    # A new leaf under c0 moves none of the other leaves (same fold).
    grown = plan_layout(nodes + ["new"], edges + [("new", "c0")], ["T"], {**sizes, "new": (200.0, 50.0)}, "LR")
    assert grown[1] == k
    assert {n: o for n, o in grown[2].items() if n != "new"} == offsets


def test_a_one_line_edit_changes_one_line_of_dot():
    path = MAPS / "tang2025.map"
    text = path.read_text(encoding="utf-8")
    old = '"日本開始討論是否應在美日同盟既有框架之外發展某種「準同盟」，以備美國承諾不確定時仍能確保台灣安全"'
    assert old in text
    before, _ = parse_bytes(str(path), text.encode("utf-8"))
    after, _ = parse_bytes(str(path), text.replace(old, '"日本開始討論另一種「準同盟」"').encode("utf-8"))
    a, b = map_graph(before).splitlines(), map_graph(after).splitlines()
    assert len(a) == len(b)
    assert sum(x != y for x, y in zip(a, b)) == 1


def test_dot_is_deterministic():
    assert dot(str(MAPS / "chen2024.map")) == dot(str(MAPS / "chen2024.map"))
    assert dot(str(MAPS)) == dot(str(MAPS))


# ---------------------------------------------------------------- escaping


HOSTILE = FIXTURES / "hostile" / "hostile.map"


def test_hostile_text_stays_text_in_dot():
    import pygraphviz

    out = dot(str(HOSTILE), "--show", "locator,quote,gloss,source,tags,stance")
    # Graphviz reads exactly the map's nodes and edges: no text escaped its label.
    graph = pygraphviz.AGraph(string=out)
    assert sorted(graph.nodes()) == sorted(["T", "主張1", "e1", "p1", "p2"])
    assert sorted(graph.edges()) == sorted([("主張1", "T"), ("e1", "主張1"), ("p1", "T"), ("p2", "T")])
    for n in graph.nodes():
        assert set(graph.get_node(n).attr.keys()) >= {"label"}
        assert not graph.get_node(n).attr.get("URL") and not graph.get_node(n).attr.get("href")
    labels = re.findall(r"label=<(.*?)> ", out)
    assert len(labels) == 5 and not any("<script" in x or "<img" in x for x in labels)
    assert "\\\\N" in out  # a literal backslash-N, not the node-name escape
    risky = {"url", "href", "image", "imagepath", "shapefile", "fontpath", "stylesheet", "id", "target"}
    keys = set(graph.graph_attr.keys())
    for n in graph.nodes():
        keys |= {k for k, v in graph.get_node(n).attr.items() if v}
    for e in graph.edges():
        keys |= {k for k, v in graph.get_edge(*e).attr.items() if v}
    assert not {k.lower() for k in keys} & risky


def test_hostile_text_renders_to_safe_well_formed_svg():
    code, _, err = run_cli("render", str(HOSTILE), "--show", "locator,quote,gloss,source,tags,stance", "--legend",
                           "--backend", "library", "-o", str(FIXTURES.parent / ".hostile.svg"))
    assert code == 0, err
    path = FIXTURES.parent / ".hostile.svg"
    try:
        root = parse_svg(path.read_bytes())
    finally:
        path.unlink()
    assert_safe_svg(root)
    texts = "\n".join(svg_texts(root))
    assert "<script>alert(1)</script> &" in texts  # shown, literally
    assert "\\N \\G \\L {brace} ]]>" in texts  # no escape expanded
    assert "&amp; &#60;" in texts  # entities in the map are text
    assert '"]; injected [label="x"' in texts


def test_control_characters_from_the_library_api_are_dropped():
    loaded = validate([KINDS])
    m = next(m for m in loaded.corpus.maps if m.id == "kinds")
    evil = dataclasses.replace(m.by_id["c1"], text="a\x00b\x1bc\ufffe\ud800d", en="\x07")
    nodes = tuple(evil if n.id == "c1" else n for n in m.nodes)
    m2 = dataclasses.replace(m, nodes=nodes)
    out = map_graph(m2, Options(show=frozenset({"gloss"})))
    svg = render(out, "svg", backend="library").data
    root = parse_svg(svg)
    assert any("a b c\ufffd\ufffdd" in t for t in svg_texts(root))


def test_odd_ids_cannot_reach_dot_syntax():
    assert node_name("c1") == "c1" and node_name("主張1") == "主張1"
    assert node_name('a"b') == "x" + 'a"b'.encode().hex()
    assert node_name("m", "c:1") == "m.x" + "c:1".encode().hex()


# ---------------------------------------------------------------- the comparison


def test_corpus_graph_puts_maps_in_clusters_around_the_issues():
    loaded = validate([str(CORPUS)])
    out = corpus_graph(loaded.corpus)
    assert out.count('subgraph "cluster_map.') == 2
    assert "甲 (2012)" in out and "乙, 丙 (2025)" in out
    assert re.search(r'"issue\.security" \[label=.*class=issue', out)
    # alpha T is con on security; beta T pro on security and values.
    assert re.search(r'"map\.alpha\.T" -> "issue\.security" \[.*class="stance-con"', out)
    assert out.count('class="stance-pro"') == 2
    # Each link between maps is named in both boxes it joins, in its
    # relation's colour, and drawn as no line that would cross the figure.
    def box(name: str) -> str:
        return next(line for line in out.splitlines() if line.strip().startswith(f'"{name}" [label='))

    assert '<FONT POINT-SIZE="9" COLOR="#009E73"><B>≡ same as beta:c2</B>' in box("map.alpha.c1")
    assert "≡ same as alpha:c1" in box("map.beta.c2") and "≠ contradicts alpha:T" in box("map.beta.c2")
    assert "≠ contradicts beta:c2" in box("map.alpha.T")
    assert "class=same_as" not in out and "class=contradicts" not in out


def test_diagram_draws_one_map_whole_and_several_compared():
    one = diagram(validate([str(CORPUS / "alpha.map")]).corpus)
    several = diagram(validate([str(CORPUS)]).corpus)
    assert "digraph argmap {" in one and "digraph argmap_compare {" in several


def test_nothing_to_draw_is_an_error():
    code, _, err = run_cli("render", str(CORPUS / "issues.map"), "--isolated", "-o", "-")
    assert code == 2 and "nothing to draw" in err


@pytest.mark.parametrize("name", REAL_MAPS)
def test_real_maps_render_to_well_formed_svg(name):
    path = MAPS / f"{name}.map"
    if not path.exists():
        pytest.skip(f"{name} is not mapped yet")
    loaded = validate([str(path)])
    m = next(m for m in loaded.corpus.maps if m.id == name)
    svg = render(map_graph(m, corpus=loaded.corpus), "svg", backend="library").data
    root = parse_svg(svg)
    assert_safe_svg(root)
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert set(m.by_id) <= set(titles)
