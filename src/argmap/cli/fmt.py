from __future__ import annotations

import sys

import click

from argmap.cli.common import columns, load_config_or_exit, print_usage_errors, use_color


def _files(n: int) -> str:
    return f"{n} file{'s' if n != 1 else ''}"


def _write_stdout(data: bytes) -> None:
    """The formatted bytes as they are: a BOM and CRLF line ends kept."""
    sys.stdout.flush()
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a text-only stream
        sys.stdout.write(data.decode("utf-8"))
        return
    stream.write(data)
    stream.flush()


@click.command("fmt")
@click.argument("paths", nargs=-1, metavar="[PATH...]")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file would change, and list it.")
@click.option("--diff", "show_diff", is_flag=True, help="Write nothing; print a unified diff of the changes.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (and the diff).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
def command(paths, check, show_diff, quiet, color):
    """Rewrite maps in the canonical layout (see docs/style.md).

    PATH is a .map file, a folder (searched for *.map) or - to format
    standard input to standard output; with no PATH, the current folder.
    Comments, blank lines (one at most), the front matter and every string
    are kept. A file that does not parse is reported as `argmap validate`
    reports it and left untouched. Indentation comes from
    `[tool.argmap.fmt] indent` in pyproject.toml (2 or 4).

    Exit status: 0 done; 1 with --check when a file would change, or when a
    file could not be formatted; 2 usage error.
    """
    from pathlib import Path

    from argmap import config as C
    from argmap.corpus import STDIN, STDIN_NAME, _expand
    from argmap.format import format_files, unified_diff, write
    from argmap.report import render

    config = load_config_or_exit()
    asked = list(paths) or ["."]
    files, usage_errors, _ = _expand(asked)
    print_usage_errors(usage_errors)
    if usage_errors:
        sys.exit(2)
    # `exclude` skips what a folder search finds, never a file named on its own.
    named = {Path(p).resolve() for p in asked if p != STDIN and not Path(p).is_dir()}
    files = [f for f in files if f == STDIN or Path(f).resolve() in named or not config.fmt_excluded(f)]
    dry = check or show_diff
    only_stdin = files == [STDIN]
    from argmap.visible import visible

    # File names are shown as map text is: an escape sequence in one is not obeyed.
    say = (lambda text: None) if quiet or (only_stdin and not dry) else (lambda text: click.echo(visible(text), err=True))
    err_color = use_color(color, sys.stderr)
    out_color = use_color(color, sys.stdout)

    changed = unchanged = failed = 0
    for result in format_files(files, indent=config.fmt_indent):
        if not result.ok:
            failed += 1
            if result.diagnostics:
                click.echo(visible(f"error: cannot format {result.path}: it does not parse (left untouched)"), err=True)
                diags = C.apply(result.diagnostics, config, {})
                text = render("text", diags, files=1, color=err_color, columns=columns())
                click.echo(text, err=True, nl=False, color=err_color)
            else:
                click.echo(visible(f"error: cannot format {result.path}: {result.error}"), err=True)
            continue
        if result.path == STDIN_NAME and not dry:
            _write_stdout(result.formatted)
        if not result.changed:
            unchanged += 1
            continue
        changed += 1
        if show_diff:
            click.echo(unified_diff(result, color=out_color), nl=False, color=out_color)
        if dry:
            say(f"would reformat {result.path}")
        elif result.path != STDIN_NAME:
            problem = write(result)
            if problem:
                changed -= 1
                failed += 1
                click.echo(visible(f"error: {problem}"), err=True)
                continue
            say(f"reformatted {result.path}")

    if dry:
        parts = [
            f"{_files(changed)} would be reformatted" if changed else "",
            f"{_files(unchanged)} would be left unchanged" if unchanged else "",
            f"{_files(failed)} would fail to reformat" if failed else "",
        ]
    else:
        parts = [
            f"{_files(changed)} reformatted" if changed else "",
            f"{_files(unchanged)} left unchanged" if unchanged else "",
            f"{_files(failed)} failed to reformat" if failed else "",
        ]
    say(", ".join(p for p in parts if p) + "." if any(parts) else "No .map files to format (all excluded).")
    sys.exit(1 if failed or (check and changed) else 0)
