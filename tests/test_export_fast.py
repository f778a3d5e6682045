"""The JSON export made from templates is, byte for byte, the generic one:
corpus_dict written by json.dumps(indent=2) and passed through json_text."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.corpus import Corpus, load
from argmap.export import json as export
from argmap.model import CROSS_RELATIONS, LOCAL_RELATIONS, NODE_KINDS, ArgMap, Issue, Node, Relation, Stance
from argmap.source import SourceFile
from argmap.visible import VISIBLE, json_text, json_utf8
from argmap.writefile import write_bytes
from conftest import MAPS, ROOT, run_cli


def generic(corpus: Corpus) -> str:
    return json_text(json.dumps(export.corpus_dict(corpus), ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def assert_same(corpus: Corpus) -> None:
    expected = generic(corpus)
    assert export.dumps(corpus) == expected
    assert b"".join(export.chunks(corpus)) == expected.encode("utf-8")


def _folders() -> list[str]:
    found = set()
    for where, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__")]
        if any(name.endswith(".map") for name in files):
            found.add(os.path.relpath(where, ROOT))
    return sorted(found)


@pytest.mark.parametrize("folder", _folders())
def test_every_bundled_folder(folder):
    assert_same(load([str(ROOT / folder)]).corpus)


def test_a_file_holds_what_standard_output_shows(tmp_path):
    target = tmp_path / "out.json"
    code, shown, _ = run_cli("export", str(MAPS))
    assert code == 0
    assert run_cli("export", str(MAPS), "-o", str(target))[0] == 0
    assert target.read_bytes() == shown.encode("utf-8")


# Characters that JSON escapes, json_text escapes, or that take more than
# one byte or a wider string: quotes, backslash, C0, DEL, C1, line and
# paragraph separators, bidi controls, a lone surrogate, CJK, an astral
# character, and what the templates use (%, braces, NUL).
SPECIAL = (
    '"\\\x00\x01\n\r\t\x1f\x7f\x80\x85\x9f\xa0'
    "\u2028\u2029\u202a\u202e\u2066\u2069\u200f\udcff\ud800中文𝄞é%{}->+ "
)
texts = st.text(alphabet=st.sampled_from(SPECIAL) | st.characters(), max_size=12)
maybe = st.none() | texts
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | texts
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
meta = st.dictionaries(texts, values, max_size=4)


@st.composite
def argmaps(draw, path=None):
    source = SourceFile(path if path is not None else draw(texts), draw(st.text(alphabet="ab\n中", max_size=40)))
    size = len(source.text)

    def span():
        start = draw(st.integers(-2, size + 2))
        return source.span(start, draw(st.integers(start, size + 3)))

    nodes = tuple(
        Node(id=draw(texts), kind=draw(st.sampled_from(NODE_KINDS) | texts), text=draw(texts), span=span(),
             id_span=span(), en=draw(maybe), locator=draw(maybe), quote=draw(maybe), source=draw(maybe),
             note=draw(maybe), tags=tuple(draw(st.lists(texts, max_size=3))), speaker=draw(maybe), title=draw(maybe))
        for _ in range(draw(st.integers(0, 5))))
    relations = tuple(
        Relation(source=draw(texts), kind=draw(st.sampled_from(LOCAL_RELATIONS + CROSS_RELATIONS)),
                 target_node=draw(texts), span=span(), target_map=draw(maybe), edge_from=draw(maybe),
                 joint=tuple(draw(st.lists(texts, max_size=3))), edge=draw(maybe), label=draw(maybe),
                 scheme=draw(maybe), title=draw(maybe), note=draw(maybe))
        for _ in range(draw(st.integers(0, 5))))
    stances = tuple(
        Stance(node=draw(texts), issue=draw(texts), stance=draw(texts), span=span(), scope=draw(maybe),
               condition=draw(maybe))
        for _ in range(draw(st.integers(0, 2))))
    issues = tuple(Issue(id=draw(texts), text=draw(texts), span=span(), en=draw(maybe))
                   for _ in range(draw(st.integers(0, 2))))
    return ArgMap(path=source.path, source=source, id=draw(maybe), meta=draw(meta), nodes=nodes,
                  relations=relations, stances=stances, issues=issues)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(argmaps(), max_size=3), st.lists(argmaps(), max_size=1))
def test_generated_maps(maps, context):
    assert_same(Corpus(maps=maps, context=context))


@settings(max_examples=50, deadline=None, derandomize=True)
@given(argmaps(path="maps/\udcff\udce9t\u202e.map"))
def test_a_path_that_is_not_utf8(argmap):
    assert_same(Corpus(maps=[argmap]))


def _large(count: int, every: int) -> ArgMap:
    """count nodes and relations, each field set on one record in `every`:
    batches where a field is null throughout, and batches where it is not."""
    lines = "\n".join(f"premise n{i} \"t{i}\"" for i in range(count))
    source = SourceFile("large.map", lines)
    starts = [source.offset(i + 1) for i in range(count)]

    def odd(i, value):
        return value if i % every == 0 else None

    nodes = tuple(
        Node(id=f"n{i}", kind="premise", text=f"t{i} 中 \u202e", span=source.span(starts[i], starts[i] + 5),
             id_span=source.span(starts[i], starts[i] + 1), note=odd(i, 'a "note"'), tags=("x",) * (i % every == 0),
             speaker=odd(i, "s"))
        for i in range(count))
    relations = tuple(
        Relation(source=f"n{i}", kind="supports" if i % every else "same_as", target_node="n0",
                 span=source.span(starts[count - 1 - i], starts[count - 1 - i] + 1),
                 target_map=odd(i, "other"), joint=("n2", "n1") * (i % every == 1), label=odd(i, "L"))
        for i in range(1, count))
    return ArgMap(path="large.map", source=source, id="large", meta={"title": "t"}, nodes=nodes, relations=relations)


@pytest.mark.parametrize("every", [7, 3000])
def test_more_records_than_a_batch(every):
    assert_same(Corpus(maps=[_large(2 * export._BATCH + 3, every)]))


def test_fields_the_templates_do_not_expect_are_written_as_json_writes_them():
    argmap = _large(5, 2)
    nodes, relations = argmap.nodes, argmap.relations
    other = SourceFile("other.map", "x\ny\n")
    for changed in (
        {"nodes": (_with(nodes[0], note=3), *nodes[1:])},
        {"nodes": (_with(nodes[0], tags=["a", 1.5]), *nodes[1:])},
        {"nodes": (nodes[0], _with(nodes[1], span=other.span(2, 3)), *nodes[2:])},  # another file's span
        {"relations": (_with(relations[0], label=["l", "m"]), *relations[1:])},
    ):
        assert_same(Corpus(maps=[_with(argmap, **changed)]))


def _with(record, **changes):
    import dataclasses

    return dataclasses.replace(record, **changes)


def test_no_maps_and_an_empty_map():
    assert_same(Corpus())
    assert_same(Corpus(maps=[ArgMap(path="m.map", source=SourceFile("m.map", ""), id=None, meta={"a": []})]))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                    max_leaves=10))
def test_json_utf8_is_json_text_in_utf8(value):
    serialised = json.dumps(value, ensure_ascii=False, indent=2)
    assert json_utf8(serialised) == json_text(serialised).encode("utf-8")


def test_json_utf8_escapes_each_character_to_show_alone():
    for code in [*VISIBLE, 0xDCFF]:
        serialised = json.dumps({"a": f"x{chr(code)}y"}, ensure_ascii=False)
        assert json_utf8(serialised) == json_text(serialised).encode("utf-8"), hex(code)


def test_pieces_are_written_whole_or_not_at_all(tmp_path):
    target = tmp_path / "out.json"
    assert write_bytes(str(target), iter([b"a", b"b"])) is None
    assert target.read_bytes() == b"ab"

    def failing():
        yield b"c"
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_bytes(str(target), failing())
    assert target.read_bytes() == b"ab"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
