"""arggraph in: the XML of the Potsdam argumentative microtext corpus
(Peldszus & Stede), read into a Graph.

An arggraph holds EDUs (text segments), joints (EDUs taken together),
ADUs (argumentative units, of the proponent or the opponent) and edges:
`seg` (EDU or joint → ADU, EDU → joint), `sup` and `exa` (support, by
example for `exa`), `reb` (rebut: attacks an ADU), `und` (undercut:
attacks an edge), `add` (a further premise of an edge: a linked
argument). What argmap says of each is in docs/interop.md, "arggraph".

The XML is read with expat, the parser under ElementTree, directly: it
gives each element's line and column for the diagnostics, and lets the
reader refuse entity declarations (no "billion laughs", no external
entities) before any is expanded. A DOCTYPE that only names the DTD is
harmless and allowed; the DTD is never fetched.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

from argmap import diagnostics as D
from argmap.diagnostics import Diagnostic, Label
from argmap.interop.chains import settle
from argmap.interop.graph import Graph, Inference, Issue, Statement
from argmap.interop.kinds import assign_kinds
from argmap.interop.naming import Names
from argmap.source import SourceFile, Span

RELATION_TYPES = ("sup", "exa", "reb", "und", "add")
EDGE_TYPES = ("seg", *RELATION_TYPES)
ROLES = {"pro": ("proponent", 1), "opp": ("opponent", -1)}
ELEMENTS = ("edu", "joint", "adu", "edge")
_NAMES = {"edu": "EDU", "joint": "joint", "adu": "ADU", "edge": "edge"}


class _Refused(Exception):
    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.line, self.column = line, column


class _Element:
    __slots__ = ("tag", "attrs", "line", "column", "text", "order")

    def __init__(self, tag, attrs, line, column, order):
        self.tag, self.attrs, self.line, self.column, self.order = tag, attrs, line, column, order
        self.text = []


def _edu_text(edu: _Element) -> str:
    return " ".join("".join(t for t in edu.text if isinstance(t, str)).split())


def _implicit_note(edus: list[_Element]) -> str | None:
    """The corpus's second version marks an EDU the annotators supplied
    (`implicit="true"`: an unstated central claim, say); a map node has no
    such flag, so its note says it rather than the text passing as the author's."""
    implicit = [edu for edu in edus if edu.attrs.get("implicit", "").strip().lower() == "true"]
    if not implicit:
        return None
    if len(implicit) == len(edus):
        return "Implicit: supplied by the annotators; the text does not say it."
    said = " ".join(_edu_text(edu) for edu in implicit)
    return f"Partly implicit: “{said}” is supplied by the annotators; the text does not say it."


def read(path: str, text: str) -> Graph:
    """The Graph of one arggraph file; problems are in `graph.diagnostics`."""
    return _Reader(path, text).read()


class _Reader:
    def __init__(self, path: str, text: str):
        self.file = SourceFile(path, text)
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.shift = 0

    def span(self, element: _Element | None = None, line: int = 1, column: int = 0) -> Span:
        """The start tag of `element` (or the character at line:column)."""
        if element is not None:
            line, column = element.line, element.column
        start = self.file.offset(line, column + 1 + self._shift(line))
        if element is None:
            return self.file.span(start, min(start + 1, len(self.file.text)))
        end = self.file.text.find(">", start)
        return self.file.span(start, len(self.file.text) if end < 0 else end + 1)

    def _shift(self, line: int) -> int:
        return self.shift if line == 1 else 0

    def report(self, code, message, element=None, hint=None, labels=(), attribute: str | None = None) -> None:
        span = self.span(element)
        if attribute is not None:  # narrow the caret to `attribute="…"` in the start tag
            found = re.compile(r"\b%s\s*=\s*(\"[^\"]*\"|'[^']*')" % re.escape(attribute)).search(self.file.text, span.start, span.end)
            if found:
                span = self.file.span(found.start(), found.end())
        self.diagnostics.append(Diagnostic(code, message, span, hint=hint, labels=tuple(labels)))

    # --- XML -------------------------------------------------------------

    def parse(self) -> _Element | None:
        parser = expat.ParserCreate()
        root: list[_Element] = []
        stack: list[_Element] = []
        order = iter(range(1 << 62))

        def refuse(*_args):
            raise _Refused(
                "the XML declares an entity; argmap does not expand entities (they can "
                "blow up or read other files)",
                parser.CurrentLineNumber,
                parser.CurrentColumnNumber,
            )

        def start(tag, attrs):
            element = _Element(tag, attrs, parser.CurrentLineNumber, parser.CurrentColumnNumber, next(order))
            if stack:
                stack[-1].text.append(element)
            else:
                root.append(element)
            stack.append(element)

        def end(_tag):
            stack.pop()

        def chars(data):
            if stack:
                stack[-1].text.append(data)

        parser.EntityDeclHandler = refuse
        parser.UnparsedEntityDeclHandler = refuse
        parser.ExternalEntityRefHandler = refuse
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        parser.buffer_text = True
        text = self.file.text
        # expat counts from after a byte-order mark; the file's columns count it.
        self.shift = 1 if text.startswith("\ufeff") else 0
        try:
            parser.Parse(text[self.shift :], True)
        except _Refused as exc:
            at = self.file.offset(exc.line, exc.column + 1 + self._shift(exc.line))
            start = self.file.text.rfind("<!ENTITY", 0, at + 1)
            start = at if start < 0 else start
            end = self.file.text.find(">", start)
            self.diagnostics.append(
                Diagnostic(
                    D.IMPORT_UNREADABLE,
                    str(exc),
                    self.file.span(start, len(self.file.text) if end < 0 else end + 1),
                    hint="remove the <!ENTITY …> declarations; arggraph files need none",
                )
            )
            return None
        except expat.ExpatError as exc:
            message = expat.errors.messages.get(exc.code, str(exc))
            self.diagnostics.append(
                Diagnostic(D.IMPORT_UNREADABLE, f"not well-formed XML: {message}", self.span(line=exc.lineno, column=exc.offset))
            )
            return None
        return root[0] if root else None

    # --- building --------------------------------------------------------

    def read(self) -> Graph:
        stem = Path(self.path).name
        for suffix in (".xml", ".arggraph"):
            stem = stem[: -len(suffix)] if stem.lower().endswith(suffix) else stem
        stem = stem if any(c.isalnum() for c in stem) else "arggraph"  # standard input: "-"
        graph = Graph(meta={"id": Names().claim(stem, prefix="m"), "title": stem})
        graph.diagnostics = self.diagnostics
        root = self.parse()
        if root is None:
            return graph
        if root.tag != "arggraph":
            self.report(
                D.IMPORT_UNREADABLE,
                f"not an arggraph file: the root element is <{root.tag}>",
                root,
                hint="an arggraph file's root element is <arggraph>",
            )
            return graph
        if root.attrs.get("id", "").strip():
            graph.meta = {"id": Names().claim(root.attrs["id"], prefix="m"), "title": root.attrs["id"].strip()}
        self.build(graph, root)
        self.diagnostics.sort(key=lambda d: d.sort_key())
        return graph

    def elements(self, root: _Element) -> dict[str, _Element]:
        """Child elements by id, each checked for what its kind requires."""
        by_id: dict[str, _Element] = {}
        unknown: dict[str, list[_Element]] = {}
        for child in root.text:
            if not isinstance(child, _Element):
                continue
            if child.tag not in ELEMENTS:
                unknown.setdefault(child.tag, []).append(child)
                continue
            ident = child.attrs.get("id", "").strip()
            if not ident:
                self.report(D.IMPORT_MALFORMED, f"<{child.tag}> has no id", child)
                continue
            if ident in by_id:
                self.report(
                    D.IMPORT_MALFORMED,
                    f"id {ident} is given twice",
                    child,
                    labels=[Label(self.span(by_id[ident]), "first given here")],
                )
                continue
            if child.tag == "adu" and child.attrs.get("type") not in ROLES:
                self.report(
                    D.IMPORT_MALFORMED,
                    f'ADU {ident} has type "{child.attrs.get("type", "")}"',
                    child,
                    attribute="type",
                    hint='an ADU is of the proponent ("pro") or the opponent ("opp")',
                )
            if child.tag == "edge":
                missing = [a for a in ("src", "trg", "type") if not child.attrs.get(a, "").strip()]
                if missing:
                    self.report(D.IMPORT_MALFORMED, f"edge {ident} has no {' or '.join(missing)}", child)
                    continue
                if child.attrs["type"] not in EDGE_TYPES:
                    unknown.setdefault(f'edge of type "{child.attrs["type"]}"', []).append(child)
                    continue
            by_id[ident] = child
        for what, elements in unknown.items():
            n = len(elements)
            name = what.replace("edge ", f"edge{'' if n == 1 else 's'} ", 1) if what.startswith("edge ") else f"<{what}> element{'' if n == 1 else 's'}"
            self.report(
                D.IMPORT_UNKNOWN,
                f"{n} {name} left out",
                elements[0],
                hint="arggraph has <edu>, <joint>, <adu> and <edge> of type seg, sup, exa, reb, und or add",
            )
        return by_id

    def build(self, graph: Graph, root: _Element) -> None:
        by_id = self.elements(root)
        tag = {ident: el.tag for ident, el in by_id.items()}
        edges = [el for el in by_id.values() if el.tag == "edge"]
        names = Names()

        # Segmentation: the text of each ADU.
        parts: dict[str, list[_Element]] = {}
        used_edus: set[str] = set()
        for edge in edges:
            if edge.attrs["type"] != "seg":
                continue
            src, trg = edge.attrs["src"], edge.attrs["trg"]
            if (tag.get(src), tag.get(trg)) not in (("edu", "adu"), ("edu", "joint"), ("joint", "adu")):
                self.bad_edge(edge, tag, "an EDU to an ADU or a joint, or a joint to an ADU")
                continue
            parts.setdefault(trg, []).append(by_id[src])
            used_edus.add(src)

        def edus_of(ident: str, seen=()) -> list[_Element]:
            """The EDUs segmented into an ADU or joint, through joints, in document order."""
            found = []
            for el in sorted(parts.get(ident, ()), key=lambda el: el.order):
                if el.tag == "edu":
                    found.append(el)
                elif el.attrs["id"] not in seen:
                    found.extend(edus_of(el.attrs["id"], (*seen, ident)))
            return found

        statements: dict[str, Statement] = {}
        sides: dict[str, int] = {}
        for ident, el in by_id.items():
            if el.tag != "adu":
                continue
            sid = ident if names.keep(ident) else names.claim(ident)
            speaker, side = ROLES.get(el.attrs.get("type"), ROLES["pro"])
            edus = edus_of(ident)
            text = " ".join(piece for piece in map(_edu_text, edus) if piece)
            if not text:
                self.report(D.IMPORT_MALFORMED, f"ADU {ident} has no text", el, hint="a seg edge joins an EDU (or a joint) to each ADU")
            statements[ident] = Statement(id=sid, text=text, speaker=speaker, note=_implicit_note(edus), origin=self.span(el))
            sides[sid] = side
            graph.statements.append(statements[ident])
        loose = [el for ident, el in by_id.items() if el.tag == "edu" and ident not in used_edus]
        if loose:
            n = len(loose)
            self.report(
                D.IMPORT_LOSSY,
                f"{n} EDU{'' if n == 1 else 's'} in no ADU left out",
                loose[0],
                hint="a map holds argumentative units: text that is part of none has no place",
            )

        # Relations: sup, exa, reb between ADUs; und and add on edges.
        inferences: dict[str, Inference] = {}
        undercut_target: dict[str, str] = {}
        adds: list[_Element] = []
        for edge in edges:
            kind, src, trg = edge.attrs["type"], edge.attrs["src"], edge.attrs["trg"]
            if kind == "seg":
                continue
            if tag.get(src) != "adu" or src not in statements:
                self.bad_edge(edge, tag, "an ADU" + (" to an ADU" if kind in ("sup", "exa", "reb") else " to an edge"))
                continue
            if kind == "add":
                adds.append(edge)
                continue
            if kind in ("sup", "exa", "reb"):
                if trg not in statements:
                    self.bad_edge(edge, tag, "an ADU to an ADU")
                    continue
                target = statements[trg].id
            else:
                if tag.get(trg) != "edge" or by_id[trg].attrs["type"] not in ("sup", "exa", "reb", "und"):
                    self.bad_edge(edge, tag, "an ADU to a sup, exa, reb or und edge")
                    continue
                undercut_target[edge.attrs["id"]] = trg
                target = ""
            inferences[edge.attrs["id"]] = Inference(
                kind={"sup": "supports", "exa": "supports", "reb": "attacks", "und": "undercuts"}[kind],
                sources=[statements[src].id],
                target=target,
                scheme="example" if kind == "exa" else None,
                origin=self.span(edge),
            )
        for edge in adds:
            trg = edge.attrs["trg"]
            if trg not in inferences:
                self.bad_edge(edge, tag, "an ADU to a sup, exa, reb or und edge")
                continue
            source = statements[edge.attrs["src"]].id
            if source not in inferences[trg].sources:
                inferences[trg].sources.append(source)

        self.resolve_undercuts(inferences, undercut_target, by_id, names)
        graph.inferences.extend(inf for ident, inf in inferences.items() if ident in self.kept)

        thesis = self.central_claim(root, statements, by_id, edges)
        assign_kinds(graph, thesis=thesis, sides=sides)
        self.topic(graph, root, thesis)

    def bad_edge(self, edge: _Element, tag: dict, wanted: str) -> None:
        kind, src, trg = edge.attrs["type"], edge.attrs["src"], edge.attrs["trg"]
        missing = [i for i in (src, trg) if i not in tag]
        if missing:
            message = f"{kind} edge {edge.attrs['id']} names {missing[0]}, which the file does not define"
        else:
            message = f"{kind} edge {edge.attrs['id']} goes from {_NAMES[tag[src]]} {src} to {_NAMES[tag[trg]]} {trg}"
        self.report(D.IMPORT_MALFORMED, message, edge, hint=f"a {kind} edge goes from {wanted}")

    def resolve_undercuts(self, inferences, undercut_target, by_id, names) -> None:
        """Give each undercut inference a label and point undercuts at it;
        leave out undercuts that go round in a circle or whose edge is gone."""
        standing, circle = settle(inferences, undercut_target, lambda ident: ident in inferences)
        for ident, target in undercut_target.items():
            if not standing[ident]:
                if ident in circle:
                    message = f"und edge {ident} is in a circle of undercuts (it undercuts edge {target})"
                else:
                    message = f"und edge {ident} undercuts edge {target}, which has an error of its own"
                self.report(D.IMPORT_MALFORMED, message, by_id[ident])
        self.kept = {ident for ident, ok in standing.items() if ok}
        for ident in list(undercut_target):
            if ident not in self.kept:
                continue
            target = inferences[undercut_target[ident]]
            if target.label is None:
                wanted = undercut_target[ident]
                target.label = wanted if names.keep(wanted) else names.claim(wanted, prefix="c")
            inferences[ident].target = target.label

    def central_claim(self, root, statements, by_id, edges) -> str | None:
        """The ADU that argues for nothing and that others argue for: the
        text's central claim. An ADU on its own, with no edge at all, is
        only unattached."""
        relations = [e for e in edges if e.attrs["type"] in RELATION_TYPES]
        arguing = {e.attrs["src"] for e in relations}
        argued = {e.attrs["trg"] for e in relations}
        roots = [ident for ident in statements if ident not in arguing]
        candidates = [ident for ident in roots if ident in argued] or roots
        if not candidates:
            if statements:
                self.report(
                    D.IMPORT_MALFORMED,
                    "no central claim: every ADU supports or attacks another",
                    root,
                    hint="the central claim is the one ADU with no outgoing sup, exa, reb, und or add edge",
                )
            return None
        if len(candidates) == 1:
            return statements[candidates[0]].id
        pro = [c for c in candidates if by_id[c].attrs.get("type") != "opp"] or candidates
        thesis, others = pro[0], [c for c in candidates if c != pro[0]]
        self.report(
            D.IMPORT_LOSSY,
            f"{len(candidates)} central claims: {thesis} is taken as the thesis",
            by_id[others[0]],
            hint=(
                f"a map has one thesis; {', '.join(others)} "
                + ("is argued for and argues for nothing, but is" if len(others) == 1 else "are argued for and argue for nothing, but are")
                + " not connected to it"
            ),
        )
        return statements[thesis].id

    def topic(self, graph: Graph, root: _Element, thesis: str | None) -> None:
        """`topic_id` → an issue; `stance` → the central claim's stance on it."""
        topic = root.attrs.get("topic_id", "").strip()
        stance = root.attrs.get("stance", "").strip()
        if not topic:
            if stance:
                self.report(D.IMPORT_LOSSY, f'stance="{stance}" left out', root, hint="the text names no topic_id for it to be a stance on", attribute="stance")
            return
        issue = Names().claim(topic, prefix="t")
        graph.issues.append(Issue(issue, " ".join(topic.replace("_", " ").split())))
        if stance in ("pro", "con"):
            for st in graph.statements:
                if st.id == thesis:
                    st.stances.append((issue, stance))
        elif stance:
            self.report(
                D.IMPORT_LOSSY,
                f'stance="{stance}" left out',
                root,
                hint="a stance is pro, con or mixed: the thesis takes none on the topic",
                attribute="stance",
            )
