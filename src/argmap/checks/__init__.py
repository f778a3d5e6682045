"""Semantic checks. Each module holds one family of rules and yields diagnostics."""

from __future__ import annotations

from argmap import diagnostics as D
from argmap.corpus import Corpus


def run(corpus: Corpus) -> list[D.Diagnostic]:
    from argmap.checks import links, structure

    out: list[D.Diagnostic] = []
    for argmap in corpus.maps:
        out += structure.check(argmap)
    out += links.check(corpus)
    return out
