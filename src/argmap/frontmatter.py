"""Split the YAML front matter from a map and load it safely.

The front matter is the block between a first line `---` and the next line
that holds only `---` (or `...`). It is YAML, read with a safe loader (the
C one when present); plain `key: value` lines, the usual case, are read
without importing yaml, to the same values (`_simple`). Every problem
becomes a located diagnostic.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from argmap import diagnostics as D
from argmap.source import SourceFile, Span

ID_RE = re.compile(r"[^\W\d]\w*\Z")

REQUIRED = ("id", "title", "authors", "year")
OPTIONAL = (
    "title_en", "authors_en", "venue", "kind", "lang", "translated_from", "url", "date", "pages", "note",
    "source", "paragraphs",  # the source text and how its paragraphs are counted (docs/provenance.md)
    "translation_of",  # the id of the map this one translates: compare counts the two as one author
)
KNOWN = REQUIRED + OPTIONAL


@dataclass(frozen=True)
class FrontMatter:
    """The raw block (for `fmt`) and its loaded data (None when it failed)."""

    raw: str
    span: Span  # the whole block, both fences included
    body_start: int  # offset of the first character after the closing fence
    data: dict | None


def split(source: SourceFile) -> tuple[FrontMatter | None, list[D.Diagnostic]]:
    text = source.text
    first = source.line_text(1)
    if first.rstrip() != "---":
        return None, []
    for line in range(2, source.line_count + 1):
        if source.line_text(line).rstrip() in ("---", "..."):
            start_yaml = source.offset(2)
            end_yaml = source.offset(line)
            raw = text[start_yaml:end_yaml]
            # Just after the fence's line break (`\n` or `\r\n`), or the end of the text.
            line_break = text.find("\n", source.offset(line))
            body_start = line_break + 1 if line_break >= 0 else len(text)
            data = _simple(raw)
            data, diags = (data, []) if data is not None else _load(source, raw)
            return FrontMatter(raw, source.span(0, body_start), body_start, data), diags
    span = source.span(0, len(first))
    return None, [
        D.Diagnostic(
            D.UNCLOSED_FRONT_MATTER,
            "front matter opened here is never closed",
            span,
            hint="end the front matter with a line that holds only `---`",
        )
    ]


# Most front matter is a few `key: value` lines of text, small numbers and
# lists of names. `_simple` reads exactly those, as YAML reads them, without
# importing yaml (a tenth of a small map's run); anything else, or anything
# it is not sure of, goes to yaml (a test holds the two to the same values).
_SIMPLE_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?:[ ]+(.*?))?[ \r]*\Z")
_SMALL_INT = re.compile(r"(?:0|[1-9][0-9]{0,8})\Z")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
# What PyYAML's resolver reads as other than a string: its patterns
# (yaml/resolver.py) for bool, float, int, merge, null, timestamp and value.
_NOT_TEXT = re.compile(
    r"""(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN)
    |[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    |<<
    |~|null|Null|NULL
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?
    |=)\Z""",
    re.X,
)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


def _plain_text(value: str, flow: bool) -> bool:
    """A plain scalar that YAML reads as this very string."""
    return (
        bool(value) and value[0] not in _INDICATORS and value.isprintable() and ": " not in value and " #" not in value
        and not value.endswith((":", " ")) and (not flow or not any(c in value for c in ",[]{}"))
        and _NOT_TEXT.match(value) is None
    )


def _simple_scalar(value: str, flow: bool = False):
    """The value of a scalar written in one of the plain ways, or _NOT_SIMPLE."""
    if _SMALL_INT.match(value):
        return int(value)
    quoted = _DOUBLE.fullmatch(value) or _SINGLE.fullmatch(value)
    if quoted is not None:
        text = quoted.group(1) if value[0] == '"' else quoted.group(1).replace("''", "'")
        return text if text.isprintable() else _NOT_SIMPLE
    return value if _plain_text(value, flow) else _NOT_SIMPLE


_NOT_SIMPLE = object()
_FLOW_ITEM = re.compile(r""" *("[^"\\]*"|'(?:[^']|'')*'|[^,"'\[\]{}]*?) *(,|\Z)""")


def _simple(raw: str) -> dict | None:
    """The front matter when it is only `key: value` lines of plain text,
    quoted text, small whole numbers and flat lists of these; else None."""
    data: dict = {}
    for line in raw.split("\n"):
        if not line.strip(" \r") or line.startswith("#"):
            continue
        match = _SIMPLE_KEY.match(line)
        if match is None or match.group(2) is None or match.group(1) in data or _NOT_TEXT.match(match.group(1)):
            return None
        value = match.group(2)
        if value.startswith("["):
            if not value.endswith("]"):
                return None
            inner, items, at = value[1:-1], [], 0
            while inner.strip(" ") and at < len(inner):
                item = _FLOW_ITEM.match(inner, at)
                if item is None or not item.group(1):
                    return None
                items.append(_simple_scalar(item.group(1), flow=True))
                at = item.end()
                if item.group(2) == "," and at >= len(inner):
                    return None  # `[a, ]`
            if _NOT_SIMPLE in items:
                return None
            data[match.group(1)] = items
        else:
            scalar = _simple_scalar(value)
            if scalar is _NOT_SIMPLE:
                return None
            data[match.group(1)] = scalar
    return data or None


# Lists and mappings in the front matter nest at most this deep (AM160).
MAX_YAML_DEPTH = 50
_REFUSED_TAGS = ("tag:yaml.org,2002:set", "tag:yaml.org,2002:binary")


class _BadValue(Exception):
    """A scalar that YAML's grammar accepts but no value can hold (2026-13-45)."""

    def __init__(self, message: str, mark):
        super().__init__(message)
        self.problem_mark = mark


_LOADER = None


def _loader():
    """yaml's safe loader (the C one when present), narrowed for front matter.

    `!!set` and `!!binary` are refused like unsafe tags: they load as Python
    sets and bytes, which no output format can carry. Dates and numbers that
    the YAML grammar accepts but Python cannot build (`2026-13-45`, an
    integer of 5,000 digits) become diagnostics instead of ValueErrors.
    """
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml
    from yaml.constructor import SafeConstructor

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class FrontMatterLoader(base):  # type: ignore[misc, valid-type]
        """The safe loader with its own table of constructors (below)."""

    FrontMatterLoader.yaml_constructors = {k: v for k, v in base.yaml_constructors.items() if k not in _REFUSED_TAGS}

    def guarded(construct, what):
        def build(loader, node):
            try:
                return construct(loader, node)
            # An explicit tag reaches the constructor with any text
            # (`!!bool abc`, `!!timestamp soon`): each fails its own way.
            except (ValueError, OverflowError, TypeError, AttributeError, KeyError) as exc:
                # Python's advice on its own limit (`use sys.set_int_max_str_digits()`) is no use to a writer of YAML.
                detail = f": {str(exc).split('; use sys.')[0]}" if isinstance(exc, (ValueError, OverflowError)) else ""
                raise _BadValue(f"`{_cut(str(node.value))}` is not {what}{detail}", node.start_mark) from None

        return build

    for tag, construct, what in (
        ("timestamp", SafeConstructor.construct_yaml_timestamp, "a real date"),
        ("int", SafeConstructor.construct_yaml_int, "a usable number"),
        ("float", SafeConstructor.construct_yaml_float, "a number"),
        ("bool", SafeConstructor.construct_yaml_bool, "true or false"),
    ):  # not null: `!!null` takes any scalar, and a list or mapping is a ConstructorError
        FrontMatterLoader.add_constructor(f"tag:yaml.org,2002:{tag}", guarded(construct, what))
    _LOADER = FrontMatterLoader
    return _LOADER


def _shape(source: SourceFile, raw: str, loader) -> D.Diagnostic | None:
    """Refuse aliases and deep nesting from the event stream, before anything
    is built: loading expands every alias into a copy, so a few hundred
    bytes of nested aliases make gigabytes, and an alias inside its own
    anchor makes a value that contains itself."""
    import yaml

    depth = 0
    for event in yaml.parse(raw, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            return D.Diagnostic(
                D.YAML_ALIAS,
                f"YAML alias `*{event.anchor}` in front matter",
                _mark_span(source, event.start_mark, 1 + len(event.anchor or "")),
                hint="front matter takes no aliases: write the value out where it is needed",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return D.Diagnostic(
                    D.YAML_TOO_DEEP,
                    f"front-matter values nest more than {MAX_YAML_DEPTH} levels deep",
                    _mark_span(source, event.start_mark),
                    hint="front matter holds plain keys, strings, numbers and short lists",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _load(source: SourceFile, raw: str) -> tuple[dict | None, list[D.Diagnostic]]:
    import yaml

    loader = _loader()
    try:
        problem = _shape(source, raw, loader)
        if problem is not None:
            return None, [problem]
        data = yaml.load(raw, Loader=loader)  # noqa: S506 - a safe loader
    except _BadValue as exc:
        return None, [_yaml_diag(source, exc, D.BAD_YAML, str(exc))]
    except yaml.constructor.ConstructorError as exc:
        if "unhashable" in str(exc):
            return None, [_yaml_diag(source, exc, D.BAD_YAML, "invalid YAML in front matter: a key must be plain text")]
        if "could not determine a constructor" not in str(exc):  # `!!str [a]`: a tag on the wrong kind of value
            return None, [_yaml_diag(source, exc, D.BAD_YAML, f"invalid YAML in front matter: {exc.problem}")]
        return None, [_yaml_diag(source, exc, D.UNSAFE_YAML, _unsafe_message(exc))]
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [_yaml_diag(source, exc, D.BAD_YAML, f"invalid YAML in front matter: {problem}")]
    if data is None:
        data = {}
    if isinstance(data, dict):
        repeated = _repeated_keys(source, raw, loader)
        if repeated:
            return data, repeated
    if not isinstance(data, dict):
        span = source.span(source.offset(2), source.offset(2) + len(source.line_text(2)))
        return None, [
            D.Diagnostic(
                D.FRONT_MATTER_NOT_MAPPING,
                f"front matter must be a mapping of keys, not a {_type_name(data)}",
                span,
                hint="write one `key: value` per line, e.g. `id: chen2024`",
            )
        ]
    return data, []


def _repeated_keys(source: SourceFile, raw: str, loader) -> list[D.Diagnostic]:
    """safe_load silently keeps the last of two equal keys; say so instead."""
    import yaml

    node = yaml.compose(raw, Loader=loader)
    if not isinstance(node, yaml.MappingNode):
        return []
    seen: dict = {}
    out = []
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.value in seen:
            first = seen[key.value]
            out.append(
                D.Diagnostic(
                    D.DUPLICATE_KEY,
                    f"front-matter key `{key.value}` is given twice",
                    _mark_span(source, key.start_mark, len(key.value)),
                    hint="YAML keeps only the last value; remove one",
                    labels=(D.Label(_mark_span(source, first.start_mark, len(first.value)), "first given here"),),
                )
            )
        else:
            seen[key.value] = key
    return out


def _unsafe_message(exc) -> str:
    # The tag is given as its repr: in double quotes when it holds a `'`.
    tag = re.search(r"tag (['\"])(.*)\1", str(exc))
    what = tag.group(2).replace("tag:yaml.org,2002:", "!!") if tag else "this tag"
    return f"YAML tag `{what}` is not allowed in front matter"


def _yaml_diag(source: SourceFile, exc, code: D.Code, message: str) -> D.Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:  # a reader error: a character YAML refuses, with no line
        return _refused_character(source, exc, code, message)
    hint = "front matter is read with yaml.safe_load: plain keys, strings, numbers and lists" if code is D.UNSAFE_YAML else None
    if isinstance(exc, _BadValue):
        hint = "quote it to keep it as text"
    labels = ()
    context = getattr(exc, "context_mark", None)
    if context is not None and context.line != mark.line and getattr(exc, "context", None):
        labels = (D.Label(_mark_span(source, context), exc.context),)
    return D.Diagnostic(code, message, _mark_span(source, mark), hint=hint, labels=labels)


def _refused_character(source: SourceFile, exc, code: D.Code, message: str) -> D.Diagnostic:
    """A control character or a non-character (U+FFFE) in the YAML text.
    The reader names it but gives no line, and the C reader counts its
    position in bytes: find the character itself, the first of its kind
    after the opening fence (the reader stops at the first it meets)."""
    character = getattr(exc, "character", None)
    at = source.text.find(chr(character), source.offset(2)) if isinstance(character, int) else -1
    if at < 0:
        return D.Diagnostic(code, message, source.line_span(2))
    return D.Diagnostic(
        code,
        message,
        source.span(at, at + 1),
        hint=f'remove it, or write it as the escape "\\u{character:04x}" inside double quotes',
    )


def _mark_span(source: SourceFile, mark, length: int = 1) -> Span:
    # The YAML text starts on line 2 of the file.
    offset = source.offset(mark.line + 2, mark.column + 1)
    return source.span(offset, offset + length)


# A value quoted in a message is cut to this many characters: the excerpt
# under it shows where the rest is, and a list of 100,000 names or a number
# of 5,000 digits would otherwise make one message of that size.
SHOWN_VALUE = 60


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_VALUE else text[: SHOWN_VALUE - 1] + "…"


def _shown(value) -> str:
    """A value as a message quotes it: a date as it is written in YAML (not
    Python's `datetime.date(2020, 1, 1)`), anything else as its repr."""
    if isinstance(value, datetime.date):
        return _cut(value.isoformat())
    return _cut(repr(value))


def _type_name(value) -> str:
    return {
        str: "string",
        int: "number",
        float: "number",
        bool: "boolean",
        list: "list",
        dict: "mapping",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def key_span(source: SourceFile, fm: FrontMatter, key: str) -> Span:
    """The span of `key` in the front matter (the opening fence if absent):
    the first line that starts with the key, then `:`."""
    at = _key_lines(fm.raw).get(key)
    if at is None:
        return source.span(0, 3)
    start = source.offset(2) + at
    return source.span(start, start + len(key))


_LINE = re.compile(r"^[^\n]*", re.M)


@lru_cache(maxsize=8)
def _key_lines(raw: str) -> dict[str, int]:
    """Where each `key:` first starts a line of the front matter, found in one
    pass: a search per key from the top made many keys quadratic (10,000
    unknown keys, 7 s). Every colon of a line can end a key (`a:b: c` holds
    `a` and `a:b`), up to a few per line."""
    out: dict[str, int] = {}
    for line in _LINE.finditer(raw):
        text = line.group()
        colon = text.find(":", 1)  # a key is never empty: `: x` is the value of a `? key` line
        for _ in range(8):
            if colon < 0:
                break
            out.setdefault(text[:colon].rstrip(" \t"), line.start())
            colon = text.find(":", colon + 1)
    return out


def check(source: SourceFile, fm: FrontMatter) -> list[D.Diagnostic]:
    """Required keys, their types and unknown keys."""
    data = fm.data
    if data is None:
        return []
    out: list[D.Diagnostic] = []
    for key in REQUIRED:
        if key not in data or data[key] is None:
            out.append(
                D.Diagnostic(
                    D.MISSING_KEY,
                    f"front matter has no `{key}`",
                    source.span(0, 3),
                    hint=_EXAMPLES[key],
                )
            )
    for key, value in data.items():
        if not isinstance(key, str):
            out.append(D.Diagnostic(D.BAD_KEY_TYPE, f"front-matter key {key!r} is not a string", source.span(0, 3)))
            continue
        problem = _type_problem(key, value) or _not_finite(key, value)
        if problem:
            out.append(D.Diagnostic(D.BAD_KEY_TYPE, problem, key_span(source, fm, key), hint=_EXAMPLES.get(key)))
        elif key not in KNOWN:
            guess = D.did_you_mean(key, KNOWN)
            out.append(
                D.Diagnostic(
                    D.UNKNOWN_KEY,
                    f"unknown front-matter key `{key}`" + (f" — did you mean `{guess}`?" if guess else ""),
                    key_span(source, fm, key),
                    hint="known keys: " + ", ".join(KNOWN),
                )
            )
    return out


_EXAMPLES = {
    "id": "e.g. `id: chen2024` (letters, digits and _, starting with a letter)",
    "title": "the title in the original language, e.g. `title: 價值共同體下的台日關係`",
    "authors": "a list of names, e.g. `authors: [陳文甲]`",
    "year": "a number, e.g. `year: 2024`",
}


def _type_problem(key: str, value) -> str | None:
    if value is None:
        return None
    if key in ("id", "translation_of"):
        if not isinstance(value, str) or not ID_RE.match(value):
            return f"`{key}` must be an identifier (letters, digits and _), not {_shown(value)}"
    elif key in ("authors", "authors_en"):
        if not isinstance(value, list) or not value or not all(isinstance(a, str) and a.strip() for a in value):
            return f"`{key}` must be a non-empty list of names, not {_type_name(value)} {_shown(value)}"
    elif key == "year":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"`year` must be a whole number, not {_type_name(value)} {_shown(value)}"
    elif key == "date":
        if not isinstance(value, (str, datetime.date)):
            return f"`date` must be a date such as 2026-02-09, not {_type_name(value)}"
    elif key in KNOWN and not isinstance(value, str):
        hint = f' (quote it: {key}: "{value}")' if isinstance(value, (int, float)) else ""
        return f"`{key}` must be text, not {_type_name(value)} {_shown(value)}{hint}"
    return None


def _floats(value):
    """Every float in a loaded value (front matter nests at most MAX_YAML_DEPTH)."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, float):
            yield item
        elif isinstance(item, (list, tuple)):
            todo.extend(item)
        elif isinstance(item, dict):
            todo.extend(item.values())


def _not_finite(key: str, value) -> str | None:
    # JSON has no NaN or infinity: `export` would print invalid JSON.
    bad = next((f for f in _floats(value) if not math.isfinite(f)), None)
    if bad is None:
        return None
    return f"`{key}` holds {_yaml_float(bad)}, which is not a number JSON can carry (quote it to keep it as text)"


def _yaml_float(value: float) -> str:
    return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"


def plain(data: dict | None) -> dict:
    """Front matter as JSON-ready values (dates become ISO strings)."""
    if not data:
        return {}

    def conv(value):  # recursive, but front matter nests at most MAX_YAML_DEPTH (AM160)
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(value, float) and not math.isfinite(value):
            return _yaml_float(value)  # as text: JSON has no NaN (reported as AM155)
        if isinstance(value, (list, tuple)):
            return [conv(v) for v in value]
        if isinstance(value, dict):
            return {str(k): conv(v) for k, v in value.items()}
        return value

    return {str(k): conv(v) for k, v in data.items()}
