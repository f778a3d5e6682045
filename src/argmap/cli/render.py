from __future__ import annotations

import os
import sys

import click

from argmap.cli.common import checked_corpus, guard_output, paths_argument, say

FORMATS = ("svg", "png", "pdf", "dot")
FIGURES = ("matrix", "issues", "full")
SHOW = ("locator", "quote", "gloss", "source", "tags", "stance", "status")


def _show(ctx, param, value):
    if not value:
        return frozenset()
    fields = {part.strip() for part in value.split(",") if part.strip()}
    unknown = sorted(fields - set(SHOW))
    if unknown:
        raise click.BadParameter(f"unknown field {unknown[0]!r}; choose from {', '.join(SHOW)}")
    return frozenset(fields)


DEFAULT_DPI = 96
MAX_PNG_PIXELS = 50_000_000  # about 200 MB of pixels while cairo draws them (docs/render.md)


@click.command("render")
@paths_argument
@click.option("-o", "--output", metavar="FILE", help="Output file, or - for standard output. [default: MAP_ID.svg, or compare.svg for several maps]")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format. [default: from FILE's extension, else svg]")
@click.option("--lang", type=click.Choice(["orig", "en"]), default="orig", show_default=True, help="Text as written, or the English glosses.")
@click.option("--show", callback=_show, metavar="FIELDS", help=f"Add to each box, comma-separated: {', '.join(SHOW)}.")
@click.option("--width", type=click.IntRange(8, 200), help="Label width in columns (a CJK character takes 2). [default: 30, or 42 with --lang en]")
@click.option("--focus", metavar="ID", help="Draw only around this node (one map) or this issue (several maps).")
@click.option("--depth", type=click.IntRange(0, 100), default=2, show_default=True, help="With --focus: how many relations away to draw.")
@click.option("--branch", metavar="ID", help="One map: draw this node and every node whose reasoning leads to it "
                                             "(what a “+N more” box of an overview names).")
@click.option("--layout", type=click.Choice(["dot", "neato", "fdp", "sfdp"]), default="dot", show_default=True, help="Graphviz layout engine.")
@click.option("--rankdir", type=click.Choice(["auto", "TB", "LR"]), default="auto", show_default=True,
              help="TB: thesis on top; LR: thesis on the left; auto picks the one that fits a page.")
@click.option("--legend/--no-legend", default=None,
              help="Add a legend of node kinds and relations. [default: on for the comparison figures, off for one map]")
@click.option("--clusters/--no-clusters", default=True, show_default=True, help="Box each claim with the nodes nested in it.")
@click.option("--backend", type=click.Choice(["auto", "library", "executable"]), default="auto", show_default=True,
              help="Graphviz to use: the `dot` executable, the library bundled with pygraphviz, or auto (dot if on PATH).")
@click.option("--isolated", is_flag=True, help="Do not read the .map files beside a single file to resolve links.")
@click.option("--figure", type=click.Choice(FIGURES),
              help="Several maps: `matrix`, the stances of the maps on each issue in a table that fits the page; "
                   "`issues`, a panel per issue with what each map says; `full`, the maps side by side around "
                   "the issues. [default: matrix, or full with --focus]")
@click.option("--links", is_flag=True, help="Several maps: add the links between maps (same as, contradicts).")
@click.option("--page", type=click.Choice(["a4", "letter", "slide", "none"]), default="a4", show_default=True,
              help="Fit the figure to this page (shrinking, never enlarging); none: natural size.")
@click.option("--dpi", type=click.IntRange(36, 1200), help="PNG resolution in dots per inch. [default: 96]")
@click.option("--theme", type=click.Choice(["default", "print"]), default="default", show_default=True,
              help="Colours: default (colour-blind safe, survives greyscale) or print (greys only).")
@click.option("--max-nodes", type=click.IntRange(0, None), default=20_000, show_default=True, metavar="N",
              help="One map: above N nodes, draw an overview (the thesis and the top levels of reasons, "
                   "each cut branch a “+N more” box); 0 draws every node.")
@click.option("--force", is_flag=True, help="Draw what parsed even when the maps have errors; write PNG/PDF even with no font for their CJK text.")
@click.option("--diff", "diff", is_flag=True,
              help="Draw a change: PATH... are OLD NEW, REV PATH, A..B PATH or REV:path as `argmap diff` takes them; "
                   "draws NEW with what was added, removed and changed marked, and a legend. One map at a time.")
def command(paths, output, fmt, lang, show, width, focus, depth, branch, layout, rankdir, legend, clusters, backend,
            isolated, figure, links, page, dpi, theme, max_nodes, force, diff):
    """Draw maps as Graphviz diagrams (SVG, PNG, PDF or DOT).

    One map is drawn whole: each kind of node its own shape, supports as
    solid blue arrows, attacks as dashed vermilion bars, undercuts against the
    edge they undercut, cross-map links dotted. Several maps (or a folder)
    make a stance matrix: one row per issue, one column per map, each cell
    the stance as ▲ pro, ▼ con or ◆ mixed with the node that carries it,
    and a legend (--figure issues: a panel per issue; full: the maps side
    by side). Every figure is fitted to --page (A4 by default); one too big
    to read there becomes a PDF of several pages, or is drawn whole with a
    note saying how to focus. See docs/render.md for the visual language.

    With --diff, the paths name two versions of one map, as for `argmap
    diff` (OLD NEW, REV PATH, A..B PATH, REV:path): NEW is drawn with added
    nodes and relations marked (heavy lines, "+ NEW", "+"), removed ones
    ghosted (dotted grey, struck through, "−") and changed text flagged
    ("~ CHANGED", the old text struck under the new), with a legend.

    Maps with errors are not drawn (the diagnostics go to standard error)
    unless --force is given. Exit status: 0 drawn, 1 the maps have errors
    (with --diff: a changed file does not parse), 2 usage error (bad option,
    path or revision, unwritable output, no Graphviz, PNG or PDF of CJK
    text with no installed font that covers it; see `argmap doctor`).
    """
    look = {"page": page, "dpi": dpi, "theme": theme, "max_nodes": max_nodes or None, "branch": branch}
    if branch is not None and focus is not None:
        _fail("--branch and --focus do not go together: --branch draws a node and everything under it, "
              "--focus the nodes a few relations away in every direction")
    if branch is not None and diff:
        _fail("--branch draws one map, not a change: draw the change whole, or --focus ID around one node")
    try:
        if diff:
            _render_diff(paths, output, fmt, lang, show, width, focus, depth, layout, rankdir, bool(legend), clusters,
                         backend, isolated, force, look)
        else:
            _render(paths, output, fmt, lang, show, width, focus, depth, layout, rankdir, legend, clusters, backend,
                    isolated, force, figure, links, look)
    except KeyboardInterrupt:
        click.echo("argmap: interrupted", err=True)
        sys.exit(130)


def _render(paths, output, fmt, lang, show, width, focus, depth, layout, rankdir, legend, clusters, backend, isolated,
            force, figure, links, look):
    from argmap.render import FormatError, format_for

    try:
        out_format = format_for(output, fmt)
    except FormatError as exc:
        _fail(str(exc))
    result = checked_corpus(paths, force=force, verb="drawn", context=not isolated)
    if output is None:
        output = _default_output(result.corpus, out_format)
    # On the name that will be written, default or given: the guard once ran
    # before the default was chosen, and so never saw it.
    guard_output(result, output)

    from argmap.render import figures
    from argmap.render.dot import Options, RenderError

    several = len([m for m in result.corpus.arguments() if m.nodes]) > 1
    if figure is None:
        figure = "matrix" if several and focus is None else "full"
    elif figure != "full" and not several:
        _fail(f"--figure {figure} compares several maps: give a folder or several .map files (one map is drawn whole)")
    if several and look["branch"] is not None:
        _fail("--branch draws a branch of one map: give that map's .map file")
    try:
        options = Options(lang=lang, show=show, width=width, focus=focus, depth=depth, layout=layout, rankdir=rankdir,
                          legend=bool(legend), clusters=clusters, links=links, theme=look["theme"],
                          max_nodes=look["max_nodes"], branch=look["branch"])
        candidates = figures.candidates(result.corpus, options, figure, legend=legend is not False)
    except RenderError as exc:
        _fail(str(exc))
    if not several:
        _overview_note(result.corpus, options)
    missing = figures.left_out(result.corpus, figure, options) if several else []
    if missing:
        shown = missing[:10] + ([f"and {len(missing) - 10} more"] if len(missing) > 10 else [])
        say("argmap: note: ", f"{len(missing)} of the maps given {'is' if len(missing) == 1 else 'are'} not drawn: "
            + "; ".join(shown))
    if out_format == "dot":
        _draw_and_write(candidates[0], output, out_format, layout, backend, force)
        return
    _fit_and_write(result.corpus, candidates, figure, output, out_format, options, backend, force, look)


def _fit_and_write(corpus, candidates, figure, output, out_format, options, backend, force, look):
    from argmap.render import figures
    from argmap.render.backend import BackendError
    from argmap.render.page import page

    # Before any drawing: a refusal should not cost a layout.
    _font_check("".join(candidates), out_format, force)
    try:
        fit = figures.fit(candidates, page(look["page"]), layout=options.layout, backend=backend,
                          body_pt=figures.body_pt(figure))
    except BackendError as exc:
        _fail(str(exc))
    if not fit.legible and out_format == "pdf":
        try:
            several = figures.pages(corpus, figure, options, fit.page, layout=options.layout, backend=backend)
        except BackendError as exc:
            _fail(str(exc))
        if several:
            _draw_pages(several, output, options.layout, backend, fit, page(look["page"]))
            return
    if out_format == "png" and look["dpi"] and look["dpi"] > DEFAULT_DPI:
        w, h = fit.pixels(look["dpi"])
        if w * h > MAX_PNG_PIXELS:
            # A bitmap that size takes gigabytes to draw; a CI runner dies without a word.
            fits = max(DEFAULT_DPI, int(look["dpi"] * (MAX_PNG_PIXELS / (w * h)) ** 0.5))
            _fail(f"a PNG of {w:,} × {h:,} pixels at --dpi {look['dpi']} is over the limit of "
                  f"{MAX_PNG_PIXELS // 1_000_000} million pixels",
                  f"--dpi {fits} fits; SVG or PDF print sharp at any size")
    if not fit.legible:
        say("argmap: note: ", figures.too_big(fit, figures.what(corpus, figure)), figures.advice(corpus, figure, options))
    final = fit.final_source(look["dpi"] if out_format == "png" else None)
    if out_format == "svg" and final == fit.source and fit.svg is not None:
        # Measuring drew this very SVG: no second layout.
        for message in fit.warnings:
            say("argmap: graphviz: ", message)
        _write(fit.svg, output)
        return
    _draw_and_write(final, output, out_format, options.layout, backend, force, fonts_checked=True,
                    sheet=page(look["page"]))


def _draw_pages(sources, output, layout, backend, fit, sheet):
    """A PDF of several pages: each drawn on its own, then joined."""
    from argmap.render import draw
    from argmap.render.backend import BackendError
    from argmap.render.pdf import PdfError, join

    if output == "-" and sys.stdout.isatty():
        _fail("not writing binary PDF to a terminal: give -o FILE or redirect the output")
    try:
        data = join([draw(source, "pdf", layout=layout, backend=backend, interruptible=True).data for source in sources],
                    sheet.points)
    except BackendError as exc:
        _fail(str(exc))
    except PdfError as exc:
        _fail(f"cannot join the pages into one PDF ({exc}): this Graphviz writes PDFs argmap does not read; "
              f"try --backend library")
    say("argmap: note: ", f"at {fit.inches()}, the figure does not fit {fit.page.describe()} at a legible size: "
        f"drawn on {len(sources)} pages, an overview first")
    _write(data, output)


def _draw_and_write(source, output, out_format, layout, backend, force=False, fonts_checked=False, sheet=None):
    from argmap.render import draw
    from argmap.render.backend import BackendError

    if output == "-" and out_format in ("png", "pdf") and sys.stdout.isatty():
        _fail(f"not writing binary {out_format.upper()} to a terminal: give -o FILE or redirect the output")
    if not fonts_checked:
        _font_check(source, out_format, force)
    try:
        rendered = draw(source, out_format, layout=layout, backend=backend, interruptible=True)
    except BackendError as exc:
        _fail(str(exc))
    for message in rendered.warnings:
        say("argmap: graphviz: ", message)
    data = rendered.data
    if out_format == "pdf" and sheet is not None:
        # A PDF for print is the sheet --page names, not the drawing's size.
        from argmap.render.pdf import PdfError, join

        try:
            data = join([rendered.data], sheet.points)
        except PdfError:
            data = rendered.data  # not cairo's PDF (another Graphviz): as drawn
    _write(data, output)


def _write(data: bytes, output: str) -> None:
    if output == "-":
        sys.stdout.flush()
        stream = getattr(sys.stdout, "buffer", sys.stdout)
        stream.write(data)
        stream.flush()
        return
    from argmap.writefile import write_bytes

    problem = write_bytes(output, data)
    if problem:
        _fail(problem)
    click.echo(f"argmap: wrote {output}", err=True)


def _render_diff(paths, output, fmt, lang, show, width, focus, depth, layout, rankdir, legend, clusters, backend, isolated,
                 force, look):
    from argmap.diff import InputError
    from argmap.render import FormatError, format_for
    from argmap.render.change import Unparsed, change_diagram
    from argmap.render.dot import Options, RenderError

    try:
        out_format = format_for(output, fmt)
        options = Options(lang=lang, show=show, width=width, focus=focus, depth=depth, layout=layout,
                          rankdir=rankdir, legend=legend, clusters=clusters, theme=look["theme"])
        drawing = change_diagram(list(paths), options, context=not isolated)
    except InputError as exc:
        _fail(exc.message, exc.hint)
    except Unparsed as exc:
        from argmap.cli.common import columns, use_color
        from argmap.report import render as report

        colored = use_color("auto", sys.stderr)
        click.echo(report("text", exc.diagnostics, files=exc.files, color=colored, columns=columns()), err=True, nl=False, color=colored)
        click.echo("argmap: nothing drawn; fix the syntax errors first", err=True)
        sys.exit(1)
    except (FormatError, RenderError) as exc:
        _fail(str(exc))
    from argmap.cli.common import refuse_map_output
    from argmap.render import file_stem

    if output is None:
        output = f"{file_stem(drawing.map_id, 'map')}.diff.{out_format}"
    # os.path.realpath, not Path.resolve: it raises on a symlink loop.
    if output != "-" and os.path.realpath(output) in {os.path.realpath(p) for p in drawing.paths}:
        _fail(f"{output} is a map that was read; choose another output file")
    refuse_map_output(output)
    if drawing.same:
        click.echo("argmap: no change to the argument; drawing the map unmarked", err=True)
    if out_format == "dot":
        _draw_and_write(drawing.dot, output, out_format, layout, backend, force)
        return
    _fit_and_write(None, [drawing.dot], "change", output, out_format, options, backend, force, look)


def _overview_note(corpus, options) -> None:
    """Says so when a map is too large to draw whole and an overview is drawn."""
    from argmap.render.dot import overview_of
    from argmap.render.overview import describe

    arguments = [m for m in corpus.arguments() if m.nodes]
    if len(arguments) != 1:
        return
    m = arguments[0]
    cut = overview_of(m, options)
    if cut is not None:
        say("argmap: note: ", *describe(m.id or m.path, cut, options.max_nodes))


def _fail(message: str, hint: str | None = None):
    # The message line is left whole: it often ends in a path to copy.
    click.echo(f"argmap: error: {message}", err=True)
    if hint:
        say("  = hint: ", hint)
    sys.exit(2)


def _default_output(corpus, fmt: str) -> str:
    """MAP_ID.svg in the working folder: a file name made from the id (or
    the map's file name), never a path, whatever the id holds."""
    from argmap.render import file_stem

    arguments = [m for m in corpus.arguments() if m.nodes]
    if len(arguments) == 1:
        fallback = file_stem(os.path.splitext(os.path.basename(arguments[0].path))[0], "map")
        stem = file_stem(arguments[0].id, fallback)
    else:
        stem = "compare"
    return f"{stem}.{fmt}"


def _font_check(source: str, out_format: str, force: bool) -> None:
    """PNG and PDF draw with installed fonts: with none that covers the
    text's CJK characters, refuse (exit 2) rather than write a page of empty
    boxes; --force writes it anyway, with the warning."""
    from argmap.render.fonts import problem

    message = problem(source, out_format)
    if message is None:
        return
    if not force:
        _fail(f"{message}; or give --force to write it anyway")
    say("argmap: warning: ", message)
