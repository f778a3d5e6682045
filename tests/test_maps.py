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


MIN_NODES = {"chen2024": 30, "wilkins2012": 30, "tradealliance2012": 30, "tang2025": 20, "cheng2026": 12}


def test_corpus_is_rich_enough_to_compare():
    maps = {m.id: m for m in corpus().arguments()}
    assert set(maps) == set(MIN_NODES)
    for map_id, minimum in MIN_NODES.items():
        nodes = maps[map_id].nodes
        assert len(nodes) >= minimum, map_id
        assert sum(1 for n in nodes if n.quote) * 3 >= len(nodes), f"{map_id}: fewer than a third of nodes quoted"
        assert sum(1 for n in nodes if n.kind == "thesis") == 1
    speakers: dict[str, set] = {}
    for m in maps.values():
        for s in m.stances:
            speakers.setdefault(s.issue, set()).add(m.id)
    assert sum(1 for who in speakers.values() if len(who) >= 2) >= 6
    assert sum(1 for who in speakers.values() if len(who) >= 3) >= 3
    links = [r for m in maps.values() for r in m.relations if r.kind in ("same_as", "contradicts")]
    assert len(links) >= 5


def test_real_disagreements_show_as_conflicts():
    from argmap.compare import compare

    conflicts = {x.issue.id: x for x in compare(corpus()).conflicts}
    security = conflicts["security"]
    assert "chen2024" in {s.position.map.id for s in security.pro}
    assert "wilkins2012" in {s.position.map.id for s in security.con}
