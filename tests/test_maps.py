"""The bundled corpus: it validates cleanly, every quote is verbatim from its
source text and sits in the paragraph its locator names (when
../shared/seeds is beside the repository), and no counterpoint restates the
author's own conclusion."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pytest

from argmap import provenance as P
from argmap.corpus import load
from argmap.provenance.check import check as check_provenance
from argmap.validate import validate
from conftest import MAPS, SEEDS

# map id -> (seed file, paragraph scheme), as each map's front matter declares.
SOURCES = {
    "chen2024": ("000_b42fc5a74d1158cb.txt", "pdf-markdown"),  # §參.二 ¶3, §摘要 ¶1
    "wilkins2012": ("001_825c32f9af209eb7.txt", "hard-wrapped"),  # §貳.一 ¶2, §摘要
    "tradealliance2012": ("002_51d374e4267978a2.txt", "hard-wrapped"),  # §伍.一 ¶1, §叁 表2
    "tang2025": ("003_7d4ef0913cdfd4d4.txt", "lines"),  # ¶N = Nth non-empty line
    "cheng2026": ("004_318cefde4fcf88cb.txt", "lines"),
}
SEED_DIR = Path(os.environ.get("ARGMAP_SOURCES", "").split(os.pathsep)[0] or SEEDS)


@lru_cache(maxsize=1)
def corpus():
    return load([str(MAPS)]).corpus


def the_map(map_id: str):
    for argmap in corpus().arguments():
        if argmap.id == map_id:
            return argmap
    unparsed = ", ".join(corpus().unparsed) or "none"
    pytest.fail(f"no map with id {map_id} in {MAPS} (files that do not parse: {unparsed})")


def seed_index(map_id: str) -> P.SourceIndex:
    """The map's source text, indexed by its scheme, or skip (a clean clone
    or an installed package has no ../shared/seeds)."""
    name, scheme = SOURCES[map_id]
    path = SEED_DIR / name
    if not path.is_file():
        pytest.skip(f"seed text not found: looked for {path} (set ARGMAP_SOURCES to the seeds directory)")
    index = P.open_source(path, scheme)
    assert isinstance(index, P.SourceIndex), index
    return index


def test_bundled_maps_validate_without_errors():
    result = validate([str(MAPS)])
    assert [d for d in result.diagnostics if str(d.severity) == "error"] == []
    assert result.exit_code() == 0


def test_every_node_has_gloss_and_locator():
    for argmap in corpus().arguments():
        for node in argmap.nodes:
            assert node.en, f"{argmap.id}:{node.id} has no en"
            assert node.locator, f"{argmap.id}:{node.id} has no at"


def test_every_map_declares_its_source():
    declared = {m.id: (m.meta.get("source"), m.meta.get("paragraphs")) for m in corpus().arguments()}
    assert declared == SOURCES, "a map's `source`/`paragraphs` and SOURCES disagree"


@pytest.mark.parametrize("map_id", sorted(SOURCES))
def test_provenance_is_checked_clean(map_id):
    """Every quote is verbatim in the seed (whitespace aside), and every `at`
    names existing paragraphs, among them the one where the quote begins:
    validate's provenance rules (AM401–AM406) find nothing."""
    seed_index(map_id)  # or skip
    diagnostics = check_provenance([the_map(map_id)], sources=[str(SEED_DIR)], environ={})
    shown = [f"{d.span.line}: [{d.code.code}] {d.message} ({d.hint})" for d in diagnostics]
    assert shown == []


def test_the_provenance_rules_read_every_node():
    """The clean result above is not for want of looking: every quote of the
    corpus is found, and every locator names at least one unit."""
    for map_id in sorted(SOURCES):
        index = seed_index(map_id)
        for node in the_map(map_id).nodes:
            if node.quote:
                assert index.find(node.quote), f"{map_id}:{node.id}"
            units, problems = index.resolve(node.locator)
            assert units and not problems, f"{map_id}:{node.id} at {node.locator!r}"


@pytest.mark.parametrize("map_id", sorted(SOURCES))
def test_no_counterpoint_restates_the_conclusion(map_id):
    """A counterpoint weighs against the author's verdict (docs/coding.md R2,
    R4, R5): it is not tagged #conclusion, not same_as the thesis, and its
    quote neither contains nor is contained in the quote of the thesis or of
    a node that directly supports the thesis."""
    argmap = the_map(map_id)
    theses = [n for n in argmap.nodes if n.kind == "thesis"]
    thesis_ids = {t.id for t in theses}
    backing = theses + [
        argmap.by_id[r.source]
        for r in argmap.relations
        if r.kind == "supports" and r.target_map is None and r.edge_from is None
        and r.target_node in thesis_ids and r.source in argmap.by_id
    ]
    links = [
        {(m.id, r.source), (r.target_map or m.id, r.target_node)}
        for m in corpus().all_maps
        for r in m.relations
        if r.kind == "same_as"
    ]
    bad = []
    for k in (n for n in argmap.nodes if n.kind == "counterpoint"):
        where = f"{map_id}:{k.id} at {k.locator!r}"
        if "conclusion" in k.tags:
            bad.append(f"{where}: a counterpoint tagged #conclusion")
        for t in theses:
            if {(map_id, k.id), (map_id, t.id)} in links:
                bad.append(f"{where}: a counterpoint same_as the thesis {t.id}")
        if not k.quote:
            continue
        if k in backing:
            bad.append(f"{where}: a counterpoint that supports the thesis is a reason for it (R4): make it a premise")
        kq = P.squash(k.quote)
        for n in backing:
            if n is k:
                continue
            nq = P.squash(n.quote or "")
            if nq and (kq in nq or nq in kq):
                role = "the thesis" if n.kind == "thesis" else f"{n.id} ({n.kind} supporting the thesis)"
                bad.append(f"{where}: its quote overlaps that of {role} at {n.locator!r}: {k.quote}")
    assert not bad, f"{len(bad)} counterpoint(s) restate the conclusion:\n" + "\n".join(bad)


@pytest.mark.parametrize("map_id", sorted(SOURCES))
def test_each_thesis_stands_in_its_own_map(map_id):
    """An author does not leave an objection to his own conclusion standing
    unanswered; when `argmap evaluate` finds one, a reason of his was encoded
    as an objection (docs/coding.md R5)."""
    from argmap.semantics import evaluate

    argmap = the_map(map_id)
    ev = evaluate(argmap)
    fallen = [f"{t.id} is {ev.of(t.id)} (attacked by {', '.join(ev.attackers.get(t.id, ()))})"
              for t in argmap.nodes if t.kind == "thesis" and ev.of(t.id) != "in"]
    assert not fallen, f"{map_id}: " + "; ".join(fallen)


# What the maps' header comments and notes say some paragraphs are: the
# paragraph schemes must agree, whatever the maps' nodes cite.
ANCHORS = {
    "tang2025": {
        "¶1": "湯名暉/東協經濟貿易文化發展協會研究員",
        "¶6": "從安倍到高市",
        "¶16": "制度基礎",
        "¶21": "民意與派系",
        "¶29": "美日安保架構下的結構性制約",
    },
    "cheng2026": {
        "¶1": "date 2026-02-09",
        "¶2": "（美聯社檔案照）",
        "¶6": "（擷取自X@ChingteLai）",
        "¶10": "（法新社檔案照）",
        "¶13": "一、台日科技共同研發補助",
        "¶16": "二、台日專項投資基金",
        "¶18": "三、台日融資專項協助",
        "¶20": "（歐新社檔案照）",
        "¶24": "（作者為台日半導體科技促進會秘書長",
    },
    "chen2024": {"§摘要 ¶1": "隨著中國年來在印太地區", "§肆 ¶1": "隨著國際政治局勢的變遷", "§伍 ¶1": "確實呈現出與過去截然不同"},
    "wilkins2012": {"§摘要 ¶1": "台灣與日本不僅目前", "§壹 ¶2": "基於台灣所擁有的特殊外交地位", "§肆 ¶1": "在一個變動不居"},
    "tradealliance2012": {
        "§肆 ¶2": "2012 年 5 月 13 日，中日韓三國領導人簽署了投資協定",
        "§伍 ¶4": "逐步朝向建構「台日經貿策略聯盟」",
        "§叁 表2": "表 2：台灣對中國的直接投資",
    },
}


@pytest.mark.parametrize("map_id", sorted(ANCHORS))
def test_paragraph_schemes_agree_with_the_maps_headers(map_id):
    index = seed_index(map_id)
    for key, text in ANCHORS[map_id].items():
        assert key in index.by_key, f"{map_id}: the scheme has no {key}"
        assert P.squash(text) in index.by_key[key].squashed, f"{map_id} {key} should hold {text}"


def test_wilkins2012_rec1_cites_the_paragraph_of_its_verdict():
    """§肆.二 has three indented paragraphs (lines 754, 794 and 816 of the
    seed); the verdict sentence that rec1 quotes closes the third."""
    index = seed_index("wilkins2012")
    assert [u.line for u in index.within("肆.二")] == [754, 794, 816]
    rec1 = the_map("wilkins2012").by_id["rec1"]
    assert [u.key for u in index.find(rec1.quote)] == ["§肆.二 ¶3"] and rec1.locator == "§肆.二 ¶3"


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
