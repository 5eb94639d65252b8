"""Differential scenarios: images beyond pull/push/tag: load, rmi conflicts, import, prune, Go-typed templates (rules: tests/compat/scenarios.py)."""

from __future__ import annotations

from tests.compat.scenario import Scenario

SCENARIOS: tuple[Scenario, ...] = (
)
