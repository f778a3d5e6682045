"""The neutral graph every reader builds and `write` turns into a map.

It holds what the language can say and no more, so that whatever a reader
cannot put here it must report as a diagnostic instead of dropping it.
Ids are already argmap identifiers (readers make them so); `origin` points
back into the file read, for diagnostics about that element.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.source import Span


@dataclass
class Statement:
    id: str
    text: str
    kind: str = "premise"  # an argmap node kind (model.NODE_KINDS)
    title: str | None = None  # a short name the format gives it (Argdown's [Title])
    speaker: str | None = None  # who says it (AIF locutions, arggraph's opponent)
    en: str | None = None
    locator: str | None = None
    quote: str | None = None
    source: str | None = None  # what the author cites for it
    note: str | None = None
    tags: list[str] = field(default_factory=list)
    # (issue id, pro|con|mixed), or (issue id, value, scope, condition) for a
    # qualified stance (`when` / `if`; either may be None)
    stances: list[tuple] = field(default_factory=list)
    origin: Span | None = None
    # It stands for an argument given without premises (Argdown's `<Title>: text`),
    # not for a statement; the map keeps it as a node like any other.
    argument: bool = False


@dataclass
class Inference:
    """One relation: `sources` jointly support or attack a statement, or
    undercut an inference (then `target` is that inference's `label`, or
    its key `p1+p2->c1` when it has no label)."""

    kind: str  # supports | attacks | undercuts
    sources: list[str]
    target: str
    label: str | None = None  # an identifier that names the inference (undercuts may target it)
    scheme: str | None = None
    title: str | None = None
    note: str | None = None
    origin: Span | None = None
    # The label of an inference (an argument) the format aimed this support or
    # attack at; a map relates statements, so `target` is its conclusion.
    aimed_at: str | None = None


@dataclass
class Issue:
    id: str
    text: str
    en: str | None = None


@dataclass
class Graph:
    meta: dict  # front matter: id, title, authors, year, …
    statements: list[Statement] = field(default_factory=list)
    inferences: list[Inference] = field(default_factory=list)
    same_as: list[tuple[str, str]] = field(default_factory=list)  # (statement id, `map:node` or a node of this map)
    contradicts: list[tuple[str, str]] = field(default_factory=list)  # (statement id, `map:node`)
    issues: list[Issue] = field(default_factory=list)  # written to an issues file beside the maps
    diagnostics: list = field(default_factory=list)  # what could not be carried over, located in the input
