"""arggraph in and out: the reader on files with every edge type and every
kind of mistake (exact graphs, exact located diagnostics), XML that tries
to expand entities, the export, and both checked against arguebuf's
reader of the microtext corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.interop import arggraph
from argmap.interop.arggraph_out import to_arggraph
from conftest import MAPS, ROOT, golden, load_text, run_cli
from interop_views import graph_key, write_and_validate

HERE = Path(__file__).parent / "arggraph"
SAMPLE = ROOT.parent / "shared" / "conformance" / "formats" / "uniforms.arggraph.xml"


def read(name: str):
    path = HERE / name
    return arggraph.read(str(path), path.read_text(encoding="utf-8"))


def diagnostics(graph) -> list[str]:
    return [f"{d.span.line}:{d.span.column} {d.code.code} {d.message}" for d in graph.diagnostics]


def statements(graph) -> list[tuple]:
    return [(s.id, s.kind, s.speaker, s.stances, s.text) for s in graph.statements]


def inferences(graph) -> list[tuple]:
    return [(i.kind, tuple(i.sources), i.target, i.label, i.scheme) for i in graph.inferences]


def test_every_edge_type_joints_and_a_restated_claim():
    graph = read("every_edge.xml")
    assert graph.meta == {"id": "micro_t01", "title": "micro_t01"}
    assert [(i.id, i.text) for i in graph.issues] == [("night_trains", "night trains")]
    assert statements(graph) == [
        # Two EDUs segmented into the central claim (restated at the end): joined.
        ("a1", "thesis", "proponent", [("night_trains", "con")], "Night trains should not be subsidised. So: no subsidy for night trains."),
        # A joint of two EDUs: one text.
        ("a2", "rebuttal", "proponent", [], "They run nearly empty for most of the year."),
        ("a3", "premise", "proponent", [], "Tickets cost more than flights,"),
        ("a4", "premise", "proponent", [], "and few travellers have a whole night to spare."),
        ("a5", "counterpoint", "opponent", [], "Some say they cut emissions."),
        ("a6", "rebuttal", "proponent", [], "Yet an empty train cuts nothing."),
        ("a7", "counterpoint", "opponent", [], "The summer trains are full, though."),
        ("a8", "premise", "proponent", [], "The Vienna line, for one, lost money every winter."),
        ("a9", "rebuttal", "proponent", [], "Summer is a short season."),
    ]
    assert inferences(graph) == [
        ("supports", ("a2",), "a1", None, None),
        ("supports", ("a3", "a4"), "a1", None, None),  # add: a linked argument
        ("attacks", ("a5",), "a1", "c16", None),
        ("undercuts", ("a6",), "c16", "c17", None),  # und on reb
        ("undercuts", ("a7",), "c17", "c18", None),  # und on und
        ("undercuts", ("a9", "a2"), "c18", None, None),  # add onto an und
        ("supports", ("a8",), "a2", None, "example"),  # exa
    ]
    assert [i.origin.line for i in graph.inferences] == [37, 38, 40, 41, 42, 43, 45]
    assert graph.diagnostics == []


def test_malformed_elements_are_located_and_left_out():
    graph = read("malformed.xml")
    assert graph.issues == []
    assert statements(graph) == [
        ("a1", "thesis", "proponent", [], "Cities should ban cars from the centre."),
        ("a2", "premise", "proponent", [], "The air would be cleaner."),
        ("a3", "counterpoint", "opponent", [], "Shops would lose customers."),
        ("a4", "premise", "proponent", [], "Deliveries could still come at night."),
        ("a5", "premise", "proponent", [], ""),
        ("a6", "premise", "proponent", [], ""),
    ]
    assert inferences(graph) == [("supports", ("a2",), "a1", None, None), ("attacks", ("a3",), "a1", None, None)]
    assert diagnostics(graph) == [
        '2:26 AM503 stance="unclear" left out',
        "6:3 AM503 1 EDU in no ADU left out",
        "8:3 AM502 <edu> has no id",
        '12:16 AM502 ADU a4 has type "neutral"',
        "13:3 AM502 ADU a5 has no text",
        "14:3 AM502 ADU a6 has no text",
        "15:3 AM502 id a1 is given twice",
        "16:3 AM504 1 <note> element left out",
        "21:3 AM502 seg edge c5 goes from EDU e5 to EDU e3",
        "24:3 AM502 und edge c8 is in a circle of undercuts (it undercuts edge c9)",
        "25:3 AM502 und edge c9 is in a circle of undercuts (it undercuts edge c8)",
        "26:3 AM502 sup edge c10 names a9, which the file does not define",
        "27:3 AM502 und edge c11 goes from ADU a4 to ADU a3",
        "28:3 AM502 sup edge c12 goes from ADU a4 to edge c6",
        "29:3 AM502 add edge c13 goes from ADU a4 to edge c13",
        '30:3 AM504 1 edge of type "bkg" left out',
        "31:3 AM502 edge c15 has no trg",
    ]
    assert graph.diagnostics[0].hint == "the text names no topic_id for it to be a stance on"
    assert graph.diagnostics[8].hint == "a seg edge goes from an EDU to an ADU or a joint, or a joint to an ADU"
    twice = graph.diagnostics[6]
    assert [(label.span.line, label.message) for label in twice.labels] == [(9, "first given here")]
    text = (HERE / "malformed.xml").read_text(encoding="utf-8")
    assert text[twice.span.start : twice.span.end] == '<adu id="a1" type="pro"/>'


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "1:1 AM501 not well-formed XML: no element found"),
        ("plain text", "1:1 AM501 not well-formed XML: syntax error"),
        ('<arggraph id="x">\n  <edu id="e1">x</adu>\n</arggraph>', "2:19 AM501 not well-formed XML: mismatched tag"),
        ('<arggraph id="x">&undefined;</arggraph>', "1:18 AM501 not well-formed XML: undefined entity"),
        ("<graph/>", "1:1 AM501 not an arggraph file: the root element is <graph>"),
        ("\ufeff<graph/>", "1:2 AM501 not an arggraph file: the root element is <graph>"),
    ],
    ids=["empty", "text", "mismatched", "undefined-entity", "other-root", "bom"],
)
def test_unreadable_files_are_one_located_error(text, expected):
    graph = arggraph.read("x.xml", text)
    assert diagnostics(graph) == [expected]
    assert graph.statements == []


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE arggraph [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<arggraph id="x"><edu id="e1">&lol9;</edu></arggraph>
"""
EXTERNAL = '<!DOCTYPE arggraph [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<arggraph id="x"><edu id="e1">&secret;</edu></arggraph>'
PARAMETER = '<!DOCTYPE arggraph [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]>\n<arggraph id="x"/>'


@pytest.mark.parametrize(
    "text, where, declaration",
    [(LAUGHS, "3:2", '<!ENTITY lol "lol">'), (EXTERNAL, "1:21", '<!ENTITY secret SYSTEM "file:///etc/passwd">'), (PARAMETER, "1:21", '<!ENTITY % p SYSTEM "http://example.invalid/x.dtd">')],
    ids=["billion-laughs", "external", "parameter"],
)
def test_entity_declarations_are_refused_before_any_is_expanded(text, where, declaration):
    graph = arggraph.read("x.xml", text)
    (problem,) = graph.diagnostics
    assert f"{problem.span.line}:{problem.span.column} {problem.code.code}" == f"{where} AM501"
    assert problem.message.startswith("the XML declares an entity; argmap does not expand entities")
    assert text[problem.span.start : problem.span.end] == declaration
    assert graph.statements == []


def test_a_doctype_that_only_names_the_dtd_is_read():
    graph = read("every_edge.xml")  # <!DOCTYPE arggraph SYSTEM "arggraph.dtd">
    assert len(graph.statements) == 9 and graph.diagnostics == []


def test_escaped_text_and_cjk_columns():
    text = '<arggraph id="台日">\n  <edu id="e1">台灣 &amp; 日本</edu><adu id="a1" type="pro"/><edge id="c1" src="e1" trg="a1" type="seg"/><bad/>\n</arggraph>'
    graph = arggraph.read("x.xml", text)
    assert graph.meta["id"] == "台日"
    assert [s.text for s in graph.statements] == ["台灣 & 日本"]
    # Columns count characters: the <bad/> after the CJK text is where the caret goes.
    assert diagnostics(graph) == ["2:102 AM504 1 <bad> element left out"]
    assert text[graph.diagnostics[0].span.start :].startswith("<bad/>")


def test_no_central_claim_when_every_adu_argues():
    text = """<arggraph id="x">
  <edu id="e1">A</edu><edu id="e2">B</edu>
  <adu id="a1" type="pro"/><adu id="a2" type="pro"/>
  <edge id="c1" src="e1" trg="a1" type="seg"/><edge id="c2" src="e2" trg="a2" type="seg"/>
  <edge id="c3" src="a1" trg="a2" type="sup"/><edge id="c4" src="a2" trg="a1" type="sup"/>
</arggraph>"""
    graph = arggraph.read("x.xml", text)
    assert diagnostics(graph) == ["1:1 AM502 no central claim: every ADU supports or attacks another"]
    assert [s.kind for s in graph.statements].count("thesis") == 1


def test_two_argued_claims_that_argue_for_nothing():
    text = """<arggraph id="x">
  <edu id="e1">A</edu><edu id="e2">B</edu><edu id="e3">C</edu><edu id="e4">D</edu>
  <adu id="a1" type="opp"/><adu id="a2" type="pro"/><adu id="a3" type="pro"/><adu id="a4" type="pro"/>
  <edge id="c1" src="e1" trg="a1" type="seg"/><edge id="c2" src="e2" trg="a2" type="seg"/>
  <edge id="c3" src="e3" trg="a3" type="seg"/><edge id="c4" src="e4" trg="a4" type="seg"/>
  <edge id="c5" src="a3" trg="a1" type="sup"/><edge id="c6" src="a4" trg="a2" type="sup"/>
</arggraph>"""
    graph = arggraph.read("x.xml", text)
    # The proponent's is taken; the opponent's stays, unconnected.
    assert [(s.id, s.kind) for s in graph.statements] == [("a1", "premise"), ("a2", "thesis"), ("a3", "premise"), ("a4", "premise")]
    assert diagnostics(graph) == ["3:3 AM503 2 central claims: a2 is taken as the thesis"]
    assert graph.diagnostics[0].hint == "a map has one thesis; a1 is argued for and argues for nothing, but is not connected to it"


_pieces = st.sampled_from(
    [
        "<arggraph>", '<arggraph id="x" topic_id="t" stance="pro">', "</arggraph>", '<edu id="e1">', "</edu>", "text", '<joint id="j1"/>',
        '<adu id="a1" type="pro"/>', '<adu id="a2" type="opp"/>', '<adu id="a2"/>',
        '<edge id="c1" src="e1" trg="a1" type="seg"/>', '<edge id="c2" src="a2" trg="a1" type="sup"/>',
        '<edge id="c3" src="a1" trg="c2" type="und"/>', '<edge id="c4" src="a2" trg="c3" type="add"/>',
        '<edge id="c3" src="a2" trg="c3" type="und"/>', '<edge id="c5" src="e1" trg="j1" type="seg"/>',
        '<edge id="c6" src="j1" trg="a2" type="seg"/>', '<edge id="c7" src="a1" trg="x9" type="reb"/>',
        "<![CDATA[x]]>", "&amp;", "<!-- c -->", "<other/>",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, max_size=14))
def test_any_xml_gives_diagnostics_not_a_traceback(pieces):
    graph = arggraph.read("x.xml", "".join(pieces))
    for d in graph.diagnostics:
        assert d.span is not None and d.code.code.startswith("AM50")
    ids = {s.id for s in graph.statements}
    labels = {i.label for i in graph.inferences if i.label}
    for inf in graph.inferences:
        assert set(inf.sources) <= ids and inf.target in (labels if inf.kind == "undercuts" else ids)
    assert [s.kind for s in graph.statements].count("thesis") == (1 if graph.statements else 0)


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared conformance samples are not beside the clone")
def test_the_shared_sample():
    graph = arggraph.read(str(SAMPLE), SAMPLE.read_text(encoding="utf-8"))
    assert [(s.id, s.kind, s.speaker) for s in graph.statements] == [
        ("a1", "thesis", "proponent"),
        ("a2", "premise", "proponent"),
        ("a3", "premise", "proponent"),
        ("a4", "counterpoint", "opponent"),
        ("a5", "rebuttal", "proponent"),
        ("a6", "premise", "proponent"),
    ]
    assert inferences(graph) == [
        ("supports", ("a2", "a3"), "a1", None, None),
        ("attacks", ("a4",), "a1", "c9", None),
        ("undercuts", ("a5",), "c9", None, None),
        ("supports", ("a6",), "a1", None, "example"),
    ]
    assert graph.statements[0].stances == [("school_uniforms", "pro")]
    assert graph.diagnostics == []


def test_reads_what_arguebufs_reader_reads():
    """arguebuf's reader of the corpus, on a file with no joints (it drops
    them): the same propositions, the same inferences."""
    ag = pytest.importorskip("arguebuf", reason="arguebuf (a test-only dependency: pip install -e '.[test]') is not installed")
    with (HERE / "linked.xml").open("rb") as f:
        theirs = ag.load.arggraph(f)
    graph = read("linked.xml")
    assert graph.diagnostics == []
    text = {s.id: s.text for s in graph.statements}
    assert sorted(text.values()) == sorted(n.plain_text for n in theirs.atom_nodes.values())
    expected = []
    for scheme in theirs.scheme_nodes.values():
        sources = sorted(n.plain_text for n in theirs.incoming_nodes(scheme) if isinstance(n, ag.AtomNode))
        (target,) = theirs.outgoing_nodes(scheme)
        name = type(scheme.scheme).__name__
        kind = "supports" if name == "Support" else "attacks" if isinstance(target, ag.AtomNode) else "undercuts"
        expected.append((kind, sources, target.plain_text if isinstance(target, ag.AtomNode) else "an inference"))
    found = [(i.kind, sorted(text[s] for s in i.sources), text[i.target] if i.kind != "undercuts" else "an inference") for i in graph.inferences]
    assert sorted(found) == sorted(expected)


# --- export ------------------------------------------------------------------


def _map(path: Path):
    argmap = load_text(path.read_text(encoding="utf-8"), str(path))
    assert argmap is not None
    return argmap


SMALL = """---
id: small
title: Small
authors: [A]
year: 2024
---
thesis T "Trams <are> quiet & clean" { stance transit pro }
premise p1 "P1"
premise p2 "P2 ]]> end"
counterpoint k1 "K" { speaker "opponent" }
rebuttal r1 "R"
counterpoint k2 "K2"
evidence e1 "E"
p1 + p2 supports T
e1 supports p1 { scheme "example" }
k1 attacks T
u: r1 undercuts k1 -> T
k2 + p2 undercuts u
"""


def test_export_writes_the_corpus_shape():
    assert to_arggraph(load_text(SMALL)) == (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<arggraph id="small" topic_id="transit" stance="pro">\n'
        '  <edu id="e1"><![CDATA[Trams <are> quiet & clean]]></edu>\n'
        '  <edu id="e2"><![CDATA[P1]]></edu>\n'
        '  <edu id="e3"><![CDATA[P2 ]]]]><![CDATA[> end]]></edu>\n'
        '  <edu id="e4"><![CDATA[K]]></edu>\n'
        '  <edu id="e5"><![CDATA[R]]></edu>\n'
        '  <edu id="e6"><![CDATA[K2]]></edu>\n'
        '  <edu id="e7"><![CDATA[E]]></edu>\n'
        '  <adu id="a1" type="pro"/>\n'
        '  <adu id="a2" type="pro"/>\n'
        '  <adu id="a3" type="pro"/>\n'
        '  <adu id="a4" type="opp"/>\n'
        '  <adu id="a5" type="pro"/>\n'
        '  <adu id="a6" type="opp"/>\n'
        '  <adu id="a7" type="pro"/>\n'
        '  <edge id="c1" src="e1" trg="a1" type="seg"/>\n'
        '  <edge id="c2" src="e2" trg="a2" type="seg"/>\n'
        '  <edge id="c3" src="e3" trg="a3" type="seg"/>\n'
        '  <edge id="c4" src="e4" trg="a4" type="seg"/>\n'
        '  <edge id="c5" src="e5" trg="a5" type="seg"/>\n'
        '  <edge id="c6" src="e6" trg="a6" type="seg"/>\n'
        '  <edge id="c7" src="e7" trg="a7" type="seg"/>\n'
        '  <edge id="c8" src="a2" trg="a1" type="sup"/>\n'
        '  <edge id="c9" src="a7" trg="a2" type="exa"/>\n'
        '  <edge id="c10" src="a4" trg="a1" type="reb"/>\n'
        '  <edge id="c11" src="a5" trg="c10" type="und"/>\n'
        '  <edge id="c12" src="a6" trg="c11" type="und"/>\n'
        '  <edge id="c13" src="a3" trg="c8" type="add"/>\n'
        '  <edge id="c14" src="a3" trg="c12" type="add"/>\n'
        "</arggraph>\n"
    )


EXPORTED = sorted(p for p in MAPS.glob("*.map") if p.name != "issues.map") + [ROOT / "tests" / "interop" / "aif" / "every_feature.map"]


@pytest.mark.parametrize("path", EXPORTED, ids=lambda p: p.stem)
def test_export_then_import_keeps_texts_roles_and_every_inference(path):
    """arggraph keeps no ids, kinds or attributes, but the argument's
    structure survives: the same texts, who argues them, and each inference
    (sources, target, and "example" as the only scheme) with ids restored by
    position."""
    argmap = _map(path)
    graph = arggraph.read("x.xml", to_arggraph(argmap))
    local = [r for r in argmap.relations if r.target_map is None and r.kind in ("supports", "attacks", "undercuts")]
    arguing = {s for r in local for s in r.sources}
    idle = [n.id for n in argmap.nodes if n.kind != "thesis" and n.id not in arguing]
    # A node that argues for nothing but is argued for is a central claim
    # too, for arggraph: the reader says so (a warning) and takes the
    # thesis, which the export writes first.
    argued = {r.target_node for r in local if r.kind != "undercuts"} | {n for r in local if r.kind == "undercuts" for n in [r.edge.split("->")[-1]]}
    roots = [n for n in idle if n in argued]
    assert [d.code.code for d in graph.diagnostics] == (["AM503"] if roots else [])
    nodes = sorted(argmap.nodes, key=lambda n: n.kind != "thesis")
    ids = {f"a{i}": n.id for i, n in enumerate(nodes, 1)}
    assert [(ids[s.id], s.text) for s in graph.statements] == [(n.id, n.text) for n in nodes]
    for st_, node in zip(graph.statements, nodes):
        if node.kind == "thesis":
            assert st_.kind == "thesis"
        if node.kind == "counterpoint":
            assert st_.speaker == "opponent"

    def rename(key: str) -> str:
        return "->".join("+".join(sorted(ids.get(p, p) for p in step.split("+"))) for step in key.split("->"))

    found = sorted((i.kind, rename(graph_key(graph, i)), i.scheme) for i in graph.inferences)
    expected = sorted(
        (r.kind, r.key, "example" if (r.scheme or "").lower() == "example" else None)
        for r in local
    )
    assert found == expected
    thesis = next(n.id for n in argmap.nodes if n.kind == "thesis")
    first = next((s for s in argmap.stances if s.node == thesis), None)
    if first is not None and first.stance in ("pro", "con"):
        assert graph.statements[0].stances == [(first.issue, first.stance)]


def test_export_loads_in_arguebuf():
    ag = pytest.importorskip("arguebuf", reason="arguebuf (a test-only dependency: pip install -e '.[test]') is not installed")
    import io

    argmap = load_text(SMALL)
    theirs = ag.load.arggraph(io.BytesIO(to_arggraph(argmap).encode("utf-8")))
    assert sorted(n.plain_text for n in theirs.atom_nodes.values()) == sorted(n.text for n in argmap.nodes)
    assert len(theirs.scheme_nodes) == 5


# --- hostile sizes ------------------------------------------------------------


def _arggraph(n: int, undercut_chain: bool) -> str:
    lines = ['<arggraph id="big">', '<edu id="e0">C</edu><adu id="a0" type="pro"/><edge id="s0" src="e0" trg="a0" type="seg"/>']
    for i in range(1, n + 1):
        lines.append(f'<edu id="e{i}">T{i}</edu><adu id="a{i}" type="{"opp" if i % 2 else "pro"}"/><edge id="s{i}" src="e{i}" trg="a{i}" type="seg"/>')
        if undercut_chain and i > 1:
            lines.append(f'<edge id="c{i}" src="a{i}" trg="c{i - 1}" type="und"/>')
        else:
            lines.append(f'<edge id="c{i}" src="a{i}" trg="a0" type="{"reb" if i % 2 else "sup"}"/>')
    return "\n".join(lines + ["</arggraph>"])


def test_a_chain_of_undercuts_thousands_deep_is_read():
    graph = arggraph.read("deep.xml", _arggraph(5000, undercut_chain=True))
    assert graph.diagnostics == []
    assert len(graph.inferences) == 5000
    assert graph.inferences[-1].target == "c4999"


def test_reading_is_linear_in_the_size_of_the_file():
    from test_hardening_dos import assert_linear

    assert_linear(lambda text: arggraph.read("big.xml", text), lambda n: _arggraph(n, undercut_chain=False), 500)


# --- through the .map writer --------------------------------------------------

IMPORTED = ["every_edge.xml", "linked.xml"] + ([str(SAMPLE)] if SAMPLE.exists() else [])


@pytest.mark.parametrize("name", IMPORTED, ids=lambda n: Path(n).stem)
def test_an_imported_file_writes_a_map_and_an_issue_that_validate(name):
    path = HERE / name
    graph = arggraph.read(str(path), path.read_text(encoding="utf-8"))
    argmap, errors = write_and_validate(graph, str(path))
    assert errors == []
    assert [(n.id, n.kind, n.speaker) for n in argmap.nodes] == [(s.id, s.kind, s.speaker) for s in graph.statements]
    assert sorted((r.kind, r.key) for r in argmap.relations) == sorted((i.kind, graph_key(graph, i)) for i in graph.inferences)
    assert [(s.node, s.issue, s.stance) for s in argmap.stances] == [(s.id, *st_) for s in graph.statements for st_ in s.stances]


# --- what a user sees ---------------------------------------------------------


@pytest.mark.parametrize("name", ["entities", "malformed", "every_edge"])
def test_import_prints_located_diagnostics_and_the_map(name):
    """The goldens of AM501–AM504 as `argmap import` shows them at 80
    columns (the rule catalogue's cases for these codes)."""
    code, out, err = run_cli("import", f"interop/arggraph/{name}.xml", "--from", "arggraph")
    golden(HERE / f"{name}.out", f"{out}{err}[exit {code}]\n")
