"""`argmap report`: where it writes, what it says, how it exits."""

from __future__ import annotations

import json
import re

import pytest

from conftest import TESTS, run_cli

CORPUS = TESTS / "fixtures" / "corpus"
BROKEN = '---\nid: a\ntitle: t\nauthors: [x]\nyear: 2000\n---\nthesis T "甲" { at "¶1" }\nclaim c1 "乙" { supports X9 }\n'


def data_of(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="argmap-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_writes_one_self_contained_file(tmp_path):
    out = tmp_path / "r.html"
    code, stdout, stderr = run_cli("report", str(CORPUS), "-o", str(out))
    assert (code, stdout) == (0, "")
    assert re.fullmatch(r"argmap: wrote \S+/r\.html \(\d+ kB\): open it in a browser; it works offline\n", stderr), stderr
    doc = data_of(out.read_text(encoding="utf-8"))
    assert [m["id"] for m in doc["maps"]] == ["alpha", "beta"]
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary file left beside it


@pytest.mark.parametrize("name", ["site", "site/"])
def test_a_folder_gets_index_html_and_is_made_when_missing(tmp_path, name):
    code, _, stderr = run_cli("report", str(CORPUS), "-o", str(tmp_path / name))
    assert code == 0, stderr
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["index.html"]


def test_an_existing_folder_gets_index_html(tmp_path):
    code, _, _ = run_cli("report", str(CORPUS), "-o", str(tmp_path))
    assert code == 0
    assert (tmp_path / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_to_standard_output():
    code, stdout, stderr = run_cli("report", str(CORPUS), "-o", "-")
    assert code == 0
    assert stdout.startswith("<!DOCTYPE html>") and stdout.endswith("</html>\n")
    assert "wrote standard output" in stderr


def test_the_default_output_is_report_html_in_the_working_folder(tmp_path):
    code, _, _ = run_cli("report", str(CORPUS), cwd=tmp_path)
    assert code == 0 and (tmp_path / "report.html").exists()


def test_never_writes_over_a_map(tmp_path):
    target = tmp_path / "x.map"
    code, _, stderr = run_cli("report", str(CORPUS), "-o", str(target))
    assert code == 2
    assert stderr == f"argmap: error: {target} is a .map file; choose another name for the output\n"
    assert not target.exists()


def test_a_name_that_is_neither_html_nor_a_folder_is_refused(tmp_path):
    code, _, stderr = run_cli("report", str(CORPUS), "-o", str(tmp_path / "r.svg"))
    assert code == 2
    assert "name a file .html, or give a folder for index.html" in stderr
    assert list(tmp_path.iterdir()) == []


def test_a_missing_path_is_a_usage_error_and_nothing_is_written(tmp_path):
    code, _, stderr = run_cli("report", str(tmp_path / "nope"), "-o", str(tmp_path / "r.html"))
    assert code == 2
    # The message wraps wherever the temporary folder's length puts it.
    assert "AM001" in stderr and "nosuchfileordirectory" in "".join(stderr.split())
    assert list(tmp_path.iterdir()) == []


def test_no_paths_says_what_to_give():
    code, _, stderr = run_cli("report")
    assert code == 2
    assert stderr.startswith("argmap: error: give the maps to report on")


def test_serve_and_output_do_not_go_together():
    code, _, stderr = run_cli("report", "--serve", str(CORPUS), "-o", "x.html")
    assert code == 2
    assert "--serve serves the report from memory" in stderr


def test_errors_give_a_report_of_the_errors_and_exit_1(tmp_path):
    (tmp_path / "a.map").write_text(BROKEN, encoding="utf-8")
    out = tmp_path / "r.html"
    code, _, stderr = run_cli("report", str(tmp_path / "a.map"), "-o", str(out))
    assert code == 1
    assert "error[AM201] unknown id `X9`" in stderr  # as validate says it, on standard error too
    assert "it shows the 1 error instead of the maps" in stderr
    assert "pass --force to show what parsed" in stderr
    doc = data_of(out.read_text(encoding="utf-8"))
    assert doc["complete"] is False and doc["maps"] == []
    assert [(d["code"], d["line"], d["column"]) for d in doc["diagnostics"] if d["severity"] == "error"] == [
        ("AM201", 8, 25)]


def test_force_shows_what_parsed_beside_the_errors(tmp_path):
    (tmp_path / "a.map").write_text(BROKEN, encoding="utf-8")
    out = tmp_path / "r.html"
    code, _, stderr = run_cli("report", "--force", str(tmp_path / "a.map"), "-o", str(out))
    assert code == 0
    assert "argmap: reported what parsed despite the errors (--force)" in stderr
    doc = data_of(out.read_text(encoding="utf-8"))
    assert doc["complete"] is True and doc["summary"]["errors"] == 1
    assert [n["id"] for n in doc["maps"][0]["nodes"]] == ["T", "c1"]
    assert doc["maps"][0]["errors"] == 1


def test_lang_and_title(tmp_path):
    out = tmp_path / "r.html"
    code, _, _ = run_cli("report", str(TESTS / "fixtures" / "compare"), "--lang", "en", "--title", "Seminar <3",
                         "-o", str(out))
    assert code == 0
    html = out.read_text(encoding="utf-8")
    assert "<title>Seminar &lt;3</title>" in html
    doc = data_of(html)
    assert doc["lang"] == "en" and doc["title"] == "Seminar <3"


def test_the_help_says_what_it_builds():
    code, stdout, _ = run_cli("report", "--help")
    assert code == 0
    assert "Build an HTML report of maps: one page that works offline." in stdout
    assert "--serve" in stdout and "FILE.html|DIR" in stdout


def test_listed_with_the_other_commands():
    code, stdout, _ = run_cli("--help")
    assert "report" in stdout and "watch" in stdout
