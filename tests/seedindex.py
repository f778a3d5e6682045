"""Paragraph indexes of the seed texts, one reader per locator scheme.

Each map explains its locator scheme in a comment near its top; the readers
here implement those schemes so that tests/test_maps.py can check that an
`at` locator names a paragraph that holds the node's quote.

Text is compared after removing whitespace (line breaks included) and
nothing else: no Unicode normalisation of any kind, so CJK compatibility
characters (seed 002 has U+F96B and friends) must match as written.

Schemes:

``lines``     "¶N" counts the NON-EMPTY lines of the seed, the first line
              being ¶1 (tang2025, cheng2026).
``markdown``  the seed is Markdown converted from a PDF (chen2024): "§" names
              a section by its own numbering (§壹, §參.二, §摘要), "¶N" counts
              body paragraphs within it. A paragraph that does not end a
              sentence continues at the next body line, across blank lines,
              page breaks (``---``) and footnote blocks; footnotes
              (``<sup>n</sup> …`` and their run-on lines) are not counted.
``indent``    plain text from a PDF with hard line breaks (wilkins2012): a
              paragraph starts at an indented line, at the first line after a
              heading, or after a line that ends a sentence short of a full
              line (§壹 has no indents); a line with a single leading space
              continues the paragraph after a page break; footnote blocks (a
              line beginning ``n `` or ``＊`` at the margin, up to the next
              page's first line) are not counted.
``period``    plain text from a PDF with hard line breaks (tradealliance2012):
              a paragraph ends at a line that ends with 。 and is shorter than
              a full line (or that the extraction marked as a paragraph end
              with trailing blanks). Tables (``表N：`` … ``資料來源``) are units
              of their own, cited as "§叁 表2"; figure captions and their
              notes are not paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Drop all whitespace (line breaks included); change nothing else."""
    return _WS.sub("", text)


def _cjk_share(text: str) -> float:
    text = squash(text)
    if not text:
        return 0.0
    return sum(1 for c in text if unicodedata.east_asian_width(c) in "WF") / len(text)


def _width(text: str) -> int:
    """Display width: full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@dataclass
class Unit:
    """A citable stretch of the seed: a paragraph (label "¶n") or a table ("表n")."""

    section: str | None  # "參.二", "摘要"; None in a scheme without sections
    label: str
    line: int  # first line in the seed, 1-based
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return squash("".join(self.parts))

    @property
    def key(self) -> str:
        return f"§{self.section} {self.label}" if self.section else self.label


class SeedIndex:
    def __init__(self, units: list[Unit]):
        texts = [(u, u.text) for u in units]
        self.units = [u for u, t in texts if t]
        self.by_key = {u.key: u for u in self.units}
        self.sections: list[str] = []  # in order; "(Abstract)" and the like are unnumbered headings
        for u in self.units:
            if u.section and u.section not in self.sections:
                self.sections.append(u.section)
        self._starts: list[int] = []
        pos = 0
        for _, t in (x for x in texts if x[1]):
            self._starts.append(pos)
            pos += len(t)
        self._reading = "".join(t for _, t in texts)

    def starts(self, quote: str) -> list[Unit]:
        """The units in which an occurrence of the quote begins (a quote may run
        on into the next paragraph)."""
        needle = squash(quote)
        out: list[Unit] = []
        i = self._reading.find(needle) if needle else -1
        while i >= 0:
            unit = self.units[bisect_right(self._starts, i) - 1]
            if not any(unit is u for u in out):
                out.append(unit)
            i = self._reading.find(needle, i + 1)
        return out

    def paragraphs(self, section: str | None) -> list[Unit]:
        return [u for u in self.units if u.section == section and u.label.startswith("¶")]


# ---- locators ---------------------------------------------------------------

_NUMS = r"\d+(?:\s*[–—-]\s*¶?\d+)?(?:\s*[,、]\s*¶?\d+(?:\s*[–—-]\s*¶?\d+)?)*"
_PART = re.compile(rf"^(?:§(?P<sec>[^\s¶表]+))?\s*(?:(?P<kind>¶|表)\s*(?P<nums>{_NUMS}))?$")


def _numbers(spec: str) -> list[int]:
    out: list[int] = []
    for piece in re.split(r"\s*[,、]\s*", spec.replace("¶", "")):
        bounds = re.split(r"\s*[–—-]\s*", piece)
        out.extend(range(int(bounds[0]), int(bounds[-1]) + 1))
    return out


def resolve(index: SeedIndex, locator: str, sectioned: bool) -> tuple[list[Unit], list[str]]:
    """Units a locator names, and what is wrong with it. Several places are
    separated by ";" ("§摘要; §參.二 ¶7"); "¶3–4" and "¶3, 5" name several
    paragraphs; "§貳" alone names the whole section (its subsections too)."""
    units: list[Unit] = []
    errors: list[str] = []
    for part in (p.strip() for p in re.split(r"[;；]|[,，]\s*(?=§)", locator)):
        m = _PART.match(part)
        if re.match(r"^pp?\.\s*\d", part):
            errors.append(f"{part!r} is a page, but this seed has no page numbers to check it against")
            continue
        if not part or not m or not (m["sec"] or m["kind"]):
            errors.append(f"cannot read locator part {part!r}")
            continue
        sec, kind = m["sec"], m["kind"]
        if sectioned and not sec:
            errors.append(f"{part!r} names no section (this map's scheme needs §…)")
            continue
        if not sectioned and sec:
            errors.append(f"{part!r} names a section, but this map's scheme has none")
            continue
        if sec and not any(s == sec or s.startswith(f"{sec}.") for s in index.sections):
            known = ", ".join(f"§{s}" for s in index.sections if not s.startswith("("))
            errors.append(f"no section §{sec} in the seed (sections: {known})")
            continue
        if kind is None:
            units.extend(u for u in index.units if u.section == sec or (u.section or "").startswith(f"{sec}."))
            continue
        numbers = _numbers(m["nums"])
        if not numbers:
            errors.append(f"{part!r} names an empty range")
        for n in numbers:
            key = f"§{sec} {kind}{n}" if sec else f"{kind}{n}"
            if key in index.by_key:
                units.append(index.by_key[key])
            elif kind == "¶":
                errors.append(f"{key} does not exist ({'§' + sec if sec else 'the seed'} has {len(index.paragraphs(sec))} paragraphs)")
            else:
                errors.append(f"{key} does not exist")
    return units, errors


# ---- the readers --------------------------------------------------------------

_TOP = "壹貳參叁肆伍陸柒捌玖拾"
_SUB = "一二三四五六七八九十"
_TERMINAL = re.compile(r"[。！？!?][」』）)”’]*$")


class _Builder:
    def __init__(self):
        self.units: list[Unit] = []
        self.top: str | None = None
        self.sub: str | None = None
        self.open: Unit | None = None
        self.count: dict[str | None, int] = {}

    @property
    def section(self) -> str | None:
        if self.top is None:
            return None
        return f"{self.top}.{self.sub}" if self.sub else self.top

    def heading(self, text: str) -> None:
        self.close()
        text = squash(text).strip("#*")
        if re.match(r"^摘要", text):
            self.top, self.sub = "摘要", None
        elif m := re.match(rf"^([{_TOP}]+)、", text):
            self.top, self.sub = m[1], None
        elif (m := re.match(rf"^([{_SUB}]+)、", text)) and self.top is not None:
            self.sub = m[1]
        else:  # an unnumbered heading (title, "Abstract"): not citable
            self.top, self.sub = f"({text})", None

    def start(self, lineno: int, text: str) -> None:
        self.close()
        self.open = Unit(self.section, "", lineno, [text])

    def add(self, lineno: int, text: str) -> None:
        if self.open is None:
            self.start(lineno, text)
        else:
            self.open.parts.append(text)

    def close(self) -> None:
        unit, self.open = self.open, None
        if unit is None or _cjk_share("".join(unit.parts)) < 0.2:  # English abstract, furniture
            return
        n = self.count[unit.section] = self.count.get(unit.section, 0) + 1
        unit.label = f"¶{n}"
        self.units.append(unit)

    def table(self, lineno: int, label: str, lines: list[str]) -> None:
        self.units.append(Unit(self.section, label, lineno, lines))

    def done(self) -> SeedIndex:
        self.close()
        self.units.sort(key=lambda u: u.line)
        return SeedIndex(self.units)


def read_lines(text: str) -> SeedIndex:
    units, n = [], 0
    for i, line in enumerate(text.split("\n"), 1):
        if line.strip():
            n += 1
            units.append(Unit(None, f"¶{n}", i, [line]))
    return SeedIndex(units)


_MD_FOOTNOTE = re.compile(r"^<sup>\d+</sup>\s")
_LABEL = re.compile(r"^(\*\*)?(關鍵詞|Keywords|責任編輯)")


def _ends_sentence(line: str) -> bool:
    line = re.sub(r"(<sup>\d+</sup>)+$", "", line.rstrip()).rstrip()
    return bool(_TERMINAL.search(line))


def read_markdown(text: str) -> SeedIndex:
    b = _Builder()
    in_notes = False
    for i, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            b.heading(line)
            in_notes = False
        elif line == "---" or _MD_FOOTNOTE.match(line):
            in_notes = True
        elif in_notes and ("http" in line or _cjk_share(line) < 0.5):
            pass  # a footnote's run-on line
        elif _LABEL.match(line):
            b.close()
        else:
            in_notes = False
            b.add(i, line)
            if _ends_sentence(line):
                b.close()
    return b.done()


_PLAIN_HEADING = re.compile(rf"^(摘\s*要(\s*/\s*Abstract)?|Abstract|[{_TOP}]+、\S+|[{_SUB}]+、\S+)$")


def _plain_heading(line: str) -> bool:
    s = line.strip()
    return bool(_PLAIN_HEADING.match(s)) and len(s) <= 24 and not re.search(r"[。，；]", s)


FULL_WIDTH = 60  # display columns; a full line of seeds 001 and 002 is 61–66


def _ends_short(raw: str, trailing_marks_end: bool = False) -> bool:
    """A line that ends a sentence (a footnote number may follow) and is
    narrower than a full line; with trailing_marks_end, also a full line that
    the extraction marked as a paragraph end with trailing blanks."""
    line = raw.strip()
    if not _TERMINAL.search(re.sub(r"\d+$", "", line)):
        return False
    return _width(line) < FULL_WIDTH or (trailing_marks_end and raw != raw.rstrip())


def read_indent(text: str) -> SeedIndex:
    b = _Builder()
    in_notes = ended = False
    for i, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            continue
        if _plain_heading(raw):
            b.heading(raw)
            in_notes = False
            continue
        if re.match(r"^(\d{1,3}\s|＊)", raw):
            in_notes = True
            continue
        lead = len(raw) - len(raw.lstrip())
        if in_notes:
            if lead and not raw.lstrip()[0].isascii():
                in_notes = False  # the next page's first line
            else:
                continue
        if lead >= 2 or b.open is None or ended:
            b.start(i, raw.strip())
        else:
            b.add(i, raw.strip())
        ended = _ends_short(raw)
    return b.done()




def read_period(text: str) -> SeedIndex:
    b = _Builder()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        raw, lineno = lines[i], i + 1
        i += 1
        line = raw.strip()
        if not line:
            continue
        if _plain_heading(raw):
            b.heading(raw)
            continue
        if m := re.match(r"^表\s*(\d+)\s*：", line):
            body = [line]
            while i < len(lines) and not _plain_heading(lines[i]):
                body.append(lines[i])
                i += 1
                if lines[i - 1].strip().startswith("資料來源"):
                    break
            b.table(lineno, f"表{m[1]}", body)
            continue
        if re.match(r"^圖\s*\d+\s*：", line):
            in_note = False
            while i < len(lines):
                nxt = lines[i].strip()
                if not nxt:
                    i += 1
                elif nxt.startswith("資料來源"):
                    i += 1
                    break
                elif nxt.startswith("註") or (in_note and not _plain_heading(lines[i])):
                    in_note = True
                    i += 1
                else:
                    break
            continue
        if _LABEL.match(line):
            b.close()
            continue
        b.add(lineno, line)
        if _ends_short(raw, trailing_marks_end=True):
            b.close()
    return b.done()


READERS = {"lines": read_lines, "markdown": read_markdown, "indent": read_indent, "period": read_period}
SECTIONED = {"lines": False, "markdown": True, "indent": True, "period": True}
