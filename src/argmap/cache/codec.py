"""One parsed file (its model and diagnostics) as JSON, and back.

JSON and not pickle: reading a pickle runs whatever code it names, and a
cache file is data that another program could have written. Decoding makes
only the classes listed here, from plain values of the types their fields
declare; anything else in the data is `Corrupt`, and the cache drops it.

Each object is a list of its fields in declaration order, each field coded
by its declared type (`_CODERS`), so a 10,000-node map loads faster than it
parses. Spans are [start, end] offsets into the file's text, which the
cache does not store: the text is the file itself, read on every run, and
each span is rebuilt against it.
"""

from __future__ import annotations

import dataclasses
import datetime

from argmap import diagnostics as D
from argmap import model as M
from argmap.source import SourceFile, Span


class Unstorable(Exception):
    """A value the cache does not store (the file is then parsed every time)."""


class Corrupt(Exception):
    """Data that is not what this codec writes."""


_SCALARS = (str, type(None), bool, int)
# Field type (as the dataclasses declare it) → how it is coded.
_CODERS = {
    "str": "scalar", "str | None": "scalar", "bool": "scalar",
    "Span": "span", "Span | None": "span", "tuple[str, ...]": "strings",
    "Code": "code", "Severity": "severity", "tuple[Label, ...]": "labels",
}
_CLASSES = (M.Node, M.Relation, M.Stance, M.Issue, D.Diagnostic)
SPECS = {cls: tuple((f.name, _CODERS[f.type]) for f in dataclasses.fields(cls)) for cls in _CLASSES}
_MAP_FIELDS = ("path", "id", "meta", "nodes", "relations", "stances", "issues", "suppressions", "id_span",
               "unresolved", "translation_span")


def encode(argmap: M.ArgMap | None, diagnostics: list[D.Diagnostic], source: SourceFile | None) -> dict:
    """The JSON-ready form of parse_bytes' result for one file, whose spans
    are all in `source`."""

    def span(v):
        if v is None:
            return None
        if v.file is not source:
            raise Unstorable("a span in another file")
        return [v.start, v.end]

    def strings(v):
        if type(v) is not tuple or not all(type(x) is str for x in v):
            raise Unstorable("not a tuple of strings")
        return list(v)

    def scalar(v):
        if type(v) not in _SCALARS:
            raise Unstorable(f"a value of type {type(v).__name__}")
        return v

    coders = {
        "scalar": scalar, "span": span, "strings": strings, "code": lambda v: v.code, "severity": int,
        "labels": lambda v: [[*span(label.span), scalar(label.message)] for label in v],
    }

    def obj(v, cls):
        if type(v) is not cls:
            raise Unstorable(f"not a {cls.__name__}")
        fields = v.__dict__
        return [coders[how](fields[name]) for name, how in SPECS[cls]]

    out = {"diagnostics": [obj(d, D.Diagnostic) for d in diagnostics], "map": None}
    if argmap is not None:
        if argmap.source is not source or argmap.voice is not None:
            raise Unstorable("a map that is not this file's")
        out["map"] = [
            scalar(argmap.path), scalar(argmap.id), _meta(argmap.meta),
            [obj(n, M.Node) for n in argmap.nodes], [obj(r, M.Relation) for r in argmap.relations],
            [obj(s, M.Stance) for s in argmap.stances], [obj(i, M.Issue) for i in argmap.issues],
            [[scalar(line), sorted(scalar(c) for c in codes)] for line, codes in argmap.suppressions.items()],
            span(argmap.id_span), sorted(scalar(n) for n in argmap.unresolved), span(argmap.translation_span),
        ]
    return out


def decode(data, source: SourceFile) -> tuple[M.ArgMap | None, list[D.Diagnostic]]:
    """parse_bytes' result rebuilt from `encode`'s output, against the file's
    text; Corrupt when the data is anything else."""
    length = len(source.text)

    def span(v):
        if v is None:
            return None
        if type(v) is not list or len(v) != 2 or type(v[0]) is not int or type(v[1]) is not int or not 0 <= v[0] <= v[1] <= length:
            raise Corrupt("not a span of this file")
        return Span(source, v[0], v[1])

    def strings(v):
        if type(v) is not list or not all(type(x) is str for x in v):
            raise Corrupt("not a list of strings")
        return tuple(v)

    def scalar(v):
        if type(v) not in _SCALARS:
            raise Corrupt("not a plain value")
        return v

    def code(v):
        found = D._CODES.get(v) if type(v) is str else None
        if found is None:
            raise Corrupt("not a diagnostic code")
        return found

    def labels(v):
        if type(v) is not list or not all(type(x) is list and len(x) == 3 and type(x[2]) is str for x in v):
            raise Corrupt("not labels")
        return tuple(D.Label(span(x[:2]), x[2]) for x in v)

    coders = {"scalar": scalar, "span": span, "strings": strings, "code": code, "severity": D.Severity, "labels": labels}

    builders = {cls: _builder(cls, coders) for cls in _CLASSES}

    def objs(v, cls):
        if type(v) is not list:
            raise Corrupt("not a list")
        return list(map(builders[cls], v))

    try:
        if type(data) is not dict or set(data) != {"diagnostics", "map"}:
            raise Corrupt("not a cache entry")
        diagnostics = objs(data["diagnostics"], D.Diagnostic)
        fields = data["map"]
        if fields is None:
            return None, diagnostics
        if type(fields) is not list or len(fields) != len(_MAP_FIELDS):
            raise Corrupt("not a map")
        path, map_id, meta, nodes, relations, stances, issues, suppressions, id_span, unresolved, translation = fields
        if type(suppressions) is not list or not all(type(x) is list and len(x) == 2 and type(x[0]) is int for x in suppressions):
            raise Corrupt("not suppressions")
        argmap = M.ArgMap(
            path=scalar(path), source=source, id=scalar(map_id), meta=_unmeta(meta),
            nodes=tuple(objs(nodes, M.Node)), relations=tuple(objs(relations, M.Relation)),
            stances=tuple(objs(stances, M.Stance)), issues=tuple(objs(issues, M.Issue)),
            suppressions={line: set(strings(codes)) for line, codes in suppressions},
            id_span=span(id_span), unresolved=frozenset(strings(unresolved)), translation_span=span(translation),
        )
    except Corrupt:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        raise Corrupt(str(exc)) from None
    return argmap, diagnostics


def _builder(cls, coders):
    """A function from one object's list of fields to the object."""
    from operator import itemgetter

    spec = SPECS[cls]
    names, size = [name for name, _ in spec], len(spec)
    indices = [i for i, (_, how) in enumerate(spec) if how == "scalar"]
    plain = itemgetter(*indices) if len(indices) > 1 else lambda fields: tuple(fields[i] for i in indices)
    special = [(i, coders[how]) for i, (_, how) in enumerate(spec) if how != "scalar"]
    scalars = set(_SCALARS)
    new = object.__new__

    def build(fields):
        if type(fields) is not list or len(fields) != size or not set(map(type, plain(fields))) <= scalars:
            raise Corrupt(f"not a {cls.__name__}")
        values = fields[:]
        for i, code in special:
            values[i] = code(values[i])
        # Built as pickle builds an object, without __init__: every field is
        # set, each checked against the type it declares.
        item = new(cls)
        item.__dict__.update(zip(names, values))
        return item

    return build


# The front matter is YAML: values of a few more types, nested. Tagged, one
# key each, as JSON has no dates, tuples or non-string keys.
def _meta(v):
    if type(v) in _SCALARS:
        return v
    if type(v) is float:
        if v != v or v in (float("inf"), float("-inf")):
            raise Unstorable("a float JSON cannot hold")
        return {"float": v}
    if type(v) is list:
        return {"list": [_meta(x) for x in v]}
    if type(v) is dict:
        return {"dict": [[_meta(k), _meta(x)] for k, x in v.items()]}
    if type(v) is datetime.date:
        return {"date": v.isoformat()}
    if type(v) is datetime.datetime:
        return {"datetime": v.isoformat()}
    raise Unstorable(f"a front-matter value of type {type(v).__name__}")


def _unmeta(v):
    if type(v) in _SCALARS:
        return v
    if type(v) is not dict or len(v) != 1:
        raise Corrupt("not a front-matter value")
    ((tag, inner),) = v.items()
    if tag == "float" and type(inner) in (int, float):
        return float(inner)
    if tag == "list" and type(inner) is list:
        return [_unmeta(x) for x in inner]
    if tag == "dict" and type(inner) is list and all(type(p) is list and len(p) == 2 for p in inner):
        return {_unmeta(k): _unmeta(x) for k, x in inner}
    if tag == "date" and type(inner) is str:
        return datetime.date.fromisoformat(inner)
    if tag == "datetime" and type(inner) is str:
        return datetime.datetime.fromisoformat(inner)
    raise Corrupt(f"unknown tag {tag!r}")
