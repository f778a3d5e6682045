"""Options and helpers shared by commands."""

from __future__ import annotations

import os
import sys

import click

paths_argument = click.argument("paths", nargs=-1, required=True, metavar="PATH...")

# Where source texts are looked for (docs/provenance.md): these folders
# first, then ARGMAP_SOURCES, then [tool.argmap] sources.
sources_option = click.option(
    "--sources", "sources", multiple=True, metavar="DIR",
    help="A folder to look for source texts in (repeatable); searched before ARGMAP_SOURCES and [tool.argmap] sources.",
)


def source_places(sources, config) -> list:
    from argmap.provenance import search_path

    return search_path(options=sources, config=config)


def use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":  # a terminal that prints escape codes as text (Emacs's shell, some CI logs)
        return False
    return hasattr(stream, "isatty") and stream.isatty()


# Text output is laid out for 40 to 1,000 columns (docs/cli.md): COLUMNS or the
# terminal's width is clamped to that range, so `COLUMNS=99999999` neither
# hangs nor pads lines to megabytes.
MIN_COLUMNS, MAX_COLUMNS = 40, 1000


def columns() -> int:
    try:
        width = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        width = _terminal_columns()
    return max(MIN_COLUMNS, min(MAX_COLUMNS, width))


def _terminal_columns() -> int:
    """The terminal's width, as shutil.get_terminal_size finds it (without
    importing shutil, and what it imports, on every run): 80 when standard
    output is not a terminal."""
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def load_config_or_exit():
    from pathlib import Path

    from argmap import config as C

    try:
        return C.load(C.find(Path.cwd()))
    except C.ConfigError as exc:
        click.echo(f"argmap: error: {exc}", err=True)
        sys.exit(2)


def say(prefix: str, message: str, hint: str | None = None) -> None:
    """A message on standard error wrapped to the terminal by display width
    (paths, ids and map text may be CJK), shown not obeyed; further lines
    under the message's start, and the hint under its own."""
    from argmap.source import display_width
    from argmap.visible import visible
    from argmap.wrap import wrap

    width = columns()
    out = []
    for lead, text in ((prefix, message), ("  = hint: ", hint)):
        if text is None:
            continue
        indent = display_width(lead) if display_width(lead) <= width // 3 else 2
        lines = wrap(visible(text), max(20, width - indent), cut_long=False) or [""]
        out.append(lead + lines[0] + "".join("\n" + " " * indent + line for line in lines[1:]))
    click.echo("\n".join(out), err=True)


def print_usage_errors(errors) -> None:
    for diag in errors:
        # The path first, as validate prints it: "no such file" alone does
        # not say which of several paths is wrong.
        from argmap.visible import visible

        where = f"{visible(diag.path)}: " if diag.path and diag.span is None else ""
        say(f"argmap: error[{diag.code.code}] ", where + diag.message, diag.hint)


def checked_corpus(paths, *, force: bool, verb: str, context: bool = True):
    """Validate for a command that reads maps: bad paths exit 2; errors are
    shown on standard error and stop the command (exit 1) unless --force."""
    from argmap.report import render
    from argmap.validate import validate

    result = validate(list(paths), config=load_config_or_exit(), context=context)
    print_usage_errors(result.usage_errors)
    if result.usage_errors:
        sys.exit(2)
    if result.has_errors:
        errors = [d for d in result.diagnostics if str(d.severity) == "error"]
        text = render("text", errors, files=result.files, color=use_color("auto", sys.stderr), columns=columns())
        click.echo(text, err=True, nl=False, color=use_color("auto", sys.stderr))
        if not force:
            click.echo(f"argmap: nothing {verb}; fix the errors or pass --force", err=True)
            sys.exit(1)
        click.echo(f"argmap: {verb} what parsed despite the errors (--force)", err=True)
    return result


def guard_output(result, *outputs) -> None:
    """Refuse to write over a map that was read: a drawing or an export
    written onto its own source would lose the map."""
    # os.path.realpath, not Path.resolve: it raises on a symlink loop.
    real = os.path.realpath
    read = {real(m.path) for m in result.corpus.all_maps if m.path != "<stdin>"}
    read |= {real(p) for p in result.corpus.unparsed if p != "<stdin>"}
    chosen: set[str] = set()
    texts = _source_texts(result) if any(o and o != "-" for o in outputs) else {}
    for output in outputs:
        if output and output != "-" and real(output) in read:
            click.echo(f"argmap: error: {output} is a map that was read; choose another output file", err=True)
            sys.exit(2)
        if output and output != "-" and real(output) in texts:
            # Source texts are often kept outside the repository: git could not bring one back.
            click.echo(f"argmap: error: {output} is the source text of {texts[real(output)]}; choose another output file",
                       err=True)
            sys.exit(2)
        refuse_map_output(output)
        if output and output != "-":
            from argmap.writefile import looping_link

            problem = looping_link(output)  # before the work, not after it
            if problem:
                click.echo(f"argmap: error: {problem}", err=True)
                sys.exit(2)
        # Two outputs onto one file (`-o X --graph X`): the second would replace the first.
        if output and output != "-" and real(output) in chosen:
            click.echo(f"argmap: error: {output} is named for two outputs; give each its own file", err=True)
            sys.exit(2)
        if output and output != "-":
            chosen.add(real(output))


def _source_texts(result) -> dict[str, str]:
    """The real paths of the source texts the maps read declare, each with
    the map that names it."""
    declaring = [m for m in result.corpus.all_maps if isinstance(m.meta.get("source"), str) and m.meta["source"]]
    if not declaring:
        return {}
    from argmap.provenance import find_source

    places = source_places((), load_config_or_exit())
    texts: dict[str, str] = {}
    for argmap in declaring:
        found = find_source(argmap.path, argmap.meta["source"], places)
        if found is not None:
            texts.setdefault(os.path.realpath(found), argmap.path)
    return texts


def refuse_map_output(output: str | None) -> None:
    """No output is a map, so none is written over one, read or not, nor
    leaves a file that the next `validate dir/` reads as a broken map;
    --force (go on despite errors in the maps) does not change that."""
    if not output or output == "-":
        return
    if output.lower().endswith(".map") or os.path.realpath(output).lower().endswith(".map"):
        click.echo(f"argmap: error: {output} is a .map file; choose another name for the output", err=True)
        sys.exit(2)


def emit(text: str | None, output: str) -> None:
    """Print a report, or write it atomically to the file -o names."""
    if text is None:
        return
    if output == "-":
        try:
            click.echo(text, nl=False)
        except BrokenPipeError:
            stdout_closed()
        return
    write_output(text.encode("utf-8"), output)


def emit_pieces(pieces, output: str) -> None:
    """Print a report made as UTF-8 pieces (a large JSON export) as they
    come, or write them atomically to the file -o names. Standard output
    takes the bytes as they are: joining 40 MB, decoding it to text and
    encoding it back, as a text print would, was a fifth of an export. A
    Windows console, which wants text, gets text."""
    if output != "-":
        write_output(pieces, output)
        return
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None or (sys.platform == "win32" and sys.stdout.isatty()):
        emit(b"".join(pieces).decode("utf-8"), output)
        return
    try:
        sys.stdout.flush()  # what was printed as text before
        for piece in pieces:
            stream.write(piece)
        stream.flush()
    except BrokenPipeError:
        stdout_closed()


def write_output(data, output: str) -> None:
    """Write a report's bytes, or its pieces as they are made (the JSON of
    a large map need never be whole in memory), atomically to the file -o
    names; a failure is a usage error (exit 2)."""
    refuse_map_output(output)  # also for commands that read no corpus (diff)
    from argmap.writefile import write_bytes

    problem = write_bytes(output, data)
    if problem:
        click.echo(f"argmap: error: {problem}", err=True)
        sys.exit(2)


def stdout_closed(console=None) -> None:
    """The reader of standard output has gone (`argmap compare maps/ | head
    -1`): as other tools do, stop writing to it without a word and finish
    the rest (warnings, --graph), so that the exit status says whether that
    worked. Standard output is pointed at the null device, so the flush at
    exit does not fail again; a rich console given is silenced (rich's own
    answer, exit 1 with no message, is what this replaces)."""
    import io

    if console is not None:
        console.quiet = True
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, io.UnsupportedOperation):  # not a real file: nothing to flush at exit
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def interruptible(command):
    """Ctrl-C ends the command as it ends `render`: "argmap: interrupted" and
    exit 130 (128 + SIGINT, what a shell reports for a killed job), not
    click's "Aborted!" and the exit 1 that means "the maps have errors"."""
    import functools

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("argmap: interrupted", err=True)
            sys.exit(130)

    return run
