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
    if declared is None and isinstance((meta or {}).get("source"), str):
        from argmap.provenance.check import EMPTY, EMPTY_HINT

        return f"{map_path}: {EMPTY}; {EMPTY_HINT}"
    if declared is None:
        return f"{map_path} declares no source: add `source: FILE` (and `paragraphs: SCHEME`) to its front matter"
    if scheme not in P.SCHEMES:
        from argmap.diagnostics import did_you_mean

        guess = did_you_mean(scheme, P.SCHEMES)
        return (f"{map_path}: unknown paragraph scheme `{scheme}`" + (f" — did you mean `{guess}`?" if guess else "")
                + f" (known: {', '.join(P.SCHEMES)})")
    from argmap.provenance.check import HOW, OUTSIDE_HINT, looked_in, outside_message
    from argmap.provenance.search import is_url, look
    from argmap.visible import visible

    found = look(map_path, declared, places)
    if found.what == "outside":
        return f"{map_path}: {outside_message(declared, found.path)}; {OUTSIDE_HINT}"
    path = found.path if found.what == "file" else None
    if path is None:
        if is_url(declared):
            return (f"{map_path}: source `{visible(declared)}` is a web address: argmap reads files and fetches "
                    "nothing; save the text as a UTF-8 file and give its file name")
        if found.what == "blocked":
            return f"{map_path}: source {visible(str(found.path))} is {found.why}"
        return f"{map_path}: source `{visible(declared)}` not found; {looked_in(map_path, declared, places)}; {HOW}"
    index = P.open_source(path, scheme)
    if isinstance(index, P.SourceProblem):
        return f"{map_path}: source {visible(str(index))}"
    return Declared(declared, str(path), scheme, index)
