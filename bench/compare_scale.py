"""Peak memory and time of `argmap compare` on thousands of small maps.

    .venv/bin/python bench/compare_scale.py [--maps 1000 2000 10000] [--issues 12]
    .venv/bin/python bench/compare_scale.py --generate DIR --maps 500   # only write a corpus

Each map is small (a thesis, a few claims, an objection and its answer) and
takes random stances on a few of the shared issues, so the number of maps,
not their size, is what grows. Every format of the full report is run in a
subprocess of its own; its peak resident memory is read from the kernel
(`wait4`), and `validate` on the same folder shows how much of the time is
parsing.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SURNAMES = "Lee Chen Wang Tanaka Suzuki Lin Huang Sato Smith Ito Wu Kato".split()
WORDS = "台日 合作 安全 經濟 半導體 供應鏈 價值 民主 中國 美國 同盟 制度 協定 互賴 風險 民意".split()


def _sentence(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7)))


def write_map(folder: Path, index: int, issues: int, rng: random.Random) -> None:
    """One map: stances on two to five issues, spread over its thesis and
    claims; now and then a claim that says the opposite (a mixed position)
    and an objection the author answers."""
    asked = rng.sample(range(issues), rng.randint(2, min(5, issues)))
    # A few authors share a surname and a year, so labels must be told apart.
    surname = SURNAMES[index % len(SURNAMES)]
    lines = [
        "---",
        f"id: m{index:05d}",
        f"title: 第{index}篇",
        f'authors: ["{surname}, Author {index}"]',
        f"year: {1990 + rng.randrange(36)}",
        "---",
        "",
        f'thesis T "{_sentence(rng)}" {{',
        f'  en "Thesis {index}"',
        '  at "§1"',
        f"  stance q{asked[0]} {rng.choice(['pro', 'con', 'mixed'])}",
        "}",
    ]
    for n, issue in enumerate(asked[1:], start=1):
        lines += [
            f'claim c{n} "{_sentence(rng)}" {{',
            f'  en "Claim {n}"',
            f'  at "§{n + 1}"',
            "  supports T",
            f"  stance q{issue} {rng.choice(['pro', 'con', 'pro', 'con', 'mixed'])}",
            f'  evidence e{n} "{_sentence(rng)}" {{ at "§{n + 1}.1" }}',
        ]
        if rng.random() < 0.3:
            lines += [
                f'  counterpoint k{n} "{_sentence(rng)}" {{',
                f'    at "§{n + 1}.2"',
                f'    rebuttal r{n} "{_sentence(rng)}" {{ at "§{n + 1}.3" }}',
                "  }",
            ]
        lines.append("}")
    if len(asked) > 2 and rng.random() < 0.1:
        lines.append(f'claim c9 "{_sentence(rng)}" {{ at "§9" supports T stance q{asked[1]} {rng.choice(["pro", "con"])} }}')
    (folder / f"m{index:05d}.map").write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(folder: Path, maps: int, issues: int = 12, seed: int = 1) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n".join(f'issue q{i} "問題{i}？" {{ en "Question {i}?" }}' for i in range(issues))
    (folder / "issues.map").write_text(text + "\n", encoding="utf-8")
    for index in range(maps):
        write_map(folder, index, issues, rng)
    return folder


def measure(command: list[str]) -> tuple[float, float, int, int]:
    """Seconds, peak resident MiB, exit code and bytes written to stdout."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        size = out.seek(0, 2)
    return seconds, usage.ru_maxrss / 1024, proc.returncode, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--maps", type=int, nargs="+", default=[1000, 2000, 10000])
    parser.add_argument("--issues", type=int, default=12)
    parser.add_argument("--formats", nargs="+", default=["table", "json", "markdown", "csv"])
    parser.add_argument("--generate", metavar="DIR", help="only write a corpus of --maps maps into DIR")
    args = parser.parse_args()
    if args.generate:
        generate(Path(args.generate), args.maps[0], args.issues)
        return
    argmap = [sys.executable, "-m", "argmap"]
    env_columns = {"COLUMNS": "80"}
    os.environ.update(env_columns)
    print(f"{'maps':>6} {'command':<28} {'seconds':>8} {'peak MiB':>9} {'output':>10}")
    for count in args.maps:
        with tempfile.TemporaryDirectory() as tmp:
            folder = generate(Path(tmp) / "corpus", count, args.issues)
            runs = [("validate", argmap + ["validate", str(folder)])]
            runs += [
                (f"compare --format {fmt}", argmap + ["compare", str(folder), "--format", fmt]) for fmt in args.formats
            ]
            for name, command in runs:
                seconds, peak, code, size = measure(command)
                flag = "" if code in (0, 1) else f"  exit {code}"
                print(f"{count:>6} {name:<28} {seconds:>8.1f} {peak:>9.0f} {size / 1e6:>8.1f}MB{flag}", flush=True)


if __name__ == "__main__":
    main()
