"""Differential scenarios: every command path's argument, flag and missing-object errors (rules: tests/compat/scenarios.py)."""

from __future__ import annotations

from tests.compat.scenario import Scenario

SCENARIOS: tuple[Scenario, ...] = (
)
