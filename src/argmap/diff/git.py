"""argmap as git's diff and merge driver for *.map files (docs/git.md).

`argmap git install` writes, in the current repository only:

- `*.map diff=argmap merge=argmap` to `$GIT_DIR/info/attributes` (or `.gitattributes`
  with `--attributes gitattributes`, to share it with the team);
- `diff.argmap.command`: the external diff driver, so `git diff` (and
  `git log -p --ext-diff`) shows the semantic diff;
- `diff.argmap.textconv`: a canonical listing of the model, one line per
  fact, so that `git log -p`, `git show` and blame-like tools that use
  textconv show a line diff of the argument rather than of the layout;
- `merge.argmap.driver`: the merge driver (argmap.diff.merge), so that
  `git merge` merges maps statement by statement.

Running it again changes nothing. The driver never fails a `git diff`: a
version that does not parse falls back to a plain unified diff with a note.
"""

from __future__ import annotations

import difflib
import os
import shlex
import subprocess
import sys
from pathlib import Path

from argmap.diff.inputs import File, InputError, Side

DRIVER = "argmap"
ATTRIBUTE_LINE = f"*.map diff={DRIVER} merge={DRIVER}"
OLD_ATTRIBUTE_LINES = (f"*.map diff={DRIVER}",)  # written by earlier versions: upgraded in place


def _git(*args: str, cwd: str | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=cwd, check=False)
    except FileNotFoundError:
        raise InputError("git is not installed") from None


def argmap_command() -> str:
    """How git should call argmap: this Python, so the driver works from any
    shell whether or not the venv is active."""
    return f"{shlex.quote(sys.executable)} -m argmap"


def install(*, attributes: str = "info", cwd: str | None = None) -> list[str]:
    """Set up the driver in the repository at cwd; returns what changed, one
    line each (empty when everything was already in place)."""
    top = _git("rev-parse", "--show-toplevel", cwd=cwd)
    if top.returncode != 0:
        raise InputError("not inside a git repository", "run `argmap git install` inside the repository")
    root = Path(top.stdout.strip())
    done = []
    base = argmap_command()
    wanted = {
        f"diff.{DRIVER}.command": f"{base} git diff-driver",
        f"diff.{DRIVER}.textconv": f"{base} git textconv",
        f"diff.{DRIVER}.cachetextconv": "false",
        f"merge.{DRIVER}.name": "argmap: merge maps statement by statement",
        f"merge.{DRIVER}.driver": f"{base} git merge-driver --marker-size %L %O %A %B %P",
    }
    for key, value in wanted.items():
        now = _git("config", "--local", "--get", key, cwd=str(root))
        if now.returncode == 0 and now.stdout.rstrip("\n") == value:
            continue
        proc = _git("config", "--local", key, value, cwd=str(root))
        if proc.returncode != 0:
            raise InputError(f"git config {key} failed: {proc.stderr.strip()}")
        done.append(f"set {key} = {value}")
    if attributes == "gitattributes":
        path = root / ".gitattributes"
    else:
        proc = _git("rev-parse", "--git-path", "info/attributes", cwd=str(root))
        path = Path(proc.stdout.strip())
        if not path.is_absolute():
            path = root / path
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = text.splitlines()
    if ATTRIBUTE_LINE not in (line.strip() for line in lines):
        where = os.path.relpath(path, Path.cwd()) if cwd is None else path
        old = [i for i, line in enumerate(lines) if line.strip() in OLD_ATTRIBUTE_LINES]
        path.parent.mkdir(parents=True, exist_ok=True)
        if old:
            lines[old[0]] = ATTRIBUTE_LINE
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            done.append(f"replaced `{OLD_ATTRIBUTE_LINES[0]}` with `{ATTRIBUTE_LINE}` in {where}")
        else:
            if text and not text.endswith("\n"):
                text += "\n"
            path.write_text(text + ATTRIBUTE_LINE + "\n", encoding="utf-8")
            done.append(f"added `{ATTRIBUTE_LINE}` to {where}")
    return done


def _read(path: str) -> bytes | None:
    if path == "/dev/null":
        return None
    return Path(path).read_bytes()


def diff_driver(args: list[str], *, width: int = 80, color: bool = False) -> str:
    """git's external diff protocol: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE
    NEW-HEX NEW-MODE (and, for a rename, NEW-PATH and a similarity line)."""
    from argmap.diff import diff_sides
    from argmap.diff.render import render

    if len(args) < 7:
        raise InputError(f"git diff-driver expects 7 arguments from git, got {len(args)}", "set it up with `argmap git install`; git calls it")
    path, old_file, _, _, new_file = args[:5]
    new_path = args[7] if len(args) >= 9 else path
    old_data, new_data = _read(old_file), _read(new_file)
    old = Side(f"a/{path}", [File("", f"a/{path}", old_data)] if old_data is not None else [])
    new = Side(f"b/{new_path}", [File("", f"b/{new_path}", new_data)] if new_data is not None else [])
    head = f"argmap diff a/{path} b/{new_path}\n"
    result = diff_sides(old, new)
    if result.diff is None:
        from argmap.report import render as report

        lines = difflib.unified_diff(
            (old_data or b"").decode("utf-8", "replace").splitlines(keepends=True),
            (new_data or b"").decode("utf-8", "replace").splitlines(keepends=True),
            f"a/{path}",
            f"b/{new_path}",
        )
        problems = report("text", result.diagnostics, files=result.files, color=False, columns=width)
        from argmap.visible import visible

        return head + "argmap: a version does not parse, so this is a line diff:\n" + problems + visible("".join(lines))
    return head + render(result.diff, "text", width=width, color=color)


def textconv(path: str) -> str:
    """The map as a canonical listing: one line per fact, in file order."""
    from argmap.corpus import parse_bytes

    data = Path(path).read_bytes()
    argmap, _ = parse_bytes(path, data)
    if argmap is None:  # show the file as it is: better than nothing
        return data.decode("utf-8", "replace")
    from argmap.diff.render import stance_words

    out = []
    for key, value in argmap.meta.items():
        out.append(f"{key}: {' '.join(str(value).split())}")
    by_source: dict[str, list[str]] = {}
    for rel in argmap.relations:
        from argmap.diff.core import relation_target

        by_source.setdefault(rel.source, []).append(f"{rel.kind} {relation_target(rel)}")
    stances: dict[str, list[str]] = {}
    for s in argmap.stances:
        stances.setdefault(s.node, []).append(f"stance {s.issue} {stance_words({'stance': s.stance, 'scope': s.scope, 'condition': s.condition})}")
    for node in argmap.nodes:
        out.append(f"{node.kind} {node.id} \"{' '.join(node.text.split())}\"")
        for name, attr in (("en", "en"), ("at", "locator"), ("quote", "quote"), ("source", "source"), ("note", "note")):
            value = getattr(node, attr)
            if value is not None:
                out.append(f"  {node.id} {name} \"{' '.join(value.split())}\"")
        if node.tags:
            out.append(f"  {node.id} " + " ".join("#" + t for t in node.tags))
        out += [f"  {node.id} {line}" for line in sorted(by_source.get(node.id, []))]
        out += [f"  {node.id} {line}" for line in stances.get(node.id, [])]
    for issue in argmap.issues:
        out.append(f"issue {issue.id} \"{' '.join(issue.text.split())}\"")
        for name in ("en", "note"):
            value = getattr(issue, name)
            if value is not None:
                out.append(f"  {issue.id} {name} \"{' '.join(value.split())}\"")
    return "\n".join(out) + "\n"
