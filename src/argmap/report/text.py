"""Compiler-style text: `file:line:col: error[AM201] message`, the source
line and a caret under the span, aligned by display width.
"""

from __future__ import annotations

from argmap.diagnostics import Diagnostic, Severity
from argmap.source import Span, char_width
from argmap.visible import VISIBLE, visible

_STYLES = {
    "error": "1;31", "warning": "1;33", "note": "1;36", "hint": "36",
    "caret_error": "1;31", "caret_warning": "1;33", "caret_note": "1;36", "gutter": "34", "bold": "1",
}
TAB = "    "
# An excerpt looks at most this many screen widths of characters either side
# of the span (docs/language.md, "Limits"): the rest of a long line is cut.
EXCERPT_WINDOW = 2


class _Painter:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        if not self.color or not text:
            return text
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"


def _location(diag_path, span: Span | None) -> str:
    if span is None:
        return f"{diag_path}"
    return f"{span.path}:{span.line}:{span.column}"


# Controls, C1 controls and bidi overrides as symbols, one for one (see
# argmap.visible): an excerpt must not be obeyed by the terminal.
_CONTROL = VISIBLE | {10: 0x240A}


def _fit(line: str, start: int, end: int, room: int, cut_left: bool = False, cut_right: bool = False) -> tuple[str, int, int]:
    """Cut a long line to `room` columns around [start, end) (character
    indexes); returns the visible text and the caret's column and width.
    `cut_left`/`cut_right`: `line` is a window of a longer line (see
    `_window`), which goes on to that side.

    Each character is measured once: re-measuring the text before the span
    at every step made a long line quadratic (16,000 CJK characters, 16 s)."""
    line = line.translate(_CONTROL)  # show NUL and friends as symbols, one for one
    if "\t" in line:
        start, end = len(line[:start].replace("\t", TAB)), len(line[:end].replace("\t", TAB))
        line = line.replace("\t", TAB)
    widths = [1] * len(line) if line.isascii() else [char_width(ch) for ch in line]
    before = sum(widths[:start])
    width = max(1, sum(widths[start:end]))
    if not (cut_left or cut_right) and sum(widths) <= room:
        return line, before, width
    # Keep some context before the span, then as much as fits.
    context = max(8, room // 4)
    lead, kept = start, 0
    while lead > 0 and kept + widths[lead - 1] <= context:
        lead -= 1
        kept += widths[lead]
    if lead == 0 and cut_left:
        lead = min(1, start)  # the line goes on to the left: show that it does
    if lead:
        shown, shown_widths = "…" + line[lead:], [1] + widths[lead:]
    else:
        shown, shown_widths = line, widths
    caret_at = sum(shown_widths[: (1 if lead else 0) + start - lead])
    out, used = [], 0
    for ch, w in zip(shown, shown_widths):
        if used + w > room - 1:
            out.append("…")
            used += 1
            break
        out.append(ch)
        used += w
    else:
        if cut_right:
            out.append("…")
            used += 1
    text = "".join(out)
    width = max(1, min(width, used - caret_at))
    return text, caret_at, width


def _window(span: Span, room: int) -> tuple[str, int, int, bool, bool]:
    """The part of the span's first line that an excerpt can show: at most
    EXCERPT_WINDOW * room characters either side of the span, sliced from
    the file's text without copying the whole line, so that many diagnostics
    on one long line (a file with CR-only line ends is one line) cost no
    more than on short ones. Returns (text, start, end, cut_left, cut_right)."""
    source = span.file
    line_no = span.line
    line_start = source.offset(line_no)
    line_end = source.offset(line_no + 1) - 1 if line_no < source.line_count else len(source.text)
    if line_end > line_start and source.text[line_end - 1] == "\r":
        line_end -= 1
    start = min(span.start, line_end)
    end = min(span.end, line_end)
    window = EXCERPT_WINDOW * room
    lo = max(line_start, start - window)
    hi = min(line_end, max(start + 1, end) + window)
    text = source.text[lo:hi]
    return text, start - lo, max(end - lo, start - lo + 1), lo > line_start, hi < line_end


def _snippet(span: Span, paint: _Painter, style: str, columns: int, message: str = "") -> list[str]:
    line_no = span.line
    gutter = len(str(line_no))
    room = max(20, columns - gutter - 3)
    line, start, end, cut_left, cut_right = _window(span, room)
    text, caret_at, width = _fit(line, start, end, room, cut_left, cut_right)
    pad = " " * gutter
    caret = " " * caret_at + "^" * width
    if message:
        caret += " " + message
    return [
        paint(f"{pad} |", "gutter"),
        paint(f"{line_no} |", "gutter") + (" " + text if text else ""),
        paint(f"{pad} |", "gutter") + " " + paint(caret, style),
    ]


def render_one(diag: Diagnostic, *, color: bool = False, columns: int = 80) -> str:
    paint = _Painter(color)
    sev = str(diag.severity)
    # Paths and messages are shown as the excerpts are (visible): a file
    # name or a quoted passage may hold an escape sequence too.
    head = f"{visible(_location(diag.path, diag.span))}: {paint(sev, sev)}[{diag.code.code}] {paint(visible(diag.message), 'bold')}"
    lines = [head]
    if diag.span is not None:
        lines += _snippet(diag.span, paint, f"caret_{sev}", columns)
    for label in diag.labels:
        lines.append(paint("  --> ", "gutter") + visible(f"{_location(label.span.path, label.span)}: {label.message}"))
        lines += _snippet(label.span, paint, "gutter", columns)
    if diag.hint:
        # By display width: a hint quoting CJK text or ids would overrun the
        # terminal if wrapped by character count (textwrap).
        from argmap.wrap import wrap

        wrapped = wrap(visible(diag.hint), max(30, columns - 10)) or [""]
        lines.append(paint("  = hint: ", "hint") + wrapped[0])
        lines += ["          " + more for more in wrapped[1:]]
    return "\n".join(lines)


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    notes = sum(1 for d in diagnostics if d.severity is Severity.NOTE)
    noun = "file" if files == 1 else "files"
    if not errors and not warnings:
        also = f" ({notes} note{'s' if notes != 1 else ''})" if notes else ""
        return f"All clear: {files} {noun} checked, no problems{also}."
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    if notes:
        parts.append(f"{notes} note{'s' if notes != 1 else ''}")
    found = " and ".join(parts) if len(parts) < 3 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    if not files:  # every path was missing or empty: "in 0 files" reads like a miscount
        return f"Found {found}; no file was checked."
    # The files that have something to report, out of those checked.
    having = len({d.path for d in diagnostics if d.severity >= Severity.NOTE and d.path is not None})
    if 0 < having < files:
        return f"Found {found} in {having} of {files} files checked."
    return f"Found {found} in {files} {noun}."


def render(diagnostics: list[Diagnostic], *, files: int = 0, color: bool = False, columns: int = 80) -> str:
    blocks = [render_one(d, color=color, columns=columns) for d in diagnostics]
    blocks.append(summary(diagnostics, files))
    return "\n\n".join(blocks) + "\n"
