"""Argdown in: the reader against what Argdown's own CLI exports for the
same files (conformance), on a file that holds every construct (the exact
graph and diagnostics), on each relation symbol, and on every kind of
malformed input (exact located diagnostics, never a traceback)."""

from __future__ import annotations

import gc
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.interop.argdown import argdown_view, read
from argmap.interop.argdown_syntax import DataEnds
from argmap.report import render
from conftest import ROOT
from interop_views import write_and_validate

HERE = Path(__file__).parent / "argdown"
CONFORMANCE = ROOT.parent / "shared" / "conformance" / "argdown"
EXAMPLES = ["argdown-primer", "greenspan-schefczyk_hardwrap", "legalisation-softdrugs", "state-censorship"]

needs_conformance = pytest.mark.skipif(not CONFORMANCE.is_dir(), reason=f"the Argdown conformance examples are not in {CONFORMANCE}")


def diagnostics(graph) -> list[str]:
    return [f"{d.span.line}:{d.span.column} {d.code.code} {d.message}" if d.span else f"{d.code.code} {d.message}" for d in graph.diagnostics]


def statements(graph) -> list[tuple]:
    return [(s.id, s.kind, s.title, s.text, s.tags, s.argument) for s in graph.statements]


def inferences(graph) -> list[tuple]:
    return [(i.kind, i.sources, i.target, i.label, i.scheme, i.title, i.aimed_at) for i in graph.inferences]


def relations(graph) -> list[tuple]:
    return [(i.kind, "+".join(i.sources), i.target, i.label, i.scheme) for i in graph.inferences]


# --- conformance: Argdown's own export ---------------------------------------------


def json_view(path: Path) -> tuple[set, set, set]:
    """Statements, arguments and relations as Argdown's CLI exported them
    (`argdown json`), each named the way `argdown_view` names them: by
    title, and an untitled statement (Argdown's `Untitled N`) by its text."""
    data = json.loads(path.read_text(encoding="utf-8"))

    def name(title: str, kind: str = "equivalence-class") -> str:
        if kind == "equivalence-class" and re.fullmatch(r"Untitled \d+", title):
            members = data["statements"][title]["members"]
            return " ".join(next(m["text"] for m in members if m.get("text", "").strip()).split())
        return title

    found_statements = {name(title) for title in data["statements"]}
    found_arguments = set(data["arguments"])
    found_relations = {(name(r["from"], r["fromType"]), name(r["to"], r["toType"]), r["relationType"]) for r in data["relations"]}
    return found_statements, found_arguments, found_relations


@needs_conformance
@pytest.mark.parametrize("example", EXAMPLES)
def test_the_same_statements_arguments_and_relations_as_argdown(example):
    graph = read(CONFORMANCE / f"{example}.argdown")
    want_statements, want_arguments, want_relations = json_view(CONFORMANCE / f"{example}.json")
    got_statements, got_arguments, got_relations = argdown_view(graph)
    assert got_statements == want_statements
    assert got_arguments == want_arguments
    assert got_relations == want_relations
    # Valid Argdown: what is reported is only what a map cannot hold.
    assert {d.code.code for d in graph.diagnostics} <= {"AM503"}


@needs_conformance
@pytest.mark.parametrize("example", EXAMPLES)
def test_each_reconstruction_concludes_what_argdown_reads(example):
    """Each step of an argument's premise–conclusion structure is an
    inference, the last one concluding the argument's main conclusion with
    its inference rules as the scheme."""
    graph = read(CONFORMANCE / f"{example}.argdown")
    data = json.loads((CONFORMANCE / f"{example}.json").read_text(encoding="utf-8"))
    text = {s.id: s.title or s.text for s in graph.statements}
    reconstructed = {title: arg for title, arg in data["arguments"].items() if arg["pcs"]}
    assert {i.title for i in graph.inferences if i.title} == set(reconstructed)
    for title, arg in reconstructed.items():
        steps = [i for i in graph.inferences if i.title == title]
        conclusions = [s for s in arg["pcs"] if "inference" in s]
        assert len(steps) == len(conclusions)
        for step, conclusion in zip(steps, conclusions):
            statement = data["statements"][conclusion["title"]]
            want = conclusion["title"] if not re.fullmatch(r"Untitled \d+", conclusion["title"]) else " ".join(statement["members"][0]["text"].split())
            assert text[step.target] == want
            assert step.scheme == (", ".join(conclusion["inference"]["inferenceRules"]) or None)


@needs_conformance
def test_a_real_reconstruction_is_read_with_what_it_leaves_out():
    graph = read(CONFORMANCE / "greenspan-schefczyk_hardwrap.argdown")
    assert graph.meta == {
        "id": "greenspan_schefczyk_hardwrap",
        "title": "Why the Fed didn't Intervene to Prevent the 2008 Financial Crisis: An Analysis of Alan Greenspan's Arguments",
        "authors": ["Michael Schefczyk (argument analysis)", "Gregor Betz (adaptation to Argdown)"],
        "date": "19/10/2018",
        "year": 2018,
    }
    assert diagnostics(graph) == [
        "9:1 AM503 front-matter keys `group`, `dot`, `color` left out: a map's front matter has no place for them",
        "53:5 AM503 2 arguments without premises and conclusion imported as nodes",
        "64:1 AM503 2 headings left out: a map has no sections",
        "64:33 AM503 2 `{…}` data blocks left out (keys: isGroup)",
        # {uses: [1,2,3,4]} leaves out premise (5), which the argument needs
        "100:1 AM503 (5) of <Turnover Argument> is used by no inference: it is imported without a relation",
        "165:1 AM503 tags of 1 reconstructed argument left out (#concession)",
    ]
    by_title = {s.title: s for s in graph.statements if s.title}
    assert by_title["Against Preemption"].kind == "thesis"
    turnover = [i for i in graph.inferences if i.title == "Turnover Argument"]
    assert [(i.sources, i.target, i.scheme) for i in turnover] == [(["s7", "s8", "s9", "s10"], "bubbles_impossible", "Modus ponens")]
    # `><`: two attacks marked as one contradiction
    assert [(i.sources, i.target) for i in graph.inferences if i.scheme == "contradiction"] == [
        (["s25"], "bubbles_impossible"),
        (["bubbles_impossible"], "s25"),
    ]


@pytest.mark.parametrize("example", [*EXAMPLES, "constructs"])
def test_an_imported_file_writes_a_map_that_validates(example):
    path = HERE / "constructs.argdown" if example == "constructs" else CONFORMANCE / f"{example}.argdown"
    if not path.exists():
        pytest.skip(f"{path} is not there")
    graph = read(path)
    argmap, errors = write_and_validate(graph, str(path))
    assert errors == []
    assert [(n.id, n.kind, n.text, n.title) for n in argmap.nodes] == [(s.id, s.kind, s.text, s.title) for s in graph.statements]
    assert len(argmap.relations) == len(graph.inferences)


# --- every construct ------------------------------------------------------------------


def test_every_construct_of_argdown():
    graph = read(HERE / "constructs.argdown")
    assert graph.meta == {
        "id": "constructs",
        "title": "School uniforms: A small debate in Argdown",
        "authors": ["Ann Example", "Bo Sample"],
        "date": "12/03/2021",
        "year": 2021,
        "note": "A file that holds every Argdown construct.",
    }
    assert statements(graph) == [
        # `model: removeTagsFromText: true`: tags are taken out of the text
        ("uniforms", "thesis", "Uniforms", "Schools should require uniforms.", ["policy"], False),
        (
            "s1",
            "premise",
            None,
            "This statement has no title. It is hard-wrapped over lines and has bold, italic, a link, "
            "an escaped [bracket], the shortcode ∧ and a mention of @[Uniforms].",
            [],
            False,
        ),
        ("equality", "premise", "Equality", "Uniforms hide differences in income.", ["social-equality"], False),
        ("brands", "counterpoint", "Brands", "Pupils still show their income through shoes and bags.", [], False),
        ("focus", "rebuttal", "Focus", "Pupils think less about clothes.", [], True),
        ("freedom", "counterpoint", "Freedom", "Uniforms restrict self-expression.", ["pro-choice"], True),
        ("lessons", "rebuttal", "Lessons", "Self-expression can be taught in class.", [], False),
        ("free_dress", "counterpoint", "Free dress", "Schools should not require uniforms.", [], False),
        ("cheap_shoes", "rebuttal", "Cheap shoes", "Good shoes are cheap now.", [], True),
        ("grades", "premise", "Grades", "Grades go up.", [], False),
        ("cost", "premise", "Cost", "A uniform costs less than a wardrobe of fashionable clothes.", [], False),
        ("s2", "premise", None, "Parents pay for school clothes.", [], False),
        ("s3", "claim", None, "Uniforms save parents money.", [], False),
        ("outgrown", "counterpoint", "Outgrown", "Children outgrow a uniform within a year.", [], False),
        ("s4", "premise", None, "What saves parents money should be required.", [], False),
        ("cheap_elsewhere", "counterpoint", "Cheap elsewhere", "Cheap clothes are sold everywhere.", [], False),
        ("second_hand", "counterpoint", "Second-hand", "Second-hand uniforms are sold out.", [], False),
        ("skeptic", "counterpoint", "Skeptic", "Nobody has measured the savings.", [], False),
        ("listed", "premise", "Listed", "A list item is a statement.", [], False),
        ("listed_argument", "premise", "Listed argument", "So is an argument in a list.", [], True),
        # a line break between two CJK characters joins them with no space
        ("colour", "premise", "Colour", "制服應該是藍色的，這樣比較好看。", [], False),
    ]
    assert inferences(graph) == [
        ("supports", ["equality"], "uniforms", None, None, None, None),
        ("attacks", ["brands"], "equality", "i1", None, None, None),
        ("supports", ["focus"], "uniforms", None, None, None, None),
        ("attacks", ["freedom"], "uniforms", None, None, None, None),
        ("attacks", ["lessons"], "freedom", None, None, None, None),
        ("attacks", ["uniforms"], "free_dress", None, "contradiction", None, None),
        ("attacks", ["free_dress"], "uniforms", None, "contradiction", None, None),
        ("supports", ["focus"], "grades", None, None, None, None),
        ("attacks", ["focus"], "free_dress", None, None, None, None),
        # {uses: [1, 2]} for the first step; the second uses what follows the first conclusion
        ("supports", ["cost", "s2"], "s3", "cost_argument_1", "Modus ponens", "Cost argument", None),
        ("supports", ["s3", "s4"], "uniforms", "cost_argument", None, "Cost argument", None),
        # an attack on <Cost argument> is aimed at its conclusion
        ("attacks", ["second_hand"], "uniforms", None, None, None, "cost_argument"),
        ("supports", ["listed"], "listed_argument", None, None, None, None),
        ("undercuts", ["cheap_shoes"], "i1", None, None, None, None),
        ("undercuts", ["outgrown"], "cost_argument_1", None, None, None, None),
        ("undercuts", ["cheap_elsewhere"], "cost_argument", None, None, None, None),
        ("undercuts", ["skeptic"], "cost_argument", None, None, None, None),
    ]
    assert [i.note for i in graph.inferences if i.note] == ["Uniforms save parents money."]
    assert diagnostics(graph) == [
        "9:1 AM503 front-matter keys `color`, `model` left out: a map's front matter has no place for them",
        "19:1 AM503 2 headings left out: a map has no sections",
        "19:16 AM503 2 `{…}` data blocks left out (keys: isGroup, source)",
        "25:1 AM503 the address of 1 link left out: a node's text keeps only the link's words",
        "30:13 AM503 tag `social equality` becomes `#social-equality`: an argmap tag is one word",
        "33:6 AM503 4 arguments without premises and conclusion imported as nodes",
        "47:1 AM503 tags of 1 reconstructed argument left out (#pro)",
        "61:3 AM503 an attack on the argument <Cost argument> is aimed at its conclusion",
    ]


def test_the_view_of_every_construct():
    got_statements, got_arguments, got_relations = argdown_view(read(HERE / "constructs.argdown"))
    assert got_arguments == {"Focus", "Freedom", "Cheap shoes", "Cost argument", "Listed argument"}
    assert "Parents pay for school clothes." in got_statements and "Focus" not in got_statements
    assert got_relations == {
        ("Equality", "Uniforms", "support"),
        ("Brands", "Equality", "attack"),
        ("Focus", "Uniforms", "support"),
        ("Freedom", "Uniforms", "attack"),
        ("Lessons", "Freedom", "attack"),
        ("Uniforms", "Free dress", "contradictory"),
        ("Focus", "Grades", "support"),
        ("Focus", "Free dress", "attack"),
        ("Second-hand", "Cost argument", "attack"),
        ("Listed", "Listed argument", "support"),
        ("Cheap shoes", "Brands", "undercut"),
        ("Outgrown", "Cost argument", "undercut"),
        ("Cheap elsewhere", "Cost argument", "undercut"),
        ("Skeptic", "Cost argument", "undercut"),
    }


# --- relations, one symbol at a time -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("[A]: a\n  + [B]: b\n", [("supports", "b", "a", None, None)]),
        ("[A]: a\n  <+ [B]: b\n", [("supports", "b", "a", None, None)]),
        ("[A]: a\n  - [B]: b\n", [("attacks", "b", "a", None, None)]),
        ("[A]: a\n  <- [B]: b\n", [("attacks", "b", "a", None, None)]),
        ("[A]: a\n  +> [B]: b\n", [("supports", "a", "b", None, None)]),
        ("[A]: a\n  -> [B]: b\n", [("attacks", "a", "b", None, None)]),
        ("[A]: a\n  >< [B]: b\n", [("attacks", "a", "b", None, "contradiction"), ("attacks", "b", "a", None, "contradiction")]),
        # An undercut attacks the inference its target makes.
        ("[A]: a\n  + [B]: b\n\n[B]\n  <_ [C]: c\n", [("supports", "b", "a", "i1", None), ("undercuts", "c", "i1", None, None)]),
        ("[A]: a\n  + [B]: b\n\n[B]\n  _ [C]: c\n", [("supports", "b", "a", "i1", None), ("undercuts", "c", "i1", None, None)]),
        ("[C]: c\n  _> <B>: b\n    +> [A]: a\n", [("supports", "b", "a", "i1", None), ("undercuts", "c", "i1", None, None)]),
        # Nesting: each relation belongs to the line it is indented under.
        (
            "[A]: a\n  + [B]: b\n    - [C]: c\n      + [D]: d\n  - [E]: e\n",
            [("supports", "b", "a", None, None), ("attacks", "c", "b", None, None), ("supports", "d", "c", None, None), ("attacks", "e", "a", None, None)],
        ),
        # Given twice, a relation is one (a contradiction either way round, too).
        ("[A]: a\n  + [B]: b\n  + [B]\n", [("supports", "b", "a", None, None)]),
        ("[A]: a\n  >< [B]: b\n\n[B]\n  >< [A]\n", [("attacks", "a", "b", None, "contradiction"), ("attacks", "b", "a", None, "contradiction")]),
    ],
)
def test_each_relation_symbol(text, want):
    graph = read(text, "r.argdown")
    assert relations(graph) == want
    assert not [d for d in graph.diagnostics if d.severity >= d.code.severity.ERROR]


def test_an_undercut_of_an_undercut():
    graph = read("<Y>: y\n  _> <Z>: z\n    +> [C]: c\n\n[X]: x\n  _> <Y>\n", "u.argdown")
    assert relations(graph) == [
        ("supports", "z", "c", "i1", None),
        ("undercuts", "y", "i1", "i2", None),
        ("undercuts", "x", "i2", None, None),
    ]
    assert argdown_view(graph)[2] == {("Z", "C", "support"), ("Y", "Z", "undercut"), ("X", "Y", "undercut")}


def test_an_argument_speaks_through_its_conclusion():
    """Argdown reads what a reconstructed argument supports or attacks as
    said by its main conclusion, and an undercut of it as an undercut of its
    last inference; relations from a bare argument stay its own."""
    text = "<A>\n  +> [T]: t\n  <_ [U]: u\n\n(1) p\n----\n(2) [C]: c\n"
    graph = read(text, "a.argdown")
    assert relations(graph) == [
        ("supports", "c", "t", None, None),
        ("supports", "s1", "c", "a", None),
        ("undercuts", "u", "a", None, None),
    ]
    assert graph.diagnostics == []
    # An argument that supports its own conclusion says nothing more.
    graph = read("<A>\n  +> [C]\n\n(1) p\n----\n(2) [C]: c\n", "a.argdown")
    assert relations(graph) == [("supports", "s1", "c", "a", None)]


def test_an_argument_written_only_by_its_title_is_shown_by_its_title():
    # As a block of its own it is Argdown's usual sketch; only inside a relation is it a likely slip.
    graph = read("<A>\n  <+ [B]: b\n\n[C]: c\n  - <D>\n", "t.argdown")
    assert [(s.id, s.text, s.argument) for s in graph.statements] == [("a", "A", True), ("b", "b", False), ("c", "c", False), ("d", "D", True)]
    assert diagnostics(graph) == [
        "1:1 AM503 2 arguments without premises and conclusion imported as nodes",
        "5:5 AM503 <D> is only referred to, never described: its title becomes its text",
    ]


def test_a_relation_that_repeats_a_step_is_that_step():
    text = "[C]: c\n  + [P]: p\n\n<A>\n  <_ [U]: u\n\n(1) [P]\n----\n(2) [C]\n\n<B>\n\n(1) [P]\n----\n(2) [C]\n"
    graph = read(text, "d.argdown")
    assert inferences(graph) == [("supports", ["p"], "c", "a", None, "A", None), ("undercuts", ["u"], "a", None, None, None, None)]
    assert diagnostics(graph) == ["14:1 AM503 <B> draws the same inference as <A>, from the same premises: it is kept once, as <A>"]


def test_a_premise_used_twice_and_a_conclusion_used_again():
    text = "<A>\n\n(1) [P]: p\n(2) q\n-- {uses: [1, 2]} --\n(3) [R]: r\n(4) s\n-- {uses: [1, 3, 4]} --\n(5) t\n"
    graph = read(text, "a.argdown")
    assert relations(graph) == [("supports", "p+s1", "r", "a_1", None), ("supports", "p+r+s2", "s3", "a", None)]


def test_text_is_read_as_argdown_reads_it():
    text = (
        "[A]: one **two** __three__ *four* _five_ [six](http://x.org) \\#seven .->. :A: :smile: #eight @[A] @<B>\n\n"
        "[B]: snake_case and a * star and an open **bold\n"
    )
    graph = read(text, "t.argdown")
    assert [s.text for s in graph.statements] == [
        "one two three four five six #seven → ∀ :smile: #eight @[A] @<B>",
        "snake_case and a * star and an open **bold",
    ]
    assert graph.statements[0].tags == ["eight"]


def test_the_map_is_named_after_the_file_or_its_first_heading(tmp_path):
    path = tmp_path / "2021 debate.argdown"
    path.write_text("# Uniforms in schools\n\n[A]: a\n", encoding="utf-8")
    assert read(path).meta == {"id": "m2021_debate", "title": "Uniforms in schools"}
    assert read("[A]: a\n").meta == {"id": "argdown", "title": "argdown"}
    # The front matter's title wins over a heading.
    assert read("===\ntitle: T\n===\n\n# H\n\n[A]: a\n", "x.argdown").meta["title"] == "T"


def test_statements_with_one_title_are_one_statement():
    graph = read("[A]: first wording\n\n[A]: second wording\n\n[A]\n  + [B]: b\n", "e.argdown")
    assert statements(graph) == [("a", "thesis", "A", "first wording", [], False), ("b", "premise", "B", "b", [], False)]
    assert graph.statements[0].note == "Also stated as: second wording"


def test_ids_are_identifiers_made_from_titles():
    graph = read(
        "[Against Preemption]: a\n\n[2008 crisis]: b\n\n[claim]: c\n\n[s1]: d\n\nuntitled\n\n"
        "[A very long title that goes on and on beyond forty characters]: e\n\n[against preemption]: f\n",
        "i.argdown",
    )
    assert [s.id for s in graph.statements] == [
        "against_preemption",
        "s2008_crisis",
        "claim_",  # a keyword of the language is never an id
        "s1",
        "s2",  # untitled: numbered, after the ids that titles took
        "a_very_long_title_that_goes_on_and_on",
        "against_preemption_2",
    ]


# --- what is wrong, located ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("===\ntitle: x\n\n[A]: a\n", ["1:1 AM501 the front matter opened with `===` is never closed"]),
        ("===\ntitle: [x\n===\n\n[A]: a\n", ["2:8 AM502 invalid YAML in the front matter: did not find expected ',' or ']'"]),
        ("===\n- a\n- b\n===\n\n[A]: a\n", ["2:1 AM502 the front matter is not a mapping of keys"]),
        ("===\na: &x 1\nb: *x\n===\n\n[A]: a\n", ["3:4 AM502 YAML alias `*x` in the front matter"]),
        ("===\ntitle: x\n===\n[A]: a\n", ["4:1 AM502 the front matter must be followed by an empty line"]),
        ("[A]: a\n\n  + [B]: b\n", ["3:3 AM502 relation `+` has no statement or argument above it"]),
        ("[A]: a\n+ [B]: b\n", ["2:1 AM502 relation `+` is not indented under a statement or argument"]),
        ("[A]: a\n  +\n", ["2:3 AM502 relation `+` relates to nothing"]),
        ("[A]: a\n  >< <B>: b\n", ["2:6 AM502 a contradiction `><` joins two statements, but `<B>` is an argument"]),
        ("<A>: a\n\n(1) p\n(2) q\n", ["3:1 AM502 numbered statements with no inference line `--`: a premise–conclusion structure needs a conclusion"]),
        ("<A>: a\n\n(1) p\n----\n", ["4:1 AM502 the premise–conclusion structure ends with an inference line but no conclusion"]),
        ("<A>: a\n\n(1) p\n--\nModus ponens\n\n[B]: b\n", ["4:1 AM502 inference line `--` is not closed before the empty line"]),
        ("<A>: a\n\n(1) p\n-- Modus ponens\n", ["4:1 AM502 inference line `--` is not closed before the end of the file"]),
        ("<A>: a\n\n(1) p\n-- Modus ponens\n(2) q\n", ["4:1 AM502 inference line `--` is not closed before the next numbered statement"]),
        ("<A>: a\n\n(1) p\n----\n----\n(2) q\n", ["4:1 AM502 two inference lines with no conclusion between them"]),
        ("[A]: a\n--\nrule\n--\n", ["2:1 AM502 inference line `--` outside a premise–conclusion structure"]),
        ("[A]: a\n\n----\n", ["3:1 AM502 inference line `--` after an empty line"]),
        ("<A>: a\n\n(1) p\n-- {uses: [one]} --\n(2) q\n", ["4:4 AM502 `uses` must list statement numbers, and `one` is not one"]),
        ("<A>: a\n\n(1) p\n-- {uses: [1, 3]} --\n(2) q\n", ["4:4 AM502 `uses` names (3), which is no statement before this inference's conclusion"]),
        ("<A>: a\n\n(1) p\n-- {uses: []} --\n(2) q\n", ["3:1 AM503 (1) of <A> is used by no inference: it is imported without a relation", "4:1 AM502 this inference uses no premise"]),
        ("<A>: a\n\n(1) [P]: p\n----\n(2) [P]\n", ["5:1 AM502 (1) is both a premise and the conclusion of the same inference"]),
        ("This has [brackets] inside.\n", ["1:10 AM502 a statement reference `[…]` in the middle of text"]),
        ("[A] is nice\n", ["1:1 AM503 [A] is only referred to, never stated: its title becomes its text", "1:5 AM502 text after the reference `[A]`"]),
        ("[A]: a {x: 1} more\n", ["1:8 AM503 1 `{…}` data block left out (keys: x)", "1:15 AM502 text after a `{…}` data block"]),
        ("[A]: a {x: [1}\n", ["1:14 AM502 invalid YAML in a statement's data block: did not find expected ',' or ']'"]),
        ("[A]: a {- x}\n", ["1:9 AM502 invalid YAML in a statement's data block: did not find expected node content"]),
        ("[A]: a {{x: 1}: y}\n", ["1:9 AM502 invalid YAML in a statement's data block: found unhashable key"]),
        ("[A]: a {\n- x\n}\n", ["2:1 AM502 a statement's data block is not a mapping of keys"]),
        ("[A]: a\n\n(1)\n(2) b\n", ["3:1 AM502 numbered statement (1) without text"]),
        ("<A>\n\n(1) <B>\n----\n(2) b\n", ["3:1 AM502 numbered statement (1) without text"]),
        ("****\n", ["1:1 AM503 a statement with no words: `****` becomes its text"]),
        ("<A>: a\n(1) p\n----\n(2) q\n", ["2:1 AM502 a premise–conclusion structure must be separated from its argument's title by an empty line"]),
        ("[A]: a /* note\n\n[B]: b\n", ["1:8 AM502 comment opened with `/*` is never closed"]),
        ("[A]: a\n# Heading\n", ["2:1 AM502 a heading directly after text"]),
        ("[A]: a\n  * [B]: b\n", ["2:3 AM502 list item directly after text"]),
        ("[A]: a\n  + [B]: b\n[C]: c\n", ["3:1 AM502 a statement title `[…]:` after a relation's text"]),
        # Warnings: what is read, but not as written.
        # Argdown reads `[A]:` and `<A>:` with nothing after the colon as A without a text.
        ("[A]:\n  + [B]: b\n", ["1:1 AM503 [A] is only referred to, never stated: its title becomes its text"]),
        ("<A>:\n", ["1:1 AM503 1 argument without premises and conclusion imported as a node"]),
        ("[A]:\n\n[A]: a\n  + [B]: b\n", []),
        # Argdown reads a relation from a statement or argument to itself; a map cannot hold one.
        ("[A]: a\n  + [A]\n", ["2:3 AM503 a relation from a statement to itself is left out"]),
        ("[A]: a\n  + [B]: b\n    - [B]\n", ["3:5 AM503 a relation from a statement to itself is left out"]),
        ("<A>\n\n(1) a\n----\n(2) b\n\n<A>\n\n(1) c\n----\n(2) d\n", ["3:1 AM503 the argument <A> is reconstructed twice; the first premise–conclusion structure is left out"]),
        ("[Alpha]: a\n  + [Alpah]\n", ["2:5 AM503 [Alpah] is only referred to, never stated: its title becomes its text"]),
        ("[A]: a\n  <_ [B]: b\n", ["2:3 AM503 an undercut of [A] is left out: it is no reason for anything, so there is no inference to undercut"]),
        (
            "<A>: a\n  +> [B]: b\n  +> [C]: c\n\n[X]: x\n  _> <A>\n",
            [
                "1:1 AM503 1 argument without premises and conclusion imported as a node",
                "6:3 AM503 <A> bears on 2 statements; the undercut is imported as an undercut of its relation to [B] only",
            ],
        ),
        ("[S]: s\n\n(1) a\n----\n(2) b\n", ["3:1 AM503 an argument without a title: its inferences are kept, not that they make one argument"]),
        ("[A]: a #(#)\n", ["1:8 AM503 tag `#(#)` left out: it has no letters or digits"]),
        ("[A]: a #2020\n", ["1:8 AM503 tag `2020` becomes `#_2020`: an argmap tag is one word"]),
    ],
)
def test_malformed_input_is_reported_where_it_is(text, want):
    graph = read(text, "bad.argdown")
    assert diagnostics(graph) == want


def test_several_mistakes_in_one_file_are_all_reported():
    graph = read("[A]: a\n+ [B]: b\n\n[C]: c\n  >< <D>\n\n[E]: e\n", "several.argdown")
    assert diagnostics(graph) == [
        "2:1 AM502 relation `+` is not indented under a statement or argument",
        "5:6 AM502 a contradiction `><` joins two statements, but `<D>` is an argument",
    ]
    assert [s.title for s in graph.statements] == ["A", "E"]


def test_a_diagnostic_as_the_user_reads_it():
    graph = read("[A]: a\n\n  + [B]: b\n", "bad.argdown")
    assert render("text", graph.diagnostics, columns=80) == (
        "bad.argdown:3:3: error[AM502] relation `+` has no statement or argument above it\n"
        "  |\n"
        "3 |   + [B]: b\n"
        "  |   ^\n"
        "  = hint: write a relation on the line right below its statement or argument,\n"
        "          indented, with no empty line between\n"
        "\n"
        "Found 1 error; no file was checked.\n"
    )


def test_relations_nested_too_deep_are_refused():
    text = "[A]: a\n" + "".join("  " * (i + 1) + f"+ [N{i}]: n\n" for i in range(70))
    graph = read(text, "deep.argdown")
    assert diagnostics(graph)[0] == "66:131 AM502 relations nest more than 64 levels deep"


def test_many_mistakes_in_nested_relations_do_not_add_up_to_a_nesting_too_deep():
    text = "".join(f"[A{i}]: a\n  + [B{i}]: b\n    >< <C>\n\n" for i in range(80)) + "[Z]: z\n  + [Y]: y\n"
    graph = read(text, "many.argdown")
    assert {d.message for d in graph.diagnostics} == {"a contradiction `><` joins two statements, but `<C>` is an argument"}
    assert relations(graph) == [("supports", "y", "z", None, None)]


def test_files_that_cannot_be_read(tmp_path):
    binary = tmp_path / "binary.argdown"
    binary.write_bytes(b"[A]: caf\xe9\n")
    assert diagnostics(read(binary)) == ["AM501 " + f"{binary} is not UTF-8 text (byte 0xe9 on line 1)"]
    assert diagnostics(read(tmp_path / "missing.argdown")) == ["AM501 " + f"cannot read {tmp_path / 'missing.argdown'}: No such file or directory"]
    assert diagnostics(read("[A]: a\x00\n", "nul.argdown")) == ["1:7 AM501 not an Argdown text: it holds a NUL byte (line 1)"]
    assert diagnostics(read("\n \n", "empty.argdown")) == ["AM501 nothing to import: the file holds no Argdown statement or argument"]


def test_line_ends_and_byte_order_mark(tmp_path):
    path = tmp_path / "crlf.argdown"
    path.write_bytes("\ufeff[A]: a\r\n  + [B]: b\r\n\r\n[C]: c\r".encode())
    graph = read(path)
    assert statements(graph) == [("a", "thesis", "A", "a", [], False), ("b", "premise", "B", "b", [], False), ("c", "premise", "C", "c", [], False)]
    assert graph.meta["id"] == "crlf"


# --- hostile input -----------------------------------------------------------------------

_PIECES = [
    "[A]", "[A]:", "<B>", "<B>:", "@[A]", "@<B>", " ", "  ", "\t", "\n", "\n\n", "+", "-", "<+", "<-", "+>", "->",
    "><", "_", "<_", "_>", "(1)", "(2)", "--", "----", "# ", "#tag", "#(a b)", "{", "}", "{a: 1}", "{uses: [1]}",
    "===", "text", "*", "**", "__", "_x_", "//", "/*", "*/", "<!--", "-->", "\\", "1.", "* ", "中文", ":", ".", ".^.",
    "[x](y)", "\x00", "\r",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_any_text_is_read_without_a_traceback(text):
    graph = read(text, "f.argdown")
    for d in graph.diagnostics:
        assert d.code.code in ("AM501", "AM502", "AM503")
        if d.span is not None:
            assert 0 <= d.span.start <= d.span.end <= len(d.span.file.text)
    ids = [s.id for s in graph.statements]
    assert len(ids) == len(set(ids))
    assert all(src in ids for i in graph.inferences for src in i.sources)


_DATA = re.compile(r"\{(?:(?!\}\s[^,}])(?:.|\n))*\}(?!\s*[,}])")  # Argdown's own pattern for a `{…}` block


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="{} ,x\n", max_size=16))
def test_data_blocks_end_where_argdown_ends_them(text):
    ends = DataEnds(text)
    for i, ch in enumerate(text):
        if ch == "{":
            m = _DATA.match(text, i)
            assert ends.end(i) == (m.end() if m else None)


def _best(work, arg) -> float:
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            work(arg)
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def _assert_linear(make, n: int) -> None:
    """read(make(10n)) takes at most 30 times read(make(n)): ~10 when linear."""
    small, large = make(n), make(10 * n)
    read(small)
    ratio = _best(read, large) / max(_best(read, small), 1e-4)
    assert ratio < 30, f"10x the input took {ratio:.0f}x the time"


def test_reading_is_linear_in_the_size_of_the_file():
    def make(n):
        parts = []
        for i in range(n):
            parts.append(f"[T{i}]: claim {i}\n  + [S{i}]: reason {i}\n  - <K{i}>: objection {i}\n    <_ [U{i}]: undercut {i}")
            parts.append(f"<R{i}>: argument {i}\n\n(1) premise {i}\n(2) [S{i}]\n-- rule {{uses: [1, 2]}} --\n(3) [T{i}]")
        return "\n\n".join(parts) + "\n"

    _assert_linear(make, 40)


def test_many_open_braces_are_linear():
    _assert_linear(lambda n: "[A]: " + "{ x " * n + "}\n", 500)


def test_many_titles_only_referred_to_are_linear():
    _assert_linear(lambda n: "[A]: a\n" + "".join(f"  + [R{i}]\n" for i in range(n)), 100)
