"""`compare --suggest`: likely `same_as` pairs across maps, by TF-IDF cosine
over character n-grams (bigrams for CJK text, trigrams for the English
glosses), so it works for Chinese and English alike with no model."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from argmap.model import ArgMap, Node

# Runs of digits (a year, an amount: 2011, 1.86) and runs of letters; the
# rest (punctuation, spaces, `_`) separates them.
_RUNS = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")


@dataclass(frozen=True)
class Suggestion:
    score: float
    a_map: ArgMap
    a: Node
    b_map: ArgMap
    b: Node


def _grams(text: str, n: int, whole_words: bool = False) -> Counter:
    """Character n-grams of the text's CJK runs; a number is one gram.

    Chinese has no spaces, so a run such as 2011年台日 would otherwise give
    20, 01, 11 and 1年: grams that every year of the century shares, matching
    2019 with 2010. Numbers stay whole, and with `whole_words` (original text,
    compared by bigrams) so do Latin words (ECFA, TECO); the English glosses
    keep trigrams within words, which tolerate inflection.
    """
    from itertools import groupby

    from argmap.source import char_width

    grams: Counter = Counter()
    for run in _RUNS.findall(text.lower()):
        if run[0].isdigit():
            grams[run] += 1
            continue
        for wide, chars in groupby(run, key=lambda ch: char_width(ch) == 2):
            chunk = "".join(chars)
            if len(chunk) < n or (whole_words and not wide):
                grams[chunk] += 1
                continue
            for i in range(len(chunk) - n + 1):
                grams[chunk[i : i + n]] += 1
    return grams


def _vectors(docs: list[Counter]) -> list[dict[str, float]]:
    df: Counter = Counter()
    for doc in docs:
        df.update(doc.keys())
    total = len(docs)
    out = []
    for doc in docs:
        vec = {g: (1 + math.log(c)) * math.log((1 + total) / (1 + df[g])) for g, c in doc.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out.append({g: v / norm for g, v in vec.items()})
    return out


def _index(vectors: list[dict[str, float]]) -> tuple[dict[str, list[tuple[int, float]]], dict[str, int]]:
    """Gram → the vectors that hold it, and each gram's place in that index
    (the order in which a pair's products are summed)."""
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for gram, weight in vec.items():
            index[gram].append((i, weight))
    place = {gram: k for k, gram in enumerate(index)}
    # A gram in more than 200 texts says nothing, and would pair them all.
    return {gram: postings for gram, postings in index.items() if len(postings) <= 200}, place


def _row(i: int, vec: dict[str, float], index, place, owner: list[int]) -> dict[int, float]:
    """Cosine of vector i with every later vector of another map that shares
    a gram: one row at a time, so that the pairs are never all held."""
    scores: dict[int, float] = defaultdict(float)
    for gram in sorted(vec, key=place.__getitem__):
        wi = vec[gram]
        for j, wj in index.get(gram, ()):
            if j > i and owner[j] != owner[i]:
                scores[j] += wi * wj
    return scores


def suggest(maps: list[ArgMap], *, limit: int = 15, threshold: float = 0.25) -> list[Suggestion]:
    # A speaker's part of a dialogue offers its own nodes; two parts of one
    # file are one map (argmap links only between maps).
    files: dict = {}
    file_of = [files.setdefault(m.path if m.voice is not None else k, len(files)) for k, m in enumerate(maps)]
    nodes = [(m, n) for m in maps for n in m.own_nodes]
    owner = [file_of[k] for k, m in enumerate(maps) for _ in m.own_nodes]
    linked = set()
    for m in maps:
        for rel in m.relations:
            if rel.kind in ("same_as", "contradicts"):
                linked.add(((m.id, rel.source), (rel.target_map, rel.target_node)))
                linked.add(((rel.target_map, rel.target_node), (m.id, rel.source)))
    original = _vectors([_grams(n.text, 2, whole_words=True) for _, n in nodes])
    english = _vectors([_grams(n.en or "", 3) for _, n in nodes])
    indexes = (_index(original), _index(english))

    def key(s: Suggestion) -> tuple:
        return (-s.score, s.a_map.id or "", s.a.id, s.b_map.id or "", s.b.id)

    out: list[Suggestion] = []
    for i, (ma, a) in enumerate(nodes):
        best: dict[int, float] = {}
        for vectors, (index, place) in zip((original, english), indexes):
            for j, score in _row(i, vectors[i], index, place, owner).items():
                best[j] = max(best.get(j, 0.0), score)
        for j, score in best.items():
            if score < threshold:
                continue
            mb, b = nodes[j]
            if ((ma.id, a.id), (mb.id, b.id)) in linked:
                continue
            out.append(Suggestion(round(min(score, 1.0), 3), ma, a, mb, b))
        if len(out) > 4 * limit:  # only the best `limit` are kept
            out.sort(key=key)
            del out[limit:]
    out.sort(key=key)
    return out[:limit]
