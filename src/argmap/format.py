"""`argmap fmt`: print a map's concrete syntax tree in the canonical layout.

The layout (documented with examples in docs/style.md):

- The front matter is kept byte for byte; only the body is laid out.
- Top-level statements start at column 0; a block's entries are indented
  one level (2 spaces by default, or 4) deeper than the line that opens it.
- One entry per line. A block with entries is always written expanded:
  `{` ends the header line, `}` stands alone at the header's indentation.
  A node or issue without entries is one line; an empty block `{ }` is
  dropped (it holds nothing).
- Tokens are separated by single spaces; targets by `, `; an edge is
  `FROM -> TO`; a cross-map reference is `map:node`.
- Strings are printed exactly as written (quotes, escapes, and the line
  breaks and indentation inside a long `\"\"\"` string).
- Comments are kept, with their text: an own-line comment at the
  indentation of the entries around it; a trailing comment two spaces after
  the code of the line it ended (the line that starts with the same token).
- Blank lines: a run of them becomes one; none at the start or end of a
  block or of the file. One blank line after the front matter is kept if
  the author left one.
- The file ends with one newline, keeps its line endings (LF or CRLF, as
  its first line ends) and its byte-order mark if it had one.

Formatting refuses a file that does not parse (its diagnostics are
returned) and checks its own work: the formatted text must parse to the
same model (spans aside) with the same comments, or nothing is returned and
an internal error is reported; the input is never lost.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from argmap import diagnostics as D
from argmap.syntax import cst

INDENTS = (2, 4)
DEFAULT_INDENT = 2
BOM = b"\xef\xbb\xbf"

# A line with nothing but whitespace (the lexer's whitespace is Unicode's:
# an ideographic space U+3000 counts) between two line breaks.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


class FormatError(Exception):
    """The formatter produced text that is not equivalent to its input: a
    bug in argmap, never the user's fault. The input is left as it was."""


@dataclass
class Result:
    """The outcome of formatting one file."""

    path: str
    original: bytes
    formatted: bytes | None  # None: not formatted (see diagnostics / error)
    diagnostics: list[D.Diagnostic] = field(default_factory=list)  # why it could not be read
    error: str | None = None  # an internal error (the formatter's own check failed)

    @property
    def ok(self) -> bool:
        return self.formatted is not None

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.original


# --- reading -------------------------------------------------------------------


def _read(source):
    """(Document | None, ArgMap | None, diagnostics) for one decoded file."""
    from argmap import frontmatter
    from argmap.lower import lower
    from argmap.syntax.parser import parse

    fm, diags = frontmatter.split(source)
    if any(d.code.code == D.UNCLOSED_FRONT_MATTER.code for d in diags):
        return None, None, diags
    doc, syntax = parse(source, fm)
    diags = diags + syntax
    if doc is None:
        return None, None, diags
    argmap, _ = lower(doc)
    return doc, argmap, diags


# --- printing ------------------------------------------------------------------


class _Printer:
    """Builds logical lines (a long string may make one span several physical
    lines) and remembers, for each, the offset in the source of its first
    token, so that a trailing comment can find the line it ended."""

    def __init__(self, doc: cst.Document, indent: int):
        self.doc = doc
        self.text = doc.source.text
        self.indent = indent
        self.lines: list[list] = []  # [depth, text, trailing comment] or [None, None, None] for a blank
        self._anchor_pos: list[int] = []
        self._anchor_line: list[int] = []

    # lines ---------------------------------------------------------------------

    def _line(self, depth: int, text: str, anchor: int) -> None:
        index = len(self.lines)
        self.lines.append([depth, text, None])
        if self._anchor_pos and anchor <= self._anchor_pos[-1]:  # never expected: keep the index sorted
            at = bisect.bisect_left(self._anchor_pos, anchor)
            self._anchor_pos.insert(at, anchor)
            self._anchor_line.insert(at, index)
        else:
            self._anchor_pos.append(anchor)
            self._anchor_line.append(index)

    def _blank(self) -> None:
        if not self.lines or self.lines[-1][0] is not None:
            self.lines.append([None, None, None])

    def _comment(self, comment: cst.Comment, depth: int) -> None:
        if comment.trailing:
            target = self._line_of(comment)
            if target is not None and self.lines[target][2] is None:
                self.lines[target][2] = comment.text
                return
        # An own-line comment, or a trailing one whose line already has one
        # (two comments cannot share a line: the first would swallow the second).
        self.lines.append([depth, comment.text, None])

    def _line_of(self, comment: cst.Comment) -> int | None:
        """The logical line holding the first token of the comment's source line."""
        text = self.text
        start = text.rfind("\n", 0, comment.span.start) + 1
        while start < comment.span.start and text[start].isspace():
            start += 1
        at = bisect.bisect_right(self._anchor_pos, start) - 1
        return self._anchor_line[at] if at >= 0 else None

    # constructs ----------------------------------------------------------------

    @staticmethod
    def _raw(text: cst.Text) -> str:
        return text.raw.replace("\r\n", "\n")


    def _stance(self, stance: cst.Stance) -> str:
        parts = ["stance", stance.issue.value, stance.value.value]
        for qualifier in stance.qualifiers:
            parts += [qualifier.keyword.value, self._raw(qualifier.text)]
        return " ".join(parts)

    def _block(self, header: str, decl, depth: int) -> None:
        self._line(depth, header + " {", decl.span.start)
        opened = len(self.lines)
        self._entries(decl.entries or (), depth + 1, start=None)
        if len(self.lines) == opened:
            # Nothing inside (at most a trailing comment, now on a line
            # before): no block.
            self.lines[opened - 1][1] = header
            return
        self._line(depth, "}", decl.span.end - 1)

    def _relation(self, written: str, rel, depth: int) -> None:
        if rel.entries is None:
            self._line(depth, written, rel.span.start)
        else:
            self._block(written, rel, depth)

    def _entry(self, entry, depth: int) -> None:
        if isinstance(entry, cst.Comment):
            self._comment(entry, depth)
        elif isinstance(entry, cst.NodeDecl):
            self._block(f"{entry.kind.value} {entry.id.value} {self._raw(entry.text)}", entry, depth)
        elif isinstance(entry, cst.IssueDecl):
            self._block(f"issue {entry.id.value} {self._raw(entry.text)}", entry, depth)
        elif isinstance(entry, cst.Attr):
            self._line(depth, f"{entry.key.value} {self._raw(entry.text)}", entry.span.start)
        elif isinstance(entry, cst.Tag):
            self._line(depth, entry.tok.value, entry.span.start)
        elif isinstance(entry, cst.Relation):
            self._relation(cst.relation_text(entry), entry, depth)
        elif isinstance(entry, cst.Stance):
            self._line(depth, self._stance(entry), entry.span.start)
        elif isinstance(entry, cst.RelationStmt):
            self._relation(f"{entry.head()} {cst.relation_text(entry.relation)}", entry, depth)
        else:  # pragma: no cover - the CST has no other entries
            raise FormatError(f"cannot print a {type(entry).__name__}")

    def _entries(self, entries, depth: int, start: int | None) -> None:
        """Print a list of siblings. `start`: where the list begins in the
        source when a blank line before its first entry counts (the top of
        the body, after front matter); None in a block, which never opens
        with a blank line."""
        text = self.text
        prev_end = None
        first = True
        for entry in entries:
            if isinstance(entry, cst.Blank):
                continue
            own_line = not (isinstance(entry, cst.Comment) and entry.trailing)
            if own_line:
                if first:
                    # The list starts at the beginning of a line.
                    blank = start is not None and _BLANK_LINE.search("\n" + text[start : entry.span.start])
                else:
                    blank = _BLANK_LINE.search(text[prev_end : entry.span.start])
                if blank:
                    self._blank()
                first = False
            self._entry(entry, depth)
            prev_end = entry.span.end

    def document(self) -> None:
        fm = self.doc.front_matter
        self._entries(self.doc.items, 0, start=fm.body_start if fm is not None else None)
        while self.lines and self.lines[-1][0] is None:
            self.lines.pop()

    def render(self) -> str:
        unit = " " * self.indent
        out = []
        for depth, text, comment in self.lines:
            if depth is None:
                out.append("")
                continue
            line = unit * depth + text
            if comment is not None:
                line += "  " + comment
            out.append(line)
        return "\n".join(out) + "\n" if out else ""


def format_document(doc: cst.Document, *, indent: int = DEFAULT_INDENT) -> str:
    """The canonical text of a parsed document, with the file's own line
    endings (the front matter as written)."""
    if indent not in INDENTS:
        raise ValueError(f"indent must be one of {INDENTS}, not {indent!r}")
    import sys

    printer = _Printer(doc, indent)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))  # three frames per level of nesting
    try:
        printer.document()
    finally:
        sys.setrecursionlimit(limit)
    body = printer.render()
    text = doc.source.text
    newline = "\r\n" if _is_crlf(text) else "\n"
    head = ""
    fm = doc.front_matter
    if fm is not None:
        head = text[: fm.body_start]
        if not head.endswith("\n"):
            head += newline
    if newline != "\n":
        body = body.replace("\n", newline)
    return head + body


def _is_crlf(text: str) -> bool:
    first = text.find("\n")
    return first > 0 and text[first - 1] == "\r"


# --- equivalence ---------------------------------------------------------------


def model_dict(argmap) -> dict:
    """Everything a map means, spans aside: the JSON export without its
    spans, plus what the export leaves out (issue notes and tags, parents,
    implicit relations, qualifiers), so that two versions can be compared."""
    from argmap.export.json import map_dict

    out = map_dict(argmap)
    out.pop("path", None)
    for node in out["nodes"]:
        node.pop("span", None)
    out["parents"] = [[n.id, n.parent] for n in argmap.nodes]
    out["relations_full"] = [
        [r.source, r.kind, r.target_node, r.target_map, r.edge_from, r.implicit, list(r.joint), r.edge, r.label] for r in argmap.relations
    ]
    out["issues"] = [[i.id, i.text, i.en, i.note, list(i.tags)] for i in argmap.issues]
    return out


def same_model(a, b) -> bool:
    """Do two maps say the same thing (spans and paths aside)?"""
    return model_dict(a) == model_dict(b)


def comment_texts(doc: cst.Document) -> list[str]:
    return sorted(c.text for c in doc.comments)


# --- the entry points -----------------------------------------------------------


def format_source(source, *, indent: int = DEFAULT_INDENT, check: bool = True) -> tuple[str | None, list[D.Diagnostic]]:
    """Format a decoded file. Returns (text, []) or (None, diagnostics) when
    it does not parse. With `check`, the result is re-read and compared with
    the input; a difference raises FormatError (a bug, never silent)."""
    from argmap.source import SourceFile

    doc, argmap, diags = _read(source)
    if doc is None:
        return None, diags
    out = format_document(doc, indent=indent)
    if check and out != source.text:
        again, model, more = _read(SourceFile(source.path, out))
        if again is None:
            raise FormatError("the formatted text does not parse: " + "; ".join(d.message for d in more))
        if not same_model(argmap, model):
            raise FormatError("the formatted text does not mean the same as the input")
        if comment_texts(doc) != comment_texts(again):
            raise FormatError("the formatted text does not keep every comment")
    return out, []


def format_text(text: str, *, indent: int = DEFAULT_INDENT, path: str = "<string>") -> str:
    """Format map text; raises ValueError with the diagnostics' messages when
    it does not parse (a convenience for Python callers and tests)."""
    from argmap.source import SourceFile

    out, diags = format_source(SourceFile(path, text), indent=indent)
    if out is None:
        raise ValueError("; ".join(f"{d.code.code} {d.message}" for d in diags))
    return out


def format_bytes(path: str, data: bytes, *, indent: int = DEFAULT_INDENT) -> Result:
    """Format a file's bytes: UTF-8, a BOM kept, line endings kept."""
    from argmap.corpus import decode

    source, diags = decode(path, data)
    if diags:
        return Result(path, data, None, diags)
    try:
        out, diags = format_source(source, indent=indent)
    except FormatError as exc:
        return Result(path, data, None, error=f"internal error, please report it: {exc}")
    except RecursionError:
        return Result(path, data, None, error="blocks are nested too deeply to format")
    except Exception as exc:  # noqa: BLE001 - a bug must not stop the other files nor lose this one
        return Result(path, data, None, error=f"internal error, please report it: {type(exc).__name__}: {exc}")
    if out is None:
        return Result(path, data, None, diags)
    encoded = out.encode("utf-8")
    if data.startswith(BOM):
        encoded = BOM + encoded
    return Result(path, data, encoded)


def _format_job(job: tuple[str, bytes, int]) -> Result:
    path, data, indent = job
    return format_bytes(path, data, indent=indent)


def format_many(jobs: list[tuple[str, bytes]], *, indent: int = DEFAULT_INDENT) -> list[Result]:
    """Format (name, bytes) pairs in order, on several cores when there are
    many (as corpus.parse_many does)."""
    import os

    from argmap.corpus import PARALLEL_FROM

    tasks = [(name, data, indent) for name, data in jobs]
    workers = min(os.cpu_count() or 1, 8)
    if len(tasks) < PARALLEL_FROM or workers < 2:
        return [_format_job(t) for t in tasks]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return [_format_job(t) for t in tasks]
    from argmap.syntax.parser import ready

    ready()  # build once; the forked workers inherit it
    chunk = max(1, len(tasks) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_format_job, tasks, chunksize=chunk))


def unified_diff(result: Result, *, color: bool = False, to: str = "formatted") -> str:
    """A unified diff from the file as it is to the file as formatted (or as
    `to` names what was done to it: `locate` says "located")."""
    import difflib

    from argmap.visible import visible

    if not result.changed:
        return ""

    def lines(data: bytes) -> list[str]:
        if data.startswith(BOM):
            data = data[3:]
        text = data.decode("utf-8", errors="replace")
        out = [line + "\n" for line in text.split("\n")]  # not splitlines: \r, \x1c, \u2028 … are not line breaks here
        out[-1] = out[-1][:-1]
        if not out[-1]:
            out.pop()
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n\\ No newline at end of file\n"
        return out

    before, after = lines(result.original), lines(result.formatted)
    if before == after:  # only the byte-order mark differs: cannot happen, it is kept
        return ""
    diff = difflib.unified_diff(before, after, f"{result.path}\t(original)", f"{result.path}\t({to})", n=3)
    out = []
    for line in diff:
        if not line.endswith("\n"):
            line += "\n"
        # A diff is read, not applied (`fmt` applies it): map text and file
        # names with escape sequences are shown, not obeyed by the terminal.
        line = visible(line)
        if color:
            line = _paint_diff(line)
        out.append(line)
    return "".join(out)


def _paint_diff(line: str) -> str:
    body = line.rstrip("\n")
    if line.startswith(("+++", "---")):
        style = "1"
    elif line.startswith("@@"):
        style = "36"
    elif line.startswith("+"):
        style = "32"
    elif line.startswith("-"):
        style = "31"
    else:
        return line
    return f"\x1b[{style}m{body}\x1b[0m" + line[len(body) :]


def format_files(names: list[str], *, indent: int = DEFAULT_INDENT, stdin=None) -> list[Result]:
    """Read and format files (`-` reads `stdin`, a binary stream), in order.
    A file that cannot be read comes back with `error` set."""
    import sys
    from pathlib import Path

    from argmap.corpus import STDIN, STDIN_NAME

    results: list[Result | None] = []
    jobs: list[tuple[str, bytes]] = []
    for name in names:
        if name == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            jobs.append((STDIN_NAME, stream.read()))
            results.append(None)
            continue
        path = Path(name)
        if not path.is_file():  # a FIFO or device would block, and could not be replaced
            results.append(Result(name, b"", None, error="not a regular file"))
            continue
        try:
            jobs.append((name, path.read_bytes()))
        except OSError as exc:
            results.append(Result(name, b"", None, error=f"cannot read: {exc.strerror or exc}"))
            continue
        results.append(None)
    formatted = iter(format_many(jobs, indent=indent))
    return [r if r is not None else next(formatted) for r in results]


def write(result: Result) -> str | None:
    """Write a changed file atomically, keeping its mode; a message on failure."""
    from argmap.writefile import write_bytes

    if not result.changed:
        return None
    return write_bytes(result.path, result.formatted)
