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
    assert match.describe() == "the quote has 「e」 U+0065 where the source has 「a」 U+0061"
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
    assert keys(index, "p. 3") == ([], ["no page 3 in the source (pages: 1–9)"])
    assert keys(index, "p. 9 ¶2") == ([], ["p. 9 ¶2 does not exist (p. 9 has 1 paragraphs)"])


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
        '  = hint: the quote begins in §Abstract ¶1 (line 5 of s.txt): write at\n'
        '          "§Abstract ¶1"\n'
        '\n'
        'm.map:17:11: error[AM404] quote not found in the source as written\n'
        '   |\n'
        '17 |     quote "A rising china is the first driver."\n'
        '   |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n'
        '  = hint: closest passage, §2.1 ¶1 (line 17 of s.txt): 「A rising China is the\n'
        '          first driver.」; the quote has 「c」 U+0063 where the source has 「C」\n'
        '          U+0043\n'
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
