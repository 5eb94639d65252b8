"""Shared test helpers: where the real pydock executable is, and how to run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The console script of the environment running the tests (`pip install -e .` put it there).
PYDOCK = str(Path(sys.executable).parent / "pydock")
DOCKER_CLI = shutil.which("docker", path="/usr/local/bin") or shutil.which("docker") or ""


def pydock(*args: str, input: bytes | str | None = None, env: dict[str, str] | None = None,
           timeout: float = 60, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the real pydock console script and capture its output as text."""
    full_env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
    full_env.update(env or {})
    data = input.encode() if isinstance(input, str) else input
    proc = subprocess.run([PYDOCK, *args], input=data, capture_output=True, env=full_env,
                          timeout=timeout, check=False)
    result = subprocess.CompletedProcess(proc.args, proc.returncode,
                                         proc.stdout.decode("utf-8", "replace"),
                                         proc.stderr.decode("utf-8", "replace"))
    if check and result.returncode != 0:
        raise AssertionError(f"pydock {' '.join(args)} failed ({result.returncode}):\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def pydock_bin() -> str:
    assert os.access(PYDOCK, os.X_OK), f"pydock is not installed next to {sys.executable}"
    return PYDOCK


def ran_nerdctl(debug_stderr: str) -> list[str]:
    """The nerdctl commands PYDOCK_DEBUG showed as they ran."""
    return [line for line in debug_stderr.splitlines() if line.startswith("nerdctl ")]
