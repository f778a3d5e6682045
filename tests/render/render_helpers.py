"""Shared by the render tests (tests/conftest.py holds run_cli and golden)."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
ROOT = HERE.parents[1]
MAPS = ROOT / "maps"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
REAL_MAPS = ("chen2024", "wilkins2012", "tradealliance2012", "tang2025", "cheng2026")
SVG_NS = "{http://www.w3.org/2000/svg}"


def parse_svg(data: bytes) -> ET.Element:
    """Parse as XML (raises on anything ill-formed) and return the root."""
    root = ET.fromstring(data)
    assert root.tag == SVG_NS + "svg"
    return root


def assert_safe_svg(root: ET.Element) -> None:
    """No script, no event handler, no link or external reference anywhere."""
    for element in root.iter():
        tag = element.tag.split("}")[-1].lower()
        assert tag not in ("script", "foreignobject", "image", "iframe", "object", "embed")
        for name, value in element.attrib.items():
            local = name.split("}")[-1].lower()
            assert not local.startswith("on"), (tag, name)
            assert local != "href", (tag, name, value)
            assert "javascript:" not in value.lower() or local == "title", (tag, name)


def svg_texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(SVG_NS + "text")]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


LABEL_ROW = re.compile(r'<TD ALIGN="(?:LEFT|CENTER)">(.*?)</TD>')
TAGS = re.compile(r"<[^>]+>")


def label_rows(dot: str) -> list[str]:
    """The text of every label row in DOT, entities decoded."""
    import html

    return [html.unescape(TAGS.sub("", row)).replace("\\\\", "\\") for row in LABEL_ROW.findall(dot)]


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG (what cairo writes):
    width, height and rows of RGB bytes."""
    import zlib

    width, height = png_size(data)
    depth, colour, _, _, interlace = data[24:29]
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 4 if colour == 6 else 3
    idat, pos = b"", 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        prev = line
        if channels == 4:
            rgb = bytearray()
            for x in range(width):
                r, g, bl, al = line[4 * x:4 * x + 4]
                # over white, as a page shows it
                rgb += bytes(round(v * al / 255 + 255 * (1 - al / 255)) for v in (r, g, bl))
            rows.append(bytes(rgb))
        else:
            rows.append(bytes(line))
    return width, height, rows


def luma(rgb: tuple[int, int, int]) -> float:
    """The grey a colour becomes in a greyscale conversion (Rec. 601)."""
    r, g, b = rgb
    return 0.299 * r + 0.587 * g + 0.114 * b


def node_boxes(root: ET.Element) -> list[tuple[str, str, tuple[float, float, float, float]]]:
    """(class, title, (x0, y0, x1, y1)) of every node in a Graphviz SVG, in
    the SVG's user units (points): the filled outline (the inner one of a
    node drawn with several)."""
    out = []
    for g in root.iter(SVG_NS + "g"):
        classes = (g.get("class") or "").split()
        if "node" not in classes:
            continue
        title = g.find(SVG_NS + "title")
        shapes = [e for e in g.iter() if e.tag in (SVG_NS + "polygon", SVG_NS + "path", SVG_NS + "ellipse")]
        if not shapes:
            continue
        filled = [e for e in shapes if e.get("fill") not in (None, "none")]
        shape = (filled or shapes)[0]
        if shape.tag == SVG_NS + "ellipse":
            cx, cy, rx, ry = (float(shape.get(k)) for k in ("cx", "cy", "rx", "ry"))
            box = (cx - rx, cy - ry, cx + rx, cy + ry)
        else:
            text = shape.get("points") or shape.get("d") or ""
            nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", text)]
            xs, ys = nums[0::2], nums[1::2]
            box = (min(xs), min(ys), max(xs), max(ys))
        out.append((" ".join(c for c in classes if c != "node"), title.text if title is not None else "", box))
    return out


def translation(root: ET.Element) -> tuple[float, float, float]:
    """(scale, dx, dy) of the graph group: user units → points of the page."""
    graph = next(g for g in root.iter(SVG_NS + "g") if g.get("class") == "graph")
    t = graph.get("transform")
    scale = float(re.search(r"scale\(([\d.]+)", t).group(1))
    dx, dy = (float(v) for v in re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", t).groups())
    return scale, dx, dy
