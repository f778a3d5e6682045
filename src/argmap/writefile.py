"""Atomic writes: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable


def write_bytes(path: str, data: bytes | Iterable[bytes]) -> str | None:
    """Write data to path atomically. Returns a message on failure, else None.

    data may be pieces, made as they are written (a large export), so that
    the whole is never in memory; until the last is written the file is
    not replaced.

    A symlink is followed (the file it points to is replaced, the link kept);
    a device or FIFO (`/dev/null`, a pipe) is written to, never replaced. A
    symlink that loops (onto itself, or round a ring of links) is refused:
    os.path.realpath gives up on it and returns a link, which the rename
    below would replace with a file, losing the link.
    """
    import stat

    problem = looping_link(path)
    if problem:
        return problem
    given = path
    if os.path.lexists(path):
        path = os.path.realpath(path)
        if os.path.exists(path) and not stat.S_ISREG(os.stat(path).st_mode) and not os.path.isdir(path):
            try:
                with open(path, "wb") as handle:
                    _write_all(handle, data)
            except OSError as exc:
                return f"cannot write {path}: {exc.strerror}"
            return None
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        return f"cannot write {path}: it is a directory"
    if os.path.exists(path) and (not os.stat(path).st_mode & 0o222 or not os.access(path, os.W_OK)):
        # The rename below needs only the folder to be writable: it would
        # replace a file its owner made read-only. Refuse, as open() would
        # (and as it would not for root, unless nobody may write the file).
        return f"cannot write {given}: the file is read-only"
    if not os.path.isdir(folder):
        return f"cannot write {path}: no such directory {folder}"
    with _signals_held():
        try:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".argmap-", suffix=".tmp")
        except OSError as exc:
            return f"cannot write {path}: {exc.strerror}"
        try:
            with os.fdopen(fd, "wb") as handle:
                _write_all(handle, data)
            if os.path.exists(path):
                os.chmod(tmp, os.stat(path).st_mode & 0o777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
        except BaseException as exc:  # an error, or an interrupt where signals cannot be held
            with contextlib.suppress(OSError):  # leave no temporary file behind
                os.unlink(tmp)
            if isinstance(exc, OSError):
                return f"cannot write {path}: {exc.strerror}"
            raise
    return None


def _write_all(handle, data) -> None:
    if isinstance(data, (bytes, bytearray, memoryview)):
        handle.write(data)
    else:
        for piece in data:
            handle.write(piece)


def looping_link(path: str) -> str | None:
    """A message when path is a symlink that loops (onto itself, or round a
    ring of links), else None; commands ask before the work, write_bytes
    again before writing."""
    import errno

    if not os.path.islink(path):
        return None
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"cannot write {path}: it is a symbolic link that loops back on itself; remove it or choose another output file"
    return None


_HELD = ("SIGINT", "SIGTERM", "SIGHUP")


@contextlib.contextmanager
def _signals_held():
    """Ctrl-C, kill and a closed terminal wait until the block is done.

    From the temporary file's creation to its rename, an interrupt would
    leave `.argmap-*.tmp` beside the output (SIGTERM and SIGHUP end the
    process with no cleanup at all). Held back, a signal is delivered right
    after: the output is then whole and the temporary file gone. The block
    writes one regular file in the output's folder, so the wait is short
    (when data comes in pieces, as long as they take to make: the export
    the command was running anyway); writing to a FIFO or a device, which
    may block, is done without it.
    Where signals cannot be held (Windows), cleanup on the exception does.
    """
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {getattr(signal, name) for name in _HELD if hasattr(signal, name)}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_text(path: str, text: str) -> str | None:
    return write_bytes(path, text.encode("utf-8"))
