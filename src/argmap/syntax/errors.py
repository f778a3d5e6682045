"""Lark's exceptions → diagnostics named for what went wrong.

Rather than replaying example texts (lark's `match_examples`), the parser
state already says what was expected; the classification reads that set and
the offending token, which stays correct as the grammar grows.
"""

from __future__ import annotations

from argmap import diagnostics as D
from argmap.source import SourceFile

NODE_KINDS = ("thesis", "claim", "premise", "evidence", "counterpoint", "rebuttal", "recommendation")
RELATIONS = ("supports", "attacks", "undercuts", "same_as", "contradicts")
ATTRIBUTES = ("en", "at", "quote", "source", "note")
STANCES = ("pro", "con", "mixed")

_TERMINAL_WORDS = {
    "ID": "an id",
    "STRING": "text in quotes",
    "LONG_STRING": "text in quotes",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "COMMA": "`,`",
    "COLON": "`:`",
    "__ANON_0": "`->`",
    "TAG": "a #tag",
    "ATTR_KEY": "an attribute (" + ", ".join(ATTRIBUTES) + ")",
    "REL_KIND": "a relation (" + ", ".join(RELATIONS) + ")",
    "STANCE_VALUE": "pro, con or mixed",
    "STANCE": "`stance`",
    "ISSUE": "`issue`",
    "$END": "the end of the file",
}


def _words(expected) -> list[str]:
    words = []
    kinds = [e for e in expected if e.lower() in NODE_KINDS]
    if kinds:
        words.append("a node (" + ", ".join(k for k in NODE_KINDS if k.upper() in expected) + ")")
    for name in sorted(set(expected) - set(kinds)):
        word = _TERMINAL_WORDS.get(name, f"`{name.lower()}`")
        if word not in words:
            words.append(word)
    return words


def _keywords(expected) -> list[str]:
    out = []
    for name in expected:
        if name.lower() in NODE_KINDS or name in ("ISSUE", "STANCE"):
            out.append(name.lower())
        elif name == "ATTR_KEY":
            out.extend(ATTRIBUTES)
        elif name == "REL_KIND":
            out.extend(RELATIONS)
    return out


def _describe(token) -> str:
    if token.type == "$END":
        return "end of file"
    return f"`{token}`"


def _unclosed_brace(source: SourceFile) -> int | None:
    """Offset of the first `{` left open, skipping strings and comments."""
    import re

    stack = []
    for match in re.finditer(r'"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"|//[^\n]*|[{}]', source.text):
        token = match.group()
        if token == "{":
            stack.append(match.start())
        elif token == "}" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _previous_word(source: SourceFile, offset: int) -> tuple[str, int] | None:
    import re

    text = source.text[:offset].rstrip()
    match = re.search(r"[^\W\d]\w*\Z", text)
    if not match:
        return None
    return match.group(), match.start()


def classify(source: SourceFile, exc) -> D.Diagnostic:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    if isinstance(exc, UnexpectedCharacters):
        return _characters(source, exc)
    if isinstance(exc, UnexpectedToken):
        return _token(source, exc.token, set(exc.accepts or exc.expected or ()), exc)
    if isinstance(exc, UnexpectedEOF):
        from lark import Token

        end = Token("$END", "", len(source.text))
        return _token(source, end, set(exc.expected or ()), exc)
    raise exc


def _characters(source: SourceFile, exc) -> D.Diagnostic:
    pos = exc.pos_in_stream
    char = source.text[pos] if pos < len(source.text) else ""
    line, col = source.position(pos)
    line_end = source.offset(line) + len(source.line_text(line))
    if char == '"' and (source.text.startswith('"""', pos) or source.text[max(0, pos - 2) : pos] == '""'):
        opened = pos if source.text.startswith('"""', pos) else pos - 2  # `""` alone lexes as an empty string
        return D.Diagnostic(
            D.UNTERMINATED_STRING,
            "unterminated long string",
            source.span(opened, max(line_end, opened + 3)),
            hint='close it with """ (it may span lines)',
        )
    if char == '"':
        return D.Diagnostic(
            D.UNTERMINATED_STRING,
            "unterminated string",
            source.span(pos, max(line_end, pos + 1)),
            hint='close the string with `"` on the same line, or use """…""" for text that spans lines',
        )
    if col == 1 and source.text.startswith("---", pos):
        return D.Diagnostic(
            D.SYNTAX,
            "front matter can only stand at the very start of the file, once",
            source.span(pos, pos + 3),
            hint="is this file pasted into itself? remove the second copy",
        )
    if char in _LOOKALIKES:
        ascii_char = _LOOKALIKES[char]
        return D.Diagnostic(
            D.UNEXPECTED_CHAR,
            f"`{char}` is not `{ascii_char}`",
            source.span(pos, pos + 1),
            hint=f"the language's punctuation is ASCII: write `{ascii_char}`"
            + (" (typographic and full-width quotes may stand inside the text)" if ascii_char == '"' else ""),
        )
    allowed = set(getattr(exc, "allowed", None) or ())
    if char.isdigit() and "ID" in allowed:
        end = pos
        while end < line_end and (source.text[end].isalnum() or source.text[end] == "_"):
            end += 1
        return D.Diagnostic(
            D.MISSING_ID,
            f"`{source.text[pos:end]}` is not a valid id",
            source.span(pos, end),
            hint="ids start with a letter or `_`, e.g. `c1`, `主張1`",
        )
    shown = repr(char) if char.isprintable() and char.strip() else f"U+{ord(char):04X}" if char else "end of file"
    words = _words(allowed) if allowed else []
    return D.Diagnostic(
        D.UNEXPECTED_CHAR,
        f"unexpected character {shown}",
        source.span(pos, pos + 1),
        hint=("expected " + _or(words)) if words else None,
    )


_LOOKALIKES = {
    "“": '"', "”": '"', "„": '"', "‟": '"', "＂": '"', "「": '"', "」": '"',
    "｛": "{", "｝": "}", "：": ":", "，": ",", "＃": "#", "－": "-", "＞": ">", "→": "->",
}


def _or(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def _token(source: SourceFile, token, expected: set, exc) -> D.Diagnostic:
    start = getattr(token, "start_pos", None)
    if start is None:
        start = len(source.text)
    end = getattr(token, "end_pos", None) or start + len(str(token))
    span = source.span(start, max(end, start))
    if token.type == "$END":
        opened = _unclosed_brace(source)
        if opened is not None and "RBRACE" in expected:
            line, _ = source.position(opened)
            return D.Diagnostic(
                D.UNCLOSED_BLOCK,
                f"block opened on line {line} is never closed",
                source.span(opened, opened + 1),
                hint="add the missing `}`",
            )
    if expected & {"STRING", "LONG_STRING"}:
        return D.Diagnostic(
            D.MISSING_TEXT,
            f"expected text in quotes, found {_describe(token)}",
            span,
            hint='every node, issue and attribute takes its text in double quotes: claim c1 "…"',
        )
    if expected == {"STANCE_VALUE"}:
        return D.Diagnostic(
            D.BAD_STANCE,
            f"a stance is pro, con or mixed, not {_describe(token)}",
            span,
            hint="write e.g. `stance security con`",
        )
    if expected <= {"ID"} or (expected and expected <= {"ID", "COLON"} and token.type != "ID"):
        return D.Diagnostic(
            D.MISSING_ID,
            f"expected an id, found {_describe(token)}",
            span,
            hint="ids start with a letter or `_`, e.g. `c1`, `主張1`",
        )
    if token.type == "ID" and "ID" not in expected:
        keywords = _keywords(expected)
        if "REL_KIND" in expected and not (expected & {"RBRACE", "ATTR_KEY"}):
            # `word word …` at the top level: either the relation is misspelt
            # (`c1 suport T`) or the first word was meant as a keyword (`clam c1`).
            relation = D.did_you_mean(str(token), RELATIONS)
            previous = _previous_word(source, start)
            keyword = D.did_you_mean(previous[0], NODE_KINDS + ("issue",)) if previous else None
            if relation and not keyword:
                return D.Diagnostic(
                    D.UNKNOWN_KEYWORD,
                    f"unknown relation `{token}` — did you mean `{relation}`?",
                    span,
                    hint="relations: " + ", ".join(RELATIONS),
                )
            if previous:
                word, at = previous
                return D.Diagnostic(
                    D.UNKNOWN_KEYWORD,
                    f"unknown keyword `{word}`" + (f" — did you mean `{keyword}`?" if keyword else ""),
                    source.span(at, at + len(word)),
                    hint="a statement starts with a node kind (" + ", ".join(NODE_KINDS)
                    + "), `issue`, or an id followed by a relation (`c1 supports T`)",
                )
        guess = D.did_you_mean(str(token), keywords)
        return D.Diagnostic(
            D.UNKNOWN_KEYWORD,
            f"unknown keyword `{token}`" + (f" — did you mean `{guess}`?" if guess else ""),
            span,
            hint="expected " + _or(_words(expected)),
        )
    words = _words(expected)
    return D.Diagnostic(
        D.SYNTAX,
        f"unexpected {_describe(token)}",
        span,
        hint=("expected " + _or(words)) if words else None,
    )
