"""Very large maps: the tidy tree layout above dot's reach, and the overview
drawn (and announced) above --max-nodes. Speed is measured in
bench/render_scale.py, not here."""

from __future__ import annotations

import random
import re

import pytest

from conftest import run_cli

from argmap.corpus import parse_bytes
from argmap.render import backend as B
from argmap.render import dot as D
from argmap.render import tree as T
from argmap.render.overview import cut


def ternary(n: int) -> str:
    """A map of n nodes: the thesis, then each node s_i under s_((i-1)//3);
    every fifth an attack."""
    lines = ["---", "id: scale", "title: 規模", "authors: [測試]", "year: 2026", "---", "", 'thesis T "台日關係的核心論點"']
    name = lambda i: "T" if i == 0 else f"s{i}"  # noqa: E731
    for i in range(1, n):
        kind, rel = ("counterpoint", "attacks") if i % 5 == 0 else ("premise", "supports")
        lines.append(f'{kind} s{i} "第{i}個理由，說明安全與經濟的合作" {{ {rel} {name((i - 1) // 3)} }}')
    return "\n".join(lines) + "\n"


def load(text: str):
    argmap, diags = parse_bytes("scale.map", text.encode("utf-8"))
    assert argmap is not None, diags
    return argmap


# ---------------------------------------------------------------- the tidy tree


def random_tree(n: int, seed: int = 3):
    rng = random.Random(seed)
    order = [f"n{i}" for i in range(n)]
    parent = {f"n{i}": f"n{rng.randrange(max(0, i - 40), i)}" for i in range(1, n)}
    sizes = {m: (rng.choice((120.0, 200.0)), rng.choice((40.0, 57.0, 91.0))) for m in order}
    return order, parent, sizes


def test_tidy_tree_keeps_boxes_apart_and_parents_between_their_children():
    order, parent, sizes = random_tree(600)
    at = T.tidy(order, parent, sizes)
    assert set(at) == set(order)
    columns: dict[float, list[tuple[float, float]]] = {}
    for n, (x, y) in at.items():
        columns.setdefault(x, []).append((y - sizes[n][1] / 2, y + sizes[n][1] / 2))
    for spans in columns.values():
        spans.sort()
        for (_, bottom), (top, _) in zip(spans, spans[1:]):
            assert top >= bottom + T.GAP_Y - 1e-6
    children: dict[str, list[str]] = {}
    for child, p in parent.items():
        children.setdefault(p, []).append(child)
    for p, kids in children.items():
        ys = [at[k][1] for k in kids]
        assert at[p][1] == pytest.approx((ys[0] + ys[-1]) / 2)  # centred on its first and last child
        assert all(at[k][0] > at[p][0] for k in kids)  # reasons stand right of what they bear on
        assert ys == sorted(ys)  # in the author's order, top down
    assert min(y - sizes[n][1] / 2 for n, (x, y) in at.items()) == pytest.approx(0)


def test_tidy_tree_survives_cycles_and_a_chain_deeper_than_the_recursion_limit():
    chain = [f"c{i}" for i in range(5000)]
    at = T.tidy(chain, {f"c{i}": f"c{i - 1}" for i in range(1, 5000)}, {n: (100.0, 40.0) for n in chain})
    assert len({x for x, _ in at.values()}) == 5000
    assert len({y for _, y in at.values()}) == 1  # one line, each node in its own column
    # a → b → c → a: the walk from a meets a again, so a becomes the root.
    at = T.tidy(["a", "b", "c"], {"a": "b", "b": "c", "c": "a"}, {n: (100.0, 40.0) for n in "abc"})
    assert at["a"][0] < at["c"][0] < at["b"][0]


def test_a_map_above_the_threshold_is_laid_out_as_a_tree(monkeypatch):
    monkeypatch.setattr(D, "TREE_ABOVE", 100)
    big = D.map_graph(load(ternary(121)), D.Options())
    assert "layout=nop2" in big
    nodes = re.findall(r"^\t+(?:T|s\d+) \[", big, re.M)
    placed = re.findall(r"^\t+(?:T|s\d+) \[.*\bpos=\"[\d.]+,[\d.]+!\"", big, re.M)
    assert len(nodes) == len(placed) == 121
    assert "cluster_" not in big and "headport" not in big
    # Each reason's line is routed: out of it, along the gap, into its target's right side.
    routes = re.findall(r'^\t(s\d+) -> (T|s\d+) \[.*\bpos="e,([\d.]+),([\d.]+) ([^"]+)"', big, re.M)
    assert len(routes) == 120
    at = {n: tuple(map(float, p.split(","))) for n, p in re.findall(r'^\t+(T|s\d+) \[.*\bpos="([\d.]+,[\d.]+)!"', big, re.M)}
    width = {n: float(w) * 72 for n, w in re.findall(r'^\t+(T|s\d+) \[.*\bwidth=([\d.]+)', big, re.M)}
    for source, target, x, y, _ in routes:
        assert float(x) == pytest.approx(at[target][0] + width[target] / 2, abs=0.1)
        assert float(y) == pytest.approx(at[target][1] - (9 if int(source[1:]) % 5 == 0 else 0), abs=0.1)
    assert big == D.map_graph(load(ternary(121)), D.Options())  # the same DOT every time
    svg = B.render(big, "svg", backend="library").data.decode("utf-8")
    assert svg.count('class="node premise"') + svg.count('class="node counterpoint"') == 120
    small = D.map_graph(load(ternary(100)), D.Options())
    assert "nop2" not in small and "pos=" not in small


def test_a_tree_names_second_targets_in_both_boxes_instead_of_drawing_them(monkeypatch):
    monkeypatch.setattr(D, "TREE_ABOVE", 100)
    source = D.map_graph(load(ternary(121) + "s10 supports s1\ns15 attacks s2\n"), D.Options())
    assert not re.search(r"^\ts10 -> s1 ", source, re.M) and not re.search(r"^\ts15 -> s2 ", source, re.M)
    assert re.search(r"^\ts10 -> s3 \[.*pos=", source, re.M)  # its first target keeps its line
    label = {n: text for n, text in re.findall(r"^\t+(T|s\d+) \[label=<(.*)> ", source, re.M)}
    blue, vermilion = D.RELATION_STYLE["supports"]["color"], D.RELATION_STYLE["attacks"]["color"]
    assert f'<FONT POINT-SIZE="10" COLOR="{blue}"><B>also supports s1</B></FONT>' in label["s10"]
    assert f'<FONT POINT-SIZE="10" COLOR="{blue}"><B>also supported by s10</B></FONT>' in label["s1"]
    assert f'<FONT POINT-SIZE="10" COLOR="{vermilion}"><B>also attacks s2</B></FONT>' in label["s15"]
    assert f'<FONT POINT-SIZE="10" COLOR="{vermilion}"><B>also attacked by s15</B></FONT>' in label["s2"]
    assert "also" not in label["s3"]


def test_the_engine_follows_the_dot():
    assert B.engine('digraph argmap {\n\tgraph [bgcolor=white layout=nop2 splines=false]\n}', "dot") == "nop2"
    assert B.engine('digraph argmap {\n\tgraph [rankdir=RL]\n\ta [label="layout=nop2"]\n}', "dot") == "dot"


# ---------------------------------------------------------------- the overview


def test_the_overview_takes_whole_levels_within_the_budget():
    m = load(ternary(121))  # levels of 1, 3, 9, 27 and 81 nodes
    assert cut(m, set(m.by_id), 121) is None
    c = cut(m, set(m.by_id), 120, budget=50)
    # Level 3 would make 1 + 3 + 9 + 27 nodes and 27 "+N more" boxes: over 50.
    assert c.levels == 2
    assert sorted(c.keep) == sorted(["T"] + [f"s{i}" for i in range(1, 13)])
    assert c.more == {f"s{i}": (12, 2) for i in range(4, 13)}
    assert (c.total, c.left_out, c.unreached) == (121, 108, 0)
    assert cut(m, set(m.by_id), 20).levels == 1  # 1 + 3 + 9 nodes and 9 boxes: over 20, the limit


def test_an_overview_draws_more_boxes_that_name_the_command():
    m = load(ternary(121))
    source = D.map_graph(m, D.Options(max_nodes=50))
    assert source == D.map_graph(m, D.Options(max_nodes=50))
    assert len(re.findall(r"^\t+(?:T|s\d+) \[", source, re.M)) == 13
    more = re.findall(r'^\t"more\.(s\d+)" \[label=<(.*)>', source, re.M)
    assert [n for n, _ in more] == [f"s{i}" for i in range(4, 13)]
    assert "<B>+12 more</B>" in more[0][1] and "--branch s4" in more[0][1]
    assert '\t"more.s4" -> s4 [' in source
    assert "more." not in D.map_graph(m, D.Options())


def test_render_says_what_the_overview_leaves_out(tmp_path):
    path = tmp_path / "scale.map"
    path.write_text(ternary(121), encoding="utf-8")
    code, out, err = run_cli("render", str(path), "--isolated", "--max-nodes", "50", "--format", "dot", "-o", "-")
    assert code == 0
    assert out.count("+12 more") == 9
    note = " ".join(err.split())
    assert note.startswith(
        "argmap: note: the map scale has 121 nodes to draw, over --max-nodes 50: drawn as an overview, the thesis "
        "and 2 levels of reasons under it (13 nodes and 9 “+N more” boxes); 108 nodes left out "
        "= hint: each “+N more” box names the command that draws its branch (the largest: --branch s4, "
        "12 nodes); --max-nodes 0 draws every node (slow, and a very large file)")
    code, out, err = run_cli("render", str(path), "--isolated", "--max-nodes", "0", "--format", "dot", "-o", "-")
    assert code == 0 and "more" not in out and "overview" not in err
    code, out, err = run_cli("render", str(path), "--isolated", "--focus", "s1", "--depth", "1", "--max-nodes", "3",
                             "--format", "dot", "-o", "-")
    # Focused on s1: T, s1 and its three reasons are five, over 3: the overview of what was asked.
    assert code == 0 and "drawn as an overview" in " ".join(err.split())


def test_the_branch_a_more_box_names_is_what_branch_draws(tmp_path):
    # "+12 more · --branch s4": s4 and the 12 nodes under it, and nothing
    # else (--focus would draw the neighbours above it too).
    path = tmp_path / "scale.map"
    path.write_text(ternary(121), encoding="utf-8")
    code, out, err = run_cli("render", str(path), "--isolated", "--branch", "s4", "--format", "dot", "-o", "-")
    assert code == 0, err
    drawn = set(re.findall(r"^\t+(T|s\d+) \[", out, re.M))
    under = {"s4", "s13", "s14", "s15"} | {f"s{i}" for i in range(40, 49)}
    assert drawn == under and len(drawn) == 13
    assert re.search(r"^\t+s4 \[.*penwidth=3\.5", out, re.M)  # the branch's root stands out
    # Too large for --max-nodes: an overview of the branch, its own boxes naming smaller branches.
    code, out, err = run_cli("render", str(path), "--isolated", "--branch", "s1", "--max-nodes", "10", "--format", "dot",
                             "-o", "-")
    assert code == 0 and "--branch s4" in out and out.count("+12 more") == 3
    assert "the map scale has 40 nodes to draw" in " ".join(err.split())


def test_branch_is_for_one_known_node_of_one_map(tmp_path):
    path = tmp_path / "scale.map"
    path.write_text(ternary(40), encoding="utf-8")
    code, _, err = run_cli("render", str(path), "--isolated", "--branch", "s44", "-o", str(tmp_path / "x.svg"))
    assert code == 2 and "argmap: error: no node `s44` in scale — did you mean `s4`?" in err
    code, _, err = run_cli("render", str(path), "--isolated", "--branch", "s4", "--focus", "s4", "-o", str(tmp_path / "x.svg"))
    assert code == 2 and err.startswith("argmap: error: --branch and --focus do not go together")
    (tmp_path / "other.map").write_text(ternary(5).replace("id: scale", "id: other"), encoding="utf-8")
    code, _, err = run_cli("render", str(tmp_path), "--branch", "s4", "-o", str(tmp_path / "x.svg"))
    assert code == 2 and "--branch draws a branch of one map" in err
    assert not (tmp_path / "x.svg").exists()
