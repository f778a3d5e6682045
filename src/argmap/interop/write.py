"""A Graph → formatted `.map` text, checked by parsing it back.

The text goes through the same parser and formatter as a hand-written map:
what cannot be parsed is never returned (a reader's bug shows as a
ValueError, not as a broken file on disk).
"""

from __future__ import annotations

import re

from argmap.interop.graph import Graph, Inference, Issue, Statement

# Words the parser may read as keywords where a node id stands: an id that
# is one gets a trailing `_`.
RESERVED = frozenset(
    "thesis claim premise evidence counterpoint rebuttal recommendation issue stance "
    "en at quote source note speaker title scheme supports attacks undercuts same_as contradicts "
    "pro con mixed when if".split()
)
_ID_RE = re.compile(r"[^\W\d]\w*\Z")
_NOT_ID = re.compile(r"\W+")


def make_id(raw: str, taken: set[str], prefix: str = "n") -> str:
    """An argmap identifier for `raw`, unique among `taken` (which it joins):
    runs of other characters become `_`, a leading digit gets `prefix`."""
    base = _NOT_ID.sub("_", raw).strip("_") or prefix
    if not _ID_RE.match(base):
        base = prefix + base
    if base in RESERVED:
        base += "_"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def quoted(text: str) -> str:
    """One-line string syntax: `"`, `\\`, line breaks and tabs escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r\n", "\n").replace("\r", "\n")
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'


def front_matter(meta: dict) -> str:
    import yaml

    body = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    return f"---\n{body}---\n"


def _statement(s: Statement) -> list[str]:
    head = f"{s.kind} {s.id} {quoted(s.text)}"
    entries = [f"{key} {quoted(value)}" for key, value in (
        ("en", s.en), ("at", s.locator), ("quote", s.quote), ("source", s.source), ("speaker", s.speaker),
        ("title", s.title), ("note", s.note),
    ) if value is not None]
    entries += [f"#{tag}" for tag in s.tags]
    entries += [_stance(stance) for stance in s.stances]
    if not entries:
        return [head]
    return [head + " {", *("  " + e for e in entries), "}"]


def _stance(stance: tuple) -> str:
    """(issue, value) or (issue, value, scope, condition) → `stance …`."""
    issue, value, *qualifiers = stance
    scope, condition = (list(qualifiers) + [None, None])[:2]
    return (f"stance {issue} {value}" + (f" when {quoted(scope)}" if scope is not None else "")
            + (f" if {quoted(condition)}" if condition is not None else ""))


def _inference(i: Inference) -> list[str]:
    head = (f"{i.label}: " if i.label else "") + f"{' + '.join(i.sources)} {i.kind} {i.target}"
    entries = [f"{key} {quoted(value)}" for key, value in (("scheme", i.scheme), ("title", i.title), ("note", i.note))
               if value is not None]
    if not entries:
        return [head]
    return [head + " {", *("  " + e for e in entries), "}"]


def map_text(graph: Graph) -> str:
    """The map: front matter, the statements in order, then the relations."""
    from argmap.format import format_text

    lines = [front_matter(graph.meta)]
    for statement in graph.statements:
        lines += _statement(statement)
    if graph.inferences or graph.same_as or graph.contradicts:
        lines.append("")
    for inference in graph.inferences:
        lines += _inference(inference)
    for node, other in graph.same_as:
        lines.append(f"{node} same_as {other}")
    for node, other in graph.contradicts:
        lines.append(f"{node} contradicts {other}")
    return format_text("\n".join(lines) + "\n")


def issues_text(issues: list[Issue]) -> str:
    from argmap.format import format_text

    lines = []
    for issue in issues:
        lines.append(f"issue {issue.id} {quoted(issue.text)}" + (f" {{\n  en {quoted(issue.en)}\n}}" if issue.en else ""))
    return format_text("\n".join(lines) + "\n")
