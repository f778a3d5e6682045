"""The bundled corpus: it validates cleanly, every quote is verbatim from its
source text and sits in the paragraph its locator names (when
../shared/seeds is beside the repository), and no counterpoint restates the
author's own conclusion."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pytest

from argmap.corpus import load
from argmap.validate import validate
from conftest import MAPS, SEEDS
from seedindex import READERS, SECTIONED, SeedIndex, Unit, resolve, squash

# map id -> (seed file, locator scheme). The scheme is the one each map
# describes in the comment at its top; tests/seedindex.py reads it.
SOURCES = {
    "chen2024": ("000_b42fc5a74d1158cb.txt", "markdown"),  # §參.二 ¶3, §摘要 ¶1
    "wilkins2012": ("001_825c32f9af209eb7.txt", "indent"),  # §貳.一 ¶2, §摘要
    "tradealliance2012": ("002_51d374e4267978a2.txt", "period"),  # §伍.一 ¶1, §叁 表2
    "tang2025": ("003_7d4ef0913cdfd4d4.txt", "lines"),  # ¶N = Nth non-empty line
    "cheng2026": ("004_318cefde4fcf88cb.txt", "lines"),
}
SEED_DIR = Path(os.environ.get("ARGMAP_SEEDS") or SEEDS)


@lru_cache(maxsize=1)
def corpus():
    return load([str(MAPS)]).corpus


def the_map(map_id: str):
    for argmap in corpus().arguments():
        if argmap.id == map_id:
            return argmap
    unparsed = ", ".join(corpus().unparsed) or "none"
    pytest.fail(f"no map with id {map_id} in {MAPS} (files that do not parse: {unparsed})")


def seed_text(map_id: str) -> str:
    """The map's source text, or skip (a clean clone or an installed package
    has no ../shared/seeds)."""
    path = SEED_DIR / SOURCES[map_id][0]
    if not path.is_file():
        pytest.skip(f"seed text not found: looked for {path} (set ARGMAP_SEEDS to the seeds directory)")
    return path.read_text(encoding="utf-8")  # as written: never NFC/NFKC


@lru_cache(maxsize=None)
def seed_index(map_id: str) -> SeedIndex:
    return READERS[SOURCES[map_id][1]](seed_text(map_id))


def test_bundled_maps_validate_without_errors():
    result = validate([str(MAPS)])
    assert [d for d in result.diagnostics if str(d.severity) == "error"] == []
    assert result.exit_code() == 0


def test_every_node_has_gloss_and_locator():
    for argmap in corpus().arguments():
        for node in argmap.nodes:
            assert node.en, f"{argmap.id}:{node.id} has no en"
            assert node.locator, f"{argmap.id}:{node.id} has no at"


def test_every_map_has_a_source():
    ids = {m.id for m in corpus().arguments()}
    assert ids - set(SOURCES) == set(), "add the new map's seed file and locator scheme to SOURCES"


@pytest.mark.parametrize("map_id", sorted(SOURCES))
def test_quotes_are_verbatim(map_id):
    """Every quote is in the seed, whitespace and line breaks aside."""
    argmap = the_map(map_id)
    text = squash(seed_text(map_id))
    seed = SOURCES[map_id][0]
    bad = []
    for node in argmap.nodes:
        if node.quote and squash(node.quote) not in text:
            across = seed_index(map_id).starts(node.quote)  # found once footnotes are skipped?
            hint = f" (it runs across a page break or footnote block in {across[0].key}: quote up to it)" if across else ""
            bad.append(f"{map_id}:{node.id} at {node.locator!r}: quote not in {seed}{hint}: {node.quote}")
    assert not bad, f"{len(bad)} quote(s) not verbatim:\n" + "\n".join(bad)


@pytest.mark.parametrize("map_id", sorted(SOURCES))
def test_locators_name_the_paragraph_that_holds_the_quote(map_id):
    """`at` names existing paragraphs of the map's scheme, and the quote
    starts in one of them (it may run on into the next)."""
    argmap = the_map(map_id)
    text = squash(seed_text(map_id))
    index = seed_index(map_id)
    sectioned = SECTIONED[SOURCES[map_id][1]]
    bad = []
    for node in argmap.nodes:
        if not node.locator:
            continue
        where = f"{map_id}:{node.id} at {node.locator!r}"
        named, errors = resolve(index, node.locator, sectioned)
        bad.extend(f"{where}: {e}" for e in errors)
        if not node.quote or errors or squash(node.quote) not in text:
            continue  # no quote, a bad locator (reported), or not verbatim (test_quotes_are_verbatim)
        found = index.starts(node.quote)
        if not found:
            bad.append(f"{where}: the quote is in no paragraph of the scheme (a heading, footnote or caption?)")
        elif not any(u is v for u in found for v in named):
            held = ", ".join(repr(u.key) for u in found)
            bad.append(f"{where}: the quote is in {held} (seed line {found[0].line}), not in {node.locator!r}")
    assert not bad, f"{len(bad)} locator(s) wrong:\n" + "\n".join(bad)


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
        kq = squash(k.quote)
        for n in backing:
            if n is k:
                continue
            nq = squash(n.quote or "")
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
# readers in seedindex.py must agree, whatever the maps' nodes cite.
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
def test_paragraph_readers_agree_with_the_maps_headers(map_id):
    index = seed_index(map_id)
    for key, text in ANCHORS[map_id].items():
        assert key in index.by_key, f"{map_id}: the reader has no {key}"
        assert squash(text) in index.by_key[key].text, f"{map_id} {key} should hold {text}"


def test_seed_text_is_matched_as_written():
    """Whitespace is the only thing normalised: U+F96B (a CJK compatibility
    form of 參, as seed 002 writes it) does not match U+53C3, nor the reverse."""
    index = SeedIndex([Unit("壹", "¶1", 1, ["各國\u3000積極\n\uf96b與亞洲", "經濟整合。"])])
    assert [u.key for u in index.starts("積極\uf96b與亞洲經濟")] == ["§壹 ¶1"]
    assert index.starts("積極\u53c3與") == []
    assert squash(" a\u3000b\r\n c\t") == "abc"


def test_locator_forms():
    text = "\n".join(["## 摘要", "摘要一。", "## 壹、前言", "甲。", "乙。", "丙。", "## 貳、本文", "### 一、小節", "丁。", "戊。"])
    index = READERS["markdown"](text)
    assert [u.key for u in index.units] == ["§摘要 ¶1", "§壹 ¶1", "§壹 ¶2", "§壹 ¶3", "§貳.一 ¶1", "§貳.一 ¶2"]

    def keys(locator):
        units, errors = resolve(index, locator, sectioned=True)
        return [u.key for u in units], errors

    assert keys("§壹 ¶2–3") == (["§壹 ¶2", "§壹 ¶3"], [])
    assert keys("§壹 ¶1, 3") == keys("§壹 ¶1, ¶3") == (["§壹 ¶1", "§壹 ¶3"], [])
    assert keys("§壹 ¶3, §貳.一 ¶1-2") == (["§壹 ¶3", "§貳.一 ¶1", "§貳.一 ¶2"], [])
    assert keys("§摘要; §貳.一 ¶2") == (["§摘要 ¶1", "§貳.一 ¶2"], [])
    assert keys("§貳")[0] == ["§貳.一 ¶1", "§貳.一 ¶2"]
    assert keys("§壹 ¶4")[1] == ["§壹 ¶4 does not exist (§壹 has 3 paragraphs)"]
    assert "no section §參" in keys("§參 ¶1")[1][0]
    assert "names no section" in keys("¶1")[1][0]
    assert "no page numbers" in keys("p. 117")[1][0]
    assert "cannot read" in keys("§壹 line 3")[1][0]
    lines = READERS["lines"]("一\n\n二\n三")
    assert resolve(lines, "¶2–3", sectioned=False)[0] == lines.units[1:]
    assert lines.starts("二三")[0].key == "¶2"  # a quote may run on into the next paragraph


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
