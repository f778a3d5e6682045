"""`argmap coverage`: which units of a source the maps of it cite, and which
no node cites yet.

A node cites the units its `at` names and the units its quote is found in
(every unit an occurrence runs through, when it runs on into the next
one). A quote found in several places cites the ones its `at` names, or
all of them when its `at` names none. The table lists each unit once, in
reading order, with the ids of the nodes that cite it and its opening
words; the JSON is documented in docs/json.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.source import clip

JSON_VERSION = 1


@dataclass(frozen=True)
class Citation:
    map: str  # the map's id (its path when it has none, or shares it with another map given)
    node: str
    by: tuple[str, ...]  # "at", "quote", or both


@dataclass
class Row:
    unit: object  # provenance.Unit
    citations: list[Citation] = field(default_factory=list)

    @property
    def cited(self) -> bool:
        return bool(self.citations)


@dataclass
class Coverage:
    """One source and the maps that cite it."""

    source: str  # the source's path
    scheme: str
    maps: list[str]  # the maps' paths
    rows: list[Row]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def cited(self) -> int:
        return sum(1 for r in self.rows if r.cited)

    @property
    def percent(self) -> int:
        return round(100 * self.cited / self.total) if self.total else 0

    def summary(self) -> str:
        noun = "paragraphs" if all(r.unit.kind == "paragraph" for r in self.rows) else "paragraphs and tables"
        return f"{self.cited} of {self.total} {noun} cited ({self.percent}%)"


def _spanned(index, quote: str) -> list[list]:
    """For each occurrence of a quote, the units it runs through."""
    from argmap.provenance.text import squash

    needle = squash(quote)
    out = []
    if not needle:
        return out
    place = index.__dict__.get("_place")
    if place is None:  # unit → its place in reading order, once per index (not a search per occurrence)
        place = index.__dict__["_place"] = {id(u): k for k, u in enumerate(index.units)}
    i = index.reading.find(needle)
    while i >= 0:
        first, last = index.unit_at(i), index.unit_at(i + len(needle) - 1)
        out.append(index.units[place[id(first)] : place[id(last)] + 1])
        i = index.reading.find(needle, i + 1)
    return out


def _named(index, locator: str) -> list:
    """The units a locator cites: a whole section (`§貳`) cites none of its
    paragraphs in particular, unless it holds only one."""
    import re

    from argmap.provenance.locator import parts

    out, seen = [], set()
    for part in parts(locator):
        units, _ = index.resolve(part)
        if len(units) > 1 and part.startswith("§") and not re.search(r"[¶表]", part):
            continue
        for unit in units:
            if id(unit) not in seen:
                seen.add(id(unit))
                out.append(unit)
    return out


def citations(argmap, index) -> dict[str, list[tuple[str, str]]]:
    """Unit key → [(node id, "at" | "quote")] for one map."""
    out: dict[str, list[tuple[str, str]]] = {}
    for node in argmap.nodes:
        named = _named(index, node.locator) if node.locator else []
        for unit in named:
            out.setdefault(unit.key, []).append((node.id, "at"))
        if not node.quote:
            continue
        occurrences = _spanned(index, node.quote)
        at = {id(u) for u in named}
        chosen = [units for units in occurrences if any(id(u) in at for u in units)] or occurrences
        for units in chosen:
            for unit in units:
                out.setdefault(unit.key, []).append((node.id, "quote"))
    return out


def coverage(source: str, index, maps: list) -> Coverage:
    """The coverage of one source's index by maps (ArgMap) that cite it."""
    rows = {u.key: Row(u) for u in index.units}
    ids = [m.id for m in maps]
    for argmap in maps:
        # A map and its revision often share an id: then their paths tell them apart.
        name = argmap.id if argmap.id and ids.count(argmap.id) == 1 else argmap.path
        by_node: dict[tuple[str, str], set[str]] = {}
        order: dict[str, dict[str, None]] = {}  # key → node ids, first seen first
        for key, cites in citations(argmap, index).items():
            for node, how in cites:
                by_node.setdefault((key, node), set()).add(how)
                order.setdefault(key, {})[node] = None
        for key, seen in order.items():
            nodes = sorted(seen, key=lambda n: argmap.order.get(n, 0))
            rows[key].citations += [Citation(name, n, tuple(sorted(by_node[(key, n)]))) for n in nodes]
    return Coverage(source, index.scheme, [m.path for m in maps], list(rows.values()))


# --- output ------------------------------------------------------------------------


def _ids(ids: list[str], width: int) -> str:
    """ids joined by ", ", as many as fit in `width` columns, then "+N" for
    the rest, so that a cut list still says how many it leaves out."""
    from argmap.source import display_width

    shown: list[str] = []
    for i, node in enumerate(ids):
        rest = len(ids) - i - 1
        if display_width(", ".join(shown + [node]) + (f" +{rest}" if rest else "")) > width:
            break
        shown.append(node)
    left = len(ids) - len(shown)
    if not left:
        return ", ".join(shown)
    if shown:
        return ", ".join(shown) + f" +{left}"
    tail = f" +{left - 1}" if left > 1 else ""
    return clip(ids[0], max(1, width - len(tail))) + tail


def table(covs: list[Coverage], *, width: int = 80, uncovered: bool = False, color: bool = False) -> str:
    """Each source's units as a table: key, the nodes citing it (a column
    per map when several maps cite the source), its opening words cut to
    fit the width (a CJK character is two columns)."""
    from argmap.source import display_width
    from argmap.visible import visible
    from argmap.wrap import wrap

    out: list[str] = []
    for cov in covs:
        rows = [r for r in cov.rows if not (uncovered and r.cited)]
        if out:
            out.append("")
        title = f"{_shown(cov.source)} ({cov.scheme}), cited by {', '.join(_shown(m) for m in cov.maps)}"
        out += [_bold(line, color) for line in wrap(visible(title), width)]
        if rows:
            # The gaps alone need no column of citing ids: every one would be "—".
            maps = [] if uncovered else list(dict.fromkeys(c.map for r in cov.rows for c in r.citations)) or [""]
            heads = ["cited by"] if len(maps) == 1 else [visible(m) for m in maps]
            cells = [[visible(", ".join(c.node for c in r.citations if c.map == m)) or "—" for m in maps] for r in rows]
            keys = [visible(r.unit.key) for r in rows]
            key_w = min(max(display_width("paragraph"), *(display_width(k) for k in keys)), max(12, width // 4))
            # The citing ids take what they need, up to a third of the line
            # for one map, half of it for several.
            share = max(8, width // 3 if len(maps) <= 1 else (width // 2) // len(maps) - 2)
            widths = [min(share, max(display_width(h), *(display_width(c[i]) for c in cells))) for i, h in enumerate(heads)]
            text_w = max(10, width - key_w - sum(w + 2 for w in widths) - 2)
            out.append("  ".join([_pad("paragraph", key_w)] + [_pad(clip(h, w), w) for h, w in zip(heads, widths)] + ["opening words"]))
            for row, key, cell in zip(rows, keys, cells):
                opening = visible(" ".join(row.unit.flowing.split()))
                ids = [_pad(_ids(c.split(", "), w) if c != "—" else c, w) for c, w in zip(cell, widths)]
                line = "  ".join([_pad(clip(key, key_w), key_w)] + ids + [clip(opening, text_w)])
                out.append(_dim(line, color) if not row.cited else line)
        elif uncovered:
            out.append("Every paragraph is cited.")
        out.append(cov.summary())
    return "\n".join(out) + "\n"


def _shown(path: str) -> str:
    from argmap.provenance.check import _shown

    return _shown(path)


def _pad(text: str, width: int) -> str:
    from argmap.source import display_width

    return text + " " * max(0, width - display_width(text))


def _bold(text: str, color: bool) -> str:
    return f"\x1b[1m{text}\x1b[0m" if color else text


def _dim(text: str, color: bool) -> str:
    return f"\x1b[2m{text}\x1b[0m" if color else text


def as_json(covs: list[Coverage], *, uncovered: bool = False) -> str:
    import json

    from argmap.visible import json_text

    data = {
        "version": JSON_VERSION,
        "sources": [
            {
                "source": cov.source,
                "scheme": cov.scheme,
                "maps": cov.maps,
                "cited": cov.cited,
                "total": cov.total,
                "units": [
                    {
                        "key": r.unit.key,
                        "kind": r.unit.kind,
                        "line": r.unit.line,
                        "end_line": r.unit.end_line,
                        "cited_by": [{"map": c.map, "node": c.node, "by": list(c.by)} for c in r.citations],
                        "text": r.unit.text,
                    }
                    for r in cov.rows
                    if not (uncovered and r.cited)
                ],
            }
            for cov in covs
        ],
    }
    return json_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
