"""The semantic model: frozen dataclasses that every command reads.

Relations are kept in one flat list whether they were written nested or
explicitly; `implicit` only records which (for `fmt` and `diff`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from argmap.source import SourceFile, Span

NODE_KINDS = ("thesis", "claim", "premise", "evidence", "counterpoint", "rebuttal", "recommendation")
LOCAL_RELATIONS = ("supports", "attacks", "undercuts")
CROSS_RELATIONS = ("same_as", "contradicts")
STANCES = ("pro", "con", "mixed")


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    text: str
    span: Span = field(compare=False, repr=False)
    id_span: Span = field(compare=False, repr=False)
    en: str | None = None
    locator: str | None = None
    quote: str | None = None
    source: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True)
class Relation:
    source: str
    kind: str
    target_node: str
    span: Span = field(compare=False, repr=False)
    target_map: str | None = None  # set for cross-map links
    edge_from: str | None = None  # set for undercuts: the edge edge_from -> target_node
    implicit: bool = False  # written as nesting

    @property
    def target(self) -> str:
        if self.edge_from is not None:
            return f"{self.edge_from}->{self.target_node}"
        if self.target_map is not None:
            return f"{self.target_map}:{self.target_node}"
        return self.target_node


@dataclass(frozen=True)
class Stance:
    node: str
    issue: str
    stance: str
    span: Span = field(compare=False, repr=False)
    issue_span: Span | None = field(default=None, compare=False, repr=False)
    scope: str | None = None  # `when "…"`: the period or domain the stance holds for
    condition: str | None = None  # `if "…"`: the condition it depends on

    @property
    def qualified(self) -> bool:
        return self.scope is not None or self.condition is not None

    def qualifier_text(self) -> str:
        """`scope: the Cold War period; if the US consents`, or ''."""
        parts = [f"scope: {self.scope}" if self.scope else "", f"if {self.condition}" if self.condition else ""]
        return "; ".join(p for p in parts if p)


@dataclass(frozen=True)
class Issue:
    id: str
    text: str
    span: Span = field(compare=False, repr=False)
    id_span: Span | None = field(default=None, compare=False, repr=False)
    en: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArgMap:
    """One file: an argument map, an issues file, or both."""

    path: str
    source: SourceFile = field(compare=False, repr=False)
    id: str | None
    meta: dict
    nodes: tuple[Node, ...] = ()
    relations: tuple[Relation, ...] = ()
    stances: tuple[Stance, ...] = ()
    issues: tuple[Issue, ...] = ()
    suppressions: dict = field(default_factory=dict, compare=False, repr=False)
    id_span: Span | None = field(default=None, compare=False, repr=False)  # `id` in the front matter
    unresolved: frozenset = field(default=frozenset(), compare=False, repr=False)  # nodes with a dropped relation

    @cached_property
    def by_id(self) -> dict[str, Node]:
        out: dict[str, Node] = {}
        for node in self.nodes:
            out.setdefault(node.id, node)
        return out

    @cached_property
    def order(self) -> dict[str, int]:
        """Node id → its place in the file, for sorting in source order."""
        return {node.id: i for i, node in enumerate(self.nodes)}

    @cached_property
    def adjacency(self) -> dict[str, set[str]]:
        """Node id → the nodes one local relation away, either direction (an
        undercut touches the undercutter and both ends of the edge)."""
        out: dict[str, set[str]] = {node.id: set() for node in self.nodes}
        for rel in self.relations:
            if rel.target_map is not None:
                continue
            ends = [rel.source, rel.target_node] + ([rel.edge_from] if rel.edge_from else [])
            for a in ends:
                out.setdefault(a, set()).update(e for e in ends if e != a)
        return out

    @property
    def is_argument(self) -> bool:
        """Holds an argument (nodes or front matter), not only issue declarations."""
        return bool(self.nodes) or bool(self.meta)
