"""Generate a synthetic corpus of realistic shape for benchmarks: each map a
thesis, claims under it, premises and evidence under the claims, a few
counterpoints with rebuttals, stances on shared issues and cross-map links."""

from __future__ import annotations

import random
from pathlib import Path

ISSUES = 12
WORDS = "台日 合作 安全 經濟 半導體 供應鏈 價值 民主 中國 美國 同盟 制度 協定 互賴 風險 民意 戰略 區域 和平 科技".split()


def sentence(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10)))


def write_map(folder: Path, index: int, nodes: int, maps: int, rng: random.Random) -> None:
    lines = [
        "---",
        f"id: m{index}",
        f"title: 第{index}篇",
        f"authors: [作者{index}]",
        f"year: {1990 + index % 36}",
        "---",
        "",
        f'thesis T "{sentence(rng)}" {{',
        '  en "Thesis"',
        '  at "§1"',
    ]
    for issue in rng.sample(range(ISSUES), 4):
        lines.append(f"  stance q{issue} {rng.choice(['pro', 'con', 'mixed'])}")
    lines.append("}")
    count, claim = 1, 0
    while count < nodes:
        claim += 1
        lines += [f'claim c{claim} "{sentence(rng)}" {{', f'  en "Claim {claim}"', f'  at "§{claim + 1}"', "  supports T"]
        if rng.random() < 0.5:
            lines.append(f"  stance q{rng.randrange(ISSUES)} {rng.choice(['pro', 'con'])}")
        count += 1
        for k in range(rng.randint(3, 7)):
            if count >= nodes:
                break
            kind = rng.choice(["premise", "evidence", "evidence"])
            lines.append(f'  {kind} n{claim}_{k} "{sentence(rng)}" {{ en "Reason" at "§{claim + 1}.{k}" quote "{sentence(rng)}" }}')
            count += 1
        if count < nodes - 1 and rng.random() < 0.4:
            lines.append(f'  counterpoint k{claim} "{sentence(rng)}" {{ en "Objection" at "§{claim + 1}"')
            lines.append(f'    rebuttal r{claim} "{sentence(rng)}" {{ en "Answer" at "§{claim + 1}" }}')
            lines.append("  }")
            count += 2
        lines.append("}")
        if claim > 1 and rng.random() < 0.3:
            other = rng.randrange(maps)
            if other != index:
                lines.append(f"c{claim} same_as m{other}:c1")
    (folder / f"m{index}.map").write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(folder: Path, maps: int = 200, nodes: int = 100, seed: int = 1) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    issues = [f'issue q{i} "問題{i}？" {{ en "Question {i}?" }}' for i in range(ISSUES)]
    (folder / "issues.map").write_text("\n".join(issues) + "\n", encoding="utf-8")
    for index in range(maps):
        write_map(folder, index, nodes, maps, rng)
    return folder
