"""`report --serve` rebuilds on change; `watch` notices changes and says so."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, TESTS

CORPUS = TESTS / "fixtures" / "corpus"


def _data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="argmap-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def _get(url: str, host: str | None = None, timeout: float = 30) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _until(check, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "maps"
    shutil.copytree(CORPUS, folder)
    return folder


@pytest.fixture
def served(corpus, monkeypatch):
    """The report of `corpus` served by web.serve.run in a thread."""
    from argmap.validate import validate
    from argmap.site import build
    from argmap.site.diagrams import Cache
    from argmap.site.serve import run

    monkeypatch.chdir(corpus.parent)
    cache = Cache()
    stop = threading.Event()
    ready: dict = {}
    builds: list = []

    def make(number):
        report = build(validate([str(corpus)]), live=number, cache=cache)
        builds.append(number)
        return report.html

    thread = threading.Thread(target=run, args=([str(corpus)], make),
                              kwargs={"interval": 0.1, "started": lambda server: ready.setdefault("server", server),
                                      "stop": stop.is_set}, daemon=True)
    thread.start()
    server = _until(lambda: ready.get("server"))
    yield server, builds
    stop.set()
    thread.join(10)
    assert not thread.is_alive()


def test_serves_the_report_on_127_0_0_1(served):
    server, _ = served
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", server.url)
    status, html = _get(server.url)
    assert status == 200
    doc = _data(html)
    assert doc["live"] == 1 and [m["id"] for m in doc["maps"]] == ["alpha", "beta"]
    assert "connect-src 'self'" in html.replace("&#x27;", "'")


def test_a_change_rebuilds_and_wakes_the_waiting_page(served, corpus):
    server, builds = served
    answer: dict = {}
    waiting = threading.Thread(target=lambda: answer.update(got=_get(server.url + "__argmap/wait?since=1")))
    waiting.start()
    time.sleep(0.3)
    text = (corpus / "beta.map").read_text(encoding="utf-8").replace("準同盟成形", "準同盟已成形")
    (corpus / "beta.map").write_text(text, encoding="utf-8")
    waiting.join(20)
    assert answer["got"] == (200, '{"build": 2}')
    doc = _data(_get(server.url)[1])
    assert doc["live"] == 2
    assert next(m for m in doc["maps"] if m["id"] == "beta")["nodes"][0]["text"] == "準同盟已成形"


def test_an_error_shows_in_the_page_not_the_old_picture(served, corpus):
    server, _ = served
    text = (corpus / "beta.map").read_text(encoding="utf-8").replace("supports T }", "supports X9 }")
    (corpus / "beta.map").write_text(text, encoding="utf-8")
    doc = _until(lambda: (lambda d: d if d["live"] == 2 else None)(_data(_get(server.url)[1])))
    assert doc["complete"] is False and doc["maps"] == []
    [error] = [d for d in doc["diagnostics"] if d["severity"] == "error"]
    assert (error["file"].endswith("beta.map"), error["line"], error["code"]) == (True, 8, "AM201")


def test_a_save_that_changes_nothing_rebuilds_nothing(served, corpus):
    server, builds = served
    os.utime(corpus / "alpha.map", None)
    (corpus / "beta.map").write_bytes((corpus / "beta.map").read_bytes())
    time.sleep(0.8)
    assert builds == [1]


def test_answers_only_requests_that_name_it(served):
    server, _ = served
    status, body = _get(server.url, host="attacker.example")
    assert (status, body) == (403, "argmap serves this report to 127.0.0.1 and localhost only\n")
    assert _get(server.url, host=f"localhost:{server.port}")[0] == 200
    assert _get(server.url + "other")[0] == 404


def test_a_port_in_use_is_a_usage_error():
    import socket

    from conftest import run_cli

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        code, _, stderr = run_cli("report", "--serve", str(CORPUS), "--port", str(port))
    finally:
        taken.close()
    assert code == 2
    assert stderr.startswith(f"argmap: error: cannot serve on 127.0.0.1:{port}: Address already in use\n")
    assert "give another --port, or 0 for a free one" in stderr


# ------------------------------------------------------------------ watch


def test_the_watcher_sees_content_not_time_stamps(corpus, monkeypatch):
    from argmap.site.watch import Watcher

    monkeypatch.chdir(corpus)
    watcher = Watcher(["."])
    assert [p for p in watcher.stamps if p.endswith(".map")] == ["alpha.map", "beta.map", "issues.map"]
    os.utime("alpha.map", None)
    assert not watcher.poll()
    with open("alpha.map", "a", encoding="utf-8") as handle:
        handle.write("// more\n")
    assert watcher.poll().modified == ("alpha.map",)
    (corpus / "gamma.map").write_text("issue q9 \"?\"\n", encoding="utf-8")
    os.remove("beta.map")
    change = watcher.poll()
    assert (change.added, change.removed, change.modified) == (("gamma.map",), ("beta.map",), ())
    assert change.describe() == "gamma.map added, beta.map removed"
    assert not watcher.poll()


def test_hidden_folders_are_not_watched(corpus, monkeypatch):
    from argmap.site.watch import watched_files

    monkeypatch.chdir(corpus)
    (corpus / ".git").mkdir()
    (corpus / ".git" / "x.map").write_text("", encoding="utf-8")
    assert [p for p in watched_files(["."]) if p.endswith(".map")] == ["alpha.map", "beta.map", "issues.map"]


def test_a_single_file_is_watched_with_its_neighbours_unless_isolated(corpus, monkeypatch):
    from argmap.site.watch import watched_files

    monkeypatch.chdir(corpus)
    assert [p for p in watched_files(["beta.map"]) if p.endswith(".map")] == ["beta.map", "alpha.map", "issues.map"]
    assert [p for p in watched_files(["beta.map"], context=False) if p.endswith(".map")] == ["beta.map"]


def _spawn(args, cwd):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "LINES": "40", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "argmap", *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")


def test_watch_revalidates_on_change_and_stops_on_ctrl_c(corpus):
    proc = _spawn(["watch", ".", "--interval", "0.1", "--render"], corpus)
    try:
        _until(lambda: (corpus / "alpha.svg").exists() and (corpus / "beta.svg").exists())
        time.sleep(0.3)
        text = (corpus / "beta.map").read_text(encoding="utf-8").replace("supports T }", "supports X9 }")
        (corpus / "beta.map").write_text(text, encoding="utf-8")
        time.sleep(1.5)
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err == "argmap: interrupted\n"
    first, second = out.split("\n\nargmap watch . · ")
    assert re.fullmatch(r"argmap watch \. · \d\d:\d\d:\d\d · started\n  drew alpha\.svg\n  drew beta\.svg\n"
                        r"✓ All clear: 3 files checked, no problems\. Watching; Ctrl-C stops\.", first)
    assert re.match(r"\d\d:\d\d:\d\d · beta\.map changed\nbeta\.map:8:81: error\[AM201\] unknown id `X9`\n", second)
    assert "  not drawn: beta.map has errors (beta.svg is as it was)\n" in second
    assert second.endswith("✗ Found 1 error in 1 of 3 files checked. Watching; Ctrl-C stops.\n")


def test_watch_a_missing_path_is_a_usage_error(tmp_path):
    proc = _spawn(["watch", str(tmp_path / "nope")], tmp_path)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "no such file or directory" in err


def test_report_serve_stops_cleanly_on_ctrl_c(corpus, tmp_path):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "PYTHONUNBUFFERED": "1"}
    log = open(tmp_path / "stderr.txt", "w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "argmap", "report", "--serve", "."], cwd=corpus, env=env,
                            stdout=subprocess.DEVNULL, stderr=log, text=True)
    try:
        line = _until(lambda: (tmp_path / "stderr.txt").read_text(encoding="utf-8").partition("\n")[0] + "\n"
                      if "\n" in (tmp_path / "stderr.txt").read_text(encoding="utf-8") else None)
        url = re.fullmatch(r"argmap: serving the report of \. at (http://127\.0\.0\.1:\d+/)\n", line).group(1)
        assert _get(url)[0] == 200
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
        log.close()
    err = (tmp_path / "stderr.txt").read_text(encoding="utf-8")
    assert proc.returncode == 130
    assert err.endswith("argmap: interrupted\n")
    assert "argmap: built: no errors. It is built again when a map changes" in err


def test_the_docs_name_both_commands():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "## `argmap report" in text and "## `argmap watch" in text
