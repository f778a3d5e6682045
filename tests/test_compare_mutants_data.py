"""`compare --issue` and the JSON of `compare`, on corpora made for one rule
each: how deep a line of reasoning goes, which nodes a tree shows and
where, and the exact keys and values a reader of the JSON gets. Found by
the mutation audit of compare/drill.py and compare/data.py
(tests/README.md): each test fails when one of those rules changes.
"""

from __future__ import annotations

import json

from conftest import run_cli


def _corpus(folder, a_body: str, a_front: str = "year: 2000\n", b_body: str = 'thesis B1 "bee" { stance q con }') -> str:
    (folder / "issues.map").write_text('issue q "Is it so?"\n', encoding="utf-8")
    for map_id, front, body in (("a", a_front, a_body), ("b", "year: 2001\n", b_body)):
        (folder / f"{map_id}.map").write_text(
            f"---\nid: {map_id}\ntitle: t\nauthors: [{map_id.capitalize()}nn]\n{front}---\n{body}\n", encoding="utf-8"
        )
    return str(folder)


def _tree_csv(folder, *extra: str) -> list[str]:
    """The rows of `compare --issue q --format csv`, cut to map, depth,
    relation and node."""
    code, out, err = run_cli("compare", str(folder), "--issue", "q", "--format", "csv", *extra)
    assert code == 0, err
    return [",".join(line.split(",")[:4]) for line in out.splitlines()]


def test_issue_tree_stops_six_steps_below_its_root(tmp_path):
    # The stance six steps down keeps the line under the thesis; c7 and c8
    # are left out.
    chain = "".join(f'claim c{i} "{i}" {{ supports c{i - 1} }}\n' for i in range(2, 9))
    chain = chain.replace('"6" { supports c5 }', '"6" { supports c5 stance q pro }')
    _corpus(tmp_path, 'thesis T "t" { stance q pro }\nclaim c1 "1" { supports T }\n' + chain)
    assert _tree_csv(tmp_path) == [
        "map,depth,relation,node",
        "a,0,,T",
        "a,1,supports,c1",
        "a,2,supports,c2",
        "a,3,supports,c3",
        "a,4,supports,c4",
        "a,5,supports,c5",
        "a,6,supports,c6",
        "b,0,,B1",
    ]


def test_issue_tree_shows_a_node_once_per_map(tmp_path):
    # d gives a reason for both r1 and r2: it stands under the first only.
    _corpus(
        tmp_path,
        'thesis T "t" { stance q pro }\n'
        'claim r1 "r1" { supports T stance q pro }\n'
        'claim r2 "r2" { supports T stance q pro }\n'
        'claim d "d" { supports r1, r2 }\n',
    )
    assert _tree_csv(tmp_path) == [
        "map,depth,relation,node",
        "a,0,,T",
        "a,1,supports,r1",
        "a,2,supports,d",
        "a,1,supports,r2",
        "b,0,,B1",
    ]


def test_issue_tree_keeps_an_objection_to_the_thesis_that_also_attacks_a_pruned_reason(tmp_path):
    # p argues another question (no stance under it) and is left out; o
    # attacks both p and the thesis, and still stands under the thesis.
    _corpus(
        tmp_path,
        'thesis T "t" { stance q pro }\n'
        'claim p "p" { supports T }\n'
        'counterpoint o "o" { attacks p, T }\n'
        'claim r "r" { supports T stance q pro }\n',
    )
    assert _tree_csv(tmp_path) == [
        "map,depth,relation,node",
        "a,0,,T",
        "a,1,supports,r",
        "a,1,attacks,o",
        "b,0,,B1",
    ]


def test_issue_tree_of_a_forced_second_thesis_leaves_out_what_the_first_showed(tmp_path):
    # Two theses (an error, compared with --force): the objection to both
    # stands under the first only.
    _corpus(
        tmp_path,
        'thesis T1 "first" { stance q pro }\n'
        'thesis T2 "second" { stance q pro }\n'
        'counterpoint O "objection to both" { attacks T1, T2 }\n',
    )
    assert _tree_csv(tmp_path, "--force") == [
        "map,depth,relation,node",
        "a,0,,T1",
        "a,1,attacks,O",
        "a,0,,T2",
        "b,0,,B1",
    ]


def _ref(node_id: str, kind: str, text: str) -> dict:
    return {"id": node_id, "kind": kind, "text": text, "locator": None, "quote": None}


def test_issue_json_is_each_maps_tree_with_stances_qualifiers_and_status(tmp_path):
    _corpus(
        tmp_path,
        'thesis T "main" { stance q pro when "in war" }\n'
        'claim r1 "reason one" { supports T }\n'
        'claim r2 "unrelated" { supports T }\n'
        'claim o1 "objection" { attacks T }\n'
        'claim o2 "objection to r2" { attacks r2 }\n'
        'claim d1 "deep1" { supports r1 }\n'
        'claim d2 "deep2" { supports d1 stance q pro }\n',
    )
    code, out, err = run_cli("compare", str(tmp_path), "--issue", "q", "--format", "json")
    assert code == 0, err

    def node(ref, relation, stance, qualifier, status, children=()):
        return {**ref, "relation": relation, "stance": stance, "qualifier": qualifier, "status": status, "children": list(children)}

    d2 = node(_ref("d2", "claim", "deep2"), "supports", "pro", None, "in")
    d1 = node(_ref("d1", "claim", "deep1"), "supports", None, None, "in", [d2])
    r1 = node(_ref("r1", "claim", "reason one"), "supports", None, None, "in", [d1])
    o1 = node(_ref("o1", "claim", "objection"), "attacks", None, None, "in")
    assert json.loads(out) == {
        "issue": {"id": "q", "text": "Is it so?"},
        "maps": [
            {
                "map": "a",
                "label": "Ann 2000",
                "stance": "pro",
                "scope": "in war",
                "condition": None,
                "tree": [node(_ref("T", "thesis", "main"), None, "pro", "scope: in war", "out", [r1, o1])],
            },
            {
                "map": "b",
                "label": "Bnn 2001",
                "stance": "con",
                "scope": None,
                "condition": None,
                "tree": [node(_ref("B1", "thesis", "bee"), None, "con", None, "in")],
            },
        ],
    }


def test_issue_tree_lists_reasons_first_then_objections_and_undercutters_in_source_order(tmp_path):
    _corpus(
        tmp_path,
        'thesis T "t" { stance q pro }\n'
        'counterpoint u "u" { undercuts r -> T }\n'
        'counterpoint a1 "a1" { attacks T }\n'
        'claim r "r" { supports T stance q pro }\n',
    )
    assert _tree_csv(tmp_path) == [
        "map,depth,relation,node",
        "a,0,,T",
        "a,1,supports,r",
        "a,2,undercuts,u",  # under the reason whose inference it denies
        "a,1,attacks,a1",
        "b,0,,B1",
    ]


def test_issue_tree_under_a_claim_also_goes_six_steps_deep(tmp_path):
    # The stance is on a claim, not on the thesis: the tree starts there.
    chain = "".join(f'claim c{i} "{i}" {{ supports c{i - 1} }}\n' for i in range(1, 9))
    _corpus(tmp_path, 'thesis T "t"\nclaim c0 "0" { stance q pro }\n' + chain)
    assert _tree_csv(tmp_path) == [
        "map,depth,relation,node",
        "a,0,,c0",
        *(f"a,{i},supports,c{i}" for i in range(1, 7)),
        "b,0,,B1",
    ]


# --- the limits of long reports, at their real values --------------------


def _many(folder, count: int) -> str:
    """`count` maps on one issue, every third con, each with a point of its
    own (the last with two)."""
    (folder / "issues.map").write_text('issue q "Is it so?"\n', encoding="utf-8")
    for i in range(1, count + 1):
        stance = "con" if i % 3 == 0 else "pro"
        more = 'claim u2 "another" { supports T }\n' if i == count else ""
        (folder / f"m{i:03}.map").write_text(
            f'---\nid: m{i:03}\ntitle: t\nauthors: [A{i}]\nyear: 2000\n---\nthesis T "x" {{ stance q {stance} }}\n'
            f'claim u "own point" {{ supports T }}\n{more}',
            encoding="utf-8",
        )
    return str(folder)


def test_json_of_201_maps_lists_the_100_pairs_that_agree_most_and_the_100_that_agree_least(tmp_path):
    code, out, err = run_cli("compare", _many(tmp_path, 201), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    # 134 pro and 67 con: 8,911 + 2,211 pairs agree, of 20,100.
    assert result["agreement_summary"] == {"pairs": 20100, "sharing": 20100, "listed": 200, "shared": 20100, "agree": 11122}
    listed = result["agreement"]
    assert [p["agree"] for p in listed] == [1] * 100 + [0] * 100
    assert listed[0] == {"a": "m001", "b": "m002", "shared": 1, "agree": 1, "share": 1.0}
    assert listed[-1] == {"a": "m200", "b": "m201", "shared": 1, "agree": 0, "share": 0.0}


def test_markdown_of_201_maps_names_the_first_50(tmp_path):
    code, out, err = run_cli("compare", _many(tmp_path, 201), "--format", "markdown")
    assert code == 0, err
    assert "- **A50 2000** (m050): t\n- … and 151 more maps\n" in out
    assert "A51 2000" not in out.split("- … and 151 more maps")[0]
    # The points of the first 50 maps that have any, and a count of the rest.
    assert out.endswith("- A50 2000, u: own point\n- … and 152 more unique points of 151 more maps\n")


# --- labels and the JSON of one cell ---------------------------------------


def _labels(folder, *extra: str) -> list[str]:
    code, out, err = run_cli("compare", str(folder), "--format", "json", *extra)
    assert code == 0, err
    return [m["label"] for m in json.loads(out)["maps"]]


def _map(folder, map_id: str, front: str, stance: str) -> None:
    (folder / f"{map_id}.map").write_text(
        f'---\nid: {map_id}\ntitle: t\n{front}---\nthesis T "x" {{ stance q {stance} }}\n', encoding="utf-8"
    )


def test_labels_name_the_first_authors_surname_and_give_way_to_the_id_when_shared(tmp_path):
    (tmp_path / "issues.map").write_text('issue q "Is it so?"\n', encoding="utf-8")
    _map(tmp_path, "m1", 'authors: ["Wilkins, Thomas S."]\nyear: 2012\n', "pro")
    _map(tmp_path, "m2", 'authors: ["Thomas S. Wilkins"]\nyear: 2012\n', "con")
    _map(tmp_path, "m3", 'authors: ["陳文甲", "Li"]\nauthors_en: ["Chen, Wenjia", "Li"]\nyear: 2024\n', "pro")
    _map(tmp_path, "m4", "authors: [Solo]\nauthors_en: [Solo]\nyear: 1999\n", "pro")
    _map(tmp_path, "m5", "authors: [Ng]\nyear: 2012\n", "con")
    assert _labels(tmp_path) == ["Solo 1999", "m1", "m2", "Ng 2012", "陳文甲 et al. 2024"]
    assert _labels(tmp_path, "--lang", "en") == ["Solo 1999", "m1", "m2", "Ng 2012", "Chen et al. 2024"]


def test_as_dict_is_the_json_that_compare_prints(tmp_path):
    # The library's one-piece form of the JSON, with every list a list.
    from argmap.compare import compare
    from argmap.compare.data import as_dict
    from argmap.corpus import load

    folder = _corpus(tmp_path, 'thesis T "t" { stance q pro when "in war" }\nclaim r "r" { supports T }\n')
    code, out, err = run_cli("compare", folder, "--format", "json")
    assert code == 0, err
    result = as_dict(compare(load([folder]).corpus))
    assert all(not hasattr(v, "__next__") for v in result.values())
    assert result == json.loads(out)
    assert result["maps"][0]["label"] == "Ann 2000"


def test_two_corpora_of_the_same_size_compared_in_turn_each_get_their_own_labels(tmp_path):
    # One process, one comparison after the other (as a library user or a
    # long-lived tool would run them): the second's shared label is seen.
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, maps in ((first, (("x1", "Ng"), ("x2", "Bo"))), (second, (("y1", "Ng"), ("y2", "Ng")))):
        folder.mkdir()
        (folder / "issues.map").write_text('issue q "Is it so?"\n', encoding="utf-8")
        for map_id, author in maps:
            _map(folder, map_id, f"authors: [{author}]\nyear: 2012\n", "pro" if map_id.endswith("1") else "con")
    assert _labels(first) == ["Ng 2012", "Bo 2012"]
    assert _labels(second) == ["y1", "y2"]
    assert _labels(first) == ["Ng 2012", "Bo 2012"]


def test_stance_json_qualifies_each_node_by_its_own_stance(tmp_path):
    # The claim's stance is qualified and comes first; the thesis carries
    # the position unqualified. A map without authors (an error, compared
    # with --force) is labelled by its id.
    (tmp_path / "issues.map").write_text('issue q "Is it so?"\n', encoding="utf-8")
    (tmp_path / "a.map").write_text(
        '---\nid: a\ntitle: t\nyear: 2000\n---\nclaim c "c" { supports T stance q pro when "in war" }\nthesis T "t" { stance q pro }\n',
        encoding="utf-8",
    )
    _map(tmp_path, "b", "authors: [Bo]\nyear: 2001\n", "con")
    code, out, _ = run_cli("compare", str(tmp_path), "--format", "json", "--force")
    assert code == 0
    result = json.loads(out)
    assert [m["label"] for m in result["maps"]] == ["a 2000", "Bo 2001"]
    ref = {"map": "a", "locator": None, "quote": None, "stance": "pro", "agrees": True}
    assert result["issues"][0]["stances"][0] == {
        "map": "a", "stance": "pro", "scope": None, "condition": None, "carrier": "T", "locator": None, "quote": None,
        "rule": "one", "sides": None,
        "nodes": [
            {**ref, "id": "T", "kind": "thesis", "text": "t", "scope": None, "condition": None},
            {**ref, "id": "c", "kind": "claim", "text": "c", "scope": "in war", "condition": None},
        ],
    }


def test_explain_json_is_everything_behind_one_cell(tmp_path):
    (tmp_path / "issues.map").write_text('issue q "Is it so?"\n', encoding="utf-8")
    (tmp_path / "a.map").write_text(
        '---\nid: a\ntitle: t\nauthors: [Ann]\nyear: 2000\n---\nthesis T "T" { stance q pro if "cheap" }\n'
        'claim s "s" { supports T }\ncounterpoint k "k" { attacks T }\nrebuttal r "r" { attacks k }\n',
        encoding="utf-8",
    )
    _map(tmp_path, "b", "authors: [Bo]\nyear: 2001\n", "con")
    code, out, err = run_cli("compare", str(tmp_path), "--explain", "q", "a", "--format", "json")
    assert code == 0, err

    def ref(node_id, kind):
        return {"map": "a", "id": node_id, "kind": kind, "text": node_id, "locator": None, "quote": None}

    assert json.loads(out) == {
        "version": 2,
        "issue": {"id": "q", "text": "Is it so?"},
        "map": {"id": "a", "label": "Ann 2000", "path": str(tmp_path / "a.map")},
        "position": {
            "map": "a", "stance": "pro", "scope": None, "condition": "cheap", "carrier": "T", "locator": None,
            "quote": None, "rule": "one", "sides": None,
            "nodes": [{**ref("T", "thesis"), "stance": "pro", "scope": None, "condition": "cheap", "agrees": True}],
        },
        "rule": {"id": "one", "text": "every node that takes a stance on it agrees"},
        "support": ref("s", "claim"),
        "concessions": [
            {**ref("k", "counterpoint"), "status": "answered", "answered_by": [ref("r", "rebuttal")], "why": "it attacks T, which is pro"}
        ],
    }


def test_json_gives_each_issue_its_status(tmp_path):
    (tmp_path / "issues.map").write_text("".join(f'issue q{i} "q{i}?"\n' for i in range(1, 5)), encoding="utf-8")
    for map_id, stances in (("a", "q1 pro stance q2 pro stance q3 pro stance q4 pro"), ("b", "q1 con stance q2 pro stance q4 mixed")):
        (tmp_path / f"{map_id}.map").write_text(
            f'---\nid: {map_id}\ntitle: t\nauthors: [X]\nyear: 2000\n---\nthesis T "t" {{ stance {stances} }}\n', encoding="utf-8"
        )
    code, out, err = run_cli("compare", str(tmp_path), "--format", "json")
    assert code == 0, err
    statuses = [(i["id"], i["status"]) for i in json.loads(out)["issues"]]
    assert statuses == [("q1", "conflict"), ("q2", "consensus"), ("q3", "single"), ("q4", "divided")]
