"""The model → DOT: one map as an argument diagram, several maps as a
comparison diagram around the issues they share.

Every string that comes from a map reaches DOT either inside an HTML-like
label built here from `html.escape`d text, or through the quoting of
render/dotsource.py (the `graphviz` package's rules); no attribute that a
map author controls is passed through raw, so no file path, image or URL
can be smuggled in. Output depends only on the model and the options (no
dates, no versions), in the author's order, so a committed diagram changes
only when the map does.
"""

from __future__ import annotations

import html
import math
import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from argmap.diagnostics import did_you_mean
from argmap.model import NODE_KINDS, ArgMap, Node, Relation, key_nodes
from argmap.render import dotsource, tree
from argmap.render.fonts import FONT_STACK
from argmap.render.theme import themed
from argmap.render.tree import TREE_ABOVE
from argmap.wrap import clean, wrap

SHOW_FIELDS = ("locator", "quote", "gloss", "source", "tags", "stance", "status")
RANKDIRS = ("auto", "TB", "LR")
DEFAULT_WIDTH = 30
# English glosses run about twice as long as the Chinese they gloss, and a
# Latin letter is half a CJK character's width: wider boxes keep them square.
DEFAULT_WIDTH_EN = 42


class RenderError(ValueError):
    """A request the model cannot satisfy (unknown focus id, bad option)."""


@dataclass(frozen=True)
class Options:
    """How to draw; the defaults make a diagram fit to print."""

    lang: str = "orig"  # "orig": the text as written; "en": the English glosses
    show: frozenset = field(default_factory=frozenset)  # of SHOW_FIELDS
    width: int | None = None  # label width in display columns (a CJK character is 2); None: by language
    focus: str | None = None  # a node id (one map) or an issue id (several maps)
    depth: int = 2  # with focus: how many relations away to draw
    branch: str | None = None  # one map: draw this node and every node whose reasoning leads to it
    layout: str = "dot"  # dot | neato | fdp | sfdp
    rankdir: str = "auto"  # auto | TB | LR; TB puts the thesis on top
    legend: bool = False
    clusters: bool = True  # box each top-level claim with the nodes nested in it
    fontname: str = FONT_STACK
    links: bool = True  # comparison diagram: draw the links between maps
    only: frozenset | None = None  # one map: draw only these node ids (a page of a long map)
    theme: str = "default"  # default | print (render/theme.py)
    max_nodes: int | None = None  # one map: above this many nodes, draw an overview (render/overview.py)

    def __post_init__(self):
        if self.lang not in ("orig", "en"):
            raise RenderError(f"unknown language {self.lang!r}: use orig or en")
        if self.width is None:
            object.__setattr__(self, "width", DEFAULT_WIDTH_EN if self.lang == "en" else DEFAULT_WIDTH)
        object.__setattr__(self, "show", frozenset(self.show))
        unknown = set(self.show) - set(SHOW_FIELDS)
        if unknown:
            raise RenderError(f"unknown --show field {sorted(unknown)[0]!r}: use {', '.join(SHOW_FIELDS)}")
        if self.width < 4:
            raise RenderError("--width must be at least 4 columns")
        if self.depth < 0:
            raise RenderError("--depth must be 0 or more")
        if self.max_nodes is not None and self.max_nodes < 0:
            raise RenderError("--max-nodes must be 0 (no limit) or more")
        if self.rankdir not in RANKDIRS:
            raise RenderError(f"unknown rankdir {self.rankdir!r}: use {', '.join(RANKDIRS)}")
        from argmap.render import LAYOUTS

        if self.layout not in LAYOUTS:
            raise RenderError(f"unknown layout {self.layout!r}: use {', '.join(LAYOUTS)}")
        from argmap.render.theme import THEMES

        if self.theme not in THEMES:
            raise RenderError(f"unknown theme {self.theme!r}: use {', '.join(THEMES)}")


# ---------------------------------------------------------------- the look

# Okabe–Ito hues (safe for the common colour-vision deficiencies) for lines;
# tints of them for fills, each kind's tint at its own lightness (grey levels
# 243, 232, 221, 210, 199, 188, 176 of 255) so that the kinds stay apart in
# greyscale and for colour-blind readers, and black text stays legible on
# all. Each kind also has its own shape or border, so no distinction rests
# on colour.
INK = "#222222"
MUTED = "#5f5f5f"
BLUE, VERMILION, GREEN, ORANGE = "#0072B2", "#D55E00", "#009E73", "#E69F00"

KIND_STYLE: dict[str, dict[str, str]] = {
    "thesis": {
        "shape": "box", "style": "filled,bold", "peripheries": "2", "penwidth": "2",
        "fillcolor": "#EDBA47", "color": "#7A5200", "fontsize": "15", "margin": "0.16,0.1",
    },
    "claim": {"shape": "box", "style": "rounded,filled", "penwidth": "1.6", "fillcolor": "#9DD4F2", "color": "#1F5A96"},
    "premise": {"shape": "box", "style": "filled", "penwidth": "1", "fillcolor": "#F3F3F3", "color": "#707070"},
    "evidence": {"shape": "note", "style": "filled", "penwidth": "1", "fillcolor": "#C5E9DF", "color": "#2E7A55"},
    "counterpoint": {
        "shape": "box", "style": "filled,dashed,diagonals", "penwidth": "2", "fillcolor": "#E7A26B", "color": "#A34700",
    },
    "rebuttal": {"shape": "box", "style": "rounded,filled,dashed", "penwidth": "1.6", "fillcolor": "#E9C5D9", "color": "#7D3C78"},
    # The arrow shape's point eats into the box, and Graphviz gives it no
    # inner height of its own: more margin keeps the text clear of both.
    "recommendation": {"shape": "cds", "style": "filled", "penwidth": "1.2", "fillcolor": "#F7F097", "color": "#8A6200", "margin": "0.24,0.17"},
}
EXTERNAL_STYLE = {"shape": "box", "style": "rounded,dotted", "penwidth": "1.4", "color": MUTED, "fontcolor": MUTED}
ISSUE_STYLE = {"shape": "box", "style": "rounded,filled,bold", "penwidth": "1.8", "fillcolor": "#FFFFFF", "color": INK}

# Support and attack differ in line style and arrowhead as well as hue.
RELATION_STYLE: dict[str, dict[str, str]] = {
    "supports": {"color": BLUE, "style": "solid", "arrowhead": "normal", "penwidth": "1.4"},
    # Bars drawn larger than arrowheads: a bar is thin, and must read at 100%.
    "attacks": {"color": VERMILION, "style": "dashed", "arrowhead": "tee", "penwidth": "1.6", "arrowsize": "1.3"},
    "undercuts": {"color": VERMILION, "style": "dashed", "arrowhead": "tee", "penwidth": "1.6", "arrowsize": "1.3"},
    "same_as": {"color": GREEN, "style": "dotted", "arrowhead": "none", "penwidth": "2", "constraint": "false"},
    "contradicts": {
        "color": VERMILION, "style": "dotted", "dir": "both", "arrowhead": "tee", "arrowtail": "tee",
        "penwidth": "2", "constraint": "false", "arrowsize": "1.2",
    },
}
STANCE_STYLE: dict[str, dict[str, str]] = {
    "pro": {"color": BLUE, "style": "solid", "arrowhead": "normal", "penwidth": "1.6"},
    "con": {"color": VERMILION, "style": "dashed", "arrowhead": "tee", "penwidth": "1.6", "arrowsize": "1.3"},
    # A double line (two strokes with a gap): mixed differs from pro by the
    # line itself, not by the arrowhead alone.
    "mixed": {"color": f"{ORANGE}:invis:{ORANGE}", "style": "solid", "arrowhead": "odiamond", "penwidth": "1.4"},
}


# ---------------------------------------------------------------- escaping

_SAFE_NAME = re.compile(r"\w+")
_HEX_NAME = re.compile(r"x(?:[0-9a-f]{2})*")


@lru_cache(maxsize=1 << 16)
def node_name(*parts: str) -> str:
    """A DOT node name for an id: readable when the id is a plain word, else
    hex, so no id can reach DOT syntax (`:` would read as a port).

    One name, one meaning: parts are joined by `.`, which no kept part
    holds, and a word that reads as hex (`x3a`) is hex-encoded too, so no two
    lists of parts give the same name. Callers put a namespace first
    ("map", "issue", "ext", "u"), so that a map id equal to an issue id, or
    to a namespace, cannot merge two boxes into one.
    """
    out = []
    for part in parts:
        part = part or ""
        plain = _SAFE_NAME.fullmatch(part) and part.isprintable() and not _HEX_NAME.fullmatch(part)
        out.append(part if plain else "x" + part.encode("utf-8").hex())
    return ".".join(out)


def map_node_name(m, index: int, node_id: str) -> str:
    """A node of map m (the index-th) in the comparison diagram: under
    "map" and its id, or under "anon" and its place when it has none."""
    return node_name("map", m.id, node_id) if m.id else node_name("anon", str(index), node_id)


def map_cluster_name(m, index: int) -> str:
    return "cluster_" + (node_name("map", m.id) if m.id else node_name("anon", str(index)))


def h(text) -> str:
    """Text for inside an HTML-like label.

    html.escape handles `& < > " '`; Graphviz then still expands `\\N`, `\\G`
    and the like inside HTML labels, and reads `\\\\` as one backslash, so
    backslashes are doubled.
    """
    return _h(text) if type(text) is str else _escaped(clean(str(text)))


@lru_cache(maxsize=1 << 14)
def _h(text: str) -> str:
    # Ids, stances and names recur in every cell and every candidate of a figure.
    return _escaped(clean(text))


def _escaped(text: str) -> str:
    """`h` of text already clean (a line that `wrap` gave)."""
    return html.escape(text, quote=True).replace("\\", "\\\\")


def plain(text: str, limit: int = 600) -> str:
    """Text for a plain (non-HTML) attribute such as a tooltip.

    Graphviz expands escString sequences in tooltips more than once on some
    versions, so a backslash cannot be escaped reliably there: it is replaced
    by a look-alike. dotsource quotes the result."""
    text = clean(text).replace("\\", "\u29f5")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return dotsource.nohtml(text)


class Label:
    """An HTML-like label, one table row per line.

    Graphviz sets the lines of an HTML label exactly one font size apart,
    so CJK lines touch; a row per line with a point of padding gives them
    air. Every piece of text goes through `h`.
    """

    def __init__(self) -> None:
        self.rows: list[str] = []

    def line(self, inner: str, align: str = "LEFT") -> None:
        self.rows.append(f'<TR><TD ALIGN="{align}">{inner}</TD></TR>')

    def text(self, text: str, width: int, *, size: int | None = None, color: str | None = None,
             bold: bool = False, italic: bool = False, align: str = "LEFT") -> None:
        for piece in wrap(text, width):
            self.line(styled(_escaped(piece), size=size, color=color, bold=bold, italic=italic), align)

    def __len__(self) -> int:
        return len(self.rows)

    def html(self) -> str:
        body = "".join(self.rows) or "<TR><TD> </TD></TR>"
        return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{body}</TABLE>>'


def styled(inner: str, *, size: int | None = None, color: str | None = None, bold: bool = False, italic: bool = False) -> str:
    if bold:
        inner = f"<B>{inner}</B>"
    if italic:
        inner = f"<I>{inner}</I>"
    if size or color:
        attrs = (f' POINT-SIZE="{size}"' if size else "") + (f' COLOR="{color}"' if color else "")
        inner = f"<FONT{attrs}>{inner}</FONT>"
    return inner


# ---------------------------------------------------------------- labels


def node_text(node: Node, options: Options) -> str:
    if options.lang == "en" and node.en:
        return node.en
    return node.text


STATUS_MARK = {"out": "✗ defeated", "undec": "? undecided"}


def node_label(node: Node, options: Options, stances=(), *, width: int | None = None, status=None) -> Label:
    """id (+ locator) on the first line, then the wrapped text, then extras.
    `status` is (in/out/undec, defeaters) for the --show status overlay."""
    width = width or options.width
    small_width = int(width * 1.15)  # 10-point notes fit more per line
    label = Label()
    head = styled(h(node.id), bold=True)
    if node.speaker:  # in a dialogue, who says it matters as much as what
        head += "  " + styled(h(node.speaker), size=10, bold=True, color=MUTED)
    if status is not None and status[0] in STATUS_MARK:
        # Said in words, not by colour alone: it must survive greyscale print.
        by = f" by {', '.join(status[1])}" if status[1] else ""
        head += "  " + styled(h(STATUS_MARK[status[0]] + by), size=10, bold=True, color=VERMILION if status[0] == "out" else MUTED)
    if "locator" in options.show and node.locator:
        head += "  " + styled(h(node.locator), size=10, color=MUTED)
    label.line(head)
    label.text(node_text(node, options), width)
    note = {"size": 10, "color": MUTED}
    if "gloss" in options.show:
        other = node.text if options.lang == "en" else node.en
        if other and other != node_text(node, options):
            label.text(other, small_width, italic=True, **note)
    if "quote" in options.show and node.quote:
        label.text(f"“{node.quote}”", small_width, italic=True, **note)
    if "source" in options.show and node.source:
        label.text(f"source: {node.source}", small_width, **note)
    if "tags" in options.show and node.tags:
        label.text(" ".join("#" + t for t in node.tags), small_width, **note)
    if "stance" in options.show and stances:
        label.text(" · ".join(f"{issue}: {value}" for issue, value in stances), small_width, bold=True, **note)
    return label


def tooltip(node: Node, options: Options) -> str | None:
    """The other language, the locator and the quote, for hovering in SVG."""
    bits = []
    other = node.text if options.lang == "en" else node.en
    if other:
        bits.append(other)
    if node.locator:
        bits.append(f"at {node.locator}")
    if node.quote:
        bits.append(f"“{node.quote}”")
    return plain(" — ".join(bits)) if bits else None


# ---------------------------------------------------------------- layout


def layout_settings(nodes: int, edges: int, options: Options, rankdir: str, fan_in: int = 0) -> dict[str, str]:
    """Graph attributes chosen by size.

    `fan_in` is the most relations that reach one node (the thesis, as a
    rule). Its reasons stand in one long row, and `dot` routes every edge
    to it within the one gap between the ranks: a narrow gap makes them a
    tight bundle beside the node that splits only at its ports. A wider gap
    makes a fan whose lines can be told apart; it is chosen in steps, so
    that adding a reason seldom changes it (which would move every box).

    On large cross-linked graphs the network-simplex and crossing-minimisation
    passes of `dot` dominate; capping them costs a few crossings and halves
    the time of a 1,000-node, 1,800-relation map (bench/render_bench.py).
    """
    attrs = {
        "fontname": options.fontname,
        "outputorder": "edgesfirst",
        "pad": "0.2",
        "bgcolor": "white",
    }
    if options.layout == "dot":
        lr = rankdir == "LR"
        attrs.update({
            # Reasons point at what they support; BT/RL put the thesis first.
            "rankdir": "RL" if lr else "BT",
            "nodesep": "0.18" if lr else "0.3",
            "ranksep": _ranksep(lr, fan_in),
        })
        if nodes > 150:
            attrs.update({"nslimit": "2", "nslimit1": "2", "mclimit": "0.3", "remincross": "false", "searchsize": "20"})
        elif nodes > 60:
            attrs.update({"nslimit": "8", "nslimit1": "8", "mclimit": "1", "remincross": "true"})
        else:
            attrs["remincross"] = "true"
        if nodes > 400:
            attrs["splines"] = "polyline"
    else:
        attrs.update({"overlap": "scale", "sep": "+10", "splines": "true" if nodes <= 300 else "false"})
        if options.layout in ("neato", "fdp"):
            # neato and fdp start from random positions unless seeded.
            attrs["start"] = "1"
    return attrs


def _ranksep(lr: bool, fan_in: int) -> str:
    step = sum(fan_in >= k for k in (12, 16, 20))
    return ("0.7", "1.3", "2.0", "3.0")[step] if lr else ("0.55", "0.8", "1.1", "1.4")[step]


# Rough box geometry in points, to choose a direction and how far to spread
# leaves before Graphviz runs: a column is 6 pt, a line 15 pt.
_COL_PT, _LINE_PT, _PAD_PT = 6.2, 15.0, 16.0
_TYPICAL_LINES = 4  # id and three lines of text: the median box of the bundled maps


def _box(lines: int, width: int) -> tuple[float, float]:
    return width * _COL_PT + 2 * _PAD_PT, lines * _LINE_PT + _PAD_PT


def plan_layout(nodes: list[str], edges: list[tuple[str, str]], roots: list[str],
                sizes: dict[str, tuple[float, float]], rankdir: str) -> tuple[str, int, dict[str, int]]:
    """Choose the direction and how many ranks to spread leaves over.

    An argument map is a wide, shallow tree: most boxes are leaves (evidence,
    premises) of a few claims, and drawn naively they stand in one endless
    row or column. Spreading the leaves of each rank over k neighbouring
    ranks (what Graphviz's `unflatten -l` does) folds that row; we pick the
    direction and k whose estimated drawing is closest to a page's shape.
    Returns (rankdir, k, leaf → rank offset).
    """
    incoming: dict[str, int] = defaultdict(int)
    reasons: dict[str, list[str]] = defaultdict(list)
    for src, dst in edges:
        incoming[dst] += 1
        reasons[dst].append(src)
    depth: dict[str, int] = {}
    queue = [r for r in roots if r in sizes]
    for r in queue:
        depth[r] = 0
    for cur in queue:
        for src in reasons[cur]:
            if src not in depth:
                depth[src] = depth[cur] + 1
                queue.append(src)
    for n in nodes:
        depth.setdefault(n, 1)
    leaves = [n for n in nodes if incoming[n] == 0 and n not in roots]
    # A leaf's offset depends only on its place among its parent's leaves
    # (and a per-parent start), so adding a box moves its siblings at most,
    # never the rest of the diagram.
    parent_of: dict[str, str] = {}
    for src, dst in edges:
        parent_of.setdefault(src, dst)
    siblings: dict[str, int] = defaultdict(int)
    index = {}
    for n in leaves:
        parent = parent_of.get(n, "")
        index[n] = siblings[parent] + zlib.crc32(parent.encode("utf-8"))
        siblings[parent] += 1

    def estimate(direction: str, k: int) -> float:
        ranks: dict[int, list[str]] = defaultdict(list)
        for n in nodes:
            ranks[depth[n] + (index[n] % k if n in index else 0)].append(n)
        if direction == "LR":
            across = max(sum(sizes[n][1] + 13 for n in members) for members in ranks.values())
            along = sum(max(sizes[n][0] for n in members) + 50 for members in ranks.values())
            return across / along / 1.3  # a portrait page, 1.3 : 1
        across = max(sum(sizes[n][0] + 22 for n in members) for members in ranks.values())
        along = sum(max(sizes[n][1] for n in members) + 40 for members in ranks.values())
        return across / along / 1.6  # a landscape page, 1.6 : 1

    best = None
    directions = ("TB", "LR") if rankdir == "auto" else (rankdir,)
    for direction in directions:
        for k in (1, 2, 3, 4):
            # Prefer thesis-on-top (TB) and fewer folds when nearly as good.
            score = abs(math.log(estimate(direction, k))) + 0.12 * (k - 1) + (0.35 if direction == "LR" else 0)
            if best is None or score < best[0] - 1e-9:
                best = (score, direction, k)
    _, direction, k = best
    offsets = {n: index[n] % k for n in leaves if index[n] % k}
    return direction, k, offsets


# ---------------------------------------------------------------- one map


def _known(argmap: ArgMap, node_id: str) -> None:
    if node_id not in argmap.by_id:
        guess = did_you_mean(node_id, list(argmap.by_id))
        hint = f" — did you mean `{guess}`?" if guess else ""
        raise RenderError(f"no node `{node_id}` in {argmap.id or argmap.path}{hint}")


def _focus(argmap: ArgMap, focus: str, depth: int) -> set[str]:
    _known(argmap, focus)
    keep = {focus}
    frontier = {focus}
    for _ in range(depth):
        frontier = {n for f in frontier for n in argmap.hub_neighbours(f)} - keep
        keep |= frontier
    return keep


def branches(argmap: ArgMap) -> dict[str, list[str]]:
    """Each top-level node with the nodes nested in it (in the file), in
    the author's order: the branches a long map is cut into, page by page."""
    by_id = argmap.by_id
    out: dict[str, list[str]] = defaultdict(list)
    for node in argmap.nodes:
        seen, cur = set(), node
        while cur.parent and cur.parent in by_id and cur.parent not in seen:
            seen.add(cur.id)
            cur = by_id[cur.parent]
        if node.id not in out[cur.id]:
            out[cur.id].append(node.id)
    return dict(out)


def _clusters(argmap: ArgMap, keep: set[str]) -> dict[str, list[str]]:
    """Each top-level node other than the thesis with the nodes nested in it,
    when there are enough of them for a box to help."""
    by_id = argmap.by_id
    top: dict[str, str] = {}
    for node in argmap.nodes:
        seen, cur = set(), node
        while cur.parent and cur.parent in by_id and cur.parent not in seen:
            seen.add(cur.id)
            cur = by_id[cur.parent]
        top.setdefault(node.id, cur.id)
    groups: dict[str, list[str]] = defaultdict(list)
    for node_id, root in top.items():
        if root in keep and node_id in keep and by_id[root].kind != "thesis":
            groups[root].append(node_id)
    return {root: members for root, members in groups.items() if len(members) >= 3}


def _asked(argmap: ArgMap, options: Options) -> set[str]:
    if options.branch is not None:
        from argmap.render.overview import branch

        _known(argmap, options.branch)
        keep = branch(argmap, options.branch)
    else:
        keep = set(argmap.by_id) if options.focus is None else _focus(argmap, options.focus, options.depth)
    if options.only is not None:
        keep &= set(options.only)
    return keep


def _cut(argmap: ArgMap, keep: set[str], options: Options):
    from argmap.render.overview import cut

    return cut(argmap, keep, options.max_nodes)


def overview_of(argmap: ArgMap, options: Options):
    """The overview `map_graph` draws instead of the whole map (an
    overview.Cut), or None when it draws every node asked for."""
    return _cut(argmap, _asked(argmap, options), options)


def map_graph(argmap: ArgMap, options: Options | None = None, corpus=None, marks=None) -> str:
    """One map as DOT. `corpus` (optional) resolves the text of cross-map links.
    `marks` (optional) restyles nodes and relations and adds to the graph:
    an object with label(node, Label) → Label, node(node, attrs),
    edge(rel, attrs, first) → attrs and finish(graph) (see render/change.py)."""
    options = options or Options()
    by_id = argmap.by_id
    keep = _asked(argmap, options)
    overview = _cut(argmap, keep, options)
    if overview is not None:
        keep = set(overview.keep)
    order = [n for n in dict.fromkeys(n.id for n in argmap.nodes) if n in keep]
    drawn_rel = [r for r in argmap.relations if _drawable(r, keep)]
    # An inference drawn through a point: one that is undercut (the undercut
    # ends on the point), and one with joint sources (their lines meet there
    # and go on as one arrow).
    undercut_keys = {r.edge for r in drawn_rel if r.kind == "undercuts"}
    joined = {r.key: r for r in drawn_rel if r.joint and r.target_map is None}
    externals = list(dict.fromkeys((r.target_map, r.target_node) for r in drawn_rel if r.target_map is not None))
    stances: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s in argmap.stances:
        stances[s.node].append((s.issue, s.stance + (f" ({s.qualifier_text()})" if s.qualified else "")))
    statuses = {}
    if "status" in options.show:
        from argmap.semantics import evaluate

        ev = evaluate(argmap)
        statuses = {n: (ev.of(n), ev.defeaters(n)) for n in order}
    labels = {n: node_label(by_id[n], options, stances.get(n, []), status=statuses.get(n)) for n in order}
    if marks is not None:
        labels = {n: marks.label(by_id[n], labels[n]) for n in order}

    def marked(rel: Relation, attrs: dict, first: bool = True) -> dict:
        return attrs if marks is None else marks.edge(rel, dict(attrs), first)

    local = [(r.source, r.target_node) for r in drawn_rel if r.target_map is None and r.kind in ("supports", "attacks")]
    # Each node's primary target: the node it is nested in when it bears on
    # it, else the first it names.
    primary: dict[str, str] = {}
    for rel in drawn_rel:
        if rel.target_map is None and rel.kind in ("supports", "attacks"):
            if rel.source not in primary or by_id[rel.source].parent == rel.target_node:
                primary[rel.source] = rel.target_node
    # Too many boxes for `dot` in reasonable time: laid out here as a tree.
    # (An overview is small enough for `dot` by construction.)
    as_tree = (options.layout == "dot" and marks is None and not options.legend and overview is None
               and len(order) + len(externals) > TREE_ABOVE)
    offsets: dict[str, int] = {}
    rankdir = "TB" if options.rankdir == "auto" else options.rankdir
    sizes: dict[str, tuple[float, float]] = {}
    if as_tree:
        rankdir = "LR"
        _name_second_targets(labels, drawn_rel, primary, joined, options)
    elif options.layout == "dot" and order:
        sizes = {n: _box(len(labels[n]), options.width) for n in order}
        roots = [n for n in order if by_id[n].kind == "thesis"]
        # The plan reads the map's shape, not its wording: every box counts
        # as a typical one, so that editing a text never flips the direction
        # or the fold (either would move every box on the page).
        typical = _box(_TYPICAL_LINES, options.width)
        rankdir, _, offsets = plan_layout(order, local, roots, {n: typical for n in order}, options.rankdir)

    g = dotsource.Digraph("argmap", strict=False)
    fan_in = max(Counter(target for _, target in local).values(), default=0)
    if as_tree:
        g.attr("graph", **tree_settings(options))
    else:
        g.attr("graph", **layout_settings(len(order) + len(externals), len(drawn_rel), options, rankdir, fan_in))
    g.attr("node", fontname=options.fontname, fontsize="12", fontcolor=INK, margin="0.12,0.07")
    g.attr("edge", fontname=options.fontname, fontsize="10", arrowsize="0.8")

    heads, ports = _arrivals(drawn_rel, sizes if options.layout == "dot" and order and not as_tree else {}, rankdir,
                             {n: by_id[n].kind for n in order})

    def add_node(graph, node_id: str) -> None:
        node = by_id[node_id]
        style = KIND_STYLE.get(node.kind, KIND_STYLE["premise"])
        attrs = {**style, "class": node.kind}
        if node_id == options.focus or node_id == options.branch:
            # The node the reader asked about stands out from its neighbourhood.
            attrs["penwidth"] = "3.5"
        if statuses.get(node_id, ("in",))[0] != "in":
            # A node that does not stand fades: grey text, a lighter fill.
            attrs["fontcolor"] = MUTED
            attrs["fillcolor"] = "white"
        tip = tooltip(node, options)
        if tip:
            attrs["tooltip"] = tip
        if marks is not None:
            marks.node(node, attrs)
        label = labels[node_id].html()
        if node_id in ports:
            # The ports must lie on the border for the arrowheads to end
            # there (an edge to a port is clipped at the port's cell): the
            # node's margin moves inside the label, round the text.
            margin = max(float(v) for v in attrs.get("margin", "0.12,0.07").split(","))
            label = _with_ports(label, ports[node_id], rankdir, round(margin * 72))
            attrs["margin"] = "0"
        if places:
            attrs["pos"] = places[node_name(node_id)]
            # As wide as the room kept for it: its lines then end on its border.
            attrs["width"] = f"{_tree_box(node.kind, len(labels[node_id]), options)[0] / 72:.3f}"
        graph.node(node_name(node_id), label=label, **attrs)

    thesis = [n for n in order if by_id[n].kind == "thesis"]
    clusters = _clusters(argmap, keep) if (options.clusters and options.layout == "dot" and not as_tree) else {}
    cluster_of = {m: root for root, members in clusters.items() for m in members}

    def add_external(graph, map_id: str, target: str) -> None:
        other = _lookup(corpus, map_id, target)
        label = Label()
        label.line(styled(h(f"{map_id}:{target}"), bold=True))
        if other is not None:
            label.text(node_text(other, options), options.width)
        name = node_name("ext", map_id, target)
        graph.node(name, label=label.html(), **EXTERNAL_STYLE, **{"class": "external"}, **_placed(places, name))

    point_keys = sorted(undercut_keys | set(joined))
    points: dict[str, str] = {}
    for i, key in enumerate(point_keys):
        name = node_name("u", *key_nodes(key))  # `p1+p2->c` and `p1->p2->c` share this: then numbered
        points[key] = name if name not in points.values() else node_name("u", str(i), *key_nodes(key))

    def add_point(graph, key: str) -> None:
        if key in undercut_keys:
            graph.node(points[key], label="", shape="circle", width="0.12", height="0.12", fixedsize="true",
                       style="filled", fillcolor="white", color=VERMILION, penwidth="1.6", **{"class": "undercut-point"},
                       **_placed(places, points[key]))
        else:  # where joint sources meet
            color = RELATION_STYLE.get(joined[key].kind, RELATION_STYLE["supports"])["color"]
            graph.node(points[key], label="", shape="point", width="0.08", color=color, **{"class": "joint-point"},
                       **_placed(places, points[key]))

    partners = {}
    for r in drawn_rel:
        if r.target_map is not None:
            partners.setdefault((r.target_map, r.target_node), r.source)
    places: dict[str, str] = {}
    routes: dict[tuple[str, str], str] = {}
    if as_tree:
        places, routes = _tree_places(order, labels, by_id, primary, drawn_rel, partners, points, options)
    # A node drawn for another map's node, or an undercut's marker, lives in
    # its partner's cluster: outside it, Graphviz may lay the cluster's box
    # over it.
    homes: dict[str | None, list] = defaultdict(list)
    for map_id, target in externals:
        partner = partners[(map_id, target)]
        homes[cluster_of.get(partner)].append(lambda graph, a=map_id, b=target: add_external(graph, a, b))
    for key in points:
        ends = {cluster_of.get(n) for n in key_nodes(key)}
        homes[ends.pop() if len(ends) == 1 else None].append(lambda graph, k=key: add_point(graph, k))

    # Nodes in the author's order; each cluster is emitted where its claim is.
    for node_id in order:
        if node_id in thesis:
            with g.subgraph(name="thesis") as sub:
                sub.attr(rank="max")
                add_node(sub, node_id)
        elif node_id in clusters:
            with g.subgraph(name="cluster_" + node_name(node_id)) as sub:
                sub.attr(style="rounded,filled", fillcolor="#F7F9FC", color="#C9D3DF", penwidth="1", label="")
                for member in clusters[node_id]:
                    add_node(sub, member)
                for add in homes.get(node_id, []):
                    add(sub)
        elif node_id not in cluster_of:
            add_node(g, node_id)
    for add in homes.get(None, []):
        add(g)
    if overview is not None:
        _more_boxes(g, overview, options, cluster_of, places)

    drawn_keys: set[str] = set()
    for rel in drawn_rel:
        src = node_name(rel.source)
        if rel.target_map is not None:
            # Declared from the other map's node, which then sits beside its
            # partner like a reason does; both styles are symmetric.
            style = {**RELATION_STYLE[rel.kind], "constraint": "true"}
            g.edge(node_name("ext", rel.target_map, rel.target_node), src, **marked(rel, {**style, "class": rel.kind}))
            continue
        if rel.kind == "same_as":  # a rephrase inside the map
            g.edge(src, node_name(rel.target_node), **marked(rel, {**RELATION_STYLE["same_as"], "class": "same_as"}))
            continue
        style = RELATION_STYLE.get(rel.kind, RELATION_STYLE["supports"])
        target = points.get(rel.edge, "") if rel.kind == "undercuts" else node_name(rel.target_node)
        if not target:
            continue
        if rel.kind != "undercuts":
            if offsets.get(rel.source):
                style = {**style, "minlen": str(1 + offsets[rel.source])}
            if options.layout == "dot" and primary.get(rel.source, rel.target_node) != rel.target_node:
                # A second or later target is drawn but does not place the
                # node: it stays beside its first target, in its cluster.
                style = {**style, "constraint": "false"}
        head = heads.get(id(rel), {}) if rel.kind != "undercuts" else {}
        if rel.scheme:  # the argument scheme names the inference, on its arrow
            head = {**head, "label": plain(rel.scheme), "fontsize": "9", "fontcolor": MUTED}
        if rel.key in points:
            # Drawn in two parts through its point: the sources' lines meet
            # there, and one arrow goes on to the target.
            if rel.key in drawn_keys:
                continue
            drawn_keys.add(rel.key)
            for source in rel.sources:
                g.edge(node_name(source), points[rel.key], **marked(rel, {**style, "arrowhead": "none", "class": rel.kind}))
            g.edge(points[rel.key], target, **marked(rel, {**style, **head, "minlen": "1", "class": rel.kind}, False))
            continue
        if as_tree and primary.get(rel.source) != rel.target_node and rel.kind in ("supports", "attacks"):
            continue  # named in both boxes instead (_name_second_targets)
        if primary.get(rel.source) == rel.target_node and (rel.source, rel.kind) in routes:
            head = {**head, "pos": routes[(rel.source, rel.kind)]}
        g.edge(src, target, **marked(rel, {**style, **head, "class": rel.kind}))
    # An undercut of an inference the map never makes (an error) still shows it.
    for key, point in points.items():
        if key in drawn_keys:
            continue
        sources, target = key.split("->", 1)
        end = points.get(target) or (node_name(target) if target in keep else None)
        if end is None:
            continue
        style = RELATION_STYLE["supports"]
        for source in sources.split("+"):
            g.edge(node_name(source), point, **{**style, "arrowhead": "none"}, **{"class": "supports"})
        g.edge(point, end, **style, **{"class": "supports"})

    if options.legend:
        _legend(g, options)
    if marks is not None:
        marks.finish(g)
    return themed(g.source, options.theme)


# An attack's bar lies along the side it reaches and is 13 points long:
# ports closer than this would let neighbouring heads touch.
_PORT_PITCH = 15.0


def _arrivals(drawn_rel: list[Relation], sizes: dict, rankdir: str, kinds: dict[str, str]) -> tuple[dict[int, dict], dict[str, int]]:
    """Where each relation's arrowhead lands on a node that several reach.

    Left to itself, `dot` aims every edge at a node's centre, so ten reasons
    of a thesis end on one point of its border, their heads stacked. Instead
    the side facing the reasons gets a row of ports, one per arriving
    relation, spaced so that heads never touch; when the side is too short
    for all, neighbours in the author's order share a port, end on its
    point and share one arrowhead, drawn on the last of them so no line
    crosses it. (`samehead` would ignore the ports.) Returns (id(rel) → edge attributes, node → ports).
    """
    arriving: dict[str, list[Relation]] = defaultdict(list)
    for rel in drawn_rel:
        if rel.target_map is None and rel.kind in ("supports", "attacks") and rel.target_node in sizes:
            arriving[rel.target_node].append(rel)
    heads: dict[int, dict] = {}
    ports: dict[str, int] = {}
    for target, rels in arriving.items():
        if len(rels) < 2:
            continue
        if kinds.get(target) == "recommendation":
            # The arrow-shaped box has no straight side to spread ports
            # along (they would stand off its point): the relations of one
            # kind meet at one point of its border under one arrowhead.
            for kind in ("supports", "attacks"):
                same = [r for r in rels if r.kind == kind]
                for rel in same:
                    heads[id(rel)] = {"samehead": kind, **({"arrowhead": "none"} if rel is not same[-1] else {})}
            continue
        length = sizes[target][1] if rankdir == "LR" else sizes[target][0]
        k = max(1, min(len(rels), int(length // _PORT_PITCH)))
        ports[target] = k
        # A left-to-right drawing stacks a rank's nodes bottom up: the first
        # reason lands lowest, so it takes the lowest port.
        ordered = list(reversed(rels)) if rankdir == "LR" else rels
        groups: dict[int, list[Relation]] = defaultdict(list)
        for j, rel in enumerate(ordered):
            groups[j * k // len(ordered)].append(rel)
        for port, members in groups.items():
            for rel in members:
                # A port with no compass point: the edge aims at the port and
                # is clipped at the border (with one it would end inside).
                attrs = {"headport": f"in{port}"}
                if len(members) > 1 and rel is not members[-1]:
                    attrs["arrowhead"] = "none"
                heads[id(rel)] = attrs
    return heads, ports


def _with_ports(label: str, k: int, rankdir: str, pad: int) -> str:
    """An HTML label with k empty ports along the side facing the reasons:
    the right side when drawn left to right, else the bottom; the text
    `pad` points clear of the border all round."""
    inner = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="{pad}"><TR><TD>{label[1:-1]}</TD></TR></TABLE>'
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
    if rankdir == "LR":
        rows = [f'<TR><TD ROWSPAN="{k}">{inner}</TD><TD PORT="in0" WIDTH="1"></TD></TR>']
        rows += [f'<TR><TD PORT="in{i}" WIDTH="1"></TD></TR>' for i in range(1, k)]
        return f"<{table}{''.join(rows)}</TABLE>>"
    cells = "".join(f'<TD PORT="in{i}" HEIGHT="1"></TD>' for i in range(k))
    return f'<{table}<TR><TD COLSPAN="{k}">{inner}</TD></TR><TR>{cells}</TR></TABLE>>'


def _more_boxes(g, overview, options: Options, cluster_of: dict, places: dict) -> None:
    """A "+N more" box beside each node of an overview whose reasons are
    cut, naming the command that draws them."""
    for node_id, (count, _) in overview.more.items():
        name = node_name("more", node_id)
        label = Label()
        label.line(styled(h(f"+{count:,} more"), bold=True))
        label.line(styled(h(f"--branch {node_id}"), size=9))
        attrs = {"shape": "box", "style": "rounded,dashed", "color": MUTED, "fontcolor": MUTED, "fontsize": "11",
                 "class": "more", **_placed(places, name)}
        if cluster_of.get(node_id):
            with g.subgraph(name="cluster_" + node_name(cluster_of[node_id])) as sub:
                sub.node(name, label=label.html(), **attrs)
        else:
            g.node(name, label=label.html(), **attrs)
        g.edge(name, node_name(node_id), color=MUTED, style="dashed", arrowhead="normal", **{"class": "more"})


def _name_second_targets(labels: dict, drawn_rel: list[Relation], primary: dict, joined: dict, options: Options) -> None:
    """In a map laid out as a tree, a node's second and later targets are
    named in both boxes (`also supports s12`, `also supported by s40`)
    rather than drawn: a line from one branch to another runs across the
    whole drawing, hundreds of them hide the tree, and none can be
    followed. In words and colour, so print keeps them apart."""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    into: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for rel in drawn_rel:
        if rel.target_map is not None or rel.kind not in ("supports", "attacks") or rel.key in joined:
            continue
        if primary.get(rel.source) == rel.target_node or rel.target_node not in labels:
            continue
        if rel.target_node not in out[rel.source][rel.kind]:
            out[rel.source][rel.kind].append(rel.target_node)
            into[rel.target_node][rel.kind].append(rel.source)
    width = int(options.width * 1.15)
    words = {"supports": ("also supports", "also supported by"), "attacks": ("also attacks", "also attacked by")}
    for side, notes in ((0, out), (1, into)):
        for node_id, kinds in notes.items():
            for kind in ("supports", "attacks"):
                if kinds.get(kind):
                    color = RELATION_STYLE[kind]["color"]
                    labels[node_id].text(f"{words[kind][side]} {', '.join(kinds[kind])}", width, size=10, color=color,
                                         bold=True)


def tree_settings(options: Options) -> dict[str, str]:
    """Graph attributes of a map laid out by render/tree.py: Graphviz's
    nop2 engine keeps the positions and routes given, and draws a relation
    with no route (an undercut, a rephrase) as a straight line."""
    return {"fontname": options.fontname, "outputorder": "edgesfirst", "pad": "0.2", "bgcolor": "white",
            "layout": "nop2", "splines": "false"}


def _placed(places: dict[str, str], name: str) -> dict[str, str]:
    return {"pos": places[name]} if name in places else {}


def _tree_box(kind: str, rows: int, options: Options) -> tuple[float, float]:
    """The room kept for a box in the tidy tree: the thesis's type is
    larger, the arrow-shaped recommendation has a wider margin."""
    w, h = tree.box(rows, options.width, 1.25 if kind == "thesis" else 1.0)
    return (w + 24, h + 24) if kind == "recommendation" else (w, h)


def _tree_places(order, labels, by_id, primary, drawn_rel, partners, points, options):
    """Each box's `pos` (points, pinned) in the tidy tree of render/tree.py,
    thesis on the left: a node sits right of its primary target; one that
    only undercuts, beside the source of the inference it undercuts; one
    only a rephrase (same_as), beside the node it restates; another map's
    node beside its partner. An undercut's ring and a joint argument's dot
    sit halfway along their inference.

    Also the route of each node's line to its primary target, keyed by
    (node id, relation kind): out of the node to the middle of the gap
    between the two columns, along it to the target's height, and into the
    target's right side, so that a node's reasons meet it as a comb rather
    than as lines across their neighbours. Attacks run 6 points apart from
    supports and end 9 points lower, so neither hides the other."""
    parent: dict[str, str] = {node_name(n): node_name(t) for n, t in primary.items()}
    for rel in drawn_rel:
        src = node_name(rel.source)
        if src in parent or rel.target_map is not None:
            continue
        if rel.kind == "undercuts" and rel.edge:
            parent[src] = node_name(key_nodes(rel.edge)[-1])
        elif rel.kind == "same_as":
            parent[src] = node_name(rel.target_node)
    names = [node_name(n) for n in order]
    sizes = {}
    for n, name in zip(order, names):
        sizes[name] = _tree_box(by_id[n].kind, len(labels[n]), options)
    for (map_id, target), partner in partners.items():
        name = node_name("ext", map_id, target)
        names.append(name)
        parent[name] = node_name(partner)
        sizes[name] = tree.box(4, options.width)
    centre = tree.tidy(names, parent, sizes)
    height = max((y + sizes[n][1] / 2 for n, (x, y) in centre.items()), default=0.0)
    # Graphviz's y grows upwards.
    places = {n: (x, height - y) for n, (x, y) in centre.items()}
    column: dict[float, float] = defaultdict(float)
    for n, (x, _) in places.items():
        column[x] = max(column[x], sizes[n][0])
    routes: dict[tuple[str, str], str] = {}
    for rel in drawn_rel:
        if rel.target_map is not None or rel.kind not in ("supports", "attacks") or rel.joint:
            continue
        if primary.get(rel.source) != rel.target_node or (rel.source, rel.kind) in routes:
            continue
        a, b = places.get(node_name(rel.source)), places.get(node_name(rel.target_node))
        if a is None or b is None or a[0] <= b[0]:
            continue  # a cut cycle's root: drawn straight
        attack = rel.kind == "attacks"
        mid = (b[0] + column[b[0]] / 2 + a[0] - column[a[0]] / 2) / 2 + (6 if attack else 0)
        tip = (b[0] + sizes[node_name(rel.target_node)][0] / 2, b[1] - (9 if attack else 0))
        # The arrowhead's length (10 points × arrowsize) lies between the line's end and the tip.
        end = tip[0] + 10 * float(RELATION_STYLE[rel.kind].get("arrowsize", "0.8"))
        start = a[0] - sizes[node_name(rel.source)][0] / 2
        # A B-spline of straight pieces: each corner point three times, the ends twice.
        p0, p1 = f"{start:.1f},{a[1]:.1f}", f"{mid:.1f},{a[1]:.1f}"
        p2, p3 = f"{mid:.1f},{tip[1]:.1f}", f"{end:.1f},{tip[1]:.1f}"
        routes[(rel.source, rel.kind)] = f"e,{tip[0]:.1f},{tip[1]:.1f} {p0} {p0} {p1} {p1} {p1} {p2} {p2} {p2} {p3} {p3}"
    for key, name in points.items():
        ends = [node_name(n) for n in key_nodes(key)]
        at = [places[e] for e in ends if e in places]
        if len(at) >= 2:
            (x0, y0), (x1, y1) = at[-2], at[-1]
            places[name] = ((x0 + x1) / 2, (y0 + y1) / 2)
        elif at:
            places[name] = at[0]
        else:
            places[name] = (0.0, 0.0)
    pinned = {n: f"{x:.1f},{y:.1f}!" for n, (x, y) in places.items()}
    return pinned, routes


def _drawable(rel: Relation, keep: set[str]) -> bool:
    if rel.source not in keep:
        return False
    if rel.target_map is not None:
        return rel.kind in ("same_as", "contradicts")
    if not all(source in keep for source in rel.joint):
        return False
    if rel.kind == "undercuts":
        return all(n in keep for n in key_nodes(rel.edge or ""))
    return rel.target_node in keep


def _lookup(corpus, map_id: str, node_id: str) -> Node | None:
    if corpus is None:
        return None
    other = corpus.by_map_id().get(map_id)
    return other.by_id.get(node_id) if other is not None else None


# ---------------------------------------------------------------- legend


def _legend(g, options: Options) -> None:
    """A miniature argument that shows every kind and relation, labelled."""
    small = {"fontsize": "10", "margin": "0.08,0.04"}

    def sample(graph, kind: str) -> str:
        name = "legend." + kind
        # The arrow-shaped recommendation keeps its taller margin (see KIND_STYLE).
        margin = {"margin": "0.14,0.1"} if kind == "recommendation" else {}
        graph.node(name, label=f"<{h(kind)}>", **{**KIND_STYLE[kind], **small, **margin,
                                                  "peripheries": KIND_STYLE[kind].get("peripheries", "1")})
        return name

    def lbl(text: str) -> str:
        return f'<<FONT POINT-SIZE="9">{h(text)}</FONT>>'

    with g.subgraph(name="cluster_legend") as lg:
        lg.attr(label="<<B>Legend</B>>", style="rounded", color="#BBBBBB", fontsize="11", margin="10")
        names = {kind: sample(lg, kind) for kind in NODE_KINDS}
        lg.node("legend.point", label="", shape="circle", width="0.12", height="0.12", fixedsize="true",
                style="filled", fillcolor="white", color=VERMILION, penwidth="1.6")
        lg.node("legend.other", label="<other map:id>", **{**EXTERNAL_STYLE, **small})
        lg.edge(names["claim"], names["thesis"], label=lbl("supports"), **RELATION_STYLE["supports"])
        lg.edge(names["premise"], names["claim"], label=lbl("supports"), **RELATION_STYLE["supports"])
        lg.edge(names["evidence"], "legend.point", **{**RELATION_STYLE["supports"], "arrowhead": "none"})
        lg.edge("legend.point", names["premise"], label=lbl("supports"), **RELATION_STYLE["supports"])
        lg.edge(names["counterpoint"], names["claim"], label=lbl("attacks"), **RELATION_STYLE["attacks"])
        lg.edge(names["rebuttal"], names["counterpoint"], label=lbl("attacks"), **RELATION_STYLE["attacks"])
        lg.edge(names["recommendation"], names["thesis"], label=lbl("supports"), **RELATION_STYLE["supports"])
        lg.node("legend.k", label="<counterpoint>", **{**KIND_STYLE["counterpoint"], **small})
        lg.edge("legend.k", "legend.point", label=lbl("undercuts"), **RELATION_STYLE["undercuts"])
        lg.edge(names["premise"], "legend.other", label=lbl("same as"), **RELATION_STYLE["same_as"])
        lg.edge(names["evidence"], "legend.other", label=lbl("contradicts"), **RELATION_STYLE["contradicts"])


def _stance_legend(g, links: bool = False) -> None:
    samples = [
        ("pro", "issue", STANCE_STYLE["pro"], ISSUE_STYLE),
        ("con", "issue", STANCE_STYLE["con"], ISSUE_STYLE),
        ("mixed", "issue", STANCE_STYLE["mixed"], ISSUE_STYLE),
    ]
    with g.subgraph(name="cluster_legend") as lg:
        lg.attr(label="<<B>Legend</B>>", style="rounded", color="#BBBBBB", fontsize="11", margin="10")
        if links:
            text = "".join(f'<FONT COLOR="{c}"><B>{h(t)}</B></FONT> {h(m)}<BR ALIGN="LEFT"/>' for c, t, m in (
                (GREEN, "≡ same as map:id", "the same point in another map"),
                (VERMILION, "≠ contradicts map:id", "a point another map denies"),
            ))
            lg.node("legend.links", label=f"<{text}>", shape="plaintext", fontsize="10")
        # Left-to-right layouts stack a rank's nodes bottom up: declare the
        # rows in reverse so that they read top down.
        for i, (text, target, edge_style, node_style) in reversed(list(enumerate(samples))):
            a, b = f"legend.{i}.a", f"legend.{i}.b"
            lg.node(a, label=f"<{h(text)}>", shape="plaintext", fontsize="10")
            lg.node(b, label=f"<{h(target)}>", **{**node_style, "fontsize": "10"})
            lg.edge(a, b, **edge_style)


# ---------------------------------------------------------------- several maps


def _authors(meta: dict, lang: str = "orig") -> str:
    authors = (lang == "en" and meta.get("authors_en")) or meta.get("authors")
    if isinstance(authors, (list, tuple)):
        return ", ".join(str(a) for a in authors)
    return str(authors) if authors else ""


def map_caption(argmap: ArgMap, options: Options) -> str:
    """Author and year, then the title: the label of a map's cluster."""
    meta = argmap.meta or {}
    who = _authors(meta, options.lang) or (argmap.id or argmap.path)
    year = meta.get("year")
    head = f"{who} ({year})" if year else who
    title = meta.get("title_en") if options.lang == "en" and meta.get("title_en") else meta.get("title")
    label = Label()
    label.line(styled(h(head), bold=True, size=13), "CENTER")
    if argmap.id:
        label.line(styled(h(argmap.id), size=10), "CENTER")
    if title:
        label.text(str(title), options.width + 10, size=10, color=MUTED, align="CENTER")
    return label.html()


@dataclass
class _Shown:
    """A node drawn in a map's cluster: the issues it speaks for."""

    node: Node
    issues: list[tuple[str, str, str, list[str], list[str]]] = field(default_factory=list)  # (issue, stance, qualifier, alike, apart)


def _representatives(m: ArgMap, issues: dict, focus: str | None) -> list[_Shown]:
    """Per issue, the map's highest-standing node that takes a stance on it.

    Drawing every node that takes a stance buries the comparison under
    dozens of boxes per author; one box per (map, issue), the thesis or the
    top claim where possible, keeps the picture to what a reader compares.
    The others are named in the label. Disagreeing stances within one map
    show as mixed, as in `argmap compare`.
    """
    from argmap.compare.analysis import position

    by_issue: dict[str, list] = defaultdict(list)
    for s in m.stances:
        if s.issue in issues and s.node in m.by_id and (focus is None or s.issue == focus):
            by_issue[s.issue].append(s)
    order = m.order
    shown: dict[str, _Shown] = {}
    for iid in issues:
        takes = by_issue.get(iid)
        if not takes:
            continue
        # The same reading of a map's position as `argmap compare` gives.
        pos = position(m, takes)
        top = pos.carrier.id
        alike = list(dict.fromkeys(n.id for n, _ in pos.alike))
        # Nodes of another stance are named with it, apart from those that agree.
        apart = list(dict.fromkeys(f"{n.id} {s}" for n, s in pos.apart))
        shown.setdefault(top, _Shown(m.by_id[top])).issues.append((iid, pos.stance, pos.qualifier(), alike, apart))
    return sorted(shown.values(), key=lambda x: order.get(x.node.id, 0))


def _link_notes(maps: list[ArgMap], links: list[tuple[int, Relation]]) -> dict[tuple[int, str], list[tuple[str, str]]]:
    """The links between maps as notes in both boxes they join: (map index,
    node id) → [(colour, text)]. Drawn as lines, twenty links between boxes
    a metre apart run the full height of the figure and none can be
    followed; named at both ends, each is read where it starts."""
    by_map = {m.id: i for i, m in enumerate(maps) if m.id}
    notes: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)
    for i, rel in links:
        mark, color = ("≡ same as", GREEN) if rel.kind == "same_as" else ("≠ contradicts", VERMILION)
        note = (color, f"{mark} {rel.target_map}:{rel.target_node}")
        if note not in notes[(i, rel.source)]:
            notes[(i, rel.source)].append(note)
        j = by_map.get(rel.target_map)
        if j is not None and rel.target_node in maps[j].by_id:
            back = (color, f"{mark} {maps[i].id}:{rel.source}")
            if back not in notes[(j, rel.target_node)]:
                notes[(j, rel.target_node)].append(back)
    return dict(notes)


def _corpus_label(item: _Shown, options: Options, width: int, notes=()) -> str:
    node = item.node
    label = Label()
    label.line(styled(h(node.id), bold=True))
    label.text(node_text(node, options), width)
    for iid, value, qual, alike, apart in item.issues:
        line = f"{iid}: {value}" + (f" ({qual})" if qual else "")
        if alike:
            line += " · also " + ", ".join(alike)
        if apart:
            line += " · apart: " + ", ".join(apart)
        label.text(line, int(width * 1.2), size=9, color=MUTED)
    for color, note in notes:
        label.text(note, int(width * 1.2), size=9, color=color, bold=True)
    return label.html()


def shown_maps(corpus, options: Options):
    """The maps of a corpus diagram, in year order, each with the nodes it
    shows (none: the map is left out), and the cross-map links drawn. A
    translation of a map in the corpus is drawn as that map, not beside it."""
    maps = [m for m in corpus.maps if m.is_argument and m.nodes]
    present = {m.id for m in maps if m.id}
    maps = [m for m in maps if m.translation_of not in present or m.translation_of == m.id]
    maps.sort(key=lambda m: (_year(m), m.id or "", m.path))
    issues = corpus.issues()
    if options.focus is not None and options.focus not in issues:
        guess = did_you_mean(options.focus, list(issues))
        hint = f" — did you mean `{guess}`?" if guess else ""
        raise RenderError(f"no issue `{options.focus}` in the corpus{hint}")

    shown: dict[int, list[_Shown]] = {i: _representatives(m, issues, options.focus) for i, m in enumerate(maps)}
    links: list[tuple[int, Relation]] = []
    if options.focus is None and options.links:
        by_map = {m.id: i for i, m in enumerate(maps) if m.id}
        for i, m in enumerate(maps):
            for rel in m.relations:
                if rel.target_map is not None and rel.kind in ("same_as", "contradicts") and rel.source in m.by_id:
                    links.append((i, rel))
        # The two ends of a cross-map link are drawn even without a stance.
        for i, rel in links:
            ends = [(i, rel.source)]
            j = by_map.get(rel.target_map)
            if j is not None and rel.target_node in maps[j].by_id:
                ends.append((j, rel.target_node))
            for k, node_id in ends:
                if all(x.node.id != node_id for x in shown[k]):
                    shown[k].append(_Shown(maps[k].by_id[node_id]))
        for k in shown:
            order = {n.id: n_i for n_i, n in enumerate(maps[k].nodes)}
            shown[k].sort(key=lambda x: order.get(x.node.id, 0))
    return maps, shown, links


def corpus_graph(corpus, options: Options | None = None) -> str:
    """Several maps side by side around the issues they share, as DOT.

    Each map is a cluster (author, year, title); the issues stand in the
    middle, the older maps to their left and the newer to their right. For
    each issue a map speaks to, its highest-standing node that takes the
    stance (the thesis, else a claim, …) is drawn with an edge to the issue,
    styled pro / con / mixed; same_as and contradicts links join the
    clusters. With options.focus (an issue id), only that issue.
    Called by `argmap render` on several maps and by `argmap compare --graph`.
    """
    options = options or Options()
    issues = corpus.issues()
    maps, shown, links = shown_maps(corpus, options)
    indices = [i for i in range(len(maps)) if shown[i]]
    used_issues = [iid for iid in issues if any(iid == t[0] for i in indices for x in shown[i] for t in x.issues)]

    # Older maps left of the issues, newer right, split so that the two
    # sides hold about as many boxes.
    sizes = [len(shown[i]) for i in indices]
    cut, best = len(indices), None
    for k in range(1, len(indices)):
        diff = abs(sum(sizes) - 2 * sum(sizes[:k]))
        if best is None or diff < best:
            best, cut = diff, k
    left = set(indices[:cut])

    notes = _link_notes(maps, links)
    width = max(16, options.width - 4)
    g = dotsource.Digraph("argmap_compare", strict=False)
    total = sum(sizes) + len(used_issues)
    attrs = layout_settings(total, total, options, "LR")
    if options.layout == "dot":
        # newrank lets each map's boxes share a rank inside its cluster.
        attrs.update({"rankdir": "LR", "ranksep": "1.3", "nodesep": "0.2", "newrank": "true"})
    g.attr("graph", **attrs)
    g.attr("node", fontname=options.fontname, fontsize="11", fontcolor=INK, margin="0.1,0.07")
    g.attr("edge", fontname=options.fontname, fontsize="9", arrowsize="0.9")

    middle = node_name("issue", used_issues[len(used_issues) // 2]) if used_issues else None
    for i in indices:
        m = maps[i]
        with g.subgraph(name=map_cluster_name(m, i)) as sub:
            sub.attr(label=map_caption(m, options), style="rounded,filled", fillcolor="#F7F9FC",
                     color="#8DA2BA", penwidth="1.4", fontsize="12", margin="12")
            names = []
            for item in shown[i]:
                node = item.node
                style = KIND_STYLE.get(node.kind, KIND_STYLE["premise"])
                tip = tooltip(node, options)
                name = map_node_name(m, i, node.id)
                names.append(name)
                sub.node(name, label=_corpus_label(item, options, width, notes.get((i, node.id), ())),
                         **{**style, "fontsize": "11"}, **({"tooltip": tip} if tip else {}), **{"class": node.kind})
            with sub.subgraph() as same:
                # One column per map, even for boxes with no stance edge.
                same.attr(rank="same")
                for name in names:
                    same.node(name)
        if middle and names:
            # Anchors the column on its side of the issues.
            if i in left:
                g.edge(names[0], middle, style="invis")
            else:
                g.edge(middle, names[0], style="invis")

    with g.subgraph(name="issues") as mid:
        mid.attr(rank="same")
        for iid in used_issues:
            issue = issues[iid]
            text = issue.en if options.lang == "en" and issue.en else issue.text
            label = Label()
            label.line(styled(h(iid), bold=True))
            label.text(text, width + 4)
            mid.node(node_name("issue", iid), label=label.html(), **ISSUE_STYLE, **{"class": "issue"})

    for i in indices:
        for item in shown[i]:
            a = map_node_name(maps[i], i, item.node.id)
            for iid, value, *_ in item.issues:
                b = node_name("issue", iid)
                style = STANCE_STYLE.get(value, STANCE_STYLE["mixed"])
                # Ports keep each edge's climb between the columns, clear of
                # the clusters' captions.
                style = {**style, "tailport": "e", "headport": "w"}
                if i in left:
                    g.edge(a, b, **style, **{"class": "stance-" + value})
                else:
                    # Declared issue → node so the map lands right of the
                    # issues; dir=back keeps the arrow pointing at the issue.
                    back = {**style, "dir": "back", "arrowtail": style["arrowhead"], "arrowhead": "none"}
                    g.edge(b, a, **back, **{"class": "stance-" + value})

    if options.legend:
        _stance_legend(g, bool(links))
    return themed(g.source, options.theme)


def _year(m: ArgMap) -> int:
    year = (m.meta or {}).get("year")
    return year if isinstance(year, int) else 10**6
