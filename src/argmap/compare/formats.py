"""The comparison as JSON, CSV and Markdown (ready to paste into a paper)."""

from __future__ import annotations

import csv
import io

from argmap import jsonout
from argmap.compare import data, drill
from argmap.compare.analysis import Comparison
from argmap.visible import csv_cell, json_text, visible


def to_json(c: Comparison, lang: str, cite: bool = False) -> str:
    """`json.dumps(as_dict(c), indent=2)`, byte for byte, encoded one entry
    of each list at a time: the whole tree of dicts, and the million small
    strings json's indenting encoder makes of it, would take gigabytes for
    thousands of maps. (A JSON string holds no raw line break, so an entry
    is indented by indenting its lines. The characters json_text escapes
    are escaped one for one wherever they stand, so once, in the whole.)"""
    from types import GeneratorType

    def encoded(value, indent: str) -> str:
        return jsonout.dumps(value).replace("\n", "\n" + indent)

    parts = []
    for key, value in data.sections(c, lang):
        if isinstance(value, GeneratorType):
            items = [encoded(item, "    ") for item in value]
            value_text = "[\n    " + ",\n    ".join(items) + "\n  ]" if items else "[]"
        else:
            value_text = (key == "agreement" and _pairs_json(value)) or encoded(value, "  ")
        parts.append(f'  "{key}": {value_text}')
    return json_text("{\n" + ",\n".join(parts) + "\n}\n")


_PAIR_KEYS = ("a", "b", "shared", "agree", "share")


def _pairs_json(pairs: list) -> str | None:
    """The agreement's pairs as `to_json` writes any list at that depth,
    written out directly: there are half as many as the square of the maps
    (19,900 for 200), each of the same five keys and types. None when one
    is not as data.pair_dict makes it."""
    import math
    from json.encoder import encode_basestring as string  # as the encoder writes str, unescaped non-ASCII

    items = []
    for pair in pairs:
        if tuple(pair) != _PAIR_KEYS:
            return None
        a, b, shared, agree, share = pair.values()
        if not (type(a) is type(b) is str and type(shared) is type(agree) is int):
            return None
        if share is None:
            share_text = "null"
        elif type(share) is float and math.isfinite(share):
            share_text = float.__repr__(share)
        else:
            return None
        items.append(
            f'{{\n      "a": {string(a)},\n      "b": {string(b)},\n      "shared": {int.__repr__(shared)},'
            f'\n      "agree": {int.__repr__(agree)},\n      "share": {share_text}\n    }}'
        )
    if not items:
        return None
    return "[\n    " + ",\n    ".join(items) + "\n  ]"


def drill_json(c: Comparison, issue_id: str, lang: str, cite: bool = False) -> str:
    return json_text(jsonout.dumps(drill.as_dict(c, issue_id, lang))) + "\n"


def explain_json(c: Comparison, issue_id: str, map_id: str, lang: str, cite: bool = False) -> str:
    return json_text(jsonout.dumps(data.explain_dict(c, issue_id, map_id, lang))) + "\n"


def suggestions_json(items, lang: str, cite: bool = False) -> str:
    rows = [
        {"score": s.score, "a": data.node_ref(s.a_map, s.a, lang), "b": data.node_ref(s.b_map, s.b, lang)} for s in items
    ]
    return json_text(jsonout.dumps({"version": data.VERSION, "suggestions": rows})) + "\n"


def _csv(header: list[str], rows: list[list]) -> str:
    """CSV is read in terminals and spreadsheets too: map text in it shows
    escape sequences and bidi controls as symbols, and no cell is a formula
    (argmap.visible.csv_cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def to_csv(c: Comparison, lang: str, cite: bool = False) -> str:
    """The stance matrix in long form: one row per issue and map."""
    rows = []
    for issue in c.issues:
        row = c.positions[issue.id]
        for m in c.maps:
            p = row.get(m.id)
            qual = data.qualifiers(p) if p else {"scope": None, "condition": None}
            rows.append(
                [
                    issue.id,
                    data.text(issue, lang),
                    m.id,
                    "; ".join(m.meta.get("authors") or []),
                    m.meta.get("year", ""),
                    p.stance if p else "silent",
                    qual["scope"] or "",
                    qual["condition"] or "",
                    p.carrier.id if p else "",
                    (p.carrier.locator or "") if p else "",
                    (p.carrier.quote or "") if p else "",
                    " ".join(f"{n.id}:{s}" for n, s in p.nodes) if p else "",
                ]
            )
    header = ["issue", "question", "map", "authors", "year", "stance", "scope", "condition", "carrier", "locator", "quote", "nodes"]
    return _csv(header, rows)


def drill_csv(c: Comparison, issue_id: str, lang: str, cite: bool = False) -> str:
    rows = []

    def walk(branch, chain, depth):
        rows.append(
            [
                chain.map.id, depth, branch.relation or "", branch.node.id, branch.node.kind, branch.stance or "",
                branch.status, branch.node.locator or "", branch.node.quote or "", data.text(branch.node, lang),
            ]
        )
        for sub in branch.children:
            walk(sub, chain, depth + 1)

    for chain in drill.chains(c, issue_id):
        for root in chain.roots:
            walk(root, chain, 0)
    return _csv(["map", "depth", "relation", "node", "kind", "stance", "status", "locator", "quote", "text"], rows)


def suggestions_csv(items, lang: str, cite: bool = False) -> str:
    rows = [[s.score, s.a_map.id, s.a.id, data.text(s.a, lang), s.b_map.id, s.b.id, data.text(s.b, lang)] for s in items]
    return _csv(["score", "map_a", "node_a", "text_a", "map_b", "node_b", "text_b"], rows)


def _md(value) -> str:
    """Map text as Markdown text: no raw HTML, no line breaks that end a list
    item, escape sequences and bidi controls as symbols (argmap.visible)."""
    import html

    return " ".join(html.escape(visible(str(value)), quote=False).split())


def _cell(value: str) -> str:
    """A table cell: texts in it are already through _md."""
    return " ".join(visible(str(value)).split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(str(v)) for v in row) + " |" for row in rows]
    return out


def _at(node) -> str:
    """` (§參.一 ¶2)`: where the source says it, for citing."""
    return f" ({_md(node.locator)})" if node.locator else ""


def _quote(node, indent: str = "  ") -> list[str]:
    return [f"{indent}> {_md(node.quote)}"] if node.quote else []


def _ids(pairs) -> str:
    return ", ".join(f"{n.id} ({s})" for n, s in pairs)


LISTED = data.LISTED


def _more(count: int, what: str, indent: str = "") -> list[str]:
    """`- … and 12 more maps`, when a list was cut at LISTED."""
    return [f"{indent}- … and {count - LISTED} more {what}"] if count > LISTED else []


def _tally(c: Comparison, lang: str) -> list[str]:
    """Past LISTED maps: per issue, how many are pro, con, mixed or silent."""
    rows = []
    for issue in c.issues:
        stances = [p.stance for p in c.positions[issue.id].values()]
        counts = [stances.count(s) for s in ("pro", "con", "mixed")]
        rows.append([f"**{issue.id}** {_md(data.text(issue, lang))}", *counts, len(c.maps) - len(stances)])
    lines = _table(["issue", "pro", "con", "mixed", "silent"], rows)
    return lines + ["", f"How many of the {len(c.maps)} maps answer each question pro, con or mixed; each map's stance and carrier are in --format csv or json.", ""]


def to_markdown(c: Comparison, lang: str, cite: bool = False) -> str:
    lines = ["# Comparison of positions", ""]
    lines.append(
        f"{len(c.maps)} maps, {len(c.issues)} questions that at least one of them answers. The texts, in order of date:"
    )
    lines.append("")
    for m in c.maps[:LISTED]:
        title = (lang == "en" and m.meta.get("title_en")) or m.meta.get("title") or ""
        lines.append(f"- **{_md(data.label(m, c.maps, lang))}** ({_md(m.id)}): {_md(title)}")
    lines += _more(len(c.maps), "maps")
    lines += ["", "## Stances", ""]
    if len(c.maps) > LISTED:
        lines += _tally(c, lang)
    else:
        lines += _matrix(c, lang)
    lines += _positions(c, lang, cite)
    lines += _agreement(c, lang)
    lines += _conflicts(c, lang, cite)
    lines += ["## Contradictions", ""]
    if not c.contradictions:
        lines.append("No contradicts links between these maps.")
    for link in c.contradictions[:LISTED]:
        lines.append(
            f"- {link.source_map.id}:{link.source.id}{_at(link.source)} {_md(data.text(link.source, lang))} **contradicts** "
            f"{link.target_map.id}:{link.target.id}{_at(link.target)} {_md(data.text(link.target, lang))}"
        )
    lines += _more(len(c.contradictions), "contradicts links")
    lines += _consensus(c, lang, cite)
    lines += ["", "## Over time", ""]
    for issue in c.shared_issues():
        # `→` between steps of time; `,` between texts of one year, whose order is not known.
        shown, steps = 0, []
        for period in c.periods(issue.id):
            if shown >= LISTED:
                break
            period = period[: LISTED - shown]
            shown += len(period)
            steps.append(", ".join(f"{_md(data.label(p.map, c.maps, lang))} {_md(data.stance_words(p))}" for p in period))
        total = len(c.positions[issue.id])
        line = " → ".join(steps) + (f" … and {total - shown} more" if total > shown else "")
        lines.append(f"- **{issue.id}**: {line}")
    lines += ["", "## Unique points", ""]
    if not c.unique:
        lines.append("Every top-level claim and recommendation is linked to another author's.")
    shown, authors = data.first_maps(c.unique)
    for argmap, node in shown:
        lines.append(f"- {_md(data.label(argmap, c.maps, lang))}, {node.id}{_at(node)}: {_md(data.text(node, lang))}")
    if authors > LISTED:
        lines.append(f"- … and {len(c.unique) - len(shown)} more unique points of {authors - LISTED} more maps")
    return "\n".join(lines).rstrip() + "\n"


def _matrix(c: Comparison, lang: str) -> list[str]:
    labels = [_md(data.label(m, c.maps, lang)) for m in c.maps]
    lines = []
    rows = []
    for issue in c.issues:
        row = c.positions[issue.id]
        cells = []
        for m in c.maps:
            p = row.get(m.id)
            if p is None:
                cells.append("·")
                continue
            if p.sides():
                parts = "; ".join(
                    f"{v} {n.id}{' [' + _md(p.qualifier(n.id)) + ']' if p.qualifier(n.id) else ''}"
                    f"{', ' + _md(n.locator) if n.locator else ''}"
                    for v, n in p.sides()
                )
                cells.append(f"{p.stance} ({parts})")
                continue
            qual = f" [{_md(p.qualifier())}]" if p.qualifier() else ""
            objection = "; objection" if p.by_objection else ""
            cells.append(f"{p.stance}{qual} ({p.carrier.id}{', ' + _md(p.carrier.locator) if p.carrier.locator else ''}{objection})")
        rows.append([f"**{issue.id}** {_md(data.text(issue, lang))}", *cells])
    lines += _table(["issue", *labels], rows)
    lines += [
        "",
        "Each cell: the map's stance, [qualified] where the author limits it (scope: a period or domain; if: a "
        "condition), the node that carries it and where the source says it; for a mixed position, the author's "
        "nodes on each side; · silent. Node ids are the map's own: T thesis, c claim, p premise, e evidence, "
        "k counterpoint, r rebuttal, rec recommendation. A cell marked *objection* rests only on a counterpoint "
        "the author raises (see Positions in detail).",
        "",
    ]
    return lines


def _positions(c: Comparison, lang: str, cite: bool) -> list[str]:
    lines = ["## Positions in detail", ""]
    for issue in c.issues:
        lines.append(f"- **{issue.id}** {_md(data.text(issue, lang))}")
        timeline = c.timeline(issue.id)
        for p in timeline[:LISTED]:
            carrier = p.carrier
            line = f"  - {_md(data.label(p.map, c.maps, lang))}: **{_md(data.stance_words(p))}** — {carrier.kind} {carrier.id}{_at(carrier)}: {_md(data.text(carrier, lang))}"
            if c.objection(p):
                line += f" (*{_md(c.objection(p))}*)"
            if p.sides():
                line = f"  - {_md(data.label(p.map, c.maps, lang))}: **{p.stance}**, the author's own nodes on both sides — " + "; ".join(
                    f"{_md(data.stance_words(p, n.id, v))}: {n.kind} {n.id}{_at(n)}: {_md(data.text(n, lang))}" for v, n in p.sides()
                )
            if p.alike:
                line += f"; also {_ids(p.alike)}"
            if p.apart:
                line += f"; **apart: {_ids(p.apart)}**"
            lines.append(line)
            if cite:
                lines += _quote(carrier, "    ")
        lines += _more(len(timeline), "maps", "  ")
    return lines


def _agreement(c: Comparison, lang: str) -> list[str]:
    lines = ["", "## Agreement between authors", ""]
    lines += ["Issues both maps answer, and how many they answer alike (two mixed answers are not counted as alike). "
              "A share over one or two issues says little.", ""]
    pairs = c.agreement
    if len(c.agreement) > LISTED:
        pairs = data.ranked_pairs(c, LISTED // 2)
        sharing = c.agreement.sharing()
        lines += [f"Of the {len(c.agreement)} pairs of maps, {sharing} share an issue: the {LISTED // 2} that agree most "
                  f"and the {LISTED // 2} that agree least.", ""]
    lines += _table(
        ["authors", "shared issues", "agree", "share"],
        [
            [f"{_md(data.label(p.a, c.maps, lang))} / {_md(data.label(p.b, c.maps, lang))}", p.shared, p.agree, "—" if p.share is None else f"{p.share:.0%}"]
            for p in pairs
        ],
    )
    if len(c.agreement) > LISTED and sharing > len(pairs):
        lines += ["", f"… and {sharing - len(pairs)} more pairs that share an issue."]
    return lines


def _conflicts(c: Comparison, lang: str, cite: bool) -> list[str]:
    lines = ["", "## Conflicts", ""]
    if not c.conflicts:
        lines.append("No issue has one map pro and another con.")
    for conflict in c.conflicts:
        lines += [f"### {conflict.issue.id}: {_md(data.text(conflict.issue, lang))}", ""]
        for name, sides in (("pro", conflict.pro), ("con", conflict.con), ("mixed", conflict.mixed)):
            for side in sides[:LISTED]:
                p = side.position
                if p.sides():
                    lines.append(
                        f"- **{name}** — {_md(data.label(p.map, c.maps, lang))}, the author's own nodes on both sides: "
                        + "; ".join(
                            f"{_md(data.stance_words(p, n.id, v))} {n.id}{_at(n)}: {_md(data.text(n, lang))}" for v, n in p.sides()
                        )
                    )
                else:
                    lines.append(
                        f"- **{_md(data.stance_words(p, stance=name))}** — {_md(data.label(p.map, c.maps, lang))}, "
                        f"{p.carrier.id}{_at(p.carrier)}: {_md(data.text(p.carrier, lang))}"
                        + (f" (*{_md(c.objection(p))}*)" if c.objection(p) else "")
                    )
                if cite:
                    lines += _quote(p.carrier)
                if side.support is not None:
                    lines.append(f"  - strongest support {side.support.id}{_at(side.support)}: {_md(data.text(side.support, lang))}")
                    if cite:
                        lines += _quote(side.support, "    ")
                for k in side.concessions:
                    verb = {"conceded": "concedes", "answered": "answers", "undecided": "leaves open"}[k.verdict]
                    by = f" — answered by {', '.join(n.id + _at(n) for n in k.answered_by)}" if k.answered_by else ""
                    lines.append(f"  - {verb} {k.node.id}{_at(k.node)}: {_md(data.text(k.node, lang))}{by}")
                    if cite:
                        lines += _quote(k.node, "    ")
            lines += _more(len(sides), f"maps {name}")
        lines.append("")
    return lines


def _consensus(c: Comparison, lang: str, cite: bool) -> list[str]:
    lines = ["", "## Consensus", ""]
    if not c.consensus:
        lines.append("No issue on which every map that speaks agrees.")
    for issue in c.consensus:
        stance = next(iter(c.positions[issue.id].values())).stance
        lines.append(f"- **{issue.id}** ({stance}): {_md(data.text(issue, lang))}")
        timeline = c.timeline(issue.id)
        for p in timeline[:LISTED]:
            grounds = [(v + " ", n) for v, n in p.sides()] or [("", p.carrier)]
            for side, node in grounds:
                qual = p.qualifier(node.id) if side else p.qualifier()
                lines.append(
                    f"  - {_md(data.label(p.map, c.maps, lang))}, {side}{node.id}{_at(node)}"
                    f"{' [' + _md(qual) + ']' if qual else ''}: {_md(data.text(node, lang))}"
                )
                if cite:
                    lines += _quote(node, "    ")
        lines += _more(len(timeline), "maps", "  ")
    return lines


def drill_markdown(c: Comparison, issue_id: str, lang: str, cite: bool = False) -> str:
    issue = next(i for i in c.issues if i.id == issue_id)
    lines = [f"## {issue.id}: {_md(data.text(issue, lang))}", ""]

    def walk(branch, depth):
        rel = f"{branch.relation}: " if branch.relation else ""
        stance = f" [{_md(branch.stance_words)}]" if branch.stance else ""
        status = "" if branch.status == "in" else f" *({drill.STATUS_WORDS[branch.status]})*"
        lines.append(f"{'  ' * depth}- {rel}{branch.node.kind} **{branch.node.id}**{stance}{_at(branch.node)}{status} {_md(data.text(branch.node, lang))}")
        if cite:
            lines.extend(_quote(branch.node, "  " * (depth + 1)))
        for sub in branch.children:
            walk(sub, depth + 1)

    for chain in drill.chains(c, issue_id):
        stance = data.stance_words(c.positions[issue_id][chain.map.id])
        lines += [f"### {_md(data.label(chain.map, c.maps, lang))} — {_md(stance)}", ""]
        for root in chain.roots:
            walk(root, 0)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def explain_markdown(c: Comparison, issue_id: str, map_id: str, lang: str, cite: bool = True) -> str:
    d = data.explain_dict(c, issue_id, map_id, lang)
    p = c.positions[issue_id][map_id]
    lines = [f"## {issue_id}: {_md(d['issue']['text'])}", "", f"**{_md(d['map']['label'])}** ({_md(d['map']['path'])}): **{_md(data.stance_words(p))}**", ""]
    lines.append(f"Rule: {_md(d['rule']['text'])}.")
    lines += ["", "### Nodes that take a stance", ""]
    for n, s in p.nodes:
        mark = "" if s == p.stance else " **(apart)**"
        lines.append(f"- {n.kind} **{n.id}** [{_md(data.stance_words(p, n.id, s))}]{mark}{_at(n)}: {_md(data.text(n, lang))}")
        lines += _quote(n)
    side_support = d["support"]
    lines += ["", "### Strongest support", ""]
    if side_support:
        node = p.map.by_id[side_support["id"]]
        lines.append(f"- {node.kind} **{node.id}**{_at(node)}: {_md(data.text(node, lang))}")
        lines += _quote(node)
    else:
        lines.append("None: nothing supports the carrier.")
    lines += ["", "### Counterpoints against this position", ""]
    if not d["concessions"]:
        lines.append("None.")
    for k in d["concessions"]:
        node = p.map.by_id[k["id"]]
        by = ", ".join(f"{a['id']}{_at(p.map.by_id[a['id']])}" for a in k["answered_by"])
        lines.append(f"- **{k['status']}** {node.id}{_at(node)}: {_md(data.text(node, lang))} — counted because {_md(k['why'])}" + (f"; answered by {by}" if by else ""))
        lines += _quote(node)
    return "\n".join(lines).rstrip() + "\n"


def explain_csv(c: Comparison, issue_id: str, map_id: str, lang: str, cite: bool = False) -> str:
    d = data.explain_dict(c, issue_id, map_id, lang)
    rows = [[issue_id, map_id, "stance", n["id"], n["kind"], n["stance"], "", n["locator"] or "", n["quote"] or "", n["text"]] for n in d["position"]["nodes"]]
    if d["support"]:
        s = d["support"]
        rows.append([issue_id, map_id, "support", s["id"], s["kind"], "", "", s["locator"] or "", s["quote"] or "", s["text"]])
    for k in d["concessions"]:
        rows.append([issue_id, map_id, "counterpoint", k["id"], k["kind"], "", k["status"], k["locator"] or "", k["quote"] or "", k["text"]])
    return _csv(["issue", "map", "role", "node", "kind", "stance", "status", "locator", "quote", "text"], rows)


def suggestions_markdown(items, lang: str, cite: bool = False) -> str:
    rows = [
        [f"{s.score:.2f}", f"{s.a_map.id}:{s.a.id} {_md(data.text(s.a, lang))}", f"{s.b_map.id}:{s.b.id} {_md(data.text(s.b, lang))}"]
        for s in items
    ]
    return "\n".join(_table(["score", "node", "node"], rows)) + "\n"
