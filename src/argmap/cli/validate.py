from __future__ import annotations

import sys

import click

from argmap.cli.common import columns, load_config_or_exit, paths_argument, sources_option, use_color
from argmap.report import FORMATS


@click.command("validate")
@paths_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--isolated", is_flag=True, help="Do not read the .map files beside a single file to resolve links.")
@sources_option
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
def command(paths, fmt, strict, isolated, sources, color):
    """Check maps for syntax and structure problems.

    PATH is a .map file, a folder (searched for *.map) or - for standard
    input. All files given form one corpus: cross-map links and stances
    resolve across them. A map that declares its `source:` has its quotes
    and locators checked against that text (docs/provenance.md). Exit
    status: 0 clean, 1 problems found, 2 usage error.
    """
    from argmap.report import render
    from argmap.validate import validate

    config = load_config_or_exit()
    result = validate(list(paths), config=config, context=not isolated, sources=sources)
    # Bad paths are reported with the rest (exit 2), so JSON and SARIF
    # consumers see them too.
    colored = use_color(color, sys.stdout)
    diagnostics = result.usage_errors + result.diagnostics
    out = render(fmt, diagnostics, files=result.files, color=colored, columns=columns())
    click.echo(out, nl=False, color=colored)
    sys.exit(result.exit_code(strict))
