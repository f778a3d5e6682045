from __future__ import annotations

import sys

import click

from argmap.cli.common import checked_corpus, guard_output, paths_argument


@click.command("export")
@paths_argument
@click.option("--to", "to", type=click.Choice(["json"]), default="json", show_default=True, help="Target format.")
@click.option("-o", "--output", default="-", show_default=True, help="Output file, or - for standard output.")
@click.option("--force", is_flag=True, help="Export what parsed even when the maps have errors.")
def command(paths, to, output, force):
    """Print the model of maps in a machine format.

    The JSON format is documented in docs/json.md. Maps with errors are not
    exported (the diagnostics go to standard error) unless --force is given.
    """
    from argmap.export.json import dumps
    from argmap.writefile import write_text

    result = checked_corpus(paths, force=force, verb="exported")
    guard_output(result, output)
    text = dumps(result.corpus)
    if output == "-":
        click.echo(text, nl=False)
    else:
        problem = write_text(output, text)
        if problem:
            click.echo(f"argmap: error: {problem}", err=True)
            sys.exit(2)
