"""The quick test for a cycle of supports agrees with a search for one."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.checks.structure import _acyclic
from argmap.model import Relation


def _has_cycle(edges) -> bool:
    # Depth-first search with colours, the textbook way.
    succ = defaultdict(list)
    for a, b in edges:
        succ[a].append(b)
    state: dict[str, int] = {}

    def visit(n) -> bool:
        state[n] = 1
        for m in succ[n]:
            if state.get(m) == 1 or (m not in state and visit(m)):
                return True
        state[n] = 2
        return False

    return any(n not in state and visit(n) for n in list(succ))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from("abcdefg"), st.sampled_from("abcdefg")), max_size=14))
def test_acyclic_exactly_when_no_cycle(edges):
    graph = defaultdict(list)
    for a, b in edges:
        graph[a].append(Relation(a, "supports", b, span=None))
    assert _acyclic(graph) == (not _has_cycle(edges))
