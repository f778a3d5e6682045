from __future__ import annotations

import sys

import click

from argmap.cli.common import columns, emit, load_config_or_exit, sources_option, source_places, use_color


def error(message: str) -> None:
    """`argmap: error: …` on standard error, wrapped to the terminal's width
    (paths and hints make these long)."""
    from argmap.wrap import wrap

    width = columns()
    lines = wrap(f"argmap: error: {message}", width) or [""]
    rest = wrap(" ".join(lines[1:]), width - 2) if len(lines) > 1 else []
    click.echo("\n".join([lines[0]] + ["  " + line for line in rest]), err=True)


def _fail(message: str) -> None:
    error(message)
    sys.exit(2)


def _scheme_names():
    # The names are in the library; imported here only when --help or a
    # command line is read, not when argmap starts.
    from argmap.provenance import SCHEMES

    return list(SCHEMES)


class _Scheme(click.ParamType):
    name = "scheme"

    def convert(self, value, param, ctx):
        names = _scheme_names()
        if value not in names:
            self.fail(f"unknown scheme {value!r} (known: {', '.join(names)})", param, ctx)
        return value


@click.command("source")
@click.argument("text", metavar="TEXT")
@click.argument("locator", nargs=-1, metavar="[LOCATOR]")
@click.option("--paragraphs", "scheme", type=_Scheme(), metavar="SCHEME", help="How the text's paragraphs are counted (default: the map's `paragraphs:`, else blank-lines).")
@sources_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE", help="Write to a file instead of standard output.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
def command(text, locator, scheme, sources, fmt, output, color):
    """Print a source text with the key of each paragraph, or the paragraphs
    a locator names.

    TEXT is a source file (read with --paragraphs SCHEME), a map (its
    declared `source:`, found on the search path, and its `paragraphs:`
    scheme) or - for a source on standard input. LOCATOR is what a node's
    `at` would say (quotes around it are optional; see docs/provenance.md):

    \b
      §參.二 ¶7    paragraph 7 of section 參.二
      §貳          the whole section 貳
      ¶12          paragraph 12 from the start
      p. 4 ¶2      paragraph 2 of page 4

    Exit status: 0 printed; 2 the text, its source or the locator cannot
    be found.
    """
    from argmap import provenance as P

    name, index = _open(text, scheme, sources)
    _not_onto(output, [name, text])
    units = None
    # `argmap source paper.md §壹 ¶2` needs no quotes: the words are one locator.
    locator = " ".join(locator) or None
    if locator is not None:
        from argmap.provenance.show import locator_error, locator_problems

        problems = locator_problems(index, locator)
        if problems:
            err_color = use_color(color, sys.stderr)
            click.echo(locator_error(index, name, locator, problems, width=columns(), color=err_color), err=True, nl=False, color=err_color)
            sys.exit(2)
        units, _ = index.resolve(locator)
    if fmt == "json":
        from argmap.provenance.show import as_json

        emit(as_json(index, name, units, locator), output)
        return
    from argmap.provenance.show import text as as_text

    if not index.units:
        click.echo(f"argmap: {name} holds no paragraph under the `{index.scheme}` scheme "
                   f"(known: {', '.join(P.SCHEMES)})", err=True)
    colored = output == "-" and use_color(color, sys.stdout)
    emit(as_text(index, units, width=columns(), color=colored, sections=_whole_sections(index, locator)), output)


def _whole_sections(index, locator: str | None) -> list[str]:
    """The sections a locator names whole ("§參.二", not "§參.二 ¶3")."""
    if locator is None:
        return []
    from argmap.provenance.locator import parts

    out = []
    for part in parts(locator)[:1000]:
        if part.startswith("§") and "¶" not in part and "表" not in part:
            name = part[1:].strip()
            key = index.section_names.get(name) or index.section_names.get(name.replace(" ", ""))
            if key is not None:
                out.append(key)
    return out


def _not_onto(output: str, read: list[str]) -> None:
    """Refuse an output that is a file that was read: it would be lost."""
    import os

    if output != "-" and any(r not in ("-", "<stdin>") and os.path.realpath(output) == os.path.realpath(r) for r in read):
        _fail(f"{output} is a file that was read; choose another output file")


def _open(text: str, scheme: str | None, sources):
    """(name to show, SourceIndex) for TEXT, or exit 2 with the reason."""
    from pathlib import Path

    from argmap import provenance as P

    if text == "-":
        from argmap.provenance.text import MAX_SOURCE_BYTES, decode

        data = sys.stdin.buffer.read(MAX_SOURCE_BYTES + 1)
        if len(data) > MAX_SOURCE_BYTES:
            _fail(f"<stdin>: larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB: not read")
        loaded = decode(data, "<stdin>")
        if isinstance(loaded, P.SourceProblem):
            _fail(str(loaded))
        return "<stdin>", P.index(loaded, scheme or P.DEFAULT)
    import os

    path = Path(text)
    if not os.path.lexists(path):  # a link that leads nowhere is reported by open_source, as what it is
        _fail(f"{text}: no such file")
    if path.is_dir():
        _fail(f"{text} is a folder: name a source text or a map")
    if path.suffix.lower() != ".map":
        index = P.open_source(path, scheme or P.DEFAULT)
        if isinstance(index, P.SourceProblem):
            _fail(str(index))
        return text, index
    from argmap.provenance.declared import open_declared

    meta = _front_matter(text)
    found = open_declared(text, meta, source_places(sources, load_config_or_exit()), scheme)
    if isinstance(found, str):
        _fail(found)
    return found.path, found.index


def _front_matter(path: str) -> dict:
    """A map's front matter, or exit 2 with its problems shown as validate shows them."""
    from argmap import frontmatter
    from argmap.cli.common import print_usage_errors
    from argmap.corpus import decode, read_file
    from argmap.report import render

    data, problem = read_file(path)
    if problem is not None:
        print_usage_errors([problem])
        sys.exit(2)
    source, diags = decode(path, data)
    fm = None
    if not diags:
        fm, diags = frontmatter.split(source)
    errors = [d for d in diags if str(d.severity) == "error"]
    if errors:
        click.echo(render("text", errors, files=1, color=use_color("auto", sys.stderr), columns=columns()), err=True, nl=False)
        sys.exit(2)
    if fm is None or not isinstance(fm.data, dict):
        _fail(f"{path} has no front matter, so no `source:`")
    return fm.data
