"""The HTML page: well-formed, self-contained, and map text only ever as data."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import MAPS, TESTS

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
VOID = {"meta", "link", "br", "hr", "img", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


class Checker(HTMLParser):
    """Every element closed in order; the scripts and templates collected."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.templates: dict[str, str] = {}
        self.in_template = 0
        self.tags: list[tuple[str, dict]] = []
        self._raw: list[str] | None = None
        self._attrs: dict = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if not self.in_template:
            self.tags.append((tag, attrs))
        if tag == "template":
            self.in_template += 1
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "script":
            self._raw, self._attrs = [], attrs

    def handle_startendtag(self, tag, attrs):
        if not self.in_template:
            self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "script" and self._raw is not None and "script" not in self.stack:
            self.scripts.append((self._attrs, "".join(self._raw)))
            self._raw = None
        elif tag == "template":
            self.in_template -= 1

    def handle_data(self, data):
        if self._raw is not None:
            self._raw.append(data)


def check(html: str) -> Checker:
    checker = Checker()
    checker.feed(html)
    checker.close()
    # The drawings as written (the parser above sees their tags, not their text).
    checker.templates = dict(re.findall(r'<template id="(\w+)">(.*?)</template>', html, re.S))
    assert checker.problems == []
    assert checker.stack == [], f"unclosed: {checker.stack}"
    return checker


def build(paths, **options):
    from argmap.validate import validate
    from argmap.site import build as make

    return make(validate([str(p) for p in paths]), **options)


@pytest.fixture(scope="module")
def bundled():
    return build([MAPS])


def test_the_report_of_the_bundled_maps_is_well_formed_and_self_contained(bundled):
    page = check(bundled.html)
    assert bundled.html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    # No file, no network: nothing is loaded from elsewhere.
    for tag, attrs in page.tags:
        assert "src" not in attrs or attrs["src"].startswith("data:"), (tag, attrs)
        assert tag != "link", attrs
        if tag == "a":
            assert attrs.get("href", "#").startswith("#"), attrs
    kinds = [attrs.get("type") for attrs, _ in page.scripts]
    assert kinds == ["application/json", None]
    # Every map's drawing and the stance matrix's figure, as inline SVG.
    assert sorted(page.templates) == ["d0", "d1", "d2", "d3", "d4", "fig"]
    for svg in page.templates.values():
        ET.fromstring(svg)  # each is well-formed XML
    assert bundled.size < 2_000_000, bundled.size  # the bar for the bundled corpus


def test_only_the_pages_own_script_may_run(bundled):
    page = check(bundled.html)
    script = page.scripts[-1][1]
    digest = "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
    [csp] = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp == (f"default-src 'none'; script-src {digest}; style-src 'unsafe-inline'; img-src data:; "
                   "connect-src 'none'; base-uri 'none'; form-action 'none'")


def test_a_served_page_may_ask_its_own_server_and_nothing_else():
    from argmap.site.page import policy

    assert "connect-src 'self'" in policy("x", live=True)
    assert "connect-src 'none'" in policy("x", live=False)


def test_the_data_is_the_document_and_no_map_text_can_end_its_element():
    from argmap.site.page import json_for_script

    nasty = {"t": "</script><!-- <script>&amp; \u2028\u2029 \u202e \x1b ok"}
    text = json_for_script(nasty)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text and "\u202e" not in text
    assert json.loads(text) == nasty


def test_hostile_text_stays_data_in_the_html():
    report = build([HOSTILE])
    page = check(report.html)
    # Only the two scripts of the page; the map's </script> did not end one.
    assert [a.get("type") for a, _ in page.scripts] == ["application/json", None]
    data = json.loads(page.scripts[0][1])
    hostile = next(m for m in data["maps"] if m["id"] == "hostile")
    assert hostile["nodes"][0]["text"] == "</script><script>window.__pwned = 'script'</script>"
    assert hostile["nodes"][1]["text"].startswith("\u202eevil\u202c")
    # No element, attribute or link came from map text.
    assert {t for t, _ in page.tags} <= {
        "html", "head", "meta", "title", "style", "body", "a", "header", "p", "nav", "ul", "form", "label", "input",
        "main", "noscript", "footer", "script", "template"}
    assert all(not k.startswith("on") for _, attrs in page.tags for k in attrs)
    # In the drawings, the labels are text and the bidi override is shown, not obeyed.
    svg = page.templates["d0"] + page.templates["d1"]
    root = ET.fromstring(page.templates["d0"])
    assert not [e for e in root.iter() if e.tag.split("}")[-1] in ("script", "a", "foreignObject")]
    assert all(not k.startswith("on") and "href" not in k for e in root.iter() for k in e.attrib)
    assert "\u202e" not in svg and "\ufffdevil\ufffd" in svg
    assert "&lt;/script&gt;" in svg
    # The <title> in the HTML head: escaped.
    assert "<title>Argument maps of 2 texts</title>" in report.html


def test_clean_svg_keeps_the_drawing_and_drops_what_could_run():
    from argmap.site.svg import clean

    raw = b"""<?xml version="1.0"?><!DOCTYPE svg><!-- c -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt" height="10pt" viewBox="0.00 0.00 10.00 10.00" onload="x()">
<script>alert(1)</script>
<g id="graph0" class="graph"><title>argmap</title>
<g id="node1" class="node claim"><title>c1</title>
<g id="a_node1"><a xlink:href="javascript:alert(1)" xlink:title="tip"><polygon fill="red" points="1.234,2.345 3,4"/>
<text text-anchor="start" x="1.25" y="2" font-family="sans-serif" font-size="12.00">\xe2\x80\xaeevil</text></a></g></g>
<g id="edge1" class="edge"><title>c1&#45;&gt;T:in2</title><path d="M1.26,2L3,4" style="fill:url(http://x)" fill="url(https://x/#a)"/></g>
<foreignObject><div>x</div></foreignObject>
</g></svg>"""
    out = clean(raw, nodes={"c1": "c1"}, titles={"c1": "claim c1 — gloss"}, edges={"c1->T": "c1 supports T"},
                label="Diagram of m")
    assert out == (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" font-family="sans-serif" role="img" '
        'aria-label="Diagram of m" focusable="false"><g class="graph"><g class="node claim" data-node="c1"><title>claim c1 — gloss</title>'
        '<polygon fill="red" points="1.2,2.3 3,4" /><text text-anchor="start" x="1.2" y="2" '
        'font-size="12">\ufffdevil</text></g><g class="edge"><title>c1 supports T</title><path d="M1.3,2L3,4" />'
        '</g></g></svg>')


def test_past_the_inline_limit_drawings_are_packed(monkeypatch):
    import gzip

    from argmap.site import page

    monkeypatch.setattr(page, "INLINE_SVG_UP_TO", 10)
    html = page.drawings({"d0": "<svg>" + "x" * 100 + "</svg>"})
    match = re.fullmatch(r'<script type="application/x-argmap-svg" id="d0">([A-Za-z0-9+/=]+)</script>', html)
    assert match and gzip.decompress(base64.b64decode(match.group(1))) == b"<svg>" + b"x" * 100 + b"</svg>"


def test_a_broken_configuration_while_serving_gives_a_page_that_says_so():
    from argmap.site import problem_page

    page = check(problem_page("configuration: pyproject.toml:3: bad"))
    data = json.loads(page.scripts[0][1])
    assert data["complete"] is False
    assert data["diagnostics"][0]["message"] == "configuration: pyproject.toml:3: bad"


def test_the_report_is_the_same_byte_for_byte_from_run_to_run():
    first = build([TESTS / "fixtures" / "corpus"]).html
    assert build([TESTS / "fixtures" / "corpus"]).html == first
