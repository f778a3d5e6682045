"""Rules on the shape of one argument: thesis, cycles, attacks, connection."""

from __future__ import annotations

from collections import defaultdict

from argmap import diagnostics as D
from argmap.model import ArgMap, Node


def check(argmap: ArgMap) -> list[D.Diagnostic]:
    if not argmap.nodes:
        if argmap.meta:  # front matter but nothing else
            return [_no_thesis(argmap)]
        return []
    out: list[D.Diagnostic] = []
    theses = [n for n in argmap.nodes if n.kind == "thesis"]
    if not theses:
        out.append(_no_thesis(argmap))
    for extra in theses[1:]:
        out.append(
            D.Diagnostic(
                D.SEVERAL_THESES,
                f"a second thesis `{extra.id}`; a map has exactly one",
                extra.id_span,
                hint="make it a claim that supports the thesis",
                labels=(D.Label(theses[0].id_span, "the first thesis"),),
            )
        )
    out += _attacks_nothing(argmap)
    out += _undercut_edges(argmap)
    out += _cycles(argmap)
    if theses:
        out += _not_connected(argmap, theses[0])
    out += _unsupported_claims(argmap)
    out += _evidence_without_locator(argmap)
    return out


def _no_thesis(argmap: ArgMap) -> D.Diagnostic:
    source = argmap.source
    return D.Diagnostic(
        D.NO_THESIS,
        "this map has no thesis",
        source.span(0, len(source.line_text(1))),
        hint='add the author\'s central position: thesis T "…"',
    )


def _attacks_nothing(argmap: ArgMap) -> list[D.Diagnostic]:
    attackers = {s for r in argmap.relations if r.kind in ("attacks", "undercuts") for s in r.sources}
    return [
        D.Diagnostic(
            D.ATTACKS_NOTHING,
            f"{node.kind} `{node.id}` attacks nothing",
            node.id_span,
            hint="add `attacks ID` (or `undercuts FROM -> TO`), or nest it inside the node it attacks",
        )
        for node in argmap.nodes
        if node.kind in ("counterpoint", "rebuttal") and node.id not in attackers
    ]


def _undercut_edges(argmap: ArgMap) -> list[D.Diagnostic]:
    made = argmap.inferences
    by_target: dict[str, list[str]] = defaultdict(list)  # target → the keys of the inferences into it
    for key in made:
        if "->" in key:
            by_target[key.split("->", 1)[1]].append(key)
    out = []
    for rel in argmap.relations:
        if rel.kind != "undercuts" or rel.edge in made:
            continue
        written = spelled(rel.edge)
        named, target = rel.edge.split("->", 1)
        # Part of a linked inference, or more than its sources: the one meant.
        near = [k for k in by_target.get(target, ()) if set(named.split("+")) & set(k.split("->", 1)[0].split("+"))]
        simple = "+" not in rel.edge and rel.edge.count("->") == 1
        if near:
            hint = f"did you mean `{spelled(near[0])}`? An inference is named by all its sources"
        elif simple:
            hint = f"add `{rel.edge_from} supports {rel.target_node}` (or `attacks`), or attack the node itself with `attacks`"
        else:
            hint = "name an inference the map makes: its sources, joined by `+`, then `->` and its target"
        out.append(
            D.Diagnostic(
                D.NO_SUCH_EDGE,
                f"`{rel.source}` undercuts {written}, but no relation of this map makes that inference",
                rel.span,
                hint=hint,
            )
        )
    return out


def spelled(key: str) -> str:
    """An inference key as it is written: `p1+p2->c1` → `p1 + p2 -> c1`."""
    return key.replace("->", " -> ").replace("+", " + ")


def _acyclic(graph: dict[str, list]) -> bool:
    """Whether the supports form no cycle: peel off the nodes nothing left
    supports-into (Kahn). A real map has no cycle, and this pass is several
    times cheaper than finding the strongly connected groups."""
    waiting: dict[str, int] = defaultdict(int)
    for rels in graph.values():
        for rel in rels:
            waiting[rel.target_node] += 1
    ready = [node for node in graph if not waiting.get(node)]
    peeled = 0
    while ready:
        node = ready.pop()
        peeled += 1
        for rel in graph.get(node, ()):
            waiting[rel.target_node] -= 1
            if not waiting[rel.target_node]:
                ready.append(rel.target_node)
    return peeled == len(set(graph) | set(waiting))


def _cycles(argmap: ArgMap) -> list[D.Diagnostic]:
    """One diagnostic per strongly connected group of supports (Tarjan)."""
    graph: dict[str, list] = defaultdict(list)
    for rel in argmap.relations:
        if rel.kind == "supports":
            for source in rel.sources:
                graph[source].append(rel)
    if _acyclic(graph):
        return []
    order = [n.id for n in argmap.nodes]
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0

    for root in order:
        if root in index:
            continue
        # Iterative Tarjan: deep support chains must not hit the recursion limit.
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = graph.get(node, [])
            if i < len(edges):
                work.append((node, i + 1))
                nxt = edges[i].target_node
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])

    out = []
    by_id = argmap.by_id
    for group in groups:
        members = set(group)
        start = min(group, key=order.index)
        path = _cycle_path(graph, start, members)
        rels = [next(r for r in graph[a] if r.target_node == b) for a, b in zip(path, path[1:])]
        out.append(
            D.Diagnostic(
                D.SUPPORT_CYCLE,
                "support cycle: " + " → ".join(path),
                by_id[start].id_span,
                hint="circular reasoning: one of these supports must go, or become another relation",
                labels=tuple(D.Label(r.span, f"{a} supports {r.target_node}") for a, r in zip(path, rels)),
            )
        )
    return out


def _cycle_path(graph, start: str, members: set[str]) -> list[str]:
    """A shortest cycle through start within the group (breadth-first)."""
    from collections import deque

    previous = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for rel in graph.get(node, []):
            nxt = rel.target_node
            if nxt == start:
                path = [node]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return list(reversed(path)) + [start]
            if nxt in members and nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return [start, start]


def _not_connected(argmap: ArgMap, thesis: Node) -> list[D.Diagnostic]:
    neighbours = argmap.adjacency

    def component(start: str) -> set[str]:
        seen = {start}
        todo = [start]
        while todo:
            for nxt in neighbours.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    seen = component(thesis.id)
    # A relation dropped for an unknown id may be what cut a part off: that
    # error is reported already, so its part is not reported again.
    for source in argmap.unresolved:
        if source not in seen:
            seen |= component(source)
    return [
        D.Diagnostic(
            D.NOT_CONNECTED,
            f"{node.kind} `{node.id}` is not connected to the thesis",
            node.id_span,
            hint=_connect_hint(node, thesis),
        )
        for node in argmap.nodes
        if node.id not in seen
    ]


def _connect_hint(node: Node, thesis: Node) -> str:
    # Counterpoints and rebuttals object: telling them to support would make
    # the map say the opposite of the text.
    if node.kind in ("counterpoint", "rebuttal"):
        return f"add `attacks ID` naming the node it objects to (e.g. `attacks {thesis.id}`), or remove it"
    return f"relate it to the argument (e.g. `supports {thesis.id}`), or remove it"


def _unsupported_claims(argmap: ArgMap) -> list[D.Diagnostic]:
    supported = {r.target_node for r in argmap.relations if r.kind == "supports"}
    return [
        D.Diagnostic(
            D.UNSUPPORTED_CLAIM,
            f"claim `{node.id}` has nothing supporting it",
            node.id_span,
            hint="add the premises or evidence the author gives for it",
        )
        for node in argmap.nodes
        if node.kind == "claim" and node.id not in supported
    ]


def _evidence_without_locator(argmap: ArgMap) -> list[D.Diagnostic]:
    return [
        D.Diagnostic(
            D.EVIDENCE_NO_LOCATOR,
            f"evidence `{node.id}` has no locator",
            node.id_span,
            hint='say where the source gives it: at "§2.1" or at "p. 117"',
        )
        for node in argmap.nodes
        if node.kind == "evidence" and not node.locator
    ]
