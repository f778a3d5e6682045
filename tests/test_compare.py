"""compare on a fixture whose figures were worked out by hand:

    q1: m1 pro, m2 pro, m3 con            → conflict
    q2: m1 con, m2 pro, m3 pro+con=mixed  → conflict (m3 in between, warned)
    q3: m1 pro, m3 pro                    → consensus
    q4: m2 mixed                          → one voice
    agreement: m1/m2 1 of 2, m1/m3 1 of 3, m2/m3 0 of 2
"""

from __future__ import annotations

import csv
import io
import json


from argmap.compare import compare
from argmap.corpus import load
from conftest import TESTS, golden, run_cli

GOLDEN = TESTS / "golden"
FIXTURE = "fixtures/compare"


def comparison():
    return compare(load([str(TESTS / FIXTURE)]).corpus)


def test_positions_agreement_conflicts_consensus():
    c = comparison()
    assert [m.id for m in c.maps] == ["m1", "m2", "m3"]
    cells = {i.id: {m: (p.stance, p.carrier.id) for m, p in c.positions[i.id].items()} for i in c.issues}
    assert cells == {
        "q1": {"m1": ("pro", "T"), "m2": ("pro", "T"), "m3": ("con", "T")},
        "q2": {"m1": ("con", "c1"), "m2": ("pro", "c1"), "m3": ("mixed", "c1")},
        "q3": {"m1": ("pro", "T"), "m3": ("pro", "T")},
        "q4": {"m2": ("mixed", "T")},
    }
    assert [(p.a.id, p.b.id, p.agree, p.shared) for p in c.agreement] == [
        ("m1", "m2", 1, 2),
        ("m1", "m3", 1, 3),
        ("m2", "m3", 0, 2),
    ]
    assert [x.issue.id for x in c.conflicts] == ["q1", "q2"]
    q2 = c.conflicts[1]
    assert [s.position.map.id for s in q2.pro] == ["m2"]
    assert [s.position.map.id for s in q2.con] == ["m1"]
    assert [s.position.map.id for s in q2.mixed] == ["m3"]
    m1 = q2.con[0]
    assert m1.support.id == "p2"  # the support with the most beneath it
    # k1 attacks c1, the carrier, and nothing answers it: conceded.
    assert [(k.node.id, k.verdict) for k in m1.concessions] == [("k1", "conceded")]
    assert [i.id for i in c.consensus] == ["q3"]
    assert [(m.id, n.id) for m, n in c.unique] == [("m2", "c2"), ("m3", "c1"), ("m3", "c2")]
    assert [(l.source_map.id, l.source.id, l.target_map.id, l.target.id) for l in c.contradictions] == [("m2", "c1", "m1", "c1")]
    assert c.warnings == ["m3 takes both pro (c1) and con (c2) on `q2`; shown as mixed"]
    assert [i.id for i in c.unused_issues] == ["q5"]


def test_counterpoint_stances_do_not_count_as_the_authors_own():
    # m3's counterpoint k1 takes `q1 pro`, but the author argues con.
    assert comparison().positions["q1"]["m3"].stance == "con"


def test_table_golden_at_80_columns():
    code, out, err = run_cli("compare", FIXTURE, "--lang", "en")
    assert code == 0
    assert err == (  # wrapped to the terminal like the report
        "argmap: warning: m2, m3 have no `authors_en` in the front matter; their author\n"
        "                 names are shown as written\n"
        "argmap: warning: m3 takes both pro (c1) and con (c2) on `q2`; shown as mixed\n"
    )
    assert all(len(line) <= 80 for line in out.splitlines())
    golden(GOLDEN / "compare.txt", out)


def test_table_with_chinese_text_aligns_by_display_width():
    from rich.cells import cell_len

    code, out, _ = run_cli("compare", FIXTURE)
    assert code == 0
    table = [line for line in out.splitlines() if line.startswith("│ q")]
    assert table and len({cell_len(line) for line in table}) == 1
    assert all(cell_len(line) <= 80 for line in out.splitlines())


def test_json():
    code, out, _ = run_cli("compare", FIXTURE, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["version"] == 2
    assert data["agreement"] == [
        {"a": "m1", "b": "m2", "shared": 2, "agree": 1, "share": 0.5},
        {"a": "m1", "b": "m3", "shared": 3, "agree": 1, "share": 0.3333},
        {"a": "m2", "b": "m3", "shared": 2, "agree": 0, "share": 0.0},
    ]
    q2 = data["issues"][1]
    assert q2["id"] == "q2" and q2["status"] == "conflict"
    assert [(s["map"], s["stance"], s["carrier"]) for s in q2["stances"]] == [("m1", "con", "c1"), ("m2", "pro", "c1"), ("m3", "mixed", "c1")]
    node = {"map": "m3", "kind": "claim", "quote": None, "scope": None, "condition": None, "agrees": False}
    assert q2["stances"][2]["nodes"] == [
        {**node, "id": "c1", "text": "部分可行", "locator": "¶2", "stance": "pro"},
        {**node, "id": "c2", "text": "部分不可行", "locator": "¶3", "stance": "con"},
    ]
    assert q2["stances"][2]["rule"] == "both"
    assert [i["status"] for i in data["issues"]] == ["conflict", "conflict", "consensus", "single"]
    assert data["unused_issues"] == ["q5"]
    golden(GOLDEN / "compare.json", out)


def test_csv_is_the_long_stance_matrix():
    code, out, _ = run_cli("compare", FIXTURE, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4 * 3
    assert rows[0] == {
        "issue": "q1", "question": "問題一？", "map": "m1", "authors": "Ann Lee", "year": "2010",
        "stance": "pro", "scope": "", "condition": "", "carrier": "T", "locator": "§1", "quote": "", "nodes": "T:pro",
    }
    assert rows[5]["stance"] == "mixed" and rows[5]["nodes"] == "c1:pro c2:con"
    assert [r["stance"] for r in rows[9:]] == ["silent", "mixed", "silent"]


def test_markdown_golden():
    code, out, _ = run_cli("compare", FIXTURE, "--format", "markdown", "--lang", "en")
    assert code == 0
    assert out.startswith("# Comparison of positions\n\n3 maps, 4 questions")
    assert "## Stances\n\n| issue | Lee 2010 | 王小明 et al. 2015 | 陳三 2020 |\n|---|---|---|---|\n" in out
    golden(GOLDEN / "compare.md", out)


def test_issue_drill_down():
    code, out, _ = run_cli("compare", FIXTURE, "--issue", "q2", "--format", "json")
    assert code == 0
    data = json.loads(out)
    m1 = data["maps"][0]
    assert (m1["map"], m1["stance"]) == ("m1", "con")
    c1 = m1["tree"][0]
    assert (c1["id"], c1["stance"]) == ("c1", "con")
    assert [(b["relation"], b["id"]) for b in c1["children"]] == [
        ("supports", "e1"), ("supports", "p1"), ("supports", "p2"), ("attacks", "k1"),
    ]
    assert c1["children"][2]["children"][0]["id"] == "e2"
    code, out, _ = run_cli("compare", FIXTURE, "--issue", "q2", "--lang", "en")
    assert code == 0
    golden(GOLDEN / "compare_issue.txt", out)


def test_drill_under_a_thesis_keeps_only_what_reaches_the_issue():
    data = json.loads(run_cli("compare", FIXTURE, "--issue", "q1", "--format", "json")[1])
    m3 = next(m for m in data["maps"] if m["map"] == "m3")
    # m3's thesis holds q1; c1 and c2 argue q2 and carry no stance on q1,
    # but k1 under c2 does, so c2's line is kept and c1's dropped.
    assert [b["id"] for b in m3["tree"][0]["children"]] == ["c2"]


def test_unknown_issue_is_a_usage_error():
    code, _, err = run_cli("compare", FIXTURE, "--issue", "q22")
    assert code == 2
    assert err == "argmap: error: no issue `q22` is declared — did you mean `q2`?\n"
    code, _, err = run_cli("compare", FIXTURE, "--issue", "q5")
    assert code == 2
    assert err.startswith("argmap: error: no map takes a stance on issue `q5` (issues with stances: q1, q2, q3, q4)")


def test_suggest_finds_same_meaning_across_maps():
    code, out, _ = run_cli("compare", FIXTURE, "--suggest", "--format", "json")
    assert code == 0
    pairs = [(s["a"]["map"] + ":" + s["a"]["id"], s["b"]["map"] + ":" + s["b"]["id"]) for s in json.loads(out)["suggestions"]]
    # m1:c1 and m2:c1 are linked already, so they are not suggested again.
    assert ("m1:c1", "m2:c1") not in pairs
    assert pairs[0] == ("m1:T", "m3:T")


def test_single_map_says_what_to_add():
    code, out, err = run_cli("compare", f"{FIXTURE}/m1.map", f"{FIXTURE}/issues.map")
    assert code == 1 and out == ""
    assert err.startswith("argmap: compare needs at least two maps; found 1 (fixtures/compare/m1.map).")


def test_maps_without_stances(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.map").write_text(
            f'---\nid: {name}\ntitle: t\nauthors: [x]\nyear: 2000\n---\nthesis T "x"\n', encoding="utf-8"
        )
    code, _, err = run_cli("compare", str(tmp_path))
    assert code == 1
    assert "none of these maps takes a stance on a declared issue" in err
    assert "stance ISSUE pro|con|mixed" in err


def test_no_shared_issue(tmp_path):
    (tmp_path / "issues.map").write_text('issue x "X?"\nissue y "Y?"\n', encoding="utf-8")
    for name, issue in (("a", "x"), ("b", "y")):
        (tmp_path / f"{name}.map").write_text(
            f'---\nid: {name}\ntitle: t\nauthors: [x]\nyear: 2000\n---\nthesis T "x" {{ stance {issue} pro }}\n',
            encoding="utf-8",
        )
    code, _, err = run_cli("compare", str(tmp_path))
    assert code == 1
    assert "no issue is addressed by two or more maps" in err
    assert "(x: a; y: b)" in err


def test_maps_with_errors_are_refused():
    code, out, err = run_cli("compare", "cases/theses_and_attacks.map", "fixtures/compare")
    assert code == 1 and out == ""
    assert "nothing compared" in err


def test_report_to_file(tmp_path):
    target = tmp_path / "report.md"
    code, out, _ = run_cli("compare", FIXTURE, "--format", "markdown", "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("# Comparison of positions")


def test_markup_in_map_text_is_shown_literally(tmp_path):
    (tmp_path / "issues.map").write_text('issue q "[bold]Q[/]?"\n', encoding="utf-8")
    for name, stance in (("a", "pro"), ("b", "con")):
        (tmp_path / f"{name}.map").write_text(
            f'---\nid: {name}\ntitle: t\nauthors: ["[/red] {name}"]\nyear: 2000\n---\n'
            f'thesis T "[link=javascript:x]click[/link] [/]" {{ stance q {stance} }}\n',
            encoding="utf-8",
        )
    code, out, _ = run_cli("compare", str(tmp_path))
    assert code == 0
    assert "[link=javascript:x]click[/link] [/]" in out
    assert "[bold]Q[/]?" in out


def test_graph_draws_the_comparison_diagram(tmp_path):
    import xml.etree.ElementTree as ET

    target = tmp_path / "compare.svg"
    code, out, _ = run_cli("compare", FIXTURE, "--format", "json", "--graph", str(target))
    assert code == 0
    assert json.loads(out)["version"] == 2
    root = ET.parse(target).getroot()
    assert root.tag.endswith("svg")
    assert "m3" in target.read_text(encoding="utf-8")
    code, out, err = run_cli("compare", FIXTURE, "--graph", str(tmp_path / "x.txt"))
    assert (code, out) == (2, "")
    assert "cannot tell the format" in err


def test_markdown_escapes_html_and_line_breaks(tmp_path):
    (tmp_path / "issues.map").write_text('issue q "Q?"\n', encoding="utf-8")
    for name, stance in (("a", "pro"), ("b", "con")):
        (tmp_path / f"{name}.map").write_text(
            f'---\nid: {name}\ntitle: t\nauthors: [x{name}]\nyear: 2000\n---\n'
            f'thesis T "<b>bold</b> a|b\\nnext" {{ stance q {stance} }}\n',
            encoding="utf-8",
        )
    code, out, _ = run_cli("compare", str(tmp_path), "--format", "markdown")
    assert code == 0
    assert "<b>" not in out
    assert "- **pro** — xa 2000, T: &lt;b&gt;bold&lt;/b&gt; a|b next" in out


def test_outputs_never_overwrite_a_map_that_was_read(tmp_path):
    import shutil

    for f in (TESTS / FIXTURE).glob("*.map"):
        shutil.copy(f, tmp_path / f.name)
    before = (tmp_path / "m1.map").read_bytes()
    for args in (["export", "m1.map", "-o", "m2.map"], ["compare", ".", "-o", "issues.map"], ["compare", ".", "--graph", "m1.map"]):
        code, _, err = run_cli(*args, cwd=tmp_path)
        assert code == 2, args
        assert "is a map that was read" in err or "cannot tell the format" in err
    assert (tmp_path / "m1.map").read_bytes() == before


def test_a_piped_buffer_stands_in_for_its_file():
    text = (TESTS / FIXTURE / "m1.map").read_bytes()
    code, out, _ = run_cli("validate", "-", f"{FIXTURE}/issues.map", input=text)
    assert (code, out) == (0, "All clear: 2 files checked, no problems.\n")


def test_a_map_without_an_id_is_left_out_with_a_warning(tmp_path):
    # Found by the fuzz run: compare --force on a map with no `id` raised a TypeError.
    for name in ("issues.map", "m1.map", "m2.map", "m3.map"):
        text = (TESTS / FIXTURE / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace("id: m3\n", "") if name == "m3.map" else text, encoding="utf-8")
    code, out, err = run_cli("compare", str(tmp_path), "--force", "--format", "csv")
    assert code == 0, err
    # The message wraps wherever the temporary folder's length puts it.
    assert "m3.maphasnomapidinitsfrontmatter;leftout" in "".join(err.split())
    assert ",m3," not in out and ",m1," in out


def test_an_emoji_code_in_map_text_is_shown_as_written(tmp_path):
    # `:fire:` is text of the map, not rich's code for 🔥: in every table.
    head = "---\nid: {id}\ntitle: t\nauthors: [{a}]\nyear: {y}\n---\n"
    (tmp_path / "e1.map").write_text(head.format(id="e1", a="A", y=2020) + 'thesis T "台日:heart:合作" { stance q pro }\n', encoding="utf-8")
    (tmp_path / "e2.map").write_text(head.format(id="e2", a="B", y=2021) + 'thesis T "反對:thumbs_up:" { stance q con }\n', encoding="utf-8")
    (tmp_path / "issues.map").write_text('issue q "問:fire:題"\n', encoding="utf-8")
    code, out, err = run_cli("compare", str(tmp_path))
    assert code == 0, err
    assert out.count("問:fire:題") == 2 and "台日:heart:合作" in out and "反對:thumbs_up:" in out
    assert not any(ch in out for ch in "🔥❤👍")
