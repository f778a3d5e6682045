"""SARIF 2.1.0, for code-scanning dashboards. Columns count code points."""

from __future__ import annotations

import json

from argmap import __version__
from argmap import diagnostics as D

_LEVEL = {D.Severity.ERROR: "error", D.Severity.WARNING: "warning", D.Severity.NOTE: "note"}


def _region(span) -> dict:
    return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column}


def _location(path, span, message=None) -> dict:
    import os
    from urllib.parse import quote

    # A file name that is not UTF-8 reaches us with surrogate escapes: its URI
    # is the percent-encoding of the name's own bytes.
    physical = {"artifactLocation": {"uri": quote(os.fsencode(path or ""), safe="/")}}
    if span is not None:
        physical["region"] = _region(span)
    loc = {"physicalLocation": physical}
    if message:
        loc["message"] = {"text": message}
    return loc


def render(diagnostics) -> str:
    rules = [
        {
            "id": code.code,
            "name": code.name,
            "shortDescription": {"text": code.summary},
            "defaultConfiguration": {"level": _LEVEL[code.severity]},
        }
        for code in D.registry().values()
    ]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for d in diagnostics:
        result = {
            "ruleId": d.code.code,
            "ruleIndex": index[d.code.code],
            "level": _LEVEL.get(d.severity, "note"),
            "message": {"text": d.message + (f" (hint: {d.hint})" if d.hint else "")},
            "locations": [_location(d.path, d.span)],
        }
        if d.labels:
            result["relatedLocations"] = [
                {"id": i, **_location(label.span.path, label.span, label.message)} for i, label in enumerate(d.labels)
            ]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "argmap", "version": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    from argmap.visible import json_text

    return json_text(json.dumps(log, ensure_ascii=False, indent=2) + "\n")
