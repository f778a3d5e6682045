"""A small edit moves only the boxes near it: bench/layout_stability.py's
measure, on fixed edits of two real maps frozen as fixtures (so that the
bound is checked against the same text whatever happens to maps/)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from render_helpers import FIXTURES, ROOT


def _bench():
    spec = importlib.util.spec_from_file_location("layout_stability", ROOT / "bench" / "layout_stability.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
MAPS = sorted((FIXTURES / "stability").glob("*.map"))


@pytest.fixture(scope="module", params=MAPS, ids=[p.stem for p in MAPS])
def shifts(request):
    return {s.edit: s for s in BENCH.measure(request.param)}


def test_every_scripted_edit_applies(shifts):
    assert set(shifts) == set(BENCH.EDITS)
    assert all(s.common > 50 for s in shifts.values())


def test_no_edit_makes_the_layout_jump(shifts):
    # A jump (the direction or the fold flipping, everything re-ranked)
    # moves boxes by 5–35 % of the diagonal; a local change well under 2 %.
    for shift in shifts.values():
        assert shift.share < 0.02, shift


def test_a_second_target_moves_nothing(shifts):
    # Later targets do not place a node (constraint=false): the boxes stay put.
    shift = shifts["add a second target"]
    assert shift.mean < 1.0 and shift.moved == 0.0, shift


def test_the_measure_sees_a_jump():
    """The same drawing with its direction flipped counts as one: the bound
    above can fail."""
    path = MAPS[0]
    text = path.read_text(encoding="utf-8")
    flipped = BENCH.compare("flip", BENCH.draw(text, path.stem, "TB"), BENCH.draw(text, path.stem, "LR"), set())
    assert flipped.share > 0.05 and flipped.moved > 0.5
