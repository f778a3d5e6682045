"""Documented behaviour a mutation audit found no test for, and
the survivors of tests/mutation/mutate.py that were worth killing. Each test
asserts what a user sees (exact text, or a golden in tests/golden), so a
change of behaviour fails here, not only a crash.
"""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from argmap.compare import compare
from argmap.compare import data as compare_data
from argmap.corpus import load
from conftest import TESTS, golden, run_cli

GOLDEN = TESTS / "golden"
FIXTURE = "fixtures/compare"


def _map(path, map_id, authors, year, body):
    authors_yaml = "[" + ", ".join(f'"{a}"' for a in authors) + "]"
    year_yaml = "" if year is None else f"year: {year}\n"
    path.joinpath(f"{map_id}.map").write_text(
        f"---\nid: {map_id}\ntitle: t\nauthors: {authors_yaml}\n{year_yaml}---\n{body}\n", encoding="utf-8"
    )


# --- front matter: `year: true` is not a year -------------------------------------


def test_year_true_is_not_a_year(tmp_path):
    (tmp_path / "y.map").write_text('---\nid: y\ntitle: t\nauthors: [A]\nyear: true\n---\nthesis T "x"\n', encoding="utf-8")
    code, out, err = run_cli("validate", "--isolated", "y.map", cwd=tmp_path)
    assert (code, err) == (1, "")
    assert out == (
        "y.map:5:1: error[AM155] `year` must be a whole number, not boolean True\n"
        "  |\n"
        "5 | year: true\n"
        "  | ^^^^\n"
        "  = hint: a number, e.g. `year: 2024`\n"
        "\n"
        "Found 1 error in 1 file.\n"
    )


# --- excerpts: a long source line is cut on the right ------------------------------


def test_long_line_is_cut_on_the_right(tmp_path):
    (tmp_path / "long.map").write_text(
        '---\nid: y\ntitle: t\nauthors: [A]\nyear: 2000\n---\nthesis T "x"\nclaim c1 "' + "w" * 200 + '" { supports T }\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli("validate", "--isolated", "long.map", cwd=tmp_path)
    assert code == 0
    assert out == (
        "long.map:8:7: warning[AM302] claim `c1` has nothing supporting it\n"
        "  |\n"
        '8 | claim c1 "' + "w" * 65 + "…\n"
        "  |       ^^\n"
        "  = hint: add the premises or evidence the author gives for it\n"
        "\n"
        "Found 1 warning in 1 file.\n"
    )
    assert all(len(line) <= 80 for line in out.splitlines())


def test_long_line_is_cut_on_both_sides(tmp_path):
    (tmp_path / "long.map").write_text(
        '---\nid: y\ntitle: t\nauthors: [A]\nyear: 2000\n---\nthesis T "x" { supports zz claim c1 "' + "w" * 200 + '" }\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli("validate", "--isolated", "long.map", cwd=tmp_path)
    assert code == 1
    first = out.split("\n\n")[0]
    assert first == (
        "long.map:7:25: error[AM201] unknown id `zz`\n"
        "  |\n"
        '7 | …s T "x" { supports zz claim c1 "' + "w" * 42 + "…\n"
        "  |                     ^^\n"
        "  = hint: define the node in this map, or link to another map with\n"
        "          `map_id:node_id`"
    )


# --- compare: labels, divided, many maps --------------------------------------------


def _three(tmp_path):
    (tmp_path / "issues.map").write_text('issue q1 "Q one?"\nissue q2 "Q two?"\n', encoding="utf-8")
    _map(tmp_path, "a", ["Wilkins, Thomas S."], 2012, 'thesis T "x" { stance q1 pro stance q2 pro }')
    _map(tmp_path, "b", ["Thomas S. Wilkins"], 2012, 'thesis T "y" { stance q1 mixed stance q2 pro }')
    _map(tmp_path, "c", ["Lee, Ann", "Bob"], 2015, 'thesis T "z" { stance q2 pro }')


def test_surname_before_comma_and_same_labels_told_apart(tmp_path):
    _three(tmp_path)
    c = compare(load([str(tmp_path)]).corpus)
    a, b, cc = c.maps
    # Alone, "Wilkins, Thomas S." and "Thomas S. Wilkins" are both Wilkins 2012 ...
    assert compare_data.label(a) == "Wilkins 2012"
    assert compare_data.label(b) == "Wilkins 2012"
    # ... so beside each other the map ids tell them apart.
    assert compare_data.label(a, c.maps) == "a"
    assert compare_data.label(b, c.maps) == "b"
    # A surname before the comma, with et al. for more than one author.
    assert compare_data.label(cc, c.maps) == "Lee et al. 2015"
    code, out, _ = run_cli("compare", ".", "--format", "json", cwd=tmp_path)
    assert code == 0
    assert [m["label"] for m in json.loads(out)["maps"]] == ["a", "b", "Lee et al. 2015"]


def test_label_without_authors_or_year(tmp_path):
    from argmap.corpus import load as load_corpus

    _map(tmp_path, "solo", ["Jane Q. Public"], None, 'thesis T "x"')
    m = load_corpus([str(tmp_path / "solo.map")]).corpus.maps[0]
    assert compare_data.label(m) == "Public"
    m.meta["authors"] = []
    assert compare_data.label(m) == "solo"
    m.meta["authors_en"] = ["Zed Smith"]
    m.meta["authors"] = ["史密斯"]
    m.meta["year"] = 1999
    assert compare_data.label(m, None, "en") == "Smith 1999"
    assert compare_data.label(m, None, "orig") == "史密斯 1999"


def test_divided_status_pro_beside_mixed(tmp_path):
    _three(tmp_path)
    code, out, _ = run_cli("compare", ".", "--format", "json", cwd=tmp_path)
    assert code == 0
    data = json.loads(out)
    # q1: pro and mixed, no con: neither a conflict nor a consensus.
    assert [(i["id"], i["status"]) for i in data["issues"]] == [("q1", "divided"), ("q2", "consensus")]
    assert data["conflicts"] == []
    assert [x["issue"] for x in data["consensus"]] == ["q2"]


def test_table_with_same_labels_and_divided_issue(tmp_path):
    _three(tmp_path)
    code, out, _ = run_cli("compare", ".", cwd=tmp_path)
    assert code == 0
    golden(GOLDEN / "compare_divided.txt", out)


def test_summaries_past_ten_maps(tmp_path):
    (tmp_path / "issues.map").write_text('issue q1 "Q one?"\nissue q2 "Q two?"\n', encoding="utf-8")
    stances = ["pro", "con", "mixed", "pro", "pro", "con", "pro", "con", "pro", "pro", "mixed", "pro"]
    for i, s in enumerate(stances):
        q2 = " stance q2 pro" if i % 3 == 0 else ""
        _map(tmp_path, f"m{i:02d}", [f"Author{i:02d}"], 2000 + i, f'thesis T "x{i}" {{ stance q1 {s}{q2} }}')
    code, out, _ = run_cli("compare", ".", cwd=tmp_path)
    assert code == 0
    assert all(len(line) <= 80 for line in out.splitlines())
    golden(GOLDEN / "compare_many.txt", out)
    code, out, _ = run_cli("compare", ".", "--format", "json", cwd=tmp_path)
    data = json.loads(out)
    assert len(data["maps"]) == 12
    assert [(i["id"], i["status"]) for i in data["issues"]] == [("q1", "conflict"), ("q2", "consensus")]


def test_exactly_ten_maps_still_get_the_matrix(tmp_path):
    (tmp_path / "issues.map").write_text('issue q1 "Q one?"\n', encoding="utf-8")
    for i in range(10):
        _map(tmp_path, f"m{i}", [f"A{i}"], 2000 + i, f'thesis T "x" {{ stance q1 {"pro" if i % 2 else "con"} }}')
    code, out, _ = run_cli("compare", ".", cwd=tmp_path)
    assert code == 0
    assert "maps: each map's stance" not in out  # the tally's footnote
    (tmp_path / "m10.map").write_text(
        '---\nid: m10\ntitle: t\nauthors: ["A10"]\nyear: 2010\n---\nthesis T "x" { stance q1 pro }\n', encoding="utf-8"
    )
    code, out, _ = run_cli("compare", ".", cwd=tmp_path)
    assert code == 0
    assert "11 maps: each map's stance and carrier are in --format csv or json." in out


# --- compare --suggest / --issue in CSV and Markdown --------------------------------


def test_suggest_csv():
    code, out, _ = run_cli("compare", FIXTURE, "--suggest", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["score", "map_a", "node_a", "text_a", "map_b", "node_b", "text_b"]
    assert rows[1] == ["0.571", "m1", "T", "合作可行", "m3", "T", "合作困難"]
    golden(GOLDEN / "compare_suggest.csv", out)


def test_suggest_markdown():
    code, out, _ = run_cli("compare", FIXTURE, "--suggest", "--format", "markdown", "--lang", "en")
    assert code == 0
    golden(GOLDEN / "compare_suggest.md", out)


def test_issue_csv():
    code, out, _ = run_cli("compare", FIXTURE, "--issue", "q2", "--format", "csv")
    assert code == 0
    golden(GOLDEN / "compare_issue.csv", out)


def test_issue_markdown():
    code, out, _ = run_cli("compare", FIXTURE, "--issue", "q2", "--format", "markdown")
    assert code == 0
    assert out.startswith("## q2: 問題二？\n\n### Lee 2010 — con\n\n- claim **c1** [con] (§2) *(defeated)* 安全合作受限\n")
    golden(GOLDEN / "compare_issue.md", out)


def test_issue_markdown_and_csv_with_quotes():
    code, out, _ = run_cli("compare", FIXTURE, "--issue", "q2", "--format", "markdown", "--cite", "--lang", "en")
    assert code == 0
    golden(GOLDEN / "compare_issue_cite_en.md", out)
    code, out, _ = run_cli("compare", FIXTURE, "--issue", "q2", "--format", "csv", "--cite", "--lang", "en")
    assert code == 0
    golden(GOLDEN / "compare_issue_cite_en.csv", out)


# --- survivors of the mutation run (tests/README.md) --------------------------------


def test_unknown_issue_hint_when_an_issues_file_exists(tmp_path):
    # checks/links.py: with issues declared, the hint says where to add one;
    # with none, it says how to start an issues file (test_hardening_first_time).
    (tmp_path / "issues.map").write_text('issue q1 "Q?"\n', encoding="utf-8")
    _map(tmp_path, "a", ["A"], 2000, 'thesis T "x" { stance trade pro }')
    code, out, _ = run_cli("validate", "a.map", cwd=tmp_path)
    assert code == 1
    assert out == (
        "a.map:7:23: error[AM206] stance on unknown issue `trade`\n"
        "  |\n"
        '7 | thesis T "x" { stance trade pro }\n'
        "  |                       ^^^^^\n"
        '  = hint: declare it in the issues file: `issue trade "…"`\n'
        "\n"
        "Found 1 error in 1 file.\n"
    )


def test_unknown_map_blames_the_neighbour_that_did_not_parse(tmp_path):
    # checks/links.py: the map `zz` may be declared in the file that failed.
    _map(tmp_path, "a", ["A"], 2000, 'thesis T "x"\nT same_as zz:T')
    _map(tmp_path, "zz", ["A"], 2000, 'thesis T "x" @')
    code, out, _ = run_cli("validate", ".", cwd=tmp_path)
    assert code == 1
    assert out.split("\n\n")[0] == (
        "a.map:8:11: error[AM204] unknown map `zz`\n"
        "  |\n"
        "8 | T same_as zz:T\n"
        "  |           ^^^^\n"
        "  = hint: zz.map did not parse, so the maps it declares are unknown"
    )


def test_local_link_near_miss_map_and_issue_repeated_in_a_neighbour(tmp_path):
    # checks/links.py: AM209 (same_as to the same map), did-you-mean among
    # the *other* maps, and AM208 at the first declaration when the repeat is
    # only in a neighbour (shown as a label pointing there).
    _map(tmp_path, "alpha", ["A"], 2000, 'thesis T "x"\nclaim c1 "y" { supports T }\nT same_as alpha:c1\nT contradicts betta:T')
    _map(tmp_path, "beta", ["A"], 2000, 'thesis T "x"')
    (tmp_path / "issues.map").write_text('issue q1 "Q?"\n', encoding="utf-8")
    (tmp_path / "more.map").write_text('issue q1 "Q again?"\n', encoding="utf-8")
    code, out, _ = run_cli("validate", "alpha.map", "issues.map", cwd=tmp_path)
    assert code == 1
    assert out.split("\n\n")[1:] == [
        "alpha.map:9:11: error[AM209] `same_as` links to this same map\n"
        "  |\n"
        "9 | T same_as alpha:c1\n"
        "  |           ^^^^^^^^\n"
        "  = hint: same_as and contradicts relate nodes of different maps",
        "alpha.map:10:15: error[AM204] unknown map `betta` — did you mean `beta`?\n"
        "   |\n"
        "10 | T contradicts betta:T\n"
        "   |               ^^^^^^^",
        "issues.map:1:7: error[AM208] issue `q1` is declared twice\n"
        "  |\n"
        '1 | issue q1 "Q?"\n'
        "  |       ^^\n"
        "  --> more.map:1:7: also declared here\n"
        "  |\n"
        '1 | issue q1 "Q again?"\n'
        "  |       ^^\n"
        "  = hint: declare each shared question once, in the issues file",
        "Found 3 errors and 1 warning in 2 files.\n",
    ]


def test_unknown_map_names_every_neighbour_that_did_not_parse(tmp_path):
    _map(tmp_path, "a", ["A"], 2000, 'thesis T "x"\nT same_as zz:T')
    _map(tmp_path, "b", ["A"], 2000, 'thesis T "x" @')
    _map(tmp_path, "c", ["A"], 2000, 'thesis T "x" @')
    code, out, _ = run_cli("validate", "a.map", cwd=tmp_path)
    assert code == 1
    assert " ".join(out.split("\n\n")[0].split("= hint: ")[1].split()) == (
        "b.map, c.map did not parse, so the maps they declare are unknown"
    )


def test_neighbours_are_named_as_the_file_beside_them_was(tmp_path, monkeypatch):
    # A neighbour's name follows the path the user wrote for its sibling:
    # relative when that was relative, absolute when it was absolute.
    monkeypatch.setenv("COLUMNS", "1000")  # a long absolute path on one line
    (tmp_path / "sub").mkdir()
    _map(tmp_path / "sub", "a", ["A"], 2000, 'thesis T "x"\nT same_as zz:T')
    _map(tmp_path / "sub", "b", ["A"], 2000, 'thesis T "x" @')
    for asked, cwd, shown in [
        ("sub/a.map", tmp_path, "sub/b.map"),
        ("a.map", tmp_path / "sub", "b.map"),
        ("../sub/a.map", tmp_path / "sub", "../sub/b.map"),
        (str(tmp_path / "sub" / "a.map"), tmp_path, str(tmp_path / "sub" / "b.map")),
    ]:
        code, out, _ = run_cli("validate", asked, cwd=cwd)
        assert code == 1
        hint = out.split("\n\n")[0].split("= hint: ")[1]
        assert hint == f"{shown} did not parse, so the maps it declares are unknown"


def test_a_map_id_repeated_in_a_neighbour_points_at_it_by_its_relative_name(tmp_path):
    (tmp_path / "sub").mkdir()
    _map(tmp_path / "sub", "a", ["A"], 2000, 'thesis T "x"')
    (tmp_path / "sub" / "b.map").write_text('---\nid: a\ntitle: t\nauthors: [A]\nyear: 2000\n---\nthesis T "x"\n', encoding="utf-8")
    code, out, _ = run_cli("validate", "sub/a.map", cwd=tmp_path)
    assert code == 1
    assert out == (
        "sub/a.map:2:1: error[AM207] map id `a` is also used by sub/b.map\n"
        "  |\n"
        "2 | id: a\n"
        "  | ^^\n"
        "  --> sub/b.map:2:1: also used here\n"
        "  |\n"
        "2 | id: a\n"
        "  | ^^\n"
        "  = hint: each map needs its own id: other maps link to `id:node`\n"
        "\n"
        "Found 1 error in 1 file.\n"
    )


def test_front_matter_alone_has_no_thesis_but_an_empty_file_is_fine(tmp_path):
    # checks/structure.py: a map with front matter and no nodes is AM305;
    # a file with no front matter and no nodes (an empty issues file) is not.
    (tmp_path / "fm.map").write_text("---\nid: a\ntitle: t\nauthors: [A]\nyear: 2000\n---\n", encoding="utf-8")
    (tmp_path / "empty.map").write_text("// nothing\n", encoding="utf-8")
    code, out, _ = run_cli("validate", "--isolated", "fm.map", "empty.map", cwd=tmp_path)
    assert code == 1
    assert out == (
        "fm.map:1:1: error[AM305] this map has no thesis\n"
        "  |\n"
        "1 | ---\n"
        "  | ^^^\n"
        "  = hint: add the author's central position: thesis T \"…\"\n"
        "\n"
        "Found 1 error in 1 of 2 files checked.\n"
    )


def test_support_cycle_of_three(tmp_path):
    # checks/structure.py: a cycle longer than two needs Tarjan's low-link
    # passed up to the parent; without it the group splits and the path breaks.
    (tmp_path / "cyc.map").write_text(
        '---\nid: a\ntitle: t\nauthors: [A]\nyear: 2000\n---\nthesis T "x"\n'
        'claim c1 "a" { at "1" supports T }\nclaim c2 "b" { at "2" supports c1 }\n'
        'claim c3 "c" { at "3" supports c2 }\nc1 supports c3\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli("validate", "--isolated", "cyc.map", cwd=tmp_path)
    assert code == 1
    assert out == (
        "cyc.map:8:7: error[AM304] support cycle: c1 → c3 → c2 → c1\n"
        "  |\n"
        '8 | claim c1 "a" { at "1" supports T }\n'
        "  |       ^^\n"
        "  --> cyc.map:11:13: c1 supports c3\n"
        "   |\n"
        "11 | c1 supports c3\n"
        "   |             ^^\n"
        "  --> cyc.map:10:32: c3 supports c2\n"
        "   |\n"
        '10 | claim c3 "c" { at "3" supports c2 }\n'
        "   |                                ^^\n"
        "  --> cyc.map:9:32: c2 supports c1\n"
        "  |\n"
        '9 | claim c2 "b" { at "2" supports c1 }\n'
        "  |                                ^^\n"
        "  = hint: circular reasoning: one of these supports must go, or become another\n"
        "          relation\n"
        "\n"
        "Found 1 error in 1 file.\n"
    )


def test_cycle_path_stays_finite_with_an_inner_cycle_and_a_lone_rebuttal(tmp_path):
    # checks/structure.py: the breadth-first path must not revisit c → b
    # (an inner cycle), and a rebuttal is told to attack, never to support.
    (tmp_path / "cyc.map").write_text(
        '---\nid: a\ntitle: t\nauthors: [A]\nyear: 2000\n---\nthesis T "x"\n'
        'claim a "x" { at "1" supports T }\nclaim b "y" { at "2" }\nclaim c "z" { at "3" }\n'
        'a supports b\nb supports c\nc supports b\nc supports a\nrebuttal r1 "no"\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli("validate", "--isolated", "cyc.map", cwd=tmp_path)
    assert code == 1
    blocks = out.split("\n\n")
    assert blocks[0].startswith("cyc.map:8:7: error[AM304] support cycle: a → b → c → a\n")
    assert blocks[1] == (
        "cyc.map:15:10: warning[AM301] rebuttal `r1` is not connected to the thesis\n"
        "   |\n"
        '15 | rebuttal r1 "no"\n'
        "   |          ^^\n"
        "  = hint: add `attacks ID` naming the node it objects to (e.g. `attacks T`), or\n"
        "          remove it"
    )
    assert blocks[2].startswith("cyc.map:15:10: error[AM307] rebuttal `r1` attacks nothing\n")
    assert blocks[3] == "Found 2 errors and 1 warning in 1 file.\n"


def test_two_support_cycles_one_leading_into_the_other(tmp_path):
    # checks/structure.py: a node leaves Tarjan's stack with its group, or
    # the second cycle (d ↔ e, with d → a) is swallowed by the first.
    (tmp_path / "cyc.map").write_text(
        '---\nid: a\ntitle: t\nauthors: [A]\nyear: 2000\n---\nthesis T "x"\n'
        'claim a "x" { at "1" supports T }\nclaim b "y" { at "2" }\nclaim d "z" { at "3" }\nclaim e "w" { at "4" }\n'
        "a supports b\nb supports a\nd supports a\nd supports e\ne supports d\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli("validate", "--isolated", "cyc.map", cwd=tmp_path)
    assert code == 1
    assert [line for line in out.splitlines() if "AM304" in line] == [
        "cyc.map:8:7: error[AM304] support cycle: a → b → a",
        "cyc.map:10:7: error[AM304] support cycle: d → e → d",
    ]


def test_config_over_the_size_limit_is_refused(tmp_path):
    # config.py: MAX_CONFIG_BYTES bounds what is read.
    from argmap import config as C

    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.argmap.rules]\nAM302 = "off"\n' + "#" * C.MAX_CONFIG_BYTES + "\n", encoding="utf-8")
    with pytest.raises(C.ConfigError) as err:
        C.load(path)
    assert str(err.value) == f"{path}: larger than 1024 KiB: not read"
    path.write_text('[tool.argmap.rules]\nAM302 = "off"\n', encoding="utf-8")
    assert C.load(path).severities == {"AM302": C.D.Severity.OFF}
    assert C.load(None).severities == {}


def test_fmt_without_a_configuration_indents_by_two(tmp_path):
    # config.py: Config() is what a folder with no pyproject.toml gets.
    _map(tmp_path, "a", ["A"], 2000, 'thesis T "x" {\n    claim c1 "y"\n}')
    code, out, _ = run_cli("fmt", "--diff", "a.map", cwd=tmp_path)
    assert "-    claim c1 \"y\"\n+  claim c1 \"y\"\n" in out


def test_unknown_setting_in_tool_argmap_is_a_usage_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.argmap]\nrule = {}\n", encoding="utf-8")
    _map(tmp_path, "a", ["A"], 2000, 'thesis T "x"')
    code, out, err = run_cli("validate", "a.map", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == f"argmap: error: {tmp_path}/pyproject.toml: unknown setting in [tool.argmap]: rule (known: fmt, rules, sources)\n"


def test_config_file_kinds_and_the_exact_limit(tmp_path):
    from argmap import config as C

    path = tmp_path / "pyproject.toml"
    body = '[tool.argmap.rules]\nAM302 = "off"\n'
    path.write_text(body + "#" * (C.MAX_CONFIG_BYTES - len(body) - 1) + "\n", encoding="utf-8")
    assert path.stat().st_size == C.MAX_CONFIG_BYTES  # exactly at the limit: read
    assert C.load(path).severities == {"AM302": C.D.Severity.OFF}
    path.unlink()
    os.mkfifo(path)  # would block a plain open()
    with pytest.raises(C.ConfigError) as err:
        C.load(path)
    assert str(err.value) == f"{path}: not a regular file"


def test_a_pyproject_that_is_not_argmaps_is_not_read(tmp_path):
    # config.py: only a pyproject.toml that mentions tool.argmap is parsed,
    # so another tool's broken file does not stop validate.
    (tmp_path / "pyproject.toml").write_text("[tool.black\nline-length = 100\n", encoding="utf-8")
    _map(tmp_path, "a", ["A"], 2000, 'thesis T "x"')
    code, out, err = run_cli("validate", "a.map", cwd=tmp_path)
    assert (code, out, err) == (0, "All clear: 1 file checked, no problems.\n", "")


def test_fmt_folder_search_without_a_configuration(tmp_path):
    # config.py: fmt_excluded() with no pyproject.toml (Config.path is None).
    _map(tmp_path, "a", ["A"], 2000, 'thesis T "x"')
    code, out, err = run_cli("fmt", "--check", ".", cwd=tmp_path)
    assert (code, err) == (0, "1 file would be left unchanged.\n")


def test_no_thesis_caret_spans_the_first_line_only(tmp_path):
    # checks/structure.py: the span is line 1 ("---"), not the (empty) line 2.
    (tmp_path / "fm.map").write_text("---\n\nid: a\ntitle: t\nauthors: [A]\nyear: 2000\n---\n", encoding="utf-8")
    code, out, _ = run_cli("validate", "--isolated", "fm.map", cwd=tmp_path)
    assert code == 1
    assert out.startswith("fm.map:1:1: error[AM305] this map has no thesis\n  |\n1 | ---\n  | ^^^\n")


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[tool.argmap]\nrules = 3\n", '[tool.argmap.rules] must be a table of CODE = "off" | "warning" | "error"'),
        ('[tool.argmap.rules]\nunsupportd-claim = "off"\n', "[tool.argmap.rules] unknown rule `unsupportd-claim` — did you mean `unsupported-claim`?"),
        ('[tool.argmap.rules]\nam3O2 = "off"\n', "[tool.argmap.rules] unknown rule `am3O2` — did you mean `AM302`?"),
        ("[tool.argmap]\nrule = 1\nfmtt = 2\n", "unknown setting in [tool.argmap]: fmtt, rule (known: fmt, rules, sources)"),
        ("[tool.argmap.fmt]\nindnt = 2\nexclud = 1\n", "unknown setting in [tool.argmap.fmt]: exclud, indnt — did you mean `exclude`?"),
        ("[tool.argmap.fmt]\nzzz = 1\nqqq = 2\n", "unknown setting in [tool.argmap.fmt]: qqq, zzz (known: indent, exclude)"),
        ('[tool.argmap.fmt]\nexclude = ["", "x"]\n', "[tool.argmap.fmt] exclude = ['', 'x']: use a list of folders or globs, relative to this file, e.g. [\"tests/cases\", \"drafts/*.map\"]"),
        (b"[tool.argmap]\n\xff\n", "cannot read: not UTF-8 (invalid start byte at byte 14)"),
    ],
)
def test_configuration_errors_word_for_word(tmp_path, toml, message):
    path = tmp_path / "pyproject.toml"
    path.write_bytes(toml if isinstance(toml, bytes) else toml.encode("utf-8"))
    _map(tmp_path, "a", ["A"], 2000, 'thesis T "x"')
    code, out, err = run_cli("validate", "a.map", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert " ".join(err.split()) == f"argmap: error: {path}: {message}"


def test_a_fifo_named_pyproject_is_skipped(tmp_path):
    os.mkfifo(tmp_path / "pyproject.toml")
    _map(tmp_path, "a", ["A"], 2000, 'thesis T "x"')
    code, out, err = run_cli("validate", "a.map", cwd=tmp_path)
    assert (code, out, err) == (0, "All clear: 1 file checked, no problems.\n", "")


@pytest.mark.parametrize("pattern", ["drafts", "./drafts", "drafts/"])
def test_fmt_exclude_a_folder_by_name(tmp_path, pattern):
    (tmp_path / "pyproject.toml").write_text(f'[tool.argmap.fmt]\nexclude = ["{pattern}"]\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    _map(tmp_path / "drafts", "d", ["A"], 2000, 'thesis T "x" {\n    claim c1 "y"\n}')
    _map(tmp_path, "a", ["A"], 2000, 'thesis T "x"')
    code, out, err = run_cli("fmt", "--check", ".", cwd=tmp_path)
    assert (code, err) == (0, "1 file would be left unchanged.\n")


def test_config_that_cannot_be_read(tmp_path):
    from argmap import config as C

    missing = tmp_path / "pyproject.toml"
    with pytest.raises(C.ConfigError) as err:
        C.load(missing)
    assert str(err.value) == f"{missing}: cannot read: No such file or directory"


def test_a_pyproject_too_large_to_read_stops_the_search(tmp_path):
    # config.find: a pyproject.toml over MAX_CONFIG_BYTES may hold settings;
    # passing over it would drop its rules without a word and use the one
    # above instead. It is a usage error, like one named by load().
    from argmap import config as C

    (tmp_path / "pyproject.toml").write_text('[tool.argmap.rules]\nAM302 = "off"\n', encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    big = project / "pyproject.toml"
    big.write_text("[tool.argmap]\n" + "#" * C.MAX_CONFIG_BYTES, encoding="utf-8")
    assert C.find(project) == big
    _map(project, "a", ["A"], 2000, 'thesis T "x"')
    code, out, err = run_cli("validate", "a.map", cwd=project)
    assert (code, out, err) == (2, "", f"argmap: error: {big}: larger than 1024 KiB: not read\n")
    code, out, err = run_cli("fmt", "--check", "a.map", cwd=project)
    assert (code, out, err) == (2, "", f"argmap: error: {big}: larger than 1024 KiB: not read\n")


def test_a_pyproject_that_cannot_be_opened_stops_the_search(tmp_path, monkeypatch):
    # As above for a file that cannot be opened (permissions; the tests may
    # run as root, where chmod does not stop a read, so os.open fails here).
    from argmap import config as C

    (tmp_path / "pyproject.toml").write_text("[tool.argmap]\n", encoding="utf-8")

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", refuse)
    assert C.find(tmp_path) == tmp_path / "pyproject.toml"
    with pytest.raises(C.ConfigError) as err:
        C.load(tmp_path / "pyproject.toml")
    assert str(err.value) == f"{tmp_path}/pyproject.toml: cannot read: Permission denied"


def test_fmt_exclude_does_not_reach_a_folder_outside_the_project(tmp_path):
    # config.fmt_excluded: a folder searched outside the configuration's
    # folder is not the project's, so its `exclude` globs do not apply there
    # (here `*` would skip every file if they did).
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.argmap.fmt]\nexclude = ["*"]\n', encoding="utf-8")
    (tmp_path / "other").mkdir()
    _map(tmp_path / "other", "a", ["A"], 2000, 'thesis T "x" {\n    claim c1 "y"\n}')
    _map(project, "b", ["A"], 2000, 'thesis T "x" {\n    claim c1 "y"\n}')
    code, out, err = run_cli("fmt", "--check", "../other", ".", cwd=project)
    assert (code, out) == (1, "")
    assert err == "would reformat ../other/a.map\n1 file would be reformatted.\n"


def test_front_matter_empty_null_and_impossible_date(tmp_path):
    # frontmatter.py: an empty front matter is an empty mapping (each
    # required key missing), `~` is "not given", and an impossible date is
    # a value error whose hint says to quote it.
    fm = "---\nid: a\ntitle: t\nauthors: [A]\nyear: 2000\n"
    (tmp_path / "e.map").write_text('---\n---\nthesis T "x"\n', encoding="utf-8")
    (tmp_path / "d.map").write_text(fm + 'date: 2026-13-45\n---\nthesis T "x"\n', encoding="utf-8")
    (tmp_path / "n.map").write_text(fm + 'venue: ~\n---\nthesis T "x"\n', encoding="utf-8")
    code, out, _ = run_cli("validate", "--isolated", "e.map", "d.map", "n.map", cwd=tmp_path)
    assert code == 1
    blocks = out.split("\n\n")
    assert blocks[0] == (
        "d.map:6:7: error[AM151] `2026-13-45` is not a real date: month must be in 1..12\n"
        "  |\n"
        "6 | date: 2026-13-45\n"
        "  |       ^\n"
        "  = hint: quote it to keep it as text"
    )
    assert [b.splitlines()[0] for b in blocks[1:-1]] == [
        f"e.map:1:1: error[AM154] front matter has no `{key}`" for key in ("id", "title", "authors", "year")
    ]
    assert blocks[-1] == "Found 5 errors in 2 of 3 files checked.\n"


def test_front_matter_flow_mapping_and_a_number_as_key(tmp_path):
    # frontmatter.py: a key not found at the start of a line is reported at
    # the opening fence; a key that is not a string is AM155 there too.
    (tmp_path / "fl.map").write_text('---\n{id: 1, title: t, authors: [A], year: 2000}\n---\nthesis T "x"\n', encoding="utf-8")
    (tmp_path / "k.map").write_text('---\nid: a\ntitle: t\nauthors: [A]\nyear: 2000\n1: x\n---\nthesis T "x"\n', encoding="utf-8")
    code, out, _ = run_cli("validate", "--isolated", "fl.map", "k.map", cwd=tmp_path)
    assert code == 1
    assert out == (
        "fl.map:1:1: error[AM155] `id` must be an identifier (letters, digits and _), not 1\n"
        "  |\n"
        "1 | ---\n"
        "  | ^^^\n"
        "  = hint: e.g. `id: chen2024` (letters, digits and _, starting with a letter)\n"
        "\n"
        "k.map:1:1: error[AM155] front-matter key 1 is not a string\n"
        "  |\n"
        "1 | ---\n"
        "  | ^^^\n"
        "\n"
        "Found 2 errors in 2 files.\n"
    )
