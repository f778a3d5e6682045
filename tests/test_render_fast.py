"""The quick paths of drawing held to the plain ones they stand for.

Label wrapping has a quick path (a line is a slice of the text when no
break has to move) and a character table; DOT is written by
render/dotsource.py instead of the `graphviz` package. Each must give the
same bytes as what it replaced: the reference line breaker below is the
one wrap.py had before, and the `graphviz` package itself writes the
reference DOT.
"""

from __future__ import annotations

import random
import unicodedata
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import wrap as W
from argmap.corpus import load
from argmap.render import dot as D
from argmap.render import dotsource
from argmap.source import char_width, display_width

ROOT = Path(__file__).resolve().parents[1]
MAPS = ROOT / "maps"
RENDER_FIXTURES = ROOT / "tests" / "render" / "fixtures"


# ---------------------------------------------------------------- the reference line breaker


def reference_clean(text: str) -> str:
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp"):
            out.append(" ")
        elif cat in ("Cs", "Co") or (0xFDD0 <= ord(ch) <= 0xFDEF) or (ord(ch) & 0xFFFE) == 0xFFFE:
            out.append("\ufffd")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def reference_tokens(text: str) -> list[tuple[str, bool]]:
    tokens: list[tuple[str, bool]] = []
    word: list[str] = []
    space = False
    for ch in text:
        if ch.isspace():
            if word:
                tokens.append(("".join(word), space))
                word, space = [], False
            space = True
            continue
        if word and (word[-1] in W.NO_END or ch in W.NO_START):
            word.append(ch)
            continue
        if char_width(ch) == 2 or ch in W.NO_END or (word and char_width(word[-1]) == 2):
            if word:
                tokens.append(("".join(word), space))
                word, space = [], False
        word.append(ch)
    if word:
        tokens.append(("".join(word), space))
    return tokens


def reference_wrap(text: str, width: int, cut_long: bool = True) -> list[str]:
    width = max(2, int(width))
    text = reference_clean(text)
    if not text:
        return []
    units = []
    for token, space in reference_tokens(text):
        if cut_long and display_width(token) > width:
            pieces = W._split_long(token, width)
            units.append((pieces[0], space))
            units.extend((piece, False) for piece in pieces[1:])
        else:
            units.append((token, space))

    def join(units):
        return "".join((" " if i and space else "") + token for i, (token, space) in enumerate(units))

    lines = [[]]
    used = 0
    for token, space in units:
        line = lines[-1]
        w = display_width(token)
        gap = 1 if (space and line) else 0
        if not line or used + gap + w <= width:
            line.append((token, space))
            used += gap + w
            continue
        seq = line + [(token, space)]
        cut = len(line)
        while cut > 1 and (seq[cut][0][0] in W.NO_START or seq[cut - 1][0][-1] in W.NO_END):
            cut -= 1
        new = seq[cut:]
        if display_width(join(new)) > width:
            cut = len(line)
            new = seq[cut:]
        del line[cut:]
        lines.append(new)
        used = display_width(join(new))
    return [join(line) for line in lines if line]


# ---------------------------------------------------------------- texts

CJK = "台日合作安全經濟半導體供應鏈民主同盟風險한국어テストかなカナ"
PUNCT = "".join(sorted(W.NO_START | W.NO_END))
LATIN = "abcxyzABC0123456789-_/'"
ESCAPES = "\\\"&<>'\\N\\G"
ODD = ("\u3000\t\n\r\x00\x7f\x85\u2028\u2029\ud800\ue000\ufdd0\ufffe\U0001fffe\U0010ffff"
       "\u0301\u200b\ufeff\u00a0é\U0001F600\U00020000\ufffdｱＡ")
ALPHABET = CJK + PUNCT + LATIN + ESCAPES + ODD + "    "


def texts(seed: int, count: int) -> list[str]:
    """Short and long, CJK, Latin and mixed, with punctuation that kinsoku
    moves, long words, escapes and characters `clean` replaces."""
    rng = random.Random(seed)
    out = ["", " ", "\n\t", "a", "一", "，", "「", "(", "http://example.org/a/very/long/path/that/will/not/fit"]
    for _ in range(count):
        length = rng.choice([1, 2, 5, 12, 20, 40, 90, 200])
        shape = rng.random()
        if shape < 0.3:
            out.append("".join(rng.choice(ALPHABET) for _ in range(length)))
        elif shape < 0.5:  # Latin words with brackets and punctuation inside
            out.append(" ".join("".join(rng.choice("abcdefghij(.,)[]{}") for _ in range(rng.randint(1, 25)))
                                for _ in range(length // 5 + 1)))
        elif shape < 0.75:  # CJK prose with its punctuation, sometimes spaced
            out.append("".join(rng.choice(CJK[:14] + "，。「」（）、《》 ") for _ in range(length)))
        else:  # anything at all
            out.append("".join(chr(rng.randint(0, 0x10FFFF)) if rng.random() < 0.2 else rng.choice(ALPHABET)
                               for _ in range(length)))
    return out


WIDTHS = (0, 3, 5, 8, 16, 30, 42, 200)


def bundled_texts() -> list[str]:
    corpus = load([str(MAPS), str(RENDER_FIXTURES)], context=False).corpus
    out = []
    for m in corpus.maps:
        for node in m.nodes:
            out += [node.text, node.en or "", node.quote or "", node.locator or ""]
    return out


# ---------------------------------------------------------------- wrapping


def test_wrap_is_the_reference_line_breaker_on_generated_texts():
    for text in texts(1, 500):
        for width in WIDTHS:
            for cut_long in (True, False):
                assert W.wrap(text, width, cut_long=cut_long) == reference_wrap(text, width, cut_long), (text, width)


def test_wrap_is_the_reference_line_breaker_on_the_bundled_maps():
    for text in bundled_texts():
        for width in (8, 30, 42):
            assert W.wrap(text, width) == reference_wrap(text, width), (text, width)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=80), st.integers(min_value=-2, max_value=70), st.booleans())
def test_wrap_is_the_reference_line_breaker(text, width, cut_long):
    assert W.wrap(text, width, cut_long=cut_long) == reference_wrap(text, width, cut_long)


def test_the_greedy_lines_are_the_general_ones_wherever_they_are_given():
    given_ = 0
    for text in texts(2, 800):
        text = W.clean(text)
        if not text:
            continue
        units = W._units(text)
        for width in (2, 4, 8, 12, 30):
            for cut_long in (True, False):
                quick = W._greedy(text, units, width, cut_long)
                if quick is not None:
                    given_ += 1
                    assert quick == W._broken(text, units, width, cut_long), (text, width)
    assert given_ > 500  # the quick path is the common one


def test_units_are_the_reference_tokens():
    for text in texts(3, 1500):
        text = W.clean(text)
        if text:
            units = [(text[a:b], a > 0 and text[a - 1] == " ", w) for a, b, w in W._units(text)]
            assert units == [(t, s, display_width(t)) for t, s in reference_tokens(text)], text


def test_clean_is_the_reference_on_generated_texts():
    for text in texts(4, 3000):
        assert W.clean(text) == reference_clean(text)


def test_every_character_clean_replaces_is_one_it_looks_for():
    # Text with none of them is only folded at spaces, without a look at
    # each character's category.
    category, unclean = unicodedata.category, W._UNCLEAN.match
    missed = [cp for cp in range(0x110000)
              if (category(chr(cp)) in ("Cc", "Zl", "Zp", "Cs", "Co") or 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE)
              and not unclean(chr(cp))]
    assert missed == []


def test_columns_is_display_width():
    for text in texts(5, 2000):
        assert W.columns(text) == display_width(text)


# ---------------------------------------------------------------- DOT


def tricky_strings() -> list[str]:
    out = ["", "a", "A_1", "_x", "1", "-1", "-.5", ".5", "1.", "1.5.2", "-", "1a", "a b", "node", "Node", "EDGE",
           "graph", "digraph", "subgraph", "strict", "<b>", "<<B>x</B>>", "<a", "a>", "<>", "<x>\n", "<x>\ny",
           "a\n", 'a"b', 'a\\"b', 'a\\\\"b', '"', '\\"', "a\\", "a\\\\", "a\\nb", "tab\there", "日本", "x:y",
           "x:y:z", "x:y:n:q", "#0072B2", "0.12,0.07", "filled,bold", "12.5,3.0!", "e,1.0,2.0 3.0,4.0", "é", "\u29f5"]
    rng = random.Random(6)
    for _ in range(400):
        out.append("".join(rng.choice('ab1._-:"\\<> \n日') for _ in range(rng.randint(1, 12))))
    return out


def test_quoting_is_the_graphviz_packages():
    from graphviz import quoting

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package warns of a trailing odd backslash, and quotes all the same
        for s in tricky_strings():
            assert dotsource.quote(s) == quoting.quote(s), s
            assert dotsource.quote(s) == quoting.quote(s), s  # remembered
            assert dotsource.quote(dotsource.nohtml(s)) == quoting.quote(quoting.nohtml(s)), s
            assert dotsource.quote_edge(s) == quoting.quote_edge(s), s
            attrs = {"label_": s, "b": "x", "a": None, "c": dotsource.nohtml(s)}
            theirs = {**attrs, "c": quoting.nohtml(s)}
            assert dotsource.attr_list(s, attrs) == quoting.attr_list(s, kwargs=theirs), s
            assert dotsource.attr_list(None, attrs) == quoting.attr_list(None, kwargs=theirs), s
    assert dotsource.attr_list(None, {}) == quoting.attr_list(None, kwargs={}) == ""


def test_a_graph_is_written_as_the_graphviz_package_writes_it():
    import graphviz

    def build(make):
        g = make("a graph", strict=False)
        g.attr("graph", rankdir="LR", label="<<B>t</B>>")
        g.attr("node", shape="box")
        g.attr("edge")
        g.node("n1", label="<x>", tooltip=dotsource.nohtml("<y>") if make is dotsource.Digraph else graphviz.nohtml("<y>"))
        g.node("node", **{"class": "k"})
        g.edge("n1", "node:p:n", label="a b", color=None)
        with g.subgraph(name="cluster_a") as sub:
            sub.attr(rank="same")
            sub.node("n2")
            with sub.subgraph() as inner:
                inner.attr(rank="max")
                inner.edge("n2", "n1")
        with g.subgraph(name="thesis") as sub:
            sub.node("n3", label="")
        return g.source

    assert build(dotsource.Digraph) == build(graphviz.Digraph)


def _drawings() -> list[str]:
    """DOT of the bundled maps and fixtures: each map under several options
    (the tidy tree too), the comparison figures, a change."""
    from argmap.render import figures
    from argmap.render.change import change_diagram

    out = []
    shows = frozenset({"locator", "quote", "gloss", "source", "tags", "stance", "status"})
    options = [D.Options(), D.Options(lang="en", show=shows), D.Options(width=8, legend=True),
               D.Options(rankdir="LR", clusters=False, theme="print"), D.Options(layout="neato"), D.Options(max_nodes=5)]
    singles = sorted(MAPS.glob("*.map")) + sorted(RENDER_FIXTURES.rglob("*.map"))
    for path in singles:
        corpus = load([str(path)], context=False).corpus
        for m in corpus.arguments():
            if m.nodes:
                out += [D.map_graph(m, o, corpus) for o in options]
    for folder in (MAPS, ROOT / "tests" / "fixtures" / "corpus", RENDER_FIXTURES):
        corpus = load([str(folder)], context=False).corpus
        for o in (D.Options(), D.Options(lang="en", links=True, theme="print")):
            for figure in ("matrix", "issues", "full"):
                try:
                    out += figures.candidates(corpus, o, figure)
                except D.RenderError as exc:
                    out.append(str(exc))
    out.append(change_diagram([str(RENDER_FIXTURES / "change" / "old.map"),
                               str(RENDER_FIXTURES / "change" / "new.map")], D.Options()).dot)
    return out


def test_the_drawings_are_the_graphviz_packages(monkeypatch):
    import graphviz

    monkeypatch.setattr(D, "TREE_ABOVE", 12)  # the tidy tree's pinned positions and routes, on maps at hand
    ours = _drawings()
    monkeypatch.setattr(dotsource, "Digraph", graphviz.Digraph)
    monkeypatch.setattr(dotsource, "nohtml", graphviz.nohtml)
    theirs = _drawings()
    assert len(ours) == len(theirs) > 100
    for a, b in zip(ours, theirs):
        assert a == b
