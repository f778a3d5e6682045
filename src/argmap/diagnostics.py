"""Diagnostics: the stable code registry, severities, labels and messages.

User errors are values: every parser, lowering step and check returns
`Diagnostic`s; nothing here raises for bad input.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from argmap.source import Span


class Severity(enum.IntEnum):
    OFF = 0
    NOTE = 1  # worth knowing, never a failure (not even with --strict)
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> "Severity":
        return {"off": cls.OFF, "warning": cls.WARNING, "error": cls.ERROR}[value.lower()]


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str


_CODES: dict[str, Code] = {}


def _code(code: str, name: str, severity: Severity, summary: str) -> Code:
    entry = Code(code, name, severity, summary)
    _CODES[code] = entry
    return entry


E, W = Severity.ERROR, Severity.WARNING

# AM0xx: reading files
FILE_NOT_FOUND = _code("AM001", "file-not-found", E, "a path given on the command line does not exist")
INVALID_UTF8 = _code("AM002", "invalid-utf8", E, "the file is not valid UTF-8")
NO_MAPS = _code("AM003", "no-maps", E, "a directory holds no .map file")
UNREADABLE = _code("AM004", "unreadable", E, "the file cannot be read")
TOO_LARGE = _code("AM005", "file-too-large", E, "a file or standard input is larger than argmap reads")

# AM1xx: syntax
SYNTAX = _code("AM100", "syntax-error", E, "the text does not follow the grammar")
UNTERMINATED_STRING = _code("AM101", "unterminated-string", E, "a string is not closed on its line")
MISSING_TEXT = _code("AM102", "missing-text", E, "a node, issue or attribute has no quoted text")
UNKNOWN_KEYWORD = _code("AM103", "unknown-keyword", E, "a word is not a keyword of the language")
UNCLOSED_BLOCK = _code("AM104", "unclosed-block", E, "a `{` block is not closed before the end of the file")
UNEXPECTED_CHAR = _code("AM105", "unexpected-character", E, "a character that cannot start any token")
MISSING_ID = _code("AM106", "missing-id", E, "a node or issue has no id")
BAD_TARGET = _code("AM107", "bad-target", E, "a relation's target has the wrong shape")
DUPLICATE_ATTR = _code("AM108", "duplicate-attribute", E, "an attribute is given twice on one node")
BAD_STANCE = _code("AM109", "bad-stance", E, "a stance is not pro, con or mixed")
MISPLACED_ATTR = _code("AM110", "misplaced-attribute", E, "an attribute that this kind of block does not take")
BAD_ESCAPE = _code("AM111", "bad-escape", E, "an unknown escape sequence in a string")
NESTING_TOO_DEEP = _code("AM112", "nesting-too-deep", E, "blocks nest deeper than argmap reads")

# AM15x: front matter
UNCLOSED_FRONT_MATTER = _code("AM150", "unclosed-front-matter", E, "the front matter has no closing `---` line")
BAD_YAML = _code("AM151", "bad-yaml", E, "the front matter is not valid YAML")
UNSAFE_YAML = _code("AM152", "unsafe-yaml", E, "the front matter uses a YAML tag that safe loading refuses")
FRONT_MATTER_NOT_MAPPING = _code("AM153", "front-matter-not-mapping", E, "the front matter is not a mapping of keys")
MISSING_KEY = _code("AM154", "missing-key", E, "a required front-matter key is missing")
BAD_KEY_TYPE = _code("AM155", "bad-key-type", E, "a front-matter value has the wrong type")
MISSING_FRONT_MATTER = _code("AM156", "missing-front-matter", E, "a map with nodes has no front matter")
UNKNOWN_KEY = _code("AM157", "unknown-key", W, "a front-matter key argmap does not know")
DUPLICATE_KEY = _code("AM158", "duplicate-key", E, "a front-matter key is given twice")
YAML_ALIAS = _code("AM159", "yaml-alias", E, "the front matter uses a YAML alias (`*name`)")
YAML_TOO_DEEP = _code("AM160", "yaml-too-deep", E, "front-matter values nest deeper than argmap reads")

# AM2xx: names and references
UNKNOWN_ID = _code("AM201", "unknown-id", E, "a relation names a node that this map does not define")
DUPLICATE_ID = _code("AM202", "duplicate-id", E, "two nodes of one map share an id")
SELF_REFERENCE = _code("AM203", "self-reference", E, "a node relates to itself")
UNKNOWN_MAP = _code("AM204", "unknown-map", E, "a cross-map link names a map that is not in the corpus")
UNKNOWN_REMOTE_NODE = _code("AM205", "unknown-remote-node", E, "a cross-map link names a node the other map does not define")
UNKNOWN_ISSUE = _code("AM206", "unknown-issue", E, "a stance names an issue that no issues file declares")
DUPLICATE_MAP = _code("AM207", "duplicate-map", E, "two files declare the same map id")
DUPLICATE_ISSUE = _code("AM208", "duplicate-issue", E, "an issue id is declared twice")
LOCAL_LINK = _code("AM209", "cross-link-needs-map", E, "contradicts, or a link by map id, must name a node of another map")
REMOTE_RELATION = _code("AM210", "relation-needs-local", E, "supports/attacks/undercuts must name a node of this map")
CONFLICTING_STANCE = _code("AM211", "conflicting-stance", W, "one node takes two stances on the same issue")
UNKNOWN_CODE = _code("AM212", "unknown-code", W, "an ignore comment names a code argmap does not have")
BAD_LABEL = _code("AM213", "bad-label", E, "an inference label is given twice, names a node, or names several relations")

# AM3xx: structure of the argument
NOT_CONNECTED = _code("AM301", "not-connected", W, "a node is not connected to the thesis")
UNSUPPORTED_CLAIM = _code("AM302", "unsupported-claim", W, "a claim has no premise or evidence supporting it")
EVIDENCE_NO_LOCATOR = _code("AM303", "evidence-without-locator", W, "evidence has no `at` locator")
SUPPORT_CYCLE = _code("AM304", "support-cycle", E, "nodes support each other in a circle")
NO_THESIS = _code("AM305", "no-thesis", E, "a map has no thesis")
SEVERAL_THESES = _code("AM306", "several-theses", E, "a map has more than one thesis")
ATTACKS_NOTHING = _code("AM307", "attacks-nothing", E, "a counterpoint or rebuttal attacks nothing")
NO_SUCH_EDGE = _code("AM308", "undercut-without-edge", E, "an undercut names an inference that no relation of the map makes")
SINGLE_ANSWER_ISSUE = _code("AM309", "single-answer-issue", W, "an issue is answered by only one map of several")
UNKNOWN_ORIGINAL = _code("AM310", "unknown-original", W, "`translation_of` names a map that is not in the corpus")
UNMATCHED_TRANSLATION = _code("AM311", "unmatched-translation", W, "a node of a translation has no node of the same id in the original")

# AM4xx: provenance, checked against the source text
N = Severity.NOTE
SOURCE_NOT_FOUND = _code("AM401", "source-not-found", N, "the map's source text is not on the search path")
UNKNOWN_SCHEME = _code("AM402", "unknown-paragraph-scheme", E, "`paragraphs` names a scheme argmap does not have")
UNREADABLE_SOURCE = _code("AM403", "unreadable-source", E, "the source text cannot be read as UTF-8 text")
QUOTE_NOT_FOUND = _code("AM404", "quote-not-found", E, "a quote is not in the source as written")
QUOTE_ELSEWHERE = _code("AM405", "quote-not-at-locator", E, "the locator names paragraphs that do not hold the quote")
BAD_LOCATOR = _code("AM406", "bad-locator", E, "a locator names no paragraph of the source, or cannot be read")
SOURCE_OUTSIDE = _code("AM407", "source-outside", E, "the source is outside the folders sources may be read from")

# AM5xx: importing other tools' formats (argmap import)
IMPORT_UNREADABLE = _code("AM501", "import-unreadable", E, "the file cannot be read in the format named by --from")
IMPORT_MALFORMED = _code("AM502", "import-malformed", E, "an element breaks the format's rules (e.g. an edge to a node that does not exist)")
IMPORT_LOSSY = _code("AM503", "import-lossy", W, "something in the file has no place in an argmap map and is left out")
IMPORT_UNKNOWN = _code("AM504", "import-unknown-construct", W, "an element of a kind the format does not define")


def is_fatal(code: Code) -> bool:
    """Problems that stop a file from being read at all (I/O, encoding, syntax,
    unreadable front matter): they cannot be switched off or downgraded,
    or a broken file would pass as clean."""
    number = int(code.code[2:])
    return number < 150 or 150 <= number <= 153 or number in (159, 160)


def registry() -> dict[str, Code]:
    return dict(_CODES)


def lookup(code: str) -> Code | None:
    return _CODES.get(code.upper())


@dataclass(frozen=True)
class Label:
    """A secondary location shown with a diagnostic (e.g. 'first defined here')."""

    span: Span
    message: str


@dataclass(frozen=True)
class Diagnostic:
    code: Code
    message: str
    span: Span | None = None
    path: str | None = None
    hint: str | None = None
    labels: tuple[Label, ...] = ()
    severity: Severity = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.severity is None:
            object.__setattr__(self, "severity", self.code.severity)
        if self.path is None and self.span is not None:
            object.__setattr__(self, "path", self.span.path)

    def with_severity(self, severity: Severity) -> "Diagnostic":
        return Diagnostic(self.code, self.message, self.span, self.path, self.hint, self.labels, severity)

    def sort_key(self) -> tuple:
        if self.span is None:
            return (self.path or "", 0, 0, self.code.code)
        return (self.path or "", self.span.start, self.span.end, self.code.code)


MAX_GUESSES = 100  # unknown ids per file that get a did-you-mean (docs/language.md, "Limits")


def did_you_mean(name: str, candidates) -> str | None:
    """The closest candidate to a misspelt name, if one is close enough.

    difflib's ratio alone misses the slips most common in short ids: one
    wrong character in `k3` leaves a ratio of 0.5 against `k2`, and case is
    significant (`t` for `T` scores 0). So a candidate that differs only in
    case, or by one edit (a character wrong, missing, extra or two swapped),
    counts as close too, for names of two characters or more, when it is
    the only one.
    """
    import difflib

    names = [c for c in candidates if c != name]
    folded = name.casefold()
    for candidate in names:
        if candidate.casefold() == folded:
            return candidate
    matches = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    if len(name) >= 2:
        # Only when one candidate is that close: among several (q1 … q4 for
        # q5) a pick would be a guess, and the caller's list serves better.
        close = [c for c in names if len(c) >= 2 and _one_edit(folded, c.casefold())]
        if len(close) == 1:
            return close[0]
    return None


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one substitution, insertion, deletion or swap of neighbours."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
