"""One differential scenario and the names the tables share (tests/compat/scenarios.py says the rules)."""

from __future__ import annotations

from typing import NamedTuple


class Scenario(NamedTuple):
    id: str
    script: str
    note: str = ""


REG = "127.0.0.1:5000/pydock-compat"
UNKNOWN = f"{REG}/nope:1"  # a registry on loopback that answers "manifest unknown"
REMOTE = f"{REG}/busybox:latest"
