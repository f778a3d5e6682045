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
MAX_VOTES = 2000  # places of one pair of characters that vote
SLACK = 24  # characters of the source looked at on each side of a place, at least


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
    """「臺」 U+81FA, or 「，。」 U+FF0C U+3002 for a short run; a long run by
    its length; a Latin word as it is (its letters' code points tell a
    reader nothing)."""
    if text.isascii() and "".join(text.split()).isalnum():
        return f"「{text}」"
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
        # A pair found all over the text (a text that repeats itself) says
        # little about where the quote is: its first places are enough, and
        # the vote stays linear in the quote, whatever the size of the text.
        for pos in grams.get(needle[i : i + 2], ())[:MAX_VOTES]:
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
    # Room around each place for what the quote leaves out: a footnote mark
    # (「<sup>17</sup>」), a phrase skipped, must fall inside the passage.
    slack = max(SLACK, len(needle) // 2)
    for start in places:
        lo, hi = max(0, start - slack), min(len(hay), start + len(needle) + slack)
        window = hay[lo:hi]
        sm = SequenceMatcher(None, needle, window, autojunk=False)
        blocks = _trim([b for b in sm.get_matching_blocks() if b.size], start - lo)
        if not blocks:
            continue
        # Aligned again close around what matched: in the wide window a short
        # run of the quote ("日本") may have been matched to an earlier place.
        near = max(4, len(needle) // 4)
        lo2 = max(0, blocks[0].b - blocks[0].a - near)
        hi2 = min(len(window), blocks[-1].b + blocks[-1].size + (len(needle) - blocks[-1].a - blocks[-1].size) + near)
        lo, window = lo + lo2, window[lo2:hi2]
        sm = SequenceMatcher(None, needle, window, autojunk=False)
        blocks = _trim([b for b in sm.get_matching_blocks() if b.size], start - lo)
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
    spans: list[list[int]] = []  # [i1, i2, j1, j2]: quote[i1:i2] against passage[j1:j2]
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            spans.append([i1, i2, j1, j2])
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
            spans.append([i1 + k, i1 + end, j1 + k, j1 + end])
            k = end
    spans.sort()
    # Where each character of the squashed quote is in the quote as written,
    # so that a difference of several words is shown with its spaces.
    places = [k for k, ch in enumerate(quote) if not ch.isspace()][: len(written_quote)]
    diffs = []
    for i1, i2, j1, j2 in _whole_words(spans, _words(quote, len(written_quote)), written, lambda j, k: index.passage(at + j, k)):
        q = quote[places[i1] : places[i2 - 1] + 1] if i2 > i1 else ""
        w = index.passage(at + j1, j2 - j1) if j2 > j1 else ""
        kind = "replace" if q and w else "extra" if q else "missing"
        diffs.append(Difference(kind, q, w, i1))
    return Match(index.unit_at(at), index.line_at(at), index.passage(at, len(passage)), ratio, tuple(diffs))


def _trim(blocks: list, expected: int) -> list:
    """Matching blocks without the stray ones of a character or two at
    either end: each is measured against the nearest longer block (for a
    short quote, the block nearest to `expected`, the place in the window
    where the votes put the quote's start), and is
    chance (a 「的」 or an "e" that happens to be in the window) when the
    source puts it much further from that block than the quote does."""
    def stray(tiny, anchor) -> bool:
        if tiny.b > anchor.b:
            gap_source, gap_quote = tiny.b - anchor.b - anchor.size, tiny.a - anchor.a - anchor.size
        else:
            gap_source, gap_quote = anchor.b - tiny.b - tiny.size, anchor.a - tiny.a - tiny.size
        return gap_source > 2 * gap_quote + 4

    if not blocks:
        return blocks
    big = [k for k, b in enumerate(blocks) if b.size > 2]
    if not big:  # a short quote: the block nearest to where the votes put it
        big = [min(range(len(blocks)), key=lambda k: (-blocks[k].size, abs(blocks[k].b - blocks[k].a - expected)))]
    first, last = big[0], big[-1]
    head = [b for b in blocks[:first] if not stray(b, blocks[first])]
    tail = [b for b in blocks[last + 1 :] if not stray(b, blocks[last])]
    return head + blocks[first : last + 1] + tail


def _latin(text: str) -> bool:
    """Letters or digits of an alphabetic script (not CJK)?"""
    return bool(text) and all(ch.isalnum() and unicodedata.east_asian_width(ch) not in ("W", "F") for ch in text)


def _words(quote: str, length: int) -> list[int | None]:
    """For each character of the quote without whitespace (the first
    `length`), the number of the Latin word it is in, or None (CJK text,
    punctuation): "as a voter" → 0 0 1 2 2 2 2 2."""
    out: list[int | None] = []
    word, inside = 0, False
    for ch in quote:
        if len(out) == length:
            break
        if ch.isspace() or not _latin(ch):
            if inside:
                word += 1
            inside = False
            if not ch.isspace():
                out.append(None)
            continue
        inside = True
        out.append(word)
    return out


def _whole_words(spans: list[list[int]], words: list[int | None], written: str, passage) -> list[list[int]]:
    """Differences inside Latin words widened to the whole words, and those
    that then meet merged: "the quote has 「voter」 where the source has
    「citizen」" reads better than four edits of letters. CJK text, where
    each character is a word, is left character by character. A widening
    runs over characters the two texts share, so the passage's side widens
    by as much. `passage(j, k)` is the passage's text from j, k characters
    long, as written (with its spaces)."""
    out: list[list[int]] = []
    n = len(words)
    for k, (i1, i2, j1, j2) in enumerate(spans):
        if i1 < i2:
            left, right = words[i1], words[i2 - 1]
        elif 0 < i1 < n and words[i1] is not None and words[i1 - 1] == words[i1]:  # dropped inside a word
            left = right = words[i1]
        elif 0 < i1 <= n and j1 > 0 and _latin(written[j1:j2]) and not passage(j1 - 1, j2 - j1 + 1)[1:2].isspace():
            left = right = words[i1 - 1]  # dropped at a word's end ("govern" for "governs")
        else:
            left = right = None
        floor = out[-1][1] if out else 0
        ceiling = spans[k + 1][0] if k + 1 < len(spans) else n
        if left is not None:
            while i1 > floor and words[i1 - 1] == left:
                i1, j1 = i1 - 1, j1 - 1
        if right is not None:
            while i2 < ceiling and words[i2] == right:
                i2, j2 = i2 + 1, j2 + 1
        if out and left is not None and i1 > 0 and out[-1][1] == i1 and words[i1 - 1] == left:
            out[-1][1], out[-1][3] = i2, j2  # the same word as the previous difference
        else:
            out.append([i1, i2, j1, j2])
    return out


def _grams(hay: str) -> dict[str, list[int]]:
    """Where each pair of characters is, its first MAX_VOTES places (memory
    bounded by the number of distinct pairs, not the text's repetitions)."""
    out: dict[str, list[int]] = {}
    for i in range(len(hay) - 1):
        places = out.get(hay[i : i + 2])
        if places is None:
            out[hay[i : i + 2]] = [i]
        elif len(places) < MAX_VOTES:
            places.append(i)
    return out
