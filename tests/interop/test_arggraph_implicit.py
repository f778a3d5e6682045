"""arggraph's second version marks an EDU the annotators supplied
(`implicit="true"`, in its DTD): the import says so in the node's note
instead of passing the annotators' words off as the author's."""

from __future__ import annotations

from pathlib import Path

from argmap.interop import arggraph
from conftest import run_cli

HERE = Path(__file__).parent / "arggraph"


def read(name: str):
    path = HERE / name
    return arggraph.read(str(path), path.read_text(encoding="utf-8"))


def test_implicit_edus_are_noted_on_their_node():
    graph = read("implicit.xml")
    assert [(s.id, s.kind, s.text, s.note) for s in graph.statements] == [
        ("a1", "thesis", "Night trains should not be subsidised.", "Implicit: supplied by the annotators; the text does not say it."),
        ("a2", "premise", "They run nearly empty most of the year.", None),
        # A joint of an explicit and an implicit EDU: the note quotes the implicit part.
        (
            "a3",
            "premise",
            "Tickets cost more than flights, so few people book them.",
            "Partly implicit: “so few people book them.” is supplied by the annotators; the text does not say it.",
        ),
        ("a4", "counterpoint", "The summer trains are full.", None),  # implicit="false"
    ]
    assert [(i.kind, tuple(i.sources), i.target) for i in graph.inferences] == [
        ("supports", ("a2",), "a1"),
        ("supports", ("a3",), "a1"),
        ("attacks", ("a4",), "a2"),
    ]
    assert graph.diagnostics == []


def test_the_note_reaches_the_written_map(tmp_path):
    code, _out, err = run_cli("import", str(HERE / "implicit.xml"), "-o", str(tmp_path), "--author", "X", "--year", "2000")
    assert code == 0, err
    text = (tmp_path / "micro_t02.map").read_text(encoding="utf-8")
    assert 'note "Implicit: supplied by the annotators; the text does not say it."' in text
    assert run_cli("validate", str(tmp_path / "micro_t02.map"))[0] == 0
