"""The overview of a map too large to draw whole.

Above `--max-nodes` boxes (20,000 by default) a drawing of every node is a
file no viewer opens with ease and no reader can take in. `render` then draws
the top of the argument: the thesis (every node that bears on no other) and
as many whole levels of reasons under it as fit in `OVERVIEW_NODES` boxes.
Each drawn node whose reasons are cut gets a "+N more" box that names the
command drawing them (`--branch ID`: that node and everything under it, an
overview again when that is too large). The cut depends only on the
map's shape, so it is the same on every run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from argmap.model import ArgMap, key_nodes

OVERVIEW_NODES = 1000  # boxes in an overview, "+N more" boxes included
MAX_NODES = 20_000  # the default of --max-nodes


@dataclass(frozen=True)
class Cut:
    keep: frozenset  # the node ids drawn
    levels: int  # how many levels of reasons under the roots are drawn
    more: dict  # drawn node id → (nodes left out under it, --depth that draws them)
    total: int  # the nodes there were to draw
    unreached: int  # nodes in no chain of reasons that ends at a root (a cycle), left out

    @property
    def left_out(self) -> int:
        return self.total - len(self.keep)


def cut(argmap: ArgMap, keep: set[str], limit: int | None, budget: int = OVERVIEW_NODES) -> Cut | None:
    """The overview of the nodes `keep` when there are more than `limit`
    (None or 0: no limit), else None.

    Levels are counted from the roots (the nodes of `keep` that bear on no
    other drawn node: the thesis, as a rule) along the relations backwards,
    each node at its shortest distance; level after level is taken while the
    nodes and their "+N more" boxes stay within `budget`. A node's reasons
    are those that reach it first in the author's order of relations."""
    if not limit or len(keep) <= limit:
        return None
    budget = min(budget, limit)
    order = [n.id for n in argmap.nodes if n.id in keep]
    order = list(dict.fromkeys(order))
    reasons = reasons_of(argmap, keep)
    bears = {source for sources in reasons.values() for source in sources}
    roots = [n for n in order if n not in bears]
    level: dict[str, int] = {}
    parent: dict[str, str] = {}
    queue = list(roots)
    for r in roots:
        level[r] = 0
    for node in queue:  # breadth first: each node at its shortest distance
        for reason in reasons.get(node, ()):
            if reason not in level:
                level[reason] = level[node] + 1
                parent[reason] = node
                queue.append(reason)
    # Under each node, in its breadth-first tree: how many, how deep.
    size = {n: 1 for n in queue}
    height = {n: 0 for n in queue}
    for node in reversed(queue):
        up = parent.get(node)
        if up is not None:
            size[up] += size[node]
            height[up] = max(height[up], height[node] + 1)
    by_level: dict[int, list[str]] = defaultdict(list)
    for node in queue:
        by_level[level[node]].append(node)

    drawn = 0
    chosen: list[str] = []
    levels = -1
    for k in range(len(by_level)):
        here = by_level[k]
        stubs = sum(1 for n in here if size[n] > 1)
        if drawn + len(here) + stubs > budget and k > 0:
            break
        if drawn + len(here) > budget:  # more roots than the budget: the first of them
            here = here[: max(1, budget - drawn)]
        chosen += here
        drawn += len(here)
        levels = k
        if len(here) < len(by_level[k]):
            break
    kept = set(chosen)
    more = {n: (size[n] - 1, height[n]) for n in chosen if size[n] > 1 and level[n] == levels}
    return Cut(frozenset(kept), max(levels, 0), more, len(keep), len(keep) - len(queue))


def reasons_of(argmap: ArgMap, keep) -> dict[str, list[str]]:
    """Node → the nodes of `keep` that bear on it (support, attack or
    undercut one of its inferences), in the author's order of relations."""
    reasons: dict[str, list[str]] = defaultdict(list)
    for rel in argmap.relations:
        if rel.target_map is not None:
            continue
        target = key_nodes(rel.edge)[-1] if rel.kind == "undercuts" and rel.edge else rel.target_node
        if target not in keep:
            continue
        for source in (rel.source, *rel.joint):
            if source in keep and source != target:
                reasons[target].append(source)
    return reasons


def branch(argmap: ArgMap, root: str) -> set[str]:
    """`root` and every node whose reasoning leads to it: what `--branch`
    draws, and what a "+N more" box counts."""
    reasons = reasons_of(argmap, argmap.by_id)
    keep, todo = {root}, [root]
    while todo:
        for reason in reasons.get(todo.pop(), ()):
            if reason not in keep:
                keep.add(reason)
                todo.append(reason)
    return keep


def describe(name: str, c: Cut, limit: int) -> tuple[str, str]:
    """The note `render` prints: what was drawn and left out, and how to draw the rest."""
    stubs = len(c.more)
    under = "the thesis" + (f" and {c.levels} level{'s' if c.levels != 1 else ''} of reasons under it" if c.levels else "")
    message = (f"the map {name} has {c.total:,} nodes to draw, over --max-nodes {limit:,}: drawn as an overview, "
               f"{under} ({len(c.keep):,} nodes and {stubs:,} “+N more” boxes); {c.left_out:,} nodes left out")
    if c.unreached:
        message += f", {c.unreached:,} of them in no chain of reasons that ends at the thesis"
    example = ""
    if c.more:
        node, (count, _) = max(c.more.items(), key=lambda item: item[1][0])  # the first of the largest
        example = f" (the largest: --branch {node}, {count:,} nodes)"
    hint = (f"each “+N more” box names the command that draws its branch{example}; "
            f"--max-nodes 0 draws every node (slow, and a very large file)")
    return message, hint
