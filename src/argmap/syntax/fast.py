"""Whole statements of the common shapes, read with a few patterns.

Most statements of a large map are plain: `premise p1 "…" { supports c1 }`,
`a supports b`, a node with a few attributes, tags and stances. For those the
LALR loop (`syntax/drive.py`) spends some fourteen tokens, a dozen
reductions and as many callbacks; here one pattern reads the head and one
each entry, and the CST objects are made directly, the very objects the
callbacks in `syntax/transform.py` make.

The loop asks for a statement only where the grammar takes one next, with
the statement's first word already read as the keyword (or id) the lexer
makes of it there, so every word after it is read as the lexer reads it in
that place: after `supports` or `stance`, any word is an id; in a block,
the entry keywords are keywords. Anything else — a comment, an escape or a
long string, a joint or path target, a relation's own block — is not
matched (`None`), and the LALR loop reads that statement token by token
(and the plain nodes nested in it whole). `tests/test_drive.py` holds the
result to lark's own parse.
"""

from __future__ import annotations

import re

from argmap.source import Span
from argmap.syntax.cst import Attr, NodeDecl, Qualifier, Ref, Relation, RelationStmt, Stance, Tag, Target, Text, Tok
from argmap.syntax.words import ESCAPE, ESCAPES

_ID = r"[^\W\d]\w*"
# A string, with no escape but those that have a meaning (any other is an
# error the LALR loop reports); not the start of a long string (`"""`).
_STRING = r'"(?!"")(?:[^"\\\n]|\\[\\"nt])*"'
_REL = r"supports|attacks|undercuts|same_as|contradicts"

_HEAD = re.compile(
    rf"(thesis|claim|premise|evidence|counterpoint|rebuttal|recommendation)\s+({_ID})\s*({_STRING})(\s*\{{)?"
)
_ENTRY = re.compile(
    rf"""\s*(?:
        (?P<rel>{_REL})\s+(?P<first>{_ID})(?:\s*:\s*(?P<second>{_ID}))?
      | (?P<key>en|at|quote|source|note|speaker|title|scheme)\s*(?P<text>{_STRING})
      | (?P<tag>\#[^\W\d][\w\-]*)
      | (?P<stance>stance)\s+(?P<issue>{_ID})\s+(?P<value>pro|con|mixed)(?!\w)
      | (?P<close>\}})
      | (?P<kind>thesis|claim|premise|evidence|counterpoint|rebuttal|recommendation)(?=\s)
    )""",
    re.VERBOSE,
)
_MORE_TARGET = re.compile(rf"\s*,\s*({_ID})(?:\s*:\s*({_ID}))?")
_QUALIFIER = re.compile(rf"\s+(when|if)\s*({_STRING})")
_STATEMENT = re.compile(rf"({_ID})\s+({_REL})\s+({_ID})(?:\s*:\s*({_ID}))?")
# What may not follow a statement's last target (or a node's text) for it to
# be whole: more targets, a joint source or a path (`+`, `->`), the
# relation's block, or a comment that may stand before any of them.
_GOES_ON = re.compile(r"\s*[,+{:/-]")

_new = tuple.__new__

# How a statement read here may end, as terminals from the top level: the
# parse loop reads the next word in the state after the last of them.
LAST_TOKENS = {
    "text": ["THESIS", "ID", "STRING"],
    "body": ["THESIS", "ID", "STRING", "LBRACE", "TAG", "RBRACE"],
    "empty": ["THESIS", "ID", "STRING", "LBRACE", "RBRACE"],
    "ref": ["ID", "REL_KIND", "ID"],
    "qualified": ["ID", "REL_KIND", "ID", "COLON", "ID"],
}


def _target(source, s1: int, e1: int, second, s2: int, e2: int) -> Target:
    """`id` or `map:id` as a target of one group of one ref."""
    first = Tok(source.text[s1:e1], _new(Span, (source, s1, e1)))
    if second is None:
        return Target([[Ref(first, None, first.span)]], first.span)
    span = _new(Span, (source, s1, e2))
    return Target([[Ref(Tok(second, _new(Span, (source, s2, e2))), first, span)]], span)


def _more_targets(text: str, source, targets: list, pos: int) -> int:
    """Reads `, target` after the first; returns where they end."""
    more = _MORE_TARGET.match(text, pos)
    while more is not None:
        targets.append(_target(source, more.start(1), more.end(1), more.group(2), more.start(2), more.end(2)))
        pos = more.end()
        more = _MORE_TARGET.match(text, pos)
    return pos


def _text(source, start: int, end: int) -> Text:
    raw = source.text[start:end]
    inner = raw[1:-1]
    if "\\" in inner:
        inner = ESCAPE.sub(_escaped, inner)
    return Text(raw, inner, _new(Span, (source, start, end)))


def _escaped(match) -> str:
    return ESCAPES[match.group(1)]


def _tok(source, start: int, end: int) -> Tok:
    return Tok(source.text[start:end], _new(Span, (source, start, end)))


# Nodes nested deeper than this are left to the LALR loop, which reads any
# depth without recursion (and `transform.build` bounds it).
MAX_DEPTH = 32


def node(text: str, source, pos: int, depth: int = 0):
    """(NodeDecl, end, how it ends) for a plain node declaration starting at
    pos, with plain nodes nested in it, or None."""
    head = _HEAD.match(text, pos)
    if head is None:
        return None
    kind, ident = _tok(source, pos, head.end(1)), _tok(source, head.start(2), head.end(2))
    body = _text(source, head.start(3), head.end(3))
    if head.group(4) is None:
        if _GOES_ON.match(text, head.end()) is not None:
            return None
        return NodeDecl(kind, ident, body, None, _new(Span, (source, pos, head.end(3)))), head.end(3), "text"
    entries: list = []
    end = head.end()
    while True:
        entry = _ENTRY.match(text, end)
        if entry is None:
            return None
        group = entry.lastgroup
        end = entry.end()
        if group == "close":
            return NodeDecl(kind, ident, body, entries, _new(Span, (source, pos, end))), end, "body" if entries else "empty"
        if group == "first" or group == "second":
            start = entry.start("rel")
            targets = [_target(source, entry.start("first"), entry.end("first"), entry.group("second"),
                               entry.start("second"), entry.end("second"))]
            end = _more_targets(text, source, targets, end)
            entries.append(Relation(_tok(source, start, entry.end("rel")), targets, _new(Span, (source, start, targets[-1].span.end))))
        elif group == "text":
            start = entry.start("key")
            entries.append(Attr(_tok(source, start, entry.end("key")), _text(source, entry.start("text"), end),
                                _new(Span, (source, start, end))))
        elif group == "tag":
            entries.append(Tag(_tok(source, entry.start("tag"), end)))
        elif group == "kind":
            inner = node(text, source, entry.start("kind"), depth + 1) if depth < MAX_DEPTH else None
            if inner is None:
                return None
            entries.append(inner[0])
            end = inner[1]
        else:  # a stance, and its qualifiers
            start = entry.start("stance")
            qualifiers = []
            more = _QUALIFIER.match(text, end)
            while more is not None:
                qualifiers.append(Qualifier(_tok(source, more.start(1), more.end(1)), _text(source, more.start(2), more.end(2)),
                                            _new(Span, (source, more.start(1), more.end()))))
                end = more.end()
                more = _QUALIFIER.match(text, end)
            entries.append(Stance(_tok(source, entry.start("issue"), entry.end("issue")),
                                  _tok(source, entry.start("value"), entry.end("value")), _new(Span, (source, start, end)), qualifiers))


def relation_stmt(text: str, source, pos: int):
    """(RelationStmt, end, how it ends) for `a supports b` (one source, no label, plain
    targets, no block) starting at pos, or None."""
    match = _STATEMENT.match(text, pos)
    if match is None:
        return None
    targets = [_target(source, match.start(3), match.end(3), match.group(4), match.start(4), match.end(4))]
    end = _more_targets(text, source, targets, match.end())
    if _GOES_ON.match(text, end) is not None:
        return None
    rel_start = match.start(2)
    relation = Relation(_tok(source, rel_start, match.end(2)), targets, _new(Span, (source, rel_start, end)))
    last = "ref" if targets[-1].ref.map is None else "qualified"
    return RelationStmt(_tok(source, pos, match.end(1)), relation, _new(Span, (source, pos, end))), end, last
