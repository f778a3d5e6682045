"""Lark parse tree → CST, with comments and blank lines placed as entries."""

from __future__ import annotations

import re

from argmap import diagnostics as D
from argmap.source import SourceFile
from argmap.syntax import cst

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}
_ESCAPE_RE = re.compile(r"\\(.)", re.S)
_FOLD_RE = re.compile(r"\s*\n\s*")


class Builder:
    def __init__(self, source: SourceFile):
        self.source = source
        self.diagnostics: list[D.Diagnostic] = []

    # --- leaves ---------------------------------------------------------------

    def tok(self, token) -> cst.Tok:
        return cst.Tok(str(token), self.source.span(token.start_pos, token.end_pos))

    def span(self, tree):
        return self.source.span(tree.meta.start_pos, tree.meta.end_pos)

    def text(self, tree) -> cst.Text:
        token = tree.children[0]
        raw = str(token)
        if token.type == "LONG_STRING":
            inner, offset = raw[3:-3], token.start_pos + 3
        else:
            inner, offset = raw[1:-1], token.start_pos + 1

        def unescape(match):
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

        value = _ESCAPE_RE.sub(unescape, inner)
        if token.type == "LONG_STRING":
            value = _FOLD_RE.sub(" ", value).strip()
        return cst.Text(raw, value, self.source.span(token.start_pos, token.end_pos))

    # --- rules ----------------------------------------------------------------

    def ref(self, tree) -> cst.Ref:
        if tree.data == "qualified_ref":
            return cst.Ref(self.tok(tree.children[1]), self.tok(tree.children[0]), self.span(tree))
        return cst.Ref(self.tok(tree.children[0]), None, self.span(tree))

    def target(self, tree) -> cst.Target:
        if tree.data == "edge":
            return cst.Target(self.ref(tree.children[0]), self.ref(tree.children[1]), self.span(tree))
        return cst.Target(self.ref(tree.children[0]), None, self.span(tree))

    def relation(self, tree) -> cst.Relation:
        kind, *targets = tree.children
        return cst.Relation(self.tok(kind), [self.target(t) for t in targets], self.span(tree))

    def entry(self, child):
        if not hasattr(child, "data"):  # a TAG token
            return cst.Tag(self.tok(child))
        if child.data == "attr":
            return cst.Attr(self.tok(child.children[0]), self.text(child.children[1]), self.span(child))
        if child.data == "relation":
            return self.relation(child)
        if child.data == "stance":
            return cst.Stance(self.tok(child.children[0]), self.tok(child.children[1]), self.span(child))
        if child.data == "node":
            return self.node(child)
        raise AssertionError(f"unexpected rule {child.data}")

    def node(self, tree) -> cst.NodeDecl:
        kind_tree, ident, text, *rest = tree.children
        entries = [self.entry(c) for c in rest[0].children] if rest else None
        return cst.NodeDecl(self.tok(kind_tree.children[0]), self.tok(ident), self.text(text), entries, self.span(tree))

    def item(self, tree):
        if tree.data == "node":
            return self.node(tree)
        if tree.data == "relation_stmt":
            return cst.RelationStmt(self.tok(tree.children[0]), self.relation(tree.children[1]), self.span(tree))
        if tree.data == "issue_decl":
            ident, text, *rest = tree.children
            entries = [self.entry(c) for c in rest[0].children] if rest else None
            return cst.IssueDecl(self.tok(ident), self.text(text), entries, self.span(tree))
        raise AssertionError(f"unexpected rule {tree.data}")


def build(source: SourceFile, tree, comment_tokens, front_matter) -> tuple[cst.Document, list[D.Diagnostic]]:
    builder = Builder(source)
    items = [builder.item(child) for child in tree.children]
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
    return cst.Document(source, front_matter, items, comments), builder.diagnostics


def _place(source, entries, comments):
    """Insert each comment into the innermost block that contains it."""
    if not comments:
        return entries
    out = list(entries)
    for entry in entries:
        inner = getattr(entry, "entries", None)
        if inner is not None:
            mine = [c for c in comments if entry.span.start <= c.span.start < entry.span.end]
            if mine:
                entry.entries = _place(source, inner, mine)
                comments = [c for c in comments if c not in mine]
    out.extend(comments)
    out.sort(key=lambda e: e.span.start)
    for entry in out:
        if getattr(entry, "entries", None) is not None:
            entry.entries = _with_blanks(source, entry.entries, None)
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
