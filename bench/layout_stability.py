"""How far a small edit moves the boxes it does not touch.

    .venv/bin/python bench/layout_stability.py [MAP ...]

For each map (default: the five in maps/), draws it to SVG with the
Graphviz library bundled with pygraphviz, makes one small scripted edit at
a time — add a leaf under a claim, lengthen one premise's text, remove a
leaf, add a second target to a node — draws it again, and compares the
centres of the boxes present in both drawings, the edited node excepted.

Printed per edit: the mean displacement of those boxes (after taking out
the shift the whole drawing made, which a reader does not see as a jump),
as points and as a share of the drawing's diagonal; the share of boxes
that moved more than 20 pt; and the raw mean before alignment. A layout
that "jumps" (Argdown #145) moves most boxes by a large share of the page;
a stable one moves a few neighbours.

tests/render/test_render_stability.py runs the same measure on fixed edits
of a fixed map and bounds it.
"""

from __future__ import annotations

import re
import statistics
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG_NS = "{http://www.w3.org/2000/svg}"
MOVED_PT = 20.0


@dataclass(frozen=True)
class Shift:
    edit: str
    common: int  # boxes in both drawings, the edited one excepted
    mean: float  # mean displacement after removing the global shift, points
    share: float  # mean / the drawing's diagonal
    moved: float  # share of boxes that moved more than MOVED_PT
    raw: float  # mean displacement before alignment, points


def positions(svg: bytes) -> tuple[dict[str, tuple[float, float]], float]:
    """Box centres by node name, and the drawing's diagonal, in points."""
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter(SVG_NS + "g"):
        if "node" not in (g.get("class") or "").split():
            continue
        title = g.find(SVG_NS + "title").text
        nums = []
        for shape in g.iter():
            if shape.tag in (SVG_NS + "polygon", SVG_NS + "path"):
                nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", shape.get("points") or shape.get("d"))]
                break
        if nums:
            xs, ys = nums[0::2], nums[1::2]
            out[title] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    width = float(root.get("width").removesuffix("pt"))
    height = float(root.get("height").removesuffix("pt"))
    return out, (width ** 2 + height ** 2) ** 0.5


def compare(edit: str, before: bytes, after: bytes, touched: set[str]) -> Shift:
    a, diagonal = positions(before)
    b, _ = positions(after)
    common = sorted(set(a) & set(b) - touched)
    if not common:
        return Shift(edit, 0, 0.0, 0.0, 0.0, 0.0)
    dx = statistics.median(b[n][0] - a[n][0] for n in common)
    dy = statistics.median(b[n][1] - a[n][1] for n in common)
    raw = [((b[n][0] - a[n][0]) ** 2 + (b[n][1] - a[n][1]) ** 2) ** 0.5 for n in common]
    aligned = [((b[n][0] - a[n][0] - dx) ** 2 + (b[n][1] - a[n][1] - dy) ** 2) ** 0.5 for n in common]
    mean = statistics.fmean(aligned)
    return Shift(edit, len(common), mean, mean / diagonal, sum(d > MOVED_PT for d in aligned) / len(common),
                 statistics.fmean(raw))


# ---------------------------------------------------------------- the edits
# Each takes a map's text and returns (new text, ids touched) or None when
# the map offers no place for it. They work on the text as an author would.

_BLOCK = re.compile(r'^(claim|premise) (\w+) "[^"\n]*" \{\n', re.M)
_NESTED = re.compile(r'^  (evidence|premise) (\w+) "[^"\n]*" \{[^\n]*\}\n|^  (evidence|premise) (\w+) "[^"\n]*" \{\n(?:    [^\n]*\n|\n)*?  \}\n', re.M)
_PREMISE = re.compile(r'^(\s*)premise (\w+) "([^"\n]*)"', re.M)
_SUPPORTS = re.compile(r"^  supports (\w+)$", re.M)


def add_leaf(text: str):
    block = next((m for m in _BLOCK.finditer(text) if m.group(1) == "claim"), None)
    if block is None:
        return None
    line = '  evidence zz1 "新增的一條證據，為測試版面穩定而加" { at "¶1" }\n'
    return text[:block.end()] + line + text[block.end():], {"zz1"}


def lengthen_text(text: str):
    found = _PREMISE.search(text)
    if found is None:
        return None
    longer = found.group(3) + "；" + found.group(3)
    start, end = found.span(3)
    return text[:start] + longer + text[end:], {found.group(2)}


def remove_leaf(text: str):
    leaves = list(_NESTED.finditer(text))
    if not leaves:
        return None
    found = leaves[len(leaves) // 2]
    node = found.group(2) or found.group(4)
    # A leaf some other node names cannot go without more edits.
    if re.search(rf"\b{re.escape(node)}\b", text[:found.start()] + text[found.end():]):
        return None
    return text[:found.start()] + text[found.end():], {node}


def add_target(text: str):
    """A node that supports one target comes to support a second too."""
    ids = re.findall(r'^(?:claim|premise) (\w+) "', text, re.M)
    found = _SUPPORTS.search(text)
    if found is None or len(ids) < 3:
        return None
    other = next(i for i in ids if i != found.group(1))
    start, end = found.span()
    owner = re.findall(r'^\s*\w+ (\w+) "[^"\n]*" \{\n', text[:start], re.M)[-1]
    if other == owner:
        other = next(i for i in ids if i not in (found.group(1), owner))
    return text[:start] + f"  supports {found.group(1)}, {other}" + text[end:], {owner}


EDITS = {"add a leaf": add_leaf, "lengthen a text": lengthen_text, "remove a leaf": remove_leaf,
         "add a second target": add_target}


def draw(text: str, name: str, rankdir: str = "auto") -> bytes:
    """The SVG `argmap render --page none` draws of one map's text."""
    from argmap.corpus import parse_bytes
    from argmap.render import draw as render
    from argmap.render.dot import Options, map_graph

    argmap, diagnostics = parse_bytes(f"{name}.map", text.encode("utf-8"))
    if argmap is None:
        raise SystemExit(f"{name}: the edited map does not parse: {diagnostics[0].message}")
    source = map_graph(argmap, Options(rankdir=rankdir))
    return render(source, "svg", backend="library").data


def measure(path: Path, rankdir: str = "auto") -> list[Shift]:
    text = path.read_text(encoding="utf-8")
    before = draw(text, path.stem, rankdir)
    out = []
    for edit, make in EDITS.items():
        made = make(text)
        if made is None:
            continue
        new, touched = made
        out.append(compare(edit, before, draw(new, path.stem, rankdir), touched))
    return out


def main(argv: list[str]) -> None:
    paths = [Path(p) for p in argv] or sorted((ROOT / "maps").glob("*.map"))
    print(f"{'map':<20} {'edit':<20} {'boxes':>5} {'mean pt':>8} {'of diag':>8} {'moved':>6} {'raw pt':>7}")
    for path in paths:
        if path.name == "issues.map":
            continue
        for shift in measure(path):
            print(f"{path.stem:<20} {shift.edit:<20} {shift.common:>5} {shift.mean:>8.1f} {shift.share:>7.1%} "
                  f"{shift.moved:>6.0%} {shift.raw:>7.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
