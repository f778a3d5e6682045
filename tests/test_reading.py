"""The compare reading on a fixture built to exercise each rule; the
expected results are worked out by hand in the fixture's comments
(tests/fixtures/reading/a.map and b.map)."""

from __future__ import annotations

import json

from argmap.compare import compare
from argmap.corpus import load
from conftest import TESTS, golden, run_cli

FIXTURE = "fixtures/reading"
GOLDEN = TESTS / "golden"


def comparison():
    return compare(load([str(TESTS / FIXTURE)]).corpus)


def test_answered_conceded_and_direction():
    c = comparison()
    (conflict,) = c.conflicts
    assert conflict.issue.id == "r1"
    (a,) = conflict.pro
    (b,) = conflict.con
    assert [(k.node.id, k.verdict, [n.id for n in k.answered_by]) for k in a.concessions] == [
        ("k1", "answered", ["rb1"]),
        ("k2", "conceded", []),
        ("k4", "answered", ["rb2"]),
        ("ku", "conceded", []),
    ]
    # k3 takes the position's own stance; kb3 attacks a node of the opposite stance.
    assert [(k.node.id, k.verdict, [n.id for n in k.answered_by]) for k in b.concessions] == [
        ("kb1", "answered", ["kb3"]),
        ("kb4", "conceded", []),
    ]
    assert [k.node.id for k in a.conceded] == ["k2", "ku"]
    assert [k.node.id for k in a.answered] == ["k1", "k4"]


def test_undercut_inference_does_not_carry_the_strongest_support():
    (conflict,) = comparison().conflicts
    assert conflict.pro[0].support.id == "c2"  # c1 has more beneath it, but c1 -> T is undercut
    assert conflict.con[0].support.id == "cb1"


def test_qualified_stance_and_apart_nodes():
    c = comparison()
    assert [i.id for i in c.consensus] == ["r2"]
    b = c.positions["r2"]["b"]
    assert (b.stance, b.qualifier()) == ("pro", "scope: the Cold War period")
    assert c.positions["r2"]["a"].qualifier() == ""
    a = c.positions["r1"]["a"]
    assert [(n.id, s) for n, s in a.alike] == [("c1", "pro"), ("c2", "pro"), ("k3", "pro")]
    assert [(n.id, s) for n, s in a.apart] == [("k4", "con")]


def test_json_carries_status_locators_and_qualifiers():
    code, out, _ = run_cli("compare", FIXTURE, "--format", "json", "--lang", "en", cwd=TESTS)
    assert code == 0
    data = json.loads(out)
    r2 = next(i for i in data["issues"] if i["id"] == "r2")
    assert r2["stances"][1] | {"nodes": None} == {
        "map": "b", "stance": "pro", "scope": "the Cold War period", "condition": None, "carrier": "T",
        "locator": "¶1", "quote": None, "rule": "one", "sides": None, "nodes": None,
    }
    pro = data["conflicts"][0]["pro"][0]
    assert pro["concessions"][0] == {
        "map": "a", "id": "k1", "kind": "counterpoint", "text": "The dialogue is low-level", "locator": "§2.3",
        "quote": None, "status": "answered",
        "answered_by": [{"map": "a", "id": "rb1", "kind": "rebuttal", "text": "The level has risen", "locator": "§2.4", "quote": None}],
        "why": "it attacks c1, which is pro",
    }
    assert data["consensus"][0]["grounds"][1]["scope"] == "the Cold War period"


def test_markdown_golden():
    code, out, _ = run_cli("compare", FIXTURE, "--lang", "en", "--format", "markdown", "--cite", cwd=TESTS)
    assert code == 0
    golden(GOLDEN / "reading.md", out)


def test_explain_golden():
    code, out, err = run_cli("compare", FIXTURE, "--lang", "en", "--explain", "r1", "a", cwd=TESTS)
    assert code == 0, err
    golden(GOLDEN / "reading-explain.txt", out)
    code, out, _ = run_cli("compare", FIXTURE, "--explain", "r1", "a", "--format", "json", cwd=TESTS)
    data = json.loads(out)
    assert data["rule"]["id"] == "one"
    assert [(k["id"], k["status"]) for k in data["concessions"]] == [
        ("k1", "answered"), ("k2", "conceded"), ("k4", "answered"), ("ku", "conceded"),
    ]
    # On r2 T alone takes pro, so its whole argument is the line; k3 and k4
    # take stances on r1 only and do not count here; k6 takes con on r2.
    code, out, _ = run_cli("compare", FIXTURE, "--explain", "r2", "a", "--format", "json", cwd=TESTS)
    data = json.loads(out)
    assert [(k["id"], k["status"]) for k in data["concessions"]] == [
        ("k1", "answered"), ("k2", "conceded"), ("ku", "conceded"), ("k5", "conceded"), ("k6", "conceded"),
    ]


def test_explain_unknown_map_or_silent_map():
    code, _, err = run_cli("compare", FIXTURE, "--explain", "r1", "aa", cwd=TESTS)
    assert code == 2 and "no map `aa` — did you mean `a`?" in err
    code, _, err = run_cli("compare", FIXTURE, "--explain", "r9", "a", cwd=TESTS)
    assert code == 2 and "no issue `r9` is declared" in err


def test_evaluate_alone_and_with_links():
    code, out, _ = run_cli("evaluate", FIXTURE, "--format", "json", cwd=TESTS)
    assert code == 0
    maps = {m["id"]: m for m in json.loads(out)["maps"]}
    status = {n["id"]: n["status"] for n in maps["a"]["nodes"]}
    assert {k for k, v in status.items() if v == "out"} == {"k1", "T", "e2", "k4", "c3"}
    assert maps["a"]["inferences"] == [{"from": "c1", "to": "T", "status": "out", "defeated_by": ["ku"]}]
    assert {n["id"]: n["status"] for n in maps["b"]["nodes"]}["cb1"] == "in"
    code, out, _ = run_cli("evaluate", FIXTURE, "--format", "json", "--links", cwd=TESTS)
    maps = {m["id"]: m for m in json.loads(out)["maps"]}
    cb1 = next(n for n in maps["b"]["nodes"] if n["id"] == "cb1")
    c1 = next(n for n in maps["a"]["nodes"] if n["id"] == "c1")
    assert (cb1["status"], cb1["attacked_by"]) == ("undec", ["a:c1"])
    assert (c1["status"], c1["attacked_by"]) == ("undec", ["k1", "b:cb1"])


def test_evaluate_table_golden():
    code, out, _ = run_cli("evaluate", FIXTURE, cwd=TESTS)
    assert code == 0
    golden(GOLDEN / "reading-evaluate.txt", out)


def test_opposite_stances_each_qualified_are_mixed_without_a_warning(tmp_path):
    from argmap.compare.analysis import position
    from conftest import load_text

    head = "---\nid: q\ntitle: t\nauthors: [A]\nyear: 2000\n---\n"
    scoped = load_text(
        head + 'thesis T "t" { at "1" stance r1 pro when "informal ties" }\n'
        'claim c1 "c" { at "2" supports T stance r1 con when "a formal alliance" }\n'
    )
    warnings: list[str] = []
    p = position(scoped, list(scoped.stances), warnings)
    assert (p.stance, p.rule, warnings) == ("mixed", "both", [])
    one_side = load_text(head + 'thesis T "t" { at "1" stance r1 pro }\nclaim c1 "c" { at "2" supports T stance r1 con when "x" }\n')
    assert position(one_side, list(one_side.stances), warnings).stance == "mixed" and warnings == []
    weighed = load_text(
        head + 'thesis T "t" { at "1" stance r1 mixed }\nclaim c1 "c" { at "2" supports T stance r1 pro }\n'
        'claim c2 "d" { at "3" supports T stance r1 con }\n'
    )
    assert position(weighed, list(weighed.stances), warnings).stance == "mixed" and warnings == []
    bare = load_text(head + 'thesis T "t" { at "1" stance r1 pro }\nclaim c1 "c" { at "2" supports T stance r1 con }\n')
    position(bare, list(bare.stances), warnings)
    assert warnings == ["q takes both pro (T) and con (c1) on `r1`; shown as mixed"]
