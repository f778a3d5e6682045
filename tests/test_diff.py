"""argmap diff: the semantic diff, its renderers, its inputs (git included)
and the git diff driver."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from argmap.diff.core import diff, invert, text_ops
from argmap.diff.render import render
from argmap.source import display_width
from conftest import MAPS, ROOT, TESTS, golden, run_cli, run_subprocess

FIX = TESTS / "fixtures" / "diff"
GOLDEN = TESTS / "golden"

BASE = """---
id: lin2020
title: 台日關係的新局
authors: [林美玲]
year: 2020
---

// The thesis.
thesis T "台日合作應穩步深化" {
  en "Taiwan–Japan cooperation should deepen steadily"
  at "¶1"
  stance security pro
}

claim c1 "台灣對日本具有雙重價值" {
  at "¶2"
  supports T
  evidence e1 "台灣位於第一島鏈中央" { at "¶3" }
  counterpoint k1 "日本國內和平主義的制約" {
    at "¶6"
    rebuttal r1 "修憲議程鬆動了制約" { at "¶7" }
  }
}

claim c2 "經貿往來密切" {
  at "¶8"
  supports T
}

k1 undercuts e1 -> c1
c1 same_as wu2018:c3
"""


def parse(text: str, path: str = "m.map"):
    from argmap.corpus import parse_bytes

    argmap, diags = parse_bytes(path, text.encode("utf-8"))
    assert argmap is not None, diags
    return argmap


def semantic(old: str, new: str):
    """The diff of two versions of one map."""
    a, b = parse(old, "a.map"), parse(new, "b.map")
    return diff([("", a, old.encode())], [("", b, new.encode())], "a.map", "b.map")


def changes(old: str, new: str) -> list[dict]:
    return semantic(old, new).files[0].changes


def kinds(old: str, new: str) -> list[tuple[str, str]]:
    return [(c["change"], c.get("node") or c.get("issue") or c.get("key")) for c in changes(old, new)]


# ---- the diff itself -----------------------------------------------------------


def test_a_map_against_itself_is_empty():
    d = semantic(BASE, BASE)
    assert d.same and d.files[0].changes == [] and d.positions == []
    assert d.files[0].status == "unchanged"


@pytest.mark.parametrize("path", sorted(MAPS.glob("*.map")) + sorted(FIX.rglob("*.map")), ids=lambda p: p.name)
def test_every_bundled_map_against_itself_is_empty(path):
    text = path.read_text(encoding="utf-8")
    d = semantic(text, text + "\n// a comment at the end\n")
    assert d.same, d.files[0].changes
    assert d.files[0].status == "reformatted"


def test_adding_a_node_is_one_addition_with_its_relation():
    new = BASE.replace('claim c2 "經貿往來密切" {\n  at "¶8"\n', 'claim c2 "經貿往來密切" {\n  at "¶8"\n  evidence e2 "貿易額創新高" { at "¶9" }\n')
    assert kinds(BASE, new) == [("node_added", "e2"), ("relation_added", "e2")]
    added = changes(BASE, new)
    assert added[0]["kind"] == "evidence" and added[0]["at"] == "¶9"
    assert added[1]["relation"] == "supports" and added[1]["target"] == "c2"


def test_changing_a_stance_is_that_change_and_a_position_change():
    new = BASE.replace("stance security pro", 'stance security mixed when "below an alliance"')
    d = semantic(BASE, new)
    assert [(c["change"], c["node"], c["issue"]) for c in d.files[0].changes] == [("stance_changed", "T", "security")]
    c = d.files[0].changes[0]
    assert c["old"] == {"stance": "pro", "scope": None, "condition": None}
    assert c["new"] == {"stance": "mixed", "scope": "below an alliance", "condition": None}
    assert d.positions == [
        {"map": "lin2020", "label": "林美玲 2020", "issue": "security", "old": c["old"], "new": c["new"]}
    ]


def test_renaming_an_id_is_a_rename_and_relations_follow_it():
    new = BASE.replace("counterpoint k1", "counterpoint k_pacifism").replace("k1 undercuts", "k_pacifism undercuts")
    assert changes(BASE, new) == [{"change": "node_renamed", "node": "k_pacifism", "old_id": "k1"}]


def test_renaming_a_node_that_is_an_edge_end_rewrites_undercuts_too():
    new = BASE.replace("evidence e1", "evidence e_chain").replace("e1 -> c1", "e_chain -> c1")
    assert kinds(BASE, new) == [("node_renamed", "e_chain")]


def test_moving_a_block_is_a_move():
    c2 = 'claim c2 "經貿往來密切" {\n  at "¶8"\n  supports T\n}\n\n'
    moved = BASE.replace(c2, "").replace("claim c1", c2 + "claim c1")
    assert changes(BASE, moved) == [{"change": "node_moved", "node": "c2", "after": "T"}]


def test_reformatting_and_comments_are_no_change():
    reformatted = BASE.replace("  ", "    ").replace(' { at "¶3" }', ' {\n at "¶3"\n}')
    commented = BASE.replace("// The thesis.", "// The thesis, stated once.\n// And a second comment.") + "// end\n"
    for new in (reformatted, commented):
        d = semantic(BASE, new)
        assert d.same and d.files[0].status == "reformatted"


def test_a_nested_relation_written_explicitly_is_no_change():
    nested = 'claim c2 "經貿往來密切" {\n  at "¶8"\n  supports T\n  premise p1 "理由" { at "¶8" }\n}\n'
    flat = 'claim c2 "經貿往來密切" {\n  at "¶8"\n  supports T\n}\npremise p1 "理由" { at "¶8" supports c2 }\n'
    base = BASE.replace('claim c2 "經貿往來密切" {\n  at "¶8"\n  supports T\n}\n', nested)
    other = BASE.replace('claim c2 "經貿往來密切" {\n  at "¶8"\n  supports T\n}\n', flat)
    assert semantic(base, other).same


def test_text_attribute_tag_and_kind_changes():
    new = (
        BASE.replace("雙重價值", "三重價值")
        .replace('at "¶2"', 'at "¶2" #geo')
        .replace('at "¶8"', 'at "¶9"\n  note "a note"')
        .replace("rebuttal r1", "claim r1")
    )
    assert kinds(BASE, new) == [
        ("text_changed", "c1"),
        ("tags_changed", "c1"),
        ("kind_changed", "r1"),
        ("relation_removed", "r1"),  # nested, a rebuttal attacks its parent, a claim supports it
        ("relation_added", "r1"),
        ("attribute_changed", "c2"),
        ("attribute_changed", "c2"),
    ]
    text = changes(BASE, new)[0]
    assert text["diff"] == [["=", "台灣對日本具有"], ["-", "雙"], ["+", "三"], ["=", "重價值"]]


def test_removing_a_node_takes_its_relations_and_stances():
    new = BASE.replace('claim c2 "經貿往來密切" {\n  at "¶8"\n  supports T\n}\n', "")
    assert kinds(BASE, new) == [("node_removed", "c2"), ("relation_removed", "c2")]


def test_cross_map_links_and_front_matter():
    new = BASE.replace("c1 same_as wu2018:c3", "c1 contradicts wu2018:c3").replace("year: 2020", "year: 2021\nlang: zh-Hant")
    got = changes(BASE, new)
    assert [(c["change"], c.get("key") or c.get("relation")) for c in got] == [
        ("front_matter", "year"),
        ("front_matter", "lang"),
        ("relation_removed", "same_as"),
        ("relation_added", "contradicts"),
    ]
    assert got[0]["old"] == 2020 and got[0]["new"] == 2021
    assert got[3]["target"] == "wu2018:c3" and got[3]["target_map"] == "wu2018"


def test_a_node_renamed_in_another_map_keeps_links_into_it():
    other = "---\nid: wu2018\ntitle: 吳\nauthors: [吳]\nyear: 2018\n---\nthesis T \"論點\" { at \"¶1\" }\nclaim c3 \"主張\" { at \"¶2\" supports T }\n"
    other_new = other.replace("claim c3", "claim c_main")
    base_new = BASE.replace("wu2018:c3", "wu2018:c_main")
    old = [("lin.map", parse(BASE), BASE.encode()), ("wu.map", parse(other), other.encode())]
    new = [("lin.map", parse(base_new), base_new.encode()), ("wu.map", parse(other_new), other_new.encode())]
    d = diff(old, new)
    assert [f.changes for f in d.files] == [[], [{"change": "node_renamed", "node": "c_main", "old_id": "c3"}]]


def _canonical(d) -> list[str]:
    return sorted(json.dumps(c, ensure_ascii=False, sort_keys=True) for f in d.files for c in f.changes)


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("雙重價值", "三重價值").replace("stance security pro", "stance security con"),
        lambda t: t.replace("counterpoint k1", "counterpoint k9").replace("k1 undercuts", "k9 undercuts"),
        lambda t: t.replace('claim c2 "經貿往來密切" {\n  at "¶8"\n  supports T\n}\n', "").replace("year: 2020", "year: 2019"),
        lambda t: t + 'recommendation rec1 "應簽署協定" { at "¶9" supports T stance security pro if "the US agrees" }\n',
    ],
)
def test_diff_a_b_mirrors_diff_b_a(edit):
    new = edit(BASE)
    forward, backward = semantic(BASE, new), semantic(new, BASE)
    assert not forward.same
    inverted = sorted(json.dumps(invert(c), ensure_ascii=False, sort_keys=True) for f in backward.files for c in f.changes)
    assert _canonical(forward) == inverted
    assert forward.positions == [{**p, "old": p["new"], "new": p["old"]} for p in backward.positions]


def test_text_ops_are_readable_for_cjk_and_english():
    assert text_ops("台日合作", "台日安全合作") == [["=", "台日"], ["+", "安全"], ["=", "合作"]]
    assert text_ops("Trade ties are close", "Trade ties are very close") == [["=", "Trade ties are "], ["+", "very "], ["=", "close"]]


# ---- renderers: goldens on the fixtures ------------------------------------------


def _fixture_diff(fmt: str) -> tuple[int, str, str]:
    return run_cli("diff", "fixtures/diff/old", "fixtures/diff/new", "--format", fmt)


def test_text_golden():
    code, out, err = _fixture_diff("text")
    assert code == 1, err
    golden(GOLDEN / "diff.txt", out)


def test_markdown_golden():
    code, out, _ = _fixture_diff("markdown")
    assert code == 1
    golden(GOLDEN / "diff.md", out)


def test_json_golden():
    code, out, _ = _fixture_diff("json")
    assert code == 1
    golden(GOLDEN / "diff.json", out)
    data = json.loads(out)
    assert data["version"] == 1 and data["same"] is False
    assert [f["status"] for f in data["files"]] == ["modified", "modified"]


def test_text_fits_80_columns_with_long_cjk_text():
    long_text = "台日正醞釀介於正式同盟與戰略合作之間的「準同盟」" * 4
    new = BASE.replace("台日合作應穩步深化", long_text)
    out = render(semantic(BASE, new), "text", width=80)
    assert all(display_width(line) <= 80 for line in out.splitlines())
    assert "- 台日合作應穩步深化" in out  # too different for an inline diff: before and after


def test_colour_repeats_the_markers():
    out = render(semantic(BASE, BASE.replace("雙重", "三重")), "text", color=True)
    assert "\x1b[31m[-雙-]\x1b[0m\x1b[32m{+三+}\x1b[0m" in out


def test_no_change_message():
    code, out, _ = run_cli("diff", str(FIX / "old" / "lin.map"), str(FIX / "old" / "lin.map"))
    assert (code, out) == (0, "No change to the argument.\n")
    code, out, _ = run_cli("diff", str(FIX / "old" / "lin.map"), str(FIX / "old" / "lin.map"), "--format", "json")
    assert json.loads(out)["same"] is True


def test_the_bundled_corpus_against_itself():
    code, out, _ = run_cli("diff", str(MAPS), str(MAPS))
    assert (code, out) == (0, "No change to the argument.\n")


# ---- inputs and errors -----------------------------------------------------------


def test_stdin_side():
    path = FIX / "old" / "lin.map"
    new = path.read_text(encoding="utf-8").replace("stance security pro", "stance security con")
    code, out, _ = run_cli("diff", str(path), "-", input=new.encode())
    assert code == 1 and "stance security: pro → con" in out


def test_missing_path_is_exit_2():
    code, _, err = run_cli("diff", str(FIX / "old" / "lin.map"), "no/such.map")
    assert code == 2 and "no/such.map: no such file or directory" in err


def test_a_file_that_does_not_parse_prints_its_errors(tmp_path):
    bad = tmp_path / "bad.map"
    bad.write_text(BASE.replace('claim c2 "經貿往來密切" {', 'claim c2 "經貿往來密切" {{'), encoding="utf-8")
    code, out, err = run_cli("diff", str(FIX / "old" / "lin.map"), str(bad))
    assert code == 2 and out == ""
    assert f"{bad}:" in err and "error[" in err and "Traceback" not in err


# ---- git ---------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(git_repo):
    """A repository with two commits of one map and the issues file."""
    root, git = git_repo
    (root / "maps" / "lin.map").write_text(BASE, encoding="utf-8")
    shutil.copy(FIX / "old" / "issues.map", root / "maps" / "issues.map")
    git("add", ".")
    git("commit", "-qm", "first")
    (root / "maps" / "lin.map").write_text(BASE.replace("stance security pro", "stance security con"), encoding="utf-8")
    git("commit", "-qam", "second")
    (root / "maps" / "lin.map").write_text(BASE.replace("雙重", "三重"), encoding="utf-8")
    return root


@needs_git
def test_revision_and_path_against_the_working_tree(repo):
    code, out, err = run_cli("diff", "HEAD", "maps/lin.map", cwd=repo)
    assert code == 1, err
    assert out.startswith("HEAD:maps/lin.map → maps/lin.map (lin2020 · 林美玲 2020)\n")
    assert "stance security: con → pro" in out and "[-雙-]{+三+}" in out


@needs_git
def test_range_of_revisions_on_a_folder(repo):
    code, out, _ = run_cli("diff", "HEAD~1..HEAD", "maps/", cwd=repo)
    assert code == 1
    assert "stance security: pro → con" in out and "林美玲 2020 on security: pro → con" in out
    assert "雙" not in out  # the working tree is not read


@needs_git
def test_rev_path_against_rev_path_and_from_a_subfolder(repo):
    code, out, _ = run_cli("diff", "HEAD~1:maps/lin.map", "HEAD:maps/lin.map", cwd=repo)
    assert code == 1 and "stance security: pro → con" in out
    code, out, _ = run_cli("diff", "HEAD~1", "lin.map", cwd=repo / "maps")
    assert code == 1 and "HEAD~1:maps/lin.map → lin.map" in out


@needs_git
def test_a_file_added_since_the_revision_is_an_added_map(repo):
    shutil.copy(FIX / "new" / "lin.map", repo / "maps" / "lin2.map")
    (repo / "maps" / "lin2.map").write_text((FIX / "new" / "lin.map").read_text(encoding="utf-8").replace("lin2020", "lin2021"), encoding="utf-8")
    code, out, _ = run_cli("diff", "HEAD", "maps/", cwd=repo)
    assert code == 1 and "maps/lin2.map (new file)" in out and "+ thesis T" in out


@needs_git
@pytest.mark.parametrize(
    "args, message",
    [
        (["HEAD~7:maps/lin.map", "maps/lin.map"], "unknown revision `HEAD~7`"),
        (["nosuchrev", "maps/lin.map"], "nosuchrev: no such file or directory, and not a revision"),
        (["HEAD:maps/none.map", "maps/lin.map"], "maps/none.map is not in HEAD"),
        (["HEAD", "maps/none.map"], "maps/none.map is not in HEAD or the working tree"),
        (["HEAD~5..HEAD", "maps/"], "unknown revision `HEAD~5`"),
    ],
)
def test_git_errors_are_clear(repo, args, message):
    code, out, err = run_cli("diff", *args, cwd=repo)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


@needs_git
def test_revisions_outside_a_repository(tmp_path):
    (tmp_path / "a.map").write_text(BASE, encoding="utf-8")
    code, _, err = run_cli("diff", "HEAD:a.map", "a.map", cwd=tmp_path)
    assert code == 2 and "not inside a git repository" in err


@needs_git
def test_git_install_makes_git_diff_semantic(repo):
    code, out, _ = run_subprocess("git", "install", cwd=repo)
    assert code == 0 and "diff=argmap" in out
    code, out, _ = run_subprocess("git", "install", cwd=repo)
    assert (code, out) == (0, "argmap git driver already installed; nothing changed\n")
    assert (repo / ".git" / "info" / "attributes").read_text().count("*.map diff=argmap") == 1
    shown = subprocess.run(["git", "diff"], cwd=repo, capture_output=True, text=True, check=True).stdout
    assert shown.startswith("argmap diff a/maps/lin.map b/maps/lin.map\n")
    assert "text: 台灣對日本具有[-雙-]{+三+}重價值" in shown
    # A comment-only change: git shows that nothing in the argument changed.
    committed = BASE.replace("stance security pro", "stance security con")
    (repo / "maps" / "lin.map").write_text(committed.replace("  ", "    ") + "// a comment\n", encoding="utf-8")
    shown = subprocess.run(["git", "diff"], cwd=repo, capture_output=True, text=True, check=True).stdout
    assert "No change to the argument (layout or comments changed in 1 file)." in shown
    # git log -p reads the textconv listing: the changed fact, not the layout.
    log = subprocess.run(["git", "log", "-p", "-1"], cwd=repo, capture_output=True, text=True, check=True).stdout
    assert "-  T stance security pro\n+  T stance security con\n" in log


@needs_git
def test_the_diff_driver_falls_back_to_a_line_diff(repo):
    code, _, _ = run_subprocess("git", "install", cwd=repo)
    (repo / "maps" / "lin.map").write_text(BASE.replace("claim c2", "claim c2 {{"), encoding="utf-8")
    shown = subprocess.run(["git", "diff"], cwd=repo, capture_output=True, text=True)
    assert shown.returncode == 0
    assert "a version does not parse, so this is a line diff" in shown.stdout
    assert "+claim c2 {{" in shown.stdout


def test_git_install_outside_a_repository(tmp_path):
    code, _, err = run_cli("git", "install", cwd=tmp_path)
    assert code == 2 and "not inside a git repository" in err


def test_diff_stays_lean_at_start_up():
    probe = (
        "import sys\nfrom click.testing import CliRunner\nfrom argmap.cli import cli\n"
        f"CliRunner().invoke(cli, ['diff', {str(FIX / 'old')!r}, {str(FIX / 'new')!r}])\n"
        "print(sorted(m for m in ('rich', 'graphviz', 'pygraphviz') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_the_example_in_the_docs_is_real_output():
    text = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    start = text.index("```\nold/lin.map → new/lin.map") + 4
    example = text[start : text.index("```\n", start)]
    _, out, _ = run_cli("diff", "old/lin.map", "new/lin.map", cwd=FIX)
    assert out == example


def test_the_json_fields_are_documented():
    doc = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    _, out, _ = _fixture_diff("json")
    data = json.loads(out)
    for key in list(data) + list(data["summary"]) + list(data["files"][0]):
        assert f'"{key}"' in doc, key
    for change in (c for f in data["files"] for c in f["changes"]):
        assert f"`{change['change']}`" in doc, change["change"]
        for key in change:
            assert f"`{key}`" in doc, key


def test_output_never_overwrites_a_map_that_was_read(tmp_path):
    target = tmp_path / "new.map"
    shutil.copy(FIX / "new" / "lin.map", target)
    before = target.read_bytes()
    code, _, err = run_cli("diff", str(FIX / "old" / "lin.map"), str(target), "-o", str(target))
    assert code == 2 and "is a map that was read" in err and target.read_bytes() == before
    out = tmp_path / "diff.md"
    code, _, _ = run_cli("diff", str(FIX / "old" / "lin.map"), str(target), "--format", "markdown", "-o", str(out))
    assert code == 1 and out.read_text(encoding="utf-8").startswith("## Argument diff")


def test_text_ops_always_rebuild_both_texts():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("台日合作安全 abc,.「」"))

    @settings(max_examples=150, deadline=None)
    @given(st.text(alphabet, max_size=30), st.text(alphabet, max_size=30))
    def check(old, new):
        ops = text_ops(old, new)
        assert "".join(t for op, t in ops if op != "+") == old
        assert "".join(t for op, t in ops if op != "-") == new
        assert all(t for _, t in ops)
        for a, b in zip(ops, ops[1:]):  # merged runs: never -,- or +,+ or +,-
            assert (a[0], b[0]) not in (("-", "-"), ("+", "+"), ("+", "-"), ("=", "="))

    check()


def test_lang_en_names_maps_in_english(tmp_path):
    old, new = tmp_path / "a.map", tmp_path / "b.map"
    old.write_text(BASE.replace("authors: [林美玲]", 'authors: [林美玲]\nauthors_en: ["Lin, Mei-ling"]'), encoding="utf-8")
    new.write_text(old.read_text(encoding="utf-8").replace("stance security pro", "stance security con"), encoding="utf-8")
    _, out, _ = run_cli("diff", str(old), str(new), "--lang", "en")
    assert "(lin2020 · Lin 2020)" in out and "Lin 2020 on security: pro → con" in out


def test_an_unchanged_file_that_does_not_parse_is_left_out(tmp_path):
    for side in ("a", "b"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "broken.map").write_text("thesis T {\n", encoding="utf-8")
        shutil.copy(FIX / side.replace("a", "old").replace("b", "new") / "lin.map", tmp_path / side / "lin.map")
    code, out, err = run_cli("diff", str(tmp_path / "a"), str(tmp_path / "b"))
    assert code == 1 and "renamed from k1" in out
    assert "left out 1 unchanged file that does not parse" in err
    (tmp_path / "b" / "broken.map").write_text("thesis T {\n\n", encoding="utf-8")
    code, out, err = run_cli("diff", str(tmp_path / "a"), str(tmp_path / "b"))
    assert code == 2 and "broken.map:1:" in err


def test_color_always_reaches_a_pipe_and_never_stays_plain():
    args = ("diff", str(FIX / "old" / "lin.map"), str(FIX / "new" / "lin.map"))
    _, out, _ = run_cli(*args, "--color", "always")
    assert "\x1b[32m" in out
    _, out, _ = run_cli(*args)  # NO_COLOR is set for the tests
    assert "\x1b[" not in out
