"""The comparison itself: stance matrix, agreement, conflicts, consensus,
unique points, the timeline and explicit contradictions. Pure data; the
renderers in this package only format it.

A map's position on an issue comes from the stances of the nodes the author
argues for; a counterpoint states an objection the author raises or
concedes, so its stance counts only when no other node speaks to the issue.
Among those stances: one value is the position; pro and con together make
`mixed` (with a warning, since the author seems to say both); otherwise the
thesis's stance wins, and any other mixture is `mixed`. The rule that
decided is kept, so that `compare --explain` can name it.

What an author concedes against a position is read with the grounded
semantics of the map's attack graph (argmap.semantics): a counterpoint that
weighs against the position and stands is conceded; one that an undefeated
rebuttal defeats is answered (docs/compare.md, "Concessions").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property

from argmap import semantics
from argmap.compare.agreement import Agreement
from argmap.corpus import Corpus
from argmap.model import ArgMap, Issue, Node, Stance

_RANK = {"thesis": 0, "claim": 1, "recommendation": 2, "premise": 3, "evidence": 4, "counterpoint": 5, "rebuttal": 6}

# The rules of the reading (docs/compare.md), named in --explain and JSON.
RULES = {
    "one": "every node that takes a stance on it agrees",
    "counterpoints-only": "only counterpoints speak to it, so their stance is read",
    "both": "the author's own nodes say both pro and con (each within its own scope where qualified), so the position is mixed",
    "thesis": "stances differ without a pro/con clash; the thesis's stance decides",
    "mixture": "stances differ without a pro/con clash and the thesis is silent, so mixed",
}


@dataclass(frozen=True)
class Position:
    """One map's answer to one issue, and the nodes that carry it."""

    map: ArgMap
    stance: str
    nodes: tuple[tuple[Node, str], ...]  # (node, its own stance), strongest first
    rule: str = "one"  # the key in RULES that decided the position
    stances: tuple[Stance, ...] = ()  # the stance entries, for their qualifiers

    @property
    def carrier(self) -> Node:
        """The top node whose own stance is the position (else the top node)."""
        for node, stance in self.nodes:
            if stance == self.stance:
                return node
        return self.nodes[0][0]

    @property
    def by_objection(self) -> bool:
        """Carried by an objection the author raises, not by a claim of the
        author's own (a speaker's counterpoints, in a dialogue, are their own)."""
        return self.carrier.kind == "counterpoint" and self.map.voice is None

    def qualifier(self, node_id: str | None = None) -> str:
        """`when …; if …` of a node's stance (the carrier's by default, when
        the carrier's own stance is the position), or ''."""
        if node_id is None:
            node_id = self.carrier.id
            if dict((n.id, s) for n, s in self.nodes).get(node_id) != self.stance:
                return ""
        return "; ".join(s.qualifier_text() for s in self.stances if s.node == node_id and s.qualified)

    def sides(self) -> list[tuple[str, Node]]:
        """For a position made mixed by pro and con nodes (rule `both`), the
        top node of each side, so a cell can show both, not one carrier
        whose own stance is not the position."""
        if self.rule != "both":
            return []
        out = []
        for value in ("pro", "con"):
            node = next((n for n, s in self.nodes if s == value), None)
            if node is not None:
                out.append((value, node))
        return out

    @property
    def alike(self) -> list[tuple[Node, str]]:
        """Other nodes that take the position's own stance."""
        top = self.carrier
        return [(n, s) for n, s in self.nodes if n is not top and s == self.stance]

    @property
    def apart(self) -> list[tuple[Node, str]]:
        """Nodes whose own stance differs from the position: set apart, never
        hidden among the ones that agree (the sides of a mixed position are
        named as its sides, not again here)."""
        named = {n.id for _, n in self.sides()}
        return [(n, s) for n, s in self.nodes if s != self.stance and n.id not in named]

    def side_words(self) -> list[str]:
        """`pro c10 [scope: …]`, `con c11` for each side of a mixed position."""
        out = []
        for value, node in self.sides():
            qual = self.qualifier(node.id)
            out.append(f"{value} {node.id}" + (f" [{qual}]" if qual else ""))
        return out


@dataclass(frozen=True)
class Concession:
    """A counterpoint that weighs against a position, and how it fares."""

    node: Node
    status: str  # semantics.IN (conceded), OUT (answered) or UNDEC
    answered_by: tuple[Node, ...] = ()  # the standing attackers that defeat it
    why: str = ""  # how its direction was read

    @property
    def verdict(self) -> str:
        return {semantics.IN: "conceded", semantics.OUT: "answered"}.get(self.status, "undecided")


@dataclass(frozen=True)
class Side:
    position: Position
    support: Node | None  # the carrier's strongest standing support
    concessions: tuple[Concession, ...]  # counterpoints against the position, conceded or answered

    @property
    def conceded(self) -> list[Concession]:
        return [k for k in self.concessions if k.status != semantics.OUT]

    @property
    def answered(self) -> list[Concession]:
        return [k for k in self.concessions if k.status == semantics.OUT]


@dataclass(frozen=True)
class Conflict:
    issue: Issue
    pro: tuple[Side, ...]
    con: tuple[Side, ...]
    mixed: tuple[Side, ...]


@dataclass(frozen=True)
class Link:
    source_map: ArgMap
    source: Node
    target_map: ArgMap
    target: Node


@dataclass
class Comparison:
    maps: list[ArgMap]
    issues: list[Issue]  # every declared issue that at least one map addresses
    positions: dict[str, dict[str, Position]]  # issue id → map id → position
    agreement: Agreement  # every pair of maps, computed as it is read
    conflicts: list[Conflict]
    consensus: list[Issue]
    unique: list[tuple[ArgMap, Node]]
    contradictions: list[Link]
    same_as: list[Link]
    warnings: list[str] = field(default_factory=list)
    unused_issues: list[Issue] = field(default_factory=list)
    evaluations: dict = field(default_factory=dict)  # map id → semantics.Evaluation, filled on demand
    graphs: dict = field(default_factory=dict)  # map id → _Graph, filled on demand
    _timelines: dict = field(default_factory=dict, repr=False, compare=False)  # issue id → its positions by date

    def evaluation(self, argmap: ArgMap) -> semantics.Evaluation:
        if argmap.id not in self.evaluations:
            self.evaluations[argmap.id] = semantics.evaluate(argmap)
        return self.evaluations[argmap.id]

    def graph(self, argmap: ArgMap) -> _Graph:
        if argmap.id not in self.graphs:
            self.graphs[argmap.id] = _Graph(argmap)
        return self.graphs[argmap.id]

    def side(self, position: Position) -> Side:
        """The position with its strongest support and what it concedes."""
        return _side(position, self.evaluation(position.map), self.graph(position.map))

    def objection(self, position: Position) -> str:
        """For a position carried by a counterpoint (the author only raises
        it): `an objection the author raises, answered by r2`, else ''."""
        carrier = position.carrier
        if not position.by_objection:
            return ""
        ev = self.evaluation(position.map)
        by = ev.defeaters(carrier.id)
        if ev.of(carrier.id) == semantics.OUT and by:
            return f"an objection the author raises, answered by {', '.join(by)}"
        return "an objection the author raises and leaves standing"

    def year(self, argmap: ArgMap):
        return argmap.meta.get("year")

    def timeline(self, issue_id: str) -> list[Position]:
        # Sorted once per issue: every section of a report walks it.
        found = self._timelines.get(issue_id)
        if found is None:
            row = self.positions.get(issue_id, {})
            place = self._place
            found = sorted(row.values(), key=lambda p: (_year_key(p.map), place[p.map.id]))
            if issue_id in self.positions:
                self._timelines[issue_id] = found
        return list(found)

    def periods(self, issue_id: str) -> list[list[Position]]:
        """The timeline in steps: texts whose order is not known (the same
        year, and no two different dates) share a step, in no order."""
        steps: list[list[Position]] = []
        keys: list[tuple] = []  # the _year_key of each text in the last step
        for p in self.timeline(issue_id):
            key = _year_key(p.map)
            if steps and any(_same_time(k, key) for k in keys):
                steps[-1].append(p)
                keys.append(key)
            else:
                steps.append([p])
                keys = [key]
        return steps

    @cached_property
    def _place(self) -> dict[str, int]:
        return {m.id: i for i, m in enumerate(self.maps)}

    def shared_issues(self) -> list[Issue]:
        return [i for i in self.issues if len(self.positions[i.id]) >= 2]


def _year_key(argmap: ArgMap):
    """Year, then the front matter's `date` (ISO, as precise as known), so two
    texts of one year stand in the order they appeared."""
    year = argmap.meta.get("year")
    date = argmap.meta.get("date")
    return (year if isinstance(year, int) else 10**6, str(date) if date else "")


def _same_time(a: tuple, b: tuple) -> bool:
    """Two texts of one year whose order is not known, by their _year_key: a
    date on one only does not order them."""
    (year_a, date_a), (year_b, date_b) = a, b
    return year_a == year_b and (not date_a or not date_b or date_a == date_b)


class NothingToCompare(Exception):
    """Raised with a message that says what to add; a user error, not a bug."""


def position(argmap: ArgMap, stances: list, warnings: list[str] | None = None) -> Position:
    """The map's position from its stances on one issue (see the module doc)."""
    warnings = [] if warnings is None else warnings
    by_id = argmap.by_id
    nodes = sorted(
        ((by_id[s.node], s.stance) for s in stances if s.node in by_id),
        key=lambda pair: (_RANK.get(pair[0].kind, 9), argmap.order[pair[0].id]),
    )
    # A speaker's counterpoints, in a dialogue, are that speaker's own position.
    own = [(n, s) for n, s in nodes if n.kind != "counterpoint" or argmap.voice is not None]
    rule = "one" if own else "counterpoints-only"
    own = own or nodes
    values = {stance for _, stance in own}
    thesis = [stance for node, stance in nodes if node.kind == "thesis"]
    if len(values) == 1:
        stance = values.pop()
    elif {"pro", "con"} <= values:
        stance, rule = "mixed", "both"
        # The author says both only when each side has an unqualified node
        # and the thesis does not weigh them itself (`mixed`): a side bounded
        # by qualifiers ("no, for economic ties") is a scoped answer.
        qualified = {s.node for s in stances if s.qualified}
        open_pro = any(s == "pro" and n.id not in qualified for n, s in own)
        open_con = any(s == "con" and n.id not in qualified for n, s in own)
        if open_pro and open_con and "mixed" not in thesis:
            pro = ", ".join(n.id for n, s in own if s == "pro")
            con = ", ".join(n.id for n, s in own if s == "con")
            warnings.append(
                f"{argmap.id} takes both pro ({pro}) and con ({con}) on `{stances[0].issue}`; shown as mixed"
            )
    elif thesis:
        stance, rule = thesis[0], "thesis"
    else:
        stance, rule = "mixed", "mixture"
    return Position(argmap, stance, tuple(nodes), rule, tuple(s for s in stances if s.node in by_id))


class _Graph:
    """What the sides ask of one map's support and attack edges, worked out
    once per map: a map is asked once for every issue it answers in a
    conflict, and each ask would walk the whole map again."""

    def __init__(self, argmap: ArgMap) -> None:
        self.map = argmap
        self.supporters = argmap.supporters
        self._under: dict[str, frozenset[str]] = {}
        self._weight: dict[str, int] = {}
        self._keys: dict[str, dict[str, str]] = {}

    def under(self, node_id: str) -> frozenset[str]:
        """The node and everything beneath it by support."""
        found = self._under.get(node_id)
        if found is None:
            found = self._under[node_id] = frozenset(_under(node_id, self.supporters))
        return found

    def weight(self, node_id: str) -> int:
        found = self._weight.get(node_id)
        if found is None:
            found = self._weight[node_id] = _weight(node_id, self.supporters)
        return found

    @cached_property
    def supported(self) -> dict[str, list[str]]:
        """Node id → the nodes it supports: the support edges walked up."""
        out: dict[str, list[str]] = defaultdict(list)
        for target, sources in self.supporters.items():
            for source in sources:
                out[source].append(target)
        return out

    def support_keys(self, target: str) -> dict[str, str]:
        """Source → the key of the inference its support of `target` makes
        (the last written, where a source supports it twice)."""
        found = self._keys.get(target)
        if found is None:
            found = self._keys[target] = {s: r.key for r in self._supports.get(target, ()) for s in r.sources}
        return found

    @cached_property
    def _supports(self) -> dict[str, list]:
        """Target → the support relations into it, in the order written."""
        out: dict[str, list] = defaultdict(list)
        for rel in self.map.relations:
            if rel.kind == "supports":
                out[rel.target_node].append(rel)
        return out

    @cached_property
    def objections(self) -> list:
        """The map's own attacks and undercuts made by counterpoints, in the
        order written: the only relations a concession can come from."""
        by_id = self.map.by_id
        return [
            rel for rel in self.map.relations
            if rel.kind in ("attacks", "undercuts") and rel.target_map is None
            and rel.source in by_id and by_id[rel.source].kind == "counterpoint"
        ]

    @cached_property
    def stance_nodes(self) -> set[str]:
        return {s.node for s in self.map.stances}


def _weight(node_id: str, supporters: dict[str, list[str]], seen: set[str] | None = None) -> int:
    """How many nodes stand under a node by support (cycles counted once)."""
    seen = set() if seen is None else seen
    total = 0
    stack = list(supporters.get(node_id, ()))
    while stack:
        nxt = stack.pop()
        if nxt in seen:
            continue
        seen.add(nxt)
        total += 1
        stack.extend(supporters.get(nxt, ()))
    return total


def against(stance: str, position: str) -> bool:
    """Whether a node whose own stance is `stance` weighs against a position:
    pro and con oppose each other, and a mixed node limits either; nothing
    a single node says weighs against a position that is already mixed."""
    return stance != position and position != "mixed"


def _under(node_id: str, supporters: dict[str, list[str]]) -> set[str]:
    """The node and everything beneath it by support."""
    seen = {node_id}
    stack = [node_id]
    while stack:
        for nxt in supporters.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _line(position: Position, graph: _Graph) -> set[str]:
    """The carrier's line of reasoning on the issue: the carrier, the nodes
    that take the position's stance, and what lies beneath them by support.
    Under a claim that is everything beneath it; under a thesis, whose other
    reasons argue other questions, only the branches that reach another node
    taking the position's stance (as `--issue` prunes them) — unless no
    other node takes it, and then everything beneath the thesis."""
    carrier = position.carrier
    alike = {n.id for n, s in position.nodes if s == position.stance}
    if carrier.kind != "thesis" or alike <= {carrier.id}:
        # A claim, or a thesis that alone takes the stance: the whole
        # argument beneath it is the reasoning on the issue.
        line = set(graph.under(carrier.id))
    else:
        # The branches that reach a node taking the stance: walk up the
        # support edges from those nodes (one pass, not a search per node).
        below = graph.under(carrier.id)
        supported = graph.supported
        line = {carrier.id}
        stack = [n for n in alike if n != carrier.id and n in below]
        while stack:
            node_id = stack.pop()
            if node_id in line:
                continue
            line.add(node_id)
            stack.extend(t for t in supported.get(node_id, ()) if t in below and t not in line)
    by_id = position.map.by_id
    for node_id in alike:
        if by_id[node_id].kind != "thesis":
            line |= graph.under(node_id)
    return line


def concessions(
    position: Position,
    evaluation: semantics.Evaluation | None = None,
    *,
    line: set[str] | None = None,
    graph: _Graph | None = None,
) -> tuple[Concession, ...]:
    """The counterpoints that weigh against the position, each with its
    grounded status. A counterpoint's direction is its own stance on the
    issue when it takes one; otherwise that of what it attacks: an attack on
    the carrier's line of reasoning on the issue (see _line), or on an
    inference inside it, weighs against the position; an attack on a node
    whose stance is the opposite of the position weighs for it. Nothing
    weighs against a position that is already mixed."""
    if position.stance == "mixed":
        return ()
    argmap = position.map
    evaluation = evaluation or semantics.evaluate(argmap)
    graph = _Graph(argmap) if graph is None else graph
    by_id = argmap.by_id
    own = {n.id: s for n, s in position.nodes}
    # A counterpoint that takes stances says which questions it bears on.
    elsewhere = graph.stance_nodes - set(own)
    line = _line(position, graph) if line is None else line
    found: dict[str, str] = {}
    for rel in graph.objections:
        if rel.source in found:
            continue
        if rel.source in own:
            if against(own[rel.source], position.stance):
                found[rel.source] = f"its own stance is {own[rel.source]}"
            continue
        if rel.source in elsewhere:
            continue
        target = rel.target_node
        if rel.kind == "undercuts" and rel.edge_from is not None:
            if rel.edge_from in line and target in line:
                found[rel.source] = f"it undercuts {rel.edge_from} -> {target} in the carrier's reasoning"
        elif target in own:
            if not against(own[target], position.stance):  # attacking an opposite node helps the position
                found[rel.source] = f"it attacks {target}, which is {own[target]}"
        elif target in line:
            found[rel.source] = f"it attacks {target}, in the carrier's reasoning"
    for node_id, stance in own.items():  # stance-bearing counterpoints that attack nothing nearby
        node = by_id[node_id]
        if node.kind == "counterpoint" and node_id not in found and against(stance, position.stance):
            found[node_id] = f"its own stance is {stance}"
    out = []
    for node_id in sorted(found, key=lambda n: argmap.order[n]):
        status = evaluation.of(node_id)
        answered_by = tuple(by_id[a] for a in evaluation.defeaters(node_id) if a in by_id)
        out.append(Concession(by_id[node_id], status, answered_by, found[node_id]))
    return tuple(out)


def _side(position: Position, evaluation: semantics.Evaluation | None = None, graph: _Graph | None = None) -> Side:
    argmap = position.map
    evaluation = evaluation or semantics.evaluate(argmap)
    graph = _Graph(argmap) if graph is None else graph
    carrier = position.carrier
    by_id = argmap.by_id
    # Only reasons on this question: under a thesis, the branches that reach
    # a node taking the position's stance (see _line).
    line = _line(position, graph)
    candidates = [by_id[s] for s in dict.fromkeys(graph.supporters.get(carrier.id, ())) if s in by_id and s in line]
    # A support that is defeated, or whose inference is undercut, carries nothing.
    keys = graph.support_keys(carrier.id)
    standing = [n for n in candidates if evaluation.of(n.id) == semantics.IN and evaluation.inference_holds(keys[n.id])]
    # The strongest support: the most reasons beneath it; evidence breaks ties.
    alike = {n.id for n, s in position.nodes if s == position.stance}
    support = max(
        standing or candidates,
        # A reason that itself takes the position's stance speaks to the issue
        # most directly; then the most reasons beneath it; evidence breaks ties.
        key=lambda n: (n.id in alike, graph.weight(n.id), n.kind == "evidence", -argmap.order[n.id]),
        default=None,
    )
    return Side(position, support, concessions(position, evaluation, line=line, graph=graph))


def _linked(corpus_maps: dict[str, ArgMap], argmap: ArgMap, kind: str) -> list[Link]:
    out = []
    for rel in argmap.relations:
        if rel.kind != kind:
            continue
        other = corpus_maps.get(rel.target_map or "")
        if other is None or rel.target_node not in other.by_id or rel.source not in argmap.by_id:
            continue
        out.append(Link(argmap, argmap.by_id[rel.source], other, other.by_id[rel.target_node]))
    return out


def _voices(maps: list[ArgMap]) -> tuple[list[ArgMap], list[tuple[ArgMap, list[ArgMap]]]]:
    """A map whose stances are taken by several speakers (a debate, a
    thread) is compared as one voice per speaker, each labelled by its
    speaker, as authors are: `MAP/SPEAKER`, holding that speaker's stances
    and the whole map's reasoning. Stances of nodes with no speaker stay
    with the map's own authors."""
    out, dialogues = [], []
    for argmap in maps:
        by_id = argmap.by_id
        speakers = list(dict.fromkeys(by_id[s.node].speaker for s in argmap.stances if s.node in by_id))
        if len([x for x in speakers if x]) < 2:
            out.append(argmap)
            continue
        voices = []
        for speaker in speakers:
            stances = tuple(s for s in argmap.stances if s.node in by_id and by_id[s.node].speaker == speaker)
            if speaker is None:
                voices.append(replace(argmap, stances=stances, voice=""))
                continue
            meta = {**argmap.meta, "authors": [speaker], "authors_en": [speaker]}
            voices.append(replace(argmap, id=f"{argmap.id}/{speaker}", meta=meta, stances=stances, voice=speaker))
        out += voices
        dialogues.append((argmap, voices))
    return out, dialogues


def compare(corpus: Corpus) -> Comparison:
    """Compare the argument maps of a corpus. Raises NothingToCompare when
    there are fewer than two maps, no stances, or no issue two maps share."""
    # Compare keys everything by map id: a map without one (front matter
    # missing or broken, read with --force) cannot be lined up; say so.
    nameless = [m.path for m in corpus.arguments() if m.nodes and not m.id]
    maps = sorted((m for m in corpus.arguments() if m.nodes and m.id), key=lambda m: (_year_key(m), m.id))
    # A translation says what its original says: counted apart, the two
    # would be two authors who always agree.
    present = {m.id for m in maps}
    translations = [m for m in maps if m.translation_of in present and m.translation_of != m.id]
    maps = [m for m in maps if m not in translations]
    # An original that is not here (a typo, or not given): validate says so
    # (AM310); compare must not count the two as agreeing without a word.
    strays = [m for m in maps if m.translation_of is not None and m.translation_of not in present]
    maps, dialogues = _voices(maps)
    if len(maps) < 2:
        named = ", ".join(m.path for m in maps) or "none"
        raise NothingToCompare(
            f"compare needs at least two maps; found {len(maps)} ({named}). "
            "Give several .map files or a folder that holds them."
        )
    declared = corpus.issues()
    warnings: list[str] = [f"{path} has no map id in its front matter; left out" for path in nameless]
    warnings += [f"{m.id} is a translation of {m.translation_of}: compared as {m.translation_of}" for m in translations]
    warnings += [f"{m.id} is a translation of {m.translation_of}, which is not among the maps: compared as an author of its own"
                 for m in strays]
    warnings += [f"{m.id} has several speakers: compared as {', '.join(v.id for v in voices)}" for m, voices in dialogues]
    grouped: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for argmap in maps:
        for stance in argmap.stances:
            if stance.issue in declared:
                grouped[stance.issue][argmap.id].append(stance)
    if not grouped:
        raise NothingToCompare(
            "none of these maps takes a stance on a declared issue. Declare shared questions in an "
            'issues file (issue security "…" { en "…" }) and add `stance ISSUE pro|con|mixed` to each '
            "map's thesis or key claims."
        )
    by_map_id = {m.id: m for m in maps}
    issues = [i for i in declared.values() if i.id in grouped]
    positions = {
        issue.id: {
            m.id: position(m, grouped[issue.id][m.id], warnings) for m in maps if m.id in grouped[issue.id]
        }
        for issue in issues
    }
    if not any(len(row) >= 2 for row in positions.values()):
        spoken = "; ".join(f"{i.id}: {', '.join(positions[i.id])}" for i in issues)
        raise NothingToCompare(
            "no issue is addressed by two or more maps, so there is nothing to line up "
            f"({spoken}). Add stances on a shared issue to a second map."
        )

    # Two mixed answers each weigh the question their own way: not counted
    # as agreeing (argmap.compare.agreement).
    agreement = Agreement(maps, issues, positions)

    conflicts, consensus = [], []
    evaluations: dict[str, semantics.Evaluation] = {}
    graphs: dict[str, _Graph] = {}

    def side(p: Position) -> Side:
        m = p.map
        if m.id not in evaluations:
            evaluations[m.id] = semantics.evaluate(m)
            graphs[m.id] = _Graph(m)
        return _side(p, evaluations[m.id], graphs[m.id])

    for issue in issues:
        row = positions[issue.id]
        stances = {p.stance for p in row.values()}
        if {"pro", "con"} <= stances:
            sides = {
                s: tuple(side(p) for p in row.values() if p.stance == s)
                for s in ("pro", "con", "mixed")
            }
            conflicts.append(Conflict(issue, sides["pro"], sides["con"], sides["mixed"]))
        elif len(row) >= 2 and len(stances) == 1 and stances != {"mixed"}:
            consensus.append(issue)

    corpus_maps = {m.id: m for m in corpus.all_maps if m.id}
    same_as = [link for m in maps for link in _linked(corpus_maps, m, "same_as")]
    contradictions = [link for m in maps for link in _linked(corpus_maps, m, "contradicts")]
    # A point another author states (same_as) or denies (contradicts) is not
    # one author's alone.
    linked = same_as + contradictions
    shared_nodes = {(l.source_map.id, l.source.id) for l in linked} | {(l.target_map.id, l.target.id) for l in linked}
    unique = []
    for argmap in maps:
        theses = {n.id for n in argmap.nodes if n.kind == "thesis"}
        top = {r.source for r in argmap.relations if r.kind == "supports" and r.target_node in theses}
        for node in argmap.own_nodes:
            if node.kind in ("claim", "recommendation") and node.id in top and (argmap.id, node.id) not in shared_nodes:
                unique.append((argmap, node))
    unused = [i for i in declared.values() if i.id not in grouped]
    del by_map_id
    return Comparison(maps, issues, positions, agreement, conflicts, consensus, unique, contradictions, same_as, warnings, unused, evaluations, graphs)
