from __future__ import annotations

import os
import shutil
import sys
import time

import click

from argmap.cli.common import columns, load_config_or_exit, paths_argument, print_usage_errors, sources_option, use_color


@click.command("watch")
@paths_argument
@click.option("--render", "draw", is_flag=True, help="Also draw each changed map that has no errors to MAP_ID.svg.")
@click.option("--render-dir", metavar="DIR", default=".", show_default=True, help="With --render: the folder the drawings go to.")
@click.option("--strict", is_flag=True, help="Count warnings as failures in the summary line.")
@click.option("--isolated", is_flag=True, help="Do not read the .map files beside a single file to resolve links.")
@click.option("--interval", type=click.FloatRange(0.1, 60), default=0.5, show_default=True, help="Seconds between looks at the files.")
@sources_option
def command(paths, draw, render_dir, strict, isolated, interval, sources):
    """Validate maps again on every change, on one screen.

    PATH is a .map file or a folder (searched for *.map). At start and after
    each change (a file saved with new content, added or removed; a touch
    that changes nothing is ignored) the screen is cleared and shows the
    problems as `validate` prints them, cut to fit the terminal, and a
    summary. With --render each changed map without errors is drawn again
    to DIR/MAP_ID.svg (as `argmap render MAP -o MAP_ID.svg --page none`).
    Ctrl-C stops (exit 130).
    """
    import gc

    from argmap import cache
    from argmap.site.watch import Change, Watcher

    gc.enable()  # runs until stopped: free what each round leaves (cli.main turned it off)
    cache.keep_for_later(False)  # and write each file's parse cache entry as it is parsed

    if any(p == "-" for p in paths):
        click.echo("argmap: error: watch reads files: standard input (-) cannot change", err=True)
        sys.exit(2)
    if draw and not os.path.isdir(render_dir):
        click.echo(f"argmap: error: --render-dir {render_dir} is not a folder", err=True)
        sys.exit(2)
    first = True
    watcher = Watcher(list(paths), context=not isolated)
    change = Change()
    try:
        while True:
            result = _check(paths, isolated, sources, exit_on_usage=first)
            drawn = _draw(result, change, render_dir, first) if draw else []
            _screen(paths, result, change, drawn, strict, first)
            first = False
            change = watcher.wait(interval)
    except KeyboardInterrupt:
        click.echo("argmap: interrupted", err=True)
        sys.exit(130)


def _check(paths, isolated, sources, *, exit_on_usage: bool):
    from argmap.validate import validate

    result = validate(list(paths), config=load_config_or_exit(), context=not isolated, sources=sources)
    if result.usage_errors and exit_on_usage:
        # A typo in a path at the start is a usage error; a folder emptied
        # later is shown on the screen and watched until it fills again.
        print_usage_errors(result.usage_errors)
        sys.exit(2)
    return result


def _screen(paths, result, change, drawn, strict, first) -> None:
    """One screen: a head line, the problems cut to fit, the summary."""
    from argmap.report import render
    from argmap.report.text import summary

    tty = sys.stdout.isatty()
    colored = use_color("auto", sys.stdout)
    rows = shutil.get_terminal_size((80, 24)).lines if tty else int(os.environ.get("LINES", "24") or 24)
    width = columns()
    stamp = time.strftime("%H:%M:%S")
    what = "started" if first else (change.describe() or "changed")
    head = f"argmap watch {' '.join(paths)} · {stamp} · {what}"
    diagnostics = result.usage_errors + result.diagnostics
    shown = [d for d in diagnostics if str(d.severity) != "note"]
    room = max(4, rows - 4 - len(drawn))
    blocks: list[str] = []
    used = 0
    for diag in shown:
        text = render("text", [diag], files=result.files, color=colored, columns=width).split("\n\n")[0]
        lines = text.count("\n") + 1
        if used + lines > room and blocks:
            break
        blocks.append(text)
        used += lines + 1
    left = len(shown) - len(blocks)
    out = []
    if tty:
        out.append("\x1b[H\x1b[2J")  # clear, so each run is one screen
    else:
        out.append("" if first else "\n")
    out.append(_fit(head, width) + "\n")
    for block in blocks:
        out.append(block + "\n\n")
    if left:
        out.append(f"… and {left} more not shown: argmap validate {' '.join(paths)} lists them all\n")
    out += [line + "\n" for line in drawn]
    line = summary(diagnostics, result.files)
    failing = result.exit_code(strict) != 0
    out.append(("✗ " if failing else "✓ ") + line + " Watching; Ctrl-C stops.\n")
    click.echo("".join(out), nl=False, color=colored)


def _fit(text: str, width: int) -> str:
    from argmap.source import clip
    from argmap.visible import visible

    return clip(visible(text), width)


def _draw(result, change, folder: str, first: bool) -> list[str]:
    """Draw the maps that changed (all of them at start) and have no errors."""
    from argmap.render import draw, file_stem
    from argmap.render.backend import BackendError
    from argmap.render.dot import Options, RenderError, map_graph
    from argmap.writefile import write_bytes

    changed = {os.path.realpath(p) for p in change.paths}
    broken = {d.path for d in result.diagnostics if str(d.severity) == "error"}
    out = []
    for argmap in result.corpus.arguments():
        if not argmap.nodes or (not first and os.path.realpath(argmap.path) not in changed):
            continue
        stem = file_stem(argmap.id, file_stem(os.path.splitext(os.path.basename(argmap.path))[0], "map"))
        target = os.path.normpath(os.path.join(folder, f"{stem}.svg"))
        if argmap.path in broken:
            out.append(f"  not drawn: {argmap.path} has errors ({target} is as it was)")
            continue
        try:
            data = draw(map_graph(argmap, Options(), result.corpus), "svg", interruptible=True).data
        except (BackendError, RenderError) as exc:
            out.append(f"  not drawn: {argmap.path}: {exc}")
            continue
        problem = write_bytes(target, data)
        out.append(f"  not drawn: {problem}" if problem else f"  drew {target}")
    return out
