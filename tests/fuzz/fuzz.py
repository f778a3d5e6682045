"""A long fuzz run: the robustness suite's strategies and properties
(tests/test_robustness.py), for as many minutes as asked, with random seeds
and every command on every input.

    .venv/bin/python tests/fuzz/fuzz.py --minutes 10

Each failure is shrunk by hypothesis to a small input and printed with the
seed that found it; the run goes on until the time is up and ends with a
summary (paste it into tests/fuzz/README.md). An input that takes longer
than --timeout seconds counts as a hang. Exit status: 0 nothing found, 1
failures found.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import sys
import time
import traceback
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


class Hang(Exception):
    """One input took longer than --timeout seconds."""


def _with_alarm(check, seconds: int):
    def run(files, cmds):
        def expired(signum, frame):
            raise Hang(f"no answer after {seconds} s")

        previous = signal.signal(signal.SIGALRM, expired)
        signal.alarm(seconds)
        try:
            check(files, cmds)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    return run


def _innermost(report: str) -> tuple[str, str]:
    """The last exception line and the last argmap frame of a report, which
    may hold the traceback of a command that ran in-process: two inputs that
    fail the same way give the same pair."""
    frames = re.findall(r'File "[^"]*?(src/argmap/[^"]+)", line (\d+)', report)
    where = f"{frames[-1][0]}:{frames[-1][1]}" if frames else "tests"
    errors = [ln.strip() for ln in report.splitlines() if re.match(r"^[A-Za-z_.]*(Error|Exception|Hang|Warning)\b", ln.strip())]
    return (errors[-1][:160] if errors else report.strip().splitlines()[-1][:160]), where


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to run (default 10)")
    parser.add_argument("--seed", type=int, default=None, help="first seed (default: random); batch i uses seed+i")
    parser.add_argument("--batch", type=int, default=20, help="inputs per hypothesis run (default 20)")
    parser.add_argument("--timeout", type=int, default=60, help="seconds before one input counts as a hang (default 60)")
    args = parser.parse_args(argv)

    # Every command on every input, before the module builds its strategies.
    os.environ["ARGMAP_ROBUSTNESS_ALL"] = "1"
    os.environ.update({"NO_COLOR": "1", "COLUMNS": "80"})
    os.environ.pop("FORCE_COLOR", None)
    sys.path.insert(0, str(TESTS))
    from hypothesis import HealthCheck, Phase, given, seed, settings

    import test_robustness as R

    properties = {
        "grammar": (R.corpora(), "maps from the grammar"),
        "front matter": (R.front_matter_maps(), "front matter of every kind"),
        "mutation": (R.mutated_maps(), "mutations of the bundled maps"),
    }
    first_seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    deadline = time.monotonic() + args.minutes * 60
    failures: dict[tuple, dict] = {}
    generated = {kind: 0 for kind in properties}  # new inputs; COUNTS adds the shrinking
    batches = 0
    started = time.monotonic()
    print(f"fuzz: {args.minutes:g} min, first seed {first_seed}, commands: {', '.join(sorted(R.COMMANDS))}", flush=True)
    while time.monotonic() < deadline:
        for kind, (strategy, title) in properties.items():
            if time.monotonic() >= deadline:
                break
            batch_seed = first_seed + batches
            batches += 1
            check = _with_alarm(lambda files, cmds, kind=kind: R.check_everything(files, cmds, kind), args.timeout)
            # Shrinking a failure takes minutes; once one is found, later
            # batches report theirs unshrunk, so the time goes to new inputs.
            phases = [Phase.generate] if failures else [Phase.generate, Phase.shrink]
            test = seed(batch_seed)(
                settings(
                    max_examples=args.batch,
                    deadline=None,
                    database=None,
                    derandomize=False,
                    phases=phases,
                    suppress_health_check=list(HealthCheck),
                    report_multiple_bugs=False,
                )(given(strategy, R.commands())(check))
            )
            before = R.COUNTS.get(kind, 0)
            try:
                test()
                generated[kind] += R.COUNTS.get(kind, 0) - before
            except Exception as exc:  # noqa: BLE001 - a finding, reported below
                generated[kind] += min(args.batch, R.COUNTS.get(kind, 0) - before)
                report = "".join(traceback.format_exception(exc))
                key = (kind, *_innermost(report))
                found = failures.setdefault(key, {"seed": batch_seed, "times": 0, "report": report})
                found["times"] += 1
                if found["times"] == 1:
                    print(f"\n=== FAILURE ({title}, seed {batch_seed}) ===\n{report}", flush=True)
        done = sum(R.COUNTS.values())
        if not done:
            print("fuzz: no input reached the properties: a broken set-up, stopping", flush=True)
            break
        print(f"fuzz: {time.monotonic() - started:6.0f} s, {done} inputs, {len(failures)} distinct failures", flush=True)

    elapsed = time.monotonic() - started
    print("\n## Result\n")
    print(f"- {elapsed / 60:.1f} minutes, seeds {first_seed}..{first_seed + batches - 1} ({batches} batches of up to {args.batch})")
    for kind, (_, title) in properties.items():
        print(f"- {title}: {generated[kind]} inputs")
    print(
        f"- {sum(generated.values())} inputs in all, each through the library and {len(R.COMMANDS)} command lines; "
        f"{sum(R.COUNTS.values())} runs counting hypothesis's shrinking of failures"
    )
    print(f"- distinct failures: {len(failures)}")
    for (kind, error, where), found in failures.items():
        print(f"  - {kind}: `{error}` at {where} (seed {found['seed']}, found {found['times']}x)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
