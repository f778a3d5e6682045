"""Wrapping label text by display width (a CJK character takes two columns).

Graphviz sizes a box from the text it is given, so the line breaks are ours
to choose. Latin words break at spaces; CJK text may break between any two
characters, except that closing punctuation must not start a line and opening
punctuation must not end one (the East Asian line-breaking rule, kinsoku).
We push the previous character down with the punctuation rather than let it
hang past the margin, so no line is ever wider than asked.
"""

from __future__ import annotations

import re
import unicodedata

from argmap.source import char_width

# Characters that must not begin a line: closing brackets and punctuation that
# attach to what precedes them.
NO_START = set("，。、；：？！）」』》〉】〕］｝,.;:!?)]}…‥・ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ%％’”")
# Characters that must not end a line: opening brackets and quotes.
NO_END = set("（「『《〈【〔［｛([{‘“")

# Every character `clean` may change (control characters, line and paragraph
# separators, surrogates, private use, non-characters) lies in these ranges;
# text with none of them only has its spaces folded.
_UNCLEAN = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef"
    + "".join(rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(0x0, 0xF))
    + r"\U000f0000-\U0010ffff]"
)


class _Widths(dict):
    """Display columns of each character, measured once."""

    def __missing__(self, ch: str) -> int:
        self[ch] = width = char_width(ch)
        return width


_WIDTH = _Widths()
_width_of = _WIDTH.__getitem__


def columns(text: str) -> int:
    """Display columns of text: `source.display_width`, each character
    looked up rather than measured again."""
    if text.isascii():
        return len(text)
    return sum(map(_width_of, text))


def clean(text: str) -> str:
    """Text fit for a label: one line, no control or non-characters.

    Control characters make the SVG ill-formed XML; line breaks in map text
    are folded because wrapping decides where lines end.
    """
    if not _UNCLEAN.search(text):
        return " ".join(text.split())
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


def _units(text: str) -> list[tuple[int, int, int]]:
    """Split clean text into the units a line may break between, as
    (start, end, columns).

    A wide (CJK) character is a unit of its own and a run of narrow
    characters is a word; an opening mark binds to what follows it and a
    closing mark to what precedes it, so most of kinsoku holds by
    construction. Whether two neighbours may part depends on them alone,
    so each space-separated word is cut where its pairs allow.
    """
    units: list[tuple[int, int, int]] = []
    pos = 0
    for word in text.split(" "):
        n = len(word)
        if word.isascii() and not ("(" in word or "[" in word or "{" in word):
            units.append((pos, pos + n, n))  # all narrow, no opening mark: one unit
        else:
            prev = word[0]
            start, used = pos, _width_of(prev)
            prev_wide = used == 2
            for i in range(1, n):
                ch = word[i]
                w = _width_of(ch)
                wide = w == 2
                if (wide or prev_wide or ch in NO_END) and prev not in NO_END and ch not in NO_START:
                    units.append((start, pos + i, used))
                    start, used = pos + i, 0
                used += w
                prev, prev_wide = ch, wide
            units.append((start, pos + n, used))
        pos += n + 1
    return units


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
    if columns(text) <= width:
        return [text]  # what the line breaker would make of it
    units = _units(text)
    return _greedy(text, units, width, cut_long) or _broken(text, units, width, cut_long)


def _greedy(text: str, units: list[tuple[int, int, int]], width: int, cut_long: bool) -> list[str] | None:
    """The lines when no unit is cut and no break has to move for kinsoku:
    each line the longest run of units that fits, a slice of the text.
    None when that does not hold (`_broken` then decides)."""
    lines: list[str] = []
    start, end, used = units[0]
    if cut_long and used > width:
        return None
    for a, b, w in units[1:]:
        if cut_long and w > width:
            return None
        need = used + (text[a - 1] == " ") + w
        if need <= width:
            end, used = b, need
            continue
        if text[a] in NO_START or text[end - 1] in NO_END:
            return None
        lines.append(text[start:end])
        start, end, used = a, b, w
    lines.append(text[start:end])
    return lines


def _broken(text: str, spans: list[tuple[int, int, int]], width: int, cut_long: bool) -> list[str]:
    """The lines when a unit is wider than a line (cut, unless cut_long is
    off) or kinsoku moves a break."""
    units: list[tuple[str, bool, int]] = []
    for a, b, w in spans:
        token, space = text[a:b], a > 0 and text[a - 1] == " "
        if cut_long and w > width:
            pieces = _split_long(token, width)
            units.append((pieces[0], space, columns(pieces[0])))
            units.extend((piece, False, columns(piece)) for piece in pieces[1:])
        else:
            units.append((token, space, w))

    lines: list[list[tuple[str, bool, int]]] = [[]]
    used = 0
    for unit in units:
        line = lines[-1]
        w = unit[2]
        gap = 1 if (unit[1] and line) else 0
        if not line or used + gap + w <= width:
            line.append(unit)
            used += gap + w
            continue
        # Kinsoku: a closing mark may not start the next line and an opening
        # mark may not end this one; move the break left until both hold.
        seq = line + [unit]
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


def _width(units: list[tuple[str, bool, int]]) -> int:
    return sum(w + (1 if i and space else 0) for i, (_, space, w) in enumerate(units))


def _join(units: list[tuple[str, bool, int]]) -> str:
    out = []
    for i, (token, space, _) in enumerate(units):
        if i and space:
            out.append(" ")
        out.append(token)
    return "".join(out)
