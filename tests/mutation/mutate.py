"""A small AST mutation tester for argmap (tests/README.md, "Mutation testing").

Why our own and not mutmut: the whole suite takes minutes, so each mutant
must run only a chosen fast subset of tests; and other people run the suite
in the same checkout at the same time, so a mutant must never be written
into src/. This script copies the repository (without .git, the venv and
caches) to a scratch folder, writes one mutant at a time into the copy, and
runs pytest there with PYTHONPATH pointing at the copy's src/ (the editable
install is a plain .pth path, which PYTHONPATH precedes). The tests run are
the copy's too: an edit made in the checkout during a long run neither
kills nor saves a mutant.

Operators, one per mutant: comparison flips (== !=, < <=, > >=, in / not in,
is / is not), and <-> or, removing `not`, True <-> False, integer n -> n+1,
non-empty string -> "" (docstrings and f-string parts left alone),
+ <-> -, `return X` -> `return None`, and deleting a statement (replaced
by `pass`). The mutated module is regenerated with ast.unparse, so a
mutant differs from the original only in the one node.

Usage (from the repository root):

    .venv/bin/python tests/mutation/mutate.py src/argmap/config.py \\
        --tests "tests/test_cli.py -k 'config or pyproject'" [--timeout 60] [--jobs 2] \\
        [--only 12,40] [--json out.json]

Prints each survivor as `#index line: description`, then the score.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CMP_SWAP = {
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE, ast.LtE: ast.Lt,
    ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
BIN_SWAP = {ast.Add: ast.Sub, ast.Sub: ast.Add}


def _docstring_ids(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                ids.add(id(body[0]))
                ids.add(id(body[0].value))
    return ids


def _skip_ids(tree: ast.AST) -> set[int]:
    """Nodes never mutated: docstrings, f-string pieces, `from __future__`,
    type annotations, and `if TYPE_CHECKING:` blocks."""
    skip = _docstring_ids(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for v in node.values:
                skip.add(id(v))
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            skip.add(id(node))
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            skip.add(id(node))
        ann = getattr(node, "annotation", None) or getattr(node, "returns", None)
        if ann is not None:
            for sub in ast.walk(ann):
                skip.add(id(sub))
        if isinstance(node, ast.AnnAssign):
            for sub in ast.walk(node.annotation):
                skip.add(id(sub))
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for sub in ast.walk(node):
                skip.add(id(sub))
        if isinstance(node, ast.FunctionDef):
            for arg in node.args.args + node.args.kwonlyargs + node.args.posonlyargs:
                if arg.annotation is not None:
                    for sub in ast.walk(arg.annotation):
                        skip.add(id(sub))
    return skip


def mutation_points(tree: ast.AST):
    """Yield (node, kind, description) for every mutation the operators allow,
    in a stable order (ast.walk order)."""
    skip = _skip_ids(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in CMP_SWAP:
                    yield node, ("cmp", i), f"{type(op).__name__} -> {CMP_SWAP[type(op)].__name__}", line
        elif isinstance(node, ast.BoolOp):
            yield node, ("bool",), f"{type(node.op).__name__} -> {'Or' if isinstance(node.op, ast.And) else 'And'}", line
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, ("not",), "drop `not`", line
        elif isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool):
                yield node, ("const",), f"{v} -> {not v}", line
            elif isinstance(v, int):
                yield node, ("const",), f"{v} -> {v + 1}", line
            elif isinstance(v, str) and v:
                yield node, ("const",), f"{v[:30]!r} -> ''", line
        elif isinstance(node, ast.BinOp) and type(node.op) in BIN_SWAP:
            yield node, ("bin",), f"{type(node.op).__name__} -> {BIN_SWAP[type(node.op)].__name__}", line
        if isinstance(node, ast.Return) and node.value is not None and not (isinstance(node.value, ast.Constant) and node.value.value is None):
            yield node, ("return",), "return None", line
        if isinstance(node, (ast.Expr, ast.Assign, ast.AugAssign, ast.If, ast.For, ast.Raise, ast.Return, ast.With, ast.Try, ast.Continue, ast.Break)) and not isinstance(node, ast.FunctionDef):
            yield node, ("delete",), f"delete {type(node).__name__}", line


def apply(tree: ast.AST, index: int) -> tuple[str, str, int]:
    """Source of the tree with mutation number `index` applied."""
    tree = copy.deepcopy(tree)
    points = list(mutation_points(tree))
    node, kind, desc, line = points[index]
    if kind[0] == "cmp":
        node.ops[kind[1]] = CMP_SWAP[type(node.ops[kind[1]])]()
    elif kind[0] == "bool":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif kind[0] == "not":
        _replace(tree, node, node.operand)
    elif kind[0] == "const":
        v = node.value
        node.value = (not v) if isinstance(v, bool) else (v + 1 if isinstance(v, int) else "")
    elif kind[0] == "bin":
        node.op = BIN_SWAP[type(node.op)]()
    elif kind[0] == "return":
        node.value = ast.Constant(value=None)
    elif kind[0] == "delete":
        _replace(tree, node, ast.Pass())
    ast.fix_missing_locations(tree)
    return ast.unparse(tree), desc, line


def _replace(tree, old, new):
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new
                        return
            elif value is old:
                setattr(parent, field, new)
                return
    raise AssertionError("node not found")


SKIP = shutil.ignore_patterns(".git", ".venv", ".hypothesis", ".pytest_cache", "__pycache__", "*.egg-info", "build", "dist")


def snapshot() -> Path:
    """A scratch copy of the repository, laid out as the checkout is: the
    tests find the seeds in ../shared beside the repository."""
    top = Path(tempfile.mkdtemp(prefix="argmap-mut-"))
    shutil.copytree(ROOT, top / ROOT.name, ignore=SKIP, symlinks=True)
    if (ROOT.parent / "shared").exists():
        (top / "shared").symlink_to(ROOT.parent / "shared")
    return top


def run_one(workdir: Path, rel: Path, source: str, tests: list[str], timeout: float) -> str:
    repo = workdir / ROOT.name
    target = repo / rel
    target.write_text(source, encoding="utf-8")
    for cache in target.parent.glob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(repo / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *tests],
            cwd=repo, env=env, capture_output=True, timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return "timeout"  # counts as killed: the mutant hangs
    if proc.returncode == 0:
        return "survived"
    if proc.returncode in (1, 2, 3):
        return "killed"
    return f"error {proc.returncode}"  # e.g. 4: the tests could not be collected; counts as killed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("module", help="path of the module, e.g. src/argmap/config.py")
    ap.add_argument("--tests", required=True, help="pytest arguments (one string) run against each mutant")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", help="comma-separated mutant indices to run")
    ap.add_argument("--json", help="write every result to this file")
    ap.add_argument("--verbose", action="store_true", help="print killed mutants too (a partial run can then be counted)")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = ap.parse_args(argv)

    module = Path(args.module)
    rel = module.resolve().relative_to(ROOT)
    tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
    points = list(mutation_points(tree))
    indices = [int(i) for i in args.only.split(",")] if args.only else list(range(len(points)))
    if args.list:
        for i in indices:
            _, _, desc, line = points[i]
            print(f"#{i} {rel}:{line}: {desc}")
        return 0
    tests = shlex.split(args.tests)

    workdirs = [snapshot() for _ in range(args.jobs)]
    # Mutate the module as copied (it may have changed since it was listed).
    original = (workdirs[0] / ROOT.name / rel).read_text(encoding="utf-8")
    tree = ast.parse(original)
    points = list(mutation_points(tree))
    if any(i >= len(points) for i in indices):
        print(f"{rel} changed: it now has {len(points)} mutants", file=sys.stderr)
        for d in workdirs:
            shutil.rmtree(d, ignore_errors=True)
        return 2
    # Sanity: the unmutated (but unparsed) module must pass the chosen tests.
    base = run_one(workdirs[0], rel, ast.unparse(tree), tests, args.timeout)
    if base != "survived":
        print(f"the chosen tests fail on the unmutated module ({base}); fix that first", file=sys.stderr)
        for d in workdirs:
            shutil.rmtree(d, ignore_errors=True)
        return 2
    free = list(workdirs)
    results = {}
    start = time.time()

    def work(i):
        d = free.pop()
        try:
            src, desc, line = apply(tree, i)
            outcome = run_one(d, rel, src, tests, args.timeout)
        finally:
            (d / ROOT.name / rel).write_text(original, encoding="utf-8")
            free.append(d)
        return i, outcome, desc, line

    try:
        with ThreadPoolExecutor(args.jobs) as pool:
            for i, outcome, desc, line in pool.map(work, indices):
                results[i] = {"outcome": outcome, "description": desc, "line": line}
                if outcome == "survived" or args.verbose:
                    print(f"#{i} {rel}:{line}: {desc}: {outcome}", flush=True)
    finally:  # also on Ctrl-C: leave no scratch copies behind
        for d in workdirs:
            shutil.rmtree(d, ignore_errors=True)
    killed = sum(r["outcome"] != "survived" for r in results.values())
    total = len(results)
    print(f"{rel}: {total} mutants, {killed} killed, {total - killed} survived, "
          f"score {100 * killed / max(total, 1):.1f}% ({time.time() - start:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps({"module": str(rel), "tests": args.tests, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
