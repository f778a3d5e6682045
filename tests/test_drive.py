"""The fused parse loop (`syntax/drive.py`) must build exactly what lark's own
loop builds from the same tables and callbacks, and must give up on every
text lark rejects (so that lark's loop locates the error)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark.exceptions import UnexpectedInput

from argmap.corpus import decode
from argmap.frontmatter import split
from argmap.source import Span
from argmap.syntax import drive
from argmap.syntax.parser import _blank, callbacks, parser, parse
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
    _, rules = callbacks()
    outcomes = []
    for run, made_by in ((lambda: drive.parse(rules, body, sink, source), rules), (lambda: lark.parse(body), builder)):
        sink.tokens = []
        made_by.reset(source)
        try:
            items = run()
        except UnexpectedInput:
            items = drive.FAILED
        outcomes.append(
            "failed" if items is drive.FAILED
            else (flat(items), [(str(t), t.start_pos, t.line) for t in sink.tokens], flat(made_by.diagnostics))
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
    sink, rules = callbacks()
    for path in sorted(MAPS.glob("*.map")):
        source, _ = decode(str(path), path.read_bytes())
        fm, _ = split(source)
        rules.reset(source)
        body = _blank(source.text, 0, fm.body_start) if fm is not None else source.text
        assert drive.parse(rules, body, sink, source) is not drive.FAILED, path


def test_a_valid_map_is_read_without_lark_and_a_broken_one_located_with_it():
    # The shipped table (parser_tables.DRIVE) is the loop's: lark is
    # imported only to locate a syntax error.
    code = (
        "import sys\n"
        "from argmap.corpus import parse_bytes\n"
        f"argmap, diags = parse_bytes('m.map', open({str(MAPS / 'chen2024.map')!r}, 'rb').read())\n"
        "print(len(argmap.nodes), diags, 'lark' in sys.modules)\n"
        "argmap, diags = parse_bytes('b.map', b'claim c1 \"x\" { supports }\\n')\n"
        "print(argmap, [d.code.code for d in diags], 'lark' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0].endswith("[] False")
    assert out.splitlines()[1] == "None ['AM106'] True"


def test_without_a_shipped_table_for_this_grammar_the_loop_takes_lark_s(monkeypatch):
    # A grammar edited and the tables not made again: the loop builds its
    # table from lark's parser, and reads the same trees.
    from argmap.syntax import parser_tables

    text = (MAPS / "chen2024.map").read_text(encoding="utf-8")
    before = both(text)
    monkeypatch.setattr(parser_tables, "DRIVE_GRAMMAR_SHA256", "not this grammar")
    drive._tables.cache_clear()
    try:
        assert both(text) == before
        assert drive._tables(callbacks()[1]) is not None
    finally:
        drive._tables.cache_clear()


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


# Statements built from the grammar, with words that are keywords elsewhere
# as ids, strings that hold braces, slashes and quotes, and separators that
# are sometimes a comment and sometimes nothing at all: the plain ones are
# read whole by `syntax/fast.py`, the rest token by token, and both must
# build what lark builds (or fail where lark fails).
_words = st.sampled_from(["T", "c1", "p_2", "臺灣", "x", "supports", "premise", "stance", "en", "pro", "when", "issue", "thesis", "at"])
_strings = st.sampled_from(['"x"', '"台日"', '""', '"a//b"', '"a\\"b"', '"""長\n文"""', '"{ } #t"', '"a\\qb"',
                           '"\\\\"', '"a\\n\\t\\\\b"', '"末\\\\"', '"\\""', '"a\\\\\\"b"'])
_gap = st.sampled_from([" ", " ", " ", "\n", "\t ", "", " // 註\n"])


@st.composite
def _ref(draw):
    return draw(_words) + (draw(st.sampled_from(["", ":" + draw(_words), " : " + draw(_words)])))


@st.composite
def _target(draw):
    refs = [draw(_ref())]
    if draw(st.integers(0, 5)) == 0:
        refs.append(draw(st.sampled_from([" + ", " -> ", "+"])) + draw(_ref()))
    return "".join(refs)


@st.composite
def _relation(draw):
    kind = draw(st.sampled_from(["supports", "attacks", "undercuts", "same_as", "contradicts"]))
    targets = [draw(_target()) for _ in range(draw(st.integers(1, 3)))]
    out = kind + draw(_gap) + draw(st.sampled_from([", ", ",", " ,\n"])).join(targets)
    if draw(st.integers(0, 6)) == 0:
        out += draw(_gap) + "{ scheme " + draw(_strings) + " }"
    return out


@st.composite
def _entry(draw, depth):
    choice = draw(st.integers(0, 5 if depth < 2 else 4))
    g = draw(_gap)
    if choice == 0:
        return draw(st.sampled_from(["en", "at", "quote", "note", "speaker", "title"])) + g + draw(_strings)
    if choice == 1:
        return draw(st.sampled_from(["#tag", "#台日", "#a-b"]))
    if choice in (2, 3):
        return draw(_relation())
    if choice == 4:
        quals = "".join(" " + draw(st.sampled_from(["when", "if"])) + g + draw(_strings) for _ in range(draw(st.integers(0, 2))))
        return f"stance{g or ' '}{draw(_words)} {draw(st.sampled_from(['pro', 'con', 'mixed', 'maybe']))}{quals}"
    return draw(_node(depth + 1))


@st.composite
def _node(draw, depth=0):
    kind = draw(st.sampled_from(["thesis", "claim", "premise", "evidence", "counterpoint", "rebuttal", "recommendation"]))
    out = f"{kind}{draw(_gap) or ' '}{draw(_words)}{draw(_gap)}{draw(_strings)}"
    if draw(st.booleans()):
        entries = [draw(_entry(depth)) for _ in range(draw(st.integers(0, 4)))]
        out += draw(_gap) + "{" + "".join(draw(_gap) + e for e in entries) + draw(_gap) + "}"
    return out


@st.composite
def _statement(draw):
    choice = draw(st.integers(0, 4))
    if choice <= 2:
        return draw(_node())
    if choice == 3:
        label = draw(st.sampled_from(["", "", "", "i1: ", "i2:"]))
        sources = draw(st.sampled_from(["", "", "", " + b", "+c"]))
        return f"{label}{draw(_words)}{sources}{draw(_gap) or ' '}{draw(_relation())}"
    return f"issue {draw(_words)} {draw(_strings)}" + draw(st.sampled_from(["", " { en \"q\" #t }"]))


@settings(max_examples=600, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_statement(), max_size=8), st.lists(_gap, min_size=8, max_size=8))
def test_same_outcome_on_statements_built_from_the_grammar(statements, gaps):
    text = "".join(gap + "\n" + s for gap, s in zip(gaps, statements))
    fast, reference = both(text)
    assert fast == reference


def test_plain_statements_are_read_whole():
    # The fast reader is really used: a node and a relation statement of the
    # common shapes go through it, not through a token per callback.
    from argmap.syntax import fast

    text = 'premise p1 "台日" { supports T, m:c2 en "x" #t stance q pro when "1990s" }\np1 supports T\n'
    source, _ = decode("p.map", text.encode())
    node, end, _ = fast.node(text, source, 0)
    assert (node.kind.value, node.id.value, node.text.value, len(node.entries)) == ("premise", "p1", "台日", 4)
    statement, stop, _ = fast.relation_stmt(text, source, end + 1)
    assert (statement.source.value, statement.relation.kind.value, stop) == ("p1", "supports", len(text) - 1)
    fast_outcome, reference = both(text)
    assert fast_outcome == reference


_space = st.sampled_from([" ", "  ", "\n", "\t", " \n "])


@st.composite
def _plain_statement(draw, depth=0):
    # The shapes `syntax/fast.py` reads whole, with every spacing it allows.
    w, sp = (lambda: draw(_words)), (lambda: draw(_space))
    ref = lambda: w() + draw(st.sampled_from(["", ":" + w(), " : " + w()]))  # noqa: E731
    rel = lambda: draw(st.sampled_from(["supports", "attacks", "undercuts", "same_as", "contradicts"])) + sp() + ",".join(ref() for _ in range(draw(st.integers(1, 3))))  # noqa: E731
    if depth == 0 and draw(st.booleans()):
        return w() + sp() + rel()
    entries = [
        draw(st.sampled_from([rel(), "en" + sp() + draw(_strings), "#t-1", f"stance {w()} pro when {draw(_strings)}", f"stance{sp()}{w()}{sp()}mixed"]))
        if depth > 1 or draw(st.integers(0, 3)) else draw(_plain_statement(depth + 1))
        for _ in range(draw(st.integers(0, 3)))
    ]
    body = draw(st.sampled_from(["", " {" + "".join(sp() + e for e in entries) + sp() + "}"]))
    return f"{draw(st.sampled_from(['thesis', 'claim', 'premise', 'counterpoint']))}{sp()}{w()}{sp()}{draw(_strings)}{body}"


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_plain_statement(), max_size=8))
def test_same_outcome_on_plain_statements(statements):
    fast, reference = both("\n".join(statements))
    assert fast == reference


_between = st.sampled_from(["\n", " ", "\n\n", "\n// 註\n", "\nissue q \"問\"\n", "\nc1: x supports T\n", "\nx + y attacks T\n",
                            "\n}", "\n{", "\nsupports T\n", "\n1\n", "\n\xff"])


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_plain_statement(), _between), min_size=2, max_size=10))
def test_same_outcome_on_runs_of_plain_statements_and_what_breaks_them(parts):
    # Top-level statements that follow one read whole are read on in a run
    # of their own (`drive._read_on`); a comment, an issue, a statement of
    # another shape or a stray token ends the run where lark would go on.
    fast, reference = both("".join(s + gap for s, gap in parts))
    assert fast == reference


def test_a_run_of_statements_is_read_whole_and_keeps_its_order():
    text = 'thesis T "論點"\npremise p1 "甲" { supports T }\np1 attacks T\n// 註\nclaim c1 "乙"\nc1 supports T\n'
    fast_outcome, reference = both(text)
    assert fast_outcome == reference
    source, _ = decode("p.map", text.encode())
    doc, diags = parse(source)
    assert diags == []
    assert [type(item).__name__ for item in doc.items] == ["NodeDecl", "NodeDecl", "RelationStmt", "Comment", "NodeDecl", "RelationStmt"]
    assert [c.span.line for c in doc.comments] == [4]
