"""Grounded semantics, held to an independent implementation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.semantics import IN, OUT, UNDEC, Framework, evaluate, evaluate_corpus, grounded
from tests.conftest import load_text


def _fw(n: int, attacks) -> Framework:
    fw = Framework([f"a{i}" for i in range(n)])
    for s, t in attacks:
        fw.attack(f"a{s}", f"a{t}")
    return fw


def test_chain_and_cycle_by_hand():
    # a0 <- a1 <- a2: a2 unattacked (in), a1 out, a0 back in.
    assert grounded(_fw(3, [(1, 0), (2, 1)])) == {"a0": IN, "a1": OUT, "a2": IN}
    # a mutual attack decides nothing, nor what hangs on it
    assert grounded(_fw(3, [(0, 1), (1, 0), (1, 2)])) == {"a0": UNDEC, "a1": UNDEC, "a2": UNDEC}
    # a self-attacker is undecided, and so is what it attacks
    assert grounded(_fw(2, [(0, 0), (0, 1)])) == {"a0": UNDEC, "a1": UNDEC}
    # an unattacked defender settles a cycle: a2 kills a1, so a0 stands
    assert grounded(_fw(3, [(0, 1), (1, 0), (2, 1)])) == {"a0": IN, "a1": OUT, "a2": IN}


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 9).flatmap(lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=20))))
def test_matches_python_argumentation(case):
    py_arg = pytest.importorskip("py_arg.algorithms.semantics.get_grounded_extension")
    from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import AbstractArgumentationFramework
    from py_arg.abstract_argumentation_classes.argument import Argument
    from py_arg.abstract_argumentation_classes.defeat import Defeat

    n, attacks = case
    args = [Argument(f"a{i}") for i in range(n)]
    defeats = [Defeat(args[s], args[t]) for s, t in set(attacks)]
    oracle = {a.name for a in py_arg.get_grounded_extension(AbstractArgumentationFramework("af", args, defeats))}
    ours = grounded(_fw(n, attacks))
    assert {a for a, label in ours.items() if label == IN} == oracle
    # out is exactly "attacked by something in"
    attacked_by_in = {f"a{t}" for s, t in attacks if f"a{s}" in oracle}
    assert {a for a, label in ours.items() if label == OUT} == attacked_by_in


MAP = """---
id: m
title: t
authors: [A]
year: 2000
---
thesis T "論點" { at "¶1" }
claim c1 "理由" {
  at "¶2"
  supports T
  evidence e1 "證據" { at "¶2" }
  counterpoint k1 "反對一" { at "¶3" }
}
rebuttal r1 "回應" { at "¶4" attacks k1 }
counterpoint k2 "反對二" { at "¶5" attacks T }
counterpoint k3 "削弱" { at "¶6" undercuts e1 -> c1 }
"""


def test_map_statuses_with_an_undercut():
    ev = evaluate(load_text(MAP))
    # k1 is answered by r1 (unattacked): out; k2 stands and so T is out;
    # k3 defeats the inference e1 -> c1 but not e1 or c1 themselves.
    assert {n: ev.of(n) for n in ("T", "c1", "e1", "k1", "r1", "k2", "k3")} == {
        "T": OUT, "c1": IN, "e1": IN, "k1": OUT, "r1": IN, "k2": IN, "k3": IN,
    }
    assert ev.defeaters("k1") == ("r1",)
    assert ev.defeaters("T") == ("k2",)
    assert not ev.inference_holds("e1->c1")
    assert ev.inference_holds("c1->T")
    assert ev.count() == {"in": 5, "out": 2, "undec": 0}


def test_cross_map_contradicts_is_a_mutual_attack():
    a = load_text(MAP)
    b = load_text(MAP.replace("id: m", "id: n").replace('rebuttal r1 "回應" { at "¶4" attacks k1 }', 'rebuttal r1 "回應" { at "¶4" attacks k1 contradicts m:r1 }'))
    both = evaluate_corpus([a, b])
    # r1 in each map attacks the other: neither is decided, so k1 is not
    # defeated any more; alone, each map's k1 was out.
    assert both["m"].of("r1") == UNDEC and both["n"].of("r1") == UNDEC
    assert both["m"].of("k1") == UNDEC
    assert both["m"].attackers["r1"] == ("n:r1",)
    assert evaluate(a).of("k1") == OUT
