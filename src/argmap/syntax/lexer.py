"""A lexer for the LALR parser that reads the parser's state, like lark's
contextual lexer, but scans with one compiled pattern.

Lark's own lexers try terminal after terminal in Python for every token;
on a large corpus that was half of all the time spent. The language's
tokens are few: words (ids or keywords), strings, tags, comments and four
punctuation marks. A word is a keyword only where the parser can take that
keyword next, so `en`, `at` or `claim` remain usable as ids, exactly as
with lark's contextual lexer (the tests hold both to the same behaviour).
"""

from __future__ import annotations

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput
from lark.lexer import Lexer

from argmap.syntax.words import KEYWORDS, PUNCTUATION, SCAN


class ArgmapLexer(Lexer):
    __future_interface__ = 2
    comment_sink = None  # set by the parser module: called with each COMMENT token

    def __init__(self, lexer_conf):
        self.terminals_by_name = lexer_conf.terminals_by_name

    def lex(self, lexer_state, parser_state):
        text_slice = lexer_state.text
        text = text_slice.text
        pos, end = text_slice.start, text_slice.end
        states = parser_state.parse_conf.states
        scan = SCAN.match
        sink = self.comment_sink
        # Comment lines are counted on from the last comment, not from the
        # start of the text: counting from the start made a file of many
        # comments quadratic (100,000 comment lines took half a minute).
        counted_to, line_no = 0, 1
        while pos < end:
            match = scan(text, pos)
            if match is None:
                line = text.count("\n", 0, pos) + 1
                line_start = text.rfind("\n", 0, pos) + 1
                raise UnexpectedCharacters(
                    text,
                    pos,
                    line,
                    pos - line_start + 1,
                    allowed=accepts(parser_state),
                    state=parser_state,
                    terminals_by_name=self.terminals_by_name,
                )
            kind = match.lastgroup
            value = match.group()
            start, pos = pos, match.end()
            if kind == "WS":
                continue
            if kind == "WORD":
                keyword = KEYWORDS.get(value)
                kind = keyword if keyword is not None and keyword in states[parser_state.position] else "ID"
                if kind == "ID" and keyword is not None and "ID" not in states[parser_state.position]:
                    kind = keyword
            elif kind == "PUNCT":
                kind = PUNCTUATION[value]
            token = Token(kind, value, start, None, None, None, None, pos)
            if kind == "COMMENT":
                line_no += text.count("\n", counted_to, start)
                counted_to = start
                token.line = line_no
                if sink is not None:
                    sink(token)
                continue
            yield token


def accepts(parser_state) -> set[str]:
    """The terminals the parser can really take next.

    An LALR state's table also lists lookaheads of pending reductions that
    fail a step later; trying each on a copy of the state, as lark's
    interactive parser does, leaves only what would be accepted.
    """
    out = set()
    for name in parser_state.parse_conf.states[parser_state.position]:
        if not (name.isupper() or name == "$END"):
            continue  # a rule's goto entry, not a terminal
        trial = parser_state.copy(deepcopy_values=False)
        try:
            trial.feed_token(Token(name, ""), name == "$END")
        except UnexpectedInput:
            continue
        except Exception:  # noqa: BLE001 - a callback choking on an empty token still means "accepted"
            out.add(name)
            continue
        out.add(name)
    return out
