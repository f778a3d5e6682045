"""DOT source text, written as the `graphviz` package writes it.

A drawing of ten thousand boxes has twenty thousand attribute lists, and the
package quotes each value through several layers of calls; here a value is
quoted once and remembered (most are the same few shapes, colours and
styles), and each statement is one format. The text is the package's, byte
for byte: the same statements, tabs and newlines, attributes in name order
after the label, and the same quoting rules (the package's own patterns
below), so a diagram drawn before stays the same file
(tests/test_render_fast.py holds the two side by side).

Only what render/ uses is here: a digraph with attribute statements, nodes,
edges and nested subgraphs.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

# The patterns of graphviz.quoting (https://www.graphviz.org/doc/info/lang.html).
_HTML_STRING = re.compile(r"<.*>$", re.DOTALL)
_ID = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))$")
_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}
_UNESCAPED_QUOTE = re.compile(r"(?P<escaped_backslashes>(?:\\{2})*)\\?(?P<literal_quote>\")")


class NoHtml(str):
    """Text that stays a quoted string even when it reads `<...>`."""

    __slots__ = ()


def nohtml(text: str) -> NoHtml:
    return NoHtml(text)


def _quoted(text: str) -> str:
    if '"' not in text:
        return f'"{text}"'
    # `\"` and `"` both become `\"`: a quote cannot end the string early.
    return '"' + _UNESCAPED_QUOTE.sub(r"\g<escaped_backslashes>\\\g<literal_quote>", text) + '"'


def _quote_id(text: str) -> str:
    if not _ID.match(text) or text.lower() in _KEYWORDS:
        return _quoted(text)
    return text


_known: dict[str, str] = {}
_KNOWN_MAX = 1 << 12  # the repeated values come back at once after a clear


def quote(text: str) -> str:
    """An ID as DOT reads it: an HTML-like `<...>` as it is (unless NoHtml),
    a plain word or number bare, anything else in double quotes."""
    if isinstance(text, NoHtml):
        return _quote_id(text)
    done = _known.get(text)
    if done is None:
        done = text if _HTML_STRING.match(text) else _quote_id(text)
        if len(text) < 80:  # the repeated values: styles, colours, names; not each label
            if len(_known) >= _KNOWN_MAX:
                _known.clear()
            _known[text] = done
    return done


def quote_edge(name: str) -> str:
    """An edge end: `node[:port[:compass]]`, each part quoted."""
    node, _, rest = name.partition(":")
    parts = [quote(node)]
    if rest:
        port, _, compass = rest.partition(":")
        parts.append(quote(port))
        if compass:
            parts.append(compass)
    return ":".join(parts)


_pairs: dict[tuple[str, str], str] = {}


def attr_list(label: str | None, attrs: dict) -> str:
    """` [label=… name=value …]`, the names sorted, None values left out."""
    items = [f"label={quote(label)}"] if label is not None else []
    for pair in sorted(attrs.items()):
        if type(pair[1]) is str:  # a NoHtml equals its text: never from here
            done = _pairs.get(pair)
            if done is None:
                done = f"{quote(pair[0])}={quote(pair[1])}"
                if len(pair[1]) < 80:
                    if len(_pairs) >= _KNOWN_MAX:
                        _pairs.clear()
                    _pairs[pair] = done
            items.append(done)
        elif pair[1] is not None:
            items.append(f"{quote(pair[0])}={quote(pair[1])}")
    return f" [{' '.join(items)}]" if items else ""


class Digraph:
    """The subset of graphviz.Digraph that render/ uses."""

    def __init__(self, name: str | None = None, strict: bool = False) -> None:
        self.name = name
        self.strict = strict
        self.body: list[str] = []

    def attr(self, kw: str | None = None, **attrs) -> None:
        if kw is not None and kw.lower() not in ("graph", "node", "edge"):
            raise ValueError(f"attr statement must target graph, node, or edge: {kw!r}")
        if attrs:
            if kw is None:
                self.body.append(f"\t{attr_list(None, attrs)[2:-1]}\n")
            else:
                self.body.append(f"\t{kw}{attr_list(None, attrs)}\n")

    def node(self, name: str, label: str | None = None, **attrs) -> None:
        self.body.append(f"\t{quote(name)}{attr_list(label, attrs)}\n")

    def edge(self, tail_name: str, head_name: str, label: str | None = None, **attrs) -> None:
        self.body.append(f"\t{quote_edge(tail_name)} -> {quote_edge(head_name)}{attr_list(label, attrs)}\n")

    @contextmanager
    def subgraph(self, name: str | None = None):
        """A subgraph, added to this graph (indented a tab) when the block ends."""
        sub = Digraph(name)
        yield sub
        self.body += [f"\t{line}" for line in sub._lines(subgraph=True)]

    def _lines(self, subgraph: bool = False):
        name = quote(self.name) + " " if self.name else ""
        if subgraph:
            yield f"subgraph {name}{{\n" if self.name else "{\n"
        else:
            yield f"{'strict ' if self.strict else ''}digraph {name}{{\n"
        yield from self.body
        yield "}\n"

    @property
    def source(self) -> str:
        return "".join(self._lines())
