"""Issue 11, classes 3 and 4 (injection and escapes; silent or misleading
outcomes), outside `render`: each class as a regression test.

- The parser is never loaded from a pickle: its tables ship with the package
  (argmap/syntax/parser_tables.py) and nothing is read from or written to a
  cache folder.
- Map text reaches no terminal raw: escape sequences, C1 controls and bidi
  controls are shown as symbols in compare's tables, CSV and Markdown, in
  evaluate's table and CSV, and in diff's text and Markdown.
- A closed pipe ends `compare` quietly; Ctrl-C is exit 130; an interrupted
  write leaves no temporary file; no output is written onto a .map file or
  onto the other output; an unreadable folder is reported, never skipped.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from argmap import cache

from conftest import CASES, MAPS, ROOT, TESTS, cache_entries, run_cli

# ---- the parser's tables -------------------------------------------------------


def test_shipped_parser_tables_are_built_from_this_grammar():
    from argmap.syntax import parser as P
    from argmap.syntax import parser_tables

    assert parser_tables.GRAMMAR_SHA256 == P.grammar_digest(P.grammar_text()), (
        "grammar/argmap.lark changed: regenerate the tables with `python -m argmap.syntax.parser`"
    )
    assert parser_tables.DRIVE_GRAMMAR_SHA256 == parser_tables.GRAMMAR_SHA256


def test_the_parser_comes_from_the_shipped_tables():
    import lark

    from argmap.syntax import parser as P
    from argmap.syntax import parser_tables
    from argmap.syntax.transform import lark_builder

    if parser_tables.LARK_VERSION != lark.__version__:
        pytest.skip(f"tables from lark {parser_tables.LARK_VERSION}, lark {lark.__version__} installed: built instead")
    assert P._from_tables(P.grammar_text(), lark_builder()) is not None


def _everything(paths):
    """What validate and export make of the files: diagnostics and model."""
    from argmap.export.json import dumps
    from argmap.validate import validate

    out = []
    for path in paths:
        result = validate([str(path)], context=False)
        diags = [(d.code.code, d.message, d.span and (d.span.start, d.span.end)) for d in result.diagnostics]
        out.append((path.name, diags, dumps(result.corpus)))
    return out


def test_the_shipped_tables_parse_as_a_fresh_build(monkeypatch):
    """Every map and case file: same diagnostics, same model, whichever way
    the parser was made."""
    from argmap.syntax import drive, parser_tables
    from argmap.syntax import parser as P

    monkeypatch.setenv("ARGMAP_NO_CACHE", "1")  # each run parses
    files = sorted(MAPS.glob("*.map")) + sorted(CASES.glob("*.map"))
    P.parser.cache_clear()
    drive._tables.cache_clear()
    try:
        shipped = _everything(files)
        with monkeypatch.context() as patch:
            patch.setattr(P, "_from_tables", lambda grammar, builder: None)
            patch.setattr(parser_tables, "DRIVE_GRAMMAR_SHA256", None)
            P.parser.cache_clear()
            drive._tables.cache_clear()
            built = _everything(files)
    finally:
        P.parser.cache_clear()
        drive._tables.cache_clear()
    assert shipped == built


PLANT = """
import os, pickle
class Run:
    def __reduce__(self):
        return (os.system, ("touch {marker}",))
payload = b"planted\\n" + pickle.dumps(Run())
for folder in {folders!r}:
    os.makedirs(folder, exist_ok=True)
    for name in ("parser-{digest16}-lark{version}.pickle", ".lark_cache.tmp"):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(payload)
"""


def test_no_parser_cache_is_read_or_written(tmp_path):
    """A pickle planted where lark's cache used to be never runs, and a run
    writes nothing but the parse cache's JSON entries under HOME: not in the
    current folder (a relative XDG_CACHE_HOME), not in the temp folder."""
    import lark

    from argmap.syntax import parser as P

    home, work, tmp = tmp_path / "home", tmp_path / "work", tmp_path / "tmp"
    for folder in (home, work, tmp):
        folder.mkdir()
    marker = tmp_path / "planted-code-ran"
    folders = [str(home / ".cache" / "argmap"), str(work / "rel" / "argmap"), str(tmp)]
    digest = P.grammar_digest(P.grammar_text())
    code = PLANT.format(marker=marker, folders=folders, digest16=digest[:16], version=lark.__version__)
    subprocess.run([sys.executable, "-c", code], check=True)
    before = sorted(p for p in tmp_path.rglob("*"))
    env = {k: v for k, v in os.environ.items() if k != "ARGMAP_CACHE_DIR"}
    env.update({"HOME": str(home), "XDG_CACHE_HOME": "rel", "TMPDIR": str(tmp), "NO_COLOR": "1"})
    proc = subprocess.run(
        [sys.executable, "-m", "argmap", "validate", "--isolated", str(CASES / "suppressed.map")],
        cwd=work, env=env, capture_output=True, timeout=120,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert not marker.exists()
    parsed = home / ".cache" / "argmap" / f"parsed-{cache.FORMAT}"
    assert cache_entries(parsed)  # written after the command has ended
    written = sorted(p for p in tmp_path.rglob("*") if p not in before)
    assert written and all(p == parsed or parsed in p.parents for p in written if p not in parsed.parents)
    for entry in (p for p in written if p.is_file()):
        json.loads(entry.read_text(encoding="utf-8"))


# ---- map text shown, never obeyed --------------------------------------------------

ESC = "\x1b"
HOSTILE = (
    f"{ESC}]0;PWNED\x07"  # OSC: set the window title, ended by BEL
    f"{ESC}]8;;http://evil{ESC}\\link{ESC}]8;;{ESC}\\"  # OSC 8 hyperlink, ended by ESC \
    f"{ESC}[2J{ESC}[31m"  # CSI: clear the screen, red
    "\u009b31m\u009d0;t\u009c"  # the same in C1 controls
    "\u202eevil\u202c\u2066iso\u2069\u202a\u202b\u202d\u2067\u2068"  # bidi embeddings, overrides, isolates
    "\r\x08\x7f"
)
IN_MAP = HOSTILE.replace("\\", "\\\\")  # a backslash in a map string is written \\
IN_YAML = "\\e]0;PWNED\\a\\e[2J\\x9b31m\\u202eevil\\u202c\\u2066iso\\u2069\\r"  # YAML double-quoted escapes


def _hostile_map(name: str, stance: str, year: int = 2000) -> str:
    s = IN_MAP
    return textwrap.dedent(
        f"""\
        ---
        id: {name}
        title: "t{IN_YAML}"
        title_en: "te{IN_YAML}"
        authors: ["x{IN_YAML}{name}"]
        authors_en: ["y{IN_YAML}{name}"]
        year: {year}
        ---
        """
    ) + (
        f'thesis T "T{s}" {{\n  en "en{s}"\n  at "at{s}"\n  quote "qu{s}"\n  stance q {stance} when "w{s}"\n}}\n'
        f'claim c1 "C{s} shared words here" {{ supports T at "l{s}" quote "cq{s}" en "ce{s}" }}\n'
        f'evidence e1 "E{s}" {{ supports c1 at "el{s}" }}\n'
        f'counterpoint k1 "K{s}" {{ attacks T at "kl{s}" }}\n'
        f'rebuttal r1 "R{s}" {{ attacks k1 at "rl{s}" }}\n'
    )


def _hostile_corpus(folder: Path, maps: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "issues.map").write_text(f'issue q "Q{IN_MAP}?" {{ en "E{IN_MAP}" }}\n', encoding="utf-8")
    for i in range(maps):
        name = chr(ord("a") + i)
        (folder / f"{name}.map").write_text(_hostile_map(name, ("pro", "con")[i % 2], 2000 + i), encoding="utf-8")
    return folder


def _shown_not_obeyed(out: str) -> None:
    from argmap.visible import is_visible

    raw = sorted({f"U+{ord(ch):04X}" for ch in out if not is_visible(ch)})
    assert not raw, f"raw control or bidi characters reach the output: {raw}"
    assert "␛" in out, "the escape character is shown as its symbol, not dropped"


def test_visible_is_one_for_one():
    from argmap.source import display_width
    from argmap.visible import visible

    shown = visible(HOSTILE + "\t\n\u200f\u200e")
    assert len(shown) == len(HOSTILE) + 4
    assert display_width(visible(HOSTILE)) == len(HOSTILE)
    assert shown.startswith("␛]0;PWNED␇")
    assert shown.endswith("␍␈␡\t\n\u200f\u200e")  # tab and line feed laid out; bidi marks kept
    assert visible(shown) == shown


COMPARE_RUNS = [
    [],
    ["--cite"],
    ["--lang", "en", "--cite"],
    ["--issue", "q", "--cite"],
    ["--explain", "q", "a"],
    ["--suggest"],
]


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
@pytest.mark.parametrize("extra", COMPARE_RUNS, ids=lambda a: " ".join(a) or "full")
def test_compare_shows_escape_sequences_and_bidi_controls_as_symbols(tmp_path, fmt, extra):
    corpus = _hostile_corpus(tmp_path / "c")
    code, out, err = run_cli("compare", str(corpus), "--format", fmt, *extra)
    assert code == 0, err
    _shown_not_obeyed(out)
    code, _, err = run_cli("compare", str(corpus), "--format", fmt, *extra, "-o", str(tmp_path / "report.txt"))
    assert code == 0, err
    _shown_not_obeyed((tmp_path / "report.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("maps", [7, 11], ids=["ranked agreement", "stance tally"])
def test_compare_of_many_maps_shows_symbols_too(tmp_path, maps):
    corpus = _hostile_corpus(tmp_path / "c", maps)
    code, out, err = run_cli("compare", str(corpus))
    assert code == 0, err
    _shown_not_obeyed(out)


def test_compare_tables_measure_the_text_they_show(tmp_path):
    """Map text is made visible before rich lays it out: the console's own
    last-resort translation finds nothing left to change."""
    import io

    from rich.console import Console

    from argmap.compare import tables
    from argmap.compare.analysis import compare
    from argmap.compare.similarity import suggest
    from argmap.validate import validate
    from argmap.visible import console as visible_console

    c = compare(validate([str(_hostile_corpus(tmp_path / "c"))]).corpus)
    views = [
        lambda con: tables.full(con, c, "orig", True),
        lambda con: tables.full(con, c, "en", True),
        lambda con: tables.drill(con, c, "q", "orig", True),
        lambda con: tables.explain(con, c, "q", "a", "orig"),
        lambda con: tables.suggestions(con, suggest(c.maps, limit=5), "orig"),
    ]
    for view in views:
        shown = []
        for make in (Console, visible_console):
            con = make(width=80, no_color=True, highlight=False, record=True, file=io.StringIO())
            view(con)
            shown.append(con.export_text())
        assert shown[0] == shown[1]


@pytest.mark.parametrize(
    "args",
    [["compare"], ["compare", "--issue", "q"], ["compare", "--explain", "q", "a"], ["compare", "--suggest"], ["evaluate", "--all"]],
)
def test_json_keeps_the_text_exactly_and_prints_safely(tmp_path, args):
    import json

    from argmap.visible import is_visible

    corpus = _hostile_corpus(tmp_path / "c")
    code, out, err = run_cli(args[0], str(corpus), "--format", "json", *args[1:])
    assert code == 0, err
    assert is_visible(out)
    assert _contains(json.loads(out), HOSTILE)  # escaped, not altered


def _contains(value, text: str) -> bool:
    if isinstance(value, str):
        return text in value
    if isinstance(value, dict):
        return any(_contains(v, text) for v in value.values())
    if isinstance(value, list):
        return any(_contains(v, text) for v in value)
    return False


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_evaluate_shows_symbols(tmp_path, fmt):
    corpus = _hostile_corpus(tmp_path / "c")
    code, out, err = run_cli("evaluate", str(corpus), "--all", "--format", fmt)
    assert code == 0, err
    _shown_not_obeyed(out)


def test_export_and_diff_json_keep_the_text_exactly_and_print_safely(tmp_path):
    import json

    from argmap.visible import is_visible

    corpus = _hostile_corpus(tmp_path / "c")
    code, out, err = run_cli("export", str(corpus / "a.map"))
    assert code == 0, err
    assert is_visible(out)
    assert _contains(json.loads(out), HOSTILE)
    code, out, err = run_cli("diff", str(corpus / "a.map"), str(corpus / "b.map"), "--format", "json")
    assert code in (0, 1), err
    assert is_visible(out)
    assert _contains(json.loads(out), HOSTILE)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_diff_shows_symbols(tmp_path, fmt):
    old = tmp_path / "old.map"
    old.write_text(
        '---\nid: a\ntitle: t\nauthors: [x]\nyear: 1999\n---\nthesis T "T plain" {\n  stance q pro\n}\n'
        'claim c1 "C plain" { supports T }\n',
        encoding="utf-8",
    )
    new = tmp_path / "new.map"
    new.write_text(_hostile_map("a", "pro"), encoding="utf-8")
    code, out, err = run_cli("diff", str(old), str(new), "--format", fmt)
    assert code in (0, 1), err
    _shown_not_obeyed(out)


# ---- silent or misleading outcomes -------------------------------------------------


def _into_closed_pipe(*args, cwd=None):
    """Run the CLI with its standard output a pipe whose reader has gone."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "argmap", *args], cwd=cwd or ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # before the child can write: its first write meets a closed pipe
    err = proc.stderr.read().decode("utf-8")
    return proc.wait(timeout=120), err


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_compare_into_a_closed_pipe_ends_quietly(tmp_path, fmt):
    graph = tmp_path / "compare.dot"
    code, err = _into_closed_pipe("compare", "maps", "--format", fmt, "--graph", str(graph))
    assert (code, err) == (0, "")
    assert graph.read_text(encoding="utf-8").startswith(("digraph", "strict digraph"))  # the rest of the work is done


@pytest.mark.parametrize("args", [["export", "maps"], ["evaluate", "maps", "--all"], ["evaluate", "maps", "--format", "csv"]])
def test_export_and_evaluate_into_a_closed_pipe_end_quietly(args):
    assert _into_closed_pipe(*args) == (0, "")


INTERRUPT = """
import os, signal, sys, time
import {module} as target
real = target.{function}
def interrupted(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(30)
    return real(*args, **kwargs)
target.{function} = interrupted
from argmap.cli import main
sys.argv = ["argmap", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(
    "command, module, function",
    [
        ("export", "argmap.export.json", "chunks"),
        ("compare", "argmap.compare.analysis", "compare"),
        ("evaluate", "argmap.evaluate", "evaluations"),
    ],
)
def test_ctrl_c_is_exit_130_like_render(command, module, function):
    script = INTERRUPT.format(module=module, function=function)
    proc = subprocess.run(
        [sys.executable, "-c", script, command, "maps"], cwd=ROOT, capture_output=True, timeout=120,
        env={**os.environ, "NO_COLOR": "1", "ARGMAP_NO_CACHE": "1"},  # a kept report would skip the work
    )
    assert proc.returncode == 130
    assert proc.stderr.decode("utf-8").strip().endswith("argmap: interrupted")


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    from argmap import writefile

    target = tmp_path / "out.json"
    real_replace = os.replace

    def interrupt_then_rename(src, dst):  # a real SIGINT between the write and the rename
        os.kill(os.getpid(), signal.SIGINT)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", interrupt_then_rename)
    with pytest.raises(KeyboardInterrupt):  # delivered once the file is whole
        writefile.write_text(str(target), "x" * 1000)
    assert target.read_text() == "x" * 1000
    assert os.listdir(tmp_path) == ["out.json"]

    def interrupted(src, dst):  # an interrupt that cannot be held (as on Windows)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writefile.write_text(str(tmp_path / "other.json"), "y")
    assert os.listdir(tmp_path) == ["out.json"]


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signals cannot be held here")
def test_kill_during_a_write_leaves_a_whole_file_and_no_temporary(tmp_path):
    script = f"""
import os, signal
from argmap import writefile
real = os.replace
def kill_then_rename(src, dst):
    os.kill(os.getpid(), signal.SIGTERM)
    real(src, dst)
os.replace = kill_then_rename
writefile.write_text({str(tmp_path / "out.json")!r}, "z" * 1000)
print("not reached")
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -signal.SIGTERM and b"not reached" not in proc.stdout
    assert (tmp_path / "out.json").read_text() == "z" * 1000
    assert os.listdir(tmp_path) == ["out.json"]


def _copy_fixture(folder: Path) -> None:
    import shutil

    for f in (TESTS / "fixtures" / "compare").glob("*.map"):
        shutil.copy(f, folder / f.name)


@pytest.mark.parametrize(
    "args",
    [
        ["export", "in/m1.map", "--force", "-o", "elsewhere/other.map"],
        ["compare", "in", "--force", "-o", "elsewhere/other.map"],
        ["evaluate", "in", "--force", "-o", "elsewhere/other.map"],
        ["compare", "in", "--force", "--format", "json", "--graph", "elsewhere/other.map"],
        ["export", "in/m1.map", "-o", "elsewhere/new.MAP"],
        ["diff", "in/m1.map", "in/m1.map", "-o", "elsewhere/other.map"],
        ["diff", "in/m1.map", "in/m1.map", "-o", "in/m1.map"],
    ],
)
def test_no_output_is_written_onto_a_map(tmp_path, args):
    """A .map that was not read (another folder) is not overwritten either,
    --force or not, and no new .map file is made."""
    (tmp_path / "in").mkdir()
    (tmp_path / "elsewhere").mkdir()
    _copy_fixture(tmp_path / "in")
    other = tmp_path / "elsewhere" / "other.map"
    other.write_text((tmp_path / "in" / "m2.map").read_text(encoding="utf-8").replace("id: m2", "id: other"), encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.map")}
    code, out, err = run_cli(*args, cwd=tmp_path)
    assert (code, out) == (2, "")
    assert any(why in err for why in ("is a .map file", "is a map that was read", "cannot tell the format from the extension .map"))
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.map")} == before
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == ["other.map"]


@pytest.mark.parametrize("graph", ["report.svg", "./report.svg", "sub/../report.svg"])
def test_two_outputs_onto_one_file_are_refused(tmp_path, graph):
    (tmp_path / "in").mkdir()
    (tmp_path / "sub").mkdir()
    _copy_fixture(tmp_path / "in")
    code, out, err = run_cli("compare", "in", "-o", "report.svg", "--graph", graph, cwd=tmp_path)
    assert (code, out) == (2, "")
    assert "named for two outputs" in err
    assert not (tmp_path / "report.svg").exists()


def _deny_listing(monkeypatch, denied: Path) -> None:
    """os.scandir of `denied` fails as for a folder without read permission
    (chmod does not stop root, who may run the tests)."""
    real = os.scandir

    def scandir(path="."):
        if Path(os.fspath(path)).resolve() == denied.resolve():
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_subfolder_is_reported_not_skipped(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _copy_fixture(corpus)
    (corpus / "more").mkdir()
    _deny_listing(monkeypatch, corpus / "more")
    code, out, _ = run_cli("validate", str(corpus))
    assert code == 1
    assert "more: error[AM004]" in out and "Permission denied" in out


def test_an_unreadable_folder_is_not_called_empty(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _copy_fixture(corpus)
    _deny_listing(monkeypatch, corpus)
    code, out, err = run_cli("validate", str(corpus))
    assert code != 0
    assert "AM004" in out + err and "no .map files" not in out + err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="permissions do not stop root")
def test_unreadable_folders_with_real_permissions(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _copy_fixture(corpus)
    (corpus / "more").mkdir()
    (corpus / "more" / "x.map").write_text("", encoding="utf-8")
    (corpus / "more").chmod(0)
    try:
        code, out, _ = run_cli("validate", str(corpus))
        assert code == 1 and "AM004" in out
        corpus.chmod(0o300)
        code, out, err = run_cli("validate", str(corpus))
        assert code != 0 and "AM004" in out + err and "no .map files" not in out + err
    finally:
        corpus.chmod(0o700)
        (corpus / "more").chmod(0o700)
