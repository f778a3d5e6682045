"""The command line: a thin click layer. Each command lives in its own module
and is imported only when it runs, so `argmap --version` stays fast.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import io
import os
import sys

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


class _ClosedOutput(io.RawIOBase):
    """Standard output when the process started with it closed: writing
    fails like a full disk does, so the failure is reported, not lost."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _prepare_streams() -> None:
    """Output that the terminal's encoding cannot show (latin-1, ascii,
    LC_ALL=C) is escaped (`\\u6f22`) rather than ending the run."""
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedOutput()), encoding="utf-8", errors="backslashreplace")
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, io.UnsupportedOperation):
            stream.reconfigure(errors="backslashreplace")


def _output_failed(exc: OSError) -> int:
    """Report a failed write (full disk, closed output) and leave quietly."""
    where = f" {exc.filename}" if exc.filename else " standard output"
    with contextlib.suppress(Exception):
        sys.stderr.write(f"argmap: error: cannot write{where}: {exc.strerror or exc}\n")
        sys.stderr.flush()
    # Whatever is still buffered would fail again at exit, with a traceback-like
    # "Exception ignored" message: point standard output at nothing instead.
    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    with contextlib.suppress(Exception):
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(os.open(os.devnull, os.O_WRONLY), "w")))
    return 2


def main():
    _prepare_streams()
    try:
        try:
            cli(prog_name="argmap")
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # a full disk shows here, not at exit
    except OSError as exc:
        sys.exit(_output_failed(exc))
