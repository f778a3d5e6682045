"""Rule callbacks → CST, with comments and blank lines placed as entries.

The callbacks run inside the LALR parse (argmap's loop, `syntax/drive.py`,
or lark's own in tree-less mode): each rule's callback receives its
children and returns a CST object, so no parse tree is built and no
positions are propagated; spans come from the first and last tokens, which
is why braces and the `stance`/`issue` keywords are named terminals in the
grammar. `Callbacks` does not need lark; `lark_builder` makes the same
callbacks into the Transformer lark's own loop takes.
"""

from __future__ import annotations

import re

from argmap import diagnostics as D
from argmap.source import SourceFile
from argmap.syntax import cst
from argmap.syntax.words import ESCAPE as _ESCAPE_RE
from argmap.syntax.words import ESCAPES as _ESCAPES

_FOLD_RE = re.compile(r"\s*\n\s*")


def _wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in ("W", "F")


def _fold(match) -> str:
    """A line break inside a long string: a space between words, nothing
    between two CJK characters (Chinese and Japanese put no space there)."""
    text, start, end = match.string, match.start(), match.end()
    if 0 < start and end < len(text) and _wide(text[start - 1]) and _wide(text[end]):
        return ""
    return " "


class Callbacks:
    """One callback per rule, named for it. One instance lives in the cached
    parser; `reset` points it at a file."""

    def __init__(self):
        self.source: SourceFile | None = None
        self.diagnostics: list[D.Diagnostic] = []

    def reset(self, source: SourceFile) -> None:
        self.source = source
        self.diagnostics = []

    def _tok(self, token) -> cst.Tok:
        return cst.Tok(str(token), self.source.span(token.start_pos, token.end_pos))

    def _span(self, first, last):
        start = first.start_pos if hasattr(first, "start_pos") else first.span.start
        end = last.end_pos if hasattr(last, "end_pos") else last.span.end
        return self.source.span(start, end)

    # --- rules ------------------------------------------------------------------

    def text(self, children) -> cst.Text:
        token = children[0]
        raw = str(token)
        long = token.type == "LONG_STRING"
        inner, offset = (raw[3:-3], token.start_pos + 3) if long else (raw[1:-1], token.start_pos + 1)
        if "\\" in inner:
            inner = _ESCAPE_RE.sub(lambda m: self._unescape(m, offset), inner)
        if long:
            inner = _FOLD_RE.sub(_fold, inner.strip())
        return cst.Text(raw, inner, self.source.span(token.start_pos, token.end_pos))

    def _unescape(self, match, offset: int) -> str:
        ch = match.group(1)
        if ch in _ESCAPES:
            return _ESCAPES[ch]
        start = offset + match.start()
        self.diagnostics.append(
            D.Diagnostic(
                D.BAD_ESCAPE,
                f"unknown escape `\\{ch}` in a string",
                self.source.span(start, start + 2),
                hint='the escapes are \\" \\\\ \\n \\t; write \\\\ for a backslash',
            )
        )
        return ch

    def kind(self, children):
        return children[0]

    def ref(self, children) -> cst.Ref:
        return cst.Ref(self._tok(children[0]), None, self._span(children[0], children[0]))

    def qualified_ref(self, children) -> cst.Ref:
        return cst.Ref(self._tok(children[1]), self._tok(children[0]), self._span(children[0], children[1]))

    def group(self, children) -> list:
        return children

    def target(self, children) -> cst.Target:
        return cst.Target(children, self._span(children[0][0], children[-1][-1]))

    def relation(self, children) -> cst.Relation:
        entries, last = None, children[-1]
        if isinstance(last, tuple):  # the attribute block
            children, (entries, last) = children[:-1], last
        return cst.Relation(self._tok(children[0]), children[1:], self._span(children[0], last), entries)

    def relation_body(self, children):
        return (self._entries(children[1:-1]), children[-1])

    def label(self, children):
        return ("label", children[0])

    def sources(self, children) -> list:
        return children

    def attr(self, children) -> cst.Attr:
        return cst.Attr(self._tok(children[0]), children[1], self._span(children[0], children[1]))

    def qualifier(self, children) -> cst.Qualifier:
        return cst.Qualifier(self._tok(children[0]), children[1], self._span(children[0], children[1]))

    def stance(self, children) -> cst.Stance:
        qualifiers = children[3:]
        return cst.Stance(
            self._tok(children[1]), self._tok(children[2]), self._span(children[0], children[-1]), qualifiers
        )

    def _entries(self, children):
        return [cst.Tag(self._tok(c)) if getattr(c, "type", None) == "TAG" else c for c in children]

    def body(self, children):
        return (self._entries(children[1:-1]), children[-1])

    issue_body = body

    def node(self, children) -> cst.NodeDecl:
        kind, ident, text, *rest = children
        entries, last = rest[0] if rest else (None, text)
        return cst.NodeDecl(self._tok(kind), self._tok(ident), text, entries, self._span(kind, last))

    def relation_stmt(self, children) -> cst.RelationStmt:
        label = children[0][1] if isinstance(children[0], tuple) else None
        sources, relation = children[-2], children[-1]
        first = label if label is not None else sources[0]
        return cst.RelationStmt(
            self._tok(sources[0]), relation, self._span(first, relation),
            joint=[self._tok(t) for t in sources[1:]], label=self._tok(label) if label is not None else None,
        )

    def issue_decl(self, children) -> cst.IssueDecl:
        keyword, ident, text, *rest = children
        entries, last = rest[0] if rest else (None, text)
        return cst.IssueDecl(self._tok(ident), text, entries, self._span(keyword, last))

    def start(self, children):
        return children


def lark_builder() -> Callbacks:
    """The callbacks as the Transformer that lark's parser takes (only to
    locate a syntax error, or where the shipped tables do not apply)."""
    from lark import Transformer

    class Builder(Callbacks, Transformer):
        def __init__(self):
            Transformer.__init__(self, visit_tokens=False)
            Callbacks.__init__(self)

    return Builder()


# Blocks nest at most this deep (docs/language.md, "Limits"). Real maps nest
# a handful of levels; the bound keeps every later pass (format, render, diff)
# far from Python's recursion limit whatever they do with the tree.
MAX_NESTING = 200


def build(source: SourceFile, items, comment_tokens, front_matter, diagnostics) -> tuple[cst.Document | None, list[D.Diagnostic]]:
    too_deep = _too_deep(source, items)
    if too_deep is not None:
        return None, [too_deep]
    comments = [
        cst.Comment(
            str(tok).rstrip(),
            source.span(tok.start_pos, tok.end_pos),
            trailing=bool(source.text[source.offset(tok.line) : tok.start_pos].strip()),
        )
        for tok in comment_tokens
    ]
    body_start = front_matter.body_start if front_matter else 0
    items = _place(source, items, comments)
    items = _with_blanks(source, items, body_start)
    return cst.Document(source, front_matter, items, comments), diagnostics


def _too_deep(source: SourceFile, items) -> D.Diagnostic | None:
    """A diagnostic on the first block nested deeper than MAX_NESTING, if any."""
    stack = [(entry, 1) for entry in reversed(items)]
    while stack:
        entry, depth = stack.pop()
        inner = getattr(entry, "entries", None)
        if inner is None:
            continue
        if depth > MAX_NESTING:
            head = getattr(entry, "id", None)
            span = head.span if head is not None else source.span(entry.span.start, entry.span.start + 1)
            return D.Diagnostic(
                D.NESTING_TOO_DEEP,
                f"blocks nest more than {MAX_NESTING} levels deep here",
                span,
                hint="write the deeper nodes at the top level and relate them with `supports ID` or `attacks ID`",
            )
        stack.extend((child, depth + 1) for child in reversed(inner))
    return None


def _place(source, entries, comments):
    """Insert each comment into the innermost block that contains it.

    Iterative, and each comment is found by bisection: a recursive walk that
    filtered the comment list per block hit the recursion limit on deep
    nesting and took time quadratic in the number of comments.
    """
    import bisect

    if not comments:
        return entries
    comments = sorted(comments, key=lambda c: c.span.start)
    starts = [c.span.start for c in comments]
    # Frames in pre-order: (entries, comments [lo, hi) inside them, owner).
    frames, todo = [], [(entries, 0, len(comments), None)]
    while todo:
        items, lo, hi, owner = todo.pop()
        taken = []
        for entry in items:
            if getattr(entry, "entries", None) is None:
                continue
            a = bisect.bisect_left(starts, entry.span.start, lo, hi)
            b = bisect.bisect_left(starts, entry.span.end, a, hi)
            if a < b:
                taken.append((a, b))
                todo.append((entry.entries, a, b, entry))
        frames.append((items, lo, hi, owner, taken))
    out = entries
    # The blocks that hold a comment get their blank lines as entries too;
    # any other block is left as a file without comments leaves it.
    holders = {id(owner) for _, _, _, owner, _ in frames if owner is not None}
    # Children before their parents, as the recursion did: a block's own
    # comments are in place before its parent adds its blank lines.
    for items, lo, hi, owner, taken in reversed(frames):
        loose, at = [], lo
        for a, b in sorted(taken):
            loose.extend(comments[at:a])
            at = b
        loose.extend(comments[at:hi])
        out = list(items) + loose
        out.sort(key=lambda e: e.span.start)
        for entry in out:
            if id(entry) in holders:
                entry.entries = _with_blanks(source, entry.entries, None)
        if owner is not None:
            owner.entries = out
    return out


def _with_blanks(source, entries, start):
    """Insert a Blank wherever an empty line separates two entries."""
    out = []
    # At the top of a document `start` is the beginning of a line (after the
    # front matter), so one newline already makes a blank line there.
    prev_end = start if start else None
    needed = 1
    for entry in entries:
        if isinstance(entry, cst.Blank):
            continue
        if prev_end is not None:
            gap = source.text[prev_end : entry.span.start]
            if gap.count("\n") >= needed:
                first_nl = gap.index("\n") + 1 if needed == 2 else 0
                out.append(cst.Blank(source.span(prev_end + first_nl, entry.span.start)))
        out.append(entry)
        prev_end = entry.span.end
        needed = 2
    return out
