"""`run -it` and `exec -it` in a real pseudo-terminal, driven by pexpect."""

from __future__ import annotations

import os
import signal
import subprocess
import time

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


def test_tty_flags_in_a_terminal(busybox, name):
    # in a real terminal too: `run -dit` answers with the ID, `exec -t` without -i prints on a terminal
    cname = name("ttyterm")
    child = spawn("run", "-dit", "--name", cname, "busybox", "sh")
    child.expect("[0-9a-f]{64}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    child = spawn("exec", "-t", cname, "sh", "-c", "tty; echo done")
    child.expect("/dev/pts/\\d+")
    child.expect_exact("done")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_it_without_terminal_is_refused(busybox):
    result = pydock("run", "-it", "--rm", "busybox", "true", input="")
    assert (result.returncode, result.stderr) == (1, "the input device is not a TTY\n")


def test_detached_it_needs_no_terminal(busybox, name):
    # CI scripts start a shell to exec into later with `run -dit`; docker needs no terminal for it
    cname = name("dit")
    result = pydock("run", "-dit", "--name", cname, "busybox", "sh", input="")
    assert result.returncode == 0, result.stderr
    assert pydock("inspect", "-f", "{{.State.Running}}", cname).stdout == "true\n"
    shell = pydock("exec", cname, "sh", "-c", "ls -l /proc/1/fd/0").stdout
    assert "/dev/pts/" in shell  # the shell has its terminal, and waits on it


def test_exec_t_without_terminal_is_pipeable(busybox, name):
    cname = name("exect")
    pydock("run", "-d", "--name", cname, "busybox", "sleep", "300", check=True)
    result = pydock("exec", "-t", cname, "sh", "-c", "echo hi; tty", input="")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\r\n")
    assert lines[0] == "hi" and lines[1].startswith("/dev/pts/")


def test_exec_it_without_terminal_is_refused_after_the_lookup(busybox, name):
    cname = name("execit3")
    pydock("run", "-d", "--name", cname, "busybox", "sleep", "300", check=True)
    refused = pydock("exec", "-it", cname, "true", input="")
    assert (refused.returncode, refused.stdout, refused.stderr) == (1, "", "the input device is not a TTY\n")
    missing = pydock("exec", "-it", "pydock-no-such-container", "true", input="")
    assert (missing.returncode, missing.stderr) == (1, "Error response from daemon: No such container: "
                                                       "pydock-no-such-container\n")


def test_exec_detached_interactive_reads_nothing(busybox, name):
    cname = name("execdi")
    pydock("run", "-d", "--name", cname, "busybox", "sleep", "300", check=True)
    result = pydock("exec", "-d", "-i", cname, "sh", "-c", "readlink /proc/self/fd/0 > /tmp/in", input="")
    assert result.returncode == 0, result.stderr
    time.sleep(0.5)
    assert pydock("exec", cname, "cat", "/tmp/in").stdout == "/dev/null\n"


def test_exec_detached_with_terminal(busybox, name):
    # docker exec -dit: the process gets a terminal and keeps it after pydock returns (nerdctl refuses -d -t)
    cname = name("execdt")
    pydock("run", "-d", "--name", cname, "busybox", "sleep", "300", check=True)
    result = pydock("exec", "-dit", cname, "sh", "-c", "tty > /tmp/tty; sleep 30", input="")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    deadline = time.monotonic() + 10
    while not pydock("exec", cname, "cat", "/tmp/tty").stdout.startswith("/dev/pts/"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert "sleep 30" in pydock("exec", cname, "ps").stdout  # still running, on its terminal
    failed = pydock("exec", "-dt", cname, "pydock-no-such-command")
    assert failed.returncode == 1 and failed.stdout == ""
    assert failed.stderr.startswith("Error response from daemon: OCI runtime exec failed")


def test_tty_without_terminal_is_pipeable(busybox):
    # docker allows -t without -i on a pipe; nerdctl insists on a console, so pydock provides one.
    result = pydock("run", "-t", "--rm", "busybox", "sh", "-c", "echo hi; tty", input="")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\r\n")
    assert lines[0] == "hi" and lines[1].startswith("/dev/pts/")


def test_piped_stdin_ends_at_eof(busybox):
    # nerdctl loses an end of input that arrives before the task exists; pydock holds it back.
    for _ in range(3):
        result = pydock("run", "-i", "--rm", "busybox", "sh", "-c", "cat; echo end", input="data\n", timeout=30)
        assert (result.returncode, result.stdout) == (0, "data\nend\n")


def test_large_piped_stdin_arrives_whole(busybox):
    payload = "".join(f"line {i} {'x' * 50}\n" for i in range(20000))  # ~1.2 MB
    result = pydock("run", "-i", "--rm", "busybox", "wc", "-c", input=payload, timeout=60)
    assert result.stdout.strip() == str(len(payload.encode()))


def test_run_interactive_detached_keeps_stdin_open(busybox, name):
    cname = name("di")
    result = pydock("run", "-i", "-d", "--name", cname, "busybox", "sh", "-c", "cat; echo stdin-closed")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip()) == 64
    time.sleep(1)
    status = pydock("ps", "--filter", f"name={cname}", "--format", "{{.State}}").stdout.strip()
    assert status == "running"  # cat still waits: its stdin has not ended
    conflict = pydock("run", "-i", "-d", "--name", cname, "busybox", "cat")
    assert conflict.returncode == 125
    assert "Conflict. The container name" in conflict.stderr


def test_ctrl_c_on_attached_run_exits_130(busybox):
    # As with docker, the signal is proxied to the container; a shell as PID 1 would ignore it, so
    # docker users run --init (Docker's tini), which passes it on and exits 128+2.
    child = spawn("run", "--rm", "--init", "busybox", "sh", "-c", "echo ready; sleep 60")
    child.expect_exact("ready")
    time.sleep(1)  # nerdctl starts proxying just after the container starts
    child.sendintr()  # Ctrl-C: the terminal signals pydock and nerdctl, which proxies it on
    child.expect(pexpect.EOF, timeout=20)
    child.close()
    assert child.exitstatus == 130


def test_signals_reach_the_container(busybox, name):
    cname = name("sig")
    script = "trap 'echo got-TERM; exit 7' TERM; echo ready; while true; do sleep 0.1; done"
    with subprocess.Popen([PYDOCK, "run", "--name", cname, "busybox", "sh", "-c", script],
                          stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout.readline() == "ready\n"
        # nerdctl starts proxying signals only just after the container starts (docker does it
        # before): give it a moment, then signal pydock alone; it passes the signal on.
        time.sleep(1)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=20)
    assert "got-TERM" in out
    assert proc.returncode == 7


def test_runtime_down_says_cannot_connect(busybox):
    result = pydock("-H", "unix:///run/pydock-test-no-such.sock", "ps")
    assert result.returncode == 1
    assert result.stderr == ("Cannot connect to the Docker daemon at unix:///run/pydock-test-no-such.sock. "
                             "Is the docker daemon running?\n")
    run = pydock("-H", "unix:///run/pydock-test-no-such.sock", "run", "--rm", "busybox", "true")
    assert run.returncode == 125
    assert run.stderr.startswith("docker: Cannot connect to the Docker daemon at unix:///run/pydock-test-no-such.sock")


def test_window_size_follows_the_terminal(busybox, name):
    # through pydock's private terminal too (shim/pty_relay.py): the size at the start, then each SIGWINCH
    cname = name("winsize")
    pydock("run", "-d", "--name", cname, "busybox", "sleep", "300", check=True)
    for argv in (("run", "-it", "--rm", "busybox", "sh"), ("exec", "-it", cname, "sh")):
        child = spawn(*argv)
        child.expect_exact(PROMPT)
        child.sendline("stty size")
        child.expect_exact("24 80")
        child.expect_exact(PROMPT)
        child.setwinsize(33, 101)
        time.sleep(0.5)
        child.sendline("stty size; exit 0")
        child.expect_exact("33 101")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0


def test_the_third_signal_gives_the_terminal_back(busybox):
    # `run -it` on kill: proxied (the shell ignores it), the third SIGTERM ends the client at once; pydock had made
    # the terminal raw, as docker's client does, and gives it back as it was
    env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
    # (a script's `&` would give it /dev/null as stdin)
    line = f'{PYDOCK} run -it --rm busybox sh </dev/tty & pid=$!; sleep 4; echo during; stty -a; kill $pid; sleep 0.3; ' \
           'kill $pid; sleep 0.3; kill $pid; wait $pid; echo "rc=$?"; stty -a'
    child = pexpect.spawn("sh", ["-c", line], env=env, encoding="utf-8", timeout=30, dimensions=(24, 80))
    child.expect_exact("during")
    child.expect_exact("got 3 SIGTERM/SIGINTs, forcefully exiting")
    assert _modes(child.before) == ["-opost", "-isig", "-icanon", "-echo"]  # raw while attached
    child.expect(r"rc=(\d+)")
    assert child.match.group(1) == "1"
    child.expect(pexpect.EOF)
    child.close()
    assert _modes(child.before) == ["opost", "isig", "icanon", "echo"]


def _modes(stty: str) -> list[str]:
    return [w for w in stty.split() if w.lstrip("-") in ("icanon", "echo", "isig", "opost")]
