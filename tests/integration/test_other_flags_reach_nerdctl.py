"""Every flag of docker's other commands that the nerdctl backend passes on (or renames) is one the installed
nerdctl's command has: none reaches nerdctl as an unknown flag, none is dropped silently (the refused ones
are docker-style errors before anything runs: tests/unit/test_translate_nerdctl.py)."""

from __future__ import annotations

import importlib
import re
import subprocess

import pytest

from shim.backends.handling import PASS
from shim.contexts import EMULATED
from shim.spec import others

support = importlib.import_module("shim.backends.nerdctl.support")


def _run_on_nerdctl():
    seen = set()
    for path in sorted(others.PATHS):
        command = others.lookup(path)[1]
        runs = support.other_command(path)
        if runs and path not in EMULATED and command.name not in seen:
            seen.add(command.name)
            yield command, runs


@pytest.mark.parametrize(("command", "runs"), list(_run_on_nerdctl()), ids=lambda v: getattr(v, "name", ""))
def test_passed_flags_exist_in_nerdctl(command, runs):
    text = subprocess.run(["nerdctl", *runs, "--help"], capture_output=True, text=True, check=True).stdout
    has = set(re.findall(r"--([a-z0-9][\w-]*)", text))
    passed = []
    for flag in command.flags:
        how = support.handling(command.name, flag.long)[0]
        if how == PASS:
            passed.append(flag.long)
        elif how.startswith("-"):
            passed.append(how[2:])
    assert [f for f in passed if f not in has and f not in ("help",)] == []
