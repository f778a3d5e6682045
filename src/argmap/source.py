"""Source files and spans: character offsets to 1-based lines and columns.

Columns are counted in characters (code points), which is what editors and
the JSON output use; display width (a CJK character is two terminal columns)
is only needed when drawing carets, see `display_width`.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

_NEWLINE = re.compile("\n")


class Span(NamedTuple):
    """A half-open range [start, end) of character offsets in one file.

    A tuple, because a map of thousands of nodes makes hundreds of thousands
    of them; SourceFile compares by identity, so equal spans are the same
    place in the same file."""

    file: "SourceFile"
    start: int
    end: int

    @property
    def path(self) -> str:
        return self.file.path

    @property
    def line(self) -> int:
        return self.file.position(self.start)[0]

    @property
    def column(self) -> int:
        return self.file.position(self.start)[1]

    @property
    def end_line(self) -> int:
        return self.file.position(self.end)[0]

    @property
    def end_column(self) -> int:
        return self.file.position(self.end)[1]

    def as_dict(self) -> dict:
        line, column = self.file.position(self.start)
        end_line, end_column = self.file.position(self.end)
        return {"line": line, "column": column, "end_line": end_line, "end_column": end_column}


class SourceFile:
    """The decoded text of one file and a line index over it."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def positions(self, offsets) -> tuple[list[int], list[int]]:
        """The 1-based lines and columns of many offsets: `position` of each,
        as two lists. An export asks this of every span of a map at once,
        where a tuple per offset and a call per coordinate cost more than
        the bisection itself."""
        starts, size, find = self._line_starts, len(self.text), bisect.bisect_right
        lines: list[int] = []
        columns: list[int] = []
        add_line, add_column = lines.append, columns.append
        for offset in offsets:
            offset = 0 if offset < 0 else size if offset > size else offset
            line = find(starts, offset)
            add_line(line)
            add_column(offset - starts[line - 1] + 1)
        return lines, columns

    def offset(self, line: int, column: int = 1) -> int:
        """Character offset of a 1-based (line, column); clamped to the file."""
        line = max(1, min(line, len(self._line_starts)))
        return min(self._line_starts[line - 1] + column - 1, len(self.text))

    def line_text(self, line: int) -> str:
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def span(self, start: int, end: int) -> Span:
        return Span(self, start, end)

    def line_span(self, line: int) -> Span:
        start = self.offset(line)
        return Span(self, start, start + len(self.line_text(line)))


# (first, last, columns): the characters maps are mostly written in, with
# the width wcwidth gives each (a test holds the two to each other over
# every one of them). Importing wcwidth took longer than anything a warm
# `compare` of the bundled maps does but import; it is asked only for the rest.
_KNOWN_WIDTHS = (
    (0x01, 0x2FF, 1), (0x2010, 0x2027, 1), (0x2030, 0x205E, 1), (0x2190, 0x21FF, 1),
    (0x3000, 0x3029, 2), (0x3030, 0x303E, 2), (0x3041, 0x3096, 2), (0x30A1, 0x30FF, 2), (0x3300, 0x4DBF, 2),
    (0x4E00, 0x9FFF, 2), (0xAC00, 0xD7A3, 2), (0xF900, 0xFAFF, 2), (0xFE30, 0xFE4F, 2), (0xFF01, 0xFF60, 2),
    (0xFFE0, 0xFFE6, 2),
)
_KNOWN_FIRST = [first for first, _, _ in _KNOWN_WIDTHS]


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    code = ord(ch)
    at = bisect.bisect_right(_KNOWN_FIRST, code) - 1
    if at >= 0 and code <= _KNOWN_WIDTHS[at][1]:
        return _KNOWN_WIDTHS[at][2]
    from wcwidth import wcwidth

    width = wcwidth(ch)
    return 1 if width < 0 else width


def display_width(text: str) -> int:
    """Terminal columns taken by text; a CJK character takes two."""
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def clip(text: str, width: int) -> str:
    """text cut to at most `width` display columns, ending in "…" when cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
