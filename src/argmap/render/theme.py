"""Themes: the colours a figure is drawn in.

Every distinction a figure makes is carried by shape, line style, a glyph
or a word first; colour only repeats it. The default theme uses the
Okabe–Ito hues (safe for the common colour-vision deficiencies), with fills
whose lightness differs too, so that they stay apart in greyscale; `print`
draws in greys only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

THEMES = ("default", "print")


@dataclass(frozen=True)
class StanceLook:
    glyph: str  # drawn before the word: the stance by shape
    fill: str  # the cell's fill: the stance by fill (a gradient for mixed)
    ink: str = "#222222"


@dataclass(frozen=True)
class Theme:
    name: str
    stances: dict  # pro | con | mixed → StanceLook
    silent: str  # the fill of a cell where a map takes no stance
    rule: str  # table rules and frames
    muted: str  # secondary text


# ▲ for, ▼ against, ◆ both: three shapes that differ at a glance and in
# greyscale. Fills differ in lightness as well as hue: pro pale, con dark,
# mixed the two split along the diagonal.
DEFAULT = Theme(
    name="default",
    stances={
        "pro": StanceLook("▲", "#CFE6F7"),
        "con": StanceLook("▼", "#E8A383"),
        "mixed": StanceLook("◆", "#CFE6F7:#E8A383"),
    },
    silent="#FFFFFF",
    rule="#9A9A9A",
    muted="#5f5f5f",
)

PRINT = Theme(
    name="print",
    stances={
        "pro": StanceLook("▲", "#E6E6E6"),
        "con": StanceLook("▼", "#A8A8A8"),
        "mixed": StanceLook("◆", "#E6E6E6:#A8A8A8"),
    },
    silent="#FFFFFF",
    rule="#808080",
    muted="#4d4d4d",
)


def theme(name: str) -> Theme:
    if name == "print":
        return PRINT
    if name == "default":
        return DEFAULT
    raise ValueError(f"unknown theme {name!r}: use {', '.join(THEMES)}")


_HEX = re.compile(r"#([0-9A-Fa-f]{6})\b")


def grey(hex_colour: str) -> str:
    """The grey a colour prints as (its luma, as a greyscale conversion
    gives), with lines and text taken darker: in print they carry their
    meaning by dash and arrowhead, and must stand out from the fills."""
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    luma = 0.299 * r + 0.587 * g + 0.114 * b
    if luma < 150:
        luma *= 0.55
    level = max(0, min(255, round(luma)))
    return f"#{level:02X}{level:02X}{level:02X}"


def themed(dot: str, name: str) -> str:
    """DOT in the named theme: `print` turns every colour to its grey.
    The default theme's fills sit at distinct lightness, so their greys
    stay apart; nothing else in the drawing changes."""
    if name == "default":
        return dot
    if name != "print":
        raise ValueError(f"unknown theme {name!r}: use {', '.join(THEMES)}")
    return _HEX.sub(lambda m: grey(m.group(0)), dot)
