"""shim/json_read.py reads what json.loads reads, and refuses what it refuses, without importing re."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shim.json_read import loads

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300)
@given(values, st.sampled_from(["", " ", "\n", "\t \r\n"]))
def test_the_values_are_json_loads_values(value, blank):
    text = blank + json.dumps(value, indent=1 if isinstance(value, dict) else None) + blank
    assert loads(text) == json.loads(text)
    assert loads(text.encode()) == json.loads(text.encode())


@pytest.mark.parametrize("text", ["", " ", "{", '{"a":}', "[1,]", "1 2", '"abc', '{"a" 1}', "nul", "[1] x"])
def test_what_json_refuses_is_refused(text):
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        loads(text)


def test_reading_imports_no_re():
    probe = "import sys; from shim.json_read import loads; loads(b'[1, {\"a\": 2.5}]'); print('re' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout == "False\n"
