"""Noticing that maps changed, by polling: no dependency, and it works on
every file system (network shares and containers, where change events
often never arrive).

Each poll stats the files; only a file whose modification time or size
moved is read and hashed, and only a different hash is a change, so an
editor that saves without changing anything (or `touch`) rebuilds nothing.
A change is reported once the files have stopped changing: an editor that
writes a file in several steps gives one rebuild, not one per step.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

Stamp = tuple  # (mtime_ns, size, digest)


@dataclass(frozen=True)
class Change:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.modified)

    @property
    def paths(self) -> tuple[str, ...]:
        return self.modified + self.added + self.removed

    def describe(self, limit: int = 3) -> str:
        """`tang2025.map changed`, `a.map added, b.map removed`, `5 files changed`."""
        parts = [(p, "changed") for p in self.modified] + [(p, "added") for p in self.added] + [
            (p, "removed") for p in self.removed]
        if len(parts) > limit:
            return f"{len(parts)} files changed"
        return ", ".join(f"{p} {what}" for p, what in parts)


def watched_files(paths: list[str], *, context: bool = True) -> list[str]:
    """The files whose change changes the result: the .map files under the
    folders given (hidden folders skipped, as validate does), each file
    given and, unless `context` is off, the .map files beside it (they
    resolve its links), and the configuration (pyproject.toml) in force."""
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            continue
        if os.path.isdir(raw):
            for folder, dirs, files in os.walk(raw):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".map")]
        else:
            out.append(raw)
            if context:
                folder = os.path.dirname(raw) or "."
                try:
                    names = sorted(os.listdir(folder))
                except OSError:
                    names = []
                out += [os.path.join(folder, f) for f in names if f.endswith(".map")]
    from argmap import config

    found = config.find(Path.cwd())
    if found is not None:
        out.append(str(found))
    seen: set[str] = set()
    unique = []
    for path in map(os.path.normpath, out):
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    except OSError:
        return None


class Watcher:
    """The state of the watched files, and what changed since last asked."""

    def __init__(self, paths: list[str], *, context: bool = True):
        self.paths = list(paths)
        self.context = context
        self.stamps: dict[str, Stamp] = self._scan({})

    def _scan(self, before: dict[str, Stamp]) -> dict[str, Stamp]:
        now: dict[str, Stamp] = {}
        for path in watched_files(self.paths, context=self.context):
            try:
                info = os.stat(path)
            except OSError:
                continue  # gone between listing and stat: a removal
            old = before.get(path)
            if old is not None and old[0] == info.st_mtime_ns and old[1] == info.st_size:
                now[path] = old
            else:
                now[path] = (info.st_mtime_ns, info.st_size, _digest(path))
        return now

    def poll(self) -> Change:
        """What changed since the last poll (content, not time stamps)."""
        before = self.stamps
        now = self._scan(before)
        self.stamps = now
        added = tuple(p for p in now if p not in before)
        removed = tuple(p for p in before if p not in now)
        modified = tuple(p for p in now if p in before and now[p][2] != before[p][2])
        return Change(added, removed, modified)

    def wait(self, interval: float = 0.5, *, settle: float | None = None, stop=None) -> Change:
        """Block until something changed and has stayed still for `settle`
        seconds (half the interval by default); `stop()` true ends the
        wait with no change."""
        settle = interval / 2 if settle is None else settle
        while True:
            if stop is not None and stop():
                return Change()
            time.sleep(interval)
            change = self.poll()
            if not change:
                continue
            added, removed, modified = set(change.added), set(change.removed), set(change.modified)
            for _ in range(10):  # a file still being written: wait for it to stand still
                time.sleep(settle)
                more = self.poll()
                if not more:
                    break
                added |= set(more.added)
                removed |= set(more.removed)
                modified |= set(more.modified)
            # A file removed and written again (an editor's atomic save) is modified.
            both = added & removed
            return Change(tuple(sorted(added - both)), tuple(sorted(removed - both)), tuple(sorted(modified | both)))
