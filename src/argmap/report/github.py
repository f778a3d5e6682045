"""GitHub Actions workflow commands: one `::error file=…::message` per line."""

from __future__ import annotations


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics) -> str:
    lines = []
    for d in diagnostics:
        props = [f"file={_prop(d.path or '')}"]
        if d.span is not None:
            s = d.span
            props += [f"line={s.line}", f"col={s.column}", f"endLine={s.end_line}", f"endColumn={s.end_column}"]
        props.append(f"title={_prop(f'argmap {d.code.code} ({d.code.name})')}")
        message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        command = "notice" if str(d.severity) == "note" else d.severity  # GitHub's word for a note
        lines.append(f"::{command} {','.join(props)}::{_data(message)}")
    return "".join(line + "\n" for line in lines)
