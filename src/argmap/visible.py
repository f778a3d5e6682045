"""Map text made safe to show: characters a terminal or a reader would obey
rather than display become visible symbols, one for one.

Map text is data that anyone may have written, and it reaches terminals
(tables, excerpts, diffs) and files that are later printed or pasted (CSV,
Markdown). A terminal obeys escape sequences in what it prints: `ESC ] 0 ;
title BEL` retitles the window, `ESC ] 8 ; ; url ESC \\` makes a hidden link,
`ESC [ 2 J` clears the screen; C1 controls (U+0080–U+009F) are the same
sequences in one character for some terminals. Bidi embeddings, overrides
and isolates (U+202A–U+202E, U+2066–U+2069) reorder the characters around
them, so that a line reads other than it is ("Trojan Source",
CVE-2021-42574).

Each such character becomes exactly one visible character of width one, so
offsets, carets and column widths measured on the shown text stay true:
C0 controls and DEL their Control Pictures (␛ ␇ ␍ …, as a compiler shows
them), C1 controls and the bidi controls U+FFFD (as rustc shows bidi
controls), the line and paragraph separators (U+2028, U+2029) the Symbol
for Newline ␤: a reader that splits lines as Unicode says (Python's
`splitlines`, editors, a log viewer) would break the line there, and
JavaScript before ES2019 ends a string literal at them. Tab and line feed
are left alone: every output lays them out itself. The bidi marks (LRM,
RLM, ALM) are left too: they cannot reorder strong characters, and Arabic
or Hebrew quotes need them.
"""

from __future__ import annotations

import re

REPLACEMENT = 0xFFFD
BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
LINE_SEPARATORS = frozenset((0x2028, 0x2029))

# A str.translate table: one character in, one character out.
VISIBLE: dict[int, int] = (
    {i: 0x2400 + i for i in range(32) if i not in (9, 10)}
    | {0x7F: 0x2421}
    | {i: REPLACEMENT for i in range(0x80, 0xA0)}
    | {i: REPLACEMENT for i in BIDI_CONTROLS}
    | {i: 0x2424 for i in LINE_SEPARATORS}
)


def _class(codes) -> str:
    return "[" + "".join(re.escape(chr(c)) for c in sorted(codes)) + "]"


# The same characters as a regular expression: searching a text for one is
# a scan in C, where translating it looks each character up in a dict (a
# second for the export of a 10,000-statement map, which has none).
_HIDDEN = re.compile(_class(VISIBLE))
_SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: str) -> str:
    """text with controls and bidi controls shown as symbols (see above)."""
    return text if _HIDDEN.search(text) is None else text.translate(VISIBLE)


def is_visible(text: str) -> bool:
    """No character of text is one that `visible` would replace."""
    return _HIDDEN.search(text) is None


_CONSOLE_CLASS = None


def console(**options):
    """A rich Console that prints every text through `visible`.

    Callers still pass map text through `visible` before it is laid out, so
    that widths are measured on what is shown; this is the guarantee that a
    text they missed cannot reach the terminal raw. Rich's own styling is not
    text (it travels in the segments' styles and control codes) and is kept.
    """
    global _CONSOLE_CLASS
    if _CONSOLE_CLASS is None:
        from rich.console import Console
        from rich.segment import Segment

        class VisibleConsole(Console):
            def render(self, renderable, options=None):
                for segment in super().render(renderable, options):
                    if segment.control is None:
                        shown = visible(segment.text)
                        if shown != segment.text:
                            segment = Segment(shown, segment.style)
                    yield segment

        _CONSOLE_CLASS = VisibleConsole
    # Map text is data: `:fire:` in it is not rich's emoji code for 🔥.
    made = _CONSOLE_CLASS(**{"emoji": False, **options})
    if "width" in options and "height" not in options and not made.is_dumb_terminal and not made.legacy_windows:
        # Rich asks the terminal for its size on every print and every
        # `width` read unless both are given; the height it would find, once.
        made.height = made.size.height
    return made


# A spreadsheet (Excel, LibreOffice, Google Sheets) opening a CSV reads a
# cell that starts with one of these as a formula: `=HYPERLINK(...)`,
# `+cmd|' /C calc'!A0` (DDE), `@SUM(...)`; tab and CR are on the OWASP list
# because some import paths strip them and read the rest.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value for a CSV cell of map text: shown as `visible` shows it, and
    never a formula. A text cell that starts like a formula gets a single
    quote in front (OWASP's "CSV injection" advice): the spreadsheet shows
    `'=1+1` as text, and a reader of the file sees what was written. Only
    text is changed; numbers (years, scores, depths) are written as they
    are, so a negative score stays a number. One place, so that every CSV
    writer (compare, evaluate) does the same (docs/cli.md, "CSV output")."""
    if not isinstance(value, str):
        return value
    shown = visible(value)
    # visible() has already made CR `␍`; the tab is left to the outputs.
    if shown.startswith(FORMULA_START):
        return "'" + shown
    return shown


def json_text(serialised: str) -> str:
    """JSON text with the characters `visible` replaces written as \\uXXXX
    escapes: the data is unchanged for any JSON reader, and the file is safe
    to print. (json.dumps escapes C0 controls itself; with ensure_ascii off it
    leaves C1 and bidi controls raw.) Outside strings JSON has none of them,
    so escaping every occurrence is exact.

    A file name that is not UTF-8 reaches Python as lone surrogates
    (`\\udcff`), which no encoder writes; JSON's own escape `\\udcff` stands
    for them, and reads back as the same name."""
    if not is_visible(serialised):
        serialised = "".join(f"\\u{ord(ch):04x}" if ord(ch) in VISIBLE else ch for ch in serialised)
    if serialised.isascii() or _SURROGATE.search(serialised) is None:
        return serialised  # no copy of a large export when there is nothing to escape
    return serialised.encode("utf-8", "backslashreplace").decode("utf-8")


# The first UTF-8 byte of every character `visible` replaces that a JSON
# encoder leaves raw (it escapes C0 controls): DEL, the C1 controls
# (U+0080–U+009F, after 0xC2), the separators and bidi controls (U+2028–
# U+202E, U+2066–U+2069, after 0xE2). Looking for a byte is a memchr.
_RAW_LEADS = (b"\x7f", b"\xc2", b"\xe2")


def json_utf8(serialised: str) -> bytes:
    """json_text(serialised) in UTF-8, for text a JSON encoder wrote. Most
    JSON has nothing to escape: the encoding, needed anyway, says there is
    no lone surrogate, and a look at the bytes that no character to show
    can be there, where json_text would scan the text twice with regular
    expressions (0.3 s on the export of a 50,000-statement map)."""
    try:
        data = serialised.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return json_text(serialised).encode("utf-8")
    if any(lead in data for lead in _RAW_LEADS) and not is_visible(serialised):
        return json_text(serialised).encode("utf-8")
    return data
