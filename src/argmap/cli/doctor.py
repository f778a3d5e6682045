from __future__ import annotations

import json
import platform
import sys

import click


@click.command("doctor")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
def command(fmt):
    """Report what drawing needs: the Graphviz backend and version, and
    whether a font that covers Chinese and Japanese is installed.

    Exit status: 0 when `argmap render` can draw every format legibly, 1 when
    something is missing (the report says what to install).
    """
    from argmap import __version__
    from argmap.render.backend import BackendError, choose, describe, executable
    from argmap.render.fonts import cjk_font, problem

    report: dict = {"argmap": __version__, "python": platform.python_version(), "platform": platform.platform(terse=True)}
    problems = []
    try:
        in_use = describe(choose("auto"))
        report["backend"] = {"name": in_use.name, "graphviz": in_use.version, "where": in_use.where}
    except BackendError as exc:
        report["backend"] = None
        problems.append(str(exc))
    others = {}
    for name in ("executable", "library"):
        if report["backend"] and report["backend"]["name"] == name:
            continue
        try:
            other = describe(name)
        except BackendError as exc:
            others[name] = {"available": False, "why": str(exc)}
        else:
            others[name] = {"available": True, "graphviz": other.version, "where": other.where}
    report["other_backends"] = others
    font = cjk_font()
    report["cjk_font"] = {"found": font.found, "family": font.family, "drawn_with": font.drawn_with, "checked_with": font.how}
    # The very check `render` makes before it writes a PNG or PDF.
    missing = problem("中文", "png", font)
    if missing:
        problems.append(missing.replace("this PNG would", "PNG and PDF would") + "; until then `render` refuses them (exit 2)")
    report["problems"] = problems

    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        sys.exit(1 if problems else 0)

    rows = [("argmap", f"{__version__} (Python {report['python']}, {report['platform']})")]
    backend = report["backend"]
    if backend:
        what = "the `dot` executable" if backend["name"] == "executable" else "the Graphviz library bundled with pygraphviz"
        rows.append(("backend", f"{backend['name']}: {what}, Graphviz {backend['graphviz']}"))
        rows.append(("", backend["where"]))
    else:
        rows.append(("backend", "none"))
    for name, info in others.items():
        if info["available"]:
            rows.append((f"  {name}", f"also available: Graphviz {info['graphviz']} ({info['where']})"))
        elif name == "executable":
            rows.append((f"  {name}", "`dot` is not on PATH (not needed: the bundled library draws in-process)"
                         if backend else "`dot` is not on PATH"))
        else:
            rows.append((f"  {name}", info["why"]))
    if executable() is None and backend is None:
        rows.append(("", "pip install 'pygraphviz>=2.0' bundles Graphviz; or install your system's graphviz package"))
    if font.found:
        rows.append(("CJK font", f"{font.family} (found with {font.how})"))
        if font.drawn_with != font.family:
            rows.append(("", f"labels are set in {font.drawn_with}, the first of the label stack installed here"))
    else:
        rows.append(("CJK font", f"none found (checked with {font.how})"))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        click.echo(f"{key:<{width}}  {value}")
    for problem in problems:
        click.echo(f"problem: {problem}")
    if not problems:
        click.echo("ok: argmap render can draw SVG, PNG and PDF with CJK text.")
    sys.exit(1 if problems else 0)
