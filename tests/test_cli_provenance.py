"""`argmap source`, `argmap locate` and `argmap coverage` as a user runs
them, on a small Chinese paper (tests/fixtures/citing/paper.md) and two maps
of it: exact output at 80 columns, exact JSON, the locate round trip, and
the usage errors."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import MAPS, SEEDS, TESTS, golden, run_cli

CITING = TESTS / "fixtures" / "citing"
GOLDEN = TESTS / "golden" / "provenance"


@pytest.fixture(autouse=True)
def _no_search_path(monkeypatch):
    monkeypatch.delenv("ARGMAP_SOURCES", raising=False)


@pytest.fixture
def work(tmp_path):
    """A copy of the fixture folder, to write into."""
    folder = tmp_path / "citing"
    shutil.copytree(CITING, folder)
    return folder


def _width(line: str) -> int:
    from argmap.source import display_width

    return display_width(line)


@pytest.mark.parametrize("name", ["source", "locate", "coverage"])
def test_help(name):
    code, out, _ = run_cli(name, "--help")
    assert code == 0 and out.startswith(f"Usage: cli {name} [OPTIONS]")  # "cli": click's test runner
    assert max(_width(line) for line in out.splitlines()) <= 80


# --- argmap source ---------------------------------------------------------------------


def test_source_prints_each_paragraph_under_its_key():
    code, out, err = run_cli("source", "fixtures/citing/paper.md")
    assert (code, err) == (0, "")
    golden(GOLDEN / "source_paper.txt", out)
    assert max(_width(line) for line in out.splitlines()) <= 80


def test_source_wraps_cjk_text_to_the_terminal_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    code, out, _ = run_cli("source", "fixtures/citing/paper.md", "§貳.二 ¶1")
    assert code == 0
    assert out == (
        "§貳.二 ¶1  台灣海峽的和平與穩定對日本至\n"
        "           關重要。因此，台日應從非傳統\n"
        "           安全議題著手，逐步累積互信。\n"
    )


def test_source_with_a_locator_prints_only_what_it_names():
    code, out, err = run_cli("source", "fixtures/citing/paper.md", "§壹 ¶2; §貳.一 ¶2")
    assert (code, err) == (0, "")
    assert out == (
        "§壹 ¶2     日本政府多次表示，台灣海峽的和平與穩定對日本至關重要。\n"
        "\n"
        "§貳.一 ¶2  台日之間尚未簽署自由貿易協定，制度化仍有待努力。\n"
    )
    # The words of a locator need no quotes around them.
    assert run_cli("source", "fixtures/citing/paper.md", "§壹", "¶2;", "§貳.一", "¶2")[1] == out


def test_a_whole_section_is_printed_under_its_headings():
    """"§貳" is looked up by its title as much as by its paragraphs."""
    code, out, err = run_cli("source", "fixtures/citing/paper.md", "§貳")
    assert (code, err) == (0, "")
    assert out == (
        "§貳        貳、經濟合作\n"
        "\n"
        "§貳.一     一、供應鏈\n"
        "\n"
        "§貳.一 ¶1  半導體供應鏈是台日經濟合作的核心，雙方企業在熊本設廠即為一例。然而，\n"
        "           兩國對中國市場的依賴，限制了合作的深度。\n"
        "\n"
        "§貳.一 ¶2  台日之間尚未簽署自由貿易協定，制度化仍有待努力。\n"
        "\n"
        "§貳.二     二、結論\n"
        "\n"
        "§貳.二 ¶1  台灣海峽的和平與穩定對日本至關重要。因此，台日應從非傳統安全議題著\n"
        "           手，逐步累積互信。\n"
    )


def test_source_of_a_map_reads_its_declared_source_and_scheme():
    assert run_cli("source", "fixtures/citing/paper.map") == run_cli("source", "fixtures/citing/paper.md")
    code, out, _ = run_cli("source", "fixtures/citing/paper.map", "--paragraphs", "lines", "¶3")
    assert (code, out) == (0, "¶3  台灣與日本共享民主、自由與法治等價值，雙方合作日益深化。本文檢視其動因與限\n    制。\n")


def test_source_json_is_exact():
    code, out, err = run_cli("source", "fixtures/citing/paper.md", "--format", "json")
    assert (code, err) == (0, "")
    golden(GOLDEN / "source_paper.json", out)
    data = json.loads(out)
    assert [u["key"] for u in data["units"]] == ["§摘要 ¶1", "§壹 ¶1", "§壹 ¶2", "§貳.一 ¶1", "§貳.一 ¶2", "§貳.二 ¶1"]
    assert data["units"][3]["text"] == "半導體供應鏈是台日經濟合作的核心，雙方企業在熊本設廠即為一例。\n然而，兩國對中國市場的依賴，限制了合作的深度。"
    code, out, _ = run_cli("source", "fixtures/citing/paper.md", "§貳.一 ¶2", "--format", "json")
    data = json.loads(out)
    assert (data["locator"], [u["key"] for u in data["units"]]) == ("§貳.一 ¶2", ["§貳.一 ¶2"])


def test_source_from_standard_input():
    text = (CITING / "paper.md").read_bytes()
    code, out, _ = run_cli("source", "-", "¶5", "--paragraphs", "lines", input=text)
    assert (code, out) == (0, "¶5  近年來，中國在印太地區的擴張，使台日兩國的安全利益更加一致。\n")


def test_a_locator_that_names_nothing_is_a_located_usage_error():
    code, out, err = run_cli("source", "fixtures/citing/paper.md", "§壹 ¶1; §貳.九 ¶2, §壹 ¶5")
    assert (code, out) == (2, "")
    assert err == (
        "argmap: error: no such place in fixtures/citing/paper.md\n"
        "  |\n"
        "  | §壹 ¶1; §貳.九 ¶2, §壹 ¶5\n"
        "  |         ^^^^^^^^^  ^^^^^^\n"
        "  = no section §貳.九 in the source\n"
        "  = §壹 ¶5 does not exist (§壹 has 2 paragraphs)\n"
        "  = the source has §摘要 ¶1, §壹 ¶1–2, §貳.一 ¶1–2, §貳.二 ¶1\n"
    )


def test_a_locator_of_a_thousand_parts_is_shown_by_its_head():
    """The echo is cut to the width, and the same problem is said once."""
    locator = "; ".join(["§壹 ¶9"] * 500 + [f"§壹 ¶{n}" for n in range(10, 20)])
    code, out, err = run_cli("source", "fixtures/citing/paper.md", locator)
    assert (code, out) == (2, "")
    assert err == (
        "argmap: error: no such place in fixtures/citing/paper.md\n"
        "  |\n"
        "  | §壹 ¶9; §壹 ¶9; §壹 ¶9; §壹 ¶9; §壹 ¶9; §壹 ¶9; §壹 ¶9; §壹 ¶9; §壹 ¶9; §壹…\n"
        "  | ^^^^^^  ^^^^^^  ^^^^^^  ^^^^^^  ^^^^^^  ^^^^^^  ^^^^^^  ^^^^^^  ^^^^^^  ^^^\n"
        "  = §壹 ¶9 does not exist (§壹 has 2 paragraphs)\n"
        "  = §壹 ¶10 does not exist (§壹 has 2 paragraphs)\n"
        "  = §壹 ¶11 does not exist (§壹 has 2 paragraphs)\n"
        "  = §壹 ¶12 does not exist (§壹 has 2 paragraphs)\n"
        "  = §壹 ¶13 does not exist (§壹 has 2 paragraphs)\n"
        "  = and 6 more problems\n"
        "  = the source has §摘要 ¶1, §壹 ¶1–2, §貳.一 ¶1–2, §貳.二 ¶1\n"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["nowhere.md"], "argmap: error: nowhere.md: no such file\n"),
        (["fixtures"], "argmap: error: fixtures is a folder: name a source text or a map\n"),
        (["fixtures/corpus/alpha.map"], "argmap: error: fixtures/corpus/alpha.map declares no source: add `source: FILE`\n"
         "  (and `paragraphs: SCHEME`) to its front matter\n"),
    ],
)
def test_source_usage_errors(args, message):
    assert run_cli("source", *args) == (2, "", message)


def test_source_unknown_scheme_names_the_known_ones():
    code, _, err = run_cli("source", "fixtures/citing/paper.md", "--paragraphs", "blank")
    assert code == 2
    assert "unknown scheme 'blank' (known: blank-lines, lines, numbered, pages, hard-wrapped, pdf-markdown)" in err


def test_source_not_found_says_where_it_looked(work):
    (work / "paper.md").unlink()
    code, out, err = run_cli("source", "paper.map", "--sources", "elsewhere", cwd=work)
    assert (code, out) == (2, "")
    assert err == (
        "argmap: error: paper.map: source `paper.md` not found; looked in ./ (the map's\n"
        "  folder), elsewhere/ (--sources); add its folder with --sources DIR,\n"
        "  ARGMAP_SOURCES=DIR or `sources = [\"DIR\"]` under [tool.argmap] in\n"
        "  pyproject.toml\n"
    )


# --- argmap locate -------------------------------------------------------------------------


def test_locate_prints_a_diff_and_writes_nothing():
    before = (CITING / "paper.map").read_bytes()
    code, out, err = run_cli("locate", "fixtures/citing/paper.map")
    assert code == 1
    golden(GOLDEN / "locate_paper.diff", out)
    golden(GOLDEN / "locate_paper.err", err)
    assert (CITING / "paper.map").read_bytes() == before


def test_locate_keeps_what_is_right_and_does_not_guess():
    _, out, err = run_cli("locate", "fixtures/citing/paper.map")
    changed = [line for line in out.splitlines() if line.startswith(("+ ", "- ", "+\t", "-\t")) or line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        '+  at "§壹 ¶1"',  # c1 had none
        '-  at "§貳.一 ¶2"',  # c2 named the wrong paragraph
        '+  at "§貳.一 ¶1"',
        '-  at "§壹 ¶2"',  # k1: the quote runs over a line break of the source
        '+  at "§貳.一 ¶1"',
    ]
    # p1's quote is in two paragraphs and it has no `at`: reported, not guessed;
    # p2 names one of the two: kept. e2's quote is not in the source: reported.
    assert "note: `p1` has no `at`, and its quote is in 2 places (§壹 ¶2, §貳.二 ¶1): not guessed" in " ".join(err.split())
    assert "`p2`" not in err and "error[AM404]" in err


def test_locate_write_then_validate_is_clean_and_locate_is_idempotent(work):
    code, out, err = run_cli("locate", "--write", "revision.map", cwd=work)
    assert (code, out, err) == (0, "", "revision.map: filled in 3 locators, corrected 1 locator\n")
    assert run_cli("validate", "revision.map", "--isolated", cwd=work) == (0, "All clear: 1 file checked, no problems.\n", "")
    assert run_cli("locate", "revision.map", cwd=work) == (0, "", "")
    assert run_cli("fmt", "--check", "revision.map", cwd=work)[0] == 0
    located = (work / "revision.map").read_text(encoding="utf-8")
    assert located == (CITING / "revision.map").read_text(encoding="utf-8").replace(
        '  quote "雙方合作日益深化"', '  at "§摘要 ¶1"\n  quote "雙方合作日益深化"'
    ).replace('at "§壹 ¶2"  // off by one', 'at "§壹 ¶1"  // off by one').replace(
        '    quote "半導體供應鏈', '    at "§貳.一 ¶1"\n    quote "半導體供應鏈'
    ).replace('    quote "即為一例', '    at "§貳.一 ¶1"\n    quote "即為一例')


def test_locate_keeps_crlf_line_ends_and_a_bom(work):
    lf = (work / "revision.map").read_bytes()
    (work / "crlf.map").write_bytes(b"\xef\xbb\xbf" + lf.replace(b"\n", b"\r\n"))
    assert run_cli("locate", "--write", "-q", "crlf.map", "revision.map", cwd=work)[0] == 0
    data = (work / "crlf.map").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert data[3:].replace(b"\r\n", b"\n") == (work / "revision.map").read_bytes()


def test_locate_leaves_a_layout_of_its_own_as_it_is(work):
    """A map not in the canonical layout is not reformatted: only the `at`
    strings change (formatting is `fmt`'s job)."""
    text = (work / "revision.map").read_text(encoding="utf-8")
    odd = text.replace("  claim c2", "      claim c2").replace('at "§壹 ¶2"  // off by one', 'at   "§壹 ¶2"    // off by one')
    odd += '\nclaim c9 "一行" { en "one line" quote "使台日兩國的安全利益更加一致" }  // kept\n'
    (work / "odd.map").write_text(odd, encoding="utf-8")
    code, _, _ = run_cli("locate", "--write", "odd.map", cwd=work)
    assert code == 0
    got = (work / "odd.map").read_text(encoding="utf-8")
    assert 'at   "§壹 ¶1"    // off by one' in got
    assert '      claim c2 "半導體供應鏈是經濟合作的核心" {' in got
    assert '\nclaim c9 "一行" { en "one line" at "§壹 ¶1" quote "使台日兩國的安全利益更加一致" }  // kept\n' in got


def test_locate_refuses_a_map_whose_source_is_missing(work):
    (work / "paper.md").unlink()
    before = (work / "revision.map").read_bytes()
    code, out, err = run_cli("locate", "--write", "revision.map", cwd=work)
    assert (code, out) == (2, "")
    assert err.startswith("argmap: error: revision.map: source `paper.md` not found; looked in ./ (the\n  map's folder);")
    assert err.endswith("; nothing written\n")
    assert (work / "revision.map").read_bytes() == before


def test_locate_refuses_a_map_that_does_not_parse(work):
    broken = (work / "revision.map").read_text(encoding="utf-8").replace('  quote "雙方合作日益深化"', '  quote "雙方合作')
    (work / "broken.map").write_text(broken, encoding="utf-8")
    code, out, err = run_cli("locate", "--write", "broken.map", cwd=work)
    assert (code, out) == (2, "")
    assert err.startswith("argmap: error: cannot locate broken.map: fix these errors first (left untouched)\n")
    assert "error[AM101]" in err
    assert (work / "broken.map").read_text(encoding="utf-8") == broken


def test_locate_a_folder_skips_maps_without_quotes(work):
    (work / "issues.map").write_text('issue values "共同價值是否推動合作？"\n', encoding="utf-8")
    code, out, err = run_cli("locate", "-q", ".", cwd=work)
    assert code == 1
    assert out.count("(located)") == 2  # paper.map and revision.map; issues.map has nothing to locate


def test_locate_a_quote_sharing_a_line_and_escapes():
    from argmap.provenance.relocate import quoted

    assert quoted('§1 "a" \\ b') == '"§1 \\"a\\" \\\\ b"'


# --- argmap coverage --------------------------------------------------------------------


def test_coverage_table_of_one_map():
    code, out, err = run_cli("coverage", "fixtures/citing/paper.map")
    assert (code, err) == (0, "")
    golden(GOLDEN / "coverage_paper.txt", out)
    assert max(_width(line) for line in out.splitlines()) <= 80


def test_coverage_of_a_map_and_its_revision_counts_them_together():
    code, out, err = run_cli("coverage", "fixtures/citing/revision.map", "fixtures/citing/paper.map")
    assert (code, err) == (0, "")
    golden(GOLDEN / "coverage_two.txt", out)
    assert max(_width(line) for line in out.splitlines()) <= 80
    code, out, _ = run_cli("coverage", "fixtures/citing/revision.map", "fixtures/citing/paper.map", "--uncovered")
    assert (code, out.splitlines()[2:]) == (0, ["Every paragraph is cited.", "6 of 6 paragraphs cited (100%)"])


def test_coverage_shows_the_gaps():
    code, out, _ = run_cli("coverage", "fixtures/citing/revision.map", "--uncovered")
    assert code == 0
    assert out == (
        "fixtures/citing/paper.md (blank-lines), cited by fixtures/citing/revision.map\n"
        "paragraph  opening words\n"
        "§貳.一 ¶2  台日之間尚未簽署自由貿易協定，制度化仍有待努力。\n"
        "§貳.二 ¶1  台灣海峽的和平與穩定對日本至關重要。因此，台日應從非傳統安全議題著手…\n"
        "4 of 6 paragraphs cited (67%)\n"
    )


def test_coverage_json_is_exact():
    code, out, _ = run_cli("coverage", "fixtures/citing/revision.map", "fixtures/citing/paper.map", "--format", "json")
    assert code == 0
    golden(GOLDEN / "coverage_two.json", out)
    source = json.loads(out)["sources"][0]
    assert (source["cited"], source["total"]) == (6, 6)
    assert source["units"][0]["cited_by"] == [
        {"map": "paper_r2", "node": "T", "by": ["quote"]},
        {"map": "paper", "node": "T", "by": ["at", "quote"]},
    ]


def test_coverage_of_a_map_without_a_source_is_a_usage_error():
    code, out, err = run_cli("coverage", "fixtures/corpus/alpha.map")
    assert (code, out) == (2, "")
    assert err == (
        "argmap: error: fixtures/corpus/alpha.map declares no source: add `source: FILE`\n"
        "  (and `paragraphs: SCHEME`) to its front matter\n"
    )


# --- validate --sources -----------------------------------------------------------------


def test_validate_finds_a_source_in_a_folder_given_with_sources(work, tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (work / "paper.md").rename(texts / "paper.md")
    code, out, _ = run_cli("validate", "--isolated", "revision.map", cwd=work)
    assert (code, "note[AM401]" in out) == (0, True)
    code, out, _ = run_cli("validate", "--isolated", "--sources", str(texts), "revision.map", cwd=work)
    assert (code, "AM401" in out, "AM405" in out) == (1, False, True)


# --- the bundled maps -------------------------------------------------------------------


def test_bundled_maps_need_no_locating_and_their_coverage_fits_80_columns():
    if not SEEDS.is_dir():
        pytest.skip(f"no seeds at {SEEDS}")
    code, out, err = run_cli("locate", str(MAPS), cwd=TESTS.parent)
    assert (code, out) == (0, "")
    code, out, err = run_cli("coverage", str(MAPS), cwd=TESTS.parent)
    assert (code, err) == (0, "")
    assert out.count(" paragraphs cited (") + out.count(" paragraphs and tables cited (") == 5
    assert max(_width(line) for line in out.splitlines()) <= 80


def test_no_output_is_written_over_a_source_or_a_map(work):
    before = (work / "paper.md").read_bytes()
    assert run_cli("source", "paper.md", "-o", "paper.md", cwd=work) == (
        2, "", "argmap: error: paper.md is a file that was read; choose another output file\n")
    assert run_cli("source", "paper.map", "-o", "paper.md", cwd=work)[0] == 2
    assert run_cli("coverage", "paper.map", "-o", "paper.md", cwd=work) == (
        2, "", "argmap: error: paper.md is a source that was read; choose another output file\n")
    assert run_cli("coverage", "paper.map", "-o", "paper.map", cwd=work)[0] == 2
    assert (work / "paper.md").read_bytes() == before
    assert run_cli("coverage", "paper.map", "-o", "coverage.txt", cwd=work)[0] == 0
    assert (work / "coverage.txt").read_text(encoding="utf-8").endswith("6 of 6 paragraphs cited (100%)\n")


def test_an_unknown_scheme_in_the_front_matter_stops_every_command(work):
    text = (work / "revision.map").read_text(encoding="utf-8").replace("source: paper.md\n", "source: paper.md\nparagraphs: blanklines\n")
    (work / "revision.map").write_text(text, encoding="utf-8")
    message = ("argmap: error: revision.map: unknown paragraph scheme `blanklines` — did you\n"
               "  mean `blank-lines`? (known: blank-lines, lines, numbered, pages, hard-wrapped,\n"
               "  pdf-markdown)")
    assert run_cli("source", "revision.map", cwd=work) == (2, "", message + "\n")
    assert run_cli("coverage", "revision.map", cwd=work) == (2, "", message + "\n")
    assert run_cli("locate", "revision.map", cwd=work) == (2, "", message + "; nothing written\n")


def test_coverage_tells_apart_two_versions_with_one_id(work):
    (work / "draft").mkdir()
    text = (work / "revision.map").read_text(encoding="utf-8").replace("source: paper.md", "source: ../paper.md")
    (work / "draft" / "revision.map").write_text(text.replace('  quote "雙方合作日益深化"\n', ""), encoding="utf-8")
    # `../paper.md` leaves draft/, the second map's folder: --sources allows the folder it lands in.
    code, out, err = run_cli("coverage", "--sources", ".", "revision.map", "draft/revision.map", cwd=work)
    assert (code, err) == (0, "")
    assert out.splitlines()[:4] == [
        "paper.md (blank-lines), cited by revision.map, draft/revision.map",
        "paragraph  revision.map  draft/revision.map  opening words",
        "§摘要 ¶1   T             —                   台灣與日本共享民主、自由與法治等價…",
        "§壹 ¶1     c1, e2        c1, e2              近年來，中國在印太地區的擴張，使台…",
    ]


def test_source_text_is_shown_never_obeyed(tmp_path):
    (tmp_path / "evil.txt").write_text("標題\x1b]0;pwned\x07 \u202eevil\n", encoding="utf-8")
    code, out, _ = run_cli("source", "evil.txt", cwd=tmp_path)
    assert (code, out) == (0, "¶1  標題␛]0;pwned␇ �evil\n")
    code, out, _ = run_cli("source", "evil.txt", "--format", "json", cwd=tmp_path)
    assert "\\u001b]0;pwned\\u0007 \\u202eevil" in out


def test_locate_does_not_read_a_map_from_standard_input():
    code, out, err = run_cli("locate", "-", input=b"")
    assert (code, out) == (2, "")
    assert err == ("argmap: error: locate reads a map from a file, not standard input (its source is\n"
                   "  found beside it)\n")


def test_source_reads_no_more_of_standard_input_than_a_file():
    from argmap.provenance.text import MAX_SOURCE_BYTES

    code, out, err = run_cli("source", "-", input=b"a" * (MAX_SOURCE_BYTES + 1))
    assert (code, out, err) == (2, "", "argmap: error: <stdin>: larger than 20 MiB: not read\n")
