"""Atomic writes: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile


def write_bytes(path: str, data: bytes) -> str | None:
    """Write data to path atomically. Returns a message on failure, else None.

    A symlink is followed (the file it points to is replaced, the link kept);
    a device or FIFO (`/dev/null`, a pipe) is written to, never replaced.
    """
    import stat

    if os.path.lexists(path):
        path = os.path.realpath(path)
        if os.path.exists(path) and not stat.S_ISREG(os.stat(path).st_mode) and not os.path.isdir(path):
            try:
                with open(path, "wb") as handle:
                    handle.write(data)
            except OSError as exc:
                return f"cannot write {path}: {exc.strerror}"
            return None
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        return f"cannot write {path}: it is a directory"
    if not os.path.isdir(folder):
        return f"cannot write {path}: no such directory {folder}"
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".argmap-", suffix=".tmp")
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror}"
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if os.path.exists(path):
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # leave no temporary file behind
            os.unlink(tmp)
        return f"cannot write {path}: {exc.strerror}"
    return None


def write_text(path: str, text: str) -> str | None:
    return write_bytes(path, text.encode("utf-8"))
