from __future__ import annotations

import sys

import click

from argmap.cli.common import columns


def _quiet_pipe() -> None:
    """git's pager may close before the driver is done (`q` in less): die
    quietly as git itself does, not with a BrokenPipeError traceback."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _fail(exc) -> None:
    click.echo(f"argmap: error: {exc.message}", err=True)
    if exc.hint:
        click.echo(f"  = hint: {exc.hint}", err=True)
    sys.exit(2)


@click.group("git")
def command():
    """Git integration: argmap as git's diff and merge driver for *.map files."""


@command.command("install")
@click.option(
    "--attributes",
    type=click.Choice(["info", "gitattributes"]),
    default="info",
    show_default=True,
    help="Where to write `*.map diff=argmap merge=argmap`: .git/info/attributes (this clone only) or .gitattributes (shared through the repository).",
)
def install_command(attributes):
    """Make `git diff` on *.map files show argmap's semantic diff, and
    `git merge` merge them statement by statement.

    Repo-local: writes the drivers to this repository's .git/config and the
    attributes to .git/info/attributes. Running it again changes nothing.
    """
    from argmap.diff.git import install
    from argmap.diff.inputs import InputError

    try:
        done = install(attributes=attributes)
    except InputError as exc:
        _fail(exc)
    for line in done:
        click.echo(line)
    if not done:
        click.echo("argmap git driver already installed; nothing changed")


@command.command("diff-driver", hidden=True)
@click.argument("args", nargs=-1)
def diff_driver_command(args):
    """Called by git with PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE."""
    from argmap.diff.git import diff_driver
    from argmap.diff.inputs import InputError

    _quiet_pipe()
    try:
        text = diff_driver(list(args), width=columns())
    except InputError as exc:
        _fail(exc)
    click.echo(text, nl=False)


@command.command("textconv", hidden=True)
@click.argument("path")
def textconv_command(path):
    """Called by git: print the map as a canonical listing of its model."""
    from argmap.diff.git import textconv

    _quiet_pipe()
    click.echo(textconv(path), nl=False)


@command.command("merge-driver", hidden=True)
@click.option("--marker-size", type=click.IntRange(1, 100), default=7, help="Length of the conflict markers (git's %L).")
@click.argument("base")
@click.argument("ours")
@click.argument("theirs")
@click.argument("path", required=False)
def merge_driver_command(marker_size, base, ours, theirs, path):
    """Called by git with %O %A %B %P: merge the three versions statement by
    statement, write the result to OURS; exit 0 when clean, 1 on conflicts
    (markers left in the file). Falls back to `git merge-file` when a
    version does not parse."""
    from argmap.diff.inputs import InputError
    from argmap.diff.merge import merge_driver

    try:
        outcome = merge_driver(base, ours, theirs, path, marker_size=marker_size)
    except InputError as exc:
        _fail(exc)
    except OSError as exc:
        # "cannot read nope: No such file or directory", not Python's "[Errno 2] …: 'nope'"
        where = f"{exc.filename}: " if exc.filename is not None else ""
        click.echo(f"argmap: error: cannot read {where}{exc.strerror or exc}", err=True)
        sys.exit(2)
    for note in outcome.notes:
        click.echo(note, err=True)
    sys.exit(min(outcome.conflicts, 127) if outcome.declined else (1 if outcome.conflicts else 0))
