"""A comparison figure names the maps it leaves out, and why."""

from __future__ import annotations

from tests.conftest import run_cli

HEAD = "---\nid: {id}\ntitle: t\nauthors: [{author}]\nyear: {year}\n{extra}---\n\n"


def _write(folder, name, author, year, body, extra=""):
    (folder / f"{name}.map").write_text(HEAD.format(id=name, author=author, year=year, extra=extra) + body, encoding="utf-8")


def _corpus(tmp_path):
    (tmp_path / "issues.map").write_text('issue q "Is it so?"\n', encoding="utf-8")
    _write(tmp_path, "orig", "甲", 2020, 'thesis T "台日應合作" { stance q pro }\n')
    _write(tmp_path, "orig_en", "甲", 2021, 'thesis T "They should cooperate" { stance q pro }\n', "translation_of: orig\n")
    _write(tmp_path, "other", "乙", 2022, 'thesis T "不應" { stance q con }\n')
    _write(tmp_path, "silent", "丙", 2023, 'thesis T "無關"\n')


def test_the_stance_matrix_draws_a_translation_as_its_original_and_says_so(tmp_path):
    _corpus(tmp_path)
    code, out, err = run_cli("render", ".", "--format", "dot", "-o", "m.dot", cwd=tmp_path)
    assert code == 0, err
    assert err.startswith("argmap: note: 1 of the maps given is not drawn: orig_en (a translation of orig,\n"
                          "              drawn as it)\n")
    dot = (tmp_path / "m.dot").read_text(encoding="utf-8")
    assert "甲 2020" in dot and "甲 2021" not in dot  # one column for the original and its translation


def test_the_full_diagram_names_each_map_it_leaves_out(tmp_path):
    _corpus(tmp_path)
    code, out, err = run_cli("render", ".", "--figure", "full", "--format", "dot", "-o", "f.dot", cwd=tmp_path)
    assert code == 0, err
    assert err.replace("\n              ", " ").startswith(
        "argmap: note: 2 of the maps given are not drawn: orig_en (a translation of orig, drawn as it); "
        "silent (no stance on an issue)\n"
    )
    code, out, err = run_cli("render", ".", "--figure", "full", "--focus", "q", "--format", "dot", "-o", "g.dot", cwd=tmp_path)
    assert "silent (no stance on q)" in err
