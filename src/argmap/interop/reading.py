"""Reading a file in another tool's format: the reader for each format,
the format guessed from the name, and the front matter completed."""

from __future__ import annotations

import importlib
import os

from argmap import diagnostics as D
from argmap.interop.graph import Graph
from argmap.interop.write import make_id
from argmap.source import SourceFile

READERS = {"aif": "argmap.interop.aif", "arggraph": "argmap.interop.arggraph", "argdown": "argmap.interop.argdown"}
SUFFIXES = {".json": "aif", ".aif": "aif", ".xml": "arggraph", ".argdown": "argdown", ".ad": "argdown"}


def guess_format(path: str) -> str | None:
    name = path.lower()
    for suffix, fmt in SUFFIXES.items():
        if name.endswith(suffix):
            return fmt
    return None


def read(fmt: str, source: SourceFile) -> Graph:
    module = importlib.import_module(READERS[fmt])
    if fmt == "argdown":  # read(text, name): it also reads from a path given as a Path
        return module.read(source.text, source.path)
    return module.read(source.path, source.text)


def complete_meta(graph: Graph, path: str, authors: list[str], year: int | None, taken: set[str]) -> None:
    """Fill in the front matter keys a map needs and the file does not give:
    the id and title from the file name, authors and year from the options.
    What had to be made up is said in one warning, located at the file."""
    meta = graph.meta
    stem = os.path.splitext(os.path.basename(path))[0]
    wanted = meta.get("id") if isinstance(meta.get("id"), str) else stem
    meta["id"] = make_id(wanted, taken, prefix="m")
    meta.setdefault("title", stem)
    if authors:
        meta["authors"] = list(authors)
    if year is not None:
        meta["year"] = year
    made_up = []
    if not meta.get("authors"):
        meta["authors"] = ["unknown"]
        made_up.append("`authors: [unknown]`")
    if not isinstance(meta.get("year"), int):
        meta["year"] = 0
        made_up.append("`year: 0`")
    # A map's front matter starts with the keys every map has.
    order = ["id", "title", "authors", "year"]
    graph.meta = {**{k: meta[k] for k in order}, **{k: v for k, v in meta.items() if k not in order}}
    if made_up:
        graph.diagnostics.append(
            D.Diagnostic(
                D.IMPORT_LOSSY,
                f"the file does not say who wrote it or when: written as {' and '.join(made_up)}",
                path=path,
                hint="pass --author NAME and --year N, or edit the front matter of the map written",
            )
        )
