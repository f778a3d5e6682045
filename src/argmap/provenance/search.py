"""Finding a map's source text.

Sources are often copyrighted and kept outside the repository, so a map
names its source by file name (`source: paper.txt`) and argmap looks for it:

1. against the map's own folder first,
2. then against each folder of the search path, in this order:
   `--sources DIR` options (in the order given), the `ARGMAP_SOURCES`
   environment variable (folders separated by os.pathsep, ":" on POSIX),
   and `[tool.argmap] sources = [...]` in pyproject.toml (relative to the
   folder of that pyproject.toml).

The first file that exists wins. A map is text from anyone (a pull request
validated in CI), and the hints of `validate`, `coverage` and `source` print
pieces of the source: so a source is read only inside the folders the user
named, the map's own folder (and its subfolders) and the search path. A
candidate whose resolved path (`..` and symbolic links followed) leaves
them all is never read, whether it exists or not, and an absolute
`source:` is one candidate, allowed only inside those folders.
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
    """Every path `find_source` tries, in order (those outside the allowed
    folders included: `look` tells them apart)."""
    declared_path = Path(declared).expanduser()
    if declared_path.is_absolute():
        return [declared_path]
    out = []
    folder = _map_folder(map_path)
    if folder is not None:
        out.append(folder / declared_path)
    out += [p.folder / declared_path for p in places]
    seen: set[str] = set()
    unique = []
    for path in out:
        key = os.path.normpath(str(path))
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _map_folder(map_path: str | Path | None) -> Path | None:
    """The folder of a map read from a file; None for standard input."""
    if map_path is None or str(map_path) in ("-", "<stdin>"):
        return None
    return Path(map_path).parent


def allowed_folders(map_path: str | Path | None, places: list[Place]) -> list[str]:
    """The folders a source may be read from, resolved: the map's own folder
    and every folder of the search path."""
    folders = [_map_folder(map_path)] + [p.folder for p in places]
    out: list[str] = []
    for folder in folders:
        if folder is None:
            continue
        try:
            real = os.path.realpath(folder)
        except (OSError, ValueError):  # a NUL in the name, a link loop
            continue
        if real not in out:
            out.append(real)
    return out


def inside(path: str | Path, folders: list[str]) -> bool:
    """Whether `path`, resolved (`..` and symbolic links followed, as far as
    they exist), is in one of `folders` (resolved) or below it."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return False
    for folder in folders:
        try:
            if os.path.commonpath([real, folder]) == folder:
                return True
        except ValueError:  # another drive (Windows)
            continue
    return False


class Look(NamedTuple):
    """What looking for a source found: `path` is the file to read
    (`what` == "file"), the first candidate outside the allowed folders
    ("outside"), or the first that is there but no file ("blocked",
    with `why`); `what` == "missing" when no candidate is there at all."""

    what: str
    path: Path | None = None
    why: str = ""


def look(map_path: str | Path | None, declared: str, places: list[Place]) -> Look:
    """The first regular file among `candidates` inside the allowed folders;
    failing that, the first candidate that is outside them or is there but
    no file to read, in the order tried. A candidate outside is skipped
    without asking whether it exists, so the outcome tells nothing about
    files outside."""
    folders = allowed_folders(map_path, places)
    problem: Look | None = None
    for path in candidates(map_path, declared, places):
        if not inside(path, folders):
            problem = problem or Look("outside", path)
            continue
        kind = _kind(path)
        if kind == "file":
            return Look("file", path)
        if kind and problem is None:
            problem = Look("blocked", path, kind)
    return problem or Look("missing")


def _kind(path: Path) -> str:
    """"file" for a regular file, "" when nothing is there, else what is
    there instead."""
    import stat

    try:
        if not os.path.lexists(path):
            return ""
        mode = os.stat(path).st_mode
    except OSError as exc:  # a link loop, a name too long, a folder we may not enter
        if os.path.islink(path):
            return "a symbolic link that leads nowhere" + (f" ({exc.strerror})" if exc.strerror else "")
        return ""
    except ValueError:  # a NUL in the name
        return ""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file (a pipe, a device)"


def find_source(map_path: str | Path | None, declared: str, places: list[Place]) -> Path | None:
    """The first file among `candidates` inside the allowed folders, or None."""
    found = look(map_path, declared, places)
    return found.path if found.what == "file" else None


_URL = ("http://", "https://", "ftp://", "file://")


def is_url(declared: str) -> bool:
    """A web address: argmap reads files, it fetches nothing."""
    return declared.strip().lower().startswith(_URL)


def blocked(map_path: str | Path | None, declared: str, places: list[Place]) -> tuple[Path, str] | None:
    """The first candidate inside the allowed folders that is there but is
    no file to read (a folder, a FIFO, a symbolic link that leads nowhere),
    and what it is; None otherwise."""
    found = look(map_path, declared, places)
    return (found.path, found.why) if found.what == "blocked" else None
