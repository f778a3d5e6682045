from __future__ import annotations

import sys

import click

from argmap.cli.common import columns, emit, load_config_or_exit, print_usage_errors, source_places, sources_option, use_color
from argmap.cli.source import error


@click.command("coverage")
@click.argument("paths", nargs=-1, required=True, metavar="MAP...")
@click.option("--uncovered", is_flag=True, help="List only the paragraphs that no node cites.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@sources_option
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE", help="Write to a file instead of standard output.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
def command(paths, uncovered, fmt, sources, output, color):
    """Show which paragraphs of a map's source no node cites.

    A node cites the paragraphs its `at` names and those its quote is
    found in. MAP is a .map file or a folder (searched for *.map); maps of
    one source (a map and its revision) are counted together, one table
    per source. See docs/provenance.md.

    Exit status: 0 shown; 1 a map does not parse; 2 a map declares no
    source, its source cannot be found or read, or a bad path.
    """
    import os

    from argmap.corpus import load
    from argmap.provenance.coverage import as_json, coverage, table
    from argmap.provenance.declared import open_declared

    config = load_config_or_exit()
    places = source_places(sources, config)
    loaded = load(list(paths), context=False)
    print_usage_errors(loaded.usage_errors)
    if loaded.usage_errors:
        sys.exit(2)
    status = 0
    if loaded.corpus.unparsed:
        from argmap.report import render

        errors = [d for d in loaded.diagnostics if str(d.severity) == "error" and d.path in loaded.corpus.unparsed]
        err_color = use_color(color, sys.stderr)
        click.echo(render("text", errors, files=len(loaded.corpus.unparsed), color=err_color, columns=columns()),
                   err=True, nl=False, color=err_color)
        click.echo("argmap: the maps above do not parse: they are left out of the coverage", err=True)
        status = 1
    groups: dict[tuple[str, str], tuple[object, list]] = {}
    for argmap in loaded.corpus.arguments():
        found = open_declared(argmap.path, argmap.meta, places)
        if isinstance(found, str):
            error(found)
            status = 2
            continue
        key = (os.path.realpath(found.path), found.scheme)
        groups.setdefault(key, (found, []))[1].append(argmap)
    covs = [coverage(found.path, found.index, maps) for found, maps in groups.values()]
    if output != "-" and any(os.path.realpath(output) == key[0] for key in groups):
        error(f"{output} is a source that was read; choose another output file")
        sys.exit(2)
    if fmt == "json":
        emit(as_json(covs, uncovered=uncovered), output)
    elif covs:
        colored = output == "-" and use_color(color, sys.stdout)
        emit(table(covs, width=columns(), uncovered=uncovered, color=colored), output)
    sys.exit(status)
