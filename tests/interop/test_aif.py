"""AIF in and out: the reader on files that hold every construct and every
kind of mistake (exact graphs, exact located diagnostics), OVA's two file
shapes, the round trip through argmap's export, and the export read by an
independent AIF reader (arguebuf)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.interop import aif
from argmap.interop.aif_out import to_aif
from conftest import MAPS, ROOT, golden, load_text, run_cli
from interop_views import graph_view, model_view, write_and_validate

HERE = Path(__file__).parent / "aif"
SAMPLE = ROOT.parent / "shared" / "conformance" / "formats" / "uniforms.aif.json"


def read(name: str):
    path = HERE / name
    return aif.read(str(path), path.read_text(encoding="utf-8"))


def diagnostics(graph) -> list[str]:
    return [f"{d.span.line}:{d.span.column} {d.code.code} {d.message}" for d in graph.diagnostics]


def statements(graph) -> list[tuple]:
    return [(s.id, s.kind, s.speaker, s.text) for s in graph.statements]


def inferences(graph) -> list[tuple]:
    return [(i.kind, tuple(i.sources), i.target, i.label, i.scheme) for i in graph.inferences]


# --- reading ---------------------------------------------------------------


def test_every_construct_of_a_debate():
    graph = read("debate.json")
    assert graph.meta == {"id": "debate", "title": "debate"}
    assert statements(graph) == [
        ("n1", "thesis", "Ana Lima", "The city should build the tram line."),
        ("n2", "premise", None, "Buses on the route are full every morning."),
        ("n3", "premise", None, "A tram carries three times as many people as a bus."),
        ("n4", "premise", None, "The transport board's engineers recommend it."),
        ("n5", "counterpoint", "Ben Okafor", "The tram costs too much."),
        # No "Speaker :" in the locution: the speaker is its participant.
        ("n6", "rebuttal", "Chen Wei", "Half of the cost is paid by the region."),
        ("n7", "counterpoint", None, "The engineers were paid by the tram's builder."),
        ("n8", "counterpoint", None, "The region's money can only go to rail."),
        ("n9", "premise", None, "The tram is too expensive."),
    ]
    assert inferences(graph) == [
        # Two I-nodes into one RA: one linked inference (the repeated edge 30 adds nothing).
        ("supports", ("n2", "n3"), "n1", None, None),
        ("supports", ("n4",), "n1", "n21", "Argument From Expert Opinion"),
        ("attacks", ("n5",), "n1", "n22", None),
        # CA → CA: an undercut of an attack; CA → RA: of a support.
        ("undercuts", ("n6",), "n22", "n23", None),
        ("undercuts", ("n7",), "n21", None, "Conflict From Bias"),
        ("undercuts", ("n8",), "n23", None, None),
    ]
    assert graph.same_as == [("n5", "n9")]
    assert diagnostics(graph) == [
        "19:6 AM503 1 preference (PA) not carried over",
        "20:6 AM503 3 locutions (L-nodes) not carried over",
        "23:6 AM503 4 illocutions (YA) not carried over",
        "27:6 AM503 2 transitions (TA) between locutions not carried over",
        '29:47 AM504 1 node of type "X" left out',
    ]
    assert graph.diagnostics[1].hint == "argmap keeps who said each proposition (`speaker`), not the wording of the locution"


def test_the_diagnostics_span_the_node_id_and_say_what_kind_they_are():
    graph = read("debate.json")
    lossy = graph.diagnostics[0]
    assert lossy.code.code == "AM503" and str(lossy.severity) == "warning"
    assert lossy.path == str(HERE / "debate.json")
    text = (HERE / "debate.json").read_text(encoding="utf-8")
    assert text[lossy.span.start : lossy.span.end] == '"nodeID": "27"'
    assert graph.statements[0].origin.line == 3


def test_malformed_nodes_and_edges_are_located_and_left_out():
    graph = read("malformed.json")
    assert statements(graph) == [
        ("n1", "thesis", None, "Trams are quiet."),
        ("n2", "premise", None, "Residents asked for quiet transport."),
        ("n4", "premise", None, ""),
        ("n5", "premise", None, "Trams need overhead wires."),
    ]
    assert inferences(graph) == [
        ("supports", ("n2",), "n1", None, None),  # node 6 (a number in the file) is node "6"
        ("supports", ("n5",), "n1", None, None),
    ]
    assert graph.same_as == [("n5", "n1"), ("n2", "n4")]
    assert diagnostics(graph) == [
        "5:6 AM502 node 2 is defined twice",
        "6:5 AM502 a node has no `nodeID`",
        "7:6 AM502 node 3 has no `type`",
        "8:5 AM502 an entry of `nodes` is not an object",
        "9:21 AM502 I-node 4 has no text",
        "12:6 AM502 RA node 7 has no premise: no I-node points to it",
        "13:6 AM502 RA node 8 has no conclusion: it points to no I-node",
        "14:6 AM502 RA node 9 has 2 conclusions (n1, n2)",
        "15:6 AM502 CA node 10 is in a circle of undercuts (it undercuts node 11)",
        "16:6 AM502 CA node 11 is in a circle of undercuts (it undercuts node 10)",
        "17:6 AM502 CA node 12 undercuts node 7, which has an error of its own",
        "19:6 AM503 the scheme of 1 rephrase (MA) not carried over",
        "29:36 AM502 edge 8 goes to node 99, which the file does not define",
        "30:21 AM502 edge 9 joins two I-nodes (1 → 2) directly",
        "31:22 AM502 edge 10 joins node 1 to itself",
        "32:6 AM502 edge 11 has no `fromID`",
        "43:5 AM502 an entry of `edges` is not an object",
    ]
    assert graph.diagnostics[11].hint == '"Restating" …: `same_as` has no scheme'
    twice = graph.diagnostics[0]
    assert [(label.span.line, label.message) for label in twice.labels] == [(4, "first defined here")]


def test_ova3_file_reads_the_nodeset_under_aif():
    graph = read("ova3.json")
    assert statements(graph) == [("n1", "thesis", "林", "台北應該增建自行車道。"), ("n2", "premise", None, "通勤族多騎機車。")]
    assert inferences(graph) == [("supports", ("n2",), "n1", None, "Argument From Expert Opinion")]
    # The locution says what the proposition says, by its speaker: nothing is lost.
    assert diagnostics(graph) == []


def test_ova2_file_with_ids_numbers_and_speakers_as_participants():
    graph = read("ova2.json")
    assert graph.meta["title"] == "Sunday opening"
    assert statements(graph) == [
        ("n1", "thesis", "Dana Kowalski", "Libraries should open on Sundays."),
        ("n2", "premise", None, "Students study at weekends."),
    ]
    # OVA 2 keeps a scheme number in `scheme`: the name is the text.
    assert inferences(graph) == [("supports", ("n2",), "n1", None, None)]
    assert diagnostics(graph) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"nodes": [\n  {"nodeID": "1",, }]}', "2:18 AM501 not JSON: Expecting property name enclosed in double quotes"),
        ("", "1:1 AM501 not JSON: Expecting value"),
        ("[1, 2]", "1:1 AM501 not an AIF nodeset: the JSON is a list"),
        ('"nodes"', "1:1 AM501 not an AIF nodeset: the JSON is a single value"),
        ('{"graph": {}}', "1:1 AM501 not an AIF nodeset: the JSON is an object without a `nodes` list"),
        ('{"nodes": [], "edges": {}}', "1:15 AM501 not an AIF nodeset: `edges` is not a list"),
        ('{"AIF": {"nodes": 3}}', "1:9 AM501 not an AIF nodeset: the JSON is an object without a `nodes` list"),
        ("[" * 100_000, "1:1 AM501 the JSON nests too deep to read"),
    ],
    ids=["bad-json", "empty", "list", "scalar", "no-nodes", "edges-not-list", "ova3-no-nodes", "deep"],
)
def test_unreadable_files_are_one_located_error(text, expected):
    graph = aif.read("x.json", text)
    assert diagnostics(graph) == [expected]
    assert graph.statements == [] and graph.inferences == []


def test_a_byte_order_mark_is_read_past():
    graph = aif.read("x.json", '\ufeff{"nodes": [{"nodeID": "1", "text": "A", "type": "I"}], "edges": []}')
    assert statements(graph) == [("n1", "thesis", None, "A")]
    assert graph.diagnostics == []


def test_node_ids_are_made_identifiers_and_kept_unique():
    nodes = [
        {"nodeID": "a-1", "text": "A", "type": "I"},
        {"nodeID": "a_1", "text": "B", "type": "I"},
        {"nodeID": "ote", "text": "C", "type": "I"},  # n + ote is a keyword
        {"nodeID": "5f3c", "text": "D", "type": "I"},
    ]
    graph = aif.read("x.json", json.dumps({"nodes": nodes, "edges": []}))
    assert [s.id for s in graph.statements] == ["na_1", "na_1_2", "note_", "n5f3c"]


def test_the_thesis_is_the_conclusion_with_the_most_reasons_below_it():
    nodes = [{"nodeID": str(i), "text": f"S{i}", "type": "I"} for i in range(1, 6)]
    nodes += [{"nodeID": "10", "text": "", "type": "RA"}, {"nodeID": "11", "text": "", "type": "RA"}, {"nodeID": "12", "text": "", "type": "RA"}]
    edges = [("1", "10"), ("10", "2"), ("3", "11"), ("11", "4"), ("5", "12"), ("12", "3")]
    doc = {"nodes": nodes, "edges": [{"fromID": a, "toID": b} for a, b in edges]}
    graph = aif.read("x.json", json.dumps(doc))
    # n4 has n3 and, through it, n5 below it; n2 only n1.
    assert [(s.id, s.kind) for s in graph.statements] == [
        ("n1", "premise"),
        ("n2", "premise"),
        ("n3", "claim"),
        ("n4", "thesis"),
        ("n5", "premise"),
    ]


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared conformance samples are not beside the clone")
def test_the_shared_sample():
    graph = aif.read(str(SAMPLE), SAMPLE.read_text(encoding="utf-8"))
    assert statements(graph) == [
        ("n1", "thesis", "Ann", "Schools should introduce uniforms."),
        ("n2", "premise", None, "Uniforms hide differences in family income."),
        ("n3", "premise", None, "Children who cannot afford brands are teased less."),
        ("n4", "counterpoint", "Ben", "Uniforms suppress individuality."),
        ("n5", "rebuttal", None, "Pupils can still express themselves in what they write and make."),
    ]
    assert inferences(graph) == [
        ("supports", ("n2", "n3"), "n1", None, None),
        ("attacks", ("n4",), "n1", "n7", None),
        ("undercuts", ("n5",), "n7", None, None),
    ]
    assert [d.code.code for d in graph.diagnostics] == ["AM503", "AM503", "AM503"]


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 30) | st.sampled_from(["1", "2", "3", "I", "RA", "CA", "MA", "L", "YA", "TA", "x : y", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["nodeID", "type", "text", "fromID", "toID", "edgeID", "nodes", "edges", "locutions", "personID", "argmap", "AIF", "id", "from", "to"]), inner, max_size=5),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(nodes=st.lists(_json, max_size=8), edges=st.lists(_json, max_size=8), extra=_json)
def test_any_json_gives_diagnostics_not_a_traceback(nodes, edges, extra):
    graph = aif.read("x.json", json.dumps({"nodes": nodes, "edges": edges, "locutions": extra, "argmap": extra}))
    for d in graph.diagnostics:
        assert d.span is not None and d.code.code.startswith("AM50")
    labels = {i.label for i in graph.inferences if i.label}
    ids = {s.id for s in graph.statements}
    assert not labels & ids
    for inf in graph.inferences:
        assert set(inf.sources) <= ids
        assert inf.target in (labels if inf.kind == "undercuts" else ids)


# --- export, and the round trip ---------------------------------------------


def _map(path: Path):
    argmap = load_text(path.read_text(encoding="utf-8"), str(path))
    assert argmap is not None
    return argmap


def round_trip(argmap):
    text = json.dumps(to_aif([argmap]), ensure_ascii=False, indent=1)
    return aif.read(f"{argmap.id}.json", text)


ROUND_TRIP = sorted(MAPS.glob("*.map")) + [HERE / "every_feature.map", HERE / "other.map"]


@pytest.mark.parametrize("path", [p for p in ROUND_TRIP if p.name != "issues.map"], ids=lambda p: p.stem)
def test_export_then_import_gives_back_the_map(path):
    argmap = _map(path)
    graph = round_trip(argmap)
    assert graph.diagnostics == []
    assert graph_view(graph) == model_view(argmap)


def test_the_every_feature_map_is_what_the_round_trip_checks():
    """The round trip above would pass on a map that used nothing new."""
    argmap = _map(HERE / "every_feature.map")
    kinds = {r.kind for r in argmap.relations}
    assert kinds == {"supports", "attacks", "undercuts", "same_as", "contradicts"}
    assert any(r.joint for r in argmap.relations) and any(r.label for r in argmap.relations)
    assert any(r.kind == "undercuts" and r.edge.count("->") == 2 for r in argmap.relations)
    assert any(s.qualified for s in argmap.stances)
    assert all(n.speaker for n in argmap.nodes if n.kind in ("counterpoint", "rebuttal"))


def test_export_is_plain_aif_with_the_extension_beside_it():
    doc = to_aif([_map(HERE / "every_feature.map")])
    types = [n["type"] for n in doc["nodes"]]
    assert types.count("I") == 9
    assert types.count("RA") == 2 and types.count("CA") == 4 and types.count("MA") == 1
    # Six nodes have a speaker, two people speak.
    assert types.count("L") == 6 and types.count("YA") == 6
    assert doc["participants"] == [
        {"participantID": "1", "firstname": "Ana Lima", "surname": ""},
        {"participantID": "2", "firstname": "Ben Okafor", "surname": ""},
    ]
    thesis = doc["nodes"][0]
    assert thesis["nodeID"] == "1" and thesis["timestamp"] == "2024-03-01 00:00:00"
    assert thesis["argmap"] == {
        "id": "T",
        "kind": "thesis",
        "title": "Build it",
        "en": "The city should build the tram line",
        "stances": [["transit", "pro", "the next decade", "the region pays half"], ["budget", "mixed"]],
    }
    linked = next(n for n in doc["nodes"] if n["type"] == "RA")
    assert linked["text"] == "Argument From Consequences"
    assert linked["argmap"] == {"label": "link", "title": "Capacity", "note": "linked: neither alone"}
    into = [e["fromID"] for e in doc["edges"] if e["toID"] == linked["nodeID"]]
    assert into == ["2", "3"]
    assert doc["argmap"]["maps"][0]["meta"]["date"] == "2024-03-01"
    json.dumps(doc, allow_nan=False)  # plain JSON throughout


def test_an_undercut_of_an_undercut_points_at_its_ca_node():
    doc = to_aif([_map(HERE / "every_feature.map")])
    by_id = {n["nodeID"]: n for n in doc["nodes"]}
    out_of = {}
    for e in doc["edges"]:
        out_of.setdefault(e["fromID"], []).append(e["toID"])
    grant = next(n for n in doc["nodes"] if n.get("argmap", {}).get("label") == "grant")
    k3 = next(n for n in doc["nodes"] if n.get("argmap", {}).get("id") == "k3")
    (ca,) = out_of[k3["nodeID"]]
    assert by_id[ca]["type"] == "CA" and out_of[ca] == [grant["nodeID"]]
    assert by_id[out_of[grant["nodeID"]][0]]["type"] == "CA"  # grant undercuts an attack


def test_several_maps_share_one_nodeset_and_read_back_as_one_map():
    maps = [_map(HERE / "every_feature.map"), _map(HERE / "other.map")]
    doc = to_aif(maps)
    assert [m["id"] for m in doc["argmap"]["maps"]] == ["tram", "other"]
    assert len({n["nodeID"] for n in doc["nodes"]}) == len(doc["nodes"])
    assert {n["argmap"]["map"] for n in doc["nodes"] if n["type"] == "I"} == {"tram", "other"}
    text = json.dumps(doc, indent=1)
    graph = aif.read("both.json", text)
    assert [s.id for s in graph.statements][-3:] == ["c1", "c3", "c4"]
    (warning,) = graph.diagnostics
    assert warning.message == "the file holds 2 maps (tram, other)"
    assert warning.hint == "they are read as one map; export one map per file to read each back"
    assert text[warning.span.start : warning.span.end] == '"argmap": {'
    assert warning.span.line == text[: text.rindex('"argmap": {')].count("\n") + 1


def test_export_without_the_extension_is_still_the_argument():
    """A tool that drops keys it does not know keeps the AIF: the argument
    comes back with AIF's own ids."""
    argmap = _map(HERE / "every_feature.map")
    doc = to_aif([argmap])
    doc.pop("argmap")
    for node in doc["nodes"]:
        node.pop("argmap", None)
    graph = aif.read("plain.json", json.dumps(doc, ensure_ascii=False))
    assert [s.text for s in graph.statements] == [n.text for n in argmap.nodes]
    assert [s.speaker for s in graph.statements] == [n.speaker for n in argmap.nodes]
    assert [(i.kind, len(i.sources), i.scheme) for i in graph.inferences] == [
        ("supports", 2, "Argument From Consequences"),
        ("supports", 1, "Argument From Expert Opinion"),
        ("attacks", 1, None),
        ("undercuts", 1, None),
        ("undercuts", 1, "Conflict From Bias"),
        ("undercuts", 1, None),
    ]
    assert graph.statements[0].kind == "thesis"
    assert graph.diagnostics == []


def test_export_loads_in_arguebuf():
    ag = pytest.importorskip("arguebuf", reason="arguebuf (a test-only dependency: pip install -e '.[test]') is not installed")
    argmap = _map(HERE / "every_feature.map")
    doc = json.loads(json.dumps(to_aif([argmap])))
    graph = ag.load.aif(doc)
    assert sorted(n.plain_text for n in graph.atom_nodes.values()) == sorted(n.text for n in argmap.nodes)
    schemes = sorted(type(n.scheme).__name__ for n in graph.scheme_nodes.values())
    assert schemes == ["Attack"] * 4 + ["Rephrase"] + ["Support"] * 2
    # Every edge of the argument, none of them dropped as dangling.
    argument = {"I", "RA", "CA", "MA"}
    types = {n["nodeID"]: n["type"] for n in doc["nodes"]}
    expected = [(e["fromID"], e["toID"]) for e in doc["edges"] if types[e["fromID"]] in argument and types[e["toID"]] in argument]
    assert sorted((e.source.id, e.target.id) for e in graph.edges.values()) == sorted(expected)


def test_arguebufs_aif_reads_into_the_same_argument():
    """arguebuf writes AIF its own way (ids "a1", schemes "Default"): the
    reader must find in it exactly the inferences arguebuf holds."""
    ag = pytest.importorskip("arguebuf", reason="arguebuf (a test-only dependency: pip install -e '.[test]') is not installed")
    with (Path(__file__).parent / "arggraph" / "every_edge.xml").open("rb") as f:
        theirs = ag.load.arggraph(f)
    graph = aif.read("arguebuf.json", json.dumps(ag.dump.aif(theirs)))
    assert graph.diagnostics == []

    def their_target(node):
        return node.plain_text if isinstance(node, ag.AtomNode) else "an inference"

    expected = []
    for scheme in theirs.scheme_nodes.values():
        sources = sorted(n.plain_text for n in theirs.incoming_nodes(scheme) if isinstance(n, ag.AtomNode))
        (target,) = theirs.outgoing_nodes(scheme)
        kind = "supports" if type(scheme.scheme).__name__ == "Support" else "attacks" if isinstance(target, ag.AtomNode) else "undercuts"
        expected.append((kind, sources, their_target(target)))
    text = {s.id: s.text for s in graph.statements}
    found = [
        (i.kind, sorted(text[s] for s in i.sources), text[i.target] if i.kind != "undercuts" else "an inference")
        for i in graph.inferences
    ]
    assert sorted(found) == sorted(expected)
    assert sorted(text.values()) == sorted(n.plain_text for n in theirs.atom_nodes.values())
    assert len(found) == 5  # what arguebuf's arggraph reader keeps of the file


# --- hostile sizes ------------------------------------------------------------


def _chain_of_undercuts(n: int) -> str:
    """A support, an attack on it, then n undercuts each attacking the last."""
    nodes = [{"nodeID": "c", "text": "C", "type": "I"}, {"nodeID": "p", "text": "P", "type": "I"}, {"nodeID": "ra", "text": "", "type": "RA"}]
    edges = [{"fromID": "p", "toID": "ra"}, {"fromID": "ra", "toID": "c"}]
    previous = "ra"
    for i in range(n):
        nodes += [{"nodeID": f"u{i}", "text": f"U{i}", "type": "I"}, {"nodeID": f"ca{i}", "text": "", "type": "CA"}]
        edges += [{"fromID": f"u{i}", "toID": f"ca{i}"}, {"fromID": f"ca{i}", "toID": previous}]
        previous = f"ca{i}"
    return json.dumps({"nodes": nodes, "edges": edges})


def test_a_chain_of_undercuts_thousands_deep_is_read():
    graph = aif.read("deep.json", _chain_of_undercuts(5000))
    assert graph.diagnostics == []
    assert len(graph.inferences) == 5001
    assert graph.inferences[-1].target == graph.inferences[-2].label == "nca4998"
    assert [s.kind for s in graph.statements[:3]] == ["thesis", "premise", "counterpoint"]
    assert graph.statements[3].kind == "rebuttal"


def test_a_circle_of_undercuts_thousands_long_is_one_error_each():
    doc = json.loads(_chain_of_undercuts(3000))
    doc["edges"][3] = {"fromID": "ca0", "toID": "ca2999"}  # the first undercut attacks the last
    graph = aif.read("circle.json", json.dumps(doc))
    assert [d.code.code for d in graph.diagnostics] == ["AM502"] * 3000
    assert all("is in a circle of undercuts" in d.message for d in graph.diagnostics)
    assert len(graph.inferences) == 1


def test_reading_is_linear_in_the_size_of_the_file():
    from test_hardening_dos import assert_linear

    def make(n):
        nodes, edges = [], []
        for i in range(n):  # n small arguments side by side, each with a speaker
            nodes += [
                {"nodeID": f"c{i}", "text": f"Claim {i}", "type": "I"},
                {"nodeID": f"p{i}", "text": f"Reason {i}", "type": "I"},
                {"nodeID": f"r{i}", "text": "Default Inference", "type": "RA"},
                {"nodeID": f"k{i}", "text": f"Objection {i}", "type": "I"},
                {"nodeID": f"a{i}", "text": "Default Conflict", "type": "CA"},
                {"nodeID": f"l{i}", "text": f"Speaker {i % 7} : Claim {i}", "type": "L"},
                {"nodeID": f"y{i}", "text": "Asserting", "type": "YA"},
            ]
            edges += [(f"p{i}", f"r{i}"), (f"r{i}", f"c{i}"), (f"k{i}", f"a{i}"), (f"a{i}", f"r{i}"), (f"l{i}", f"y{i}"), (f"y{i}", f"c{i}")]
        return json.dumps({"nodes": nodes, "edges": [{"fromID": a, "toID": b} for a, b in edges]}, indent=1)

    assert_linear(lambda text: aif.read("big.json", text), make, 300)


# --- through the .map writer --------------------------------------------------

IMPORTED = ["debate.json", "ova3.json", "ova2.json"] + ([str(SAMPLE)] if SAMPLE.exists() else [])


@pytest.mark.parametrize("name", IMPORTED, ids=lambda n: Path(n).stem)
def test_an_imported_file_writes_a_map_that_validates(name):
    path = HERE / name
    graph = aif.read(str(path), path.read_text(encoding="utf-8"))
    argmap, errors = write_and_validate(graph, str(path))
    assert errors == []
    assert [n.text for n in argmap.nodes] == [s.text for s in graph.statements]
    assert len(argmap.relations) == len(graph.inferences) + len(graph.same_as)


@pytest.mark.parametrize("path", [p for p in ROUND_TRIP if p.name != "issues.map"], ids=lambda p: p.stem)
def test_export_import_and_write_give_back_the_same_map(path):
    """The whole way: map → AIF → Graph → .map text → map."""
    argmap = _map(path)
    neighbours = [_map(p) for p in sorted(path.parent.glob("*.map")) if p != path]  # its corpus: issues, other maps
    again, errors = write_and_validate(round_trip(argmap), str(path), neighbours)
    assert model_view(again) == model_view(argmap)
    assert errors == []


# --- what a user sees ---------------------------------------------------------


@pytest.mark.parametrize("name", ["not_json", "malformed", "debate"])
def test_import_prints_located_diagnostics_and_the_map(name):
    """The goldens of AM501–AM504 as `argmap import` shows them at 80
    columns (the rule catalogue's cases for these codes)."""
    code, out, err = run_cli("import", f"interop/aif/{name}.json", "--from", "aif")
    golden(HERE / f"{name}.out", f"{out}{err}[exit {code}]\n")


def test_many_conclusions_over_one_large_argument_are_weighed_in_linear_time():
    """n conclusions, each supported by the same premise, which has a long
    chain of reasons below it: counting each conclusion's reasons one by
    one would take n² steps."""
    from test_hardening_dos import assert_linear

    def make(n):
        nodes = [{"nodeID": f"p{i}", "text": f"P{i}", "type": "I"} for i in range(n)]
        nodes += [{"nodeID": f"c{i}", "text": f"C{i}", "type": "I"} for i in range(n)]
        nodes += [{"nodeID": f"r{i}", "text": "", "type": "RA"} for i in range(n)]
        nodes += [{"nodeID": f"s{i}", "text": "", "type": "RA"} for i in range(n)]
        edges = []
        for i in range(n):
            edges += [(f"p{i + 1}" if i + 1 < n else f"p{i}", f"r{i}"), (f"r{i}", f"p{i}")] if i + 1 < n else []
            edges += [("p0", f"s{i}"), (f"s{i}", f"c{i}")]
        return json.dumps({"nodes": nodes, "edges": [{"fromID": a, "toID": b} for a, b in edges]})

    graph = aif.read("x.json", make(50))
    assert [s.id for s in graph.statements if s.kind == "thesis"] == ["nc0"]
    assert_linear(lambda text: aif.read("x.json", text), make, 200)
