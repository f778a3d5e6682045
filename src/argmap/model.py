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
HUB = "\0"  # starts the name of a relation's hub in ArgMap.adjacency: no node id can

# Lowering makes a Node and a Relation per statement, by the ten thousand.
# The __init__ a frozen dataclass generates sets each field through
# object.__setattr__, more than twice as slow as filling the instance's
# __dict__, so these two classes write their own (tests/test_checks_scale.py
# holds them to the declared fields). Not slots: the cache codec reads and
# fills __dict__, so every object it writes or reads has one anyway.


@dataclass(frozen=True, init=False)
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
    speaker: str | None = None  # who says it, in a dialogue or debate
    title: str | None = None  # a short name (as Argdown's `[Title]`)

    def __init__(self, id, kind, text, span, id_span, en=None, locator=None, quote=None, source=None, note=None,
                 tags=(), parent=None, speaker=None, title=None):
        d = self.__dict__
        d["id"] = id
        d["kind"] = kind
        d["text"] = text
        d["span"] = span
        d["id_span"] = id_span
        d["en"] = en
        d["locator"] = locator
        d["quote"] = quote
        d["source"] = source
        d["note"] = note
        d["tags"] = tags
        d["parent"] = parent
        d["speaker"] = speaker
        d["title"] = title


def inference_key(sources, target: str) -> str:
    """The canonical name of the inference from `sources` (jointly) to
    `target` (a node id, or another inference's key): `p1+p2->c1`. Sources
    are sorted, so `p2 + p1 -> c1` names the same inference."""
    return "+".join(sorted(sources)) + "->" + target


def key_nodes(key: str) -> list[str]:
    """The node ids an inference key names, in order: `r1->k1->c1` → r1, k1, c1."""
    return [part for step in key.split("->") for part in step.split("+")]


@dataclass(frozen=True, init=False)
class Relation:
    source: str
    kind: str
    target_node: str
    span: Span = field(compare=False, repr=False)
    target_map: str | None = None  # set for cross-map links
    # For undercuts: the first source and the end node of the inference
    # undercut (`edge` is its key: `e1->c1`, `p1+p2->c1`, `r1->k1->c1`).
    edge_from: str | None = None
    implicit: bool = False  # written as nesting
    joint: tuple[str, ...] = ()  # further sources: all hold only together (a linked argument)
    edge: str | None = None
    label: str | None = None  # `i1: a supports b` names the inference
    scheme: str | None = None  # the argument scheme, e.g. "argument from expert opinion"
    title: str | None = None
    note: str | None = None

    def __init__(self, source, kind, target_node, span, target_map=None, edge_from=None, implicit=False, joint=(),
                 edge=None, label=None, scheme=None, title=None, note=None):
        d = self.__dict__
        d["source"] = source
        d["kind"] = kind
        d["target_node"] = target_node
        d["span"] = span
        d["target_map"] = target_map
        d["edge_from"] = edge_from
        d["implicit"] = implicit
        d["joint"] = joint
        d["edge"] = edge
        d["label"] = label
        d["scheme"] = scheme
        d["title"] = title
        d["note"] = note

    @property
    def sources(self) -> tuple[str, ...]:
        if not self.joint:
            return (self.source,)
        return (self.source, *self.joint)

    @property
    def target(self) -> str:
        if self.edge is not None:
            return self.edge
        if self.edge_from is not None:
            return f"{self.edge_from}->{self.target_node}"
        if self.target_map is not None:
            return f"{self.target_map}:{self.target_node}"
        return self.target_node

    @property
    def key(self) -> str:
        """The inference this relation makes, by its canonical name."""
        if not self.joint:
            return self.source + "->" + self.target
        return inference_key(self.sources, self.target)


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
    translation_span: Span | None = field(default=None, compare=False, repr=False)  # `translation_of` in the front matter
    voice: str | None = field(default=None, compare=False, repr=False)  # set by compare on one speaker's part of a dialogue

    @property
    def translation_of(self) -> str | None:
        """The id of the map this one translates, when it says so validly."""
        value = self.meta.get("translation_of")
        return value if isinstance(value, str) and self.translation_span is not None else None

    @cached_property
    def by_id(self) -> dict[str, Node]:
        out: dict[str, Node] = {}
        for node in self.nodes:
            out.setdefault(node.id, node)
        return out

    @property
    def own_nodes(self) -> tuple[Node, ...]:
        """The nodes this map says in its own voice: all of them, but for one
        speaker's part of a dialogue (`voice`, set by compare) that
        speaker's nodes only ("" for the nodes no speaker is given for)."""
        if self.voice is None:
            return self.nodes
        return tuple(n for n in self.nodes if (n.speaker or "") == self.voice)

    @cached_property
    def inferences(self) -> dict[str, Relation]:
        """Key and label → the local relation that makes that inference."""
        out: dict[str, Relation] = {}
        for rel in self.relations:
            if rel.target_map is None and rel.kind in LOCAL_RELATIONS:
                out.setdefault(rel.key, rel)
                if rel.label is not None:
                    out.setdefault(rel.label, rel)
        return out

    @cached_property
    def supporters(self) -> dict[str, list[str]]:
        """Node id → the nodes that support it (each source of a linked
        support), in the order written."""
        out: dict[str, list[str]] = {}
        for rel in self.relations:
            if rel.kind == "supports":
                into = out.get(rel.target_node)
                if into is None:
                    into = out[rel.target_node] = []
                if rel.joint:
                    into.extend(rel.sources)
                else:
                    into.append(rel.source)
        return out

    @cached_property
    def order(self) -> dict[str, int]:
        """Node id → its place in the file, for sorting in source order."""
        return {node.id: i for i, node in enumerate(self.nodes)}

    @cached_property
    def adjacency(self) -> dict[str, set[str]]:
        """Node id → the nodes one local relation away, either direction (an
        undercut touches the undercutter and every node of the inference).
        A relation of more than two nodes links them through a hub, named
        `HUB + key`, that is no node id: joined pairwise, n joint sources
        would cost n² (`hub_neighbours` looks through it)."""
        out: dict[str, set[str]] = {node.id: set() for node in self.nodes}
        for rel in self.relations:
            if rel.target_map is not None:
                continue
            if not rel.joint and not rel.edge:  # the common case: two nodes, no hub
                a, b = rel.source, rel.target_node
                if a != b:
                    out.setdefault(a, set()).add(b)
                    out.setdefault(b, set()).add(a)
                continue
            ends = list(dict.fromkeys([*rel.sources, rel.target_node] + (key_nodes(rel.edge) if rel.edge else [])))
            if len(ends) == 2:
                a, b = ends
                out.setdefault(a, set()).add(b)
                out.setdefault(b, set()).add(a)
            elif len(ends) > 2:
                hub = HUB + rel.key + "\0" + rel.source
                out[hub] = set(ends)
                for a in ends:
                    out.setdefault(a, set()).add(hub)
        return out

    def hub_neighbours(self, node_id: str) -> set[str]:
        """The nodes one relation away from a node, through hubs."""
        adjacency = self.adjacency
        out: set[str] = set()
        for n in adjacency.get(node_id, ()):
            out |= adjacency[n] if n.startswith(HUB) else {n}
        out.discard(node_id)
        return out

    @property
    def is_argument(self) -> bool:
        """Holds an argument (nodes or front matter), not only issue declarations."""
        return bool(self.nodes) or bool(self.meta)
