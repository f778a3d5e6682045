from __future__ import annotations

import sys

import click

from argmap.cli.common import columns, emit, use_color

FORMATS = ("text", "json", "markdown")


@click.command("diff")
@click.argument("args", nargs=-1, required=True, metavar="OLD NEW | REV [PATH...] | A..B [PATH...]")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--lang", type=click.Choice(["orig", "en"]), default="orig", show_default=True, help="Name maps by their authors as written, or in English (authors_en).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="Write the diff to a file instead of standard output.")
def command(args, fmt, lang, color, output):
    """Show what changed in argument terms between two versions of maps.

    OLD and NEW are .map files, folders, - (standard input) or REV:path
    (a file or folder at a git revision). REV PATH... compares the paths at a
    git revision with the working tree; A..B PATH... compares them at two
    revisions (A...B: from their merge base). Formatting and comments are
    not changes. Exit status: 0 no change to the argument, 1 changes, 2
    trouble (a bad path or revision, a file that does not parse).
    """
    from argmap.diff import InputError, diff_sides, resolve
    from argmap.diff.render import render

    try:
        old, new = resolve(list(args))
    except InputError as exc:
        click.echo(f"argmap: error: {exc.message}", err=True)
        if exc.hint:
            click.echo(f"  = hint: {exc.hint}", err=True)
        sys.exit(2)
    if output != "-":  # never write the diff over a map it read, nor through a looping link
        import os

        from argmap.writefile import looping_link

        loop = looping_link(output)
        if loop:
            click.echo(f"argmap: error: {loop}", err=True)
            sys.exit(2)
        read = {os.path.realpath(f.name) for f in old.files + new.files if f.name != "<stdin>"}
        if os.path.realpath(output) in read:
            click.echo(f"argmap: error: {output} is a map that was read; choose another output file", err=True)
            sys.exit(2)
    result = diff_sides(old, new, lang)
    if result.diagnostics:
        from argmap.report import render as report

        colored = use_color(color, sys.stderr)
        click.echo(report("text", result.diagnostics, files=result.files, color=colored, columns=columns()), err=True, nl=False, color=colored)
        click.echo("argmap: nothing compared; fix the syntax errors first", err=True)
        sys.exit(2)
    if result.skipped:
        few = ", ".join(result.skipped[:3]) + (", …" if len(result.skipped) > 3 else "")
        n = len(result.skipped)
        click.echo(f"argmap: warning: left out {n} unchanged file{'s' if n != 1 else ''} that do{'es' if n == 1 else ''} not parse: {few}", err=True)
    colored = use_color(color, sys.stdout) and output == "-"
    text = render(result.diff, fmt, width=columns(), color=colored)
    if output == "-":
        click.echo(text, nl=False, color=colored)  # click would strip the colour when piped
    else:
        emit(text, output)
    sys.exit(0 if result.diff.same else 1)
