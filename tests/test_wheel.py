"""The wheel carries the grammar: build it, install it in a fresh venv
outside the repository, and validate a map with the installed command."""

from __future__ import annotations

import os
import subprocess
import sys
import venv

import pytest

from conftest import ROOT, TESTS


@pytest.mark.slow
def test_wheel_installs_and_validates(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheels = list(dist.glob("argmap-*.whl"))
    assert len(wheels) == 1
    import zipfile

    assert "argmap/grammar/argmap.lark" in zipfile.ZipFile(wheels[0]).namelist()

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", str(wheels[0])], check=True, capture_output=True)

    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "m.map").write_bytes((TESTS / "fixtures" / "corpus" / "beta.map").read_bytes().replace(b"c2 contradicts alpha:T\n", b""))
    (work / "issues.map").write_bytes((TESTS / "fixtures" / "corpus" / "issues.map").read_bytes())
    proc = subprocess.run([str(bindir / "argmap"), "validate", "."], cwd=work, capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "All clear: 2 files checked, no problems.\n", "")
    proc = subprocess.run([str(bindir / "argmap"), "validate", "missing.map"], cwd=work, capture_output=True, text=True)
    assert proc.returncode == 2
