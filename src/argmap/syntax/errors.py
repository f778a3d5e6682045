"""Lark's exceptions → diagnostics named for what went wrong.

Rather than replaying example texts (lark's `match_examples`), the parser
state already says what was expected; the classification reads that set and
the offending token, which stays correct as the grammar grows.
"""

from __future__ import annotations

import re

from argmap import diagnostics as D
from argmap.source import SourceFile

NODE_KINDS = ("thesis", "claim", "premise", "evidence", "counterpoint", "rebuttal", "recommendation")
RELATIONS = ("supports", "attacks", "undercuts", "same_as", "contradicts")
ATTRIBUTES = ("en", "at", "quote", "source", "note", "speaker", "title", "scheme")
STANCES = ("pro", "con", "mixed")

# Words a newcomer reaches for from argumentation textbooks, mapped to the
# keyword the language uses: spelling distance alone would turn `rebuts`
# into the node kind `rebuttal`, and `yes` into nothing.
SYNONYMS = {
    **dict.fromkeys(
        ("rebuts", "rebut", "refutes", "refute", "objects", "object", "objects_to", "opposes", "oppose",
         "counters", "counter", "challenges", "contests", "attack", "against"),
        "attacks",
    ),
    **dict.fromkeys(("support", "backs", "justifies", "grounds", "supported_by"), "supports"),
    **dict.fromkeys(("undercut",), "undercuts"),
    **dict.fromkeys(("same", "sameas", "equals", "same_like"), "same_as"),
    **dict.fromkeys(("contradict", "conflicts", "conflicts_with"), "contradicts"),
}
STANCE_SYNONYMS = {
    **dict.fromkeys(("yes", "for", "agree", "agrees", "support", "supports", "positive", "true", "favour", "favor"), "pro"),
    **dict.fromkeys(("no", "against", "disagree", "disagrees", "oppose", "opposes", "negative", "false", "contra"), "con"),
    **dict.fromkeys(("both", "partly", "partial", "neutral", "ambivalent", "mix", "unclear"), "mixed"),
}


def _guess(word: str, keywords) -> str | None:
    """The keyword meant by `word`: a known synonym first, then the closest spelling."""
    keywords = list(keywords)
    meant = SYNONYMS.get(word.lower())
    if meant in keywords:
        return meant
    return D.did_you_mean(word, keywords)

_TERMINAL_WORDS = {
    "ID": "an id",
    "STRING": "text in quotes",
    "LONG_STRING": "text in quotes",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "COMMA": "`,`",
    "COLON": "`:`",
    "__ANON_0": "`->`",
    "PLUS": "`+`",
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


_WORD_CHAR = re.compile(r"\w")


def _previous_word(source: SourceFile, offset: int) -> tuple[str, int] | None:
    r"""The word (letters, digits, _; not starting with a digit) that ends just
    before offset, white space skipped, and where it starts.

    Walks back one character at a time: the regex `[^\W\d]\w*\Z` it replaces
    was tried from every start in a long word and backtracked to its end
    each time, quadratic in the word's length."""
    text = source.text
    end = offset
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and _WORD_CHAR.match(text, start - 1):
        start -= 1
    while start < end and text[start].isdecimal():  # a word starts with a letter or _
        start += 1
    if start == end:
        return None
    return text[start:end], start


# Strings, comments, braces, and the first word (or #tag) of a line: enough to
# know how deep in blocks an offset is and where the entries of a block start.
_LAYOUT = re.compile(
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\n]|\\.)*")'
    r"|(?P<comment>//[^\n]*)"
    r"|(?P<brace>[{}])"
    r"|(?P<entry>(?<![^\n])[ \t]*(?=#|[^\W\d]))",
)
# What a top-level statement with a block starts with.
_HEAD = re.compile(r"(?:" + "|".join(NODE_KINDS) + r"|issue)(?!\w)")
# Tokens that can start a block entry: when the parser stops at one of these at
# the start of a line, the entry before it is the one left incomplete
# (`premise p1` with no text, then `evidence …`).
_ENTRY_TOKENS = {k.upper() for k in NODE_KINDS} | {"ATTR_KEY", "REL_KIND", "STANCE", "TAG", "RBRACE"}


def offset(exc) -> int | None:
    """Where lark stopped, or None at the end of the text."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    if isinstance(exc, UnexpectedCharacters):
        return exc.pos_in_stream
    if isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
        return exc.token.start_pos
    return None


def _balanced(text: str) -> bool:
    depth = 0
    for match in _LAYOUT.finditer(text):
        if match.lastgroup == "brace":
            depth += 1 if match.group() == "{" else -1
            if depth < 0:
                return False
    return depth == 0


_HEADER_LINE = re.compile(r"[ \t]*(?P<kind>" + "|".join(NODE_KINDS) + r"|issue)(?!\w)")


def header_stand_in(text: str, exc) -> tuple[int, int, str] | None:
    """A replacement for a broken node header, so that the parse can read on
    inside its block: (start, end, text of the same length) covering the
    header from its kind keyword up to its `{`. None when the error is not in
    the header of a node that opens a block on the same line.

    Without it, `claim k-freedom "…" {` would hide every mistake in its block
    until the id is fixed; a file with any syntax error yields no model, so
    the stand-in's id never reaches the checks.
    """
    at = offset(exc)
    if at is None:
        return None
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    head = _HEADER_LINE.match(text, line_start)
    if head is None or head.end() > at:
        return None
    brace = None
    for match in _LAYOUT.finditer(text, head.end(), line_end):
        if match.lastgroup == "brace":
            brace = match.start() if match.group() == "{" else None
            break
    if brace is None or brace < at:
        return None
    stand_in = f'{head["kind"]} x ""'
    start = head.start("kind")
    if brace - start < len(stand_in) + 1:
        return None
    return start, brace, stand_in.ljust(brace - start)


def resume_in_block(text: str, exc) -> list[tuple[int, int]] | None:
    """The stretches of text to blank so that the parse can go on after an
    error inside a `{ … }` block: the broken entry, up to the next entry of
    the same block or its closing `}`; and everything before the top-level
    statement holding it, which parsed already (so each new attempt reads
    only what is left, as at the top level). None when the error is at the
    top level (the parser resumes at the next statement there) or nothing
    follows it.

    Blanking only the broken entry keeps the braces around it balanced, so
    every later mistake in the same block is reported in the same run rather
    than one per round of edits.
    """
    at = offset(exc)
    if at is None or not _balanced(text):
        # With a `{` or `}` too many or missing, which block an entry is in
        # is a guess, and a wrong guess reports one slip many times over.
        return None
    stack: list[int] = []  # offsets of the open `{`s
    starts: list[tuple[int, int | None]] = []  # (entry start, its block) before `at`
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    first = not text[line_start:at].strip()  # the error is the first token of its line
    block = depth = begin = statement = None
    for match in _LAYOUT.finditer(text):
        pos, kind = match.start(), match.lastgroup
        if block is None and pos >= at:
            if not stack:
                return None
            block, depth = stack[-1], len(stack)
            mine = [s for s, b in starts if b == block]
            statement = max((s for s, b in starts if b is None and s < stack[0] and _HEAD.match(text, s)), default=0)
            token = getattr(exc, "token", None)
            if first and mine and token is not None and token.type in _ENTRY_TOKENS:
                # The parser stopped at the next entry: the one before is incomplete.
                return [(0, statement), (mine[-1], at)]
            begin = max(block + 1, line_start if first or not mine else mine[-1])
        if kind == "brace":
            if match.group() == "{":
                stack.append(pos)
            elif stack:
                closed = stack.pop()
                if closed == block:
                    return [(0, statement), (begin, pos)] if begin < pos else None
        elif kind == "entry":
            word = pos + len(match.group())
            if block is None:
                if word < at:
                    starts.append((word, stack[-1] if stack else None))
            elif word > line_end and len(stack) == depth:
                return [(0, statement), (begin, word)]
    return None


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
    if char in _SINGLE_QUOTES and allowed & {"STRING", "LONG_STRING"}:
        close = source.text.find(_SINGLE_QUOTES[char], pos + 1, line_end)
        return D.Diagnostic(
            D.MISSING_TEXT,
            f"text goes in double quotes, not `{char}`",
            source.span(pos, close + 1 if close > pos else pos + 1),
            hint=_double_quoted(source.text[pos + 1 : close] if close > pos else ""),
        )
    if char == "-" and pos > 0 and _ID_CHAR.match(source.text, pos - 1):
        begin = pos
        while begin > 0 and _ID_CHAR.match(source.text, begin - 1):
            begin -= 1
        end = pos
        while end < line_end and (source.text[end] == "-" or _ID_CHAR.match(source.text, end)):
            end += 1
        word = source.text[begin:end]
        return D.Diagnostic(
            D.MISSING_ID,
            f"`{word}` is not a valid id: ids cannot contain `-`",
            source.span(begin, end),
            hint=f"join the parts with `_` instead: `{word.replace('-', '_')}`",
        )
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


def _double_quoted(inner: str) -> str:
    example = f'"{inner}"' if inner and len(inner) <= 40 and inner.isprintable() else '"…"'
    return f"write {example}: the language quotes text with `\"` (a `'` may stand inside it)"


_SINGLE_QUOTES = {"'": "'", "‘": "’", "’": "’"}  # opening → closing
_ID_CHAR = re.compile(r"\w")  # a character an id may hold

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
        previous = _previous_word(source, start)
        if previous and "//" in source.text[source.text.rfind("\n", 0, previous[1]) + 1 : previous[1]]:
            previous = None  # the word is in a comment
        if previous and source.position(previous[1])[0] < span.line:
            # The text is missing at the end of a line; the token found is the
            # next entry, which is fine: point at what lacks its text.
            word, at = previous
            return D.Diagnostic(
                D.MISSING_TEXT,
                f"expected text in quotes after `{word}`, found {_describe(token)} on line {span.line}",
                source.span(at, at + len(word)),
                hint='every node, issue and attribute takes its text in double quotes: claim c1 "…"',
            )
        return D.Diagnostic(
            D.MISSING_TEXT,
            f"expected text in quotes, found {_describe(token)}",
            span,
            hint='every node, issue and attribute takes its text in double quotes: claim c1 "…"',
        )
    if expected == {"STANCE_VALUE"}:
        # The example names the issue this stance is on (the word before the
        # bad value), not some issue of the bundled maps.
        previous = _previous_word(source, start)
        issue = previous[0] if previous else "ISSUE"
        word = str(token)
        meant = STANCE_SYNONYMS.get(word.lower()) or D.did_you_mean(word, STANCES)
        return D.Diagnostic(
            D.BAD_STANCE,
            f"a stance is pro, con or mixed, not {_describe(token)}"
            + (f" — did you mean `{meant}`?" if meant and token.type != "$END" else ""),
            span,
            hint=f"write `stance {issue} {meant or 'pro'}`: pro answers the issue's question yes, "
            "con no, mixed partly",
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
            relation = _guess(str(token), RELATIONS)
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
        after = source.text[end : end + 200].lstrip(" \t")
        if "RBRACE" in expected and after[:1] in ("+", ":"):
            # `p1 + p2 supports T` or `i1: supports T` inside a node's block.
            return D.Diagnostic(
                D.UNKNOWN_KEYWORD,
                f"a relation inside a block starts with its kind, not `{token}`",
                span,
                hint="in a block the node itself is the only source; write a linked relation (`a + b supports c`) "
                "or a labelled one (`i1: a supports c`) on its own line, outside the block",
            )
        guess = _guess(str(token), keywords)
        hint = "expected " + _or(_words(expected))
        if guess and SYNONYMS.get(str(token).lower()) == guess:
            hint = f"the relation is called `{guess}`"
            if guess == "attacks":
                hint = "`attacks` is the relation of an objection and of a rebuttal"
            hint += "; relations: " + ", ".join(RELATIONS)
        return D.Diagnostic(
            D.UNKNOWN_KEYWORD,
            f"unknown keyword `{token}`" + (f" — did you mean `{guess}`?" if guess else ""),
            span,
            hint=hint,
        )
    words = _words(expected)
    return D.Diagnostic(
        D.SYNTAX,
        f"unexpected {_describe(token)}",
        span,
        hint=("expected " + _or(words)) if words else None,
    )
