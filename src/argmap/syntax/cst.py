"""The concrete syntax tree: lossless nodes that `fmt` prints back.

Every element keeps its span; comments and blank lines are entries of the
list they stand in, in source order, like tomlkit's trivia.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from argmap.source import SourceFile, Span


@dataclass(slots=True)
class Tok:
    value: str
    span: Span


@dataclass(slots=True)
class Comment:
    text: str  # including the leading //
    span: Span
    trailing: bool  # stands after code on the same line


@dataclass(slots=True)
class Blank:
    """One or more blank lines between two entries."""

    span: Span


@dataclass(slots=True)
class Text:
    raw: str  # as written, quotes included
    value: str  # decoded
    span: Span


@dataclass(slots=True)
class Ref:
    node: Tok
    map: Tok | None
    span: Span


@dataclass(slots=True)
class Target:
    """A node (one group of one ref), or an inference named by its path:
    groups joined by `->`, each group one or more refs joined by `+`."""

    groups: list[list[Ref]]
    span: Span

    @property
    def ref(self) -> Ref:
        return self.groups[0][0]

    @property
    def is_path(self) -> bool:
        return len(self.groups) > 1 or len(self.groups[0]) > 1


@dataclass(slots=True)
class Relation:
    kind: Tok
    targets: list[Target]
    span: Span
    entries: list["Entry"] | None = None  # the inference's attribute block, if written


def ref_text(ref: Ref) -> str:
    return f"{ref.map.value}:{ref.node.value}" if ref.map is not None else ref.node.value


def target_text(target: Target) -> str:
    return " -> ".join(" + ".join(ref_text(r) for r in group) for group in target.groups)


def relation_text(rel: Relation) -> str:
    """The relation as `fmt` writes it, without its block."""
    return f"{rel.kind.value} {', '.join(target_text(t) for t in rel.targets)}"


@dataclass(slots=True)
class Attr:
    key: Tok
    text: Text
    span: Span


@dataclass(slots=True)
class Tag:
    tok: Tok

    @property
    def span(self) -> Span:
        return self.tok.span


@dataclass(slots=True)
class Stance:
    issue: Tok
    value: Tok
    span: Span
    qualifiers: list["Qualifier"] = field(default_factory=list)


@dataclass(slots=True)
class Qualifier:
    keyword: Tok  # `when` (scope or period) or `if` (condition)
    text: "Text"
    span: Span


@dataclass(slots=True)
class NodeDecl:
    kind: Tok
    id: Tok
    text: Text
    entries: list["Entry"] | None  # None: written without a block
    span: Span


@dataclass(slots=True)
class RelationStmt:
    source: Tok
    relation: Relation
    span: Span
    joint: list[Tok] = field(default_factory=list)  # further sources, `a + b supports c`
    label: Tok | None = None  # `i1: a supports c`

    @property
    def entries(self) -> list["Entry"] | None:
        return self.relation.entries

    @entries.setter
    def entries(self, value) -> None:
        self.relation.entries = value

    def head(self) -> str:
        """`i1: a + b`, as written before the relation."""
        sources = " + ".join([self.source.value] + [t.value for t in self.joint])
        return f"{self.label.value}: {sources}" if self.label is not None else sources


@dataclass(slots=True)
class IssueDecl:
    id: Tok
    text: Text
    entries: list["Entry"] | None
    span: Span


Entry = Union[Attr, Tag, Relation, Stance, NodeDecl, Comment, Blank]
Item = Union[NodeDecl, RelationStmt, IssueDecl, Comment, Blank]


@dataclass(slots=True)
class Document:
    source: SourceFile
    front_matter: object | None  # frontmatter.FrontMatter
    items: list[Item] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
