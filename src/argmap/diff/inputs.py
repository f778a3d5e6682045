"""What `argmap diff` compares: files, folders, standard input, or versions
read from git (`REV:path`, `REV PATH…`, `A..B PATH…`), through git itself.

Problems with the arguments are raised as InputError with a message and a
hint; they are usage errors (exit 2), never tracebacks.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

STDIN = "-"


class InputError(Exception):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class File:
    key: str  # the path inside what was given: pairs files across the two sides
    name: str  # shown in headers and diagnostics: `maps/a.map`, `HEAD~1:maps/a.map`
    data: bytes


@dataclass
class Side:
    name: str  # the argument as given
    files: list[File] = field(default_factory=list)


# ---- git -------------------------------------------------------------------


def _git(*args: str, input: bytes | None = None, cwd: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C"}
    try:
        return subprocess.run(["git", *args], input=input, capture_output=True, cwd=cwd, env=env, check=False)
    except FileNotFoundError:
        raise InputError("git is not installed, so revisions cannot be read", "install git, or give two files or folders") from None


def _first_line(proc: subprocess.CompletedProcess) -> str:
    text = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return text[0] if text else ""


def _prefix() -> str:
    """Where the current folder is inside the repository (`maps/` or '')."""
    proc = _git("rev-parse", "--show-prefix")
    if proc.returncode != 0:
        raise InputError("not inside a git repository, so revisions cannot be read", "run argmap diff inside the repository, or give two files or folders")
    return proc.stdout.decode("utf-8").strip()


def verify(rev: str) -> str:
    """The commit a revision names, or InputError."""
    if not rev or rev.startswith("-"):
        raise InputError(f"`{rev}` is not a revision")
    _prefix()
    proc = _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if proc.returncode != 0:
        raise InputError(f"unknown revision `{rev}`", "check the name with `git log --oneline`; a path must exist in the working tree")
    return proc.stdout.decode().strip()


def looks_like_revision(arg: str) -> bool:
    """A name git resolves to a commit (quietly: False outside a repository)."""
    if not arg or arg.startswith("-"):
        return False
    try:
        proc = _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{arg}^{{commit}}")
    except InputError:
        return False
    return proc.returncode == 0


def merge_base(a: str, b: str) -> str:
    proc = _git("merge-base", verify(a), verify(b))
    if proc.returncode != 0:
        raise InputError(f"`{a}` and `{b}` have no common ancestor")
    return proc.stdout.decode().strip()


def _cat(oids: list[str]) -> list[bytes]:
    """Blob contents by object id, through one `git cat-file --batch`."""
    if not oids:
        return []
    proc = _git("cat-file", "--batch", input="".join(f"{o}\n" for o in oids).encode())
    if proc.returncode != 0:
        raise InputError(f"git cat-file failed: {_first_line(proc)}")
    out, data, at = [], proc.stdout, 0
    for _ in oids:
        end = data.index(b"\n", at)
        header = data[at:end].split()
        size = int(header[2])
        out.append(data[end + 1 : end + 1 + size])
        at = end + 1 + size + 1
    return out


def read_revision(rev: str, path: str, *, label: str | None = None, missing_ok: bool = False) -> list[File] | None:
    """The .map files at `path` (a file or a folder, relative to the current
    folder) in revision `rev`; None when missing and missing_ok."""
    commit = verify(rev)
    prefix = _prefix()
    full = posixpath.normpath(posixpath.join(prefix, path.replace(os.sep, "/")))
    if full.startswith("../") or full == "..":
        raise InputError(f"{path} is outside the repository")
    full = "" if full == "." else full
    proc = _git("ls-tree", "-r", "-z", "--full-name", commit, "--", path or ".")
    if proc.returncode != 0:
        raise InputError(f"cannot list {path} in {rev}: {_first_line(proc)}")
    entries = []
    for item in proc.stdout.split(b"\0"):
        if not item:
            continue
        meta, name = item.split(b"\t", 1)
        mode, kind, oid = meta.split()
        entries.append((name.decode("utf-8", "replace"), kind.decode(), oid.decode()))
    blobs = [e for e in entries if e[1] == "blob"]
    label = label or rev
    if len(blobs) == 1 and blobs[0][0] == full:
        (name, _, oid), = blobs
        return [File(_key(path), f"{label}:{name}", _cat([oid])[0])]
    inside = []
    for name, _, oid in blobs:
        rel = name[len(full) + 1 :] if full else name
        if name.endswith(".map") and not any(part.startswith(".") for part in rel.split("/")[:-1]):
            inside.append((rel, name, oid))
    if not inside:
        if missing_ok:
            return None
        if entries:
            raise InputError(f"no .map files in {path} at {rev}")
        raise InputError(f"{path} is not in {rev}", f"`git log --oneline -- {path}` shows the revisions that have it")
    data = _cat([oid for _, _, oid in inside])
    return [File(rel, f"{label}:{name}", d) for (rel, name, _), d in zip(inside, data)]


# ---- the working tree and standard input --------------------------------------


def _key(path: str) -> str:
    return posixpath.normpath(path.replace(os.sep, "/"))


def read_path(path: str, *, stdin=None, missing_ok: bool = False) -> list[File] | None:
    if path == STDIN:
        stream = stdin if stdin is not None else __import__("sys").stdin.buffer
        return [File("<stdin>", "<stdin>", stream.read())]
    p = Path(path)
    if p.is_dir():
        found = sorted(
            f for f in p.rglob("*.map") if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
        )
        if not found:
            if missing_ok:
                return None
            raise InputError(f"{path}: no .map files in this directory", "give .map files or a folder that holds them")
        return [File(f.relative_to(p).as_posix(), str(f), _read(f)) for f in found]
    if p.exists():
        if not p.is_file():
            raise InputError(f"{path}: not a regular file", "give a .map file or a folder")
        return [File(_key(path), path, _read(p))]
    if missing_ok:
        return None
    raise InputError(f"{path}: no such file or directory", "give two files or folders, or a git revision and a path")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


# ---- the arguments -------------------------------------------------------------


def _split_range(arg: str) -> tuple[str, str, bool] | None:
    if Path(arg).exists():
        return None
    for sep in ("...", ".."):
        if sep in arg:
            a, b = arg.split(sep, 1)
            return (a or "HEAD", b or "HEAD", sep == "...")
    return None


def _rev_path(arg: str) -> tuple[str, str] | None:
    """`REV:path` (an existing file or folder wins over that reading)."""
    if arg == STDIN or Path(arg).exists() or ":" not in arg:
        return None
    rev, path = arg.split(":", 1)
    return (rev, path or ".") if rev else None


def resolve(args: list[str], stdin=None) -> tuple[Side, Side]:
    """The two sides from the command line:

    - `OLD NEW`: each a file, a folder, `-` or `REV:path`;
    - `REV PATH…`: the paths at REV against the working tree;
    - `A..B PATH…`: the paths at A against B (`A...B`: from their merge base).
    """
    if not args:
        raise InputError("nothing to compare", "give OLD and NEW, or a revision and paths")
    first, rest = args[0], list(args[1:])
    span = _split_range(first)
    if span is not None:
        a, b, symmetric = span
        old_rev = merge_base(a, b) if symmetric else a
        verify(b)
        return _revisions(old_rev, b, rest or ["."], old_label=old_rev[:10] if symmetric else a, side_name=first if symmetric else a)
    if not Path(first).exists() and _rev_path(first) is None and first != STDIN and looks_like_revision(first):
        return _revisions(first, None, rest or ["."])
    if not Path(first).exists() and _rev_path(first) is None and first != STDIN:
        raise InputError(f"{first}: no such file or directory, and not a revision", "give OLD and NEW, or a revision and paths")
    if len(args) != 2:
        raise InputError(f"expected OLD and NEW, got {len(args)} argument{'s' if len(args) != 1 else ''}", "give two files or folders, or a revision and paths")
    if args.count(STDIN) > 1:
        raise InputError("standard input can be only one side")
    return _one(args[0], stdin), _one(args[1], stdin)


def _one(arg: str, stdin) -> Side:
    rp = _rev_path(arg)
    if rp is not None:
        rev, path = rp
        files = read_revision(rev, path)
        if len(files) == 1 and files[0].key == _key(path):
            files[0].key = ""  # a single file pairs with whatever single file is on the other side
        return Side(arg, files)
    return Side(arg, read_path(arg, stdin=stdin))


def _revisions(old_rev: str, new_rev: str | None, paths: list[str], old_label: str | None = None, side_name: str | None = None) -> tuple[Side, Side]:
    old = Side(side_name or old_label or old_rev)
    new = Side("working tree" if new_rev is None else new_rev)
    for path in paths:
        before = read_revision(old_rev, path, label=old_label or old_rev, missing_ok=True)
        if new_rev is None:
            after = read_path(path, missing_ok=True)
        else:
            after = read_revision(new_rev, path, missing_ok=True)
        if before is None and after is None:
            where = f"{old_rev} or the working tree" if new_rev is None else f"{old_rev} or {new_rev}"
            raise InputError(f"{path} is not in {where}", "check the path; it is relative to the current folder")
        for files, side in ((before, old), (after, new)):
            for f in files or []:
                f.key = posixpath.join(_key(path), f.key) if f.key != _key(path) else f.key
                side.files.append(f)
    return old, new
