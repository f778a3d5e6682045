"""AIF in: the AIFdb JSON nodeset, and OVA's files, read into a Graph.

The Argument Interchange Format relates propositions (I-nodes) only
through scheme nodes: RA (inference), CA (conflict), MA (rephrase), PA
(preference). Dialogue is a second layer: locutions (L-nodes, "Speaker :
text"), illocutions (YA) anchoring propositions in them, transitions (TA)
between them. What argmap says of each is in docs/interop.md, "AIF"; in
short:

- I-node → a statement (`n<nodeID>`); the speaker of the locution that
  anchors it (L → YA → I) → its `speaker`;
- RA → `supports`, every I-node into it a joint source; its text or
  `scheme`, unless "Default Inference", → the scheme;
- CA → `attacks` an I-node, or `undercuts` the RA or CA it targets (that
  inference is given a label);
- MA → `same_as` between two statements of the map;
- L, YA, TA, PA and types AIF does not define: left out, each kind
  reported once with a count (AM503, AM504).

A file written by argmap's own export (aif_out) carries, under the key
`argmap`, what AIF has no place for (ids, kinds, glosses, stances, …);
when present it is read back, so that a map survives the round trip.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from pathlib import Path

from argmap import diagnostics as D
from argmap.diagnostics import Diagnostic, Label
from argmap.interop.chains import settle
from argmap.interop.graph import Graph, Inference, Issue, Statement
from argmap.interop.kinds import assign_kinds
from argmap.interop.naming import Names, is_identifier
from argmap.model import NODE_KINDS, STANCES, inference_key
from argmap.source import SourceFile, Span

EXTENSION = "argmap"
SCHEME_TYPES = ("RA", "CA", "MA", "PA")
DIALOGUE_TYPES = ("L", "YA", "TA")
KNOWN_TYPES = ("I", *SCHEME_TYPES, *DIALOGUE_TYPES)
DEFAULT_SCHEMES = {"default inference", "default conflict", "default rephrase", "default preference", "default", ""}

# Dialogue and preferences: (message, hint), reported once per kind.
_LOSSY = {
    "L": ("{n} locution{s} (L-node{s}) not carried over", "argmap keeps who said each proposition (`speaker`), not the wording of the locution"),
    "YA": ("{n} illocution{s} (YA) not carried over", "asserting, questioning, arguing, …: a map holds what is argued, not the speech acts"),
    "TA": ("{n} transition{s} (TA) between locutions not carried over", "a map holds the argument, not the order of the dialogue"),
    "PA": ("{n} preference{s} (PA) not carried over", "argmap has no preference between arguments"),
}
_SPEAKER = re.compile(r"\s*([^:\n]{1,200}?)\s*:\s")
_TAG = re.compile(r"[^\W\d][\w\-]*")


class _Obj(dict):
    """A JSON object that knows where it stands in the text, and where the
    value of each of its keys does."""

    __slots__ = ("start", "end", "values")


class _Arr(list):
    """A JSON array that knows where each of its items starts."""

    __slots__ = ("starts",)


class _At:
    """Where a JSON value that is not an object stands (an item of an array)."""

    __slots__ = ("start", "end")

    def __init__(self, start: int, end: int):
        self.start, self.end = start, end


def _decoder() -> json.JSONDecoder:
    """A JSON decoder whose objects carry their offsets (json's own C
    scanner keeps none), so that every diagnostic can point into the file."""
    decoder = json.JSONDecoder()

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        start = s_and_end[1] - 1
        spans: list[tuple[int, int]] = []

        def scan(string, idx):
            value, end = scan_once(string, idx)
            spans.append((idx, end))
            return value, end

        pairs, end = json.decoder.JSONObject(s_and_end, strict, scan, None, list, memo)
        obj = _Obj(pairs)
        obj.start, obj.end = start, end
        obj.values = {key: where for (key, _), where in zip(pairs, spans)}
        return obj, end

    def parse_array(s_and_end, scan_once):
        starts: list[int] = []

        def scan(string, idx):
            starts.append(idx)
            return scan_once(string, idx)

        values, end = json.decoder.JSONArray(s_and_end, scan)
        array = _Arr(values)
        array.starts = starts
        return array, end

    decoder.parse_object = parse_object
    decoder.parse_array = parse_array
    decoder.memo = {}
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder


def _node_id(value) -> str | None:
    """AIFdb writes ids as strings, OVA as numbers; both name the same node."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _plural(n: int) -> dict:
    return {"n": n, "s": "" if n == 1 else "s"}


class _Node:
    __slots__ = ("nid", "type", "text", "scheme", "obj", "ext", "speaker")

    def __init__(self, nid, type_, text, scheme, obj, ext):
        self.nid, self.type, self.text, self.scheme, self.obj, self.ext = nid, type_, text, scheme, obj, ext
        self.speaker = None


def read(path: str, text: str) -> Graph:
    """The Graph of one AIF file; problems are in `graph.diagnostics`."""
    return _Reader(path, text).read()


class _Reader:
    def __init__(self, path: str, text: str):
        self.file = SourceFile(path, text)
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.names = Names()
        self.explicit_kinds: dict[str, str] = {}

    # --- locating --------------------------------------------------------

    def span(self, obj=None, key: str | None = None) -> Span:
        """Where `obj` is: its `key` pair when it has one, else its first line."""
        text = self.file.text
        if isinstance(obj, _At):
            line_end = text.find("\n", obj.start)
            return self.file.span(obj.start, len(text) if line_end < 0 else line_end)
        if not isinstance(obj, _Obj):
            start = len(text) - len(text.lstrip())
            return self.file.span(start, min(len(text), start + 1))
        where = getattr(obj, "values", {}).get(key) if key is not None else None
        if where is not None:
            value_start, value_end = where
            key_start = text.rfind('"', obj.start, text.rfind(":", obj.start, value_start))
            key_start = text.rfind('"', obj.start, key_start)
            line_end = text.find("\n", value_start, value_end)
            return self.file.span(max(key_start, obj.start), value_end if line_end < 0 else line_end)
        line_end = text.find("\n", obj.start, obj.end)
        return self.file.span(obj.start, obj.end if line_end < 0 else line_end)

    def report(self, code, message, obj=None, key=None, hint=None, labels=()) -> None:
        self.diagnostics.append(Diagnostic(code, message, self.span(obj, key), hint=hint, labels=tuple(labels)))

    # --- reading ---------------------------------------------------------

    def parse(self):
        text = self.file.text
        if text.startswith("\ufeff"):
            text = " " + text[1:]  # a byte-order mark: same length, so offsets hold
        try:
            return _decoder().decode(text)
        except json.JSONDecodeError as exc:
            at = self.file.span(exc.pos, min(exc.pos + 1, len(text)))
            self.diagnostics.append(
                Diagnostic(D.IMPORT_UNREADABLE, f"not JSON: {exc.msg}", at, hint="an AIF file is a JSON object with `nodes` and `edges`")
            )
        except RecursionError:
            self.report(D.IMPORT_UNREADABLE, "the JSON nests too deep to read")
        return None

    def read(self) -> Graph:
        stem = Path(self.path).name
        for suffix in (".json", ".aif"):
            stem = stem[: -len(suffix)] if stem.lower().endswith(suffix) else stem
        stem = stem if any(c.isalnum() for c in stem) else "aif"  # standard input: "-"
        graph = Graph(meta={"id": Names().claim(stem, prefix="m"), "title": stem})
        graph.diagnostics = self.diagnostics
        data = self.parse()
        if data is None:
            return graph
        nodeset = self.nodeset(data)
        if nodeset is None:
            return graph
        nodes, edges, locutions, participants, top = nodeset
        self.build(graph, nodes, edges, locutions, participants, top)
        self.diagnostics.sort(key=lambda d: d.sort_key())
        return graph

    def nodeset(self, data):
        """(nodes, edges, locutions, participants, top object) in AIFdb's
        shape, whichever of the shapes the file has; None if none."""
        if isinstance(data, _Obj) and isinstance(data.get("AIF"), _Obj):
            data = data["AIF"]  # OVA 3 and xAIF: the nodeset under "AIF", layout beside it
        if not isinstance(data, _Obj) or not isinstance(data.get("nodes"), list):
            what = "a list" if isinstance(data, list) else "an object without a `nodes` list" if isinstance(data, _Obj) else "a single value"
            self.report(
                D.IMPORT_UNREADABLE,
                f"not an AIF nodeset: the JSON is {what}",
                data,
                hint="AIF JSON (AIFdb, OVA) is an object with `nodes`, `edges` and optionally `locutions`",
            )
            return None
        edges = data.get("edges", [])
        if not isinstance(edges, list):
            self.report(D.IMPORT_UNREADABLE, "not an AIF nodeset: `edges` is not a list", data, "edges")
            return None
        raw_nodes = data["nodes"]
        ova2 = any(isinstance(n, _Obj) and "nodeID" not in n and "id" in n for n in raw_nodes)
        locutions = data.get("locutions") if isinstance(data.get("locutions"), list) else []
        participants = data.get("participants") if isinstance(data.get("participants"), list) else []
        if ova2:
            return self.from_ova2(raw_nodes, edges, participants, data)
        return raw_nodes, edges, locutions, participants, data

    def from_ova2(self, raw_nodes, edges, participants, data):
        """OVA 2's own files: nodes with `id`, edges `from`/`to` holding whole
        nodes, the speaker of a locution as its `participantID`."""
        nodes, locutions, out_edges = [], [], []
        for raw in raw_nodes:
            if isinstance(raw, _Obj) and "id" in raw:
                node = _Obj(raw)
                node.start, node.end = raw.start, raw.end
                node.values = {**raw.values, "nodeID": raw.values["id"]}
                node["nodeID"] = raw["id"]
                if raw.get("type") == "L" and _node_id(raw.get("participantID")) not in (None, "0"):
                    locutions.append({"nodeID": raw["id"], "personID": raw.get("participantID")})
                node.pop("scheme", None)  # OVA 2 keeps a scheme number here, the name is the text
                nodes.append(node)
            else:
                nodes.append(raw)
        for raw in edges:
            if isinstance(raw, _Obj) and isinstance(raw.get("from"), dict) and isinstance(raw.get("to"), dict):
                edge = _Obj(raw)
                edge.start, edge.end = raw.start, raw.end
                edge.values = {**raw.values, "fromID": raw.values["from"], "toID": raw.values["to"]}
                edge["fromID"], edge["toID"] = raw["from"].get("id"), raw["to"].get("id")
                out_edges.append(edge)
            else:
                out_edges.append(raw)
        people = [
            {"participantID": p.get("id"), "firstname": p.get("firstname"), "surname": p.get("surname")}
            for p in participants
            if isinstance(p, dict)
        ]
        title = data.get("analysis", {}).get("documentTitle") if isinstance(data.get("analysis"), dict) else None
        if isinstance(title, str) and title.strip():
            data = _Obj(data)
            data[".title"] = title.strip()
        return nodes, out_edges, locutions, people, data

    # --- building --------------------------------------------------------

    def build(self, graph, raw_nodes, raw_edges, locutions, participants, top) -> None:
        ext_top = top.get(EXTENSION) if isinstance(top.get(EXTENSION), dict) else None
        if ext_top is not None:
            self.apply_map_extension(graph, ext_top, top)
        elif top.get(".title"):
            graph.meta["title"] = top[".title"]

        nodes = self.read_nodes(raw_nodes)
        ins, outs = self.read_edges(raw_edges, nodes)
        self.read_speakers(nodes, ins, outs, locutions, participants)

        statement_of: dict[str, Statement] = {}
        for node in nodes.values():
            if node.type != "I":
                continue
            wanted = node.ext.get("id") if node.ext and isinstance(node.ext.get("id"), str) else None
            sid = wanted if wanted and self.names.keep(wanted) else self.names.claim("n" + node.nid)
            if not node.text.strip():
                self.report(D.IMPORT_MALFORMED, f"I-node {node.nid} has no text", node.obj, "text")
            st = Statement(id=sid, text=node.text, speaker=node.speaker, origin=self.span(node.obj, "nodeID"))
            self.apply_node_extension(graph, st, node.ext)
            statement_of[node.nid] = st
            graph.statements.append(st)

        made = self.read_schemes(graph, nodes, ins, outs, statement_of, keep_paths=ext_top is not None)
        self.resolve_undercuts(graph, made, nodes)
        self.report_left_out(nodes, ins, outs)

        assign_kinds(graph)
        for st in graph.statements:
            st.kind = self.explicit_kinds.get(st.id, st.kind)

    def read_nodes(self, raw_nodes) -> dict[str, _Node]:
        nodes: dict[str, _Node] = {}
        unknown: dict[str, list] = {}
        for i, raw in enumerate(raw_nodes):
            if not isinstance(raw, _Obj):
                self.report(D.IMPORT_MALFORMED, "an entry of `nodes` is not an object", _item(raw_nodes, i))
                continue
            nid = _node_id(raw.get("nodeID"))
            if nid is None:
                self.report(D.IMPORT_MALFORMED, "a node has no `nodeID`", raw, hint="every AIF node has a `nodeID` string")
                continue
            type_ = raw.get("type")
            if not isinstance(type_, str):
                self.report(D.IMPORT_MALFORMED, f"node {nid} has no `type`", raw, "nodeID", hint="I, RA, CA, MA, PA, L, YA or TA")
                continue
            type_ = type_.strip().upper()
            if nid in nodes:
                first = nodes[nid].obj
                self.report(
                    D.IMPORT_MALFORMED,
                    f"node {nid} is defined twice",
                    raw,
                    "nodeID",
                    labels=[Label(self.span(first, "nodeID"), "first defined here")],
                )
                continue
            text = raw.get("text")
            text = text if isinstance(text, str) else ""
            scheme = raw.get("scheme")
            scheme = scheme.strip() if isinstance(scheme, str) and scheme.strip() and not scheme.strip().isdigit() else None
            ext = raw.get(EXTENSION) if isinstance(raw.get(EXTENSION), dict) else None
            if type_ not in KNOWN_TYPES:
                unknown.setdefault(type_, []).append(raw)
            nodes[nid] = _Node(nid, type_, text, scheme, raw, ext)
        for type_, objs in unknown.items():
            self.report(
                D.IMPORT_UNKNOWN,
                f'{len(objs)} node{"" if len(objs) == 1 else "s"} of type "{type_}" left out',
                objs[0],
                "type",
                hint="AIF's node types are I, RA, CA, MA, PA, L, YA and TA",
            )
        return nodes

    def read_edges(self, raw_edges, nodes):
        ins: dict[str, list[str]] = {nid: [] for nid in nodes}
        outs: dict[str, list[str]] = {nid: [] for nid in nodes}
        seen: set[tuple[str, str]] = set()
        for i, raw in enumerate(raw_edges):
            if not isinstance(raw, _Obj):
                self.report(D.IMPORT_MALFORMED, "an entry of `edges` is not an object", _item(raw_edges, i))
                continue
            src, trg = _node_id(raw.get("fromID")), _node_id(raw.get("toID"))
            name = _node_id(raw.get("edgeID"))
            what = f"edge {name}" if name else "an edge"
            if src is None or trg is None:
                missing = "fromID" if src is None else "toID"
                self.report(D.IMPORT_MALFORMED, f"{what} has no `{missing}`", raw, "edgeID" if name else None)
                continue
            absent = [n for n in (src, trg) if n not in nodes]
            if absent:
                key = "fromID" if src in absent else "toID"
                self.report(
                    D.IMPORT_MALFORMED,
                    f"{what} {'comes from' if key == 'fromID' else 'goes to'} node {absent[0]}, which the file does not define",
                    raw,
                    key,
                )
                continue
            if src == trg:
                self.report(D.IMPORT_MALFORMED, f"{what} joins node {src} to itself", raw, "fromID")
                continue
            if nodes[src].type == "I" and nodes[trg].type == "I":
                self.report(
                    D.IMPORT_MALFORMED,
                    f"{what} joins two I-nodes ({src} → {trg}) directly",
                    raw,
                    "fromID",
                    hint="AIF relates propositions only through an RA, CA or MA node",
                )
                continue
            if (src, trg) in seen:
                continue  # a repeated edge says nothing more
            seen.add((src, trg))
            outs[src].append(trg)
            ins[trg].append(src)
        return ins, outs

    def read_speakers(self, nodes, ins, outs, locutions, participants) -> None:
        names = {}
        for p in participants:
            if isinstance(p, dict):
                pid = _node_id(p.get("participantID", p.get("id")))
                name = " ".join(str(p.get(k) or "").strip() for k in ("firstname", "surname")).strip()
                if pid is not None and name:
                    names[pid] = name
        person = {}
        for loc in locutions:
            if isinstance(loc, dict):
                nid, pid = _node_id(loc.get("nodeID")), _node_id(loc.get("personID"))
                if nid is not None and pid is not None:
                    person[nid] = pid

        def speaker(lid):
            node = nodes[lid]
            match = _SPEAKER.match(node.text)
            if match:
                return match.group(1).strip()
            pid = person.get(lid)
            if pid is not None:
                return names.get(pid, f"participant {pid}")
            return None

        several: dict[str, _Node] = {}
        for ya in nodes.values():
            if ya.type != "YA":
                continue
            anchors = [n for n in ins[ya.nid] if nodes[n].type == "L"]
            for target in outs[ya.nid]:
                prop = nodes[target]
                if prop.type != "I":
                    continue
                for anchor in anchors:
                    who = speaker(anchor)
                    if who is None:
                        continue
                    if prop.speaker is None:
                        prop.speaker = who
                    elif prop.speaker != who:
                        several.setdefault(prop.nid, prop)
        if several:
            n = len(several)
            self.report(
                D.IMPORT_LOSSY,
                f"{n} proposition{'' if n == 1 else 's'} said by several speakers",
                next(iter(several.values())).obj,
                "nodeID",
                hint="a node has one `speaker`: the first is kept",
            )

    def read_schemes(self, graph, nodes, ins, outs, statement_of, keep_paths) -> dict:
        """RA, CA and MA nodes → inferences and same_as pairs. Returns the
        inferences by scheme node id, undercuts still naming node ids."""
        made: dict[str, Inference] = {}
        self.pending: dict[int, str] = {}  # id(undercut) → the scheme node it targets
        self.keep_paths = keep_paths
        self.bearing_on_inferences: list[_Node] = []
        self.odd_rephrases: list[_Node] = []
        for node in nodes.values():
            if node.type not in ("RA", "CA", "MA"):
                continue
            sources = [statement_of[n].id for n in ins[node.nid] if n in statement_of]
            # A PA node ranks the inference, it is not what the inference concludes.
            targets = [n for n in outs[node.nid] if n in statement_of or nodes[n].type in ("RA", "CA", "MA")]
            name = f"{node.type} node {node.nid}"
            if node.type == "MA":
                props = [n for n in targets if n in statement_of]
                if not sources or not props:
                    self.report(D.IMPORT_MALFORMED, f"{name} does not join two I-nodes", node.obj, "nodeID", hint="a rephrase (MA) joins one I-node to another")
                    continue
                if len(sources) > 1 or len(targets) > 1:
                    self.report(
                        D.IMPORT_MALFORMED,
                        f"{name} joins more than two nodes",
                        node.obj,
                        "nodeID",
                        hint="a rephrase (MA) joins one I-node to another",
                    )
                if _scheme(node) is not None:
                    self.odd_rephrases.append(node)
                graph.same_as.append((sources[0], statement_of[props[0]].id))
                continue
            if not sources:
                self.report(
                    D.IMPORT_MALFORMED,
                    f"{name} has no premise: no I-node points to it",
                    node.obj,
                    "nodeID",
                    hint=f"an {node.type} node needs at least one I-node as its source",
                )
                continue
            if not targets:
                self.report(D.IMPORT_MALFORMED, f"{name} has no conclusion: it points to no I-node", node.obj, "nodeID")
                continue
            if len(targets) > 1:
                named = ", ".join(statement_of[t].id if t in statement_of else f"node {t}" for t in targets)
                self.report(
                    D.IMPORT_MALFORMED,
                    f"{name} has {len(targets)} conclusions ({named})",
                    node.obj,
                    "nodeID",
                    hint="an AIF inference has one conclusion: give each its own scheme node",
                )
            target = targets[0]
            kind = "supports" if node.type == "RA" else "attacks"
            if target not in statement_of:
                if node.type == "RA" or nodes[target].type not in ("RA", "CA"):
                    self.bearing_on_inferences.append(node)
                    continue
                kind = "undercuts"
            ext = node.ext or {}
            inf = Inference(
                kind=kind,
                sources=sources,
                target=statement_of[target].id if target in statement_of else "",
                scheme=_scheme(node),
                title=ext.get("title") if isinstance(ext.get("title"), str) else None,
                note=ext.get("note") if isinstance(ext.get("note"), str) else None,
                origin=self.span(node.obj, "nodeID"),
            )
            label = ext.get("label")
            if isinstance(label, str):
                inf.label = label if self.names.keep(label) else self.names.claim(label)
            if kind == "undercuts":
                self.pending[id(inf)] = target
            made[node.nid] = inf
            graph.inferences.append(inf)
        return made

    def resolve_undercuts(self, graph, made, nodes) -> None:
        """Point each undercut at the inference it attacks (by label, or by
        key in a file argmap wrote), and leave out undercuts whose target is
        gone or that go round in a circle."""
        by_node = {id(inf): nid for nid, inf in made.items()}
        targets = {nid: self.pending[id(inf)] for nid, inf in made.items() if id(inf) in self.pending}
        standing, circle = settle(made, targets, lambda nid: nid in made)
        for nid, target in targets.items():
            if not standing[nid]:
                node = nodes[nid]
                if nid in circle:
                    message = f"CA node {nid} is in a circle of undercuts (it undercuts node {target})"
                else:
                    message = f"CA node {nid} undercuts node {target}, which has an error of its own"
                self.report(D.IMPORT_MALFORMED, message, node.obj, "nodeID")
        graph.inferences[:] = [inf for inf in graph.inferences if standing[by_node[id(inf)]]]

        # Keys, for a file argmap wrote: an undercut of an inference that had
        # no label names it by its key, which holds its own target's key.
        keys: dict[str, str] = {}
        for nid in made if self.keep_paths else ():
            if not standing[nid]:
                continue
            chain = [nid]
            while chain[-1] in targets and chain[-1] not in keys:
                chain.append(targets[chain[-1]])
            for link in reversed(chain):
                if link in keys:
                    continue
                inf = made[link]
                keys[link] = inference_key(inf.sources, keys[targets[link]] if link in targets else inf.target)

        for nid, target_nid in targets.items():
            if not standing[nid]:
                continue
            target = made[target_nid]
            if target.label is None and not self.keep_paths:
                target.label = self.names.claim("n" + target_nid)
            made[nid].target = target.label if target.label is not None else keys[target_nid]

    def report_left_out(self, nodes, ins, outs) -> None:
        carried = _carried(nodes, ins, outs)
        by_type: dict[str, list[_Node]] = {}
        for node in nodes.values():
            if node.nid not in carried:
                by_type.setdefault(node.type, []).append(node)
        for type_, (template, hint) in _LOSSY.items():
            if by_type.get(type_):
                objs = by_type[type_]
                self.report(D.IMPORT_LOSSY, template.format(**_plural(len(objs))), objs[0].obj, "nodeID", hint=hint)
        if self.bearing_on_inferences:
            n = len(self.bearing_on_inferences)
            self.report(
                D.IMPORT_LOSSY,
                f"{n} scheme node{'' if n == 1 else 's'} not carried over: support of an inference, or support or attack of a rephrase",
                self.bearing_on_inferences[0].obj,
                "nodeID",
                hint="argmap can undercut an inference, not support one; a rephrase is a `same_as`, which nothing argues about",
            )
        if self.odd_rephrases:
            n = len(self.odd_rephrases)
            self.report(
                D.IMPORT_LOSSY,
                f"the scheme{'' if n == 1 else 's'} of {n} rephrase{'' if n == 1 else 's'} (MA) not carried over",
                self.odd_rephrases[0].obj,
                "nodeID",
                hint=f"\"{_scheme(self.odd_rephrases[0])}\" …: `same_as` has no scheme",
            )

    # --- argmap's own extension -----------------------------------------

    def apply_map_extension(self, graph, ext, top) -> None:
        maps = ext.get("maps") if isinstance(ext.get("maps"), list) else []
        maps = [m for m in maps if isinstance(m, dict)]
        if maps and isinstance(maps[0].get("meta"), dict):
            graph.meta = _plain(maps[0]["meta"])
        for m in maps:
            for issue in m.get("issues") or ():
                if isinstance(issue, dict) and isinstance(issue.get("id"), str) and isinstance(issue.get("text"), str):
                    graph.issues.append(Issue(issue["id"], issue["text"], issue.get("en") if isinstance(issue.get("en"), str) else None))
        if len(maps) > 1:
            self.report(
                D.IMPORT_LOSSY,
                f"the file holds {len(maps)} maps ({', '.join(str(m.get('id')) for m in maps)})",
                top,
                EXTENSION,
                hint="they are read as one map; export one map per file to read each back",
            )

    def apply_node_extension(self, graph: Graph, st: Statement, ext) -> None:
        if not ext:
            return
        if ext.get("kind") in NODE_KINDS:
            self.explicit_kinds[st.id] = ext["kind"]
        for key in ("title", "en", "locator", "quote", "source", "note"):
            if isinstance(ext.get(key), str):
                setattr(st, key, ext[key])
        # What argmap wrote is read back; what it could not have written (a
        # hand edit) is passed over, and the AIF around it still stands.
        st.tags = [t for t in _list(ext.get("tags")) if isinstance(t, str) and _TAG.fullmatch(t)]
        for stance in _list(ext.get("stances")):
            if not (isinstance(stance, list) and len(stance) in (2, 4) and all(isinstance(v, (str, type(None))) for v in stance)):
                continue
            if isinstance(stance[0], str) and is_identifier(stance[0]) and stance[1] in STANCES:
                st.stances.append(tuple(stance) if len(stance) == 4 and any(stance[2:]) else tuple(stance[:2]))
        graph.same_as.extend((st.id, t) for t in _list(ext.get("same_as")) if _remote(t))
        graph.contradicts.extend((st.id, t) for t in _list(ext.get("contradicts")) if _remote(t))


def _plain(value):
    """JSON values as plain dicts and lists (the decoder's carry positions,
    which YAML, for one, cannot write)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _remote(target) -> bool:
    """`map:node`, both identifiers."""
    return isinstance(target, str) and target.count(":") == 1 and all(is_identifier(p) for p in target.split(":"))


def _item(array, i: int):
    starts = getattr(array, "starts", None)
    return _At(starts[i], starts[i] + 1) if starts and i < len(starts) else None


def _carried(nodes: dict[str, _Node], ins, outs) -> set[str]:
    """L and YA nodes that say nothing the statement does not: a locution
    that is its speaker asserting one proposition word for word, as argmap's
    own export writes a speaker."""
    out: set[str] = set()
    for lnode in nodes.values():
        if lnode.type != "L" or ins[lnode.nid] or len(outs[lnode.nid]) != 1:
            continue
        ya = nodes[outs[lnode.nid][0]]
        if ya.type != "YA" or ya.text.strip() != "Asserting" or ins[ya.nid] != [lnode.nid] or len(outs[ya.nid]) != 1:
            continue
        prop = nodes[outs[ya.nid][0]]
        match = _SPEAKER.match(lnode.text)
        if prop.type == "I" and lnode.text[match.end() if match else 0 :] == prop.text:
            out.update((lnode.nid, ya.nid))
    return out


def _scheme(node: _Node) -> str | None:
    name = (node.scheme or node.text or "").strip()
    return None if name.lower() in DEFAULT_SCHEMES else name
