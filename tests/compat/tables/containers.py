"""Differential scenarios: containers beyond run/ps/stop/rm/exec/logs: start, attach, kill, pause, wait, restart, update, stats, top, export, commit, env files (rules: tests/compat/scenarios.py)."""

from __future__ import annotations

from tests.compat.scenario import Scenario

SCENARIOS: tuple[Scenario, ...] = (
)
