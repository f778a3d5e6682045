"""Options and helpers shared by commands."""

from __future__ import annotations

import os
import shutil
import sys

import click

paths_argument = click.argument("paths", nargs=-1, required=True, metavar="PATH...")


def use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def columns() -> int:
    try:
        return max(40, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return shutil.get_terminal_size((80, 24)).columns


def load_config_or_exit():
    from pathlib import Path

    from argmap import config as C

    try:
        return C.load(C.find(Path.cwd()))
    except C.ConfigError as exc:
        click.echo(f"argmap: error: {exc}", err=True)
        sys.exit(2)


def print_usage_errors(errors) -> None:
    for diag in errors:
        message = f"argmap: error[{diag.code.code}] {diag.message}"
        if diag.hint:
            message += f"\n  = hint: {diag.hint}"
        click.echo(message, err=True)


def checked_corpus(paths, *, force: bool, verb: str, context: bool = True):
    """Validate for a command that reads maps: bad paths exit 2; errors are
    shown on standard error and stop the command (exit 1) unless --force."""
    from argmap.report import render
    from argmap.validate import validate

    result = validate(list(paths), config=load_config_or_exit(), context=context)
    print_usage_errors(result.usage_errors)
    if result.usage_errors:
        sys.exit(2)
    if result.has_errors:
        errors = [d for d in result.diagnostics if str(d.severity) == "error"]
        text = render("text", errors, files=result.files, color=use_color("auto", sys.stderr), columns=columns())
        click.echo(text, err=True, nl=False, color=use_color("auto", sys.stderr))
        if not force:
            click.echo(f"argmap: nothing {verb}; fix the errors or pass --force", err=True)
            sys.exit(1)
        click.echo(f"argmap: {verb} what parsed despite the errors (--force)", err=True)
    return result


def guard_output(result, *outputs) -> None:
    """Refuse to write over a map that was read: a drawing or an export
    written onto its own source would lose the map."""
    from pathlib import Path

    read = {Path(m.path).resolve() for m in result.corpus.all_maps if m.path != "<stdin>"}
    read |= {Path(p).resolve() for p in result.corpus.unparsed if p != "<stdin>"}
    for output in outputs:
        if output and output != "-" and Path(output).resolve() in read:
            click.echo(f"argmap: error: {output} is a map that was read; choose another output file", err=True)
            sys.exit(2)


def emit(text: str | None, output: str) -> None:
    """Print a report, or write it atomically to the file -o names."""
    if text is None:
        return
    if output == "-":
        click.echo(text, nl=False)
        return
    from argmap.writefile import write_text

    problem = write_text(output, text)
    if problem:
        click.echo(f"argmap: error: {problem}", err=True)
        sys.exit(2)
