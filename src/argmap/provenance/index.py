"""A source's citable units (paragraphs, tables) and searches over them.

A `SourceIndex` is what a paragraph scheme makes of a text: the units in
reading order, each with the key a map cites it by ("§參.二 ¶7", "¶12",
"p. 4 ¶2", "§叁 表2"), and the headings that opened its sections. Quotes are
looked for in the *reading* of the units: their text with all whitespace
removed, one after another, so a quote may run across a line break, a page
break or a footnote block that the scheme leaves out, and on into the next
paragraph.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from functools import cached_property
from typing import NamedTuple

from argmap.provenance.text import squash


class Unit:
    """A citable stretch of the source: a paragraph ("¶n") or a table ("表n").

    A plain class with slots, not a dataclass: sources make hundreds of them
    and the module is imported on every `validate` that checks a source."""

    __slots__ = ("key", "label", "section", "page", "pages", "number", "lines", "text", "squashed")

    def __init__(self, key: str, label: str, section: str | None, page: str | None, number: int,
                 lines: tuple[int, ...], text: str, pages: tuple[str, ...] | None = None):
        self.key = key  # how a locator names it: "§參.二 ¶7", "¶12", "p. 4 ¶2", "§叁 表2"
        self.label = label  # "¶7", "表2": the last part of the key
        self.section = section  # "參.二", "摘要"; None before the first heading or without sections
        self.page = page  # "4" in the `pages` scheme, else None
        self.pages = pages or ((page,) if page is not None else ())  # every page it is printed on (it may run on)
        self.number = number  # the paragraph's place from the start of the text (printed, in `numbered`); tables 0
        self.lines = lines  # the source lines it is read from, 1-based (footnotes in between left out)
        self.text = text  # as written: its lines, stripped, joined by "\n"
        self.squashed = squash(text)  # without whitespace: what quotes are matched against

    def __repr__(self) -> str:
        return f"Unit({self.key!r}, lines {self.line}–{self.end_line})"

    @property
    def line(self) -> int:
        return self.lines[0]

    @property
    def end_line(self) -> int:
        return self.lines[-1]

    @property
    def kind(self) -> str:
        return "paragraph" if self.label.startswith("¶") else "table"

    @property
    def flowing(self) -> str:
        """The text on one line, for display: a line break becomes a space
        between two Latin letters or digits, and nothing next to CJK text."""
        return _flow(self.text)


def _flow(text: str) -> str:
    parts = [p.strip() for p in text.split("\n")]
    out: list[str] = []
    for part in (p for p in parts if p):
        if out and _spaced(out[-1][-1]) and _spaced(part[0]):
            out.append(" ")
        out.append(part)
    return "".join(out)


def _spaced(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) not in ("W", "F")


class Heading(NamedTuple):
    """A heading that opens a section: its key ("參.二", "摘要") and title as written."""

    section: str
    title: str
    line: int
    names: tuple[str, ...] = ()  # every name a locator may use for it ("摘要 / Abstract" → 摘要, Abstract)


class SourceIndex:
    """The units a scheme reads from a text, and searches over them."""

    def __init__(self, text: str, scheme: str, units: list[Unit], headings: list[Heading] = (),
                 sectioned: bool = True, paged: bool = False, path: str | None = None):
        self.text = text  # the source, BOM stripped, line endings LF
        self.scheme = scheme  # the name of the scheme that read it
        self.units = list(units)
        self.headings = list(headings)
        self.sectioned = sectioned  # does the scheme know sections (§)?
        self.paged = paged  # does it know pages (p.)?
        self.path = path
        self.by_key: dict[str, Unit] = {u.key: u for u in self.units}
        self._starts: list[int] = []
        pos = 0
        for unit in self.units:
            self._starts.append(pos)
            pos += len(unit.squashed)
        self.reading = "".join(u.squashed for u in self.units)
        self._paragraphs: dict[str | None, list[Unit]] = {None: []}
        for unit in self.units:
            if unit.label.startswith("¶"):
                self._paragraphs[None].append(unit)
                if unit.section is not None:
                    self._paragraphs.setdefault(unit.section, []).append(unit)
        # Section names in order, each with its aliases (first wins).
        self.section_names: dict[str, str] = {}
        for h in self.headings:
            for name in (h.section, *h.names):
                self.section_names.setdefault(name, h.section)

    @cached_property
    def squashed(self) -> str:
        """The whole text without whitespace: headings, footnotes, captions included."""
        return squash(self.text)

    @property
    def sections(self) -> list[str]:
        """Section keys in the order they open ("摘要", "壹", "貳.一", …)."""
        seen: dict[str, None] = {}
        for h in self.headings:
            seen.setdefault(h.section, None)
        return list(seen)

    @property
    def pages(self) -> list[str]:
        seen: dict[str, None] = {}
        for u in self.units:
            for page in u.pages:
                seen.setdefault(page, None)
        return list(seen)

    def paragraphs(self, section: str | None = None) -> list[Unit]:
        """The paragraphs directly in a section (None: all of them)."""
        return list(self._paragraphs.get(section, ()))

    def within(self, section: str) -> list[Unit]:
        """Every unit of a section and its subsections."""
        return [u for u in self.units if u.section == section or (u.section or "").startswith(section + ".")]

    def unit_at(self, offset: int) -> Unit:
        """The unit that holds this offset of `reading`."""
        return self.units[bisect_right(self._starts, offset) - 1]

    def line_at(self, offset: int) -> int:
        """The source line of the character at this offset of `reading`."""
        unit = self.unit_at(offset)
        skip = offset - self._starts[bisect_right(self._starts, offset) - 1]
        for row, text in enumerate(unit.text.split("\n")):
            size = len(squash(text))
            if skip < size:
                return unit.lines[row]
            skip -= size
        return unit.end_line

    def passage(self, start: int, length: int) -> str:
        """`reading[start:start + length]` as the source writes it, its line
        breaks flowed as in `Unit.flowing`."""
        k = bisect_right(self._starts, start) - 1
        skip, want, out = start - self._starts[k], length, []
        while want > 0 and k < len(self.units):
            for ch in self.units[k].text:
                if ch.isspace():
                    if out and skip == 0:
                        out.append(ch)
                    continue
                if skip:
                    skip -= 1
                    continue
                out.append(ch)
                want -= 1
                if not want:
                    break
            out.append("\n")
            k += 1
        return _flow("".join(out).strip())

    def find(self, quote: str) -> list[Unit]:
        """The units in which an occurrence of the quote begins, in order
        (a quote may run on into the next unit). Empty: not in any unit."""
        needle = squash(quote)
        out: list[Unit] = []
        if not needle:
            return out
        i = self.reading.find(needle)
        while i >= 0:
            unit = self.unit_at(i)
            if not out or out[-1] is not unit:
                out.append(unit)
            i = self.reading.find(needle, i + 1)
        return out

    def in_text(self, quote: str) -> bool:
        """Is the quote anywhere in the text (a heading, footnote or caption too)?"""
        needle = squash(quote)
        return bool(needle) and needle in self.squashed

    def resolve(self, locator: str):
        """The units a locator names and what is wrong with it: (units, problems).
        Maps cite the same paragraphs again and again: each locator is read once."""
        cache = self.__dict__.setdefault("_resolved", {})
        if locator not in cache:
            from argmap.provenance.locator import resolve

            units, problems = resolve(self, locator)
            cache[locator] = (tuple(units), tuple(problems))
        units, problems = cache[locator]
        return list(units), list(problems)

    def closest(self, quote: str):
        """The passage of the units nearest to a quote not found as written
        (a `match.Match`), or None when nothing is close."""
        from argmap.provenance.match import closest

        return closest(self, quote)
