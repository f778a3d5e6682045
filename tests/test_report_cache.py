"""Kept reports (argmap.cache.reports): a warm `compare` prints exactly what
a cold one prints, an edit of any file read (a neighbour's too) or another
option, width or colour is another report, and an entry that is damaged or
that others may write is never printed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import MAPS, ROOT, run_subprocess

HEAD = "---\nid: {id}\ntitle: t\nauthors: [{author}]\nyear: {year}\n---\n"
ISSUES = "issue q \"是否合作？\"\nissue r \"Is it cheap?\"\n"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "issues.map").write_text(ISSUES, encoding="utf-8")
    (folder / "a.map").write_text(
        HEAD.format(id="a", author="甲", year=2001) + 'thesis T "合作有利" {\n  stance q pro\n  stance r con\n}\n', encoding="utf-8"
    )
    (folder / "b.map").write_text(
        HEAD.format(id="b", author="乙", year=2002) + 'thesis T "合作無益" {\n  stance q con\n  stance r con\n}\n', encoding="utf-8"
    )
    return folder


def _run(*args, cwd, where, **env):
    return run_subprocess(*args, cwd=cwd, env={"ARGMAP_CACHE_DIR": str(where), **env})


def _reports(where, count: int = 1, timeout: float = 60) -> list:
    """The report entries once there are `count` (they are written after the
    command has answered, by a process of their own)."""
    deadline = time.monotonic() + timeout
    while True:
        found = []
        for path in where.rglob("*") if where.exists() else []:
            if path.is_file() and not path.name.startswith(".tmp-"):
                try:
                    data = json.loads(path.read_bytes())
                except ValueError:
                    continue
                if isinstance(data, dict) and "text" in data:
                    found.append(path)
        if len(found) >= count or time.monotonic() > deadline:
            return sorted(found)
        time.sleep(0.05)


def _tamper(entry, text: str = "kept\n") -> None:
    data = json.loads(entry.read_bytes())
    data["text"] = text
    entry.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "maps/"),
        ("compare", "maps/", "--format", "json"),
        ("compare", "maps/", "--format", "markdown", "--cite"),
        ("compare", "maps/", "--issue", "values"),
        ("compare", "maps/", "--explain", "values", "chen2024", "--lang", "en"),
        ("compare", "maps/wilkins2012.map", "maps/chen2024.map", "--suggest"),
    ],
)
def test_a_warm_compare_prints_what_a_cold_one_printed(tmp_path, args):
    where = tmp_path / "cache"
    cold = run_subprocess(*args, cwd=ROOT, env={"ARGMAP_NO_CACHE": "1"})
    assert cold[0] == 0 and cold[1]
    first = _run(*args, cwd=ROOT, where=where)
    assert _reports(where)
    again = _run(*args, cwd=ROOT, where=where)
    assert first == cold and again == cold


def test_a_kept_report_is_printed_and_any_edit_of_a_file_read_is_a_new_one(corpus, tmp_path):
    where = tmp_path / "cache"
    # b.map is asked for; a.map and issues.map are read beside it, as neighbours.
    fresh = _run("compare", "maps/b.map", "maps/a.map", cwd=tmp_path, where=where)
    assert fresh[0] == 0 and "合作無益" in fresh[1]
    (entry,) = _reports(where)
    _tamper(entry)
    assert _run("compare", "maps/b.map", "maps/a.map", cwd=tmp_path, where=where) == (0, "kept\n", "")

    issues = corpus / "issues.map"
    issues.write_text(ISSUES.replace("是否合作？", "是否應當合作？"), encoding="utf-8")
    edited = _run("compare", "maps/b.map", "maps/a.map", cwd=tmp_path, where=where)
    assert "是否應當合作" in edited[1]
    assert edited == run_subprocess("compare", "maps/b.map", "maps/a.map", cwd=tmp_path, env={"ARGMAP_NO_CACHE": "1"})

    # Back as it was: the tampered entry is found again, by content alone.
    issues.write_text(ISSUES, encoding="utf-8")
    assert _run("compare", "maps/b.map", "maps/a.map", cwd=tmp_path, where=where)[1] == "kept\n"
    (corpus / "a.map").write_text((corpus / "a.map").read_text(encoding="utf-8").replace("stance r con", "stance r pro"),
                                  encoding="utf-8")
    changed = _run("compare", "maps/b.map", "maps/a.map", cwd=tmp_path, where=where)
    assert changed != fresh and changed[1] != "kept\n"
    # A file named otherwise is another corpus: names are shown in the report.
    shutil.copytree(corpus, tmp_path / "other")
    assert _run("compare", "other/", cwd=tmp_path, where=where)[1] != "kept\n"


def test_each_option_width_and_destination_has_a_report_of_its_own(corpus, tmp_path):
    where = tmp_path / "cache"
    _run("compare", "maps/", cwd=tmp_path, where=where)
    (entry,) = _reports(where)
    _tamper(entry)
    assert _run("compare", "maps/", cwd=tmp_path, where=where)[1] == "kept\n"
    for args, env in [
        (("--lang", "en"), {}),
        (("--cite",), {}),
        (("--format", "markdown"), {}),
        ((), {"COLUMNS": "120"}),
    ]:
        out = _run("compare", "maps/", *args, cwd=tmp_path, where=where, **env)
        assert out == run_subprocess("compare", "maps/", *args, cwd=tmp_path, env={"ARGMAP_NO_CACHE": "1", **env})
    _run("compare", "maps/", "-o", "report.txt", cwd=tmp_path, where=where)
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") != "kept\n"


def test_a_report_in_colour_is_kept_by_what_the_terminal_shows(corpus, tmp_path):
    where = tmp_path / "cache"
    env = {"FORCE_COLOR": "1", "NO_COLOR": "", "TERM": "xterm", "COLORTERM": ""}
    cold = run_subprocess("compare", "maps/", cwd=tmp_path, env={"ARGMAP_NO_CACHE": "1", **env})
    assert "\x1b[1m" in cold[1] and "\x1b[38;5;" not in cold[1]
    assert _run("compare", "maps/", cwd=tmp_path, where=where, **env) == cold
    (entry,) = _reports(where)
    assert _run("compare", "maps/", cwd=tmp_path, where=where, **env) == cold  # escape codes and all
    _tamper(entry)
    assert _run("compare", "maps/", cwd=tmp_path, where=where, **env)[1] == "kept\n"
    # Another terminal (other colours), or none: a report of its own.
    for other in ({**env, "TERM": "xterm-256color"}, {**env, "COLORTERM": "truecolor"}, {**env, "FORCE_COLOR": ""}):
        out = _run("compare", "maps/", cwd=tmp_path, where=where, **other)
        assert out == run_subprocess("compare", "maps/", cwd=tmp_path, env={"ARGMAP_NO_CACHE": "1", **other})
        assert out[1] != "kept\n"
    assert "\x1b" not in out[1]


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}, {"TTY_COMPATIBLE": "1"},
     {"NO_COLOR": "1", "FORCE_COLOR": "1"}],
    ids=["ascii", "latin-1", "tty-compatible", "no-color-and-force-color"],
)
def test_a_stream_that_is_not_utf8_or_is_made_a_terminal_gets_what_it_got_uncached(corpus, tmp_path, env):
    where = tmp_path / "cache"

    def run(**more):  # the bytes, in whatever encoding the stream has
        full = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "ARGMAP_CACHE_DIR": str(where), **env, **more}
        proc = subprocess.run([sys.executable, "-m", "argmap", "compare", "maps/"], cwd=tmp_path, capture_output=True,
                              env=full, timeout=120)
        return proc.returncode, proc.stdout, proc.stderr

    cold = run(ARGMAP_NO_CACHE="1")
    assert cold[0] == 0 and cold[1]
    assert run() == cold
    _reports(where)
    assert run() == cold


def test_warnings_are_said_again_from_a_kept_report(corpus, tmp_path):
    where = tmp_path / "cache"
    (corpus / "c.map").write_text(
        "---\nid: c\ntitle: t\nauthors: [丙]\nyear: 2003\ntranslation_of: a\n---\n"
        'thesis T "Cooperation helps" {\n  stance q pro\n  stance r con\n}\n',
        encoding="utf-8",
    )
    args = ("compare", "maps/", "--lang", "en")  # 甲, 乙 and 丙 have no English names; c translates a
    cold = run_subprocess(*args, cwd=tmp_path, env={"ARGMAP_NO_CACHE": "1", "COLUMNS": "60"})
    assert cold[0] == 0
    assert cold[2].startswith("argmap: warning: a, b have no `authors_en`")  # before the report
    assert "\n                 " in cold[2]  # wrapped under the message's start
    assert cold[2].endswith("argmap: warning: c is a translation of a: compared as a\n")  # after it
    _run(*args, cwd=tmp_path, where=where, COLUMNS="60")
    _reports(where)
    assert _run(*args, cwd=tmp_path, where=where, COLUMNS="60") == cold


def test_a_damaged_report_or_one_others_may_write_is_not_printed(corpus, tmp_path):
    where = tmp_path / "cache"
    good = _run("compare", "maps/", cwd=tmp_path, where=where)
    (entry,) = _reports(where)
    for damage in ('{"text": 1, "before": [], "after": []}', '{"text": "kept", "before": [["only one"]], "after": []}',
                   "[]", "{not json"):
        entry.write_text(damage, encoding="utf-8")
        out = _run("compare", "maps/", cwd=tmp_path, where=where)
        assert out[:2] == good[:2]
        assert out[2] == good[2] + f"argmap: warning: damaged cache entries were removed (in {where})\n"
        _reports(where)  # made again
    _tamper(entry)
    os.chmod(entry, 0o664)
    out = _run("compare", "maps/", cwd=tmp_path, where=where)
    assert out[:2] == good[:2] and "cache entries that others may write were not used" in out[2]


PATCHED = """
import sys
import argmap.compare.tables as tables
tables.full = lambda console, *args: console.print("patched")
from argmap.cli import main
sys.argv = ["argmap", "compare", "maps/"]
main()
"""


def test_a_program_that_runs_argmap_keeps_no_report(tmp_path, monkeypatch):
    # Tests and programs of one's own may change argmap's code in memory: no key sees that.
    from conftest import run_cli

    where = tmp_path / "cache"
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(where))
    shutil.copytree(MAPS, tmp_path / "maps")
    assert run_cli("compare", "maps/", cwd=tmp_path)[0] == 0
    proc = subprocess.run([sys.executable, "-c", PATCHED], cwd=tmp_path, capture_output=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout == b"patched\n"
    time.sleep(1)  # entries are written just after a command ends
    assert _reports(where, timeout=0) == []
    assert "patched" not in _run("compare", "maps/", cwd=tmp_path, where=where)[1]
