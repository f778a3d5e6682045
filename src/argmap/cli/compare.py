from __future__ import annotations

import os
import sys

import click

from argmap.cli.common import (
    checked_corpus,
    columns,
    emit,
    guard_output,
    interruptible,
    paths_argument,
    stdout_closed,
    use_color,
)

FORMATS = ("table", "json", "csv", "markdown")


@click.command("compare")
@paths_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@click.option("--issue", "issue_id", metavar="ID", help="Show each author's chain of reasoning on one issue.")
@click.option("--lang", type=click.Choice(["orig", "en"]), default="orig", show_default=True, help="Original text or English glosses.")
@click.option("--suggest", is_flag=True, help="List likely same_as pairs across maps, by text similarity.")
@click.option("--limit", type=click.IntRange(1, 1000), default=15, show_default=True, help="How many suggestions.")
@click.option("--explain", nargs=2, metavar="ISSUE MAP", help="Show everything behind one cell: the nodes, stances, quotes, locators and the rule that decided.")
@click.option("--cite", is_flag=True, help="Show the quotes beside the locators (the locators show by default in markdown, --issue and --explain).")
@click.option("--graph", "graph", metavar="FILE", help="Also draw the comparison diagram to FILE (svg, png, pdf or dot).")
@click.option("-o", "--output", default="-", show_default=True, help="Write the report to a file instead of standard output.")
@click.option("--force", is_flag=True, help="Compare what parsed even when the maps have errors.")
@interruptible
def command(paths, fmt, issue_id, lang, suggest, limit, explain, cite, graph, output, force):
    """Compare positions across authors, issue by issue.

    PATH is a .map file, a folder (searched for *.map) or -. Give at least
    two maps and the issues file they take stances on. Shows the stance
    matrix, agreement between authors, conflicts with both sides' reasons,
    explicit contradictions, consensus, the stances over time, and the
    points only one author makes.
    """
    if graph:  # a bad output name is found before any work or output
        from argmap.render import FormatError, format_for

        try:
            format_for(graph, None)
        except FormatError as exc:
            # --graph has no --format beside it: the extension must say.
            click.echo(f"argmap: error: {str(exc).replace(', or give --format', '')}", err=True)
            sys.exit(2)
        folder = os.path.dirname(os.path.abspath(graph))
        if not os.path.isdir(folder):
            click.echo(f"argmap: error: cannot write {graph}: no such directory {folder}", err=True)
            sys.exit(2)

    result = checked_corpus(paths, force=force, verb="compared")
    guard_output(result, output, graph)
    # The report is kept, and found again on a re-run, by all it is made
    # from (argmap.cache.reports); for a terminal, by what the terminal shows.
    kept_as = None
    console = None if _plain(fmt, output) else _terminal()
    if not graph:
        from argmap.cache import reports

        page = {"width": columns()} if console is None else _shows(console)
        if page is not None:
            kept_as = reports.key(result.corpus.made_from, {
                "command": "compare", "format": fmt, "issue": issue_id, "lang": lang, "suggest": suggest,
                "limit": limit, "explain": list(explain) if explain else None, "cite": cite,
                "to": "stdout" if output == "-" else "file", "page": page,
            })
        kept = reports.recall(kept_as)
        if kept is not None:
            _say(kept.before)
            _print(kept.text, output, console)
            _say(kept.after)
            return
    from argmap.compare.analysis import NothingToCompare, compare

    try:
        comparison = compare(result.corpus)
    except NothingToCompare as exc:
        _warn(str(exc), prefix="argmap: ")
        sys.exit(1)
    explain_map = None
    if explain:
        if issue_id is not None or suggest:
            click.echo("argmap: error: --explain cannot be combined with --issue or --suggest", err=True)
            sys.exit(2)
        issue_id, explain_map = explain
    if issue_id is not None and issue_id not in comparison.positions:
        from argmap.diagnostics import did_you_mean

        known = list(comparison.positions)
        guess = did_you_mean(issue_id, known)
        hint = f" — did you mean `{guess}`?" if guess else f" (issues with stances: {', '.join(known)})"
        if issue_id in result.corpus.issues():
            click.echo(f"argmap: error: no map takes a stance on issue `{issue_id}`{hint}", err=True)
        else:
            click.echo(f"argmap: error: no issue `{issue_id}` is declared{hint}", err=True)
        sys.exit(2)
    if explain_map is not None and explain_map not in comparison.positions[issue_id]:
        from argmap.diagnostics import did_you_mean

        ids = [m.id for m in comparison.maps]
        speaking = list(comparison.positions[issue_id])
        if explain_map in ids:
            click.echo(
                f"argmap: error: map `{explain_map}` takes no stance on `{issue_id}` (maps that do: {', '.join(speaking)})",
                err=True,
            )
        else:
            given = {m.id: m for m in result.corpus.arguments() if m.id}
            folded = given.get(explain_map)
            voices = [i for i in ids if i.startswith(f"{explain_map}/")]
            if folded is not None and folded.translation_of in ids:
                # Compared as its original (docs/compare.md, "Dialogues and translations").
                click.echo(f"argmap: error: `{explain_map}` is a translation of `{folded.translation_of}` and is compared "
                           f"as it: --explain {issue_id} {folded.translation_of}", err=True)
            elif voices:
                click.echo(f"argmap: error: `{explain_map}` is compared speaker by speaker: --explain {issue_id} "
                           + " or ".join(voices), err=True)
            else:
                guess = did_you_mean(explain_map, ids)
                hint = f" — did you mean `{guess}`?" if guess else f" (maps: {', '.join(ids)})"
                click.echo(f"argmap: error: no map `{explain_map}`{hint}", err=True)
        sys.exit(2)
    before = _untranslated(comparison.maps) if lang == "en" else []
    _say(before)

    text = _report(comparison, fmt, issue_id, lang, suggest, limit, output, explain_map, cite, console, kept_as is not None)
    _print(text, output, console)
    after = [(WARNING, warning) for warning in comparison.warnings[:5]]
    if len(comparison.warnings) > 5:
        after.append(("argmap: ", f"… and {len(comparison.warnings) - 5} more warnings (all are in --format json)"))
    _say(after)
    if kept_as is not None and text is not None:
        from argmap.cache import reports

        reports.keep(kept_as, reports.Kept(text, before, after))
    if graph:
        _draw(result.corpus, graph, lang)


def _plain(fmt: str, output: str) -> bool:
    """Whether the report is plain text: a file, another format than the
    table, or the table on a pipe without colour in UTF-8 (rich's layout of
    the boxes depends on the encoding) that nothing makes a terminal
    (FORCE_COLOR, rich's TTY_COMPATIBLE). Else it is laid out by a console
    for the terminal (_terminal)."""
    if output != "-" or fmt != "table":
        return True
    stdout = sys.stdout
    encoding = (getattr(stdout, "encoding", None) or "utf-8").lower()
    forced = os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE")
    return not forced and not use_color("auto", stdout) and not stdout.isatty() and encoding.startswith("utf")


def _print(text: str | None, output: str, terminal) -> None:
    """Print the report, written by the terminal's console as it writes
    (escape codes kept on any stream, characters the stream cannot encode
    as its errors handler says), or as plain text (common.emit)."""
    if text is None or terminal is None or output != "-":
        emit(text, output)
        return
    try:
        terminal.file.write(text)
        terminal.file.flush()
    except BrokenPipeError:
        stdout_closed(terminal)


def _terminal():
    """The console that prints the tables on standard output, in colour
    where the terminal has it."""
    from argmap.visible import console

    made = console(width=columns(), no_color=not use_color("auto", sys.stdout), highlight=False)
    made.on_broken_pipe = lambda: stdout_closed(made)
    return made


def _shows(console) -> dict | None:
    """All that decides what the console prints of a report, beside the
    report itself; None when that is not known (Windows' old console, which
    is written to by calls, not text)."""
    if console.legacy_windows:
        return None
    return {
        "colours": str(console.color_system), "no_color": console.no_color, "terminal": console.is_terminal,
        "dumb": console.is_dumb_terminal, "encoding": console.encoding, "width": console.width,
    }


WARNING = "argmap: warning: "


def _say(notes) -> None:
    for prefix, message in notes:
        _warn(message, prefix=prefix)


def _untranslated(maps) -> list[tuple[str, str]]:
    """--lang en with author names that have no English form: said once."""
    missing = [m.id for m in maps if not m.meta.get("authors_en")]
    if not missing:
        return []
    # Named up to five, so that a corpus of thousands gets one line.
    named = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more maps" if len(missing) > 5 else "")
    return [(
        WARNING,
        f"{named} {'has' if len(missing) == 1 else 'have'} no `authors_en` in the front matter; their author names are shown as written",
    )]


def _warn(message: str, prefix: str = WARNING) -> None:
    """A warning on stderr wrapped to the terminal by display width (map ids
    and issue text may be CJK), further lines under the message's start."""
    from argmap.source import display_width
    from argmap.visible import visible
    from argmap.wrap import wrap

    indent = display_width(prefix)
    width = columns()
    if indent > width // 3:
        indent = 2
    lines = wrap(visible(message), max(20, width - indent)) or [""]  # paths and ids, shown not obeyed
    click.echo(prefix + lines[0] + "".join("\n" + " " * indent + line for line in lines[1:]), err=True)


def _report(comparison, fmt, issue_id, lang, suggest, limit, output, explain_map=None, cite=False, terminal=None, keep=False):
    if suggest:
        from argmap.compare.similarity import suggest as find

        items = find(comparison.maps, limit=limit)
    if fmt == "table":
        tables = _tables()
        if suggest:
            return _table(lambda console: tables.suggestions(console, items, lang), output, terminal, keep)
        if explain_map is not None:
            return _table(lambda console: tables.explain(console, comparison, issue_id, explain_map, lang), output, terminal, keep)
        if issue_id is not None:
            return _table(lambda console: tables.drill(console, comparison, issue_id, lang, cite), output, terminal, keep)
        return _table(lambda console: tables.full(console, comparison, lang, cite), output, terminal, keep)
    from argmap.compare import formats  # the writers of the other formats, not needed for the terminal's

    if suggest:
        return {"json": formats.suggestions_json, "csv": formats.suggestions_csv, "markdown": formats.suggestions_markdown}[fmt](items, lang)
    if explain_map is not None:
        writer = {"json": formats.explain_json, "csv": formats.explain_csv, "markdown": formats.explain_markdown}[fmt]
        return writer(comparison, issue_id, explain_map, lang)
    if issue_id is not None:
        writer = {"json": formats.drill_json, "csv": formats.drill_csv, "markdown": formats.drill_markdown}[fmt]
        return writer(comparison, issue_id, lang, cite)
    return {"json": formats.to_json, "csv": formats.to_csv, "markdown": formats.to_markdown}[fmt](comparison, lang, cite)


def _tables():
    from argmap.compare import tables

    return tables


def _table(draw, output, terminal=None, keep=False):
    """Print rich output straight to the `terminal`'s console, or capture it
    as text: for a file, for plain output, or to be kept (`keep`,
    argmap.cache.reports).

    The console shows any control character left in map text as a symbol
    (argmap.visible). On a closed pipe it goes quiet (common.stdout_closed)."""
    if output == "-" and terminal is not None:
        if not keep:
            draw(terminal)
            return None
        with terminal.capture() as captured:  # the text it would write, escape codes and all
            draw(terminal)
        return captured.get()
    import io

    from argmap.visible import console as visible_console

    # No styles, whatever the environment says of terminals: the text is all there is.
    console = visible_console(
        width=columns(), no_color=True, highlight=False, force_terminal=False, color_system=None, file=io.StringIO()
    )
    draw(console)
    return console.file.getvalue()


def _draw(corpus, graph, lang):
    from argmap.render import compare_diagram

    problem = compare_diagram(corpus, graph, lang=lang)
    if problem:
        click.echo(f"argmap: error: {problem}", err=True)
        sys.exit(2)
