"""A dialogue mapped as one map: compare lines up its speakers as authors."""

from __future__ import annotations

import json

from tests.conftest import run_cli

DEBATE = """---
id: debate
title: A televised debate on school uniforms
authors: [Channel 9]
year: 2024
---

thesis T "Schools should introduce uniforms" {
  speaker "Ann"
  stance uniforms pro
}
premise p1 "Uniforms cut bullying" {
  speaker "Ann"
  supports T
  stance bullying pro
}
counterpoint k1 "Uniforms suppress individuality" {
  speaker "Ben"
  attacks T
  stance uniforms con
}
counterpoint k2 "Bullying moves online" {
  speaker "Ben"
  attacks p1
  stance bullying pro
}
"""


def _debate(tmp_path):
    (tmp_path / "issues.map").write_text('issue uniforms "Uniforms?"\nissue bullying "Less bullying?"\n', encoding="utf-8")
    (tmp_path / "debate.map").write_text(DEBATE, encoding="utf-8")


def test_one_dialogue_is_compared_speaker_by_speaker(tmp_path):
    _debate(tmp_path)
    code, out, err = run_cli("compare", str(tmp_path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [m["id"] for m in data["maps"]] == ["debate/Ann", "debate/Ben"]
    stances = {i["id"]: {s["map"]: s["stance"] for s in i["stances"]} for i in data["issues"]}
    assert stances == {"uniforms": {"debate/Ann": "pro", "debate/Ben": "con"},
                       "bullying": {"debate/Ann": "pro", "debate/Ben": "pro"}}
    assert "argmap: warning: debate has several speakers: compared as debate/Ann, debate/Ben" in err


def test_a_speakers_counterpoint_is_their_own_position_not_an_objection_they_raise(tmp_path):
    _debate(tmp_path)
    code, out, err = run_cli("compare", str(tmp_path))
    assert code == 0, err
    assert "│ T    │ k1   │" in out and "✗" not in out.split("Agreement")[0]
    assert "Ann 2024 and Ben 2024 agree on 1 of 2 shared issues." in out


OTHER = """---
id: essay
title: An essay
authors: [Cole]
year: 2023
---

thesis E "Uniforms suppress individuality in schools" {
  stance uniforms con
}
claim c1 "Bullying moves online anyway" {
  supports E
}
"""


def test_a_speakers_unique_points_and_suggestions_are_that_speakers_own(tmp_path):
    _debate(tmp_path)
    debate = DEBATE.replace('counterpoint k2 "Bullying moves online" {', 'claim k2 "Bullying moves online" {').replace(
        "  attacks p1\n  stance bullying pro", "  supports k1\n  stance bullying pro")
    debate += 'claim a1 "A charge would pay for new uniforms" {\n  speaker "Ann"\n  supports T\n}\n'
    (tmp_path / "debate.map").write_text(debate, encoding="utf-8")
    (tmp_path / "essay.map").write_text(OTHER, encoding="utf-8")
    code, out, err = run_cli("compare", str(tmp_path), "--format", "json", "--suggest")
    assert code == 0, err
    data = json.loads(out)
    # Ben's nodes are suggested from Ben's voice only, and never with Ann's
    # nodes of the same file: the parts of one dialogue are one map.
    assert [(s["a"]["map"], s["a"]["id"], s["b"]["map"], s["b"]["id"]) for s in data["suggestions"]] == [
        ("essay", "c1", "debate/Ben", "k2"),
        ("essay", "E", "debate/Ben", "k1"),
    ]
    code, out, err = run_cli("compare", str(tmp_path), "--format", "json")
    unique = [(u["map"], u["id"]) for u in json.loads(out)["unique"]]
    assert unique == [("essay", "c1"), ("debate/Ann", "a1")]  # Ann's claim, not also Ben's


def test_the_stance_matrix_of_a_dialogue_leaves_no_map_out(tmp_path):
    _debate(tmp_path)
    (tmp_path / "essay.map").write_text(OTHER, encoding="utf-8")
    code, out, err = run_cli("render", str(tmp_path), "--format", "dot", "-o", str(tmp_path / "m.dot"))
    assert code == 0, err
    assert "not drawn" not in err


def test_a_translation_whose_original_is_missing_is_compared_with_a_warning(tmp_path):
    _debate(tmp_path)
    (tmp_path / "essay.map").write_text(OTHER.replace("year: 2023\n", "year: 2023\ntranslation_of: esay\n"), encoding="utf-8")
    code, out, err = run_cli("compare", str(tmp_path))
    assert code == 0
    assert "essay is a translation of esay, which is not among the maps: compared as an author of its own" in " ".join(err.split())


def test_explain_names_the_voices_of_a_dialogue_and_the_original_of_a_translation(tmp_path):
    _debate(tmp_path)
    code, out, err = run_cli("compare", str(tmp_path), "--explain", "uniforms", "debate")
    assert (code, err) == (2, "argmap: error: `debate` is compared speaker by speaker: "
                              "--explain uniforms debate/Ann or debate/Ben\n")
    (tmp_path / "essay.map").write_text(OTHER, encoding="utf-8")
    (tmp_path / "essay_zh.map").write_text(OTHER.replace("id: essay", "id: essay_zh\ntranslation_of: essay"), encoding="utf-8")
    code, out, err = run_cli("compare", str(tmp_path), "--explain", "uniforms", "essay_zh")
    assert (code, err) == (2, "argmap: error: `essay_zh` is a translation of `essay` and is compared as it: "
                              "--explain uniforms essay\n")


def test_a_translation_beside_its_original_is_compared_as_it_and_says_so(tmp_path):
    _debate(tmp_path)
    (tmp_path / "essay.map").write_text(OTHER, encoding="utf-8")
    (tmp_path / "essay_zh.map").write_text(OTHER.replace("id: essay", "id: essay_zh\ntranslation_of: essay"), encoding="utf-8")
    code, out, err = run_cli("compare", str(tmp_path), "--format", "json")
    assert code == 0
    assert json.loads(out)["warnings"] == [
        "essay_zh is a translation of essay: compared as essay",
        "debate has several speakers: compared as debate/Ann, debate/Ben",
    ]
    assert "essay_zh" not in [m["id"] for m in json.loads(out)["maps"]]
