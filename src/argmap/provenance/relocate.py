"""`argmap locate`: each node's `at` filled in or corrected from its quote.

A node whose quote begins in exactly one unit of the source gets that
unit's key as its `at`, unless its `at` already names a unit where the
quote begins (then it is kept as written: "§貳 ¶2–3" stays "§貳 ¶2–3").
A quote found in several units keeps an `at` that names one of them; with
none named, nothing is guessed and the node is reported. A quote not
found leaves `at` alone and is reported with the hint `validate` gives.
Nodes without a quote are not touched.

The map is edited as text, not reprinted: only the string of an `at` (or a
new `at` line, put before the `quote` line at its indentation) changes, so
comments, order, spacing and the other attributes stay as written. A map
that `fmt` would leave unchanged is passed through the formatter after the
edit, so that it stays canonical. The result is re-read before it is
returned: it must parse to the same map with only those locators changed,
or nothing is returned (an internal error, never a damaged file).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap import diagnostics as D
from argmap.source import SourceFile, Span
from argmap.syntax import cst

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Change:
    """A locator set: `old` None when the node had no `at`."""

    node: str
    old: str | None
    new: str
    span: Span  # the `at` string replaced, or the `quote` attribute the new `at` goes before


@dataclass(frozen=True)
class Left:
    """A node with a quote whose `at` is left as it is, and why."""

    node: str
    reason: str  # "not-found", "several" (in several units, none named), "bad-locator" (kept, but a part names nothing)
    message: str
    span: Span  # the quote string (the `at` string for "bad-locator")
    units: tuple[str, ...] = ()  # for "several": the keys of the units where it begins
    diagnostic: D.Diagnostic | None = None  # for "not-found": what `validate` reports


@dataclass
class Outcome:
    """What locating did to one map file."""

    path: str
    original: bytes
    located: bytes | None = None  # None: the file could not be read or the result failed its check
    changes: list[Change] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    diagnostics: list[D.Diagnostic] = field(default_factory=list)  # why the map could not be read
    error: str | None = None  # an internal error: the edit did not re-read as expected

    @property
    def changed(self) -> bool:
        return self.located is not None and self.located != self.original


# --- reading the map -------------------------------------------------------------


def read(path: str, data: bytes):
    """(SourceFile, Document | None, ArgMap | None, diagnostics) for a map's bytes."""
    from argmap import frontmatter
    from argmap.corpus import decode
    from argmap.lower import lower
    from argmap.syntax.parser import parse

    source, diags = decode(path, data)
    if diags:
        return source, None, None, diags
    fm, diags = frontmatter.split(source)
    if any(d.severity is D.Severity.ERROR for d in diags):
        return source, None, None, diags
    doc, syntax = parse(source, fm)
    if doc is None:
        return source, None, None, diags + syntax
    argmap, lowered = lower(doc)
    return source, doc, argmap, [d for d in diags + syntax + lowered if d.severity is D.Severity.ERROR and _fatal(d)]


def _fatal(diag: D.Diagnostic) -> bool:
    """Errors that make the edit unsafe: an attribute given twice, or a node
    id given twice (which one would be edited?)."""
    return diag.code.code in (D.DUPLICATE_ATTR.code, D.DUPLICATE_ID.code)


def node_decls(doc: cst.Document):
    """Every node declaration, nested ones too, in file order."""
    stack = list(reversed(doc.items))
    while stack:
        item = stack.pop()
        if isinstance(item, cst.NodeDecl):
            yield item
            stack.extend(reversed(item.entries or ()))


def _attr(decl: cst.NodeDecl, key: str) -> cst.Attr | None:
    for entry in decl.entries or ():
        if isinstance(entry, cst.Attr) and entry.key.value == key:
            return entry
    return None


# --- planning ----------------------------------------------------------------------


def plan(doc: cst.Document, argmap, index, name: str) -> tuple[list[Change], list[Left]]:
    """What to change, and what to leave and report, for one map against the
    index of its source (a provenance.SourceIndex) shown as `name`."""
    changes: list[Change] = []
    left: list[Left] = []
    for decl in node_decls(doc):
        quote = _attr(decl, "quote")
        if quote is None or not quote.text.value.strip():
            continue
        at = _attr(decl, "at")
        node = decl.id.value
        found = index.find(quote.text.value)
        if not found:
            left.append(_not_found(argmap, node, quote, index, name))
            continue
        if at is not None:
            named, problems = index.resolve(at.text.value)
            if any(u in found for u in named):
                if problems:
                    message = f"the `at` of `{node}` names its quote's paragraph, but {'; '.join(problems)}: left as it is"
                    left.append(Left(node, "bad-locator", message, at.text.span))
                continue
        if len(found) > 1:
            keys = tuple(u.key for u in found)
            places = f"{len(found)} places ({', '.join(keys)})"
            if at is None:
                message = f"`{node}` has no `at`, and its quote is in {places}: not guessed; write the one meant"
            else:
                message = f"the `at` of `{node}` names none of the {places} its quote is in: left as it is; write the one meant"
            left.append(Left(node, "several", message, quote.text.span, keys))
            continue
        new = found[0].key
        if at is None:
            changes.append(Change(node, None, new, quote.span))
        else:
            changes.append(Change(node, at.text.value, new, at.text.span))
    return changes, left


def _not_found(argmap, node: str, quote: cst.Attr, index, name: str) -> Left:
    """The quote not found, reported as `validate` reports it."""
    from argmap.provenance.check import check_node

    message = f"the quote of `{node}` is not in the source as written: `at` left as it is"
    model = argmap.by_id.get(node)
    diags = check_node(argmap, model, index, name) if model is not None else []
    diag = next((d for d in diags if d.code.code == D.QUOTE_NOT_FOUND.code), None)
    return Left(node, "not-found", message, quote.text.span, diagnostic=diag)


# --- editing ---------------------------------------------------------------------


def quoted(value: str) -> str:
    """A map string for value (docs/language.md: `\\"`, `\\\\`, `\\n`, `\\t`)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def apply(text: str, changes: list[Change]) -> str:
    """text with the changes made, from the last to the first so that the
    earlier offsets stay true."""
    newline = "\r\n" if _is_crlf(text) else "\n"
    out = text
    for change in sorted(changes, key=lambda c: c.span.start, reverse=True):
        start, end = change.span.start, change.span.end
        if change.old is not None:
            out = out[:start] + quoted(change.new) + out[end:]
            continue
        line_start = out.rfind("\n", 0, start) + 1
        lead = out[line_start:start]
        if lead.strip():  # the quote shares its line with other code: stay on it
            out = out[:start] + f"at {quoted(change.new)} " + out[start:]
        else:
            out = out[:start] + f"at {quoted(change.new)}{newline}{lead}" + out[start:]
    return out


def _is_crlf(text: str) -> bool:
    first = text.find("\n")
    return first > 0 and text[first - 1] == "\r"


def locate(path: str, data: bytes, index, *, name: str = "the source", indent: int = 2) -> Outcome:
    """Locate the quotes of one map's bytes against its source's index (the
    source shown as `name` in messages)."""
    from argmap.format import FormatError, format_source

    source, doc, argmap, diags = read(path, data)
    outcome = Outcome(path, data)
    if doc is None or diags:
        outcome.diagnostics = diags
        return outcome
    outcome.changes, outcome.left = plan(doc, argmap, index, name)
    if not outcome.changes:
        outcome.located = data
        return outcome
    text = apply(source.text, outcome.changes)
    try:
        canonical, _ = format_source(source, indent=indent)
        if canonical == source.text:
            text, _ = format_source(SourceFile(path, text), indent=indent)
    except FormatError as exc:
        outcome.error = f"internal error, please report it: {exc}"
        return outcome
    problem = _check(argmap, path, text, outcome.changes)
    if problem:
        outcome.error = f"internal error, please report it: {problem}"
        return outcome
    encoded = text.encode("utf-8") if text is not None else b""
    outcome.located = BOM + encoded if data.startswith(BOM) else encoded
    return outcome


def _check(before, path: str, text: str | None, changes: list[Change]) -> str | None:
    """Does the edited text mean the map as it was, but for the locators changed?"""
    from argmap.format import model_dict

    if text is None:
        return "the located map does not parse"
    _, doc, after, diags = read(path, text.encode("utf-8"))
    if doc is None or diags:
        return "the located map does not parse"
    expected = model_dict(before)
    new = {c.node: c.new for c in changes}
    for node in expected["nodes"]:
        if node["id"] in new:
            node["locator"] = new[node["id"]]
    if model_dict(after) != expected:
        return "the located map differs from the map in more than its locators"
    return None
