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
