"""`compare --issue ID`: each author's chain of reasoning on one issue, as a
tree from the nodes that take the stance down through their supports,
objections and answers. Each node appears once per map."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from argmap import semantics
from argmap.compare.analysis import Comparison
from argmap.compare.data import label, node_ref, qualifiers, text
from argmap.model import ArgMap, Node

MAX_DEPTH = 6
STATUS_WORDS = semantics.WORDS


@dataclass
class Branch:
    node: Node
    relation: str | None  # how it relates to its parent: supports / attacks / undercuts
    stance: str | None
    children: list["Branch"] = field(default_factory=list)
    status: str = semantics.IN  # grounded status in its map
    qualifier: str = ""  # `when …; if …` of its stance

    @property
    def stance_words(self) -> str:
        return f"{self.stance} ({self.qualifier})" if self.stance and self.qualifier else (self.stance or "")


@dataclass
class Chain:
    map: ArgMap
    stance: str
    roots: list[Branch]
    issue: str = ""


def _incoming(argmap: ArgMap) -> dict[str, list[tuple[str, str, str | None]]]:
    """Node → (source, kind, the node the inference leads to) of what bears
    on it. An undercut bears on the reason whose inference it attacks: it
    hangs under that reason's branch (the first source of the inference),
    for the parent the inference leads to, not under the conclusion, where
    it would not say which reason it denies."""
    out: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    for rel in argmap.relations:
        if rel.target_map is not None or rel.kind not in ("supports", "attacks", "undercuts"):
            continue
        for source in rel.sources:
            if rel.kind == "undercuts":
                leads_to = rel.edge.split("->", 1)[1].split("->")[0].split("+")[0]
                out[rel.edge_from].append((source, rel.kind, leads_to))
            else:
                out[rel.target_node].append((source, rel.kind, None))
    return out


def chains(c: Comparison, issue_id: str) -> list[Chain]:
    out = []
    for position in c.timeline(issue_id):
        argmap = position.map
        incoming = _incoming(argmap)
        own = {n.id: s for n, s in position.nodes}
        elsewhere = {s.node for s in argmap.stances if s.issue != issue_id} - set(own)
        evaluation = c.evaluation(argmap)  # computed once per map, shared with the conflicts
        seen: set[str] = set()

        def grow(node: Node, relation: str | None, depth: int, position=position, only=None, parent=None) -> Branch:
            seen.add(node.id)
            branch = Branch(
                node, relation, own.get(node.id), status=evaluation.of(node.id), qualifier=position.qualifier(node.id)
            )
            if depth >= MAX_DEPTH:
                return branch
            # Reasons first, then objections, each in source order.
            order = sorted(incoming.get(node.id, ()), key=lambda item: (item[1] != "supports", argmap.order[item[0]]))
            for source, kind, leads_to in order:
                if only is not None and kind == "supports" and source not in only:
                    continue
                if kind == "undercuts" and leads_to != parent:
                    continue  # it undercuts this node's inference to another parent
                if source not in seen and source in argmap.by_id:
                    branch.children.append(grow(argmap.by_id[source], kind, depth + 1, parent=node.id))
            return branch

        def root(node: Node) -> Branch:
            if node.kind != "thesis":
                return grow(node, None, 0)
            # Under a thesis only the reasons on this issue are kept: those
            # that reach a node taking a stance on it (_prune) or, when the
            # thesis alone answers it, all but those that argue another
            # issue. Grown whole first, a dropped reason would keep the nodes
            # it reached as seen: an objection to the thesis that also
            # attacks a dropped claim would vanish. So: find what stays,
            # then grow again with only that.
            before = set(seen)
            full = grow(node, None, 0)
            alone = set(own) <= {node.id}
            if alone:
                kept = {b.node.id for b in full.children if b.relation == "supports" and not _about(b, elsewhere)}
            else:
                kept = {b.node.id for b in _prune(full).children if b.relation == "supports"}
            seen.clear()
            seen.update(before)
            grown = grow(node, None, 0, only=kept)
            return grown if alone else _prune(grown)

        roots = [root(node) for node, _ in position.nodes if node.id not in seen]
        out.append(Chain(argmap, position.stance, roots, issue_id))
    return out


def _about(branch: Branch, elsewhere: set[str]) -> bool:
    """Does this reason argue another issue: it, or a reason beneath it,
    takes a stance on another issue?"""
    return branch.node.id in elsewhere or any(_about(b, elsewhere) for b in branch.children if b.relation == "supports")


def _relevant(branch: Branch) -> bool:
    return branch.stance is not None or any(_relevant(b) for b in branch.children)


def _prune(thesis: Branch) -> Branch:
    """Under a thesis, keep only the lines of reasoning that reach the issue
    (a node with a stance on it) and the objections to the thesis itself:
    the rest of the map argues other questions."""
    kept = [b for b in thesis.children if b.relation != "supports" or _relevant(b)]
    return Branch(thesis.node, thesis.relation, thesis.stance, kept, thesis.status, thesis.qualifier)


def branch_dict(branch: Branch, argmap: ArgMap, lang: str) -> dict:
    ref = node_ref(argmap, branch.node, lang)
    del ref["map"]
    return {
        **ref,
        "relation": branch.relation,
        "stance": branch.stance,
        "qualifier": branch.qualifier or None,
        "status": branch.status,
        "children": [branch_dict(b, argmap, lang) for b in branch.children],
    }


def as_dict(c: Comparison, issue_id: str, lang: str) -> dict:
    issue = next(i for i in c.issues if i.id == issue_id)
    return {
        "issue": {"id": issue.id, "text": text(issue, lang)},
        "maps": [
            {
                "map": ch.map.id,
                "label": label(ch.map, c.maps, lang),
                "stance": ch.stance,
                **qualifiers(c.positions[issue_id][ch.map.id]),
                "tree": [branch_dict(b, ch.map, lang) for b in ch.roots],
            }
            for ch in chains(c, issue_id)
        ],
    }
