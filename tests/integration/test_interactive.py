"""`run -it` and `exec -it` in a real pseudo-terminal, driven by pexpect."""

from __future__ import annotations

import os

import pexpect

from tests.conftest import PYDOCK, pydock

PROMPT = "/ # "


def spawn(*args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
    return pexpect.spawn(PYDOCK, list(args), env=env, encoding="utf-8", timeout=30, dimensions=(24, 80))


def test_run_it_shell_session(busybox):
    child = spawn("run", "-it", "--rm", "busybox", "sh")
    child.expect_exact(PROMPT)
    child.sendline("echo answer-$((6*7)); tty")
    child.expect_exact("answer-42")
    child.expect("/dev/pts/\\d+")
    child.expect_exact(PROMPT)
    child.sendline("exit 3")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3


def test_exec_it_shell_session(busybox, name):
    cname = name("execit")
    pydock("run", "-d", "--name", cname, "busybox", "sleep", "300", check=True)
    child = spawn("exec", "-it", cname, "sh")
    child.expect_exact(PROMPT)
    child.sendline("echo $((2+3))-from-exec; cat /proc/1/cmdline | tr '\\0' ' '")
    child.expect_exact("5-from-exec")
    child.expect_exact("sleep 300")
    child.expect_exact(PROMPT)
    child.sendline("exit 4")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4


def test_container_exec_it_management_form(busybox, name):
    cname = name("execit2")
    pydock("run", "-d", "--name", cname, "busybox", "sleep", "300", check=True)
    child = spawn("container", "exec", "-it", cname, "sh", "-c", "read x; echo got:$x")
    child.sendline("typed")
    child.expect_exact("got:typed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_it_without_terminal_is_refused(busybox):
    result = pydock("run", "-it", "--rm", "busybox", "true", input="")
    assert (result.returncode, result.stderr) == (1, "the input device is not a TTY\n")
