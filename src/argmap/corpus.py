"""Many maps and the shared issues: reading paths, parsing each file, and the
corpus-wide tables that cross-map links and stances resolve against.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from argmap import diagnostics as D
from argmap.model import ArgMap, Issue
from argmap.source import SourceFile

STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass
class Corpus:
    maps: list[ArgMap] = field(default_factory=list)  # the files asked about
    context: list[ArgMap] = field(default_factory=list)  # neighbours read to resolve links
    unparsed: list[str] = field(default_factory=list)  # files that did not parse: their ids are unknown
    # One hash of the cache keys of every file read (each a hash of the
    # file's name and bytes and of the code), in order: what a report made
    # from the corpus is kept by (argmap.cache.reports). None when the cache
    # is off, or the corpus was not read from files.
    made_from: str | None = None

    @property
    def all_maps(self) -> list[ArgMap]:
        return self.maps + self.context

    def issues(self) -> dict[str, Issue]:
        out: dict[str, Issue] = {}
        for m in self.all_maps:
            for issue in m.issues:
                out.setdefault(issue.id, issue)
        return out

    def by_map_id(self) -> dict[str, ArgMap]:
        out: dict[str, ArgMap] = {}
        for m in self.all_maps:
            if m.id is not None:
                out.setdefault(m.id, m)
        return out

    def arguments(self) -> list[ArgMap]:
        return [m for m in self.maps if m.is_argument]


@dataclass
class Loaded:
    corpus: Corpus
    diagnostics: list[D.Diagnostic]  # about the files asked for
    usage_errors: list[D.Diagnostic]  # bad paths: exit 2
    files: int = 0


def decode(path: str, data: bytes) -> tuple[SourceFile, list[D.Diagnostic]]:
    """Decode UTF-8 (a BOM is dropped); invalid bytes are located and replaced.

    In a file with old Mac line ends (CR alone, and no LF anywhere) each CR
    is read as a line break, as editors show it: otherwise the file is one
    line, its front matter is not seen, and its first `//` comment hides the
    rest. One byte for one, so every offset stays true. A CR in a file that
    has LFs stays a character of the text it is in."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\r" in data and b"\n" not in data:
        data = data.replace(b"\r", b"\n")
    try:
        return SourceFile(path, data.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        source = SourceFile(path, data.decode("utf-8", errors="replace"))
        prefix = data[: exc.start].decode("utf-8", errors="replace")
        start = len(prefix)
        bad = data[exc.start : exc.end]
        return source, [
            D.Diagnostic(
                D.INVALID_UTF8,
                f"invalid UTF-8 byte{'s' if len(bad) > 1 else ''} {bad.hex(' ')}",
                source.span(start, start + 1),
                hint="save the file as UTF-8",
            )
        ]


def parse_source(source: SourceFile) -> tuple[ArgMap | None, list[D.Diagnostic]]:
    """One file's text → model. Returns None when the body does not parse."""
    from argmap import frontmatter  # a file found in the cache is not read again
    from argmap.lower import lower
    from argmap.syntax.parser import parse

    fm, diags = frontmatter.split(source)
    if any(d.code.code == D.UNCLOSED_FRONT_MATTER.code for d in diags):
        return None, diags  # where the body starts is unknown: parsing it would only add noise
    doc, syntax_diags = parse(source, fm)
    diags += syntax_diags
    if doc is None:
        return None, diags
    argmap, lower_diags = lower(doc)
    diags += lower_diags
    if fm is not None:
        diags += frontmatter.check(source, fm)
    elif argmap.nodes:
        diags.append(
            D.Diagnostic(
                D.MISSING_FRONT_MATTER,
                "this map has nodes but no front matter",
                source.span(0, len(source.line_text(1))),
                hint="start the file with `---`, then id, title, authors and year, then `---`",
            )
        )
    return argmap, diags


@contextlib.contextmanager
def _no_cycle_collection():
    """Parsing makes objects by the hundred thousand and frees none, and
    Python's cycle collector walks every live object again and again as
    they pile up: on a 50,000-statement map it was half the parse time, and
    it grows faster than the file. Nothing parsing makes forms a cycle that
    must be freed early, so the collector waits until the file is read."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_bytes(path: str, data: bytes) -> tuple[ArgMap | None, list[D.Diagnostic]]:
    return parse_decoded(*decode(path, data))


def parse_decoded(source: SourceFile, diags: list[D.Diagnostic]) -> tuple[ArgMap | None, list[D.Diagnostic]]:
    """parse_bytes, for a file decode() has read already."""
    if diags:
        return None, diags
    with _no_cycle_collection():
        argmap, more = parse_source(source)
    return argmap, diags + more


# The largest map argmap reads, from a file or standard input (docs/language.md,
# "Limits"; AM005). The biggest real map is well under 1 MiB, the benchmark's
# 100,000 statements are 9 MiB; the bound keeps `validate - < /dev/zero` from
# reading gigabytes before it fails.
MAX_FILE_BYTES = 16 * 1024 * 1024


def _too_large(name: str) -> D.Diagnostic:
    return D.Diagnostic(
        D.TOO_LARGE,
        f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB: not read",
        path=name,
        hint="a map this large is likely not a map; split it into several files",
    )


def read_stream(stream, name: str = STDIN_NAME) -> tuple[bytes | None, D.Diagnostic | None]:
    """At most MAX_FILE_BYTES from a binary stream (None when it is closed)."""
    if stream is None:
        return None, D.Diagnostic(D.UNREADABLE, "standard input is closed", path=name, hint="pipe a map in, or give a file")
    try:
        data = stream.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:  # ValueError: a closed file object
        return None, D.Diagnostic(D.UNREADABLE, f"cannot read: {getattr(exc, 'strerror', None) or exc}", path=name)
    if len(data) > MAX_FILE_BYTES:
        return None, _too_large(name)
    return data, None


def read_file(name: str) -> tuple[bytes | None, D.Diagnostic | None]:
    """The bytes of a regular file of at most MAX_FILE_BYTES, or why not.

    The file is opened without blocking and checked after opening (no race
    between the check and the read): a FIFO or a device — `/dev/zero`, or a
    link to it — is never read, it could block or never end."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        return None, _unreadable(name, exc)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None, D.Diagnostic(D.UNREADABLE, "not a regular file", path=name, hint="give a .map file or a folder")
        if info.st_size > MAX_FILE_BYTES:
            return None, _too_large(name)
        try:
            return read_stream(handle, name)
        except OSError as exc:
            return None, _unreadable(name, exc)


def _unreadable(name: str, exc: OSError) -> D.Diagnostic:
    if exc.errno == errno.ELOOP:
        return D.Diagnostic(D.UNREADABLE, "a symbolic link that loops", path=name, hint="fix or remove the link")
    return D.Diagnostic(D.UNREADABLE, f"cannot read: {exc.strerror or exc}", path=name)


def _real(path: str) -> str:
    # os.path.realpath never raises: Path.resolve() raises on a symlink loop.
    return os.path.realpath(path)


def _find_maps(folder: str, problems: list[D.Diagnostic]) -> list[str]:
    """The *.map files under folder, hidden files and folders skipped; a
    folder or file that cannot be read is reported, not passed over."""

    def unreadable(exc: OSError) -> None:
        problems.append(_unreadable(exc.filename or folder, exc))

    found: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.startswith(".") or not name.endswith(".map"):
                continue
            path = Path(root) / name
            try:
                regular = stat.S_ISREG(os.stat(path).st_mode)
            except OSError as exc:
                unreadable(exc)
                continue
            if regular:
                found.append(path)
            else:
                problems.append(D.Diagnostic(D.UNREADABLE, "not a regular file", path=str(path), hint="give a .map file or a folder"))
    return [str(p) for p in sorted(found)]


def _expand(paths: list[str]) -> tuple[list[str], list[D.Diagnostic], set[Path]]:
    """(files, usage errors, folders of single files), for `fmt`: a folder
    named that cannot be read is a usage error; what cannot be read inside
    one is passed over, so one stray link does not stop a whole format run
    (`expand` reports those too)."""
    files, errors, parents, problems = expand(paths)
    return files, errors + [p for p in problems if p.path in paths], parents


def expand(paths: list[str]) -> tuple[list[str], list[D.Diagnostic], set[Path], list[D.Diagnostic]]:
    """(files, usage errors, folders of single files, problems met on the way)."""
    files: list[str] = []
    errors: list[D.Diagnostic] = []
    problems: list[D.Diagnostic] = []
    parents: set[Path] = set()
    for raw in paths:
        if raw == STDIN:
            files.append(STDIN)
            continue
        try:
            info = os.stat(raw)
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                errors.append(D.Diagnostic(D.FILE_NOT_FOUND, "no such file or directory", path=raw, hint="check the path; folders are searched for *.map"))
            else:
                errors.append(_unreadable(raw, exc))
            continue
        except ValueError:  # a NUL in the path
            errors.append(D.Diagnostic(D.FILE_NOT_FOUND, "no such file or directory", path=raw.replace("\0", "\\0")))
            continue
        if stat.S_ISDIR(info.st_mode):
            before = len(problems)
            found = _find_maps(raw, problems)
            if not found and len(problems) == before:
                errors.append(D.Diagnostic(D.NO_MAPS, "no .map files in this directory", path=raw, hint="give .map files or a folder that holds them"))
            files.extend(found)
        else:
            files.append(raw)
            parents.add(Path(_real(raw)).parent)
    seen: set = set()
    unique = []
    for f in files:
        key = f if f == STDIN else _real(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, errors, parents, problems


# Below this many files a process pool costs more than it saves.
PARALLEL_FROM = 48


def _parse_job(job: tuple[str, bytes]):
    return parse_bytes(*job)


def _quiet_worker() -> None:
    """A parse worker leaves signals to the parent. Ctrl-C reaches the whole
    foreground process group: each worker would print its own
    KeyboardInterrupt traceback, so it ignores SIGINT and the parent, which
    gets it too, ends them (parse_many) and exits 130. SIGTERM and SIGHUP
    end a worker at once rather than run the parent's handler in it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _stop_workers(pool) -> None:
    """End a pool now: drop the queued work and kill the workers (they
    ignore SIGINT), instead of waiting for every file to be parsed."""
    pool.shutdown(wait=False, cancel_futures=True)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)


def parse_many(jobs: list[tuple[str, bytes]]) -> list[tuple[ArgMap | None, list[D.Diagnostic]]]:
    """Parse (display name, bytes) pairs, on all cores when there are many.

    Lark's lexer is pure Python, so a large corpus is CPU-bound per file;
    files are independent, so they parse in parallel and come back in order.
    """
    import os

    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return [parse_bytes(*job) for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform
        return [parse_bytes(*job) for job in jobs]
    from argmap.syntax.parser import ready

    ready()  # build once; the forked workers inherit it
    chunk = max(1, len(jobs) // (workers * 4))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_quiet_worker)
    try:
        results = list(pool.map(_parse_job, jobs, chunksize=chunk))
    except BaseException:  # Ctrl-C, SIGTERM (raised by the CLI) or a failure: no worker outlives it
        _stop_workers(pool)
        raise
    pool.shutdown()
    return results


def parse_cached(jobs: list[tuple[str, bytes]], keys: list | None = None) -> list[tuple[ArgMap | None, list[D.Diagnostic]]]:
    """parse_many, with each file's result taken from the cache when its
    bytes were parsed before (`argmap.cache`), and kept there when not.
    Each file's key in the cache is added to `keys` (when the cache is on)."""
    from argmap import cache

    if not jobs or cache.folder() is None:
        return parse_many(jobs)
    results: list = [None] * len(jobs)
    missed, decoded = [], {}
    with _no_cycle_collection():
        for i, (name, data) in enumerate(jobs):
            source, problems = decode(name, data)
            digest = cache.key(name, data)
            if keys is not None:
                keys.append(digest)
            hit = None if problems else cache.load_entry(digest, source)
            if hit is None:
                missed.append(i)
                decoded[i] = (source, problems)
            else:
                results[i] = hit
        # A file read for the cache is not decoded again to be parsed here
        # (the workers of a large corpus decode their own).
        parsed = (parse_many([jobs[i] for i in missed]) if len(missed) >= PARALLEL_FROM
                  else [parse_decoded(*decoded[i]) for i in missed])
        for i, result in zip(missed, parsed):
            results[i] = result
        cache.store_all([(*jobs[i], results[i]) for i in missed])
    return results


def _shown_folders(files: list[str]) -> dict[Path, Path]:
    """Each folder of a file asked about, as the user wrote it (`sub`, `.`):
    a neighbour is then named like its sibling (`sub/b.map`, not the
    absolute path) in hints and labels. A file that is a link to another
    folder keeps the absolute name for that folder's neighbours."""
    shown: dict[Path, Path] = {}
    for name in files:
        if name != STDIN:
            written = Path(name).parent
            real = Path(_real(name)).parent
            if str(real) == _real(str(written)):
                shown.setdefault(real, written)
    return shown


def load(paths: list[str], *, context: bool = True, stdin=None) -> Loaded:
    """Read, parse and lower every file; neighbours of single files become context."""
    files, usage, parents, diags = expand(paths)
    corpus = Corpus()
    jobs = []
    for name in files:
        if name == STDIN:
            stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
            data, problem = read_stream(stream)
            name = STDIN_NAME
        else:
            data, problem = read_file(name)
        if problem is not None:
            diags.append(problem)
        else:
            jobs.append((name, data))
    # The cache keys of every file read (when the cache is on): what the corpus is made from.
    keys: list[str] = []
    context_keys: list[str] = []
    for (name, _), (argmap, file_diags) in zip(jobs, parse_cached(jobs, keys)):
        diags += file_diags
        if argmap is not None:
            corpus.maps.append(argmap)
        else:
            corpus.unparsed.append(name)
    if context:
        asked = {_real(f) for f in files if f != STDIN}
        neighbours = []
        shown = _shown_folders(files)
        for folder in sorted(parents):
            try:
                found = sorted(folder.glob("*.map"))
            except OSError:
                continue  # a folder we may not list: its maps are simply not context
            for neighbour in found:
                real = _real(str(neighbour))
                if real in asked:
                    continue
                asked.add(real)
                name = str(shown.get(folder, folder) / neighbour.name)
                data, problem = read_file(name)
                if data is not None:
                    neighbours.append((name, data))
                elif problem.code is D.TOO_LARGE:
                    corpus.unparsed.append(name)
        for (name, _), (argmap, _) in zip(neighbours, parse_cached(neighbours, context_keys)):
            if argmap is not None:
                corpus.context.append(argmap)
            else:
                corpus.unparsed.append(name)
        # A map piped in is usually an editor's buffer of a file beside the
        # others: it stands in for that file rather than repeating its id.
        piped = {m.id for m in corpus.maps if m.path == STDIN_NAME and m.id}
        corpus.context = [m for m in corpus.context if m.id not in piped]
    if keys or context_keys:
        corpus.made_from = _made_from(keys, context_keys, corpus.unparsed)
    return Loaded(corpus, diags, usage, files=len(files))


def _made_from(keys: list[str], context_keys: list[str], unparsed: list[str]) -> str:
    """Corpus.made_from: the cache keys of the files asked for and of their
    neighbours (each a hash of the file's name and bytes and of the code
    that parsed it), and the names of the files left unparsed."""
    import hashlib

    h = hashlib.sha256(f"{' '.join(keys)}\0{' '.join(context_keys)}".encode())
    for name in unparsed:
        h.update(f"\0{len(name)}:{name}".encode("utf-8", errors="surrogatepass"))
    return h.hexdigest()
