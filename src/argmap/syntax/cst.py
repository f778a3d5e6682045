"""The concrete syntax tree: lossless nodes that `fmt` prints back.

Every element keeps its span; comments and blank lines are entries of the
list they stand in, in source order, like tomlkit's trivia.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from argmap.source import SourceFile, Span


@dataclass
class Tok:
    value: str
    span: Span


@dataclass
class Comment:
    text: str  # including the leading //
    span: Span
    trailing: bool  # stands after code on the same line


@dataclass
class Blank:
    """One or more blank lines between two entries."""

    span: Span


@dataclass
class Text:
    raw: str  # as written, quotes included
    value: str  # decoded
    span: Span


@dataclass
class Ref:
    node: Tok
    map: Tok | None
    span: Span


@dataclass
class Target:
    ref: Ref
    to: Ref | None  # set for an edge `from -> to`
    span: Span


@dataclass
class Relation:
    kind: Tok
    targets: list[Target]
    span: Span


@dataclass
class Attr:
    key: Tok
    text: Text
    span: Span


@dataclass
class Tag:
    tok: Tok

    @property
    def span(self) -> Span:
        return self.tok.span


@dataclass
class Stance:
    issue: Tok
    value: Tok
    span: Span
    qualifiers: list["Qualifier"] = field(default_factory=list)


@dataclass
class Qualifier:
    keyword: Tok  # `when` (scope or period) or `if` (condition)
    text: "Text"
    span: Span


@dataclass
class NodeDecl:
    kind: Tok
    id: Tok
    text: Text
    entries: list["Entry"] | None  # None: written without a block
    span: Span


@dataclass
class RelationStmt:
    source: Tok
    relation: Relation
    span: Span


@dataclass
class IssueDecl:
    id: Tok
    text: Text
    entries: list["Entry"] | None
    span: Span


Entry = Union[Attr, Tag, Relation, Stance, NodeDecl, Comment, Blank]
Item = Union[NodeDecl, RelationStmt, IssueDecl, Comment, Blank]


@dataclass
class Document:
    source: SourceFile
    front_matter: object | None  # frontmatter.FrontMatter
    items: list[Item] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
