"""Finding a map's source text.

Sources are often copyrighted and kept outside the repository, so a map
names its source by file name (`source: paper.txt`) and argmap looks for it:

1. an absolute `source:` is used as it is;
2. a relative one is tried against the map's own folder first,
3. then against each folder of the search path, in this order:
   `--sources DIR` options (in the order given), the `ARGMAP_SOURCES`
   environment variable (folders separated by os.pathsep, ":" on POSIX),
   and `[tool.argmap] sources = [...]` in pyproject.toml (relative to the
   folder of that pyproject.toml).

The first file that exists wins.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

ENV = "ARGMAP_SOURCES"


class Place(NamedTuple):
    """A folder of the search path and where it came from."""

    folder: Path
    origin: str  # "--sources", "ARGMAP_SOURCES", "[tool.argmap] sources in PATH"
    written: str = ""  # the folder as the user wrote it (relative to the pyproject.toml for its entries)

    def __str__(self) -> str:
        return f"{self.written or self.folder} ({self.origin})"


def search_path(options=(), config=None, environ=None) -> list[Place]:
    """The folders to look in, in order: `options` (from --sources), then
    ARGMAP_SOURCES, then `config.sources` ([tool.argmap] sources, already
    made absolute by config.load)."""
    environ = os.environ if environ is None else environ
    out: list[Place] = [Place(Path(o), "--sources", str(o)) for o in options or ()]
    env = environ.get(ENV, "")
    out += [Place(Path(p), ENV, p) for p in env.split(os.pathsep) if p.strip()]
    sources = getattr(config, "sources", ()) or ()
    if sources:
        home = Path(config.path).resolve().parent if config.path else Path.cwd()
        origin = f"[tool.argmap] sources in {_relative(config.path) if config.path else 'pyproject.toml'}"
        out += [Place(Path(p), origin, _relative(p, home)) for p in sources]
    return out


def _relative(path: str, start: Path | None = None) -> str:
    """A path relative to `start` (the working folder by default), or as it is
    when that cannot be (another drive on Windows)."""
    try:
        return os.path.relpath(path, start)
    except ValueError:
        return str(path)


def candidates(map_path: str | Path | None, declared: str, places: list[Place]) -> list[Path]:
    """Every path `find_source` tries, in order."""
    declared_path = Path(declared).expanduser()
    if declared_path.is_absolute():
        return [declared_path]
    out = []
    if map_path is not None and str(map_path) not in ("-", "<stdin>"):
        out.append(Path(map_path).parent / declared_path)
    out += [p.folder / declared_path for p in places]
    seen: set[str] = set()
    unique = []
    for path in out:
        key = os.path.normpath(str(path))
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def find_source(map_path: str | Path | None, declared: str, places: list[Place]) -> Path | None:
    """The first existing file among `candidates`, or None."""
    for path in candidates(map_path, declared, places):
        try:
            if path.is_file():
                return path
        except OSError:  # a name too long, a folder we may not enter
            continue
    return None
