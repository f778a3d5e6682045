"""The model as JSON: the contract documented in docs/json.md and
docs/schema/argmap.schema.json. Bump VERSION on any incompatible change.
"""

from __future__ import annotations

from argmap import jsonout
from argmap.corpus import Corpus
from argmap.model import LOCAL_RELATIONS, ArgMap
from argmap.visible import json_text

VERSION = 2


def map_dict(argmap: ArgMap) -> dict:
    return {
        "id": argmap.id,
        "path": argmap.path,
        "meta": argmap.meta,
        "nodes": [
            {
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
            for n in argmap.nodes
        ],
        "relations": [relation_dict(r) for r in sorted(argmap.relations, key=lambda r: r.span.start)],
        "stances": [
            {"node": s.node, "issue": s.issue, "stance": s.stance, "scope": s.scope, "condition": s.condition}
            for s in argmap.stances
        ],
    }


def relation_dict(rel) -> dict:
    out = {"source": rel.source, "sources": list(rel.sources), "kind": rel.kind, "target": rel.target}
    if rel.kind in LOCAL_RELATIONS:
        out.update(key=rel.key, label=rel.label, scheme=rel.scheme, title=rel.title, note=rel.note)
    return out


def corpus_dict(corpus: Corpus) -> dict:
    issues = corpus.issues()
    return {
        "version": VERSION,
        "maps": [map_dict(m) for m in corpus.arguments()],
        "issues": [{"id": i.id, "text": i.text, "en": i.en} for i in issues.values()],
    }


def dumps(corpus: Corpus) -> str:
    # allow_nan=False: NaN is not JSON; front matter turns it to text (AM155).
    return json_text(jsonout.dumps(corpus_dict(corpus)) + "\n")
