"""The Argdown reader: an `.argdown` file → a `graph.Graph`.

Argdown's model is read the way its own core builds it (argdown-core's
ModelPlugin): statements with the same `[Title]` are one equivalence class;
`<Title>` names an argument, which may have a premise–conclusion structure
(PCS); relations come from indentation (`+`, `-`, `_`, `<+`, `<-`, `<_`,
`+>`, `->`, `_>`, `><`); an argument with a PCS speaks through its main
conclusion (its outgoing relations are the conclusion's) and is undercut
through its last inference. That model is then carried into argmap's terms:

- an equivalence class → one Statement (its title kept in `title`, the
  auto titles `Untitled N` not);
- an argument with a PCS → its premises and conclusions as Statements and
  one Inference per inference step (`title` the argument's, `label` made
  from it, `scheme` its inference rules, `note` its description);
- an argument without a PCS → a Statement holding its description
  (`argument` set), so relations to and from it come out as Argdown draws
  them;
- support and attack → `supports` / `attacks`; a contradiction `><` → two
  attacks, one each way, with the scheme "contradiction"; an undercut →
  `undercuts` of the inference it names.

docs/interop.md ("Argdown") has the table, and says what is lossy; every
loss is reported as a located AM503 warning, every broken construct as
AM502, a file that cannot be read at all as AM501.
"""

from __future__ import annotations

import datetime
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from argmap import diagnostics as D
from argmap.interop import argdown_syntax as syn
from argmap.interop.graph import Graph, Inference, Statement
from argmap.interop.kinds import assign_kinds
from argmap.interop.naming import Names
from argmap.source import SourceFile, Span

CONTRADICTION = "contradiction"  # the scheme of the two attacks that stand for `><`

_UNTITLED = "\n"  # internal keys of untitled elements start with a character no title holds
_FRONT_MATTER = re.compile(r"===+[\s\S]*?===+")
_YEAR = re.compile(r"(?<!\d)(1\d{3}|2\d{3})(?!\d)")
_TAG_WORD = re.compile(r"[^\W\d][\w\-]*")
_USES = re.compile(r"\{\s*uses\s*:\s*\[\s*((?:[0-9]+\s*,\s*)*[0-9]+)?\s*\]\s*\}")
_ID_LENGTH = 40  # longer titles are cut (at a word) for the id; the title keeps them whole
MAX_GUESSES = 100  # titles only referred to that get a did-you-mean, per file

# Front-matter keys that become map metadata; Argdown's other keys configure
# its own rendering (color, dot, map, group, selection, model, …).
_META_KEYS = ("title", "subTitle", "author", "authors", "date", "abstract")


def read(path_or_text, name: str | None = None) -> Graph:
    """Read Argdown from a file (a `Path` or other path-like) or from text
    (a `str`). `name` is the file name diagnostics show (for text, default
    `<text>`); the map's id is made from its stem."""
    if isinstance(path_or_text, os.PathLike):
        path = os.fsdecode(path_or_text)
        name = name or path
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            return _unreadable(name, f"cannot read {name}: {exc.strerror or exc}")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            return _unreadable(name, f"{name} is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line})", "save it as UTF-8")
    else:
        text = str(path_or_text)
        name = name or "<text>"
        if text.startswith("\ufeff"):
            text = text[1:]
    # Argdown reads \r\n and \r as line breaks; one kind keeps the columns right.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _Reader(SourceFile(name, text)).run()


def _unreadable(name: str, message: str, hint: str | None = None) -> Graph:
    return Graph(meta=_base_meta(name), diagnostics=[D.Diagnostic(D.IMPORT_UNREADABLE, message, path=name, hint=hint)])


def _base_meta(name: str) -> dict:
    stem = Path(name).stem if name and not name.startswith("<") else "argdown"
    return {"id": Names().claim(stem.lower(), prefix="m"), "title": stem}


# --- what Argdown's model holds ---------------------------------------------------------


@dataclass
class _Member:
    text: str  # "" for a reference
    span: Span
    tags: list[str]


@dataclass
class _Class:
    """An equivalence class: the statements that share one title."""

    key: str
    title: str | None
    start: int
    members: list[_Member] = field(default_factory=list)


@dataclass
class _Step:
    rules: list[str]
    span: Span
    uses: list[int] | None = None
    uses_span: Span | None = None
    conclusion: int = -1  # index into the PCS's statements


@dataclass
class _Argument:
    key: str
    title: str | None
    start: int
    members: list[_Member] = field(default_factory=list)  # descriptions and references
    pcs: list[tuple[int, str, Span]] | None = None  # (number, class key, span of `(n)`)
    steps: list[_Step] = field(default_factory=list)
    pcs_span: Span | None = None


@dataclass
class _Relation:
    type: str  # support | attack | contradictory | undercut
    src: tuple
    dst: tuple  # ("ec", key) | ("arg", key) | ("inf", argument key, step)
    span: Span
    aimed_at: str | None = None  # argument key, when a support/attack on it was aimed at its conclusion
    transformed: bool = False  # the source was an argument, now its conclusion


class _Reader:
    def __init__(self, source: SourceFile):
        self.source = source
        self.diagnostics: list[D.Diagnostic] = []
        self.classes: dict[str, _Class] = {}
        self.arguments: dict[str, _Argument] = {}
        self.relations: list[_Relation] = []
        self.related: set[tuple] = set()
        self.guesses = 0  # did-you-mean searches made so far
        self.labelled = 0  # inferences labelled `i1`, `i2`, … for undercuts to name
        self.auto = 0
        self.keep_tags = True
        self.meta: dict = _base_meta(source.path)
        # What has no place in a map, counted for one warning each.
        self.headings: list[Span] = []
        self.links: list[Span] = []
        self.data: list[tuple[Span, list[str]]] = []
        self.changed_tags: dict[str, tuple[str, Span]] = {}
        self.argument_tags: list[tuple[Span, list[str]]] = []
        self.titled = False  # the front matter gave the map's title
        self.broken: set[str] = set()  # arguments whose premise–conclusion structure could not be read
        self.standing: set[str] = set()  # arguments written as a block of their own, not only inside relations

    def span(self, start: int, end: int) -> Span:
        return self.source.span(start, end)

    def warn(self, message: str, span: Span | None, hint: str | None = None) -> None:
        self.diagnostics.append(D.Diagnostic(D.IMPORT_LOSSY, message, span, path=self.source.path, hint=hint))

    # -- the file -----------------------------------------------------------------------

    def run(self) -> Graph:
        text = self.source.text
        nul = text.find("\x00")
        if nul >= 0:
            line = text.count("\n", 0, nul) + 1
            return self.fatal(f"not an Argdown text: it holds a NUL byte (line {line})", self.span(nul, nul + 1), "is it a binary file?")
        body = self.front_matter()
        if body is None:
            return self.finish_fatal()
        blocks = syn.parse(self.source, body, self.diagnostics, after_front_matter=body > 0)
        previous = None
        for block in blocks:
            self.block(block, previous)
            previous = block
        if not self.classes and not self.arguments:
            if any(d.code is D.IMPORT_MALFORMED for d in self.diagnostics):
                return self.finish_fatal()
            return self.fatal("nothing to import: the file holds no Argdown statement or argument", None)
        return self.graph()

    def fatal(self, message: str, span: Span | None, hint: str | None = None) -> Graph:
        self.diagnostics.append(D.Diagnostic(D.IMPORT_UNREADABLE, message, span, path=self.source.path, hint=hint))
        return self.finish_fatal()

    def finish_fatal(self) -> Graph:
        return Graph(meta=self.meta, diagnostics=sorted(self.diagnostics, key=D.Diagnostic.sort_key))

    # -- front matter --------------------------------------------------------------------

    def front_matter(self) -> int | None:
        """Read the `===` front matter if there is one; the offset where the
        Argdown body starts, or None when the file cannot be read on."""
        text = self.source.text
        start = len(text) - len(text.lstrip())
        if not text.startswith("===", start):
            return 0
        m = _FRONT_MATTER.match(text, start)
        if m is None:
            self.diagnostics.append(
                D.Diagnostic(
                    D.IMPORT_UNREADABLE,
                    "the front matter opened with `===` is never closed",
                    self.span(start, start + 3),
                    hint="close it with a line `===` before the first statement",
                )
            )
            return None
        fence = m.group()
        raw_start = start + len(fence) - len(fence.lstrip("="))
        raw_end = m.end() - (len(fence) - len(fence.rstrip("=")))
        data = self.yaml(text[raw_start:raw_end], raw_start, "the front matter")
        if data is not None:
            self.read_meta(data, raw_start, raw_end)
        return m.end()

    def read_meta(self, data: dict, raw_start: int, raw_end: int) -> None:
        title = _scalar(data.get("title"))
        if title:
            self.meta["title"], self.titled = title, True
        subtitle = _scalar(data.get("subTitle"))
        if subtitle:
            self.meta["title"] = f"{self.meta['title']}: {subtitle}"
        authors = data.get("author", data.get("authors"))
        if isinstance(authors, str):
            authors = [authors]
        if isinstance(authors, list) and authors:
            self.meta["authors"] = [" ".join(str(a).split()) for a in authors if a is not None]
        date = data.get("date")
        if date is not None:
            if isinstance(date, (datetime.date, datetime.datetime)):
                self.meta["year"] = date.year
                self.meta["date"] = date.isoformat()
            else:
                self.meta["date"] = str(date)
                years = _YEAR.findall(str(date))
                if years:
                    self.meta["year"] = int(years[-1])
        abstract = _scalar(data.get("abstract"))
        if abstract:
            self.meta["note"] = abstract
        model = data.get("model")
        if isinstance(model, dict) and model.get("removeTagsFromText") is True:
            self.keep_tags = False
        left = [str(k) for k in data if k not in _META_KEYS]
        if left:
            first = re.search(rf"^[ \t]*{re.escape(left[0])}[ \t]*:", self.source.text[raw_start:raw_end], re.M)
            at = raw_start + first.start() if first else raw_start
            shown = ", ".join(f"`{k}`" for k in left)
            keys, them = ("key", "it") if len(left) == 1 else ("keys", "them")
            self.warn(
                f"front-matter {keys} {shown} left out: a map's front matter has no place for {them}",
                self.span(at, at + len(left[0])),
                hint="Argdown's settings for its own rendering (color, dot, group, model, …) do not carry over",
            )

    def yaml(self, raw: str, offset: int, what: str):
        """`raw` (at `offset` in the file) read as YAML the way the map's front
        matter is read (safe, no aliases, bounded depth); None on failure."""
        import yaml

        from argmap.frontmatter import MAX_YAML_DEPTH, _BadValue, _loader

        loader = _loader()

        def at(mark, length=1):
            if mark is None:  # the whole value: show where it starts
                first = offset + len(raw) - len(raw.lstrip())
                return self.span(first, first + length)
            line, _ = self.source.position(offset)
            start = offset + mark.column if mark.line == 0 else self.source.offset(line + mark.line, mark.column + 1)
            return self.span(start, start + length)

        def problem(message, mark, length=1, hint=None, context=None):
            labels = ()
            if context is not None and context[0] is not None:
                if mark is None or at(mark).start >= offset + len(raw.rstrip()):
                    mark = context[0]  # the reader ran off the end: show where the unclosed part opens
                elif context[0].line != mark.line:
                    labels = (D.Label(at(context[0]), context[1]),)
            self.diagnostics.append(D.Diagnostic(D.IMPORT_MALFORMED, message, at(mark, length), hint=hint, labels=labels))

        try:
            depth = 0
            # Aliases need `*`, deep values many brackets: the event pass is
            # skipped when neither can be there (a data block is usually tiny).
            events = yaml.parse(raw, Loader=loader) if "*" in raw or raw.count("[") + raw.count("{") > MAX_YAML_DEPTH else ()
            for event in events:
                if isinstance(event, yaml.AliasEvent):
                    problem(f"YAML alias `*{event.anchor}` in {what}", event.start_mark, 1 + len(event.anchor or ""), "write the value out where it is needed")
                    return None
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > MAX_YAML_DEPTH:
                        problem(f"{what} nests more than {MAX_YAML_DEPTH} levels deep", event.start_mark)
                        return None
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
            data = yaml.load(raw, Loader=loader)  # noqa: S506 - a safe loader
        except _BadValue as exc:
            problem(f"invalid YAML in {what}: {exc}", exc.problem_mark, hint="quote it to keep it as text")
            return None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            context = (getattr(exc, "context_mark", None), getattr(exc, "context", None) or "")
            problem(f"invalid YAML in {what}: {detail}", mark, hint="it is read as YAML: `key: value`, lists in `[…]`", context=context)
            return None
        if data is None:
            return {}
        if not isinstance(data, dict):
            problem(f"{what} is not a mapping of keys", None, len(raw.strip().split("\n", 1)[0]) or 1, "write `key: value` pairs")
            return None
        return data

    def data_block(self, tok: syn.Tok, what: str):
        """A `{…}` block's YAML: inline (`{uses: [1, 2]}`) or, when `{` ends its
        line, the block form in between (Argdown's DataPlugin does the same)."""
        raw, offset = tok.text, tok.start
        simple = _USES.fullmatch(raw)
        if simple:  # the usual `{uses: [1, 2]}`, read without a YAML parser
            return {"uses": [int(n) for n in re.findall(r"\d+", simple.group(1) or "")]}
        m = re.match(r"\{[ \t]*\n", raw)
        if m:
            body = re.sub(r"\}\s*$", "", raw[m.end() :])
            return self.yaml(body, offset + m.end(), what)
        return self.yaml(raw, offset, what)

    # -- blocks ------------------------------------------------------------------------

    def block(self, block, previous) -> None:
        if block is None:
            if isinstance(previous, syn.Argument):
                self.broken.add(previous.title)  # its PCS could not be read: it is no mere reference
            return
        if isinstance(block, syn.Heading):
            self.headings.append(self.span(block.start, block.end))
            text, _ = self.text_of(block.content)  # its links and tags count like any other
            if not self.titled and text:
                self.meta["title"], self.titled = text, True  # no title in the front matter: the first heading's
            if block.data is not None:
                self.note_data(block.data, "a heading's data block")
        elif isinstance(block, syn.Statement):
            self.statement(block)
        elif isinstance(block, syn.Argument):
            self.standing.add(self.argument(block))
        elif isinstance(block, syn.PCS):
            self.pcs(block, previous if isinstance(previous, syn.Argument) else None)
        elif isinstance(block, syn.ListBlock):
            for item in block.items:
                self.element(item)

    def element(self, node, inference: tuple | None = None) -> tuple:
        if isinstance(node, syn.Argument):
            return ("arg", self.argument(node))
        return ("ec", self.statement(node, inference))

    def new_key(self) -> str:
        self.auto += 1
        return f"{_UNTITLED}{self.auto}"

    def statement(self, node: syn.Statement, inference: tuple | None = None) -> str:
        key = node.title if node.title is not None else self.new_key()
        ec = self.classes.get(key)
        if ec is None:
            ec = self.classes[key] = _Class(key, node.title, node.start)
        text, tags = self.text_of(node.content) if node.content else ("", [])
        tags += [self.tag(t) for t in node.tags]
        span = self.span(node.title_start, node.title_end) if node.reference else self.span(node.start, node.end)
        ec.members.append(_Member(text, span, [t for t in tags if t]))
        if node.data is not None:
            self.note_data(node.data, "a statement's data block")
        self.visit_relations(node.relations, ("ec", key), inference)
        return key

    def argument(self, node: syn.Argument) -> str:
        key = node.title
        arg = self.arguments.get(key)
        if arg is None:
            arg = self.arguments[key] = _Argument(key, node.title, node.start)
        text, tags = self.text_of(node.content) if node.content else ("", [])
        tags += [self.tag(t) for t in node.tags]
        span = self.span(node.title_start, node.title_end) if node.reference else self.span(node.start, node.end)
        arg.members.append(_Member(text, span, [t for t in tags if t]))
        if node.data is not None:
            self.note_data(node.data, "an argument's data block")
        self.visit_relations(node.relations, ("arg", key))
        return key

    def pcs(self, node: syn.PCS, before: syn.Argument | None) -> None:
        if before is not None:
            key = before.title
        else:
            key = self.new_key()
            self.arguments[key] = _Argument(key, None, node.start)
        arg = self.arguments[key]
        if arg.pcs is not None:
            self.warn(
                f"the argument <{arg.title}> is reconstructed twice; the first premise–conclusion structure is left out",
                arg.pcs_span,
                hint="Argdown, too, keeps only the last one",
            )
        arg.pcs, arg.steps, arg.pcs_span = [], [], self.span(node.start, node.end)
        current = None
        for item in node.items:
            if isinstance(item, syn.PCSStatement):
                ec = self.statement(item.statement, current)
                arg.pcs.append((item.number, ec, self.span(item.token.start, item.token.end)))
                if arg.steps and arg.steps[-1].conclusion < 0:
                    arg.steps[-1].conclusion = len(arg.pcs) - 1
            else:
                step = _Step([r[0] for r in item.rules], self.span(item.start, item.end))
                if item.data is not None:
                    self.inference_data(item.data, step)
                arg.steps.append(step)
                current = ("inf", key, len(arg.steps) - 1)
                self.visit_relations(item.undercuts, current)

    def inference_data(self, tok: syn.Tok, step: _Step) -> None:
        data = self.data_block(tok, "an inference's data block")
        if not data:
            return
        uses = data.get("uses")
        if uses is not None:
            numbers = uses if isinstance(uses, list) else [uses]
            bad = [n for n in numbers if not isinstance(n, int) or isinstance(n, bool)]
            if not bad:
                step.uses, step.uses_span = list(numbers), self.span(tok.start, tok.end)
            else:
                self.diagnostics.append(
                    D.Diagnostic(
                        D.IMPORT_MALFORMED,
                        f"`uses` must list statement numbers, and `{bad[0]}` is not one",
                        self.span(tok.start, tok.end),
                        hint="e.g. {uses: [1, 2]}: the numbers of the premises this inference uses",
                    )
                )
        others = [str(k) for k in data if k != "uses"]
        if others:
            self.data.append((self.span(tok.start, tok.end), others))

    def note_data(self, tok: syn.Tok, what: str) -> None:
        data = self.data_block(tok, what)
        if data:
            self.data.append((self.span(tok.start, tok.end), [str(k) for k in data]))

    def visit_relations(self, relations: list, parent: tuple, inference: tuple | None = None) -> None:
        for rel in relations:
            child = self.element(rel.child)
            span = self.span(rel.token.start, rel.token.end)
            s = rel.symbol
            if s == "+>":
                self.relate("support", parent, child, span)
            elif s == "->":
                self.relate("attack", parent, child, span)
            elif s == "<+":
                self.relate("support", child, parent, span)
            elif s == "<-":
                self.relate("attack", child, parent, span)
            elif s == "><":
                self.relate("contradictory", parent, child, span)
            elif s == "_>":
                self.relate("undercut", parent, child, span)
            else:  # <_ : under a statement of a PCS, the inference drawn just before it
                target = inference if parent[0] == "ec" and inference is not None else parent
                self.relate("undercut", child, target, span)

    def relate(self, kind: str, src: tuple, dst: tuple, span: Span) -> None:
        key = (kind, src, dst)
        if key in self.related or (kind == "contradictory" and (kind, dst, src) in self.related):
            return  # Argdown merges a relation given twice
        self.related.add(key)
        self.relations.append(_Relation(kind, src, dst, span))

    # -- text ----------------------------------------------------------------------

    def text_of(self, content: syn.Content) -> tuple[str, list[str]]:
        """The text Argdown makes of inline content (bold and italic marks
        dropped, a link's text kept, line breaks read as spaces — or as
        nothing between two CJK characters), and the tags in it."""
        toks = content.tokens
        matched: set[int] = set()
        open_marks: list[int] = []
        for i, t in enumerate(toks):
            if t.kind == syn.EMPH_START:
                open_marks.append(i)
            elif t.kind == syn.EMPH_END and open_marks and toks[open_marks[-1]].symbol == t.symbol:
                matched.update((open_marks.pop(), i))
        out = ""
        tags: list[str] = []
        for i, t in enumerate(toks):
            piece = t.text
            if t.kind == syn.ESCAPED:
                piece = t.text[1:]
            elif t.kind == syn.SPECIAL:
                piece = syn.special(t.text)
            elif t.kind == syn.LINK:
                piece = syn.link_words(t.text)
                self.links.append(self.span(t.start, t.end))
            elif t.kind == syn.TAG:
                tags.append(self.tag(t))
                if not self.keep_tags:
                    piece = ""
            elif i in matched:
                piece = t.text[len(t.symbol) :] if t.kind == syn.EMPH_END else ""
            if t.nl and out:
                left, right = out.rstrip(), piece.lstrip()
                out = left + ("" if left and right and _wide(left[-1]) and _wide(right[0]) else " ") + right
            else:
                out += piece
        return " ".join(out.split()), [t for t in tags if t]

    def tag(self, tok: syn.Tok) -> str | None:
        """An Argdown tag as an argmap tag (one word: letters, digits, `_`, `-`)."""
        raw = syn.tag_name(tok.text)
        word = re.sub(r"[^\w\-]+", "-", raw.strip()).strip("-")
        if word and not _TAG_WORD.fullmatch(word):
            word = "_" + word
        if not word:
            self.warn(f"tag `{tok.text.strip()}` left out: it has no letters or digits", self.span(tok.start, tok.end))
            return None
        if word != raw and raw not in self.changed_tags:
            self.changed_tags[raw] = (word, self.span(tok.start, tok.end))
        return word

    # -- the graph --------------------------------------------------------------------

    def graph(self) -> Graph:
        reconstructed = {k for k, a in self.arguments.items() if a.pcs}
        self.transform(reconstructed)
        names = Names()
        ids: dict[tuple, str] = {}
        statements: list[Statement] = []
        elements = sorted(
            [("ec", c) for c in self.classes.values()] + [("arg", a) for a in self.arguments.values() if a.key not in reconstructed],
            key=lambda e: e[1].start,
        )
        # Titled elements first: their ids are read from their titles, and an
        # untitled `s3` must not take a title's id.
        for kind, el in sorted(elements, key=lambda e: e[1].title is None):
            if el.title is not None:
                ids[(kind, el.key)] = names.claim(_short(el.title).lower(), prefix="s" if kind == "ec" else "a")
        count = 0
        for kind, el in elements:
            if (kind, el.key) not in ids:
                count += 1
                while f"s{count}" in names.taken:
                    count += 1
                ids[(kind, el.key)] = names.claim(f"s{count}")
        for kind, el in elements:
            statements.append(self.node(kind, el, ids[(kind, el.key)]))
        self.by_id = {s.id: s for s in statements}

        inferences: list[tuple[int, Inference]] = []
        labels: dict[tuple, str] = {}  # ("inf", argument key, step) → label
        for key in sorted(reconstructed, key=lambda k: self.arguments[k].pcs_span.start):
            inferences += self.steps(self.arguments[key], ids, names, labels)
        undercuts = []
        for rel in self.relations:
            if rel.type == "undercut":
                undercuts.append(rel)
            else:
                inferences += self.plain(rel, ids, labels)
        inferences.sort(key=lambda pair: pair[0])
        made = self.dedupe([inf for _, inf in inferences])
        made += self.place_undercuts(undercuts, ids, labels, made, names)
        graph = Graph(meta=self.meta, statements=statements, inferences=made)
        # A contradiction is two attacks, one each way; it must not keep the
        # thesis from being the statement that argues for nothing.
        plain = Graph(meta={}, statements=statements, inferences=[i for i in made if i.scheme != CONTRADICTION])
        assign_kinds(graph, thesis=assign_kinds(plain))
        self.summaries(statements)
        graph.diagnostics = sorted(self.diagnostics, key=D.Diagnostic.sort_key)
        return graph

    def transform(self, reconstructed: set[str]) -> None:
        """Argdown's own reading of relations that touch an argument with a
        PCS: what it argues, its main conclusion argues; an undercut of it
        undercuts its last inference. A support or attack on it is aimed at
        its conclusion too: argmap has no node for the argument itself."""
        out: list[_Relation] = []
        seen: set[tuple] = set()
        for rel in self.relations:
            if rel.src[0] == "arg" and rel.src[1] in reconstructed:
                arg = self.arguments[rel.src[1]]
                rel.src, rel.transformed = ("ec", arg.pcs[-1][1]), True
            if rel.dst[0] == "arg" and rel.dst[1] in reconstructed:
                arg = self.arguments[rel.dst[1]]
                if rel.type == "undercut":
                    rel.dst = ("inf", arg.key, len(arg.steps) - 1)
                else:
                    rel.aimed_at = arg.key
                    rel.dst = ("ec", arg.pcs[-1][1])
            key = (rel.type, rel.src, rel.dst, rel.aimed_at)
            if key not in seen:
                seen.add(key)
                out.append(rel)
        self.relations = out

    def node(self, kind: str, el, sid: str) -> Statement:
        texts = [m.text for m in el.members if m.text]
        tags: list[str] = []
        for m in el.members:
            tags += [t for t in m.tags if t not in tags]
        first = next((m for m in el.members if m.text), el.members[0])
        if texts:
            text = texts[0]
        elif kind == "arg" and (el.key in self.broken or el.key in self.standing):
            text = el.title  # Argdown shows such an argument by its title alone
        elif el.title is None:  # only marks or tags (taken out of the text): what was written is its text
            text = " ".join(self.source.text[first.span.start : first.span.end].split())
            self.warn(f"a statement with no words: `{_clip(text)}` becomes its text", first.span)
        else:
            text = el.title
            close = None
            # Each guess compares with every title: only the first ones get one.
            if self.guesses < MAX_GUESSES:
                self.guesses += 1
                others = [c.title for c in (self.classes if kind == "ec" else self.arguments).values() if c.title and c.title != el.title]
                close = D.did_you_mean(el.title, others)
            opening, closing, never = ("[", "]", "stated") if kind == "ec" else ("<", ">", "described")
            self.warn(
                f"{opening}{el.title}{closing} is only referred to, never {never}: its title becomes its text",
                first.span,
                hint=f"did you mean {opening}{close}{closing}?" if close else None,
            )
        others = list(dict.fromkeys(t for t in texts[1:] if t != text))
        note = "Also stated as: " + " / ".join(others) if others else None
        return Statement(id=sid, text=text, title=el.title, tags=tags, note=note, origin=first.span, argument=kind == "arg")

    def steps(self, arg: _Argument, ids: dict, names: Names, labels: dict) -> list[tuple[int, Inference]]:
        """One inference per inference step of an argument's PCS."""
        if arg.title is None:
            self.warn(
                "an argument without a title: its inferences are kept, not that they make one argument",
                arg.pcs_span,
                hint="write `<Title>` and an empty line above the `(1)` to name the argument",
            )
        base = names.claim(_short(arg.title).lower() if arg.title else "argument", prefix="a")
        last = len(arg.steps) - 1
        for i in range(last):
            labels[("inf", arg.key, i)] = names.claim(f"{base}_{i + 1}")
        labels[("inf", arg.key, last)] = base
        number_at: dict[int, int] = {}
        for index, (number, _, _) in enumerate(arg.pcs):
            number_at.setdefault(number, index)
        used: set[int] = set()
        out = []
        start = 0
        description = "\n".join(m.text for m in arg.members if m.text) or None
        for i, step in enumerate(arg.steps):
            end = step.conclusion
            if step.uses is None:
                chosen = list(range(start, end))
            else:
                chosen = []
                for n in step.uses:
                    at = number_at.get(n)
                    if at is None or at >= end:
                        self.diagnostics.append(
                            D.Diagnostic(
                                D.IMPORT_MALFORMED,
                                f"`uses` names ({n}), which is no statement before this inference's conclusion",
                                step.uses_span,
                                hint="list the numbers of premises (or earlier conclusions) written above the inference line",
                            )
                        )
                    else:
                        chosen.append(at)
            target = ids[("ec", arg.pcs[end][1])]
            sources: list[str] = []
            for at in chosen:
                sid = ids[("ec", arg.pcs[at][1])]
                used.add(at)
                if sid == target:
                    self.diagnostics.append(
                        D.Diagnostic(
                            D.IMPORT_MALFORMED,
                            f"({arg.pcs[at][0]}) is both a premise and the conclusion of the same inference",
                            arg.pcs[end][2],
                            hint="a conclusion cannot be one of its own premises",
                        )
                    )
                elif sid in sources:
                    first = next(arg.pcs[a][0] for a in chosen if ids[("ec", arg.pcs[a][1])] == sid)
                    self.warn(
                        f"({arg.pcs[at][0]}) is the same statement as ({first}): the inference has it as a premise once",
                        arg.pcs[at][2],
                        hint="give the two premises different titles if they say different things",
                    )
                else:
                    sources.append(sid)
            start = end
            if not sources:
                if not chosen:
                    self.diagnostics.append(
                        D.Diagnostic(
                            D.IMPORT_MALFORMED,
                            "this inference uses no premise",
                            step.span,
                            hint="an inference draws its conclusion from at least one premise",
                        )
                    )
                continue
            inf = Inference(
                kind="supports",
                sources=sources,
                target=target,
                label=labels[("inf", arg.key, i)],
                scheme=", ".join(step.rules) or None,
                title=arg.title,
                note=description if i == last else None,
                origin=step.span,
            )
            out.append((step.span.start, inf))
        for at, (number, _, span) in enumerate(arg.pcs[:-1]):
            if at not in used:
                what = f"<{arg.title}>" if arg.title else "this argument"
                self.warn(
                    f"({number}) of {what} is used by no inference: it is imported without a relation",
                    span,
                    hint="add it to the `uses` of the inference that needs it",
                )
        tagged = [m for m in arg.members if m.tags]
        if tagged:
            self.argument_tags.append((tagged[0].span, [t for m in tagged for t in m.tags]))
        return out

    def plain(self, rel: _Relation, ids: dict, labels: dict) -> list[tuple[int, Inference]]:
        src, dst = ids[rel.src], ids[rel.dst]
        if src == dst:
            # Argdown reads a statement or argument related to itself (a
            # self-defeating argument, say); a map cannot hold one (AM203).
            if not (rel.transformed and rel.type == "support"):  # an argument supporting its own conclusion says nothing new
                self.warn(
                    "a relation from a statement to itself is left out",
                    rel.span,
                    hint="a map's node cannot be its own reason or objection",
                )
            return []
        if rel.aimed_at is not None:
            arg = self.arguments[rel.aimed_at]
            verb = "a support of" if rel.type == "support" else "an attack on"
            self.warn(
                f"{verb} the argument <{arg.title}> is aimed at its conclusion",
                rel.span,
                hint="a map relates statements, and Argdown does not say which premise is meant: relate it to that one",
            )
        if rel.type == "contradictory":
            return [
                (rel.span.start, Inference("attacks", [src], dst, scheme=CONTRADICTION, origin=rel.span)),
                (rel.span.start, Inference("attacks", [dst], src, scheme=CONTRADICTION, origin=rel.span)),
            ]
        inf = Inference("supports" if rel.type == "support" else "attacks", [src], dst, origin=rel.span)
        if rel.aimed_at is not None:
            inf.aimed_at = labels[("inf", rel.aimed_at, len(self.arguments[rel.aimed_at].steps) - 1)]
        return [(rel.span.start, inf)]

    def dedupe(self, inferences: list[Inference]) -> list[Inference]:
        """One inference per set of sources and target, as in a map. A relation
        that repeats a step of an argument says nothing more: the step, with
        its title and label, is kept wherever the relation was written."""
        steps: dict[tuple, Inference] = {}
        for inf in inferences:
            if inf.title is not None:
                key = (inf.kind, frozenset(inf.sources), inf.target)
                first = steps.setdefault(key, inf)
                if first is not inf:
                    self.warn(
                        f"<{inf.title}> draws the same inference as <{first.title}>, from the same premises: it is kept once, as <{first.title}>",
                        inf.origin,
                        hint="a map holds one inference from given premises to a conclusion",
                    )
        out, seen = [], set()
        for inf in inferences:
            key = (inf.kind, frozenset(inf.sources), inf.target)
            if key in seen or (key in steps and steps[key] is not inf):
                continue
            seen.add(key)
            out.append(inf)
        return out

    def place_undercuts(self, undercuts: list[_Relation], ids: dict, labels: dict, made: list[Inference], names: Names) -> list[Inference]:
        """An undercut attacks an inference: a step of a reconstruction, by its
        label, or else the inference the undercut statement or argument makes.
        That may itself be an undercut (Argdown undercuts an argument whose
        only relation is an undercut), so undercuts are placed in rounds, each
        once the inference it attacks exists."""
        have = {i.label for i in made if i.label is not None}
        outgoing: dict[str, list[Inference]] = {}
        for inf in made:
            for src in inf.sources:
                outgoing.setdefault(src, []).append(inf)
        out: list[Inference] = []
        pending = undercuts
        while pending:
            sources = {ids[r.src] for r in pending}
            later = [r for r in pending if r.dst[0] != "inf" and not outgoing.get(ids[r.dst]) and ids[r.dst] in sources]
            if len(later) == len(pending):  # undercuts in a ring: none waits for another
                later = []
            waiting = {id(r) for r in later}
            for rel in pending:
                if id(rel) in waiting:
                    continue
                inf = self.undercut(rel, ids, labels, have, outgoing, names)
                if inf is not None:
                    out.append(inf)
                    outgoing.setdefault(inf.sources[0], []).append(inf)
            pending = later
        return out

    def undercut(self, rel: _Relation, ids: dict, labels: dict, have: set, outgoing: dict, names: Names) -> Inference | None:
        src = ids[rel.src]
        if rel.dst[0] == "inf":
            label = labels.get(rel.dst)
            if label is None or label not in have:
                self.warn("an undercut of an inference that was not imported is left out", rel.span)
                return None
            return Inference("undercuts", [src], label, origin=rel.span)
        node = ids[rel.dst]
        outgoing = outgoing.get(node, [])
        what = f"[{self.classes[rel.dst[1]].title}]" if rel.dst[0] == "ec" else f"<{rel.dst[1]}>"
        if rel.dst[0] == "ec" and self.classes[rel.dst[1]].title is None:
            what = "a statement"
        if not outgoing:
            self.warn(
                f"an undercut of {what} is left out: it is no reason for anything, so there is no inference to undercut",
                rel.span,
                hint="an undercut attacks the step from a reason to what it supports or attacks",
            )
            return None
        target = outgoing[0]
        if len(outgoing) > 1:
            end = self.by_id.get(target.target)
            if end is None:  # the first is itself an undercut
                shown = "an inference"
            else:
                shown = _shown(end)
            self.warn(
                f"{what} bears on {len(outgoing)} statements; the undercut is imported as an undercut of its relation to {shown} only",
                rel.span,
                hint="an undercut in argmap attacks one inference; reconstruct the argument to say which",
            )
        if target.label is None:
            self.labelled += 1
            while f"i{self.labelled}" in names.taken:
                self.labelled += 1
            target.label = names.claim(f"i{self.labelled}")
            have.add(target.label)
        return Inference("undercuts", [src], target.label, origin=rel.span)

    def summaries(self, statements: list[Statement]) -> None:
        """One warning for each kind of thing left out, at its first place."""
        if self.headings:
            self.warn(
                f"{_count(self.headings, 'heading')} left out: a map has no sections",
                self.headings[0],
                hint="tags (#…) can group nodes instead",
            )
        if self.links:
            self.warn(f"the address of {_count(self.links, 'link')} left out: a node's text keeps only the link's words", self.links[0])
        if self.data:
            keys = ", ".join(dict.fromkeys(k for _, ks in self.data for k in ks))
            self.warn(
                f"{_count(self.data, '`{…}` data block')} left out (keys: {keys})",
                self.data[0][0],
                hint="only `uses` (the premises an inference uses) has a place in a map",
            )
        if self.argument_tags:
            tags = ", ".join(dict.fromkeys("#" + t for _, ts in self.argument_tags for t in ts))
            self.warn(
                f"tags of {_count(self.argument_tags, 'reconstructed argument')} left out ({tags})",
                self.argument_tags[0][0],
                hint="an argument with premises and a conclusion becomes inferences, and inferences take no tags",
            )
        for raw, (word, span) in self.changed_tags.items():
            self.warn(f"tag `{raw}` becomes `#{word}`: an argmap tag is one word", span)
        bare = [s for s in statements if s.argument and s.title not in self.broken]
        if bare:
            what = "1 argument" if len(bare) == 1 else f"{len(bare)} arguments"
            self.warn(
                f"{what} without premises and conclusion imported as {'a node' if len(bare) == 1 else 'nodes'}",
                bare[0].origin,
                hint="such a node holds the argument's description and title; a map does not tell it from a statement",
            )


def _scalar(value) -> str | None:
    """A front-matter value as one line of text (YAML may fold or number it)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return " ".join(str(value).split()) or None


def _short(title: str) -> str:
    """A title cut at a word for use as an id."""
    if len(title) <= _ID_LENGTH:
        return title
    cut = title[:_ID_LENGTH]
    space = cut.rfind(" ")
    return cut[:space] if space > _ID_LENGTH // 2 else cut


def _count(items, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _shown(st: Statement) -> str:
    """A statement as an Argdown user knows it: `[Title]`, `<Title>` or its words."""
    if st.title is None:
        return f"“{_clip(st.text)}”"
    return f"<{st.title}>" if st.argument else f"[{st.title}]"


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


# --- Argdown's own view, for comparing with its JSON export ------------------------------------


def argdown_view(graph: Graph) -> tuple[set[str], set[str], set[tuple[str, str, str]]]:
    """What Argdown's JSON export lists, read back from an imported graph:
    its statements, arguments and relations, each by title.

    - statements: the title of each statement, or its text when it has none
      (Argdown would call it `Untitled N`); statements standing for an
      argument without a PCS are arguments instead;
    - arguments: those titles, and the title of every inference that has one
      (a step of an argument with a PCS);
    - relations: (from, to, type) for every inference that is not a step of
      an argument, type `support`, `attack`, `undercut` or `contradictory`
      (the pair of attacks with the scheme "contradiction", once, in the
      direction written first). An undercut's `to` is the argument whose
      inference it undercuts (the statement making that inference, when
      it has no title); a support or attack aimed at an argument
      (`aimed_at`) is to that argument.
    """
    name = {s.id: s.title if s.title is not None else s.text for s in graph.statements}
    statements = {name[s.id] for s in graph.statements if not s.argument}
    arguments = {name[s.id] for s in graph.statements if s.argument}
    arguments |= {i.title for i in graph.inferences if i.title is not None}
    by_label = {i.label: i for i in graph.inferences if i.label is not None}
    relations: set[tuple[str, str, str]] = set()
    for inf in graph.inferences:
        if inf.title is not None:
            continue
        src = name[inf.sources[0]]
        if inf.kind == "undercuts":
            target = by_label[inf.target]
            to = target.title if target.title is not None else name[target.sources[0]]
            relations.add((src, to, "undercut"))
            continue
        aimed = inf.aimed_at
        to = by_label[aimed].title if aimed is not None else name[inf.target]
        if inf.scheme == CONTRADICTION:
            if (to, src, "contradictory") not in relations:
                relations.add((src, to, "contradictory"))
            continue
        relations.add((src, to, "support" if inf.kind == "supports" else "attack"))
    return statements, arguments, relations
