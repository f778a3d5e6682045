"""argmap.jsonout writes exactly what json.dumps(indent=2) writes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.jsonout import dumps
from conftest import MAPS, run_cli


def reference(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)


scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False, allow_infinity=False)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=40,
)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(values)
def test_the_same_text_as_json_dumps(value):
    assert dumps(value) == reference(value)


def test_the_same_text_on_real_exports():
    code, out, _ = run_cli("export", str(MAPS))
    assert code == 0
    assert dumps(json.loads(out)) + "\n" == out


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), {"a": [float("-inf")]}, {"a": object()}, {(1, 2): 1}])
def test_what_json_refuses_it_refuses(bad):
    with pytest.raises((ValueError, TypeError)) as ours:
        dumps(bad)
    with pytest.raises(type(ours.value)):
        reference(bad)
