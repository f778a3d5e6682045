"""Argdown source text → a syntax tree, read the way Argdown's own parser
(argdown-core: a chevrotain lexer and an LL parser) reads it.

The lexer follows Argdown's token rules: which tokens may start a line,
indentation turned into INDENT/DEDENT before relation and list tokens, bold
and italic markers paired through a stack, comments and spaces skipped. The
parser follows Argdown's grammar, block by block (blocks are separated by
empty lines). Where Argdown would stop with a parse error, the parser records
a located diagnostic, skips to the next empty line and goes on, so one
mistake does not hide the next.

Two deliberate departures, both for clearer errors, neither changing what a
well-formed file means: an inference line (`--`) left open ends at the next
empty line or numbered statement (Argdown would read on to the next `--`),
and the rules and `{data}` of an inference may come in either order.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from argmap import diagnostics as D
from argmap.source import SourceFile

# Relations nest by indentation; deeper than this is not an argument map but
# an attack on the recursion limit.
MAX_DEPTH = 64

# --- tokens -----------------------------------------------------------------------

EMPTYLINE, INDENT, DEDENT = "EMPTYLINE", "INDENT", "DEDENT"
INF_START, INF_END, INF_OPEN = "INF_START", "INF_END", "INF_OPEN"
REL, HEADING, NUMBER, OL_ITEM, UL_ITEM = "REL", "HEADING", "NUMBER", "OL_ITEM", "UL_ITEM"
EMPH_START, EMPH_END = "EMPH_START", "EMPH_END"
LINK, TAG, DATA, LIST_DELIM, SPECIAL = "LINK", "TAG", "DATA", "LIST_DELIM", "SPECIAL"
STMT_DEF, STMT_REF, STMT_MENTION = "STMT_DEF", "STMT_REF", "STMT_MENTION"
ARG_DEF, ARG_REF, ARG_MENTION = "ARG_DEF", "ARG_REF", "ARG_MENTION"
TEXT, ESCAPED = "TEXT", "ESCAPED"

CONTENT = frozenset({TEXT, ESCAPED, SPECIAL, LINK, EMPH_START, EMPH_END, TAG, ARG_MENTION, STMT_MENTION})
STATEMENT_START = CONTENT | {STMT_DEF, STMT_REF}
ARGUMENT_START = frozenset({ARG_DEF, ARG_REF})

# Written `+` / `-` / `_` mean the same as `<+` / `<-` / `<_`.
_CANONICAL = {"+": "<+", "-": "<-", "_": "<_"}


@dataclass
class Tok:
    kind: str
    start: int
    end: int
    text: str
    nl: bool = False  # a line break lies between this token and the one before
    symbol: str = ""  # REL: the relation; EMPH_*: the marker; NUMBER: the number


_COMMENT = re.compile(r"<!--.*?-->|/\*.*?\*/|//[^\n]*", re.S)
_EMPTYLINE = re.compile(r"\n[ \t]*\n+")
_ESCAPED = re.compile(r"\\[^\n](?: )*")
_INF_START = re.compile(r"[ \t]*--")
_RELATION = re.compile(r"([ \t]*)(\+>|->|<\+|\+|<-|-|><|_>|<_|_(?=\s))")
_HEADING = re.compile(r"(#+) ")
_NUMBER = re.compile(r"[ \t]*\((\d+)\)")
_OL_ITEM = re.compile(r"([ \t]*)\d+\.(?=\s)")
_UL_ITEM = re.compile(r"([ \t]*)\*(?=\s)")
_EMPH_AFTER = r"(?:[ \t]|(?=[\n)}_.,!?;:\-*]|\Z))"
_EMPH_END = {m: re.compile(re.escape(m) + _EMPH_AFTER) for m in ("**", "__", "*", "_")}
_EMPH_START = {m: re.compile(re.escape(m) + r"(?!\s)") for m in ("**", "__", "*", "_")}
_LINK = re.compile(r"\[([^\]]+?)\]\(([^)]+?)\)[ \t]?")
_TAG = re.compile(r"#(?:\(([^)]+)\)|([a-zA-z0-9\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+))[ \t]?")
_LINE = r"[^\n\u2028\u2029]"
_STMT_DEF = re.compile(rf"\[({_LINE}+?)\]:")
_STMT_REF = re.compile(rf"\[([^\-\n]{_LINE}*?)\]")
_STMT_MENTION = re.compile(rf"@\[({_LINE}+?)\][ \t]?")
_ARG_DEF = re.compile(rf"<({_LINE}+?)>:")
_ARG_REF = re.compile(rf"<([^\-\n]{_LINE}*?)>")
_ARG_MENTION = re.compile(rf"@<({_LINE}+?)>[ \t]?")
_SPACES = re.compile(r"[ \t]+")
_SPECIAL = re.compile(r"\.[^\s]+?\.[ \t]?|:[^\s]+?:[ \t]?")
_FREESTYLE = re.compile(r"[^\\@#*_\[\],.:;</>\-\n(){}]+")
_CONTROL = re.compile(r"[@#*_\[\],.:;</>\-(){}][ \t]?")
_INF_END = re.compile(r"-{2,}")
_SPACE_RUN = re.compile(r"\s*")
_INF_TEXT = re.compile(r"[^\\@#*_\[\],.:;</>\-\n(){}]+|[@#*_\[\].:;</>\-(){}\\][ \t]?")

# Argdown's shortcodes for logical symbols (`.^.` or `:^:` → ∧), used in
# inference rules and formalisations. Its emoji shortcodes are kept as written.
SHORTCODES = {
    "A": "∀", "E": "∃", "O": "𝗢", "P": "𝗣", "->": "→", "<->": "↔", "~": "¬", "^": "∧",
    "v": "∨", "v_": "⊻", "<>": "◇", "[]": "◻",
}  # fmt: skip


def link_words(image: str) -> str:
    """The words of a `[words](address)` token, and the space after it."""
    m = _LINK.match(image)
    return m.group(1) + (" " if image[-1] in " \t" else "")


def tag_name(image: str) -> str:
    """The name of a `#tag` or `#(tag words)` token."""
    m = _TAG.match(image)
    return m.group(1) or m.group(2)


def special(image: str) -> str:
    """The text of a `.name.` or `:name:` token: its symbol when Argdown has one."""
    code = image.rstrip(" \t")
    symbol = SHORTCODES.get(code[1:-1]) if code[0] == code[-1] else None
    return image if symbol is None else symbol + image[len(code) :]


class DataEnds:
    """Where a `{…}` data block that opens at a given `{` ends.

    Argdown's pattern is /{((?!}\\s[^,}])(.|\\n))*}(?!\\s*(,|}))/: the block
    runs to the last `}` that is not followed by `,` or `}`, but not past a
    `}` followed by a space and more text. Matched with a regex at every `{`,
    a text of many `{` takes quadratic time; the two kinds of `}` are found
    once instead, and each block's end by binary search."""

    def __init__(self, text: str):
        n = len(text)
        self.stops: list[int] = []  # a `}` the block cannot reach past
        self.ends: list[int] = []  # a `}` the block may end on
        i = text.find("}")
        while i >= 0:
            # Each run of spaces is looked at once, by the `}` before it.
            after = _SPACE_RUN.match(text, i + 1).end()
            if not (after < n and text[after] in ",}"):
                self.ends.append(i)
            if i + 2 < n and text[i + 1].isspace() and text[i + 2] not in ",}":
                self.stops.append(i)
            i = text.find("}", i + 1)
        self.n = n

    def end(self, start: int) -> int | None:
        k = bisect.bisect_right(self.stops, start)
        limit = self.stops[k] if k < len(self.stops) else self.n
        j = bisect.bisect_right(self.ends, limit) - 1
        if j >= 0 and self.ends[j] > start:
            return self.ends[j] + 1
        return None


class Lexer:
    def __init__(self, source: SourceFile, start: int, diagnostics: list):
        self.source = source
        self.text = source.text
        self.pos = start
        self.diagnostics = diagnostics
        self.tokens: list[Tok] = []
        self.nl = False  # a line break since the last token
        self.skipped = False  # spaces or a comment since the last token
        self.indents = [0]
        self.emphasis: list[str] = []
        self._data: DataEnds | None = None

    # -- helpers ----------------------------------------------------------------

    def emit(self, kind: str, start: int, end: int, symbol: str = "") -> None:
        self.tokens.append(Tok(kind, start, end, self.text[start:end], self.nl, symbol))
        self.nl = False
        self.skipped = False
        self.pos = end

    def _marker(self, kind: str) -> None:
        # INDENT and DEDENT carry no text; they sit where the line starts.
        self.tokens.append(Tok(kind, self.pos, self.pos, "", self.nl))

    def dedent_all(self) -> None:
        while len(self.indents) > 1:
            self.indents.pop()
            self._marker(DEDENT)

    def indent_to(self, width: int) -> None:
        if width > self.indents[-1]:
            self.indents.append(width)
            self._marker(INDENT)
            return
        while len(self.indents) > 1 and width < self.indents[-1]:
            self.indents.pop()
            self._marker(DEDENT)

    def data_end(self, start: int) -> int | None:
        if self._data is None:
            self._data = DataEnds(self.text)
        return self._data.end(start)

    @property
    def at_line_start(self) -> bool:
        """Where Argdown lets a relation, a number or a list item begin:
        at the start, or after a line break or an empty line."""
        return not self.tokens or self.nl or self.tokens[-1].kind == EMPTYLINE

    # -- the two modes ---------------------------------------------------------------

    def run(self) -> list[Tok]:
        text, n = self.text, len(self.text)
        inference = False
        while self.pos < n:
            if inference:
                inference = self.inference_step()
            else:
                inference = self.default_step()
        if inference:
            self.tokens.append(Tok(INF_OPEN, n, n, "", self.nl))
        self.dedent_all()
        return self.tokens

    def unclosed_comment(self, pos: int) -> None:
        opener = "/*" if self.text.startswith("/*", pos) else "<!--"
        closer = "*/" if opener == "/*" else "-->"
        self.diagnostics.append(
            D.Diagnostic(
                D.IMPORT_MALFORMED,
                f"comment opened with `{opener}` is never closed",
                self.source.span(pos, pos + len(opener)),
                hint=f"close it with `{closer}`; Argdown reads the rest of the file as text",
            )
        )

    def default_step(self) -> bool:
        text, pos = self.text, self.pos
        ch = text[pos]
        m = _COMMENT.match(text, pos)
        if m:
            self.pos = m.end()
            self.skipped = True
            return False
        if ch in "/<" and (text.startswith("/*", pos) or text.startswith("<!--", pos)):
            self.unclosed_comment(pos)
        if ch == "{":
            end = self.data_end(pos)
            if end is not None:
                self.emit(DATA, pos, end)
                return False
        if ch == "\\":
            m = _ESCAPED.match(text, pos)
            if m:
                self.emit(ESCAPED, pos, m.end())
                return False
        if ch in ".:":
            m = _SPECIAL.match(text, pos)
            if m:
                self.emit(SPECIAL, pos, m.end())
                return False
        if ch == "\n":
            m = _EMPTYLINE.match(text, pos)
            last = self.tokens[-1].kind if self.tokens else None
            if m and last != EMPTYLINE and m.end() < len(text):
                self.dedent_all()
                self.nl = False
                self.emit(EMPTYLINE, pos, m.end())
                return False
            self.nl = True
            self.pos = pos + 1
            return False
        if not self.tokens or self.nl:
            m = _INF_START.match(text, pos)
            if m:
                self.dedent_all()
                self.emit(INF_START, m.end() - 2, m.end())
                return True
        if self.at_line_start:
            m = _RELATION.match(text, pos)
            if m:
                self.indent_to(len(m.group(1)))
                symbol = _CANONICAL.get(m.group(2), m.group(2))
                self.emit(REL, m.start(2), m.end(), symbol)
                return False
        if self.at_line_start:
            m = _HEADING.match(text, pos)
            if m:
                self.emit(HEADING, pos, m.end(), m.group(1))
                return False
        if self.at_line_start:
            m = _NUMBER.match(text, pos)
            if m:
                self.dedent_all()
                start = m.end() - len(m.group(1)) - 2
                self.emit(NUMBER, start, m.end(), m.group(1))
                return False
            for kind, pattern in ((OL_ITEM, _OL_ITEM), (UL_ITEM, _UL_ITEM)):
                m = pattern.match(text, pos)
                if m:
                    # Argdown counts a list item one deeper than its spaces,
                    # so that an item at the margin still opens a list.
                    self.indent_to(len(m.group(1)) + 1)
                    self.emit(kind, m.end(1), m.end())
                    return False
        if ch in "*_":
            for marker, pattern in _EMPH_END.items():
                if self.emphasis and self.emphasis[-1] == marker and self.tokens and not self.skipped:
                    m = pattern.match(text, pos)
                    if m:
                        self.emphasis.pop()
                        self.emit(EMPH_END, pos, m.end(), marker)
                        return False
            for marker, pattern in _EMPH_START.items():
                m = pattern.match(text, pos)
                if m:
                    self.emphasis.append(marker)
                    self.emit(EMPH_START, pos, pos + len(marker), marker)
                    return False
        for kind, pattern in (
            (LINK, _LINK),
            (TAG, _TAG),
            (STMT_DEF, _STMT_DEF),
            (STMT_REF, _STMT_REF),
            (STMT_MENTION, _STMT_MENTION),
            (ARG_DEF, _ARG_DEF),
            (ARG_REF, _ARG_REF),
            (ARG_MENTION, _ARG_MENTION),
        ):
            if text[pos] not in "[#@<":
                break
            m = pattern.match(text, pos)
            if m:
                self.emit(kind, pos, m.end())
                return False
        m = _SPACES.match(text, pos)
        if m:
            self.pos = m.end()
            self.skipped = True
            return False
        m = _FREESTYLE.match(text, pos) or _CONTROL.match(text, pos)
        # A lone backslash before a line break matches no Argdown token (its
        # lexer fails outright); it is kept as text.
        self.emit(TEXT, pos, m.end() if m else pos + 1)
        return False

    def inference_step(self) -> bool:
        text, pos = self.text, self.pos
        ch = text[pos]
        if ch == "\n":
            after = pos + 1
            if _EMPTYLINE.match(text, pos) or _NUMBER.match(text, after):
                self.tokens.append(Tok(INF_OPEN, pos, pos, "", self.nl))
                return False
            self.nl = True
            self.pos = after
            return True
        m = _COMMENT.match(text, pos)
        if m:
            self.pos = m.end()
            self.skipped = True
            return True
        m = _INF_END.match(text, pos)
        if m:
            self.emit(INF_END, pos, m.end())
            return False
        if ch == "{":
            end = self.data_end(pos)
            if end is not None:
                self.emit(DATA, pos, end)
                return True
        if ch == ",":
            self.emit(LIST_DELIM, pos, pos + 1)
            return True
        if ch in ".:":
            m = _SPECIAL.match(text, pos)
            if m:
                self.emit(SPECIAL, pos, m.end())
                return True
        m = _SPACES.match(text, pos)
        if m:
            self.pos = m.end()
            self.skipped = True
            return True
        m = _INF_TEXT.match(text, pos)
        self.emit(TEXT, pos, m.end() if m else pos + 1)
        return True


# --- the syntax tree ----------------------------------------------------------------


@dataclass
class Content:
    """Inline text: the tokens between a title and the end of a statement."""

    tokens: list[Tok]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


@dataclass
class Relation:
    symbol: str  # canonical: +> -> <+ <- >< _> <_
    token: Tok
    child: "Statement | Argument"


@dataclass
class Statement:
    start: int
    end: int
    title: str | None = None
    title_start: int = 0
    title_end: int = 0
    reference: bool = False  # `[Title]` without text
    content: Content | None = None
    tags: list[Tok] = field(default_factory=list)  # tags after a reference
    data: Tok | None = None
    relations: list[Relation] = field(default_factory=list)


@dataclass
class Argument:
    start: int
    end: int
    title: str
    title_start: int
    title_end: int
    reference: bool
    content: Content | None = None
    tags: list[Tok] = field(default_factory=list)
    data: Tok | None = None
    relations: list[Relation] = field(default_factory=list)


@dataclass
class Heading:
    start: int
    end: int
    level: int
    content: Content
    data: Tok | None = None


@dataclass
class PCSStatement:
    number: int
    token: Tok
    statement: Statement


@dataclass
class Inference:
    start: int
    end: int
    rules: list[tuple[str, int, int]]  # text, start, end
    data: Tok | None = None
    undercuts: list[Relation] = field(default_factory=list)


@dataclass
class PCS:
    start: int
    end: int
    items: list  # PCSStatement | Inference, in order


@dataclass
class ListBlock:
    start: int
    end: int
    items: list  # Statement | Argument


# --- the parser ---------------------------------------------------------------------


_BLOCKS = "blocks (statements, arguments, headings, premise–conclusion structures) are separated by empty lines"


class _Syntax(Exception):
    """A parse error inside a block; caught at the block loop."""

    def __init__(self, start: int, end: int, message: str, hint: str | None = None):
        super().__init__(message)
        self.start, self.end, self.message, self.hint = start, end, message, hint


_WHAT = {
    REL: "a relation",
    NUMBER: "a numbered statement",
    INF_START: "an inference line `--`",
    HEADING: "a heading",
    DATA: "a `{…}` data block",
    STMT_DEF: "a statement title `[…]:`",
    STMT_REF: "a statement reference `[…]`",
    ARG_DEF: "an argument title `<…>:`",
    ARG_REF: "an argument reference `<…>`",
    OL_ITEM: "a list item",
    UL_ITEM: "a list item",
    INDENT: "indented text",
    DEDENT: "text",
    TEXT: "text",
}


class Parser:
    def __init__(self, source: SourceFile, tokens: list[Tok], diagnostics: list):
        self.source = source
        self.toks = tokens
        self.i = 0
        self.diagnostics = diagnostics
        self.depth = 0

    # -- cursor -------------------------------------------------------------------

    def peek(self, k: int = 0) -> Tok | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def kind(self, k: int = 0) -> str | None:
        t = self.peek(k)
        return t.kind if t else None

    def take(self) -> Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def where(self) -> tuple[int, int]:
        """The span of the next token (or the end of the file)."""
        t = self.peek()
        if t is None:
            n = len(self.source.text)
            return n, n
        if t.kind in (INDENT, DEDENT):  # show the text that follows the indentation
            for later in self.toks[self.i :]:
                if later.kind not in (INDENT, DEDENT):
                    return later.start, later.end
        return t.start, max(t.end, t.start + 1)

    def fail(self, message: str, hint: str | None = None, span: tuple[int, int] | None = None):
        start, end = span or self.where()
        raise _Syntax(start, end, message, hint)

    def report(self, err: _Syntax) -> None:
        end = max(err.end, err.start)
        self.diagnostics.append(D.Diagnostic(D.IMPORT_MALFORMED, err.message, self.source.span(err.start, end), hint=err.hint))

    # -- document --------------------------------------------------------------------

    def document(self) -> list:
        blocks: list = []
        while self.kind() == EMPTYLINE:
            self.take()
        while self.peek() is not None:
            self.depth = 0  # a mistake deep in the last block left it counted up
            try:
                blocks.append(self.block())
            except _Syntax as err:
                self.report(err)
                blocks.append(None)  # a broken block: a PCS after it is not its argument's
                self.skip_block()
                continue
            if self.peek() is None:
                break
            if self.kind() == EMPTYLINE:
                self.take()
                continue
            err = self.between_blocks(blocks[-1])
            self.report(err)
            if not (self.kind() == NUMBER and isinstance(blocks[-1], Argument)):
                self.skip_block()
        return blocks

    def skip_block(self) -> None:
        while self.peek() is not None and self.kind() != EMPTYLINE:
            self.take()
        if self.peek() is not None:
            self.take()

    def between_blocks(self, previous) -> _Syntax:
        """What went wrong when a block ends without an empty line after it."""
        k = self.i
        while k < len(self.toks) and self.toks[k].kind in (INDENT, DEDENT):
            k += 1
        t = self.toks[k] if k < len(self.toks) else None
        start, end = self.where()
        if t is not None and t.kind == REL:
            return _Syntax(
                t.start,
                t.end,
                f"relation `{t.text}` is not indented under a statement or argument",
                "indent it further than the line it belongs to; its indentation must match an enclosing level",
            )
        if t is not None and t.kind == NUMBER and isinstance(previous, Argument):
            return _Syntax(
                t.start,
                t.end,
                "a premise–conclusion structure must be separated from its argument's title by an empty line",
                "leave an empty line after the `<Title>` line",
            )
        if t is not None and t.kind == NUMBER:
            return _Syntax(
                t.start, t.end, "numbered statement after a statement, without an empty line between", "leave an empty line before `(1)`"
            )
        if t is not None and t.kind == INF_START:
            return _Syntax(
                t.start,
                t.end,
                "inference line `--` outside a premise–conclusion structure",
                "an inference line follows numbered premises: `(1) …` then `--` then the conclusion `(2) …`",
            )
        if t is not None and t.kind in (OL_ITEM, UL_ITEM):
            return _Syntax(start, end, "list item directly after text", "leave an empty line before a list")
        if previous is not None and getattr(previous, "data", None) is not None and t is not None and t.kind in CONTENT:
            return _Syntax(start, end, "text after a `{…}` data block", "a data block ends its statement or argument; put it last")
        if t is not None and t.kind in (STMT_REF, STMT_DEF, ARG_REF, ARG_DEF):
            return _Syntax(
                start,
                end,
                f"{_WHAT[t.kind]} in the middle of text",
                "Argdown reads `[…]` and `<…>` as titles; write `\\[` or `\\<` for a plain bracket",
            )
        if t is not None and t.kind == HEADING:
            return _Syntax(t.start, t.end, "a heading directly after text", "leave an empty line before a heading")
        if t is not None and t.kind in CONTENT and isinstance(previous, (Statement, Argument)) and previous.reference:
            mark = "[…]" if isinstance(previous, Statement) else "<…>"
            return _Syntax(
                start,
                end,
                f"text after the reference `{self.source.text[previous.title_start:previous.title_end]}`",
                f"a reference `{mark}` stands alone; write `{mark[0]}Title{mark[2]}: text` to define it with this text",
            )
        what = _WHAT.get(t.kind, "text") if t is not None else "text"
        return _Syntax(start, end, f"{what} cannot stand here", _BLOCKS)

    def block(self):
        kind = self.kind()
        if kind == HEADING:
            return self.heading()
        if kind == NUMBER:
            return self.pcs()
        if kind in ARGUMENT_START:
            return self.argument()
        if kind == INDENT and self.kind(1) in (OL_ITEM, UL_ITEM):
            return self.list_block()
        if kind in STATEMENT_START:
            return self.statement()
        k = 0
        while self.kind(k) in (INDENT, DEDENT):
            k += 1
        t = self.peek(k)
        if t is not None and t.kind == REL and self.source.text.startswith("--", t.start):
            self.fail(
                "inference line `--` after an empty line",
                "premises, inference line and conclusion follow each other with no empty line between",
                (t.start, t.start + 2),
            )
        if t is not None and t.kind == REL:
            self.fail(
                f"relation `{t.text}` has no statement or argument above it",
                "write a relation on the line right below its statement or argument, indented, with no empty line between",
                (t.start, t.end),
            )
        if t is not None and t.kind == INF_START:
            self.fail(
                "inference line `--` outside a premise–conclusion structure",
                "an inference line follows numbered premises: `(1) …` then `--` then the conclusion `(2) …`",
                (t.start, t.end),
            )
        if t is not None and t.kind == DATA:
            self.fail(
                "a `{…}` data block on its own",
                "a data block belongs after a statement, an argument, a heading or an inference rule",
                (t.start, t.end),
            )
        self.fail(f"{_WHAT.get(t.kind, 'text') if t else 'the end of the file'} cannot stand here")

    # -- blocks -----------------------------------------------------------------------

    def heading(self) -> Heading:
        start_tok = self.take()
        content = self.content()
        if content is None:
            self.fail("heading without a title", "write the heading's text after `#`", (start_tok.start, start_tok.end))
        data = self.take() if self.kind() == DATA else None
        end = (data or content).end
        return Heading(start_tok.start, end, len(start_tok.symbol), content, data)

    def content(self) -> Content | None:
        tokens = []
        while self.kind() in CONTENT:
            tokens.append(self.take())
        return Content(tokens) if tokens else None

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(
                f"relations nest more than {MAX_DEPTH} levels deep",
                "flatten the structure: refer to a statement by its title instead of nesting it",
            )

    def statement(self) -> Statement:
        t = self.peek()
        if t.kind == STMT_DEF:
            self.take()
            content = self.content()
            if content is None:
                # Argdown reads `[A]:` with nothing after it as the statement A without a text.
                node = Statement(t.start, t.end, t.text[1:-2], t.start, t.end - 1, reference=True)
            else:
                node = Statement(t.start, content.end, t.text[1:-2], t.start, t.end - 1, content=content)
        elif t.kind == STMT_REF:
            self.take()
            node = Statement(t.start, t.end, t.text[1:-1], t.start, t.end, reference=True)
            while self.kind() == TAG:
                node.tags.append(self.take())
                node.end = node.tags[-1].end
        else:
            content = self.content()
            if content is None:
                self.fail(f"{_WHAT.get(self.kind(), 'text') if self.peek() else 'the end of the file'} where a statement should be")
            node = Statement(content.start, content.end, content=content)
        self.tail(node)
        return node

    def argument(self) -> Argument:
        t = self.take()
        if t.kind == ARG_DEF:
            content = self.content()
            if content is None:
                # Argdown reads `<A>:` with nothing after it as the argument A without a description.
                node = Argument(t.start, t.end, t.text[1:-2], t.start, t.end - 1, True)
            else:
                node = Argument(t.start, content.end, t.text[1:-2], t.start, t.end - 1, False, content=content)
        else:
            node = Argument(t.start, t.end, t.text[1:-1], t.start, t.end, True)
            while self.kind() == TAG:
                node.tags.append(self.take())
                node.end = node.tags[-1].end
        self.tail(node)
        return node

    def tail(self, node) -> None:
        """The optional `{data}` and indented relations after a statement or argument."""
        if self.kind() == DATA:
            node.data = self.take()
            node.end = node.data.end
        if self.kind() == INDENT and self.kind(1) == REL:
            node.relations = self.relations(node)

    def relations(self, parent) -> list[Relation]:
        self.enter()
        self.take()  # INDENT
        out = []
        while self.kind() == REL:
            out.append(self.relation())
        if self.kind() == DEDENT:
            self.take()
        elif self.kind() in (STMT_DEF, STMT_REF, ARG_DEF, ARG_REF):
            self.fail(
                f"{_WHAT[self.kind()]} after a relation's text",
                "a new statement or argument starts after an empty line; inside text, write `\\[` or `\\<` for a plain bracket",
            )
        elif self.peek() is not None:
            self.fail(
                f"{_WHAT.get(self.kind(), 'text')} among relations",
                "each line here should start with a relation: + - <+ <- +> -> >< _ <_ _>",
            )
        self.depth -= 1
        return out

    def relation(self) -> Relation:
        t = self.take()
        if self.kind() in ARGUMENT_START:
            child = self.argument()
        elif self.kind() in STATEMENT_START:
            child = self.statement()
        else:
            self.fail(
                f"relation `{t.text}` relates to nothing",
                "write a statement (text, `[Title]: text` or `[Title]`) or an argument (`<Title>`) after it",
                (t.start, t.end),
            )
        if t.symbol == "><" and isinstance(child, Argument):
            self.fail(
                f"a contradiction `><` joins two statements, but `<{child.title}>` is an argument",
                "use `-` or `->` for an attack on an argument",
                (child.start, child.title_end),
            )
        return Relation(t.symbol, t, child)

    def pcs(self) -> PCS:
        items: list = []
        start = self.peek().start
        while self.kind() in (NUMBER, INF_START):
            if self.kind() == NUMBER:
                number = self.take()
                if self.kind() not in STATEMENT_START:
                    hint = "write the statement after the number"
                    if self.kind() in ARGUMENT_START:
                        hint = "an argument cannot be a premise; write a statement, or `[Title]` to use one"
                    self.fail(f"numbered statement {number.text.strip()} without text", hint, (number.start, number.end))
                statement = self.statement()
                items.append(PCSStatement(int(number.symbol), number, statement))
            else:
                if items and isinstance(items[-1], Inference):
                    previous = items[-1]
                    self.fail(
                        "two inference lines with no conclusion between them",
                        "each inference line `--` is followed by the numbered conclusion it draws",
                        (previous.start, previous.end),
                    )
                items.append(self.inference())
        last = items[-1]
        if isinstance(last, Inference):
            self.fail(
                "the premise–conclusion structure ends with an inference line but no conclusion",
                "write the conclusion it draws on the next line, numbered: `(n) …`",
                (last.start, last.end),
            )
        if not any(isinstance(item, Inference) for item in items):
            first = items[0].token
            self.fail(
                "numbered statements with no inference line `--`: a premise–conclusion structure needs a conclusion",
                "put a line `--` (or `-- rule --`) before the conclusion",
                (first.start, first.end),
            )
        return PCS(start, last.statement.end, items)

    def inference(self) -> Inference:
        opener = self.take()
        rules: list[tuple[str, int, int]] = []
        data = None
        current: list[Tok] = []

        def close_rule():
            if current:
                words = "".join((" " if t.nl else "") + (special(t.text) if t.kind == SPECIAL else t.text) for t in current).strip()
                if words:
                    rules.append((re.sub(r"\s+", " ", words), current[0].start, current[-1].end))
                current.clear()

        while self.kind() in (TEXT, SPECIAL, LIST_DELIM, DATA):
            t = self.take()
            if t.kind in (TEXT, SPECIAL):
                current.append(t)
            elif t.kind == LIST_DELIM:
                close_rule()
            else:
                close_rule()
                data = t
        close_rule()
        if self.kind() != INF_END:
            where = "the empty line" if self.kind() == INF_OPEN and self.peek().start < len(self.source.text) else "the end of the file"
            if self.kind() == INF_OPEN and _NUMBER.match(self.source.text, self.peek().start + 1):
                where = "the next numbered statement"
            self.fail(
                f"inference line `--` is not closed before {where}",
                "close it with `--`: write `--`, the rules, then `--` (or `-- rule --` on one line)",
                (opener.start, opener.end),
            )
        closer = self.take()
        node = Inference(opener.start, closer.end, rules, data)
        if self.kind() == INDENT and self.kind(1) == REL:
            self.enter()
            self.take()
            while self.kind() == REL:
                t = self.peek()
                if t.symbol != "<_":
                    self.fail(
                        f"relation `{t.text}` under an inference line",
                        "only an undercut (`_` or `<_`) can attach to an inference",
                        (t.start, t.end),
                    )
                node.undercuts.append(self.relation())
            if self.kind() == DEDENT:
                self.take()
            self.depth -= 1
        return node

    def list_block(self) -> ListBlock:
        self.take()  # INDENT
        items = []
        start = self.peek().start
        while self.kind() in (OL_ITEM, UL_ITEM):
            marker = self.take()
            if self.kind() in ARGUMENT_START:
                items.append(self.argument())
            elif self.kind() in STATEMENT_START:
                items.append(self.statement())
            else:
                self.fail("empty list item", "write a statement or an argument after the marker", (marker.start, marker.end))
        if self.kind() == DEDENT:
            self.take()
        elif self.peek() is not None and self.kind() != EMPTYLINE:
            self.fail(f"{_WHAT.get(self.kind(), 'text')} in a list", "each line of a list starts with `*` or a number and a dot: `1.`")
        end = items[-1].end if items else start
        return ListBlock(start, end, items)


def parse(source: SourceFile, start: int, diagnostics: list, after_front_matter: bool = False) -> list:
    """The blocks of an Argdown text from offset `start` (after the front
    matter); problems are appended to `diagnostics`. A block that could not
    be read is None."""
    tokens = Lexer(source, start, diagnostics).run()
    if after_front_matter and tokens and tokens[0].kind != EMPTYLINE:
        first = tokens[0]
        diagnostics.append(
            D.Diagnostic(
                D.IMPORT_MALFORMED,
                "the front matter must be followed by an empty line",
                source.span(first.start, max(first.end, first.start + 1)),
                hint="leave an empty line after the closing `===`",
            )
        )
    return Parser(source, tokens, diagnostics).document()
