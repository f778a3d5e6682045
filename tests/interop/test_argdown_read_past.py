"""What Argdown's own CLI reads and an earlier reader refused: an argument
that attacks itself (left out, reported: a map cannot hold it) and `[T]:` or
`<T>:` with nothing after the colon (a statement or argument without text).
The file converts, and the map validates."""

from __future__ import annotations

from pathlib import Path

from argmap.interop import argdown
from conftest import run_cli

HERE = Path(__file__).parent / "argdown"


def test_a_self_attack_is_left_out_and_the_rest_is_kept():
    path = HERE / "read_past.argdown"
    graph = argdown.read(path)
    assert [(s.id, s.title, s.text) for s in graph.statements] == [
        ("self_defeating", "Self-defeating", "Nothing I say can be trusted."),
        ("outside", "Outside", "A witness trusts it."),
        ("open", "Open", "Open"),
        ("reason", "Reason", "A reason for the open question."),
    ]
    assert [(i.kind, tuple(i.sources), i.target) for i in graph.inferences] == [
        ("attacks", ("outside",), "self_defeating"),
        ("supports", ("reason",), "open"),
    ]
    assert [f"{d.span.line}:{d.span.column} {d.code.code} {d.message}" for d in graph.diagnostics] == [
        "1:1 AM503 2 arguments without premises and conclusion imported as nodes",
        "2:3 AM503 a relation from a statement to itself is left out",
        "5:1 AM503 [Open] is only referred to, never stated: its title becomes its text",
    ]


def test_the_file_converts_and_validates(tmp_path):
    code, _out, err = run_cli("import", str(HERE / "read_past.argdown"), "-o", str(tmp_path), "--author", "X", "--year", "2000")
    assert code == 0, err
    assert "error" not in err
    assert run_cli("validate", str(tmp_path / "read_past.map"))[0] == 0


def test_a_premise_listed_twice_is_one_source_and_is_reported():
    graph = argdown.read("<Twice>\n\n(1) [P]: p\n(2) q\n(3) [P]: p again\n----\n(4) c\n", "twice.argdown")
    assert [(i.kind, tuple(i.sources), i.target) for i in graph.inferences] == [("supports", ("p", "s1"), "s2")]
    assert [f"{d.span.line}:{d.span.column} {d.code.code} {d.message}" for d in graph.diagnostics] == [
        "5:1 AM503 (3) is the same statement as (1): the inference has it as a premise once",
    ]
