"""`argmap fmt`: the canonical layout (case files with expected output, as
black keeps them), its promises (idempotent, model-preserving, every
comment kept) on every map we have and on generated ones, and the CLI."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import format as F
from argmap.corpus import decode, parse_bytes
from argmap.source import SourceFile
from conftest import CASES, MAPS, TESTS, run_cli

FORMAT = TESTS / "format"
INPUTS = sorted(p for p in FORMAT.glob("*.map") if ".expected" not in p.name)


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def parsed(text: str, path: str = "m.map"):
    doc, argmap, diags = F._read(SourceFile(path, text))
    assert doc is not None, [d.message for d in diags]
    return doc, argmap


def assert_fmt_promises(text: str, indent: int = 2) -> str:
    """fmt once = fmt twice, the same model, the same comments; returns the output."""
    out = F.format_text(text, indent=indent)
    assert F.format_text(out, indent=indent) == out, "not idempotent"
    doc_in, model_in = parsed(text)
    doc_out, model_out = parsed(out)
    assert F.model_dict(model_in) == F.model_dict(model_out)
    assert F.comment_texts(doc_in) == F.comment_texts(doc_out)
    assert len(doc_in.comments) == len(doc_out.comments)
    return out


# --- case files ------------------------------------------------------------------


@pytest.mark.parametrize("case", INPUTS, ids=lambda p: p.stem)
def test_case_file(case):
    expected = read(case.with_suffix(".expected.map"))
    assert assert_fmt_promises(read(case)) == expected
    assert F.format_text(expected) == expected


def test_indent_four():
    case = FORMAT / "layout.map"
    expected = read(FORMAT / "layout.indent4.expected.map")
    assert assert_fmt_promises(read(case), indent=4) == expected
    # Switching back gives the two-space layout.
    assert F.format_text(expected, indent=2) == read(FORMAT / "layout.expected.map")


def test_bad_indent_is_refused():
    with pytest.raises(ValueError):
        F.format_text('thesis T "x"\n', indent=3)


def test_syntax_error_is_refused_with_diagnostics():
    out, diags = F.format_source(SourceFile("x.map", 'thesis T "x" {\n'))
    assert out is None
    assert [d.code.code for d in diags] == ["AM104"]


# --- every map we have -------------------------------------------------------------


def _parsing_files():
    out = []
    for path in sorted(MAPS.glob("*.map")) + sorted(CASES.glob("*.map")):
        argmap, _ = parse_bytes(str(path), path.read_bytes())
        if argmap is not None:
            out.append(path)
    return out


@pytest.mark.parametrize("path", _parsing_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_map_keeps_its_meaning(path):
    data = path.read_bytes()
    result = F.format_bytes(str(path), data)
    assert result.ok, result.error
    assert F.format_bytes(str(path), result.formatted).formatted == result.formatted
    source, _ = decode(str(path), data)
    out_source, _ = decode(str(path), result.formatted)
    assert_fmt_promises(source.text)
    # The same problems are found (a suppression comment still silences
    # what it silenced: a trailing comment stays on its line).
    assert _codes(str(path), data) == _codes(str(path), result.formatted)
    assert data.startswith(F.BOM) == result.formatted.startswith(F.BOM)
    assert (b"\r\n" in data) == (b"\r\n" in result.formatted)
    assert out_source.text.endswith("\n")


def _codes(path, data):
    from argmap import checks
    from argmap import config as C
    from argmap.corpus import Corpus

    argmap, diags = parse_bytes(path, data)
    corpus = Corpus(maps=[argmap])
    diags = C.apply(diags + checks.run(corpus), C.Config(), {path: argmap.suppressions})
    return sorted((d.code.code, d.message) for d in diags)


def test_bundled_maps_are_formatted():
    """CI runs `argmap fmt --check maps/`."""
    for path in sorted(MAPS.glob("*.map")):
        result = F.format_bytes(str(path), path.read_bytes())
        assert not result.changed, f"{path.name} is not formatted: run `argmap fmt maps/`"


# --- generated maps -------------------------------------------------------------------

IDS = ["T", "c1", "c2", "k1", "主張1", "_x", "e3"]
TEXTS = [
    '"台日"', '"a \\"q\\" b"', '"tab\\t, \\\\"', '""', '"Taiwan–Japan"',
    '"""長\n   文"""', '"""x "y" z\n"""', '"""\n  one\n  two\n"""',
]
KINDS = ["thesis", "claim", "premise", "evidence", "counterpoint", "rebuttal", "recommendation"]
SEPARATORS = [
    " ", " ", " ", "\n", "\t", "\n\n\n  ", "  // c\n", "\n// own 註解\n", " //\n", "\r\n", "\u3000", "\n\u3000\n",
    " // argmap: ignore[AM301]\n",
]


@st.composite
def generated_maps(draw):
    toks: list[str] = []

    def text():
        return draw(st.sampled_from(TEXTS))

    def ident():
        return draw(st.sampled_from(IDS))

    def target():
        shape = draw(st.integers(0, 2))
        if shape == 0:
            return [ident()]
        if shape == 1:
            return ["m", ":", ident()]
        return [ident(), "->", ident()]

    def relation():
        out = [draw(st.sampled_from(["supports", "attacks", "undercuts", "same_as", "contradicts"]))]
        out += target()
        for _ in range(draw(st.integers(0, 2))):
            out += [","] + target()
        return out

    def entry(depth):
        choice = draw(st.integers(0, 5 if depth < 3 else 4))
        if choice == 0:
            toks.extend([draw(st.sampled_from(["en", "at", "quote", "source", "note"])), text()])
        elif choice == 1:
            toks.append(draw(st.sampled_from(["#t", "#供應鏈", "#non-traditional"])))
        elif choice in (2, 3):
            toks.extend(relation())
        elif choice == 4:
            toks.extend(["stance", draw(st.sampled_from(["security", "values"])), draw(st.sampled_from(["pro", "con", "mixed"]))])
            for keyword in draw(st.lists(st.sampled_from(["when", "if"]), max_size=2, unique=True)):
                toks.extend([keyword, text()])
        else:
            node(depth)

    def node(depth):
        toks.extend([draw(st.sampled_from(KINDS)), ident(), text()])
        if draw(st.booleans()):
            toks.append("{")
            for _ in range(draw(st.integers(0, 4))):
                entry(depth + 1)
            toks.append("}")

    for _ in range(draw(st.integers(0, 6))):
        top = draw(st.integers(0, 4))
        if top == 0:
            toks.extend([ident()] + relation())
        elif top == 1:
            toks.extend(["issue", ident(), text()])
            if draw(st.booleans()):
                toks.append("{")
                for _ in range(draw(st.integers(0, 3))):
                    if draw(st.booleans()):
                        toks.extend(["en", text()])
                    else:
                        toks.append("#q")
                toks.append("}")
        else:
            node(0)
    body = ""
    for tok in toks:
        body += tok + draw(st.sampled_from(SEPARATORS))
    head = draw(st.sampled_from(["", "---\nid: g\ntitle: 生成\nauthors: [a]\nyear: 2000  # y\n---\n"]))
    return head + draw(st.sampled_from(["", "\n", "// first\n"])) + body


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_maps(), st.booleans(), st.sampled_from([2, 4]))
def test_generated_maps_keep_their_meaning(text, bom, indent):
    data = (F.BOM if bom else b"") + text.encode("utf-8")
    result = F.format_bytes("g.map", data, indent=indent)
    assert result.ok, (result.error, [d.message for d in result.diagnostics])
    assert_fmt_promises(text, indent=indent)
    assert result.formatted.startswith(F.BOM) == bom


# --- the command line ------------------------------------------------------------------

UGLY = '---\nid: u\ntitle: 醜\nauthors: [a]\nyear: 2020\n---\nthesis T "台日" { en "Taiwan–Japan" }\n'
PRETTY = '---\nid: u\ntitle: 醜\nauthors: [a]\nyear: 2020\n---\nthesis T "台日" {\n  en "Taiwan–Japan"\n}\n'


def folder(tmp_path, **files) -> Path:
    for name, text in files.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (tmp_path / f"{name}.map").write_bytes(data)
    return tmp_path


def test_fmt_rewrites_and_reports(tmp_path):
    folder(tmp_path, ugly=UGLY, pretty=PRETTY)
    code, out, err = run_cli("fmt", ".", cwd=tmp_path)
    assert (code, out) == (0, "")
    assert err == "reformatted ugly.map\n1 file reformatted, 1 file left unchanged.\n"
    assert (tmp_path / "ugly.map").read_text(encoding="utf-8") == PRETTY
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".argmap-")]  # no temporary file left


def test_no_path_means_the_current_folder(tmp_path):
    folder(tmp_path, ugly=UGLY)
    code, _, err = run_cli("fmt", cwd=tmp_path)
    assert code == 0 and err.startswith("reformatted ugly.map\n")


def test_unchanged_file_is_not_rewritten(tmp_path):
    folder(tmp_path, pretty=PRETTY)
    before = os.stat(tmp_path / "pretty.map")
    code, _, err = run_cli("fmt", "pretty.map", cwd=tmp_path)
    assert (code, err) == (0, "1 file left unchanged.\n")
    assert os.stat(tmp_path / "pretty.map").st_ino == before.st_ino


def test_check_lists_and_writes_nothing(tmp_path):
    folder(tmp_path, ugly=UGLY, pretty=PRETTY)
    code, out, err = run_cli("fmt", "--check", ".", cwd=tmp_path)
    assert (code, out) == (1, "")
    assert err == "would reformat ugly.map\n1 file would be reformatted, 1 file would be left unchanged.\n"
    assert (tmp_path / "ugly.map").read_text(encoding="utf-8") == UGLY
    code, out, err = run_cli("fmt", "--check", "pretty.map", cwd=tmp_path)
    assert (code, out, err) == (0, "", "1 file would be left unchanged.\n")


def test_diff(tmp_path):
    folder(tmp_path, ugly=UGLY)
    code, out, err = run_cli("fmt", "--diff", "ugly.map", cwd=tmp_path)
    assert code == 0  # as black: --diff alone does not fail
    assert out == (
        "--- ugly.map\t(original)\n"
        "+++ ugly.map\t(formatted)\n"
        "@@ -4,4 +4,6 @@\n"
        " authors: [a]\n"
        " year: 2020\n"
        " ---\n"
        '-thesis T "台日" { en "Taiwan–Japan" }\n'
        '+thesis T "台日" {\n'
        '+  en "Taiwan–Japan"\n'
        "+}\n"
    )
    assert err == "would reformat ugly.map\n1 file would be reformatted.\n"
    assert (tmp_path / "ugly.map").read_text(encoding="utf-8") == UGLY
    assert run_cli("fmt", "--diff", "--check", "ugly.map", cwd=tmp_path)[0] == 1


def test_diff_colour(tmp_path, monkeypatch):
    folder(tmp_path, ugly=UGLY)
    _, out, _ = run_cli("fmt", "--diff", "--color", "always", "ugly.map", cwd=tmp_path)
    assert "\x1b[31m-thesis" in out and "\x1b[32m+}\x1b[0m\n" in out and "\x1b[36m@@" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run_cli("fmt", "--diff", "ugly.map", cwd=tmp_path)
    assert "\x1b" not in out


def test_stdin_to_stdout():
    code, out, err = run_cli("fmt", "-", input=UGLY.encode("utf-8"))
    assert (code, out, err) == (0, PRETTY, "")
    code, out, err = run_cli("fmt", "--check", "-", input=UGLY.encode("utf-8"))
    assert (code, out, err) == (1, "", "would reformat <stdin>\n1 file would be reformatted.\n")


def test_syntax_error_is_reported_as_validate_does(tmp_path):
    bad = (CASES / "unclosed_block.map").read_bytes()
    folder(tmp_path, bad=bad, ugly=UGLY)
    code, out, err = run_cli("fmt", ".", cwd=tmp_path)
    assert code == 1 and out == ""
    _, validate_out, _ = run_cli("validate", "--isolated", "bad.map", cwd=tmp_path)
    assert err == (
        "error: cannot format bad.map: it does not parse (left untouched)\n"
        + validate_out
        + "reformatted ugly.map\n"
        + "1 file reformatted, 1 file failed to reformat.\n"
    )
    assert validate_out.startswith("bad.map:7:14: error[AM104] block opened on line 7 is never closed\n")
    assert (tmp_path / "bad.map").read_bytes() == bad  # untouched
    assert (tmp_path / "ugly.map").read_text(encoding="utf-8") == PRETTY  # the others are formatted


def test_stdin_syntax_error_prints_nothing_on_stdout():
    code, out, err = run_cli("fmt", "-", input=b'thesis T "x" {\n')
    assert (code, out) == (1, "")
    assert err.startswith("error: cannot format <stdin>: it does not parse (left untouched)\n<stdin>:1:14: error[AM104]")


def test_crlf_and_bom_are_kept(tmp_path):
    crlf = UGLY.replace("\n", "\r\n").encode("utf-8")
    folder(tmp_path, crlf=crlf, bom=F.BOM + UGLY.encode("utf-8"))
    assert run_cli("fmt", ".", cwd=tmp_path)[0] == 0
    assert (tmp_path / "crlf.map").read_bytes() == PRETTY.replace("\n", "\r\n").encode("utf-8")
    assert (tmp_path / "bom.map").read_bytes() == F.BOM + PRETTY.encode("utf-8")
    from click.testing import CliRunner

    from argmap.cli import cli

    result = CliRunner().invoke(cli, ["fmt", "-"], input=F.BOM + crlf)
    assert result.exit_code == 0
    assert result.stdout_bytes == F.BOM + PRETTY.replace("\n", "\r\n").encode("utf-8")


def test_file_mode_is_kept(tmp_path):
    folder(tmp_path, ugly=UGLY)
    os.chmod(tmp_path / "ugly.map", 0o640)
    assert run_cli("fmt", "ugly.map", cwd=tmp_path)[0] == 0
    assert stat.S_IMODE(os.stat(tmp_path / "ugly.map").st_mode) == 0o640
    assert (tmp_path / "ugly.map").read_text(encoding="utf-8") == PRETTY


def test_indent_from_pyproject(tmp_path):
    folder(tmp_path, ugly=UGLY)
    (tmp_path / "pyproject.toml").write_text("[tool.argmap.fmt]\nindent = 4\n", encoding="utf-8")
    assert run_cli("fmt", "ugly.map", cwd=tmp_path)[0] == 0
    assert (tmp_path / "ugly.map").read_text(encoding="utf-8") == PRETTY.replace('  en "', '    en "')


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[tool.argmap.fmt]\nindent = 3\n", "[tool.argmap.fmt] indent = 3: use 2 or 4 (spaces per level)"),
        ("[tool.argmap.fmt]\nindent = \"4\"\n", "[tool.argmap.fmt] indent = '4': use 2 or 4 (spaces per level)"),
        ("[tool.argmap.fmt]\nindnet = 4\n", "unknown setting in [tool.argmap.fmt]: indnet — did you mean `indent`?"),
        ("[tool.argmap]\nfmt = 4\n", "[tool.argmap.fmt] must be a table, e.g. `indent = 2`"),
    ],
)
def test_bad_fmt_config_is_a_usage_error(tmp_path, toml, message):
    folder(tmp_path, ugly=UGLY)
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    code, out, err = run_cli("fmt", "ugly.map", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == f"argmap: error: {tmp_path / 'pyproject.toml'}: {message}\n"
    assert (tmp_path / "ugly.map").read_text(encoding="utf-8") == UGLY


def test_missing_path_is_a_usage_error(tmp_path):
    folder(tmp_path, ugly=UGLY)
    code, out, err = run_cli("fmt", "ugly.map", "nope.map", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err.startswith("argmap: error[AM001] nope.map: no such file or directory\n")
    assert (tmp_path / "ugly.map").read_text(encoding="utf-8") == UGLY  # nothing written


def test_quiet(tmp_path):
    folder(tmp_path, ugly=UGLY)
    assert run_cli("fmt", "-q", "--check", ".", cwd=tmp_path) == (1, "", "")


def test_pre_commit_hook_is_declared():
    import yaml

    from conftest import ROOT

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["argmap-fmt"]["entry"] == "argmap fmt"
    assert hooks["argmap-fmt"]["files"] == r"\.map$"


def test_style_guide_examples():
    """Each `argmap before` block of docs/style.md formats to the `argmap after` block that follows."""
    import re

    from conftest import ROOT

    text = (ROOT / "docs" / "style.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```argmap (before|after)\n(.*?)```", text, re.S)
    assert [kind for kind, _ in blocks][:2] == ["before", "after"]
    for (kind, before), (next_kind, after) in zip(blocks, blocks[1:]):
        if kind == "before":
            assert next_kind == "after"
            assert assert_fmt_promises(before) == after


def test_fmt_imports_neither_graphviz_nor_rich():
    from test_startup import loaded

    modules = loaded("fmt", "--check", str(CASES / "suppressed.map"))
    assert not {"graphviz", "pygraphviz", "rich"} & set(modules)


def test_exclude_skips_what_a_folder_search_finds(tmp_path):
    folder(tmp_path, ugly=UGLY)
    (tmp_path / "cases").mkdir()
    folder(tmp_path / "cases", kept=UGLY)
    (tmp_path / "pyproject.toml").write_text('[tool.argmap.fmt]\nexclude = ["cases"]\n', encoding="utf-8")
    code, _, err = run_cli("fmt", cwd=tmp_path)
    assert (code, err) == (0, "reformatted ugly.map\n1 file reformatted.\n")
    assert (tmp_path / "cases" / "kept.map").read_text(encoding="utf-8") == UGLY
    # A file named on its own is formatted all the same.
    code, _, err = run_cli("fmt", "cases/kept.map", cwd=tmp_path)
    assert (code, err) == (0, "reformatted cases/kept.map\n1 file reformatted.\n")


def test_bad_exclude_is_a_usage_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.argmap.fmt]\nexclude = "tests"\n', encoding="utf-8")
    code, _, err = run_cli("fmt", cwd=tmp_path)
    assert code == 2
    assert "[tool.argmap.fmt] exclude = 'tests': use a list of folders or globs" in err


def test_the_repository_excludes_its_test_inputs():
    """`argmap fmt` at the top of this repository leaves test inputs alone."""
    from argmap import config as C
    from conftest import ROOT

    config = C.load(C.find(ROOT))
    assert config.fmt_excluded(str(CASES / "suppressed.map"))
    assert config.fmt_excluded(str(FORMAT / "layout.map"))
    assert not config.fmt_excluded(str(MAPS / "tang2025.map"))
