"""--platform values docker's client parses itself with containerd's grammar (shim/platforms.py), worded per
command as docker 28.2.2 prints them with no daemon to reach. The table runs through pydock (a stand-in nerdctl
records being called) and, where the docker CLI is installed, through docker."""

from __future__ import annotations

import os
import subprocess

import pytest

from shim.platforms import problem
from tests.conftest import DOCKER_CLI, PYDOCK

OS_RULE = r'OSAndVersion specifier component must match "^([A-Za-z0-9_-]+)(?:\\(([A-Za-z0-9_.-]*)\\))?$"'
PART_RULE = r'platform specifier component must match "^[A-Za-z0-9_.-]+$"'
# value → containerd's complaint ("" when it parses)
GRAMMAR = {
    "linux": "", "linux/amd64": "", "LINUX/AMD64": "", "linux/arm/v7": "", "x86_64": "", "X86_64": "",
    "aarch64": "", "armhf": "", "i386": "", "macos": "", "windows": "", "linux(10)": "", "linux()": "",
    "linux(a.b)/amd64": "",
    "local": '"local": unknown operating system or architecture: invalid argument',
    "wasip1": '"wasip1": unknown operating system or architecture: invalid argument',
    "*": '"*": wildcards not yet supported: invalid argument',
    "a b": f'"a b" is an invalid OS component of "a b": {OS_RULE}: invalid argument',
    "/amd64": f'"" is an invalid OS component of "/amd64": {OS_RULE}: invalid argument',
    "linux(1)(2)": f'"linux(1)(2)" is an invalid OS component of "linux(1)(2)": {OS_RULE}: invalid argument',
    "linux\n": f'"linux\\n" is an invalid OS component of "linux\\n": {OS_RULE}: invalid argument',
    "linux/": f'"" is an invalid component of "linux/": {PART_RULE}: invalid argument',
    "a/b/c/d/e": f'"d/e" is an invalid component of "a/b/c/d/e": {PART_RULE}: invalid argument',
    "linux/amd64/v8/x": '"linux/amd64/v8/x": cannot parse platform specifier: invalid argument',
}
# command → how docker words the complaint, exit code
WORDING = {
    ("save", "busybox"): ("invalid platform: {}\n", 1),
    ("image", "load"): ("invalid platform: {}\n", 1),
    ("history", "busybox"): ("invalid platform: {}\n", 1),
    ("image", "inspect", "busybox"): ("{}\n", 1),
    ("rmi", "busybox"): ("{}\n", 1),
    ("push", "busybox"): ("Invalid platform local{}\n", 1),
    ("create", "busybox"): ("error parsing specified platform: {}\n", 1),
    ("run", "busybox"): ("docker: error parsing specified platform: {}\n\nRun 'docker run --help' for more "
                         "information\n", 125),
}


@pytest.mark.parametrize("value", list(GRAMMAR))
def test_grammar(value):
    assert problem(value) == GRAMMAR[value]


def _run(binary: str, argv: list[str], nerdctl: str) -> tuple[str, int]:
    env = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/pydock-platforms.sock", "DOCKER_CONFIG": "/nonexistent",
           "PYDOCK_NERDCTL": nerdctl, "PYDOCK_CONTAINERD_API": "0"}
    env.pop("PYDOCK_DEBUG", None)
    proc = subprocess.run([binary, *argv], capture_output=True, text=True, env=env, timeout=30, check=False,
                          stdin=subprocess.DEVNULL)
    return proc.stderr.removeprefix("[]\n"), proc.returncode


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory) -> str:
    nerdctl = tmp_path_factory.mktemp("platforms") / "nerdctl"
    nerdctl.write_text("#!/bin/sh\nexit 3\n")
    nerdctl.chmod(0o755)
    return str(nerdctl)


def _line(command: tuple[str, ...]) -> list[str]:
    *words, last = command
    return [*words, "--platform", "local", last] if last == "busybox" else [*command, "--platform", "local"]


@pytest.mark.parametrize("command", list(WORDING), ids=" ".join)
def test_pydock_words_it_per_command(command, stand_in):
    wording, code = WORDING[command]
    assert _run(PYDOCK, _line(command), stand_in) == (wording.format(GRAMMAR["local"]), code)


@pytest.mark.skipif(not DOCKER_CLI and not os.environ.get("CI"), reason="the docker CLI is not installed")
@pytest.mark.parametrize("command", list(WORDING), ids=" ".join)
def test_docker_words_it_so(command, stand_in):
    wording, code = WORDING[command]
    assert _run(DOCKER_CLI, _line(command), stand_in) == (wording.format(GRAMMAR["local"]), code)


@pytest.mark.skipif(not DOCKER_CLI and not os.environ.get("CI"), reason="the docker CLI is not installed")
@pytest.mark.parametrize("value", list(GRAMMAR))
def test_docker_parses_the_same(value, stand_in):
    """docker's save: refused in containerd's words, or taken (then it cannot connect)."""
    stderr, _code = _run(DOCKER_CLI, ["save", "--platform", value, "busybox"], stand_in)
    assert stderr == (f"invalid platform: {GRAMMAR[value]}\n" if GRAMMAR[value] else
                      "Cannot connect to the Docker daemon at unix:///nonexistent/pydock-platforms.sock. Is the "
                      "docker daemon running?\n")
