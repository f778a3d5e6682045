"""Several one-page PDFs, as cairo writes them for Graphviz, joined into one.

Graphviz draws one page per graph; a figure too big for one page is drawn
as several graphs and joined here. The PDFs are cairo's: a classic
cross-reference table, one page, no object streams, no incremental
updates. Each file's objects are renumbered into one space (references
appear only in dictionaries, before any `stream` keyword; stream bytes
are copied untouched); the pages go under one new page tree. Anything
else is refused rather than guessed at.

Graphviz makes each page the size of its drawing. A figure for print is
put on the sheet it was fitted to (`sheet`): the page's media box becomes
the sheet, in whichever orientation holds the drawing, and the drawing is
centred on it by a translation drawn before its own content.
"""

from __future__ import annotations

import re

_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_REF = re.compile(rb"(?<![\d.])(\d+) 0 R\b")
_TRAILER_KEY = re.compile(rb"/(Root|Info) (\d+) 0 R")
_MEDIABOX = re.compile(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]")
_CONTENTS = re.compile(rb"/Contents (\d+) 0 R")
_WHITE = 36.0  # the margin round a drawing in Graphviz's PDF, in points


class PdfError(ValueError):
    """A PDF this joiner does not read (not one cairo wrote)."""


def _objects(data: bytes) -> tuple[dict[int, bytes], int, int | None]:
    """Object number → body (between `N 0 obj` and `endobj`), the catalog's
    number and the info dictionary's."""
    found = _XREF.search(data)
    if not found:
        raise PdfError("no startxref")
    start = int(found.group(1))
    if data[start:start + 4] != b"xref":
        raise PdfError("not a classic cross-reference table")
    head = data[start:].split(b"trailer", 1)
    if len(head) != 2:
        raise PdfError("no trailer")
    lines = head[0].split(b"\n")
    first, count = (int(x) for x in lines[1].split())
    offsets = {}
    for i, line in enumerate(lines[2:2 + count]):
        entry = _ENTRY.match(line.strip())
        if not entry:
            raise PdfError("bad cross-reference entry")
        if entry.group(3) == b"n":
            offsets[first + i] = int(entry.group(1))
    ends = sorted(offsets.values()) + [start]
    objects = {}
    for number, offset in offsets.items():
        end = ends[ends.index(offset) + 1]
        chunk = data[offset:end]
        header = f"{number} 0 obj".encode()
        if not chunk.startswith(header):
            raise PdfError(f"object {number} is not where the table says")
        body = chunk[len(header):]
        body = body[:body.rindex(b"endobj")]
        objects[number] = body
    keys = dict(_TRAILER_KEY.findall(head[1]))
    if b"Root" not in keys:
        raise PdfError("no catalog")
    return objects, int(keys[b"Root"]), int(keys[b"Info"]) if b"Info" in keys else None


def _renumber(body: bytes, mapping: dict[int, int]) -> bytes:
    """References renumbered in the dictionary part; stream bytes as they are."""
    cut = body.find(b"stream")
    head, tail = (body, b"") if cut < 0 else (body[:cut], body[cut:])
    return _REF.sub(lambda m: b"%d 0 R" % mapping[int(m.group(1))], head) + tail


def _stream(content: bytes) -> bytes:
    return b"\n<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream\n"


def _on_sheet(page: bytes, sheet: tuple[float, float], new_number) -> bytes:
    """A page dictionary moved onto `sheet` (width, height in points; turned
    when only that holds the drawing): the drawing centred. Unchanged if it
    fits neither way."""
    box = _MEDIABOX.search(page)
    contents = _CONTENTS.search(page)
    if not box or not contents:
        raise PdfError("a page without a plain media box and one content stream")
    w, h = float(box.group(1)), float(box.group(2))
    # The white margin Graphviz leaves round a PDF drawing may be cut into
    # (a slide's margins are narrower): the drawing itself must fit.
    for sw, sh in (sheet, sheet[::-1]):
        if w <= sw + 2 * _WHITE + 0.5 and h <= sh + 2 * _WHITE + 0.5:
            break
    else:
        return page
    dx, dy = (sw - w) / 2, (sh - h) / 2
    before = new_number(_stream(b"q 1 0 0 1 %.2f %.2f cm" % (dx, dy)))
    after = new_number(_stream(b"Q"))
    page = page[:box.start()] + b"/MediaBox [ 0 0 %.2f %.2f ]" % (sw, sh) + page[box.end():]
    contents = _CONTENTS.search(page)
    return (page[:contents.start()] + b"/Contents [ %d 0 R %s %d 0 R ]" % (before, contents.group(0)[10:], after)
            + page[contents.end():])


def join(pdfs: list[bytes], sheet: tuple[float, float] | None = None) -> bytes:
    """One PDF with the pages of all, in order, each on `sheet` (width and
    height in points) when given. The first file's info dictionary (its
    fixed creation date) is kept."""
    if len(pdfs) == 1 and sheet is None:
        return pdfs[0]
    out: dict[int, bytes] = {}
    pages: list[int] = []
    info = None
    next_number = 3  # 1: the new catalog, 2: the new page tree

    def add(body: bytes) -> int:
        nonlocal next_number
        out[next_number] = body
        next_number += 1
        return next_number - 1

    for data in pdfs:
        objects, root, info_number = _objects(data)
        catalog = objects[root]
        tree = int(re.search(rb"/Pages (\d+) 0 R", catalog).group(1))
        kids = [int(k) for k in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[([^\]]*)\]", objects[tree]).group(1))]
        mapping = {}
        for number in sorted(objects):
            if number in (root, tree):
                continue
            mapping[number] = next_number
            next_number += 1
        mapping[tree] = 2
        for number, new in mapping.items():
            if number == tree:
                continue
            out[new] = _renumber(objects[number], mapping)
        if sheet is not None:
            for k in kids:
                out[mapping[k]] = _on_sheet(out[mapping[k]], sheet, add)
        pages += [mapping[k] for k in kids]
        if info is None and info_number is not None:
            info = mapping[info_number]
    out[1] = b"\n<< /Type /Catalog /Pages 2 0 R >>\n"
    out[2] = b"\n<< /Type /Pages /Kids [ " + b" ".join(b"%d 0 R" % p for p in pages) + b" ] /Count %d >>\n" % len(pages)
    body = bytearray(b"%PDF-1.5\n%\xb5\xed\xae\xfb\n")
    offsets = {}
    for number in sorted(out):
        offsets[number] = len(body)
        body += b"%d 0 obj" % number + out[number] + b"endobj\n"
    xref = len(body)
    size = max(out) + 1
    body += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        body += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    trailer = b"<< /Size %d /Root 1 0 R" % size + (b" /Info %d 0 R" % info if info else b"") + b" >>\n"
    body += b"trailer\n" + trailer + b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(body)
