"""The source a map declares in its front matter, found and indexed, or why
it cannot be: what `source`, `locate` and `coverage` need before they
start (validate reports the same problems as notes and rules instead)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Declared:
    """A map's source, found and indexed."""

    declared: str  # as the front matter writes it
    path: str  # where it was found
    scheme: str
    index: object  # provenance.SourceIndex


def declared_source(meta: dict | None) -> tuple[str | None, str]:
    """(`source:`, `paragraphs:`) from front matter; the scheme defaults."""
    from argmap.provenance import DEFAULT

    meta = meta or {}
    source = meta.get("source")
    scheme = meta.get("paragraphs") or DEFAULT
    return (source if isinstance(source, str) and source.strip() else None), str(scheme)


def open_declared(map_path: str, meta: dict | None, places, scheme: str | None = None) -> Declared | str:
    """The map's source indexed under its scheme (or `scheme`, to read it
    another way), or a message saying what is missing and where it looked."""
    from argmap import provenance as P

    declared, own_scheme = declared_source(meta)
    scheme = scheme or own_scheme
    if declared is None:
        return f"{map_path} declares no source: add `source: FILE` (and `paragraphs: SCHEME`) to its front matter"
    if scheme not in P.SCHEMES:
        return f"{map_path}: unknown paragraph scheme `{scheme}` (known: {', '.join(P.SCHEMES)})"
    path = P.find_source(map_path, declared, places)
    if path is None:
        tried = P.candidates(map_path, declared, places)
        looked = "; ".join(str(p) for p in tried)
        how = "pass --sources DIR, set ARGMAP_SOURCES, or add `sources = [\"DIR\"]` to [tool.argmap] in pyproject.toml"
        return f"{map_path}: source `{declared}` not found (looked for {looked}); {how}"
    index = P.open_source(path, scheme)
    if isinstance(index, P.SourceProblem):
        return f"{map_path}: source {index}"
    return Declared(declared, str(path), scheme, index)
