"""arggraph out: a map as the XML of the Potsdam microtext corpus.

Each node is one EDU (its text) segmented into one ADU, numbered as the
corpus numbers them (`e1`, `a1`, edges `c1` …), the thesis first, the
others in the map's order. An ADU
is the opponent's (`opp`) when its speaker is "opponent", or, with no such
speaker, when it stands against the thesis (a counterpoint, or a reason
given for one); otherwise the proponent's (`pro`).

- `supports` → `sup` (`exa` when its scheme is "example"), `attacks` →
  `reb`, `undercuts` → `und` aimed at the edge of the inference it
  attacks; a linked inference's further sources → `add` edges onto it;
- the thesis's first stance → the text's `topic_id` and `stance` (pro or
  con; a mixed stance has no place).

What arggraph has no place for is left out; docs/interop.md lists it.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from argmap.interop.chains import held_inferences
from argmap.interop.graph import Graph, Inference, Statement
from argmap.interop.kinds import count_sides
from argmap.model import ArgMap

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
RELATION = {"supports": "sup", "attacks": "reb", "undercuts": "und"}


def to_arggraph(argmap: ArgMap) -> str:
    nodes = list({n.id: n for n in reversed(argmap.nodes)}.values())[::-1]  # first of a duplicate id
    # The thesis first: a reader that finds several ADUs arguing for nothing
    # (nodes the map leaves unattached) takes the first as the central claim.
    nodes.sort(key=lambda n: n.kind != "thesis")
    adu = {n.id: f"a{i}" for i, n in enumerate(nodes, 1)}
    roles = _roles(argmap, nodes)

    thesis = next((n for n in nodes if n.kind == "thesis"), None)
    stance = next((s for s in argmap.stances if thesis is not None and s.node == thesis.id), None)
    head = f"<arggraph id={quoteattr(argmap.id or 'map')}"
    if stance is not None:
        head += f" topic_id={quoteattr(stance.issue)}"
        if stance.stance in ("pro", "con"):
            head += f" stance={quoteattr(stance.stance)}"
    lines = ["<?xml version='1.0' encoding='UTF-8'?>", head + ">"]
    for i, node in enumerate(nodes, 1):
        lines.append(f'  <edu id="e{i}">{_cdata(node.text)}</edu>')
    for node in nodes:
        lines.append(f'  <adu id="{adu[node.id]}" type="{roles[node.id]}"/>')

    edges: list[tuple[str, str, str]] = [(f"e{i}", adu[n.id], "seg") for i, n in enumerate(nodes, 1)]
    relations = held_inferences(argmap, adu, RELATION)
    edge_id = {rel.key: f"c{len(edges) + i}" for i, rel in enumerate(relations, 1)}
    adds: list[tuple[str, str, str]] = []
    for rel in relations:
        kind = RELATION[rel.kind]
        if kind == "sup" and (rel.scheme or "").strip().lower() == "example":
            kind = "exa"
        target = edge_id[rel.edge] if rel.kind == "undercuts" else adu[rel.target_node]
        edges.append((adu[rel.source], target, kind))
        adds.extend((adu[src], edge_id[rel.key], "add") for src in rel.joint)
    for i, (src, trg, kind) in enumerate(edges + adds, 1):
        lines.append(f'  <edge id="c{i}" src="{src}" trg="{trg}" type="{kind}"/>')
    lines.append("</arggraph>")
    return "\n".join(lines) + "\n"


def _roles(argmap: ArgMap, nodes) -> dict[str, str]:
    """pro or opp for each node: its speaker's role if it has one, else its
    side counted from the thesis (a support keeps the side, an attack
    turns it)."""
    graph = Graph(meta={}, statements=[Statement(n.id, n.text) for n in nodes])
    labels: dict[str, str] = {}
    for rel in argmap.relations:
        if rel.target_map is None and rel.kind in RELATION:
            labels.setdefault(rel.key, f"\x00{len(labels)}")
    for rel in argmap.relations:
        if rel.target_map is None and rel.kind in RELATION:
            target = labels.get(rel.edge, "") if rel.kind == "undercuts" else rel.target_node
            graph.inferences.append(Inference(rel.kind, list(rel.sources), target, label=labels[rel.key]))
    side: dict[str, int] = {n.id: 1 if n.speaker == "proponent" else -1 for n in nodes if n.speaker in ("proponent", "opponent")}
    thesis = next((n.id for n in nodes if n.kind == "thesis"), None)
    if thesis is not None:
        side.setdefault(thesis, 1)
        count_sides(graph, thesis, side)
    out = {}
    for node in nodes:
        if node.id not in side:
            side[node.id] = -1 if node.kind == "counterpoint" else 1
        out[node.id] = "opp" if side[node.id] < 0 else "pro"
    return out


def _cdata(text: str) -> str:
    text = _NOT_XML.sub("\ufffd", text)
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
