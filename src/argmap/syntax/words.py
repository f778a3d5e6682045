"""The words of the language and the one pattern that scans them.

Apart from the lexer (`syntax/lexer.py`) that lark calls, so that the parse
loop (`syntax/drive.py`) reads a valid map without importing lark at all.
"""

from __future__ import annotations

import re

KEYWORDS = {
    **{k: k.upper() for k in ("thesis", "claim", "premise", "evidence", "counterpoint", "rebuttal", "recommendation")},
    "stance": "STANCE",
    "issue": "ISSUE",
    **{k: "ATTR_KEY" for k in ("en", "at", "quote", "source", "note", "speaker", "title", "scheme")},
    **{k: "REL_KIND" for k in ("supports", "attacks", "undercuts", "same_as", "contradicts")},
    **{k: "STANCE_VALUE" for k in ("pro", "con", "mixed")},
    **{k: "QUALIFIER" for k in ("when", "if")},
}
PUNCTUATION = {"{": "LBRACE", "}": "RBRACE", ":": "COLON", ",": "COMMA", "->": "__ANON_0", "+": "PLUS"}
# The escapes a string may hold (any other is an error, AM111); ESCAPE finds
# each backslash and the character after it.
ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}
ESCAPE = re.compile(r"\\(.)", re.S)

SCAN = re.compile(
    r"""
    (?P<WS>\s+)
  | (?P<COMMENT>//[^\n]*)
  | (?P<LONG_STRING>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<STRING>"(?:[^"\\\n]|\\.)*")
  | (?P<TAG>\#[^\W\d][\w\-]*)
  | (?P<WORD>[^\W\d]\w*)
  | (?P<PUNCT>->|[{}:,+])
    """,
    re.VERBOSE,
)
