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
    if made_from is None or not cache.keeping():
        return None
    h = hashlib.sha256(f"report {FORMAT}\0{cache._code_digest()}\0{sys.version}\0{sys.platform}\0".encode())
    for package in ("rich", "wcwidth"):
        h.update(f"{_stamp(package)}\0".encode("utf-8", errors="surrogatepass"))
    h.update(f"{made_from}\0".encode())
    h.update(json.dumps(options, sort_keys=True, ensure_ascii=False).encode("utf-8", errors="surrogatepass"))
    return h.hexdigest()


def _stamp(package: str) -> str:
    """Where the package is found and the size and time of its folder and of
    its __init__.py: an upgrade rewrites both. Found as import finds it,
    without importing it."""
    for entry in sys.path:
        init = os.path.join(entry or ".", package, "__init__.py")
        try:
            info = os.stat(init)
            folder = os.stat(os.path.dirname(init))
        except OSError:
            continue
        return f"{init}:{info.st_size}:{info.st_mtime_ns}:{folder.st_mtime_ns}"
    return f"{package}: not found"


def recall(digest: str | None) -> Kept | None:
    if digest is None:
        return None
    found = cache.read_entry(digest)
    if found is None:
        return None
    entry, raw = found
    try:
        data = json.loads(raw)
        kept = Kept(data["text"], [tuple(note) for note in data["before"]], [tuple(note) for note in data["after"]])
    except (ValueError, KeyError, TypeError, RecursionError):
        cache.drop_damaged(entry)
        return None
    if not isinstance(kept.text, str) or not all(
        len(note) == 2 and all(isinstance(part, str) for part in note) for note in kept.before + kept.after
    ):
        cache.drop_damaged(entry)
        return None
    return kept


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
