"""Provenance: reading sources, paragraph schemes, locators, quote matching,
the search path, and the validate rules AM401–AM406, on small source texts
built for each case (the bundled corpus is in test_maps.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from argmap import provenance as P
from argmap.config import ConfigError
from argmap.config import load as load_config
from argmap.provenance import schemes
from conftest import ROOT, run_cli

# ---- reading a source ----------------------------------------------------------------


def test_a_source_loses_its_bom_and_carriage_returns(tmp_path):
    path = tmp_path / "s.txt"
    path.write_bytes("\ufeff第一行\r\n第二行\r第三行\n".encode("utf-8"))
    assert P.load_source(path) == "第一行\n第二行\n第三行\n"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\xa5x\xa4\xe9", "not UTF-8 (invalid start byte at byte 0); save the source as UTF-8"),
        (b"%PDF-1.4\x00\x01", "holds NUL characters: not a text file (convert a PDF or Word file to text first)"),
    ],
)
def test_a_bad_source_is_a_value(tmp_path, data, message):
    path = tmp_path / "s.txt"
    path.write_bytes(data)
    assert P.load_source(path) == P.SourceProblem(str(path), message)


def test_a_folder_or_a_missing_file_is_a_value(tmp_path):
    assert P.load_source(tmp_path) == P.SourceProblem(str(tmp_path), "cannot read: Is a directory")
    problem = P.load_source(tmp_path / "absent.txt")
    assert problem == P.SourceProblem(str(tmp_path / "absent.txt"), "cannot read: No such file or directory")


def test_an_unknown_scheme_is_a_value(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("甲。\n", encoding="utf-8")
    problem = P.open_source(path, "paragraph")
    assert isinstance(problem, P.SourceProblem) and "unknown paragraph scheme `paragraph`" in problem.message


def test_each_source_is_indexed_once_until_it_changes(tmp_path, monkeypatch):
    path = tmp_path / "s.txt"
    path.write_text("甲。\n\n乙。\n", encoding="utf-8")
    calls = []
    real = P.index
    monkeypatch.setattr(P, "index", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    first = P.open_source(path, "blank-lines")
    assert P.open_source(path, "blank-lines") is first
    assert P.open_source(path, "lines") is not first
    assert calls == ["blank-lines", "lines"]
    path.write_text("甲。\n\n乙。\n\n丙。\n", encoding="utf-8")
    assert len(P.open_source(path, "blank-lines").units) == 3
    assert calls == ["blank-lines", "lines", "blank-lines"]


# ---- matching ------------------------------------------------------------------------


def test_only_whitespace_is_normalised():
    """U+F96B (a CJK compatibility form of 參, as seed 002 writes it) does not
    match U+53C3, nor the reverse; NFKC would make them equal."""
    index = P.index("## 壹、前言\n\n各國\u3000積極\n\uf96b與亞洲經濟整合。\n")
    assert [u.key for u in index.find("積極\uf96b與亞洲經濟")] == ["§壹 ¶1"]
    assert index.find("積極\u53c3與") == []
    assert index.find("，") == [] and index.find("各國 積極") != []
    assert P.squash(" a\u3000b\r\n c\t") == "abc"


def test_a_quote_may_span_a_line_break_and_run_into_the_next_paragraph():
    index = P.index("一\n\n二\n三\n\n四\n", "lines")
    assert [u.key for u in index.find("二三")] == ["¶2"]
    assert [u.key for u in index.find("三四")] == ["¶3"]
    assert [u.key for u in P.index("一\n\n二\n三\n\n四\n").find("二\n三四")] == ["¶2"]


def test_a_quote_found_twice_names_both_places():
    index = P.index("## 壹、甲\n\n台日關係緊密。\n\n## 貳、乙\n\n台日關係緊密。\n")
    assert [u.key for u in index.find("台日關係緊密")] == ["§壹 ¶1", "§貳 ¶1"]
    assert index.resolve("§貳 ¶1")[0] == index.find("台日關係緊密")[1:]


@pytest.mark.parametrize(
    "quote, passage, differences",
    [
        ("臺灣,日本", "臺灣，日本", "the quote has 「,」 U+002C where the source has 「，」 U+FF0C (full-width vs half-width)"),
        ("台灣，日本", "臺灣，日本", "the quote has 「台」 U+53F0 where the source has 「臺」 U+81FA"),
        ("兩國參與整合", "兩國\uf96b與整合", "the quote has 「參」 U+53C3 where the source has 「\uf96b」 U+F96B "
         "(a compatibility form: the source's character must be quoted as written)"),
        ("日本經濟", "日本的經濟", "the quote drops 「的」 U+7684"),
        ("臺灣的的日本", "臺灣，日本", "the quote has 「的的」 U+7684 U+7684 where the source has 「，」 U+FF0C"),
        ("兩國的參與整合", "兩國\uf96b與整合", "the quote adds 「的」 U+7684; the quote has 「參」 U+53C3 where the source "
         "has 「\uf96b」 U+F96B (a compatibility form: the source's character must be quoted as written)"),
    ],
)
def test_the_closest_passage_and_how_it_differs(quote, passage, differences):
    index = P.index("## 壹、甲\n\n我們知道臺灣，日本\n與韓國。\n\n## 貳、乙\n\n兩國\uf96b與整合，日本的經濟成長。\n")
    match = index.closest(quote)
    assert (match.passage, match.describe()) == (passage, differences)


def test_the_closest_passage_is_shown_as_written_with_its_line():
    text = "Abstract\n\nTaiwan and Japan are acutely\naffected by shifting power balances.\n"
    match = P.index(text).closest("Taiwan and Japan are acutely effected")
    assert (match.unit.key, match.line, match.passage) == ("§Abstract ¶1", 3, "Taiwan and Japan are acutely affected")
    assert match.describe() == "the quote has 「effected」 where the source has 「affected」"
    assert P.index(text).closest("Nothing like it at all, not a word") is None


# ---- locators ------------------------------------------------------------------------

SECTIONED = "\n".join(
    ["## 摘要 / Abstract", "摘要一。", "## 壹、前言", "甲。", "", "乙。", "", "丙。", "## 貳、本文", "### 一、小節", "丁。", "", "戊。"]
)


def keys(index, locator):
    units, problems = index.resolve(locator)
    return [u.key for u in units], problems


def test_locator_forms():
    index = P.index(SECTIONED)
    assert [u.key for u in index.units] == ["§摘要 ¶1", "§壹 ¶1", "§壹 ¶2", "§壹 ¶3", "§貳.一 ¶1", "§貳.一 ¶2"]
    assert keys(index, "§壹 ¶2–3") == keys(index, "§壹 ¶2-3") == (["§壹 ¶2", "§壹 ¶3"], [])
    assert keys(index, "§壹 ¶1, 3") == keys(index, "§壹 ¶1, ¶3") == keys(index, "§壹 ¶1、3") == (["§壹 ¶1", "§壹 ¶3"], [])
    assert keys(index, "§壹 ¶3, §貳.一 ¶1-2") == (["§壹 ¶3", "§貳.一 ¶1", "§貳.一 ¶2"], [])
    assert keys(index, "§摘要; §貳.一 ¶2") == keys(index, "§Abstract；§貳.一 ¶2") == (["§摘要 ¶1", "§貳.一 ¶2"], [])
    assert keys(index, "§貳") == (["§貳.一 ¶1", "§貳.一 ¶2"], [])
    assert keys(index, "¶4") == (["§壹 ¶3"], [])  # from the start of the text


@pytest.mark.parametrize(
    "locator, problems",
    [
        ("§壹 ¶4", ["§壹 ¶4 does not exist (§壹 has 3 paragraphs)"]),
        ("§貳.一 ¶3", ["§貳.一 ¶3 does not exist (§貳.一 has 2 paragraphs)"]),
        ("¶7", ["¶7 does not exist (the source has 6 paragraphs)"]),
        ("§參 ¶1", ["no section §參 in the source"]),
        ("§壹 表1", ["§壹 has no 表1 (tables: none)"]),
        ("p. 117", ["p. 117 names a page; the `blank-lines` scheme counts none"]),
        ("§壹 line 3", ["cannot read §壹 line 3"]),
        ("§壹 ¶1; §參", ["no section §參 in the source"]),
    ],
)
def test_locators_that_name_nothing(locator, problems):
    assert P.index(SECTIONED).resolve(locator)[1] == problems


def test_a_scheme_without_sections_refuses_them():
    index = P.index("一\n二\n", "lines")
    assert keys(index, "¶2") == (["¶2"], [])
    assert keys(index, "§壹 ¶1") == ([], ["§壹 ¶1 names a section; the `lines` scheme counts none"])


def test_page_locators():
    index = P.index("甲。\n\n乙。\n\f丙。\n\npage 9\n\n丁。\n", "pages")
    assert [u.key for u in index.units] == ["p. 1 ¶1", "p. 1 ¶2", "p. 2 ¶1", "p. 9 ¶1"]
    assert keys(index, "p. 1") == (["p. 1 ¶1", "p. 1 ¶2"], [])
    assert keys(index, "pp. 1–2") == (["p. 1 ¶1", "p. 1 ¶2", "p. 2 ¶1"], [])
    assert keys(index, "p. 1 ¶2") == (["p. 1 ¶2"], [])
    assert keys(index, "p. 3") == ([], ["no page 3 in the source (pages: 1, 2, 9)"])
    assert keys(index, "p. 9 ¶2") == ([], ["p. 9 ¶2 does not exist (p. 9 has 1 paragraph)"])


# ---- schemes ---------------------------------------------------------------------------


def _doc_examples():
    text = (ROOT / "docs" / "provenance.md").read_text(encoding="utf-8")
    pattern = re.compile(r"<!-- scheme: (\S+) -->\n```text\n(.*?)```\n\n```units\n(.*?)```", re.S)
    return [(m[1], m[2].replace("␌", "\f"), m[3]) for m in pattern.finditer(text)]


def test_every_scheme_has_an_example_in_the_docs():
    assert sorted(name for name, _, _ in _doc_examples()) == sorted(schemes.SCHEMES)


@pytest.mark.parametrize("name, source, units", _doc_examples(), ids=lambda x: x if x in schemes.SCHEMES else "")
def test_the_docs_examples_read_as_shown(name, source, units):
    index = P.index(source, name)
    shown = [re.split(r"\s{2,}", line, maxsplit=1) for line in units.splitlines()]
    assert [[u.key, u.flowing] for u in index.units] == shown


ENGLISH = """\
Taiwan-Japan Relations

Abstract

Taiwan and Japan are acutely affected by shifting power balances in the
Asia-Pacific.

1. Introduction

Relations between Taipei and Tokyo have deepened in the last decade, on
trade, on security and on the exchange of people.

2. Drivers

2.1 Security

A rising China is the first driver.
"""


def test_an_english_source():
    index = P.index(ENGLISH)
    # The title is no heading the scheme knows: a paragraph before any section.
    assert [u.key for u in index.units] == ["¶1", "§Abstract ¶1", "§1 ¶1", "§2.1 ¶1"]
    assert [h.section for h in index.headings] == ["Abstract", "1", "2", "2.1"]
    assert [u.key for u in index.find("shifting power balances in the Asia-Pacific")] == ["§Abstract ¶1"]
    assert keys(index, "§2") == (["§2.1 ¶1"], [])


HARD_WRAPPED = """\
 摘要 / Abstract

本文探討台日關係的新階段。

Taiwan and Japan are acutely affected by shifting power balances
in the Asia-Pacific. This article examines their relations.

壹、前言

台日關係近年來日益緊密，雙方在經濟、安全與文化上的合作都有所深
化。1本文檢視其動因，並分析其限制。

2011 年 9 月 22 日，雙方簽署了投資協議，這是近年來最重要的一
份協議，2其後雙方的合作日益深化，又簽署了多項協議，涵蓋漁業與
1 Jing Sun, Japan and Taiwan (2007), p.791.
2 經濟部，2011。
 電子商務等領域。

    另一方面，中國因素始終存在，並且深深影響台日關係的發展方向。

圖 1：台日貿易
註：單位為億美元。
資料來源：財政部。

表 1：台日貿易統計
年 出口 進口
資料來源：財政部。
"""


def test_hard_wrapped_text_from_a_pdf():
    index = P.index(HARD_WRAPPED, "hard-wrapped")
    assert [u.key for u in index.units] == ["§摘要 ¶1", "§摘要 ¶2", "§壹 ¶1", "§壹 ¶2", "§壹 ¶3", "§壹 表1"]
    # A year at the start of a line is not a footnote; the footnotes are left
    # out, and the paragraph runs on at the next page's first line.
    assert index.by_key["§壹 ¶2"].lines == (13, 14, 17)
    assert [u.key for u in index.find("涵蓋漁業與電子商務")] == ["§壹 ¶2"]
    assert index.find("單位為億美元") == [] and index.in_text("單位為億美元")


def test_markdown_converted_from_a_pdf():
    text = "## 壹、前言\n\n台日合作\n\n---\n\n<sup>1</sup> 註一。\n\nVol.3, p. 4.\n\n<sup>2</sup>持續深化。\n\n下一段。\n"
    index = P.index(text, "pdf-markdown")
    assert [(u.key, u.flowing) for u in index.units] == [("§壹 ¶1", "台日合作<sup>2</sup>持續深化。"), ("§壹 ¶2", "下一段。")]


def test_numbered_headings_nest_in_the_order_first_used():
    """Markdown levels do not count (a converted PDF often has them wrong):
    「壹、」 is used first, so 「一、」 nests under it, whatever its `#`."""
    text = "# 壹、前言\n\n甲。\n\n# 一、小節\n\n乙。\n\n### 貳、本文\n\n丙。\n\n二、又一節\n\n丁。\n"
    index = P.index(text)
    assert [u.key for u in index.units] == ["§壹 ¶1", "§壹.一 ¶1", "§貳 ¶1", "§貳.二 ¶1"]


def test_numbered_paragraphs():
    index = P.index("Preamble.\n\n12. First.\nMore.\n\n[13] Second.\n", "numbered")
    assert [(u.key, u.text) for u in index.units] == [("¶12", "12. First.\nMore."), ("¶13", "[13] Second.")]
    assert keys(index, "¶13") == (["¶13"], [])
    assert keys(index, "¶1") == ([], ["¶1 does not exist (the source numbers its paragraphs 12 to 13)"])


# ---- the search path --------------------------------------------------------------------


def test_the_search_path_in_order(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.argmap]\nsources = ["texts", "../elsewhere"]\n', encoding="utf-8")
    config = load_config(tmp_path / "pyproject.toml")
    assert config.sources == (str(tmp_path / "texts"), str(tmp_path.parent / "elsewhere"))
    places = P.search_path(["cli"], config, {"ARGMAP_SOURCES": os.pathsep.join(["env1", "", "env2"])})
    pyproject = os.path.relpath(tmp_path / "pyproject.toml")
    assert [(str(p.folder), p.origin, p.written) for p in places] == [
        ("cli", "--sources", "cli"),
        ("env1", "ARGMAP_SOURCES", "env1"),
        ("env2", "ARGMAP_SOURCES", "env2"),
        (str(tmp_path / "texts"), f"[tool.argmap] sources in {pyproject}", "texts"),
        (str(tmp_path.parent / "elsewhere"), f"[tool.argmap] sources in {pyproject}", "../elsewhere"),
    ]
    assert P.candidates(tmp_path / "maps" / "a.map", "s.txt", places[:2]) == [
        tmp_path / "maps" / "s.txt", Path("cli/s.txt"), Path("env1/s.txt"),
    ]
    assert P.candidates("a.map", "/abs/s.txt", places) == [Path("/abs/s.txt")]


def test_the_first_existing_file_wins(tmp_path):
    for folder in ("maps", "a", "b"):
        (tmp_path / folder).mkdir()
    (tmp_path / "b" / "s.txt").write_text("乙", encoding="utf-8")
    places = [P.Place(tmp_path / "a", "--sources"), P.Place(tmp_path / "b", "ARGMAP_SOURCES")]
    assert P.find_source(tmp_path / "maps" / "m.map", "s.txt", places) == tmp_path / "b" / "s.txt"
    (tmp_path / "maps" / "s.txt").write_text("甲", encoding="utf-8")
    assert P.find_source(tmp_path / "maps" / "m.map", "s.txt", places) == tmp_path / "maps" / "s.txt"
    assert P.find_source(tmp_path / "maps" / "m.map", "none.txt", places) is None


@pytest.mark.parametrize("value", ['"texts"', "[1]", '[""]'])
def test_a_bad_sources_setting_is_a_usage_error(tmp_path, value):
    (tmp_path / "pyproject.toml").write_text(f"[tool.argmap]\nsources = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[tool.argmap\] sources = .*: use a list of folders"):
        load_config(tmp_path / "pyproject.toml")


# ---- validate ------------------------------------------------------------------------------

FRONT = "---\nid: m\ntitle: 標題\nauthors: [某]\nyear: 2024\n{extra}---\n"


def _project(tmp_path, body, extra="source: s.txt\n", source=None, raw=None):
    (tmp_path / "m.map").write_text(FRONT.format(extra=extra) + body, encoding="utf-8")
    if raw is not None:
        (tmp_path / "s.txt").write_bytes(raw)
    elif source is not None:
        (tmp_path / "s.txt").write_text(source, encoding="utf-8")


def _validate(tmp_path, *args):
    code, out, err = run_cli("validate", "--isolated", *args, "m.map", cwd=tmp_path)
    return code, out + err


def test_a_crlf_source_with_a_bom(tmp_path):
    raw = "\ufeff## 壹、前言\r\n\r\n台日關係\r\n日益緊密。\r\n".encode("utf-8")
    _project(tmp_path, 'thesis T "甲" {\n  at "§壹 ¶1"\n  quote "台日關係日益緊密"\n}\n', raw=raw)
    assert _validate(tmp_path) == (0, "All clear: 1 file checked, no problems.\n")


def test_a_map_without_a_source_is_not_checked(tmp_path):
    _project(tmp_path, 'thesis T "甲" {\n  at "§九 ¶99"\n  quote "不在任何地方"\n}\n', extra="paragraphs: lines\n")
    assert _validate(tmp_path) == (0, "All clear: 1 file checked, no problems.\n")


def test_a_missing_source_is_one_note_and_exit_0(tmp_path):
    _project(tmp_path, 'thesis T "甲" {\n  at "¶1"\n  quote "甲"\n}\n')
    code, out = _validate(tmp_path, "--strict")
    assert code == 0
    assert out == (
        "m.map:6:9: note[AM401] source text `s.txt` not found\n"
        "  |\n"
        "6 | source: s.txt\n"
        "  |         ^^^^^\n"
        "  = hint: looked in ./ (the map's folder); quotes and locators are checked once\n"
        "          it is found: add its folder with --sources DIR, ARGMAP_SOURCES=DIR or\n"
        "          `sources = [\"DIR\"]` under [tool.argmap] in pyproject.toml\n"
        "\n"
        "All clear: 1 file checked, no problems (1 note).\n"
    )


def test_the_search_path_reaches_validate(tmp_path, monkeypatch):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "s.txt").write_text("甲乙。\n", encoding="utf-8")
    _project(tmp_path, 'thesis T "甲" {\n  at "¶2"\n  quote "甲乙"\n}\n')
    from argmap.validate import validate

    monkeypatch.chdir(tmp_path)
    for kwargs, env in (({"sources": ["texts"]}, ""), ({}, str(tmp_path / "texts"))):
        monkeypatch.setenv("ARGMAP_SOURCES", env)
        result = validate(["m.map"], context=False, **kwargs)
        assert [(d.code.code, d.message) for d in result.diagnostics] == [
            ("AM406", "bad locator: ¶2 does not exist (the source has 1 paragraph)")
        ]


def test_english_source_rules(tmp_path):
    body = (
        'thesis T "Deepened" {\n'
        '  at "§1 ¶1"\n'
        '  quote "Relations between Taipei and Tokyo have deepened"\n'
        '  premise p1 "Abstract" {\n'
        '    at "§1 ¶1"\n'
        '    quote "shifting power balances in the Asia-Pacific"\n'
        "  }\n"
        '  premise p2 "Security" {\n'
        '    at "§2.1 ¶1"\n'
        '    quote "A rising china is the first driver."\n'
        "  }\n"
        "}\n"
    )
    _project(tmp_path, body, source=ENGLISH)
    code, out = _validate(tmp_path)
    assert code == 1
    assert out == (
        'm.map:12:8: error[AM405] the quote is not in §1 ¶1, the paragraph `at` names\n'
        '   |\n'
        '12 |     at "§1 ¶1"\n'
        '   |        ^^^^^^^\n'
        '  = hint: write at "§Abstract ¶1": the quote begins there (line 5 of s.txt)\n'
        '\n'
        'm.map:17:11: error[AM404] quote not found in the source as written\n'
        '   |\n'
        '17 |     quote "A rising china is the first driver."\n'
        '   |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n'
        '  = hint: closest passage, §2.1 ¶1 (line 17 of s.txt): 「A rising China is the\n'
        '          first driver.」; the quote has 「china」 where the source has\n'
        '          「China」\n'
        '\n'
        'Found 2 errors in 1 file.\n'
    )


def test_the_rules_can_be_relevelled(tmp_path):
    _project(tmp_path, 'thesis T "甲" {\n  at "¶9"\n}\n', source="甲。\n")
    (tmp_path / "pyproject.toml").write_text('[tool.argmap.rules]\nbad-locator = "warning"\nAM401 = "off"\n')
    code, out = _validate(tmp_path)
    assert code == 0 and "warning[AM406] bad locator: ¶9 does not exist (the source has 1 paragraph)" in out


def test_notes_in_machine_formats(tmp_path):
    import json

    _project(tmp_path, 'thesis T "甲"\n')
    code, out, _ = run_cli("validate", "--isolated", "--format", "json", "m.map", cwd=tmp_path)
    assert code == 0 and [d["severity"] for d in json.loads(out)] == ["note"]
    code, out, _ = run_cli("validate", "--isolated", "--format", "sarif", "m.map", cwd=tmp_path)
    sarif = json.loads(out)["runs"][0]
    assert [r["level"] for r in sarif["results"]] == ["note"]
    code, out, _ = run_cli("validate", "--isolated", "--format", "github", "m.map", cwd=tmp_path)
    assert out.startswith("::notice file=m.map,line=6,col=9,")


# ---- complexity ---------------------------------------------------------------------------


def _paper(n: int) -> str:
    """n pages of a hard-wrapped paper: headings, paragraphs, footnotes."""
    line = "台日關係近年來日益緊密，雙方在經濟、安全與文化上的合作都有所深化，"
    out = []
    for k in range(1, n + 1):
        out += [f"{k}、第{k}節" if k < 10 else "", f"{k}. {line}", line, f"短句{k}。{k}", line, f"{k} Note, p.{k}.", f" {line}", "結束。"]
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("scheme", sorted(schemes.SCHEMES))
def test_each_scheme_reads_in_linear_time(scheme):
    from test_hardening_dos import assert_linear

    assert_linear(lambda text: P.index(text, scheme), _paper, 600)


def test_checking_is_linear_in_the_nodes():
    from test_hardening_dos import assert_linear

    from argmap.provenance.check import check_node
    from conftest import load_text

    index = P.index(_paper(50), "hard-wrapped")

    def make(n):
        nodes = "".join(f'claim c{i} "甲" {{\n  at "¶{i % 40 + 1}"\n  quote "短句{i % 40 + 1}。"\n}}\n' for i in range(n))
        return load_text(FRONT.format(extra="") + nodes)

    assert_linear(lambda m: [check_node(m, node, index) for node in m.nodes], make, 400)


def test_the_closest_passage_is_found_in_linear_time():
    from test_hardening_dos import assert_linear

    # A long quote that is nowhere: compared by its head, in time linear in the source.
    quote = "臺日關係近年來日益緊密，雙方在經濟、安全與文化上的合作都有所深化，" * 40
    assert_linear(lambda text: P.index(text, "hard-wrapped").closest(quote), _paper, 20)


def test_a_locator_range_is_never_spelt_out():
    """"¶1–999999999" and "pp. 1–99999999" name a bound, not a list to build:
    the answer comes at once and names the first number past the end."""
    index = P.index("甲。\n\n乙。\n\n丙。\n")
    assert keys(index, "¶1–999999999") == (["¶1", "¶2", "¶3"], ["¶4 does not exist (the source has 3 paragraphs)"])
    assert keys(index, "¶0–2") == (["¶1", "¶2"], ["¶0 does not exist (the source has 3 paragraphs)"])
    assert keys(index, "¶3–2") == ([], ["¶3–2 names an empty range"])
    pages = P.index("甲。\n\f乙。\n\f丙。\n", "pages")
    assert keys(pages, "pp. 2–99999999") == ([], ["no page 4 in the source (pages: 1–3)"])
    assert keys(pages, "p. 2 ¶1–999999999") == (["p. 2 ¶1"], ["p. 2 ¶2 does not exist (p. 2 has 1 paragraph)"])


def test_a_locator_of_many_wide_parts_is_linear():
    from test_hardening_dos import _best, assert_linear

    from argmap.provenance.locator import resolve

    index = P.index(_paper(20), "hard-wrapped")
    assert_linear(lambda locator: resolve(index, locator), lambda n: "¶" + ", ".join(["1–999999999"] * n), 400)
    assert_linear(lambda locator: resolve(index, locator), lambda n: "; ".join(["§1 ¶1–99999"] * n), 400)
    # The width of a range costs nothing: ¶1–999999999 as much as ¶1–200.
    narrow, wide = ("¶" + ", ".join([f"1–{last}"] * 200) for last in (200, 999_999_999))
    ratio = _best(resolve, index, wide) / max(_best(resolve, index, narrow), 1e-4)
    assert ratio < 5, f"a wide range took {ratio:.0f}x the time of a narrow one"


def test_english_headings_numbered_as_a_reader_cites_them():
    """`## I.` is §I (a bare number is a heading only when Markdown marks it:
    "II." alone in plain text is a paragraph); "CHAPTER II." and "Part 3: …"
    are numbered; "Section 3 of the act" is text."""
    essay = P.index("# Essay\n\n## I.\n\nOne.\n\n## II\n\nTwo.\n\nII.\n")
    assert [u.key for u in essay.units] == ["§I ¶1", "§II ¶1", "§II ¶2"]
    book = P.index("# CHAPTER I.\n\nOne.\n\n## 1.\n\nSub.\n\nSection 3 of the act\n\n"
                   "# Chapter II: The Road\n\nTwo.\n")
    assert [u.key for u in book.units] == ["§I ¶1", "§I.1 ¶1", "§I.1 ¶2", "§II ¶1"]
    assert [(h.section, h.title) for h in book.headings] == [
        ("I", "CHAPTER I."), ("I.1", "1."), ("II", "Chapter II: The Road"),
    ]


@pytest.mark.parametrize(
    "quote, differences",
    [
        ("I should like to see it acted upon more rapidly", "the quote has 「upon」 where the source has 「up to」"),
        ("That government is best which govern least", "the quote has 「govern」 where the source has 「governs」"),
        ("That government best which governs", "the quote drops 「is」"),
        ("as a voter, I ask", "the quote has 「voter」 where the source has 「citizen」"),
        ("台灣和日本 Taiwan-Japan relation (1972)", "the quote has 「和」 U+548C where the source has 「與」 U+8207; "
         "the quote has 「relation」 where the source has 「relations」"),
    ],
)
def test_a_latin_difference_is_told_by_whole_words(quote, differences):
    """A word of an alphabetic script is one unit to a reader: "voter" for
    "citizen", not four edits of letters. CJK text stays character by character."""
    index = P.index("That government is best which governs least; and I should like to see it acted up to\n"
                    "more rapidly. But, as a citizen, I ask. 台灣與日本 Taiwan-Japan relations (1972).\n")
    assert index.closest(quote).describe() == differences


def test_a_markdown_footnote_is_not_a_paragraph():
    """In `blank-lines`, "[^1]: …" (to the next blank line) is left out: the
    paragraphs after it keep the numbers a reader gives them, and a quote
    from the note is reported as outside every paragraph."""
    index = P.index("## 壹、前言\n\n甲。[^1]\n\n[^1]: 見白皮書，\n第二行。\n\n乙。\n")
    assert [(u.key, u.flowing) for u in index.units] == [("§壹 ¶1", "甲。[^1]"), ("§壹 ¶2", "乙。")]
    assert index.find("見白皮書") == [] and index.in_text("見白皮書，第二行")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize(
    "make, what",
    [
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: os.mkfifo(p), "is not a regular file (a pipe, a device)"),
        (lambda p: (p.symlink_to(p.with_name("t.txt")), p.with_name("t.txt").symlink_to(p)),
         "is a symbolic link that leads nowhere (Too many levels of symbolic links)"),
    ],
    ids=["folder", "fifo", "link-loop"],
)
def test_a_source_that_is_no_file_is_said_to_be_so(tmp_path, monkeypatch, make, what):
    """Not "not found" (it is there), and no hang on a FIFO."""
    from argmap.validate import validate

    _project(tmp_path, 'thesis T "甲" {\n  quote "甲"\n}\n')
    make(tmp_path / "s.txt")
    monkeypatch.chdir(tmp_path)
    result = validate(["m.map"], context=False, sources=[])
    assert [(d.code.code, d.message) for d in result.diagnostics] == [("AM403", f"source text cannot be read: s.txt: {what}")]
    code, out, err = run_cli("source", "m.map", cwd=tmp_path)
    assert (code, out, err.replace("\n  ", " ")) == (2, "", f"argmap: error: m.map: source s.txt {what}\n")


def test_a_source_that_is_a_web_address_is_a_note_that_says_so(tmp_path):
    _project(tmp_path, 'thesis T "甲" {\n  quote "甲"\n}\n', extra="source: https://example.org/paper.md\n")
    code, out = _validate(tmp_path)
    assert code == 0
    assert "note[AM401] source text `https://example.org/paper.md` not found" in out
    assert "= hint: argmap reads files and fetches nothing: save the text as a UTF-8 file" in out


def test_a_misspelt_section_title_gets_a_suggestion_a_number_does_not():
    index = P.index("## Introduction\n\nOne.\n\n## II.\n\nTwo.\n")
    assert keys(index, "§Introductoin ¶1") == ([], ["no section §Introductoin in the source (did you mean §Introduction?)"])
    assert keys(index, "§III ¶1") == ([], ["no section §III in the source"])


def test_the_docs_python_example_runs(monkeypatch):
    from conftest import SEEDS

    if not SEEDS.is_dir():
        pytest.skip(f"no seeds at {SEEDS}")
    text = (ROOT / "docs" / "provenance.md").read_text(encoding="utf-8")
    code = re.search(r"## From Python\n\n```python\n(.*?)```", text, re.S)[1]
    monkeypatch.chdir(ROOT)
    scope: dict = {}
    exec(code, scope)
    assert [u.key for u in scope["units"]] == ["§參.二 ¶3"] and scope["problems"] == []
    assert scope["index"].closest("價值共同体").describe() == "the quote has 「体」 U+4F53 where the source has 「體」 U+9AD4"


def test_a_page_names_the_paragraph_that_runs_on_to_it():
    """A paragraph that runs from page 1 through page 2 is printed on page 2:
    `p. 2` names it (it was "no page 2"); `p. 2 ¶1` counts the paragraphs
    that start on page 2."""
    index = P.index("One that runs\n\fon and on\n\fto its end.\n\nNext.\n", "pages")
    assert [(u.key, u.pages) for u in index.units] == [("p. 1 ¶1", ("1", "2", "3")), ("p. 3 ¶1", ("3",))]
    assert keys(index, "p. 2") == (["p. 1 ¶1"], [])
    assert keys(index, "pp. 2–3") == (["p. 1 ¶1", "p. 3 ¶1"], [])
    assert keys(index, "p. 3 ¶1") == (["p. 3 ¶1"], [])
    assert keys(index, "p. 2 ¶1") == ([], ["p. 2 ¶1 does not exist (p. 2 has 0 paragraphs)"])


def test_coverage_is_linear_in_the_source():
    """A node whose `at` names every paragraph and whose quote is in each:
    the units are looked up by place, not searched for (was quadratic)."""
    from test_hardening_dos import assert_linear

    from argmap.provenance.coverage import coverage
    from conftest import load_text

    argmap = load_text(FRONT.format(extra="") + 'thesis T "甲" {\n  at "¶1–999999999"\n  quote "甲"\n}\n')

    def make(n):
        return P.index("".join(f"甲{k}。\n\n" for k in range(n)))

    assert_linear(lambda index: coverage("s.txt", index, [argmap]), make, 3000)


def test_the_closest_passage_holds_what_the_quote_leaves_out():
    """A quote that skips a footnote mark of the source: the passage runs
    over the mark, and the hint says the quote drops it (it used to show a
    passage cut inside the mark, and a wrong difference)."""
    index = P.index("不僅在 G7 峰會上得到公開表達，<sup>17</sup>也在印太地區推動民主。\n")
    match = index.closest("得到公開表達，也在印太地區推動")
    assert (match.passage, match.describe()) == (
        "得到公開表達，<sup>17</sup>也在印太地區推動", "the quote drops 「<sup>17</sup>」 (13 characters)")
    # A short run of the quote found earlier in the text is not taken for the start.
    index = P.index("臺灣，日本與韓國。\n\n兩國與整合，日本的經濟成長。\n")
    assert index.closest("日本經濟").passage == "日本的經濟"


def _with_runs(case):
    from argmap.provenance import locator

    return {
        # a run of spaces, stars or marks inside a source line or a locator
        "heading spaces": (schemes.markdown_heading, lambda n: "# x" + " " * n + "y"),
        "heading stars": (schemes.markdown_heading, lambda n: "# x" + "*" * n + "y"),
        "section names": (schemes._names, lambda n: "摘要" + " " * n + "x"),
        "page mark": (schemes.page_mark, lambda n: "-" + " " * n + "x"),
        "page number": (schemes.page_mark, lambda n: "- " + " " * n + "12" + " " * n + "x"),
        "footnote marks": (schemes.ends_sentence, lambda n: "正文" + "[^a]" * n + "x]"),
        "sup marks": (schemes.ends_sentence, lambda n: "正文" + "<sup>1</sup>" * n + "x]"),
        "unclosed tags": (lambda line: schemes._foreign(line, schemes._Builder()), lambda n: "<" * n),
        "locator parts": (locator.parts, lambda n: "§a" + " " * n + "x"),
        "locator commas": (locator.parts, lambda n: "§a," + " " * n + "x"),
        "paragraph numbers": (locator.numbers, lambda n: "1" + " " * n + "–2"),
    }[case]


@pytest.mark.parametrize(
    "case",
    ["heading spaces", "heading stars", "section names", "page mark", "page number", "footnote marks",
     "sup marks", "unclosed tags", "locator parts", "locator commas", "paragraph numbers"],
)
def test_a_long_run_in_a_line_or_locator_is_read_in_linear_time(case):
    """Each of these took time quadratic (a heading with spaces inside it:
    cubic) in the length of the run."""
    from test_hardening_dos import assert_linear

    work, make = _with_runs(case)
    # n large enough that the small run takes milliseconds: at 1,000 it took
    # a fraction of one, and a busy machine's noise made 10x look like 33x.
    assert_linear(lambda line: [work(line) for _ in range(20)], make, 5000)


def test_a_heading_with_a_long_run_of_spaces_is_read_in_linear_time():
    from test_hardening_dos import assert_linear

    def make(n):
        return "# 摘要\n\n本文探討。\n\n# x" + " " * n + "y\n\n正文。\n"

    for scheme in ("blank-lines", "numbered", "pdf-markdown"):
        assert_linear(lambda text: P.index(text, scheme), make, 2000)


@pytest.mark.parametrize(
    "line, title",
    [
        ("## Title ##", "Title"),
        ("# x#", "x"),
        ("# x # #", "x #"),
        ("#   **摘要**  ", "摘要"),
        ("# ###", ""),
        ("#  #", ""),
        ("####### x", None),
        ("#x", None),
        ("#", None),
        ("###\tII.", "II."),
    ],
)
def test_markdown_heading_titles(line, title):
    assert schemes.markdown_heading(line) == title


def test_a_locator_splits_into_parts_as_written():
    from argmap.provenance.locator import numbers, parts

    assert parts(" §摘要 ; §參.二 ¶7；¶2 ") == ["§摘要", "§參.二 ¶7", "¶2"]
    assert parts("§壹 ¶2–3, ¶5, §貳,  p. 3") == ["§壹 ¶2–3, ¶5", "§貳", "p. 3"]
    assert parts(";") == [";"]
    assert numbers("2 – 4 ， 7、¶9") == [(2, 4), (7, 7), (9, 9)]
