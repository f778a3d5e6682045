"""The diff as text (a terminal, 80 columns, colour optional), Markdown (a
pull-request comment) and JSON (docs/diff.md). Markers carry the meaning —
`+`/`-`/`~` before a line, `[-removed-]{+added+}` inside a text — and colour
only repeats it.
"""

from __future__ import annotations

import json
import re

from argmap import jsonout
from argmap.diff.core import Diff, FileDiff, VERSION, similarity
from argmap.source import clip, display_width
from argmap.visible import json_text, visible

NO_CHANGE = "no change to the argument"
_STYLES = {"add": "32", "del": "31", "mod": "33", "head": "1", "dim": "2"}
# Wide characters stand alone (a line may break between any two); a run of
# narrow ones is a word.
_UNIT = re.compile(r"\s+|[\x21-\u10ff\u2000-\u2dff]+|.", re.S)


# ---- shared words -----------------------------------------------------------


def stance_words(s: dict | None) -> str:
    if s is None:
        return "none"
    parts = [f"when {s['scope']}" if s.get("scope") else "", f"if {s['condition']}" if s.get("condition") else ""]
    qual = "; ".join(p for p in parts if p)
    return f"{s['stance']} ({qual})" if qual else s["stance"]


def _value(v) -> str:
    if v is None:
        return "none"
    if isinstance(v, str):
        return f'"{v}"'
    if isinstance(v, list):
        return "[" + ", ".join(str(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def headline(f: FileDiff, labels: dict) -> tuple[str, str]:
    """(paths, who): `maps/a.map` or `old → new`, and `tang2025 · 湯名暉 2025`."""
    if f.old_path and f.new_path and f.old_path != f.new_path:
        paths = f"{f.old_path} → {f.new_path}"
    else:
        paths = f.new_path or f.old_path or ""
    who = ""
    if f.map_id:
        label = labels.get(f.map_id)
        who = f"{f.map_id} · {label}" if label and label != f.map_id else f.map_id
    return paths, who


def summary_line(d: Diff) -> str:
    s = d.summary()
    maps = s["maps_added"] + s["maps_removed"] + s["maps_modified"]
    parts = [f"{maps} map{'s' if maps != 1 else ''} changed"]

    def group(*pairs):
        items = [f"{n} {word}" for n, word in pairs if n]
        return ", ".join(items)

    nodes = group((s["nodes_added"], "added"), (s["nodes_removed"], "removed"), (s["nodes_changed"], "changed"))
    if nodes:
        parts.append("nodes: " + nodes)
    rels = group((s["relations_added"], "added"), (s["relations_removed"], "removed"))
    if rels:
        parts.append("relations: " + rels)
    for key, word in (("stances_changed", "stance"), ("front_matter_changed", "front-matter field"), ("positions_changed", "position")):
        if s[key]:
            parts.append(f"{s[key]} {word}{'s' if s[key] != 1 else ''} changed")
    issues = group((s["issues_added"], "added"), (s["issues_removed"], "removed"), (s["issues_changed"], "changed"))
    if issues:
        parts.append("issues: " + issues)
    return "; ".join(parts) + "."


def _groups(changes: list[dict]):
    """Consecutive changes about one node (or issue, or the front matter)."""
    out: list[tuple[str, list[dict]]] = []
    for c in changes:
        if c["change"] == "front_matter":
            key = "\0fm"
        elif c["change"].startswith("issue_"):
            key = "\0issues"
        else:
            key = c["node"]
        if out and out[-1][0] == key:
            out[-1][1].append(c)
        else:
            out.append((key, [c]))
    return out


def _relation(c: dict) -> str:
    """`supports T`; for the rest of an inference as the language writes it:
    `i1: p1 + p2 supports T { scheme "…" }`."""
    sources = c.get("sources") or ([c["node"]] if c.get("label") else [])
    head = (f"{c['label']}: " if c.get("label") else "") + (" + ".join(sources) + " " if sources else "")
    attrs = " ".join(f'{k} "{_one_line(c[k])}"' for k in ("scheme", "title", "note") if c.get(k))
    return f"{head}{c['relation']} {c['target']}" + (f" {{ {attrs} }}" if attrs else "")


# ---- text ---------------------------------------------------------------------


class _Text:
    def __init__(self, width: int, color: bool):
        self.width = max(40, width)
        self.color = color
        self.lines: list[str] = []

    def paint(self, text: str, style: str | None) -> str:
        if not self.color or not style or not text:
            return text
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"

    def para(self, prefix: str, segments: list[tuple[str, str | None]], indent: int | None = None, prefix_style: str | None = None) -> None:
        """Wrap segments after a prefix, by display width; continuation lines
        are indented under the text."""
        indent = display_width(prefix) if indent is None else indent
        line: list[tuple[str, str | None]] = [(prefix, prefix_style)]
        used = display_width(prefix)
        start = used
        spaced = prefix.endswith(" ")

        def flush():
            nonlocal line, used, start, spaced
            self.lines.append(self._emit(line))
            line, used = [(" " * indent, None)], indent
            start = indent
            spaced = True

        for text, style in segments:
            # Map text: escape sequences and bidi controls as symbols, before
            # it is measured (argmap.visible). The prefix is ours.
            for tok in _UNIT.findall(visible(text)):
                w = display_width(tok)
                if tok.isspace():
                    if used + 1 > self.width:
                        flush()
                    elif used > start and not spaced:
                        line.append((" ", None))
                        used += 1
                        spaced = True
                    continue
                if used + w > self.width and used > start:
                    flush()
                while used + w > self.width and len(tok) > 1:  # a word longer than the line
                    room, cut = self.width - used, 0
                    while cut < len(tok) and display_width(tok[: cut + 1]) <= room:
                        cut += 1
                    cut = max(cut, 1)
                    line.append((tok[:cut], style))
                    flush()
                    tok = tok[cut:]
                    w = display_width(tok)
                line.append((tok, style))
                used += w
                spaced = False
        self.lines.append(self._emit(line))

    def _emit(self, pieces: list[tuple[str, str | None]]) -> str:
        """One line: trailing blanks dropped, runs of one style painted once
        (a space between two pieces of a style belongs to the run)."""
        pieces = list(pieces)
        while pieces and not pieces[-1][0].strip():
            pieces.pop()
        if pieces:
            pieces[-1] = (pieces[-1][0].rstrip(), pieces[-1][1])
        runs: list[list] = []
        for i, (text, style) in enumerate(pieces):
            if text == " " and style is None and 0 < i < len(pieces) - 1 and pieces[i - 1][1] == pieces[i + 1][1]:
                style = pieces[i - 1][1]
            if runs and runs[-1][1] == style:
                runs[-1][0] += text
            else:
                runs.append([text, style])
        return "".join(self.paint(text, style) for text, style in runs)

    def header(self, paths: str, who: str) -> None:
        """A file's headline; what the map is goes on a line of its own when
        both do not fit."""
        paths, who = visible(paths), visible(who)
        if who and display_width(paths) + 1 + display_width(who) <= self.width:
            self.lines.append(self.paint(paths, "head") + " " + self.paint(who, "dim"))
            return
        self.lines.append(self.paint(paths, "head"))
        if who:
            self.lines.append("  " + self.paint(who, "dim"))

    def text_change(self, prefix: str, change: dict, indent: int) -> None:
        ops = change.get("diff")
        if ops is None:
            self.para(prefix, [(f"{_value(change['old'])} → {_value(change['new'])}", None)], indent + 2)
            return
        if similarity(ops) < 0.4:
            self.lines.append(prefix.rstrip())
            self.para(" " * (indent + 2) + "- ", [(_one_line(change["old"]), "del")], prefix_style="del")
            self.para(" " * (indent + 2) + "+ ", [(_one_line(change["new"]), "add")], prefix_style="add")
            return
        segments: list[tuple[str, str | None]] = []
        for op, text in ops:
            text = re.sub(r"\s+", " ", text)
            if op == "=":
                segments.append((text, None))
                continue
            lead, core, trail = text[: len(text) - len(text.lstrip())], text.strip(), text[len(text.rstrip()) :]
            if lead:
                segments.append((" ", None))
            if op == "-":
                segments += [("[-", "del"), (core, "del"), ("-]", "del")]
            else:
                segments += [("{+", "add"), (core, "add"), ("+}", "add")]
            if trail:
                segments.append((" ", None))
        self.para(prefix, _glue(segments), display_width(prefix))


def _glue(segments):
    """Keep a marker on the same line as the text it opens or closes."""
    out = []
    for text, style in segments:
        if out and text in ("-]", "+}"):
            out[-1] = (out[-1][0] + text, style)
        elif out and out[-1][0] in ("[-", "{+"):
            out[-1] = (out[-1][0] + text, style)
        else:
            out.append((text, style))
    return out


def to_text(d: Diff, *, width: int = 80, color: bool = False) -> str:
    out = _Text(width, color)
    if d.same:
        reformatted = [f for f in d.files if f.status == "reformatted"]
        note = f" (layout or comments changed in {len(reformatted)} file{'s' if len(reformatted) != 1 else ''})" if reformatted else ""
        return NO_CHANGE[0].upper() + NO_CHANGE[1:] + note + ".\n"
    for f in d.files:
        if not f.changes and f.old is not None and f.new is not None:
            continue
        paths, who = headline(f, d.labels)
        status = {"added": " (new file)", "removed": " (deleted)"}.get(f.status, "")
        out.header(paths + status, f"({who})" if who else "")
        for key, group in _groups(f.changes):
            _text_group(out, key, group, f.new)
        out.lines.append("")
    if d.positions:
        out.para("", [("Positions, as compare reads them", "head")])
        for p in d.positions:
            out.para("  ", [(f"{p['label']} on {p['issue']}: ", None), (stance_words(p["old"]), "del"), (" → ", None), (stance_words(p["new"]), "add")], 4)
        out.lines.append("")
    out.para("", [(summary_line(d), None)])
    return "\n".join(out.lines) + "\n"


def _node_head(c: dict) -> list[tuple[str, str | None]]:
    return [(f"{c['kind']} {c['node']} ", "head"), (f'"{_one_line(c["text"])}"', None)]


def _node_body(out: _Text, c: dict, style: str) -> None:
    for name in ("en", "at", "quote", "source", "note"):
        if c.get(name) is not None:
            out.para("      ", [(f'{name} "{_one_line(c[name])}"', None)], 8)
    if c.get("tags"):
        out.para("      ", [(" ".join("#" + t for t in c["tags"]), None)], 8)


def _excerpt(text: str, room: int) -> str:
    """`"text"` cut with … to `room` display columns."""
    return f'"{clip(_one_line(text), room - 2)}"'


def _text_group(out: _Text, key: str, group: list[dict], new=None) -> None:
    first = group[0]["change"]
    if key == "\0fm":
        out.lines.append("  front matter")
        for c in group:
            if c["old"] is None:
                out.para("    + ", [(f"{c['key']}: {_value(c['new'])}", "add")], 8, "add")
            elif c["new"] is None:
                out.para("    - ", [(f"{c['key']}: {_value(c['old'])}", "del")], 8, "del")
            else:
                out.text_change(out.paint("    ~ ", "mod") + f"{visible(str(c['key']))}: ", c, 6)
        return
    if key == "\0issues":
        for c in group:
            if c["change"] == "issue_added":
                out.para("  + ", [(f"issue {c['issue']} ", "head"), (f'"{_one_line(c["text"])}"', "add")], 6, "add")
                if c.get("en"):
                    out.para("      ", [(f'en "{_one_line(c["en"])}"', None)], 8)
            elif c["change"] == "issue_removed":
                out.para("  - ", [(f"issue {c['issue']} ", "head"), (f'"{_one_line(c["text"])}"', "del")], 6, "del")
            else:
                if c is group[0] or group[group.index(c) - 1].get("issue") != c["issue"] or group[group.index(c) - 1]["change"] != "issue_changed":
                    out.para("  ~ ", [(f"issue {c['issue']}", "head")], 6, "mod")
                if c["attribute"] == "tags":
                    out.para("      tags: ", [(_value(c["old"]), "del"), (" → ", None), (_value(c["new"]), "add")], 8)
                else:
                    out.text_change(f"      {c['attribute']}: ", c, 6)
        return
    if first in ("node_added", "node_removed"):
        sign, style = ("+", "add") if first == "node_added" else ("-", "del")
        out.para(f"  {sign} ", _node_head(group[0]), 6, style)
        _node_body(out, group[0], style)
        rest = group[1:]
        for c in rest:
            if c["change"].startswith("relation_"):
                out.para("      ", [(_relation(c), None)], 8)
            elif c["change"].startswith("stance_"):
                s = c["new"] if first == "node_added" else c["old"]
                out.para("      ", [(f"stance {c['issue']} {stance_words(s)}", None)], 8)
        return
    node = new.by_id.get(key) if new is not None else None
    head = [(f"{node.kind} {key}" if node else key, "head")]
    if node is not None and not any(c["change"] == "text_changed" for c in group):
        room = out.width - 4 - display_width(head[0][0]) - 3
        head.append((" " + _excerpt(node.text, room), None))
    out.para("  ~ ", head, 6, "mod")
    for c in group:
        kind = c["change"]
        if kind == "node_renamed":
            out.para("      ", [(f"renamed from {c['old_id']}", None)], 8)
        elif kind == "node_moved":
            where = f"now after {c['after']}" if c["after"] else "now first"
            out.para("      ", [(f"moved: {where}", None)], 8)
        elif kind == "kind_changed":
            out.para("      ", [("kind: ", None), (c["old"], "del"), (" → ", None), (c["new"], "add")], 8)
        elif kind == "text_changed":
            out.text_change("      text: ", c, 6)
            en_changed = any(o["change"] == "attribute_changed" and o["attribute"] == "en" for o in group)
            if c.get("en") and not en_changed:
                out.para("      gloss: ", [(_one_line(c["en"]), "dim")], 13)
        elif kind == "attribute_changed":
            if c["old"] is None:
                out.para("      + ", [(f'{c["attribute"]} "{_one_line(c["new"])}"', "add")], 8, "add")
            elif c["new"] is None:
                out.para("      - ", [(f'{c["attribute"]} "{_one_line(c["old"])}"', "del")], 8, "del")
            elif c["attribute"] == "at":
                out.para("      at: ", [(_value(c["old"]), "del"), (" → ", None), (_value(c["new"]), "add")], 8)
            else:
                out.text_change(f"      {c['attribute']}: ", c, 6)
        elif kind == "tags_changed":
            segs = [("tags: ", None)] + [(f"+#{t} ", "add") for t in c["added"]] + [(f"-#{t} ", "del") for t in c["removed"]]
            out.para("      ", segs, 8)
        elif kind == "relation_added":
            out.para("      + ", [(_relation(c), "add")], 8, "add")
        elif kind == "relation_removed":
            out.para("      - ", [(_relation(c), "del")], 8, "del")
        elif kind == "stance_added":
            out.para("      + ", [(f"stance {c['issue']} {stance_words(c['new'])}", "add")], 8, "add")
        elif kind == "stance_removed":
            out.para("      - ", [(f"stance {c['issue']} {stance_words(c['old'])}", "del")], 8, "del")
        elif kind == "stance_changed":
            out.para("      ", [(f"stance {c['issue']}: ", None), (stance_words(c["old"]), "del"), (" → ", None), (stance_words(c["new"]), "add")], 8)


# ---- Markdown ------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def _md(text) -> str:
    """Map text inside Markdown: one line, no raw HTML, no accidental markup,
    escape sequences and bidi controls as symbols (argmap.visible)."""
    import html

    return _MD_SPECIAL.sub(r"\\\1", html.escape(_one_line(visible(str(text))), quote=False))


def _md_ops(ops) -> str:
    out = []
    for op, text in ops:
        t = (" " if text[:1].isspace() else "") + _md(text) + (" " if text[-1:].isspace() and text.strip() else "") if text.strip() else " "
        out.append(t if op == "=" else (f"<del>{t}</del>" if op == "-" else f"<ins>{t}</ins>"))
    return "".join(out)


def _md_change(c: dict) -> str:
    if c.get("diff") is not None and similarity(c["diff"]) >= 0.4:
        return _md_ops(c["diff"])
    return f"<del>{_md(_value(c['old']))}</del> → <ins>{_md(_value(c['new']))}</ins>"


def to_markdown(d: Diff) -> str:
    lines = ["## Argument diff", ""]
    if d.same:
        return "\n".join(lines + [f"**{NO_CHANGE[0].upper() + NO_CHANGE[1:]}.**", ""])
    lines += [summary_line(d), ""]
    for f in d.files:
        if not f.changes and f.old is not None and f.new is not None:
            continue
        paths, who = headline(f, d.labels)
        status = {"added": " (new file)", "removed": " (deleted)"}.get(f.status, "")
        lines.append(f"### `{visible(paths)}`{status}" + (f" — {_md(who)}" if who else ""))
        lines.append("")
        for key, group in _groups(f.changes):
            lines += _md_group(key, group, f.new)
        lines.append("")
    if d.positions:
        lines += ["### Positions, as compare reads them", "", "| map | issue | before | after |", "|---|---|---|---|"]
        for p in d.positions:
            lines.append(f"| {_md(p['label'])} | `{p['issue']}` | {_md(stance_words(p['old']))} | **{_md(stance_words(p['new']))}** |")
        lines.append("")
    return "\n".join(lines)


def _md_group(key: str, group: list[dict], new=None) -> list[str]:
    first = group[0]["change"]
    out = []
    if key == "\0fm":
        out.append("- **front matter**")
        for c in group:
            out.append(f"  - `{visible(str(c['key']))}`: " + (_md_change(c) if c["old"] is not None and c["new"] is not None else f"{_md(_value(c['old']))} → {_md(_value(c['new']))}"))
        return out
    if key == "\0issues":
        for c in group:
            if c["change"] in ("issue_added", "issue_removed"):
                word = "added" if c["change"] == "issue_added" else "removed"
                gloss = f" (*{_md(c['en'])}*)" if c.get("en") else ""
                out.append(f"- **{word}** issue `{c['issue']}` — {_md(c['text'])}{gloss}")
            else:
                out.append(f"- **changed** issue `{c['issue']}` {c['attribute']}: {_md_change(c)}")
        return out
    if first in ("node_added", "node_removed"):
        c = group[0]
        word = "added" if first == "node_added" else "removed"
        gloss = f" (*{_md(c['en'])}*)" if c.get("en") else ""
        at = f" [{_md(c['at'])}]" if c.get("at") else ""
        out.append(f"- **{word}** {c['kind']} `{c['node']}` — {_md(c['text'])}{gloss}{at}")
        for r in group[1:]:
            if r["change"].startswith("relation_"):
                out.append(f"  - {r['relation']} `{r['target']}`")
            elif r["change"].startswith("stance_"):
                out.append(f"  - stance `{r['issue']}` {_md(stance_words(r['new'] if word == 'added' else r['old']))}")
        return out
    node = new.by_id.get(key) if new is not None else None
    what = f"{node.kind} `{key}`" if node else f"`{key}`"
    text = "" if node is None or any(c["change"] == "text_changed" for c in group) else f" — {_md(node.text)}"
    out.append(f"- **changed** {what}{text}")
    for c in group:
        kind = c["change"]
        if kind == "node_renamed":
            out.append(f"  - renamed from `{c['old_id']}`")
        elif kind == "node_moved":
            out.append(f"  - moved: now after `{c['after']}`" if c["after"] else "  - moved: now first")
        elif kind == "kind_changed":
            out.append(f"  - kind: {c['old']} → **{c['new']}**")
        elif kind == "text_changed":
            gloss = f" (*{_md(c['en'])}*)" if c.get("en") else ""
            out.append(f"  - text: {_md_change(c)}{gloss}")
        elif kind == "attribute_changed" and c["attribute"] == "at":
            out.append(f"  - `at`: {_md(_value(c['old']))} → **{_md(_value(c['new']))}**")
        elif kind == "attribute_changed":
            out.append(f"  - `{c['attribute']}`: {_md_change(c)}")
        elif kind == "tags_changed":
            out.append("  - tags: " + " ".join([f"<ins>#{_md(t)}</ins>" for t in c["added"]] + [f"<del>#{_md(t)}</del>" for t in c["removed"]]))
        elif kind in ("relation_added", "relation_removed"):
            word = "added" if kind == "relation_added" else "removed"
            out.append(f"  - relation {word}: `{_relation(c)}`")
        elif kind.startswith("stance_"):
            out.append(f"  - stance `{c['issue']}`: {_md(stance_words(c['old']))} → **{_md(stance_words(c['new']))}**")
    return out


# ---- JSON -----------------------------------------------------------------------


def as_dict(d: Diff) -> dict:
    return {
        "version": VERSION,
        "old": d.old_name,
        "new": d.new_name,
        "same": d.same,
        "summary": d.summary(),
        "files": [
            {
                "old_path": f.old_path,
                "new_path": f.new_path,
                "map": f.map_id,
                "label": d.labels.get(f.map_id) if f.map_id else None,
                "status": f.status,
                "changes": f.changes,
            }
            for f in d.files
        ],
        "positions": d.positions,
    }


def to_json(d: Diff) -> str:
    return json_text(jsonout.dumps(as_dict(d))) + "\n"


def render(d: Diff, fmt: str, *, width: int = 80, color: bool = False) -> str:
    if fmt == "json":
        return to_json(d)
    if fmt == "markdown":
        return to_markdown(d)
    return to_text(d, width=width, color=color)
