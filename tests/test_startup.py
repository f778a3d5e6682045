"""Start-up stays lean: heavy modules are imported only by what needs them."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import CASES

PROBE = """
import sys, json
from click.testing import CliRunner
from argmap.cli import cli
CliRunner().invoke(cli, sys.argv[1:])
print(json.dumps(sorted(m for m in ("lark", "yaml", "rich", "graphviz", "pygraphviz", "wcwidth") if m in sys.modules)))
"""


def loaded(*args):
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_version_imports_nothing_heavy():
    assert loaded("--version") == []


def test_validate_imports_neither_graphviz_nor_rich():
    modules = loaded("validate", "--isolated", str(CASES / "suppressed.map"))
    # A valid map is read by argmap's own loop (lark locates syntax errors),
    # its plain front matter without yaml, and its Chinese is measured
    # without wcwidth.
    assert modules == []


def test_front_matter_yaml_alone_can_read_brings_in_yaml(tmp_path):
    (tmp_path / "m.map").write_text('---\nid: m\ntitle: |\n  長\nauthors: [A]\nyear: 2026\n---\nthesis T "甲"\n', encoding="utf-8")
    assert loaded("validate", "--isolated", str(tmp_path / "m.map")) == ["yaml"]


def test_a_syntax_error_brings_in_lark_to_locate_it(tmp_path):
    (tmp_path / "bad.map").write_text('claim c1 "甲" { supports }\n', encoding="utf-8")
    assert "lark" in loaded("validate", "--isolated", str(tmp_path / "bad.map"))
