"""Empty or blank object names (`docker logs "$cid"` with an unset variable) and `cp`'s pair of paths: docker's
client answers them before it asks the daemon (shim/object_names.py). Each line runs through the real console
script with a stand-in nerdctl that records being called, and, where the docker CLI 28.2.2 is installed, through
docker with no daemon to reach: the table is what docker printed. Lines that name other objects as well are
tried on the real stack (tests/integration/test_object_names.py)."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import DOCKER_CLI, PYDOCK

EMPTY = "invalid container name or ID: value is empty\n"
# argv → (docker's stdout, stderr, exit code)
CASES: dict[tuple[str, ...], tuple[str, str, int]] = {
    ("start", ""): ("", EMPTY + "Error: failed to start containers: \n", 1),
    ("start", " ", ""): ("", EMPTY * 2 + "Error: failed to start containers:  , \n", 1),
    ("start", "-a", ""): ("", EMPTY, 1),
    ("start", "-a", "", ""): ("", "you cannot start and attach multiple containers at once\n", 1),
    ("kill", "-s", "HUP", ""): ("", EMPTY, 1),
    ("stop", "", ""): ("", EMPTY * 2, 1),
    ("container", "restart", "\t"): ("", EMPTY, 1),
    ("pause", ""): ("", EMPTY, 1),
    ("unpause", ""): ("", EMPTY, 1),
    ("wait", ""): ("", EMPTY, 1),
    ("rm", ""): ("", "container name cannot be empty\n", 1),
    ("rm", "-v", "/"): ("", "container name cannot be empty\n", 1),
    ("rm", " "): ("", EMPTY, 1),
    ("update", "--cpus", "1", " ", ""): ("", EMPTY * 2, 1),
    ("inspect", ""): ("[]\n", EMPTY, 1),
    ("inspect", "-f", "{{.Id}}", ""): ("\n", EMPTY, 1),
    ("inspect", "--format", "json", ""): ("[]\n", EMPTY, 1),
    ("inspect", "--type", "image", ""): ("[]\n", "Error: No such image: \n", 1),
    ("inspect", "--type", "volume", ""): ("[]\n", "invalid volume name or ID: value is empty\n", 1),
    ("container", "inspect", "", " "): ("[]\n", EMPTY * 2, 1),
    ("image", "inspect", "-f", "{{.Id}}", "", ""): ("\n", "Error: No such image: \n" * 2, 1),
    ("volume", "inspect", ""): ("[]\n", "invalid volume name or ID: value is empty\n", 1),
    ("volume", "rm", "-f", ""): ("", "invalid volume name or ID: value is empty\n", 1),
    ("network", "inspect", "-f", "x", ""): ("\n", "invalid network name or ID: value is empty\n", 1),
    ("logs", "-f", ""): ("", EMPTY, 1),
    ("exec", " ", "ls"): ("", EMPTY, 1),
    ("port", "", "80"): ("", EMPTY, 1),
    ("top", ""): ("", EMPTY, 1),
    ("diff", ""): ("", "Container name cannot be empty\n", 1),
    ("diff", " "): ("", EMPTY, 1),
    ("export", ""): ("", EMPTY, 1),
    ("commit", " ", "x"): ("", EMPTY, 1),
    ("attach", " "): ("", EMPTY, 1),
    ("stats", "--no-stream", ""): ("", EMPTY, 1),
    ("rename", "", "x"): ("", "Error: Neither old nor new names may be empty\n", 1),
    ("rename", "x", " "): ("", "Error: Neither old nor new names may be empty\n", 1),
    ("network", "connect", "", "c"): ("", "invalid network name or ID: value is empty\n", 1),
    ("network", "connect", "n", ""): ("", EMPTY, 1),
    ("network", "disconnect", "-f", "", ""): ("", "invalid network name or ID: value is empty\n", 1),
    ("cp", ":/a", "/tmp/x"): ("", "must specify at least one container source\n", 1),
    ("cp", "/a", "./b:c"): ("", "must specify at least one container source\n", 1),
    ("cp", " :/a", "/tmp/x"): ("", EMPTY, 1),
    ("cp", "a:/x", "b:/y"): ("", "copying between containers is not supported\n", 1),
}


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("object-names")
    marker = folder / "nerdctl-ran"
    nerdctl = folder / "nerdctl"
    nerdctl.write_text(f"#!/bin/sh\ntouch {marker}\nexit 0\n")
    nerdctl.chmod(0o755)
    return {"nerdctl": str(nerdctl), "marker": str(marker)}


def _run(binary: str, argv: tuple[str, ...], nerdctl: str) -> tuple[str, str, int]:
    env = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/pydock-object-names.sock",
           "DOCKER_CONFIG": "/nonexistent", "PYDOCK_NERDCTL": nerdctl, "PYDOCK_CONTAINERD_API": "0"}
    env.pop("PYDOCK_DEBUG", None)
    proc = subprocess.run([binary, *argv], capture_output=True, text=True, env=env, timeout=30, check=False)
    return proc.stdout, proc.stderr, proc.returncode


def _case_id(case: tuple[str, ...]) -> str:
    return " ".join(repr(a) if not a.strip() else a for a in case)


@pytest.mark.parametrize("case", list(CASES), ids=_case_id)
def test_pydock_answers_before_the_backend(case, stand_in):
    assert _run(PYDOCK, case, stand_in["nerdctl"]) == CASES[case]
    assert not os.path.exists(stand_in["marker"]), "the backend ran"


@pytest.mark.skipif(not DOCKER_CLI and not os.environ.get("CI"), reason="the docker CLI is not installed")
@pytest.mark.parametrize("case", list(CASES), ids=_case_id)
def test_docker_answers_the_same(case, stand_in):
    assert _run(DOCKER_CLI, case, stand_in["nerdctl"]) == CASES[case]
