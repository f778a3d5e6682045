"""The comparison in the terminal, with rich: tables sized by display width,
so CJK text lines up. Stances are words (and colours), never colour alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from argmap.compare import data
from argmap.compare.analysis import RULES, Comparison, Side
from argmap.visible import visible

if TYPE_CHECKING:  # the issue trees are drawn for --issue only
    from argmap.compare.drill import Branch

# Map text reaches the terminal only through `visible` (escape sequences and
# bidi controls as symbols), and before layout, so that widths are measured
# on what is shown: these stand in for data's accessors, and locators,
# quotes and qualifiers are passed through it where they are read.


def text(item, lang: str) -> str:
    return visible(data.text(item, lang))


def label(argmap, maps=None, lang: str = "orig") -> str:
    return visible(data.label(argmap, maps, lang))


def stance_words(position, node_id=None, stance=None) -> str:
    return visible(data.stance_words(position, node_id, stance))

STYLE = {"pro": "green", "con": "red", "mixed": "yellow"}
KIND_MARK = {"supports": "←", "attacks": "✗", "undercuts": "⤫"}


def _stance(value: str, node_id: str | None = None, sep: str = " "):
    from rich.text import Text

    out = Text(value, style=f"bold {STYLE.get(value.rstrip('†'), '')}".strip())
    if node_id:
        out.append(f"{sep}{node_id}", style="dim")
    return out


def _short(value: str, limit: int) -> str:
    from rich.cells import cell_len, set_cell_size

    if cell_len(value) <= limit:
        return value
    return set_cell_size(value, limit - 1).rstrip() + "…"


def esc(value) -> str:
    """Map text is data: escape it before it meets rich's [markup]."""
    from rich.markup import escape

    return escape(visible(str(value)))


def _name(argmap, maps, lang: str = "orig") -> str:
    return esc(label(argmap, maps, lang))


def _lines(value: str, width: int) -> str:
    """Wrapped by display width with the CJK line-breaking rules (no line
    starts with a closing mark, numbers and Latin words stay whole), which
    rich's folding does not know."""
    from argmap.wrap import wrap

    return "\n".join(wrap(visible(value), max(8, width)))


def _hanging(console, prefix: str, body: str, indent: int = 2, out=None) -> None:
    """`prefix body…` with the body's further lines aligned under its start.

    With `out` (a rich Text) the lines are appended to it rather than
    printed, so a long section prints once."""
    from rich.cells import cell_len
    from rich.text import Text

    head = Text.from_markup(prefix, emoji=False)
    start = indent + cell_len(head.plain)
    block = Text(" " * indent) + head
    if start > console.width // 2:  # a long prefix: the body goes below it
        start = indent + 2
        lines = _lines(body, console.width - start).split("\n")
        block.append("\n" + "\n".join(" " * start + line for line in lines))
    else:
        lines = _lines(body, console.width - start).split("\n")
        block.append(lines[0])
        if len(lines) > 1:
            block.append("\n" + "\n".join(" " * start + line for line in lines[1:]))
    if out is None:
        _print_text(console, block)
    else:
        out.append_text(block)
        out.append("\n")


def _paragraphs():
    """A Text to gather _hanging paragraphs in (`out`), printed by _flush."""
    from rich.text import Text

    return Text()


def _flush(console, section) -> None:
    """Print the paragraphs gathered in `section` with one print, as the
    prints of each would show them (no_wrap: each line stands as it is), and
    empty it. One print costs more than a paragraph's text."""
    if section:
        section.right_crop(1)  # the line break after the last paragraph
        _print_text(console, section)
        section.plain = ""


def _print_text(console, text) -> None:
    from argmap.compare.grid import print_text

    print_text(console, text)


def _print_table(console, table) -> None:
    # Laid out in one pass, with the segments rich would print (compare.grid).
    from argmap.compare.grid import print_table

    print_table(console, table)


def _heading(console, title: str) -> None:
    console.print()
    console.rule(f"[bold]{title}", align="left")


MAPS_PER_TABLE = 5  # most stance columns in one table, however wide the terminal
SHOWN = 8  # most maps per side of a conflict or per consensus in the terminal; JSON/CSV have all


def _header(argmap, maps, lang: str = "orig") -> str:
    """The label on two lines (name, year) to keep stance columns narrow."""
    name = label(argmap, maps, lang)
    head, _, year = name.rpartition(" ")
    return esc(f"{head}\n{year}" if head and year.isdigit() else name)


MATRIX_UP_TO = 10  # beyond this many maps, the stance section counts instead
LISTED = data.LISTED  # most steps over time, contradicts links, maps with unique points


def _tally(console, c: Comparison, lang: str) -> None:
    """Many maps: per issue, how many are pro, con, mixed or silent."""
    from rich.table import Table

    table = Table(header_style="bold", pad_edge=False)
    table.add_column("issue", overflow="fold", ratio=1)
    for name in ("pro", "con", "mixed", "silent"):
        table.add_column(name, justify="right", style=STYLE.get(name, "dim"))
    for issue in c.issues:
        row = c.positions[issue.id]
        counts = [sum(1 for p in row.values() if p.stance == s) for s in ("pro", "con", "mixed")]
        table.add_row(f"[bold]{issue.id}[/]\n{esc(text(issue, lang))}", *map(str, counts), str(len(c.maps) - len(row)))
    _print_table(console, table)
    console.print(f"[dim]{len(c.maps)} maps: each map's stance and carrier are in --format csv or json.[/]")


def _at(node) -> str:
    return f" ({visible(node.locator)})" if node.locator else ""


def _qualifiers(p) -> str:
    """The qualifiers shown for a cell: the carrier's, or each side's."""
    if p.sides():
        return visible("; ".join(w for w in p.side_words() if "[" in w))
    return visible(p.qualifier())


def matrix(console, c: Comparison, lang: str, cite: bool = False) -> None:
    from rich.cells import cell_len
    from rich.table import Table

    if len(c.maps) > MATRIX_UP_TO:
        _tally(console, c, lang)
        return

    issue_width = min(24, max(14, *(len(i.id) for i in c.issues)))

    def column(m) -> int:  # its widest line, plus padding and border
        parts = [cell_len(part) for part in label(m, c.maps, lang).rsplit(" ", 1)]
        ids = [
            len("/".join(n.id for _, n in row[m.id].sides()) or row[m.id].carrier.id)
            for row in c.positions.values()
            if m.id in row
        ]
        if cite:
            ids += [min(14, cell_len(visible(row[m.id].carrier.locator or ""))) for row in c.positions.values() if m.id in row]
        return max(6, *parts, *ids) + 3

    room = console.width - issue_width - 6  # borders and the outer padding
    groups: list[list] = [[]]
    for m in c.maps:
        if groups[-1] and (len(groups[-1]) == MAPS_PER_TABLE or sum(map(column, groups[-1])) + column(m) > room):
            groups.append([])
        groups[-1].append(m)
    for maps in groups:
        table = Table(show_lines=False, header_style="bold", expand=False, pad_edge=True)
        table.add_column("issue", overflow="fold", min_width=issue_width, max_width=issue_width)
        for m in maps:
            table.add_column(_header(m, c.maps, lang), overflow="fold")
        for issue in c.issues:
            row = c.positions[issue.id]
            cells = []
            for m in maps:
                if m.id not in row:
                    cells.append("·")
                    continue
                p = row[m.id]
                shown = "/".join(n.id for _, n in p.sides()) or p.carrier.id + ("✗" if p.by_objection else "")
                cell = _stance(p.stance + ("†" if _qualifiers(p) else ""), shown, "\n")
                if cite and p.carrier.locator:
                    cell.append("\n" + visible(p.carrier.locator), style="dim")
                cells.append(cell)
            table.add_row(f"[bold]{issue.id}[/]\n{esc(_lines(text(issue, lang), issue_width))}", *cells)
        _print_table(console, table)
    where = " and where the source says it" if cite else ""
    qualified = any(_qualifiers(p) for row in c.positions.values() for p in row.values())
    objection = any(p.by_objection and not p.sides() for row in c.positions.values() for p in row.values())
    console.print(
        f"[dim]Each cell: the map's stance, and below it the node that carries it (pro/con: the author's "
        f"nodes on each side){where}; · silent"
        + ("; ✗ only an objection the author raises (see --explain)" if objection else "")
        + ("; † qualified:[/]" if qualified else ".[/]")
    )
    section = _paragraphs()
    for issue in c.issues:
        for p in c.timeline(issue.id):
            if _qualifiers(p):
                _hanging(console, f"† {esc(label(p.map, c.maps, lang))} · {issue.id} {p.stance} ", _qualifiers(p), indent=0, out=section)
    _flush(console, section)


def agreement(console, c: Comparison, lang: str = "orig", cite: bool = False) -> None:
    from rich.table import Table

    if len(c.maps) > MAPS_PER_TABLE + 1:
        _agreement_ranked(console, c, lang)
        return
    table = Table(header_style="bold", pad_edge=True)
    table.add_column("")
    for m in c.maps[1:]:
        table.add_column(_header(m, c.maps, lang))
    pairs = {(p.a.id, p.b.id): p for p in c.agreement}
    for i, a in enumerate(c.maps[:-1]):
        cells = []
        for j, b in enumerate(c.maps[1:], start=1):
            pair = pairs.get((a.id, b.id))
            if j <= i or pair is None:
                cells.append("")
            elif not pair.shared:
                cells.append("[dim]—[/]")
            else:
                cells.append(f"{pair.agree}/{pair.shared} {pair.share:.0%}")
        table.add_row(_name(a, c.maps, lang), *cells)
    _print_table(console, table)
    console.print("[dim]Matching stances / issues both address; — none shared.[/]")
    # One shared issue in agreement says little: name the pairs that share
    # at least three first, when there are any.
    solid = [p for p in c.agreement if p.shared >= 3] or [p for p in c.agreement if p.shared]
    ranked = sorted(solid, key=lambda p: (-p.share, -p.shared))
    for p in ranked[:3]:
        console.print(f"{_name(p.a, c.maps, lang)} and {_name(p.b, c.maps, lang)} agree on {p.agree} of {p.shared} shared issues.")


def _agreement_ranked(console, c: Comparison, lang: str, shown: int = 10) -> None:
    """Too many maps for a matrix: the pairs that agree most and least,
    found without listing the pairs (argmap.compare.agreement)."""
    sharing = c.agreement.sharing()
    if not sharing:
        console.print("No two maps address a common issue.")
        return
    console.print(f"[bold]Most in agreement[/] (of {sharing} pairs that share an issue)")
    for p in c.agreement.ranked(shown):
        console.print(f"  {p.agree}/{p.shared} {p.share:.0%}  {_name(p.a, c.maps, lang)} · {_name(p.b, c.maps, lang)}")
    console.print("[bold]Least in agreement[/]")
    for p in c.agreement.ranked(shown, least=True):
        console.print(f"  {p.agree}/{p.shared} {p.share:.0%}  {_name(p.a, c.maps, lang)} · {_name(p.b, c.maps, lang)}")
    every = "has every pair" if len(c.maps) <= data.ALL_PAIRS_UP_TO else f"lists {data.RANKED_PAIRS} each way and counts the rest"
    console.print(f"[dim]Matching stances / issues both address. --format json {every}.[/]")


def _side_cell(side: Side, c: Comparison, lang: str, width: int, cite: bool = False):
    from rich.text import Text

    position = side.position
    out = Text()
    out.append(f"{label(position.map, c.maps, lang)} ", style="bold")
    if position.sides():
        out.append_text(_stance(position.stance))
        for value, node in position.sides():
            out.append(f"\n{value} {node.id}", style="bold")
            if position.qualifier(node.id):
                out.append(f" ({visible(position.qualifier(node.id))})", style="italic")
            if node.locator:
                out.append(f" {visible(node.locator)}", style="dim")
            out.append("\n" + _lines(_short(text(node, lang), 80), width))
        return out
    out.append_text(_stance(position.stance, position.carrier.id))
    if position.qualifier():
        out.append(f"\n({visible(position.qualifier())})", style="italic")
    if position.carrier.locator:
        out.append(f"\n{visible(position.carrier.locator)}", style="dim")
    out.append("\n" + _lines(text(position.carrier, lang), width))
    if cite and position.carrier.quote:
        out.append("\n" + _lines(f"「{position.carrier.quote}」", width), style="dim")
    if side.support is not None:
        out.append(f"\n← {side.support.id}", style="dim")
        out.append("\n" + _lines(_short(text(side.support, lang), 120), width))
    for title, group in (("concedes:", side.conceded), ("answers:", side.answered)):
        if not group:
            continue
        out.append("\n" + title, style="dim")
        for k in group[:3]:
            mark = "✗" if k.status != "out" else "✓"
            out.append(f"\n{mark} {k.node.id} ", style="red" if mark == "✗" else "green")
            body = _short(text(k.node, lang), 40)
            if k.answered_by:
                body += " ← " + ", ".join(n.id for n in k.answered_by)
            elif k.verdict == "undecided":
                body += " (undecided)"
            out.append(_lines(body, width - 3 - len(k.node.id)).replace("\n", "\n  "))
        more = len(group) - 3
        if more > 0:
            out.append(f"\n(+{more} more)", style="dim")
    return out


def conflicts(console, c: Comparison, lang: str, cite: bool = False) -> None:
    from rich.table import Table

    if not c.conflicts:
        console.print("No issue has one map pro and another con.")
        return
    for conflict in c.conflicts:
        _hanging(console, f"[bold]{conflict.issue.id}[/] ", text(conflict.issue, lang), indent=0)
        table = Table(show_lines=True, header_style="bold", expand=True)
        columns = [("pro", conflict.pro), ("con", conflict.con)] + ([("mixed", conflict.mixed)] if conflict.mixed else [])
        for name, _ in columns:
            table.add_column(name, ratio=1, overflow="fold")
        # Borders and padding take 3 columns per cell and one more at the end.
        width = (console.width - 1) // len(columns) - 3
        rows = max(len(sides) for _, sides in columns)
        for i in range(min(rows, SHOWN)):
            table.add_row(*[_side_cell(sides[i], c, lang, width, cite) if i < len(sides) else "" for _, sides in columns])
        if rows > SHOWN:
            table.add_row(*[f"(+{len(sides) - SHOWN} more)" if len(sides) > SHOWN else "" for _, sides in columns])
        _print_table(console, table)


def consensus(console, c: Comparison, lang: str, cite: bool = False) -> None:
    if not c.consensus:
        console.print("No issue on which every map that speaks agrees.")
        return
    section = _paragraphs()
    for issue in c.consensus:
        row = c.positions[issue.id]
        stance = next(iter(row.values())).stance
        _hanging(console, f"[bold]{issue.id}[/] [bold {STYLE[stance]}]{stance}[/] ", text(issue, lang), indent=0, out=section)
        timeline = c.timeline(issue.id)
        for position in timeline[:SHOWN]:
            qual = f" [{esc(position.qualifier())}]" if position.qualifier() else ""
            for side, node in [(v + " ", n) for v, n in position.sides()] or [("", position.carrier)]:
                prefix = f"{_name(position.map, c.maps, lang)} · {side}{node.id}{esc(_at(node))}{qual} "
                _hanging(console, prefix, text(node, lang), out=section)
                if cite and node.quote:
                    _hanging(console, "    「", node.quote + "」", indent=0, out=section)
        if len(timeline) > SHOWN:
            _flush(console, section)
            console.print(f"  [dim](+{len(timeline) - SHOWN} more maps)[/]")
    _flush(console, section)


def unique(console, c: Comparison, lang: str, cite: bool = False) -> None:
    if not c.unique:
        console.print("Every top-level claim and recommendation is linked to another author's.")
        return
    from rich.text import Text

    current = None
    section = Text()
    shown, authors = data.first_maps(c.unique)
    for argmap, node in shown:
        if argmap is not current:
            section.append(label(argmap, c.maps, lang) + "\n", style="bold")
            current = argmap
        _hanging(console, f"{node.id}{esc(_at(node))} ", text(node, lang), out=section)
    section.rstrip()
    _print_text(console, section)
    if authors > LISTED:
        console.print(f"[dim](+{len(c.unique) - len(shown)} more points of {authors - LISTED} more maps: all in --format json)[/]")
    console.print("[dim]Claims and recommendations that directly support a thesis, with no same_as or contradicts link to another map.[/]")


def timeline(console, c: Comparison, lang: str = "orig", cite: bool = False) -> None:
    from rich.cells import cell_len
    from rich.text import Text

    section = Text()
    for issue in c.shared_issues():
        section.append(f"{issue.id}: ", style="bold")
        used = cell_len(issue.id) + 2
        timeline = c.timeline(issue.id)
        # `→` between steps of time; `,` between texts of one year, whose order is not known.
        first = {id(period[0]) for period in c.periods(issue.id)}
        for k, position in enumerate(timeline[:LISTED]):
            name = label(position.map, c.maps, lang)
            joint = " → " if id(position) in first else ", "
            width = (len(joint) if k else 0) + cell_len(name) + 1 + len(position.stance) + (1 if position.qualifier() else 0)
            # One column is kept free for the comma that may close the line.
            if k and used + width > console.width - 1:
                # A new line starts with its arrow; a comma stays at the end of the line it closes.
                section.append(",\n    " if joint == ", " else "\n    → ")
                used = 4
                width -= len(joint) - (0 if joint == ", " else 2)
            elif k:
                section.append(joint)
            section.append(f"{name} ")
            section.append_text(_stance(position.stance + ("†" if position.qualifier() else "")))
            used += width
        if len(timeline) > LISTED:
            section.append(f"\n    (+{len(timeline) - LISTED} more)", style="dim")
        section.append("\n")
    section.rstrip()
    _print_text(console, section)


def links(console, c: Comparison, lang: str, cite: bool = False) -> None:
    if not c.contradictions:
        console.print("No contradicts links between these maps.")
    section = _paragraphs()
    for link in c.contradictions[:LISTED]:
        _hanging(console, f"[bold]{link.source_map.id}:{link.source.id}[/]{esc(_at(link.source))} ", text(link.source, lang), indent=0, out=section)
        _hanging(console, f"[red]contradicts[/] [bold]{link.target_map.id}:{link.target.id}[/]{esc(_at(link.target))} ", text(link.target, lang), out=section)
    _flush(console, section)
    if len(c.contradictions) > LISTED:
        console.print(f"[dim](+{len(c.contradictions) - LISTED} more: all in --format json)[/]")


SECTIONS = (
    ("Stances", matrix),
    ("Agreement between authors", agreement),
    ("Conflicts", conflicts),
    ("Contradictions", links),
    ("Consensus", consensus),
    ("Over time", timeline),
    ("Unique points", unique),
)


def full(console, c: Comparison, lang: str, cite: bool = False) -> None:
    for title, section in SECTIONS:
        _heading(console, title)
        section(console, c, lang, cite)


def _legend_lines(legend: str, width: int) -> list[str]:
    """Wrapped at its `; ` and spaces, the double spaces between marks kept."""
    from rich.cells import cell_len

    lines, line = [], ""
    for word in legend.split(" "):
        candidate = f"{line} {word}" if line or word == "" else word
        if line and cell_len(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line]


def drill(console, c: Comparison, issue_id: str, lang: str, cite: bool = False) -> None:
    from rich.text import Text
    from rich.tree import Tree

    from argmap.compare.drill import chains

    issue = next(i for i in c.issues if i.id == issue_id)
    _hanging(console, f"[bold]{esc(issue.id)}[/] ", text(issue, lang), indent=0)
    for chain in chains(c, issue_id):
        tree = Tree(_packed(_stance_title(chain, c, lang).split(" ", allow_blank=False), console.width))
        for root in chain.roots:
            _grow(tree, root, lang, cite, console.width - TREE_INDENT)
        console.print(tree)
    legend = "← supports  ✗ attacks  ⤫ undercuts; (locator) in the source; nodes marked defeated or undecided do not stand (argmap evaluate)."
    console.print(Text("\n".join(_legend_lines(legend, console.width)), style="dim"), no_wrap=True)


def explain(console, c: Comparison, issue_id: str, map_id: str, lang: str, cite: bool = True) -> None:
    """Everything behind one cell: the nodes, their stances, quotes and
    locators, and which rule of the reading decided the position."""
    issue = next(i for i in c.issues if i.id == issue_id)
    p = c.positions[issue_id][map_id]
    side = c.side(p)
    _hanging(console, f"[bold]{issue.id}[/] ", text(issue, lang), indent=0)
    head = f"[bold]{esc(label(p.map, c.maps, lang))}[/] ({esc(p.map.path)}): "
    console.print(head, _stance(p.stance), f" {esc(p.qualifier())}" if p.qualifier() else "", sep="")
    _hanging(console, "rule: ", RULES[p.rule] + ".", indent=0)

    def show(node, prefix: str) -> None:
        _hanging(console, prefix, text(node, lang))
        if cite and node.quote:
            _hanging(console, "    quote: ", node.quote, indent=2)

    _heading(console, "Nodes that take a stance")
    for n, s in p.nodes:
        apart = "" if s == p.stance else " [bold]apart[/]"
        show(n, f"{n.kind} [bold]{n.id}[/] {esc('[' + stance_words(p, n.id, s) + ']')}{apart}{esc(_at(n))} ")
    _heading(console, "Strongest support")
    if side.support is None:
        console.print("None: nothing supports the carrier.")
    else:
        show(side.support, f"{side.support.kind} [bold]{side.support.id}[/]{esc(_at(side.support))} ")
    _heading(console, "Counterpoints against this position")
    if not side.concessions:
        console.print("None.")
    for k in side.concessions:
        by = f"; answered by {', '.join(n.id + _at(n) for n in k.answered_by)}" if k.answered_by else ""
        show(k.node, f"[bold]{k.verdict}[/] {k.node.id}{esc(_at(k.node))} ")
        _hanging(console, "    ", f"counted because {k.why}{by}", indent=2)


def _stance_title(chain, c, lang):
    from rich.text import Text

    title = Text(f"{label(chain.map, c.maps, lang)} ", style="bold")
    title.append_text(_stance(chain.stance))
    qual = c.positions[chain.issue][chain.map.id].qualifier()
    if qual:
        title.append(f" ({visible(qual)})", style="italic")
    return title


# Each level of a rich Tree is indented by its guide, `├── ` or `│   `.
TREE_INDENT = 4


def _packed(segments, width: int):
    """Rich Texts joined by spaces into lines of at most `width` cells.

    A segment that does not fit moves whole to the next line; one wider than
    a line is wrapped by argmap.wrap (CJK line-breaking rules: no line starts
    with 、or ，, numbers stay whole), which rich's own folding does not know.
    """
    from rich.cells import cell_len
    from rich.text import Text

    from argmap.wrap import wrap

    width = max(8, width)
    out = Text()
    used = 0
    for segment in segments:
        if segment.plain == "\n":
            out.append("\n")
            used = 0
            continue
        pieces = [segment] if cell_len(segment.plain) <= width else [
            Text(line, style=segment.style) for line in wrap(segment.plain, width)
        ]
        for piece in pieces:
            w = cell_len(piece.plain)
            if used and used + 1 + w <= width:
                out.append(" ")
                used += 1
            elif used:
                out.append("\n")
                used = 0
            out.append_text(piece)
            used += w
    return out


def _grow(parent, branch: Branch, lang: str, cite: bool = False, width: int = 76) -> None:
    """One node of the chain, wrapped to the width left beside the tree's guides."""
    from rich.text import Text

    from argmap.compare.drill import STATUS_WORDS

    segments = []
    if branch.relation:
        segments.append(Text(KIND_MARK.get(branch.relation, ""), style="red" if branch.relation != "supports" else "green"))
    segments.append(Text(f"{branch.node.kind} {branch.node.id}", style="bold"))
    if branch.stance:
        stance = Text("[")
        stance.append_text(_stance(branch.stance))
        if branch.qualifier:
            stance.append(f" ({visible(branch.qualifier)})", style="italic")
        stance.append("]")
        segments.append(stance)
    if branch.node.locator:
        segments.append(Text(f"({visible(branch.node.locator)})", style="dim"))
    if branch.status != "in":
        segments.append(
            Text(STATUS_WORDS[branch.status], style="bold red" if branch.status == "out" else "bold yellow")
        )
    segments.append(Text(text(branch.node, lang)))
    if cite and branch.node.quote:
        segments += [Text("\n"), Text(f"「{visible(branch.node.quote)}」", style="dim")]
    child = parent.add(_packed(segments, width - TREE_INDENT))
    for sub in branch.children:
        _grow(child, sub, lang, cite, width - TREE_INDENT)


def suggestions(console, items, lang: str) -> None:
    from rich.table import Table

    if not items:
        console.print("No likely same_as pairs above the threshold.")
        return
    from rich.text import Text

    # The node columns are wrapped here, by argmap.wrap, rather than folded by
    # rich, which cuts numbers (201|1年) and starts lines with 「，」: so their
    # widths are fixed. Five borders and a one-cell pad each side of three
    # columns leave this much beside the score.
    room = max(16, console.width - 5 - 6 - len("score"))
    widths = (room // 2, room - room // 2)
    table = Table(header_style="bold", show_lines=True)
    table.add_column("score", no_wrap=True, justify="right")
    table.add_column("node", width=widths[0], overflow="fold")
    table.add_column("node", width=widths[1], overflow="fold")
    for s in items:
        table.add_row(
            f"{s.score:.2f}",
            _packed([Text(f"{s.a_map.id}:{s.a.id}", style="bold"), Text(text(s.a, lang))], widths[0]),
            _packed([Text(f"{s.b_map.id}:{s.b.id}", style="bold"), Text(text(s.b, lang))], widths[1]),
        )
    _print_table(console, table)
    console.print("[dim]Confirm a pair by adding `same_as MAP:NODE` to one of the two nodes.[/]")
