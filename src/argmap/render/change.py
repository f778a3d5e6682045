"""A picture of a change: one map's new version drawn with what changed
since the old one marked (`argmap render --diff`).

The semantic diff (`argmap.diff`) says what changed; this module turns it
into marks on the ordinary diagram of `dot.map_graph`, through its `marks`
hook, so the picture has the same shapes, layout and wrapping as any other:

- an **added** node: a heavy border and a dark `+ NEW` badge;
- a **removed** node: a ghost, drawn where it was attached (its old relations
  are drawn too, ghosted, so the layout puts it beside what it supported or
  attacked): a dotted grey outline, no fill, a `− REMOVED` badge, its id and
  text struck through;
- a node whose **text changed**: a `~ CHANGED` badge, the new text, and
  under it the old text, small, struck through and prefixed `was:`;
- a **renamed** node: `RENAMED old → new`; other changes (kind, gloss,
  locator, quote, source, note, tags, a moved block, stances) are named in a
  small line under the text;
- an **added** relation: a heavy line labelled `+`; a **removed** one: dotted,
  grey, labelled `−`;
- a title (the map, the two versions) and a legend of these marks with the
  counts of the change.

Every mark is a word, a line style or a border as well as a shade, so the
picture reads in greyscale print. The DOT depends only on the two versions
and the options, so the same change draws the same bytes.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from argmap.model import ArgMap, Node, Relation
from argmap.render.dot import (
    INK,
    KIND_STYLE,
    MUTED,
    Label,
    Options,
    RenderError,
    h,
    map_graph,
    node_text,
    styled,
)
from argmap.wrap import wrap

GHOST = "#8C8C8C"  # outline and text of what was removed: mid grey, legible on white
ADDED_PEN = "3.6"
ADDED_EDGE_PEN = "3.2"


class ChangeError(RenderError):
    """The two versions cannot be drawn as one map's change (usage error)."""


class Unparsed(Exception):
    """A side does not parse: the diagnostics say where (as `validate` does)."""

    def __init__(self, diagnostics: list, files: int):
        super().__init__("the maps do not parse")
        self.diagnostics = diagnostics
        self.files = files


# ---------------------------------------------------------------- what changed


@dataclass
class Changes:
    """One map's change, read from the semantic diff, keyed for drawing."""

    added: set[str] = field(default_factory=set)  # new ids
    removed: dict[str, Node] = field(default_factory=dict)  # old id → old node (ghosts)
    renamed: dict[str, str] = field(default_factory=dict)  # new id → old id
    old_nodes: dict[str, Node] = field(default_factory=dict)  # new id → the node before
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # new id → other changes, in words
    rel_added: Counter = field(default_factory=Counter)  # relation keys
    rel_removed: list[tuple] = field(default_factory=list)
    map_notes: list[str] = field(default_factory=list)  # front matter, issues, positions
    counts: dict = field(default_factory=dict)


def _key(rel: Relation) -> tuple:
    return (rel.source, rel.kind, rel.target_map, rel.target_node, rel.edge_from, rel.edge, tuple(rel.joint))


def read_changes(file_diff, positions=()) -> Changes:
    """The changes of one FileDiff (argmap.diff.core), keyed for drawing."""
    from argmap.diff.render import stance_words

    old = file_diff.old
    new = file_diff.new
    out = Changes()
    old_by_id = old.by_id if old is not None else {}
    new_by_id = new.by_id if new is not None else {}
    changed_nodes = set()
    for c in file_diff.changes:
        kind = c["change"]
        node = c.get("node")
        if kind == "node_added":
            out.added.add(node)
        elif kind == "node_removed":
            out.removed[node] = old_by_id[node]
        elif kind == "node_renamed":
            out.renamed[node] = c["old_id"]
            changed_nodes.add(node)
        elif kind == "node_moved":
            out.notes[node].append("moved")
            changed_nodes.add(node)
        elif kind == "kind_changed":
            out.notes[node].append(f"kind: {c['old']} → {c['new']}")
            changed_nodes.add(node)
        elif kind == "text_changed":
            changed_nodes.add(node)
        elif kind == "attribute_changed":
            out.notes[node].append(c["attribute"])
            changed_nodes.add(node)
        elif kind == "tags_changed":
            tags = " ".join([f"+#{t}" for t in c["added"]] + [f"−#{t}" for t in c["removed"]])
            out.notes[node].append(f"tags {tags}")
            changed_nodes.add(node)
        elif kind in ("relation_added", "relation_removed"):
            joint = tuple((c.get("sources") or [c["node"]])[1:])
            edge = c["target"].replace(" ", "") if c["relation"] == "undercuts" else None
            key = (c["node"], c["relation"], c["target_map"], c["target_node"], c["edge_from"], edge, joint)
            if kind == "relation_added":
                out.rel_added[key] += 1
            else:
                out.rel_removed.append(key)
        elif kind.startswith("stance_"):
            if node in new_by_id and node not in out.added:
                out.notes[node].append(f"stance {c['issue']}: {stance_words(c['old'])} → {stance_words(c['new'])}")
                changed_nodes.add(node)
        elif kind == "front_matter":
            if old is not None and new is not None:  # a whole map added or removed says it in the title
                out.map_notes.append(f"front matter: {c['key']} changed")
        elif kind.startswith("issue_"):
            out.map_notes.append(f"{kind.replace('_', ' ')}: {c['issue']}")
    for node in changed_nodes:
        if node in new_by_id:
            before = old_by_id.get(out.renamed.get(node, node))
            if before is not None:
                out.old_nodes[node] = before
    map_id = file_diff.map_id
    for p in positions:
        if p.get("map") == map_id:
            out.map_notes.append(f"position on {p['issue']}: {stance_words(p['old'])} → {stance_words(p['new'])}")
    rel_added = sum(out.rel_added.values())
    out.counts = {
        "nodes added": len(out.added),
        "nodes removed": len(out.removed),
        "nodes changed": len(out.old_nodes),
        "relations added": rel_added,
        "relations removed": len(out.rel_removed),
    }
    return out


def merged_map(old: ArgMap | None, new: ArgMap | None, changes: Changes) -> ArgMap:
    """NEW with the removed nodes and relations put back, as ghosts: each
    removed node after the node it followed in OLD, nested where it was."""
    base = new if new is not None else dataclasses.replace(old, nodes=(), relations=(), stances=(), issues=())
    rename_back = {v: k for k, v in changes.renamed.items()}  # old id → new id

    def now(node_id):
        return rename_back.get(node_id, node_id)

    after: dict[str | None, list[Node]] = defaultdict(list)
    last = None
    new_ids = {n.id for n in base.nodes}
    for node in old.nodes if old is not None else ():
        if node.id in changes.removed:
            ghost = dataclasses.replace(node, parent=now(node.parent) if node.parent else None)
            after[last].append(ghost)
        elif now(node.id) in new_ids:
            last = now(node.id)
    nodes = list(after.get(None, []))
    for node in base.nodes:
        nodes.append(node)
        nodes += after.get(node.id, [])
    ghosts = []
    for key in changes.rel_removed:
        source, kind, target_map, target_node, edge_from, edge, joint = key
        ghosts.append(Relation(source, kind, target_node, None, target_map=target_map, edge_from=edge_from, edge=edge,
                               joint=joint))
    return dataclasses.replace(base, nodes=tuple(nodes), relations=tuple(base.relations) + tuple(ghosts))


# ---------------------------------------------------------------- the marks


def badge(text: str, *, dark: bool = False, dotted: bool = False) -> str:
    """A label row holding a small boxed word: dark (added), outlined
    (changed), dashed and grey (removed).

    A cell stretches to its column, and the column of a label is as wide as
    its widest line; so the word's box sits in a fixed-size cell, its width
    estimated from the word, aligned left, with the text centred inside."""
    width = round(6.6 * len(text)) + 10
    tone = GHOST if dotted else INK
    colours = f' BGCOLOR="{INK}" COLOR="{INK}"' if dark else f' COLOR="{tone}"' + (' STYLE="dashed"' if dotted else "")
    inner = f'<FONT POINT-SIZE="9" COLOR="{"white" if dark else tone}"><B>{h(text)}</B></FONT>'
    box = f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD BORDER="1" CELLPADDING="1" ALIGN="CENTER"{colours}>{inner}</TD></TR></TABLE>'
    fixed = f'<TD ALIGN="LEFT" FIXEDSIZE="TRUE" WIDTH="{width}" HEIGHT="18">{box}</TD>'
    return f'<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{fixed}</TR></TABLE></TD></TR>'


def struck(text: str, width: int, *, size: int = 10, color: str = GHOST, prefix: str = "") -> list[str]:
    """Rows of struck-through text (a prefix, unstruck, on the first)."""
    rows = []
    for i, piece in enumerate(wrap(text, width)):
        inner = f"<S>{h(piece)}</S>"
        if i == 0 and prefix:
            inner = f"{h(prefix)} {inner}"
        rows.append(styled(inner, size=size, color=color))
    return rows


class Marks:
    """The `marks` hook of map_graph for one map's change."""

    def __init__(self, changes: Changes, options: Options, title: str, old_name: str, new_name: str):
        self.c = changes
        self.options = options
        self.title = title
        self.old_name = old_name
        self.new_name = new_name
        self.added_left = Counter(changes.rel_added)
        self.removed_keys = Counter(changes.rel_removed)
        self.ghost_rels: set[int] = set()
        self.added_rels: set[int] = set()

    def classify(self, relations) -> None:
        """Which relation objects of the merged map are added or ghosts;
        the same key twice counts twice, the first ones as added."""
        ghosts = Counter(self.removed_keys)
        for rel in relations:
            if rel.span is None and ghosts[_key(rel)] > 0:
                ghosts[_key(rel)] -= 1
                self.ghost_rels.add(id(rel))
        added = Counter(self.added_left)
        for rel in relations:
            if id(rel) not in self.ghost_rels and added[_key(rel)] > 0:
                added[_key(rel)] -= 1
                self.added_rels.add(id(rel))

    # -- nodes

    def label(self, node: Node, label: Label) -> Label:
        c, width = self.c, self.options.width
        if node.id in c.removed:
            out = Label()
            out.rows.append(badge("− REMOVED", dotted=True))
            out.line(styled(f"<S>{h(node.id)}</S>", bold=True, color=GHOST))
            for row in struck(node_text(node, self.options), width, size=12):
                out.line(row)
            return out
        if node.id in c.added:
            label.rows.insert(0, badge("+ NEW", dark=True))
            return label
        before = c.old_nodes.get(node.id)
        if before is None:
            return label
        head = []
        old_text, new_text = node_text(before, self.options), node_text(node, self.options)
        text_changed = old_text != new_text
        if text_changed or c.notes.get(node.id):
            head.append(badge("~ CHANGED"))
        elif node.id in c.renamed:
            head.append(badge("RENAMED"))
        if node.id in c.renamed:
            head.append(_row(styled(f"renamed <S>{h(c.renamed[node.id])}</S> → {h(node.id)}", size=10, bold=True)))
        extra = []
        if text_changed:
            extra += struck(old_text, int(width * 1.15), prefix="was:")
        notes = list(c.notes.get(node.id, []))
        if text_changed and self.options.lang == "en" and "en" in notes:
            notes.remove("en")  # shown above as the old text
        if self.options.lang == "en" and node.en and before.text != node.text:
            notes.insert(0, "text")  # the text as written, under the gloss shown
        # What changed besides the text: the attributes on one line, then
        # a line for each kind, tags and stance change.
        words = [n for n in notes if " " not in n]
        lines = (["changed: " + " · ".join(words)] if words else []) + [n for n in notes if " " in n]
        for line in lines:
            for piece in wrap(line, int(width * 1.15)):
                extra.append(styled(h(piece), size=9, color=MUTED, italic=True))
        rows = list(label.rows)
        # Under the text the node had before: after the head and text rows.
        n_text = 1 + len(wrap(new_text, width))
        rows[n_text:n_text] = [_row(r) for r in extra]
        label.rows = head + rows
        return label

    def node(self, node: Node, attrs: dict) -> None:
        if node.id in self.c.removed:
            styles = [s for s in attrs.get("style", "").split(",") if s in ("rounded", "diagonals")]
            attrs.update({
                "style": ",".join(styles + ["dotted"]), "color": GHOST, "fontcolor": GHOST,
                "fillcolor": "white", "penwidth": "1.6", "class": attrs.get("class", "") + " removed",
            })
        elif node.id in self.c.added:
            attrs.update({"penwidth": ADDED_PEN, "class": attrs.get("class", "") + " added"})
        elif node.id in self.c.old_nodes:
            attrs["class"] = attrs.get("class", "") + " changed"

    # -- relations

    def edge(self, rel: Relation, attrs: dict, first: bool) -> dict:
        mark = {"fontsize": "16"}
        if id(rel) in self.ghost_rels:
            attrs.update({"style": "dotted", "color": GHOST, "fontcolor": MUTED, "penwidth": "1.6",
                          "class": attrs.get("class", "") + " removed"})
            if first:
                attrs.update({"label": "<<B>−</B>>", **mark})
        elif id(rel) in self.added_rels:
            attrs.update({"penwidth": ADDED_EDGE_PEN, "class": attrs.get("class", "") + " added"})
            if "style" in attrs and attrs["style"] == "solid":
                attrs["style"] = "bold"
            if first:
                attrs.update({"label": "<<B>+</B>>", **mark})
        return attrs

    # -- the title and the legend

    def finish(self, g) -> None:
        title = Label()
        title.line(styled(h(self.title), bold=True, size=15), "CENTER")
        title.line(styled(h(f"changes from {self.old_name} to {self.new_name}"), size=11, color=MUTED), "CENTER")
        g.attr("graph", label=title.html(), labelloc="t", labeljust="c", fontsize="15")
        self._legend(g)

    def _legend(self, g) -> None:
        small = {"fontsize": "10", "margin": "0.08,0.05"}
        plain = {**KIND_STYLE["premise"], **small}
        counts = [f"{n} {what if n != 1 else what.replace('s ', ' ', 1)}" for what, n in self.c.counts.items() if n]
        caption = Label()
        caption.line(styled("Changes", bold=True, size=11), "CENTER")
        for piece in wrap(" · ".join(counts) if counts else "no change to the argument", 44):
            caption.line(styled(h(piece), size=9), "CENTER")
        for note in self.c.map_notes:
            for piece in wrap(note, 44):
                caption.line(styled(h(piece), size=9, color=MUTED), "CENTER")
        with g.subgraph(name="cluster_changes") as lg:
            lg.attr(label=caption.html(), style="rounded", color="#BBBBBB", fontsize="11", margin="10", penwidth="1")
            added = Label()
            added.rows.append(badge("+ NEW", dark=True))
            added.line(styled("added node", size=10))
            lg.node("changes.added", label=added.html(), **{**plain, "penwidth": ADDED_PEN}, **{"class": "legend added"})
            changed = Label()
            changed.rows.append(badge("~ CHANGED"))
            changed.line(styled("text now", size=10))
            changed.line(struck("text before", 20, size=9, prefix="was:")[0])
            changed.line(styled("changed: en · at · stance …", size=9, color=MUTED, italic=True))
            lg.node("changes.changed", label=changed.html(), **plain, **{"class": "legend changed"})
            renamed = Label()
            renamed.rows.append(badge("RENAMED"))
            renamed.line(styled("renamed <S>old</S> → new", size=10, bold=True))
            renamed.line(styled("id changed, text kept", size=10))
            lg.node("changes.renamed", label=renamed.html(), **plain, **{"class": "legend renamed"})
            removed = Label()
            removed.rows.append(badge("− REMOVED", dotted=True))
            removed.line(styled("<S>removed node</S>", size=10, color=GHOST))
            lg.node("changes.removed", label=removed.html(),
                    **{**plain, "style": "dotted", "color": GHOST, "fontcolor": GHOST, "fillcolor": "white", "penwidth": "1.6"},
                    **{"class": "legend removed"})
            edge_label = {"fontsize": "10"}
            lg.edge("changes.added", "changes.changed", label="<<B>+</B> added relation>", penwidth=ADDED_EDGE_PEN,
                    style="bold", color=INK, arrowhead="normal", **edge_label)
            lg.edge("changes.removed", "changes.renamed", label="<<B>−</B> removed relation>", style="dotted",
                    color=GHOST, fontcolor=MUTED, penwidth="1.6", arrowhead="normal", **edge_label)


def _row(inner: str) -> str:
    return f'<TR><TD ALIGN="LEFT">{inner}</TD></TR>'


# ---------------------------------------------------------------- the entry points


@dataclass
class ChangeDrawing:
    dot: str
    map_id: str | None
    paths: list[str]  # the files read, to refuse writing over one
    same: bool  # no change to the argument


def choose_file(diff) -> object:
    """The one map whose change to draw: the only pair, or the only changed
    one; several changed maps are an error that names them."""
    files = [f for f in diff.files if (f.old is not None and f.old.is_argument) or (f.new is not None and f.new.is_argument)]
    if not files:
        raise ChangeError("nothing to draw: no map with nodes among the files given")
    if len(files) == 1:
        return files[0]
    changed = [f for f in files if f.changes or f.old is None or f.new is None]
    if len(changed) == 1:
        return changed[0]
    if not changed:
        raise ChangeError(f"no map changed among the {len(files)} files given; name one map to draw it unchanged")
    names = ", ".join((f.new_path or f.old_path) for f in changed[:6]) + (", …" if len(changed) > 6 else "")
    raise ChangeError(f"--diff draws one map's change at a time, and {len(changed)} maps changed: {names}; give the path of one of them")


def change_graph(diff, file_diff, options: Options | None = None, corpus=None) -> str:
    """DOT for one FileDiff of a Diff (argmap.diff): NEW with the change marked."""
    from argmap.corpus import Corpus

    options = options or Options()
    if "status" in options.show:
        raise ChangeError("--show status cannot be combined with --diff: removed nodes would count in the evaluation")
    old, new = file_diff.old, file_diff.new
    if old is not None and new is not None and old.id and new.id and old.id != new.id:
        raise ChangeError(
            f"the two versions are different maps: `{old.id}` ({old.path}) and `{new.id}` ({new.path}); "
            "--diff draws two versions of one map"
        )
    changes = read_changes(file_diff, diff.positions)
    merged = merged_map(old, new, changes)
    if not merged.nodes:
        raise ChangeError("nothing to draw: the map has no nodes in either version")
    map_id = file_diff.map_id
    who = diff.labels.get(map_id) if map_id else None
    title = f"{map_id} · {who}" if map_id and who and who != map_id else (map_id or merged.path)
    old_name = diff.old_name if file_diff.old is not None else f"{diff.old_name} (no such map)"
    new_name = diff.new_name if file_diff.new is not None else f"{diff.new_name} (map removed)"
    marks = Marks(changes, options, title, old_name, new_name)
    marks.classify(merged.relations)
    if corpus is None:
        corpus = Corpus(maps=[merged])
    return map_graph(merged, options, corpus, marks)


def change_diagram(args: list[str], options: Options | None = None, *, context: bool = True, stdin=None) -> ChangeDrawing:
    """`argmap render --diff ARGS…` as a call: ARGS as `argmap diff` takes
    them (OLD NEW, REV PATH, A..B PATH, REV:path). Raises InputError (bad
    arguments), Unparsed (a changed file that does not parse) or ChangeError."""
    from argmap.corpus import Corpus, parse_many
    from argmap.diff import diff_sides, resolve

    options = options or Options()
    old, new = resolve(list(args), stdin=stdin)
    result = diff_sides(old, new, options.lang)
    if result.diagnostics:
        raise Unparsed(result.diagnostics, result.files)
    file_diff = choose_file(result.diff)
    # Other maps of the new side (and, for a file in the working tree, its
    # neighbours) give the text of the nodes that cross-map links point at.
    drawn = file_diff.new_path
    others = [(f.name, f.data) for f in new.files if f.name != drawn]
    if context and drawn and drawn != "<stdin>":
        from pathlib import Path

        p = Path(drawn)
        if p.is_file():
            seen = {Path(f.name).resolve() for f in new.files if f.name != "<stdin>"}
            for n in sorted(p.parent.glob("*.map")):
                if n.is_file() and n.resolve() not in seen:
                    try:
                        others.append((str(n), n.read_bytes()))
                    except OSError:
                        continue
    context_maps = [m for m, _ in parse_many(others) if m is not None] if others else []
    corpus = Corpus(maps=[], context=context_maps) if context_maps else None
    dot = change_graph(result.diff, file_diff, options, corpus)
    paths = [f.name for f in old.files + new.files if f.name != "<stdin>"]
    return ChangeDrawing(dot, file_diff.map_id, paths, not file_diff.changes and file_diff.old is not None and file_diff.new is not None)
