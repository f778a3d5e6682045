"""argmap's git merge driver (argmap.diff.merge, docs/git.md): unit tests of
the merge, then `git merge` in a temporary repository with the driver
installed by `argmap git install`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.diff.merge import merge_bytes
from argmap.format import format_bytes

BASE = """\
---
id: demo2024
title: 台日關係的新階段
authors: [陳文甲]
year: 2024
---

// ===== 摘要 =====
thesis T "台日關係進入與過去截然不同的新階段" {
  en "Taiwan-Japan relations have entered a new stage"
}

claim c1 "雙方基於共同價值深化合作" {
  at "§壹 ¶1"
  supports T
}

// 半導體是經濟合作的核心
evidence e1 "台積電赴熊本設廠" {
  at "§參.二 ¶4"
  quote "台積電在熊本設廠"
}
e1 supports c1

counterpoint k1 "日本未承認台灣" {
  attacks c1
}
"""


def _map(text: str) -> bytes:
    return text.encode("utf-8")


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


ADD_C2 = '\nclaim c2 "區域經濟整合" {\n  supports T\n}\n'
ADD_C3 = '\nclaim c3 "民間文化交流日益密切" {\n  supports T\n}\n'
EDIT_C1_OURS = ("雙方基於共同價值深化合作", "雙方基於共同價值與利益深化合作")
EDIT_C1_THEIRS = ("雙方基於共同價值深化合作", "雙方在「價值共同體」下深化合作")

# BASE as someone might have typed it: odd indentation, runs of blank lines.
REFORMATTED_BASE = (
    BASE.replace("\n  ", "\n      ")
    .replace('claim c1 "', 'claim   c1   "')
    .replace("\n\n", "\n\n\n")
    .replace('e1 supports c1', 'e1   supports   c1')
)


def merged(base: str, ours: str, theirs: str):
    outcome = merge_bytes(_map(base), _map(ours), _map(theirs))
    return outcome.conflicts, outcome.data.decode("utf-8")


def canonical(text: str) -> bool:
    result = format_bytes("m.map", text.encode("utf-8"))
    return result.ok and not result.changed


# ---- the merge itself --------------------------------------------------------------


def test_disjoint_additions_at_the_end_merge_cleanly():
    conflicts, text = merged(BASE, BASE + ADD_C2, BASE + ADD_C3)
    assert conflicts == 0
    assert text == BASE + ADD_C2 + ADD_C3
    assert canonical(text)


def test_reformatted_side_and_edited_side_merge_cleanly():
    assert format_bytes("m.map", _map(REFORMATTED_BASE)).changed
    conflicts, text = merged(BASE, _edit(BASE, *EDIT_C1_OURS), REFORMATTED_BASE)
    assert conflicts == 0
    assert text == _edit(BASE, *EDIT_C1_OURS)
    # And the other way round, with a non-canonical base.
    conflicts, text = merged(REFORMATTED_BASE, REFORMATTED_BASE, _edit(BASE, *EDIT_C1_THEIRS))
    assert (conflicts, text) == (0, _edit(BASE, *EDIT_C1_THEIRS))


def test_edits_to_neighbouring_lines_of_different_statements_merge():
    ours = _edit(BASE, 'quote "台積電在熊本設廠"', 'quote "台積電在熊本設廠，帶動產業鏈"')
    theirs = _edit(BASE, "e1 supports c1", "e1 supports c1, T")
    conflicts, text = merged(BASE, ours, theirs)
    assert conflicts == 0
    assert 'quote "台積電在熊本設廠，帶動產業鏈"' in text and "e1 supports c1, T\n" in text
    assert "e1 supports c1\n" not in text


def test_a_node_moved_on_one_side_and_edited_on_the_other():
    block = '\ncounterpoint k1 "日本未承認台灣" {\n  attacks c1\n}\n'
    moved = _edit(BASE, block, "")
    moved = _edit(moved, "\nclaim c1 ", block + "\nclaim c1 ")
    conflicts, text = merged(BASE, moved, _edit(BASE, "日本未承認台灣", "日本未正式承認台灣"))
    assert conflicts == 0
    assert text == _edit(moved, "日本未承認台灣", "日本未正式承認台灣")


def test_a_comment_edited_on_one_side_and_its_statement_on_the_other():
    ours = _edit(BASE, "// 半導體是經濟合作的核心", "// 半導體是台日經濟合作的核心")
    theirs = _edit(BASE, "台積電赴熊本設廠", "台積電赴熊本設廠（2024 年開幕）")
    conflicts, text = merged(BASE, ours, theirs)
    assert conflicts == 0
    assert "// 半導體是台日經濟合作的核心\nevidence e1 \"台積電赴熊本設廠（2024 年開幕）\"" in text


def test_both_sides_editing_one_node_conflict_on_that_node_only():
    ours = _edit(BASE, *EDIT_C1_OURS) + ADD_C2
    theirs = _edit(BASE, *EDIT_C1_THEIRS).replace("日本未承認台灣", "日本未正式承認台灣")
    conflicts, text = merged(BASE, ours, theirs)
    assert conflicts == 1
    expected_block = (
        "<<<<<<< ours\n"
        'claim c1 "雙方基於共同價值與利益深化合作" {\n  at "§壹 ¶1"\n  supports T\n}\n'
        "=======\n"
        'claim c1 "雙方在「價值共同體」下深化合作" {\n  at "§壹 ¶1"\n  supports T\n}\n'
        ">>>>>>> theirs\n"
    )
    assert expected_block in text
    assert text.count("<<<<<<<") == 1
    assert "日本未正式承認台灣" in text and 'claim c2 "區域經濟整合"' in text  # the rest is merged
    # Either resolution is a map that parses.
    for keep in (0, 1):
        parts = text.split("<<<<<<< ours\n")
        ours_side, rest = parts[1].split("=======\n")
        theirs_side, tail = rest.split(">>>>>>> theirs\n")
        resolved = parts[0] + (ours_side, theirs_side)[keep] + tail
        assert format_bytes("m.map", resolved.encode()).ok


def test_deleting_a_node_the_other_side_edits_is_a_conflict():
    ours = _edit(BASE, 'counterpoint k1 "日本未承認台灣" {\n  attacks c1\n}\n', "")
    theirs = _edit(BASE, "日本未承認台灣", "日本迄今未承認台灣為國家")
    conflicts, text = merged(BASE, ours, theirs)
    assert conflicts == 1
    assert '<<<<<<< ours\n=======\ncounterpoint k1 "日本迄今未承認台灣為國家" {\n  attacks c1\n}\n>>>>>>> theirs\n' in text


def test_deleting_an_unchanged_node_merges():
    ours = _edit(BASE, '\ncounterpoint k1 "日本未承認台灣" {\n  attacks c1\n}\n', "")
    conflicts, text = merged(BASE, ours, BASE + ADD_C3)
    assert conflicts == 0
    assert "k1" not in text and "c3" in text


def test_both_sides_adding_the_same_id_differently_conflict():
    conflicts, text = merged(BASE, BASE + ADD_C2, BASE + ADD_C2.replace("區域經濟整合", "經貿往來"))
    assert conflicts == 1 and "區域經濟整合" in text and "經貿往來" in text
    # The same id nested on one side and top level on the other: still a conflict.
    theirs = _edit(BASE, '  at "§壹 ¶1"\n', '  at "§壹 ¶1"\n  premise c2 "經貿往來"\n')
    conflicts, text = merged(BASE, BASE + ADD_C2, theirs)
    assert conflicts == 1 and text.count("<<<<<<<") == 1


def test_the_same_change_on_both_sides_is_no_conflict():
    ours = _edit(BASE, *EDIT_C1_OURS) + ADD_C2
    conflicts, text = merged(BASE, ours, ours)
    assert (conflicts, text) == (0, ours)


def test_front_matter_merges_key_by_key():
    ours = _edit(BASE, "year: 2024", "year: 2025")
    theirs = _edit(BASE, "authors: [陳文甲]\n", "authors: [陳文甲]\nvenue: 開南大學公共事務管理研究所\n")
    conflicts, text = merged(BASE, ours, theirs)
    assert conflicts == 0
    assert text.startswith("---\nid: demo2024\ntitle: 台日關係的新階段\nauthors: [陳文甲]\nvenue: 開南大學公共事務管理研究所\nyear: 2025\n---\n")


def test_front_matter_changed_both_ways_conflicts_on_the_block():
    ours = _edit(BASE, "year: 2024", "year: 2025") + ADD_C2
    theirs = _edit(BASE, "year: 2024", "year: 2023")
    conflicts, text = merged(BASE, ours, theirs)
    assert conflicts == 1
    assert text.startswith("<<<<<<< ours\n---\n") and "year: 2025\n---\n=======\n---\n" in text
    assert "year: 2023\n---\n>>>>>>> theirs\n" in text and "區域經濟整合" in text


def test_line_endings_and_bom_of_ours_are_kept():
    crlf = ("\ufeff" + BASE).replace("\n", "\r\n")
    outcome = merge_bytes(_map(BASE), _map(crlf), _map(BASE + ADD_C3))
    assert outcome.conflicts == 0
    assert outcome.data == _map(("\ufeff" + BASE + ADD_C3).replace("\n", "\r\n"))


def test_an_unparseable_version_declines():
    from argmap.diff.merge import Decline

    with pytest.raises(Decline, match="ours does not parse"):
        merge_bytes(_map(BASE), _map(BASE + "claim {\n"), _map(BASE))


@pytest.mark.parametrize("path", sorted((Path(__file__).parents[1] / "maps").glob("*.map")), ids=lambda p: p.name)
def test_bundled_maps_merge_with_an_addition(path):
    data = path.read_bytes()
    formatted = format_bytes(str(path), data).formatted
    node = '\nclaim merge_test "合併測試：新增的主張"\n'.encode()
    outcome = merge_bytes(data, data, data + node)
    assert (outcome.conflicts, outcome.data) == (0, formatted + node)


def test_a_bug_in_the_driver_falls_back_to_git(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    from argmap.diff import merge

    def broken(*args, **kwargs):
        raise RuntimeError("模擬的錯誤")

    monkeypatch.setattr(merge, "merge_bytes", broken)
    names = []
    for name, text in (("O", BASE), ("A", BASE + ADD_C2), ("B", _edit(BASE, "日本未承認台灣", "日本未正式承認台灣"))):
        (tmp_path / name).write_text(text, encoding="utf-8")
        names.append(str(tmp_path / name))
    outcome = merge.merge_driver(*names, "m.map", diff3=False)
    assert outcome.declined and outcome.conflicts == 0
    assert "internal error, please report it: RuntimeError: 模擬的錯誤; using git's line merge" in outcome.notes[0]
    assert (tmp_path / "A").read_text(encoding="utf-8") == _edit(BASE, "日本未承認台灣", "日本未正式承認台灣") + ADD_C2


# ---- against git ------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
BIN = Path(sys.executable).parent


@pytest.fixture
def repo(tmp_path):
    """A repository holding BASE as m.map on main, the driver installed by
    the venv's `argmap` executable."""
    root = tmp_path / "repo"
    root.mkdir()
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "測試者",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "測試者",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "NO_COLOR": "1",
    }

    def run(*args, check=True):
        proc = subprocess.run(list(args), cwd=root, env=env, capture_output=True, text=True, timeout=60)
        if check and proc.returncode != 0:
            raise AssertionError(f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return proc

    run("git", "init", "-q", "-b", "main")
    run("git", "config", "commit.gpgsign", "false")
    installed = run(str(BIN / "argmap"), "git", "install")
    assert "merge.argmap.driver" in installed.stdout
    (root / "m.map").write_text(BASE, encoding="utf-8")
    run("git", "add", "m.map")
    run("git", "commit", "-qm", "基礎版本")

    class Repo:
        path = root

        def git(self, *args, check=True):
            return run("git", *args, check=check)

        def branch(self, name: str, text: str, *, start: str = "main"):
            run("git", "checkout", "-q", "-b", name, start)
            (root / "m.map").write_text(text, encoding="utf-8")
            run("git", "commit", "-qam", f"{name} 的修改")
            run("git", "checkout", "-q", "main")

        def merge(self, ours: str, theirs: str):
            """Commit OURS on main, THEIRS on a branch, merge the branch."""
            self.branch("theirs", theirs)
            (root / "m.map").write_text(ours, encoding="utf-8")
            run("git", "commit", "-qam", "ours 的修改")
            return run("git", "merge", "--no-edit", "theirs", check=False)

        def text(self) -> str:
            return (root / "m.map").read_text(encoding="utf-8")

        def status(self) -> str:
            return run("git", "status", "--porcelain").stdout

    return Repo()


@needs_git
def test_install_registers_the_merge_driver_once(repo):
    git = repo.git
    driver = git("config", "--local", "merge.argmap.driver").stdout.strip()
    assert driver.endswith("-m argmap git merge-driver --marker-size %L %O %A %B %P")
    assert git("config", "--local", "merge.argmap.name").stdout.strip()
    assert git("check-attr", "merge", "diff", "--", "m.map").stdout == "m.map: merge: argmap\nm.map: diff: argmap\n"
    again = subprocess.run([str(BIN / "argmap"), "git", "install"], cwd=repo.path, capture_output=True, text=True)
    assert (again.returncode, again.stdout) == (0, "argmap git driver already installed; nothing changed\n")
    attributes = (repo.path / ".git" / "info" / "attributes").read_text()
    assert attributes.count("*.map diff=argmap merge=argmap") == 1


@needs_git
def test_install_upgrades_the_diff_only_attribute_line(repo):
    attributes = repo.path / ".git" / "info" / "attributes"
    attributes.write_text("*.txt text\n*.map diff=argmap\n")
    out = subprocess.run([str(BIN / "argmap"), "git", "install"], cwd=repo.path, capture_output=True, text=True, check=True).stdout
    assert "replaced" in out
    assert attributes.read_text() == "*.txt text\n*.map diff=argmap merge=argmap\n"


@needs_git
def test_git_merges_disjoint_node_additions(repo):
    proc = repo.merge(BASE + ADD_C2, BASE + ADD_C3)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert repo.text() == BASE + ADD_C2 + ADD_C3
    assert repo.status() == ""
    assert "Merge branch" in repo.git("log", "-1", "--format=%s").stdout


@needs_git
def test_git_without_the_driver_conflicts_on_the_same_additions(repo):
    """The case the driver exists for: git's line merge cannot do it."""
    (repo.path / ".git" / "info" / "attributes").write_text("")
    proc = repo.merge(BASE + ADD_C2, BASE + ADD_C3)
    assert proc.returncode != 0 and "<<<<<<<" in repo.text()


@needs_git
def test_git_merges_a_reformatted_side_with_an_edited_side(repo):
    proc = repo.merge(_edit(BASE, *EDIT_C1_OURS), REFORMATTED_BASE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert repo.text() == _edit(BASE, *EDIT_C1_OURS)
    assert repo.status() == ""


@needs_git
def test_git_reports_a_conflict_when_both_sides_edit_one_node(repo):
    ours = _edit(BASE, *EDIT_C1_OURS) + ADD_C2
    theirs = _edit(BASE, *EDIT_C1_THEIRS) + ADD_C3
    proc = repo.merge(ours, theirs)
    assert proc.returncode != 0
    assert "CONFLICT (content): Merge conflict in m.map" in proc.stdout
    assert "argmap: m.map: 1 conflict, marked in the file" in proc.stderr
    assert repo.status() == "UU m.map\n"
    text = repo.text()
    assert text.count("<<<<<<< ours\n") == text.count("=======\n") == text.count(">>>>>>> theirs\n") == 1
    before, conflict = text.split("<<<<<<< ours\n")
    conflict, after = conflict.split(">>>>>>> theirs\n")
    assert conflict == (
        'claim c1 "雙方基於共同價值與利益深化合作" {\n  at "§壹 ¶1"\n  supports T\n}\n'
        "=======\n"
        'claim c1 "雙方在「價值共同體」下深化合作" {\n  at "§壹 ¶1"\n  supports T\n}\n'
    )
    assert after.endswith(ADD_C2 + ADD_C3)  # the rest merged
    # A person resolves it in the file and commits.
    (repo.path / "m.map").write_text(before + conflict.split("=======\n")[1] + after, encoding="utf-8")
    repo.git("add", "m.map")
    repo.git("commit", "-qm", "解決衝突")
    assert repo.status() == ""


@needs_git
def test_git_reports_a_conflict_when_one_side_deletes_a_node_the_other_edits(repo):
    ours = _edit(BASE, *EDIT_C1_OURS)
    theirs = _edit(BASE, '\nclaim c1 "雙方基於共同價值深化合作" {\n  at "§壹 ¶1"\n  supports T\n}\n', "")
    proc = repo.merge(ours, theirs)
    assert proc.returncode != 0
    assert repo.status() == "UU m.map\n"
    assert '<<<<<<< ours\nclaim c1 "雙方基於共同價值與利益深化合作" {\n  at "§壹 ¶1"\n  supports T\n}\n=======\n>>>>>>> theirs\n' in repo.text()


@needs_git
def test_an_unparseable_side_falls_back_to_git_line_merge(repo):
    broken = _edit(BASE, 'thesis T "台日關係進入與過去截然不同的新階段" {', 'thesis T "台日關係進入與過去截然不同的新階段" {{')
    theirs = _edit(BASE, "日本未承認台灣", "日本未正式承認台灣")
    proc = repo.merge(broken, theirs)
    # git's own merge of these lines is clean: so is the driver's answer.
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "argmap: m.map: ours does not parse" in proc.stderr and "using git's line merge" in proc.stderr
    assert repo.text() == _edit(broken, "日本未承認台灣", "日本未正式承認台灣")


@needs_git
def test_an_unparseable_side_with_a_line_conflict_is_git_conflict(repo):
    broken = _edit(BASE, 'claim c1 "雙方基於共同價值深化合作" {', 'claim c1 "雙方基於共同價值與利益深化合作" {{')
    proc = repo.merge(broken, _edit(BASE, *EDIT_C1_THEIRS))
    assert proc.returncode != 0
    assert "using git's line merge" in proc.stderr
    assert repo.status() == "UU m.map\n"
    text = repo.text()
    assert "<<<<<<< ours\n" in text and ">>>>>>> theirs\n" in text


@needs_git
def test_a_map_added_on_both_branches_merges_against_an_empty_base(repo):
    repo.git("checkout", "-q", "-b", "theirs")
    (repo.path / "n.map").write_text(BASE.replace("demo2024", "new2024") + ADD_C3, encoding="utf-8")
    repo.git("add", "n.map")
    repo.git("commit", "-qm", "新地圖（theirs）")
    repo.git("checkout", "-q", "main")
    (repo.path / "n.map").write_text(BASE.replace("demo2024", "new2024") + ADD_C2, encoding="utf-8")
    repo.git("add", "n.map")
    repo.git("commit", "-qm", "新地圖（ours）")
    proc = repo.git("merge", "--no-edit", "theirs", check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (repo.path / "n.map").read_text(encoding="utf-8") == BASE.replace("demo2024", "new2024") + ADD_C2 + ADD_C3


@needs_git
def test_diff3_conflict_style_shows_the_base(repo):
    repo.git("config", "merge.conflictStyle", "diff3")
    proc = repo.merge(_edit(BASE, *EDIT_C1_OURS), _edit(BASE, *EDIT_C1_THEIRS))
    assert proc.returncode != 0
    text = repo.text()
    assert '||||||| base\nclaim c1 "雙方基於共同價值深化合作" {' in text
    assert text.count("<<<<<<< ours\n") == 1
