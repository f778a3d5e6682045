"""compare on thousands of maps: memory grows with the maps, not the pairs.

n maps make n(n-1)/2 pairs, so anything that holds the pairs grows by 16
when the maps grow by 4. These tests measure that growth (peak memory
traced while comparing and writing every report), not wall-clock time, and
check the pair figures against the pairs counted one by one.
"""

from __future__ import annotations

import dataclasses
import io
import json
import random
import tracemalloc
import types

import pytest

from argmap.compare import data, formats, tables
from argmap.compare.agreement import Agreement
from argmap.compare.analysis import compare
from argmap.corpus import Corpus, load

ISSUES = 8


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """Forty small maps, parsed once, each with stances on two to four
    issues: cloned under new ids, they make a corpus of any size without
    parsing thousands of files."""
    folder = tmp_path_factory.mktemp("templates")
    rng = random.Random(7)
    (folder / "issues.map").write_text(
        "".join(f'issue q{k} "Question {k}?"\n' for k in range(ISSUES)), encoding="utf-8"
    )
    for t in range(40):
        asked = rng.sample(range(ISSUES), rng.randint(2, 4))
        claims = "".join(
            f'claim c{n} "reason {n}" {{ at "§{n}" supports T stance q{k} {rng.choice(["pro", "con", "mixed"])}\n'
            f'  evidence e{n} "fact {n}" {{ at "§{n}.1" }} }}\n'
            for n, k in enumerate(asked[1:], start=1)
        )
        (folder / f"t{t:02d}.map").write_text(
            f"---\nid: t{t:02d}\ntitle: T\nauthors: [A]\nyear: 2000\n---\n"
            f'thesis T "thesis {t}" {{ at "§0" stance q{asked[0]} {rng.choice(["pro", "con"])} }}\n{claims}',
            encoding="utf-8",
        )
    loaded = load([str(folder)])
    assert not loaded.diagnostics or all(d.severity != "error" for d in loaded.diagnostics)
    issues = next(m for m in loaded.corpus.maps if m.issues)
    return issues, [m for m in loaded.corpus.maps if m.nodes]


def corpus(templates, n: int) -> Corpus:
    issues, maps = templates
    clones = []
    for i in range(n):
        t = maps[i % len(maps)]
        meta = {**t.meta, "id": f"m{i:05d}", "authors": [f"Author{i % 97}"], "year": 1990 + i % 30}
        clones.append(dataclasses.replace(t, id=f"m{i:05d}", path=f"m{i:05d}.map", meta=meta))
    return Corpus(maps=clones + [issues])


def every_report(c) -> dict[str, str]:
    from argmap.visible import console as make_console

    console = make_console(width=80, no_color=True, highlight=False, record=True, file=io.StringIO())
    tables.full(console, c, "orig")
    return {
        "table": console.export_text(),
        "json": formats.to_json(c, "orig"),
        "markdown": formats.to_markdown(c, "orig"),
        "csv": formats.to_csv(c, "orig"),
    }


def peak(templates, n: int) -> int:
    every_report(compare(corpus(templates, 60)))  # imports and caches, outside the measure
    case = corpus(templates, n)
    tracemalloc.start()
    try:
        every_report(compare(case))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_with_the_maps_not_the_pairs(templates, monkeypatch):
    # 100 → 400 maps: the pairs grow from 4,950 to 79,800 (×16). Both sizes
    # past the point where JSON stops listing every pair, so that the two
    # runs write the same kind of report.
    monkeypatch.setattr(data, "ALL_PAIRS_UP_TO", 50)
    small, large = peak(templates, 100), peak(templates, 400)
    assert large / small < 6, (small, large)


def test_the_reports_list_a_bounded_number_of_pairs_and_count_the_rest(templates):
    c = compare(corpus(templates, 600))
    reports = every_report(c)
    out = json.loads(reports["json"])
    summary = out["agreement_summary"]
    assert summary["pairs"] == 179700
    assert len(out["agreement"]) == summary["listed"] == 2 * data.RANKED_PAIRS
    shares = [p["share"] for p in out["agreement"]]
    assert shares == sorted(shares, reverse=True)  # most first, least last
    # The figures are the pairs', counted without them.
    pairs = list(c.agreement)
    assert summary["sharing"] == sum(1 for p in pairs if p.shared)
    assert (summary["shared"], summary["agree"]) == (sum(p.shared for p in pairs), sum(p.agree for p in pairs))
    ranked = sorted((p for p in pairs if p.shared), key=lambda p: (-p.share, -p.shared, p.a.id, p.b.id))
    del pairs
    expected = ranked[: data.RANKED_PAIRS] + ranked[-data.RANKED_PAIRS :]
    assert [(p["a"], p["b"]) for p in out["agreement"]] == [(p.a.id, p.b.id) for p in expected]

    markdown = reports["markdown"]
    agreement = markdown.split("## Agreement between authors")[1].split("## Conflicts")[0]
    assert agreement.count("\n| ") == 1 + data.LISTED  # the header and fifty pairs
    assert f"Of the 179700 pairs of maps, {summary['sharing']} share an issue" in agreement
    assert f"… and {summary['sharing'] - data.LISTED} more pairs that share an issue." in agreement
    # Every list in the Markdown stops at fifty and says how many it leaves out.
    assert "- … and 550 more maps\n" in markdown
    assert "| issue | pro | con | mixed | silent |" in markdown  # the tally, not 600 columns
    positions = markdown.split("## Positions in detail")[1].split("## Agreement")[0]
    for block in positions.split("\n- **")[1:]:
        assert block.count("\n  - ") <= data.LISTED + 1
    over_time = markdown.split("## Over time")[1].split("## Unique points")[0]
    assert all(line.count(" → ") <= data.LISTED for line in over_time.splitlines())
    assert "more unique points of 550 more maps" in markdown

    table = reports["table"]
    most = table.split("Most in agreement")[1].split("Least in agreement")[0]
    assert most.count("\n  ") == 10
    assert "--format json lists 100 each way and counts the rest." in " ".join(table.split())
    # CSV is the stance matrix: one row per issue and map, whatever the size.
    assert reports["csv"].count("\n") == 1 + ISSUES * 600


def test_ranked_pairs_are_the_sorted_pairs():
    """The bit-sliced ranking against a plain sort, on random stances."""
    for trial in range(60):
        rng = random.Random(trial)
        maps = [types.SimpleNamespace(id=f"x{rng.randrange(1000):03d}_{i}") for i in range(rng.randint(2, 30))]
        issues = [types.SimpleNamespace(id=f"q{k}") for k in range(rng.randint(1, 6))]
        positions = {i.id: {} for i in issues}
        for m in maps:
            for i in issues:
                if rng.random() < 0.5:
                    positions[i.id][m.id] = types.SimpleNamespace(stance=rng.choice(["pro", "con", "mixed"]))
        agreement = Agreement(maps, issues, positions)
        pairs = list(agreement)
        assert len(pairs) == len(agreement) == len(maps) * (len(maps) - 1) // 2
        ranked = sorted((p for p in pairs if p.shared), key=lambda p: (-p.share, -p.shared, p.a.id, p.b.id))
        for count in (1, 4, 10, 500):
            assert agreement.ranked(count) == ranked[:count]
            assert agreement.ranked(count, least=True) == ranked[::-1][:count]
        assert agreement.sharing() == len(ranked)
        assert agreement.totals() == (sum(p.shared for p in pairs), sum(p.agree for p in pairs))
