"""CST → model: the symbol table of one map and local reference resolution.

Never raises for bad input: every problem becomes a diagnostic, and the model
holds whatever could be understood (a duplicate node keeps its first
definition; a relation to an unknown id is dropped after being reported).
"""

from __future__ import annotations

import re

from argmap import diagnostics as D
from argmap import model as M
from argmap.frontmatter import ID_RE, key_span, plain
from argmap.source import Span
from argmap.syntax import cst

_SUPPRESS_RE = re.compile(r"argmap:\s*ignore\[([A-Za-z0-9_,\s]+)\]")
_ATTR_FIELDS = {
    "en": "en", "at": "locator", "quote": "quote", "source": "source", "note": "note", "speaker": "speaker", "title": "title",
}
_RELATION_ATTRS = ("scheme", "title", "note")
_ISSUE_ATTRS = ("en", "note")
_NODE_ATTRS = tuple(_ATTR_FIELDS)
MAX_GUESSES = D.MAX_GUESSES
_PLAIN = ("supports", "attacks")  # relations between two nodes of one map
_new = tuple.__new__
MAX_UNDERCUT_DEPTH = 100  # undercuts of undercuts (docs/language.md, "Limits")


class _Lowerer:
    def __init__(self, doc: cst.Document):
        self.doc = doc
        self.diagnostics: list[D.Diagnostic] = []
        self.nodes: list[M.Node] = []
        self.first: dict[str, M.Node] = {}
        self.pending: list[tuple[list, cst.Relation, object]] = []  # (source tokens, relation cst, label token)
        self.labels: dict[str, object] = {}  # inference label → where it is given
        self.by_label: list[tuple[str, cst.Target, dict]] = []  # undercuts naming a label
        self.depth: dict[int, int] = {}  # id of an undercut → how many undercuts deep it is
        self.relations: list[M.Relation] = []
        self.stances: list[M.Stance] = []
        self.issues: list[M.Issue] = []
        self.unresolved: set[str] = set()  # sources of relations dropped as errors
        self.guesses = 0  # did-you-mean searches made so far

    def error(self, code, message, span, hint=None, labels=()):
        self.diagnostics.append(D.Diagnostic(code, message, span, hint=hint, labels=tuple(labels)))

    def given_twice(self, message: str, span, first) -> None:
        self.error(
            D.DUPLICATE_ATTR, message, span, hint="keep one; join the texts if both are needed",
            labels=[D.Label(first, "first given here")],
        )

    # --- attributes -------------------------------------------------------------

    def attrs(self, entries, allowed, owner: str) -> tuple[dict, list[str]]:
        values: dict[str, str] = {}
        seen: dict[str, cst.Attr] = {}
        tags: list[str] = []
        for entry in entries or ():
            if isinstance(entry, cst.Attr):
                key = entry.key.value
                if key not in allowed:
                    self.error(
                        D.MISPLACED_ATTR,
                        f"`{key}` is not an attribute of {owner}",
                        entry.key.span,
                        hint="it takes " + ", ".join(f"`{a}`" for a in allowed) if allowed else "it takes no attributes",
                    )
                elif key in seen:
                    self.given_twice(f"`{key}` is given twice", entry.key.span, seen[key].key.span)
                else:
                    seen[key] = entry
                    values[key] = entry.text.value
            elif isinstance(entry, cst.Tag):
                tag = entry.tok.value[1:]
                if tag not in tags:
                    tags.append(tag)
        return values, tags

    # --- nodes ------------------------------------------------------------------

    def node(self, decl: cst.NodeDecl, parent: cst.NodeDecl | None) -> None:
        """Lower a node and everything nested in it, in the order written."""
        entries = self.declare(decl, parent)
        for at, entry in enumerate(entries):
            kind = type(entry)
            if kind is cst.Relation:
                self.pending.append(([decl.id], entry, None))
            elif kind is cst.Stance:
                self.stances.append(self.stance(decl.id.value, entry))
            elif kind is cst.NodeDecl:
                self.nested(decl, iter(entries[at:]))
                return

    def nested(self, decl: cst.NodeDecl, entries) -> None:
        """The rest of a node's entries, from its first nested node on. A
        stack of entry iterators rather than recursion: blocks nested a
        thousand deep must not hit Python's recursion limit."""
        stack = [(decl, entries)]
        while stack:
            owner, entries = stack[-1]
            entry = next(entries, None)
            if entry is None:
                stack.pop()
            elif isinstance(entry, cst.Relation):
                self.pending.append(([owner.id], entry, None))
            elif isinstance(entry, cst.Stance):
                self.stances.append(self.stance(owner.id.value, entry))
            elif isinstance(entry, cst.NodeDecl):
                stack.append((entry, iter(self.declare(entry, owner))))

    def declare(self, decl: cst.NodeDecl, parent: cst.NodeDecl | None):
        """Record one node and its implicit relation to its parent; returns its entries."""
        entries = decl.entries
        ident, kind = decl.id.value, decl.kind.value
        parent_id = parent.id.value if parent is not None else None
        # Most nodes of a large map have no attribute and no tag: their
        # entries are only relations (and nested nodes).
        values = None
        if entries:
            for entry in entries:
                if type(entry) is cst.Attr or type(entry) is cst.Tag:
                    values, tags = self.attrs(entries, _NODE_ATTRS, f"a {kind}")
                    break
        if values is None:
            node = M.Node(ident, kind, decl.text.value, decl.span, decl.id.span, parent=parent_id)
        else:
            node = M.Node(ident, kind, decl.text.value, decl.span, decl.id.span, tags=tuple(tags), parent=parent_id,
                          **{_ATTR_FIELDS[k]: v for k, v in values.items()})
        if ident in self.first:
            self.error(
                D.DUPLICATE_ID,
                f"duplicate id `{ident}`",
                decl.id.span,
                hint="give each node its own id; other maps refer to nodes by id",
                labels=[D.Label(self.first[ident].id_span, "first defined here")],
            )
        else:
            self.first[ident] = node
            self.nodes.append(node)
        if parent is not None:
            span = decl.span
            self.relations.append(M.Relation(
                ident, "attacks" if kind in ("counterpoint", "rebuttal") else "supports", parent_id,
                _new(Span, (span.file, span.start, decl.id.span.end)), implicit=True,
            ))
        return entries or ()

    def stance(self, node_id: str, entry: cst.Stance) -> M.Stance:
        given: dict[str, cst.Qualifier] = {}
        for qual in entry.qualifiers:
            key = qual.keyword.value
            if key in given:
                self.given_twice(f"`{key}` is given twice on one stance", qual.keyword.span, given[key].keyword.span)
            else:
                given[key] = qual
        scope = given["when"].text.value if "when" in given else None
        condition = given["if"].text.value if "if" in given else None
        return M.Stance(node_id, entry.issue.value, entry.value.value, entry.span, entry.issue.span, scope, condition)

    def issue(self, decl: cst.IssueDecl) -> None:
        values, tags = self.attrs(decl.entries, _ISSUE_ATTRS, "an issue")
        self.issues.append(
            M.Issue(
                decl.id.value,
                decl.text.value,
                decl.span,
                id_span=decl.id.span,
                en=values.get("en"),
                note=values.get("note"),
                tags=tuple(tags),
            )
        )

    # --- relations ----------------------------------------------------------------

    def resolve_local(self, ref: cst.Ref) -> bool:
        name = ref.node.value
        if name in self.first:
            return True
        # Each guess compares the name with every id of the map: on a map of
        # thousands of nodes with as many unknown ids that was minutes, so only
        # the first MAX_GUESSES unknown ids of a file get a did-you-mean.
        guess = None
        if self.guesses < MAX_GUESSES:
            self.guesses += 1
            guess = D.did_you_mean(name, self.first)
        self.error(
            D.UNKNOWN_ID,
            f"unknown id `{name}`" + (f" — did you mean `{guess}`?" if guess else ""),
            ref.node.span,
            hint=f"`{guess}` is defined on line {self.first[guess].id_span.line}"
            if guess
            else "define the node in this map, or link to another map with `map_id:node_id`",
        )
        return False

    def relation(self, sources: list[cst.Tok], rel: cst.Relation, label: cst.Tok | None = None) -> None:
        kind = rel.kind.value
        source = sources[0].value
        first = self.first
        targets = rel.targets
        if label is None and len(targets) == 1 and len(sources) == 1 and rel.entries is None and kind in _PLAIN:
            # Most relations of a large map: one source, one node of this
            # map, no block; what the general path below makes of them.
            target = targets[0]
            groups = target.groups
            if len(groups) == 1 and len(groups[0]) == 1:
                ref = groups[0][0]
                name = ref.node.value
                if ref.map is None and name != source and name in first and source in first:
                    self.relations.append(M.Relation(source, kind, name, target.span))
                    return
        if not all(tok.value in first for tok in sources) and not all(
            [self.resolve_local(cst.Ref(tok, None, tok.span)) for tok in sources]
        ):
            return
        joint = tuple(dict.fromkeys(t.value for t in sources[1:] if t.value != source)) if len(sources) > 1 else ()
        local = kind in M.LOCAL_RELATIONS
        values = self.attrs(rel.entries, _RELATION_ATTRS if local else (), f"`{kind}`")[0] if rel.entries else {}
        if (joint or label is not None) and not local:
            self.error(
                D.BAD_TARGET,
                f"`{kind}` links one node to one node: it takes no joint sources or label",
                (label or sources[-1]).span,
                hint="joint sources (`a + b`) and labels belong to supports, attacks and undercuts",
            )
            return
        if label is not None and len(rel.targets) > 1:
            self.error(
                D.BAD_LABEL,
                f"the label `{label.value}` would name {len(rel.targets)} inferences",
                label.span,
                hint="a label names one inference: write one relation per target",
            )
            label = None
        if label is not None and not self.claim_label(label):
            label = None
        extra = dict(joint=joint, label=label.value if label else None, **values) if joint or label or values else None
        for target in rel.targets:
            if kind == "undercuts":
                self.undercut(source, target, extra or {})
                continue
            ref = target.ref
            if target.is_path:
                self.error(
                    D.BAD_TARGET,
                    f"`{kind}` takes a node, not an inference `{cst.target_text(target)}`",
                    target.span,
                    hint="only `undercuts` attacks an inference; `+` joins sources, written before the relation",
                )
                continue
            if kind in M.CROSS_RELATIONS:
                if ref.map is None and kind == "same_as":
                    # A rephrase inside one map (AIF's MA nodes).
                    if self.resolve_local(ref):
                        self.relations.append(M.Relation(source, kind, ref.node.value, target.span))
                    continue
                if ref.map is None:
                    self.error(
                        D.LOCAL_LINK,
                        f"`{kind}` links to a node of another map: write `map_id:{ref.node.value}`",
                        ref.span,
                        hint="within one map use supports or attacks",
                    )
                    continue
                self.relations.append(M.Relation(source, kind, ref.node.value, target.span, target_map=ref.map.value))
                continue
            if not (ref.map is None and ref.node.value in first) and not self.local_refs([ref], kind):
                self.unresolved.add(source)
                continue
            if ref.node.value == source or ref.node.value in joint:
                self.error(D.SELF_REFERENCE, f"`{ref.node.value}` {kind} itself", target.span, hint="a node cannot be its own reason or objection")
                continue
            if extra is None:
                self.relations.append(M.Relation(source, kind, ref.node.value, target.span))
            else:
                self.relations.append(M.Relation(source, kind, ref.node.value, target.span, **extra))

    def claim_label(self, label: cst.Tok) -> bool:
        name = label.value
        if name in self.first or name in self.labels:
            first = self.first[name].id_span if name in self.first else self.labels[name]
            self.error(
                D.BAD_LABEL,
                f"the label `{name}` is already " + ("a node's id" if name in self.first else "the label of another inference"),
                label.span,
                hint="labels and node ids share one namespace: choose another label",
                labels=[D.Label(first, "first given here")],
            )
            return False
        self.labels[name] = label.span
        return True

    def local_refs(self, refs, kind: str) -> bool:
        """Every ref names a node of this map (each reported otherwise)."""
        remote = next((r for r in refs if r.map is not None), None)
        if remote is not None:
            self.error(
                D.REMOTE_RELATION,
                f"`{kind}` must name a node of this map, not `{remote.map.value}:{remote.node.value}`",
                remote.span,
                hint="to relate to another author's node use same_as or contradicts",
            )
            return False
        return all([self.resolve_local(r) for r in refs])

    def undercut(self, source: str, target: cst.Target, extra: dict) -> None:
        """`undercuts` names an inference: by its path (`a + b -> c`,
        `r -> k -> c`), or by its label, which may be given later in the file."""
        if not target.is_path:
            ref = target.ref
            if ref.map is None and ref.node.value not in self.first:
                self.by_label.append((source, target, extra))
                return
            self.error(
                D.BAD_TARGET,
                "`undercuts` attacks an inference: name it as `from -> to`, or by its label",
                target.span,
                hint=f"e.g. `undercuts e1 -> {ref.node.value}`; to attack a node itself use `attacks`",
            )
            return
        groups = target.groups
        if len(groups[-1]) > 1:
            self.error(
                D.BAD_TARGET,
                f"an inference ends in one node, not `{' + '.join(cst.ref_text(r) for r in groups[-1])}`",
                groups[-1][1].span,
                hint="write one relation per conclusion",
            )
            return
        if not self.shallow(len(groups) - 1, target.span, source):
            return
        refs = [r for group in groups for r in group]
        if not self.local_refs(refs, "undercuts"):
            self.unresolved.add(source)
            return
        if source in (r.node.value for r in refs):
            self.error(D.SELF_REFERENCE, f"`{source}` undercuts itself", target.span, hint="a node cannot object to its own inference")
            return
        # One join, not a key nested step by step: a path of n steps would
        # copy the key n times (quadratic on a hostile file of one long path).
        key = "->".join("+".join(sorted(r.node.value for r in group)) for group in groups)
        made = M.Relation(source, "undercuts", groups[-1][0].node.value, target.span, edge_from=groups[0][0].node.value, edge=key, **extra)
        self.depth[id(made)] = len(groups) - 1
        self.relations.append(made)

    def shallow(self, depth: int, span, source: str) -> bool:
        """An undercut at most MAX_UNDERCUT_DEPTH undercuts deep: each names
        the whole chain below it, so a chain of n would cost n²."""
        if depth <= MAX_UNDERCUT_DEPTH:
            return True
        self.error(
            D.BAD_TARGET,
            f"undercuts of undercuts go more than {MAX_UNDERCUT_DEPTH} levels deep here",
            span,
            hint="argmap reads chains of undercuts up to that depth (docs/language.md, \"Limits\")",
        )
        self.unresolved.add(source)
        return False

    def resolve_labels(self) -> None:
        """Undercuts that name an inference by label, now that every label is
        known. The label may itself name an undercut by label (`b: r1
        undercuts a`, `r2 undercuts b`): each chain is resolved from its
        foot, in one pass."""
        labelled = {r.label: r for r in self.relations if r.label is not None}
        by_name = {}
        for entry in self.by_label:
            if entry[2].get("label") is not None:
                by_name.setdefault(entry[2]["label"], entry)
        done: set[int] = set()
        for entry in self.by_label:
            chain, cur = [], entry
            while cur is not None and id(cur) not in done:
                done.add(id(cur))  # also ends a circle of labels: its undercuts are reported unknown
                chain.append(cur)
                name = cur[1].ref.node.value
                cur = None if name in labelled else by_name.get(name)
            for source, target, extra in reversed(chain):
                self.resolve_label(source, target, extra, labelled)

    def resolve_label(self, source: str, target: cst.Target, extra: dict, labelled: dict) -> None:
        name = target.ref.node.value
        rel = labelled.get(name)
        if rel is None:
            self.resolve_local(target.ref)  # unknown: reported, with a did-you-mean over node ids
            self.unresolved.add(source)
            return
        if source in rel.sources:
            self.error(D.SELF_REFERENCE, f"`{source}` undercuts its own inference `{name}`", target.span, hint="a node cannot object to its own inference")
            return
        if not self.shallow(self.depth.get(id(rel), 0) + 1, target.span, source):
            return
        made = M.Relation(source, "undercuts", rel.target_node, target.span, edge_from=rel.source, edge=rel.key, **extra)
        self.depth[id(made)] = self.depth.get(id(rel), 0) + 1
        self.relations.append(made)
        if made.label is not None:
            labelled.setdefault(made.label, made)

    def run(self) -> None:
        node, pending = self.node, self.pending
        for item in self.doc.items:
            kind = type(item)
            if kind is cst.NodeDecl:
                node(item, None)
            elif kind is cst.RelationStmt:
                pending.append(([item.source, *item.joint], item.relation, item.label))
            elif kind is cst.IssueDecl:
                self.issue(item)
        relation = self.relation
        for sources, rel, label in pending:
            relation(sources, rel, label)
        self.resolve_labels()


def suppressions(doc: cst.Document, diagnostics: list | None = None) -> dict[int, set[str]]:
    """Line → codes silenced by `// argmap: ignore[...]` comments; a code that
    does not exist is reported (it silences nothing, which is rarely meant)."""
    out: dict[int, set[str]] = {}
    source = doc.source
    for comment in doc.comments:
        match = _SUPPRESS_RE.search(comment.text)
        if not match:
            continue
        codes = {c.strip().upper() for c in match.group(1).split(",") if c.strip()}
        for code in sorted(codes):
            if D.lookup(code) is None and diagnostics is not None:
                at = comment.span.start + comment.text.upper().index(code)
                diagnostics.append(
                    D.Diagnostic(
                        D.UNKNOWN_CODE,
                        f"`{code}` is not an argmap code",
                        source.span(at, at + len(code)),
                        hint=f"did you mean `{D.did_you_mean(code, D.registry())}`?"
                        if D.did_you_mean(code, D.registry())
                        else "codes are listed in docs/rules.md",
                    )
                )
        line = comment.span.line
        if not comment.trailing:
            line += 1
            while line <= source.line_count and not source.line_text(line).strip():
                line += 1
        out.setdefault(line, set()).update(codes)
    return out


def lower(doc: cst.Document) -> tuple[M.ArgMap, list[D.Diagnostic]]:
    lowerer = _Lowerer(doc)
    lowerer.run()
    fm = doc.front_matter
    meta = plain(fm.data) if fm is not None else {}
    # Only a valid id names the map (AM155 reports the others): an id with a
    # NUL, a slash or `..` would otherwise reach file names and other maps' links.
    map_id = meta.get("id") if isinstance(meta.get("id"), str) and ID_RE.match(meta["id"]) else None
    argmap = M.ArgMap(
        path=doc.source.path,
        source=doc.source,
        id=map_id,
        meta=meta,
        nodes=tuple(lowerer.nodes),
        relations=tuple(lowerer.relations),
        stances=tuple(lowerer.stances),
        issues=tuple(lowerer.issues),
        suppressions=suppressions(doc, lowerer.diagnostics),
        id_span=key_span(doc.source, fm, "id") if fm is not None else None,
        translation_span=key_span(doc.source, fm, "translation_of")
        if fm is not None and isinstance(meta.get("translation_of"), str) and ID_RE.match(meta["translation_of"])
        else None,
        unresolved=frozenset(lowerer.unresolved),
    )
    return argmap, lowerer.diagnostics
