"""The model as JSON: the contract documented in docs/json.md and
docs/schema/argmap.schema.json. Bump VERSION on any incompatible change.

`corpus_dict` is the model as Python values. `chunks` and `dumps` write
exactly what `json.dumps(corpus_dict(corpus), ensure_ascii=False, indent=2,
allow_nan=False)` passed through `json_text` is, without building it: for a
map of 50,000 statements that was a dict per node and per span and a text
of 38 million characters before a byte was written, more time than the
checks and more memory than the model. Nodes and relations are written
from templates instead, a batch at a time, and each batch is encoded to
UTF-8 as it is made.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import chain
from operator import attrgetter

from argmap import jsonout
from argmap.corpus import Corpus
from argmap.model import LOCAL_RELATIONS, ArgMap, inference_key
from argmap.visible import json_utf8

VERSION = 2


def node_dict(n) -> dict:
    return {
        "id": n.id,
        "kind": n.kind,
        "text": n.text,
        "en": n.en,
        "locator": n.locator,
        "quote": n.quote,
        "source": n.source,
        "note": n.note,
        "tags": list(n.tags),
        "speaker": n.speaker,
        "title": n.title,
        "span": n.span.as_dict(),
    }


_IN_PLACE = attrgetter("span.start")  # relations are listed in the order they are written


def map_dict(argmap: ArgMap) -> dict:
    return {
        "id": argmap.id,
        "path": argmap.path,
        "meta": argmap.meta,
        "nodes": [node_dict(n) for n in argmap.nodes],
        "relations": [relation_dict(r) for r in sorted(argmap.relations, key=_IN_PLACE)],
        "stances": [stance_dict(s) for s in argmap.stances],
    }


def relation_dict(rel) -> dict:
    out = {"source": rel.source, "sources": list(rel.sources), "kind": rel.kind, "target": rel.target}
    if rel.kind in LOCAL_RELATIONS:
        out.update(key=rel.key, label=rel.label, scheme=rel.scheme, title=rel.title, note=rel.note)
    return out


def stance_dict(s) -> dict:
    return {"node": s.node, "issue": s.issue, "stance": s.stance, "scope": s.scope, "condition": s.condition}


def corpus_dict(corpus: Corpus) -> dict:
    issues = corpus.issues()
    return {
        "version": VERSION,
        "maps": [map_dict(m) for m in corpus.arguments()],
        "issues": [{"id": i.id, "text": i.text, "en": i.en} for i in issues.values()],
    }


def dumps(corpus: Corpus) -> str:
    return b"".join(chunks(corpus)).decode("utf-8")


def chunks(corpus: Corpus) -> Iterator[bytes]:
    """dumps(corpus) in UTF-8, in pieces made one after another: written as
    they come, an export is never whole in memory (a 50,000-statement
    map's is 40 MB, and held as text 76)."""
    return map(json_utf8, _pieces(corpus))


# The layout is that of jsonout (json.dumps with indent=2): a value nested
# at depth d has its items on lines indented by 2·d spaces. The whole
# document is depth 1, a map depth 3, a node or relation depth 5.
def _pad(depth: int) -> str:
    return "\n" + "  " * depth


def _pieces(corpus: Corpus):
    """The text of corpus_dict(corpus) as jsonout writes it, and a newline,
    in pieces of at most _BATCH records."""
    maps = corpus.arguments()
    issues = [{"id": i.id, "text": i.text, "en": i.en} for i in corpus.issues().values()]
    yield "{" + _pad(1) + '"version": ' + jsonout.dumps(VERSION, 2) + "," + _pad(1) + '"maps": '
    if not maps:
        yield "[]"
    for index, argmap in enumerate(maps):
        yield ("[" if index == 0 else ",") + _pad(2)
        yield from _map_pieces(argmap)
    if maps:
        yield _pad(1) + "]"
    yield "," + _pad(1) + '"issues": ' + jsonout.dumps(issues, 2) + "\n}\n"


def _map_pieces(argmap: ArgMap):
    def key(name: str) -> str:
        return "," + _pad(3) + '"' + name + '": '

    # jsonout refuses NaN, which is not JSON; front matter turns it to text (AM155).
    yield ("{" + _pad(3) + '"id": ' + jsonout.dumps(argmap.id, 4) + key("path") + jsonout.dumps(argmap.path, 4)
           + key("meta") + jsonout.dumps(argmap.meta, 4) + key("nodes"))
    yield from _records(map(_node_batch, _batches(argmap.nodes)), 4)
    yield key("relations")
    yield from _records(map(_relation_batch, _batches(sorted(argmap.relations, key=_IN_PLACE))), 4)
    yield key("stances") + jsonout.dumps([stance_dict(s) for s in argmap.stances], 4) + _pad(2) + "}"


# Records per piece: enough that the per-piece work is nothing, few enough
# that a piece's temporary strings stay a few megabytes.
_BATCH = 2000


def _batches(items) -> list:
    items = list(items)
    return [items[at:at + _BATCH] for at in range(0, len(items), _BATCH)]


def _records(batches, depth: int):
    """A list at this depth of records, each batch given as their text."""
    pad = _pad(depth)
    opened = False
    for batch in batches:
        yield ("," if opened else "[") + pad + batch
        opened = True
    yield pad[:-2] + "]" if opened else "[]"


_HOLE = "\0"


def _template(shape: dict, depth: int) -> str:
    """The text jsonout writes for a dict of this shape at this depth, with
    `%s` where each value goes: the layout is the encoder's own."""
    return jsonout.dumps(shape, depth).replace(jsonout.dumps(_HOLE), "%s")


_SPAN = {"line": _HOLE, "column": _HOLE, "end_line": _HOLE, "end_column": _HOLE}
_NODE = _template({
    "id": _HOLE, "kind": _HOLE, "text": _HOLE, "en": _HOLE, "locator": _HOLE, "quote": _HOLE, "source": _HOLE,
    "note": _HOLE, "tags": _HOLE, "speaker": _HOLE, "title": _HOLE, "span": _SPAN}, 5)
_CROSS = _template(dict.fromkeys(("source", "sources", "kind", "target"), _HOLE), 5)
_LOCAL = _template(
    dict.fromkeys(("source", "sources", "kind", "target", "key", "label", "scheme", "title", "note"), _HOLE), 5)
_BETWEEN = "," + _pad(4)  # between two records


def _fill(template: str, columns: list[list], count: int) -> str:
    """The records `template % row` of the rows of columns, between them
    _BETWEEN. A column of one value throughout (a field no node of the
    batch has is all null) is written into the template once: formatting
    costs by the value."""
    parts = template.split("%s")
    text = parts[0]
    varying = []
    for column, part in zip(columns, parts[1:]):
        if column.count(column[0]) == count:
            text += str(column[0]).replace("%", "%%") + part
        else:
            text += "%s" + part
            varying.append(column)
    if not varying:
        return _BETWEEN.join([text % ()] * count)
    return _BETWEEN.join(map(text.__mod__, zip(*varying)))


_STRING = json.encoder.encode_basestring  # the C function, where there is one
_NULL = {type(None)}
_STR = {str}
_SCALAR = _NULL | _STR
# One call of the C encoder for many values, NUL between them: the encoder
# escapes NUL inside strings, so the only raw NULs are these separators.
_IN_A_ROW = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=("\0", ": ")).encode


def _texts(values: list) -> list[str] | None:
    """The JSON text of each value, or None unless all are strings or None
    (a list or dict would be laid out otherwise nested in a record). Most
    fields of most batches are all null, or all strings."""
    kinds = set(map(type, values))
    if kinds == _NULL:
        return ["null"] * len(values)
    if kinds == _STR:
        return list(map(_STRING, values))
    if not values:
        return []
    return _IN_A_ROW(values)[1:-1].split("\0") if kinds <= _SCALAR else None


_LIST_ITEM = "," + _pad(6)  # between the items of a list in a record


def _list_text(texts) -> str:
    """A list of strings, given as their texts, as a record holds it."""
    return "[" + _pad(6) + _LIST_ITEM.join(texts) + _pad(5) + "]" if texts else "[]"


# A batch is made by C loops (map, zip, join) over one list per field;
# Python runs only for what is rare (tags, linked sources, cross-map
# links). A loop in Python per record took most of the time.
_NODE_FIELDS = [attrgetter(name) for name in ("id", "kind", "text", "en", "locator", "quote", "source", "note")]
_NODE_LAST = [attrgetter("speaker"), attrgetter("title")]
_TAGS = attrgetter("tags")
_SPANS = attrgetter("span")


def _node_batch(nodes: list) -> str:
    fields = [_texts(list(map(get, nodes))) for get in _NODE_FIELDS + _NODE_LAST]
    tags = _texts(list(chain.from_iterable(map(_TAGS, nodes))))
    spans = list(map(_SPANS, nodes))
    files = {span.file for span in spans}
    if None in fields or tags is None or len(files) != 1:
        return _BETWEEN.join(jsonout.dumps(node_dict(n), 5) for n in nodes)
    (file,) = files
    lines, columns = file.positions([span.start for span in spans])
    end_lines, end_columns = file.positions([span.end for span in spans])
    tag_lists = ["[]"] * len(nodes)
    if tags:
        tag_texts = iter(tags)
        for i, node in enumerate(nodes):
            if node.tags:
                tag_lists[i] = _list_text([next(tag_texts) for _ in node.tags])
    return _fill(_NODE, [*fields[:8], tag_lists, *fields[8:], lines, columns, end_lines, end_columns], len(nodes))


_SOURCE = attrgetter("source")
_TARGET = attrgetter("target")
_RELATION_FIELDS = [attrgetter(name) for name in ("kind", "label", "scheme", "title", "note")]
_ONE_SOURCE = _list_text(["{}"])
_LOCAL_KINDS = frozenset(LOCAL_RELATIONS)


def _relation_batch(relations: list) -> str:
    sources = list(map(_SOURCE, relations))
    targets = list(map(_TARGET, relations))
    # The key of a relation from one source: inference_key of it, as it sorts to itself.
    keys = list(map("{}->{}".format, sources, targets))
    joint = [i for i, rel in enumerate(relations) if rel.joint]
    for i in joint:
        keys[i] = inference_key(relations[i].sources, targets[i])
    kinds, labels, schemes, titles, notes = (list(map(get, relations)) for get in _RELATION_FIELDS)
    texts = [_texts(column) for column in (sources, kinds, targets, keys, labels, schemes, titles, notes)]
    joint_texts = _texts([source for i in joint for source in relations[i].joint])
    if None in texts or joint_texts is None:
        return _BETWEEN.join(jsonout.dumps(relation_dict(r), 5) for r in relations)
    source, kind, target, key, label, scheme, title, note = texts
    lists = list(map(_ONE_SOURCE.format, source))
    more = iter(joint_texts)
    for i in joint:
        lists[i] = _list_text([source[i], *(next(more) for _ in relations[i].joint)])
    if set(kinds) <= _LOCAL_KINDS:
        return _fill(_LOCAL, [source, lists, kind, target, key, label, scheme, title, note], len(relations))
    return _BETWEEN.join(
        _LOCAL % (source[i], lists[i], kind[i], target[i], key[i], label[i], scheme[i], title[i], note[i])
        if rel.kind in LOCAL_RELATIONS else _CROSS % (source[i], lists[i], kind[i], target[i])
        for i, rel in enumerate(relations))
