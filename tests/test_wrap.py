"""Label wrapping by display width: a CJK character takes two columns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.wrap import NO_END, NO_START, clean, wrap
from argmap.source import display_width


def widths(lines):
    return [display_width(line) for line in lines]


def test_cjk_counts_two_columns():
    assert wrap("一二三四五六七八九十", 8) == ["一二三四", "五六七八", "九十"]


def test_latin_breaks_at_spaces():
    assert wrap("Taiwan and Japan are moving toward a quasi-alliance", 16) == [
        "Taiwan and Japan", "are moving", "toward a", "quasi-alliance",
    ]


def test_mixed_text_breaks_between_cjk_and_latin():
    lines = wrap("美中競逐 US–China rivalry 進入新階段", 12)
    assert max(widths(lines)) <= 12
    assert "".join(lines).replace(" ", "") == "美中競逐US–Chinarivalry進入新階段"


def test_closing_punctuation_never_starts_a_line():
    # 十 fills the line; the comma would start the next: 十 goes down with it.
    lines = wrap("一二三四五六七八九十，完", 20)
    assert lines == ["一二三四五六七八九", "十，完"]


def test_opening_bracket_never_ends_a_line():
    lines = wrap("一二三四五六七「八九」", 16)
    assert lines == ["一二三四五六七", "「八九」"]


def test_a_word_wider_than_the_line_is_cut():
    assert wrap("abcdefghijklmnopqrstuvwxyz", 10) == ["abcdefghij", "klmnopqrst", "uvwxyz"]


def test_control_characters_and_line_breaks_are_folded():
    assert clean("a\x00b\nc\t\td\u2028e") == "a b c d e"
    assert clean("x\ufffey\ufdd0") == "x\ufffdy\ufffd"
    assert wrap("  \n ", 10) == []


@pytest.mark.parametrize("width", [2, 3, 5, 9])
def test_tiny_widths_still_progress(width):
    lines = wrap("「一」，二。abc def「」", width)
    assert lines and all(line for line in lines)


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(list("ab cd,.一二三四「」，。、（）xyz ") + ["供應鏈", "Japan", "US–China"]), max_size=40).map("".join),
    width=st.integers(min_value=4, max_value=40),
)
def test_lines_never_exceed_the_width_and_keep_every_character(text, width):
    lines = wrap(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == clean(text).replace(" ", "")
    if " " in text or width < 12:
        # A lone word before a spaced-off comma, or a bracket and a word that
        # together overfill a tiny line, cannot obey kinsoku.
        return
    for line in lines[1:]:
        assert line[0] not in NO_START, lines
    for line in lines[:-1]:
        assert line[-1] not in NO_END, lines


def test_the_widths_argmap_knows_without_wcwidth_are_wcwidths():
    # source.char_width answers the common scripts from a table of its own
    # (importing wcwidth cost a warm run more than its work): every
    # character of that table is as wide as wcwidth says, and the rest is
    # asked of wcwidth.
    from wcwidth import wcwidth

    from argmap.source import _KNOWN_WIDTHS, char_width

    for first, last, _ in _KNOWN_WIDTHS:
        for code in range(first, last + 1):
            expected = wcwidth(chr(code))
            assert char_width(chr(code)) == (1 if expected < 0 else expected), hex(code)
    assert [char_width(ch) for ch in "a台、「」ー한Ａ\u302a\u200b😀"] == [1, 2, 2, 2, 2, 2, 2, 2, 0, 0, 2]
