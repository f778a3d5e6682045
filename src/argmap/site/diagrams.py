"""The drawings of a report: each map's diagram and the stance matrix, made
by the renderer `argmap render` uses (DOT by render.dot and render.matrix,
SVG by the backend: the `dot` executable or the library bundled with
pygraphviz), then cleaned for the page (site/svg.py).

Layout is most of a report's build time, so drawings are cached by their
DOT source: `--serve` lays out again only the maps that changed. A large
corpus is drawn on every core.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from argmap.model import ArgMap

# Past this many maps the stance matrix figure is left out: a figure of
# hundreds of columns says less than the interactive table beside it.
FIGURE_MAPS = 40
# From this many drawings on, a process pool is faster than one process.
PARALLEL_FROM = 8


@dataclass(frozen=True)
class Drawing:
    svg: str | None  # cleaned SVG text, or None when it could not be drawn
    note: str | None = None  # why not, or what was left out


class Cache:
    """Cleaned drawings by the hash of what made them (DOT and the cleaning's
    inputs). Bounded: a long `--serve` session keeps the latest."""

    def __init__(self, limit: int = 2000):
        self._items: dict[str, Drawing] = {}
        self._limit = limit

    def get(self, key: str) -> Drawing | None:
        return self._items.get(key)

    def put(self, key: str, drawing: Drawing) -> None:
        self._items.pop(key, None)
        self._items[key] = drawing
        while len(self._items) > self._limit:
            self._items.pop(next(iter(self._items)))


@dataclass(frozen=True)
class _Job:
    key: str
    dot: str
    nodes: dict[str, str]
    titles: dict[str, str]
    edges: dict[str, str]
    label: str
    backend: str


def _key(dot: str, nodes: dict, titles: dict, edges: dict, label: str) -> str:
    digest = hashlib.sha256()
    for part in (dot, repr(sorted(nodes.items())), repr(sorted(titles.items())), repr(sorted(edges.items())), label):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def hover(node, lang: str) -> str:
    """What hovering a node says: the other language, the locator, the quote."""
    bits = [node.text if lang == "en" else (node.en or "")]
    if node.locator:
        bits.append(f"at {node.locator}")
    if node.quote:
        bits.append(f"“{node.quote}”")
    head = f"{node.kind} {node.id}"
    return " — ".join([head] + [b for b in bits if b])


def map_job(argmap: ArgMap, corpus, lang: str, backend: str) -> _Job:
    from argmap.model import key_nodes
    from argmap.render.dot import Options, map_graph, node_name

    dot = map_graph(argmap, Options(lang=lang), corpus)
    nodes = {node_name(n.id): n.id for n in argmap.nodes}
    titles = {n.id: hover(n, lang) for n in argmap.nodes}
    edges: dict[str, str] = {}
    for rel in argmap.relations:
        if rel.target_map is not None:
            # Drawn from the other map's node to this one.
            edges.setdefault(f"{node_name('ext', rel.target_map, rel.target_node)}->{node_name(rel.source)}",
                             f"{rel.source} {rel.kind.replace('_', ' ')} {rel.target_map}:{rel.target_node}")
            continue
        words = f"{' + '.join(rel.sources)} {rel.kind.replace('_', ' ')} {rel.target}"
        # Through a point where joint sources meet or an undercut lands.
        point = node_name("u", *key_nodes(rel.edge if rel.kind == "undercuts" and rel.edge else rel.key))
        for source in rel.sources:
            edges.setdefault(f"{node_name(source)}->{point}", words)
            if rel.kind != "undercuts":
                edges.setdefault(f"{node_name(source)}->{node_name(rel.target_node)}", words)
        if rel.kind != "undercuts":
            edges.setdefault(f"{point}->{node_name(rel.target_node)}", words)
    label = f"Diagram of the map {argmap.id or argmap.path}: {len(argmap.nodes)} nodes, {len(argmap.relations)} relations"
    return _Job("", dot, nodes, titles, edges, label, backend)


def figure_job(corpus, lang: str, backend: str) -> _Job | None:
    from argmap.render import figures
    from argmap.render.dot import Options

    options = Options(lang=lang)
    try:
        dot = figures.candidates(corpus, options, "matrix")[0]
    except Exception:  # noqa: BLE001 - a figure is a bonus; the table beside it says the same
        return None
    label = "The stance matrix: one row per issue, one column per text, each stance by shape (▲ pro, ▼ con, ◆ mixed)"
    return _Job("", dot, {}, {}, {}, label, backend)


def _draw(job: _Job) -> Drawing:
    from argmap.render import draw
    from argmap.render.backend import BackendError
    from argmap.site.svg import DiagramError, clean

    try:
        rendered = draw(job.dot, "svg", backend=job.backend)
        return Drawing(clean(rendered.data, nodes=job.nodes, titles=job.titles, edges=job.edges, label=job.label,
                             ids=f"g{job.key[:10]}_"))
    except (BackendError, DiagramError) as exc:
        return Drawing(None, f"not drawn: {exc}")


def draw_all(jobs: list[_Job | None], cache: Cache | None = None, *, workers: int | None = None) -> list[Drawing | None]:
    """Each job's drawing, in order (None for None), from the cache where it can."""
    import os

    keyed: list[_Job | None] = []
    for job in jobs:
        if job is None:
            keyed.append(None)
            continue
        keyed.append(_Job(_key(job.dot, job.nodes, job.titles, job.edges, job.label), job.dot, job.nodes, job.titles,
                          job.edges, job.label, job.backend))
    out: dict[str, Drawing] = {}
    todo: dict[str, _Job] = {}
    for job in keyed:
        if job is None:
            continue
        hit = cache.get(job.key) if cache is not None else None
        if hit is not None:
            out[job.key] = hit
        else:
            todo.setdefault(job.key, job)
    workers = workers or min(os.cpu_count() or 1, 8)
    pending = list(todo.values())
    if len(pending) >= PARALLEL_FROM and workers > 1 and _fork_ok():
        out.update(_in_pool(pending, workers))
    else:
        for job in pending:
            out[job.key] = _draw(job)
    if cache is not None:
        for key in todo:
            cache.put(key, out[key])
    return [None if job is None else out[job.key] for job in keyed]


# The maps a pool of forked workers draws: set before the fork, read in the
# workers, so that no map is pickled.
_MAPS: list = []


def _draw_map(index: int) -> Drawing:
    from argmap.render.dot import RenderError

    argmap, corpus, lang, backend = _MAPS[index]
    try:
        job = map_job(argmap, corpus, lang, backend)
    except RenderError as exc:
        return Drawing(None, f"not drawn: {exc}")
    return _draw(_Job(_key(job.dot, job.nodes, job.titles, job.edges, job.label), job.dot, job.nodes, job.titles,
                      job.edges, job.label, job.backend))


def draw_maps(maps: list, corpus, lang: str, backend: str, cache: Cache | None = None) -> list[Drawing] | None:
    """Every map's drawing, DOT and layout both on every core, when there is
    no cache to consult first (one build, many maps); None when it would not
    pay, and the caller goes map by map (draw_all)."""
    import os

    workers = min(os.cpu_count() or 1, 8)
    if cache is not None or len(maps) < PARALLEL_FROM or workers < 2 or not _fork_ok():
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from argmap.corpus import _quiet_worker, _stop_workers

    _MAPS[:] = [(m, corpus, lang, backend) for m in maps]
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_quiet_worker)
    try:
        # Largest first: the pool finishes together rather than on one long map.
        order = sorted(range(len(maps)), key=lambda i: -len(maps[i].nodes))
        done = dict(zip(order, pool.map(_draw_map, order, chunksize=1)))
    except BaseException:
        _stop_workers(pool)
        raise
    finally:
        _MAPS.clear()
    pool.shutdown()
    return [done[i] for i in range(len(maps))]


def _fork_ok() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _in_pool(jobs: list[_Job], workers: int) -> dict[str, Drawing]:
    """Lay out on every core. The workers leave Ctrl-C to this process,
    which ends them (as parsing does: corpus.parse_many)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from argmap.corpus import _quiet_worker, _stop_workers

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_quiet_worker)
    try:
        # Largest first: the pool finishes together rather than on one long map.
        ordered = sorted(jobs, key=lambda j: -len(j.dot))
        drawings = list(pool.map(_draw, ordered, chunksize=1))
    except BaseException:
        _stop_workers(pool)
        raise
    pool.shutdown()
    return {job.key: drawing for job, drawing in zip(ordered, drawings)}
