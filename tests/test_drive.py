"""The fused parse loop (`syntax/drive.py`) must build exactly what lark's own
loop builds from the same tables and callbacks, and must give up on every
text lark rejects (so that lark's loop locates the error)."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark.exceptions import UnexpectedInput

from argmap.corpus import decode
from argmap.frontmatter import split
from argmap.source import Span
from argmap.syntax import drive
from argmap.syntax.parser import _blank, parser, parse
from conftest import CASES, MAPS, ROOT


def flat(value) -> list:
    """A CST as a flat list, walked without recursion (case files nest
    blocks past the recursion limit); spans as offsets."""
    out, todo = [], [value]
    while todo:
        item = todo.pop()
        if isinstance(item, Span):
            out.append(("span", item.start, item.end))
        elif dataclasses.is_dataclass(item):
            out.append(type(item).__name__)
            todo.extend(getattr(item, f.name) for f in reversed(dataclasses.fields(item)) if f.name != "source")
        elif isinstance(item, (list, tuple)):
            out.append(("seq", len(item)))
            todo.extend(reversed(item))
        elif hasattr(item, "children"):  # a lark Tree of a rule without a callback of ours
            out.append(("tree", item.data, len(item.children)))
            todo.extend(reversed(item.children))
        else:
            out.append((type(item).__name__, str(item)))
    return out


def both(text: str):
    """(drive's outcome, lark's outcome) on one file's text."""
    source, _ = decode("p.map", text.encode("utf-8", errors="surrogatepass"))
    fm, _ = split(source)
    body = _blank(source.text, 0, fm.body_start) if fm is not None else source.text
    lark, sink, builder = parser()
    outcomes = []
    for run in (lambda: drive.parse(lark, body, sink), lambda: lark.parse(body)):
        sink.tokens = []
        builder.reset(source)
        try:
            items = run()
        except UnexpectedInput:
            items = drive.FAILED
        outcomes.append(
            "failed" if items is drive.FAILED
            else (flat(items), [(str(t), t.start_pos, t.line) for t in sink.tokens], flat(builder.diagnostics))
        )
    return outcomes


def _files():
    for folder in (MAPS, CASES, ROOT / "docs", ROOT / "tests" / "fixtures"):
        yield from sorted(folder.rglob("*.map"))


def test_same_trees_and_the_same_failures_on_every_map_in_the_repository():
    checked = 0
    for path in _files():
        text = path.read_bytes().decode("utf-8", errors="replace")
        fast, reference = both(text)
        assert fast == reference, path
        checked += 1
    assert checked > 50


def test_a_real_map_goes_through_the_fast_loop():
    # Not a fallback in disguise: the bundled maps parse without lark's loop.
    lark, sink, builder = parser()
    for path in sorted(MAPS.glob("*.map")):
        source, _ = decode(str(path), path.read_bytes())
        fm, _ = split(source)
        builder.reset(source)
        body = _blank(source.text, 0, fm.body_start) if fm is not None else source.text
        assert drive.parse(lark, body, sink) is not drive.FAILED, path


def test_a_syntax_error_is_still_located_by_lark():
    source, _ = decode("p.map", b'claim c1 "x" { supports }\n')
    doc, diags = parse(source)
    assert doc is None
    assert [(d.code.code, d.span.line, d.span.column, d.message) for d in diags] == [
        ("AM106", 1, 25, "expected an id, found `}`")
    ]


FRAGMENTS = [
    "thesis", "claim", "premise", "counterpoint", "rebuttal", "issue", " T", " c1", " p2", " i1", ":", " x:T",
    ' "台日"', ' """長\n文"""', ' "a\\qb"', " {", " }", " supports", " attacks", " undercuts", " same_as",
    " contradicts", " ->", " +", ",", " stance", " pro", " con", " when", " if", " #tag", " en", " at",
    " scheme", "\n", "//c\n", " 論點", "\t", ' "', "\xff", " 1",
]


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_same_outcome_on_fragments_of_the_language(parts):
    fast, reference = both("".join(parts))
    assert fast == reference
