from __future__ import annotations

import os
import sys

import click

from argmap.cli.common import (
    checked_corpus,
    emit,
    emit_pieces,
    guard_output,
    interruptible,
    paths_argument,
)

# Formats that hold one text each: several maps go to a folder, one file each.
PER_MAP = {"arggraph": ".xml", "argdown": ".argdown"}


@click.command("export")
@paths_argument
@click.option("--to", "to", type=click.Choice(["json", "aif", "arggraph", "argdown"]), default="json", show_default=True,
              help="Target format: argmap's JSON model, AIF (AIFdb JSON), arggraph XML or Argdown.")
@click.option("-o", "--output", default="-", show_default=True,
              help="Output file, or - for standard output; for arggraph and Argdown of several maps, a folder.")
@click.option("--force", is_flag=True, help="Export what parsed even when the maps have errors.")
@interruptible
def command(paths, to, output, force):
    """Print the model of maps in a machine format.

    The JSON format is documented in docs/json.md; AIF, arggraph and Argdown
    (and what each can and cannot carry) in docs/interop.md. AIF holds every
    map given in one nodeset; arggraph and Argdown hold one map each, so
    several maps need -o DIR and are written there as ID.xml or ID.argdown.
    Maps with errors are not exported (the diagnostics go to standard error)
    unless --force is given.
    """
    result = checked_corpus(paths, force=force, verb="exported")
    maps = [m for m in result.corpus.arguments() if m.nodes]
    if to == "json":
        from argmap.export.json import chunks

        guard_output(result, output)
        emit_pieces(chunks(result.corpus), output)
    elif to == "aif":
        import json

        from argmap.interop.aif_out import to_aif
        from argmap.visible import json_text

        guard_output(result, output)
        emit(json_text(json.dumps(to_aif(maps, result.corpus.issues()), ensure_ascii=False, indent=2)) + "\n", output)
    else:
        _per_map(result, maps, to, output)


def _per_map(result, maps, to: str, output: str) -> None:
    if to == "arggraph":
        from argmap.interop.arggraph_out import to_arggraph as write
    else:
        from argmap.interop.argdown_out import to_argdown as write
    if len(maps) == 1 and not os.path.isdir(output):
        guard_output(result, output)
        emit(write(maps[0]), output)
        return
    if output == "-" or (os.path.exists(output) and not os.path.isdir(output)):
        click.echo(f"argmap: error: {len(maps)} maps make {len(maps)} {to} files: give -o DIR, a folder to write them into",
                   err=True)
        sys.exit(2)
    os.makedirs(output, exist_ok=True)
    targets = [os.path.join(output, (m.id or os.path.splitext(os.path.basename(m.path))[0]) + PER_MAP[to]) for m in maps]
    guard_output(result, *targets)
    for argmap, target in zip(maps, targets):
        emit(write(argmap), target)
        click.echo(f"argmap: wrote {target}", err=True)
