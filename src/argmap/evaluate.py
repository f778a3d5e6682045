"""`argmap evaluate`: the grounded statuses of each map's nodes, as a
table, JSON or CSV (the semantics are in argmap.semantics)."""

from __future__ import annotations

import csv
import io

from argmap import jsonout, semantics
from argmap.corpus import Corpus
from argmap.model import ArgMap
from argmap.visible import csv_cell, json_text, visible

VERSION = 1


def evaluations(corpus: Corpus, links: bool = False) -> list[semantics.Evaluation]:
    maps = [m for m in corpus.arguments() if m.nodes]
    if links:
        together = semantics.evaluate_corpus(maps)
        return [together[m.id] if m.id in together else semantics.evaluate(m) for m in maps]
    return [semantics.evaluate(m) for m in maps]


def _text(node, lang: str) -> str:
    return node.en if lang == "en" and node.en else node.text


def _inferences(ev: semantics.Evaluation) -> list[tuple[str, str, str]]:
    """The inferences that something undercuts: (from, to, status), where
    from -> to is the inference's key (`e1->c1`, `p1+p2->c1`, `r1->k1->c1`)."""
    out = []
    for rel in ev.map.relations:
        if rel.kind == "undercuts" and rel.edge is not None and rel.target_map is None:
            sources, target = rel.edge.split("->", 1)
            item = (sources, target, ev.status.get(rel.edge, semantics.IN))
            if item not in out:
                out.append(item)
    return out


def map_dict(ev: semantics.Evaluation, lang: str) -> dict:
    argmap: ArgMap = ev.map
    return {
        "id": argmap.id,
        "path": argmap.path,
        "counts": ev.count(),
        "nodes": [
            {
                "id": n.id,
                "kind": n.kind,
                "status": ev.of(n.id),
                "attacked_by": list(ev.attackers.get(n.id, ())),
                "defeated_by": list(ev.defeaters(n.id)),
                "locator": n.locator,
                "text": _text(n, lang),
            }
            for n in argmap.nodes
        ],
        "inferences": [
            {
                "from": a,
                "to": b,
                "status": status,
                "defeated_by": list(ev.defeaters(semantics.inference(a, b))),
            }
            for a, b, status in _inferences(ev)
        ],
    }


def as_json(found: list[semantics.Evaluation], lang: str = "orig") -> str:
    payload = {"version": VERSION, "maps": [map_dict(ev, lang) for ev in found]}
    return json_text(jsonout.dumps(payload)) + "\n"


def as_csv(found: list[semantics.Evaluation], lang: str = "orig") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["map", "node", "kind", "status", "defeated_by", "locator", "text"])
    # As in compare's CSV: map text shows escape sequences and bidi controls
    # as symbols, and no cell is a formula (argmap.visible.csv_cell).
    for ev in found:
        for n in ev.map.nodes:
            row = [ev.map.id, n.id, n.kind, ev.of(n.id), " ".join(ev.defeaters(n.id)), n.locator or "", _text(n, lang)]
            writer.writerow([csv_cell(v) for v in row])
        for a, b, status in _inferences(ev):
            row = [ev.map.id, semantics.inference(a, b), "inference", status, " ".join(ev.defeaters(semantics.inference(a, b))), "", ""]
            writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


STYLE = {semantics.IN: "green", semantics.OUT: "red", semantics.UNDEC: "yellow"}


def table(found: list[semantics.Evaluation], lang: str, show_all: bool, width: int, color: bool) -> str | None:
    """The terminal view: per map, the counts, then the nodes that do not
    stand (all nodes with show_all): status, node and what decides it on one
    line, the text below it, wrapped by display width."""
    from rich.markup import escape

    from argmap.visible import console as visible_console
    from argmap.wrap import wrap

    console = visible_console(width=width, no_color=not color, highlight=False, record=True, file=io.StringIO())
    indent = 12
    for ev in found:
        counts = ev.count()
        console.print(f"[bold]{escape(ev.map.id or '')}[/] [dim]{escape(visible(ev.map.path))}[/]", no_wrap=True, overflow="fold")
        console.print(
            f"  [green]{counts['in']} stand[/], [red]{counts['out']} defeated[/], [yellow]{counts['undec']} undecided[/]"
        )
        rows = [(f"{n.kind} {n.id}", n.id, visible(_text(n, lang))) for n in ev.map.nodes if show_all or ev.of(n.id) != semantics.IN]
        rows += [
            (f"inference {_arrows(semantics.inference(a, b))}", semantics.inference(a, b), "")
            for a, b, status in _inferences(ev)
            if show_all or status != semantics.IN
        ]
        if not rows:
            console.print("  every node stands.\n")
            continue
        for title, name, body in rows:
            status = ev.status.get(name, semantics.IN)
            why = _why(ev, name, status)
            word = semantics.WORDS[status]
            head = f"  [{STYLE[status]}]{word}[/]{' ' * (indent - 2 - len(word))}[bold]{escape(title)}[/]"
            console.print(head + (f" [dim]{escape(why)}[/]" if why else ""), no_wrap=True, overflow="fold")
            for line in wrap(body, max(20, width - indent)) if body else ():
                console.print(" " * indent + escape(line), no_wrap=True)
        console.print()
    console.print("[dim]Grounded semantics: a node stands when every attacker is defeated\n(docs/compare.md).[/]")
    return console.export_text(styles=color)


def _arrows(name: str) -> str:
    """An argument's name as read: a node id, or an inference `k1 → T`."""
    return name.replace("->", " → ").replace("+", " + ")


def _why(ev: semantics.Evaluation, name: str, status: str) -> str:
    if status == semantics.OUT:
        return "by " + ", ".join(map(_arrows, ev.defeaters(name)))
    if status == semantics.UNDEC:
        return "contested by " + ", ".join(_arrows(a) for a in ev.attackers.get(name, ()) if ev.status.get(a) != semantics.OUT)
    attackers = ev.attackers.get(name, ())
    return "its attackers " + ", ".join(map(_arrows, attackers)) + " are defeated" if attackers else ""
