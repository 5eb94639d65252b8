"""Unit tests run no runtime: the steps that read containerd directly (its API for ps, images and inspect;
its metadata file for tag, rmi, stop and run: issue #13) ask nerdctl here instead, as they do wherever
containerd cannot be read, so that each test gives the answers itself. The readings are tested on given
records (test_state_files.py, test_containerd_wire.py) and on the real stack (tests/integration)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def ask_nerdctl(monkeypatch):
    monkeypatch.setenv("PYDOCK_CONTAINERD_API", "0")


@pytest.fixture(autouse=True)
def no_secrets_kept():
    """Each test starts with no password remembered for masking (shim/redact.py keeps them per process)."""
    from shim import redact

    yield
    redact._kept.clear()
