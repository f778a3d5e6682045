"""The bundled corpus: it validates cleanly, and every quote is verbatim
from its source text (when ../shared/seeds is beside the repository)."""

from __future__ import annotations

import re

import pytest

from argmap.corpus import load
from argmap.validate import validate
from conftest import MAPS, SEEDS

SEED_OF = {
    "chen2024": "000_b42fc5a74d1158cb.txt",
    "wilkins2012": "001_825c32f9af209eb7.txt",
    "tradealliance2012": "002_51d374e4267978a2.txt",
    "tang2025": "003_7d4ef0913cdfd4d4.txt",
    "cheng2026": "004_318cefde4fcf88cb.txt",
}


def corpus():
    return load([str(MAPS)]).corpus


def test_bundled_maps_validate_without_errors():
    result = validate([str(MAPS)])
    assert [d for d in result.diagnostics if str(d.severity) == "error"] == []
    assert result.exit_code() == 0


def test_every_node_has_gloss_and_locator():
    for argmap in corpus().arguments():
        for node in argmap.nodes:
            assert node.en, f"{argmap.id}:{node.id} has no en"
            assert node.locator, f"{argmap.id}:{node.id} has no at"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")
def test_quotes_are_verbatim():
    for argmap in corpus().arguments():
        seed = SEEDS / SEED_OF[argmap.id]
        text = _squash(seed.read_text(encoding="utf-8"))
        for node in argmap.nodes:
            if node.quote:
                assert _squash(node.quote) in text, f"{argmap.id}:{node.id} quote not in {seed.name}: {node.quote}"
