"""Case files with golden diagnostics: the exact text a user sees at 80
columns without colour, and the exit status, for every case in tests/cases.

A case is a `.map` file, validated alone (`--isolated`), or a folder for
rules that need several files or a path that is not a map: its maps are
validated together, or, when it holds an `ARGS` file, the paths listed
there (relative to the folder). Either way the golden is `NAME.out` beside it.
Every rule of docs/rules.md has a case that triggers it.
"""

from __future__ import annotations

import re

import pytest

from argmap import diagnostics as D
from conftest import CASES, ROOT, golden, run_cli

CASE_FILES = sorted(CASES.glob("*.map"))
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


def _run(case):
    if case.is_dir():
        args_file = case / "ARGS"
        if args_file.exists():
            args = [a if a.startswith("/") else f"cases/{case.name}/{a}" for a in args_file.read_text().split()]
        else:
            args = [f"cases/{case.name}"]
        return run_cli("validate", "--isolated", *args)
    return run_cli("validate", "--isolated", f"cases/{case.name}")


@pytest.mark.parametrize("case", CASE_FILES + CASE_DIRS, ids=lambda p: p.stem)
def test_case_golden(case):
    code, out, err = _run(case)
    golden(case.with_suffix(".out"), f"{out}{err}[exit {code}]\n")


def test_every_case_has_a_golden():
    assert CASE_FILES, "no case files"
    for case in CASE_FILES + CASE_DIRS:
        assert case.with_suffix(".out").exists(), case


# Rules no case file can trigger, each with the test that does.
ELSEWHERE = {
    "AM005": "test_hardening_first_time.py::test_input_over_the_size_limit_is_am005 (needs 16 MiB of input)",
    # Reported by `argmap import`, not `validate`: the goldens are in tests/interop.
    **dict.fromkeys(("AM501", "AM502", "AM503", "AM504"), "tests/interop"),
}


def test_every_rule_has_a_case_that_triggers_it():
    """A rule no case triggers can be deleted with the suite still passing
    (the mutation audit found four): each code in the catalogue must appear
    in some golden."""
    catalogue = set(re.findall(r"^### (AM\d{3})$", (ROOT / "docs" / "rules.md").read_text(encoding="utf-8"), re.M))
    assert catalogue >= set(D.registry()), "rules.md lags the registry (see test_docs)"
    seen = set()
    for out in CASES.glob("*.out"):
        seen |= set(re.findall(r"\[(AM\d{3})\]", out.read_text(encoding="utf-8")))
    missing = sorted(catalogue - seen - set(ELSEWHERE))
    assert not missing, f"no case in tests/cases triggers {', '.join(missing)}: add NAME.map and NAME.out"
