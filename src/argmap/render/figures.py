"""Fitting a figure to a page: measure, choose, scale; or split, or say so.

A figure comes as one or more candidate DOT sources (the same content set
out differently: a matrix in one, two or three blocks; panels in two or
three columns). Each is drawn to SVG to learn its natural size; the one
that can be drawn largest on the page wins and is scaled down to it. When
even that one would be too small to read, the caller is told (`Fit.legible`
is False) and decides: split it over pages, or draw it whole and say how to
draw less.
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.render.page import LEGIBLE_PT, POINTS_PER_INCH, Page, svg_size, with_graph_attrs


@dataclass(frozen=True)
class Fit:
    source: str  # the chosen candidate
    natural: tuple[float, float]  # its size in points, unscaled
    page: Page | None  # in the orientation chosen; None: no page
    scale: float  # ≤ 1
    body_pt: float = 12.0  # the size of the figure's body text, unscaled
    svg: bytes | None = None  # the drawing that measured it: the SVG, when nothing changes
    warnings: tuple[str, ...] = ()  # what Graphviz said drawing it

    @property
    def legible(self) -> bool:
        return self.page is None or self.body_pt * self.scale >= LEGIBLE_PT - 1e-9

    def final_source(self, dpi: int | None = None, *, shrink: bool = False) -> str:
        """The chosen DOT with the page's size (when it must shrink, and it
        is legible there or `shrink` says to anyway) and dpi."""
        attrs = {}
        if self.page is not None and self.scale < 1 and (self.legible or shrink):
            attrs["size"] = self.page.size_attr()
        if dpi:
            attrs["dpi"] = str(dpi)
        return with_graph_attrs(self.source, **attrs) if attrs else self.source

    def pixels(self, dpi: int) -> tuple[int, int]:
        """The PNG's size at `dpi`, as final_source draws it."""
        w, h = self.natural
        if self.page is not None and self.scale < 1 and self.legible:
            w, h = w * self.scale, h * self.scale
        return round(w / POINTS_PER_INCH * dpi), round(h / POINTS_PER_INCH * dpi)

    def inches(self) -> str:
        w, h = self.natural
        return f"{w / POINTS_PER_INCH:.0f} × {h / POINTS_PER_INCH:.0f} in"


def measure(source: str, *, layout: str, backend: str) -> tuple[tuple[float, float], bytes, list[str]]:
    """A figure's natural size in points, the SVG it was read from, and
    what Graphviz said."""
    from argmap.render import draw

    rendered = draw(source, "svg", layout=layout, backend=backend, interruptible=True)
    return svg_size(rendered.data), rendered.data, rendered.warnings


def fit(candidates: list[str], page: Page | None, *, layout: str = "dot", backend: str = "auto",
        body_pt: float = 12.0) -> Fit:
    """The candidate drawn largest on the page (the first on a tie)."""
    if page is None:
        return Fit(candidates[0], (0.0, 0.0), None, 1.0, body_pt)
    best = None
    for source in candidates:
        try:
            natural, svg, said = measure(source, layout=layout, backend=backend)
        except ValueError:
            # A Graphviz whose SVG we cannot read (a wrapper, an odd build):
            # draw the figure as it is rather than guess at its size.
            return Fit(candidates[0], (0.0, 0.0), None, 1.0, body_pt)
        turned, scale = page.fit(*natural)
        if best is None or scale > best.scale + 1e-9:
            best = Fit(source, natural, turned, scale, body_pt, svg, tuple(said))
    return best


def body_pt(figure: str) -> float:
    """The size the figure's main text is set at (map labels 12 pt, the
    comparison figures' stance words 10 pt)."""
    return 10.0 if figure in ("matrix", "issues") else 12.0


def too_big(fit: Fit, what: str) -> str:
    """Says that a figure does not fit its page legibly (`advice` says what to do)."""
    body = fit.body_pt * fit.scale
    return f"{what} is {fit.inches()}: on {fit.page.describe()} its labels would be {body:.1f} pt, too small to read"


def candidates(corpus, options, figure: str, *, legend: bool = True) -> list[str]:
    """The DOT sources that draw `figure` (matrix | issues | full), each set
    out differently for a page of another shape."""
    from argmap.render import diagram
    from argmap.render.dot import DEFAULT_WIDTH, DEFAULT_WIDTH_EN
    from argmap.render.matrix import comparison, issues_graph, matrix_graph
    from argmap.render.theme import theme

    look = theme(options.theme)
    if figure == "matrix":
        # Wider issue text makes fewer, shorter rows; blocks side by side
        # suit a landscape page. A --width given by the user is kept.
        widths = (options.width,) if options.width not in (DEFAULT_WIDTH, DEFAULT_WIDTH_EN) else (
            (44, 32) if options.lang == "orig" else (60, 44))
        c = comparison(corpus)
        out = [matrix_graph(corpus, options, blocks=b, links=options.links, theme=look, legend=legend, issue_width=w,
                            link_columns=k, compared=c)
               for b in (1, 2, 3) for w in widths for k in ((1, 2, 3) if options.links else (1,))]
    elif figure == "issues":
        c = comparison(corpus)
        out = [issues_graph(corpus, options, columns=k, theme=look, legend=legend, compared=c) for k in (2, 3, 4)]
    else:
        out = [diagram(corpus, options)]
    return list(dict.fromkeys(out))


def left_out(corpus, figure: str, options) -> list[str]:
    """Each map given that the figure does not draw, and why: a comparison
    figure of hundreds of maps must not drop some without a word."""
    from argmap.render.dot import shown_maps

    arguments = [m for m in corpus.arguments() if m.nodes]
    if len(arguments) < 2 or figure == "change":
        return []
    present = {m.id for m in arguments if m.id}
    if figure == "full":
        maps, shown, _ = shown_maps(corpus, options)
        drawn = {id(m) for i, m in enumerate(maps) if shown[i]}
    else:
        from argmap.compare.analysis import NothingToCompare, compare

        try:
            drawn = {m.path for m in compare(corpus).maps}  # a dialogue is drawn as its speakers
        except NothingToCompare:
            return []
    out = []
    for m in arguments:
        if id(m) in drawn or m.path in drawn:
            continue
        if not m.id:
            out.append(f"{m.path} (it has no map id)")
        elif m.translation_of in present and m.translation_of != m.id:
            out.append(f"{m.id} (a translation of {m.translation_of}, drawn as it)")
        elif options.focus is not None:
            out.append(f"{m.id} (no stance on {options.focus})")
        else:
            out.append(f"{m.id} (no stance on an issue" + (", no link to another map)" if options.links else ")"))
    return out


def what(corpus, figure: str) -> str:
    if figure == "change" or corpus is None:
        return "the picture of the change"
    arguments = [m for m in corpus.arguments() if m.nodes]
    if len(arguments) == 1:
        return f"the map {arguments[0].id or arguments[0].path}"
    return {"matrix": "the stance matrix", "issues": "the figure of all issues"}.get(figure, "the comparison diagram")


def advice(corpus, figure: str, options) -> str:
    """How to draw less, named with the map's own ids."""
    tail = "drawn whole (--page none draws at full size without this note)"
    if figure == "change" or corpus is None:
        return f"--focus ID --depth 1 draws the change around one node; {tail}"
    arguments = [m for m in corpus.arguments() if m.nodes]
    if len(arguments) == 1:
        m = arguments[0]
        if getattr(options, "branch", None) in m.by_id:
            from argmap.render.overview import reasons_of

            under = list(dict.fromkeys(reasons_of(m, m.by_id).get(options.branch, ())))[:6]
            named = f" (the reasons under {options.branch}: {', '.join(under)})" if under else ""
            return f"draw a smaller branch with --branch ID{named}, or --focus ID --depth 1 around one node; {tail}"
        theses = {n.id for n in m.nodes if n.kind == "thesis"}
        claims = [r.source for r in m.relations if r.kind == "supports" and r.target_node in theses and r.target_map is None]
        claims = list(dict.fromkeys(claims))[:6]
        named = f" (its top claims: {', '.join(claims)})" if claims else ""
        if not _pageable(m, options):
            return f"draw one branch with --focus ID --depth 1{named}; {tail}"
        return (f"draw one branch with --focus ID --depth 1{named}, or write a PDF (-o FILE.pdf), "
                f"which puts each branch on its own page after an overview; {tail}")
    if figure == "issues":
        return f"--focus ISSUE draws one panel, -o FILE.pdf puts the panels on several pages; {tail}"
    if figure == "matrix":
        return (f"-o FILE.pdf sets its rows on several pages; --page slide or letter may fit; "
                f"--focus ISSUE draws one issue; {tail}")
    return f"--figure matrix is smaller; --focus ISSUE draws one issue; -o FILE.pdf draws one issue a page; {tail}"


PAGED_UP_TO = 2000  # nodes: a PDF of a larger map is drawn on one page


def _pageable(m, options) -> bool:
    """Whether a PDF of one map can be cut into pages of branches: each page
    is found by drawing (a layout per trial), so a map of more than
    PAGED_UP_TO nodes, or one cut to an overview, is drawn on one page."""
    from argmap.render.dot import overview_of

    return len(m.nodes) <= PAGED_UP_TO and overview_of(m, options) is None


TITLE_PT = 11.0  # a page's heading, as printed
HEADING_COLUMNS = 64  # its lines, in display columns: under 6.5 in at 11 pt


def titled(fit: Fit, lines: list[str], *, layout: str = "dot", backend: str = "auto") -> str:
    """The fitted DOT with a heading that prints at TITLE_PT whatever the
    scale the drawing is shrunk by (an overview of a large map is drawn at
    a fifth of its size: a heading set at its natural size would be too).
    On a page drawn near full size the heading's own room shrinks the page
    a little: it is measured once more and set larger to make up for it."""
    source = _titled(fit, lines, TITLE_PT / fit.scale if fit.scale > 0 else TITLE_PT)
    if fit.page is None or fit.scale < 0.5:
        return source
    (w, h), _, _ = measure(_titled(fit, lines, TITLE_PT / fit.scale, size_attr=False), layout=layout, backend=backend)
    _, scale = fit.page.fit(w, h)
    return _titled(fit, lines, TITLE_PT / scale) if scale < fit.scale * 0.99 else source


def _titled(fit: Fit, lines: list[str], size: float, *, size_attr: bool = True) -> str:
    from argmap.render.dot import h
    from argmap.wrap import wrap

    # The size as the graph's fontsize: an HTML label's POINT-SIZE stops at
    # 255 points, and an overview shrunk to a thirtieth needs more. Every
    # cluster sets its own label (or none), so none inherits it.
    # Wrapped to what fits the narrowest printable width at TITLE_PT, so a
    # heading never widens the page it heads.
    rows = [(i == 0, piece) for i, line in enumerate(lines) for piece in wrap(line, HEADING_COLUMNS) or [""]]
    label = '<BR ALIGN="LEFT"/>'.join(f"<B>{h(piece)}</B>" if bold else h(piece)
                                      for bold, piece in rows) + '<BR ALIGN="LEFT"/>'
    head, sep, rest = fit.source.partition("{\n")
    # Graphviz's `size` only ever shrinks: the heading never pushes the
    # drawing off the page.
    attr = f'\tsize="{fit.page.size_attr()}"\n' if fit.page is not None and size_attr else ""
    return f"{head}{sep}\tlabel=<{label}>\n\tfontsize={size:.1f}\n\tlabelloc=t\n\tlabeljust=l\n{attr}{rest}"


def _span(ids: list[str]) -> str:
    """The issues on a page: a few by name, many as a range."""
    if len(ids) == 1:
        return f"Issue {ids[0]}"
    if len(ids) <= 4:
        return "Issues " + ", ".join(ids)
    return f"Issues {ids[0]} to {ids[-1]} ({len(ids)})"


def pages(corpus, figure: str, options, page: Page, *, layout: str = "dot", backend: str = "auto") -> list[str] | None:
    """A figure too big for one page as several pages, each its own DOT
    (already sized to the page), each with a heading that names what it
    holds and its page number: an overview first, then pages that can be
    read. None when the figure has no way to be cut (a picture of a change).

    - one map: the whole map shrunk to the page as an overview, then its
      branches (each top-level node with the nodes nested in it), as many
      to a page as stay legible, in the author's order;
    - the issue panels: as many panels to a page as stay legible;
    - the full comparison diagram: the stance matrix as the overview, then
      one issue to a page;
    - the stance matrix: the whole shrunk to the page, then its rows, as
      many to a page as stay legible (the links between maps, asked for,
      under the last).
    """
    from dataclasses import replace

    from argmap.render import diagram
    from argmap.render.matrix import issues_graph
    from argmap.render.theme import theme

    body = body_pt(figure)

    def best(sources: list[str]) -> Fit:
        return fit(sources, page, layout=layout, backend=backend, body_pt=body)

    def greedy(items: list, make) -> list[tuple[Fit, list]]:
        """Items into pages, as many to a page as stay legible."""
        out, current = [], []
        for item in items:
            trial = best(make(current + [item]))
            if trial.legible or not current:
                current.append(item)
                last = trial
                continue
            out.append((last, current))
            current, last = [item], best(make([item]))
        if current:
            out.append((last, current))
        return out

    def finish(overview: Fit, heading: str, rest: list[tuple[Fit, str]], parts: str) -> list[str]:
        total = 1 + len(rest)
        first = [heading, f"page 1 of {total}; pages 2–{total}: {parts}" if total > 1 else "page 1 of 1"]
        return [titled(overview, first, layout=layout, backend=backend)] + [
            titled(f, [line, f"page {i} of {total}"], layout=layout, backend=backend)
            for i, (f, line) in enumerate(rest, start=2)]

    if figure == "change" or corpus is None:
        return None
    arguments = [m for m in corpus.arguments() if m.nodes]
    if figure == "issues":
        from argmap.compare.analysis import compare

        from argmap.render.matrix import matrix_graph

        c = compare(corpus)
        ids = [i.id for i in c.issues]
        look = theme(options.theme)
        overview = best([matrix_graph(corpus, options, blocks=b, theme=look, compared=c) for b in (1, 2)])
        rest = greedy(ids, lambda chosen: [issues_graph(corpus, options, columns=k, theme=look, issues=chosen, compared=c)
                                           for k in (2, 3)])
        return finish(overview, "The stance matrix",
                      [(f, _span(chosen)) for f, chosen in rest], "what each map says, issue by issue")
    if figure == "matrix":
        from argmap.compare.analysis import compare

        from argmap.render.matrix import matrix_graph

        c = compare(corpus)
        ids = [i.id for i in c.issues]
        look = theme(options.theme)
        if options.focus is not None:
            return None
        overview = best([matrix_graph(corpus, options, blocks=b, theme=look, links=options.links, compared=c)
                         for b in (1, 2, 3)])

        def rows(chosen: list[str], links: bool = False) -> list[str]:
            return [matrix_graph(corpus, options, blocks=b, theme=look, issues=chosen, links=links, compared=c)
                    for b in (1, 2)]

        rest = greedy(ids, rows)
        if options.links and rest:
            _, chosen = rest[-1]
            rest[-1] = (best(rows(chosen, links=True)), chosen)
        return finish(overview, "The stance matrix",
                      [(f, _span(chosen)) for f, chosen in rest], "its rows, at a legible size")
    if len(arguments) == 1:
        from argmap.render.dot import branches

        m = arguments[0]
        if not _pageable(m, options):
            return None
        overview = best([diagram(corpus, options)])
        roots = [(root, members) for root, members in branches(m).items() if m.by_id[root].kind != "thesis"]
        theses = [n.id for n in m.nodes if n.kind == "thesis"]
        rest = greedy(roots, lambda chosen: [diagram(corpus, replace(options, only=frozenset(
            theses + [n for _, g in chosen for n in g])))])
        name = m.id or "the map"
        return finish(overview, f"{name}: the whole map",
                      [(f, f"{name}: " + ", ".join(root for root, _ in chosen)) for f, chosen in rest],
                      "the map branch by branch, in the author's order")
    if figure == "full":
        from argmap.compare.analysis import compare

        from argmap.render.matrix import matrix_graph

        look = theme(options.theme)
        c = compare(corpus)
        ids = [i.id for i in c.issues]
        overview = best([matrix_graph(corpus, replace(options, focus=None), blocks=b, theme=look, links=options.links,
                                      compared=c)
                         for b in (1, 2)])
        rest = [(best([diagram(corpus, replace(options, focus=i, links=False))]), f"Issue {i}") for i in ids]
        return finish(overview, "The stance matrix", rest, "the maps side by side, one issue to a page")
    return None
