from __future__ import annotations

import os
import sys

import click

from argmap.cli.common import columns, load_config_or_exit, print_usage_errors, say, sources_option, use_color


@click.command("report")
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option("-o", "--output", metavar="FILE.html|DIR",
              help="Write one self-contained FILE.html, or DIR/index.html; - for standard output. [default: report.html]")
@click.option("--lang", type=click.Choice(["orig", "en"]), default="orig", show_default=True,
              help="Text as written, or the English glosses, throughout.")
@click.option("--title", metavar="TEXT", help="The report's title. [default: Argument maps of N texts]")
@click.option("--force", is_flag=True, help="Show what parsed even when the maps have errors (the errors are shown too).")
@click.option("--serve", is_flag=True, help="Serve the report on 127.0.0.1 and rebuild it when a map changes; open pages reload.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="With --serve: the port (0: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the report in the default browser.")
@click.option("--backend", type=click.Choice(["auto", "library", "executable"]), default="auto", show_default=True,
              help="Graphviz to draw with: the `dot` executable, the library bundled with pygraphviz, or auto.")
@click.option("--isolated", is_flag=True, help="Do not read the .map files beside a single file to resolve links.")
@sources_option
def command(paths, output, lang, title, force, serve, port, open_browser, backend, isolated, sources):
    """Build an HTML report of maps: one page that works offline.

    PATH is a .map file, a folder (searched for *.map) or -. The page holds
    an overview (the texts, the shared questions, the stance matrix as a
    figure, the agreement between authors), the stance matrix as a table
    whose cells open the reasoning behind them, each map's diagram with pan
    and zoom and a panel for the node chosen, each author's reasoning per
    question, search over texts and glosses, and the problems validate
    finds. Everything is in the one file: no network, no CDN.

    Maps with errors give a report of the errors, located, and exit 1;
    --force shows what parsed beside them (exit 0). With --serve, PATH
    defaults to the current folder and the report is rebuilt on every
    change; Ctrl-C stops it. Exit status: 0 written, 1 the maps have
    errors, 2 usage error.
    """
    try:
        if serve:
            if output:
                _fail("--serve serves the report from memory: drop -o, or build a file without --serve")
            _serve(list(paths) or ["."], lang, title, force, port, open_browser, backend, isolated, sources)
        else:
            if not paths:
                _fail("give the maps to report on: a folder or .map files (argmap report maps/ -o report.html)")
            _write(list(paths), output or "report.html", lang, title, force, open_browser, backend, isolated, sources)
    except KeyboardInterrupt:
        click.echo("argmap: interrupted", err=True)
        sys.exit(130)


def _fail(message: str, hint: str | None = None):
    click.echo(f"argmap: error: {message}", err=True)
    if hint:
        say("  = hint: ", hint)
    sys.exit(2)


def target(output: str) -> str:
    """The file to write: FILE.html as named, DIR/index.html for a folder
    (made if it is missing), - for standard output."""
    if output == "-" or output.lower().endswith((".html", ".htm")):
        return output
    if os.path.isdir(output):
        return os.path.join(output, "index.html")
    from argmap.cli.common import refuse_map_output

    refuse_map_output(output)
    ext = os.path.splitext(output.rstrip("/" + os.sep))[1]
    if ext and not output.endswith(("/", os.sep)):
        _fail(f"cannot tell what to write from the name {output}: name a file .html, or give a folder for index.html")
    try:
        os.makedirs(output, exist_ok=True)
    except OSError as exc:
        _fail(f"cannot make the folder {output}: {exc.strerror or exc}")
    return os.path.join(output, "index.html")


def _validated(paths, isolated, sources):
    from argmap.validate import validate

    return validate(list(paths), config=load_config_or_exit(), context=not isolated, sources=sources)


def _show_errors(result) -> None:
    from argmap.report import render

    errors = [d for d in result.diagnostics if str(d.severity) == "error"]
    if errors:
        colored = use_color("auto", sys.stderr)
        text = render("text", errors, files=result.files, color=colored, columns=columns())
        click.echo(text, err=True, nl=False, color=colored)


def _write(paths, output, lang, title, force, open_browser, backend, isolated, sources):
    from argmap.cli.common import guard_output
    from argmap.visible import visible
    from argmap.site import build

    result = _validated(paths, isolated, sources)
    print_usage_errors(result.usage_errors)
    if result.usage_errors:
        sys.exit(2)
    path = target(output)
    guard_output(result, path)
    _show_errors(result)
    report = build(result, lang=lang, force=force, title=title, backend=backend)
    if path == "-":
        try:
            click.echo(report.html, nl=False)
        except BrokenPipeError:
            from argmap.cli.common import stdout_closed

            stdout_closed()
    else:
        from argmap.writefile import write_text

        problem = write_text(path, report.html)
        if problem:
            _fail(problem)
    shown = "standard output" if path == "-" else path
    if not report.complete:
        click.echo(f"argmap: wrote {visible(shown)}: it shows the {_count(report.errors, 'error')} instead of the maps",
                   err=True)
        say("  = hint: ", "fix the errors, or pass --force to show what parsed beside them")
        sys.exit(1)
    if report.errors:
        click.echo("argmap: reported what parsed despite the errors (--force)", err=True)
    # On one line, whole: the path is there to be copied.
    click.echo(f"argmap: wrote {visible(shown)} ({_size(report.size)}): open it in a browser; it works offline", err=True)
    if open_browser and path != "-":
        _open(os.path.abspath(path))


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


def _open(where: str) -> None:
    import webbrowser

    url = where if where.startswith("http") else "file://" + where
    if not webbrowser.open(url):
        say("argmap: note: ", f"no browser to open; open {url}")


def _serve(paths, lang, title, force, port, open_browser, backend, isolated, sources):
    import gc
    import time
    from pathlib import Path

    from argmap import config as C
    from argmap.visible import visible
    from argmap.site import build, problem_page
    from argmap.site.diagrams import Cache
    from argmap.site.serve import ServeError, run
    from argmap import cache as parse_cache

    gc.enable()  # serves until stopped: free what each rebuild leaves (cli.main turned it off)
    parse_cache.keep_for_later(False)  # and write each file's entry as it is parsed

    cache = Cache()
    shown = " ".join(paths)

    def make(number: int) -> str:
        from argmap.validate import validate

        state["last"] = None
        try:
            configuration = C.load(C.find(Path.cwd()))
        except C.ConfigError as exc:
            return problem_page(f"configuration: {exc}", live=number)
        result = validate(list(paths), config=configuration, context=not isolated, sources=sources)
        report = build(result, lang=lang, force=force, title=title, live=number, cache=cache, backend=backend)
        state["last"] = report
        return report.html

    state: dict = {}

    def words(report) -> str:
        if report is None:
            return "the configuration has an error: shown in the page"
        if not report.complete:
            return f"{_count(report.errors, 'error')}, shown in the page instead of the maps"
        return "no errors" if not report.errors else f"{_count(report.errors, 'error')} (--force: what parsed is shown)"

    def started(server) -> None:
        # The address on a line of its own, whole: it is there to be copied.
        click.echo(f"argmap: serving the report of {visible(shown)} at {server.url}", err=True)
        say("argmap: ", f"built: {words(state.get('last'))}. It is built again when a map changes, and open pages "
            "reload; Ctrl-C stops.")
        if open_browser:
            _open(server.url)

    def rebuilt(change, seconds: float) -> None:
        stamp = time.strftime("%H:%M:%S")
        say(f"argmap: {stamp} ", f"{change.describe()}; rebuilt in {seconds:.1f} s: {words(state.get('last'))}")

    # Usage errors (a path that is not there) stop before serving: a typo
    # should not give a server of an empty report.
    first = _validated(paths, isolated, sources)
    print_usage_errors(first.usage_errors)
    if first.usage_errors:
        sys.exit(2)
    try:
        run(paths, make, port=port, context=not isolated, started=started, rebuilt=rebuilt)
    except ServeError as exc:
        _fail(str(exc), "give another --port, or 0 for a free one")
