"""Fonts: the stack diagrams name, and whether a CJK font is installed.

SVG leaves the choice of font to the viewer, so it names a stack that covers
Chinese and Japanese on common systems. PNG and PDF are drawn here, by
Graphviz through Pango and fontconfig, and show an empty box for every
Chinese character when no installed font covers them; we detect that case
and say which package fixes it rather than hand back a page of boxes.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Pango and browsers both read a comma-separated family list and fall back
# per glyph; "sans-serif" last lets any system choose when none is present.
FONT_STACK = (
    "Noto Sans CJK TC,Noto Sans CJK JP,Source Han Sans TC,PingFang TC,"
    "Hiragino Sans,Microsoft JhengHei,Yu Gothic,WenQuanYi Micro Hei,sans-serif"
)

# Font files that cover CJK, for systems without fc-list (macOS, Windows).
_KNOWN_FILES = (
    "NotoSansCJK", "NotoSerifCJK", "SourceHanSans", "SourceHanSerif", "wqy-microhei", "wqy-zenhei",
    "PingFang", "Hiragino", "msjh", "msyh", "simsun", "YuGoth", "meiryo", "uming", "ukai", "droidsansfallback",
    "ipag", "ipaexg", "takao",
)
_FONT_DIRS = (
    "/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
    "/System/Library/Fonts", "/Library/Fonts", "~/Library/Fonts",
)


@dataclass(frozen=True)
class FontStatus:
    found: bool
    family: str | None  # a family that covers Chinese, when found
    how: str  # how we looked: "fc-list", "font folders" or "none"
    stack: str | None = None  # the first family of FONT_STACK installed: what boxes are measured with

    def advice(self) -> str:
        return install_hint()

    @property
    def drawn_with(self) -> str | None:
        """The family PNG and PDF labels are set in (and SVG boxes measured with)."""
        return self.stack or self.family


def problem(text: str, fmt: str, status: FontStatus | None = None) -> str | None:
    """Why `text` cannot be drawn legibly as `fmt` here, or None.

    The one check behind `render`, `compare --graph`, `doctor` and the
    gallery script, so that they never disagree: SVG leaves fonts to its
    viewer; PNG and PDF are drawn here and need an installed font that
    covers the CJK characters the text holds.
    """
    if fmt not in ("png", "pdf") or not has_cjk(text):
        return None
    status = status or cjk_font()
    if status.found:
        return None
    return (f"no installed font covers Chinese or Japanese, so this {fmt.upper()} would show an empty box "
            f"for each of their characters; {install_hint()}")


def install_hint() -> str:
    """The command that installs a CJK font on this kind of system."""
    system = platform.system()
    if system == "Darwin":
        return "macOS ships CJK fonts (PingFang, Hiragino); check that they are enabled in Font Book"
    if system == "Windows":
        return "Windows ships CJK fonts (Microsoft JhengHei, Yu Gothic); add the language's supplemental fonts in Settings"
    release = _os_release()
    ids = {release.get("ID", "")} | set(release.get("ID_LIKE", "").split())
    if ids & {"debian", "ubuntu"}:
        return "install one: sudo apt-get install fonts-wqy-microhei (or fonts-noto-cjk)"
    if ids & {"fedora", "rhel", "centos"}:
        return "install one: sudo dnf install google-noto-sans-cjk-fonts (or wqy-microhei-fonts)"
    if "alpine" in ids:
        return "install one: apk add font-wqy-zenhei (or font-noto-cjk)"
    if "arch" in ids:
        return "install one: sudo pacman -S noto-fonts-cjk (or wqy-microhei)"
    return "install a font that covers Chinese, e.g. Noto Sans CJK or WenQuanYi Micro Hei"


def _os_release() -> dict[str, str]:
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip()] = value.strip().strip('"')
    return out


def cjk_font() -> FontStatus:
    """Is a font that covers Chinese installed? Asks fontconfig when it can.

    Cached per fontconfig configuration (FONTCONFIG_FILE, FONTCONFIG_PATH),
    the same one Graphviz draws with: pointing it at an empty configuration
    shows what a machine without fonts would see."""
    return _cjk_font(os.environ.get("FONTCONFIG_FILE"), os.environ.get("FONTCONFIG_PATH"))


@lru_cache(maxsize=4)
def _cjk_font(config_file: str | None, config_path: str | None) -> FontStatus:
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            proc = subprocess.run(
                [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=20, check=False
            )
        except (OSError, subprocess.SubprocessError):
            proc = None
        if proc is not None and proc.returncode == 0:
            families = sorted(line.split(",")[0].strip() for line in proc.stdout.splitlines() if line.strip())
            stack = _stack_family(fc_list)
            # Name the covering font the labels are set in, when there is one.
            family = stack if stack in families else (families[0] if families else None)
            return FontStatus(bool(families), family, "fc-list", stack)
    for folder in _FONT_DIRS + _windows_dirs():
        root = Path(os.path.expanduser(folder))
        if not root.is_dir():
            continue
        try:
            for path in root.rglob("*"):
                name = path.name.lower()
                if any(known.lower() in name for known in _KNOWN_FILES):
                    return FontStatus(True, path.stem, "font folders")
        except OSError:
            continue
    return FontStatus(False, None, "fc-list" if fc_list else "font folders")


def _windows_dirs() -> tuple[str, ...]:
    if sys.platform != "win32":
        return ()
    windir = os.environ.get("WINDIR", r"C:\Windows")
    return (os.path.join(windir, "Fonts"),)


def has_cjk(text: str) -> bool:
    """Does the text hold characters that need a CJK font?"""
    for ch in text:
        code = ord(ch)
        if code < 0x2E80:
            continue
        if (
            0x2E80 <= code <= 0x9FFF  # radicals, kana, CJK symbols, unified ideographs
            or 0xAC00 <= code <= 0xD7AF  # Hangul
            or 0xF900 <= code <= 0xFAFF
            or 0xFF00 <= code <= 0xFFEF  # full-width forms
            or 0x20000 <= code <= 0x3FFFF
        ):
            return True
    return False


def stack_family() -> str | None:
    """The first family of FONT_STACK that fontconfig knows here: the font
    PNG and PDF are drawn with and every box is measured with, so diagrams
    drawn on machines that agree on it agree byte for byte."""
    return cjk_font().stack


def _stack_family(fc_list: str) -> str | None:
    try:
        proc = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    names = {name.strip() for line in proc.stdout.splitlines() for name in line.split(",")}
    for family in FONT_STACK.split(","):
        if family in names:
            return family
    return None
