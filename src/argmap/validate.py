"""The validate pipeline as a library call: load → lower → checks → config."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from argmap import config as C
from argmap import diagnostics as D
from argmap.corpus import Corpus, load

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass
class Result:
    corpus: Corpus
    diagnostics: list[D.Diagnostic]
    usage_errors: list[D.Diagnostic]
    files: int

    def exit_code(self, strict: bool = False) -> int:
        if self.usage_errors:
            return EXIT_USAGE
        worst = max((d.severity for d in self.diagnostics), default=D.Severity.OFF)
        if worst is D.Severity.ERROR or (strict and worst is D.Severity.WARNING):
            return EXIT_PROBLEMS
        return EXIT_OK

    @property
    def has_errors(self) -> bool:
        return any(d.severity is D.Severity.ERROR for d in self.diagnostics)


def validate(
    paths: list[str], *, config: C.Config | None = None, context: bool = True, stdin=None, sources=()
) -> Result:
    """Check the files at paths; `config` defaults to the nearest pyproject.toml.
    `sources` are folders searched first for the maps' source texts
    (`--sources`; docs/provenance.md).

    Raises config.ConfigError for a broken configuration (a usage error).
    """
    if config is None:
        config = C.load(C.find(Path.cwd()))
    loaded = load(paths, context=context, stdin=stdin)
    from argmap import checks

    raw = loaded.diagnostics + checks.run(loaded.corpus)
    if any("source" in (m.meta or {}) for m in loaded.corpus.maps):
        from argmap.provenance.check import check as provenance

        raw += provenance(loaded.corpus.maps, sources=sources, config=config)
    suppressions = {m.path: m.suppressions for m in loaded.corpus.maps}
    diagnostics = C.apply(raw, config, suppressions)
    return Result(loaded.corpus, diagnostics, loaded.usage_errors, loaded.files)
