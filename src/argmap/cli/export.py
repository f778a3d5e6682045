from __future__ import annotations

import sys

import click

from argmap.cli.common import columns, load_config_or_exit, paths_argument, print_usage_errors, use_color


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
    from argmap.report import render
    from argmap.validate import validate
    from argmap.writefile import write_text

    result = validate(list(paths), config=load_config_or_exit())
    print_usage_errors(result.usage_errors)
    if result.usage_errors:
        sys.exit(2)
    if result.has_errors:
        errors = [d for d in result.diagnostics if str(d.severity) == "error"]
        click.echo(render("text", errors, files=result.files, color=use_color("auto", sys.stderr), columns=columns()), err=True, nl=False)
        if not force:
            click.echo("argmap: nothing exported; fix the errors or pass --force", err=True)
            sys.exit(1)
        click.echo("argmap: exporting what parsed despite the errors (--force)", err=True)
    text = dumps(result.corpus)
    if output == "-":
        click.echo(text, nl=False)
    else:
        problem = write_text(output, text)
        if problem:
            click.echo(f"argmap: error: {problem}", err=True)
            sys.exit(2)
