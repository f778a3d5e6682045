"""Semantic diff of maps (docs/diff.md): what changed in argument terms.

    from argmap.diff import diff_paths
    result = diff_paths(["HEAD~1", "maps/tang2025.map"])
    if result.diagnostics: ...           # files that do not parse
    print(render(result.diff, "text"))

`core` computes the diff from the model, `inputs` reads the two sides (files,
folders, standard input, git revisions), `render` prints it, and `git`
installs the git diff driver.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.diff.core import Diff, diff, diff_maps, invert  # noqa: F401
from argmap.diff.inputs import File, InputError, Side, resolve  # noqa: F401


@dataclass
class Result:
    diff: Diff | None
    diagnostics: list = field(default_factory=list)  # syntax errors of changed files that do not parse
    files: int = 0
    skipped: list = field(default_factory=list)  # names of files that do not parse but are the same in both versions


def diff_sides(old: Side, new: Side, lang: str = "orig") -> Result:
    """Parse both sides and diff them. A changed file that does not parse
    stops the diff (there is no model to compare) and its errors come back
    as diagnostics; one that does not parse but is the same in both versions
    did not change, and is left out (its name is in `skipped`)."""
    import dataclasses

    from argmap.corpus import parse_many

    files = old.files + new.files
    # A file unchanged between the sides is parsed once (most of a corpus,
    # most of the time): the model of the same bytes is the same.
    first: dict[bytes, int] = {}
    jobs = []
    for f in files:
        if f.data not in first:
            first[f.data] = len(jobs)
            jobs.append((f.name, f.data))
    parsed = parse_many(jobs)
    on_both = {f.data for f in old.files} & {f.data for f in new.files}
    problems, skipped = [], []
    kept: tuple[list, list] = ([], [])
    for side, out in ((old, kept[0]), (new, kept[1])):
        for f in side.files:
            argmap, diags = parsed[first[f.data]]
            if argmap is None:
                if f.data in on_both:
                    if side is old:
                        skipped.append(f.name)
                elif jobs[first[f.data]][0] == f.name:
                    problems += [d for d in diags if str(d.severity) == "error"] or diags
                continue
            if argmap.path != f.name:
                argmap = dataclasses.replace(argmap, path=f.name)
            out.append((f.key, argmap, f.data))
    if problems:
        return Result(None, problems, len(files), skipped)
    return Result(diff(kept[0], kept[1], old.name, new.name, lang), [], len(files), skipped)


def diff_paths(args: list[str], stdin=None, lang: str = "orig") -> Result:
    """`argmap diff ARGS…` as a call; raises InputError for bad arguments."""
    old, new = resolve(list(args), stdin=stdin)
    return diff_sides(old, new, lang)
