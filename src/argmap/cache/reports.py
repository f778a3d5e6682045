"""Reports kept by everything they were made from: a warm re-run of
`compare` on an unchanged corpus prints its report without comparing again.

A report is made from the corpus (the name and bytes of every file read,
the maps asked about and their neighbours: Corpus.made_from), the options
that shape it, the page it is laid out on (width, terminal), and the code
that makes it: argmap's modules (cache._code_digest), rich's and wcwidth's
(by their files) and Python's (its Unicode tables). The key is a hash of all
of these. An edit of any file read, a neighbour's too, is another key; an
entry is found only by what made it, so none can be served stale.

A report for a terminal is kept by what the terminal shows too (colours,
encoding, as rich found them: cli/compare.py, _shows), escape codes and
all; any other is plain text. Reports are kept only by
a command that runs once (cache.keeping): in a test or a process that keeps
running, code may have been changed in memory, which no key sees. Entries
live beside the parsed files, under the same rules of trust (cache._read).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass

from argmap import cache

FORMAT = 1  # of the entries


@dataclass(frozen=True)
class Kept:
    text: str
    before: list[tuple[str, str]]  # warnings (prefix, message) shown before the report
    after: list[tuple[str, str]]  # and after it


def key(made_from: str | None, options: dict) -> str | None:
    """The key of the report made from that corpus with these options (JSON
    values), or None when reports are not kept."""
    if made_from is None or not cache.keeping() or not _the_command():
        return None
    h = hashlib.sha256(f"report {FORMAT}\0{cache._code_digest()}\0{sys.version}\0{sys.platform}\0".encode())
    for package in ("rich", "wcwidth"):
        h.update(f"{cache.stamp(package)}\0".encode("utf-8", errors="surrogatepass"))
    h.update(f"{made_from}\0".encode())
    h.update(json.dumps(options, sort_keys=True, ensure_ascii=False).encode("utf-8", errors="surrogatepass"))
    return h.hexdigest()


def _the_command() -> bool:
    """Whether this process is argmap the command (its script, or `python
    -m argmap`), not a program of one's own that calls argmap.cli.main and
    may have changed argmap's code in memory first (sys.argv says nothing:
    such a program sets it)."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name == "argmap.__main__":
        return True
    path = getattr(main, "__file__", None) or ""
    name = os.path.basename(path)
    if name == "__main__.py":  # a script inside an archive: argmap.exe on Windows
        name = os.path.basename(os.path.dirname(path))
    return os.path.splitext(name)[0] == "argmap"


def recall(digest: str | None) -> Kept | None:
    if digest is None:
        return None
    found = cache.read_entry(digest)
    if found is None:
        return None
    entry, raw = found
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        data = None
    if not (isinstance(data, dict) and isinstance(data.get("text"), str) and _notes(data.get("before"))
            and _notes(data.get("after"))):
        cache.drop_damaged(entry)
        return None
    return Kept(data["text"], [tuple(note) for note in data["before"]], [tuple(note) for note in data["after"]])


def _notes(value) -> bool:
    """A list of [prefix, message] pairs of text, as _write writes them."""
    return isinstance(value, list) and all(
        isinstance(note, list) and len(note) == 2 and all(isinstance(part, str) for part in note) for note in value
    )


def keep(digest: str | None, kept: Kept) -> None:
    """Keep a report under its key, after the command has answered, as the
    parsed files are (cache.later): the encoding too is left to then."""
    if digest is not None:
        cache.later([lambda where: _write(where, digest, kept)])


def _write(where, digest: str, kept: Kept) -> None:
    # ASCII, so that a file name that is not UTF-8 (lone surrogates) comes back as it was.
    body = json.dumps({"text": kept.text, "before": kept.before, "after": kept.after}).encode()
    if len(body) <= cache.MAX_ENTRY_BYTES:
        cache.write_entry(where, digest, body)
