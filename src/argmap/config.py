"""Project settings from `[tool.argmap]` in pyproject.toml, and applying them.

    [tool.argmap]
    sources = ["../shared/seeds"]   # folders where maps' source texts are found (docs/provenance.md)

    [tool.argmap.rules]
    AM301 = "off"          # by code
    unsupported-claim = "error"   # or by name

    [tool.argmap.fmt]
    indent = 4             # `argmap fmt`: spaces per level, 2 (default) or 4
    exclude = ["tests/cases"]   # folders or globs that `fmt` skips when it searches a folder
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from argmap import diagnostics as D


class ConfigError(Exception):
    """A broken configuration: a usage error (exit 2), reported with its file."""


@dataclass
class Config:
    severities: dict[str, D.Severity] = field(default_factory=dict)
    path: str | None = None
    fmt_indent: int = 2  # [tool.argmap.fmt] indent
    fmt_exclude: tuple[str, ...] = ()  # [tool.argmap.fmt] exclude: globs relative to the config's folder
    sources: tuple[str, ...] = ()  # [tool.argmap] sources: folders searched for source texts, made absolute

    def fmt_excluded(self, path: str) -> bool:
        """Is this file (found by searching a folder) excluded from `fmt`?"""
        from fnmatch import fnmatchcase

        if not self.fmt_exclude or self.path is None:
            return False
        try:
            rel = Path(path).resolve().relative_to(Path(self.path).resolve().parent).as_posix()
        except ValueError:  # outside the project
            return False
        return any(fnmatchcase(rel, pat) or fnmatchcase(rel, pat.rstrip("/") + "/*") for pat in self.fmt_exclude)


def find(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above start that has a [tool.argmap]
    table, or that cannot be read to tell (too large, unreadable): `load`
    then reports why."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                text = _read(candidate).decode("utf-8", errors="replace")
            except (OSError, ConfigError):
                # Passing over it would silently drop its rules and use the
                # settings of a folder above instead.
                return candidate
            # `[tool.argmap…]`, or `argmap` as a key of [tool] or as `tool.argmap`:
            # a false match only costs a parse that finds no settings.
            if _MENTIONS.search(text):
                return candidate
    return None


_MENTIONS = re.compile(r"tool\s*\.\s*argmap|^\s*argmap\s*[=.]", re.M)
# A pyproject.toml larger than this is not read (no real one comes close).
MAX_CONFIG_BYTES = 1024 * 1024


def _read(path: Path) -> bytes:
    """The file's bytes, if it is a regular file of at most MAX_CONFIG_BYTES."""
    import os
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ConfigError(f"{path}: not a regular file")
        data = handle.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KiB: not read")
    return data


def load(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(_read(path).decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nest too deep to read") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: `tool` must be a table ([tool.argmap])")
    section = tool.get("argmap", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.argmap] must be a table, not {type(section).__name__} {section!r:.40}")
    unknown = set(section) - {"rules", "fmt", "sources"}
    if unknown:
        raise ConfigError(f"{path}: unknown setting in [tool.argmap]: {', '.join(sorted(unknown))} (known: fmt, rules, sources)")
    rules = section.get("rules", {})
    if not isinstance(rules, dict):
        raise ConfigError(f"{path}: [tool.argmap.rules] must be a table of CODE = \"off\" | \"warning\" | \"error\"")
    by_name = {c.name: c for c in D.registry().values()}
    severities = {}
    for key, level in rules.items():
        code = D.lookup(key) or by_name.get(key)
        if code is None:
            guess = D.did_you_mean(key.upper(), D.registry()) or D.did_you_mean(key, by_name)
            raise ConfigError(
                f"{path}: [tool.argmap.rules] unknown rule `{key}`" + (f" — did you mean `{guess}`?" if guess else "")
            )
        if D.is_fatal(code):
            raise ConfigError(
                f"{path}: [tool.argmap.rules] {key}: {code.code} ({code.name}) cannot be re-levelled: "
                "a file with it is not read at all"
            )
        try:
            severities[code.code] = D.Severity.parse(str(level))
        except KeyError:
            raise ConfigError(
                f"{path}: [tool.argmap.rules] {key} = {level!r}: use \"off\", \"warning\" or \"error\""
            ) from None
    fmt = section.get("fmt", {})
    return Config(
        severities, str(path), fmt_indent=_fmt_indent(path, fmt), fmt_exclude=_fmt_exclude(path, fmt),
        sources=_sources(path, section.get("sources", [])),
    )


def _sources(path: Path, sources) -> tuple[str, ...]:
    """[tool.argmap] sources: folders where maps' source texts are looked for,
    relative to the pyproject.toml's folder (docs/provenance.md)."""
    if not isinstance(sources, list) or not all(isinstance(p, str) and p.strip() for p in sources):
        raise ConfigError(
            f"{path}: [tool.argmap] sources = {sources!r:.60}: use a list of folders, "
            'relative to this file, e.g. ["../shared/seeds"]'
        )
    import os

    base = Path(path).resolve().parent
    return tuple(os.path.normpath(base / Path(p.strip()).expanduser()) for p in sources)


FMT_SETTINGS = ("indent", "exclude")


def _fmt_exclude(path: Path, fmt: dict) -> tuple[str, ...]:
    exclude = fmt.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(p, str) and p.strip() for p in exclude):
        raise ConfigError(
            f"{path}: [tool.argmap.fmt] exclude = {exclude!r}: use a list of folders or globs, "
            'relative to this file, e.g. ["tests/cases", "drafts/*.map"]'
        )
    return tuple(p.strip().removeprefix("./") for p in exclude)


def _fmt_indent(path: Path, fmt) -> int:
    """[tool.argmap.fmt]: the options of `argmap fmt`."""
    if not isinstance(fmt, dict):
        raise ConfigError(f"{path}: [tool.argmap.fmt] must be a table, e.g. `indent = 2`")
    unknown = set(fmt) - set(FMT_SETTINGS)
    if unknown:
        guess = D.did_you_mean(sorted(unknown)[0], FMT_SETTINGS)
        raise ConfigError(
            f"{path}: unknown setting in [tool.argmap.fmt]: {', '.join(sorted(unknown))}"
            + (f" — did you mean `{guess}`?" if guess else f" (known: {', '.join(FMT_SETTINGS)})")
        )
    indent = fmt.get("indent", 2)
    if type(indent) is not int or indent not in (2, 4):
        raise ConfigError(f"{path}: [tool.argmap.fmt] indent = {indent!r}: use 2 or 4 (spaces per level)")
    return indent


def apply(diagnostics: list[D.Diagnostic], config: Config, suppressions: dict[str, dict[int, set[str]]]) -> list[D.Diagnostic]:
    """Re-level by configuration, then drop what is off or silenced in the file."""
    out = []
    for diag in diagnostics:
        level = config.severities.get(diag.code.code)
        if level is not None:
            if level is D.Severity.OFF:
                continue
            diag = diag.with_severity(level)
        if diag.span is not None:
            silenced = suppressions.get(diag.path, {}).get(diag.span.line, ())
            if diag.code.code in silenced:
                continue
        out.append(diag)
    return sorted(out, key=D.Diagnostic.sort_key)
