"""Rules on the shape of one argument: thesis, cycles, attacks, connection."""

from __future__ import annotations

from collections import defaultdict

from argmap import diagnostics as D
from argmap.model import ArgMap, Node, key_nodes


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
    scan = _scan(argmap)
    out += _attacks_nothing(argmap, scan.attackers)
    out += _undercut_edges(argmap, scan.undercuts)
    out += _cycles(argmap, scan.forest)
    if theses:
        out += _not_connected(argmap, theses[0], scan.parent)
    out += _unsupported_claims(argmap, scan.supported)
    out += _evidence_without_locator(argmap)
    return out


class _Scan:
    """What the rules need to know of the relations, gathered in one pass:
    a map of 50,000 statements has as many relations, and each pass over
    them costs more than most rules.

    `parent` holds the parts that local relations join, as a union-find
    forest: node id → a node of its part nearer the part's root (roots are
    absent). A relation joins the nodes `ArgMap.adjacency` links it to, so
    these are its connected parts; unlike it, this makes no set per node.
    `forest` is whether no support joined two nodes already joined: then
    the supports, read as undirected, close no loop, so no cycle."""

    __slots__ = ("supported", "attackers", "undercuts", "parent", "forest")

    def __init__(self) -> None:
        self.supported: set[str] = set()  # the targets of supports
        self.attackers: set[str] = set()  # the sources of attacks and undercuts
        self.undercuts: list = []
        self.parent: dict[str, str] = {}
        self.forest = True


def _scan(argmap: ArgMap) -> _Scan:
    scan = _Scan()
    supported, attackers, undercuts, parent = scan.supported, scan.attackers, scan.undercuts, scan.parent
    for rel in argmap.relations:
        kind, source, target = rel.kind, rel.source, rel.target_node
        if kind == "supports":
            supported.add(target)
        elif kind == "attacks" or kind == "undercuts":
            if rel.joint:
                attackers.update(rel.sources)
            else:
                attackers.add(source)
            if kind == "undercuts":
                undercuts.append(rel)
        if rel.target_map is not None:
            if kind == "supports":
                scan.forest = False
            continue
        if rel.joint or rel.edge:
            if not _join(parent, rel) and kind == "supports":
                scan.forest = False
            continue
        # The common case, inline: two nodes, each most often a root or a step from one.
        a = parent.get(source)
        if a is None:
            a = source
        elif a in parent:
            a = _root(parent, a)
        b = parent.get(target)
        if b is None:
            b = target
        elif b in parent:
            b = _root(parent, b)
        if a != b:
            parent[a] = b
        elif kind == "supports":
            scan.forest = False
    return scan


def _no_thesis(argmap: ArgMap) -> D.Diagnostic:
    source = argmap.source
    return D.Diagnostic(
        D.NO_THESIS,
        "this map has no thesis",
        source.span(0, len(source.line_text(1))),
        hint='add the author\'s central position: thesis T "…"',
    )


def _attacks_nothing(argmap: ArgMap, attackers: set[str]) -> list[D.Diagnostic]:
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


def _undercut_edges(argmap: ArgMap, undercuts: list) -> list[D.Diagnostic]:
    if not undercuts:  # most maps: no inference index to build
        return []
    made = argmap.inferences
    by_target: dict[str, list[str]] | None = None  # target → the keys of the inferences into it
    out = []
    for rel in undercuts:
        if rel.edge in made:
            continue
        if by_target is None:
            by_target = _by_target(made)
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


def _by_target(made: dict) -> dict[str, list[str]]:
    by_target: dict[str, list[str]] = defaultdict(list)
    for key in made:
        if "->" in key:
            by_target[key.split("->", 1)[1]].append(key)
    return by_target


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


def _cycles(argmap: ArgMap, forest: bool) -> list[D.Diagnostic]:
    """One diagnostic per strongly connected group of supports (Tarjan).
    `forest`: the supports, read as undirected, close no loop, so they
    cannot close a cycle (`_scan` finds it on its way)."""
    if forest:
        return []
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
    place: dict[str, int] = {}
    for i, node_id in enumerate(order):
        place.setdefault(node_id, i)
    for group in groups:
        members = set(group)
        start = min(group, key=place.__getitem__)
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


def _not_connected(argmap: ArgMap, thesis: Node, parent: dict[str, str]) -> list[D.Diagnostic]:
    reached = {_root(parent, thesis.id)}
    # A relation dropped for an unknown id may be what cut a part off: that
    # error is reported already, so its part is not reported again.
    reached.update(_root(parent, source) for source in argmap.unresolved)
    apart = []
    for node in argmap.nodes:
        up = parent.get(node.id)
        if up is None:
            up = node.id
        elif up in parent:
            up = _root(parent, up)
        if up not in reached:
            apart.append(node)
    return [
        D.Diagnostic(
            D.NOT_CONNECTED,
            f"{node.kind} `{node.id}` is not connected to the thesis",
            node.id_span,
            hint=_connect_hint(node, thesis),
        )
        for node in apart
    ]


def _join(parent: dict[str, str], rel) -> bool:
    """Join the parts of all the nodes a relation touches (`_scan` joins the
    two of most relations itself); False when one of them was in the
    target's part already."""
    b = _root(parent, rel.target_node)
    apart = True
    for end in (*rel.sources, *(key_nodes(rel.edge) if rel.edge else ())):
        a = _root(parent, end)
        if a == b:
            apart = False
        else:
            parent[a] = b
    return apart


def _root(parent: dict[str, str], node: str) -> str:
    """The root of a node's part, pointing every node on the way at it."""
    root = node
    while root in parent:
        root = parent[root]
    while node != root:
        parent[node], node = root, parent[node]
    return root


def _connect_hint(node: Node, thesis: Node) -> str:
    # Counterpoints and rebuttals object: telling them to support would make
    # the map say the opposite of the text.
    if node.kind in ("counterpoint", "rebuttal"):
        return f"add `attacks ID` naming the node it objects to (e.g. `attacks {thesis.id}`), or remove it"
    return f"relate it to the argument (e.g. `supports {thesis.id}`), or remove it"


def _unsupported_claims(argmap: ArgMap, supported: set[str]) -> list[D.Diagnostic]:
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
