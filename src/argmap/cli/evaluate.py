from __future__ import annotations

import sys

import click

from argmap.cli.common import checked_corpus, columns, emit, guard_output, interruptible, paths_argument, use_color

FORMATS = ("table", "json", "csv")


@click.command("evaluate")
@paths_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@click.option("--links", is_flag=True, help="Evaluate the maps together: cross-map `contradicts` links attack both ways.")
@click.option("--all", "show_all", is_flag=True, help="List the nodes that stand too, not only the defeated and undecided.")
@click.option("--lang", type=click.Choice(["orig", "en"]), default="orig", show_default=True, help="Original text or English glosses.")
@click.option("-o", "--output", default="-", show_default=True, help="Write to a file instead of standard output.")
@click.option("--force", is_flag=True, help="Evaluate what parsed even when the maps have errors.")
@interruptible
def command(paths, fmt, links, show_all, lang, output, force):
    """Show which nodes stand once the objections are weighed.

    Each map's attack graph (attacks, and undercuts of an inference) is
    evaluated with grounded semantics: a node stands when every attacker is
    defeated, is defeated when an attacker stands, and is undecided
    otherwise. See docs/compare.md.
    """
    from argmap.evaluate import as_csv, as_json, evaluations

    result = checked_corpus(paths, force=force, verb="evaluated")
    guard_output(result, output)
    found = evaluations(result.corpus, links=links)
    if fmt == "json":
        emit(as_json(found, lang), output)
    elif fmt == "csv":
        emit(as_csv(found, lang), output)
    else:
        from argmap.evaluate import table

        emit(table(found, lang, show_all, width=columns(), color=output == "-" and use_color("auto", sys.stdout)), output)
