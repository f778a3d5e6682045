"""The HTML report of a corpus (`argmap report`): one self-contained page
that opens offline, from a file or a static host (docs/report.md).

data.py turns the model, the comparison and the diagnostics into one JSON
document; diagrams.py draws each map and the stance matrix with the
renderer `argmap render` uses; page.py puts the document, the drawings and
the hand-written script and style (assets/) into one HTML file. serve.py
serves it and rebuilds it when a map changes; watch.py notices the change.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Report:
    html: str
    complete: bool  # False: errors held the content back (no --force)
    errors: int
    size: int = 0  # bytes of the page, UTF-8

    @property
    def exit_code(self) -> int:
        """1 when the maps have errors that the page shows instead of the
        content (without --force), else 0."""
        return 1 if not self.complete else 0


def build(result, *, lang: str = "orig", force: bool = False, title: str | None = None, live: int | None = None,
          cache=None, backend: str = "auto") -> Report:
    """The report of a validated corpus (argmap.validate.Result).

    Errors in the maps are shown, located, in the page; without `force`
    they are all it shows, so that no picture disagrees with the text.
    """
    from argmap.site import data, diagrams, page

    complete = force or not (result.has_errors or result.usage_errors)
    comparison = None
    nothing = None
    drawn: dict[str, tuple[str | None, str | None]] = {}
    figure = figure_note = None
    templates: dict[str, str] = {}
    if complete:
        from argmap.compare.analysis import NothingToCompare, compare

        try:
            comparison = compare(result.corpus)
        except NothingToCompare as exc:
            nothing = str(exc)
        maps = data.ordered_maps(result.corpus)
        keys = data.map_keys(maps)
        drawable = [m for m in maps if m.nodes]
        whole = diagrams.draw_maps(drawable, result.corpus, lang, backend, cache)
        jobs: list = []
        notes: list[str | None] = []
        from argmap.render.dot import RenderError

        for m in maps:
            if not m.nodes:
                jobs.append(None)
                notes.append("no nodes to draw")
            elif whole is not None:
                jobs.append(None)
                notes.append(None)
            else:
                try:
                    jobs.append(diagrams.map_job(m, result.corpus, lang, backend))
                    notes.append(None)
                except RenderError as exc:
                    jobs.append(None)
                    notes.append(f"not drawn: {exc}")
        want_figure = comparison is not None and len(comparison.maps) <= diagrams.FIGURE_MAPS
        if comparison is not None and not want_figure:
            figure_note = (f"The stance matrix figure is left out for {len(comparison.maps)} texts "
                           f"(it is drawn up to {diagrams.FIGURE_MAPS}); the table holds every stance.")
        jobs.append(diagrams.figure_job(result.corpus, lang, backend) if want_figure else None)
        drawings = diagrams.draw_all(jobs, cache)
        if whole is not None:
            drawn_whole = iter(whole)
            drawings = [next(drawn_whole) if m.nodes else None for m in maps] + drawings[-1:]
        for i, (key, drawing, note) in enumerate(zip(keys, drawings, notes)):
            if drawing is not None and drawing.svg is not None:
                templates[f"d{i}"] = drawing.svg
                drawn[key] = (f"d{i}", None)
            else:
                drawn[key] = (None, drawing.note if drawing is not None else note)
        last = drawings[-1]
        if last is not None and last.svg is not None:
            templates["fig"] = last.svg
            figure = "fig"
        elif last is not None:
            figure_note = last.note
    doc = data.document(result, lang=lang, complete=complete, title=title, live=live, diagrams=drawn, figure=figure,
                        figure_note=figure_note, comparison=comparison, nothing_to_compare=nothing)
    html = page.assemble(doc, templates, live=live is not None)
    return Report(html, complete, doc["summary"]["errors"], len(html.encode("utf-8")))


def problem_page(message: str, *, live: int | None = None) -> str:
    """A page that says only what stops the report being built (a broken
    configuration, while serving)."""
    from argmap import __version__
    from argmap.site import page

    doc = {
        "version": 1, "generator": f"argmap {__version__}", "lang": "orig", "live": live, "title": None,
        "summary": {"files": 0, "errors": 1, "warnings": 0, "notes": 0, "text": message},
        "complete": False,
        "diagnostics": [{"file": None, "line": None, "column": None, "end_line": None, "end_column": None,
                         "code": "config", "severity": "error", "message": message, "hint": None, "related": [],
                         "excerpt": None}],
        "maps": [], "issues": [], "figure": None, "figure_note": None, "comparison": None, "nothing_to_compare": None,
    }
    return page.assemble(doc, {}, live=live is not None)
