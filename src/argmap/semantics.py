"""Which nodes stand once the objections are weighed: the grounded
extension of a map's attack graph (Dung 1995).

The abstract framework is read off the model. Every node is an argument.
`A attacks B` is an attack. `K undercuts A -> B` attacks the *inference*
from A to B, which is an argument of its own (named by its key, `A->B`);
the nodes A and B keep their status, but the support (or attack) no longer
carries. An undercut can itself be undercut (`R undercuts K -> A -> B`). Supports are not
attacks and do not propagate status: grounded semantics judges attacks only,
so a claim whose support is defeated still stands unless something attacks
it. Cross-map `contradicts` links are symmetric attacks, and enter only when
maps are evaluated together (`evaluate_corpus`): inside one map the author's
own argument is judged on its own terms.

The grounded extension is the least fixed point of "defended by": a node
is `in` when every attacker is `out`, `out` when some attacker is `in`, and
`undec` otherwise (for example, two nodes that attack each other and
nothing else decides between them).
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

from argmap.model import ArgMap

IN, OUT, UNDEC = "in", "out", "undec"
STATUSES = (IN, OUT, UNDEC)
WORDS = {IN: "stands", OUT: "defeated", UNDEC: "undecided"}


@dataclass
class Framework:
    """Arguments and attacks, in a deterministic order."""

    arguments: list[str] = field(default_factory=list)
    attacks: list[tuple[str, str]] = field(default_factory=list)

    def add(self, argument: str) -> None:
        if argument not in self._known:
            self._known.add(argument)
            self.arguments.append(argument)

    def attack(self, source: str, target: str) -> None:
        self.add(source)
        self.add(target)
        if (source, target) not in self._edges:
            self._edges.add((source, target))
            self.attacks.append((source, target))

    def __post_init__(self):
        self._known: set[str] = set(self.arguments)
        self._edges: set[tuple[str, str]] = set(self.attacks)


def grounded(framework: Framework) -> dict[str, str]:
    """Every argument's grounded label, in linear time.

    Start from the unattacked arguments (in); whatever they attack is out;
    an argument all of whose attackers are out comes in; repeat. What is
    never reached is undecided."""
    attackers: dict[str, list[str]] = defaultdict(list)
    targets: dict[str, list[str]] = defaultdict(list)
    for source, target in framework.attacks:
        attackers[target].append(source)
        targets[source].append(target)
    alive = {a: len(attackers[a]) for a in framework.arguments}  # attackers not yet out
    label: dict[str, str] = {}
    queue = deque(a for a in framework.arguments if alive[a] == 0)
    while queue:
        argument = queue.popleft()
        if argument in label:
            continue
        label[argument] = IN
        for target in targets[argument]:
            if target in label:
                continue
            label[target] = OUT
            for victim in targets[target]:
                alive[victim] -= 1
                if alive[victim] == 0 and victim not in label:
                    queue.append(victim)
    return {a: label.get(a, UNDEC) for a in framework.arguments}


def inference(source: str, target: str) -> str:
    """The name of the argument for the inference source → target."""
    return f"{source}->{target}"


def framework(argmap: ArgMap, prefix: str = "") -> Framework:
    """Nodes are arguments; so is every inference that something undercuts
    (named by its key, `e1->c1`), and every attack made by several sources
    jointly (`p1+p2->c1`): it attacks its target, and whatever defeats one
    of its sources defeats it too, as the attack needs them all."""
    fw = Framework()
    for node in argmap.nodes:
        fw.add(prefix + node.id)
    local = [r for r in argmap.relations if r.target_map is None and r.kind in ("attacks", "undercuts", "supports")]
    undercut = {r.edge for r in local if r.kind == "undercuts"}

    def argument(rel) -> str:
        # A plain attack is its source's own: the source attacks. Only an
        # attack that can be told apart from its source needs an argument.
        return rel.source if not rel.joint and rel.key not in undercut else rel.key

    node_attackers: dict[str, list[str]] = defaultdict(list)
    joint: list = []
    for rel in local:
        if rel.kind == "supports":
            if rel.key in undercut:
                fw.add(prefix + rel.key)
            continue
        name = argument(rel)
        target = rel.target_node if rel.kind == "attacks" else rel.edge
        fw.attack(prefix + name, prefix + target)
        if rel.kind == "attacks":
            node_attackers[target].append(name)
        if name == rel.key:
            joint.append(rel)
    for rel in joint:
        for source in rel.sources:
            for attacker in node_attackers.get(source, ()):
                fw.attack(prefix + attacker, prefix + rel.key)
    return fw


@dataclass(frozen=True)
class Evaluation:
    """One map's statuses: node id (or `A->B` for an undercut inference) →
    in / out / undec, and who decides each."""

    map: ArgMap
    status: dict[str, str]
    attackers: dict[str, tuple[str, ...]]

    def of(self, node_id: str) -> str:
        return self.status.get(node_id, IN)

    def defeaters(self, node_id: str) -> tuple[str, ...]:
        """The attackers that stand: why a node is out."""
        return tuple(a for a in self.attackers.get(node_id, ()) if self.status.get(a) == IN)

    def inference_holds(self, key: str) -> bool:
        """Does the inference with this key (`e1->c1`) carry, undercut or not?"""
        return self.status.get(key, IN) == IN

    def count(self) -> dict[str, int]:
        nodes = [n.id for n in self.map.nodes]
        return {s: sum(1 for n in nodes if self.of(n) == s) for s in STATUSES}


def _attackers(fw: Framework) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = defaultdict(list)
    for source, target in fw.attacks:
        out[target].append(source)
    return {k: tuple(v) for k, v in out.items()}


def evaluate(argmap: ArgMap) -> Evaluation:
    fw = framework(argmap)
    return Evaluation(argmap, grounded(fw), _attackers(fw))


def evaluate_corpus(maps: list[ArgMap]) -> dict[str, Evaluation]:
    """All maps as one framework, with `contradicts` as mutual attacks
    between the two nodes; keyed by map id, node ids unprefixed."""
    fw = Framework()
    known = {m.id: m for m in maps if m.id}
    for argmap in known.values():
        part = framework(argmap, f"{argmap.id}:")
        for argument in part.arguments:
            fw.add(argument)
        for source, target in part.attacks:
            fw.attack(source, target)
    for argmap in known.values():
        for rel in argmap.relations:
            other = known.get(rel.target_map or "")
            if rel.kind != "contradicts" or other is None or rel.target_node not in other.by_id:
                continue
            a, b = f"{argmap.id}:{rel.source}", f"{other.id}:{rel.target_node}"
            fw.attack(a, b)
            fw.attack(b, a)
    status = grounded(fw)
    attackers = _attackers(fw)
    out = {}
    for map_id, argmap in known.items():
        prefix = map_id + ":"

        def local(name: str) -> str:
            # This map's arguments unprefixed; another map's stay `map:id`.
            return name[len(prefix) :] if name.startswith(prefix) else name

        mine = {local(k): v for k, v in status.items()}
        theirs = {local(k): tuple(local(a) for a in v) for k, v in attackers.items() if k.startswith(prefix)}
        out[map_id] = Evaluation(argmap, mine, theirs)
    return out
