"""Diagnostics as one JSON array (documented in docs/cli.md)."""

from __future__ import annotations

from argmap import jsonout


def _position(span) -> dict:
    if span is None:
        return {"line": None, "column": None, "end_line": None, "end_column": None}
    return span.as_dict()


def as_dict(diag) -> dict:
    return {
        "file": diag.path,
        **_position(diag.span),
        "code": diag.code.code,
        "severity": str(diag.severity),
        "message": diag.message,
        "hint": diag.hint,
        "related": [{"file": label.span.path, **label.span.as_dict(), "message": label.message} for label in diag.labels],
    }


def render(diagnostics) -> str:
    from argmap.visible import json_text

    return json_text(jsonout.dumps([as_dict(d) for d in diagnostics]) + "\n")
