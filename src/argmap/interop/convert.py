"""`argmap import`: files in other formats → maps written to a folder.

Nothing is written for a file with an error, nor over a map already in the
folder (unless forced), and every map is written atomically.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from argmap import diagnostics as D
from argmap.interop.graph import Issue


@dataclass
class Outcome:
    texts: list[str] = field(default_factory=list)  # the maps, in the order of the files
    written: list[str] = field(default_factory=list)
    diagnostics: list = field(default_factory=list)
    failed: bool = False
    usage: str | None = None  # a problem with the command line (exit 2)


def convert(files: list[str], fmt: str | None, output: str | None, authors: list[str], year: int | None,
            force: bool) -> Outcome:
    from argmap.corpus import decode, read_file
    from argmap.interop.reading import complete_meta, guess_format, read
    from argmap.interop.write import map_text

    out = Outcome()
    formats = {}
    for path in files:
        formats[path] = fmt or guess_format(path)
        if formats[path] is None:
            out.usage = f"cannot tell the format of {path} from its name: pass --from aif, arggraph or argdown"
            return out
    if output is not None:
        if os.path.exists(output) and not os.path.isdir(output):
            out.usage = f"{output} is not a folder: -o names the folder the maps are written into"
            return out
        try:
            os.makedirs(output, exist_ok=True)
        except OSError as exc:
            out.usage = f"cannot create {output}: {exc.strerror}"
            return out
    taken: set[str] = set()
    issues: dict[str, Issue] = {}
    for path in files:
        data, problem = read_file(path)
        if problem is not None:
            if not os.path.lexists(path):
                problem = D.Diagnostic(D.FILE_NOT_FOUND, "no such file", path=path, hint="check the path")
            out.diagnostics.append(problem)
            out.failed = True
            continue
        source, problems = decode(path, data)
        if problems:
            out.diagnostics += problems
            out.failed = True
            continue
        graph = read(formats[path], source)
        if any(d.severity is D.Severity.ERROR for d in graph.diagnostics):
            out.diagnostics += graph.diagnostics  # no map is written: what it would lack does not matter
            out.failed = True
            continue
        complete_meta(graph, path, authors, year, taken)
        out.diagnostics += graph.diagnostics
        for issue in graph.issues:
            issues.setdefault(issue.id, issue)
        text = map_text(graph)
        if output is None:
            out.texts.append(text + (_issues_block(graph.issues) if graph.issues else ""))
            continue
        target = os.path.join(output, graph.meta["id"] + ".map")
        if not _write(target, text, force, out):
            continue
        out.texts.append(text)
    if output is not None and issues:
        _write_issues(os.path.join(output, "issues.map"), list(issues.values()), out)
    return out


def _issues_block(issues) -> str:
    from argmap.interop.write import issues_text

    return "\n" + issues_text(issues)


def _write(target: str, text: str, force: bool, out: Outcome) -> bool:
    from argmap.writefile import write_text

    if os.path.lexists(target) and not force:
        out.diagnostics.append(
            D.Diagnostic(D.UNREADABLE, f"{target} exists: not written over", path=target,
                         hint="pass --force to replace it, or import into another folder")
        )
        out.failed = True
        return False
    problem = write_text(target, text)
    if problem:
        out.diagnostics.append(D.Diagnostic(D.UNREADABLE, problem, path=target))
        out.failed = True
        return False
    out.written.append(target)
    return True


def _write_issues(target: str, issues: list[Issue], out: Outcome) -> None:
    """issues.map gets the issues it does not declare yet, after its own."""
    from argmap.corpus import decode, parse_source, read_file
    from argmap.interop.write import issues_text
    from argmap.writefile import write_text

    before = ""
    if os.path.lexists(target):
        data, problem = read_file(target)
        source, problems = decode(target, data) if data is not None else (None, [problem])
        argmap, more = parse_source(source) if source is not None and not problems else (None, problems)
        if argmap is None:
            out.diagnostics += [d for d in problems + more if d is not None]
            out.diagnostics.append(D.Diagnostic(D.UNREADABLE, f"{target} does not parse: its issues are not added",
                                                 path=target, hint="fix it, then import again"))
            out.failed = True
            return
        declared = {i.id for i in argmap.issues}
        issues = [i for i in issues if i.id not in declared]
        if not issues:
            return
        before = source.text.rstrip("\n") + "\n\n"
    problem = write_text(target, before + issues_text(issues))
    if problem:
        out.diagnostics.append(D.Diagnostic(D.UNREADABLE, problem, path=target))
        out.failed = True
        return
    out.written.append(target)
