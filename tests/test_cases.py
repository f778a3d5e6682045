"""Case files with golden diagnostics: the exact text a user sees at 80
columns without colour, and the exit status, for every file in tests/cases.
"""

from __future__ import annotations

import pytest

from conftest import CASES, golden, run_cli

CASE_FILES = sorted(CASES.glob("*.map"))


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_case_golden(case):
    code, out, err = run_cli("validate", "--isolated", f"cases/{case.name}")
    golden(case.with_suffix(".out"), f"{out}{err}[exit {code}]\n")


def test_every_case_has_a_golden():
    assert CASE_FILES, "no case files"
    for case in CASE_FILES:
        assert case.with_suffix(".out").exists(), case
