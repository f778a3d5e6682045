"""`compare --suggest` on corpora made for it: how texts are cut into grams,
which pairs are left out, how many are listed. Found by the mutation audit
of compare/similarity.py (tests/README.md): each test fails when one of
those rules changes.
"""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

from argmap.compare.similarity import suggest
from conftest import run_cli

HEADER = ["score", "map_a", "node_a", "text_a", "map_b", "node_b", "text_b"]


def _write(folder, map_id: str, year: int, body: str) -> None:
    (folder / f"{map_id}.map").write_text(
        f"---\nid: {map_id}\ntitle: t\nauthors: [{map_id.upper()}]\nyear: {year}\n---\n{body}\n", encoding="utf-8"
    )


def _suggested(folder, *extra) -> list[list[str]]:
    code, out, err = run_cli("compare", str(folder), "--suggest", "--format", "csv", *extra)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == HEADER
    return rows[1:]


FILLER_B = "".join(
    f'claim g{i} "{word}" {{ en "{gloss}" supports T }}\n'
    for i, (word, gloss) in enumerate([("花草", "flowers"), ("星辰", "stars"), ("鐘鼓", "drums"), ("舟車", "boats")])
)


def _corpus(folder) -> None:
    """Two maps whose nodes pair up one rule at a time, beside filler nodes
    that make the shared grams rare enough to weigh."""
    (folder / "issues.map").write_text('issue q "Q?"\n', encoding="utf-8")
    filler = "".join(
        f'claim f{i} "{word}" {{ en "{gloss}" supports T }}\n'
        for i, (word, gloss) in enumerate(
            [("山川", "rivers"), ("風雨", "storms"), ("詩歌", "poems"), ("城市", "cities"), ("田園", "fields"), ("海洋", "oceans")]
        )
    )
    _write(
        folder,
        "a",
        2000,
        'thesis T "總論甲" { en "alpha" stance q pro }\n'
        # Numbers are one gram: 2011 and 2019 share nothing in the glosses.
        'claim y1 "甲乙" { en "signed in 2011" supports T }\n'
        # So is a decimal: 1.86 matches 1.86 whole.
        'claim y2 "丙丁" { en "worth 1.86 trillion" supports T }\n'
        # A Latin word in the original text is one gram, whatever its case.
        'claim w1 "ECFA協定" { en "accord" supports T }\n'
        # A gram said three times weighs more than once (1 + log count).
        'claim r1 "夥伴夥伴夥伴關係" { en "allies" supports T }\n'
        # Linked already, by a same_as here and a contradicts in b: not suggested.
        'claim s1 "相同文字一" { en "same words one" supports T same_as b:s1 }\n'
        'claim s2 "相同文字二" { en "same words two" supports T }\n' + filler,
    )
    _write(
        folder,
        "b",
        2010,
        'thesis T "總論乙" { en "beta" stance q con }\n'
        'claim y1 "戊己" { en "signed in 2019" supports T }\n'
        'claim y2 "庚辛" { en "worth 1.86 billion" supports T }\n'
        'claim w1 "ecfa條約" { en "treaty" supports T }\n'
        'claim r1 "夥伴關係" { en "friendship" supports T }\n'
        'claim s1 "相同文字一" { en "same words one" supports T }\n'
        'claim s2 "相同文字二" { en "same words two" supports T contradicts a:s2 }\n' + FILLER_B,
    )


def test_suggest_cuts_numbers_words_and_cjk_runs_so(tmp_path):
    _corpus(tmp_path)
    rows = _suggested(tmp_path, "--limit", "100")
    assert rows == [
        ["0.779", "a", "y1", "甲乙", "b", "y1", "戊己"],
        ["0.772", "a", "y2", "丙丁", "b", "y2", "庚辛"],
        ["0.731", "a", "r1", "夥伴夥伴夥伴關係", "b", "r1", "夥伴關係"],
        ["0.718", "a", "s1", "相同文字一", "b", "s2", "相同文字二"],
        ["0.718", "a", "s2", "相同文字二", "b", "s1", "相同文字一"],
        ["0.413", "a", "T", "總論甲", "b", "T", "總論乙"],
        ["0.413", "a", "w1", "ECFA協定", "b", "w1", "ecfa條約"],
    ]
    # The identical texts s1/s1 and s2/s2 are linked (same_as in a,
    # contradicts in b), so only the crossed pairs are left.
    assert not {("s1", "s1"), ("s2", "s2")} & {(r[2], r[5]) for r in rows}


def _nodes(map_id: str, texts: list[str]) -> SimpleNamespace:
    nodes = tuple(SimpleNamespace(id=f"{map_id}{i}", text=t, en=None) for i, t in enumerate(texts))
    # A map as suggest() reads it: a whole map (no voice), all of its nodes its own.
    return SimpleNamespace(id=map_id, path=f"{map_id}.map", nodes=nodes, own_nodes=nodes, voice=None, relations=())


def _filler(count: int) -> list[str]:
    # Two-character texts that share no bigram with each other or with 甲乙.
    return [chr(0x4E00 + 2 * i + 200) + chr(0x4E01 + 2 * i + 200) for i in range(count)]


def test_suggest_ignores_a_gram_in_more_than_two_hundred_texts():
    # a0 and b0 hold only the gram 甲乙; 198 more texts hold it among many
    # others. In 200 texts it still counts, and a0 and b0 are the same.
    def run(holding: int):
        # 甲乙、 then four characters no other text has (the comma ends the run).
        crowd = ["甲乙、" + "".join(chr(0x5000 + 4 * k + c) for c in range(4)) for k in range(holding - 2)]
        a = _nodes("a", ["甲乙", *crowd[: len(crowd) // 2], *_filler(20)])
        b = _nodes("b", ["甲乙", *crowd[len(crowd) // 2 :]])
        return [(s.a.id, s.b.id, s.score) for s in suggest([a, b], limit=1)]

    assert run(200) == [("a0", "b0", 1.0)]
    assert run(201) == []


def test_suggest_lists_fifteen_by_default():
    a = _nodes("a", ["甲乙丙"] * 20 + _filler(10))
    b = _nodes("b", ["甲乙丙"])
    assert len(suggest([a, b])) == 15
    assert len(suggest([a, b], limit=20)) == 20


def test_suggest_orders_equal_scores_by_map_then_node():
    filler = _filler(6)
    a = _nodes("a", filler[:3] + ["甲乙"])
    b = _nodes("b", filler[3:] + ["甲乙"])
    a.nodes = a.own_nodes = a.nodes[:3] + (SimpleNamespace(id="x5", text="甲乙", en=None),)
    b.nodes = b.own_nodes = b.nodes[:3] + (SimpleNamespace(id="x1", text="甲乙", en=None),)
    c = _nodes("c", ["甲乙"])
    c.nodes = c.own_nodes = (SimpleNamespace(id="x0", text="甲乙", en=None),)
    found = [(s.a_map.id, s.a.id, s.b_map.id, s.b.id, s.score) for s in suggest([a, b, c])]
    assert found == [("a", "x5", "b", "x1", 1.0), ("a", "x5", "c", "x0", 1.0), ("b", "x1", "c", "x0", 1.0)]


def test_suggest_keeps_a_pair_exactly_at_the_threshold():
    # Four grams of equal weight each, one of them shared: a cosine of
    # exactly 1/2 × 1/2 = 0.25, the threshold, which is kept.
    a = _nodes("a", ["甲乙、丙丁、戊己、庚辛", "丙丁、戊己、庚辛"])
    b = _nodes("b", ["甲乙、子丑、寅卯、辰巳", "子丑、寅卯、辰巳"])
    assert [(s.a.id, s.b.id, s.score) for s in suggest([a, b])] == [("a0", "b0", 0.25)]
    assert suggest([a, b], threshold=0.26) == []
