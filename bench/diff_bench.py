"""Time `argmap diff` on two versions of a corpus of 200 maps of 100 nodes.

    .venv/bin/python bench/diff_bench.py [--maps 200] [--nodes 100]

The second version is a copy with a pull request's worth of edits to three
maps (a node added, a stance changed, an id renamed with its relations) and
every map re-indented; also timed: the corpus against itself, the whole
corpus rewritten (every map changed), and the same edits read from git
(`argmap diff HEAD maps/`). Real commands in a subprocess, best of three.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare_bench import best_of  # noqa: E402
from corpus_gen import generate  # noqa: E402


def edit(folder: Path) -> None:
    """A pull request: three maps edited, one map re-indented."""
    m1 = folder / "m1.map"
    m1.write_text(m1.read_text(encoding="utf-8") + '\nevidence e_new "新的證據" { at "§9" supports T }\n', encoding="utf-8")
    m2 = folder / "m2.map"
    m2.write_text(re.sub(r"stance (q\d+) (pro|con|mixed)", r"stance \1 mixed", m2.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    m3 = folder / "m3.map"
    m3.write_text(re.sub(r"\bc1\b", "c_first", m3.read_text(encoding="utf-8")), encoding="utf-8")
    m4 = folder / "m4.map"
    m4.write_text(m4.read_text(encoding="utf-8").replace("\n  ", "\n    "), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--maps", type=int, default=200)
    parser.add_argument("--nodes", type=int, default=100)
    args = parser.parse_args()
    argmap = [sys.executable, "-m", "argmap", "diff"]
    with tempfile.TemporaryDirectory() as tmp:
        old = generate(Path(tmp) / "old", args.maps, args.nodes)
        new = Path(tmp) / "new"
        shutil.copytree(old, new)
        edit(new)
        everything = Path(tmp) / "all"
        shutil.copytree(old, everything)
        for path in everything.glob("*.map"):
            path.write_text(path.read_text(encoding="utf-8").replace('"Claim', '"A claim'), encoding="utf-8")
        print(f"corpus: {args.maps} maps x {args.nodes} nodes = {args.maps * args.nodes} nodes")
        rows = [
            ("against itself", argmap + [str(old), str(old)]),
            ("3 maps edited", argmap + [str(old), str(new)]),
            ("3 maps edited, json", argmap + [str(old), str(new), "--format", "json"]),
            ("every map changed", argmap + [str(old), str(everything)]),
        ]
        if shutil.which("git"):
            repo = Path(tmp) / "repo"
            shutil.copytree(old, repo / "maps")
            env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b"}
            for cmd in (["init", "-q"], ["add", "."], ["commit", "-qm", "corpus"]):
                subprocess.run(["git", *cmd], cwd=repo, check=True, env=env)
            edit(repo / "maps")
            rows.append(("git: HEAD maps/", argmap + ["HEAD", "maps/"], repo))
        for name, cmd, *cwd in rows:
            print(f"{name:24} {best_of_in(cmd, cwd[0] if cwd else None):6.2f} s")


def best_of_in(cmd, cwd):
    if cwd is None:
        return best_of(cmd)
    here = os.getcwd()
    os.chdir(cwd)
    try:
        return best_of(cmd)
    finally:
        os.chdir(here)


if __name__ == "__main__":
    main()
