"""The report's data document: exact for the small corpus, and its parts."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import TESTS, golden

GOLDEN = Path(__file__).parent / "golden"


def _document(paths, **options):
    import os

    from argmap.compare.analysis import NothingToCompare, compare
    from argmap.validate import validate
    from argmap.site import data

    old = os.getcwd()
    os.chdir(TESTS)
    try:
        result = validate(list(paths))
        try:
            comparison, nothing = compare(result.corpus), None
        except NothingToCompare as exc:
            comparison, nothing = None, str(exc)
        return data.document(result, comparison=comparison, nothing_to_compare=nothing, **options)
    finally:
        os.chdir(old)


def test_the_document_of_the_small_corpus_is_exact():
    doc = _document(["fixtures/corpus"])
    golden(GOLDEN / "corpus.json", json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def test_a_cell_explained_is_what_compare_explain_says_with_nodes_cited_by_id():
    """The same function as `compare --explain`, the node text once in the map."""
    from argmap.compare.analysis import compare
    from argmap.compare.data import explain_dict
    from argmap.validate import validate
    from argmap.site.data import slim

    doc = _document(["fixtures/corpus"])
    result = validate([str(TESTS / "fixtures/corpus")])
    full = explain_dict(compare(result.corpus), "security", "beta", "orig")
    cell = doc["comparison"]["explain"]["security"]["beta"]
    assert cell["rule"] == full["rule"] == {"id": "one", "text": "every node that takes a stance on it agrees"}
    assert cell["support"] == {"map": "beta", "id": "c2"} == slim(full["support"])
    assert full["support"]["text"] == "非傳統安全為起點"
    beta = next(m for m in doc["maps"] if m["id"] == "beta")
    assert next(n for n in beta["nodes"] if n["id"] == "c2")["text"] == "非傳統安全為起點"


def test_each_issue_holds_each_authors_reasoning_tree():
    doc = _document(["fixtures/corpus"])
    chain = doc["comparison"]["chains"]["security"]
    assert [(m["map"], m["stance"]) for m in chain["maps"]] == [("alpha", "con"), ("beta", "pro")]
    alpha = chain["maps"][0]["tree"][0]
    assert alpha["id"] == "T" and alpha["stance"] == "con"
    assert [(b["id"], b["relation"]) for b in alpha["children"]] == [("c1", "supports")]
    [e1] = alpha["children"][0]["children"]
    assert (e1["id"], e1["relation"], e1["status"]) == ("e1", "supports", "in")
    # The undercut hangs under the reason whose inference it denies, as `compare --issue` shows it.
    [k1] = e1["children"]
    assert (k1["id"], k1["relation"], k1["status"]) == ("k1", "undercuts", "out")
    assert [(b["id"], b["relation"]) for b in k1["children"]] == [("r1", "attacks")]


def test_english_throughout_with_lang_en():
    doc = _document(["fixtures/compare"], lang="en")
    assert doc["lang"] == "en"
    assert [m["label"] for m in doc["comparison"]["maps"]][:1] == ["Lee 2010"]
    assert doc["comparison"]["issues"][0]["text"] == "Question one?"


def test_with_errors_and_no_force_only_the_errors_are_in_it(tmp_path):
    (tmp_path / "a.map").write_text('---\nid: a\ntitle: t\nauthors: [x]\nyear: 2000\n---\nthesis T "甲" { at "¶1" }\n'
                                    'claim c1 "乙" { supports X9 }\n', encoding="utf-8")
    doc = _document([str(tmp_path)], complete=False)
    assert doc["complete"] is False
    assert doc["maps"] == [] and doc["comparison"] is None
    [diag] = [d for d in doc["diagnostics"] if d["severity"] == "error"]
    assert (diag["code"], diag["line"], diag["column"], diag["message"]) == ("AM201", 8, 25, "unknown id `X9`")
    assert diag["excerpt"] == {"line": 8, "text": 'claim c1 "乙" { supports X9 }', "start": 25, "end": 27}


def test_slim_cuts_cited_nodes_to_map_and_id_and_keeps_the_rest():
    from argmap.site.data import slim

    cited = {"map": "m", "id": "c1", "kind": "claim", "text": "t", "locator": "¶1", "quote": None, "stance": "pro"}
    assert slim({"a": [cited], "issue": {"id": "q", "text": "kept"}}) == {
        "a": [{"map": "m", "id": "c1", "stance": "pro"}], "issue": {"id": "q", "text": "kept"}}


def test_front_matter_dates_become_iso_text():
    import datetime

    from argmap.site.data import plain

    assert plain(datetime.date(2012, 1, 15)) == "2012-01-15"
    assert plain({"k": [datetime.date(2020, 2, 3), 1, None]}) == {"k": ["2020-02-03", 1, None]}
    assert plain(object.__new__(type("Odd", (), {"__str__": lambda self: "odd"}))) == "odd"


def test_map_keys_are_unique_and_name_maps_without_an_id_by_path():
    from types import SimpleNamespace as S

    from argmap.site.data import map_keys

    maps = [S(id="a", path="x/a.map"), S(id=None, path="x/b.map"), S(id="a", path="y/a.map")]
    assert map_keys(maps) == ["a", "file:x/b.map", "a~2"]
