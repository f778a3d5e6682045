"""The Lark LALR parser for the language, built once and cached.

The cache lives in the user's own cache folder (never the shared temp
folder: lark loads it with pickle) and is keyed by lark's own hash of the
grammar and options; any failure to read or write it just rebuilds.
"""

from __future__ import annotations

import hashlib
import os
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
            try:
                os.unlink(cache)
            except OSError:
                pass
    return Lark(grammar, **options), sink, builder


def parse(source, front_matter=None):
    """Parse one file's text into a CST; returns (Document | None, diagnostics).

    The front matter is blanked out (same offsets, so spans stay true) before
    the body is handed to lark.
    """
    from lark.exceptions import UnexpectedInput

    from argmap.syntax import errors, transform

    text = source.text
    if front_matter is not None:
        head = "".join(ch if ch == "\n" else " " for ch in text[: front_matter.body_start])
        text = head + text[front_matter.body_start :]
    lark, sink, builder = parser()
    sink.tokens = []
    builder.reset(source)
    try:
        items = lark.parse(text)
    except UnexpectedInput as exc:
        return None, [errors.classify(source, exc)]
    return transform.build(source, items, sink.tokens, front_matter, builder.diagnostics)
