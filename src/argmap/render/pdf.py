"""Several one-page PDFs, as cairo writes them for Graphviz, joined into one.

Graphviz draws one page per graph; a figure too big for one page is drawn
as several graphs and joined here. The PDFs are cairo's: a classic
cross-reference table, one page, no object streams, no incremental
updates. Each file's objects are renumbered into one space (references
appear only in dictionaries, before any `stream` keyword; stream bytes
are copied untouched); the pages go under one new page tree. Anything
else is refused rather than guessed at.
"""

from __future__ import annotations

import re

_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_REF = re.compile(rb"(?<![\d.])(\d+) 0 R\b")
_TRAILER_KEY = re.compile(rb"/(Root|Info) (\d+) 0 R")


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


def join(pdfs: list[bytes]) -> bytes:
    """One PDF with the pages of all, in order. The first file's info
    dictionary (its fixed creation date) is kept."""
    if len(pdfs) == 1:
        return pdfs[0]
    out: dict[int, bytes] = {}
    pages: list[int] = []
    info = None
    next_number = 3  # 1: the new catalog, 2: the new page tree
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
