"""The comparison as JSON, CSV and Markdown (ready to paste into a paper)."""

from __future__ import annotations

import csv
import io
import json

from argmap.compare import data, drill
from argmap.compare.analysis import Comparison


def to_json(c: Comparison, lang: str) -> str:
    return json.dumps(data.as_dict(c, lang), ensure_ascii=False, indent=2) + "\n"


def drill_json(c: Comparison, issue_id: str, lang: str) -> str:
    return json.dumps(drill.as_dict(c, issue_id, lang), ensure_ascii=False, indent=2) + "\n"


def suggestions_json(items, lang: str) -> str:
    rows = [
        {"score": s.score, "a": data.node_ref(s.a_map, s.a, lang), "b": data.node_ref(s.b_map, s.b, lang)} for s in items
    ]
    return json.dumps({"version": data.VERSION, "suggestions": rows}, ensure_ascii=False, indent=2) + "\n"


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def to_csv(c: Comparison, lang: str) -> str:
    """The stance matrix in long form: one row per issue and map."""
    rows = []
    for issue in c.issues:
        row = c.positions[issue.id]
        for m in c.maps:
            p = row.get(m.id)
            rows.append(
                [
                    issue.id,
                    data.text(issue, lang),
                    m.id,
                    "; ".join(m.meta.get("authors") or []),
                    m.meta.get("year", ""),
                    p.stance if p else "silent",
                    p.carrier.id if p else "",
                    " ".join(n.id for n, _ in p.nodes) if p else "",
                ]
            )
    return _csv(["issue", "question", "map", "authors", "year", "stance", "carrier", "nodes"], rows)


def drill_csv(c: Comparison, issue_id: str, lang: str) -> str:
    rows = []

    def walk(branch, chain, depth):
        rows.append([chain.map.id, depth, branch.relation or "", branch.node.id, branch.node.kind, branch.stance or "", data.text(branch.node, lang)])
        for sub in branch.children:
            walk(sub, chain, depth + 1)

    for chain in drill.chains(c, issue_id):
        for root in chain.roots:
            walk(root, chain, 0)
    return _csv(["map", "depth", "relation", "node", "kind", "stance", "text"], rows)


def suggestions_csv(items, lang: str) -> str:
    rows = [[s.score, s.a_map.id, s.a.id, data.text(s.a, lang), s.b_map.id, s.b.id, data.text(s.b, lang)] for s in items]
    return _csv(["score", "map_a", "node_a", "text_a", "map_b", "node_b", "text_b"], rows)


def _md(value) -> str:
    """Map text as Markdown text: no raw HTML, no line breaks that end a list item."""
    import html

    return " ".join(html.escape(str(value), quote=False).split())


def _cell(value: str) -> str:
    """A table cell: texts in it are already through _md."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(str(v)) for v in row) + " |" for row in rows]
    return out


def to_markdown(c: Comparison, lang: str) -> str:
    labels = [_md(data.label(m, c.maps, lang)) for m in c.maps]
    lines = ["## Stances", ""]
    rows = []
    for issue in c.issues:
        row = c.positions[issue.id]
        rows.append(
            [f"**{issue.id}** {_md(data.text(issue, lang))}"]
            + [f"{row[m.id].stance} ({row[m.id].carrier.id})" if m.id in row else "·" for m in c.maps]
        )
    lines += _table(["issue", *labels], rows)
    lines += ["", "## Agreement between authors", ""]
    lines += _table(
        ["authors", "shared issues", "agree", "share"],
        [
            [f"{_md(data.label(p.a, c.maps, lang))} / {_md(data.label(p.b, c.maps, lang))}", p.shared, p.agree, "—" if p.share is None else f"{p.share:.0%}"]
            for p in c.agreement
        ],
    )
    lines += ["", "## Conflicts", ""]
    if not c.conflicts:
        lines.append("No issue has one map pro and another con.")
    for conflict in c.conflicts:
        lines += [f"### {conflict.issue.id}: {_md(data.text(conflict.issue, lang))}", ""]
        for name, sides in (("pro", conflict.pro), ("con", conflict.con), ("mixed", conflict.mixed)):
            for side in sides:
                p = side.position
                lines.append(f"- **{name}** — {_md(data.label(p.map, c.maps, lang))}, {p.carrier.id}: {_md(data.text(p.carrier, lang))}")
                if side.support is not None:
                    lines.append(f"  - strongest support {side.support.id}: {_md(data.text(side.support, lang))}")
                for k in side.concessions:
                    lines.append(f"  - concedes {k.id}: {_md(data.text(k, lang))}")
        lines.append("")
    lines += ["", "## Contradictions", ""]
    if not c.contradictions:
        lines.append("No contradicts links between these maps.")
    for link in c.contradictions:
        lines.append(
            f"- {link.source_map.id}:{link.source.id} {_md(data.text(link.source, lang))} **contradicts** "
            f"{link.target_map.id}:{link.target.id} {_md(data.text(link.target, lang))}"
        )
    lines += ["", "## Consensus", ""]
    if not c.consensus:
        lines.append("No issue on which every map that speaks agrees.")
    for issue in c.consensus:
        stance = next(iter(c.positions[issue.id].values())).stance
        lines.append(f"- **{issue.id}** ({stance}): {_md(data.text(issue, lang))}")
        for p in c.timeline(issue.id):
            lines.append(f"  - {_md(data.label(p.map, c.maps, lang))}, {p.carrier.id}: {_md(data.text(p.carrier, lang))}")
    lines += ["", "## Over time", ""]
    for issue in c.shared_issues():
        steps = " → ".join(f"{_md(data.label(p.map, c.maps, lang))} {p.stance}" for p in c.timeline(issue.id))
        lines.append(f"- **{issue.id}**: {steps}")
    lines += ["", "## Unique points", ""]
    if not c.unique:
        lines.append("Every top-level claim is linked (same_as) to another author's.")
    for argmap, node in c.unique:
        lines.append(f"- {_md(data.label(argmap, c.maps, lang))}, {node.id}: {_md(data.text(node, lang))}")
    return "\n".join(lines).rstrip() + "\n"


def drill_markdown(c: Comparison, issue_id: str, lang: str) -> str:
    issue = next(i for i in c.issues if i.id == issue_id)
    lines = [f"## {issue.id}: {_md(data.text(issue, lang))}", ""]

    def walk(branch, depth):
        rel = f"{branch.relation}: " if branch.relation else ""
        stance = f" [{branch.stance}]" if branch.stance else ""
        lines.append(f"{'  ' * depth}- {rel}{branch.node.kind} **{branch.node.id}**{stance} {_md(data.text(branch.node, lang))}")
        for sub in branch.children:
            walk(sub, depth + 1)

    for chain in drill.chains(c, issue_id):
        lines += [f"### {_md(data.label(chain.map, c.maps, lang))} — {chain.stance}", ""]
        for root in chain.roots:
            walk(root, 0)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def suggestions_markdown(items, lang: str) -> str:
    rows = [
        [f"{s.score:.2f}", f"{s.a_map.id}:{s.a.id} {_md(data.text(s.a, lang))}", f"{s.b_map.id}:{s.b.id} {_md(data.text(s.b, lang))}"]
        for s in items
    ]
    return "\n".join(_table(["score", "node", "node"], rows)) + "\n"
