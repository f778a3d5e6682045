"""AIF out: maps as one AIFdb JSON nodeset.

Plain AIF, as AIFdb serves it and OVA and arguebuf read it:

- a node → an I-node; its speaker → an L-node ("Speaker : text") that
  anchors it through a YA ("Asserting"), a locution and a participant;
- `supports` → an RA node (its text the scheme, or "Default Inference"),
  every source an edge into it; `attacks` → a CA node ("Default
  Conflict"); `undercuts` → a CA node whose edge goes to the RA or CA of
  the inference it attacks; `same_as` within a map → an MA node.

What AIF has no place for (ids, kinds, glosses, locators, quotes, tags,
stances, labels, titles and notes of inferences, links to other maps, the
front matter) rides along under the key `argmap`, on the nodes and at the
top; AIF readers ignore keys they do not know, and argmap's reader
(aif.py) reads it back, so that export then import gives the same map.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from argmap.interop.chains import held_inferences
from argmap.model import ArgMap, Node

EXTENSION = "argmap"
EXTENSION_VERSION = 1
DEFAULT_TEXT = {"supports": "Default Inference", "attacks": "Default Conflict", "undercuts": "Default Conflict"}


def to_aif(maps: Sequence[ArgMap], issues: dict | None = None) -> dict:
    """One nodeset holding every map given; node ids are numbers, in order.
    `issues` (id → Issue, the corpus's) are the questions the maps' stances
    answer: each map carries those it answers, so that an import declares
    them even when they live in an issues file beside the maps."""
    return _Writer(maps, issues or {}).run()


class _Writer:
    def __init__(self, maps: Sequence[ArgMap], issues: dict):
        self.maps = list(maps)
        self.issues = issues
        self.several = len(self.maps) > 1
        self.nodes: list[dict] = []
        self.edges: list[dict] = []
        self.locutions: list[dict] = []
        self.participants: dict[str, str] = {}
        self.count = 0

    def new_id(self) -> str:
        self.count += 1
        return str(self.count)

    def node(self, type_: str, text: str, when: str, ext: dict | None = None) -> str:
        nid = self.new_id()
        entry = {"nodeID": nid, "text": text, "type": type_, "timestamp": when}
        if ext:
            entry[EXTENSION] = ext
        self.nodes.append(entry)
        return nid

    def edge(self, src: str, trg: str) -> None:
        self.edges.append({"edgeID": str(len(self.edges) + 1), "fromID": src, "toID": trg, "formEdgeID": None})

    def run(self) -> dict:
        for argmap in self.maps:
            self.write_map(argmap)
        people = [{"participantID": pid, "firstname": name, "surname": ""} for name, pid in self.participants.items()]
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "locutions": self.locutions,
            "participants": people,
            EXTENSION: {
                "version": EXTENSION_VERSION,
                "maps": [
                    {
                        "id": m.id,
                        "meta": _plain(m.meta),
                        "issues": [{"id": i.id, "text": i.text, "en": i.en} for i in self.answered(m)],
                    }
                    for m in self.maps
                ],
            },
        }

    def answered(self, argmap: ArgMap) -> list:
        """The map's own issue declarations, then the corpus's issues its stances answer."""
        own = {i.id: i for i in argmap.issues}
        for stance in argmap.stances:
            if stance.issue not in own and stance.issue in self.issues:
                own[stance.issue] = self.issues[stance.issue]
        return list(own.values())

    def write_map(self, argmap: ArgMap) -> None:
        when = _timestamp(argmap.meta)
        stances: dict[str, list] = {}
        for stance in argmap.stances:
            value = [stance.issue, stance.stance]
            if stance.qualified:
                value += [stance.scope, stance.condition]
            stances.setdefault(stance.node, []).append(value)
        links: dict[str, dict[str, list[str]]] = {}
        for rel in argmap.relations:
            if rel.kind in ("same_as", "contradicts") and rel.target_map is not None:
                links.setdefault(rel.source, {}).setdefault(rel.kind, []).append(rel.target)

        inode: dict[str, str] = {}
        for node in argmap.nodes:
            if node.id in inode:
                continue  # a duplicate id (AM202): the first is the node
            inode[node.id] = self.node("I", node.text, when, self.node_extension(argmap, node, stances, links))

        # Every inference gets its scheme node first, so that an undercut can
        # point at one that comes later in the map.
        snode: dict[str, str] = {}
        local = held_inferences(argmap, inode, DEFAULT_TEXT)
        for rel in local:
            ext = {k: v for k, v in (("label", rel.label), ("title", rel.title), ("note", rel.note)) if v is not None}
            type_ = "RA" if rel.kind == "supports" else "CA"
            snode[rel.key] = self.node(type_, rel.scheme or DEFAULT_TEXT[rel.kind], when, ext or None)
        for rel in local:
            for src in rel.sources:
                self.edge(inode[src], snode[rel.key])
            self.edge(snode[rel.key], snode[rel.edge] if rel.kind == "undercuts" else inode[rel.target_node])
        for rel in argmap.relations:
            if rel.kind == "same_as" and rel.target_map is None and rel.source in inode and rel.target_node in inode:
                ma = self.node("MA", "Default Rephrase", when)
                self.edge(inode[rel.source], ma)
                self.edge(ma, inode[rel.target_node])

        for node in argmap.nodes:
            if node.speaker and node.id in inode:
                pid = self.participants.setdefault(node.speaker, str(len(self.participants) + 1))
                lnode = self.node("L", f"{node.speaker} : {node.text}", when)
                ya = self.node("YA", "Asserting", when)
                self.edge(lnode, ya)
                self.edge(ya, inode[node.id])
                self.locutions.append({"nodeID": lnode, "personID": pid, "timestamp": when, "start": None, "end": None, "source": None})

    def node_extension(self, argmap: ArgMap, node: Node, stances: dict, links: dict) -> dict:
        ext: dict = {"id": node.id, "kind": node.kind}
        if self.several:
            ext["map"] = argmap.id
        for key in ("title", "en", "locator", "quote", "source", "note"):
            value = getattr(node, key)
            if value is not None:
                ext[key] = value
        if node.tags:
            ext["tags"] = list(node.tags)
        if node.id in stances:
            ext["stances"] = stances[node.id]
        ext.update(links.get(node.id, {}))
        return ext


def _timestamp(meta: dict) -> str:
    """AIFdb stamps every node; a map knows its date or year, not the hour.
    A fixed stamp keeps the export the same from run to run."""
    date = meta.get("date")
    if isinstance(date, (datetime.date, datetime.datetime)):
        return f"{date:%Y-%m-%d} 00:00:00"
    if isinstance(date, str) and len(date) >= 10 and date[4] == "-" and date[7] == "-" and date[:4].isdigit():
        return f"{date[:10]} 00:00:00"
    year = meta.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and 1 <= year <= 9999:
        return f"{year:04d}-01-01 00:00:00"
    return "1970-01-01 00:00:00"


def _plain(value):
    """Front matter made JSON: YAML dates become ISO strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value
