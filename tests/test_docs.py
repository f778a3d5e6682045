"""The docs stay in step with the code."""

from __future__ import annotations

from argmap import diagnostics as D
from conftest import ROOT


def test_every_rule_is_in_the_catalogue():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for code in D.registry().values():
        assert f"### {code.code}\n\n`{code.name}` · {code.severity} by default" in text, code.code
        assert f"| [{code.code}](#{code.code.lower()}) | {code.name} | {code.severity} |" in text, code.code


def test_every_command_is_in_the_cli_reference():
    from argmap.cli import COMMANDS

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"## `argmap {name}" in text, name
