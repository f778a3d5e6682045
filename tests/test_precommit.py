"""The pre-commit hooks (.pre-commit-hooks.yaml) as a user runs them.

A snapshot of this working tree (uncommitted changes and new files
included) becomes a git repository at a commit; a temporary project names
it in its .pre-commit-config.yaml, and pre-commit builds its own virtualenv
and pip-installs argmap into it, exactly as it would from GitHub. That
environment is built once per module (PRE_COMMIT_HOME in a temporary
folder) and needs the package index; if the index cannot be reached the
slow tests are skipped, saying so.

The fast test at the end runs each hook's `entry` with several files at
once, as pre-commit passes them, without pre-commit.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time

import pytest
import yaml

from conftest import ROOT, run_subprocess

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
GIT = shutil.which("git")
IDENTITY = ["-c", "user.name=argmap tests", "-c", "user.email=tests@argmap.invalid", "-c", "commit.gpgsign=false"]

# Words in pip's output that mean the index could not be reached, as opposed
# to argmap failing to build or install.
OFFLINE = re.compile(
    r"NewConnectionError|Temporary failure in name resolution|Name or service not known|"
    r"Network is unreachable|Connection refused|Max retries exceeded|ProxyError|"
    r"No matching distribution found for (?!argmap)",
)


# The temporary repositories ignore the user's and the system's git settings
# (a global core.hooksPath, for one, makes `pre-commit install` refuse).
GIT_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))},
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "argmap tests",
    "GIT_AUTHOR_EMAIL": "tests@argmap.invalid",
    "GIT_COMMITTER_NAME": "argmap tests",
    "GIT_COMMITTER_EMAIL": "tests@argmap.invalid",
}


def _git(*args, cwd, check=True):
    return subprocess.run(
        [GIT, *IDENTITY, *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=check
    )


# ── maps ────────────────────────────────────────────────────────────────

ISSUES = 'issue security "安全合作能否深化？" {\n  en "Can security cooperation deepen?"\n}\n'

TANG = """\
---
id: tang
title: 台日「準同盟」的驅動與制約
authors: [湯名暉]
year: 2025
---

// 論文的主旨。
thesis T "台日正走向「準同盟」" {
  en "Taiwan and Japan are moving toward a quasi-alliance"
  at "¶1"
  stance security pro
}
claim c1 "台灣對日本具有雙重價值" {
  en "Taiwan is doubly valuable to Japan"
  at "¶2"
  supports T
}
premise p1 "台日處於東亞邊緣地帶交匯點" {
  en "Taiwan and Japan meet on the rim of East Asia"
  at "¶2"
  supports c1
}
c1 same_as chen:T
"""

# The same map as an author might type it: valid, but not in the layout.
TANG_MESSY = """\
---
id: tang
title: 台日「準同盟」的驅動與制約
authors: [湯名暉]
year: 2025
---



// 論文的主旨。
thesis   T "台日正走向「準同盟」" { en "Taiwan and Japan are moving toward a quasi-alliance"
    at "¶1"  stance security   pro }
claim c1 "台灣對日本具有雙重價值" {  en "Taiwan is doubly valuable to Japan" at "¶2"
      supports T
  }
premise p1 "台日處於東亞邊緣地帶交匯點" { en "Taiwan and Japan meet on the rim of East Asia" at "¶2" supports c1 }
c1   same_as   chen : T
"""

CHEN = """\
---
id: chen
title: 日台安全合作的限度
authors: [陳文甲]
year: 2024
---
thesis T "日台安全合作仍受制約" {
  en "Japan–Taiwan security cooperation remains constrained"
  at "¶1"
  stance security con
}
premise p1 "日本國內和平主義的制約" {
  en "Japan's domestic pacifism holds it back"
  at "¶3"
  supports T
}
"""

# Formatted, but `supports T9` names no node.
CHEN_UNKNOWN = CHEN.replace("  supports T\n", "  supports T9\n")


def _map(id_, title, thesis, premise, link=None):
    text = (
        f"---\nid: {id_}\ntitle: {title}\nauthors: [作者{id_}]\nyear: 2025\n---\n"
        f'thesis T "{thesis}" {{\n  at "¶1"\n  stance security pro\n}}\n'
        f'premise p1 "{premise}" {{\n  at "¶2"\n  supports T\n}}\n'
    )
    if link:
        text += f"p1 same_as {link}\n"
    return text


# ── fixtures ────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """This working tree, committed in a repository of its own: (path, rev).

    pre-commit clones a hook repository at a rev, so the snapshot takes every
    file git would see here (tracked or new, not ignored) as it is on disk."""
    if GIT is None:
        pytest.skip("git is not installed")
    listed = subprocess.run(  # with the user's git settings: it is their checkout
        [GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True
    )
    if listed.returncode != 0:
        pytest.skip(f"{ROOT} is not a git checkout, so there is no hook repository to snapshot")
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in sorted(set(listed.stdout.decode("utf-8").split("\0")) - {""}):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    _git("init", "-q", cwd=snapshot)
    _git("add", "-A", cwd=snapshot)
    _git("commit", "-q", "-m", "snapshot of the working tree", cwd=snapshot)
    rev = _git("rev-parse", "HEAD", cwd=snapshot).stdout.strip()
    return snapshot, rev


@pytest.fixture(scope="module")
def precommit(hook_repo, tmp_path_factory):
    """Run pre-commit with its own home; the hook environment is built once here."""
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
        "COLUMNS": "80",
        "PYTHONIOENCODING": "utf-8",
    }

    def run(*args, cwd):
        proc = subprocess.run(
            [sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True, timeout=900
        )
        return proc.returncode, proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")

    run.env = env
    run.home = home

    # Build the environment once, in a throwaway project.
    project = tmp_path_factory.mktemp("install-project")
    _project(project, hook_repo)
    start = time.monotonic()
    code, out = run("install-hooks", cwd=project)
    run.install_seconds = time.monotonic() - start
    if code != 0:
        log = home / "pre-commit.log"
        details = out + (log.read_text(encoding="utf-8", errors="replace") if log.exists() else "")
        if OFFLINE.search(details):
            pytest.skip(
                "pre-commit could not pip-install argmap into its hook environment: "
                "the package index is out of reach (it needs argmap's dependencies "
                f"and hatchling).\n{details[-1500:]}"
            )
        pytest.fail(f"pre-commit install-hooks failed (exit {code}):\n{details}")
    print(f"\npre-commit hook environment built in {run.install_seconds:.1f}s")
    return run


def _project(path, hook_repo, hooks=("argmap-fmt", "argmap-validate")):
    """A git repository whose .pre-commit-config.yaml uses the snapshot."""
    repo, rev = hook_repo
    config = {"repos": [{"repo": str(repo), "rev": rev, "hooks": [{"id": h} for h in hooks]}]}
    _git("init", "-q", cwd=path)
    (path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    _git("add", ".pre-commit-config.yaml", cwd=path)
    return path


def _write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    _git("add", "-A", cwd=root)


def _hook_result(out, name):
    """`Passed`, `Failed` or `(no files to check)Skipped` for one hook."""
    match = re.search(rf"^{re.escape(name)}\.+(.*)$", out, re.M)
    assert match, f"no line for {name!r} in:\n{out}"
    return match.group(1).strip()


# ── through pre-commit ──────────────────────────────────────────────────


@pytest.mark.slow
def test_clean_maps_pass_both_hooks(precommit, hook_repo, tmp_path):
    project = _project(tmp_path, hook_repo)
    _write(project, {"maps/issues.map": ISSUES, "maps/tang.map": TANG, "maps/chen.map": CHEN, "notes.md": "# 筆記\n"})
    code, out = precommit("run", "--all-files", cwd=project)
    assert code == 0, out
    assert _hook_result(out, "argmap fmt") == "Passed"
    assert _hook_result(out, "argmap validate") == "Passed"
    assert (project / "maps/tang.map").read_text(encoding="utf-8") == TANG


@pytest.mark.slow
def test_fmt_rewrites_a_messy_map_then_passes(precommit, hook_repo, tmp_path):
    project = _project(tmp_path, hook_repo)
    _write(project, {"maps/issues.map": ISSUES, "maps/tang.map": TANG_MESSY, "maps/chen.map": CHEN})
    code, out = precommit("run", "--all-files", cwd=project)
    assert code == 1, out
    assert _hook_result(out, "argmap fmt") == "Failed"
    assert "files were modified by this hook" in out
    assert "reformatted maps/tang.map" in out
    assert _hook_result(out, "argmap validate") == "Passed"  # messy but valid
    assert (project / "maps/tang.map").read_text(encoding="utf-8") == TANG
    assert (project / "maps/chen.map").read_text(encoding="utf-8") == CHEN

    code, out = precommit("run", "--all-files", cwd=project)
    assert code == 0, out
    assert _hook_result(out, "argmap fmt") == "Passed"


@pytest.mark.slow
def test_validate_reports_an_unknown_id_where_it_is(precommit, hook_repo, tmp_path):
    project = _project(tmp_path, hook_repo)
    _write(project, {"maps/issues.map": ISSUES, "maps/tang.map": TANG, "maps/chen.map": CHEN_UNKNOWN})
    code, out = precommit("run", "--all-files", cwd=project)
    assert code == 1, out
    assert _hook_result(out, "argmap fmt") == "Passed"
    assert _hook_result(out, "argmap validate") == "Failed"
    assert "- exit code: 1" in out
    assert "maps/chen.map:15:12: error[AM201] unknown id `T9` — did you mean `T`?" in out
    assert "15 |   supports T9\n   |            ^^" in out
    assert "Found 1 error in 1 of 3 files checked." in out
    assert (project / "maps/chen.map").read_text(encoding="utf-8") == CHEN_UNKNOWN


@pytest.mark.slow
def test_git_commit_runs_the_hooks(precommit, hook_repo, tmp_path):
    """`pre-commit install`, then a commit: the messy map stops it and is
    rewritten; staged again, the commit goes through."""
    project = _project(tmp_path, hook_repo)
    code, out = precommit("install", cwd=project)
    assert code == 0, out
    _write(project, {"maps/issues.map": ISSUES, "maps/tang.map": TANG_MESSY, "maps/chen.map": CHEN})

    def commit():
        proc = subprocess.run(
            [GIT, "commit", "-q", "-m", "加入兩張論證圖"], cwd=project, env=precommit.env, capture_output=True
        )
        return proc.returncode, proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")

    code, out = commit()
    assert code == 1, out
    assert _hook_result(out, "argmap fmt") == "Failed"
    assert (project / "maps/tang.map").read_text(encoding="utf-8") == TANG
    assert _git("rev-list", "--all", cwd=project).stdout == ""  # nothing committed

    _git("add", "maps/tang.map", cwd=project)
    code, out = commit()
    assert code == 0, out
    assert _git("show", "HEAD:maps/tang.map", cwd=project).stdout == TANG


def _two_folders():
    """a/ holds the issues file and one map; twelve maps in b/ link to it."""
    files = {"a/issues.map": ISSUES, "a/a0.map": _map("a0", "甲篇", "準同盟正在成形", "安全合作日深")}
    for i in range(12):
        text = _map(f"b{i}", f"乙篇{i}", f"乙論點{i}", f"乙前提{i}", link="a0:T").replace("  stance security pro\n", "")
        files[f"b/b{i}.map"] = text
    return files


@pytest.mark.slow
def test_many_files_across_folders(precommit, hook_repo, tmp_path):
    """pre-commit hands over many files at once, and would split a long list
    between processes: argmap-validate is require_serial, so the files stay
    one corpus and links from b/ to a/ resolve. Every messy file is
    rewritten, and the one real error is found, once."""
    project = _project(tmp_path, hook_repo)
    files = _two_folders()
    clean = dict(files)
    messy = ["b/b2.map", "b/b3.map", "b/b7.map"]
    for name in messy:
        files[name] = files[name].replace("{\n  at", "{ at").replace("p1 same_as", "p1   same_as")
        assert files[name] != clean[name]
    files["b/b5.map"] = clean["b/b5.map"] = files["b/b5.map"].replace("supports T", "supports T7")
    _write(project, files)

    code, out = precommit("run", "--all-files", cwd=project)
    assert code == 1, out
    assert _hook_result(out, "argmap fmt") == "Failed"
    for name in messy:
        assert f"reformatted {name}" in out
    for name, text in clean.items():
        assert (project / name).read_text(encoding="utf-8") == text, name
    assert _hook_result(out, "argmap validate") == "Failed"
    errors = re.findall(r"^\S+:\d+:\d+: error\[AM\d+\].*$", out, re.M)
    assert errors == ["b/b5.map:12:12: error[AM201] unknown id `T7` — did you mean `T`?"], out
    assert out.count("Found 1 error in 1 of 14 files checked.") == 1

    _write(project, {"b/b5.map": clean["b/b5.map"].replace("supports T7", "supports T")})
    code, out = precommit("run", "--all-files", cwd=project)
    assert code == 0, out


@pytest.mark.slow
def test_a_commit_passes_only_the_changed_files(precommit, hook_repo, tmp_path):
    """On a commit pre-commit passes the staged files only. validate reads
    the maps beside each one, so a corpus kept in one folder checks whole;
    links to another folder need the folders named (docs/git.md)."""
    project = _project(tmp_path, hook_repo)
    _write(project, {"maps/issues.map": ISSUES, "maps/tang.map": TANG, "maps/chen.map": CHEN, "notes.md": "# 筆記\n", **_two_folders()})
    code, out = precommit("run", "--files", "maps/tang.map", cwd=project)
    assert code == 0, out

    code, out = precommit("run", "--files", "b/b4.map", cwd=project)
    assert code == 1, out
    assert "b/b4.map:14:12: error[AM204] unknown map `a0`" in out

    config = {
        "repos": [
            {
                "repo": str(hook_repo[0]),
                "rev": hook_repo[1],
                "hooks": [{"id": "argmap-validate", "pass_filenames": False, "args": ["a", "b"]}],
            }
        ]
    }
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    _git("add", ".pre-commit-config.yaml", cwd=project)
    code, out = precommit("run", "--files", "b/b4.map", cwd=project)
    assert code == 0, out
    code, out = precommit("run", "--files", "notes.md", cwd=project)  # no map staged: not run at all
    assert code == 0 and _hook_result(out, "argmap validate") == "(no files to check)Skipped", out


@pytest.mark.slow
def test_fmt_exclude_must_be_repeated_for_pre_commit(precommit, hook_repo, tmp_path):
    """`[tool.argmap.fmt] exclude` skips what a folder search finds, never a
    file named on its own, and pre-commit names every file: the exclusion
    goes in the hook's `exclude` too (docs/git.md)."""
    project = _project(tmp_path, hook_repo, hooks=("argmap-fmt",))
    pyproject = '[tool.argmap.fmt]\nexclude = ["drafts"]\n'
    _write(project, {"pyproject.toml": pyproject, "drafts/tang.map": TANG_MESSY, "maps/chen.map": CHEN})
    code, out = precommit("run", "--all-files", cwd=project)
    assert code == 1 and "reformatted drafts/tang.map" in out, out
    (project / "drafts/tang.map").write_text(TANG_MESSY, encoding="utf-8")

    config = {"repos": [{"repo": str(hook_repo[0]), "rev": hook_repo[1], "hooks": [{"id": "argmap-fmt", "exclude": "^drafts/"}]}]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    _git("add", "-A", cwd=project)
    code, out = precommit("run", "--all-files", cwd=project)
    assert code == 0, out
    assert (project / "drafts/tang.map").read_text(encoding="utf-8") == TANG_MESSY


# ── the hooks file and its entries, without pre-commit ──────────────────


def test_hooks_file_names_both_hooks():
    hooks = {h["id"]: h for h in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))}
    assert set(hooks) == {"argmap-validate", "argmap-fmt"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert re.search(hook["files"], "maps/tang2025.map") and not re.search(hook["files"], "maps/notes.md")
    # All the files in one process, so that they form one corpus: pre-commit
    # would otherwise split a long list between processes, and links between
    # folders would not resolve (test_many_files_across_folders).
    assert hooks["argmap-validate"].get("require_serial") is True


def test_hook_entries_take_several_files(tmp_path):
    """Each hook's entry, given several files at once as pre-commit gives
    them: fmt rewrites the ones that need it, validate checks them as one
    corpus and locates every problem."""
    hooks = {h["id"]: h for h in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))}
    for hook in hooks.values():
        assert hook["pass_filenames"] is True
        assert shlex.split(hook["entry"])[0] == "argmap"
    fmt_args = shlex.split(hooks["argmap-fmt"]["entry"])[1:]
    validate_args = shlex.split(hooks["argmap-validate"]["entry"])[1:]

    maps = {
        "issues.map": ISSUES,
        "tang.map": TANG_MESSY,
        "chen.map": CHEN,
        "sub/wang.map": _map("wang", "王文", "準同盟尚未成形", "缺乏正式條約", link="tang:T"),
        "sub/lin.map": _map("lin", "林文", "經濟合作先行", "供應鏈重組").replace("{\n  at", "{ at"),
    }
    _write_plain(tmp_path, maps)
    names = ["tang.map", "chen.map", "sub/wang.map", "sub/lin.map"]

    code, out, err = run_subprocess(*fmt_args, *names, cwd=tmp_path)
    assert code == 0, err
    assert (project_text := (tmp_path / "tang.map").read_text(encoding="utf-8")) == TANG
    assert "reformatted tang.map" in err and "reformatted sub/lin.map" in err and "2 files reformatted" in err
    code, out, err = run_subprocess(*fmt_args, *names, cwd=tmp_path)
    assert code == 0 and "reformatted" not in err.replace("left unchanged", "")
    assert (tmp_path / "tang.map").read_text(encoding="utf-8") == project_text

    # wang (in sub/) links to tang in the folder above: named together, the
    # files form one corpus and the link resolves.
    (tmp_path / "sub/issues.map").write_text(ISSUES, encoding="utf-8")
    code, out, err = run_subprocess(*validate_args, *names, cwd=tmp_path)
    assert (code, out, err) == (0, "All clear: 4 files checked, no problems.\n", "")

    (tmp_path / "chen.map").write_text(CHEN_UNKNOWN, encoding="utf-8")
    lin = (tmp_path / "sub/lin.map").read_text(encoding="utf-8")
    (tmp_path / "sub/lin.map").write_text(lin.replace("supports T", "supports T2"), encoding="utf-8")
    code, out, err = run_subprocess(*validate_args, *names, cwd=tmp_path)
    assert code == 1, out
    errors = re.findall(r"^\S+:\d+:\d+: error\[AM\d+\].*$", out, re.M)
    assert errors == [
        "chen.map:15:12: error[AM201] unknown id `T9` — did you mean `T`?",
        "sub/lin.map:13:12: error[AM201] unknown id `T2` — did you mean `T`?",
    ]
    assert out.endswith("Found 2 errors in 2 of 4 files checked.\n")


def _write_plain(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
