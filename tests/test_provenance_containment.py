"""A map's `source:` is read only inside the allowed folders: the map's own
folder (and below it) and the search path (`--sources`, ARGMAP_SOURCES,
`[tool.argmap] sources`). A map sent in a pull request must not make
`validate`, `coverage` or `source` print pieces of a private file."""

from __future__ import annotations

import os

import pytest

from conftest import run_cli

SECRET = "machine github.com\nlogin bot\npassword ghp_S3cr3tT0kenValue123456\n"
PAPER = "台日合作日益深化，雙方互信提升。\n\n本文檢視其動因。\n"

HINT = (
    "  = hint: argmap reads a source only in the map's folder (and below it) and the\n"
    "          folders given with --sources DIR, ARGMAP_SOURCES=DIR or `sources =\n"
    "          [\"DIR\"]` under [tool.argmap] in pyproject.toml: name its folder there\n"
    "          and give the file's name alone\n"
)


@pytest.fixture(autouse=True)
def _no_search_path(monkeypatch):
    monkeypatch.delenv("ARGMAP_SOURCES", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def tree(tmp_path):
    """tmp/home/.netrc (a secret), tmp/papers/paper.txt (a text kept out of
    the repository), tmp/proj/maps/ (the maps), and nothing else."""
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".netrc").write_text(SECRET, encoding="utf-8")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "paper.txt").write_text(PAPER, encoding="utf-8")
    (tmp_path / "proj" / "maps").mkdir(parents=True)
    return tmp_path


def _map(tree, source: str, quote: str = "machine github.com login bot password ghp_T") -> str:
    (tree / "proj" / "maps" / "m.map").write_text(
        f"---\nid: m\ntitle: t\nauthors: [a]\nyear: 2020\nsource: {source}\n---\n"
        f'thesis T "t" {{\n  quote "{quote}"\n}}\n',
        encoding="utf-8",
    )
    return "maps/m.map"


def _validate(tree, *args):
    return run_cli("validate", "--isolated", *args, "maps/m.map", cwd=tree / "proj")


def _outside(declared: str, extra: str = "") -> str:
    caret = "^" * len(declared)
    return (
        f"maps/m.map:6:9: error[AM407] source text `{declared}` is outside the allowed folders: not read{extra}\n"
        "  |\n"
        f"6 | source: {declared}\n"
        f"  |         {caret}\n"
        f"{HINT}\nFound 1 error in 1 file.\n"
    )


def test_an_absolute_source_outside_is_am407_and_not_read(tree):
    declared = str(tree / "home" / ".netrc")
    _map(tree, declared)
    code, out, err = _validate(tree)
    first, snippet = _outside(declared).split("\n  |\n", 1)
    assert (code, err, out.split("\n")[0]) == (1, "", first)  # the long path is cut in the snippet
    assert out.endswith(HINT + "\nFound 1 error in 1 file.\n")


def test_a_source_that_climbs_out_is_am407(tree):
    _map(tree, "../../home/.netrc")
    code, out, err = _validate(tree)
    assert (code, out + err) == (1, _outside("../../home/.netrc"))


def test_the_outcome_does_not_tell_whether_a_file_outside_exists(tree):
    """No oracle: a file that is there and one that is not read the same."""
    _map(tree, "../../home/.netrc")
    there = _validate(tree)
    _map(tree, "../../home/.nonex")
    missing = _validate(tree)
    assert there[0] == missing[0] == 1
    assert there[1].replace(".netrc", ".nonex") == missing[1]


def test_a_symbolic_link_out_of_the_allowed_folders_is_am407(tree):
    try:
        os.symlink(tree / "home" / ".netrc", tree / "proj" / "maps" / "paper.txt")
    except OSError:
        pytest.skip("no symbolic links here")
    _map(tree, "paper.txt")
    code, out, err = _validate(tree)
    assert (code, out + err) == (1, _outside("paper.txt", " (maps/paper.txt is a symbolic link out of them)"))


def test_a_folder_outside_is_am407_not_am403(tree):
    _map(tree, str(tree / "home"))
    code, out, _ = _validate(tree)
    assert code == 1 and "error[AM407]" in out and "AM403" not in out


@pytest.mark.parametrize("command", ["source", "coverage"])
def test_source_and_coverage_refuse_it_with_the_same_message(tree, command):
    _map(tree, "../../home/.netrc")
    code, out, err = run_cli(command, "maps/m.map", cwd=tree / "proj")
    assert code != 0 and out == ""
    assert err.startswith("argmap: error: maps/m.map: source text `../../home/.netrc` is outside the\n")
    assert "ghp_" not in err and "machine" not in err and "--sources DIR" in err


def test_nothing_of_the_file_reaches_any_output(tree):
    _map(tree, str(tree / "home" / ".netrc"))
    for args in (("validate", "--isolated", "maps/m.map"), ("validate", "--format", "json", "maps/m.map"),
                 ("coverage", "maps/m.map"), ("source", "maps/m.map")):
        _, out, err = run_cli(*args, cwd=tree / "proj")
        assert "machine" not in out + err and "S3cr3t" not in out + err, args


def test_a_folder_named_with_sources_is_allowed_by_name_and_by_absolute_path(tree):
    quote = "台日合作日益深化"
    for declared in ("paper.txt", str(tree / "papers" / "paper.txt")):
        _map(tree, declared, quote)
        code, out, _ = _validate(tree, "--sources", "../papers")
        assert (code, out) == (0, "All clear: 1 file checked, no problems.\n"), declared
        code, out, _ = _validate(tree)  # the same map without --sources
        assert code == (1 if declared.startswith("/") else 0), declared


def test_argmap_sources_and_pyproject_allow_a_folder(tree, monkeypatch):
    _map(tree, "../../papers/paper.txt", "台日合作日益深化")
    monkeypatch.setenv("ARGMAP_SOURCES", str(tree / "papers"))
    assert _validate(tree)[:2] == (0, "All clear: 1 file checked, no problems.\n")
    monkeypatch.delenv("ARGMAP_SOURCES")
    (tree / "proj" / "pyproject.toml").write_text('[tool.argmap]\nsources = ["../papers"]\n', encoding="utf-8")
    assert _validate(tree)[:2] == (0, "All clear: 1 file checked, no problems.\n")


def test_a_subfolder_of_the_maps_folder_is_allowed(tree):
    (tree / "proj" / "maps" / "texts").mkdir()
    (tree / "proj" / "maps" / "texts" / "paper.txt").write_text(PAPER, encoding="utf-8")
    for declared in ("texts/paper.txt", "texts/../texts/paper.txt"):
        _map(tree, declared, "台日合作日益深化")
        assert _validate(tree)[:2] == (0, "All clear: 1 file checked, no problems.\n"), declared


def test_a_link_into_a_sources_folder_is_allowed(tree):
    try:
        os.symlink(tree / "papers" / "paper.txt", tree / "proj" / "maps" / "paper.txt")
    except OSError:
        pytest.skip("no symbolic links here")
    _map(tree, "paper.txt", "台日合作日益深化")
    assert _validate(tree, "--sources", "../papers")[:2] == (0, "All clear: 1 file checked, no problems.\n")
    assert _validate(tree)[0] == 1  # without it, the link leads out


def test_an_empty_source_is_a_note_not_silence(tree):
    _map(tree, '""')
    code, out, _ = _validate(tree)
    assert (code, out) == (
        0,
        "maps/m.map:6:9: note[AM401] `source:` is empty: no source text is named, so quotes and locators are not checked\n"
        "  |\n"
        '6 | source: ""\n'
        "  |         ^^\n"
        "  = hint: give the file name of the text (`source: paper.txt`), or remove\n"
        "          `source:` from a map that has none\n"
        "\nAll clear: 1 file checked, no problems (1 note).\n",
    )
    code, out, err = run_cli("source", "maps/m.map", cwd=tree / "proj")
    assert code != 0 and err.startswith("argmap: error: maps/m.map: `source:` is empty")


def test_look_and_the_allowed_folders():
    from pathlib import Path

    from argmap.provenance.search import Place, allowed_folders, inside, look

    here = Path(__file__).parent
    places = [Place(here.parent / "docs", "--sources")]
    assert allowed_folders(here / "cases" / "x.map", places) == [
        os.path.realpath(here / "cases"), os.path.realpath(here.parent / "docs")]
    assert inside(here / "cases" / "sub" / "y.txt", [os.path.realpath(here / "cases")])
    assert not inside(here / "cases" / ".." / "conftest.py", [os.path.realpath(here / "cases")])
    assert look(here / "cases" / "x.map", "../conftest.py", places).what == "outside"
    assert look(here / "cases" / "x.map", "rules.md", places) == ("file", here.parent / "docs" / "rules.md", "")
    assert look("-", str(here / "conftest.py"), []).what == "outside"  # standard input: no folder of its own
    assert look("-", "x.txt", []).what == "missing"
