"""The comparison figure: several maps' stances on their shared issues,
drawn to fit a page.

Two figures, both read from `argmap.compare` (the same positions as the
`compare` table):

- the **stance matrix** (`matrix_graph`): one row per issue, one column per
  map in order of year; each cell the map's stance by glyph (▲ pro, ▼ con,
  ◆ mixed), fill and word, with the id of the node that carries it; a
  column that says where the maps collide or agree; a legend; optionally
  (`links`) a table of the links between maps, one row per link, so each
  can be traced. The rows may be set in several blocks side by side, so
  that the figure takes a slide's shape as well as a page's.
- the **small multiples** (`issues_graph`): one panel per issue, each with
  the maps in the same places, giving the carrier's text: what each author
  says on it.

Both are one HTML-like table in a Graphviz graph: Graphviz measures the
text (CJK included) with the fonts it draws with, and the table's size is
the figure's size. Every string from a map goes through `dot.h`.
"""

from __future__ import annotations

from functools import lru_cache

from argmap.render.dot import Options, RenderError, h
from argmap.render.fonts import FONT_STACK
from argmap.render.theme import DEFAULT, Theme
from argmap.wrap import wrap

INK = "#222222"
GLYPH_PT = 12  # the stance glyphs: large enough to tell ▲ from ▼ at a glance
# CJK fonts draw geometric shapes small; a Latin face with full-size ones
# first, the label stack after it.
GLYPH_FACE = "DejaVu Sans,Noto Sans,Arial," + FONT_STACK
BODY_PT = 10  # the stance words: the size that must stay legible on the page


def comparison(corpus):
    """`compare(corpus)`, or the RenderError that says why there is nothing
    to compare. The candidates and the pages of a figure share one: it costs
    more than drawing the figure."""
    from argmap.compare.analysis import NothingToCompare, compare

    try:
        return compare(corpus)
    except NothingToCompare as exc:
        raise RenderError(f"{exc} (--figure full draws the maps side by side anyway)") from None


@lru_cache(maxsize=1 << 14)
def _lines(text: str, width: int, *, size: int | None = None, color: str | None = None, bold: bool = False) -> str:
    # Remembered: the candidates of a figure, and its pages, set the same
    # texts at the same widths over and over.
    out = []
    for piece in wrap(text, width) or [""]:
        inner = h(piece)
        if bold:
            inner = f"<B>{inner}</B>"
        attrs = (f' POINT-SIZE="{size}"' if size else "") + (f' COLOR="{color}"' if color else "")
        out.append(f"<FONT{attrs}>{inner}</FONT>" if attrs else inner)
    return "<BR ALIGN=\"LEFT\"/>".join(out) + '<BR ALIGN="LEFT"/>'


def _carrier(position) -> str:
    """The node(s) that carry a position, as the `compare` table names them."""
    sides = "/".join(n.id for _, n in position.sides())
    return sides or position.carrier.id + ("✗" if position.by_objection else "")


def _stance_cell(position, theme: Theme, *, note: str = "") -> str:
    look = theme.stances.get(position.stance, theme.stances["mixed"])
    mark = "†" if position.qualifier() else ""
    fill = look.fill
    gradient = ' GRADIENTANGLE="315"' if ":" in fill else ""
    word = f'<FONT POINT-SIZE="{GLYPH_PT}" FACE="{GLYPH_FACE}">{h(look.glyph)}</FONT> <B>{h(position.stance + mark)}</B>'
    who = f'<FONT POINT-SIZE="9">{h(_carrier(position))}</FONT>'
    return (f'<TD BGCOLOR="{fill}"{gradient} ALIGN="LEFT" BALIGN="LEFT" VALIGN="MIDDLE" CELLPADDING="3">'
            f'{word}<BR ALIGN="LEFT"/>{who}{note}</TD>')


def _silent_cell(theme: Theme) -> str:
    return f'<TD BGCOLOR="{theme.silent}" VALIGN="MIDDLE"><FONT COLOR="{theme.muted}">·</FONT></TD>'


def _reading(c, issue) -> str:
    row = c.positions[issue.id]
    values = {p.stance for p in row.values()}
    if {"pro", "con"} <= values:
        return "<B>conflict</B>"
    if len(row) >= 2 and len(values) == 1 and values != {"mixed"}:
        return "agree"
    if len(row) == 1:
        return "one map"
    return "differ"


def _header(c, m, lang: str, theme: Theme) -> str:
    from argmap.compare.data import label

    who = _lines(label(m, c.maps, lang), 14, bold=True, size=10)
    return f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="BOTTOM">{who}<FONT POINT-SIZE="8" COLOR="{theme.muted}">{h(m.id)}</FONT></TD>'


def _issue_text(issue, lang: str) -> str:
    return issue.en if lang == "en" and issue.en else issue.text


def _block(c, issues, options: Options, theme: Theme, width: int) -> str:
    rows = ['<TR><TD ALIGN="LEFT" VALIGN="BOTTOM"><B>issue</B></TD>'
            + "".join(_header(c, m, options.lang, theme) for m in c.maps)
            + f'<TD VALIGN="BOTTOM" ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{theme.muted}">reading</FONT></TD></TR>']
    for issue in issues:
        row = c.positions[issue.id]
        head = (f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP" CELLPADDING="3"><B>{h(issue.id)}</B><BR ALIGN="LEFT"/>'
                f'{_lines(_issue_text(issue, options.lang), width, size=9, color=theme.muted)}</TD>')
        cells = "".join(_stance_cell(row[m.id], theme) if m.id in row else _silent_cell(theme) for m in c.maps)
        reading = f'<TD ALIGN="LEFT" VALIGN="MIDDLE"><FONT POINT-SIZE="9">{_reading(c, issue)}</FONT></TD>'
        rows.append(f"<TR>{head}{cells}{reading}</TR>")
    return (f'<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="2" COLOR="{theme.rule}">'
            + "".join(rows) + "</TABLE>")


def _legend(c, theme: Theme) -> str:
    cells = []
    for value, meaning in (("pro", "the map answers yes"), ("con", "answers no"), ("mixed", "both, or weighs them")):
        look = theme.stances[value]
        gradient = ' GRADIENTANGLE="315"' if ":" in look.fill else ""
        cells.append(f'<TD BGCOLOR="{look.fill}"{gradient} CELLPADDING="3" BORDER="1" COLOR="{theme.rule}">'
                     f'<FONT POINT-SIZE="{GLYPH_PT}" FACE="{GLYPH_FACE}">{h(look.glyph)}</FONT> <B>{h(value)}</B></TD>'
                     f'<TD ALIGN="LEFT"><FONT POINT-SIZE="9">{h(meaning)}</FONT></TD>')
    cells.append(f'<TD BORDER="1" COLOR="{theme.rule}" CELLPADDING="3"><FONT COLOR="{theme.muted}">·</FONT></TD>'
                 '<TD ALIGN="LEFT"><FONT POINT-SIZE="9">no stance</FONT></TD>')
    first = '<TR>' + "".join(cells) + "</TR>"
    positions = [p for row in c.positions.values() for p in row.values()]
    # The example is a cell of this figure: the first one drawn.
    first_cell = next((c.positions[i.id][m.id] for i in c.issues for m in c.maps if m.id in c.positions[i.id]), None)
    example = _carrier(first_cell).rstrip("✗") if first_cell is not None else "c1"
    notes = [f"{example}: the node that carries the stance in its map (pro/con: one on each side)"]
    if any(p.qualifier() for p in positions):
        notes.append("† qualified (a scope or condition; `argmap compare` gives it)")
    if any(p.by_objection and not p.sides() for p in positions):
        notes.append("✗ only an objection the author raises")
    notes.append("conflict: one map says yes where another says no")
    text = "<BR ALIGN=\"LEFT\"/>".join(f'<FONT POINT-SIZE="9">{h(n)}</FONT>' for n in notes) + '<BR ALIGN="LEFT"/>'
    span = len(cells) * 2
    return (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1" ALIGN="LEFT">{first}'
            f'<TR><TD COLSPAN="{span}" ALIGN="LEFT" BALIGN="LEFT">{text}</TD></TR></TABLE>')


def _links(c, options: Options, theme: Theme, columns: int = 1) -> str:
    """Each link between maps as a row: both ends named and quoted, so
    that none has to be traced along a line across the figure; `columns`
    links side by side."""
    from argmap.compare.data import label
    from argmap.render.dot import node_text

    width = max(16, options.width - 4)
    cells = []
    for kind, links in (("same as", c.same_as), ("contradicts", c.contradictions)):
        for link in links:
            mark = "=" if kind == "same as" else "≠"
            a = f"{label(link.source_map, c.maps, options.lang)} {link.source.id}"
            b = f"{label(link.target_map, c.maps, options.lang)} {link.target.id}"
            text_a = _lines(node_text(link.source, options), width, size=9, color=theme.muted)
            text_b = _lines(node_text(link.target, options), width, size=9, color=theme.muted)
            cells.append(f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP"><B>{h(a)}</B><BR ALIGN="LEFT"/>{text_a}</TD>'
                         f'<TD VALIGN="MIDDLE"><FONT POINT-SIZE="{GLYPH_PT}" FACE="{GLYPH_FACE}"><B>{h(mark)}</B></FONT>'
                         f'<BR/><FONT POINT-SIZE="9">{h(kind)}</FONT></TD>'
                         f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP"><B>{h(b)}</B><BR ALIGN="LEFT"/>{text_b}</TD>')
    if not cells:
        return ""
    columns = max(1, min(columns, len(cells)))
    per = -(-len(cells) // columns)
    # Down the first column, then the next: the maps' order reads down.
    rows = []
    for r in range(per):
        row = [cells[k * per + r] for k in range(columns) if k * per + r < len(cells)]
        row += ["<TD></TD><TD></TD><TD></TD>"] * (columns - len(row))
        rows.append("<TR>" + "".join(row) + "</TR>")
    head = f'<TR><TD COLSPAN="{3 * columns}" ALIGN="LEFT"><B>Links between maps</B> ({len(cells)})</TD></TR>'
    return (f'<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3" COLOR="{theme.rule}" ALIGN="LEFT">'
            + head + "".join(rows) + "</TABLE>")


def _graph(name: str, body: str, options: Options) -> str:
    from argmap.render import dotsource

    g = dotsource.Digraph(name, strict=False)
    g.attr("graph", fontname=options.fontname or FONT_STACK, pad="0.15", bgcolor="white")
    g.attr("node", fontname=options.fontname or FONT_STACK, fontsize="10", fontcolor=INK)
    g.node("figure", label=f"<{body}>", shape="plaintext", margin="0")
    return g.source


def _title(text: str, sub: str, theme: Theme) -> str:
    return (f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="14"><B>{h(text)}</B></FONT><BR ALIGN="LEFT"/>'
            f'<FONT POINT-SIZE="9" COLOR="{theme.muted}">{h(sub)}</FONT><BR ALIGN="LEFT"/></TD></TR>')


def _issues(c, focus: str | None):
    if focus is None:
        return list(c.issues)
    chosen = [i for i in c.issues if i.id == focus]
    if not chosen:
        from argmap.diagnostics import did_you_mean

        guess = did_you_mean(focus, [i.id for i in c.issues])
        raise RenderError(f"no issue `{focus}` that these maps take a stance on" + (f" — did you mean `{guess}`?" if guess else ""))
    return chosen


def matrix_graph(corpus, options: Options | None = None, *, blocks: int = 1, links: bool = False,
                 theme: Theme = DEFAULT, legend: bool = True, issue_width: int | None = None,
                 link_columns: int = 1, issues: list[str] | None = None, compared=None) -> str:
    """The stance matrix as DOT, its issue rows set in `blocks` blocks side
    by side, the issues' text wrapped at `issue_width` columns; only the
    issues whose ids are in `issues`, when given (a page of a long matrix).
    `compared`: `comparison(corpus)`, when the caller has it."""
    options = options or Options()
    issue_width = issue_width or options.width
    c = compared if compared is not None else comparison(corpus)
    chosen = issues
    issues = _issues(c, options.focus)
    if chosen is not None:
        issues = [i for i in issues if i.id in chosen]
    blocks = max(1, min(blocks, len(issues)))
    per = -(-len(issues) // blocks)
    parts = [issues[i:i + per] for i in range(0, len(issues), per)]
    inner = "".join(f'<TD VALIGN="TOP">{_block(c, part, options, theme, issue_width)}</TD>' for part in parts)
    part = "" if chosen is None else f" (of {len(c.issues)})"
    body = [_title(f"Stances of {len(c.maps)} maps on {len(issues)} questions{part}",
                   "maps left to right in order of year; each cell: the map's answer and the node that carries it",
                   theme),
            f'<TR><TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="10" CELLPADDING="0"><TR>{inner}</TR></TABLE></TD></TR>']
    if legend:
        body.append(f'<TR><TD ALIGN="LEFT">{_legend(c, theme)}</TD></TR>')
    if links:
        table = _links(c, options, theme, link_columns)
        body.append(f'<TR><TD ALIGN="LEFT">{table}</TD></TR>' if table else
                    '<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9">No links between these maps.</FONT></TD></TR>')
    return _graph("argmap_matrix", '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0">'
                  + "".join(body) + "</TABLE>", options)


def _panel(c, issue, options: Options, theme: Theme, width: int) -> str:
    from argmap.compare.data import label
    from argmap.render.dot import node_text

    rows = [f'<TR><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT" BGCOLOR="#F2F2F2"><B>{h(issue.id)}</B>  <I>{_reading(c, issue)}</I>'
            f'<BR ALIGN="LEFT"/>{_lines(_issue_text(issue, options.lang), width + 8, size=9)}</TD></TR>']
    row = c.positions[issue.id]
    for m in c.maps:
        who = f'<FONT POINT-SIZE="9">{h(label(m, c.maps, options.lang))}</FONT>'
        if m.id not in row:
            rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{who}<BR ALIGN="LEFT"/><FONT COLOR="{theme.muted}">·</FONT></TD>'
                        f'<TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{theme.muted}">no stance</FONT></TD></TR>')
            continue
        p = row[m.id]
        look = theme.stances.get(p.stance, theme.stances["mixed"])
        gradient = ' GRADIENTANGLE="315"' if ":" in look.fill else ""
        nodes = [n for _, n in p.sides()] or [p.carrier]
        says = "".join(f"<B>{h(n.id)}</B> {_lines(node_text(n, options), width, size=9)}" for n in nodes)
        mark = "†" if p.qualifier() else ""
        rows.append(f'<TR><TD BGCOLOR="{look.fill}"{gradient} ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP">{who}<BR ALIGN="LEFT"/>'
                    f'<FONT POINT-SIZE="{GLYPH_PT}" FACE="{GLYPH_FACE}">{h(look.glyph)}</FONT> <B>{h(p.stance + mark)}</B></TD>'
                    f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP">{says}</TD></TR>')
    return (f'<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3" COLOR="{theme.rule}">'
            + "".join(rows) + "</TABLE>")


def issues_graph(corpus, options: Options | None = None, *, columns: int = 2, theme: Theme = DEFAULT,
                 legend: bool = True, issues: list[str] | None = None, compared=None) -> str:
    """Small multiples: a panel per issue (all, or the ids in `issues`),
    `columns` to a row, each with the maps in the same order. `compared`:
    `comparison(corpus)`, when the caller has it."""
    options = options or Options()
    c = compared if compared is not None else comparison(corpus)
    chosen = _issues(c, options.focus)
    if issues is not None:
        chosen = [i for i in chosen if i.id in issues]
    width = max(16, options.width - 4)
    panels = [_panel(c, issue, options, theme, width) for issue in chosen]
    columns = max(1, min(columns, len(panels)))
    grid = []
    for i in range(0, len(panels), columns):
        grid.append("<TR>" + "".join(f'<TD VALIGN="TOP">{p}</TD>' for p in panels[i:i + columns]) + "</TR>")
    body = [_title(f"What each of {len(c.maps)} maps says on {len(chosen)} questions",
                   "in each panel the maps in order of year: the stance, and the text of the node that carries it", theme),
            f'<TR><TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="8" CELLPADDING="0">{"".join(grid)}</TABLE></TD></TR>']
    if legend:
        body.append(f'<TR><TD ALIGN="LEFT">{_legend(c, theme)}</TD></TR>')
    return _graph("argmap_issues", '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0">'
                  + "".join(body) + "</TABLE>", options)
