"""Argdown out: one map as an `.argdown` document.

- a node → a statement `[title]: text`, its tags as `#(tags)`, its
  speaker, kind, gloss and locator in a data block;
- a plain `supports` / `attacks` (one source, no label, scheme or
  undercut) → a relation under its source: `+> [target]`, `-> [target]`;
- any other inference (joint sources, a label, a scheme, or undercut) → an
  argument `<name>`: a support as a premise–conclusion structure (its
  sources the premises, the scheme as the inference rule), an attack as an
  argument its sources support and that attacks the target;
- an undercut → `_> <argument>` under its source (an undercut of an
  undercut: the first undercut is an argument too).

Lossy, as Argdown has no place for them: stances (kept as data), links to
other maps, the front matter beyond title, author and date, and the label,
scheme, title and note of an attack or undercut that is written as one
relation line.
"""

from __future__ import annotations

import re

from argmap.model import ArgMap, Relation

_SPECIAL = re.compile(r"([\[\]<>#*_\\{}])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _data(pairs: dict) -> str:
    def value(v) -> str:
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    kept = {k: v for k, v in pairs.items() if v}
    return " {" + ", ".join(f"{k}: {value(v)}" for k, v in kept.items()) + "}" if kept else ""


def to_argdown(argmap: ArgMap) -> str:
    by_id = argmap.by_id
    titles = {n.id: n.title or n.id for n in argmap.nodes}
    local = [r for r in argmap.relations if r.target_map is None and r.kind in ("supports", "attacks", "undercuts")]
    undercut = {r.edge for r in local if r.kind == "undercuts"}

    def plain(rel) -> bool:
        """Writable as one relation line. A support with a label, scheme,
        title or note is an argument (a premise–conclusion structure loses
        nothing); an attack or undercut keeps them only when it has to be an
        argument anyway (Argdown would read a sketched one as a node more)."""
        if rel.kind == "supports":
            return not (rel.joint or rel.label or rel.scheme or rel.title or rel.note)
        return not rel.joint

    # A plain undercut of a plain support or attack is written as Argdown
    # writes one: `<_ [source]` right under that relation. Any other
    # inference that something undercuts is an argument, for `_> <name>`.
    simple_undercut = [u for u in local if u.kind == "undercuts" and plain(u) and u.key not in undercut]
    by_other = {u.edge for u in local if u.kind == "undercuts" and u not in simple_undercut}
    argued = [r for r in local if not plain(r) or (r.key in undercut and (r.kind == "undercuts" or r.key in by_other))]
    argued_keys = {r.key for r in argued}
    under: dict[str, list[str]] = {}
    for u in simple_undercut:
        if u.edge not in argued_keys:
            under.setdefault(u.edge, []).append(f"  <_ [{titles[u.source]}]")
    names = _argument_names(argued + [r for r in local if r.kind == "undercuts"])
    lines = ["===", f"title: {_yaml(argmap.meta.get('title') or argmap.id or '')}"]
    authors = argmap.meta.get("authors") or []
    if authors:
        lines.append(f"author: {_yaml(', '.join(map(str, authors)))}")
    if argmap.meta.get("year") is not None:
        lines.append(f"date: {argmap.meta['year']}")
    lines += ["===", ""]
    stances: dict[str, list[str]] = {}
    for s in argmap.stances:
        stances.setdefault(s.node, []).append(f"{s.issue} {s.stance}")
    outgoing: dict[str, list[str]] = {}
    arrows = {"supports": "+>", "attacks": "->", "undercuts": "_>"}
    for rel in local:
        if rel in argued or (rel.kind == "undercuts" and rel.edge not in argued_keys):
            continue  # an argument of its own, or written under the relation it undercuts
        target = f"<{names[rel.edge]}>" if rel.kind == "undercuts" else f"[{titles[rel.target_node]}]"
        outgoing.setdefault(rel.source, []).append(f"  {arrows[rel.kind]} {target}")
        outgoing[rel.source] += under.get(rel.key, [])
    for node in argmap.nodes:
        tags = "".join(f" #({t})" for t in node.tags)
        data = _data({"id": node.id if node.title else None, "kind": node.kind, "speaker": node.speaker, "en": node.en,
                      "at": node.locator, "stance": "; ".join(stances.get(node.id, []))})
        lines.append(f"[{titles[node.id]}]: {_escape(node.text)}{tags}{data}")
        lines += outgoing.get(node.id, [])
        lines.append("")
    for rel in argued:
        lines += _argument(rel, names, titles, by_id)
    return "\n".join(lines).rstrip() + "\n"


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _argument_names(argued: list[Relation]) -> dict[str, str]:
    """Key and label → the argument's name: its title, else its label, else
    its path; one argument per inference, so a name already given (steps of
    one argument share a title) falls back to the label, then the path."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for rel in argued:
        path = rel.key.replace("->", " → ").replace("+", " + ")
        name = next(n for n in (rel.title, rel.label, path, f"{path} ({len(used)})") if n and n not in used)
        used.add(name)
        out[rel.key] = name
        if rel.label:
            out[rel.label] = name
    return out


def _argument(rel: Relation, names: dict[str, str], titles: dict[str, str], by_id) -> list[str]:
    name = names[rel.key]
    description = _escape(rel.note) if rel.note else ""
    head = f"<{name}>" + (f": {description}" if description else "")
    if rel.kind == "supports":
        premises = [f"({i}) [{titles[s]}]" for i, s in enumerate(rel.sources, 1)]
        rule = f"-- {_escape(rel.scheme)} --" if rel.scheme else "----"
        return [head, "", *premises, rule, f"({len(premises) + 1}) [{titles[rel.target_node]}]", ""]
    lines = [head]
    lines += [f"  <+ [{titles[s]}]" for s in rel.sources]
    if rel.kind == "attacks":
        lines.append(f"  -> [{titles[rel.target_node]}]")
    else:
        lines.append(f"  _> <{names[rel.edge]}>")
    return lines + [""]
