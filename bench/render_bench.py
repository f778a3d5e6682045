"""How long a 1,000-node map takes to render to SVG.

    .venv/bin/python bench/render_bench.py [--nodes 1000] [--runs 3] [--format svg]

Generates one map of realistic shape (a thesis, claims under it, premises
under the claims, evidence under the premises, counterpoints and rebuttals
on about a third of the claims and premises, a few premises that also
support a second claim, a few undercuts), parses it, and times each stage:
model → DOT, and DOT → SVG through the Graphviz library bundled with
pygraphviz (the backend a fresh `pip install` has). Prints the median of the
runs. `--untuned` renders without the size-dependent layout limits, to show
what they save (it takes minutes at 1,000 nodes).

For comparison, Argdown's CLI takes about 2.3 s on this 2-core machine for
1,000 statements; the target here is under half of that. Measured on that
machine (Graphviz 14.1.5 from the pygraphviz 2.0.4 wheel):

    --cross 0.1 (1,077 relations)   DOT 0.11 s + SVG 0.34 s = 0.45 s
    --cross 0.5 (1,394 relations)   0.63 s   (untuned: 0.93 s)
    --cross 1.0 (1,794 relations)   0.97 s   (untuned: 1.77 s)

and `argmap render` on the --cross 0.1 map, end to end (parse, validate,
draw, write): 0.95 s.

Those figures are `dot`'s. Above 500 boxes a map is now laid out as a tidy
tree (src/argmap/render/tree.py) and Graphviz only draws it, so `--nodes
1000` times that, and `--untuned` only matters up to 500 nodes (`--nodes
500`); bench/render_scale.py times whole maps of 1,000 to 50,000 statements
beside Argdown.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PHRASES = (
    "台日 合作 安全 經濟 半導體 供應鏈 共同價值 民主 中國崛起 美國 同盟 制度化 協定 互賴 風險 民意 戰略 "
    "區域和平 科技 海洋 漁業 能源 投資 人才 國際參與 非傳統安全 外交 國會 政黨 輿論 產業 市場"
).split()
ENGLISH = "Taiwan Japan cooperation security economy chips supply chain values China alliance risk".split()


def sentence(rng: random.Random, low: int = 5, high: int = 14) -> str:
    return "，".join("".join(rng.choice(PHRASES) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(1, 3)))[: rng.randint(low * 2, high * 3)]


def gloss(rng: random.Random) -> str:
    return " ".join(rng.choice(ENGLISH) for _ in range(rng.randint(6, 16)))


def generate(nodes: int = 1000, seed: int = 7, cross: float = 0.1) -> str:
    """The text of one map with `nodes` nodes."""
    rng = random.Random(seed)
    out = ["---", "id: bench", "title: 基準測試", "authors: [基準]", "year: 2025", "---", ""]
    out += [f'thesis T "{sentence(rng)}" {{ en "{gloss(rng)}" at "¶1" }}', ""]
    count, claims, premises, evidence, extra = 1, [], [], [], []
    claim_n = 0
    while count < nodes:
        claim_n += 1
        cid = f"c{claim_n}"
        claims.append(cid)
        out.append(f'claim {cid} "{sentence(rng)}" {{')
        out.append(f'  en "{gloss(rng)}"\n  at "§{claim_n}"\n  supports T')
        count += 1
        for p in range(rng.randint(2, 5)):
            if count >= nodes:
                break
            pid = f"p{claim_n}_{p}"
            premises.append(pid)
            out.append(f'  premise {pid} "{sentence(rng)}" {{ en "{gloss(rng)}" at "§{claim_n}.{p}"')
            count += 1
            for e in range(rng.randint(1, 4)):
                if count >= nodes:
                    break
                evidence.append(f"e{claim_n}_{p}_{e}")
                out.append(f'    evidence e{claim_n}_{p}_{e} "{sentence(rng)}" {{ at "§{claim_n}.{p}" quote "{sentence(rng, 3, 6)}" }}')
                count += 1
            if count < nodes - 1 and rng.random() < 0.25:
                out.append(f'    counterpoint k{claim_n}_{p} "{sentence(rng)}" {{ at "§{claim_n}.{p}"')
                out.append(f'      rebuttal r{claim_n}_{p} "{sentence(rng)}" {{ at "§{claim_n}.{p}" }}')
                out.append("    }")
                count += 2
            out.append("  }")
        if count < nodes and rng.random() < 0.3:
            out.append(f'  counterpoint k{claim_n} "{sentence(rng)}" {{ at "§{claim_n}" }}')
            count += 1
        out.append("}")
    # Cross-links, always toward the thesis so that no cycle forms: premises
    # that also support another claim, evidence that also backs another
    # premise; and a few undercuts.
    for pid in premises:
        if rng.random() < cross:
            extra.append(f"{pid} supports {rng.choice(claims)}")
    for eid in evidence:
        if rng.random() < cross:
            extra.append(f"{eid} supports {rng.choice(premises)}")
    for cid in claims[::9]:
        ks = [k for k in (f"k{cid[1:]}",) if f"counterpoint {k} " in "\n".join(out)]
        if ks:
            extra.append(f"{ks[0]} undercuts p{cid[1:]}_0 -> {cid}")
    return "\n".join(out + [""] + extra) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cross", type=float, default=0.1, help="Share of premises and evidence with a second, cross-linking relation.")
    parser.add_argument("--format", default="svg", choices=["svg", "png", "pdf"])
    parser.add_argument("--untuned", action="store_true", help="Drop the size-dependent layout limits.")
    parser.add_argument("--write", metavar="FILE", help="Also save the generated map here.")
    args = parser.parse_args()

    from argmap.corpus import parse_bytes
    from argmap.render import dot as D
    from argmap.render.backend import render

    text = generate(args.nodes, cross=args.cross)
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
    argmap, diags = parse_bytes("bench.map", text.encode("utf-8"))
    assert argmap is not None, diags
    edges = len(argmap.relations)
    print(f"map: {len(argmap.nodes)} nodes, {edges} relations")

    if args.untuned:
        original = D.layout_settings

        def untuned(*a, **k):
            attrs = original(*a, **k)
            for key in ("nslimit", "nslimit1", "mclimit", "remincross", "searchsize", "splines"):
                attrs.pop(key, None)
            return attrs

        D.layout_settings = untuned

    build, draw, total = [], [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        source = D.map_graph(argmap, D.Options())
        t1 = time.perf_counter()
        out = render(source, args.format, backend="library")
        t2 = time.perf_counter()
        build.append(t1 - t0)
        draw.append(t2 - t1)
        total.append(t2 - t0)
    print(f"model → DOT: {statistics.median(build):.3f} s")
    print(f"DOT → {args.format.upper()} (bundled Graphviz): {statistics.median(draw):.3f} s")
    print(f"total: {statistics.median(total):.3f} s (median of {args.runs}; {len(out.data):,} bytes)")


if __name__ == "__main__":
    main()
