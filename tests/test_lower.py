"""CST → model: nesting and explicit relations give the same model."""

from __future__ import annotations

from argmap.corpus import parse_source
from argmap.source import SourceFile

HEAD = "---\nid: m\ntitle: t\nauthors: [a]\nyear: 2000\n---\n"


def model(body):
    argmap, diags = parse_source(SourceFile("m.map", HEAD + body))
    return argmap, diags


def relations(argmap):
    return sorted((r.source, r.kind, r.target) for r in argmap.relations)


def test_nesting_equals_explicit_relations():
    nested, d1 = model(
        'thesis T "t" {\n claim c1 "c" {\n  evidence e1 "e" { at "p" }\n  counterpoint k1 "k" {\n   rebuttal r1 "r"\n  }\n }\n}\n'
    )
    flat, d2 = model(
        'thesis T "t"\nclaim c1 "c" { supports T }\nevidence e1 "e" { at "p" supports c1 }\n'
        'counterpoint k1 "k" { attacks c1 }\nrebuttal r1 "r" { attacks k1 }\n'
    )
    assert d1 == d2 == []
    assert relations(nested) == relations(flat) == [
        ("c1", "supports", "T"),
        ("e1", "supports", "c1"),
        ("k1", "attacks", "c1"),
        ("r1", "attacks", "k1"),
    ]
    assert [n.id for n in nested.nodes] == ["T", "c1", "e1", "k1", "r1"]
    assert nested.by_id["e1"].parent == "c1"


def test_attributes_and_duplicates():
    argmap, diags = model('thesis T "t" { en "a" at "§1" quote "q" source "s" note "n" #x #x en "b" }\n')
    node = argmap.by_id["T"]
    assert (node.en, node.locator, node.quote, node.source, node.note, node.tags) == ("a", "§1", "q", "s", "n", ("x",))
    assert [(d.code.code, d.message) for d in diags] == [("AM108", "`en` is given twice")]


def test_issue_attributes_are_limited():
    argmap, diags = model('thesis T "t"\nissue q "問題" { en "Q" at "§1" }\n')
    assert argmap.issues[0].en == "Q"
    assert [d.code.code for d in diags] == ["AM110"]


def test_relation_from_unknown_source_is_reported():
    _, diags = model('thesis T "t"\nc9 supports T\n')
    assert [(d.code.code, d.span.line, d.span.column) for d in diags] == [("AM201", 8, 1)]


def test_qualified_stances_lower_to_scope_and_condition():
    argmap, diags = model(
        'issue u "q"\nthesis T "t" {\n stance u pro when "the Cold War period" if "the US consents"\n'
        ' stance v con if "只在和平時期"\n}\n'
    )
    assert diags == []
    (a, b) = argmap.stances
    assert (a.issue, a.stance, a.scope, a.condition) == ("u", "pro", "the Cold War period", "the US consents")
    assert (b.issue, b.stance, b.scope, b.condition) == ("v", "con", None, "只在和平時期")
    assert a.qualifier_text() == "scope: the Cold War period; if the US consents"
    assert b.qualifier_text() == "if 只在和平時期"
