"""Rich tables printed with exactly the segments rich gives them, in one pass.

Rich renders a table through layers of generic renderables: each cell is
measured, wrapped in a Padding, rendered, split into lines and cropped at
every layer, and a VisibleConsole (argmap.visible) filters each layer's
segments again. For the conflicts of a few hundred maps that was most of a
second. Here the same steps are taken once per cell, with rich's own
primitives in rich's order (Table._render, Padding, Text.__rich_console__,
Console.render_lines), so that the lines, the styles and the boundaries
between segments, which colour output shows, stay as rich makes them.

Only what the compare tables use is laid out here: Text or markup cells
aligned to the top, no title, caption, footer, row styles or vertical
padding. Any other table is printed by rich itself. On a console that prints
no styles (not a terminal) only the text of the segments is printed, and
the text is all that is laid out.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from argmap.visible import visible


def print_table(console, table: Table) -> None:
    """console.print(table), faster: laid out here when it is a table of
    the kind the compare report draws, else by rich."""
    if _plain(table) and not console.soft_wrap:
        # Lines wider than the console are cropped by _Laid itself.
        console.print(_Laid(table), crop=False)
    else:
        console.print(table)


def print_text(console, text: Text) -> None:
    """console.print(text, no_wrap=True), faster on a console that prints no
    styles: each line of the text is then printed as it is (cut at the
    console's width, as rich cuts it) when nothing in it needs rich."""
    if _unstyled(console) and not console.soft_wrap and "\t" not in text.plain:
        from rich.cells import cell_len, set_cell_size

        width = console.width
        lines = []
        for line in text.plain.split("\n"):
            if cell_len(line) > width:
                line = set_cell_size(line, width)
            if visible(line) != line:
                break
            lines.append(line)
        else:
            console.print(_Lines(lines), crop=False)
            return
    console.print(text, no_wrap=True)


def _unstyled(console) -> bool:
    """Whether only the text of the segments reaches the output."""
    return console.color_system is None and not console.legacy_windows


class _Lines:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def __rich_console__(self, console, options):
        new_line = Segment.line()
        for line in self.lines:
            yield Segment(line)
            yield new_line


def _plain(table: Table) -> bool:
    top, _, bottom, _ = table.padding
    return (
        table.box is not None
        and not (table.title or table.caption or table.show_footer or table.row_styles or table.leading)
        and not table.collapse_padding
        and table.width is None
        and table.min_width is None
        and top == bottom == 0
        and all(row.style is None for row in table.rows)
        and all(column.vertical == "top" for column in table.columns)
        and all(type(cell) in (str, Text) for column in table.columns for cell in (column.header, *column._cells))
    )


class _Laid:
    def __init__(self, table: Table) -> None:
        self.table = table
        self.texts: dict[tuple, Text] = {}  # markup cells, parsed once for measuring and laying out

    def text(self, console, cell, markup, highlight) -> Text:
        if not isinstance(cell, str):
            return cell
        key = (cell, markup, highlight)
        found = self.texts.get(key)
        if found is None:
            found = self.texts[key] = console.render_str(cell, highlight=highlight, markup=markup)
        return found

    def __rich_console__(self, console, options):
        # As Table.__rich_console__, without the title and caption.
        table = self.table
        if not table.columns:
            yield Segment("\n")
            return
        extra_width = table._extra_width
        widths = self.widths(console, options.update_width(options.max_width - extra_width))
        table_width = sum(widths) + extra_width
        render_options = options.update(width=table_width, highlight=table.highlight, height=None)
        segments = _render(self, console, render_options, widths)
        if table_width > console.width:  # print_table prints without rich's cropping: what it would crop
            segments = [segment for line in Segment.split_and_crop_lines(segments, console.width, pad=False) for segment in line]
        yield from segments

    def widths(self, console, options) -> list[int]:
        """Table._calculate_column_widths, where the widths need no shrinking:
        shared out by ratio and filling the table, or every column as wide as
        its widest cell. Otherwise rich works them out."""
        table = self.table
        columns = table.columns
        max_width = options.max_width
        if table.expand:
            if all(column.flexible for column in columns) and any(column.ratio for column in columns):
                from rich._ratio import ratio_distribute

                minimum = [(column.width or 1) + table._get_padding_width(column._index) for column in columns]
                widths = ratio_distribute(max_width, [column.ratio or 0 for column in columns], minimum)
                if sum(widths) == max_width:
                    return widths
        elif table.min_width is None:
            widths = [self.measure(console, options, column)[1] or 1 for column in columns]
            if sum(widths) <= max_width:
                return widths
        return table._calculate_column_widths(console, options)

    def measure(self, console, options, column) -> tuple[int, int]:
        """Table._measure_column, for cells of Text and markup."""
        from rich.measure import Measurement

        max_width = options.max_width
        if max_width < 1:
            return Measurement(0, 0)
        table = self.table
        padding = table._get_padding_width(column._index)
        if column.width is not None:
            return Measurement(column.width + padding, column.width + padding).with_maximum(max_width)
        last = len(table.columns) - 1
        _, pad_right, _, pad_left = table.padding
        left = 0 if not table.pad_edge and column._index == 0 else pad_left
        right = 0 if not table.pad_edge and column._index == last else pad_right
        cells = ([column.header] if table.show_header else []) + list(column._cells)
        ranges = [self.measure_cell(console, options, cell, left, right) for cell in cells]
        measurement = Measurement(
            max(low for low, _ in ranges) if ranges else 1, max(high for _, high in ranges) if ranges else max_width
        ).with_maximum(max_width)
        return measurement.clamp(
            None if column.min_width is None else column.min_width + padding,
            None if column.max_width is None else column.max_width + padding,
        )

    def measure_cell(self, console, options, cell, left: int, right: int):
        """Measurement.get of the cell in its Padding (Padding.__rich_measure__,
        Text.__rich_measure__)."""
        from rich.cells import cell_len
        from rich.measure import Measurement

        max_width = options.max_width
        extra = left + right
        if max_width - extra < 1:
            padded = Measurement(max_width, max_width)
        else:
            plain = self.text(console, cell, options.markup, False).plain
            lines = plain.splitlines()
            high = max(cell_len(line) for line in lines) if lines else 0
            words = plain.split()
            low = max(cell_len(word) for word in words) if words else high
            inner = Measurement(low, high).normalize().with_maximum(max_width)
            inner = Measurement(0, 0) if inner.maximum < 1 else inner.normalize()
            padded = Measurement(inner.minimum + extra, inner.maximum + extra).with_maximum(max_width)
        padded = padded.normalize().with_maximum(max_width)
        return Measurement(0, 0) if padded.maximum < 1 else padded.normalize()


def _render(laid: _Laid, console, options, widths: list[int]):
    """Table._render, with each cell rendered by _cell_lines."""
    if _unstyled(console):
        yield from _render_text(laid, console, options, widths)
        return
    table = laid.table
    get_style = console.get_style
    border_style = get_style(table.style or "") + get_style(table.border_style or "")
    columns = table.columns
    show_header, show_edge, show_lines = table.show_header, table.show_edge, table.show_lines
    _, pad_right, _, pad_left = table.padding
    last_column = len(columns) - 1

    column_cells = []
    for index, column in enumerate(columns):
        left = 0 if not table.pad_edge and index == 0 else pad_left
        right = 0 if not table.pad_edge and index == last_column else pad_right
        raw = []
        if show_header:
            raw.append((get_style(table.header_style or "") + get_style(column.header_style), column.header))
        cell_style = get_style(column.style or "")
        raw += [(cell_style, cell) for cell in column._cells]
        column_cells.append([(style, cell, left, right) for style, cell in raw])
    row_cells = list(zip(*column_cells))

    box = table.box.substitute(options, safe=table.safe_box if table.safe_box is not None else console.safe_box)
    box = box.get_plain_headed_box() if not show_header else box
    new_line = Segment.line()
    box_segments = [
        (Segment(box.head_left, border_style), Segment(box.head_right, border_style), Segment(box.head_vertical, border_style)),
        (Segment(box.mid_left, border_style), Segment(box.mid_right, border_style), Segment(box.mid_vertical, border_style)),
        (Segment(box.foot_left, border_style), Segment(box.foot_right, border_style), Segment(box.foot_vertical, border_style)),
    ]
    if show_edge:
        yield Segment(box.get_top(widths), border_style)
        yield new_line

    last_row = len(row_cells) - 1
    for index, row_cell in enumerate(row_cells):
        first, last = index == 0, index == last_row
        header_row = first and show_header
        if header_row:
            row_style = Style.null()
        else:
            row_style = get_style(table.get_row_style(console, index - 1 if show_header else index))
        cells = []
        for width, (style, cell, left, right), column in zip(widths, row_cell, columns):
            render_options = options.update(
                width=width,
                justify=column.justify,
                no_wrap=column.no_wrap,
                overflow=column.overflow,
                height=None,
                highlight=column.highlight,
            )
            cells.append(_cell_lines(laid, console, cell, render_options, get_style(style) + row_style, left, right))
        max_height = max(1, *(len(lines) for lines in cells))
        row_height = max(len(lines) for lines in cells)
        shaped = []
        for width, (style, _, _, _), lines in zip(widths, row_cell, cells):
            style = get_style(style) + row_style
            # A header sits on the rule below it; every column is aligned to the top (_plain).
            align = Segment.align_bottom if header_row else Segment.align_top
            shaped.append(Segment.set_shape(align(lines, width, row_height, style), width, max_height))

        left_edge, right_edge, divider = box_segments[0 if first else (2 if last else 1)]
        if not divider.text.strip():
            divider = Segment(divider.text, row_style.background_style + divider.style)
        for line_no in range(max_height):
            if show_edge:
                yield left_edge
            for k, lines in enumerate(shaped):
                yield from lines[line_no]
                if k != last_column:
                    yield divider
            if show_edge:
                yield right_edge
            yield new_line
        if first and show_header:
            yield Segment(box.get_row(widths, "head", edge=show_edge), border_style)
            yield new_line
        end_section = not header_row and table.rows[index - show_header].end_section
        if (show_lines or end_section) and not last and not header_row:
            yield Segment(box.get_row(widths, "row", edge=show_edge), border_style)
            yield new_line

    if show_edge:
        yield Segment(box.get_bottom(widths), border_style)
        yield new_line


def _cell_lines(laid: _Laid, console, cell, options, style: Style, left: int, right: int) -> list[list[Segment]]:
    """console.render_lines(Padding(cell, (0, right, 0, left)), options, style=style)
    for a Text or markup cell, through a VisibleConsole."""
    width = options.max_width
    if width < 1:
        return []
    inner = options.update_width(width - left - right)
    null = Style.null()  # a Padding's own style, "none"
    segments: list[Segment] = []
    if inner.max_width >= 1:
        text = laid.text(console, cell, inner.markup, inner.highlight)
        lines = _wrap(
            text,
            console,
            inner.max_width,
            justify=text.justify or inner.justify or "default",
            overflow=text.overflow or inner.overflow or "fold",
            tab_size=(console.tab_size if text.tab_size is None else text.tab_size) or 8,
            no_wrap=text.no_wrap if text.no_wrap is not None else (inner.no_wrap if inner.no_wrap is not None else False),
        )
        for segment in Text("\n").join(lines).render(console, end=text.end):
            if segment.control is None:
                shown = visible(segment.text)
                if shown != segment.text:
                    segment = Segment(shown, segment.style)
            segments.append(segment)
    before = [Segment(" " * left, null)] if left else []
    after = [Segment(" " * right, null)] if right else []
    out = []
    # Each line is cropped or padded to the inner width: with the padding it
    # is the cell's width, which rich's second crop leaves as it is.
    for line in Segment.split_and_crop_lines(segments, inner.max_width, style=null, pad=True, include_new_lines=False):
        line = before + line + after
        if style:
            add = style.__add__
            line = [Segment(t, None if control else add(s), control) for t, s, control in line]
        out.append(line)
    return out


def _wrap(text: Text, console, width: int, *, justify, overflow, tab_size: int, no_wrap: bool):
    """text.wrap(...). Cells are mostly wrapped already (by argmap.wrap, to
    the column's width): when every line fits, rich would break none of
    them, and its search for break points is skipped."""
    from rich.cells import cell_len

    if justify != "left" or overflow == "ignore":
        return text.wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=no_wrap)
    lines = text.split(allow_blank=True)
    for line in lines:
        plain = line.plain
        if "\t" in plain or cell_len(plain) > width:
            return text.wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=no_wrap)
    for line in lines:
        if not no_wrap:
            line.rstrip_end(width)
        line.truncate(width, overflow=overflow, pad=True)
        line.truncate(width, overflow=overflow)
    return lines


def _render_text(laid: _Laid, console, options, widths: list[int]):
    """_render for a console that prints no styles (not a terminal): only
    the text of the segments is printed, so each line of the table is one
    segment, and a cell that needs no wrapping is laid out as text."""
    table = laid.table
    columns = table.columns
    show_header, show_edge, show_lines = table.show_header, table.show_edge, table.show_lines
    _, pad_right, _, pad_left = table.padding
    last_column = len(columns) - 1
    pads = [
        (0 if not table.pad_edge and k == 0 else pad_left, 0 if not table.pad_edge and k == last_column else pad_right)
        for k in range(len(columns))
    ]
    null = Style.null()
    box = table.box.substitute(options, safe=table.safe_box if table.safe_box is not None else console.safe_box)
    box = box.get_plain_headed_box() if not show_header else box
    edges = [
        (box.head_left, box.head_right, box.head_vertical),
        (box.mid_left, box.mid_right, box.mid_vertical),
        (box.foot_left, box.foot_right, box.foot_vertical),
    ]
    new_line = Segment.line()
    if show_edge:
        yield Segment(box.get_top(widths))
        yield new_line
    rows = ([[column.header for column in columns]] if show_header else []) + list(zip(*(column._cells for column in columns)))
    for index, row in enumerate(rows):
        first, last = index == 0, index == len(rows) - 1
        header_row = first and show_header
        cells = []
        for k, (width, cell, column) in enumerate(zip(widths, row, columns)):
            render_options = options.update(
                width=width, justify=column.justify, no_wrap=column.no_wrap, overflow=column.overflow, height=None,
                highlight=column.highlight,
            )
            left, right = pads[k]
            lines = _text_lines(laid, console, cell, render_options, left, right)
            if lines is None:
                lines = ["".join(t for t, _, _ in line) for line in _cell_lines(laid, console, cell, render_options, null, left, right)]
            cells.append(lines)
        height = max(1, *(len(lines) for lines in cells))
        for k, (width, lines) in enumerate(zip(widths, cells)):
            blank = [" " * width] * (height - len(lines))
            cells[k] = blank + lines if header_row else lines + blank  # a header sits on the rule below it
        left_edge, right_edge, divider = edges[0 if first else (2 if last else 1)]
        for line_no in range(height):
            line = divider.join(lines[line_no] for lines in cells)
            yield Segment(f"{left_edge}{line}{right_edge}" if show_edge else line)
            yield new_line
        if header_row:
            yield Segment(box.get_row(widths, "head", edge=show_edge))
            yield new_line
        end_section = not header_row and table.rows[index - show_header].end_section
        if (show_lines or end_section) and not last and not header_row:
            yield Segment(box.get_row(widths, "row", edge=show_edge))
            yield new_line
    if show_edge:
        yield Segment(box.get_bottom(widths))
        yield new_line


def _text_lines(laid: _Laid, console, cell, options, left: int, right: int) -> list[str] | None:
    """The lines of a cell that fits its column as it is (no line wider than
    the column, no tab, nothing `visible` would change), padded as rich pads
    them; None for any other cell."""
    from rich.cells import cell_len

    inner = options.max_width - left - right
    if inner < 1:
        return None
    text = laid.text(console, cell, options.markup, options.highlight)
    justify = text.justify or options.justify or "default"
    if justify not in ("left", "default", "right") or (text.overflow or options.overflow) == "ignore":
        return None
    plain = text.plain
    if "\t" in plain or visible(plain) != plain:
        return None
    before, after = " " * left, " " * right
    out = []
    for line in plain.split("\n"):
        size = cell_len(line)
        if size > inner or len(line) > inner:
            return None
        if justify == "right":
            line = line.rstrip()
            out.append(f"{before}{' ' * (inner - cell_len(line))}{line}{after}")
        else:
            out.append(f"{before}{line}{' ' * (inner - size)}{after}")
    return out
