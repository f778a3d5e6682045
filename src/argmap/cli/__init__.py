"""The command line: a thin click layer. Each command lives in its own module
and is imported only when it runs, so `argmap --version` stays fast.
"""

from __future__ import annotations

import importlib

import click

from argmap import __version__

COMMANDS = {
    "validate": ("argmap.cli.validate", "Check maps for syntax and structure problems."),
    "export": ("argmap.cli.export", "Print the model of maps in a machine format."),
    "render": ("argmap.cli.render", "Draw maps as Graphviz diagrams (SVG, PNG, PDF, DOT)."),
    "doctor": ("argmap.cli.doctor", "Report the Graphviz backend and whether a CJK font is installed."),
    "compare": ("argmap.cli.compare", "Compare positions across authors, issue by issue."),
    "fmt": ("argmap.cli.fmt", "Rewrite maps in the canonical layout (--check, --diff for CI)."),
    "evaluate": ("argmap.cli.evaluate", "Show which nodes stand once objections are weighed (grounded semantics)."),
    "diff": ("argmap.cli.diff", "Show what changed in argument terms between two versions of maps."),
    "git": ("argmap.cli.git", "Set up git's diff and merge drivers for *.map files."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[name][0])
        return module.command

    def format_commands(self, ctx, formatter):
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="argmap")
def cli():
    """argmap: map, validate, compare and draw the arguments of texts.

    Maps are .map files (see docs/language.md). Give files, folders (searched
    for *.map) or - for standard input.
    """


def main():
    cli(prog_name="argmap")
