"""The validate and export commands as a user runs them: formats, exit
codes, standard input, configuration and per-line suppression."""

from __future__ import annotations

import json

import pytest

from conftest import CASES, TESTS, golden, run_cli, run_subprocess

GOLDEN = TESTS / "golden"


def test_clean_corpus_exits_zero():
    code, out, err = run_cli("validate", "fixtures/corpus")
    assert (code, out, err) == (0, "All clear: 3 files checked, no problems.\n", "")


def test_an_issue_one_map_answers_is_warned_unless_kept_on_purpose(tmp_path):
    for name in ("alpha.map", "beta.map"):
        (tmp_path / name).write_text((TESTS / "fixtures/corpus" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "issues.map").write_text(
        'issue security "安全合作能否深化？"\nissue values "共同價值是否推動合作？"\n', encoding="utf-8"
    )
    code, out, _ = run_cli("validate", str(tmp_path / "issues.map"), cwd=tmp_path)
    assert code == 0
    assert out == (
        f"{tmp_path / 'issues.map'}:2:7: warning[AM309] issue `values` is answered by one map only (beta)\n"
        "  |\n"
        '2 | issue values "共同價值是否推動合作？"\n'
        "  |       ^^^^^^\n"
        "  = hint: add the stance another text takes, or keep it: a note saying why, and\n"
        "          // argmap: ignore[AM309] on the line above\n"
        "\n"
        "Found 1 warning in 1 file.\n"
    )
    (tmp_path / "issues.map").write_text(
        'issue security "安全合作能否深化？"\n// argmap: ignore[AM309]\nissue values "共同價值是否推動合作？" { note "one voice" }\n',
        encoding="utf-8",
    )
    assert run_cli("validate", str(tmp_path / "issues.map"), cwd=tmp_path)[:2] == (0, "All clear: 1 file checked, no problems.\n")


def test_json_format_is_one_array_with_the_documented_fields():
    code, out, _ = run_cli("validate", "--isolated", "--format", "json", "cases/structure_zh.map")
    assert code == 1
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 16
    first = data[0]
    assert first == {
        "file": "cases/structure_zh.map",
        "line": 11,
        "column": 10,
        "end_line": 11,
        "end_column": 16,
        "code": "AM206",
        "severity": "error",
        "message": "stance on unknown issue `values`",
        "hint": 'no issue is declared yet: create issues.map beside this map holding `issue values "…"` '
        "(an issues file needs no front matter)",
        "related": [],
    }
    golden(GOLDEN / "structure_zh.json", out)


def test_json_duplicate_id_carries_the_first_definition():
    _, out, _ = run_cli("validate", "--isolated", "--format", "json", "cases/structure_zh.map")
    dup = next(d for d in json.loads(out) if d["code"] == "AM202")
    assert dup["related"] == [
        {"file": "cases/structure_zh.map", "line": 26, "column": 7, "end_line": 26, "end_column": 9, "message": "first defined here"}
    ]


def test_github_format():
    code, out, _ = run_cli("validate", "--isolated", "--format", "github", "cases/theses_and_attacks.map")
    assert code == 1
    golden(GOLDEN / "theses_and_attacks.github", out)
    assert out.splitlines()[0] == (
        "::error file=cases/theses_and_attacks.map,line=8,col=8,endLine=8,endColumn=10,"
        "title=argmap AM306 (several-theses)::a second thesis `T2`; a map has exactly one"
        "%0Ahint: make it a claim that supports the thesis"
    )


def test_sarif_format():
    code, out, _ = run_cli("validate", "--isolated", "--format", "sarif", "cases/theses_and_attacks.map")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "argmap"
    assert [r["ruleId"] for r in run["results"]] == ["AM306", "AM107", "AM107"]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 8, "startColumn": 8, "endLine": 8, "endColumn": 10}
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rule_ids[run["results"][0]["ruleIndex"]] == "AM306"


def test_warnings_pass_unless_strict():
    assert run_cli("validate", "--isolated", "cases/suppressed.map")[0] == 0
    assert run_cli("validate", "--isolated", "--strict", "cases/suppressed.map")[0] == 1


def test_missing_path_is_a_usage_error():
    code, out, err = run_cli("validate", "no/such.map")
    assert code == 2
    assert err == ""
    assert out == (
        "no/such.map: error[AM001] no such file or directory\n"
        "  = hint: check the path; folders are searched for *.map\n\n"
        "Found 1 error; no file was checked.\n"
    )
    code, out, _ = run_cli("validate", "--format", "json", "no/such.map")
    assert code == 2
    assert json.loads(out)[0]["code"] == "AM001" and json.loads(out)[0]["line"] is None


def test_missing_path_beside_a_good_one_still_exits_2(tmp_path):
    code, out, err = run_cli("validate", "fixtures/corpus", "missing.map")
    assert code == 2
    assert out.startswith("missing.map: error[AM001] no such file or directory\n")
    assert out.endswith("Found 1 error in 1 of 3 files checked.\n")


def test_empty_directory_is_a_usage_error(tmp_path):
    code, out, _ = run_cli("validate", str(tmp_path))
    assert code == 2
    assert "error[AM003] no .map files in this directory" in out


def test_stdin():
    text = (CASES / "bad_stance.map").read_bytes()
    code, out, _ = run_cli("validate", "-", input=text)
    assert code == 1
    assert out.startswith("<stdin>:7:30: error[AM109] a stance is pro, con or mixed, not `yes` — did you mean `pro`?\n")


def test_unknown_format_is_a_usage_error():
    code, _, err = run_cli("validate", "--format", "xml", "cases/bad_stance.map")
    assert code == 2
    assert "Invalid value for '--format'" in err


def test_single_file_resolves_links_and_stances_against_its_neighbours():
    assert run_cli("validate", "fixtures/corpus/alpha.map") == (0, "All clear: 1 file checked, no problems.\n", "")
    code, out, _ = run_cli("validate", "--isolated", "fixtures/corpus/alpha.map")
    assert code == 1
    assert "error[AM206] stance on unknown issue `security`" in out
    assert "error[AM204] unknown map `beta`" in out


def test_cross_map_errors(tmp_path):
    (tmp_path / "one.map").write_text(
        "---\nid: one\ntitle: t\nauthors: [a]\nyear: 2000\n---\n"
        'thesis T "x" { same_as two:T2, tow:T, one:T stance securty pro }\n',
        encoding="utf-8",
    )
    (tmp_path / "two.map").write_text(
        '---\nid: two\ntitle: t\nauthors: [b]\nyear: 2001\n---\nthesis T "y"\nissue security "q"\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli("validate", "--format", "json", str(tmp_path))
    assert code == 1
    got = [(d["code"], d["message"]) for d in json.loads(out)]
    assert got == [
        ("AM205", "map `two` has no node `T2` — did you mean `two:T`?"),
        ("AM204", "unknown map `tow` — did you mean `two`?"),
        ("AM209", "`same_as` links to this same map"),
        ("AM206", "stance on unknown issue `securty` — did you mean `security`?"),
    ]


def test_duplicate_map_ids_across_files(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.map").write_text(
            f'---\nid: same\ntitle: t\nauthors: [{name}]\nyear: 2000\n---\nthesis T "x"\n', encoding="utf-8"
        )
    code, out, _ = run_cli("validate", "--format", "json", str(tmp_path))
    assert code == 1
    first, second = json.loads(out)
    assert (first["code"], second["code"]) == ("AM207", "AM207")
    assert first["file"].endswith("a.map") and first["line"] == 2
    assert first["related"][0]["file"].endswith("b.map")
    assert second["related"][0]["file"].endswith("a.map")


def test_duplicate_map_id_with_a_neighbour_is_found_from_one_file(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.map").write_text(
            f'---\nid: same\ntitle: t\nauthors: [{name}]\nyear: 2000\n---\nthesis T "x"\n', encoding="utf-8"
        )
    code, out, _ = run_cli("validate", "--format", "json", str(tmp_path / "a.map"))
    assert code == 1
    assert [d["code"] for d in json.loads(out)] == ["AM207"]


PYPROJECT = """
[tool.argmap.rules]
AM303 = "off"
unsupported-claim = "error"
"""


def test_rules_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (tmp_path / "m.map").write_text((CASES / "suppressed.map").read_text(encoding="utf-8").replace("  // argmap: ignore[AM302]", ""), encoding="utf-8")
    code, out, _ = run_cli("validate", "--format", "json", "m.map", cwd=tmp_path)
    assert code == 1
    assert [(d["code"], d["severity"], d["line"]) for d in json.loads(out)] == [("AM302", "error", 8)]


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[tool.argmap.rules]\nAM999 = "off"\n', "unknown rule `AM999`"),
        ('[tool.argmap.rules]\nAM301 = "loud"\n', "AM301 = 'loud': use \"off\", \"warning\" or \"error\""),
        ("[tool.argmap]\nrule = 1\n", "unknown setting in [tool.argmap]: rule"),
        ("[tool.argmap\n", "invalid TOML"),
        ('[tool.argmap.rules]\nAM103 = "off"\n', "AM103 (unknown-keyword) cannot be re-levelled"),
        ('[tool.argmap.rules]\nbad-yaml = "warning"\n', "AM151 (bad-yaml) cannot be re-levelled"),
    ],
)
def test_bad_configuration_is_a_usage_error(tmp_path, toml, message):
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "m.map").write_text((CASES / "suppressed.map").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run_cli("validate", "m.map", cwd=tmp_path)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_export_json_golden():
    code, out, err = run_cli("export", "--to", "json", "fixtures/corpus")
    assert (code, err) == (0, "")
    golden(GOLDEN / "corpus.json", out)
    data = json.loads(out)
    alpha = data["maps"][0]
    plain = {"key": None, "label": None, "scheme": None, "title": None, "note": None}
    assert {"source": "k1", "sources": ["k1"], "kind": "undercuts", "target": "e1->c1", **plain, "key": "k1->e1->c1"} in alpha["relations"]
    assert {"source": "c1", "sources": ["c1"], "kind": "same_as", "target": "beta:c2"} in alpha["relations"]
    assert {"source": "r1", "sources": ["r1"], "kind": "attacks", "target": "k1", **plain, "key": "r1->k1"} in alpha["relations"]
    assert data["issues"] == [
        {"id": "security", "text": "安全合作能否深化？", "en": "Can security cooperation deepen?"},
        {"id": "values", "text": "共同價值是否推動合作？", "en": "Do shared values drive cooperation?"},
    ]


def test_export_matches_the_published_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((TESTS.parent / "docs" / "schema" / "argmap.schema.json").read_text(encoding="utf-8"))
    _, out, _ = run_cli("export", "fixtures/corpus")
    jsonschema.validate(json.loads(out), schema)


def test_export_refuses_maps_with_errors_unless_forced():
    code, out, err = run_cli("export", "cases/theses_and_attacks.map")
    assert code == 1 and out == ""
    assert "nothing exported" in err
    code, out, _ = run_cli("export", "--force", "cases/theses_and_attacks.map")
    assert code == 0
    assert [n["id"] for n in json.loads(out)["maps"][0]["nodes"]] == ["T1", "T2", "k1", "r1", "c1", "e1"]


def test_export_to_file_is_atomic_and_reports_bad_paths(tmp_path):
    target = tmp_path / "out.json"
    assert run_cli("export", "-o", str(target), "fixtures/corpus")[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == 2
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    code, _, err = run_cli("export", "-o", str(tmp_path / "nope" / "out.json"), "fixtures/corpus")
    assert code == 2 and "no such directory" in err


def test_python_dash_m_and_version():
    code, out, _ = run_subprocess("--version")
    assert code == 0 and out.strip() == "argmap, version 0.1.0"


def test_help_lists_commands():
    code, out, _ = run_cli("--help")
    assert code == 0
    assert "validate" in out and "export" in out


def test_a_fifo_is_refused_not_read(tmp_path):
    import os

    fifo = tmp_path / "pipe.map"
    os.mkfifo(fifo)
    code, out, _ = run_cli("validate", str(fifo))
    assert code == 1
    assert "error[AM004] not a regular file" in out


def test_color_always_colours_even_through_a_pipe():
    code, out, _ = run_cli("validate", "--isolated", "--color", "always", "cases/bad_stance.map")
    assert code == 1
    assert "\x1b[1;31merror\x1b[0m[AM109]" in out


def test_the_readme_shows_real_output():
    """The Diagnostics example in the README is what argmap prints today."""
    readme = (TESTS.parent / "README.md").read_text(encoding="utf-8")
    command = "$ argmap validate docs/examples/broken.map docs/examples/syntax.map\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    code, out, _ = run_cli("validate", "docs/examples/broken.map", "docs/examples/syntax.map", cwd=TESTS.parent)
    assert code == 1
    assert out == shown


def test_writing_to_a_device_or_through_a_link_keeps_it(tmp_path):
    import os

    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "real.json")
    assert run_cli("export", "-o", str(link), "fixtures/corpus")[0] == 0
    assert link.is_symlink() and json.loads((tmp_path / "real.json").read_text(encoding="utf-8"))["version"] == 2
    assert run_cli("export", "-o", os.devnull, "fixtures/corpus")[0] == 0
    assert not os.path.isfile(os.devnull)
