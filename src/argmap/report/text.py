"""Compiler-style text: `file:line:col: error[AM201] message`, the source
line and a caret under the span, aligned by display width.
"""

from __future__ import annotations

from argmap.diagnostics import Diagnostic, Severity
from argmap.source import Span, display_width

_STYLES = {"error": "1;31", "warning": "1;33", "hint": "36", "caret_error": "1;31", "caret_warning": "1;33", "gutter": "34", "bold": "1"}
TAB = "    "


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


_CONTROL = {i: 0x2400 + i for i in range(32) if i != 9} | {127: 0x2421}


def _fit(line: str, start: int, end: int, room: int) -> tuple[str, int, int]:
    """Cut a long line to `room` columns around [start, end) (character
    indexes); returns the visible text and the caret's column and width."""
    line = line.translate(_CONTROL)  # show NUL and friends as symbols, one for one
    if "\t" in line:
        start, end = len(line[:start].replace("\t", TAB)), len(line[:end].replace("\t", TAB))
        line = line.replace("\t", TAB)
    before = display_width(line[:start])
    width = max(1, display_width(line[start:end]))
    if display_width(line) <= room:
        return line, before, width
    # Keep some context before the span, then as much as fits.
    lead = 0
    while lead < start and display_width(line[lead:start]) > max(8, room // 4):
        lead += 1
    shown = ("…" if lead else "") + line[lead:]
    caret_at = display_width(shown[: (1 if lead else 0) + start - lead])
    out, used = [], 0
    for ch in shown:
        w = display_width(ch)
        if used + w > room - 1:
            out.append("…")
            break
        out.append(ch)
        used += w
    text = "".join(out)
    width = max(1, min(width, display_width(text) - caret_at))
    return text, caret_at, width


def _snippet(span: Span, paint: _Painter, style: str, columns: int, message: str = "") -> list[str]:
    source = span.file
    line_no = span.line
    line = source.line_text(line_no)
    line_start = source.offset(line_no)
    start = span.start - line_start
    end = span.end - line_start if span.end_line == line_no else len(line)
    if end <= start:
        end = start + 1
    gutter = len(str(line_no))
    room = max(20, columns - gutter - 3)
    text, caret_at, width = _fit(line, start, end, room)
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
    head = f"{_location(diag.path, diag.span)}: {paint(sev, sev)}[{diag.code.code}] {paint(diag.message, 'bold')}"
    lines = [head]
    if diag.span is not None:
        lines += _snippet(diag.span, paint, f"caret_{sev}", columns)
    for label in diag.labels:
        lines.append(paint("  --> ", "gutter") + f"{_location(label.span.path, label.span)}: {label.message}")
        lines += _snippet(label.span, paint, "gutter", columns)
    if diag.hint:
        import textwrap

        wrapped = textwrap.wrap(diag.hint, max(30, columns - 10), break_on_hyphens=False) or [""]
        lines.append(paint("  = hint: ", "hint") + wrapped[0])
        lines += ["          " + more for more in wrapped[1:]]
    return "\n".join(lines)


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    noun = "file" if files == 1 else "files"
    if not diagnostics:
        return f"All clear: {files} {noun} checked, no problems."
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"Found {' and '.join(parts)} in {files} {noun}."


def render(diagnostics: list[Diagnostic], *, files: int = 0, color: bool = False, columns: int = 80) -> str:
    blocks = [render_one(d, color=color, columns=columns) for d in diagnostics]
    blocks.append(summary(diagnostics, files))
    return "\n\n".join(blocks) + "\n"
