"""`argmap source`: a source text with the key of each paragraph in a
gutter, so that an encoder can cite it without counting.

    §參.二      二、日本的戰略考量
    §參.二 ¶1   台灣與日本……（wrapped to the width, a CJK character
                counting two columns）

Headings are shown with their section's key; each paragraph and table
with its key, its text on one flowing line wrapped to the terminal (the
source's own line breaks are those of a PDF, not the author's). Text that
the scheme does not count (footnotes, page furniture) is not shown.
"""

from __future__ import annotations

JSON_VERSION = 1
MAX_GUTTER = 16  # columns; a wider key goes on a line of its own


def text(index, units=None, *, width: int = 80, color: bool = False, sections=()) -> str:
    """The units (all of them, with the headings, when None) with their keys;
    with `sections`, the headings of those sections too (a locator that
    names a whole section: its title is what a reader looks for first)."""
    from argmap.source import display_width
    from argmap.visible import visible
    from argmap.wrap import wrap

    whole = units is None
    shown = list(index.units if whole else units)
    rows: list[tuple[int, str, str, bool]] = [(u.line, visible(u.key), visible(u.flowing), False) for u in shown]
    wanted = set(sections)
    headings = index.headings if whole else [
        h for h in index.headings if any(h.section == s or h.section.startswith(s + ".") for s in wanted)]
    if headings:
        # An unnumbered heading's title is its key: shown once.
        rows += [(h.line, visible(f"§{h.section}"), "" if h.title == h.section else visible(h.title), True)
                 for h in headings]
        rows.sort(key=lambda r: (r[0], not r[3]))
    keys = [display_width(key) for _, key, _, _ in rows]
    # The gutter fits the keys that fit MAX_GUTTER; a wider key (a long
    # unnumbered heading) goes on a line of its own.
    gutter = max((w for w in keys if w <= min(MAX_GUTTER, width // 3)), default=0)
    room = max(10, width - gutter - 2)
    out: list[str] = []
    for (_, key, body, heading), key_w in zip(rows, keys):
        if out:
            out.append("")
        style = "heading" if heading else None
        if key_w > gutter:
            if heading and not body:  # an unnumbered heading: its title is its key
                out += [_paint(line, "heading", color) for line in wrap(key, width)]
                continue
            out += [_paint(line, "key", color) for line in wrap(key, width)]
            head = " " * (gutter + 2)
        else:
            head = _paint(key, "key", color) + " " * (gutter - key_w + 2)
        lines = wrap(body, room) or [""]
        out.append((head + _paint(lines[0], style, color)).rstrip())
        out += [" " * (gutter + 2) + _paint(line, style, color) for line in lines[1:]]
    return "\n".join(out) + "\n" if out else ""


_STYLES = {"key": "36", "heading": "1", "error": "1;31"}


def locator_problems(index, locator: str) -> list[tuple[int, int, str]]:
    """Where each part of a locator that names nothing is, and why:
    (start, end, message), offsets into `locator`."""
    from argmap.provenance.locator import parts

    out = []
    pos = 0
    for part in parts(locator):
        start = locator.find(part, pos)
        start = start if start >= 0 else pos
        pos = start + len(part)
        units, problems = index.resolve(part)
        if problems or not units:
            out.append((start, start + len(part), "; ".join(problems) or f"{part} names no paragraph"))
    return out


def locator_error(index, name: str, locator: str, problems: list[tuple[int, int, str]], *, width: int = 80, color: bool = False) -> str:
    """A usage error under the locator, a caret under each part that names
    nothing, and what the source has instead."""
    from argmap.source import char_width, display_width
    from argmap.visible import visible
    from argmap.wrap import wrap

    room = max(30, width - 4)
    # Offsets of `problems` are into `locator`; `visible` may lengthen a
    # control character, so the echo and its carets are built part by part.
    shown, caret, pos = [], [], 0
    for start, end, _ in problems:
        for text, mark in ((locator[pos:start], " "), (locator[start:end], "^")):
            text = visible(text)
            shown.append(text)
            caret.append(mark * max(1 if mark == "^" else 0, display_width(text)))
        pos = end
    shown.append(visible(locator[pos:]))
    echo, marks = "".join(shown), "".join(caret)
    if display_width(echo) > room:  # a locator of a thousand parts: its head, and the messages say the rest
        cut, used = [], 0
        for ch in echo:
            used += char_width(ch)
            if used > room - 1:
                break
            cut.append(ch)
        echo, marks = "".join(cut) + "…", marks[:used - char_width(ch)]
    lines = [_paint("argmap: error:", "error", color) + f" no such place in {visible(name)}", "  |", f"  | {echo}"]
    lines.append("  | " + _paint(marks.rstrip(), "error", color))
    messages = list(dict.fromkeys(message for _, _, message in problems))  # a part named twice: said once
    if len(messages) > MAX_MESSAGES:
        more = len(messages) - MAX_MESSAGES
        messages = messages[:MAX_MESSAGES] + [f"and {more} more problem{'s' if more != 1 else ''}"]
    for message in messages:
        wrapped = wrap(visible(message), room) or [""]
        lines.append("  = " + wrapped[0])
        lines += ["    " + more for more in wrapped[1:]]
    # Packed place by place, so that no "§貳.四 ¶1–2" is split over two lines.
    places = visible(what_exists(index)).split(", ")
    packed = ["the source has " + places[0]]
    for place in places[1:]:
        if display_width(packed[-1]) + 2 + display_width(place) <= room:
            packed[-1] += ", " + place
        else:
            packed[-1] += ","
            packed.append(place)
    lines.append("  = " + packed[0])
    lines += ["    " + more for more in packed[1:]]
    return "\n".join(lines) + "\n"


MAX_MESSAGES = 5  # problems spelt out in a usage error
MAX_LISTED = 40  # places listed in a usage error; `argmap source TEXT` shows them all


def what_exists(index) -> str:
    """The places a locator can name, in short: "§摘要 ¶1, §壹 ¶1–2, §叁 表1–2"
    in a scheme with sections, "p. 1–12" with pages, else "¶1–36"."""
    if not index.units:
        return "no paragraph under this scheme"
    if index.paged and index.pages:
        pages = index.pages
        return f"p. {pages[0]}–{pages[-1]}" if len(pages) > 1 else f"p. {pages[0]}"
    if not index.sectioned:
        return _range("¶", len(index.paragraphs()))
    groups: dict[str | None, list] = {}
    for unit in index.units:
        groups.setdefault(unit.section, []).append(unit)
    places = []
    for section, units in groups.items():
        paragraphs = sum(1 for u in units if u.kind == "paragraph")
        tables = [u.label for u in units if u.kind == "table"]
        parts = ([_range("¶", paragraphs)] if paragraphs else []) + tables
        places.append((f"§{section} " if section is not None else "") + ", ".join(parts))
    more = len(places) - MAX_LISTED
    return ", ".join(places[:MAX_LISTED]) + (f" and {more} more sections (argmap source lists them)" if more > 0 else "")


def _range(mark: str, count: int) -> str:
    return f"{mark}1" if count == 1 else f"{mark}1–{count}"


def _paint(text: str, style: str | None, color: bool) -> str:
    if not color or not style or not text:
        return text
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"


def as_json(index, source: str, units=None, locator: str | None = None) -> str:
    import json

    from argmap.visible import json_text

    data = {
        "version": JSON_VERSION,
        "source": source,
        "scheme": index.scheme,
        "locator": locator,
        "sections": [{"section": h.section, "title": h.title, "line": h.line} for h in index.headings],
        "units": [
            {
                "key": u.key,
                "kind": u.kind,
                "section": u.section,
                "page": u.page,
                "label": u.label,
                "line": u.line,
                "end_line": u.end_line,
                "text": u.text,
            }
            for u in (index.units if units is None else units)
        ],
    }
    return json_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
