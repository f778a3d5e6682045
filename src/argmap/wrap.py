"""Wrapping label text by display width (a CJK character takes two columns).

Graphviz sizes a box from the text it is given, so the line breaks are ours
to choose. Latin words break at spaces; CJK text may break between any two
characters, except that closing punctuation must not start a line and opening
punctuation must not end one (the East Asian line-breaking rule, kinsoku).
We push the previous character down with the punctuation rather than let it
hang past the margin, so no line is ever wider than asked.
"""

from __future__ import annotations

import unicodedata

from argmap.source import char_width, display_width

# Characters that must not begin a line: closing brackets and punctuation that
# attach to what precedes them.
NO_START = set("，。、；：？！）」』》〉】〕］｝,.;:!?)]}…‥・ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ%％’”")
# Characters that must not end a line: opening brackets and quotes.
NO_END = set("（「『《〈【〔［｛([{‘“")


def clean(text: str) -> str:
    """Text fit for a label: one line, no control or non-characters.

    Control characters make the SVG ill-formed XML; line breaks in map text
    are folded because wrapping decides where lines end.
    """
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp"):
            out.append(" ")
        elif cat in ("Cs", "Co") or (0xFDD0 <= ord(ch) <= 0xFDEF) or (ord(ch) & 0xFFFE) == 0xFFFE:
            out.append("\ufffd")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Split into (unit, space_before) pairs that a line may break between.

    A wide (CJK) character is a unit of its own and a run of narrow
    characters is a word; an opening mark binds to what follows it and a
    closing mark to what precedes it, so most of kinsoku holds by
    construction.
    """
    tokens: list[tuple[str, bool]] = []
    word: list[str] = []
    space = False

    def flush() -> None:
        nonlocal word, space
        if word:
            tokens.append(("".join(word), space))
            word, space = [], False

    for ch in text:
        if ch.isspace():
            flush()
            space = True
            continue
        if word and (word[-1] in NO_END or ch in NO_START):
            word.append(ch)
            continue
        if char_width(ch) == 2 or ch in NO_END or (word and char_width(word[-1]) == 2):
            flush()
        word.append(ch)
    flush()
    return tokens


def _split_long(token: str, width: int) -> list[str]:
    """Hard-break a word wider than a line."""
    parts: list[str] = []
    current, used = [], 0
    for ch in token:
        w = char_width(ch)
        if current and used + w > width:
            carry: list[str] = []
            # The same rule as between words: no closing mark first, no
            # opening mark last.
            while len(current) > 1 and ((carry[0] if carry else ch) in NO_START or current[-1] in NO_END):
                carry.insert(0, current.pop())
            if sum(char_width(c) for c in carry) + w > width:
                current += carry  # no room to obey the rule: the width wins
                carry = []
            parts.append("".join(current))
            current = carry
            used = sum(char_width(c) for c in current)
        current.append(ch)
        used += w
    if current:
        parts.append("".join(current))
    return parts


def wrap(text: str, width: int, *, cut_long: bool = True) -> list[str]:
    """Lines of at most `width` display columns. A word wider than that is
    cut, or with cut_long=False left whole on a line of its own (a path in a
    message stays one piece to copy)."""
    width = max(2, int(width))
    text = clean(text)
    if not text:
        return []
    units: list[tuple[str, bool]] = []
    for token, space in _tokens(text):
        if cut_long and display_width(token) > width:
            pieces = _split_long(token, width)
            units.append((pieces[0], space))
            units.extend((piece, False) for piece in pieces[1:])
        else:
            units.append((token, space))

    lines: list[list[tuple[str, bool]]] = [[]]
    used = 0
    for token, space in units:
        line = lines[-1]
        w = display_width(token)
        gap = 1 if (space and line) else 0
        if not line or used + gap + w <= width:
            line.append((token, space))
            used += gap + w
            continue
        # Kinsoku: a closing mark may not start the next line and an opening
        # mark may not end this one; move the break left until both hold.
        seq = line + [(token, space)]
        cut = len(line)
        while cut > 1 and (seq[cut][0][0] in NO_START or seq[cut - 1][0][-1] in NO_END):
            cut -= 1
        new = seq[cut:]
        if _width(new) > width:
            # Only at absurdly narrow widths: keep the width, break the rule.
            cut = len(line)
            new = seq[cut:]
        del line[cut:]
        lines.append(new)
        used = _width(new)
    return [_join(line) for line in lines if line]


def _width(units: list[tuple[str, bool]]) -> int:
    return display_width(_join(units))


def _join(units: list[tuple[str, bool]]) -> str:
    out = []
    for i, (token, space) in enumerate(units):
        if i and space:
            out.append(" ")
        out.append(token)
    return "".join(out)
