"""Linked arguments, labels, schemes, attacks on attacks and on undercuts,
speakers and translations: through parse, fmt, export, evaluate, render and
compare."""

from __future__ import annotations

import json

from argmap.format import format_text
from argmap.semantics import IN, OUT, evaluate
from tests.conftest import CASES, run_cli

HEAD = "---\nid: uni\ntitle: Uniforms\nauthors: [Ann]\nyear: 2020\n---\n\n"
BODY = """thesis T "Schools should introduce uniforms" {
  speaker "proponent"
}
premise p1 "Uniforms hide income differences"
premise p2 "Children are teased less"
counterpoint k1 "Uniforms suppress individuality" {
  speaker "opponent"
}
rebuttal r1 "Pupils express themselves in their work"
rebuttal r2 "Work is not where teenagers express themselves"
i1: p1 + p2 supports T {
  scheme "argument from consequences"
}
k1 attacks T
u1: r1 undercuts k1 -> T
r2 undercuts u1
"""


def _map(body: str = BODY):
    from argmap.corpus import parse_source
    from argmap.source import SourceFile

    argmap, diags = parse_source(SourceFile("m.map", HEAD + body))
    assert [d.code.code for d in diags] == []
    return argmap


def test_the_model_holds_joint_sources_labels_schemes_and_nested_undercuts():
    argmap = _map()
    rels = {r.label or r.key: r for r in argmap.relations}
    assert rels["i1"].sources == ("p1", "p2") and rels["i1"].key == "p1+p2->T"
    assert rels["i1"].scheme == "argument from consequences"
    assert rels["u1"].edge == "k1->T" and rels["u1"].key == "r1->k1->T"
    undercut_of_undercut = rels["r2->r1->k1->T"]
    assert (undercut_of_undercut.edge, undercut_of_undercut.edge_from) == ("r1->k1->T", "r1")
    assert argmap.by_id["k1"].speaker == "opponent"
    assert argmap.inferences["u1"] is rels["u1"]


def test_an_undercut_by_path_names_the_same_inference_as_by_label_in_any_order():
    by_label = _map()
    by_path = _map(BODY.replace("r2 undercuts u1", "r2 undercuts r1 -> k1 -> T") + "k1 undercuts p2 + p1 -> T\n")
    key = lambda m: sorted(r.key for r in m.relations if r.kind == "undercuts")  # noqa: E731
    assert key(by_path) == sorted(key(by_label) + ["k1->p1+p2->T"])


def test_grounded_statuses_follow_undercuts_of_attacks_and_of_undercuts():
    ev = evaluate(_map())
    # r2 defeats r1's undercut, so k1's attack carries and T falls.
    assert (ev.of("T"), ev.status["r1->k1->T"], ev.status["k1->T"]) == (OUT, OUT, IN)
    # Without r2, r1's undercut holds: the attack does not carry, T stands.
    ev = evaluate(_map(BODY.replace("r2 undercuts u1\n", "r2 attacks k1\n")))
    assert (ev.of("T"), ev.status["k1->T"], ev.of("k1")) == (IN, OUT, OUT)


def test_a_linked_attack_falls_with_any_of_its_sources():
    body = """thesis T "t"
premise a "a"
premise b "b"
counterpoint k "k" { attacks b }
a + b attacks T
"""
    ev = evaluate(_map(body))
    assert (ev.status["a+b->T"], ev.of("T"), ev.of("b")) == (OUT, IN, OUT)
    ev = evaluate(_map(body.replace('counterpoint k "k" { attacks b }', 'counterpoint k "k" { attacks a }').replace("attacks a }", "attacks T }")))
    assert ev.of("T") == OUT


def test_fmt_keeps_the_new_syntax_and_is_idempotent():
    messy = HEAD + BODY.replace("i1: p1 + p2 supports T {", "i1 : p1+p2   supports T {   // why\n") + "k1 undercuts p2+p1->T\n"
    once = format_text(messy)
    assert 'i1: p1 + p2 supports T {  // why\n  scheme "argument from consequences"\n}\n' in once
    assert "k1 undercuts p2 + p1 -> T\n" in once
    assert format_text(once) == once


def test_export_json_of_a_valid_map(tmp_path):
    path = tmp_path / "uni.map"
    path.write_text(HEAD + BODY, encoding="utf-8")
    code, out, err = run_cli("export", str(path))
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["version"] == 2
    rels = data["maps"][0]["relations"]
    assert rels[0] == {
        "source": "p1", "sources": ["p1", "p2"], "kind": "supports", "target": "T", "key": "p1+p2->T",
        "label": "i1", "scheme": "argument from consequences", "title": None, "note": None,
    }
    assert [r["target"] for r in rels if r["kind"] == "undercuts"] == ["k1->T", "r1->k1->T"]
    assert [n["speaker"] for n in data["maps"][0]["nodes"]][:4] == ["proponent", None, None, "opponent"]


def test_render_draws_joint_sources_into_one_point_and_undercuts_onto_points(tmp_path):
    path = tmp_path / "uni.map"
    path.write_text(HEAD + BODY, encoding="utf-8")
    code, out, err = run_cli("render", str(path), "--format", "dot", "-o", "-")
    assert code == 0, err
    # i1 has joint sources: both premises end on its point (a dot, as nothing
    # undercuts it), and one arrow, with the head, leaves it for T.
    assert '"u.p1.p2.T" [label="" class="joint-point"' in out
    assert 'p1 -> "u.p1.p2.T" [arrowhead=none class=supports' in out
    assert 'p2 -> "u.p1.p2.T" [arrowhead=none class=supports' in out
    # The arrow carries the scheme as its label.
    assert '"u.p1.p2.T" -> T [label="argument from consequences" arrowhead=normal class=supports' in out
    # r1's undercut ends on the point of the attack k1 -> T, r2's on the point of r1's undercut.
    assert 'r1 -> "u.r1.k1.T" [arrowhead=none' in out and '"u.r1.k1.T" -> "u.k1.T" [arrowhead=tee' in out
    assert 'r2 -> "u.r1.k1.T" [arrowhead=tee' in out


def _issue_corpus(tmp_path, body: str) -> None:
    (tmp_path / "issues.map").write_text('issue q "Is it so?"\n', encoding="utf-8")
    (tmp_path / "a.map").write_text("---\nid: a\ntitle: A\nauthors: [甲]\nyear: 2020\n---\n\n" + body, encoding="utf-8")
    (tmp_path / "b.map").write_text('---\nid: b\ntitle: B\nauthors: [乙]\nyear: 2021\n---\n\nthesis B1 "b" { stance q con }\n',
                                    encoding="utf-8")


def test_issue_tree_keeps_the_reasons_of_a_thesis_that_alone_answers_and_hangs_undercuts_under_their_reason(tmp_path):
    _issue_corpus(
        tmp_path,
        'thesis T "t" { stance q pro }\n'
        'claim c1 "c1" { supports T }\n'
        'evidence e1 "e1" { supports c1 }\n'
        'counterpoint k1 "k1" { undercuts e1 -> c1 }\n'
        'counterpoint k2 "k2" { attacks T }\n'
        'rebuttal r1 "r1" { undercuts k2 -> T }\n'
        'rebuttal r2 "r2"\n'
        "r2 undercuts r1 -> k2 -> T\n",
    )
    code, out, err = run_cli("compare", str(tmp_path), "--issue", "q", "--format", "json")
    assert code == 0, err
    tree = json.loads(out)["maps"][0]["tree"]

    def walk(branch, depth=0):
        yield depth, branch["relation"], branch["id"]
        for child in branch["children"]:
            yield from walk(child, depth + 1)

    assert [row for root in tree for row in walk(root)] == [
        (0, None, "T"),
        (1, "supports", "c1"),  # kept: the thesis alone takes the stance
        (2, "supports", "e1"),
        (3, "undercuts", "k1"),  # under the reason it undercuts, not under c1
        (1, "attacks", "k2"),
        (2, "undercuts", "r1"),  # grants k2, denies its force
        (3, "undercuts", "r2"),  # and r2 answers r1
    ]


def test_issue_tree_of_a_thesis_that_alone_answers_leaves_out_reasons_on_other_issues(tmp_path):
    _issue_corpus(
        tmp_path,
        'thesis T "t" { stance q pro }\n'
        'claim c1 "on q" { supports T }\n'
        'claim c2 "on another question" { supports T }\n'
        'premise p2 "p2" { supports c2 stance other con }\n',
    )
    (tmp_path / "issues.map").write_text('issue q "Is it so?"\nissue other "And this?"\n', encoding="utf-8")
    code, out, err = run_cli("compare", str(tmp_path), "--issue", "q", "--format", "csv")
    assert code == 0, err
    rows = [line.split(",")[:4] for line in out.splitlines()]
    assert [r[3] for r in rows if r[0] == "a"] == ["T", "c1"]


def test_diff_sees_a_joint_source_or_a_scheme_change(tmp_path):
    (tmp_path / "old.map").write_text(HEAD + BODY, encoding="utf-8")
    (tmp_path / "new.map").write_text(HEAD + BODY.replace("i1: p1 + p2 supports T", "i1: p1 supports T"), encoding="utf-8")
    code, out, err = run_cli("diff", str(tmp_path / "old.map"), str(tmp_path / "new.map"))
    assert code == 1, err
    assert '      - i1: p1 + p2 supports T { scheme "argument from consequences" }\n' in out
    assert '      + i1: p1 supports T { scheme "argument from consequences" }\n' in out
    (tmp_path / "new.map").write_text(HEAD + BODY.replace("argument from consequences", "argument from example"), encoding="utf-8")
    code, out, err = run_cli("diff", str(tmp_path / "old.map"), str(tmp_path / "new.map"))
    assert code == 1 and '+ i1: p1 + p2 supports T { scheme "argument from example" }' in out


def test_long_paths_joint_sources_and_label_chains_cost_linear_time():
    """Hostile files of the new syntax: one undercut whose path has n steps,
    one relation with n joint sources, n undercuts chained by label."""
    from tests.test_hardening_dos import FM, assert_linear, validate_text

    def path(n: int) -> str:
        nodes = "".join(f'premise p{i} "x"\n' for i in range(n))
        return FM + 'thesis T "t"\n' + nodes + "k undercuts " + " -> ".join(f"p{i}" for i in range(n)) + " -> T\n" + 'counterpoint k "k"\n'

    def joint(n: int) -> str:
        nodes = "".join(f'premise p{i} "x"\n' for i in range(n))
        return FM + 'thesis T "t"\n' + nodes + " + ".join(f"p{i}" for i in range(n)) + " supports T\n"

    def chain(n: int) -> str:
        nodes = "".join(f'rebuttal r{i} "x"\n' for i in range(n))
        links = "".join(f"u{i + 1}: r{i} undercuts u{i}\n" for i in range(n))
        return FM + 'thesis T "t"\npremise p "p"\nu0: p supports T\n' + nodes + links

    assert_linear(validate_text, path, 300)
    assert_linear(validate_text, joint, 300)
    assert_linear(validate_text, chain, 300)


def test_undercuts_of_undercuts_are_read_a_hundred_deep_and_no_deeper():
    from tests.test_hardening_dos import FM, validate_text

    def chain(n: int) -> str:
        nodes = "".join(f'rebuttal r{i} "x"\n' for i in range(n))
        links = "".join(f"u{i + 1}: r{i} undercuts u{i}\n" for i in range(n))
        return FM + 'thesis T "t"\npremise p "p"\nu0: p supports T\n' + nodes + links

    assert [d.code.code for d in validate_text(chain(100)) if str(d.severity) == "error"] == []
    errors = [d for d in validate_text(chain(101)) if str(d.severity) == "error"]
    # The 101st is left out (so its rebuttal attacks nothing), the rest read.
    assert sorted((d.code.code, d.message, d.span.line) for d in errors) == [
        ("AM107", "undercuts of undercuts go more than 100 levels deep here", 211),
        ("AM307", "rebuttal `r100` attacks nothing", 110),
    ]
