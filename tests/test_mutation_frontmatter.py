"""Front matter as a user sees it, from what the mutation audit of
src/argmap/frontmatter.py found no test for: each test asserts the exact
diagnostic (text or JSON), so a change of wording, place or value fails.
"""

from __future__ import annotations

import json

import pytest

from conftest import run_cli

FM = "---\nid: a\ntitle: t\nauthors: [A]\nyear: 2000\n"


def _validate(tmp_path, name, text, *options):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return run_cli("validate", "--isolated", *options, name, cwd=tmp_path)


def _blocks(out):
    """Each diagnostic's lines up to its hint (the hint of AM157 lists every
    known key, which grows with the language)."""
    return [block.split("\n  = hint:")[0] for block in out.split("\n\n")[:-1]]


# --- a character YAML refuses -----------------------------------------------------


@pytest.mark.parametrize(
    "line, shown, column, caret, character",
    [
        ("title: 漢\x00b", "title: 漢␀b", 9, "         ^", "0000"),  # after a wide character
        ("title: A\x07b", "title: A␇b", 9, "        ^", "0007"),
        ("\x1b]0;x\x07", "␛]0;x␇", 1, "^", "001b"),  # the first refused character, not the last
    ],
)
def test_a_refused_character_is_pointed_at(tmp_path, line, shown, column, caret, character):
    # The reader gives no line; the C reader counts bytes, not characters.
    code, out, _ = _validate(tmp_path, "c.map", f"---\nid: a\n{line}\nauthors: [A]\nyear: 2000\n---\nthesis T \"x\"\n")
    assert code == 1
    assert out == (
        f"c.map:3:{column}: error[AM151] invalid YAML in front matter: unacceptable character "
        f"#x{character}: control characters are not allowed\n"
        "  |\n"
        f"3 | {shown}\n"
        f"  | {caret}\n"
        f'  = hint: remove it, or write it as the escape "\\u{character}" inside double quotes\n'
        "\n"
        "Found 1 error in 1 file.\n"
    )


def test_a_refused_character_on_the_first_line_of_yaml(tmp_path):
    code, out, _ = _validate(tmp_path, "c.map", '---\nid: a\x07\ntitle: t\nauthors: [A]\nyear: 2000\n---\nthesis T "x"\n', "--format", "json")
    assert code == 1
    (diag,) = json.loads(out)
    assert (diag["code"], diag["line"], diag["column"], diag["end_line"], diag["end_column"]) == ("AM151", 2, 6, 2, 7)


# --- tags and values YAML accepts but no value can hold --------------------------


def test_an_unsafe_tag_holding_a_quote_is_named(tmp_path):
    code, out, _ = _validate(tmp_path, "t.map", FM + "note: !foo'bar x\n---\nthesis T \"x\"\n")
    assert code == 1
    assert _blocks(out) == ["t.map:6:7: error[AM152] YAML tag `!foo'bar` is not allowed in front matter\n  |\n6 | note: !foo'bar x\n  |       ^"]


@pytest.mark.parametrize(
    "tag, message",
    [
        ("int", "`abc` is not a usable number: invalid literal for int() with base 10: 'abc'"),
        ("float", "`abc` is not a number: could not convert string to float: 'abc'"),
        ("bool", "`abc` is not true or false"),
    ],
)
def test_an_explicit_tag_on_the_wrong_text(tmp_path, tag, message):
    code, out, _ = _validate(tmp_path, "v.map", FM + f"n1: !!{tag} abc\n---\nthesis T \"x\"\n")
    assert code == 1
    assert out == (
        f"v.map:6:5: error[AM151] {message}\n"
        "  |\n"
        f"6 | n1: !!{tag} abc\n"
        "  |     ^\n"
        "  = hint: quote it to keep it as text\n"
        "\n"
        "Found 1 error in 1 file.\n"
    )


def test_null_takes_any_text_but_not_a_list(tmp_path):
    code, out, _ = _validate(tmp_path, "n.map", FM + "n1: !!null abc\nn2: !!null [a]\n---\nthesis T \"x\"\n")
    assert code == 1
    assert _blocks(out) == ["n.map:7:5: error[AM151] invalid YAML in front matter: expected a scalar node, but found sequence\n  |\n7 | n2: !!null [a]\n  |     ^"]


def test_a_list_as_a_key_is_not_plain_text(tmp_path):
    code, out, _ = _validate(tmp_path, "k.map", FM + "? [a]\n: b\n---\nthesis T \"x\"\n")
    assert code == 1
    assert out == (
        "k.map:6:3: error[AM151] invalid YAML in front matter: a key must be plain text\n"
        "  |\n"
        "6 | ? [a]\n"
        "  |   ^\n"
        "  --> k.map:2:1: while constructing a mapping\n"
        "  |\n"
        "2 | id: a\n"
        "  | ^\n"
        "\n"
        "Found 1 error in 1 file.\n"
    )


def test_numbers_json_cannot_carry_anywhere_in_a_value(tmp_path):
    code, out, _ = _validate(tmp_path, "f.map", FM + "extra: {a: [1, {b: .nan}]}\nlow: -.inf\n---\nthesis T \"x\"\n")
    assert code == 1
    assert out == (
        "f.map:6:1: error[AM155] `extra` holds .nan, which is not a number JSON can carry (quote it to keep it as text)\n"
        "  |\n"
        "6 | extra: {a: [1, {b: .nan}]}\n"
        "  | ^^^^^\n"
        "\n"
        "f.map:7:1: error[AM155] `low` holds -.inf, which is not a number JSON can carry (quote it to keep it as text)\n"
        "  |\n"
        "7 | low: -.inf\n"
        "  | ^^^\n"
        "\n"
        "Found 2 errors in 1 file.\n"
    )


def test_dates_nested_in_a_value_are_exported_as_text(tmp_path):
    (tmp_path / "d.map").write_text(FM + "extra: {when: 2020-01-02, list: [2021-03-04]}\n---\nthesis T \"x\"\n", encoding="utf-8")
    code, out, _ = run_cli("export", "d.map", cwd=tmp_path)
    assert code == 0
    assert json.loads(out)["maps"][0]["meta"]["extra"] == {"when": "2020-01-02", "list": ["2021-03-04"]}


# --- types of the known keys -----------------------------------------------------


def test_wrong_types_name_the_type(tmp_path):
    text = '---\nid: a\ntitle: {x: y}\nauthors: [A]\nyear: 2.5\ndate: 5\n---\nthesis T "x"\n'
    code, out, _ = _validate(tmp_path, "w.map", text)
    assert code == 1
    assert _blocks(out) == [
        "w.map:3:1: error[AM155] `title` must be text, not mapping {'x': 'y'}\n  |\n3 | title: {x: y}\n  | ^^^^^",
        "w.map:5:1: error[AM155] `year` must be a whole number, not number 2.5\n  |\n5 | year: 2.5\n  | ^^^^",
        "w.map:6:1: error[AM155] `date` must be a date such as 2026-02-09, not number\n  |\n6 | date: 5\n  | ^^^^",
    ]


def test_front_matter_that_is_a_list_is_marked_on_its_first_line(tmp_path):
    code, out, _ = _validate(tmp_path, "l.map", '---\n- a\n- bbbbbb\n---\nthesis T "x"\n', "--format", "json")
    assert code == 1
    (diag,) = json.loads(out)
    assert (diag["code"], diag["line"], diag["column"], diag["end_line"], diag["end_column"]) == ("AM153", 2, 1, 2, 4)
    assert diag["message"] == "front matter must be a mapping of keys, not a list"


# --- where a key is found ---------------------------------------------------------


def test_keys_holding_colons_and_spaces_before_the_colon_are_found(tmp_path):
    # `a:bcdefghij: x` holds the key `a:bcdefghij` (its second colon ends it),
    # `a:: y` the key `a:`, and `year : true` the key `year`.
    text = "---\nid: a\ntitle: t\nauthors: [A]\nyear : true\na:bcdefghij: x\na:: y\n---\nthesis T \"x\"\n"
    code, out, _ = _validate(tmp_path, "c.map", text)
    assert code == 1
    assert _blocks(out) == [
        "c.map:5:1: error[AM155] `year` must be a whole number, not boolean True\n  |\n5 | year : true\n  | ^^^^",
        "c.map:6:1: warning[AM157] unknown front-matter key `a:bcdefghij`\n  |\n6 | a:bcdefghij: x\n  | ^^^^^^^^^^^",
        "c.map:7:1: warning[AM157] unknown front-matter key `a:`\n  |\n7 | a:: y\n  | ^^",
    ]


def test_a_key_not_written_as_key_colon_is_reported_at_the_fence(tmp_path):
    # In a flow mapping `id_` starts a line with no colon, and `"": x` and
    # `1: y` are not found as `key:` at the start of a line: all are
    # reported at the opening fence (its three characters), as a missing
    # key is.
    text = '---\n{title: t, authors: [A], id: 1, "": x, 1: y,\nid_\n}\n---\nthesis T "x"\n'
    code, out, _ = _validate(tmp_path, "f.map", text, "--format", "json")
    assert code == 1
    got = [(d["code"], d["message"], d["line"], d["column"], d["end_line"], d["end_column"]) for d in json.loads(out)]
    assert got == [
        ("AM154", "front matter has no `year`", 1, 1, 1, 4),
        ("AM155", "`id` must be an identifier (letters, digits and _), not 1", 1, 1, 1, 4),
        ("AM155", "front-matter key 1 is not a string", 1, 1, 1, 4),
        ("AM157", "unknown front-matter key ``", 1, 1, 1, 4),
        ("AM157", "unknown front-matter key `id_` — did you mean `id`?", 1, 1, 1, 4),
    ]


def test_a_line_that_starts_with_a_colon_holds_no_key(tmp_path):
    # `: v` is the value of the explicit key `? k` above it, not an empty key.
    text = FM + '? k\n: v\n"": x\n---\nthesis T "x"\n'
    code, out, _ = _validate(tmp_path, "e.map", text)
    assert code == 0
    assert [block.splitlines()[0] for block in _blocks(out)] == [
        "e.map:1:1: warning[AM157] unknown front-matter key `k`",
        "e.map:1:1: warning[AM157] unknown front-matter key ``",
    ]


def test_at_most_eight_colons_of_a_line_end_a_key(tmp_path):
    # A bound on the work per line (a line of colons would otherwise make
    # a key of every prefix): a key holding eight colons is not looked for
    # past them and is reported at the fence; one with seven is found.
    text = FM + "xy: 2\nx: 1\nb:1:2:3:4:5:6:7: x\nc:1:2:3:4:5:6:7:8: x\n---\nthesis T \"x\"\n"
    code, out, _ = _validate(tmp_path, "k.map", text)
    assert code == 0
    assert [block.splitlines()[0] for block in _blocks(out)] == [
        "k.map:1:1: warning[AM157] unknown front-matter key `c:1:2:3:4:5:6:7:8`",
        "k.map:6:1: warning[AM157] unknown front-matter key `xy`",
        "k.map:7:1: warning[AM157] unknown front-matter key `x`",
        "k.map:8:1: warning[AM157] unknown front-matter key `b:1:2:3:4:5:6:7`",
    ]


def test_an_alias_is_marked_with_its_name(tmp_path):
    text = FM + 'note: &n text\nnote2: *n\n---\nthesis T "x"\n'
    code, out, _ = _validate(tmp_path, "a.map", text)
    assert code == 1
    assert out.split("\n  = hint:")[0] == (
        "a.map:7:8: error[AM159] YAML alias `*n` in front matter\n"
        "  |\n"
        "7 | note2: *n\n"
        "  |        ^^"
    )
    code, out, _ = _validate(tmp_path, "a.map", text, "--format", "json")
    (diag,) = json.loads(out)
    assert (diag["line"], diag["column"], diag["end_line"], diag["end_column"]) == (7, 8, 7, 10)


def test_authors_must_be_names(tmp_path):
    code, out, _ = _validate(tmp_path, "n.map", '---\nid: a\ntitle: t\nauthors: ["  "]\nyear: 2000\n---\nthesis T "x"\n')
    assert code == 1
    assert _blocks(out) == [
        "n.map:4:1: error[AM155] `authors` must be a non-empty list of names, not list ['  ']\n  |\n4 | authors: [\"  \"]\n  | ^^^^^^^"
    ]


def test_a_value_of_sixty_characters_is_quoted_whole_and_a_longer_one_cut(tmp_path):
    # The repr of 58 letters is 60 characters: the limit, shown whole.
    for letters, shown in (("a" * 58, "'" + "a" * 58 + "'"), ("a" * 59, "'" + "a" * 58 + "…")):
        code, out, _ = _validate(tmp_path, "y.map", f"---\nid: a\ntitle: t\nauthors: [A]\nyear: {letters}\n---\nthesis T \"x\"\n")
        assert code == 1
        assert out.splitlines()[0] == f"y.map:5:1: error[AM155] `year` must be a whole number, not string {shown}"
