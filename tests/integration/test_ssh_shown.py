"""--dry-run and PYDOCK_DEBUG over the ssh transport (issue #16) show the ssh command that runs the backend: ssh's
own options (the shared connection, the config file), the host, and the remote command line quoted as the remote
shell gets it; run by hand, that line does what pydock would. No key, no password is in it."""

from __future__ import annotations

import os
import shlex
import subprocess

import pytest

from tests.integration import ssh_remote
from tests.integration.conftest import REMOTE
from tests.integration.ssh_remote import IMAGE, names


@pytest.fixture(scope="module")
def remote(busybox):
    with ssh_remote.session(REMOTE) as r:
        yield r


def _ssh_lines(text: str) -> list[list[str]]:
    return [shlex.split(line) for line in text.splitlines() if line.startswith("ssh ")]


def test_dry_run_shows_the_ssh_command_which_runs_as_shown(remote):
    out = remote.run("--dry-run", "run", "--rm", IMAGE, "printf", "%s|", "a b", "$HOME", "it's")
    assert out.returncode == 0, out.stderr
    lines = _ssh_lines(out.stdout)
    assert lines and len(lines) == len(out.stdout.splitlines())  # every backend command, as ssh runs it
    run = lines[-1]
    assert run[:3] == ["ssh", "-F", remote.env["PYDOCK_SSH_CONFIG"]]
    assert run[run.index("--") + 1] == "127.0.0.1" and run[run.index("-p") + 1] == "42222"
    words = shlex.split(run[-1])  # the remote command line, each word quoted for the remote shell
    assert words[:3] == ["nerdctl", f"--namespace={ssh_remote.NS}", "run"]
    assert words[-4:] == ["%s|", "a b", "$HOME", "it's"]
    by_hand = subprocess.run(run, capture_output=True, text=True, env={**os.environ, **remote.env}, check=False)
    assert (by_hand.returncode, by_hand.stdout) == (0, "a b|$HOME|it's|"), by_hand.stderr
    assert names() == []


def test_debug_shows_each_ssh_command_as_it_runs(remote):
    out = remote.run("ps", "-q", env={"PYDOCK_DEBUG": "1"})
    assert out.returncode == 0, out.stderr
    lines = _ssh_lines(out.stderr)
    assert lines, out.stderr
    assert shlex.split(lines[-1][-1])[:3] == ["nerdctl", f"--namespace={ssh_remote.NS}", "ps"]
    assert "-n" in lines[-1]  # ps reads no stdin: ssh must not take the script's
    key = (ssh_remote.KEYS / "client_ed25519").read_text()
    assert "client_ed25519" not in out.stderr and key.splitlines()[1] not in out.stderr


def test_a_terminal_session_is_shown_with_its_remote_terminal(remote):
    out = remote.run("run", "-t", "--rm", IMAGE, "true", env={"PYDOCK_DEBUG": "1"})
    assert out.returncode == 0, out.stderr
    run = _ssh_lines(out.stderr)[-1]
    assert "-tt" in run
    assert run[-1].endswith(" 2>.pydock-RANDOM.err") and run[-1].startswith("set -C; ")
