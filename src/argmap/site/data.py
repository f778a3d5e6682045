"""The report's data: the model, the comparison and the diagnostics as one
JSON document, which the page reads and draws (docs/report.md).

The comparison parts are the ones `compare --format json` writes (the
stances, `--explain` for every cell, `--issue` for every issue), made by
the same functions. A node cited there is written as `{"map", "id"}` and
whatever is particular to the citation (its stance, status, …): its text,
kind, locator and quote are in the map's node table once, not again in
every cell that cites it, which keeps a report of hundreds of maps small.
"""

from __future__ import annotations

import datetime as _dt

from argmap import __version__

VERSION = 1

# Up to this many maps the agreement table lists every pair; past it, the
# pairs that agree most and least (as compare's JSON does past 200).
ALL_PAIRS_UP_TO = 30
RANKED_PAIRS = 20

# Keys of a node as compare cites it (compare.data.node_ref) that the node
# table already holds.
_CITED = ("kind", "text", "locator", "quote")


def plain(value):
    """A front matter value as JSON can hold it: YAML dates become ISO text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def slim(value):
    """compare's JSON with each cited node cut to its map and id (see above)."""
    kind = type(value)
    if kind is list:
        return [slim(v) for v in value]
    if kind is dict:
        if "quote" in value and "kind" in value and "id" in value and "text" in value and "locator" in value:
            return {k: slim(v) for k, v in value.items() if k not in _CITED}
        return {k: (slim(v) if type(v) in (list, dict) else v) for k, v in value.items()}
    return value


def _node(node, stances) -> dict:
    """A node of the map; a field the map does not give is left out."""
    out = {
        "id": node.id,
        "kind": node.kind,
        "text": node.text,
        "en": node.en,
        "locator": node.locator,
        "quote": node.quote,
        "source": node.source,
        "note": node.note,
        "tags": list(node.tags),
        "speaker": node.speaker,
        "title": node.title,
        "parent": node.parent,
        "line": node.span.line,
        "stances": [
            {"issue": s.issue, "stance": s.stance, "scope": s.scope, "condition": s.condition} for s in stances
        ],
    }
    return {k: v for k, v in out.items() if v is not None and (v != [] or k in ("tags", "stances"))}


def _relation(rel) -> dict:
    out = {
        "kind": rel.kind,
        "from": list(rel.sources),
        "to": rel.target_node,
        "map": rel.target_map,
        "edge": rel.edge if rel.kind == "undercuts" else None,
        "label": rel.label,
        "scheme": rel.scheme,
        "line": rel.span.line,
    }
    return {k: v for k, v in out.items() if v is not None}


META = ("authors", "authors_en", "year", "date", "title", "title_en", "venue", "language", "source", "translation_of")


def map_keys(maps) -> list[str]:
    """A key per map for the page's addresses: its id, or its path when it
    has none; a repeated one gets `~2`, `~3`."""
    seen: dict[str, int] = {}
    out = []
    for m in maps:
        base = m.id or f"file:{m.path}"
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}~{seen[base]}")
    return out


def ordered_maps(corpus) -> list:
    """The maps the report shows, oldest first (as compare orders them)."""
    from argmap.compare.analysis import _year_key

    maps = [m for m in corpus.arguments() if m.nodes or m.meta]
    return sorted(maps, key=lambda m: (_year_key(m), m.id or "", m.path))


def map_dict(argmap, key: str, maps: list, lang: str, errors: int, diagram: str | None, note: str | None) -> dict:
    from argmap.compare.data import label

    by_node: dict[str, list] = {}
    for s in argmap.stances:
        by_node.setdefault(s.node, []).append(s)
    meta = argmap.meta or {}
    return {
        "key": key,
        "id": argmap.id,
        "label": label(argmap, maps, lang),
        "path": argmap.path,
        **{field: plain(meta.get(field)) for field in META},
        "errors": errors,
        "nodes": [_node(n, by_node.get(n.id, ())) for n in argmap.nodes],
        "relations": [_relation(r) for r in argmap.relations],
        "diagram": diagram,
        "diagram_note": note,
    }


def diagnostic_dict(diag) -> dict:
    """A diagnostic as validate's JSON gives it, with the line it points at."""
    from argmap.report.json import as_dict

    out = as_dict(diag)
    out["excerpt"] = None
    span = diag.span
    if span is not None:
        line = span.line
        text = span.file.line_text(line)
        end = span.end_column if span.end_line == line else len(text) + 1
        out["excerpt"] = {"line": line, "text": text, "start": span.column, "end": max(end, span.column + 1)}
    return out


def summary_dict(result) -> dict:
    from argmap.report.text import summary

    counts = {"error": 0, "warning": 0, "note": 0}
    for d in result.diagnostics:
        key = str(d.severity)
        if key in counts:
            counts[key] += 1
    return {
        "files": result.files,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "notes": counts["note"],
        "text": summary(result.diagnostics, result.files),
    }


def comparison_dict(c, maps: list, keys: list[str], lang: str) -> dict:
    """The stances (compare's JSON `issues` and `maps`), the agreement of
    each pair, and for each cell and issue what `--explain` and `--issue`
    show."""
    from argmap.compare import drill
    from argmap.compare.data import explain_dict, label, pair_dict, ranked_pairs, sections

    by_path = {m.path: k for m, k in zip(maps, keys)}
    parts = dict(sections(c, lang))
    issues = list(parts["issues"])
    if len(c.maps) <= ALL_PAIRS_UP_TO:
        pairs, trimmed = [pair_dict(p) for p in c.agreement], False
    else:
        pairs, trimmed = [pair_dict(p) for p in ranked_pairs(c, RANKED_PAIRS)], True
    return {
        "maps": [
            {"id": m.id, "label": label(m, c.maps, lang), "map": by_path.get(m.path), "year": plain(m.meta.get("year")),
             "voice": m.voice}
            for m in c.maps
        ],
        "issues": slim(issues),
        "agreement": pairs,
        "agreement_trimmed": trimmed,
        "objections": {
            issue: {map_id: c.objection(p) for map_id, p in row.items() if c.objection(p)}
            for issue, row in c.positions.items()
        },
        "explain": {
            issue: {map_id: slim(_explain(explain_dict(c, issue, map_id, lang))) for map_id in row}
            for issue, row in c.positions.items()
        },
        "chains": {issue.id: slim(drill.as_dict(c, issue.id, lang)) for issue in c.issues},
        "warnings": list(c.warnings),
    }


def _explain(d: dict) -> dict:
    """explain_dict without what the stance matrix's cell already holds."""
    d = dict(d)
    d.pop("version", None)
    d.pop("issue", None)
    return d


def issue_list(corpus, comparison_part: dict | None) -> list[dict]:
    status = {}
    if comparison_part is not None:
        status = {i["id"]: i["status"] for i in comparison_part["issues"]}
    out = []
    for issue in corpus.issues().values():
        out.append({
            "id": issue.id,
            "text": issue.text,
            "en": issue.en,
            "note": issue.note,
            "tags": list(issue.tags),
            "path": issue.span.path,
            "line": issue.span.line,
            "status": status.get(issue.id, "unanswered"),
        })
    return out


def document(result, *, lang: str = "orig", complete: bool = True, title: str | None = None, live: int | None = None,
             diagrams: dict | None = None, figure: str | None = None, figure_note: str | None = None,
             comparison=None, nothing_to_compare: str | None = None) -> dict:
    """The whole document. `diagrams` maps a map's key to (template id or
    None, note); `comparison` is compare's Comparison, or None with the
    reason in `nothing_to_compare`; `live` is the build number of a served
    page (None in a file), which it asks the server about to reload."""
    diagnostics = [diagnostic_dict(d) for d in result.usage_errors + result.diagnostics]
    errors_by_path: dict[str, int] = {}
    for d in result.diagnostics:
        if str(d.severity) == "error" and d.path is not None:
            errors_by_path[d.path] = errors_by_path.get(d.path, 0) + 1
    out = {
        "version": VERSION,
        "generator": f"argmap {__version__}",
        "lang": lang,
        "live": live,
        "title": title,
        "summary": summary_dict(result),
        "complete": complete,
        "diagnostics": diagnostics,
        "maps": [],
        "issues": [],
        "figure": None,
        "figure_note": None,
        "comparison": None,
        "nothing_to_compare": None,
    }
    if not complete:
        return out
    maps = ordered_maps(result.corpus)
    keys = map_keys(maps)
    diagrams = diagrams or {}
    out["maps"] = [
        map_dict(m, k, maps, lang, errors_by_path.get(m.path, 0), *diagrams.get(k, (None, None)))
        for m, k in zip(maps, keys)
    ]
    part = comparison_dict(comparison, maps, keys, lang) if comparison is not None else None
    out["issues"] = issue_list(result.corpus, part)
    out["figure"], out["figure_note"] = figure, figure_note
    out["comparison"] = part
    out["nothing_to_compare"] = nothing_to_compare
    return out
