"""The parser and the CST: positions, decoded text, and nothing lost."""

from __future__ import annotations

from argmap import frontmatter
from argmap.source import SourceFile, display_width
from argmap.syntax import cst
from argmap.syntax.parser import parse

MAP = """---
id: demo
title: 示範
authors: [某人]
year: 2024
---

// 論點
thesis T "台日關係" {
  en "Taiwan–Japan"   // gloss

  // evidence below
  evidence e1 \"\"\"第一行
      第二行\"\"\" { at "§1" }
}
c1 supports T
"""


def parsed(text=MAP):
    source = SourceFile("m.map", text)
    fm, _ = frontmatter.split(source)
    doc, diags = parse(source, fm)
    assert diags == []
    return doc


def test_positions_are_one_based_characters():
    source = SourceFile("x", "ab\n台日c\n")
    assert source.position(0) == (1, 1)
    assert source.position(3) == (2, 1)
    assert source.position(5) == (2, 3)
    assert source.line_text(2) == "台日c"


def test_display_width_counts_cjk_as_two():
    assert display_width("c1") == 2
    assert display_width("台日c") == 5
    assert display_width("「價值」") == 8


def test_top_level_items_keep_order_comments_and_blank_lines():
    doc = parsed()
    kinds = [type(item).__name__ for item in doc.items]
    assert kinds == ["Blank", "Comment", "NodeDecl", "RelationStmt"]
    assert doc.items[1].text == "// 論點"


def test_block_entries_keep_comments_and_blank_lines():
    thesis = parsed().items[2]
    kinds = [type(e).__name__ for e in thesis.entries]
    assert kinds == ["Attr", "Comment", "Blank", "Comment", "NodeDecl"]
    assert thesis.entries[1].trailing is True
    assert thesis.entries[3].trailing is False


def test_long_strings_fold_line_breaks_and_keep_raw_text():
    evidence = parsed().items[2].entries[-1]
    assert evidence.text.value == "第一行第二行"  # no space between CJK characters
    assert evidence.text.raw.startswith('"""第一行\n')


def test_long_strings_fold_to_a_space_between_words():
    doc = parsed('thesis T """Taiwan and\n    Japan 台日\n  合作"""\n')
    assert doc.items[0].text.value == "Taiwan and Japan 台日合作"


def test_escapes():
    doc = parsed('thesis T "say \\"hi\\" \\\\ ok"\n')
    assert doc.items[0].text.value == 'say "hi" \\ ok'


def test_unknown_escape_is_reported_at_its_place():
    source = SourceFile("m.map", 'thesis T "a\\qb"\n')
    doc, diags = parse(source)
    assert [(d.code.code, d.span.column) for d in diags] == [("AM111", 12)]


def test_spans_point_at_tokens():
    doc = parsed()
    thesis = doc.items[2]
    assert (thesis.id.span.line, thesis.id.span.column) == (9, 8)
    rel = doc.items[3]
    assert isinstance(rel, cst.RelationStmt)
    assert (rel.relation.targets[0].span.line, rel.relation.targets[0].span.column) == (16, 13)


def test_keywords_can_be_ids_where_an_id_is_expected():
    doc = parsed('claim en "x" { supports at }\nthesis at "y"\n')
    assert [item.id.value for item in doc.items] == ["en", "at"]


def test_unicode_ids_and_tags():
    doc = parsed('thesis 論點 "x" { #供應鏈 #non-traditional }\n')
    assert doc.items[0].id.value == "論點"
    assert [e.tok.value for e in doc.items[0].entries] == ["#供應鏈", "#non-traditional"]
