"""Reading a source text: UTF-8, BOM stripped, line endings made `\n`.

A source that cannot be read is a value (`SourceProblem`), not an
exception: `validate` turns it into a diagnostic and carries on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

# Sources are papers, not corpora; a larger file is more likely a mistake
# (a PDF, an archive) than a text to index.
MAX_SOURCE_BYTES = 20 * 1024 * 1024

_WS = re.compile(r"\s+")


class SourceProblem(NamedTuple):
    """Why a source could not be read: `path: message`."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def squash(text: str) -> str:
    """Drop all whitespace (line breaks, U+3000 and the like); change nothing else.

    This is the only normalisation quotes and sources go through: never
    NFC/NFKC, since a source's CJK compatibility characters (U+F96B for 參)
    must be matched as written."""
    return _WS.sub("", text)


def decode(data: bytes, path: str = "<source>") -> str | SourceProblem:
    """Bytes → text: UTF-8 with an optional BOM; CRLF and lone CR become LF."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SourceProblem(path, f"not UTF-8 ({exc.reason} at byte {exc.start}); save the source as UTF-8")
    if "\x00" in text:
        return SourceProblem(path, "holds NUL characters: not a text file (convert a PDF or Word file to text first)")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def load_source(path: str | Path) -> str | SourceProblem:
    """The text of a source file, or why it cannot be read."""
    import os
    import stat

    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return SourceProblem(name, "not a regular file")
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        return SourceProblem(name, f"cannot read: {exc.strerror or exc}")
    if len(data) > MAX_SOURCE_BYTES:
        return SourceProblem(name, f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB: not read")
    return decode(data, name)
