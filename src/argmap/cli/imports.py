from __future__ import annotations

import sys

import click

from argmap.cli.common import columns, interruptible, use_color


@click.command("import")
@click.argument("files", nargs=-1, required=True)
@click.option("--from", "fmt", type=click.Choice(["aif", "arggraph", "argdown"]), default=None,
              help="The format of the files (default: from each file's name: .json AIF, .xml arggraph, .argdown Argdown).")
@click.option("-o", "--output", default=None, metavar="DIR",
              help="Folder to write the maps into (created if missing). Without it, one file's map is printed.")
@click.option("--author", "authors", multiple=True, metavar="NAME",
              help="The author, for files that do not say (repeat for several).")
@click.option("--year", type=int, default=None, help="The year, for files that do not say.")
@click.option("--force", is_flag=True, help="Write over .map files already in the folder.")
@interruptible
def command(files, fmt, output, authors, year, force):
    """Convert maps from AIF, arggraph XML or Argdown into .map files.

    Each file becomes one formatted, valid map named after its id; topics and
    stances (arggraph) go into issues.map beside them. What a format holds
    that a map cannot is reported as a warning located in the file (AM503);
    a file with an error (AM501, AM502) is not converted. Exit 1 when a file
    could not be converted. The formats, construct by construct, are in
    docs/interop.md.
    """
    from argmap.interop.convert import convert

    if output is None and len(files) > 1:
        click.echo("argmap: error: several files need -o DIR, the folder to write their maps into", err=True)
        sys.exit(2)
    outcome = convert(list(files), fmt, output, list(authors), year, force)
    if outcome.usage:
        click.echo(f"argmap: error: {outcome.usage}", err=True)
        sys.exit(2)
    if outcome.diagnostics:
        from argmap.report import render

        color = use_color("auto", sys.stderr)
        text = render("text", outcome.diagnostics, files=len(files), color=color, columns=columns())
        click.echo(text, err=True, nl=False, color=color)
    if output is None and outcome.texts:
        click.echo(outcome.texts[0], nl=False)
    for path in outcome.written:
        click.echo(f"argmap: wrote {path}", err=True)
    sys.exit(1 if outcome.failed else 0)
