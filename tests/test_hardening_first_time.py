"""Issue 11, class 5: first-time writers. What a new user meets writing a
first map: every mistake of a block reported in one run, messages that name
the fix (double quotes, no `-` in ids, `attacks` for `rebuts`, the issue the
stance is on), hints that fit the case (a counterpoint attacks; no issues file
yet), did-you-mean for short ids, terminal output that keeps to the width and
to the Chinese line-breaking rules, and the tutorial, replayed.
"""

from __future__ import annotations

import re
import shlex
import time

import pytest

from argmap.source import display_width
from argmap.wrap import NO_END, NO_START
from conftest import MAPS, ROOT, TESTS, load_text, run_cli

FRONT = "---\nid: m\ntitle: t\nauthors: [a]\nyear: 2024\n---\n"


def diagnostics(text: str, path: str = "m.map"):
    from argmap.corpus import parse_source
    from argmap.source import SourceFile

    _, diags = parse_source(SourceFile(path, text))
    return diags


def syntax(text: str):
    return [d for d in diagnostics(text) if d.code.code < "AM150"]


# --- every broken entry of a block, in one run ------------------------------------


def test_every_broken_entry_of_one_block_is_reported_in_one_run():
    text = FRONT + (
        'thesis T "x" {\n'
        "  premise p1 'single'\n"  # line 8
        "  rebuts T\n"  # 9
        "  stance values yes\n"  # 10
        '  evidence e1 "ok" { at "1" }\n'
        "  suports T\n"  # 12
        "  premise p2\n"  # 13: no text; the next entry is fine
        '  claim c2 "fine" { supports T }\n'
        "}\n"
    )
    found = syntax(text)
    assert [(d.span.line, d.code.code) for d in found] == [
        (8, "AM102"),
        (9, "AM103"),
        (10, "AM109"),
        (12, "AM103"),
        (13, "AM102"),
    ]


def test_errors_in_nested_blocks_and_after_them_are_all_reported():
    text = FRONT + (
        'thesis T "x" {\n'
        '  claim c1 "y" {\n'
        '    evidence e1 "z" {\n'
        "      at §2\n"  # 10: unquoted locator
        "    }\n"
        "    atacks T\n"  # 12
        "  }\n"
        "  objects c1\n"  # 14
        "}\n"
        "clam c9 \"w\"\n"  # 16: top level again
    )
    assert [d.span.line for d in syntax(text)] == [10, 12, 14, 16]


def test_a_broken_header_does_not_hide_the_mistakes_in_its_block():
    text = FRONT + (
        'claim k-freedom "x" {\n'  # 7: bad id
        "  quote 3\n"  # 8
        "}\n"
        "thesis T 'single' {\n"  # 10: single quotes
        '  premise p1 "ok" {\n'
        "    at 5\n"  # 12
        "  }\n"
        "  claim 1c \"y\" {\n"  # 14: nested, id starts with a digit
        "    en 7\n"  # 15
        "  }\n"
        "}\n"
        "claim c9 {\n"  # 18: no text; a header too short to stand in for: read on after its block
        "  en 8\n"
        "}\n"
        'claim c10 "w" { atacks T }\n'  # 21
    )
    assert [(d.span.line, d.code.code) for d in syntax(text)] == [
        (7, "AM106"),
        (8, "AM105"),
        (10, "AM102"),
        (12, "AM105"),
        (14, "AM106"),
        (15, "AM105"),
        (18, "AM102"),
        (21, "AM103"),
    ]


@pytest.mark.parametrize("name", ["tang2025.map", "chen2024.map", "wilkins2012.map"])
def test_mistakes_spread_over_a_real_map_are_each_reported_once(name):
    """Break up to eight block entries of a real map at once: exactly those
    lines are reported, none twice and nothing cascading from them."""
    path = MAPS / name
    if not path.exists():
        pytest.skip(f"{name} is not in maps/")
    lines = path.read_text(encoding="utf-8").split("\n")
    broken = {}
    for i, line in enumerate(lines):
        if len(broken) >= 8:
            break
        if re.match(r"^  supports \w+$", line) and len(broken) % 2 == 0:
            broken[i + 1] = line.replace("supports", "suports")
        elif re.match(r'^  en "[^"\\]*"$', line) and len(broken) % 2 == 1:
            broken[i + 1] = line.replace('"', "'")
    assert len(broken) >= 4
    for number, line in broken.items():
        lines[number - 1] = line
    found = syntax("\n".join(lines))
    assert sorted(d.span.line for d in found) == sorted(broken)


def test_one_slip_is_one_error_not_a_cascade():
    """Resuming inside a block must not turn one stray brace or quote into
    a screenful: where the braces do not balance, the parser resumes at the
    next top-level statement only."""
    import random

    path = MAPS / "wilkins2012.map"
    if not path.exists():
        pytest.skip("wilkins2012.map is not in maps/")
    text = path.read_text(encoding="utf-8")
    body = text.index("\n---\n") + 5
    rng = random.Random(11)
    for _ in range(80):
        at = rng.randrange(body, len(text))
        slip = rng.choice(["{", "}", "'", '"', "-", "@", "suports ", ""])
        mutated = text[:at] + slip + text[at + (0 if slip else rng.randint(1, 3)) :]
        found = syntax(mutated)
        assert len(found) <= 2, [(d.span.line, d.message) for d in found]


def test_resuming_in_blocks_stays_linear_in_the_file_size():
    """Each resumption re-parses the text, at most MAX_SYNTAX_ERRORS times:
    ten times the file takes about ten times as long, not a hundred."""
    broken = "".join(f'claim b{i} "x" {{\n  suports T\n  en \'q\'\n}}\n' for i in range(10))

    def timed(n: int) -> float:
        filler = "".join(f'claim c{i} "x" {{\n  supports T\n  en "q"\n}}\n' for i in range(n))
        text = FRONT + 'thesis T "t"\n' + filler + broken
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            assert len(syntax(text)) == 20
            best = min(best, time.perf_counter() - start)
        return best

    small, large = timed(200), timed(2000)
    assert large / small < 40, (small, large)


# --- messages that name the fix ---------------------------------------------------


@pytest.mark.parametrize("quoted", ["'半導體供應鏈相連'", "‘半導體供應鏈相連’"])
def test_single_quotes_say_use_double_quotes(quoted):
    [d] = syntax(FRONT + f'thesis T "x" {{\n  premise p1 {quoted}\n}}\n')
    assert d.code.code == "AM102"
    assert "double quotes" in d.message
    assert 'write "半導體供應鏈相連"' in d.hint
    assert (d.span.column, d.span.end_column) == (14, 14 + len(quoted))


@pytest.mark.parametrize(
    ("text", "word"),
    [('claim k-freedom "x"\n', "k-freedom"), ('thesis T "x" {\n  supports c-1-b\n}\n', "c-1-b")],
)
def test_a_hyphen_in_an_id_says_ids_cannot_contain_it(text, word):
    [d] = syntax(FRONT + text)
    assert d.code.code == "AM106"
    assert "ids cannot contain `-`" in d.message and f"`{word}`" in d.message
    assert f"`{word.replace('-', '_')}`" in d.hint
    assert d.span.end - d.span.start == len(word)


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ('thesis T "x" {\n  rebuts T\n}\n', "attacks"),
        ('thesis T "x"\nclaim c1 "y"\nc1 rebuts T\n', "attacks"),
        ('thesis T "x" {\n  objects T\n}\n', "attacks"),
        ('thesis T "x" {\n  undercut a -> b\n}\n', "undercuts"),
    ],
)
def test_textbook_words_for_relations_suggest_the_keyword(text, meant):
    [d] = syntax(FRONT + text)
    assert d.code.code == "AM103"
    assert d.message.endswith(f"did you mean `{meant}`?")
    assert "rebuttal`?" not in d.message


def test_a_bad_stance_names_its_own_issue_not_another():
    [d] = syntax(FRONT + 'thesis T "x" { stance trade yes }\n')
    assert d.code.code == "AM109"
    assert d.message.endswith("did you mean `pro`?")
    assert "`stance trade pro`" in d.hint
    assert "security" not in d.hint


def test_an_unknown_short_id_gets_a_did_you_mean():
    text = FRONT + 'thesis T "x"\nclaim k2 "y" { supports T }\npremise p1 "z" { supports k3 }\n'
    [d] = [d for d in diagnostics(text) if d.code.code == "AM201"]
    assert d.message == "unknown id `k3` — did you mean `k2`?"


def test_did_you_mean_catches_case_and_one_edit_but_does_not_guess():
    from argmap.diagnostics import did_you_mean

    assert did_you_mean("k3", ["T", "k2", "c1"]) == "k2"
    assert did_you_mean("t", ["T", "c1"]) == "T"
    assert did_you_mean("c21", ["c12"]) == "c12"  # two characters swapped
    assert did_you_mean("q5", ["q1", "q2", "q3", "q4"]) is None  # a pick among equals is a guess
    assert did_you_mean("x", ["y"]) is None
    assert did_you_mean("secuirty", ["security", "values"]) == "security"


# --- hints that fit the case ------------------------------------------------------------


def test_an_unconnected_counterpoint_is_told_to_attack_not_support():
    text = FRONT + 'thesis T "x"\ncounterpoint k1 "y"\nclaim c9 "z" { premise p9 "w" }\n'
    from argmap.checks import structure

    hints = {d.message.split("`")[1]: d.hint for d in structure.check(load_text(text)) if d.code.code == "AM301"}
    assert "attacks" in hints["k1"] and "supports" not in hints["k1"]
    assert "supports T" in hints["c9"]


def test_unknown_issue_hint_says_how_to_start_an_issues_file(tmp_path):
    (tmp_path / "m.map").write_text(FRONT + 'thesis T "x" { stance trade pro }\n', encoding="utf-8")
    _, out, _ = run_cli("validate", "m.map", cwd=tmp_path)
    assert "no issue is declared yet: create issues.map" in out
    (tmp_path / "issues.map").write_text('issue values "v"\n', encoding="utf-8")
    _, out, _ = run_cli("validate", "m.map", cwd=tmp_path)
    assert "declare it in the issues file" in out and "create issues.map" not in out


# --- the terminal: width and Chinese line breaking ------------------------------------------------


def _bad_break(line: str) -> bool:
    body = line.lstrip("│├└─ ┃┡╇┩┏┳┓┗┻┛━┼┤┬┴╰╭╮╯")
    if body.startswith("← ") or body.startswith("✗ ") or body.startswith("⤫ "):
        body = body[2:]
    return bool(body) and (body[0] in NO_START or body.rstrip(" │")[-1:] in NO_END)


def test_compare_warnings_keep_to_the_terminal_width():
    _, _, err = run_cli("compare", "fixtures/compare", "--lang", "en")
    assert "authors_en" in err
    assert all(display_width(line) <= 80 for line in err.splitlines())


def test_compare_issue_wraps_by_the_chinese_line_breaking_rules():
    issues = re.findall(r"^issue (\w+)", (MAPS / "issues.map").read_text(encoding="utf-8"), re.M)
    assert issues
    for issue in issues:
        code, out, _ = run_cli("compare", str(MAPS), "--issue", issue)
        assert code == 0
        for line in out.splitlines():
            assert display_width(line) <= 80, line
            assert not _bad_break(line), (issue, line)


def test_compare_issue_keeps_an_objection_to_the_thesis_nested_under_a_pruned_claim(tmp_path):
    """A counterpoint written inside a claim that does not reach the issue,
    and attacking the thesis too, was dropped with that claim: it is an
    objection to the thesis and must show."""
    (tmp_path / "issues.map").write_text('issue trade "q"\n', encoding="utf-8")
    for name, stance in (("a", "pro"), ("b", "con")):
        (tmp_path / f"{name}.map").write_text(
            f"---\nid: {name}\ntitle: t\nauthors: [{name}]\nyear: 2024\n---\n"
            f'thesis T "x" {{ stance trade {stance} }}\n'
            'claim c1 "y" {\n  supports T\n  counterpoint k1 "z" { attacks T }\n}\n',
            encoding="utf-8",
        )
    code, out, _ = run_cli("compare", ".", "--issue", "trade", cwd=tmp_path)
    assert code == 0
    assert out.count("✗ counterpoint k1") == 2
    # The thesis alone answers the issue: all its reasons are its reasoning on it.
    assert out.count("← claim c1") == 2


OTHERS = {"a": ["民主價值相近", "安全合作受限", "民間交流熱絡"], "b": ["中國因素干擾", "法律框架不足", "觀光往來頻繁"]}


def _pair(tmp_path):
    numbers = "台日貿易總額1971年約10億美元，1986年100億美元，2000年首度突破550億美元，2011年達700億美元歷史新高"
    for name, text in (("a", numbers), ("b", numbers.replace("歷史新高", "創下紀錄"))):
        (tmp_path / f"{name}.map").write_text(
            f'---\nid: {name}\ntitle: t\nauthors: [{name}]\nyear: 2024\n---\nthesis T "{text}" {{ stance trade pro }}\n'
            # Other nodes, so that the shared grams are rare enough to weigh.
            + "".join(f'claim {name}{i} "{other}" {{ supports T }}\n' for i, other in enumerate(OTHERS[name])),
            encoding="utf-8",
        )
    (tmp_path / "issues.map").write_text('issue trade "台日貿易是否成長？"\n', encoding="utf-8")
    return numbers


def test_compare_suggest_keeps_numbers_whole_and_lines_in_width(tmp_path):
    numbers = _pair(tmp_path)
    code, out, _ = run_cli("compare", "--suggest", ".", cwd=tmp_path)
    assert code == 0
    assert "a:T" in out
    cells = [line.split("│")[2].strip() for line in out.splitlines() if line.count("│") == 4]
    for run in re.findall(r"\d+", numbers):
        assert any(run in cell for cell in cells), run
    for line in out.splitlines():
        assert display_width(line) <= 80, line
        assert not _bad_break(line.split("│")[2] if line.count("│") == 4 else ""), line


def test_bigrams_keep_numbers_and_latin_words_whole():
    from argmap.compare.similarity import _grams

    grams = _grams("2011年台日ECFA協議", 2, whole_words=True)
    assert grams["2011"] == 1 and grams["ecfa"] == 1
    assert not {"20", "01", "11", "1年", "ec"} & set(grams)
    assert {"年台", "台日", "協議"} <= set(grams)
    assert {"tai", "aiw"} <= set(_grams("Taiwan", 3))  # glosses: trigrams within words


# --- limits a first map can meet -----------------------------------------------------------------


def test_input_over_the_size_limit_is_am005():
    from argmap import corpus

    code, out, _ = run_cli("validate", "-", input=b" " * (corpus.MAX_FILE_BYTES + 1))
    assert code != 0 and "AM005" in out


# --- the tutorial, replayed -----------------------------------------------------------------------

TUTORIAL = ROOT / "docs" / "tutorial.md"
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.S | re.M)


def test_the_tutorial_runs_as_printed(tmp_path):
    """Each `argmap file=NAME` block is written, each `diff file=NAME` block
    applied (a `-` line replaced by the `+` line after it), and each `$ argmap
    …` line of a console block run: its output must be the text printed
    under it."""
    text = TUTORIAL.read_text(encoding="utf-8")
    commands = 0
    for kind, info, body in BLOCK.findall(text):
        target = dict(re.findall(r"(\w+)=(\S+)", info)).get("file")
        if kind == "argmap" and target:
            (tmp_path / target).write_text(body, encoding="utf-8")
        elif kind == "diff" and target:
            path = tmp_path / target
            content = path.read_text(encoding="utf-8")
            lines = body.rstrip("\n").split("\n")
            for old, new in zip(lines[::2], lines[1::2]):
                assert old[0] == "-" and new[0] == "+", (old, new)
                assert content.count(old[1:] + "\n") == 1, old
                content = content.replace(old[1:] + "\n", new[1:] + "\n")
            path.write_text(content, encoding="utf-8")
        elif kind == "console":
            for chunk in re.split(r"^\$ ", body, flags=re.M)[1:]:
                command, _, expected = chunk.partition("\n")
                args = shlex.split(command)
                assert args[0] == "argmap", command
                code, out, err = run_cli(*args[1:], cwd=tmp_path)
                assert out + err == expected, command
                commands += 1
    assert commands >= 7
    assert (tmp_path / "lin2024.svg").read_bytes().startswith(b"<?xml")


def test_the_language_reference_links_the_tutorial():
    head = (ROOT / "docs" / "language.md").read_text(encoding="utf-8").split("\n")[:5]
    assert any("(tutorial.md)" in line for line in head)
    assert (TESTS / "cases" / "first_map.out").read_text(encoding="utf-8").count("error[") == 4
