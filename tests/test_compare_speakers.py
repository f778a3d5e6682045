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
