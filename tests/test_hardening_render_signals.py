"""Issue 11, what earlier hardening left: `render`'s outputs and child,
closed pipes, Ctrl-C with parse workers, looping output links, and CSV
formula injection. Each class as a regression test, through the real CLI
(`python -m argmap`, so that main()'s stream and signal handling is in the
loop) and real signals; drawing goes through the bundled library.

- The default output of `render` is a safe file name made from the id, and
  the output checks run on that final name.
- SIGTERM and SIGHUP end `render`'s Graphviz child with it and exit 128 + N;
  a bad SOURCE_DATE_EPOCH is refused before cairo can end the process.
- Node names in DOT are namespaced and injective: no two boxes merge.
- Every command ends quietly into a closed pipe, with its usual status.
- Ctrl-C while workers parse 48+ files: exit 130, no worker tracebacks.
- `-o` onto a symlink that loops is refused, the link kept.
- No CSV cell of map text is a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, TESTS, needs_cjk_font

CORPUS = TESTS / "fixtures" / "corpus"
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and pipes")


def argmap(*args, cwd, env=None, **kwargs) -> subprocess.Popen:
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "argmap", *args], cwd=cwd, env=full_env, **kwargs)


def run(*args, cwd, env=None, stdout=subprocess.PIPE):
    proc = argmap(*args, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, (out or b"").decode("utf-8", "replace"), err.decode("utf-8", "replace")


def write_map(path: Path, map_id: str, body: str = 'thesis T "A thesis."\n') -> Path:
    path.write_text(f"---\nid: {map_id}\ntitle: t\nauthors: [A]\nyear: 2020\n---\n{body}", encoding="utf-8")
    return path


def children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for_children(proc, count: int = 1, timeout: float = 60) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        kids = children(proc.pid)
        if len(kids) >= count:
            return kids
        time.sleep(0.02)
    pytest.fail(f"argmap started no child process (exit status {proc.poll()})")


LINUX_PROC = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads child processes from /proc")


# ---- render: the default output name and the guard ---------------------------


@pytest.mark.parametrize(
    ("text", "stem"),
    [
        ("../../escaped", "escaped"),
        ("..", "map"),
        ("/etc/passwd", "etc_passwd"),
        ("a\x00b", "a_b"),
        ("-rf", "rf"),
        (".hidden", "hidden"),
        ("C:\\x\\y", "C_x_y"),
        ("陳文甲", "陳文甲"),
        ("", "map"),
        (None, "map"),
        ("x" * 500, "x" * 100),
    ],
)
def test_the_default_stem_is_a_plain_file_name(text, stem):
    from argmap.render import file_stem

    assert file_stem(text, "map") == stem


def test_the_default_output_comes_from_the_id_through_file_stem(tmp_path):
    """The root, below the validator: even a model whose id is a path (the
    lowering drops such ids today) gives a name in the working folder."""
    from dataclasses import replace

    from argmap.cli.render import _default_output
    from argmap.validate import validate

    corpus = validate([str(write_map(tmp_path / "m.map", "m"))], context=False).corpus
    corpus.maps[0] = replace(corpus.maps[0], id="../../escaped")
    assert _default_output(corpus, "svg") == "escaped.svg"
    corpus.maps[0] = replace(corpus.maps[0], id=None, path="<stdin>")
    assert _default_output(corpus, "svg") == "stdin.svg"


def test_render_force_with_a_path_for_an_id_writes_only_in_the_working_folder(tmp_path):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    write_map(work / "m.map", "../../escaped")
    code, _, err = run("render", "--force", "m.map", "--backend", "library", cwd=work)
    assert code == 0, err
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert written == [Path("a/b/m.map"), Path("a/b/m.svg")]


def test_the_guard_sees_the_default_output_name(tmp_path):
    """A map read from `chen.svg` whose id is `chen`: the default output is
    the map itself, and is refused as -o chen.svg would be."""
    source = write_map(tmp_path / "chen.svg", "chen")
    before = source.read_bytes()
    code, _, err = run("render", "chen.svg", "--backend", "library", cwd=tmp_path)
    assert code == 2 and "chen.svg is a map that was read" in err
    assert source.read_bytes() == before


# ---- render: the Graphviz child dies with argmap --------------------------------


def _slow_map(path: Path, claims: int = 600) -> Path:
    """A map whose layout takes the bundled dot several seconds."""
    import random

    rnd = random.Random(1)
    lines = ['thesis T "The thesis."']
    for i in range(claims):
        lines.append(f'claim c{i} "Claim number {i} with some words." {{ supports T }}')
        for j in range(2):
            lines.append(f'premise p{i}_{j} "Premise {j} of claim {i}." {{ supports c{i} }}')
        if i:
            lines.append(f'counterpoint k{i} "Objection {i}." {{ attacks c{rnd.randrange(i)}\n attacks p{rnd.randrange(i)}_1 }}')
    return write_map(path, "big", "\n".join(lines) + "\n")


@POSIX
@LINUX_PROC
@pytest.mark.parametrize(("signame", "status"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_terminated_render_ends_its_graphviz_child(tmp_path, signame, status):
    _slow_map(tmp_path / "big.map")
    proc = argmap("render", "big.map", "-o", "big.svg", "--backend", "library", cwd=tmp_path,
                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        kids = wait_for_children(proc)
        time.sleep(0.3)  # into the layout
        proc.send_signal(getattr(signal, signame))
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == status
    assert err.decode() == "argmap: terminated\n"
    deadline = time.monotonic() + 10
    while any(alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(k) for k in kids), "the Graphviz child outlived argmap"
    assert not (tmp_path / "big.svg").exists()
    assert not list(tmp_path.glob(".argmap-*.tmp"))


@POSIX
@LINUX_PROC
def test_a_killed_render_takes_the_library_child_with_it(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    _slow_map(tmp_path / "big.map")
    proc = argmap("render", "big.map", "-o", "big.svg", "--backend", "library", cwd=tmp_path,
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kids = wait_for_children(proc)
    time.sleep(0.3)
    proc.kill()
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(k) for k in kids)


# ---- render: SOURCE_DATE_EPOCH ---------------------------------------------------


@needs_cjk_font
@pytest.mark.parametrize("value", ["abc", "-5", " 12", "12 ", "1e9", "99999999999999999", "٣"])
def test_a_bad_source_date_epoch_is_refused_with_a_message(tmp_path, value):
    code, _, err = run("render", str(CORPUS / "alpha.map"), "-o", "a.pdf", "--backend", "library",
                       cwd=tmp_path, env={"SOURCE_DATE_EPOCH": value})
    assert code == 2
    assert err.startswith("argmap: error: SOURCE_DATE_EPOCH must be a whole number of seconds")
    assert not (tmp_path / "a.pdf").exists()


@needs_cjk_font
def test_a_bad_source_date_epoch_does_not_end_compare_graph_either(tmp_path):
    """compare --graph draws without the CLI's render path: the check is in
    the backend, before any library call."""
    code, _, err = run("compare", str(CORPUS), "--graph", "c.pdf", "--format", "json",
                       cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "soon"})
    assert code != 0 and "SOURCE_DATE_EPOCH must be a whole number" in err


def test_the_backend_checks_the_epoch_before_calling_cairo(monkeypatch):
    from argmap.render import backend

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "nonsense")
    monkeypatch.setattr(backend, "_library", lambda *a: pytest.fail("the library was called"))
    monkeypatch.setattr(backend, "_executable", lambda *a: pytest.fail("dot was called"))
    with pytest.raises(backend.BackendError, match="SOURCE_DATE_EPOCH"):
        backend.render("digraph{a}", "pdf", backend="library")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert backend.source_date_epoch() is None


@needs_cjk_font
def test_a_good_source_date_epoch_dates_the_pdf(tmp_path):
    code, _, err = run("render", str(CORPUS / "alpha.map"), "-o", "a.pdf", "--backend", "library",
                       cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert code == 0, err
    assert b"/CreationDate (D:20231114221320" in (tmp_path / "a.pdf").read_bytes()


# ---- DOT node names ---------------------------------------------------------------


def test_node_names_are_injective():
    from argmap.render.dot import node_name

    parts = [("x3a",), (":",), ("a.b",), ("a", "b"), ("x",), ("",), ("x61",), ("a",), ("issue", "q1"),
             ("map", "issue", "q1"), ("anon", "0", "T"), ("map", "0", "T"), ("ext", "m", "T"), ("u", "a", "b")]
    names = [node_name(*p) for p in parts]
    assert len(set(names)) == len(names), dict(zip(parts, names))


def _stance_corpus(folder: Path, ids: tuple[str, str]) -> Path:
    folder.mkdir()
    (folder / "issues.map").write_text(
        'issue q1 "Question one?" { en "Q1" }\nissue beta "Question two?" { en "Q2" }\n', encoding="utf-8")
    write_map(folder / "a.map", ids[0], 'thesis q1 "A says yes." { stance q1 pro stance beta con }\n')
    write_map(folder / "b.map", ids[1], 'thesis q1 "B says no." { stance q1 con stance beta pro }\n')
    return folder


@pytest.mark.parametrize("ids", [("issue", "beta"), ("q1", "beta"), ("map", "anon"), ("ext", "x71")])
def test_a_map_id_equal_to_an_issue_id_or_a_namespace_merges_no_boxes(tmp_path, ids):
    """Each map's thesis and each issue is its own box, whatever the ids."""
    import pygraphviz

    from argmap.render.dot import Options, corpus_graph
    from argmap.validate import validate

    corpus = validate([str(_stance_corpus(tmp_path / "c", ids))]).corpus
    graph = pygraphviz.AGraph(string=corpus_graph(corpus, Options()))
    kinds = sorted(graph.get_node(n).attr["class"] for n in graph.nodes())
    assert kinds == ["issue", "issue", "thesis", "thesis"]
    assert len(graph.edges()) == 4 + 2  # four stances, two invisible anchors


# ---- closed pipes ------------------------------------------------------------------


def _closed_pipe_run(args, cwd):
    """Run with standard output a pipe whose reader is already gone: the
    first write fails, whatever the size of the output."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = argmap(*args, cwd=cwd, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err.decode("utf-8", "replace")


PIPED = [
    ["validate", "maps/"],
    ["validate", "tests/cases/bad_id.map"],
    ["fmt", "--diff", "maps/chen2024.map"],
    ["fmt", "--check", "tests/format"],
    ["diff", "maps/chen2024.map", "maps/tang2025.map"],
    ["compare", "maps/"],
    ["compare", "maps/", "--format", "csv"],
    ["export", "maps/chen2024.map"],
    ["evaluate", "maps/chen2024.map", "--all"],
    ["render", "maps/chen2024.map", "-o", "-", "--format", "dot"],
    ["render", "maps/chen2024.map", "-o", "-", "--backend", "library"],
    ["doctor"],
    ["--help"],
    ["validate", "--help"],
]


@POSIX
@pytest.mark.parametrize("args", PIPED, ids=[" ".join(a) for a in PIPED])
def test_every_command_ends_quietly_into_a_closed_pipe(args):
    code, err = _closed_pipe_run(args, ROOT)
    expected, _, expected_err = run(*args, cwd=ROOT, stdout=subprocess.DEVNULL)
    assert code == expected, err
    assert err == expected_err  # no message of its own, no traceback, no "Exception ignored"


@POSIX
def test_a_closed_pipe_keeps_the_status_of_the_check():
    """validate into `| head -1`: 0 for clean maps (click's answer was 1),
    1 for maps with errors."""
    assert _closed_pipe_run(["validate", "maps/"], ROOT)[0] == 0
    assert _closed_pipe_run(["validate", "tests/cases/bad_id.map"], ROOT)[0] == 1


# ---- Ctrl-C while workers parse -----------------------------------------------------


def _worker_signals(job):
    """Run in a parse worker in place of parsing: how it would take signals."""
    return signal.getsignal(signal.SIGINT) == signal.SIG_IGN, signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


@POSIX
def test_parse_workers_ignore_sigint(monkeypatch):
    """Each worker ignores Ctrl-C (the parent answers for all) and dies at
    once on SIGTERM, whatever handler the parent had installed."""
    from argmap import corpus

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: no workers")
    monkeypatch.setattr(corpus, "_parse_job", _worker_signals)
    previous = signal.signal(signal.SIGTERM, lambda *a: None)
    try:
        answers = corpus.parse_many([(f"m{i}.map", b"") for i in range(corpus.PARALLEL_FROM)])
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert answers == [(True, True)] * corpus.PARALLEL_FROM


@POSIX
@LINUX_PROC
def test_ctrl_c_while_workers_parse_exits_130_without_worker_tracebacks(tmp_path):
    from argmap.corpus import PARALLEL_FROM

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: no workers")
    body = 'thesis T "The thesis."\n' + "".join(f'claim c{i} "Claim {i} with some words." {{ supports T }}\n' for i in range(800))
    for f in range(PARALLEL_FROM + 12):
        write_map(tmp_path / f"m{f}.map", f"m{f}", body)
    # A new session, signalled as a whole: what Ctrl-C in a terminal does.
    proc = argmap("validate", ".", cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                  start_new_session=True)
    try:
        kids = wait_for_children(proc, 2)
        time.sleep(0.3)
        assert proc.poll() is None, "parsing ended before the test could interrupt it"
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert err.decode() == "argmap: interrupted\n"
    assert not any(alive(k) for k in kids)


# ---- -o onto a symlink that loops ------------------------------------------------------


@POSIX
@pytest.mark.parametrize(("command", "ext"), [
    (["render", str(CORPUS / "alpha.map"), "--backend", "library"], "svg"),
    (["render", str(CORPUS / "alpha.map")], "dot"),
    (["render", "--diff", str(CORPUS / "alpha.map"), str(CORPUS / "alpha.map"), "--backend", "library"], "svg"),
    (["export", str(CORPUS / "alpha.map")], "json"),
    (["compare", str(CORPUS), "--format", "json"], "json"),
    (["diff", str(CORPUS / "alpha.map"), str(CORPUS / "beta.map")], "txt"),
])
@pytest.mark.parametrize("ring", [1, 2])
def test_an_output_link_that_loops_is_refused_and_kept(tmp_path, command, ext, ring):
    links = [tmp_path / f"out{i}.{ext}" for i in range(ring)]
    for i, link in enumerate(links):
        link.symlink_to(links[(i + 1) % ring].name)
    code, _, err = run(*command, "-o", links[0].name, cwd=tmp_path)
    assert code == 2, err
    assert "symbolic link that loops" in err
    assert all(link.is_symlink() for link in links)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(link.name for link in links)


def test_write_bytes_refuses_a_looping_link(tmp_path):
    from argmap.writefile import write_bytes

    link = tmp_path / "self.svg"
    link.symlink_to("self.svg")
    assert "loops back on itself" in write_bytes(str(link), b"data")
    assert link.is_symlink() and os.readlink(link) == "self.svg"
    target = tmp_path / "real.svg"
    (tmp_path / "good.svg").symlink_to("real.svg")
    assert write_bytes(str(tmp_path / "good.svg"), b"data") is None  # a link that resolves is still followed
    assert target.read_bytes() == b"data" and (tmp_path / "good.svg").is_symlink()


# ---- CSV formula injection --------------------------------------------------------------


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_cell_neutralises_a_formula(text):
    from argmap.visible import csv_cell

    cell = csv_cell(text)
    assert cell.startswith("'") or not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell[0] not in "=+-@\t\r"


def test_csv_cell_leaves_plain_text_and_numbers():
    from argmap.visible import csv_cell

    assert csv_cell("合作有限") == "合作有限"
    assert csv_cell("a = b") == "a = b"
    assert csv_cell(-0.5) == -0.5 and csv_cell(2012) == 2012 and csv_cell(None) is None
    assert csv_cell("\x1b]0;t\x07") == "␛]0;t␇"


def _formula_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "issues.map").write_text('issue q1 "=1+1" { en "@SUM(A1)" }\n', encoding="utf-8")
    write_map(folder / "a.map", "a",
              'thesis T "=HYPERLINK(\\"http://evil\\",\\"x\\")" { en "+cmd" at "-5" quote "@x" stance q1 pro }\n'
              'counterpoint k1 "-objection" { attacks T }\n')
    write_map(folder / "b.map", "b", 'thesis T "\\tB" { stance q1 con }\n')
    return folder


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize("args", [
    ["compare", "--format", "csv"],
    ["compare", "--format", "csv", "--issue", "q1"],
    ["compare", "--format", "csv", "--explain", "q1", "a"],
    ["evaluate", "--format", "csv", "--all"],
])
def test_no_csv_cell_of_map_text_is_a_formula(tmp_path, args):
    folder = _formula_corpus(tmp_path / "c")
    code, out, err = run(*args, str(folder), "--force", cwd=tmp_path)
    assert code in (0, 1), err
    cells = _cells(out)
    assert cells, err
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(c.startswith("'=") or c.startswith("'-") for c in cells)
