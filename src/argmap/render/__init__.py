"""Graphviz diagrams of maps: the model → DOT (`dot`), DOT → SVG/PNG/PDF
(`backend`), label wrapping by display width (`argmap.wrap`) and CJK fonts (`fonts`).

Nothing heavy is imported here: `graphviz` and `pygraphviz` load inside the
functions that need them, so importing argmap stays fast.
"""

from __future__ import annotations

import os
import re

FORMATS = ("svg", "png", "pdf", "dot")
LAYOUTS = ("dot", "neato", "fdp", "sfdp")
BINARY_FORMATS = ("png", "pdf")


class FormatError(ValueError):
    """The output format cannot be told or is not one we write."""


def format_for(path: str | None, fmt: str | None) -> str:
    """The format to write: --format if given, else the output's extension, else SVG.

    A --format that contradicts the extension is an error rather than, say,
    an SVG written to `diagram.png`.
    """
    ext = ""
    if path and path != "-":
        ext = os.path.splitext(path)[1].lower().lstrip(".")
    if fmt is not None:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise FormatError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
        if ext in FORMATS and ext != fmt:
            raise FormatError(f"the output {path} ends in .{ext} but --format says {fmt}")
        return fmt
    if not ext:
        return "svg"
    if ext == "gv":
        return "dot"
    if ext not in FORMATS:
        raise FormatError(f"cannot tell the format from the extension .{ext} of {path}: name it .svg, .png, .pdf or .dot, or give --format")
    return ext


_UNSAFE_IN_NAME = re.compile(r"[^\w]+")
MAX_STEM = 100


def file_stem(text: str | None, fallback: str) -> str:
    """A file name to put before `.svg`, made from a map id or file name.

    Only word characters (letters of any script, digits, `_`) are kept, runs
    of anything else become one `_`: no separator, `..`, NUL, leading dot or
    dash can reach the name, so a default output always lands in the
    working folder, as a plain visible file, whatever the map's id says
    (`../../escaped` gives `escaped`). Cut to MAX_STEM characters; the
    fallback when nothing is left.
    """
    stem = _UNSAFE_IN_NAME.sub("_", text or "").strip("_")[:MAX_STEM].strip("_")
    return stem or fallback


def diagram(corpus, options=None) -> str:
    """DOT for what a corpus asks: one map drawn whole, several compared."""
    from argmap.render.dot import RenderError, corpus_graph, map_graph

    arguments = [m for m in corpus.arguments() if m.nodes]
    if not arguments:
        raise RenderError("nothing to draw: no map with nodes among the files given")
    if len(arguments) == 1:
        return map_graph(arguments[0], options, corpus)
    return corpus_graph(corpus, options)


def draw(dot_source: str, fmt: str, *, layout: str = "dot", backend: str = "auto", interruptible: bool = False):
    """DOT source → bytes of `fmt`, with any messages Graphviz printed."""
    from argmap.render.backend import Rendered, render

    if fmt == "dot":
        return Rendered(dot_source.encode("utf-8"), None, [])
    return render(dot_source, fmt, layout=layout, backend=backend, interruptible=interruptible)


def compare_diagram(corpus, path: str, *, lang: str = "orig", fmt: str | None = None,
                    backend: str = "auto", options=None) -> str | None:
    """Draw the comparison diagram of a corpus to `path` (format from its
    extension). Returns a message when something went wrong, else None.

    The entry point for `argmap compare --graph FILE`.
    """
    from dataclasses import replace

    from argmap.render.backend import BackendError
    from argmap.render.dot import Options, RenderError, corpus_graph
    from argmap.render.fonts import problem
    from argmap.writefile import write_bytes

    try:
        fmt = format_for(path, fmt)
        options = Options(lang=lang) if options is None else replace(options, lang=lang)
        source = corpus_graph(corpus, options)
        missing = problem(source, fmt)
        if missing:
            return missing
        # In a child, as for `render`: Ctrl-C and SIGTERM end the drawing too.
        data = draw(source, fmt, layout=options.layout, backend=backend, interruptible=True).data
    except (FormatError, RenderError, BackendError) as exc:
        return str(exc)
    return write_bytes(path, data)
