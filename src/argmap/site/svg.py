"""Graphviz's SVG made fit to sit inside the report page.

The SVG is parsed and written out again with only the elements and
attributes a Graphviz drawing uses: no script, no event handler, no link
that leaves the page, whatever a map's text held (Graphviz escapes text,
and this is the second wall). Text is passed through `visible`, as the
terminal shows it, so a bidi override in a label cannot reorder the page.
Each node's group gets `data-node` (its map id), a `<title>` that says what
hovering should (the gloss, the locator), and each relation a `<title>` in
words; comments, the doctype and indentation go, which makes the drawing
about a fifth smaller.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from argmap.visible import visible

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_S = "{" + SVG_NS + "}"

ELEMENTS = frozenset(
    "svg g title path polygon polyline ellipse circle rect line text tspan defs linearGradient radialGradient stop".split()
)
ATTRIBUTES = frozenset(
    """id class width height viewBox transform fill stroke stroke-width stroke-dasharray stroke-opacity
    fill-opacity opacity points d cx cy rx ry r x y x1 y1 x2 y2 font-family font-size font-weight font-style
    text-anchor text-decoration baseline-shift style offset gradientUnits gradientTransform
    preserveAspectRatio""".split()
)
# Presentation only: a `style` with url() or an import could reach outside.
_STYLE_OK = re.compile(r"[#\w\s:;.,%()-]*")


class DiagramError(ValueError):
    """The drawing is not SVG this module can read."""


def _register() -> None:
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)


def clean(svg: bytes, *, nodes: dict[str, str] | None = None, titles: dict[str, str] | None = None,
          edges: dict[str, str] | None = None, label: str = "", ids: str = "g") -> str:
    """The sanitised SVG as text.

    `nodes` maps a DOT node name to the map's node id; `titles` a node id to
    what its hover title says; `edges` a DOT edge title (`a->b`) to the
    relation in words. `label` becomes the figure's aria-label. The
    gradients' ids are renamed `{ids}1`, `{ids}2`, …: Graphviz numbers them
    on from its last drawing in the process, which would make the page
    differ from run to run, and two drawings on one page could share one.
    """
    _register()
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:
        raise DiagramError(f"Graphviz wrote SVG that cannot be read: {exc}") from exc
    if root.tag != _S + "svg":
        raise DiagramError("Graphviz wrote no SVG")
    _prune(root)
    nodes = nodes or {}
    titles = titles or {}
    edges = edges or {}
    for group in root.iter(_S + "g"):
        kind = group.get("class", "").split()
        title = group.find(_S + "title")
        if title is None or not kind:
            continue
        name = title.text or ""
        if kind[0] == "node" and name in nodes:
            node_id = nodes[name]
            group.set("data-node", node_id)
            title.text = titles.get(node_id) or node_id
        elif kind[0] == "edge":
            # `a->b:in2`: the port says where on b the arrow lands, not which relation it is.
            ends = "->".join(part.split(":", 1)[0] for part in name.split("->"))
            if ends in edges:
                title.text = edges[ends]
        elif kind[0] in ("graph", "cluster"):
            group.remove(title)  # "argmap", "cluster_c1": say nothing to a reader
    _compact(root)
    _rename_ids(root, ids)
    for element in root.iter():
        if element.text and element.tag not in _TEXTUAL and not element.text.strip():
            element.text = None
        if element.text:
            element.text = visible(element.text)
        if element.tail:
            element.tail = None if not element.tail.strip() else visible(element.tail)
    root.set("role", "img")
    if label:
        root.set("aria-label", visible(label))
    # The page sizes the drawing itself (pan and zoom); the natural size stays in viewBox.
    for attr in ("width", "height"):
        root.attrib.pop(attr, None)
    root.set("focusable", "false")
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


_TEXTUAL = frozenset((_S + "text", _S + "tspan", _S + "title"))
_NUMBER = re.compile(r"-?\d+\.\d+")
_GEOMETRY = frozenset("points d x y x1 y1 x2 y2 cx cy rx ry r width height transform viewBox font-size stroke-width offset".split())
_KEEP_ID = frozenset((_S + "linearGradient", _S + "radialGradient"))


def _short(match: re.Match) -> str:
    value = f"{float(match.group(0)):.1f}"
    value = value[:-2] if value.endswith(".0") else value
    return "0" if value == "-0" else value


def _compact(root: ET.Element) -> None:
    """About a third smaller, with no visible change: coordinates to a tenth
    of a point (Graphviz writes hundredths), no element ids but the
    gradients' (which fills name), and the font that every text shares said
    once, on the drawing."""
    fonts = set()
    for element in root.iter():
        for attr, value in list(element.attrib.items()):
            if attr in _GEOMETRY:
                element.set(attr, _NUMBER.sub(_short, value))
        if "id" in element.attrib and element.tag not in _KEEP_ID:
            del element.attrib["id"]
        if element.tag == _S + "text":
            fonts.add(element.get("font-family"))
    if len(fonts) == 1 and None not in fonts:
        root.set("font-family", fonts.pop())
        for element in root.iter(_S + "text"):
            del element.attrib["font-family"]


_URL = re.compile(r"url\(#([^)]*)\)")


def _rename_ids(root: ET.Element, prefix: str) -> None:
    names: dict[str, str] = {}
    for element in root.iter():
        old = element.get("id")
        if old is not None:
            names[old] = f"{prefix}{len(names) + 1}"
            element.set("id", names[old])
    if not names:
        return
    for element in root.iter():
        for attr, value in element.attrib.items():
            if "url(#" in value:
                element.set(attr, _URL.sub(lambda m: f"url(#{names.get(m.group(1), m.group(1))})", value))


def _prune(element: ET.Element) -> None:
    """Drop what is not on the lists; unwrap Graphviz's tooltip links, whose
    children are the node's shapes."""
    for attr in list(element.attrib):
        local = attr.split("}", 1)[-1]
        value = element.attrib[attr]
        if (local not in ATTRIBUTES or (local == "style" and not _STYLE_OK.fullmatch(value))
                or "url(" in value.replace("url(#", "")):
            # A url() may name a gradient of the drawing (#id), nothing outside it.
            del element.attrib[attr]
    children = list(element)
    kept: list[ET.Element] = []
    for child in children:
        tag = child.tag if isinstance(child.tag, str) else ""
        local = tag.split("}", 1)[-1]
        if tag.startswith(_S) and local == "a" or tag == _S + "g" and child.get("id", "").startswith("a_"):
            # Graphviz wraps a node with a tooltip in <g id="a_…"><a xlink:title>: keep the shapes.
            _prune(child)
            kept.extend(_unwrapped(child))
        elif tag.startswith(_S) and local in ELEMENTS:
            _prune(child)
            kept.append(child)
    for child in children:
        element.remove(child)
    element.extend(kept)


def _unwrapped(wrapper: ET.Element) -> list[ET.Element]:
    out: list[ET.Element] = []
    for child in wrapper:
        if child.tag == _S + "a" or child.tag == _S + "g" and child.get("id", "").startswith("a_"):
            out.extend(_unwrapped(child))
        else:
            out.append(child)
    return out


def size(svg_text: str) -> tuple[float, float]:
    """The drawing's natural size in points, from its viewBox."""
    match = re.search(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"', svg_text)
    if not match:
        return (0.0, 0.0)
    return (float(match.group(3)), float(match.group(4)))
