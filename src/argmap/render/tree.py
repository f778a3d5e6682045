"""A tidy tree layout for maps too large for `dot`.

Graphviz's `dot` lays out a tree of a thousand boxes in a fraction of a
second, but its crossing minimisation and its network simplex grow with the
square of a rank's width: ten thousand boxes take over half a minute, and
capping those passes leaves lines running across the whole drawing. An
argument map is nearly a tree (each node bears first on one other), so above
`TREE_ABOVE` boxes the positions are computed here, in time that grows with
the map (Reingold and Tilford's tidy tree: each subtree packed against its
elder siblings by their outlines, a parent centred on its children), and
Graphviz only sizes the labels and draws (its `nop2` engine, which keeps the
positions and the routes of the lines it is given; render/dot.py routes
them).

Positions depend only on the map's shape and the label sizes estimated from
the text's display width, never on fonts: the DOT stays the same on every
machine.
"""

from __future__ import annotations

from collections import defaultdict

# Above this many boxes a map is laid out here rather than by `dot`: its
# drawing is already far larger than a page, read by zooming, where a tidy
# comb reads better than dot's long crossing lines, and dot's time grows
# fast (bench/render_scale.py: 0.3 s at 1,000 boxes, 39 s at 10,000).
TREE_ABOVE = 500

# Box geometry in points for an HTML label of `rows` rows at 12 pt and a
# width of `columns` display columns: measured on the bundled Graphviz
# (a row is 16.3 pt, a column 6 pt), rounded up so that a box drawn
# around its real text is never larger than the room kept for it.
ROW_PT, COLUMN_PT, PAD_X, PAD_Y = 17.0, 6.2, 26.0, 14.0
GAP_Y = 12.0  # between neighbouring boxes of one column
GAP_X = 64.0  # between columns: room for the lines to fan out
GAP_ROOTS = 36.0  # between the trees of separate roots


def box(rows: int, columns: int, scale: float = 1.0) -> tuple[float, float]:
    """Width and height in points kept for a label."""
    return (columns * COLUMN_PT + PAD_X) * scale, (rows * ROW_PT + PAD_Y) * scale


def _break_cycles(order: list[str], parent: dict[str, str]) -> dict[str, str]:
    """The parent links with any cycle cut (a support cycle drawn with
    --force): the node at which a walk from a node in the author's order
    first meets its own path becomes a root."""
    parent = {n: p for n, p in parent.items() if p is not None}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in order:
        path = []
        n = start
        while n is not None and state.get(n) is None:
            state[n] = 1
            path.append(n)
            n = parent.get(n)
        if n is not None and state.get(n) == 1:
            del parent[n]  # n's walk led back to itself
        for m in path:
            state[m] = 2
    return parent


def tidy(order: list[str], parent: dict[str, str], sizes: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Centre of each node in points, x to the right and y downwards: the
    roots (nodes with no parent) in the first column, in the author's order,
    each node's children in the next column, in the author's order.

    Each subtree keeps its outline: per column, the top of its highest box
    and the bottom of its lowest. A child subtree is set just below the
    union of its elder siblings' outlines, as high as every column they
    share allows, and the parent is centred between its first and last
    child. The outlines are merged smaller into larger, with a lazy offset,
    so the whole costs O(n log n) even for a map that is one long chain.
    """
    parent = _break_cycles(order, {n: parent.get(n) for n in order if parent.get(n) in sizes})
    children: dict[str, list[str]] = defaultdict(list)
    roots = []
    for n in order:
        p = parent.get(n)
        if p is None:
            roots.append(n)
        else:
            children[p].append(n)

    depth: dict[str, int] = {}
    stack = [(r, 0) for r in reversed(roots)]
    post: list[str] = []
    visit: list[str] = []
    while stack:
        n, d = stack.pop()
        depth[n] = d
        visit.append(n)
        for c in reversed(children.get(n, ())):
            stack.append((c, d + 1))
    post = list(reversed(visit))  # every child before its parent

    # outline[n] = (dict depth → [top, bottom] stored, offset): actual = stored + offset,
    # relative to n's centre. rel[n] = n's centre relative to its parent's.
    outline: dict[str, tuple[dict[int, list[float]], float]] = {}
    rel: dict[str, float] = {}

    def merge(acc, acc_off, new, new_off, gap):
        """Set `new` below `acc`: the shift for `new`, the merged outline and offset."""
        small, big = (acc, new) if len(acc) <= len(new) else (new, acc)
        shift = None
        for d in small:
            if d in big:
                need = (acc[d][1] + acc_off) - (new[d][0] + new_off) + gap
                shift = need if shift is None or need > shift else shift
        shift = shift or 0.0
        new_off += shift
        # Fold the smaller into the larger, in the larger's stored frame.
        if len(acc) >= len(new):
            target, t_off, source, s_off = acc, acc_off, new, new_off
        else:
            target, t_off, source, s_off = new, new_off, acc, acc_off
        for d, (top, bottom) in source.items():
            top, bottom = top + s_off - t_off, bottom + s_off - t_off
            have = target.get(d)
            if have is None:
                target[d] = [top, bottom]
            else:
                if top < have[0]:
                    have[0] = top
                if bottom > have[1]:
                    have[1] = bottom
        return shift, target, t_off

    for n in post:
        half = sizes[n][1] / 2
        kids = children.get(n)
        if not kids:
            outline[n] = ({depth[n]: [-half, half]}, 0.0)
            continue
        acc, acc_off = outline.pop(kids[0])
        offsets = [0.0]
        for c in kids[1:]:
            c_out, c_off = outline.pop(c)
            shift, acc, acc_off = merge(acc, acc_off, c_out, c_off, GAP_Y)
            offsets.append(shift)
        mid = (offsets[0] + offsets[-1]) / 2
        for c, o in zip(kids, offsets):
            rel[c] = o - mid
        acc_off -= mid
        d = depth[n]
        acc[d] = [-half - acc_off, half - acc_off]
        outline[n] = (acc, acc_off)

    # The roots one under another, as siblings of an invisible root.
    y: dict[str, float] = {}
    if roots:
        acc, acc_off = outline.pop(roots[0])
        y[roots[0]] = 0.0
        for r in roots[1:]:
            r_out, r_off = outline.pop(r)
            shift, acc, acc_off = merge(acc, acc_off, r_out, r_off, GAP_ROOTS)
            y[r] = shift
    for n in visit:  # parents before children
        if n not in y:
            y[n] = y[parent[n]] + rel[n]

    columns: dict[int, float] = defaultdict(float)
    for n in order:
        columns[depth[n]] = max(columns[depth[n]], sizes[n][0])
    left, x_of = 0.0, {}
    for d in range(len(columns)):
        x_of[d] = left + columns[d] / 2
        left += columns[d] + GAP_X
    top = min((y[n] - sizes[n][1] / 2 for n in order), default=0.0)
    return {n: (x_of[depth[n]], y[n] - top) for n in order}
