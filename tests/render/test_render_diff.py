"""`argmap render --diff`: a picture of one map's change (render/change.py).

The fixture pair fixtures/change/{old,new}.map changes a small Chinese map in
every way the picture marks: c1's text changed, p1 removed, k1 renamed
k_china, e2 added, p2 moved from supporting c2 to supporting T, and T's
stance on q1 changed.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import needs_cjk_font, run_cli
from render_helpers import FIXTURES, MAPS, ROOT, assert_safe_svg, parse_svg, svg_texts

from argmap.diff import InputError
from argmap.render.backend import render
from argmap.render.change import ChangeError, Unparsed, change_diagram
from argmap.render.dot import Options

OLD = str(FIXTURES / "change" / "old.map")
NEW = str(FIXTURES / "change" / "new.map")


def diff_dot(*args: str) -> str:
    code, out, err = run_cli("render", "--diff", *args, "--format", "dot", "-o", "-")
    assert code == 0, err
    return out


def statement(dot: str, name: str) -> str:
    """The one DOT statement that declares node `name` (graphviz writes one per line)."""
    found = [line.strip() for line in dot.splitlines() if re.match(rf"\s*{re.escape(name)} \[", line)]
    assert len(found) == 1, (name, found)
    return found[0]


def edge(dot: str, a: str, b: str) -> list[str]:
    return [line.strip() for line in dot.splitlines() if re.match(rf"\s*{re.escape(a)} -> {re.escape(b)} \[", line)]


def attr(stmt: str, key: str) -> str | None:
    m = re.search(rf'(?<![\w-]){key}=("(?:[^"\\]|\\.)*"|[^\s\]]+)', stmt)
    return m.group(1).strip('"') if m else None


@pytest.fixture(scope="module")
def dot() -> str:
    return diff_dot(OLD, NEW)


# ---------------------------------------------------------------- the marks in DOT


def test_added_node_has_a_badge_and_a_heavy_border(dot):
    e2 = statement(dot, "e2")
    assert "<B>+ NEW</B>" in e2
    assert attr(e2, "penwidth") == "3.6"
    assert "added" in attr(e2, "class")
    assert "2024年雙邊貿易額創新高" in e2  # its text as usual, under the badge


def test_removed_node_is_a_ghost_where_it_was_attached(dot):
    p1 = statement(dot, "p1")
    assert "<B>− REMOVED</B>" in p1
    assert "<S>日本材料與設備領先</S>" in p1 and "<S>p1</S>" in p1  # struck through, id and text
    assert "dotted" in attr(p1, "style") and "filled" not in attr(p1, "style")
    assert attr(p1, "fillcolor") == "white" and "removed" in attr(p1, "class")
    # Nested in c1 in the old version: drawn in c1's cluster, with its old
    # relation to c1 ghosted and marked "−".
    cluster = dot[dot.index("subgraph cluster_c1") : dot.index("}", dot.index("subgraph cluster_c1"))]
    assert "\t\tp1 [" in cluster
    (rel,) = edge(dot, "p1", "c1")
    assert attr(rel, "style") == "dotted" and "<B>−</B>" in rel and "removed" in attr(rel, "class")


def test_changed_text_is_flagged_with_the_old_text_struck(dot):
    c1 = statement(dot, "c1")
    assert "<B>~ CHANGED</B>" in c1
    assert "半導體供應鏈高度互補" in c1
    assert "was: <S>半導體供應鏈互補</S>" in c1
    assert "changed: en" in c1  # the gloss changed too, named in words
    assert c1.index("半導體供應鏈高度互補") < c1.index("was:")  # the new text first


def test_rename_and_stance_change_are_said_in_words(dot):
    k = statement(dot, "k_china")
    assert "<B>RENAMED</B>" in k and "renamed <S>k1</S> → k_china" in k
    assert "stance q1: pro → mixed" in statement(dot, "T")
    assert not re.search(r"^\s*k1 \[", dot, re.M)  # a rename is not a removal


def test_added_and_removed_relations(dot):
    (added,) = edge(dot, "p2", "T")
    assert "<B>+</B>" in added and attr(added, "penwidth") == "3.2" and attr(added, "style") == "bold"
    (removed,) = edge(dot, "p2", "c2")
    assert "<B>−</B>" in removed and attr(removed, "style") == "dotted"
    # An unchanged relation keeps its ordinary look.
    (same,) = edge(dot, "c1", "T")
    assert "label=" not in same and attr(same, "penwidth") == "1.4"
    # Relations of a renamed node are read through the rename: unchanged.
    (attack,) = edge(dot, "k_china", "c1")
    assert "label=" not in attack and attr(attack, "style") == "dashed"


def test_untouched_nodes_are_drawn_as_usual(dot):
    for name in ("c2", "e1", "p2"):
        stmt = statement(dot, name)
        assert "CHANGED" not in stmt and "NEW" not in stmt and "REMOVED" not in stmt


def test_title_and_legend(dot):
    assert "subgraph cluster_changes" in dot
    legend = dot[dot.index("subgraph cluster_changes") :]
    for word in ("+ NEW", "~ CHANGED", "RENAMED", "− REMOVED", "added relation", "removed relation"):
        assert word in legend
    assert "1 node added · 1 node removed · 3 nodes" in legend
    assert "position on q1: pro → mixed" in legend
    assert "change · 測試者 2024" in dot and "changes from " in dot


def test_marks_do_not_rest_on_colour_alone(dot):
    """Every mark is a word, a line style or a border width: strip every
    colour from the DOT and each is still there."""
    plain = re.sub(r'\b(?:font|fill|bg)?color=(?:"[^"]*"|[^\s\]]+)|(?:BG)?COLOR="[^"]*"', "", dot)
    assert "#" not in re.sub(r"&#\d+;", "", plain.split("subgraph cluster_changes")[0].replace("¶", ""))
    assert "+ NEW" in statement(plain, "e2") and attr(statement(plain, "e2"), "penwidth") == "3.6"
    assert "− REMOVED" in statement(plain, "p1") and "dotted" in attr(statement(plain, "p1"), "style")
    assert "~ CHANGED" in statement(plain, "c1") and "<S>" in statement(plain, "c1")
    assert attr(edge(plain, "p2", "c2")[0], "style") == "dotted" and "−" in edge(plain, "p2", "c2")[0]
    assert attr(edge(plain, "p2", "T")[0], "style") == "bold" and "+" in edge(plain, "p2", "T")[0]


def test_reverse_diff_mirrors(dot):
    back = diff_dot(NEW, OLD)
    assert "<B>+ NEW</B>" in statement(back, "p1")
    assert "<B>− REMOVED</B>" in statement(back, "e2")
    assert "renamed <S>k_china</S> → k1" in statement(back, "k1")


def test_english_glosses_and_options_pass_through():
    dot = diff_dot(OLD, NEW, "--lang", "en", "--legend", "--focus", "c1", "--depth", "1")
    c1 = statement(dot, "c1")
    assert "was: <S>The semiconductor supply chains" in c1
    assert "changed: text" in c1  # the Chinese text changed too
    assert "cluster_legend" in dot and "cluster_changes" in dot  # both legends
    assert not re.search(r"^\s*e2 \[", dot, re.M)  # outside the focus


def test_no_change_draws_the_map_unmarked():
    code, out, err = run_cli("render", "--diff", NEW, NEW, "--format", "dot", "-o", "-")
    assert code == 0
    assert "no change to the argument" in err and "no change to the argument" in out
    assert "CHANGED" not in out.split("cluster_changes")[0]


def test_library_call():
    drawing = change_diagram([OLD, NEW], Options())
    assert drawing.map_id == "change" and not drawing.same
    assert drawing.dot == diff_dot(OLD, NEW)
    assert set(drawing.paths) == {OLD, NEW}


# ---------------------------------------------------------------- SVG through the bundled library


@needs_cjk_font
def test_svg_is_well_formed_safe_and_deterministic(tmp_path):
    outs = []
    for name in ("a.svg", "b.svg"):
        code, _, err = run_cli("render", "--diff", OLD, NEW, "--backend", "library", "-o", str(tmp_path / name))
        assert code == 0, err
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]
    root = parse_svg(outs[0])
    assert_safe_svg(root)
    texts = " ".join(svg_texts(root))
    for word in ("+ NEW", "~ CHANGED", "− REMOVED", "RENAMED", "半導體供應鏈高度互補"):
        assert word in texts
    # Struck text is struck in the SVG, not only greyed.
    assert b'text-decoration="line-through"' in outs[0]
    # No badge overflows its box (Graphviz warns when a fixed cell is too small).
    assert "too small" not in err


def test_png_of_a_real_map_change(tmp_path):
    """A real map against an edited copy of itself, drawn to PNG in-process."""
    text = (MAPS / "tang2025.map").read_text(encoding="utf-8")
    m = re.search(r'^(\s*)(evidence|premise) (\w+) "', text, re.M)
    assert m
    edited = text.replace(f'{m.group(2)} {m.group(3)} "', f'{m.group(2)} {m.group(3)}_new "', 1)
    new = tmp_path / "tang2025.map"
    new.write_text(edited, encoding="utf-8")
    drawing = change_diagram([str(MAPS / "tang2025.map"), str(new)], Options())
    assert "RENAMED" in drawing.dot
    data = render(drawing.dot, "png", backend="library").data
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- errors


def test_map_ids_differ_is_a_usage_error():
    code, out, err = run_cli("render", "--diff", str(FIXTURES / "kinds.map"), NEW, "--format", "dot", "-o", "-")
    assert code == 2 and out == ""
    assert "different maps: `kinds`" in err and "`change`" in err
    with pytest.raises(ChangeError):
        change_diagram([str(FIXTURES / "kinds.map"), NEW])


def test_unparseable_input_exits_1_with_the_syntax_errors(tmp_path):
    bad = tmp_path / "bad.map"
    bad.write_text(NEW_TEXT().replace('claim c2 "民間往來頻繁" {', 'claim c2 "民間往來頻繁 {'), encoding="utf-8")
    code, out, err = run_cli("render", "--diff", OLD, str(bad), "-o", str(tmp_path / "x.svg"))
    assert code == 1 and out == ""
    assert "bad.map:" in err and "error" in err and "nothing drawn" in err
    assert not (tmp_path / "x.svg").exists()
    with pytest.raises(Unparsed):
        change_diagram([OLD, str(bad)])


def NEW_TEXT() -> str:
    return (FIXTURES / "change" / "new.map").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([OLD], "expected OLD and NEW"),
        ([OLD, "no/such.map"], "no/such.map"),
        (["no-such-revision-or-file", NEW], "not a revision"),
    ],
)
def test_bad_arguments_are_usage_errors(args, message):
    code, out, err = run_cli("render", "--diff", *args, "--format", "dot", "-o", "-")
    assert code == 2 and message in err and "Traceback" not in err
    with pytest.raises(InputError):
        change_diagram(args)


def test_several_changed_maps_are_one_at_a_time(tmp_path):
    for side in ("a", "b"):
        (tmp_path / side).mkdir()
    shutil.copy(OLD, tmp_path / "a" / "change.map")
    shutil.copy(NEW, tmp_path / "b" / "change.map")
    # One changed map among the folder's: it is the one drawn.
    shutil.copy(FIXTURES / "kinds.map", tmp_path / "a" / "kinds.map")
    shutil.copy(FIXTURES / "kinds.map", tmp_path / "b" / "kinds.map")
    code, out, err = run_cli("render", "--diff", str(tmp_path / "a"), str(tmp_path / "b"), "--format", "dot", "-o", "-")
    assert code == 0, err
    assert "<B>+ NEW</B>" in statement(out, "e2")
    # Two changed maps: say so, and name them.
    (tmp_path / "b" / "kinds.map").write_text((FIXTURES / "kinds.map").read_text(encoding="utf-8").replace("論點：", "論點一："), encoding="utf-8")
    code, out, err = run_cli("render", "--diff", str(tmp_path / "a"), str(tmp_path / "b"), "--format", "dot", "-o", "-")
    assert code == 2
    assert "one map's change at a time, and 2 maps changed" in err and "kinds.map" in err and "change.map" in err


def test_a_map_added_or_removed_is_drawn_all_new_or_all_ghosts(tmp_path):
    for side in ("a", "b"):
        (tmp_path / side).mkdir()
        shutil.copy(NEW, tmp_path / side / "change.map")
    shutil.copy(FIXTURES / "kinds.map", tmp_path / "b" / "kinds.map")
    added = change_diagram([str(tmp_path / "a"), str(tmp_path / "b")]).dot
    assert added.count("<B>+ NEW</B>") == 10  # nine nodes and the legend's sample
    assert "REMOVED</B>" not in added.split("cluster_changes")[0]
    removed = change_diagram([str(tmp_path / "b"), str(tmp_path / "a")]).dot
    assert removed.count("<B>− REMOVED</B>") == 10
    assert "(map removed)" in removed and "front matter" not in removed


def test_never_writes_over_a_map_it_read(tmp_path):
    new = tmp_path / "new.map"
    shutil.copy(NEW, new)
    code, _, err = run_cli("render", "--diff", OLD, str(new), "--format", "svg", "-o", str(new))
    assert code == 2 and "is a map that was read" in err
    assert new.read_text(encoding="utf-8") == NEW_TEXT()


def test_show_status_is_refused_with_diff():
    code, _, err = run_cli("render", "--diff", OLD, NEW, "--show", "status", "--format", "dot", "-o", "-")
    assert code == 2 and "--show status" in err


def test_default_output_name(tmp_path):
    code, _, err = run_cli("render", "--diff", OLD, NEW, "--format", "dot", cwd=tmp_path)
    assert code == 0, err
    assert (tmp_path / "change.diff.dot").exists()


# ---------------------------------------------------------------- git revisions




def test_revision_against_the_working_tree(git_repo):
    root, git = git_repo
    shutil.copy(OLD, root / "maps" / "change.map")
    git("add", ".")
    git("commit", "-qm", "old")
    shutil.copy(NEW, root / "maps" / "change.map")
    code, out, err = run_cli("render", "--diff", "HEAD", "maps/change.map", "--format", "dot", "-o", "-", cwd=root)
    assert code == 0, err
    assert "<B>+ NEW</B>" in statement(out, "e2") and "<B>− REMOVED</B>" in statement(out, "p1")
    assert "changes from HEAD to working tree" in out
    git("commit", "-qam", "new")
    by_range = diff_dot_in(root, "HEAD~1..HEAD", "maps/change.map")
    by_paths = diff_dot_in(root, "HEAD~1:maps/change.map", "HEAD:maps/change.map")
    assert statement(by_range, "e2") == statement(by_paths, "e2") == statement(out, "e2")


def diff_dot_in(cwd, *args):
    code, out, err = run_cli("render", "--diff", *args, "--format", "dot", "-o", "-", cwd=cwd)
    assert code == 0, err
    return out


def test_the_docs_show_the_option():
    text = (ROOT / "docs" / "render.md").read_text(encoding="utf-8")
    assert "render --diff" in text
    assert "--diff" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
