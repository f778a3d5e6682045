"""The Lark LALR parser for the language, built once and cached.

The cache lives in the user's own cache folder (never the shared temp
folder: lark loads it with pickle) and is keyed by lark's own hash of the
grammar and options; any failure to read or write it just rebuilds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def grammar_path() -> Path:
    """`argmap/grammar/argmap.lark` in a wheel; `grammar/argmap.lark` in a checkout."""
    packaged = _HERE.parent / "grammar" / "argmap.lark"
    if packaged.is_file():
        return packaged
    return _HERE.parents[2] / "grammar" / "argmap.lark"


def grammar_text() -> str:
    return grammar_path().read_text(encoding="utf-8")


def _cache_file(grammar: str) -> str | None:
    import lark

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "argmap"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
            return None
    except OSError:
        return None
    digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
    return str(folder / f"parser-{digest}-lark{lark.__version__}.pickle")


class _CommentSink:
    """Collects COMMENT tokens while lexing; reset before each parse."""

    def __init__(self) -> None:
        self.tokens: list = []

    def __call__(self, token):
        self.tokens.append(token)
        return token


@lru_cache(maxsize=1)
def parser():
    """(Lark parser, comment sink, CST builder). The sink and the builder are
    shared state: parse one text at a time."""
    from lark import Lark

    from argmap.syntax.lexer import ArgmapLexer
    from argmap.syntax.transform import Builder

    grammar = grammar_text()
    sink = _CommentSink()
    ArgmapLexer.comment_sink = sink
    builder = Builder()
    options = dict(
        parser="lalr",
        lexer=ArgmapLexer,
        maybe_placeholders=False,
        transformer=builder,
    )
    cache = _cache_file(grammar)
    if cache:
        try:
            return Lark(grammar, cache=cache, **options), sink, builder
        except Exception:  # noqa: BLE001 - a broken cache must never stop a parse
            with contextlib.suppress(OSError):  # best effort: it is rebuilt anyway
                os.unlink(cache)
    return Lark(grammar, **options), sink, builder


# A top-level statement starts a line: a node or issue keyword, or a word
# followed by another (`c1 supports T`, or a misspelt keyword). Recovery
# after a syntax error resumes at the next one.
_STATEMENT = re.compile(
    r"^(?:(?:thesis|claim|premise|evidence|counterpoint|rebuttal|recommendation|issue)\b"
    r"|[^\W\d]\w*[ \t]+[^\W\d])",
    re.M,
)
MAX_SYNTAX_ERRORS = 20


def _blank(text: str, start: int, end: int) -> str:
    """text with [start, end) turned to spaces, line breaks kept: offsets stay true."""
    return text[:start] + "".join(ch if ch == "\n" else " " for ch in text[start:end]) + text[end:]


def parse(source, front_matter=None):
    """Parse one file's text into a CST; returns (Document | None, diagnostics).

    The front matter is blanked out (same offsets, so spans stay true) before
    the body is handed to lark. After a syntax error the parse resumes at the
    next top-level statement, so one run reports every broken statement; a
    file with any syntax error yields no Document.
    """
    from lark.exceptions import UnexpectedInput

    from argmap.syntax import errors, transform

    text = source.text
    if front_matter is not None:
        text = _blank(text, 0, front_matter.body_start)
    lark, sink, builder = parser()
    sink.tokens = []
    builder.reset(source)
    try:
        items = lark.parse(text)
    except UnexpectedInput as exc:
        found = [errors.classify(source, exc)]
        while len(found) < MAX_SYNTAX_ERRORS:
            line_end = text.find("\n", found[-1].span.start)
            resume = _STATEMENT.search(text, line_end + 1) if line_end >= 0 else None
            if resume is None:
                break
            text = _blank(text, 0, resume.start())
            builder.reset(source)
            try:
                lark.parse(text)
                break
            except UnexpectedInput as more:
                found.append(errors.classify(source, more))
        return None, found
    return transform.build(source, items, sink.tokens, front_matter, builder.diagnostics)
