from __future__ import annotations

import click

from argmap.cli.common import checked_corpus, emit, guard_output, interruptible, paths_argument


@click.command("export")
@paths_argument
@click.option("--to", "to", type=click.Choice(["json"]), default="json", show_default=True, help="Target format.")
@click.option("-o", "--output", default="-", show_default=True, help="Output file, or - for standard output.")
@click.option("--force", is_flag=True, help="Export what parsed even when the maps have errors.")
@interruptible
def command(paths, to, output, force):
    """Print the model of maps in a machine format.

    The JSON format is documented in docs/json.md. Maps with errors are not
    exported (the diagnostics go to standard error) unless --force is given.
    """
    from argmap.export.json import dumps

    result = checked_corpus(paths, force=force, verb="exported")
    guard_output(result, output)
    emit(dumps(result.corpus), output)
