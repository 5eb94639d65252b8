"""Unit tests run no runtime: the plans that read containerd's metadata file (tag, rmi, stop, run; issue #13) ask
nerdctl here instead, as they do where that file cannot be read, so that each test gives the answers itself.
The steps taken from the file's records are tested on given records (test_state_files.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def ask_nerdctl(monkeypatch):
    monkeypatch.setenv("PYDOCK_STATE_FILES", "0")
