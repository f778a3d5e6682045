"""What a map says, apart from layout, seen the same way from the model and
from an imported Graph: the round-trip tests compare the two."""

from __future__ import annotations

import json

from argmap.model import inference_key


def model_view(argmap) -> dict:
    """Nodes in order with every attribute, relations as a sorted list (each
    inference by its key), stances, front matter. Nesting and the order of
    relations are the .map writer's choice, not what the map says."""
    relations = []
    for r in argmap.relations:
        if r.target_map is not None:
            relations.append((r.kind, r.source, r.target))
        elif r.kind == "same_as":
            relations.append((r.kind, r.source, r.target_node))
        else:
            relations.append((r.kind, r.key, r.label, r.scheme, r.title, r.note))
    stances = [(s.node, s.issue, s.stance, s.scope, s.condition) for s in argmap.stances]
    nodes = [(n.id, n.kind, n.text, n.en, n.locator, n.quote, n.source, n.note, tuple(n.tags), n.speaker, n.title) for n in argmap.nodes]
    meta = json.loads(json.dumps(argmap.meta, default=str))  # YAML dates travel as ISO text
    return {"meta": meta, "nodes": nodes, "relations": sorted(relations, key=repr), "stances": sorted(stances, key=repr)}


def graph_key(graph, inference) -> str:
    """An inference of a Graph by its canonical key, following undercuts
    through the labels they name."""
    by_label = {i.label: i for i in graph.inferences if i.label}
    seen = set()

    def key(inf) -> str:
        if inf.kind != "undercuts":
            return inference_key(inf.sources, inf.target)
        target = by_label.get(inf.target)
        if target is None or id(target) in seen:
            return inference_key(inf.sources, inf.target)
        seen.add(id(target))
        return inference_key(inf.sources, key(target))

    return key(inference)


def graph_view(graph) -> dict:
    relations = [(i.kind, graph_key(graph, i), i.label, i.scheme, i.title, i.note) for i in graph.inferences]
    relations += [("same_as", a, b) for a, b in graph.same_as]
    relations += [("contradicts", a, b) for a, b in graph.contradicts]
    stances = [(s.id, *stance, *(None, None)[: 4 - len(stance)]) for s in graph.statements for stance in s.stances]
    nodes = [(s.id, s.kind, s.text, s.en, s.locator, s.quote, s.source, s.note, tuple(s.tags), s.speaker, s.title) for s in graph.statements]
    return {"meta": graph.meta, "nodes": nodes, "relations": sorted(relations, key=repr), "stances": sorted(stances, key=repr)}


def write_and_validate(graph, path: str, neighbours=()) -> tuple[object, list]:
    """The Graph written as a map by the import's writer, parsed back and
    validated with its issues (and any neighbour maps): (the map, errors)."""
    from argmap import checks
    from argmap import diagnostics as D
    from argmap.corpus import Corpus, parse_bytes
    from argmap.interop.reading import complete_meta
    from argmap.interop.write import issues_text, map_text

    complete_meta(graph, path, [], None, set())
    argmap, problems = parse_bytes(graph.meta["id"] + ".map", map_text(graph).encode("utf-8"))
    assert argmap is not None, problems
    context = list(neighbours)
    if graph.issues:
        issues, more = parse_bytes("issues.map", issues_text(graph.issues).encode("utf-8"))
        problems += more
        context.append(issues)
    problems += checks.run(Corpus(maps=[argmap], context=context))
    return argmap, [d for d in problems if d.severity is D.Severity.ERROR]
