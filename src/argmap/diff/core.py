"""The semantic diff of two versions of a corpus, computed from the model.

Lines do not matter here: layout, comments, the order of a node's entries and
whether a relation is written nested or on its own line are invisible to the
model, so a re-formatted file has no change. What is compared:

- front matter, key by key;
- nodes by id: added, removed, kind, text (with a token diff readable for
  CJK text: each wide character is a token, a run of Latin letters is one),
  attributes (`en`, `at`, `quote`, `source`, `note`), tags, and a block
  moved in the file's order; a node whose id changed but whose text did not
  is a rename, and relations and stances are read through the rename;
- relations (supports, attacks, undercuts, same_as, contradicts) by source,
  kind and target;
- stances by node and issue, qualifiers included;
- issues: added, removed, reworded;
- across the corpus, each map's position on each issue as `compare` reads it.

Every change is a plain dict in the JSON contract of docs/diff.md, so the
renderers and `--format json` read the same thing.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from argmap.model import ArgMap, Node, Relation, Stance

VERSION = 1
ATTRIBUTES = (("en", "en"), ("at", "locator"), ("quote", "quote"), ("source", "source"), ("note", "note"))

# Kinds of change that come in added/removed pairs: swapping them (and old
# with new) turns `diff A B` into `diff B A`.
_MIRROR = {
    "node_added": "node_removed",
    "node_removed": "node_added",
    "relation_added": "relation_removed",
    "relation_removed": "relation_added",
    "issue_added": "issue_removed",
    "issue_removed": "issue_added",
}


# ---- text ----------------------------------------------------------------

# Texts of more tokens than this on either side are diffed in their changed
# middle only (docs/diff.md, "text changed").
MAX_DIFF_TOKENS = 1000

_TOKEN = re.compile(r"\s+|[0-9A-Za-z_\u00c0-\u024f'’\-]+|.", re.S)


def tokens(text: str) -> list[str]:
    """Words of Latin text, single characters otherwise (CJK, punctuation)."""
    return _TOKEN.findall(text)


def text_ops(old: str, new: str) -> list[list[str]]:
    """[[op, text], …] with op `=`, `-` or `+`: a diff of two strings, token
    by token, with a deletion always before the insertion that replaces it."""
    a, b = tokens(old), tokens(new)
    ops: list[list[str]] = []

    def put(op: str, text: str) -> None:
        if not text:
            return
        if ops and ops[-1][0] == op:
            ops[-1][1] += text
        else:
            ops.append([op, text])

    head = tail = 0
    rest = ""
    if len(a) > MAX_DIFF_TOKENS or len(b) > MAX_DIFF_TOKENS:
        # SequenceMatcher is cubic in the worst case (a long text of few
        # distinct tokens: 4,000 took 3 s, 40,000 over five minutes). Past the limit,
        # only the changed middle is diffed, and a middle still past it is
        # shown replaced whole.
        while head < min(len(a), len(b)) and a[head] == b[head]:
            head += 1
        while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
            tail += 1
        put("=", "".join(a[:head]))
        rest = "".join(a[len(a) - tail :])
        a, b = a[head : len(a) - tail], b[head : len(b) - tail]
    if len(a) > MAX_DIFF_TOKENS or len(b) > MAX_DIFF_TOKENS:
        put("-", "".join(a))
        put("+", "".join(b))
    else:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                put("=", "".join(a[i1:i2]))
            else:
                put("-", "".join(a[i1:i2]))
                put("+", "".join(b[j1:j2]))
    if head or tail:
        put("=", rest)
    return _tidy(ops)


def _tidy(ops: list[list[str]]) -> list[list[str]]:
    """Fold a lone space or one character kept between two changes into them,
    so `[-ab-]{+cd+}` does not read `[-a-]{+c+}x[-b-]{+d+}` for nothing."""
    out: list[list[str]] = []
    i = 0
    while i < len(ops):
        op, text = ops[i]
        between = 0 < i < len(ops) - 1 and op == "=" and len(text) <= 1 and ops[i - 1][0] != "=" and ops[i + 1][0] != "="
        if between and out:
            # Append the kept text to both sides of the change around it.
            dels = [o for o in out[-2:] if o[0] == "-"]
            adds = [o for o in out[-2:] if o[0] == "+"]
            if dels:
                dels[-1][1] += text
            else:
                out.append(["-", text])
            if adds:
                adds[-1][1] += text
            else:
                out.append(["+", text])
        else:
            out.append([op, text])
        i += 1
    # Re-merge: runs of -/+ become one deletion then one insertion.
    merged: list[list[str]] = []
    for op, text in out:
        if op == "=" or not merged or merged[-1][0] == "=":
            if merged and merged[-1][0] == op:
                merged[-1][1] += text
            else:
                merged.append([op, text])
            continue
        # Inside a change run: collect into the run's single - and +.
        run_start = len(merged) - 1
        while run_start > 0 and merged[run_start - 1][0] != "=":
            run_start -= 1
        run = merged[run_start:]
        dels = "".join(t for o, t in run if o == "-") + (text if op == "-" else "")
        adds = "".join(t for o, t in run if o == "+") + (text if op == "+" else "")
        merged[run_start:] = [o for o in (["-", dels], ["+", adds]) if o[1]]
    return merged


def similarity(ops: list[list[str]]) -> float:
    """Share of the longer text that is kept."""
    kept = sum(len(t) for op, t in ops if op == "=")
    old = kept + sum(len(t) for op, t in ops if op == "-")
    new = kept + sum(len(t) for op, t in ops if op == "+")
    return kept / max(old, new, 1)


# ---- the result ----------------------------------------------------------


@dataclass
class FileDiff:
    """One map (file) in its two versions; either side may be missing."""

    old: ArgMap | None
    new: ArgMap | None
    changes: list[dict] = field(default_factory=list)
    same_bytes: bool = False

    @property
    def old_path(self) -> str | None:
        return self.old.path if self.old is not None else None

    @property
    def new_path(self) -> str | None:
        return self.new.path if self.new is not None else None

    @property
    def map_id(self) -> str | None:
        for m in (self.new, self.old):
            if m is not None and m.id is not None:
                return m.id
        return None

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if self.changes:
            return "modified"
        return "unchanged" if self.same_bytes else "reformatted"


@dataclass
class Diff:
    old_name: str
    new_name: str
    files: list[FileDiff]
    positions: list[dict]
    labels: dict = field(default_factory=dict)  # map id → "湯名暉 2025"

    @property
    def same(self) -> bool:
        return not self.positions and all(not f.changes and f.old is not None and f.new is not None for f in self.files)

    def summary(self) -> dict:
        counts: Counter = Counter()
        for f in self.files:
            nodes_changed = set()
            for c in f.changes:
                kind = c["change"]
                if kind in ("node_added", "node_removed", "relation_added", "relation_removed", "issue_added", "issue_removed"):
                    counts[kind.replace("_added", "s_added").replace("_removed", "s_removed")] += 1
                elif kind.startswith("stance_"):
                    counts["stances_changed"] += 1
                elif kind.startswith("issue_"):
                    counts["issues_changed"] += 1
                elif kind == "front_matter":
                    counts["front_matter_changed"] += 1
                else:
                    nodes_changed.add(c["node"])
            counts["nodes_changed"] += len(nodes_changed)
            counts["maps_" + f.status] += 1
        counts["positions_changed"] = len(self.positions)
        keys = (
            "maps_added", "maps_removed", "maps_modified", "maps_reformatted", "maps_unchanged",
            "nodes_added", "nodes_removed", "nodes_changed", "relations_added", "relations_removed",
            "stances_changed", "issues_added", "issues_removed", "issues_changed", "front_matter_changed",
            "positions_changed",
        )  # fmt: skip
        return {k: counts.get(k, 0) for k in keys}


def invert(change: dict) -> dict:
    """The same change seen from the other side (`diff B A`)."""
    out = dict(change)
    out["change"] = _MIRROR.get(change["change"], change["change"])
    if change["change"] == "node_renamed":
        out["node"], out["old_id"] = change["old_id"], change["node"]
    if "old" in change and "new" in change:
        out["old"], out["new"] = change["new"], change["old"]
    if change["change"] in ("stance_added", "stance_removed"):
        out["change"] = "stance_removed" if change["change"] == "stance_added" else "stance_added"
    if change["change"] == "tags_changed":
        out["added"], out["removed"] = change["removed"], change["added"]
    if "diff" in change:
        swapped = [[{"-": "+", "+": "-"}.get(op, op), t] for op, t in change["diff"]]
        # Within each run of changes the deletion comes first again.
        ops, run = [], []
        for op in swapped + [["=", ""]]:
            if op[0] == "=":
                ops += sorted(run, key=lambda o: o[0] != "-") + ([op] if op[1] else [])
                run = []
            else:
                run.append(op)
        out["diff"] = ops
    return out


# ---- pieces of the model as data -----------------------------------------


def node_data(node: Node) -> dict:
    return {
        "node": node.id,
        "kind": node.kind,
        "text": node.text,
        "en": node.en,
        "at": node.locator,
        "quote": node.quote,
        "source": node.source,
        "note": node.note,
        "tags": list(node.tags),
    }


def stance_data(stance: Stance | None) -> dict | None:
    if stance is None:
        return None
    return {"stance": stance.stance, "scope": stance.scope, "condition": stance.condition}


def relation_target(rel: Relation | tuple) -> str:
    if isinstance(rel, tuple):
        kind, target_map, target_node, edge_from, inference = rel[1], rel[2], rel[3], rel[4], rel[5]
        edge = inference[1]
    else:
        kind, target_map, target_node, edge_from, edge = rel.kind, rel.target_map, rel.target_node, rel.edge_from, rel.edge
    if edge is not None:
        return edge.replace("->", " -> ").replace("+", " + ")
    if edge_from is not None:
        return f"{edge_from} -> {target_node}"
    if target_map is not None:
        return f"{target_map}:{target_node}"
    return target_node


def _rel_key(rel: Relation) -> tuple:
    """A relation's identity: what it relates, and (last) the rest of its
    inference, so that a joint source, a label or a scheme that changes is a
    change: (joint sources, undercut key, label, scheme, title, note)."""
    inference = (rel.joint, rel.edge, rel.label, rel.scheme, rel.title, rel.note)
    return (rel.source, rel.kind, rel.target_map, rel.target_node, rel.edge_from, inference)


def _rel_change(kind: str, key: tuple) -> dict:
    source, rel_kind, target_map, target_node, edge_from, (joint, edge, label, scheme, title, note) = key
    out = {
        "change": kind,
        "node": source,
        "relation": rel_kind,
        "target": relation_target(key),
        "target_map": target_map,
        "target_node": target_node,
        "edge_from": edge_from,
    }
    # Only what a relation has: a plain one reads as it always did.
    more = {"sources": [source, *joint] if joint else None, "label": label, "scheme": scheme, "title": title, "note": note}
    return {**out, **{k: v for k, v in more.items() if v}}


# ---- pairing maps and nodes -----------------------------------------------


def pair_maps(old: list[tuple[str, ArgMap]], new: list[tuple[str, ArgMap]]) -> list[tuple[ArgMap | None, ArgMap | None]]:
    """Match the maps of two versions: (key, map) pairs, the key being the
    path inside the folder given. One file against one file always pairs;
    otherwise by map id, then by key. In the new side's order, the maps
    only in the old side placed by key."""
    if len(old) == 1 and len(new) == 1:
        return [(old[0][1], new[0][1])]
    pairs: list[tuple[str, ArgMap | None, ArgMap | None]] = []
    old_left = list(old)
    by_id = {m.id: (k, m) for k, m in old if m.id is not None}
    new_left = []
    for key, m in new:
        match = by_id.pop(m.id, None) if m.id is not None else None
        if match is not None and match in old_left:
            old_left.remove(match)
            pairs.append((key, match[1], m))
        else:
            new_left.append((key, m))
    by_key = {k: (k, m) for k, m in old_left}
    for key, m in new_left:
        match = by_key.pop(key, None)
        if match is not None:
            old_left.remove(match)
            pairs.append((key, match[1], m))
        else:
            pairs.append((key, None, m))
    pairs += [(k, m, None) for k, m in old_left]
    pairs.sort(key=lambda p: p[0])
    return [(o, n) for _, o, n in pairs]


def renames(old: ArgMap, new: ArgMap) -> dict[str, str]:
    """old id → new id for nodes whose id changed but whose text did not
    (the same kind preferred when several nodes share a text)."""
    new_ids = {n.id for n in new.nodes}
    old_ids = {n.id for n in old.nodes}
    gone = [n for n in old.nodes if n.id not in new_ids]
    came: dict[str, list[Node]] = defaultdict(list)
    for n in new.nodes:
        if n.id not in old_ids:
            came[n.text].append(n)
    out: dict[str, str] = {}
    for node in gone:
        candidates = came.get(node.text)
        if not candidates:
            continue
        pick = next((c for c in candidates if c.kind == node.kind), candidates[0])
        candidates.remove(pick)
        out[node.id] = pick.id
    return out


# ---- one map --------------------------------------------------------------


def _value_change(change: dict, old, new) -> dict:
    change["old"], change["new"] = old, new
    if isinstance(old, str) and isinstance(new, str):
        change["diff"] = text_ops(old, new)
    return change


def _front_matter(old: dict, new: dict) -> list[dict]:
    out = []
    for key in list(new) + [k for k in old if k not in new]:
        if old.get(key) != new.get(key) or (key in old) != (key in new):
            out.append(_value_change({"change": "front_matter", "key": key}, old.get(key), new.get(key)))
    return out


def _moves(old: ArgMap, new: ArgMap, rename: dict[str, str]) -> dict[str, str | None]:
    """Nodes whose block moved in the file's order: new id → the node it now
    follows (None: first). A moved block is reported once, at its top."""
    new_ids = [n.id for n in new.nodes]
    present = set(new_ids)
    old_seq = [rename.get(n.id, n.id) for n in old.nodes if rename.get(n.id, n.id) in present]
    common = set(old_seq)
    new_seq = [i for i in new_ids if i in common]
    matcher = difflib.SequenceMatcher(None, old_seq, new_seq, autojunk=False)
    kept = set()
    for block in matcher.get_matching_blocks():
        kept.update(new_seq[block.b : block.b + block.size])
    moved = [i for i in new_seq if i not in kept]
    parents = {n.id: n.parent for n in new.nodes}
    out: dict[str, str | None] = {}
    moved_set = set(moved)
    position: dict[str, int] = {}
    for i, node_id in enumerate(new_ids):
        position.setdefault(node_id, i)
    for node_id in moved:
        parent, inside = parents.get(node_id), False
        while parent is not None:
            if parent in moved_set:
                inside = True
                break
            parent = parents.get(parent)
        if inside:
            continue
        at = position[node_id]
        out[node_id] = new_ids[at - 1] if at else None
    return out


def diff_maps(old: ArgMap | None, new: ArgMap | None, cross: dict[tuple, tuple] | None = None) -> list[dict]:
    """The changes from one version of a map to the next, in the new file's
    order (a removed node where it stood). `cross` maps (map, node) of the
    old corpus to its new name, for links into renamed nodes of other maps."""
    empty = ArgMap(path="", source=None, id=None, meta={})
    old = old or empty
    new = new or empty
    cross = cross or {}
    rename = renames(old, new)
    back = {v: k for k, v in rename.items()}
    changes = _front_matter(old.meta, new.meta)

    groups: dict[str, list[dict]] = defaultdict(list)
    old_by_id, new_by_id = old.by_id, new.by_id
    moves = _moves(old, new, rename) if old.nodes and new.nodes else {}

    for node in new.nodes:
        before = old_by_id.get(back.get(node.id, node.id))
        group = groups[node.id]
        if before is None:
            group.append({"change": "node_added", **node_data(node)})
            continue
        if node.id in back:
            group.append({"change": "node_renamed", "node": node.id, "old_id": back[node.id]})
        if node.id in moves:
            group.append({"change": "node_moved", "node": node.id, "after": moves[node.id]})
        if before.kind != node.kind:
            group.append({"change": "kind_changed", "node": node.id, "old": before.kind, "new": node.kind})
        if before.text != node.text:
            change = _value_change({"change": "text_changed", "node": node.id}, before.text, node.text)
            change["en"] = node.en
            group.append(change)
        for name, attr in ATTRIBUTES:
            a, b = getattr(before, attr), getattr(node, attr)
            if a != b:
                group.append(_value_change({"change": "attribute_changed", "node": node.id, "attribute": name}, a, b))
        if before.tags != node.tags:
            added = [t for t in node.tags if t not in before.tags]
            removed = [t for t in before.tags if t not in node.tags]
            if added or removed:
                group.append({"change": "tags_changed", "node": node.id, "added": added, "removed": removed})
    for node in old.nodes:
        if node.id not in rename and node.id not in new_by_id:
            groups[f"\0{node.id}"].append({"change": "node_removed", **node_data(node)})

    # Relations, read through renames in this map and in others.
    def renamed_key(rel: Relation) -> tuple:
        source, kind, tmap, tnode, efrom, (joint, edge, *attrs) = _rel_key(rel)
        if tmap is None:
            joint = tuple(rename.get(j, j) for j in joint)
            if edge is not None:  # an undercut key names nodes too
                edge = re.sub(r"[^+>\-]+", lambda m: rename.get(m.group(), m.group()), edge)
            inference = (joint, edge, *attrs)
            return (rename.get(source, source), kind, None, rename.get(tnode, tnode), rename.get(efrom, efrom) if efrom else None,
                    inference)
        new_map, new_node = cross.get((tmap, tnode), (tmap, tnode))
        return (rename.get(source, source), kind, new_map, new_node, efrom, (joint, edge, *attrs))

    new_rels = Counter(_rel_key(r) for r in new.relations)
    removed_rels = []
    for rel in old.relations:
        for key in (renamed_key(rel), _rel_key(rel)):
            if new_rels[key] > 0:
                new_rels[key] -= 1
                break
        else:
            removed_rels.append(renamed_key(rel))
    added_rels = []
    for rel in new.relations:  # what no old relation matched, in file order
        key = _rel_key(rel)
        if new_rels[key] > 0:
            new_rels[key] -= 1
            added_rels.append(key)
    for key in removed_rels:
        source = key[0]
        groups[source if source in new_by_id else f"\0{back.get(source, source)}"].append(_rel_change("relation_removed", key))
    for key in added_rels:
        groups[key[0]].append(_rel_change("relation_added", key))

    # Stances, per node and issue, in order.
    def stance_table(argmap: ArgMap, through: dict[str, str]) -> dict[tuple, list[Stance]]:
        table: dict[tuple, list[Stance]] = defaultdict(list)
        for s in argmap.stances:
            table[(through.get(s.node, s.node), s.issue)].append(s)
        return table

    old_st, new_st = stance_table(old, rename), stance_table(new, {})
    keys = list(new_st) + [k for k in old_st if k not in new_st]
    for key in keys:
        a, b = old_st.get(key, []), new_st.get(key, [])
        # Identical entries pair first; the rest pair up in order.
        a_left = [s for s in a if stance_data(s) not in [stance_data(t) for t in b]]
        b_left = [s for s in b if stance_data(s) not in [stance_data(t) for t in a]]
        node_id, issue = key
        for i in range(max(len(a_left), len(b_left))):
            sa = a_left[i] if i < len(a_left) else None
            sb = b_left[i] if i < len(b_left) else None
            kind = "stance_changed" if sa and sb else ("stance_added" if sb else "stance_removed")
            where = node_id if node_id in new_by_id else f"\0{back.get(node_id, node_id)}"
            groups[where].append({"change": kind, "node": node_id, "issue": issue, "old": stance_data(sa), "new": stance_data(sb)})

    # Order: nodes in the new file's order; a removed node after the node it
    # followed in the old file.
    new_pos = {n.id: i for i, n in enumerate(new.nodes)}
    order: dict[str, tuple] = {}
    last = -1
    for i, n in enumerate(old.nodes):
        survivor = rename.get(n.id, n.id)
        if survivor in new_pos:
            last = new_pos[survivor]
        else:
            order[f"\0{n.id}"] = (last, 1, i)
    for node_id, i in new_pos.items():
        order[node_id] = (i, 0, 0)
    rank = {"node_added": 0, "node_removed": 0, "node_renamed": 1, "node_moved": 2, "kind_changed": 3, "text_changed": 4, "attribute_changed": 5, "tags_changed": 6, "relation_removed": 7, "relation_added": 8}
    for key in sorted(groups, key=lambda k: order.get(k, (len(new_pos), 2, 0))):
        changes += sorted(groups[key], key=lambda c: rank.get(c["change"], 9))

    changes += _issues(old, new)
    return changes


def _issues(old: ArgMap, new: ArgMap) -> list[dict]:
    out = []
    before = {i.id: i for i in old.issues}
    now = {i.id for i in new.issues}
    for issue in new.issues:
        prev = before.get(issue.id)
        if prev is None:
            out.append({"change": "issue_added", "issue": issue.id, "text": issue.text, "en": issue.en, "note": issue.note, "tags": list(issue.tags)})
            continue
        for name in ("text", "en", "note"):
            a, b = getattr(prev, name), getattr(issue, name)
            if a != b:
                out.append(_value_change({"change": "issue_changed", "issue": issue.id, "attribute": name}, a, b))
        if prev.tags != issue.tags:
            out.append({"change": "issue_changed", "issue": issue.id, "attribute": "tags", "old": list(prev.tags), "new": list(issue.tags)})
    for issue in old.issues:
        if issue.id not in now:
            out.append({"change": "issue_removed", "issue": issue.id, "text": issue.text, "en": issue.en, "note": issue.note, "tags": list(issue.tags)})
    return out


# ---- positions across the corpus ----------------------------------------


def _positions(maps: list[ArgMap], declared: set[str] | None) -> dict[tuple[str, str], dict]:
    from argmap.compare.analysis import position

    out = {}
    for m in maps:
        if m.id is None or not m.nodes:
            continue
        grouped: dict[str, list[Stance]] = defaultdict(list)
        for s in m.stances:
            if declared is None or s.issue in declared:
                grouped[s.issue].append(s)
        for issue, stances in grouped.items():
            p = position(m, stances)
            if not p.nodes:
                continue
            carrier = p.carrier.id
            qual = next((s for s in p.stances if s.node == carrier and s.qualified and s.stance == p.stance), None)
            out[(m.id, issue)] = {
                "stance": p.stance,
                "scope": qual.scope if qual else None,
                "condition": qual.condition if qual else None,
            }
    return out


def position_changes(old_maps: list[ArgMap], new_maps: list[ArgMap], map_renames: dict[str, str], labels: dict) -> list[dict]:
    """Each map's position on each issue, as compare reads it, where it moved.
    Issues count when declared in either version; with no issues file in
    sight, every issue a stance names counts."""
    declared = {i.id for m in old_maps + new_maps for i in m.issues} or None
    before = {(map_renames.get(k[0], k[0]), k[1]): v for k, v in _positions(old_maps, declared).items()}
    after = _positions(new_maps, declared)
    out = []
    order = {m.id: i for i, m in enumerate(new_maps)}
    order.update({map_renames.get(m.id, m.id): len(new_maps) + i for i, m in enumerate(old_maps) if map_renames.get(m.id, m.id) not in order})
    issue_order: dict[str, int] = {}
    for m in new_maps + old_maps:
        for i in m.issues:
            issue_order.setdefault(i.id, len(issue_order))
    for m in new_maps + old_maps:  # undeclared issues: as the stances name them
        for st in m.stances:
            issue_order.setdefault(st.issue, len(issue_order))
    for key in sorted(set(before) | set(after), key=lambda k: (order.get(k[0], 10**6), issue_order.get(k[1], 10**6), k[1])):
        a, b = before.get(key), after.get(key)
        if a != b:
            out.append({"map": key[0], "label": labels.get(key[0], key[0]), "issue": key[1], "old": a, "new": b})
    return out


# ---- the corpus ------------------------------------------------------------


def diff(
    old: list[tuple[str, ArgMap, bytes]], new: list[tuple[str, ArgMap, bytes]], old_name: str = "old", new_name: str = "new", lang: str = "orig"
) -> Diff:
    """Diff two versions of a corpus: (key, map, raw bytes) triples, the key
    being the file's path inside the folder given (pairs maps by path when
    their ids do not match). `lang` "en" names maps by `authors_en`."""
    raw = {id(m): data for _, m, data in old + new}
    pairs = pair_maps([(k, m) for k, m, _ in old], [(k, m) for k, m, _ in new])
    map_renames = {o.id: n.id for o, n in pairs if o and n and o.id and n.id and o.id != n.id}
    cross: dict[tuple, tuple] = {}
    for o, n in pairs:
        if o is None or n is None or o.id is None:
            continue
        new_map = n.id or o.id
        for old_id, new_id in renames(o, n).items():
            cross[(o.id, old_id)] = (new_map, new_id)
        if o.id != new_map:
            for node in o.nodes:
                cross.setdefault((o.id, node.id), (new_map, node.id))
    files = []
    for o, n in pairs:
        same = o is not None and n is not None and raw[id(o)] == raw[id(n)]
        changes = [] if same else diff_maps(o, n, cross)
        files.append(FileDiff(o, n, changes, same))
    labels = _labels([m for _, m, _ in new] + [m for _, m, _ in old], lang)
    old_maps = [m for _, m, _ in old]
    new_maps = [m for _, m, _ in new]
    positions = position_changes(old_maps, new_maps, map_renames, labels)
    return Diff(old_name, new_name, files, positions, labels)


def _labels(maps: list[ArgMap], lang: str = "orig") -> dict[str, str]:
    from argmap.compare.data import label

    out: dict[str, str] = {}
    seen = [m for m in maps if m.id is not None and m.is_argument]
    unique: dict[str, ArgMap] = {}
    for m in seen:
        unique.setdefault(m.id, m)
    # One list for every call: label() counts the labels of a list once per
    # list, so a fresh list per map would make n maps cost n².
    among = list(unique.values())
    for m in among:
        out[m.id] = label(m, among, lang)
    return out
