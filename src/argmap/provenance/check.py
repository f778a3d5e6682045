"""The provenance rules of `validate` (AM401–AM406): each map that declares
a `source` has its quotes and locators checked against that text.

A source that cannot be found is a note, never an error: sources are often
kept out of the repository, and a clone without them must still validate.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from typing import TYPE_CHECKING

from argmap import diagnostics as D
from argmap.model import ArgMap, Node
from argmap.provenance.search import Place, candidates, is_url, look, search_path
from argmap.provenance.text import SourceProblem, squash
from argmap.source import Span
from argmap.visible import visible

if TYPE_CHECKING:
    from argmap.provenance.index import SourceIndex, Unit

PASSAGE_CHARS = 40  # of the closest passage, shown in a hint


def check(maps, *, sources=(), config=None, environ=None) -> list[D.Diagnostic]:
    """Diagnostics for every map of `maps` that declares a source.

    `sources` are the --sources folders; the rest of the search path comes
    from ARGMAP_SOURCES (in `environ`) and `config.sources`."""
    places: list[Place] | None = None
    out: list[D.Diagnostic] = []
    for argmap in maps:
        meta = argmap.meta or {}
        declared = meta.get("source")
        scheme = meta.get("paragraphs", _DEFAULT)
        if not isinstance(declared, str) or not isinstance(scheme, str):
            continue  # no source, or a value of the wrong type (AM155)
        if not declared.strip():
            out.append(_empty(argmap))
            continue
        if places is None:
            places = search_path(sources, config, environ)
        found = look(argmap.path, declared.strip(), places)
        kept = _kept(argmap, found.path, scheme) if found.what == "file" else None
        if kept is not None and kept[1] is not None:
            out += kept[1]  # this map against this text was checked before (only ever under a known scheme)
            continue
        if scheme not in _SCHEMES:
            out.append(_unknown_scheme(argmap, scheme))
            continue
        if found.what == "outside":
            out.append(_outside(argmap, declared.strip(), found.path))
            continue
        if found.what == "missing" or (found.what == "blocked" and is_url(declared)):
            out.append(_not_found(argmap, declared.strip(), places))
            continue
        path = found.path if found.what == "file" else None
        there = (found.path, found.why) if found.what == "blocked" else None
        from argmap.provenance import open_source

        index = open_source(path, scheme) if path is not None else SourceProblem(str(there[0]), "is " + there[1])
        if isinstance(index, SourceProblem):
            out.append(
                D.Diagnostic(
                    D.UNREADABLE_SOURCE,
                    f"source text cannot be read: {visible(_shown(index.path))}: {index.message}",
                    meta_span(argmap, "source", value=True),
                    hint="a source is a plain-text or Markdown file in UTF-8; convert a PDF or Word file to text first"
                    if there is None else "`source:` names the file of the text, plain text or Markdown in UTF-8",
                )
            )
            continue
        found_here: list[D.Diagnostic] = []
        for node in argmap.nodes:
            found_here += check_node(argmap, node, index, Path(path).name)
        out += found_here
        if kept is not None:
            from argmap import cache

            cache.store(*kept[0], (None, found_here))
    return out


# schemes.DEFAULT and the names of schemes.SCHEMES, without importing the
# schemes (a test holds them equal).
_DEFAULT = "blank-lines"
_SCHEMES = ('blank-lines', 'lines', 'numbered', 'pages', 'hard-wrapped', 'pdf-markdown')
_KEPT_SOURCE_BYTES = 16 * 1024 * 1024


def _kept(argmap: ArgMap, path, scheme: str):
    """((name, bytes) that key this map's check against this source text in
    the parse cache, the diagnostics found the last time or None); None
    when the cache is off or the text cannot be read. The key holds the
    map's text and the source's bytes, where the source is and the scheme:
    an edit of either, or a move, is checked afresh."""
    from argmap import cache

    if cache.folder() is None:
        return None
    try:
        with open(path, "rb") as handle:
            text = handle.read(_KEPT_SOURCE_BYTES + 1)
    except OSError:
        return None
    if len(text) > _KEPT_SOURCE_BYTES:
        return None
    mine = argmap.source.text.encode("utf-8", errors="surrogatepass")
    job = (f"provenance\0{argmap.path}\0{os.path.realpath(path)}\0{scheme}", len(mine).to_bytes(8, "big") + mine + text)
    hit = cache.load(*job, argmap.source)
    return job, (hit[1] if hit is not None else None)


def check_node(argmap: ArgMap, node: Node, index: SourceIndex, name: str | None = None) -> list[D.Diagnostic]:
    """A node's quote is in the source, and its locator names the paragraph
    where the quote begins (a quote found twice: either). `name` is how
    hints call the source (its file name by default)."""
    name = name or Path(index.path or "the source").name
    found: list[Unit] = []
    out: list[D.Diagnostic] = []
    if node.quote and squash(node.quote):
        found = index.find(node.quote)
        if not found:
            out.append(
                D.Diagnostic(
                    D.QUOTE_NOT_FOUND,
                    _not_found_message(index, node.quote),
                    attr_span(argmap, node, "quote"),
                    hint=hint_for_quote(index, node.quote, name),
                )
            )
    if not node.locator:
        return out
    named, problems = index.resolve(node.locator)
    if problems:
        hint = _cite(found, name) if found else _locator_help(index, problems)
        out.append(
            D.Diagnostic(D.BAD_LOCATOR, f"bad locator: {'; '.join(problems)}", attr_span(argmap, node, "at"), hint=hint)
        )
    elif found and not any(u in named for u in found):
        what = ", ".join(u.key for u in named[:4]) + (", …" if len(named) > 4 else "")
        out.append(
            D.Diagnostic(
                D.QUOTE_ELSEWHERE,
                f"the quote is not in {what}, the paragraph{'s' if len(named) != 1 else ''} `at` names",
                attr_span(argmap, node, "at"),
                hint=_cite(found, name),
            )
        )
    return out


def _not_found_message(index: SourceIndex, quote: str) -> str:
    if index.in_text(quote):
        return f"quote is outside every paragraph of the source (source line {_line_of(index, quote)})"
    return "quote not found in the source as written"


def hint_for_quote(index: SourceIndex, quote: str, name: str | None = None) -> str:
    """The hint `validate` gives for a quote not found: the closest passage,
    where it is (`name`: the source's file name by default), and how the two
    differ."""
    name = name or Path(index.path or "the source").name
    if index.in_text(quote):
        return (
            f"the `{index.scheme}` scheme counts no heading, footnote or caption as a paragraph: "
            "quote the body text, or choose a scheme that counts this part (docs/provenance.md)"
        )
    match = index.closest(quote)
    if match is None:
        return "no passage of the source comes close: is `source:` the right text? (only whitespace is ignored in matching)"
    passage = match.passage
    if len(passage) > PASSAGE_CHARS:
        passage = passage[:PASSAGE_CHARS] + "…"
    return f"closest passage, {match.unit.key} (line {match.line} of {name}): 「{passage}」; {match.describe()}"


def _cite(found: list[Unit], name: str) -> str:
    first = found[0]
    if len(found) == 1:
        # The locator first, where the hint's first line holds it whole (a wrap may split "§壹 ¶2").
        return f"write at \"{first.key}\": the quote begins there (line {first.line} of {name})"
    keys = ", ".join(u.key for u in found[:5]) + (", …" if len(found) > 5 else "")
    return f"write at \"{first.key}\" or another place where the quote begins: {keys}"


def _locator_help(index: SourceIndex, problems: list[str]) -> str:
    if any(p.startswith("cannot read") for p in problems):
        return "write §SECTION ¶N, ¶N, §SECTION, 表N or p. N; join places with \";\" (docs/language.md)"
    if any(" names a page;" in p for p in problems):
        return "pages are counted by the `pages` scheme (`paragraphs: pages`); this source is read as " + index.scheme
    if index.sectioned and index.sections:
        shown = ", ".join(f"§{s}" for s in index.sections[:10]) + (", …" if len(index.sections) > 10 else "")
        return f"the `{index.scheme}` scheme finds these sections: {shown}; `argmap source` lists the paragraphs"
    n = len(index.paragraphs())
    return f"the `{index.scheme}` scheme finds {n} paragraph{'s' if n != 1 else ''}; `argmap source` lists {'them' if n != 1 else 'it'}"


def _line_of(index: SourceIndex, quote: str) -> int:
    """The line of the text where the quote (found by `in_text`) begins."""
    at = index.squashed.find(squash(quote))
    seen = 0
    for lineno, line in enumerate(index.text.split("\n"), 1):
        seen += len(squash(line))
        if seen > at:
            return lineno
    return 1


def _unknown_scheme(argmap: ArgMap, scheme: str) -> D.Diagnostic:
    from argmap.provenance import schemes

    guess = D.did_you_mean(scheme, schemes.SCHEMES)
    return D.Diagnostic(
        D.UNKNOWN_SCHEME,
        f"unknown paragraph scheme `{scheme}`" + (f" — did you mean `{guess}`?" if guess else ""),
        meta_span(argmap, "paragraphs", value=True),
        hint="schemes: " + ", ".join(schemes.SCHEMES) + f" (default {schemes.DEFAULT}; docs/provenance.md)",
    )


HOW = "add its folder with --sources DIR, ARGMAP_SOURCES=DIR or `sources = [\"DIR\"]` under [tool.argmap] in pyproject.toml"


ALLOW = ("argmap reads a source only in the map's folder (and below it) and the folders given with "
         "--sources DIR, ARGMAP_SOURCES=DIR or `sources = [\"DIR\"]` under [tool.argmap] in pyproject.toml")


def outside_message(declared: str, path: Path | None) -> str:
    """Why a source outside the allowed folders is not read; where a
    symbolic link leads, when one does."""
    message = f"source text `{visible(declared)}` is outside the allowed folders: not read"
    if path is not None and os.path.islink(path):
        message += f" ({visible(_shown(str(path)))} is a symbolic link out of them)"
    return message


OUTSIDE_HINT = f"{ALLOW}: name its folder there and give the file's name alone"


def _outside(argmap: ArgMap, declared: str, path: Path | None) -> D.Diagnostic:
    return D.Diagnostic(
        D.SOURCE_OUTSIDE,
        outside_message(declared, path),
        meta_span(argmap, "source", value=True),
        hint=OUTSIDE_HINT,
    )


EMPTY = "`source:` is empty: no source text is named, so quotes and locators are not checked"
EMPTY_HINT = "give the file name of the text (`source: paper.txt`), or remove `source:` from a map that has none"


def _empty(argmap: ArgMap) -> D.Diagnostic:
    return D.Diagnostic(D.SOURCE_NOT_FOUND, EMPTY, meta_span(argmap, "source", value=True), hint=EMPTY_HINT)


def _not_found(argmap: ArgMap, declared: str, places: list[Place]) -> D.Diagnostic:
    if is_url(declared):
        hint = "argmap reads files and fetches nothing: save the text as a UTF-8 file and give its file name"
    else:
        hint = f"{looked_in(argmap.path, declared, places)}; quotes and locators are checked once it is found: {HOW}"
    return D.Diagnostic(
        D.SOURCE_NOT_FOUND,
        f"source text `{visible(declared)}` not found",
        meta_span(argmap, "source", value=True),
        hint=hint,
    )


def looked_in(map_path, declared: str, places: list[Place]) -> str:
    """Where a source was looked for."""
    if Path(declared).expanduser().is_absolute():
        return f"there is no file {visible(declared)}: give its file name alone to have it looked for"
    tried = candidates(map_path, declared, places)
    by_path = {os.path.normpath(str(p.folder / declared)): p for p in places}
    shown = []
    for path in tried:
        place = by_path.get(os.path.normpath(str(path)))
        if place is None:
            shown.append(f"{_shown(str(path.parent))}/ (the map's folder)")
        else:
            shown.append(f"{(place.written or str(place.folder)).rstrip('/')}/ ({place.origin})")
    return "looked in " + visible(", ".join(shown))


def _shown(path: str) -> str:
    """A path as short as it reads well: relative to the working folder when
    that is shorter."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return rel if len(rel) < len(path) else path


# ---- where attributes are in the map's text ------------------------------------------

_TOKEN = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"|//[^\n]*|[{}]|[^\W\d]\w*|\S', re.S)


def attr_span(argmap: ArgMap, node: Node, key: str) -> Span:
    """The span of the string of a node's own attribute (`quote "…"`), found
    by reading the node's text; the node's id when it cannot be found."""
    text = argmap.source.text
    depth = 0
    want = False
    for m in _TOKEN.finditer(text, node.span.start, node.span.end):
        tok = m.group()
        if tok.startswith("//"):
            continue
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif want and tok.startswith('"'):
            return argmap.source.span(m.start(), m.end())
        want = depth == 1 and tok == key
    return node.id_span


def meta_span(argmap: ArgMap, key: str, value: bool = False) -> Span:
    """The span of a front-matter key (or of its value, with `value`): the
    first line of the front matter that starts with `key:`."""
    source = argmap.source
    for line in range(2, source.line_count + 1):
        text = source.line_text(line)
        if text.rstrip() in ("---", "..."):
            break
        if text.startswith(f"{key}:"):
            start = source.offset(line)
            if value:
                rest = text[len(key) + 1 :]
                lead = len(rest) - len(rest.lstrip())
                # A YAML comment is no part of it. `\s#`, not `\s+#`: linear on a long run of spaces.
                stated = rest.strip()
                comment = re.search(r"\s#", stated)
                body = stated[: comment.start()].rstrip() if comment else stated
                if body:
                    begin = start + len(key) + 1 + lead
                    return source.span(begin, begin + len(body))
            return source.span(start, start + len(key))
    return source.span(0, min(3, len(source.text)))
