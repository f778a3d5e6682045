"""The reading of positions, on corpora made for one rule each: the order of
the maps in time, the rules that decide a position, what counts as a
concession. Found by the mutation audit of compare/analysis.py
(tests/README.md): each test fails when one of those rules changes.
"""

from __future__ import annotations

import json

from argmap.compare import compare
from argmap.compare.analysis import position
from argmap.corpus import load
from conftest import run_cli


def _write(folder, map_id: str, front: str, body: str) -> None:
    (folder / f"{map_id}.map").write_text(
        f"---\nid: {map_id}\ntitle: t\nauthors: [{map_id.capitalize()}]\n{front}---\n{body}\n", encoding="utf-8"
    )


def _issues(folder, *ids: str) -> None:
    (folder / "issues.map").write_text("".join(f'issue {i} "{i}?"\n' for i in ids), encoding="utf-8")


def test_maps_stand_in_order_of_year_then_date_then_id(tmp_path):
    _issues(tmp_path, "q")
    _write(tmp_path, "alpha", "year: 2012\n", 'thesis T "x" { stance q pro }')
    _write(tmp_path, "zeta", "year: 2001\n", 'thesis T "x" { stance q con }')
    # One year, two texts: the front matter's date puts them in order.
    # (The ids would put them the other way round.)
    _write(tmp_path, "spring", "year: 2005\ndate: 2005-03-01\n", 'thesis T "x" { stance q con }')
    _write(tmp_path, "autumn", "year: 2005\ndate: 2005-11-02\n", 'thesis T "x" { stance q pro }')
    # No year (an error, compared with --force): last.
    _write(tmp_path, "aaa", "", 'thesis T "x" { stance q mixed }')
    code, out, _ = run_cli("compare", str(tmp_path), "--format", "json", "--force")
    assert code == 0
    result = json.loads(out)
    order = ["zeta", "spring", "autumn", "alpha", "aaa"]
    assert [m["id"] for m in result["maps"]] == order
    assert [s["map"] for s in result["issues"][0]["stances"]] == order
    code, out, _ = run_cli("compare", str(tmp_path), "--format", "markdown", "--force")
    assert "- **q**: Zeta 2001 con → Spring 2005 con → Autumn 2005 pro → Alpha 2012 pro → Aaa mixed\n" in out


def test_position_without_a_list_for_warnings(tmp_path):
    # The library call on its own (as diff and render make it): a map that
    # says both pro and con is mixed, and no list is needed for the warning.
    _issues(tmp_path, "q")
    _write(tmp_path, "a", "year: 2000\n", 'thesis T "x" { stance q pro }\nclaim c1 "y" { supports T stance q con }')
    m = next(m for m in load([str(tmp_path)]).corpus.maps if m.id == "a")
    p = position(m, list(m.stances))
    assert (p.stance, p.rule, p.carrier.id) == ("mixed", "both", "T")
    warnings: list[str] = []
    position(m, list(m.stances), warnings)
    assert warnings == ["a takes both pro (T) and con (c1) on `q`; shown as mixed"]


def _explain(folder, issue: str, map_id: str) -> dict:
    code, out, err = run_cli("compare", str(folder), "--explain", issue, map_id, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_only_counterpoints_speak_so_their_stance_is_read(tmp_path):
    _issues(tmp_path, "q")
    _write(tmp_path, "a", "year: 2000\n", 'thesis T "x"\nclaim c1 "y" { supports T counterpoint k1 "z" { stance q con } }')
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q pro }')
    result = _explain(tmp_path, "q", "a")
    assert (result["position"]["stance"], result["rule"]["id"], result["position"]["carrier"]) == ("con", "counterpoints-only", "k1")


def test_an_objection_beneath_a_reason_that_shares_the_thesis_stance_is_conceded(tmp_path):
    # The thesis carries q; c1 takes the same stance, so what lies beneath c1
    # is reasoning on q, and an objection to p1 there weighs against it.
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'thesis T "x" { stance q pro }\n'
        'claim c1 "y" { supports T stance q pro premise p1 "z" { counterpoint k1 "w" } }\n'
        'claim c2 "v" { supports T premise p2 "u" { counterpoint k2 "t" } }',
    )
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    result = _explain(tmp_path, "q", "a")
    # k2 attacks p2, beneath c2, which argues another question: not counted.
    assert [(k["id"], k["status"], k["why"]) for k in result["concessions"]] == [
        ("k1", "conceded", "it attacks p1, in the carrier's reasoning")
    ]


def test_nothing_weighs_against_a_mixed_position(tmp_path):
    _issues(tmp_path, "q")
    _write(tmp_path, "a", "year: 2000\n", 'thesis T "x" { stance q mixed counterpoint k1 "w" }')
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    result = _explain(tmp_path, "q", "a")
    assert result["position"]["stance"] == "mixed"
    assert result["concessions"] == []
    # The same objection to a con thesis is conceded.
    _write(tmp_path, "a", "year: 2000\n", 'thesis T "x" { stance q con counterpoint k1 "w" }')
    assert [k["id"] for k in _explain(tmp_path, "q", "a")["concessions"]] == ["k1"]


def test_concessions_as_a_library_call(tmp_path):
    from argmap.compare.analysis import concessions

    _issues(tmp_path, "q")
    _write(tmp_path, "a", "year: 2000\n", 'thesis T "x" { stance q con counterpoint k1 "w" }')
    m = next(m for m in load([str(tmp_path)]).corpus.maps if m.id == "a")
    found = concessions(position(m, list(m.stances)))  # evaluated on the spot
    assert [(k.node.id, k.verdict, k.why) for k in found] == [("k1", "conceded", "it attacks T, which is con")]


def test_an_objection_with_its_own_stance_that_attacks_nothing(tmp_path):
    # k1 takes q con against the author's pro and attacks nothing (an error,
    # AM307, compared with --force): its own stance says it weighs against.
    _issues(tmp_path, "q")
    _write(tmp_path, "a", "year: 2000\n", 'thesis T "x" { stance q pro }\ncounterpoint k1 "w" { stance q con }')
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    code, out, err = run_cli("compare", str(tmp_path), "--explain", "q", "a", "--format", "json", "--force")
    assert code == 0, err
    assert [(k["id"], k["why"]) for k in json.loads(out)["concessions"]] == [("k1", "its own stance is con")]


def test_the_nodes_behind_a_position_rank_by_kind_then_source_order(tmp_path):
    # Declared weakest first, so that only the ranking puts them in order.
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'rebuttal r1 "r" { stance q pro attacks k1 }\n'
        'counterpoint k1 "k" { stance q con attacks p1 }\n'
        'evidence e1 "e" { stance q pro supports p1 at "§1" }\n'
        'premise p1 "p" { stance q pro supports c1 }\n'
        'recommendation rec1 "m" { stance q pro supports T }\n'
        'claim c2 "c" { stance q pro supports T }\n'
        'claim c1 "c" { stance q pro supports T }\n'
        'thesis T "t" { stance q pro }',
    )
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    nodes = _explain(tmp_path, "q", "a")["position"]["nodes"]
    assert [(n["id"], n["stance"], n["agrees"]) for n in nodes] == [
        ("T", "pro", True), ("c2", "pro", True), ("c1", "pro", True), ("rec1", "pro", True),
        ("p1", "pro", True), ("e1", "pro", True), ("k1", "con", False), ("r1", "pro", True),
    ]


RULE_CASES = {
    # map body → (stance, rule, carrier, rule text)
    'thesis T "t" { stance q pro }\nclaim c1 "c" { supports T stance q pro }': (
        "pro", "one", "T", "every node that takes a stance on it agrees"),
    'thesis T "t"\nclaim c1 "c" { supports T counterpoint k1 "k" { stance q pro } }': (
        "pro", "counterpoints-only", "k1", "only counterpoints speak to it, so their stance is read"),
    'thesis T "t"\nclaim c1 "c" { supports T stance q pro }\nclaim c2 "c" { supports T stance q con }': (
        "mixed", "both", "c1", "the author's own nodes say both pro and con (each within its own scope where qualified), so the position is mixed"),
    'thesis T "t" { stance q con }\nclaim c1 "c" { supports T stance q mixed }': (
        "con", "thesis", "T", "stances differ without a pro/con clash; the thesis's stance decides"),
    'thesis T "t"\nclaim c1 "c" { supports T stance q pro }\nclaim c2 "c" { supports T stance q mixed }': (
        "mixed", "mixture", "c2", "stances differ without a pro/con clash and the thesis is silent, so mixed"),
}


def test_each_rule_of_the_reading_is_named_with_its_words(tmp_path):
    _issues(tmp_path, "q")
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    for body, expected in RULE_CASES.items():
        _write(tmp_path, "a", "year: 2000\n", body)
        result = _explain(tmp_path, "q", "a")
        found = (result["position"]["stance"], result["rule"]["id"], result["position"]["carrier"], result["rule"]["text"])
        assert found == expected, body
        assert result["position"]["rule"] == expected[1]


def test_the_strongest_support_has_the_most_reasons_beneath_it_each_counted_once(tmp_path):
    # c1: p1 and p2, and e1 under both — three reasons. c2: q1 over q3 and
    # q2 over q4 — four. Counted twice, e1 would tie c1 with c2; counted
    # only one level down, c1 and c2 would tie at two.
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'thesis T "t" { stance q pro }\n'
        'claim c1 "c" { supports T }\n'
        'claim c2 "c" { supports T }\n'
        'premise p1 "p" { supports c1 }\npremise p2 "p" { supports c1 }\n'
        'evidence e1 "e" { at "§1" supports p1 supports p2 }\n'
        'premise q1 "p" { supports c2 premise q3 "p" }\npremise q2 "p" { supports c2 premise q4 "p" }',
    )
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    assert _explain(tmp_path, "q", "a")["support"]["id"] == "c2"


def test_both_sides_of_a_qualified_mixed_position_in_the_terminal(tmp_path):
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'thesis T "t"\nclaim c1 "c" { supports T stance q pro when "the 1990s" }\n'
        'claim c2 "c" { supports T stance q con when "today" }',
    )
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    code, out, _ = run_cli("compare", str(tmp_path))
    assert code == 0
    assert "† A 2000 · q mixed pro c1 [scope: the 1990s]; con c2 [scope: today]\n" in out


def test_a_position_that_rests_on_an_objection_says_so(tmp_path):
    _issues(tmp_path, "q")
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    _write(tmp_path, "a", "year: 2000\n", 'thesis T "t"\nclaim c1 "c" { supports T counterpoint k1 "k" { stance q pro } }')
    out = run_cli("compare", str(tmp_path), "--format", "markdown")[1]
    assert "  - A 2000: **pro** — counterpoint k1: k (*an objection the author raises and leaves standing*)\n" in out
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'thesis T "t"\nclaim c1 "c" { supports T counterpoint k1 "k" { stance q pro rebuttal r1 "r" } }',
    )
    out = run_cli("compare", str(tmp_path), "--format", "markdown")[1]
    assert "  - A 2000: **pro** — counterpoint k1: k (*an objection the author raises, answered by r1*)\n" in out
    # Carried by the author's own node, a position has no such note.
    _write(tmp_path, "a", "year: 2000\n", 'thesis T "t" { stance q pro counterpoint k1 "k" }')
    out = run_cli("compare", str(tmp_path), "--format", "markdown")[1]
    assert "  - A 2000: **pro** — thesis T: t\n" in out


def test_under_a_thesis_the_branch_up_to_a_node_that_takes_the_stance_is_its_reasoning(tmp_path):
    # p1 takes the thesis's stance; c1, between them, has none: c1 is on the
    # line of reasoning, so k1's attack on it counts; k2 on c2 does not.
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'thesis T "t" { stance q pro }\n'
        'claim c1 "c" { supports T premise p1 "p" { stance q pro } counterpoint k1 "k" }\n'
        'claim c2 "c" { supports T counterpoint k2 "k" }',
    )
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    result = _explain(tmp_path, "q", "a")
    assert [(k["id"], k["why"]) for k in result["concessions"]] == [("k1", "it attacks c1, in the carrier's reasoning")]


def test_only_counterpoints_concede_and_the_first_attack_says_why(tmp_path):
    # c2 attacks c1 too, but it is the author's own claim, not an objection;
    # k1 attacks T and c1, and is counted for its attack on T.
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'thesis T "t" { stance q pro }\nclaim c1 "c" { supports T }\n'
        'claim c2 "c" { supports T attacks c1 }\ncounterpoint k1 "k" { attacks T attacks c1 }',
    )
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    result = _explain(tmp_path, "q", "a")
    assert [(k["id"], k["why"]) for k in result["concessions"]] == [("k1", "it attacks T, which is pro")]


def test_a_link_to_a_map_that_is_not_there_is_left_out(tmp_path):
    # An error (compared with --force): the link names no map of the corpus.
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'thesis T "t" { stance q pro }\nclaim c1 "c" { supports T same_as zz:c9 contradicts b:c9 }',
    )
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    code, out, err = run_cli("compare", str(tmp_path), "--format", "json", "--force")
    assert code == 0, err
    result = json.loads(out)
    assert (result["same_as"], result["contradictions"]) == ([], [])
    assert [(u["map"], u["id"]) for u in result["unique"]] == [("a", "c1")]


def test_a_mixed_position_of_two_qualified_sides_has_no_qualifier_of_its_own(tmp_path):
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'thesis T "t"\nclaim c1 "c" { supports T stance q pro when "the 1990s" }\n'
        'claim c2 "c" { supports T stance q con when "today" }',
    )
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    out = run_cli("compare", str(tmp_path), "--format", "markdown")[1]
    assert "- **q**: A 2000 mixed → B 2001 con\n" in out


def test_the_chain_of_a_map_in_no_conflict(tmp_path):
    # q has no conflict, so nothing was evaluated while comparing: --issue
    # evaluates each map when it needs it.
    _issues(tmp_path, "q")
    _write(tmp_path, "a", "year: 2000\n", 'thesis T "t" { stance q pro counterpoint k1 "k" { rebuttal r1 "r" } }')
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q pro }')
    code, out, err = run_cli("compare", str(tmp_path), "--issue", "q", "--format", "json")
    assert code == 0, err
    tree = json.loads(out)["maps"][0]["tree"][0]
    assert [(b["id"], b["status"]) for b in tree["children"]] == [("k1", "out")]
    assert tree["children"][0]["children"][0]["id"] == "r1"


def test_an_objection_locked_with_its_answer_is_undecided(tmp_path):
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'thesis T "t" { stance q pro }\ncounterpoint k1 "k" { attacks T attacks r1 }\nrebuttal r1 "r" { attacks k1 }',
    )
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    result = _explain(tmp_path, "q", "a")
    assert [(k["id"], k["status"]) for k in result["concessions"]] == [("k1", "undecided")]


def test_under_a_claim_everything_beneath_it_is_its_reasoning(tmp_path):
    # e1 is two levels below the carrier c1: an objection to it counts.
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'thesis T "t"\nclaim c1 "c" { supports T stance q pro premise p1 "p" { evidence e1 "e" { at "§1" counterpoint k1 "k" } } }',
    )
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    result = _explain(tmp_path, "q", "a")
    assert [(k["id"], k["why"]) for k in result["concessions"]] == [("k1", "it attacks e1, in the carrier's reasoning")]


def test_off_the_line_a_reason_neither_supports_nor_concedes(tmp_path):
    # Under the thesis, the reasoning on q runs through c1 (p1 takes q pro)
    # and c3 (c3 takes q pro itself). c2 argues something else: its many
    # reasons do not make it the strongest support, and an undercut of its
    # inference into the thesis concedes nothing on q. Of c1 and c3, c3
    # speaks to q itself, and wins over c1's deeper branch.
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'thesis T "t" { stance q pro }\n'
        'claim c1 "c" { supports T premise p1 "p" { stance q pro premise p4 "p" } }\n'
        'claim c2 "c" { supports T premise p5 "p" premise p6 "p" premise p7 "p" premise p8 "p" }\n'
        'claim c3 "c" { supports T stance q pro }\n'
        'counterpoint k1 "k" { undercuts c2 -> T }\ncounterpoint k3 "k" { undercuts c1 -> T }',
    )
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    result = _explain(tmp_path, "q", "a")
    assert result["support"]["id"] == "c3"
    assert [(k["id"], k["why"]) for k in result["concessions"]] == [("k3", "it undercuts c1 -> T in the carrier's reasoning")]


def test_the_strongest_support_off_the_line_is_never_chosen(tmp_path):
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        "year: 2000\n",
        'thesis T "t" { stance q pro }\n'
        'claim c1 "c" { supports T premise p1 "p" { stance q pro } }\n'
        'claim c2 "c" { supports T premise p5 "p" premise p6 "p" premise p7 "p" }',
    )
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "x" { stance q con }')
    assert _explain(tmp_path, "q", "a")["support"]["id"] == "c1"


def test_no_map_at_all_says_none(tmp_path):
    _issues(tmp_path, "q")
    code, _, err = run_cli("compare", str(tmp_path))
    assert code == 1
    assert " ".join(err.split()).startswith("argmap: compare needs at least two maps; found 0 (none).")


def test_two_qualifiers_of_one_node_are_joined(tmp_path):
    _issues(tmp_path, "q")
    _write(tmp_path, "a", "year: 2000\n", 'thesis T "t" { stance q pro when "the 1990s" stance q pro if "peace holds" }')
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "t" { stance q con }')
    out = run_cli("compare", str(tmp_path), "--format", "markdown")[1]
    assert "  - A 2000: **pro [scope: the 1990s; if peace holds]** — thesis T: t\n" in out


def test_a_map_with_no_nodes_is_not_compared(tmp_path):
    # Front matter alone (an error, compared with --force): nothing to line up.
    _issues(tmp_path, "q")
    _write(tmp_path, "a", "year: 2000\n", 'thesis T "t" { stance q pro }')
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "t" { stance q con }')
    _write(tmp_path, "c", "year: 2002\n", "")
    code, out, err = run_cli("compare", str(tmp_path), "--format", "json", "--force")
    assert code == 0, err
    assert [m["id"] for m in json.loads(out)["maps"]] == ["a", "b"]


def test_a_side_bounded_by_qualifiers_is_no_contradiction(tmp_path):
    # pro only "for the 1990s", con without bounds: a scoped answer, no
    # warning. With both sides unbounded, the author seems to say both.
    _issues(tmp_path, "q")
    _write(tmp_path, "b", "year: 2001\n", 'thesis T "t" { stance q con }')
    for c1, warned in (('stance q pro when "the 1990s"', False), ("stance q pro", True)):
        _write(tmp_path, "a", "year: 2000\n", f'thesis T "t"\nclaim c1 "c" {{ supports T {c1} }}\nclaim c2 "c" {{ supports T stance q con }}')
        c = compare(load([str(tmp_path)]).corpus)
        assert c.positions["q"]["a"].stance == "mixed"
        assert c.warnings == (["a takes both pro (c1) and con (c2) on `q`; shown as mixed"] if warned else [])
