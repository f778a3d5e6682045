"""What `compare` shows, on corpora made for one rule or one line of output
each: the strongest support, objections answered by several rebuttals, the
pro/con warning, unique points, and the exact text of the terminal tables
and of the JSON, CSV and Markdown reports. Found by the mutation audit of
compare/analysis.py, tables.py and formats.py (tests/README.md): each test
fails when one of those lines changes.
"""

from __future__ import annotations

from conftest import TESTS, golden, run_cli


def _write(folder, map_id: str, year: int, body: str, front: str = "") -> None:
    (folder / f"{map_id}.map").write_text(
        f"---\nid: {map_id}\ntitle: t\nauthors: [{map_id.capitalize()}]\nyear: {year}\n{front}---\n{body}\n",
        encoding="utf-8",
    )


def _issues(folder, *ids: str) -> None:
    (folder / "issues.map").write_text("".join(f'issue {i} "{i}?"\n' for i in ids), encoding="utf-8")


def _compare(folder, *args: str) -> str:
    code, out, err = run_cli("compare", ".", *args, cwd=folder)
    assert code == 0, err
    return out


def _section(out: str, title: str) -> str:
    """One section of the terminal report, from its heading to the next."""
    lines = out.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(title + " ─"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1].isalpha() and lines[i].endswith("──")), len(lines))
    return "\n".join(lines[start + 1 : end]).rstrip("\n")


# --- analysis.py: the strongest support ------------------------------------------


def test_the_strongest_support_is_a_reason_that_takes_the_stance_before_a_weightier_one(tmp_path):
    # p2 has more beneath it, but p1 itself answers the question as c1 does.
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        2000,
        'thesis T "x"\nclaim c1 "y" {\n  supports T\n  stance q pro\n}\n'
        'premise p1 "a reason" { supports c1 stance q pro }\n'
        'premise p2 "a weighty reason" { supports c1 }\nevidence e2 "beneath" { supports p2 }',
    )
    _write(tmp_path, "b", 2001, 'thesis T "x" { stance q con }')
    out = _compare(tmp_path, "--explain", "q", "a")
    assert _section(out, "Strongest support") == "  premise p1 a reason"


def test_evidence_breaks_a_tie_between_equally_strong_supports(tmp_path):
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        2000,
        'thesis T "x"\nclaim c1 "y" {\n  supports T\n  stance q pro\n}\n'
        'premise p1 "a premise" { supports c1 }\nevidence e1 "a finding" { supports c1 }',
    )
    _write(tmp_path, "b", 2001, 'thesis T "x" { stance q con }')
    out = _compare(tmp_path, "--explain", "q", "a")
    assert _section(out, "Strongest support") == "  evidence e1 a finding"


# --- analysis.py: objections, the pro/con warning, consensus, unique points ------


def test_an_objection_answered_by_two_rebuttals_names_both(tmp_path):
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        2000,
        'thesis T "x"\nclaim c1 "y" { supports T }\ncounterpoint k1 "obj" {\n  attacks c1\n  stance q con\n}\n'
        'rebuttal r1 "no" { attacks k1 }\nrebuttal r2 "nor" { attacks k1 }',
    )
    _write(tmp_path, "b", 2001, 'thesis T "x" { stance q pro }')
    out = _compare(tmp_path, "--format", "markdown")
    assert "  - A 2000: **con** — counterpoint k1: obj (*an objection the author raises, answered by r1, r2*)\n" in out
    assert "- **con** — A 2000, k1: obj (*an objection the author raises, answered by r1, r2*)\n" in out


def _both_ways(folder) -> None:
    """Map a says pro twice and con twice on q; map b is mixed too."""
    _issues(folder, "q")
    _write(
        folder,
        "a",
        2000,
        'thesis T "x" { stance q pro }\nclaim c1 "y" { supports T stance q pro }\n'
        'claim c2 "z" { supports T stance q con }\nclaim c3 "w" { supports T stance q con }',
    )
    _write(folder, "b", 2001, 'thesis T "x" { stance q mixed }')


def test_the_warning_names_every_node_on_each_side(tmp_path):
    _both_ways(tmp_path)
    code, _, err = run_cli("compare", str(tmp_path))
    assert code == 0
    assert err == (
        "argmap: warning: a takes both pro (T, c1) and con (c2, c3) on `q`; shown as\n"
        "                 mixed\n"
    )


def test_two_mixed_maps_are_no_consensus(tmp_path):
    _both_ways(tmp_path)
    out = _compare(tmp_path)
    assert _section(out, "Consensus") == "No issue on which every map that speaks agrees."
    assert "\n## Consensus\n\nNo issue on which every map that speaks agrees.\n" in _compare(tmp_path, "--format", "markdown")


def test_unique_points_are_the_claims_and_recommendations_under_a_thesis(tmp_path):
    # Not c2 (beneath a claim), c3 (attacks the thesis) or p1 (a premise).
    _issues(tmp_path, "q")
    _write(
        tmp_path,
        "a",
        2000,
        'thesis T "x" { stance q pro }\nclaim c1 "top claim" { supports T }\n'
        'recommendation rec1 "do it" { supports T }\nclaim c2 "deeper" { supports c1 }\n'
        'claim c3 "against" { attacks T }\npremise p1 "premise" { supports T }',
    )
    _write(tmp_path, "b", 2001, 'thesis T "x" { stance q pro }')
    out = _compare(tmp_path)
    assert _section(out, "Unique points").split("\n")[:3] == ["A 2000", "  c1 top claim", "  rec1 do it"]
    assert _compare(tmp_path, "--format", "markdown").endswith(
        "## Unique points\n\n- A 2000, c1: top claim\n- A 2000, rec1: do it\n"
    )


# --- tables.py: what the terminal shows ----------------------------------------------


def _plain(out: str) -> str:
    """The report as a reader sees it: rich pads some wrapped lines with a
    trailing space, which no one sees."""
    return "\n".join(line.rstrip() for line in out.split("\n"))


def _qualified(folder) -> None:
    """Two maps at odds on q, each stance qualified; a's thesis has a
    locator and a quote, and an objection undercuts its evidence."""
    _issues(folder, "q")
    _write(
        folder,
        "a",
        2000,
        'thesis T "Japan will defend Taiwan" {\n  at "§3.2 ¶14"\n  quote "the very words"\n'
        '  stance q pro when "the Cold War"\n}\n'
        'claim c1 "because" {\n  supports T\n  stance q pro if "all goes well"\n  quote "said so"\n}\n'
        'evidence e1 "seen" { supports c1 at "p. 3" }\ncounterpoint k1 "but" { undercuts e1 -> c1 }',
    )
    _write(folder, "b", 2001, 'thesis T "y" { stance q con if "trade holds" }')


def test_stance_table_marks_qualified_stances_and_names_them_below(tmp_path):
    # With --cite each column is as wide as the longest locator in it.
    _qualified(tmp_path)
    out = _plain(_compare(tmp_path, "--cite"))
    assert _section(out, "Stances") == (
        "┏━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━┓\n"
        "┃                ┃ A        ┃ B    ┃\n"
        "┃ issue          ┃ 2000     ┃ 2001 ┃\n"
        "┡━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━┩\n"
        "│ q              │ pro†     │ con† │\n"
        "│ q?             │ T        │ T    │\n"
        "│                │ §3.2 ¶14 │      │\n"
        "└────────────────┴──────────┴──────┘\n"
        "Each cell: the map's stance, and below it the node that carries it (pro/con: the\n"
        "author's nodes on each side) and where the source says it; · silent; †\n"
        "qualified:\n"
        "† A 2000 · q pro scope: the Cold War\n"
        "† B 2001 · q con if trade holds"
    )
    assert _section(out, "Over time") == "q: A 2000 pro† → B 2001 con†"


def test_conflict_cells_show_qualifier_locator_text_and_with_cite_the_quote(tmp_path):
    _qualified(tmp_path)
    cited = (
        "q q?\n"
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
        "┃ pro                                   ┃ con                                  ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
        "│ A 2000 pro T                          │ B 2001 con T                         │\n"
        "│ (scope: the Cold War)                 │ (if trade holds)                     │\n"
        "│ §3.2 ¶14                              │ y                                    │\n"
        "│ Japan will defend Taiwan              │                                      │\n"
        "│ 「the very words」                    │                                      │\n"
        "│ ← c1                                  │                                      │\n"
        "│ because                               │                                      │\n"
        "│ concedes:                             │                                      │\n"
        "│ ✗ k1 but                              │                                      │\n"
        "└───────────────────────────────────────┴──────────────────────────────────────┘"
    )
    assert _section(_plain(_compare(tmp_path, "--cite")), "Conflicts") == cited
    # Without --cite, no quote.
    plain = "\n".join(line for line in cited.split("\n") if "「" not in line)
    assert _section(_plain(_compare(tmp_path)), "Conflicts") == plain


def test_issue_tree_shows_qualifiers_undercuts_and_with_cite_quotes(tmp_path):
    # The thesis's line is 76 columns: the most beside one level of guides.
    _qualified(tmp_path)
    out = _plain(_compare(tmp_path, "--issue", "q", "--cite"))
    assert out == (
        "q q?\n"
        "A 2000 pro (scope: the Cold War)\n"
        "└── thesis T [pro (scope: the Cold War)] (§3.2 ¶14) Japan will defend Taiwan\n"
        "    「the very words」\n"
        "    └── ← claim c1 [pro (if all goes well)] because\n"
        "        「said so」\n"
        "        └── ← evidence e1 (p. 3) seen\n"
        "            └── ⤫ counterpoint k1 but\n"
        "B 2001 con (if trade holds)\n"
        "└── thesis T [con (if trade holds)] y\n"
        "← supports  ✗ attacks  ⤫ undercuts; (locator) in the source; nodes marked\n"
        "defeated or undecided do not stand (argmap evaluate).\n"
    )
    assert "「" not in _compare(tmp_path, "--issue", "q")


def test_a_mixed_column_shows_each_side_with_its_qualifier_and_locator(tmp_path):
    _issues(tmp_path, "q")
    _write(tmp_path, "a", 2000, 'thesis T "yes" { stance q pro }')
    _write(tmp_path, "b", 2001, 'thesis T "no" { stance q con }')
    _write(
        tmp_path,
        "c",
        2002,
        'thesis T "at sea, yes" { stance q pro when "at sea" }\n'
        'claim c1 "on land, no" {\n  supports T\n  at "§2"\n  stance q con\n}',
    )
    assert _section(_plain(_compare(tmp_path)), "Conflicts") == (
        "q q?\n"
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
        "┃ pro                      ┃ con                     ┃ mixed                   ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
        "│ A 2000 pro T             │ B 2001 con T            │ C 2002 mixed            │\n"
        "│ yes                      │ no                      │ pro T (scope: at sea)   │\n"
        "│                          │                         │ at sea, yes             │\n"
        "│                          │                         │ con c1 §2               │\n"
        "│                          │                         │ on land, no             │\n"
        "└──────────────────────────┴─────────────────────────┴─────────────────────────┘"
    )


def _objections(folder) -> None:
    """Map a's thesis meets five objections: two that attack each other
    (undecided), two that stand, one answered by two rebuttals; map b's
    meets three that stand, the first as wide as a cell has room for."""
    _issues(folder, "q")
    _write(
        folder,
        "a",
        2000,
        'thesis T "yes" { stance q pro }\n'
        'counterpoint k6 "either" { attacks T attacks k7 }\ncounterpoint k7 "or" { attacks T attacks k6 }\n'
        'counterpoint k1 "an objection of exactly forty characters" { attacks T }\n'
        'counterpoint k2 "two" { attacks T }\n'
        'counterpoint k5 "answered" { attacks T }\nrebuttal r1 "no" { attacks k5 }\nrebuttal r2 "nor" { attacks k5 }',
    )
    _write(
        folder,
        "b",
        2001,
        'thesis T "no" { stance q con }\ncounterpoint k1 "an objection which fills a line so" { attacks T }\n'
        'counterpoint k2 "two" { attacks T }\ncounterpoint k3 "three" { attacks T }',
    )


def test_a_conflict_cell_lists_three_objections_and_counts_the_rest(tmp_path):
    # A text of forty columns is shown whole; more would be cut with `…`.
    _objections(tmp_path)
    assert _section(_plain(_compare(tmp_path)), "Conflicts") == (
        "q q?\n"
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
        "┃ pro                                   ┃ con                                  ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
        "│ A 2000 pro T                          │ B 2001 con T                         │\n"
        "│ yes                                   │ no                                   │\n"
        "│ concedes:                             │ concedes:                            │\n"
        "│ ✗ k6 either (undecided)               │ ✗ k1 an objection which fills a line │\n"
        "│ ✗ k7 or (undecided)                   │   so                                 │\n"
        "│ ✗ k1 an objection of exactly forty    │ ✗ k2 two                             │\n"
        "│   characters                          │ ✗ k3 three                           │\n"
        "│ (+1 more)                             │                                      │\n"
        "│ answers:                              │                                      │\n"
        "│ ✓ k5 answered ← r1, r2                │                                      │\n"
        "└───────────────────────────────────────┴──────────────────────────────────────┘"
    )


def test_explain_lists_every_objection_and_says_when_nothing_supports(tmp_path):
    _objections(tmp_path)
    assert _plain(_compare(tmp_path, "--explain", "q", "a")) == (
        "q q?\n"
        "A 2000 (a.map): pro\n"
        "rule: every node that takes a stance on it agrees.\n"
        "\n"
        "Nodes that take a stance ───────────────────────────────────────────────────────\n"
        "  thesis T [pro] yes\n"
        "\n"
        "Strongest support ──────────────────────────────────────────────────────────────\n"
        "None: nothing supports the carrier.\n"
        "\n"
        "Counterpoints against this position ────────────────────────────────────────────\n"
        "  undecided k6 either\n"
        "      counted because it attacks T, which is pro\n"
        "  undecided k7 or\n"
        "      counted because it attacks T, which is pro\n"
        "  conceded k1 an objection of exactly forty characters\n"
        "      counted because it attacks T, which is pro\n"
        "  conceded k2 two\n"
        "      counted because it attacks T, which is pro\n"
        "  answered k5 answered\n"
        "      counted because it attacks T, which is pro; answered by r1, r2\n"
    )


def test_explain_says_none_when_no_objection_weighs_against(tmp_path):
    _issues(tmp_path, "q")
    _write(tmp_path, "a", 2000, 'thesis T "yes" { stance q pro }\nclaim c1 "why" { supports T }')
    _write(tmp_path, "b", 2001, 'thesis T "no" { stance q con }')
    out = _compare(tmp_path, "--explain", "q", "a")
    assert _section(out, "Strongest support") == "  claim c1 why"
    assert _section(out, "Counterpoints against this position") == "None."


def test_a_body_wraps_under_its_start_or_below_a_prefix_past_half_the_width(tmp_path):
    # B's prefix ends at column 40, half the width: its text stays beside it.
    _issues(tmp_path, "q")
    _write(tmp_path, "a", 2000, 'thesis T "The alliance holds because both sides gain from it, and both know that they do." { stance q pro }')
    _write(
        tmp_path,
        "b",
        2001,
        'thesis T "Trade ties bind the two economies more closely every year." {\n  at "p. 117, table 4, note 15"\n  stance q pro\n}',
    )
    _write(
        tmp_path,
        "c",
        2002,
        'thesis T "Security cooperation deepens step by step." {\n  at "p. 117, table 4, notes 15–16"\n  stance q pro\n}',
    )
    assert _section(_plain(_compare(tmp_path)), "Consensus") == (
        "q pro q?\n"
        "  A 2000 · T The alliance holds because both sides gain from it, and both know\n"
        "             that they do.\n"
        "  B 2001 · T (p. 117, table 4, note 15) Trade ties bind the two economies more\n"
        "                                        closely every year.\n"
        "  C 2002 · T (p. 117, table 4, notes 15–16)\n"
        "    Security cooperation deepens step by step."
    )


def _many(folder, count: int) -> None:
    """`count` maps in order of year, each with a unique point and a claim
    that contradicts the next map's (the last the first's); a 51st shares
    the 50th's year, so that the two are one step of time."""
    folder.mkdir()
    _issues(folder, "q")
    for i in range(1, count + 1):
        nxt = i % count + 1
        _write(
            folder,
            f"m{i:02d}",
            2000 + min(i, 50),
            f'thesis T "x" {{ stance q pro }}\nclaim u "mine" {{ supports T }}\n'
            f'claim c "theirs" {{ supports T }}\nc contradicts m{nxt:02d}:c',
        )


def test_fifty_maps_are_listed_whole_and_fifty_one_say_what_is_left_out(tmp_path):
    _many(tmp_path / "fifty", 50)
    out = _plain(_compare(tmp_path / "fifty"))
    assert _section(out, "Contradictions").endswith("contradicts m01:c theirs")
    assert _section(out, "Over time").endswith("→ M50 2050 pro")
    assert _section(out, "Unique points").endswith(
        "M50 2050\n  u mine\nClaims and recommendations that directly support a thesis, with no same_as or\n"
        "contradicts link to another map."
    )
    _many(tmp_path / "more", 51)
    out = _plain(_compare(tmp_path / "more"))
    assert _section(out, "Contradictions").endswith("contradicts m51:c theirs\n(+1 more: all in --format json)")
    assert _section(out, "Over time").endswith("→ M50 2050 pro\n    (+1 more)")
    assert _section(out, "Unique points").endswith(
        "M50 2050\n  u mine\n(+1 more points of 1 more maps: all in --format json)\n"
        "Claims and recommendations that directly support a thesis, with no same_as or\n"
        "contradicts link to another map."
    )


def test_stance_columns_fill_the_width_and_a_table_holds_at_most_five(tmp_path):
    # Four columns of fifteen (`Abbot et al.` is one name, not two words)
    # fill the 60 columns beside the issues exactly: Li's narrow column goes
    # to a second table.
    _issues(tmp_path, "q")
    for i, (name, stance) in enumerate([("Abbot", "pro"), ("Baker", "con"), ("Clark", "pro"), ("Drake", "con"), ("Li", "pro")]):
        authors = f'["{name}, A.", "B. Other"]' if name != "Li" else "[Li]"
        (tmp_path / f"m{i}.map").write_text(
            f"---\nid: m{i}\ntitle: t\nauthors: {authors}\nyear: {2000 + i}\n---\nthesis T \"x\" {{ stance q {stance} }}\n",
            encoding="utf-8",
        )
    out = _plain(_compare(tmp_path))
    assert _section(out, "Stances") == (
        "┏━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┓\n"
        "┃                ┃ Abbot et al. ┃ Baker et al. ┃ Clark et al. ┃ Drake et al. ┃\n"
        "┃ issue          ┃ 2000         ┃ 2001         ┃ 2002         ┃ 2003         ┃\n"
        "┡━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━┩\n"
        "│ q              │ pro          │ con          │ pro          │ con          │\n"
        "│ q?             │ T            │ T            │ T            │ T            │\n"
        "└────────────────┴──────────────┴──────────────┴──────────────┴──────────────┘\n"
        "┏━━━━━━━━━━━━━━━━┳━━━━━━┓\n"
        "┃                ┃ Li   ┃\n"
        "┃ issue          ┃ 2004 ┃\n"
        "┡━━━━━━━━━━━━━━━━╇━━━━━━┩\n"
        "│ q              │ pro  │\n"
        "│ q?             │ T    │\n"
        "└────────────────┴──────┘\n"
        "Each cell: the map's stance, and below it the node that carries it (pro/con: the\n"
        "author's nodes on each side); · silent."
    )
    # Five maps still get the agreement matrix; below it, the first three of
    # the four pairs that agree on all they share.
    assert _section(out, "Agreement between authors") == (
        "┏━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━┓\n"
        "┃                   ┃ Baker et al. ┃ Clark et al. ┃ Drake et al. ┃ Li       ┃\n"
        "┃                   ┃ 2001         ┃ 2002         ┃ 2003         ┃ 2004     ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━┩\n"
        "│ Abbot et al. 2000 │ 0/1 0%       │ 1/1 100%     │ 0/1 0%       │ 1/1 100% │\n"
        "│ Baker et al. 2001 │              │ 0/1 0%       │ 1/1 100%     │ 0/1 0%   │\n"
        "│ Clark et al. 2002 │              │              │ 0/1 0%       │ 1/1 100% │\n"
        "│ Drake et al. 2003 │              │              │              │ 0/1 0%   │\n"
        "└───────────────────┴──────────────┴──────────────┴──────────────┴──────────┘\n"
        "Matching stances / issues both address; — none shared.\n"
        "Abbot et al. 2000 and Clark et al. 2002 agree on 1 of 1 shared issues.\n"
        "Abbot et al. 2000 and Li 2004 agree on 1 of 1 shared issues.\n"
        "Baker et al. 2001 and Drake et al. 2003 agree on 1 of 1 shared issues."
    )


def test_five_columns_that_fill_the_width_exactly_share_one_table(tmp_path):
    # 9 + 9 + 9 + 17 + 16 = 60: a narrow column counts six cells ("mixed†").
    _issues(tmp_path, "q")
    for i, name in enumerate(["A", "B", "C", "Abercrombieson", "Featherstonex"]):
        (tmp_path / f"m{i}.map").write_text(
            f"---\nid: m{i}\ntitle: t\nauthors: [{name}]\nyear: {2000 + i}\n---\nthesis T \"x\" {{ stance q pro }}\n",
            encoding="utf-8",
        )
    assert _section(_plain(_compare(tmp_path)), "Stances").split("\n")[:2] == [
        "┏━━━━━━━━━━━━━━━━┳━━━━━━┳━━━━━━┳━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
        "┃                ┃ A    ┃ B    ┃ C    ┃ Abercrombieson ┃ Featherstonex ┃",
    ]


def _ten(folder) -> None:
    """Nine maps pro on q1 and q2, a tenth con on q2 only."""
    _issues(folder, "q1", "q2")
    for i in range(9):
        _write(folder, f"m{i}", 2000 + i, 'thesis T "x" {\n  stance q1 pro\n  stance q2 pro\n}')
    _write(folder, "m9", 2009, 'thesis T "x" { stance q2 con }')


def test_ten_maps_five_columns_a_table_eight_maps_a_side_and_ranked_pairs(tmp_path):
    _ten(tmp_path)
    out = _plain(_compare(tmp_path))
    assert _section(out, "Stances") == (
        "┏━━━━━━━━━━━━━━━━┳━━━━━━┳━━━━━━┳━━━━━━┳━━━━━━┳━━━━━━┓\n"
        "┃                ┃ M0   ┃ M1   ┃ M2   ┃ M3   ┃ M4   ┃\n"
        "┃ issue          ┃ 2000 ┃ 2001 ┃ 2002 ┃ 2003 ┃ 2004 ┃\n"
        "┡━━━━━━━━━━━━━━━━╇━━━━━━╇━━━━━━╇━━━━━━╇━━━━━━╇━━━━━━┩\n"
        "│ q1             │ pro  │ pro  │ pro  │ pro  │ pro  │\n"
        "│ q1?            │ T    │ T    │ T    │ T    │ T    │\n"
        "│ q2             │ pro  │ pro  │ pro  │ pro  │ pro  │\n"
        "│ q2?            │ T    │ T    │ T    │ T    │ T    │\n"
        "└────────────────┴──────┴──────┴──────┴──────┴──────┘\n"
        "┏━━━━━━━━━━━━━━━━┳━━━━━━┳━━━━━━┳━━━━━━┳━━━━━━┳━━━━━━┓\n"
        "┃                ┃ M5   ┃ M6   ┃ M7   ┃ M8   ┃ M9   ┃\n"
        "┃ issue          ┃ 2005 ┃ 2006 ┃ 2007 ┃ 2008 ┃ 2009 ┃\n"
        "┡━━━━━━━━━━━━━━━━╇━━━━━━╇━━━━━━╇━━━━━━╇━━━━━━╇━━━━━━┩\n"
        "│ q1             │ pro  │ pro  │ pro  │ pro  │ ·    │\n"
        "│ q1?            │ T    │ T    │ T    │ T    │      │\n"
        "│ q2             │ pro  │ pro  │ pro  │ pro  │ con  │\n"
        "│ q2?            │ T    │ T    │ T    │ T    │ T    │\n"
        "└────────────────┴──────┴──────┴──────┴──────┴──────┘\n"
        "Each cell: the map's stance, and below it the node that carries it (pro/con: the\n"
        "author's nodes on each side); · silent."
    )
    assert _section(out, "Agreement between authors").split("\n")[:2] == [
        "Most in agreement (of 45 pairs that share an issue)",
        "  2/2 100%  M0 2000 · M1 2001",
    ]
    conflict = _section(out, "Conflicts").split("\n")
    assert conflict[-5:] == [
        "│ M7 2007 pro T                         │                                      │",
        "│ x                                     │                                      │",
        "├───────────────────────────────────────┼──────────────────────────────────────┤",
        "│ (+1 more)                             │                                      │",
        "└───────────────────────────────────────┴──────────────────────────────────────┘",
    ]
    assert _section(out, "Consensus") == (
        "q1 pro q1?\n"
        + "".join(f"  M{i} 200{i} · T x\n" for i in range(8))
        + "  (+1 more maps)"
    )


def test_suggestions_in_a_table_of_fixed_columns(tmp_path):
    code, out, _ = run_cli("compare", "fixtures/compare", "--suggest")
    assert code == 0
    assert out == (
        "┏━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
        "┃ score ┃ node                             ┃ node                             ┃\n"
        "┡━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
        "│  0.57 │ m1:T 合作可行                    │ m3:T 合作困難                    │\n"
        "├───────┼──────────────────────────────────┼──────────────────────────────────┤\n"
        "│  0.49 │ m1:T 合作可行                    │ m3:c1 部分可行                   │\n"
        "├───────┼──────────────────────────────────┼──────────────────────────────────┤\n"
        "│  0.42 │ m1:T 合作可行                    │ m3:c2 部分不可行                 │\n"
        "├───────┼──────────────────────────────────┼──────────────────────────────────┤\n"
        "│  0.41 │ m1:c1 安全合作受限               │ m3:T 合作困難                    │\n"
        "├───────┼──────────────────────────────────┼──────────────────────────────────┤\n"
        "│  0.34 │ m2:c1 安全合作深化               │ m3:T 合作困難                    │\n"
        "├───────┼──────────────────────────────────┼──────────────────────────────────┤\n"
        "│  0.32 │ m1:T 合作可行                    │ m2:c1 安全合作深化               │\n"
        "└───────┴──────────────────────────────────┴──────────────────────────────────┘\n"
        "Confirm a pair by adding `same_as MAP:NODE` to one of the two nodes.\n"
    )
    _issues(tmp_path, "q")
    _write(tmp_path, "a", 2000, 'thesis T "Trade with Japan grows" { stance q pro }')
    _write(tmp_path, "b", 2001, 'thesis T "Security ties deepen" { stance q pro }')
    assert _compare(tmp_path, "--suggest") == "No likely same_as pairs above the threshold.\n"


def test_stances_are_coloured_as_well_as_named(tmp_path, monkeypatch):
    # pro green, con red, mixed yellow (ANSI 32, 31, 33), always bold.
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")
    _issues(tmp_path, "q")
    _write(tmp_path, "a", 2000, 'thesis T "yes" { stance q pro }')
    _write(tmp_path, "b", 2001, 'thesis T "no" { stance q con }')
    _write(tmp_path, "c", 2002, 'thesis T "both" { stance q pro }\nclaim c1 "no" { supports T stance q con }')
    row = next(line for line in _compare(tmp_path).split("\n") if line.startswith("│ \x1b[1mq\x1b[0m"))
    assert row == "│ \x1b[1mq\x1b[0m              │ \x1b[1;32mpro \x1b[0m │ \x1b[1;31mcon \x1b[0m │ \x1b[1;33mmixed\x1b[0m │"


def test_the_deepest_level_of_an_issue_tree_keeps_eight_columns_at_forty(tmp_path, monkeypatch):
    # Forty columns is the narrowest layout; six steps below its root a node
    # has eight columns beside the guides, and p8, a seventh step, is left out.
    monkeypatch.setenv("COLUMNS", "40")
    _issues(tmp_path, "q")
    chain = "".join(
        f'premise p{i} "{text}" {{ supports {below} }}\n'
        for i, text, below in [(2, "two", "c1"), (3, "three", "p2"), (4, "four", "p3"), (5, "five", "p4"),
                               (6, "six", "p5"), (7, "abcd efgh", "p6"), (8, "below", "p7")]
    )
    _write(tmp_path, "a", 2000, f'thesis T "x"\nclaim c1 "one" {{ supports T stance q pro }}\n{chain}')
    _write(tmp_path, "b", 2001, 'thesis T "no" { stance q con }')
    assert _compare(tmp_path, "--issue", "q") == (
        "q q?\n"
        "A 2000 pro\n"
        "└── claim c1 [pro] one\n"
        "    └── ← premise p2 two\n"
        "        └── ← premise p3 three\n"
        "            └── ← premise p4 four\n"
        "                └── ← premise p5\n"
        "                    five\n"
        "                    └── ← premise p6\n"
        "                        six\n"
        "                        └── ←\n"
        "                            premise\n"
        "                            p7 abcd\n"
        "                            efgh\n"
        "B 2001 con\n"
        "└── thesis T [con] no\n"
        "← supports  ✗ attacks  ⤫ undercuts;\n"
        "(locator) in the source; nodes marked\n"
        "defeated or undecided do not stand\n"
        "(argmap evaluate).\n"
    )


def test_a_label_without_a_year_stays_on_one_line_in_a_column_head(tmp_path):
    # Two authors and no year (an error, compared with --force): `Smith et
    # al.` is not a name and a year.
    _issues(tmp_path, "q")
    (tmp_path / "a.map").write_text(
        '---\nid: a\ntitle: t\nauthors: ["John Smith", "Jane Doe"]\n---\nthesis T "x" { stance q pro }\n', encoding="utf-8"
    )
    _write(tmp_path, "b", 2001, 'thesis T "no" { stance q con }')
    out = _plain(_compare(tmp_path, "--force"))
    assert _section(out, "Stances").split("\n")[:3] == [
        "┏━━━━━━━━━━━━━━━━┳━━━━━━┳━━━━━━━━━━━━━━┓",
        "┃                ┃ B    ┃              ┃",
        "┃ issue          ┃ 2001 ┃ Smith et al. ┃",
    ]


def test_six_maps_get_the_agreement_matrix_and_seven_the_ranked_pairs(tmp_path):
    _issues(tmp_path, "q")
    for i in range(1, 7):
        _write(tmp_path, f"m{i}", 2000 + i, 'thesis T "x" { stance q pro }')
    agreement = _section(_plain(_compare(tmp_path)), "Agreement between authors").split("\n")
    assert agreement[:2] == [
        "┏━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━┓",
        "┃         ┃ M2       ┃ M3       ┃ M4       ┃ M5       ┃ M6       ┃",
    ]
    _write(tmp_path, "m7", 2007, 'thesis T "x" { stance q pro }')
    agreement = _section(_plain(_compare(tmp_path)), "Agreement between authors").split("\n")
    assert agreement[:2] == ["Most in agreement (of 21 pairs that share an issue)", "  1/1 100%  M1 2001 · M2 2002"]
    assert agreement[-1] == "Matching stances / issues both address. --format json has every pair."


def test_a_timeline_line_fills_the_width_but_one_before_it_wraps(tmp_path):
    # One column is kept for a comma: the first line is 79 wide with F's
    # qualified stance (†), the second 79 and the comma that joins two texts
    # of one year (2010), whose order is not known.
    _issues(tmp_path, "q")
    names = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "Wolverhampto", "L", "M"]
    for i, name in enumerate(names):
        qualifier = ' when "at sea"' if name == "F" else ""
        (tmp_path / f"m{i:02d}.map").write_text(
            f"---\nid: m{i:02d}\ntitle: t\nauthors: [{name}]\nyear: {2000 + min(i, 10) + (i == 12)}\n---\n"
            f'thesis T "x" {{ stance q pro{qualifier} }}\n',
            encoding="utf-8",
        )
    assert _section(_plain(_compare(tmp_path)), "Over time") == (
        "q: A 2000 pro → B 2001 pro → C 2002 pro → D 2003 pro → E 2004 pro → F 2005 pro†\n"
        "    → G 2006 pro → H 2007 pro → I 2008 pro → J 2009 pro → Wolverhampto 2010 pro,\n"
        "    L 2010 pro → M 2011 pro"
    )


def test_the_issue_tree_legend_fills_a_line_exactly(tmp_path, monkeypatch):
    # At 42 columns its third line is 42 wide.
    monkeypatch.setenv("COLUMNS", "42")
    _issues(tmp_path, "q")
    _write(tmp_path, "a", 2000, 'thesis T "yes" { stance q pro }')
    _write(tmp_path, "b", 2001, 'thesis T "no" { stance q con }')
    assert _compare(tmp_path, "--issue", "q").split("\n")[-5:] == [
        "← supports  ✗ attacks  ⤫ undercuts;",
        "(locator) in the source; nodes marked",
        "defeated or undecided do not stand (argmap",
        "evaluate).",
        "",
    ]


def test_consensus_with_cite_quotes_each_node(tmp_path):
    _issues(tmp_path, "q")
    _write(tmp_path, "a", 2000, 'thesis T "yes" {\n  quote "we agree"\n  stance q pro\n}')
    _write(tmp_path, "b", 2001, 'thesis T "so do we" { stance q pro }')
    assert _section(_plain(_compare(tmp_path, "--cite")), "Consensus") == (
        "q pro q?\n  A 2000 · T yes\n    「we agree」\n  B 2001 · T so do we"
    )
    assert _section(_plain(_compare(tmp_path)), "Consensus") == "q pro q?\n  A 2000 · T yes\n  B 2001 · T so do we"


# --- tables.py: colour -----------------------------------------------------------------


def _everything(folder) -> None:
    """Five maps on two issues, in English and Chinese: qualified stances,
    locators and quotes, an undercut, objections conceded, answered and
    undecided, a node set apart from its map's position, a mixed map with a
    side each way, a position resting on an objection alone, a contradicts
    link, a consensus, two maps of one year and two that share no issue."""
    (folder / "issues.map").write_text('issue q "Will Japan defend Taiwan?"\nissue r "Does trade grow (yes | no)?"\n', encoding="utf-8")
    maps = {
        "a": ("Hollingworth", 2000, 'thesis T "Japan will defend Taiwan" {\n  at "§3.2 ¶14"\n  quote "the very words"\n'
              '  stance q pro when "the Cold War"\n  stance r pro\n}\n'
              'claim c1 "because" {\n  supports T\n  at "§3"\n  stance q pro if "all goes well"\n  quote "said so"\n}\n'
              'evidence e1 "seen" { supports c1 at "p. 3" }\ncounterpoint k1 "but" {\n  undercuts e1 -> c1\n  quote "yet"\n}\n'
              'counterpoint k5 "answered" {\n  attacks T\n  at "§4"\n}\nrebuttal r1 "no" {\n  attacks k5\n  at "§5"\n}\n'
              'counterpoint k6 "either" { attacks T attacks k7 }\ncounterpoint k7 "or" { attacks T attacks k6 }\n'
              'claim c2 "trade grows" { supports T }\nc2 contradicts b:c2'),
        "b": ("Li, Wang", 2001, 'thesis T "Japan won\'t" {\n  stance q con if "trade holds"\n  stance r pro\n}\n'
              'claim c2 "trade shrinks" { supports T }\nclaim c3 "partly" { supports T stance q mixed }'),
        "c": ("Chen", 2002, 'thesis T "海上，會" {\n  stance q pro when "at sea"\n  stance r pro\n}\n'
              'claim c1 "陸上，不會" {\n  supports T\n  at "§2"\n  stance q con\n}'),
        "d": ("Doe", 2002, 'thesis T "x"\nclaim c1 "y" { supports T }\ncounterpoint k1 "an objection" {\n  attacks c1\n  stance q con\n}'),
        "e": ("Ek", 2004, 'thesis T "trade grows 貿易成長" { stance r pro }'),
    }
    for map_id, (author, year, body) in maps.items():
        (folder / f"{map_id}.map").write_text(
            f"---\nid: {map_id}\ntitle: t\nauthors: [{author}]\nyear: {year}\n---\n{body}\n", encoding="utf-8"
        )


def test_every_part_of_the_report_in_colour(tmp_path, monkeypatch):
    # The colours and emphasis a terminal shows, for the whole report, the
    # issue tree, --explain, --suggest and the tally of many maps; without
    # its escape codes each is the plain report, word for word.
    import re

    (tmp_path / "five").mkdir()
    _everything(tmp_path / "five")
    many = tmp_path / "many"
    many.mkdir()
    _issues(many, "q")
    for i in range(11):
        _write(many, f"m{i:02d}", 2000 + i, f'thesis T "x" {{ stance q {("pro", "con", "mixed")[i % 3]} }}')
    commands = [
        ("five", ["--cite"]),
        ("five", ["--issue", "q", "--cite"]),
        ("five", ["--explain", "q", "a"]),
        ("many", []),
    ]
    plain = [_compare(tmp_path / folder, *args) for folder, args in commands]
    plain.append(run_cli("compare", "fixtures/compare", "--suggest")[1])
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")
    coloured = [_compare(tmp_path / folder, *args) for folder, args in commands]
    coloured.append(run_cli("compare", "fixtures/compare", "--suggest")[1])
    names = [f"argmap compare {folder} {' '.join(args)}".rstrip() for folder, args in commands]
    names.append("argmap compare fixtures/compare --suggest")
    for out, shown in zip(coloured, plain):
        assert re.sub(r"\x1b\[[0-9;]*m", "", out) == shown
    golden(TESTS / "golden" / "compare_colour.txt", "".join(f"$ {n}\n{out}" for n, out in zip(names, coloured)))


def _short_maps(folder, bodies: dict) -> None:
    """Maps m1, m2, … by authors named in `bodies` (name → thesis body)."""
    _issues(folder, "q")
    for i, (name, body) in enumerate(bodies.items(), start=1):
        (folder / f"m{i}.map").write_text(
            f"---\nid: m{i}\ntitle: t\nauthors: [{name}]\nyear: {1999 + i}\n---\n{body}\n", encoding="utf-8"
        )


def test_with_cite_a_column_counts_its_locators_up_to_fourteen_cells(tmp_path):
    # 15 + 15 + 13 + 17 = 60 (the twenty-cell locator counts fourteen): E's
    # column goes to a second table.
    _short_maps(tmp_path, {
        name: f'thesis T "x" {{\n  at "{at}"\n  stance q pro\n}}' if at else 'thesis T "x" { stance q pro }'
        for name, at in [("A", "§2.3, note 5"), ("B", "§6.1, note 9"), ("C", "p. 117 ¶42"), ("D", "chapter 7, section 3"), ("E", "")]
    })
    assert _section(_plain(_compare(tmp_path, "--cite")), "Stances").split("\n")[:16] == [
        "┏━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┓",
        "┃                ┃ A            ┃ B            ┃ C          ┃ D                ┃",
        "┃ issue          ┃ 2000         ┃ 2001         ┃ 2002       ┃ 2003             ┃",
        "┡━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━┩",
        "│ q              │ pro          │ pro          │ pro        │ pro              │",
        "│ q?             │ T            │ T            │ T          │ T                │",
        "│                │ §2.3, note 5 │ §6.1, note 9 │ p. 117 ¶42 │ chapter 7,       │",
        "│                │              │              │            │ section 3        │",
        "└────────────────┴──────────────┴──────────────┴────────────┴──────────────────┘",
        "┏━━━━━━━━━━━━━━━━┳━━━━━━┓",
        "┃                ┃ E    ┃",
        "┃ issue          ┃ 2004 ┃",
        "┡━━━━━━━━━━━━━━━━╇━━━━━━┩",
        "│ q              │ pro  │",
        "│ q?             │ T    │",
        "└────────────────┴──────┘",
    ]


def test_a_mixed_column_is_as_wide_as_both_its_sides(tmp_path):
    # 18 + 16 + 9 + 9 = 52, and one more column of 9 is 61: E's goes on.
    _short_maps(tmp_path, {
        "A": 'thesis T "x"\nclaim cyes123 "yes" { supports T stance q pro }\nclaim cno1234 "no" { supports T stance q con }',
        "Featherstonex": 'thesis T "x" { stance q pro }',
        "C": 'thesis T "x" { stance q pro }',
        "D": 'thesis T "x" { stance q pro }',
        "E": 'thesis T "x" { stance q pro }',
    })
    assert _section(_plain(_compare(tmp_path)), "Stances").split("\n")[:10] == [
        "┏━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━┳━━━━━━┓",
        "┃                ┃ A               ┃ Featherstonex ┃ C    ┃ D    ┃",
        "┃ issue          ┃ 2000            ┃ 2001          ┃ 2002 ┃ 2003 ┃",
        "┡━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━╇━━━━━━┩",
        "│ q              │ mixed           │ pro           │ pro  │ pro  │",
        "│ q?             │ cyes123/cno1234 │ T             │ T    │ T    │",
        "└────────────────┴─────────────────┴───────────────┴──────┴──────┘",
        "┏━━━━━━━━━━━━━━━━┳━━━━━━┓",
        "┃                ┃ E    ┃",
        "┃ issue          ┃ 2004 ┃",
    ]


def test_conflict_cells_cut_a_side_at_80_a_support_at_120_an_objection_at_40(tmp_path):
    # Each limit met exactly is shown whole; one more column is cut with `…`.
    side80 = ("Eighty columns of a side, said whole. " * 3)[:79] + "."
    side81 = ("Eighty-one columns of a side, cut short. " * 3)[:80] + "!"
    support121 = ("A reason of one hundred twenty-one columns, cut. " * 3)[:120] + "."
    _short_maps(tmp_path, {
        "A": f'thesis T "yes" {{ stance q pro }}\nclaim c1 "{support121}" {{ supports T }}\n'
             'counterpoint k1 "an objection of forty-one characters, cut" { attacks T }',
        "B": f'thesis T "{side80}" {{ stance q pro }}\nclaim c2 "{side81}" {{ supports T stance q con }}',
        "C": 'thesis T "no" { stance q con }',
    })
    assert _section(_plain(_compare(tmp_path)), "Conflicts") == (
        "q q?\n"
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
        "┃ pro                      ┃ con                     ┃ mixed                   ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
        "│ A 2000 pro T             │ C 2002 con T            │ B 2001 mixed            │\n"
        "│ yes                      │ no                      │ pro T                   │\n"
        "│ ← c1                     │                         │ Eighty columns of a     │\n"
        "│ A reason of one hundred  │                         │ side, said whole.       │\n"
        "│ twenty-one columns,      │                         │ Eighty columns of a     │\n"
        "│ cut. A reason of one     │                         │ side, said whole. Eig.  │\n"
        "│ hundred twenty-one       │                         │ con c2                  │\n"
        "│ columns, cut. A reason   │                         │ Eighty-one columns of a │\n"
        "│ of one hundr…            │                         │ side, cut short.        │\n"
        "│ concedes:                │                         │ Eighty-one columns of a │\n"
        "│ ✗ k1 an objection of     │                         │ side, cut shor…         │\n"
        "│   forty-one              │                         │                         │\n"
        "│   characters, c…         │                         │                         │\n"
        "└──────────────────────────┴─────────────────────────┴─────────────────────────┘"
    )


def test_at_forty_columns_three_sides_fold_long_names_and_wrap_in_eight(tmp_path, monkeypatch):
    # Ten columns a side; an objection keeps eight beside `✗ k1 ` however
    # little is left.
    monkeypatch.setenv("COLUMNS", "40")
    _short_maps(tmp_path, {
        "Hollingworth": 'thesis T "yes" { stance q pro }\ncounterpoint k1 "abcd efgh" { attacks T }',
        "B": 'thesis T "x" { stance q pro }\nclaim c2 "y" { supports T stance q con }',
        "C": 'thesis T "no" { stance q con }',
    })
    assert _section(_plain(_compare(tmp_path)), "Conflicts") == (
        "q q?\n"
        "┏━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━┓\n"
        "┃ pro        ┃ con        ┃ mixed      ┃\n"
        "┡━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━┩\n"
        "│ Hollingwor │ C 2002 con │ B 2001     │\n"
        "│ th 2000    │ T          │ mixed      │\n"
        "│ pro T      │ no         │ pro T      │\n"
        "│ yes        │            │ x          │\n"
        "│ concedes:  │            │ con c2     │\n"
        "│ ✗ k1 abcd  │            │ y          │\n"
        "│   efgh     │            │            │\n"
        "└────────────┴────────────┴────────────┘"
    )


def test_at_81_columns_each_conflict_cell_wraps_to_its_own_37(tmp_path, monkeypatch):
    # 81 columns leave 37 in each of two cells: the pro text's first line is
    # 37 wide, the con text's could be 38.
    monkeypatch.setenv("COLUMNS", "81")
    _short_maps(tmp_path, {
        "A": 'thesis T "Japan and Taiwan trade ever more with ease" { stance q pro }',
        "B": 'thesis T "Japan and Taiwan trade ever more, with doubts" { stance q con }',
    })
    assert _section(_plain(_compare(tmp_path)), "Conflicts") == (
        "q q?\n"
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
        "┃ pro                                   ┃ con                                   ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
        "│ A 2000 pro T                          │ B 2001 con T                          │\n"
        "│ Japan and Taiwan trade ever more with │ Japan and Taiwan trade ever more,     │\n"
        "│ ease                                  │ with doubts                           │\n"
        "└───────────────────────────────────────┴───────────────────────────────────────┘"
    )


def test_a_long_issue_id_and_a_long_chinese_question_fold_in_their_column(tmp_path):
    # The issue column is at most 24 wide; in the tally of many maps the
    # question, one run of Chinese with no space, folds rather than being cut.
    long_id = "taiwan_japan_security_cooperation"
    (tmp_path / "issues.map").write_text(
        f'issue {long_id} "台日安全合作是否在二〇一〇年代持續深化並擴及海上安全與網路防衛領域？"\n', encoding="utf-8"
    )
    _write(tmp_path, "a", 2000, f'thesis T "yes" {{ stance {long_id} pro }}')
    _write(tmp_path, "b", 2001, f'thesis T "no" {{ stance {long_id} con }}')
    assert _section(_plain(_compare(tmp_path)), "Stances").split("\n")[:11] == [
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━┳━━━━━━┓",
        "┃                          ┃ A    ┃ B    ┃",
        "┃ issue                    ┃ 2000 ┃ 2001 ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━╇━━━━━━┩",
        "│ taiwan_japan_security_co │ pro  │ con  │",
        "│ operation                │ T    │ T    │",
        "│ 台日安全合作是否在二〇一 │      │      │",
        "│ 〇年代持續深化並擴及海上 │      │      │",
        "│ 安全與網路防衛領域？     │      │      │",
        "└──────────────────────────┴──────┴──────┘",
        "Each cell: the map's stance, and below it the node that carries it (pro/con: the",
    ]
    for i in range(2, 11):
        _write(tmp_path, f"m{i:02d}", 2000 + i, f'thesis T "x" {{ stance {long_id} pro }}')
    assert _section(_plain(_compare(tmp_path)), "Stances") == (
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━┳━━━━━┳━━━━━━━┳━━━━━━━┓\n"
        "┃issue                                             ┃ pro ┃ con ┃ mixed ┃ silent┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━╇━━━━━╇━━━━━━━╇━━━━━━━┩\n"
        "│taiwan_japan_security_cooperation                 │  10 │   1 │     0 │      0│\n"
        "│台日安全合作是否在二〇一〇年代持續深化並擴及海上  │     │     │       │       │\n"
        "│安全與網路防衛領域？                              │     │     │       │       │\n"
        "└──────────────────────────────────────────────────┴─────┴─────┴───────┴───────┘\n"
        "11 maps: each map's stance and carrier are in --format csv or json."
    )


def test_a_side_of_exactly_eight_maps_says_nothing_more(tmp_path):
    _issues(tmp_path, "q")
    for i in range(17):
        _write(tmp_path, f"m{i:02d}", 2000 + i, f'thesis T "x" {{ stance q {"pro" if i < 9 else "con"} }}')
    assert _section(_plain(_compare(tmp_path)), "Conflicts").split("\n")[-3:] == [
        "├───────────────────────────────────────┼──────────────────────────────────────┤",
        "│ (+1 more)                             │                                      │",
        "└───────────────────────────────────────┴──────────────────────────────────────┘",
    ]


def test_at_81_columns_the_suggestion_columns_are_32_and_33_wide(tmp_path, monkeypatch):
    # a:T and its text make 33 columns: one too many for the first column.
    monkeypatch.setenv("COLUMNS", "81")
    _issues(tmp_path, "q")
    _write(tmp_path, "a", 2000, 'thesis T "Japan and Taiwan trade freely" { stance q pro }\nclaim c1 "Security ties deepen" { supports T }')
    _write(tmp_path, "b", 2001, 'thesis T "Japan and Taiwan trade more freely" { stance q pro }\nclaim c1 "Fishing rights stay disputed" { supports T }')
    assert _compare(tmp_path, "--suggest") == (
        "┏━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
        "┃ score ┃ node                             ┃ node                              ┃\n"
        "┡━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
        "│  0.78 │ a:T                              │ b:T Japan and Taiwan trade more   │\n"
        "│       │ Japan and Taiwan trade freely    │ freely                            │\n"
        "└───────┴──────────────────────────────────┴───────────────────────────────────┘\n"
        "Confirm a pair by adding `same_as MAP:NODE` to one of the two nodes.\n"
    )


# --- formats.py: Markdown, CSV and JSON ----------------------------------------------


def _md_section(out: str, title: str) -> str:
    """A `## title` section of the Markdown report, without its heading."""
    return out.split(f"\n## {title}\n\n", 1)[1].split("\n## ", 1)[0].rstrip("\n")


def test_markdown_of_fifty_maps_lists_all_and_of_fifty_one_says_what_is_left_out(tmp_path):
    _many(tmp_path / "fifty", 50)
    out = _compare(tmp_path / "fifty", "--format", "markdown")
    assert "- … and" not in out and " … and" not in _md_section(out, "Over time")
    assert _md_section(out, "Stances").startswith("| issue | M01 2001 | M02 2002 |")
    assert _md_section(out, "Contradictions").endswith(
        "- m49:c theirs **contradicts** m50:c theirs\n- m50:c theirs **contradicts** m01:c theirs"
    )
    assert _md_section(out, "Over time").endswith("M49 2049 pro → M50 2050 pro")
    assert _md_section(out, "Unique points").endswith("- M50 2050, u: mine")
    _many(tmp_path / "more", 51)
    out = _compare(tmp_path / "more", "--format", "markdown")
    assert "- **M50 2050** (m50): t\n- … and 1 more maps\n" in out
    assert _md_section(out, "Stances") == (
        "| issue | pro | con | mixed | silent |\n"
        "|---|---|---|---|---|\n"
        "| **q** q? | 51 | 0 | 0 | 0 |\n"
        "\n"
        "How many of the 51 maps answer each question pro, con or mixed; each map's stance and carrier are in "
        "--format csv or json."
    )
    assert _md_section(out, "Positions in detail").endswith("  - M50 2050: **pro** — thesis T: x\n  - … and 1 more maps")
    assert _md_section(out, "Contradictions").endswith(
        "- m50:c theirs **contradicts** m51:c theirs\n- … and 1 more contradicts links"
    )
    assert _md_section(out, "Consensus").endswith("  - M50 2050, T: x\n  - … and 1 more maps")
    assert _md_section(out, "Over time").endswith("M49 2049 pro → M50 2050 pro … and 1 more")
    assert _md_section(out, "Unique points").endswith("- M50 2050, u: mine\n- … and 1 more unique points of 1 more maps")


def test_every_format_of_a_corpus_with_every_feature(tmp_path):
    # Markdown and CSV of the whole comparison, of the issue tree and of
    # --explain; the JSON of those two and of --suggest, byte for byte.
    _everything(tmp_path)
    commands = [
        ["--format", "markdown", "--cite"],
        ["--format", "csv", "--cite"],
        ["--issue", "q", "--format", "markdown", "--cite"],
        ["--issue", "q", "--format", "markdown"],
        ["--issue", "q", "--format", "csv", "--cite"],
        ["--explain", "q", "a", "--format", "markdown"],
        ["--explain", "q", "b", "--format", "markdown"],
        ["--explain", "q", "c", "--format", "markdown"],
        ["--explain", "q", "d", "--format", "markdown"],
        ["--explain", "q", "a", "--format", "csv"],
        ["--explain", "q", "d", "--format", "csv"],
        ["--issue", "q", "--format", "json"],
        ["--explain", "q", "a", "--format", "json"],
        ["--explain", "q", "c", "--format", "json"],
        ["--suggest", "--format", "json"],
        ["--suggest", "--format", "csv"],
        ["--suggest", "--format", "markdown"],
    ]
    report = "".join(f"$ argmap compare . {' '.join(args)}\n{_compare(tmp_path, *args)}" for args in commands)
    golden(TESTS / "golden" / "compare_every_format.txt", report)


def test_markdown_counts_the_pairs_left_out_only_when_there_are_some(tmp_path):
    # Eleven maps make 55 pairs, of which 50 share an issue (the ten on q,
    # and m11 with the five that also answer r): all 50 are listed.
    _issues(tmp_path, "q", "r")
    for i in range(1, 11):
        also = "\n  stance r pro" if i <= 5 else ""
        _write(tmp_path, f"m{i:02d}", 2000 + i, f'thesis T "x" {{\n  stance q pro{also}\n}}')
    _write(tmp_path, "m11", 2011, 'thesis T "x" { stance r pro }')
    agreement = _md_section(_compare(tmp_path, "--format", "markdown"), "Agreement between authors")
    assert "Of the 55 pairs of maps, 50 share an issue: the 25 that agree most and the 25 that agree least." in agreement
    assert agreement.count("\n| M") == 50
    assert "more pairs" not in agreement


def test_markdown_of_a_conflict_lists_fifty_maps_a_side_and_tallies_the_stances(tmp_path):
    # 51 maps pro, 51 con, one mixed; m49 and m50 are of one year, so the
    # fiftieth step of time is cut in two.
    _issues(tmp_path, "q", "r")
    for i in range(103):
        stance = "pro" if i < 51 else "con" if i < 102 else "mixed"
        also = "\n  stance r con" if i == 0 else ""
        _write(tmp_path, f"m{i:03d}", 2000 + i - (i == 50), f'thesis T "x" {{\n  stance q {stance}{also}\n}}')
    out = _compare(tmp_path, "--format", "markdown")
    assert _md_section(out, "Stances").split("\n")[:4] == [
        "| issue | pro | con | mixed | silent |",
        "|---|---|---|---|---|",
        "| **q** q? | 51 | 51 | 1 | 0 |",
        "| **r** r? | 0 | 1 | 0 | 102 |",
    ]
    conflict = _md_section(out, "Conflicts").split("\n")
    assert [line for line in conflict if "…" in line] == ["- … and 1 more maps pro", "- … and 1 more maps con"]
    assert conflict[-1] == "- **mixed** — M102 2102, T: x"
    over_time = _md_section(out, "Over time").split("\n")[0]
    assert over_time.endswith("→ M048 2048 pro → M049 2049 pro … and 53 more")


def test_markdown_in_english_names_each_text_by_its_english_title(tmp_path):
    _issues(tmp_path, "q")
    _write(tmp_path, "a", 2000, 'thesis T "是" { stance q pro }', front="title_en: Yes, in English\n")
    _write(tmp_path, "b", 2001, 'thesis T "否" { stance q con }')
    out = _compare(tmp_path, "--format", "markdown", "--lang", "en")
    assert "\n- **A 2000** (a): Yes, in English\n- **B 2001** (b): t\n" in out
    assert "\n- **A 2000** (a): t\n" in _compare(tmp_path, "--format", "markdown")


def test_markdown_names_every_rebuttal_that_answers(tmp_path):
    _objections(tmp_path)
    out = _compare(tmp_path, "--explain", "q", "a", "--format", "markdown")
    assert out.endswith(
        "- **answered** k5: answered — counted because it attacks T, which is pro; answered by r1, r2\n"
    )
    assert "\n  - answers k5: answered — answered by r1, r2\n" in _compare(tmp_path, "--format", "markdown")


def test_a_comparison_with_nothing_to_list_says_so_in_each_section(tmp_path):
    # Two mixed maps and nothing else: no conflict, no consensus (two mixed
    # answers are not agreement), no contradicts link, no unique point.
    _issues(tmp_path, "q")
    _write(tmp_path, "a", 2000, 'thesis T "both" { stance q mixed }')
    _write(tmp_path, "b", 2001, 'thesis T "both too" { stance q mixed }')
    out = _plain(_compare(tmp_path))
    assert _section(out, "Conflicts") == "No issue has one map pro and another con."
    assert _section(out, "Contradictions") == "No contradicts links between these maps."
    assert _section(out, "Consensus") == "No issue on which every map that speaks agrees."
    assert _section(out, "Unique points") == "Every top-level claim and recommendation is linked to another author's."
    out = _compare(tmp_path, "--format", "markdown")
    assert _md_section(out, "Conflicts") == "No issue has one map pro and another con."
    assert _md_section(out, "Contradictions") == "No contradicts links between these maps."
    assert _md_section(out, "Consensus") == "No issue on which every map that speaks agrees."
    assert _md_section(out, "Unique points") == "Every top-level claim and recommendation is linked to another author's."


def test_markdown_agreement_says_nothing_more_when_every_pair_that_shares_an_issue_is_listed(tmp_path):
    # Eleven maps, 55 pairs: ten answer q (45 pairs), the eleventh answers r
    # with five of them (5 more) — 50 pairs share an issue, and the 25 that
    # agree most and the 25 that agree least are all of them.
    _issues(tmp_path, "q", "r")
    for i in range(10):
        also = "\n  stance r pro" if i < 5 else ""
        _write(tmp_path, f"m{i:02d}", 2000 + i, f'thesis T "x" {{\n  stance q {("pro", "con")[i % 2]}{also}\n}}')
    _write(tmp_path, "m10", 2010, 'thesis T "x" { stance r pro }')
    section = _md_section(_compare(tmp_path, "--format", "markdown"), "Agreement between authors")
    assert "Of the 55 pairs of maps, 50 share an issue: the 25 that agree most and the 25 that agree least." in section
    assert section.count("\n| M") == 50
    assert "more pairs that share an issue" not in section
