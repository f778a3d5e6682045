"""Project settings from `[tool.argmap]` in pyproject.toml, and applying them.

    [tool.argmap.rules]
    AM301 = "off"          # by code
    unsupported-claim = "error"   # or by name
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from argmap import diagnostics as D


class ConfigError(Exception):
    """A broken configuration: a usage error (exit 2), reported with its file."""


@dataclass
class Config:
    severities: dict[str, D.Severity] = field(default_factory=dict)
    path: str | None = None


def find(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above start that has a [tool.argmap] table."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                if "[tool.argmap" in candidate.read_text(encoding="utf-8", errors="replace"):
                    return candidate
            except OSError:
                continue
    return None


def load(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    section = data.get("tool", {}).get("argmap", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.argmap] must be a table")
    unknown = set(section) - {"rules"}
    if unknown:
        raise ConfigError(f"{path}: unknown setting in [tool.argmap]: {', '.join(sorted(unknown))} (known: rules)")
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
    return Config(severities, str(path))


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
