"""shim/output/json_indent.py writes what json.dumps(indent=4, ensure_ascii=False) writes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from shim.output.json_indent import dumps

keys = st.text(max_size=6) | st.integers() | st.booleans() | st.none()
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(keys, inner, max_size=4),
    max_leaves=25)


@settings(max_examples=500)
@given(values)
def test_the_text_is_json_dumps_text(value):
    assert dumps(value) == json.dumps(value, indent=4, ensure_ascii=False)


def test_inspect_like_values():
    value = [{"Id": "a" * 64, "State": {"Running": True, "Pid": 12, "ExitCode": 0, "Health": None},
              "Config": {"Env": ["A=1", "Ü=<&>"], "Labels": {}, "Cmd": []}, "Size": 1.5}]
    assert dumps(value) == json.dumps(value, indent=4, ensure_ascii=False)
