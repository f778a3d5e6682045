from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
CASES = TESTS / "cases"
MAPS = ROOT / "maps"
SEEDS = ROOT.parent / "shared" / "seeds"
UPDATE = os.environ.get("ARGMAP_UPDATE_GOLDENS") == "1"


@pytest.fixture(scope="session")
def _parse_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("argmap-cache")


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch, _parse_cache):
    # Every run of the suite starts with an empty parse cache of its own, and
    # the whole suite goes through it: a file parsed twice is served from it.
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(_parse_cache))
    monkeypatch.delenv("ARGMAP_NO_CACHE", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("ARGMAP_SOURCES", raising=False)  # goldens name where sources were looked for


def run_cli(*args, cwd=None, input=None):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    from argmap.cli import cli

    old = os.getcwd()
    os.chdir(cwd or TESTS)
    try:
        result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def cache_entries(folder: Path, count: int = 1, timeout: float = 60) -> list[Path]:
    """The parse cache entries under folder once there are `count` of them
    and none is being written: a command writes its entries after it has
    ended (`cache.write_kept`), so they appear a moment later."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
        done = [p for p in files if not p.name.startswith(".tmp-")]
        if (len(done) >= count and len(done) == len(files)) or time.monotonic() > deadline:
            return done
        time.sleep(0.05)


def run_subprocess(*args, cwd=None, input=None, env=None):
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "argmap", *args],
        cwd=cwd or TESTS,
        input=input,
        capture_output=True,
        env=full_env,
        timeout=120,
    )
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def golden(path: Path, actual: str) -> None:
    """Compare with a golden file; ARGMAP_UPDATE_GOLDENS=1 rewrites it."""
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden {path.name}; run with ARGMAP_UPDATE_GOLDENS=1 and review it"
    assert actual == path.read_text(encoding="utf-8")


def load_text(text: str, path: str = "m.map"):
    """A map from text, through the same parse and lowering as the CLI."""
    from argmap.corpus import parse_source
    from argmap.source import SourceFile

    argmap, _ = parse_source(SourceFile(path, text))
    return argmap


@pytest.fixture
def git_repo(tmp_path, monkeypatch):
    """An empty git repository at tmp_path/repo (with a `maps` folder),
    isolated from the user's and the system's git settings, and a `git`
    function that runs git there and returns its standard output."""
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, "Test")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, "test@example.com")
    root = tmp_path / "repo"
    (root / "maps").mkdir(parents=True)

    def git(*args):
        return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    return root, git


def _no_cjk_font() -> str | None:
    from argmap.render.fonts import cjk_font, problem

    return problem("中文", "png", cjk_font())


# PNG and PDF of Chinese text are refused without a font that covers it
# (docs/render.md): tests that draw them skip on such a machine, and say why.
needs_cjk_font = pytest.mark.skipif(bool(_no_cjk_font()), reason="no font that covers Chinese (fonts-wqy-microhei)")
