"""The LALR loop over lark's own tables, fused with the scanner.

Lark's parser pays, for every token, a generator step of the lexer, a
`Token` object with eleven fields, a method call into the parser state, and
a dictionary lookup of the rule object (hashing it) to find its callback:
on a 10,000-statement map that was most of the parse. This loop runs the
same tables and the same rule callbacks (so the CST is the same, object for
object) with the scanner inline, tokens as small slotted objects and the
reductions precomputed. The tables ship with the package as plain data
(`parser_tables.DRIVE`, made from lark's by `table_of`): a valid map is
parsed without importing lark at all, a tenth of a small map's run.

It only ever parses text that is valid: at the first token the tables do
not take, or a character the scanner does not know, it gives up (returns
`FAILED`) and the caller parses the text again with lark's own loop, which
raises the located error that `syntax/errors.py` reads. The keyword rules
are the lexer's (`syntax/lexer.py`); a test holds both loops to the same
trees on every map in the repository.
"""

from __future__ import annotations

import re
from functools import lru_cache

from argmap.syntax import fast
from argmap.syntax.words import KEYWORDS, PUNCTUATION, SCAN

FAILED = object()


class Comment(str):
    """A comment as the callbacks and `transform.build` read it, what
    lark's lexer makes of one (a Token, without lark)."""

    type = "COMMENT"


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


def table_of(lark_parser) -> dict | None:
    """A lark parser's LALR table and rules in the plain form the package
    ships (`parser_tables.DRIVE`): the start and end states; each rule as
    [its name, its length, the callback that makes it (None for a rule its
    parent takes in place: `_item`, `rule*`), and lark's filter of its
    children ([index, inlined] pairs; None: all, as they are)]; and each
    state's actions, a state to shift to (a number ≥ 0) or ~ the rule to
    reduce by. None when a callback is not one the loop can make."""
    from lark.parsers.lalr_analysis import Shift

    from argmap.syntax.transform import Callbacks

    inner = lark_parser.parser.parser.parser
    table, callbacks = inner.parse_table, inner.callbacks
    rules, index = [], {}
    for rule, callback in callbacks.items():
        if isinstance(rule, str):
            return None  # a terminal with a callback of its own: only lark's loop applies it
        name = str(rule.alias or rule.options.template_source or rule.origin.name)  # lark's names may be Tokens
        inlined = rule.origin.name.startswith("_")
        if not inlined and not hasattr(Callbacks, name) or rule.options.expand1:
            return None
        to_include = getattr(callback, "to_include", None)
        index[rule] = len(rules)
        rules.append([str(rule.origin.name), len(rule.expansion), None if inlined else name,
                      None if to_include is None else [[i, bool(expand)] for i, expand in to_include]])
    states = {
        state: {str(symbol): arg if action is Shift else ~index[arg] for symbol, (action, arg) in row.items()}
        for state, row in table.states.items()
    }
    return {"start": table.start_states["start"], "end": table.end_states["start"], "rules": rules, "states": states}


def _table() -> dict | None:
    """The shipped table when it was made from this grammar, else the one
    of lark's parser built from the grammar (slower to get: lark is
    imported and the tables built)."""
    from argmap.syntax import parser, parser_tables

    if getattr(parser_tables, "DRIVE_GRAMMAR_SHA256", None) == parser.grammar_digest(parser.grammar_text()):
        return parser_tables.DRIVE
    return table_of(parser.parser()[0])


def prepare(rules) -> None:
    """Build the loop's tables for these callbacks now (before forking workers)."""
    _tables(rules)


@lru_cache(maxsize=4)
def _tables(rules):
    """(actions by state, start state, end state, the rows after a whole
    statement, the state after top-level items) with every reduction as
    (size, callback, the rule's name), the callbacks those of `rules`; or
    None when the loop cannot run these tables (then lark's loop parses)."""
    table = _table()
    if table is None:
        return None
    reductions = [(size, _reduction(rules, name, to_include), origin) for origin, size, name, to_include in table["rules"]]
    actions: dict[int, dict[str, tuple]] = {
        state: {symbol: (arg,) if arg >= 0 else reductions[~arg] for symbol, arg in row.items()}
        for state, row in table["states"].items()
    }
    start = table["start"]
    after = {last: actions[_state_after(actions, start, kinds)] for last, kinds in fast.LAST_TOKENS.items()}
    # The state after one or more top-level statements (`start: _item*`).
    star = next((step[0] for symbol, step in actions[start].items() if symbol.startswith("__start_star")), None)
    return actions, start, table["end"], after, star


class _Run(list):
    """The children of a rule that its parent takes in place of it (lark's
    `_rule` and `rule*`), which lark makes a Tree for, only for the parent
    to splice its children in: a list, without the Tree, the callback
    wrapper and the name lookup, on every statement."""

    __slots__ = ()


def _reduction(rules, name, to_include):
    """What a rule reduces to, as lark's callback for it does: the rule's
    callback on its children, filtered and with inlined rules spliced in;
    for a rule its parent inlines (no name), the same children as a _Run."""
    if name is not None:
        method = getattr(rules, name)
        if to_include is None:
            return method
        pairs = [(i, expand) for i, expand in to_include]

        def filtered(children):
            kept = []
            for i, expand in pairs:
                if expand:
                    kept += children[i]
                else:
                    kept.append(children[i])
            return method(kept)
        return filtered
    if to_include is None:  # no filter: every child is kept as it is
        return _Run
    if to_include == [[0, True], [1, True]]:  # `rule*` going on: `_star item`
        def more(children):
            run = children[0]
            run += children[1]
            return run
        return more
    if to_include == [[0, True]]:  # `rule*` starting: `_star → item`
        return lambda children: children[0]
    pairs = [(i, expand) for i, expand in to_include]

    def reduce(children):
        run = _Run()
        for i, expand in pairs:
            if expand:
                run += children[i]
            else:
                run.append(children[i])
        return run
    return reduce


def _state_after(actions, state: int, kinds: list[str]) -> int:
    """The state the tables are in right after shifting the last of these
    terminals from `state` (the LALR state after a given token is the same
    wherever it stands: one state per core)."""
    states = [state]
    for i, kind in enumerate(kinds):
        while True:
            step = actions[states[-1]][kind]
            if len(step) == 1:
                states.append(step[0])
                break
            size, _, origin = step
            if size:
                del states[-size:]
            states.append(actions[states[-1]][origin][0])
    return states[-1]


# The terminals a statement `syntax/fast.py` reads may start with, and the
# rule it stands for.
_STATEMENTS = {
    **{k.upper(): ("node", fast.node) for k in ("thesis", "claim", "premise", "evidence", "counterpoint", "rebuttal", "recommendation")},
    "ID": ("relation_stmt", fast.relation_stmt),
}


_SPACE = re.compile(r"\s*")
_WORD = re.compile(r"[^\W\d]\w*")  # the lexer's WORD


def _read_on(text: str, source, pos: int, states: list, values: list, lex_row: dict, star_row: dict, after: dict,
             note=None):
    """After a top-level statement read whole, the plain statements that
    follow it, each read whole too: what the loop does for each (the next
    word lexed, the statement before it reduced into the run of items, the
    new one read) without the loop, and the comments between them (to
    `note`, as the loop passes them). Stops before anything else (an issue,
    a statement not plain), which the loop then reads; returns where, and
    the lexer's row there."""
    space, word = _SPACE.match, _WORD.match
    keywords, statements = KEYWORDS, _STATEMENTS
    run = values[0]  # states hold one more: the start
    end = len(text)
    while True:
        start = space(text, pos).end()
        if start >= end:
            return pos, lex_row
        if text.startswith("//", start) and note is not None:
            pos = text.find("\n", start)
            if pos < 0:
                pos = end
            note(start, pos)  # a comment leaves the lexer's row as it was
            continue
        found = word(text, start)
        if found is None:
            return pos, lex_row
        kind = keywords.get(found.group())
        if kind is None:
            kind = "ID"
        elif kind not in lex_row and "ID" in lex_row:
            kind = "ID"
        statement = statements.get(kind)
        if statement is None:
            return pos, lex_row
        made = statement[1](text, source, start)
        if made is None:
            return pos, lex_row
        run.append(values[1])  # `_item -> node`, `_star -> _star _item`
        values[1] = made[0]
        states[2] = star_row[statement[0]][0]
        pos = made[1]
        lex_row = after[made[2]]


def parse(rules, text: str, comment_sink, source=None):
    """What the callbacks of `rules` (transform.Callbacks) make of a valid
    text, or FAILED. Given the source, plain statements are read whole
    (`syntax/fast.py`)."""
    tables = _tables(rules)
    if tables is None:
        return FAILED
    actions, start_state, end_state, after, star = tables

    states = [start_state]
    values: list = []
    scan = SCAN.match
    keywords, punctuation = KEYWORDS, PUNCTUATION
    statements = _STATEMENTS if source is not None else {}
    pos, end = 0, len(text)
    counted = [0, 1]  # where lines were counted to, and the line there

    def note(start: int, stop: int) -> None:
        # As the lexer does: comment lines counted on from the last one.
        counted[1] += text.count("\n", counted[0], start)
        counted[0] = start
        comment = Comment(text[start:stop])
        comment.start_pos, comment.end_pos, comment.line = start, stop, counted[1]
        comment_sink(comment)

    # After a statement read whole, the word that follows is read as the
    # lexer reads it after that statement's last token (LALR merges the
    # lookaheads of every place a node can stand: after a node's text the
    # lexer takes `supports` for a keyword even at the top level).
    lex_row = None
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
                    row = actions[states[-1]] if lex_row is None else lex_row
                    kind = keyword if keyword in row else "ID"
                    if kind == "ID" and "ID" not in row:
                        kind = keyword
            elif kind == "PUNCT":
                kind = punctuation[value]
            elif kind == "COMMENT":
                if comment_sink is not None:
                    note(start, pos)
                continue
            token = Tok(kind, value, start, pos)
            lex_row = None
        else:
            kind, token = "$END", None
        while True:
            step = actions[states[-1]].get(kind)
            if step is None:
                return FAILED
            if len(step) == 1:
                if token is None:
                    return FAILED  # lark asserts the end is never shifted
                statement = statements.get(kind)
                if statement is not None:
                    # Where the grammar takes the whole statement next, a
                    # plain one is read at once and stands for the rule's
                    # result, as if its tokens had been shifted and reduced.
                    goto = actions[states[-1]].get(statement[0])
                    made = statement[1](text, source, token.start_pos) if goto is not None else None
                    if made is not None:
                        states.append(goto[0])
                        values.append(made[0])
                        pos = made[1]
                        lex_row = after[made[2]]
                        if len(states) == 3 and states[1] == star:
                            pos, lex_row = _read_on(text, source, pos, states, values, lex_row, actions[star], after,
                                                    note if comment_sink is not None else None)
                        break
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
