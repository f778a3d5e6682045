"""Options and helpers shared by commands."""

from __future__ import annotations

import os
import shutil
import sys

import click

paths_argument = click.argument("paths", nargs=-1, required=True, metavar="PATH...")


def use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def columns() -> int:
    try:
        return max(40, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return shutil.get_terminal_size((80, 24)).columns


def load_config_or_exit():
    from pathlib import Path

    from argmap import config as C

    try:
        return C.load(C.find(Path.cwd()))
    except C.ConfigError as exc:
        click.echo(f"argmap: error: {exc}", err=True)
        sys.exit(2)


def print_usage_errors(errors) -> None:
    for diag in errors:
        message = f"argmap: error[{diag.code.code}] {diag.message}"
        if diag.hint:
            message += f"\n  = hint: {diag.hint}"
        click.echo(message, err=True)
