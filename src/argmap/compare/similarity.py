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


def _cosines(vectors: list[dict[str, float]], owner: list[int]) -> dict[tuple[int, int], float]:
    """Cosine of every pair of vectors of different maps that share a gram."""
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for gram, weight in vec.items():
            index[gram].append((i, weight))
    scores: dict[tuple[int, int], float] = defaultdict(float)
    for postings in index.values():
        if len(postings) > 200:  # a gram in everything says nothing
            continue
        for x in range(len(postings)):
            i, wi = postings[x]
            for y in range(x + 1, len(postings)):
                j, wj = postings[y]
                if owner[i] != owner[j]:
                    scores[(i, j)] += wi * wj
    return scores


def suggest(maps: list[ArgMap], *, limit: int = 15, threshold: float = 0.25) -> list[Suggestion]:
    nodes = [(m, n) for m in maps for n in m.nodes]
    owner = [maps.index(m) for m, _ in nodes]
    linked = set()
    for m in maps:
        for rel in m.relations:
            if rel.kind in ("same_as", "contradicts"):
                linked.add(((m.id, rel.source), (rel.target_map, rel.target_node)))
                linked.add(((rel.target_map, rel.target_node), (m.id, rel.source)))
    original = _cosines(_vectors([_grams(n.text, 2, whole_words=True) for _, n in nodes]), owner)
    english = _cosines(_vectors([_grams(n.en or "", 3) for _, n in nodes]), owner)
    best: dict[tuple[int, int], float] = {}
    for scores in (original, english):
        for pair, score in scores.items():
            best[pair] = max(best.get(pair, 0.0), score)
    out = []
    for (i, j), score in best.items():
        if score < threshold:
            continue
        (ma, a), (mb, b) = nodes[i], nodes[j]
        if ((ma.id, a.id), (mb.id, b.id)) in linked:
            continue
        out.append(Suggestion(round(min(score, 1.0), 3), ma, a, mb, b))
    out.sort(key=lambda s: (-s.score, s.a_map.id or "", s.a.id, s.b_map.id or "", s.b.id))
    return out[:limit]
