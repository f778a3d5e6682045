"""The LALR loop over lark's own tables, fused with the scanner.

Lark's parser pays, for every token, a generator step of the lexer, a
`Token` object with eleven fields, a method call into the parser state, and
a dictionary lookup of the rule object (hashing it) to find its callback:
on a 10,000-statement map that was most of the parse. This loop runs the
same tables and the same rule callbacks (so the CST is the same, object for
object) with the scanner inline, tokens as small slotted objects and the
reductions precomputed.

It only ever parses text that is valid: at the first token the tables do
not take, or a character the scanner does not know, it gives up (returns
`FAILED`) and the caller parses the text again with lark's own loop, which
raises the located error that `syntax/errors.py` reads. The keyword rules
are the lexer's (`syntax/lexer.py`); a test holds both loops to the same
trees on every map in the repository.
"""

from __future__ import annotations

from functools import lru_cache

from argmap.syntax.lexer import _SCAN, KEYWORDS, PUNCTUATION

FAILED = object()


class Tok:
    """What the rule callbacks read of a token (`syntax/transform.py`)."""

    __slots__ = ("type", "value", "start_pos", "end_pos")

    def __init__(self, type_: str, value: str, start: int, end: int) -> None:
        self.type = type_
        self.value = value
        self.start_pos = start
        self.end_pos = end

    def __str__(self) -> str:
        return self.value


@lru_cache(maxsize=4)
def _tables(lark_parser):
    """(actions by state, start state, end state) with every reduction as
    (size, callback, the rule's name), or None when a terminal has a
    callback of its own (then only lark's loop applies it)."""
    from lark.parsers.lalr_analysis import Shift

    inner = lark_parser.parser.parser.parser
    table, callbacks = inner.parse_table, inner.callbacks
    if any(isinstance(key, str) for key in callbacks):
        return None
    actions: dict[int, dict[str, tuple]] = {}
    for state, row in table.states.items():
        out = {}
        for symbol, (action, arg) in row.items():
            if action is Shift:
                out[symbol] = (arg,)
            else:
                out[symbol] = (len(arg.expansion), callbacks[arg], arg.origin.name)
        actions[state] = out
    return actions, table.start_states["start"], table.end_states["start"]


def parse(lark_parser, text: str, comment_sink):
    """The callbacks' result for a valid text, or FAILED."""
    tables = _tables(lark_parser)
    if tables is None:
        return FAILED
    actions, start_state, end_state = tables
    from lark import Token

    states = [start_state]
    values: list = []
    scan = _SCAN.match
    keywords, punctuation = KEYWORDS, PUNCTUATION
    pos, end = 0, len(text)
    counted_to, line_no = 0, 1
    while True:
        if pos < end:
            match = scan(text, pos)
            if match is None:
                return FAILED
            kind = match.lastgroup
            start, pos = pos, match.end()
            if kind == "WS":
                continue
            value = text[start:pos]
            if kind == "WORD":
                keyword = keywords.get(value)
                if keyword is None:
                    kind = "ID"
                else:
                    row = actions[states[-1]]
                    kind = keyword if keyword in row else "ID"
                    if kind == "ID" and "ID" not in row:
                        kind = keyword
            elif kind == "PUNCT":
                kind = punctuation[value]
            elif kind == "COMMENT":
                # As the lexer does: comment lines counted on from the last one.
                line_no += text.count("\n", counted_to, start)
                counted_to = start
                comment = Token("COMMENT", value, start, None, None, None, None, pos)
                comment.line = line_no
                if comment_sink is not None:
                    comment_sink(comment)
                continue
            token = Tok(kind, value, start, pos)
        else:
            kind, token = "$END", None
        while True:
            step = actions[states[-1]].get(kind)
            if step is None:
                return FAILED
            if len(step) == 1:
                if token is None:
                    return FAILED  # lark asserts the end is never shifted
                states.append(step[0])
                values.append(token)
                break
            size, callback, origin = step
            if size:
                children = values[-size:]
                del states[-size:]
                del values[-size:]
            else:
                children = []
            states.append(actions[states[-1]][origin][0])
            values.append(callback(children))
            if token is None and states[-1] == end_state:
                return values[-1]
