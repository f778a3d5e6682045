"""Chains of undercuts: an undercut stands only if the inference it attacks
stands, and that one, if an undercut, only if its own target does, and so
on. Settled in one pass without recursion, so that a hostile file with a
chain thousands deep is read like any other.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping


def settle(items: Iterable[Hashable], targets: Mapping, exists) -> tuple[dict, set]:
    """(standing, circle): `standing[x]` tells whether x stands: x is not an
    undercut (not in `targets`) and `exists(x)`, or it is one and its target
    stands. `circle` holds the undercuts that attack each other in a circle."""
    standing: dict = {}
    circle: set = set()
    for start in items:
        path: list = []
        on_path: set = set()
        cur = start
        while True:
            if cur in standing:
                result = standing[cur]
                break
            if cur not in targets:
                result = bool(exists(cur))
                standing[cur] = result
                break
            if cur in on_path:
                circle.update(path[path.index(cur) :])
                result = False
                break
            path.append(cur)
            on_path.add(cur)
            cur = targets[cur]
        for item in path:
            standing[item] = result
    return standing, circle


def held_inferences(argmap, present, kinds) -> list:
    """The map's inferences an export can hold: each once, of the `kinds`
    given, between nodes in `present`, an undercut only of an inference that
    is held (a map exported with errors may lack either)."""
    kept: dict = {}
    for rel in argmap.relations:
        if rel.target_map is None and rel.kind in kinds and rel.key not in kept:
            if all(s in present for s in rel.sources) and (rel.kind == "undercuts" or rel.target_node in present):
                kept[rel.key] = rel
    targets = {key: rel.edge for key, rel in kept.items() if rel.kind == "undercuts"}
    standing, _ = settle(kept, targets, lambda key: key in kept)
    return [rel for key, rel in kept.items() if standing[key]]
