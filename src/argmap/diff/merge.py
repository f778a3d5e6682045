"""argmap as git's merge driver for *.map files (docs/git.md).

git calls the driver with three versions of a map: the common ancestor
(%O), ours (%A, where the result must be written) and theirs (%B). The
merge works on top-level statements rather than on lines:

1. Each version is put through `argmap fmt` (argmap.format), so that a
   re-indented or re-wrapped file is the same as the file it came from.
2. The body of each canonical text is cut into chunks: one per top-level
   statement (a node with everything nested in it, an issue, a relation
   statement), each with the own-line comments and blank lines just before
   it (its *lead*). A chunk's key is `node ID`, `issue ID`, or the relation
   statement's own text. Comments after the last statement are the
   *trailer*.
3. The order of the keys is merged three-way (diff3 on the key lists); where
   both sides inserted at the same place, ours come first, then theirs.
   Then each key's lead and statement are merged three-way: a side that did
   not change it gives way to the side that did. A statement that both
   sides changed differently, or that one side deleted and the other
   changed, is a conflict: standard markers around the two versions of that
   one statement, everything else merged.
4. The front matter is merged key by key when each version is a plain YAML
   mapping whose top-level keys can be cut apart; otherwise, when both
   sides changed it differently, the whole block is a conflict.
5. A clean result is formatted (so it parses, and it is canonical); a
   conflicted result must parse once each conflict is resolved either way.

When a version does not parse, or the result would not, the driver
declines: it runs git's own line merge (`git merge-file`) and returns its
status, so the user is never worse off than without the driver.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from dataclasses import dataclass, field

MARKER_SIZE = 7
BOM = b"\xef\xbb\xbf"
TRAILER = ("trailer",)


class Decline(Exception):
    """The driver cannot merge these versions itself: fall back to git's."""


@dataclass
class Chunk:
    lead: tuple[str, ...]  # own-line comments and blank lines ("") before the statement
    stmt: tuple[str, ...]  # the statement's lines (its trailing comment included)


@dataclass
class Version:
    name: str
    front: str | None  # the front matter block, both fences included, LF line ends
    keys: list[tuple]
    chunks: dict[tuple, Chunk]
    ids: dict[tuple[str, ...], frozenset]  # statement lines → the node and issue ids they declare
    crlf: bool = False
    bom: bool = False


@dataclass
class Outcome:
    """The merged bytes, how many conflicts they hold, and what happened."""

    data: bytes
    conflicts: int
    notes: list[str] = field(default_factory=list)
    declined: bool = False


# --- reading -------------------------------------------------------------------


def _canonical(name: str, data: bytes) -> tuple[str, bool, bool]:
    """The formatted text of one version (LF line ends), whether it used CRLF,
    whether it had a BOM; Decline when it does not parse."""
    from argmap.format import format_bytes

    result = format_bytes(name, data)
    if not result.ok:
        if result.error:
            raise Decline(f"{name}: {result.error}")
        first = result.diagnostics[0] if result.diagnostics else None
        where = ""
        if first is not None and first.span is not None:
            line, col = first.span.line, first.span.column
            where = f" (line {line}, column {col}: {first.message})"
        elif first is not None:
            where = f" ({first.message})"
        raise Decline(f"{name} does not parse{where}")
    out = result.formatted
    bom = out.startswith(BOM)
    if bom:
        out = out[3:]
    text = out.decode("utf-8")
    first = text.find("\n")
    crlf = first > 0 and text[first - 1] == "\r"
    return text.replace("\r\n", "\n"), crlf, bom


def _parse(name: str, text: str):
    from argmap import frontmatter
    from argmap.source import SourceFile
    from argmap.syntax.parser import parse

    source = SourceFile(name, text)
    fm, _ = frontmatter.split(source)
    doc, _ = parse(source, fm)
    return doc, fm


def _key(item) -> tuple:
    from argmap.syntax import cst

    if isinstance(item, cst.NodeDecl):
        return ("node", item.id.value)
    if isinstance(item, cst.IssueDecl):
        return ("issue", item.id.value)
    return ("relation", f"{item.head()} {cst.relation_text(item.relation)}")


def _declared(item) -> list[tuple[str, str]]:
    """The node and issue ids a top-level statement declares, nested ones too."""
    from argmap.syntax import cst

    out: list[tuple[str, str]] = []
    stack = [item]
    while stack:
        entry = stack.pop()
        if isinstance(entry, cst.NodeDecl):
            out.append(("node", entry.id.value))
        elif isinstance(entry, cst.IssueDecl):
            out.append(("issue", entry.id.value))
        else:
            continue
        stack.extend(entry.entries or ())
    return out


def _lines(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n")[:-1]) if text else ()


def read_version(name: str, data: bytes) -> Version:
    """Cut one version into its front matter and keyed chunks."""
    from argmap.syntax import cst

    text, crlf, bom = _canonical(name, data)
    doc, fm = _parse(name, text)
    if doc is None:  # the formatter checked that it parses: never expected
        raise Decline(f"{name} does not parse once formatted")
    front = text[: fm.body_start] if fm is not None else None
    pos = fm.body_start if fm is not None else 0
    keys: list[tuple] = []
    chunks: dict[tuple, Chunk] = {}
    ids: dict[tuple[str, ...], frozenset] = {}
    seen: dict[tuple, int] = {}
    for item in doc.items:
        if isinstance(item, (cst.Comment, cst.Blank)):
            continue
        start = text.rfind("\n", 0, item.span.start) + 1
        end = text.find("\n", max(item.span.end - 1, start))
        end = len(text) if end < 0 else end + 1
        key = _key(item)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:  # the same statement twice (a duplicate id, a repeated relation)
            key = (*key, count)
        keys.append(key)
        chunks[key] = Chunk(_lines(text[pos:start]), _lines(text[start:end]))
        ids[chunks[key].stmt] = frozenset(_declared(item))
        pos = end
    chunks[TRAILER] = Chunk(_lines(text[pos:]), ())
    keys.append(TRAILER)
    return Version(name, front, keys, chunks, ids, crlf, bom)


# --- merging the order of the statements ---------------------------------------


def _matches(base: list, other: list) -> dict[int, int]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    out = {}
    for a, b, size in matcher.get_matching_blocks():
        for i in range(size):
            out[a + i] = b + i
    return out


def merge_order(base: list, ours: list, theirs: list) -> list:
    """diff3 on sequences of unique keys. Where both sides changed the same
    stretch differently, the result holds ours' keys, then theirs' others:
    the order of statements is not worth a conflict."""
    in_ours, in_theirs = _matches(base, ours), _matches(base, theirs)
    syncs = [(i, in_ours[i], in_theirs[i]) for i in range(len(base)) if i in in_ours and i in in_theirs]
    syncs.append((len(base), len(ours), len(theirs)))
    out: list = []
    pi, po, pt = -1, -1, -1
    for i, o, t in syncs:
        b_reg, o_reg, t_reg = base[pi + 1 : i], ours[po + 1 : o], theirs[pt + 1 : t]
        if o_reg == b_reg:
            out += t_reg
        elif t_reg == b_reg or o_reg == t_reg:
            out += o_reg
        else:
            out += o_reg + [k for k in t_reg if k not in o_reg]
        if i < len(base):
            out.append(base[i])
        pi, po, pt = i, o, t
    seen: set = set()
    return [k for k in out if not (k in seen or seen.add(k))]


def _place_missing(order: list, wanted: set, versions: list[Version]) -> list:
    """Keys the merge keeps but the merged order dropped (one side deleted a
    statement the other changed): put each after its predecessor in the first
    version that has it."""
    order = [k for k in order if k in wanted]
    placed = set(order)
    for version in versions:
        for index, key in enumerate(version.keys):
            if key in wanted and key not in placed:
                before = next((k for k in reversed(version.keys[:index]) if k in placed), None)
                order.insert(order.index(before) + 1 if before is not None else 0, key)
                placed.add(key)
    if TRAILER in placed:  # the comments after the last statement stay last
        order.remove(TRAILER)
        order.append(TRAILER)
    return order


# --- merging values ------------------------------------------------------------

_CONFLICT = object()
_ABSENT = object()


def merge3(base, ours, theirs):
    """One value three ways: the side that changed it wins; both changed it
    alike, that; both differently, _CONFLICT."""
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    return _CONFLICT


def _merge_chunk(base: Chunk | None, ours: Chunk | None, theirs: Chunk | None):
    """A Chunk, None (deleted) or _CONFLICT. The lead (comments above) and the
    statement merge separately, so a comment edited on one side and the
    statement on the other is no conflict."""
    whole = merge3(base, ours, theirs)
    if whole is not _CONFLICT or ours is None or theirs is None:
        return whole
    lead = merge3(base.lead if base else None, ours.lead, theirs.lead)
    stmt = merge3(base.stmt if base else None, ours.stmt, theirs.stmt)
    if lead is _CONFLICT or stmt is _CONFLICT:
        return _CONFLICT
    return Chunk(lead, stmt)


# --- the front matter ----------------------------------------------------------

_KEY_LINE = re.compile(r"[^\s#\-][^:]*:(\s|$)")


def _front_blocks(front: str) -> tuple[list, dict, dict] | None:
    """(keys, key → lines, key → value) of a simple front matter: a YAML
    mapping whose top-level keys each start a line; comments go with the key
    below them. None when it is not that simple."""
    import yaml

    lines = front.split("\n")
    if lines[-1] == "":
        lines.pop()
    if len(lines) < 2 or lines[0].rstrip() != "---" or lines[-1].rstrip() not in ("---", "..."):
        return None
    body = lines[1:-1]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load("\n".join(body), Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None
    keys: list = []
    blocks: dict = {}
    pending: list[str] = []
    current = None
    for line in body:
        if _KEY_LINE.match(line):
            name = line.split(":", 1)[0].strip()
            if name in blocks or name not in data:
                return None
            current = name
            keys.append(name)
            blocks[name] = tuple(pending) + (line,)
            pending = []
        elif not line.strip() or line.lstrip().startswith("#") or current is None:
            if current is None and line.strip() and not line.lstrip().startswith("#"):
                return None
            pending.append(line)
        else:  # a continuation line of the current key
            if pending:
                blocks[current] += tuple(pending)
                pending = []
            blocks[current] += (line,)
    if pending:
        keys.append(TRAILER)
        blocks[TRAILER] = tuple(pending)
    if set(k for k in keys if k is not TRAILER) != set(map(str, data)) or len(data) != len(keys) - (TRAILER in keys):
        return None
    return keys, blocks, data


def merge_front(base: str | None, ours: str | None, theirs: str | None):
    """The merged front matter block (None: none), or _CONFLICT."""
    whole = merge3(base, ours, theirs)
    if whole is not _CONFLICT:
        return whole
    empty = "---\n---\n"
    parts = [_front_blocks(v if v is not None else empty) for v in (base, ours, theirs)]
    if any(p is None for p in parts):
        return _CONFLICT
    (bk, bb, bd), (ok, ob, od), (tk, tb, td) = parts
    order = merge_order(bk, ok, tk)
    order += [k for k in ok + tk if k not in order]
    if TRAILER in order:
        order.remove(TRAILER)
        order.append(TRAILER)
    lines: list[str] = []
    expected: dict = {}
    for key in order:
        block = merge3(bb.get(key), ob.get(key), tb.get(key))
        if block is _CONFLICT:
            return _CONFLICT
        if block is None:
            continue
        if key is not TRAILER:
            expected[key] = merge3(bd.get(key, _ABSENT), od.get(key, _ABSENT), td.get(key, _ABSENT))
        lines += block
    text = "---\n" + "".join(line + "\n" for line in lines) + "---\n"
    check = _front_blocks(text)
    if check is None or check[2] != expected:
        return _CONFLICT
    return text


# --- the whole file ------------------------------------------------------------


def _clashes(merged: dict, ours: Version, theirs: Version) -> list:
    """Statements that would declare an id twice in the merged map when
    neither side did (both branches added node c9, in different places, or
    one nested it): each statement that ours does not have as merged becomes
    a conflict, so that a person picks."""
    from collections import Counter

    known = {**theirs.ids, **ours.ids}
    where: dict = {}
    for key, chunk in merged.items():
        if isinstance(chunk, Chunk):
            for name in known.get(chunk.stmt, ()):
                where.setdefault(name, []).append(key)
    out = []
    ours_count = Counter(n for stmt in (c.stmt for c in ours.chunks.values()) for n in ours.ids.get(stmt, ()))
    theirs_count = Counter(n for stmt in (c.stmt for c in theirs.chunks.values()) for n in theirs.ids.get(stmt, ()))
    for name, keys in where.items():
        if len(keys) < 2 or ours_count[name] > 1 or theirs_count[name] > 1:
            continue
        for key in keys:
            mine = ours.chunks.get(key)
            if mine is None or mine.stmt != merged[key].stmt:
                out.append(key)
    return out


class _Writer:
    """The merged lines, and the same with every conflict resolved to ours
    and to theirs (each must parse)."""

    def __init__(self, marker_size: int, diff3: bool):
        self.size = marker_size
        self.diff3 = diff3
        self.out: list[str] = []
        self.as_ours: list[str] = []
        self.as_theirs: list[str] = []
        self.conflicts = 0

    def lines(self, lines) -> None:
        for target in (self.out, self.as_ours, self.as_theirs):
            target += lines

    def conflict(self, ours, theirs, base=None) -> None:
        """Markers around the two versions; a blank line that stood before
        either goes before the markers."""
        blank = False
        sides = []
        for lines in (ours, theirs, base):
            lines = list(lines or ())
            while lines and lines[0] == "":
                lines.pop(0)
                blank = True
            sides.append(lines)
        ours, theirs, base = sides
        if blank:
            self.lines([""])
        self.conflicts += 1
        self.out.append("<" * self.size + " ours")
        self.out += ours
        if self.diff3:
            self.out.append("|" * self.size + " base")
            self.out += base
        self.out.append("=" * self.size)
        self.out += theirs
        self.out.append(">" * self.size + " theirs")
        self.as_ours += ours
        self.as_theirs += theirs

    @staticmethod
    def text(lines: list[str], keep_first_blank: bool) -> str:
        """Join the lines: runs of blank lines become one, none at the end,
        none at the start unless it follows the front matter."""
        tidy: list[str] = []
        for line in lines:
            if line == "" and (tidy[-1:] == [""] or (not tidy and not keep_first_blank)):
                continue
            tidy.append(line)
        while tidy and tidy[-1] == "":
            tidy.pop()
        return "".join(line + "\n" for line in tidy)


def merge_versions(base: Version, ours: Version, theirs: Version, *, marker_size: int = MARKER_SIZE, diff3: bool = False):
    """(text with LF line ends, number of conflicts, the text with every
    conflict resolved to ours, to theirs)."""
    writer = _Writer(marker_size, diff3)
    front = merge_front(base.front, ours.front, theirs.front)
    if front is _CONFLICT:
        writer.conflict(_lines(ours.front or ""), _lines(theirs.front or ""), _lines(base.front or ""))
    elif front is not None:
        writer.lines(_lines(front))

    order = merge_order(base.keys, ours.keys, theirs.keys)
    merged: dict[tuple, object] = {}
    for key in set(base.keys) | set(ours.keys) | set(theirs.keys):
        merged[key] = _merge_chunk(base.chunks.get(key), ours.chunks.get(key), theirs.chunks.get(key))
    wanted = {k for k, v in merged.items() if v is not None}
    for key in _clashes(merged, ours, theirs):
        merged[key] = _CONFLICT
    for key in _place_missing(order, wanted, [ours, theirs, base]):
        chunk = merged[key]
        if chunk is not _CONFLICT:
            writer.lines(chunk.lead + chunk.stmt)
            continue
        b, o, t = base.chunks.get(key), ours.chunks.get(key), theirs.chunks.get(key)
        lead = merge3(b.lead if b else None, o.lead, t.lead) if o and t else _CONFLICT
        if lead is not _CONFLICT and lead is not None:
            # Only the statement differs: the comments above it stay outside the markers.
            writer.lines(lead)
            writer.conflict(o.stmt, t.stmt, b.stmt if b else None)
        else:
            writer.conflict(*(c.lead + c.stmt if c else () for c in (o, t, b)))

    keep = front is not None
    return (
        writer.text(writer.out, keep),
        writer.conflicts,
        writer.text(writer.as_ours, keep),
        writer.text(writer.as_theirs, keep),
    )


def _parses(text: str) -> bool:
    from argmap.format import format_bytes

    return format_bytes("<merged>", text.encode("utf-8")).ok


def merge_bytes(base: bytes, ours: bytes, theirs: bytes, *, marker_size: int = MARKER_SIZE, diff3: bool = False) -> Outcome:
    """Merge three versions of a map; raises Decline when argmap cannot."""
    from argmap.format import format_bytes

    versions = []
    for name, data in (("base", base), ("ours", ours), ("theirs", theirs)):
        versions.append(read_version(name, data))
    b, o, t = versions
    text, conflicts, as_ours, as_theirs = merge_versions(b, o, t, marker_size=marker_size, diff3=diff3)
    if conflicts:
        for label, resolved in (("ours", as_ours), ("theirs", as_theirs)):
            if not _parses(resolved):
                raise Decline(f"the merge, with its conflicts resolved to {label}, would not parse")
        data = text.encode("utf-8")
    else:
        result = format_bytes("<merged>", text.encode("utf-8"))
        if not result.ok:
            raise Decline("the merged map would not parse")
        data = result.formatted
    if o.crlf:
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if o.bom and not data.startswith(BOM):
        data = BOM + data
    return Outcome(data, conflicts)


# --- git's protocol ------------------------------------------------------------


def git_merge_file(base: str, ours: str, theirs: str, *, marker_size: int = MARKER_SIZE, diff3: bool = False) -> tuple[bytes, int]:
    """git's own line merge of the three files: (merged bytes, conflicts)."""
    from argmap.diff.inputs import InputError

    command = ["git", "merge-file", "-p", f"--marker-size={marker_size}", "-L", "ours", "-L", "base", "-L", "theirs"]
    command += ["--diff3"] if diff3 else []
    command += [ours, base, theirs]
    try:
        proc = subprocess.run(command, capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError("git is not installed") from None
    if proc.returncode < 0 or proc.returncode > 127:
        raise InputError(f"git merge-file failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout, proc.returncode


def conflict_style() -> bool:
    """Does git's configuration ask for diff3 conflicts (the base between the
    two sides)? `merge.conflictStyle` is `diff3` or `zdiff3`."""
    try:
        proc = subprocess.run(["git", "config", "--get", "merge.conflictStyle"], capture_output=True, text=True, check=False)
    except OSError:
        return False
    return proc.stdout.strip().lower() in ("diff3", "zdiff3")


def merge_driver(
    base: str, ours: str, theirs: str, path: str | None = None, *, marker_size: int = MARKER_SIZE, diff3: bool | None = None
) -> Outcome:
    """git's merge-driver protocol: merge %O (base), %A (ours) and %B
    (theirs), write the result to %A. Outcome.conflicts is 0 for a clean
    merge. Falls back to `git merge-file` when argmap declines (or fails:
    the user is never worse off than with git's own merge)."""
    from pathlib import Path

    from argmap.diff.inputs import InputError
    from argmap.writefile import write_bytes

    label = path or ours
    data = [Path(name).read_bytes() for name in (base, ours, theirs)]
    if diff3 is None:
        diff3 = conflict_style()
    try:
        outcome = merge_bytes(*data, marker_size=marker_size, diff3=diff3)
        if outcome.conflicts:
            many = "s" if outcome.conflicts > 1 else ""
            outcome.notes.append(f"argmap: {label}: {outcome.conflicts} conflict{many}, marked in the file (statements both branches changed)")
    except Exception as exc:  # noqa: BLE001 - Decline, or a bug: either way git's merge is the answer
        reason = str(exc) if isinstance(exc, Decline) else f"internal error, please report it: {type(exc).__name__}: {exc}"
        merged, conflicts = git_merge_file(base, ours, theirs, marker_size=marker_size, diff3=diff3)
        outcome = Outcome(merged, conflicts, [f"argmap: {label}: {reason}; using git's line merge"], declined=True)
    problem = write_bytes(ours, outcome.data)
    if problem:
        raise InputError(problem)
    return outcome
