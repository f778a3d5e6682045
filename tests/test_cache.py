"""The parse cache: a warm run says exactly what a cold run says, never
serves a stale result, and trusts nothing it did not write itself."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import re

import pytest

from argmap import cache
from argmap.cache import codec
from argmap.corpus import decode, parse_bytes
from argmap.export.json import map_dict
from argmap.report.text import render
from argmap.source import Span
from conftest import CASES, MAPS, ROOT, cache_entries, run_cli, run_subprocess

HEAD = "---\nid: {id}\ntitle: t\nauthors: [A]\nyear: 2000\n---\n"


def _write(folder, name, body):
    (folder / f"{name}.map").write_text(HEAD.format(id=name) + body, encoding="utf-8")


def _entries(where) -> list:
    return sorted(p for p in where.rglob("*") if p.is_file())


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A cache folder of this test's own, empty."""
    where = tmp_path / "cache"
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(where))
    cache._warned.clear()
    return where


def _spans(value) -> list:
    out, todo = [], [value]
    while todo:
        item = todo.pop()
        if isinstance(item, Span):
            out.append((item.start, item.end))
        elif dataclasses.is_dataclass(item):
            todo.extend(getattr(item, f.name) for f in dataclasses.fields(item) if f.name != "source")
        elif isinstance(item, (list, tuple, set, frozenset)):
            todo.extend(sorted(item, key=repr) if isinstance(item, (set, frozenset)) else item)
        elif isinstance(item, dict):
            todo.extend(item.values())
    return out


def _plain(diags) -> list:
    # A span is equal only to a span of the very same SourceFile object.
    return [(d.code, d.message, d.path, d.hint, d.severity, [label.message for label in d.labels]) for d in diags]


def test_every_map_in_the_repository_comes_back_from_its_entry_as_it_was_parsed():
    # Model (every field, spans included) and diagnostics, as the user sees them.
    checked = 0
    for folder in (MAPS, CASES, ROOT / "docs", ROOT / "tests" / "fixtures"):
        for path in sorted(folder.rglob("*.map")):
            data = path.read_bytes()
            argmap, diags = parse_bytes(str(path), data)
            source, problems = decode(str(path), data)
            if problems:
                continue
            try:
                stored = json.loads(json.dumps(codec.encode(argmap, diags, argmap.source if argmap else
                                                            next((d.span.file for d in diags if d.span), None))))
            except codec.Unstorable:
                continue
            again, again_diags = codec.decode(stored, source)
            assert render(again_diags) == render(diags), path
            assert _plain(again_diags) == _plain(diags) and _spans(again_diags) == _spans(diags), path
            if argmap is not None:
                assert again == argmap and _spans(again) == _spans(argmap), path
                assert map_dict(again) == map_dict(argmap), path
                assert again.suppressions == argmap.suppressions and again.unresolved == argmap.unresolved
            checked += 1
    assert checked > 50


def test_a_warm_run_prints_what_a_cold_run_prints(fresh):
    cold = [run_cli(*args, cwd=ROOT) for args in (("validate", "maps/"), ("export", "maps/"), ("compare", "maps/"))]
    assert len(_entries(fresh)) == 11  # five maps and the issues; each map's quotes checked against its source
    warm = [run_cli(*args, cwd=ROOT) for args in (("validate", "maps/"), ("export", "maps/"), ("compare", "maps/"))]
    assert warm == cold
    off = os.environ.pop("ARGMAP_CACHE_DIR")
    try:
        os.environ["ARGMAP_NO_CACHE"] = "1"
        assert [run_cli(*args, cwd=ROOT) for args in (("validate", "maps/"), ("export", "maps/"), ("compare", "maps/"))] == cold
    finally:
        os.environ["ARGMAP_CACHE_DIR"] = off
        del os.environ["ARGMAP_NO_CACHE"]


def test_an_edited_file_and_an_edited_neighbour_are_seen(fresh, tmp_path):
    _write(tmp_path, "a", 'thesis T "x"\nclaim c1 "y" { supports T }\nc1 same_as b:X\n')
    _write(tmp_path, "b", 'thesis X "z"\n')
    assert run_cli("validate", str(tmp_path / "a.map"))[0] == 0
    # The file itself: a new relation to an unknown node.
    _write(tmp_path, "a", 'thesis T "x"\nclaim c1 "y" { supports T }\nc1 same_as b:X\nc1 attacks k9\n')
    code, out, _ = run_cli("validate", str(tmp_path / "a.map"))
    assert code == 1 and "AM201" in out
    # Its neighbour: the node linked to is gone.
    _write(tmp_path, "a", 'thesis T "x"\nclaim c1 "y" { supports T }\nc1 same_as b:X\n')
    _write(tmp_path, "b", 'thesis Y "z"\n')
    code, out, _ = run_cli("validate", str(tmp_path / "a.map"))
    assert code == 1 and "error[AM205] map `b` has no node `X`" in out


def test_a_change_of_configuration_takes_effect_on_a_warm_run(fresh, tmp_path):
    _write(tmp_path, "a", 'thesis T "x"\nclaim c1 "y"\n')  # c1 is unconnected: a warning
    first = run_cli("validate", ".", cwd=tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.argmap.rules]\nAM301 = "error"\n', encoding="utf-8")
    second = run_cli("validate", ".", cwd=tmp_path)
    assert first[0] == 0 and second[0] == 1
    assert "warning[AM301]" in first[1] and "error[AM301]" in second[1]


def test_another_version_of_argmap_does_not_read_the_entries_of_this_one(fresh, monkeypatch):
    import argmap

    before = cache.key("a.map", b"x")
    monkeypatch.setattr(argmap, "__version__", argmap.__version__ + ".post1")
    cache._code_digest.cache_clear()
    try:
        assert cache.key("a.map", b"x") != before
    finally:
        cache._code_digest.cache_clear()
    # The name a file is shown by is part of the key too: it is in the diagnostics.
    assert cache.key("a.map", b"x") != cache.key("b.map", b"x")


def test_an_edit_of_the_grammar_or_another_lark_is_another_key(fresh, monkeypatch):
    from argmap.syntax.parser import grammar_path

    grammar = grammar_path()
    cache._code_digest.cache_clear()
    before = cache.key("a.map", b"x")
    info = os.stat(grammar)
    try:
        os.utime(grammar, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))  # as an edit leaves it
        cache._code_digest.cache_clear()
        assert cache.key("a.map", b"x") != before
    finally:
        os.utime(grammar, ns=(info.st_atime_ns, info.st_mtime_ns))
        cache._code_digest.cache_clear()
    assert cache.key("a.map", b"x") == before
    real = cache.stamp
    monkeypatch.setattr(cache, "stamp", lambda package: real(package) + (" upgraded" if package == "lark" else ""))
    cache._code_digest.cache_clear()
    try:
        assert cache.key("a.map", b"x") != before
    finally:
        cache._code_digest.cache_clear()


def test_a_package_is_told_apart_by_its_files_or_its_version():
    import rich

    assert cache.stamp("rich").startswith(os.path.join(os.path.dirname(os.path.dirname(rich.__file__)), "rich", ""))
    assert cache.stamp("no_such_package_here") == "no_such_package_here: not found"


def _only_entry(where):
    (entry,) = [p for p in _entries(where) if p.name.count(".") == 0]
    return entry


def test_a_damaged_entry_is_dropped_with_a_warning_and_the_file_parsed(fresh, tmp_path):
    _write(tmp_path, "a", 'thesis T "x"\nclaim c1 "y" { supports k1 }\n')
    cold = run_cli("validate", str(tmp_path / "a.map"))
    entry = _only_entry(fresh)
    for damage in (b"{not json", b'{"diagnostics": [], "map": [1]}', b'{"diagnostics": [{"class": "os.system", "fields": []}], "map": null}',
                   json.dumps({"diagnostics": [], "map": None, "x": 1}).encode()):
        entry.write_bytes(damage)
        cache._warned.clear()
        code, out, err = run_cli("validate", str(tmp_path / "a.map"))
        assert (code, out) == cold[:2]
        assert err == f"argmap: warning: damaged cache entries were removed (in {fresh})\n"
        assert json.loads(entry.read_text()) != damage  # replaced by a good one


def test_a_planted_pickle_is_never_loaded(fresh, tmp_path):
    _write(tmp_path, "a", 'thesis T "x"\n')
    run_cli("validate", str(tmp_path / "a.map"))
    entry = _only_entry(fresh)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    entry.write_bytes(pickle.dumps(Payload()))
    cache._warned.clear()
    code, out, err = run_cli("validate", str(tmp_path / "a.map"))
    assert code == 0 and "damaged cache entries" in err and not marker.exists()


def test_an_entry_others_may_write_is_not_trusted(fresh, tmp_path):
    _write(tmp_path, "a", 'thesis T "x"\nclaim c1 "y" { supports k1 }\n')
    cold = run_cli("validate", str(tmp_path / "a.map"))
    entry = _only_entry(fresh)
    entry.write_text('{"diagnostics": [], "map": null}')  # would say "no problems" if read
    entry.chmod(0o666)
    code, out, err = run_cli("validate", str(tmp_path / "a.map"))
    assert (code, out) == cold[:2]
    assert err == f"argmap: warning: cache entries that others may write were not used (in {fresh})\n"


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="only root can give a file to another user")
def test_an_entry_or_a_folder_of_another_user_is_not_trusted(fresh, tmp_path):
    _write(tmp_path, "a", 'thesis T "x"\nclaim c1 "y" { supports k1 }\n')
    cold = run_cli("validate", str(tmp_path / "a.map"))
    entry = _only_entry(fresh)
    entry.write_text('{"diagnostics": [], "map": null}')
    os.chown(entry, 12345, 12345)
    code, out, err = run_cli("validate", str(tmp_path / "a.map"))
    assert (code, out) == cold[:2] and "cache entries that others may write were not used" in err
    os.chown(fresh, 12345, 12345)
    cache._warned.clear()
    code, out, err = run_cli("validate", str(tmp_path / "a.map"))
    assert (code, out) == cold[:2] and err == f"argmap: warning: the cache folder {fresh} belongs to another user: not used\n"


def test_a_linked_cache_folder_or_entry_is_not_followed(fresh, tmp_path):
    _write(tmp_path, "a", 'thesis T "x"\nclaim c1 "y" { supports k1 }\n')
    cold = run_cli("validate", str(tmp_path / "a.map"))
    entry = _only_entry(fresh)
    planted = tmp_path / "planted.json"
    planted.write_text('{"diagnostics": [], "map": null}')
    entry.unlink()
    entry.symlink_to(planted)
    code, out, err = run_cli("validate", str(tmp_path / "a.map"))
    assert (code, out) == cold[:2] and err == f"argmap: warning: cache entries that are links or cannot be read were not used (in {fresh})\n"
    elsewhere = tmp_path / "elsewhere"
    fresh.rename(elsewhere)
    fresh.symlink_to(elsewhere)
    cache._warned.clear()
    code, out, err = run_cli("validate", str(tmp_path / "a.map"))
    assert (code, out) == cold[:2] and err == f"argmap: warning: the cache folder {fresh} is a link or not a folder: not used\n"


def test_no_cache_in_a_relative_folder_nor_when_turned_off(tmp_path, monkeypatch):
    _write(tmp_path, "a", 'thesis T "x"\n')
    monkeypatch.delenv("ARGMAP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert run_cli("validate", "a.map", cwd=tmp_path)[0] == 0
    assert not (tmp_path / "relative").exists()
    assert [p.name for p in (tmp_path / "home" / ".cache" / "argmap").iterdir()] == [f"parsed-{cache.FORMAT}"]
    monkeypatch.setenv("ARGMAP_CACHE_DIR", "rel")
    assert run_cli("validate", "a.map", cwd=tmp_path)[0] == 0
    assert not (tmp_path / "rel").exists()
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path / "abs"))
    monkeypatch.setenv("ARGMAP_NO_CACHE", "1")
    assert run_cli("validate", "a.map", cwd=tmp_path)[0] == 0
    assert not (tmp_path / "abs").exists()


def test_entries_are_private(fresh, tmp_path):
    _write(tmp_path, "a", 'thesis T "x"\n')
    run_cli("validate", str(tmp_path / "a.map"))
    entry = _only_entry(fresh)
    assert entry.stat().st_mode & 0o777 == 0o600
    assert fresh.stat().st_mode & 0o777 == 0o700 and entry.parent.stat().st_mode & 0o777 == 0o700


def _big_map(n: int = 40) -> bytes:
    lines = ["---", "id: big", "title: 大", "authors: [x]", "year: 2026", "---", 'thesis T "論點"']
    lines += [f'premise p{i} "理由{i}" {{ supports T }}' for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def test_an_entry_writes_repeated_words_as_numbers_and_offsets_as_steps():
    data = _big_map()
    argmap, diags = parse_bytes("big.map", data)
    stored = json.loads(json.dumps(codec.encode(argmap, diags, argmap.source)))
    nodes = stored["map"][3]
    kinds, spans, tags = nodes[2], nodes[4], nodes[11]
    assert kinds == {"pick": ["thesis", "premise"], "at": [0] + [1] * 40}
    assert spans["steps"][:3] == [argmap.nodes[0].span.start, argmap.nodes[1].span.start - argmap.nodes[0].span.start,
                                  argmap.nodes[2].span.start - argmap.nodes[1].span.start]
    assert spans["lengths"][1] == len('premise p0 "理由0" { supports T }')
    assert tags == {"same": []}
    source, _ = decode("big.map", data)
    again, _ = codec.decode(stored, source)
    assert again == argmap and _spans(again) == _spans(argmap)


@pytest.mark.parametrize("column, bad", [
    (2, {"pick": ["thesis", "premise"], "at": [0] + [2] * 40}),  # a number past the words
    (2, {"pick": ["thesis", "premise"], "at": [0] + [-1] * 40}),
    (2, {"pick": ["thesis", 7], "at": [0] + [1] * 40}),
    (4, {"steps": [0] * 41, "lengths": [-1] * 41}),  # a span that ends before it starts
    (4, {"steps": [-5] + [1] * 40, "lengths": [1] * 41}),  # before the file
    (4, {"steps": [10**9] + [1] * 40, "lengths": [1] * 41}),  # past its end
    (4, {"steps": [0] * 40, "lengths": [1] * 41}),
    (11, {"same": [3]}),
])
def test_a_column_that_is_not_what_the_codec_writes_is_corrupt(column, bad):
    data = _big_map()
    argmap, diags = parse_bytes("big.map", data)
    stored = json.loads(json.dumps(codec.encode(argmap, diags, argmap.source)))
    stored["map"][3][column] = bad
    source, _ = decode("big.map", data)
    with pytest.raises(codec.Corrupt):
        codec.decode(stored, source)


def test_a_command_answers_first_and_its_entries_are_written_after_it(tmp_path):
    # As a user runs it: the entries of what a command parsed are written by
    # a process of its own once the command has answered, whole, and the
    # next run takes the file from there.
    where = tmp_path / "cache"
    (tmp_path / "big.map").write_bytes(_big_map(2000))
    env = {"ARGMAP_CACHE_DIR": str(where)}
    first = run_subprocess("validate", "--isolated", "big.map", cwd=tmp_path, env=env)
    assert first[0] == 0, first
    entries = cache_entries(where)
    assert len(entries) == 1
    source, _ = decode("big.map", _big_map(2000))
    again, _ = codec.decode(json.loads(entries[0].read_bytes()), source)
    assert len(again.nodes) == 2001
    entries[0].write_text('{"diagnostics": "not a table", "map": null}')  # a warm run reads it: and finds it damaged
    warm = run_subprocess("validate", "--isolated", "big.map", cwd=tmp_path, env=env)
    assert warm[0] == 0 and "damaged cache entries were removed" in warm[2]
    assert warm[1] == first[1]


def test_quotes_checked_against_a_source_are_checked_again_when_either_changes(fresh, tmp_path):
    # The check of a map's quotes against its source text is kept too, by the
    # map's text and the source's bytes: an edit of either is seen.
    from argmap.provenance import check, schemes

    assert (check._DEFAULT, check._SCHEMES) == (schemes.DEFAULT, tuple(schemes.SCHEMES))
    (tmp_path / "src.txt").write_text("甲乙丙。\n\n丁戊己。\n", encoding="utf-8")
    head = "---\nid: q\ntitle: t\nauthors: [A]\nyear: 2020\nsource: src.txt\nparagraphs: blank-lines\n---\n"
    quoted = head + 'thesis T "論點" {{ quote "{q}" at "¶1" }}\n'
    (tmp_path / "q.map").write_text(quoted.format(q="甲乙丙"), encoding="utf-8")

    def codes():
        code, out, err = run_cli("validate", "--isolated", str(tmp_path / "q.map"))
        return sorted(set(re.findall(r"AM\d{3}", out + err)))

    assert codes() == []
    assert len(_entries(fresh)) == 2  # the map, and its check against the source
    assert codes() == []  # warm: both from the cache
    (tmp_path / "src.txt").write_text("甲乙。\n\n丁戊己。\n", encoding="utf-8")
    assert codes() == ["AM404"]
    (tmp_path / "src.txt").write_text("甲乙丙。\n\n丁戊己。\n", encoding="utf-8")
    assert codes() == []
    (tmp_path / "q.map").write_text(quoted.format(q="丁戊己"), encoding="utf-8")
    assert codes() == ["AM405"]  # in the source, at ¶2 not ¶1
    assert codes() == ["AM405"]  # and so again from the cache
