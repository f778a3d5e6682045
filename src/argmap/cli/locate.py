from __future__ import annotations

import sys

import click

from argmap.cli.common import columns, load_config_or_exit, print_usage_errors, source_places, sources_option, use_color
from argmap.cli.source import error


@click.command("locate")
@click.argument("paths", nargs=-1, required=True, metavar="MAP...")
@click.option("--write", is_flag=True, help="Rewrite the maps (atomically) instead of printing a diff.")
@sources_option
@click.option("-q", "--quiet", is_flag=True, help="Print only the diff and the problems, no summary.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
def command(paths, write, sources, quiet, color):
    """Fill in or correct each node's `at` from its quote.

    MAP is a .map file or a folder (searched for *.map) whose front matter
    declares its `source:`. A quote found in one paragraph of the source
    sets `at` to that paragraph's key, unless `at` already names it; a
    quote found in several keeps an `at` that names one of them, and
    otherwise is reported, not guessed; a quote not found is reported with
    the hint `validate` gives. Nodes without a quote are left alone, and
    so is everything else in the file.

    By default nothing is written: a unified diff of the changes goes to
    standard output. Exit status: 0 nothing would change (or, with
    --write, done); 1 a map would change; 2 a map does not parse, its
    source cannot be found or read, or a bad path.
    """
    from argmap.corpus import _expand
    from argmap.format import unified_diff
    from argmap.provenance.check import _shown
    from argmap.provenance.declared import open_declared
    from argmap.provenance.relocate import locate, read
    from argmap.report.text import render_one
    from argmap.writefile import write_bytes

    config = load_config_or_exit()
    places = source_places(sources, config)
    files, usage_errors, _ = _expand(list(paths))
    print_usage_errors(usage_errors)
    if usage_errors:
        sys.exit(2)
    err_color = use_color(color, sys.stderr)
    out_color = use_color(color, sys.stdout)
    say = (lambda text: None) if quiet else (lambda text: click.echo(text, err=True))
    failed = pending = 0
    for path in files:
        if path == "-":
            error("locate reads a map from a file, not standard input (its source is found beside it)")
            failed += 1
            continue
        from argmap.corpus import read_file

        data, problem = read_file(path)
        if problem is not None:
            print_usage_errors([problem])
            failed += 1
            continue
        _, doc, argmap, diags = read(path, data)
        if doc is None or diags:
            _show_unreadable(path, diags, err_color)
            failed += 1
            continue
        if not any(n.quote for n in argmap.nodes):
            continue  # an issues file, or a map with no quote: nothing to locate
        found = open_declared(path, argmap.meta, places)
        if isinstance(found, str):
            error(f"{found}; nothing written")
            failed += 1
            continue
        outcome = locate(path, data, found.index, name=_shown(found.path), indent=config.fmt_indent)
        if outcome.error:
            error(f"cannot locate {path}: {outcome.error}; nothing written")
            failed += 1
            continue
        for left in outcome.left:
            if left.diagnostic is not None:
                click.echo(render_one(left.diagnostic, color=err_color, columns=columns()) + "\n", err=True, color=err_color)
            else:
                click.echo(_note(left, columns()) + "\n", err=True)
        if not outcome.changed:
            continue
        filled = sum(1 for c in outcome.changes if c.old is None)
        corrected = len(outcome.changes) - filled
        if write:
            problem = write_bytes(path, outcome.located)
            if problem:
                error(problem)
                failed += 1
                continue
            say(f"{path}: {_counts(filled, corrected, past=True)}")
        else:
            from argmap.format import Result

            shown = Result(path, outcome.original, outcome.located)
            click.echo(unified_diff(shown, color=out_color, to="located"), nl=False, color=out_color)
            say(f"{path}: would {_counts(filled, corrected, past=False)}")
            pending += 1
    sys.exit(2 if failed else 1 if pending else 0)


def _counts(filled: int, corrected: int, *, past: bool) -> str:
    def n(count: int) -> str:
        return f"{count} locator{'s' if count != 1 else ''}"

    fill, fix = ("filled in", "corrected") if past else ("fill in", "correct")
    parts = ([f"{fill} {n(filled)}"] if filled else []) + ([f"{fix} {n(corrected)}"] if corrected else [])
    return ", ".join(parts)


def _note(left, width: int) -> str:
    """`file:line:col: note: …`, wrapped by display width."""
    from argmap.visible import visible
    from argmap.wrap import wrap

    span = left.span
    lines = wrap(f"{span.path}:{span.line}:{span.column}: note: {visible(left.message)}", width) or [""]
    rest = wrap(" ".join(lines[1:]), width - 2) if len(lines) > 1 else []
    return "\n".join([lines[0]] + ["  " + line for line in rest])


def _show_unreadable(path: str, diags, color: bool) -> None:
    from argmap.report import render

    error(f"cannot locate {path}: fix these errors first (left untouched)")
    if diags:
        click.echo(render("text", diags, files=1, color=color, columns=columns()), err=True, nl=False, color=color)
