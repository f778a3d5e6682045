"""Paragraph schemes: how a source's text is cut into citable units.

Each scheme reads a text (already decoded, line ends LF) into a
`SourceIndex`. They share what papers share, whatever their language:

* Headings open sections (§). A Markdown `#` line is a heading; so is a
  short line that starts with a section number — 「壹、」「一、」「（一）」
  「第二章」, "1.", "2.1", "IV.", "Chapter 2" — and a line that holds only a common
  unnumbered title (Abstract, Introduction, References, 摘要, 前言, 結論 …).
  A numbered heading's section is its numbering path: 「參、」 then 「二、」
  is §參.二, "2.1" is §2.1; the kinds of numbering nest in the order the
  text first uses them, so Markdown's heading levels (often wrong in a
  converted PDF) do not matter. An unnumbered heading opens a section named
  by its title, or by any "/"-separated part of it ("摘要 / Abstract":
  §摘要 or §Abstract), and numbering after it starts afresh.
* A sentence ends at 。！？!?. (closing quotes and brackets may follow, and
  a footnote number: 「…。」12).

See docs/provenance.md for each scheme with an example.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, NamedTuple

from argmap.provenance.index import Heading, SourceIndex, Unit
from argmap.provenance.text import squash


class Scheme(NamedTuple):
    name: str
    summary: str
    sectioned: bool  # locators may name sections (§)
    paged: bool  # locators may name pages (p.)
    read: Callable[[str], tuple[list[Unit], list[Heading]]]


# ---- shared pieces ------------------------------------------------------------

_CLOSERS = re.escape("」』）)”’\"'》〉】］]")
_TERMINAL = re.compile(rf"[。！？!?.…][{_CLOSERS}]*$")
# A footnote mark after a sentence's end: 「。」12」, "end.12", "<sup>3</sup>", "[^3]".
_MARK_AFTER = re.compile(rf"(?<=[。！？!?.…{_CLOSERS}])\d{{1,3}}$")
_SUP_MARK = re.compile(r"<sup>\s*\d+\s*</sup>")
_NOTE_MARK = re.compile(r"\[\^\w+\]")


def _drop_marks(line: str) -> str:
    """The line without the `<sup>3</sup>` and `[^3]` marks that end it,
    peeled off from the right one at a time: a search for `(?:…)+$` would
    re-scan a long run of marks from every mark in it (quadratic)."""
    end = len(line)
    while True:
        if line.endswith("</sup>", 0, end):
            start, mark = line.rfind("<sup>", 0, end), _SUP_MARK
        elif line.endswith("]", 0, end):
            start, mark = line.rfind("[^", 0, end), _NOTE_MARK
        else:
            break
        # neither mark holds the "<sup>" or "[^" that opens it: the last one opens the mark
        if start < 0 or not mark.fullmatch(line, start, end):
            break
        end = start
    return line[:end]


_ENDS = set("。！？!?.…」』）)”’\"'》〉】］]")  # the last character of a line that may end a sentence


def ends_sentence(line: str) -> bool:
    line = line.rstrip()
    if not line:
        return False
    last = line[-1]
    if last.isdigit() or last in ">]":  # a footnote mark may follow the sentence's end
        line = _MARK_AFTER.sub("", _drop_marks(line).rstrip())
    elif last not in _ENDS:  # most lines of a wrapped text: decided without a regular expression
        return False
    return bool(_TERMINAL.search(line))


# Which characters are East Asian Wide or Fullwidth, learnt as they are met:
# a source is measured line by line, and asking unicodedata character by
# character (or compiling a regular expression of the CJK blocks) costs more
# than the rest of reading it.
_SEEN: set[str] = set()
_WIDE: dict[int, None] = {}  # a str.translate table that deletes wide characters


def _learn(text: str) -> None:
    new = set(text) - _SEEN
    if new:
        for ch in new:
            if unicodedata.east_asian_width(ch) in "WF":
                _WIDE[ord(ch)] = None
        _SEEN.update(new)


def width(text: str) -> int:
    """Display columns: full-width characters take two."""
    if text.isascii():
        return len(text)
    _learn(text)
    return 2 * len(text) - len(text.translate(_WIDE))


def wide_share(text: str) -> float:
    """The share of full-width (CJK) characters among the visible ones."""
    text = squash(text)
    if not text:
        return 0.0
    _learn(text)
    return (len(text) - len(text.translate(_WIDE))) / len(text)


_FORMAL = "壹貳贰參叁叄参肆伍陸陆柒捌玖拾"
_CJK = "一二三四五六七八九十百"
_NUMBERED = [
    ("formal", re.compile(rf"^([{_FORMAL}]+)\s*[、．.]\s*(.*)$")),
    ("cjk", re.compile(rf"^([{_CJK}]+)\s*[、．.]\s*(.*)$")),
    ("cjk-paren", re.compile(rf"^[（(]\s*([{_CJK}]+)\s*[）)]\s*(.*)$")),
    ("chapter", re.compile(rf"^第\s*([{_CJK}\d]+)\s*([章節节篇部])\s*(.*)$")),
    ("arabic", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$")),
    ("arabic", re.compile(r"^(\d{1,2})\s*[.、．]\s*(\S.*)$")),
    ("roman", re.compile(r"^([IVX]{1,5})\.\s+(\S.*)$")),
    # "Chapter 2", "CHAPTER II.", "Part 3: Title" (the number ends the line or
    # is followed by "." or ":", so that "Section 3 of the act" is body text)
    ("chapter-en", re.compile(r"^(Chapter|CHAPTER|Part|PART|Book|BOOK)\s+(\d{1,3}|[IVXLC]{1,7})(?:\s*[.:]\s*(.*)|\s*)$")),
]
# A Markdown heading that is a number alone: "## II." or "## 3" (§II, §3).
_BARE_NUMBER = re.compile(r"^(?:([IVX]{1,5})|(\d{1,2}))\.?$")
_TITLES = {
    "abstract", "summary", "introduction", "conclusion", "conclusions", "references", "bibliography",
    "notes", "acknowledgements", "acknowledgments", "appendix", "contents", "keywords",
    "摘要", "提要", "前言", "引言", "緒論", "绪论", "導論", "结论", "結論", "結語", "结语", "參考文獻", "参考文献",
    "參考書目", "註釋", "注釋", "注释", "附錄", "附录", "致謝", "誌謝", "致谢", "目錄", "目录",
}
HEADING_WIDTH = 60  # columns: a longer line is body text, whatever it starts with
_MD_HEADING = re.compile(r"#{1,6}\s+")


_NUMBER_STARTS = set(_FORMAL + _CJK + "（(第IVX0123456789CPBcpb")


def numbered(title: str) -> tuple[str, str, str] | None:
    """(style, number, rest) of a numbered heading, or None."""
    if not title or title[0] not in _NUMBER_STARTS:  # most lines: no regular expression tried
        return None
    for style, rx in _NUMBERED:
        m = rx.match(title)
        if m:
            if style == "chapter":
                return f"chapter-{m[2]}", m[1], m[3]
            if style == "chapter-en":
                return f"chapter-{m[1].lower()}", m[2], m[3] or ""
            return style, m[1], m[2]
    return None


def _names(title: str) -> tuple[str, ...]:
    """"摘 要 / Abstract" → ("摘要", "Abstract"): a section's names, spaces
    dropped between CJK characters."""
    out = []
    # split on the bare slash, each part stripped: `\s*/\s*` would scan a long
    # run of spaces from every space in it
    for part in re.split(r"[/／|]", title):
        part = part.strip().strip("*_").strip()
        if part:
            out.append(squash(part) if wide_share(part) > 0.5 else " ".join(part.split()))
    return tuple(out)


def plain_heading(line: str) -> str | None:
    """The title, if this line of plain text is a heading."""
    s = line.strip()
    if not s or len(s) > HEADING_WIDTH:  # cheap tests first: this runs on every line
        return None
    if s[0] in "*_" or s[-1] in "*_":
        s = s.strip("*_").strip()
    if not s or _HEADING_PUNCT.search(s):
        return None
    if numbered(s):
        return s if not ends_sentence(s) and width(s) <= HEADING_WIDTH else None
    if len(s) <= _LONGEST_TITLE:
        names = _names(s)
        if names and all(n.casefold() in _TITLES for n in names):
            return s
    return None


_HEADING_PUNCT = re.compile(r"[。，；;！？]")
_LONGEST_TITLE = 40  # characters: two titles and a slash, spaced


def markdown_heading(line: str) -> str | None:
    """"## Title ##" → "Title". The closing `#`s and the spaces are cut with
    str methods: a lazy title followed by optional spaces and `#`s backtracks
    over every run of spaces inside the title (cubic in its length)."""
    s = line.strip()
    m = _MD_HEADING.match(s)
    if not m:
        return None
    return s[m.end():].rstrip("#").rstrip().strip("*_").strip()


class _Builder:
    """Collects units, keeping track of the section, page and counts."""

    def __init__(self, *, sections: bool = True):
        self.units: list[Unit] = []
        self.headings: list[Heading] = []
        self.sections = sections
        self.styles: list[str] = []
        self.path: list[str] = []
        self.section: str | None = None
        self.page: str | None = None
        self.open: list[tuple[int, str]] | None = None
        self.count: dict[tuple, int] = {}
        self.number = 0
        self.label: str | None = None  # a printed paragraph number (`numbered`)
        self.open_page: str | None = None  # the page the open paragraph started on
        self.open_pages: list[str] = []  # and those it runs on to

    # sections

    def heading(self, lineno: int, title: str, markdown: bool = False) -> None:
        self.close()
        if not self.sections:
            return
        num = numbered(title)
        if num is None and markdown:
            bare = _BARE_NUMBER.match(title)
            num = bare and ("roman" if bare[1] else "arabic", bare[1] or bare[2], "")
        if num is None:
            names = _names(title) or (title,)
            self.path, self.section = [], names[0]
            self.headings.append(Heading(names[0], title, lineno, names))
            return
        style, number, _ = num
        if style not in self.styles:
            self.styles.append(style)
        level = self.styles.index(style)
        self.path = self.path[:level] + [number]
        self.section = ".".join(self.path)
        self.headings.append(Heading(self.section, title, lineno, ()))

    # paragraphs

    def start(self, lineno: int, text: str, label: str | None = None) -> None:
        self.close()
        self.open = [(lineno, text)]
        self.label = label
        self.open_page = self.page
        self.open_pages = [self.page] if self.page is not None else []

    def add(self, lineno: int, text: str) -> None:
        if self.open is None:
            self.start(lineno, text)
        else:
            self.open.append((lineno, text))

    def close(self) -> None:
        parts, self.open = self.open, None
        if not parts or not squash("".join(t for _, t in parts)):
            return
        self.number += 1
        if self.label is not None:
            label, number = self.label, int(self.label[1:])
        else:
            where = (self.section, self.open_page)
            n = self.count[where] = self.count.get(where, 0) + 1
            label, number = f"¶{n}", self.number
        self.units.append(self._unit(label, number, parts))

    def table(self, label: str, parts: list[tuple[int, str]]) -> None:
        self.close()
        if not any(u.section == self.section and u.label == label for u in self.units):
            self.units.append(self._unit(label, 0, parts))

    def _unit(self, label: str, number: int, parts: list[tuple[int, str]]) -> Unit:
        page = self.open_page if label.startswith("¶") else self.page
        pages = tuple(dict.fromkeys(self.open_pages)) if label.startswith("¶") and page is not None else None
        prefix = f"p. {page} " if page is not None else f"§{self.section} " if self.section and self.sections else ""
        return Unit(
            key=prefix + label,
            label=label,
            section=self.section if self.sections else None,
            page=page,
            number=number,
            lines=tuple(n for n, _ in parts),
            text="\n".join(t for _, t in parts),
            pages=pages,
        )

    def done(self) -> tuple[list[Unit], list[Heading]]:
        self.close()
        return self.units, self.headings


def _lines(text: str) -> list[str]:
    return text.split("\n")


# ---- blank-lines (the default) --------------------------------------------------

_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")


_NOTE_DEFINITION = re.compile(r"^\[\^[^\]\s]+\]:")


def read_blank_lines(text: str) -> tuple[list[Unit], list[Heading]]:
    """A paragraph is a block of lines between blank lines; a block that is a
    heading opens a section; Markdown rules (`---`) and footnotes (`[^1]: …`,
    to the next blank line) are not paragraphs."""
    b = _Builder()
    lines = _lines(text)
    in_note = False
    for i, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            b.close()
            in_note = False
            continue
        if in_note or (b.open is None and line.startswith("[^") and _NOTE_DEFINITION.match(line)):
            in_note = True  # a reader does not count a note among the paragraphs it annotates
            continue
        title = markdown_heading(line)
        marked = title is not None
        if title is None and b.open is None and _alone(lines, i):
            title = plain_heading(line)
        if title is not None:
            b.heading(i, title, markdown=marked)
        elif _RULE.match(line):
            b.close()
        else:
            b.add(i, line)
    return b.done()


def _alone(lines: list[str], lineno: int) -> bool:
    """Is line `lineno` (1-based) a block of its own (blank lines, or the text's
    edge, on both sides)?"""
    return lineno >= len(lines) or not lines[lineno].strip()


# ---- lines ----------------------------------------------------------------------


def read_lines(text: str) -> tuple[list[Unit], list[Heading]]:
    """Every non-empty line is a paragraph; no sections."""
    b = _Builder(sections=False)
    for i, raw in enumerate(_lines(text), 1):
        if raw.strip():
            b.start(i, raw.strip())
    return b.done()


# ---- numbered ---------------------------------------------------------------------

_PARA_NUMBER = re.compile(r"^(?:\[(\d{1,4})\]|(\d{1,4})\.)\s+(?=\S)")


def read_numbered(text: str) -> tuple[list[Unit], list[Heading]]:
    """Paragraphs carry their own numbers ("12. …", "[12] …"): ¶12 is the
    paragraph printed as 12, and runs to the next numbered paragraph or
    heading. Text before the first number is not citable."""
    b = _Builder(sections=False)
    seen: set[int] = set()
    for i, raw in enumerate(_lines(text), 1):
        line = raw.strip()
        if not line:
            continue
        if markdown_heading(line) is not None:
            b.close()
            continue
        m = _PARA_NUMBER.match(line)
        if m and int(m[1] or m[2]) not in seen:
            seen.add(int(m[1] or m[2]))
            b.start(i, line, label=f"¶{int(m[1] or m[2])}")
        elif b.open is not None:
            b.add(i, line)
    return b.done()


# ---- pages --------------------------------------------------------------------

_PAGE_MARK = re.compile(
    r"^\s*(?:[-–—=_*]+\s*)?(?:\[?\s*(?:[Pp](?:age|AGE)|P(?:AGE)?\.|p\.|[Pp][Gg]\.)\s*(\d{1,5})\s*\]?"
    r"|第\s*(\d{1,5})\s*[頁页]|[-–—]\s*(\d{1,5})\s*[-–—])(?:\s*[-–—=_*]+)?\s*$"
)


def page_mark(line: str) -> str | None:
    # Runs of spaces made one first: every space in the pattern is `\s*`, and
    # two of them side by side try each way of sharing a long run (quadratic).
    m = _PAGE_MARK.match(" ".join(line.split()))
    return next((g for g in m.groups() if g), None) if m else None


def read_pages(text: str) -> tuple[list[Unit], list[Heading]]:
    """Pages start at a form feed (the next page) or at a line that holds only
    a page marker ("page 12", "p. 12", "- 12 -", "第 12 頁": page 12); text
    before any marker is page 1. Paragraphs are blocks between blank lines,
    counted within their page; one that does not end a sentence at a page
    break runs on to the next page (and is cited by the page it starts on)."""
    b = _Builder(sections=False)
    b.page = "1"
    carrying = False  # a page broke inside the open paragraph

    def turn(page: str) -> None:
        nonlocal carrying
        carrying = b.open is not None and not ends_sentence(b.open[-1][1])
        if not carrying:
            b.close()
        b.page = page
        if carrying:
            b.open_pages.append(page)

    for i, raw in enumerate(_lines(text), 1):
        for k, piece in enumerate(raw.split("\f")):
            if k:
                turn(str(int(b.page) + 1) if b.page.isdigit() else b.page)
            line = piece.strip()
            mark = page_mark(line) if line else None
            if mark is not None:
                turn(mark)
            elif line:
                b.add(i, line)
                carrying = False
            elif not carrying and "\f" not in raw:  # a blank line, not the edge of a form feed
                b.close()
    return b.done()


# ---- hard-wrapped (text extracted from a PDF) ----------------------------------------

_NOTE_STAR = re.compile(r"^[＊*※†]\s*\S")
_NOTE_NUMBER = re.compile(r"^(\d{1,3})\s+\S")
# Case spelt out rather than re.IGNORECASE, which makes compiling (at every
# start-up) several times slower.
_TABLE = re.compile(r"^(?:表|T(?:able|ABLE))\s*(\d{1,3})\s*[：:.]")
_FIGURE = re.compile(r"^(?:圖|图|F(?:igure|IGURE|ig\.|IG\.))\s*(\d{1,3})\s*[：:.]")
_SOURCE_LINE = re.compile(r"^(?:資料來源|资料来源|來源|S(?:ources?|OURCES?))\s*[：:]")
_CAPTION_STARTS = set("表圖图TF")
BLOCK_LOOKAHEAD = 150  # lines: how far a table or figure may run to its source line


def _full(widths: list[int]) -> int:
    """The width of a full line of body text: the width that the widest
    quarter of the body lines reach."""
    if not widths:
        return 0
    widths = sorted(widths)
    return widths[-max(1, len(widths) // 4)]


def read_hard_wrapped(text: str) -> tuple[list[Unit], list[Heading]]:
    """Plain text from a PDF: lines are broken where the page was, blank lines
    mean nothing. A paragraph starts at a line indented by two spaces or more,
    after a heading, or after a line that ends a sentence and is either short
    of a full line or ends in blanks (which extraction leaves at a paragraph's
    end); a single leading space (a page's first line, often) does not start
    one. Footnotes are not paragraphs: a block that begins at the margin with
    the next footnote number (1, 2, 3 … in order) or ＊, and runs to the next
    indented line or heading. A table (「表 2：…」, "Table 2: …") up to its
    source line (「資料來源：」, "Source:") is a unit of its own, cited as
    表2; a figure's caption, notes and source line are left out."""
    lines = _lines(text)
    titles = [plain_heading(raw) for raw in lines]
    notes = _footnote_lines(lines, titles)
    _learn(text)  # once for the whole text, then each line is measured by translate alone
    widths = [2 * len(t) - len(t.translate(_WIDE)) if t else 0 for t in (raw.strip() for raw in lines)]
    full = _full([widths[i] for i, raw in enumerate(lines) if i not in notes and titles[i] is None and raw.strip()])
    b = _Builder()
    ended = True
    i = 0
    while i < len(lines):
        raw, lineno = lines[i], i + 1
        i += 1
        line = raw.strip()
        if not line or (i - 1) in notes:
            continue
        title = titles[i - 1]
        if title is not None:
            b.heading(lineno, title)
            ended = True
            continue
        block = _caption_block(lines, i - 1, titles)
        if block is not None:
            kind, number, last = block
            if kind == "table":
                b.table(f"表{number}", [(k + 1, lines[k].strip()) for k in range(i - 1, last + 1) if lines[k].strip()])
            else:
                b.close()
            i = last + 1
            ended = True
            continue
        lead = len(raw) - len(raw.lstrip())
        if lead >= 2 or ended or b.open is None:
            b.start(lineno, line)
        else:
            b.add(lineno, line)
        ended = ends_sentence(line) and (widths[i - 1] < full - max(3, full // 12) or raw != raw.rstrip())
    return b.done()


def _footnote_lines(lines: list[str], titles: list[str | None]) -> set[int]:
    """Indexes (0-based) of the lines of footnote blocks."""
    out: set[int] = set()
    expect = 1
    inside = False
    for i, raw in enumerate(lines):
        if not raw.strip():
            continue
        at_margin = raw[:1] not in (" ", "\t", "\u3000")
        m = _NOTE_NUMBER.match(raw) if at_margin else None
        if m and expect <= int(m[1]) <= expect + 2:
            expect = int(m[1]) + 1
            inside = True
        elif at_margin and _NOTE_STAR.match(raw) and not inside:
            inside = True
        elif inside and (not at_margin or titles[i] is not None):
            inside = False
        if inside:
            out.add(i)
    return out


def _caption_block(lines: list[str], i: int, titles: list[str | None]) -> tuple[str, str, int] | None:
    """("table" | "figure", number, index of its last line) for a caption line."""
    line = lines[i].strip()
    if line[:1] not in _CAPTION_STARTS:
        return None
    m = _TABLE.match(line)
    kind = "table" if m else None
    if m is None:
        m = _FIGURE.match(line)
        kind = "figure" if m else None
    if m is None:
        return None
    for k in range(i + 1, min(len(lines), i + 1 + BLOCK_LOOKAHEAD)):
        nxt = lines[k].strip()
        if titles[k] is not None or _TABLE.match(nxt) or _FIGURE.match(nxt):
            break
        if _SOURCE_LINE.match(nxt):
            return kind, m[1], k
    return kind, m[1], i


# ---- pdf-markdown (Markdown converted from a PDF) ------------------------------------

# A footnote's text: its number and a space ("<sup>3</sup> Ibid."); a body
# line may begin with a footnote mark, which no space follows ("<sup>3</sup>「…」").
_MD_NOTE = re.compile(r"^(?:<sup>\s*\d+\s*</sup>\s|\[\^\w+\]:)")
_LINK = re.compile(r"https?://|<https?:|www\.")


def read_pdf_markdown(text: str) -> tuple[list[Unit], list[Heading]]:
    """Markdown converted from a PDF: `#` headings; each block between blank
    lines is a piece of a paragraph, and a paragraph that does not end a
    sentence continues at the next piece of body text, across page breaks
    (`---`) and footnote blocks. Footnotes (`<sup>3</sup> …`, `[^3]: …`) are
    not paragraphs, nor are the lines that carry a footnote on past a page
    break: in a footnote block, a line with a link, or one written mostly in
    another script than the paragraph it would continue (a Latin reference
    in a Chinese text)."""
    b = _Builder()
    in_notes = False
    for i, raw in enumerate(_lines(text), 1):
        line = raw.strip()
        if not line:
            continue
        title = markdown_heading(line)
        if title is not None:
            b.heading(i, title, markdown=True)
            in_notes = False
            continue
        if _RULE.match(line) or _MD_NOTE.match(line):
            in_notes = True
            continue
        if in_notes and (_LINK.search(line) or _foreign(line, b)):
            continue
        in_notes = False
        b.add(i, line)
        if ends_sentence(line):
            b.close()
    return b.done()


_MARKUP = re.compile(r"<[^>]*>|[*_`]")
_NO_EMPHASIS = str.maketrans("", "", "*_`")


def _foreign(line: str, b: _Builder) -> bool:
    """Is the line mostly in another script than the text around it (markup
    such as `<sup>2</sup>` aside)?"""
    cut = line.rfind(">") + 1  # a "<" after the last ">" opens no tag: not tried from every "<"
    line = _MARKUP.sub("", line[:cut]) + line[cut:].translate(_NO_EMPHASIS)
    if b.open:  # its last lines: a paragraph that never ends must not make this quadratic
        context = "".join(t for _, t in b.open[-3:])
    else:
        context = "".join(u.text for u in b.units[-3:])
    if not context:
        return False
    return abs(wide_share(line) - wide_share(context)) > 0.5


# ---- the table -------------------------------------------------------------------------

SCHEMES: dict[str, Scheme] = {
    s.name: s
    for s in (
        Scheme("blank-lines", "§ from headings, ¶ = blocks of lines between blank lines", True, False, read_blank_lines),
        Scheme("lines", "¶ = every non-empty line, from the first; no sections", False, False, read_lines),
        Scheme("numbered", "¶N = the paragraph printed with the number N (\"12.\", \"[12]\")", False, False, read_numbered),
        Scheme("pages", "p. N = page N (form feeds, \"page N\" lines); ¶ = blocks within a page", False, True, read_pages),
        Scheme("hard-wrapped", "text from a PDF: paragraphs by indents and sentence ends; footnotes, figures left out", True, False, read_hard_wrapped),
        Scheme("pdf-markdown", "Markdown from a PDF: a paragraph runs across page breaks and footnotes to a sentence's end", True, False, read_pdf_markdown),
    )
}
DEFAULT = "blank-lines"


def index(text: str, scheme: str = DEFAULT, path: str | None = None) -> SourceIndex:
    """Read a text (BOM and CR already removed: see text.decode) with a scheme."""
    s = SCHEMES[scheme]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    units, headings = s.read(text)
    return SourceIndex(text, s.name, units, headings, sectioned=s.sectioned, paged=s.paged, path=path)
