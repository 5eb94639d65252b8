"""The differential tests get a marker of their own: `pytest -m "not compat"` leaves them out."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "compat: runs docker scripts against Docker Engine and pydock and compares")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.compat)
