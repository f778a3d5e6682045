"""Node kinds for an imported graph, read off its structure.

AIF and arggraph know propositions, not theses and counterpoints; argmap's
checks rest on the kinds (one thesis per map, a counterpoint attacks
something), so a reader gives every statement the kind its place in the
argument implies:

- the thesis: the central claim the format names (arggraph), or else the
  statement that supports or attacks nothing and has the most statements
  arguing towards it (the first in the file on a tie; see `_central`);
- a statement that attacks or undercuts: `counterpoint` when it argues
  against the thesis's side, `rebuttal` when for it (the side is the
  format's own, as arggraph's proponent/opponent, or else counted from
  the thesis: a support keeps the side, an attack turns it);
- a statement that supports the thesis and is itself supported: `claim`;
- any other: `premise`.
"""

from __future__ import annotations

from collections import deque

from argmap.interop.graph import Graph


def assign_kinds(graph: Graph, thesis: str | None = None, sides: dict[str, int] | None = None) -> str | None:
    """Set `kind` on every statement of `graph`; return the thesis's id.

    `sides` maps statement ids to +1 (the thesis's side) or -1; statements
    it does not name get a side counted from the thesis."""
    ids = [s.id for s in graph.statements]
    if not ids:
        return None
    by_label = {inf.label: inf for inf in graph.inferences if inf.label}

    ends: dict[int, str | None] = {}

    def end_node(inf) -> str | None:
        """The statement an inference finally bears on (an undercut's target
        inference's conclusion, and so on); None for a circle or a target
        that is not there. Remembered, so that a chain is walked once."""
        chain, seen = [], set()
        while inf.kind == "undercuts" and id(inf) not in ends:
            if id(inf) in seen:
                break
            seen.add(id(inf))
            chain.append(inf)
            inf = by_label.get(inf.target)
            if inf is None:
                break
        if inf is None or id(inf) in seen:
            end = None
        elif id(inf) in ends:
            end = ends[id(inf)]
        else:
            end = inf.target
        for link in chain:
            ends[id(link)] = end
        return end

    arguing = {i: set() for i in ids}  # statement → statements arguing directly towards it
    outgoing: dict[str, set[str]] = {i: set() for i in ids}
    for inf in graph.inferences:
        end = end_node(inf)
        for src in inf.sources:
            outgoing.setdefault(src, set()).add(inf.kind)
            if end is not None:
                arguing.setdefault(end, set()).add(src)

    if thesis is None:
        thesis = _central(ids, outgoing, arguing)

    side = dict(sides or {})
    side.setdefault(thesis, 1)
    count_sides(graph, thesis, side)

    supported = {inf.target for inf in graph.inferences if inf.kind == "supports"}
    supports_thesis = {s for inf in graph.inferences if inf.kind == "supports" and inf.target == thesis for s in inf.sources}
    for st in graph.statements:
        kinds = outgoing.get(st.id, set())
        if st.id == thesis:
            st.kind = "thesis"
        elif kinds & {"attacks", "undercuts"}:
            st.kind = "rebuttal" if side.get(st.id) == 1 else "counterpoint"
        elif st.id in supports_thesis and st.id in supported:
            st.kind = "claim"
        else:
            st.kind = "premise"
    return thesis


def _central(ids: list[str], outgoing, arguing) -> str:
    """Among the statements that argue for nothing, the one with the most
    statements arguing towards it, directly or not (the first on a tie).

    Counting that for every such statement could take time quadratic in
    the file (many of them sharing one large argument below), so only those
    of the largest connected argument are counted, within a budget of steps
    linear in the file; past it, the statements arguing directly decide."""
    roots = [i for i in ids if not outgoing.get(i)] or ids
    parent = {i: i for i in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for end, sources in arguing.items():
        for src in sources:
            if end in parent and src in parent:
                parent[find(src)] = find(end)
    size: dict[str, int] = {}
    for i in ids:
        size[find(i)] = size.get(find(i), 0) + 1
    largest = max(size[find(r)] for r in roots)
    contenders = [r for r in roots if size[find(r)] == largest]
    budget = [20 * len(ids) + 1000]
    scores = []
    for root in contenders:
        reached = _reach(root, arguing, budget)
        if reached is None:
            scores = [len(arguing.get(r, ())) for r in contenders]
            break
        scores.append(reached)
    best = max(range(len(contenders)), key=lambda i: (scores[i], -i))
    return contenders[best]


def _reach(root: str, arguing: dict[str, set[str]], budget: list[int]) -> int | None:
    """How many statements argue towards `root`, directly or not; None when
    the steps in `budget` run out."""
    seen, todo = {root}, [root]
    while todo:
        for src in arguing.get(todo.pop(), ()):
            budget[0] -= 1
            if budget[0] < 0:
                return None
            if src not in seen:
                seen.add(src)
                todo.append(src)
    return len(seen)


def count_sides(graph: Graph, thesis: str, side: dict[str, int]) -> None:
    """Walk back from the thesis: who supports X is on X's side, who attacks
    X, or undercuts an inference made on X's side, is against it. Sides
    already known (the format's roles) are kept, and the walk goes on from
    them."""
    towards: dict[str, list] = {}  # statement id or inference label → inferences bearing on it
    for inf in graph.inferences:
        towards.setdefault(inf.target, []).append(inf)
    label_side: dict[str, int] = {}
    seen = {thesis}
    queue = deque([thesis])
    while queue:
        target = queue.popleft()
        here = side.get(target, label_side.get(target))
        if here is None:
            continue
        for inf in towards.get(target, ()):
            theirs = here if inf.kind == "supports" else -here
            for src in inf.sources:
                side.setdefault(src, theirs)
                if src not in seen:
                    seen.add(src)
                    queue.append(src)
            if inf.label and inf.label not in seen:
                label_side[inf.label] = side[inf.sources[0]]
                seen.add(inf.label)
                queue.append(inf.label)
