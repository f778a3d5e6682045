"""Corpus-wide rules: map and issue ids, cross-map links, stances."""

from __future__ import annotations

from argmap import diagnostics as D
from argmap.corpus import Corpus


def check(corpus: Corpus) -> list[D.Diagnostic]:
    out: list[D.Diagnostic] = []
    out += _duplicate_maps(corpus)
    out += _duplicate_issues(corpus)
    maps = corpus.by_map_id()
    issues = corpus.issues()
    for argmap in corpus.maps:
        # Each guess compares against every candidate: as in lowering, only the
        # first D.MAX_GUESSES unknown names of a file get one, so n misspellings
        # against n ids stay linear.
        budget = [D.MAX_GUESSES]

        def guess_for(name, candidates):
            if budget[0] <= 0:
                return None
            budget[0] -= 1
            return D.did_you_mean(name, candidates() if callable(candidates) else candidates)

        for rel in argmap.relations:
            if rel.target_map is None:
                continue
            other = maps.get(rel.target_map)
            if other is None:
                guess = guess_for(rel.target_map, lambda: [k for k in maps if k != argmap.id])
                hint = None if guess else "give that map's file too, or check the `id` in its front matter"
                if corpus.unparsed:
                    they = "they declare" if len(corpus.unparsed) > 1 else "it declares"
                    hint = f"{', '.join(corpus.unparsed)} did not parse, so the maps {they} are unknown"
                out.append(
                    D.Diagnostic(
                        D.UNKNOWN_MAP,
                        f"unknown map `{rel.target_map}`" + (f" — did you mean `{guess}`?" if guess else ""),
                        rel.span,
                        hint=hint,
                    )
                )
            elif rel.target_node not in other.by_id:
                guess = guess_for(rel.target_node, other.by_id)
                out.append(
                    D.Diagnostic(
                        D.UNKNOWN_REMOTE_NODE,
                        f"map `{rel.target_map}` has no node `{rel.target_node}`"
                        + (f" — did you mean `{rel.target_map}:{guess}`?" if guess else ""),
                        rel.span,
                        hint=f"the nodes of `{rel.target_map}` are defined in {other.path}",
                    )
                )
            elif other is argmap:
                out.append(
                    D.Diagnostic(
                        D.LOCAL_LINK,
                        f"`{rel.kind}` links to this same map",
                        rel.span,
                        hint="same_as and contradicts relate nodes of different maps",
                    )
                )
        seen: dict[tuple[str, str], object] = {}
        for stance in argmap.stances:
            if stance.issue not in issues:
                guess = guess_for(stance.issue, issues)
                out.append(
                    D.Diagnostic(
                        D.UNKNOWN_ISSUE,
                        f"stance on unknown issue `{stance.issue}`" + (f" — did you mean `{guess}`?" if guess else ""),
                        stance.issue_span,
                        hint=None if guess else _declare_hint(stance.issue, issues),
                    )
                )
            key = (stance.node, stance.issue)
            if key in seen and seen[key].stance != stance.stance:
                out.append(
                    D.Diagnostic(
                        D.CONFLICTING_STANCE,
                        f"`{stance.node}` takes both {seen[key].stance} and {stance.stance} on `{stance.issue}`",
                        stance.span,
                        hint="use `mixed` for a position that is partly for and partly against",
                        labels=(D.Label(seen[key].span, "the other stance"),),
                    )
                )
            seen.setdefault(key, stance)
    out += _single_answers(corpus)
    out += _translations(corpus)
    return out


def _translations(corpus: Corpus) -> list[D.Diagnostic]:
    """A translation names its original, and says the same nodes: each of
    its nodes has one of the same id there (or a `same_as` into it)."""
    maps = corpus.by_map_id()
    out = []
    for argmap in corpus.maps:
        original_id = argmap.translation_of
        if original_id is None:
            continue
        original = maps.get(original_id)
        if original is None or original is argmap:
            guess = D.did_you_mean(original_id, [k for k in maps if k != argmap.id]) if original is None else None
            out.append(
                D.Diagnostic(
                    D.UNKNOWN_ORIGINAL,
                    f"`translation_of` names `{original_id}`, "
                    + ("this map itself" if original is argmap else "a map that is not in the corpus")
                    + (f" — did you mean `{guess}`?" if guess else ""),
                    argmap.translation_span,
                    hint="give the original's file too (or its folder); compare then counts the two as one author"
                    if original is None
                    else "name the id of the map this one translates",
                )
            )
            continue
        linked = {r.source for r in argmap.relations if r.kind == "same_as" and r.target_map == original_id}
        for node in argmap.nodes:
            if node.id not in original.by_id and node.id not in linked:
                out.append(
                    D.Diagnostic(
                        D.UNMATCHED_TRANSLATION,
                        f"{node.kind} `{node.id}` has no node `{node.id}` in the original `{original_id}`",
                        node.id_span,
                        hint=f"use the original's id, or say which node it renders: `same_as {original_id}:ID`",
                    )
                )
    return out


def _declare_hint(issue: str, issues: dict) -> str:
    declaration = f'`issue {issue} "…"`'
    if issues:
        return f"declare it in the issues file: {declaration}"
    # No issue is declared anywhere yet: the user may not know what an issues
    # file is, so say how to start one.
    return (
        f"no issue is declared yet: create issues.map beside this map holding {declaration} "
        "(an issues file needs no front matter)"
    )


def _single_answers(corpus: Corpus) -> list[D.Diagnostic]:
    """An issue declared in a checked file that only one map of several
    answers: it compares nothing (docs/coding.md, R18)."""
    answering: dict[str, set[str]] = {}
    speaking = set()
    for argmap in corpus.all_maps:
        for stance in argmap.stances:
            answering.setdefault(stance.issue, set()).add(argmap.id or argmap.path)
            speaking.add(argmap.id or argmap.path)
    if len(speaking) < 2:
        return []
    out = []
    for argmap in corpus.maps:
        for issue in argmap.issues:
            who = answering.get(issue.id, set())
            if len(who) == 1:
                out.append(
                    D.Diagnostic(
                        D.SINGLE_ANSWER_ISSUE,
                        f"issue `{issue.id}` is answered by one map only ({next(iter(who))})",
                        issue.id_span or issue.span,
                        hint="add the stance another text takes, or keep it: a note saying why, and "
                        "// argmap: ignore[AM309] on the line above",
                    )
                )
    return out


def _duplicate_maps(corpus: Corpus) -> list[D.Diagnostic]:
    """A map id used by two files: reported on each file asked about, pointing
    at the other (a neighbour read for context counts too)."""
    users: dict[str, list] = {}
    for argmap in corpus.all_maps:
        if argmap.id is not None:
            users.setdefault(argmap.id, []).append(argmap)
    out = []
    for argmap in corpus.maps:
        others = [m for m in users.get(argmap.id, ()) if m is not argmap] if argmap.id else []
        if others:
            other = others[0]
            out.append(
                D.Diagnostic(
                    D.DUPLICATE_MAP,
                    f"map id `{argmap.id}` is also used by {other.path}",
                    argmap.id_span,
                    hint="each map needs its own id: other maps link to `id:node`",
                    labels=(D.Label(other.id_span, "also used here"),),
                )
            )
    return out


def _duplicate_issues(corpus: Corpus) -> list[D.Diagnostic]:
    """An issue declared twice: reported at each repeat in a file asked about,
    and at the first declaration when every repeat is in a neighbour (whose
    own problems are not shown)."""
    declared: dict[str, list] = {}
    for argmap in corpus.all_maps:
        for issue in argmap.issues:
            declared.setdefault(issue.id, []).append(issue)
    asked_files = {id(m.source) for m in corpus.maps}
    out = []
    for argmap in corpus.maps:
        for issue in argmap.issues:
            first, *repeats = declared[issue.id]
            if issue is not first:
                out.append(_dup_issue(issue, first, "first declared here"))
            elif repeats and all(id(r.span.file) not in asked_files for r in repeats):
                out.append(_dup_issue(issue, repeats[0], "also declared here"))
    return out


def _dup_issue(issue, other, where: str) -> D.Diagnostic:
    return D.Diagnostic(
        D.DUPLICATE_ISSUE,
        f"issue `{issue.id}` is declared twice",
        issue.id_span,
        labels=(D.Label(other.id_span, where),),
        hint="declare each shared question once, in the issues file",
    )
