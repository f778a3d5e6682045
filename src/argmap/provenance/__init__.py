"""Provenance: a map's quotes and locators checked against its source text.

    from argmap.provenance import open_source, find_source, search_path

    places = search_path(["../shared/seeds"])            # --sources, ARGMAP_SOURCES, [tool.argmap] sources
    path = find_source("maps/chen2024.map", "000_b42fc5a74d1158cb.txt", places)
    index = open_source(path, "pdf-markdown")            # a SourceIndex, or a SourceProblem
    units, problems = index.resolve("§參.二 ¶3")
    index.find("「價值共同體」")                            # the units where it begins
    index.closest("價值共同体").describe()                # the nearest passage and how it differs

Modules: text (reading a source), schemes (how paragraphs are counted),
index (units and searches), locator (`at` → units), match (the closest
passage), search (where sources are found), check (the validate rules).
"""

from __future__ import annotations

import os
from pathlib import Path

from argmap.provenance.index import Heading, SourceIndex, Unit
from argmap.provenance.search import ENV, Place, candidates, find_source, search_path
from argmap.provenance.text import SourceProblem, load_source, squash

__all__ = [
    "DEFAULT", "ENV", "SCHEMES", "Heading", "Place", "Scheme", "SourceIndex", "SourceProblem", "Unit",
    "candidates", "find_source", "index", "load_source", "open_source", "search_path", "squash",
]


# The schemes (their patterns take a while to compile) are imported when
# first needed: a warm run whose checks come from the cache (check.py)
# never needs them.
def __getattr__(name: str):
    if name in ("DEFAULT", "SCHEMES", "Scheme"):
        from argmap.provenance import schemes

        return getattr(schemes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def index(text: str, scheme: str | None = None, path: str | None = None) -> SourceIndex:
    """Read a text with a scheme (DEFAULT when None): schemes.index."""
    from argmap.provenance import schemes

    return schemes.index(text, schemes.DEFAULT if scheme is None else scheme, path=path)


_CACHE: dict[tuple, SourceIndex | SourceProblem] = {}


def open_source(path: str | Path, scheme: str | None = None) -> SourceIndex | SourceProblem:
    """The index of a source file under a scheme (DEFAULT when None), read
    and indexed once per (file, modification time, size, scheme) in a
    process; or why it cannot be read (also for an unknown scheme)."""
    from argmap.provenance.schemes import DEFAULT, SCHEMES

    scheme = DEFAULT if scheme is None else scheme
    if scheme not in SCHEMES:
        return SourceProblem(str(path), f"unknown paragraph scheme `{scheme}` (known: {', '.join(SCHEMES)})")
    try:
        st = os.stat(path)
        key = (os.path.realpath(path), st.st_mtime_ns, st.st_size, scheme)
    except OSError as exc:
        return SourceProblem(str(path), f"cannot read: {exc.strerror or exc}")
    cached = _CACHE.get(key)
    if cached is None:
        text = load_source(path)
        cached = text if isinstance(text, SourceProblem) else index(text, scheme, path=str(path))
        if len(_CACHE) > 64:  # a long-lived process (an editor's server) must not grow without end
            _CACHE.clear()
        _CACHE[key] = cached
    return cached
