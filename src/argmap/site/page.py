"""One HTML file: the data document, the drawings, the script and the style.

Map text reaches the page only as data: the JSON document sits in a
`<script type="application/json">`, with `<`, `>`, `&` and the line and
paragraph separators written as \\uXXXX (so no `</script>` or `<!--` in a
map can end or change the element), and the script builds the page with
textContent, never HTML. The drawings are SVG that site/svg.py has cleaned. A
Content-Security-Policy allows only the page's own script (by its hash)
and no network at all (a served page may ask its own server whether to
reload), so even a mistake in escaping could not run or send anything.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
from functools import lru_cache
from pathlib import Path

ASSETS = Path(__file__).parent / "assets"
DATA_ID = "argmap-data"

# Up to this many bytes of SVG the drawings are inline <template>s, which
# any browser reads; past it they are gzipped (a 200-map corpus: 50 MB of
# SVG, 6 MB so) and unpacked when shown, with the browser's
# DecompressionStream.
INLINE_SVG_UP_TO = 3_000_000

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def json_for_script(doc: dict) -> str:
    """The document as JSON that can sit inside a script element."""
    from argmap.visible import json_text

    text = json_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
    return "".join(_JSON_ESCAPES.get(ch, ch) for ch in text) if any(ch in text for ch in _JSON_ESCAPES) else text


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(script: str, *, live: bool) -> str:
    """The Content-Security-Policy: this page's script only, no network
    (a served page may ask its own server whether to reload)."""
    return "; ".join([
        "default-src 'none'",
        f"script-src {_hash(script)}",
        "style-src 'unsafe-inline'",  # Graphviz sets stop colours in style attributes
        "img-src data:",
        "connect-src 'self'" if live else "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def drawings(templates: dict[str, str]) -> str:
    """Each drawing as a <template> (inline) or, past INLINE_SVG_UP_TO, as
    gzipped base64 in a data script the page unpacks when it shows it."""
    total = sum(len(svg) for svg in templates.values())
    parts = []
    for key, svg in templates.items():
        if total <= INLINE_SVG_UP_TO:
            parts.append(f'<template id="{html.escape(key)}">{svg}</template>')
        else:
            packed = base64.b64encode(gzip.compress(svg.encode("utf-8"), compresslevel=6, mtime=0)).decode("ascii")
            parts.append(f'<script type="application/x-argmap-svg" id="{html.escape(key)}">{packed}</script>')
    return "\n".join(parts)


def assemble(doc: dict, templates: dict[str, str], *, live: bool = False) -> str:
    script = asset("report.js")
    style = asset("report.css")
    title = doc.get("title") or default_title(doc)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy(script, live=live))}">',
        f'<meta name="generator" content="{html.escape(doc["generator"])}">',
        f"<title>{html.escape(_visible(title))}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#main">Skip to the content</a>',
        '<header class="top" role="banner">',
        f'<p class="brand"><a href="#/">{html.escape(_visible(title))}</a></p>',
        '<nav aria-label="Report"><ul id="nav"></ul></nav>',
        '<form id="search" role="search" class="search" action="#">',
        '<label for="q">Search</label>',
        '<input id="q" type="search" autocomplete="off" spellcheck="false" placeholder="text or gloss, e.g. 台日">',
        "</form>",
        "</header>",
        '<main id="main" tabindex="-1">',
        '<noscript><p class="banner">This report builds its pages with JavaScript, which is turned off: '
        "turn it on for this file to read it. It needs no network.</p></noscript>",
        "</main>",
        '<footer class="foot"><p id="foot"></p></footer>',
        f'<script type="application/json" id="{DATA_ID}">{json_for_script(doc)}</script>',
        drawings(templates),
        f"<script>{script}</script>",
        "</body>",
        "</html>",
        "",
    ])


def _visible(text: str) -> str:
    from argmap.visible import visible

    return visible(text)


def default_title(doc: dict) -> str:
    maps = doc.get("maps") or []
    if not doc.get("complete"):
        return "Argument maps: errors to fix"
    if len(maps) == 1:
        m = maps[0]
        return f"Argument map: {m.get('label') or m.get('id') or m.get('path')}"
    return f"Argument maps of {len(maps)} texts"
