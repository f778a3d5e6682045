"""The passage nearest to a quote that is not in the source as written, and
a character-level account of how they differ.

Candidates are found by voting: each pair of characters of the quote that
also occurs in the source votes for where the quote would begin. The best
few places are then aligned character by character (difflib), and the
closest wins. The differences are described for a reader of CJK text:
full-width against half-width forms ("，" U+FF0C vs "," U+002C), a
compatibility form against its unified character (U+F96B vs 參 U+53C3),
one character for another (臺 U+81FA vs 台 U+53F0), a character dropped or
added (的 U+7684).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from argmap.provenance.index import SourceIndex, Unit
from argmap.provenance.text import squash

CANDIDATES = 5  # places aligned in full
# Aligning costs the square of the quote's length: a longer quote is
# compared by its first this many characters (where a retyping slip shows
# as well as anywhere).
MAX_ALIGNED = 400
MIN_RATIO = 0.5  # below this share of matching characters, nothing is "close"
MAX_DIFFERENCES = 6  # differences spelt out in a hint


@dataclass(frozen=True)
class Difference:
    """One edit that turns the quote into the source passage."""

    op: str  # "replace", "missing" (in the source, not the quote) or "extra" (in the quote, not the source)
    quote: str  # the quote's characters ("" for missing)
    source: str  # the source's characters ("" for extra)
    offset: int  # where in the quote (whitespace removed) it falls

    def describe(self) -> str:
        if self.op == "missing":
            return f"the quote drops {_chars(self.source)}"
        if self.op == "extra":
            return f"the quote adds {_chars(self.quote)}"
        note = _kind(self.quote, self.source)
        return f"the quote has {_chars(self.quote)} where the source has {_chars(self.source)}" + (f" ({note})" if note else "")


@dataclass(frozen=True)
class Match:
    """The passage of the source nearest to a quote."""

    unit: Unit  # where the passage begins
    line: int  # the source line where it begins
    passage: str  # the passage as the source writes it (line breaks flowed, as in Unit.flowing)
    ratio: float  # share of matching characters, 0–1
    differences: tuple[Difference, ...]

    def describe(self, limit: int = MAX_DIFFERENCES) -> str:
        """"the quote has 臺 U+81FA where the source has 台 U+53F0; …"."""
        items = [d.describe() for d in self.differences[:limit]]
        more = len(self.differences) - limit
        if more > 0:
            items.append(f"and {more} more difference{'s' if more != 1 else ''}")
        return "; ".join(items)


def _chars(text: str) -> str:
    """「臺」 U+81FA, or 「，。」 U+FF0C U+3002 for a short run; a long run by its length."""
    if len(text) > 4:
        return f"「{text}」 ({len(text)} characters)"
    return f"「{text}」 " + " ".join(f"U+{ord(c):04X}" for c in text)


def _kind(a: str, b: str) -> str:
    if len(a) != len(b):
        return ""
    kinds = set()
    for x, y in zip(a, b):
        if x == y:
            continue
        nx, ny = unicodedata.normalize("NFKC", x), unicodedata.normalize("NFKC", y)
        wide = {unicodedata.east_asian_width(x), unicodedata.east_asian_width(y)}
        if nx == ny and ("F" in wide or "H" in wide):
            kinds.add("full-width vs half-width")
        elif nx == ny:
            kinds.add("a compatibility form: the source's character must be quoted as written")
        else:
            kinds.add("")
    kinds.discard("")
    return "; ".join(sorted(kinds))


def _fold(text: str) -> str:
    """Each character by its compatibility equivalent when that is one
    character (「，」 → ",", U+F96B → 參), for aligning only: the differences
    reported are between the characters as written."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch) if ord(ch) > 0x7F else ch
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def closest(index: SourceIndex, quote: str) -> Match | None:
    from difflib import SequenceMatcher

    needle = _fold(squash(quote)[:MAX_ALIGNED])
    hay = index.__dict__.get("_folded")
    if hay is None:
        hay = index.__dict__["_folded"] = _fold(index.reading)
    if not needle or not hay:
        return None
    votes: dict[int, int] = {}
    grams = index.__dict__.get("_grams")
    if grams is None:  # built once per source, on the first quote not found
        grams = index.__dict__["_grams"] = _grams(hay)
    for i in range(len(needle) - 1):
        for pos in grams.get(needle[i : i + 2], ()):
            start = pos - i
            votes[start] = votes.get(start, 0) + 1
    if not votes:
        return None
    # Nearby starts are the same place shifted by a dropped or added character.
    places: list[int] = []
    for start, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if all(abs(start - p) > len(needle) // 2 for p in places):
            places.append(start)
        if len(places) == CANDIDATES:
            break
    best = None
    slack = max(4, len(needle) // 4)
    for start in places:
        lo, hi = max(0, start - slack), min(len(hay), start + len(needle) + slack)
        window = hay[lo:hi]
        sm = SequenceMatcher(None, needle, window, autojunk=False)
        blocks = [b for b in sm.get_matching_blocks() if b.size]
        if not blocks:
            continue
        a0 = blocks[0].a
        b0, b1 = blocks[0].b - a0, blocks[-1].b + blocks[-1].size + (len(needle) - blocks[-1].a - blocks[-1].size)
        b0, b1 = max(0, b0), min(len(window), b1)
        passage = window[b0:b1]
        sm = SequenceMatcher(None, needle, passage, autojunk=False)
        ratio = sum(b.size for b in sm.get_matching_blocks()) / max(len(needle), 1)
        if best is None or ratio > best[0]:
            best = (ratio, lo + b0, passage, sm)
    if best is None or best[0] < MIN_RATIO:
        return None
    ratio, at, passage, sm = best
    written_quote, written = squash(quote)[:MAX_ALIGNED], index.reading[at : at + len(passage)]
    diffs = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            kind = {"replace": "replace", "delete": "extra", "insert": "missing"}[op]
            diffs.append(Difference(kind, written_quote[i1:i2], written[j1:j2], i1))
            continue
        # Equal once folded: a width or compatibility form may still differ.
        k = 0
        while k < i2 - i1:
            if written_quote[i1 + k] == written[j1 + k]:
                k += 1
                continue
            end = k
            while end < i2 - i1 and written_quote[i1 + end] != written[j1 + end]:
                end += 1
            diffs.append(Difference("replace", written_quote[i1 + k : i1 + end], written[j1 + k : j1 + end], i1 + k))
            k = end
    diffs.sort(key=lambda d: d.offset)
    return Match(index.unit_at(at), index.line_at(at), index.passage(at, len(passage)), ratio, tuple(diffs))


def _grams(hay: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i in range(len(hay) - 1):
        out.setdefault(hay[i : i + 2], []).append(i)
    return out
