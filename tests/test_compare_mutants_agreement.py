"""Agreement between authors past the sizes that list every pair: the
Markdown's ranked table and the JSON's selection and summary, exactly, on a
corpus small enough to check by hand. Found by the mutation audit of
compare/agreement.py and compare/data.py (tests/README.md).

The corpus: eight maps m0…m7 (years 2000…2007) on three issues.

    q1: m0 pro, m1 pro, m2 con, m3 mixed, m4 pro, m5 con, m6 mixed
    q2: m0 pro, m1 con, m4 pro, m7 pro
    q3: m0 con, m4 con, m6 con

28 pairs; m7 shares only q2, with m0, m1 and m4. Every pair's figures are
in `PAIRS` below, counted from the table above.
"""

from __future__ import annotations

import json
from itertools import combinations

import pytest

from argmap.compare import compare, data
from argmap.corpus import load
from conftest import run_cli

STANCES = {
    "q1": {"m0": "pro", "m1": "pro", "m2": "con", "m3": "mixed", "m4": "pro", "m5": "con", "m6": "mixed"},
    "q2": {"m0": "pro", "m1": "con", "m4": "pro", "m7": "pro"},
    "q3": {"m0": "con", "m4": "con", "m6": "con"},
}


def _pairs() -> dict[tuple[str, str], tuple[int, int]]:
    out = {}
    for a, b in combinations([f"m{i}" for i in range(8)], 2):
        both = [q for q, row in STANCES.items() if a in row and b in row]
        alike = [q for q in both if STANCES[q][a] == STANCES[q][b] != "mixed"]
        out[(a, b)] = (len(both), len(alike))
    return out


PAIRS = _pairs()


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "issues.map").write_text('issue q1 "Q1?"\nissue q2 "Q2?"\nissue q3 "Q3?"\n', encoding="utf-8")
    for i in range(8):
        stances = " ".join(f"stance {q} {row[f'm{i}']}" for q, row in STANCES.items() if f"m{i}" in row)
        (tmp_path / f"m{i}.map").write_text(
            f'---\nid: m{i}\ntitle: t\nauthors: ["Au{i}"]\nyear: {2000 + i}\n---\nthesis T "x" {{ {stances} }}\n',
            encoding="utf-8",
        )
    return tmp_path


def test_every_pair_and_the_counts(corpus):
    c = compare(load([str(corpus)]).corpus)
    assert {(p.a.id, p.b.id): (p.shared, p.agree) for p in c.agreement} == PAIRS
    assert len(c.agreement) == 28
    assert c.agreement.sharing() == sum(1 for s, _ in PAIRS.values() if s) == 24
    assert c.agreement.totals() == (sum(s for s, _ in PAIRS.values()), sum(g for _, g in PAIRS.values())) == (30, 10)
    m0, m4, m7 = (next(m for m in c.maps if m.id == i) for i in ("m0", "m4", "m7"))
    # A pair is the same whichever way it is asked for: the earlier map first.
    for a, b in ((m0, m4), (m4, m0)):
        p = c.agreement.pair(a, b)
        assert (p.a.id, p.b.id, p.shared, p.agree, p.share) == ("m0", "m4", 3, 3, 1.0)
    p = c.agreement.pair(m7, m4)
    assert (p.a.id, p.b.id, p.shared, p.agree) == ("m4", "m7", 1, 1)
    assert c.agreement.ranked(0) == [] and c.agreement.ranked(0, least=True) == []
    most = [(p.a.id, p.b.id, p.agree, p.shared) for p in c.agreement.ranked(4)]
    assert most == [("m0", "m4", 3, 3), ("m0", "m7", 1, 1), ("m2", "m5", 1, 1), ("m4", "m7", 1, 1)]
    least = [(p.a.id, p.b.id, p.agree, p.shared) for p in c.agreement.ranked(4, least=True)]
    assert least == LEAST
    # The same as sorting the pairs themselves.
    ranked = sorted(((a, b, g, s) for (a, b), (s, g) in PAIRS.items() if s), key=lambda p: (-p[2] / p[3], -p[3], p[0], p[1]))
    assert most == ranked[:4] and least == ranked[::-1][:4]


# The last of the order, last first: no agreement on the one issue shared,
# then the later ids first.
LEAST = [("m5", "m6", 0, 1), ("m4", "m5", 0, 1), ("m3", "m6", 0, 1), ("m3", "m5", 0, 1)]


def test_json_past_the_limit_lists_the_extremes_and_counts_all(corpus, monkeypatch):
    monkeypatch.setattr(data, "ALL_PAIRS_UP_TO", 7)
    monkeypatch.setattr(data, "RANKED_PAIRS", 2)
    code, out, _ = run_cli("compare", str(corpus), "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["agreement"] == [
        {"a": "m0", "b": "m4", "shared": 3, "agree": 3, "share": 1.0},
        {"a": "m0", "b": "m7", "shared": 1, "agree": 1, "share": 1.0},
        {"a": "m4", "b": "m5", "shared": 1, "agree": 0, "share": 0.0},
        {"a": "m5", "b": "m6", "shared": 1, "agree": 0, "share": 0.0},
    ]
    assert result["agreement_summary"] == {"pairs": 28, "sharing": 24, "listed": 4, "shared": 30, "agree": 10}
    keys = list(result)
    assert keys[keys.index("agreement") + 1] == "agreement_summary"
    # At the limit, every pair and no summary.
    monkeypatch.setattr(data, "ALL_PAIRS_UP_TO", 8)
    result = json.loads(run_cli("compare", str(corpus), "--format", "json")[1])
    assert len(result["agreement"]) == 28 and "agreement_summary" not in result
    assert result["agreement"][0] == {"a": "m0", "b": "m1", "shared": 2, "agree": 1, "share": 0.5}
    assert result["agreement"][6] == {"a": "m0", "b": "m7", "shared": 1, "agree": 1, "share": 1.0}


def test_markdown_past_fifty_pairs_ranks_them(corpus, monkeypatch):
    from argmap.compare import formats

    monkeypatch.setattr(formats, "LISTED", 6)
    code, out, _ = run_cli("compare", str(corpus), "--format", "markdown")
    assert code == 0
    section = out.split("## Agreement between authors\n\n")[1].split("\n\n## Conflicts")[0]
    assert section.split("\n\n")[1:] == [
        "Of the 28 pairs of maps, 24 share an issue: the 3 that agree most and the 3 that agree least.",
        "| authors | shared issues | agree | share |\n"
        "|---|---|---|---|\n"
        "| Au0 2000 / Au4 2004 | 3 | 3 | 100% |\n"
        "| Au0 2000 / Au7 2007 | 1 | 1 | 100% |\n"
        "| Au2 2002 / Au5 2005 | 1 | 1 | 100% |\n"
        "| Au3 2003 / Au6 2006 | 1 | 0 | 0% |\n"
        "| Au4 2004 / Au5 2005 | 1 | 0 | 0% |\n"
        "| Au5 2005 / Au6 2006 | 1 | 0 | 0% |",
        "… and 18 more pairs that share an issue.",
    ]


def test_markdown_up_to_fifty_pairs_lists_them_all(corpus, monkeypatch):
    from argmap.compare import formats

    monkeypatch.setattr(formats, "LISTED", 28)
    out = run_cli("compare", str(corpus), "--format", "markdown")[1]
    section = out.split("## Agreement between authors\n\n")[1].split("\n\n## Conflicts")[0]
    rows = [line for line in section.splitlines() if line.startswith("| Au")]
    assert len(rows) == 28
    assert rows[0] == "| Au0 2000 / Au1 2001 | 2 | 1 | 50% |"
    assert "| Au2 2002 / Au7 2007 | 0 | 0 | — |" in rows
    assert "more pairs" not in section and "Of the" not in section


def test_terminal_ranks_pairs_past_six_maps(corpus):
    code, out, _ = run_cli("compare", str(corpus))
    assert code == 0
    section = out.split("Agreement between authors")[1].split("Conflicts")[0]
    lines = [line.strip() for line in section.splitlines()[1:] if line.strip()]
    assert lines[0] == "Most in agreement (of 24 pairs that share an issue)"
    assert lines[1:4] == ["3/3 100%  Au0 2000 · Au4 2004", "1/1 100%  Au0 2000 · Au7 2007", "1/1 100%  Au2 2002 · Au5 2005"]
    assert lines[11] == "Least in agreement"
    assert lines[12:14] == ["0/1 0%  Au5 2005 · Au6 2006", "0/1 0%  Au4 2004 · Au5 2005"]
    assert lines[-1] == "Matching stances / issues both address. --format json has every pair."
