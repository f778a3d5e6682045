"""The structure checks' one-pass scan, and the model's quick paths, agree
with the plain way of finding the same things: a search of the adjacency
for what is connected, a search for cycles, the index of inferences."""

from __future__ import annotations

import dataclasses
import inspect
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.checks import structure
from argmap.model import HUB, ArgMap, Node, Relation, inference_key, key_nodes
from argmap.source import SourceFile

SOURCE = SourceFile("g.map", "x\n")
SPAN = SOURCE.span(0, 1)
IDS = ("T", "a", "b", "c", "d", "e", "f", "g")
OBJECTORS = ("counterpoint", "rebuttal")


@pytest.mark.parametrize("cls", [Node, Relation])
def test_the_written_init_takes_the_declared_fields_in_order_with_their_defaults(cls):
    declared = [(f.name, f.default) for f in dataclasses.fields(cls)]
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in params] == [
        (name, inspect.Parameter.empty if default is dataclasses.MISSING else default) for name, default in declared
    ]
    values = {name: f"v{i}" for i, (name, _) in enumerate(declared)}
    made = cls(**values)
    assert {name: getattr(made, name) for name in values} == values
    assert made == cls(**values) and hash(made) == hash(cls(**values))
    assert dataclasses.replace(made, kind="other").kind == "other"
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.kind = "other"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(IDS), min_size=1, max_size=3, unique=True),
    st.sampled_from(IDS),
    st.sampled_from([None, "m"]),
    st.sampled_from([None, "a", "b"]),
    st.sampled_from([None, "a->T", "a+b->T", "c->a->T"]),
)
def test_key_and_sources_are_what_inference_key_makes(sources, target, target_map, edge_from, edge):
    rel = Relation(sources[0], "attacks", target, SPAN, target_map=target_map, edge_from=edge_from, joint=tuple(sources[1:]), edge=edge)
    assert rel.sources == tuple(sources)
    assert rel.key == inference_key(tuple(sources), rel.target)


def _relation(draw) -> Relation:
    kind = draw(st.sampled_from(["supports", "supports", "supports", "attacks", "undercuts", "same_as"]))
    sources = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=3, unique=True))
    if kind == "same_as":
        return Relation(sources[0], kind, draw(st.sampled_from(IDS)), SPAN, target_map="other")
    extra = {"joint": tuple(sources[1:])}
    if kind == "undercuts":
        ends = draw(st.lists(st.sampled_from(IDS), min_size=2, max_size=4, unique=True))
        key = "->".join(ends[:-1]) if draw(st.booleans()) else "+".join(sorted(ends[:-1]))
        edge = key + "->" + ends[-1]
        extra.update(edge=edge, edge_from=ends[0])
        target = ends[-1]
    else:
        # Ids no node has stand for what a relation may still name (`zz`);
        # a support joins nodes only, as lowering leaves it.
        pool = [i for i in IDS if i not in sources] + ([] if kind == "supports" else ["zz"])
        target = draw(st.sampled_from(pool))
    return Relation(sources[0], kind, target, SPAN, **extra)


@st.composite
def maps(draw) -> ArgMap:
    kinds = ["claim", "premise", "evidence", *OBJECTORS]
    nodes = [Node("T", draw(st.sampled_from(["thesis", "thesis", "claim"])), "t", SPAN, SPAN)]
    nodes += [Node(i, draw(st.sampled_from(kinds)), "t", SPAN, SPAN, locator=draw(st.sampled_from([None, "p. 1"]))) for i in IDS[1:]]
    relations = [_relation(draw) for _ in range(draw(st.integers(0, 14)))]
    unresolved = frozenset(draw(st.lists(st.sampled_from(IDS), max_size=2)))
    return ArgMap("g.map", SOURCE, "g", {"id": "g"}, nodes=tuple(nodes), relations=tuple(relations), unresolved=unresolved)


def _reference_adjacency(argmap: ArgMap) -> dict[str, set[str]]:
    # The index as it was first written: a list of ends for every relation.
    out: dict[str, set[str]] = {node.id: set() for node in argmap.nodes}
    for rel in argmap.relations:
        if rel.target_map is not None:
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


def _reached(argmap: ArgMap) -> set[str]:
    """Breadth-first over the adjacency, from the thesis and from every
    source of a dropped relation."""
    neighbours = argmap.adjacency
    seen: set[str] = set()
    for start in ["T", *argmap.unresolved]:
        todo = [start]
        seen.add(start)
        while todo:
            for nxt in neighbours.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
    return seen


def _has_cycle(argmap: ArgMap) -> bool:
    succ = defaultdict(list)
    for rel in argmap.relations:
        if rel.kind == "supports":
            for source in rel.sources:
                succ[source].append(rel.target_node)
    state: dict[str, int] = {}

    def visit(n) -> bool:
        state[n] = 1
        for m in succ[n]:
            if state.get(m) == 1 or (m not in state and visit(m)):
                return True
        state[n] = 2
        return False

    return any(n not in state and visit(n) for n in list(succ))


def _named(diagnostics, code: str) -> list[str]:
    return [d.message.split("`")[1] for d in diagnostics if d.code.code == code]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(maps())
def test_the_scan_finds_what_the_plain_searches_find(argmap):
    diagnostics = structure.check(argmap)
    scan = structure._scan(argmap)
    assert argmap.adjacency == _reference_adjacency(argmap)
    if argmap.nodes[0].kind == "thesis":
        reached = _reached(argmap)
        assert _named(diagnostics, "AM301") == [n.id for n in argmap.nodes if n.id not in reached]
    cyclic = _has_cycle(argmap)
    assert any(d.code.code == "AM304" for d in diagnostics) == cyclic
    assert not (scan.forest and cyclic)
    attackers = {s for r in argmap.relations if r.kind in ("attacks", "undercuts") for s in r.sources}
    assert _named(diagnostics, "AM307") == [n.id for n in argmap.nodes if n.kind in OBJECTORS and n.id not in attackers]
    supported = {r.target_node for r in argmap.relations if r.kind == "supports"}
    assert _named(diagnostics, "AM302") == [n.id for n in argmap.nodes if n.kind == "claim" and n.id not in supported]
    made = argmap.inferences
    assert [d.span for d in diagnostics if d.code.code == "AM308"] == [
        r.span for r in argmap.relations if r.kind == "undercuts" and r.edge not in made
    ]
    assert argmap.supporters == {
        target: [s for r in argmap.relations if r.kind == "supports" and r.target_node == target for s in r.sources]
        for target in dict.fromkeys(r.target_node for r in argmap.relations if r.kind == "supports")
    }


def test_a_long_chain_written_from_its_far_end_is_one_part():
    # Each relation names the next node before it is joined to anything: the
    # union-find's trees grow deep unless each lookup flattens its path.
    n = 3000
    ids = [f"n{i}" for i in range(n)]
    nodes = [Node("T", "thesis", "t", SPAN, SPAN)] + [Node(i, "premise", "t", SPAN, SPAN) for i in ids]
    chain = [Relation(ids[i], "supports", ids[i + 1], SPAN) for i in range(n - 1)]
    relations = [*chain, Relation(ids[-1], "supports", "T", SPAN), Relation(ids[0], "attacks", ids[n // 2], SPAN)]
    argmap = ArgMap("g.map", SOURCE, "g", {"id": "g"}, nodes=tuple(nodes), relations=tuple(relations))
    assert _named(structure.check(argmap), "AM301") == []
    looped = dataclasses.replace(argmap, relations=(*relations, Relation("T", "supports", ids[0], SPAN)))
    (cycle,) = [d for d in structure.check(looped) if d.code.code == "AM304"]
    assert cycle.message.startswith("support cycle: T → n0 → n1")
