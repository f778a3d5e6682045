"""One renderer per output format of diagnostics."""

from __future__ import annotations

FORMATS = ("text", "json", "github", "sarif")


def render(fmt: str, diagnostics, *, files: int = 0, color: bool = False, columns: int = 80) -> str:
    if fmt == "text":
        from argmap.report.text import render as text

        return text(diagnostics, files=files, color=color, columns=columns)
    if fmt == "json":
        from argmap.report.json import render as as_json

        return as_json(diagnostics)
    if fmt == "github":
        from argmap.report.github import render as github

        return github(diagnostics)
    if fmt == "sarif":
        from argmap.report.sarif import render as sarif

        return sarif(diagnostics)
    raise ValueError(f"unknown format {fmt}")
