"""argmap's own lexer must lex exactly as lark's contextual lexer would:
same parse trees on success, same kind and place of error on failure."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Lark, Token
from lark.exceptions import UnexpectedInput

from argmap.syntax.lexer import ArgmapLexer
from argmap.syntax.parser import grammar_text
from conftest import CASES, MAPS
from test_property import FRAGMENTS


@lru_cache(maxsize=None)
def parsers():
    reference = Lark(grammar_text(), parser="lalr", lexer="contextual")
    ours = Lark(grammar_text(), parser="lalr", lexer=ArgmapLexer)
    return reference, ours


def flat(tree) -> list:
    """A tree as a flat list, built without recursion: lark's Tree.__eq__
    recurses, and a case file nests blocks past the recursion limit (AM112)."""
    return [
        (sub.data, [(c.type, str(c)) if isinstance(c, Token) else c.data for c in sub.children])
        for sub in tree.iter_subtrees_topdown()
    ]


def outcome(parser, text):
    try:
        return ("ok", flat(parser.parse(text)))
    except UnexpectedInput as exc:
        token = getattr(exc, "token", None)
        return (type(exc).__name__, getattr(exc, "pos_in_stream", None), getattr(token, "type", None))


def body(text: str) -> str:
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4) + 5
        return "\n" * text[:end].count("\n") + text[end:]
    return text


def test_same_trees_on_the_real_maps():
    reference, ours = parsers()
    for path in sorted(MAPS.glob("*.map")):
        text = body(path.read_text(encoding="utf-8"))
        assert outcome(ours, text) == outcome(reference, text), path.name


def test_same_errors_on_the_case_files():
    reference, ours = parsers()
    for path in sorted(CASES.glob("*.map")):
        try:
            text = body(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue
        assert outcome(ours, text) == outcome(reference, text), path.name


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS + [" en", " at", " claim", " pro", ' "x"', " issue q", " stance"]), max_size=30))
def test_same_outcome_on_random_fragments(parts):
    reference, ours = parsers()
    text = "".join(parts).replace("---\n", "").replace("\xff", "")
    assert outcome(ours, text) == outcome(reference, text)
