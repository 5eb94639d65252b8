"""Unit tests run pydock's steps against nerdctl answers they give themselves: containerd is never asked
directly (shim/containerd/), which the integration tests check on the real stack."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_direct_reads(monkeypatch):
    monkeypatch.setenv("PYDOCK_CONTAINERD_API", "0")
