"""Parsed files kept between runs, by content, in the user's cache folder.

A warm run reads each file, hashes it, and takes its model and diagnostics
from the cache instead of parsing it again. What the key holds is what the
result depends on: the file's bytes, the name it is shown by, and the code
that parsed it (argmap's version and the size and time of every module of
the package, so an upgrade or an edit of argmap itself is a miss). The
checks that look across files (links, stances, duplicate ids) are never
cached: they run on every run, so editing a neighbour is always seen.
(`compare` keeps whole reports too, keyed by every file read: reports.py.)

Trust: an entry is JSON, never a pickle (`codec.py`), and it is read only
from a folder and a file that this user owns and that nobody else may
write, opened without following links, of bounded size. A folder or entry
that fails any of this is not used and the run says so once on stderr; the
run then parses, exactly as without a cache. `ARGMAP_NO_CACHE=1` turns the
cache off; `ARGMAP_CACHE_DIR` moves it (docs/cli.md, "Cache").
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
from functools import lru_cache, partial
from pathlib import Path

FORMAT = 2  # of the entries; bumped when codec.py changes what it writes
MAX_ENTRY_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 4000  # past this, the older half is removed when an entry is written
_warned: set[str] = set()


def _warn(message: str) -> None:
    """Say once per run why the cache, or a part of it, was not used."""
    if message not in _warned:
        _warned.add(message)
        with contextlib.suppress(Exception):
            sys.stderr.write(f"argmap: warning: {message}\n")


def folder() -> Path | None:
    """The cache folder asked for, or None when the cache is off."""
    if os.environ.get("ARGMAP_NO_CACHE", "") not in ("", "0"):
        return None
    given = os.environ.get("ARGMAP_CACHE_DIR")
    if given:
        return Path(given) if os.path.isabs(given) else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # a relative XDG_CACHE_HOME is to be ignored (XDG base directory spec)
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "argmap" / f"parsed-{FORMAT}"


def _trusted_folder(path: Path, create: bool) -> bool:
    """The folder is a real folder (not a link), ours, and nobody else may
    write to it; made (mode 700) when missing and `create`."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not create:
            return False
        try:
            os.makedirs(path, mode=0o700, exist_ok=True)
            info = os.lstat(path)
        except OSError:
            return False
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        _warn(f"the cache folder {path} is a link or not a folder: not used")
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        _warn(f"the cache folder {path} belongs to another user: not used")
        return False
    if info.st_mode & 0o022:
        _warn(f"others may write to the cache folder {path}: not used")
        return False
    return True


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """What identifies the code that parses: argmap's version, the grammar
    (in the package, or beside it in a checkout), the size and modification
    time of each of the package's modules, and lark (which words the errors
    a cached diagnostic holds)."""
    import argmap

    package = Path(argmap.__file__).parent
    h = hashlib.sha256(f"{argmap.__version__}\0{FORMAT}\0{stamp('lark')}\0".encode("utf-8", errors="surrogatepass"))
    checkout_grammar = package.parents[1] / "grammar" / "argmap.lark"
    with contextlib.suppress(OSError):
        info = os.stat(checkout_grammar)
        h.update(f"grammar\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    for root, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".py", ".lark")):
                with contextlib.suppress(OSError):
                    info = os.stat(os.path.join(root, name))
                    h.update(f"{os.path.relpath(os.path.join(root, name), package)}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return h.hexdigest()


def stamp(package: str) -> str:
    """What tells one installed version of a package from another, found as
    import finds it but without importing it: where its __init__.py is, and
    the size and time of that file and of its folder (an upgrade rewrites
    both); for a package that is not a folder on the path (a zip), the
    version its metadata gives."""
    for entry in sys.path:
        init = os.path.join(entry or ".", package, "__init__.py")
        try:
            info = os.stat(init)
            folder = os.stat(os.path.dirname(init))
        except OSError:
            continue
        return f"{init}:{info.st_size}:{info.st_mtime_ns}:{folder.st_mtime_ns}"
    try:
        from importlib.metadata import version

        return f"{package} {version(package)}"
    except Exception:  # not installed, or metadata that cannot be read: nothing to tell versions apart by
        return f"{package}: not found"


def key(name: str, data: bytes) -> str:
    h = hashlib.sha256(_code_digest().encode())
    h.update(name.encode("utf-8", errors="surrogatepass") + b"\0")
    h.update(data)
    return h.hexdigest()


def _read(path: Path, root: Path) -> bytes | None:
    """An entry's bytes, when it is a regular file of ours that nobody else
    may write; None when missing or not to be trusted (with a warning)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError:
        _warn(f"cache entries that are links or cannot be read were not used (in {root})")
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()) or info.st_mode & 0o022:
            _warn(f"cache entries that others may write were not used (in {root})")
            return None
        if info.st_size > MAX_ENTRY_BYTES:
            _warn(f"cache entries too large to be ours were not used (in {root})")
            return None
        try:
            return handle.read(MAX_ENTRY_BYTES + 1)
        except OSError:
            return None


def load(name: str, data: bytes, source):
    """The cached (model, diagnostics) of this file's bytes, or None."""
    return load_entry(key(name, data), source)


def load_entry(digest: str, source):
    """The cached (model, diagnostics) under this key (`key`), or None."""
    from argmap.cache import codec

    found = read_entry(digest)
    if found is None:
        return None
    entry, raw = found
    try:
        return codec.decode(json.loads(raw), source)
    except (codec.Corrupt, ValueError, RecursionError):
        drop_damaged(entry)
        return None


def store(name: str, data: bytes, result) -> None:
    """Keep one file's result; any failure only means no entry."""
    store_all([(name, data, result)])


def store_all(items: list) -> None:
    """Keep each (name, bytes, result). A failure only means no entry."""
    later([partial(_write, name=name, data=data, result=result) for name, data, result in items])


def later(writers: list) -> None:
    """Run each writer (called with the cache folder) now, or keep it for
    write_kept when a one-shot command is running (keep_for_later)."""
    if _behind is not None:
        _behind.extend(writers)
        return
    where = folder()
    if not writers or where is None or not _trusted_folder(where, create=True):
        return
    for write in writers:
        write(where)


def keeping() -> bool:
    """Whether this is a command that runs once and ends (cli.main), whose
    entries are written after it has answered. Reports ask this and also
    that the process is argmap's own script (reports._the_command)."""
    return _behind is not None


# A command that runs once and ends (cli.main) answers first and keeps its
# entries after, as git runs its housekeeping after a command: writing a
# 50,000-statement map's entry is a quarter of the time of parsing it, and
# the user waits for the answer, not for the cache. The entries are then
# written by a process of their own, which outlives the command by that
# quarter. Nothing can be served stale meanwhile: an entry is found by the
# bytes it was made from, and appears whole or not at all.
_behind: list | None = None  # entries kept for `write_kept`, or None: written at once


def keep_for_later(on: bool = True) -> None:
    """Keep entries until write_kept (on), or write them at once (off:
    what a command that keeps running, like `watch`, wants)."""
    global _behind
    if on:
        _behind = [] if _behind is None else _behind
    else:
        write_kept(detach=False)


def write_kept(detach: bool = True) -> None:
    """Write the entries kept so far: in a process of its own that this one
    does not wait for (`detach`, where a process can be forked: Linux, one
    thread), else now."""
    global _behind
    items, _behind = _behind, None
    where = folder()
    if not items or where is None or not _trusted_folder(where, create=True):
        return
    if detach and _may_fork():
        try:
            pid = os.fork()
        except OSError:
            pid = None
        if pid == 0:
            _write_detached(where, items)
        if pid is not None:
            return
    for write in items:
        write(where)


def _may_fork() -> bool:
    # A fork copies only the thread that makes it.
    import threading

    return hasattr(os, "fork") and sys.platform.startswith("linux") and threading.active_count() == 1


def _write_detached(where: Path, items: list) -> None:
    """In the forked child: a session of its own (a Ctrl-C or a closed
    terminal after the command has ended does not cut an entry short), no
    hold on the command's standard streams (whoever reads them sees their
    end when the command ends), the entries, and out without running
    anything of the parent's."""
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        for write in items:
            write(where)
    finally:
        os._exit(0)


def _write(where: Path, name: str, data: bytes, result) -> None:
    from argmap.cache import codec

    argmap, diagnostics = result
    source = argmap.source if argmap is not None else next((d.span.file for d in diagnostics if d.span), None)
    try:
        text = json.dumps(codec.encode(*result, source), ensure_ascii=False, separators=(",", ":"))
    except (codec.Unstorable, RecursionError, ValueError):
        return
    write_entry(where, key(name, data), text.encode("utf-8", errors="surrogatepass"))


def entry_path(where: Path, digest: str) -> Path:
    return where / digest[:2] / digest


def read_entry(digest: str) -> tuple[Path, bytes] | None:
    """The path and bytes of the entry named digest, when the cache is on
    and the entry is there and to be trusted (see _read)."""
    where = folder()
    if where is None or not _trusted_folder(where, create=False):
        return None
    entry = entry_path(where, digest)
    if not _trusted_folder(entry.parent, create=False):
        return None
    raw = _read(entry, where)
    return None if raw is None else (entry, raw)


def drop_damaged(entry: Path) -> None:
    _warn(f"damaged cache entries were removed (in {entry.parent.parent})")
    with contextlib.suppress(OSError):
        os.unlink(entry)


def write_entry(where: Path, digest: str, data: bytes) -> None:
    """Put an entry in place whole (written aside, then renamed), or not at all."""
    shard = entry_path(where, digest).parent
    if not _trusted_folder(shard, create=True):
        return
    import tempfile  # only to write: a warm run does not pay for its import

    try:
        fd, tmp = tempfile.mkstemp(dir=shard, prefix=".tmp-")  # mode 600
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, shard / digest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    if digest.startswith("0"):  # counting costs a walk of the folder: one write in 16 is enough
        _prune(where)


def _prune(where: Path) -> None:
    """Keep the cache bounded: past MAX_ENTRIES, drop the older half."""
    entries = []
    with contextlib.suppress(OSError):
        for shard in os.scandir(where):
            if shard.is_dir(follow_symlinks=False):
                entries += [(e.stat(follow_symlinks=False).st_mtime, e.path) for e in os.scandir(shard.path) if e.is_file(follow_symlinks=False)]
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort()
    for _, path in entries[: len(entries) // 2]:
        with contextlib.suppress(OSError):
            os.unlink(path)
