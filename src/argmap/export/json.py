"""The model as JSON: the contract documented in docs/json.md and
docs/schema/argmap.schema.json. Bump VERSION on any incompatible change.
"""

from __future__ import annotations

import json

from argmap.corpus import Corpus
from argmap.model import ArgMap
from argmap.visible import json_text

VERSION = 1


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
                "span": n.span.as_dict(),
            }
            for n in argmap.nodes
        ],
        "relations": [
            {"source": r.source, "kind": r.kind, "target": r.target}
            for r in sorted(argmap.relations, key=lambda r: r.span.start)
        ],
        "stances": [
            {"node": s.node, "issue": s.issue, "stance": s.stance, "scope": s.scope, "condition": s.condition}
            for s in argmap.stances
        ],
    }


def corpus_dict(corpus: Corpus) -> dict:
    issues = corpus.issues()
    return {
        "version": VERSION,
        "maps": [map_dict(m) for m in corpus.arguments()],
        "issues": [{"id": i.id, "text": i.text, "en": i.en} for i in issues.values()],
    }


def dumps(corpus: Corpus) -> str:
    # allow_nan=False: NaN is not JSON; front matter turns it to text (AM155).
    return json_text(json.dumps(corpus_dict(corpus), ensure_ascii=False, indent=2, allow_nan=False) + "\n")
