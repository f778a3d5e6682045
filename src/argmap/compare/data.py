"""The comparison as plain data: the JSON contract (docs/compare.md), and the
rows that the CSV and Markdown renderers print."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from types import GeneratorType

from argmap.compare.agreement import Pair
from argmap.compare.analysis import RULES, Comparison, Concession, Position, Side
from argmap.model import ArgMap, Issue, Node

VERSION = 2


def text(item: Node | Issue, lang: str) -> str:
    if lang == "en" and item.en:
        return item.en
    return item.text


def label(argmap: ArgMap, maps: list[ArgMap] | None = None, lang: str = "orig") -> str:
    """`Wilkins 2012`, `陳文甲 2024`: the first author's (sur)name and the
    year; with lang "en", from `authors_en` where the front matter has it.
    Beside `maps`, a label that two of them share gives way to the map id."""
    out = _label(argmap, lang)
    if maps is not None and _label_counts(maps, lang)[out] > 1:
        return argmap.id or out
    return out


# The labels of the last list of maps seen, per language: every label is
# asked for beside the same list many times, and counting the list each
# time would make a report of n maps cost n² labels.
_COUNTS: dict[str, tuple[list, int, Counter]] = {}


def _label_counts(maps: list[ArgMap], lang: str) -> Counter:
    seen = _COUNTS.get(lang)
    if seen is None or seen[0] is not maps or seen[1] != len(maps):
        seen = (maps, len(maps), Counter(_label(m, lang) for m in maps))
        _COUNTS[lang] = seen
    return seen[2]


def _label(argmap: ArgMap, lang: str) -> str:
    authors = (lang == "en" and argmap.meta.get("authors_en")) or argmap.meta.get("authors") or []
    name = str(authors[0]).strip() if authors else (argmap.id or "?")
    if "," in name:  # "Wilkins, Thomas S."
        name = name.split(",")[0].strip()
    elif " " in name:  # "Thomas S. Wilkins"
        name = name.split()[-1]
    if len(authors) > 1:
        name += " et al."
    year = argmap.meta.get("year")
    return f"{name} {year}" if year is not None else name


def node_ref(argmap: ArgMap, node: Node | None, lang: str) -> dict | None:
    """A node as compare cites it: where it is in the map and in the source."""
    if node is None:
        return None
    return {
        "map": argmap.id,
        "id": node.id,
        "kind": node.kind,
        "text": text(node, lang),
        "locator": node.locator,
        "quote": node.quote,
    }


def qualifiers(position: Position, node_id: str | None = None) -> dict:
    node_id = node_id or position.carrier.id
    for s in position.stances:
        if s.node == node_id and s.qualified:
            return {"scope": s.scope, "condition": s.condition}
    return {"scope": None, "condition": None}


def stance_words(position: Position, node_id: str | None = None, stance: str | None = None) -> str:
    """`pro`, or `pro [scope: the Cold War period]` for a qualified stance."""
    value = stance or position.stance
    qual = position.qualifier(node_id)
    return f"{value} [{qual}]" if qual else value


def position_dict(position: Position, lang: str) -> dict:
    return {
        "map": position.map.id,
        "stance": position.stance,
        **qualifiers(position),
        "carrier": position.carrier.id,
        "locator": position.carrier.locator,
        "quote": position.carrier.quote,
        "rule": position.rule,
        "sides": {value: node.id for value, node in position.sides()} or None,
        "nodes": [
            {**node_ref(position.map, n, lang), "stance": s, **qualifiers(position, n.id), "agrees": s == position.stance}
            for n, s in position.nodes
        ],
    }


def concession_dict(argmap: ArgMap, k: Concession, lang: str) -> dict:
    return {
        **node_ref(argmap, k.node, lang),
        "status": k.verdict,
        "answered_by": [node_ref(argmap, n, lang) for n in k.answered_by],
        "why": k.why,
    }


def side_dict(side: Side, lang: str) -> dict:
    argmap = side.position.map
    return {
        "map": argmap.id,
        "stance": side.position.stance,
        **qualifiers(side.position),
        "claim": node_ref(argmap, side.position.carrier, lang),
        "support": node_ref(argmap, side.support, lang),
        "concessions": [concession_dict(argmap, k, lang) for k in side.concessions],
    }


def explain_dict(c: Comparison, issue_id: str, map_id: str, lang: str) -> dict:
    """Everything behind one cell of the stance matrix."""
    issue = next(i for i in c.issues if i.id == issue_id)
    position = c.positions[issue_id][map_id]
    side = c.side(position)  # the map evaluated once (a report explains every cell)
    return {
        "version": VERSION,
        "issue": {"id": issue.id, "text": text(issue, lang)},
        "map": {"id": map_id, "label": label(position.map, c.maps, lang), "path": position.map.path},
        "position": position_dict(position, lang),
        "rule": {"id": position.rule, "text": RULES[position.rule]},
        "support": node_ref(position.map, side.support, lang),
        "concessions": [concession_dict(position.map, k, lang) for k in side.concessions],
    }


# The most entries a report (terminal or Markdown) gives any one list:
# maps, stances on an issue, one side of a conflict, steps over time,
# contradicts links, maps with unique points, pairs. A report of thousands of
# maps stays a report and says how many it leaves out; CSV and JSON hold
# every stance.
LISTED = 50


def first_maps(points: list) -> tuple[list, int]:
    """The unique points of the first LISTED maps that have any (a map
    makes several), and how many maps have any."""
    maps: set[str] = set()
    shown = []
    for argmap, node in points:
        maps.add(argmap.id)
        if len(maps) <= LISTED:
            shown.append((argmap, node))
    return shown, len(maps)


# Up to this many maps JSON lists every pair (19,900 of them); beyond it the
# pairs grow as the square of the maps (50 million for 10,000), so it lists
# the RANKED_PAIRS that agree most and least, and counts the rest.
ALL_PAIRS_UP_TO = 200
RANKED_PAIRS = 100


def pair_dict(p: Pair) -> dict:
    return {
        "a": p.a.id,
        "b": p.b.id,
        "shared": p.shared,
        "agree": p.agree,
        "share": None if p.share is None else round(p.share, 4),
    }


def ranked_pairs(c: Comparison, count: int) -> list[Pair]:
    """The `count` pairs that agree most, then the `count` that agree least,
    in one order from most to least (no pair twice)."""
    most = c.agreement.ranked(count)
    seen = {(p.a.id, p.b.id) for p in most}
    least = [p for p in c.agreement.ranked(count, least=True) if (p.a.id, p.b.id) not in seen]
    return most + least[::-1]


def listed_pairs(c: Comparison):
    """Every pair, in the order of the maps; past ALL_PAIRS_UP_TO maps, the
    ranked selection."""
    return c.agreement if len(c.maps) <= ALL_PAIRS_UP_TO else ranked_pairs(c, RANKED_PAIRS)


def agreement_summary(c: Comparison, listed: int) -> dict:
    """All the pairs, counted: how many, how many share an issue, how many
    are listed, and the issues they share and answer alike, summed."""
    shared, agree = c.agreement.totals()
    return {
        "pairs": len(c.agreement),
        "sharing": c.agreement.sharing(),
        "listed": listed,
        "shared": shared,
        "agree": agree,
    }


def as_dict(c: Comparison, lang: str = "orig") -> dict:
    return {key: list(value) if isinstance(value, GeneratorType) else value for key, value in sections(c, lang)}


def sections(c: Comparison, lang: str = "orig") -> Iterator[tuple[str, object]]:
    """The keys of the JSON in order, each long list as a generator, so that
    a writer can encode it one entry at a time (formats.to_json): a corpus
    of thousands of maps is never held as one tree of dicts."""
    conflicts = {x.issue.id: x for x in c.conflicts}
    consensus = {i.id for i in c.consensus}

    def status(issue_id: str) -> str:
        if issue_id in conflicts:
            return "conflict"
        if issue_id in consensus:
            return "consensus"
        return "single" if len(c.positions[issue_id]) == 1 else "divided"

    yield "version", VERSION
    yield "maps", (
        {
            "id": m.id,
            "label": label(m, c.maps, lang),
            "authors": m.meta.get("authors"),
            "year": m.meta.get("year"),
            "title": m.meta.get("title"),
            "path": m.path,
        }
        for m in c.maps
    )
    yield "issues", (
        {
            "id": issue.id,
            "text": text(issue, lang),
            "status": status(issue.id),
            "stances": [position_dict(p, lang) for p in c.timeline(issue.id)],
        }
        for issue in c.issues
    )
    pairs = [pair_dict(p) for p in listed_pairs(c)]
    yield "agreement", pairs
    if len(c.maps) > ALL_PAIRS_UP_TO:
        yield "agreement_summary", agreement_summary(c, len(pairs))
    yield "conflicts", (
        {
            "issue": x.issue.id,
            "pro": [side_dict(s, lang) for s in x.pro],
            "con": [side_dict(s, lang) for s in x.con],
            "mixed": [side_dict(s, lang) for s in x.mixed],
        }
        for x in c.conflicts
    )
    yield "consensus", (
        {
            "issue": i.id,
            "stance": next(iter(c.positions[i.id].values())).stance,
            "maps": list(c.positions[i.id]),
            "grounds": [
                {**node_ref(p.map, node, lang), **qualifiers(p), "side": side}
                for p in c.timeline(i.id)
                for side, node in (p.sides() or [(None, p.carrier)])
            ],
        }
        for i in c.consensus
    )
    yield "unique", (node_ref(m, n, lang) for m, n in c.unique)
    yield "contradictions", (
        {"source": node_ref(l.source_map, l.source, lang), "target": node_ref(l.target_map, l.target, lang)}
        for l in c.contradictions
    )
    yield "same_as", (
        {"source": node_ref(l.source_map, l.source, lang), "target": node_ref(l.target_map, l.target, lang)}
        for l in c.same_as
    )
    yield "unused_issues", [i.id for i in c.unused_issues]
    yield "warnings", list(c.warnings)
