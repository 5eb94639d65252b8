"""Differential scenarios: volumes and networks (rules: tests/compat/scenarios.py)."""

from __future__ import annotations

from tests.compat.scenario import Scenario

SCENARIOS: tuple[Scenario, ...] = (
)
