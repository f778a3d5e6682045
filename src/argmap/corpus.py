"""Many maps and the shared issues: reading paths, parsing each file, and the
corpus-wide tables that cross-map links and stances resolve against.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from argmap import diagnostics as D
from argmap import frontmatter
from argmap.model import ArgMap, Issue
from argmap.source import SourceFile

STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass
class Corpus:
    maps: list[ArgMap] = field(default_factory=list)  # the files asked about
    context: list[ArgMap] = field(default_factory=list)  # neighbours read to resolve links
    unparsed: list[str] = field(default_factory=list)  # files that did not parse: their ids are unknown

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
    """Decode UTF-8 (a BOM is dropped); invalid bytes are located and replaced."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
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


def parse_bytes(path: str, data: bytes) -> tuple[ArgMap | None, list[D.Diagnostic]]:
    source, diags = decode(path, data)
    if diags:
        return None, diags
    argmap, more = parse_source(source)
    return argmap, diags + more


def _expand(paths: list[str]) -> tuple[list[str], list[D.Diagnostic], set[Path]]:
    files: list[str] = []
    errors: list[D.Diagnostic] = []
    parents: set[Path] = set()
    for raw in paths:
        if raw == STDIN:
            files.append(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*.map")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                errors.append(D.Diagnostic(D.NO_MAPS, "no .map files in this directory", path=raw, hint="give .map files or a folder that holds them"))
            files.extend(str(p) for p in found)
        elif path.exists():
            files.append(raw)
            parents.add(path.resolve().parent)
        else:
            errors.append(D.Diagnostic(D.FILE_NOT_FOUND, "no such file or directory", path=raw, hint="check the path; folders are searched for *.map"))
    seen: set = set()
    unique = []
    for f in files:
        key = f if f == STDIN else Path(f).resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, errors, parents


# Below this many files a process pool costs more than it saves.
PARALLEL_FROM = 48


def _parse_job(job: tuple[str, bytes]):
    return parse_bytes(*job)


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
    from argmap.syntax.parser import parser

    parser()  # build once; the forked workers inherit it
    chunk = max(1, len(jobs) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_parse_job, jobs, chunksize=chunk))


def load(paths: list[str], *, context: bool = True, stdin=None) -> Loaded:
    """Read, parse and lower every file; neighbours of single files become context."""
    files, usage, parents = _expand(paths)
    corpus = Corpus()
    diags: list[D.Diagnostic] = []
    jobs = []
    for name in files:
        if name == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            jobs.append((STDIN_NAME, stream.read()))
            continue
        if not Path(name).is_file():  # a FIFO or device would block or never end
            diags.append(D.Diagnostic(D.UNREADABLE, "not a regular file", path=name, hint="give a .map file or a folder"))
            continue
        try:
            jobs.append((name, Path(name).read_bytes()))
        except OSError as exc:
            diags.append(D.Diagnostic(D.UNREADABLE, f"cannot read: {exc.strerror or exc}", path=name))
    for (name, _), (argmap, file_diags) in zip(jobs, parse_many(jobs)):
        diags += file_diags
        if argmap is not None:
            corpus.maps.append(argmap)
        else:
            corpus.unparsed.append(name)
    if context:
        asked = {Path(f).resolve() for f in files if f != STDIN}
        neighbours = []
        for folder in sorted(parents):
            for neighbour in sorted(folder.glob("*.map")):
                if neighbour.resolve() in asked or not neighbour.is_file():
                    continue
                asked.add(neighbour.resolve())
                try:
                    neighbours.append((str(neighbour), neighbour.read_bytes()))
                except OSError:
                    continue
        for (name, _), (argmap, _) in zip(neighbours, parse_many(neighbours)):
            if argmap is not None:
                corpus.context.append(argmap)
            else:
                corpus.unparsed.append(name)
        # A map piped in is usually an editor's buffer of a file beside the
        # others: it stands in for that file rather than repeating its id.
        piped = {m.id for m in corpus.maps if m.path == STDIN_NAME and m.id}
        corpus.context = [m for m in corpus.context if m.id not in piped]
    return Loaded(corpus, diags, usage, files=len(files))
