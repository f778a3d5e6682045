"""One parsed file (its model and diagnostics) as JSON, and back.

JSON and not pickle: reading a pickle runs whatever code it names, and a
cache file is data that another program could have written. Decoding makes
only the classes listed here, from plain values of the types their fields
declare; anything else in the data is `Corrupt`, and the cache drops it.

The objects of each class are a table, one column per field in
declaration order, each coded by the field's declared type (`_CODERS`), so
a 10,000-node map loads faster than it parses. Spans are [start, end] offsets into the file's text, which the
cache does not store: the text is the file itself, read on every run, and
each span is rebuilt against it.
"""

from __future__ import annotations

import dataclasses
import datetime
from itertools import chain
from itertools import accumulate
from operator import add, itemgetter, le, sub

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

    def scalar(v):
        if type(v) not in _SCALARS:
            raise Unstorable(f"a value of type {type(v).__name__}")
        return v

    def one_span(v):
        if v is None:
            return None
        if v.file is not source:
            raise Unstorable("a span in another file")
        return [v.start, v.end]

    out = {"diagnostics": _encode_table(diagnostics, D.Diagnostic, source), "map": None}
    if argmap is not None:
        if argmap.source is not source or argmap.voice is not None:
            raise Unstorable("a map that is not this file's")
        out["map"] = [
            scalar(argmap.path), scalar(argmap.id), _meta(argmap.meta),
            _encode_table(argmap.nodes, M.Node, source), _encode_table(argmap.relations, M.Relation, source),
            _encode_table(argmap.stances, M.Stance, source), _encode_table(argmap.issues, M.Issue, source),
            [[scalar(line), sorted(scalar(c) for c in codes)] for line, codes in argmap.suppressions.items()],
            one_span(argmap.id_span), sorted(scalar(n) for n in argmap.unresolved), one_span(argmap.translation_span),
        ]
    return out


# Objects of one class are stored as a table: one column per field (a span
# field is two columns, its starts and its ends). Whole columns are checked
# and converted at once, which made a 50,000-statement map's entry three
# times cheaper to write and to read than one list per object.
def _encode_table(objects, cls, source) -> list:
    spec = SPECS[cls]
    if any(type(v) is not cls for v in objects):
        raise Unstorable(f"not a {cls.__name__}")
    rows = [item.__dict__ for item in objects]  # a dict's item is quicker to get than an attribute
    return [len(rows)] + [_ENCODERS[how](list(map(get, rows)), source) for (_, how), get in zip(spec, _GETTERS[cls])]


def _scalars_out(column, source):
    # A field with one value throughout (most optional fields are None
    # everywhere) is written once; one type too, as True == 1.
    if column and column.count(column[0]) == len(column) and type(column[0]) in _SCALAR_TYPES:
        types = set(map(type, column))
        if len(types) == 1:
            return {"same": column[0]}
    else:
        types = set(map(type, column))
    if not types <= _SCALAR_TYPES:
        raise Unstorable("a value that is not plain")
    # A field of a few values (a node's kind, a relation's) is written as
    # the values and where each stands: a number a row, not a word.
    if types == _STR and len(column) >= 16:
        values = list(dict.fromkeys(column))
        if len(values) * 8 <= len(column):
            at = {value: i for i, value in enumerate(values)}
            return {"pick": values, "at": list(map(at.__getitem__, column))}
    return column


def _spans_out(column, source) -> list:
    if None in column:
        column = [v if v is not None else _NO_SPAN for v in column]
    if not set(map(_FILE, column)) <= {source, None}:
        raise Unstorable("a span in another file")
    starts, ends = list(map(_START, column)), list(map(_END, column))
    if None in starts:
        return [starts, ends]
    # Written in order, spans start a little after the one before and are
    # short: a start as the step from the one before, an end as the length,
    # a few digits each where an offset into a large file is seven.
    return {"steps": list(map(sub, starts, [0] + starts[:-1])), "lengths": list(map(sub, ends, starts))}


def _strings_out(column, source):
    if not set(map(type, column)) <= {tuple} or not set(map(type, chain.from_iterable(column))) <= {str}:
        raise Unstorable("not a tuple of strings")
    if column and column.count(column[0]) == len(column):
        return {"same": list(column[0])}
    return list(map(list, column))


def _labels_out(column, source) -> list:
    out = []
    for labels in column:
        for label in labels:
            if label.span.file is not source or type(label.message) is not str:
                raise Unstorable("a label that is not plain")
        out.append([[label.span.start, label.span.end, label.message] for label in labels])
    return out


_SCALAR_TYPES = set(_SCALARS)
_NO_SPAN = (None, None, None)
_FILE, _START, _END = itemgetter(0), itemgetter(1), itemgetter(2)
_STR = {str}
_GETTERS = {cls: [itemgetter(name) for name, _ in SPECS[cls]] for cls in _CLASSES}
_ENCODERS = {
    "scalar": _scalars_out, "span": _spans_out, "strings": _strings_out,
    "code": lambda column, source: [v.code for v in column],
    "severity": lambda column, source: list(map(int, column)),
    "labels": _labels_out,
}


def decode(data, source: SourceFile) -> tuple[M.ArgMap | None, list[D.Diagnostic]]:
    """parse_bytes' result rebuilt from `encode`'s output, against the file's
    text; Corrupt when the data is anything else."""
    length = len(source.text)

    def one_span(v):
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

    try:
        if type(data) is not dict or set(data) != {"diagnostics", "map"}:
            raise Corrupt("not a cache entry")
        diagnostics = _decode_table(data["diagnostics"], D.Diagnostic, source, length)
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
            nodes=tuple(_decode_table(nodes, M.Node, source, length)),
            relations=tuple(_decode_table(relations, M.Relation, source, length)),
            stances=tuple(_decode_table(stances, M.Stance, source, length)),
            issues=tuple(_decode_table(issues, M.Issue, source, length)),
            suppressions={line: set(strings(codes)) for line, codes in suppressions},
            id_span=one_span(id_span), unresolved=frozenset(strings(unresolved)), translation_span=one_span(translation),
        )
    except Corrupt:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        raise Corrupt(str(exc)) from None
    return argmap, diagnostics


def _decode_table(table, cls, source, length: int) -> list:
    """The objects of one table. Built as pickle builds an object, without
    __init__: every field is set, each checked against the type it declares."""
    spec = SPECS[cls]
    if type(table) is not list or len(table) != len(spec) + 1 or type(table[0]) is not int or table[0] < 0:
        raise Corrupt(f"not a table of {cls.__name__}")
    count = table[0]
    columns = [_DECODERS[how](column, source, length, count) for (_, how), column in zip(spec, table[1:])]
    if set(map(len, columns)) - {count}:
        raise Corrupt(f"a table of {cls.__name__} with columns of different lengths")
    names, new, out = _NAMES[cls], object.__new__, []
    for values in zip(*columns):
        item = new(cls)
        item.__dict__.update(zip(names, values))
        out.append(item)
    return out


def _list(column) -> list:
    if type(column) is not list:
        raise Corrupt("not a column")
    return column


def _scalars_in(column, source, length: int, count: int) -> list:
    if type(column) is dict and len(column) == 1 and type(column.get("same")) in _SCALAR_TYPES:
        return [column["same"]] * count
    if type(column) is dict and set(column) == {"pick", "at"}:
        values, at = _list(column["pick"]), _list(column["at"])
        if not set(map(type, values)) <= {str} or not set(map(type, at)) <= {int} or at and not 0 <= min(at) <= max(at) < len(values):
            raise Corrupt("not a column of picks")
        return list(map(values.__getitem__, at))
    if not set(map(type, _list(column))) <= _SCALAR_TYPES:
        raise Corrupt("not a plain value")
    return column


def _spans_in(column, source, length: int, count: int) -> list:
    if type(column) is dict and set(column) == {"steps", "lengths"}:
        steps, lengths = _list(column["steps"]), _list(column["lengths"])
        if len(steps) != len(lengths) or not set(map(type, steps)) | set(map(type, lengths)) <= {int}:
            raise Corrupt("not a span column")
        starts = list(accumulate(steps))
        ends = list(map(add, starts, lengths))
        if starts and (min(starts) < 0 or min(lengths) < 0 or max(ends) > length):
            raise Corrupt("not a span of this file")
        new = tuple.__new__
        return [new(Span, (source, s, e)) for s, e in zip(starts, ends)]
    if type(column) is not list or len(column) != 2:
        raise Corrupt("not a span column")
    starts, ends = _list(column[0]), _list(column[1])
    if len(starts) != len(ends):
        raise Corrupt("not a span column")
    if not set(map(type, starts)) | set(map(type, ends)) <= {int}:
        return [_span_or_none(s, e, source, length) for s, e in zip(starts, ends)]
    if starts and (min(starts) < 0 or max(ends) > length or not all(map(le, starts, ends))):
        raise Corrupt("not a span of this file")
    new = tuple.__new__
    return [new(Span, (source, s, e)) for s, e in zip(starts, ends)]


def _span_or_none(start, end, source, length: int):
    if start is None and end is None:
        return None
    if type(start) is not int or type(end) is not int or not 0 <= start <= end <= length:
        raise Corrupt("not a span of this file")
    return Span(source, start, end)


def _strings_in(column, source, length: int, count: int) -> list:
    if type(column) is dict and len(column) == 1 and type(column.get("same")) is list:
        same = column["same"]
        if not set(map(type, same)) <= {str}:
            raise Corrupt("not a list of strings")
        return [tuple(same)] * count
    if not set(map(type, _list(column))) <= {list} or not set(map(type, chain.from_iterable(column))) <= {str}:
        raise Corrupt("not a list of strings")
    return list(map(tuple, column))


def _codes_in(column, source, length: int, count: int) -> list:
    out = []
    for v in _list(column):
        found = D._CODES.get(v) if type(v) is str else None
        if found is None:
            raise Corrupt("not a diagnostic code")
        out.append(found)
    return out


def _labels_in(column, source, length: int, count: int) -> list:
    out = []
    for v in _list(column):
        if type(v) is not list or not all(type(x) is list and len(x) == 3 and type(x[2]) is str for x in v):
            raise Corrupt("not labels")
        out.append(tuple(D.Label(_span_or_none(x[0], x[1], source, length) or _bad_span(), x[2]) for x in v))
    return out


def _bad_span():
    raise Corrupt("a label without a span")


_NAMES = {cls: [name for name, _ in SPECS[cls]] for cls in _CLASSES}
_DECODERS = {
    "scalar": _scalars_in, "span": _spans_in, "strings": _strings_in, "code": _codes_in,
    "severity": lambda column, source, length, count: list(map(D.Severity, _list(column))),
    "labels": _labels_in,
}


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
