"""`-t` over the ssh transport (issue #16): run -it, run -t, exec -it and run -dit through `ssh -tt`, in a real
terminal (pexpect), each compared with the same session run locally: the remote terminal, its size, typed Ctrl-C
and signals reaching the remote container, exit codes (exec's too, which nerdctl reports on stderr, kept apart from
the terminal) and the detach keys."""

from __future__ import annotations

import glob
import os
import time

import pexpect
import pytest

from tests.integration import ssh_remote
from tests.integration.conftest import REMOTE
from tests.integration.ssh_remote import IMAGE, local, names, spawn_local

PROMPT = "/ # "


@pytest.fixture(scope="module")
def remote(busybox):
    with ssh_remote.session(REMOTE) as r:
        yield r


def _both(remote, *args: str):
    """The same session over ssh, then locally (each started once the one before has ended)."""
    yield "ssh", remote.spawn(*args)
    yield "local", spawn_local(*args)


def _session(child: pexpect.spawn) -> tuple[str, int]:
    child.expect_exact(PROMPT)
    child.sendline("echo answer-$((6*7)); tty; stty size")
    child.expect_exact("answer-42")
    child.expect("/dev/pts/\\d+")
    child.expect("\\d+ \\d+")
    size = child.after
    child.expect_exact(PROMPT)
    child.sendline("exit 3")
    child.expect(pexpect.EOF)
    child.close()
    return size, child.exitstatus


def test_run_it_shell_session_as_locally(remote):
    for where, child in _both(remote, "run", "-it", "--rm", IMAGE, "sh"):
        assert _session(child) == ("24 80", 3), where  # the remote terminal has the user's size
    assert names() == []


def test_no_backend_chatter_on_the_terminal_and_no_file_left_on_the_remote(remote):
    child = remote.spawn("run", "-it", "--rm", IMAGE, "sh", "-c", "echo hi; exit 2")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "hi" in child.before
    assert "level=" not in child.before and "INFO" not in child.before  # nerdctl's records stay off the screen
    home = os.path.expanduser("~root")  # the remote's user is root on this machine
    assert glob.glob(f"{home}/.pydock-*.err") + glob.glob(f"{home}/.pydock-*.pid") == []  # its session files go


def test_typed_ctrl_c_and_a_signal_reach_the_remote_container(remote):
    trap = "trap 'echo got-int; exit 9' INT; trap 'echo got-term; exit 5' TERM; echo ready; while :; do sleep 0.1; done"
    for where, child in _both(remote, "run", "-it", "--rm", IMAGE, "sh", "-c", trap):
        child.expect_exact("ready")
        child.sendcontrol("c")
        child.expect_exact("got-int")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 9, where
    for where, child in _both(remote, "run", "-it", "--rm", IMAGE, "sh", "-c", trap):
        child.expect_exact("ready")
        child.kill(15)  # to pydock: proxied to the container (`nerdctl kill` on the remote, by its name)
        child.expect_exact("got-term")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 5, where
    time.sleep(0.5)
    assert names() == []


def test_run_t_without_a_terminal_as_locally(remote):
    args = ("run", "-t", "--rm", IMAGE, "sh", "-c", "tty >/dev/null && echo on-a-tty; echo err >&2; exit 6")
    over, here = remote.run(*args), local(*args)
    assert (over.returncode, here.returncode) == (6, 6), over.stderr
    assert over.stdout == here.stdout == "on-a-tty\r\nerr\r\n"
    assert over.stderr == here.stderr == ""


def test_detach_keys_then_exec_it_as_locally(remote):
    name = f"ssh2-det-{os.getpid()}"
    for where, run in _both(remote, "run", "-it", "--name", name, IMAGE, "sh"):
        run.expect_exact(PROMPT)
        run.sendcontrol("p")
        run.sendcontrol("q")  # nerdctl's detach keys, on the remote: the container runs on
        run.expect(pexpect.EOF)
        run.close()
        assert run.exitstatus == 0, where
        assert local("inspect", "-f", "{{.State.Running}}", name).stdout == "true\n", where
        child = (remote.spawn if where == "ssh" else spawn_local)("exec", "-it", name, "sh")
        child.expect_exact(PROMPT)
        child.sendline("echo $((2+3))-from-exec; exit 4")
        child.expect_exact("5-from-exec")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 4, where  # nerdctl's exec says it on stderr, fetched from the remote
        child = (remote.spawn if where == "ssh" else spawn_local)("exec", "-it", name, "sh", "-c",
                                                                  "echo go; exec sleep 123")
        child.expect_exact("go")
        child.sendcontrol("p")
        child.sendcontrol("q")  # pydock's detach keys for exec: the process runs on
        child.expect(pexpect.EOF)
        child.close()
        assert (child.exitstatus, child.before.strip()) == (1, "read escape sequence"), where
        time.sleep(0.5)
        assert "sleep 123" in local("exec", name, "ps").stdout, where
        local("rm", "-f", name, check=True)


def test_run_dit_answers_with_the_id(remote):
    child = remote.spawn("run", "-dit", "--name", "ssh2-dit", IMAGE, "sh")
    child.expect("[0-9a-f]{64}")
    child.expect(pexpect.EOF)
    child.close()
    try:
        assert child.exitstatus == 0
        assert local("inspect", "-f", "{{.State.Running}} {{.Config.Tty}}", "ssh2-dit").stdout == "true true\n"
        child = remote.spawn("exec", "-t", "ssh2-dit", "sh", "-c", "tty; echo done")
        child.expect("/dev/pts/\\d+")
        child.expect_exact("done")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    finally:
        local("rm", "-f", "ssh2-dit")
