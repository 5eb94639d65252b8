"""Signals to an attached `run`, `exec`, `logs -f` and `compose up` do what they do to docker CLI 28.2.2 on
Engine 29 (issue #14; measured there, table in docs/reliability.md "Signals"): the exit code, the container's
state afterwards, docker's words where it prints any, and no nerdctl process left behind.

Signals are sent to pydock alone, as `kill` from a script does; the terminal cases (Ctrl-C reaches the whole
foreground process group) run in a pseudo-terminal with pexpect.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import time
import uuid

import pexpect
import pytest

from tests.conftest import PYDOCK, pydock
from tests.integration.test_faults import _gone

INT, TERM, HUP = signal.SIGINT, signal.SIGTERM, signal.SIGHUP
# a container (or exec'd process) that reports each signal and ends with 128+N, as a shell's default would
TRAP = ('trap "echo got-INT; exit 130" INT; trap "echo got-TERM; exit 143" TERM; trap "echo got-HUP; exit 129" HUP; '
        "echo ready; while true; do sleep 0.1; done")
IGNORING = "echo ready; exec sleep 60"  # PID 1 without handlers: the kernel drops what it does not catch
FORCED = "\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n"
GRACEFULLY = " Compose Stopping Gracefully Stopping... press Ctrl+C again to force\n"


def _children(pid: int) -> list[int]:
    """Children of every thread of `pid` (a Go program starts its children from any of its threads)."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                found += [int(p) for p in f.read().split()]
        except OSError:
            continue
    return found


def _descendants(pid: int) -> list[int]:
    found = []
    for child in _children(pid):
        found += [child, *_descendants(child)]
    return found


class Attached:
    """pydock running a command whose output says `ready` once the container (or process) runs."""

    def __init__(self, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
        self.proc = subprocess.Popen([PYDOCK, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        line = self.proc.stdout.readline()  # type: ignore[union-attr]
        assert b"ready" in line, (line, self.proc.stderr.read() if line == b"" else b"")  # type: ignore[union-attr]
        time.sleep(1)  # nerdctl starts proxying just after the container starts (docker does it before)
        self.backend = _descendants(self.proc.pid)
        assert self.backend, "no nerdctl child"

    def signal(self, *signums: int) -> None:
        for signum in signums:
            os.kill(self.proc.pid, signum)
            time.sleep(0.3)

    def alive_after(self, seconds: float) -> bool:
        try:
            self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return True
        return False

    def end(self, timeout: float = 20) -> tuple[int, str, str]:
        """(pydock's return code, its stdout and stderr after `ready`), once every backend process it had is gone."""
        out, err = self.proc.communicate(timeout=timeout)
        left = [pid for pid in self.backend if not _gone(pid)]
        assert not left, f"backend processes {left} outlived pydock"
        return self.proc.returncode, out.decode(), err.decode()


def _state(container: str) -> str:
    return pydock("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", container).stdout.strip()


class Kept:
    """A running container that tests of this module share (each of them made and removed its own before); made
    again when it is gone (a clean-up of the namespace by another test session)."""

    def __init__(self, image: str, prefix: str, *command: str) -> None:
        self.image, self.prefix, self.command, self.name = image, prefix, command, ""

    def running(self) -> str:
        if not self.name or _state(self.name) != "running 0":
            if self.name:
                pydock("rm", "-f", self.name)
            self.name = f"pydock-{self.prefix}-{uuid.uuid4().hex[:8]}"
            pydock("run", "-d", "--name", self.name, self.image, *self.command, check=True)
        return self.name

    def remove(self) -> None:
        if self.name:
            pydock("rm", "-f", self.name)


@pytest.fixture(scope="module")
def _sleeper(busybox):
    kept = Kept(busybox, "execsig", "sleep", "300")
    yield kept
    kept.remove()


@pytest.fixture
def sleeper(_sleeper):
    """The exec tests' running container, with no process but its own when the test starts: what a test finds
    running in it afterwards is that test's."""
    container = _sleeper.running()
    emptied = pydock("exec", container, "sh", "-c", "kill -9 -1; true")
    assert emptied.returncode == 0, emptied.stderr
    for _ in range(50):  # gone, or zombies (`[sleep]`: PID 1, a sleep, reaps none of the orphans it gets)
        shown = pydock("exec", container, "ps", "-o", "args").stdout.splitlines()
        if [line for line in shown if not line.startswith("[")] == ["COMMAND", "sleep 300", "ps -o args"]:
            return container
        time.sleep(0.1)
    raise AssertionError(shown)


@pytest.fixture(scope="module")
def _talker(busybox):
    kept = Kept(busybox, "logsig", "sh", "-c", "echo ready; sleep 300")
    yield kept
    kept.remove()


@pytest.fixture
def talker(_talker):
    """A running container that said `ready`, for the logs -f tests."""
    return _talker.running()


@pytest.mark.parametrize(("signum", "code"), [(INT, 130), (TERM, 143), (HUP, 129)])
def test_run_proxies_the_signal_and_ends_with_the_containers_code(busybox, name, signum, code):
    container = name("proxy")
    run = Attached("run", "--name", container, busybox, "sh", "-c", TRAP)
    run.signal(signum)
    returncode, out, err = run.end()
    assert (returncode, out, err) == (code, f"got-{signal.Signals(signum).name[3:]}\n", "")
    assert _state(container) == f"exited {code}"


def test_run_rm_proxies_and_removes(busybox, name):
    container = name("proxyrm")
    run = Attached("run", "--rm", "--name", container, busybox, "sh", "-c", TRAP)
    run.signal(TERM)
    assert run.end()[0] == 143
    assert pydock("inspect", container).returncode == 1


def test_the_third_sigint_or_sigterm_ends_the_client_and_leaves_the_container(busybox, name):
    # docker proxies each; the container ignores them; docker's client gives up at the third
    container = name("forced")
    run = Attached("run", "--name", container, busybox, "sh", "-c", IGNORING)
    run.signal(INT, TERM)
    assert run.alive_after(1)
    run.signal(INT)
    assert run.end() == (1, "", FORCED)
    assert _state(container) == "running 0"


def test_run_sig_proxy_false_stays_attached_until_the_third_signal(busybox, name):
    container = name("noproxy")
    run = Attached("run", "--sig-proxy=false", "--name", container, busybox, "sh", "-c", TRAP)
    run.signal(INT)
    assert run.alive_after(1.5)  # docker's client stays attached; nothing reaches the container
    assert _state(container) == "running 0"
    run.signal(TERM, INT)
    assert run.end() == (1, "", FORCED)
    assert _state(container) == "running 0"


def test_run_sig_proxy_false_dies_of_sighup_and_leaves_the_container(busybox, name):
    container = name("noproxyhup")
    run = Attached("run", "--sig-proxy=false", "--name", container, busybox, "sh", "-c", TRAP)
    run.signal(HUP)
    assert run.end() == (-HUP, "", "")  # killed by the signal, as Go's default does to docker
    assert _state(container) == "running 0"


@pytest.mark.parametrize("tty", [[], ["-t"]], ids=["", "-t"])
@pytest.mark.parametrize(("signum", "code"), [(INT, 0), (TERM, 0), (HUP, -HUP)])
def test_exec_proxies_no_signal_and_the_process_runs_on(sleeper, signum, code, tty):
    # `-t` off a terminal: nerdctl's terminal is pydock's own (nerdctl's -t would die of the signal)
    container = sleeper
    execd = Attached("exec", *tty, container, "sh", "-c", TRAP)
    execd.signal(signum)
    assert execd.end() == (code, "", "")
    assert "while true" in pydock("exec", container, "ps").stdout  # docker's exec leaves it running too


@pytest.mark.parametrize(("signum", "code"), [(INT, 130), (TERM, 143), (HUP, -HUP)])
def test_logs_follow_ends_as_dockers(talker, signum, code):
    container = talker
    logs = Attached("logs", "-f", container)
    logs.signal(signum)
    assert logs.end() == (code, "", "")
    assert _state(container) == "running 0"


COMPOSE = """services:
  web:
    image: busybox
    command: ["sh", "-c", "trap 'echo web-got-TERM; exit 0' TERM; echo web-ready; while true; do sleep 0.1; done"]
  slow:
    image: busybox
    stop_grace_period: 1s
    command: ["sh", "-c", "echo slow-ready; while true; do sleep 0.1; done"]
"""


@pytest.mark.parametrize(("signum", "code"), [(INT, 130), (TERM, 130), (HUP, -HUP)])
def test_compose_up_stops_the_project_gracefully(busybox, tmp_path, signum, code):
    project = f"pydock-sig-{uuid.uuid4().hex[:8]}"
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
    proc = subprocess.Popen([PYDOCK, "compose", "-p", project, "up"], cwd=tmp_path, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        seen = b""
        while b"web-ready" not in seen or b"slow-ready" not in seen:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            assert line, proc.stderr.read().decode()  # type: ignore[union-attr]
            seen += line
        time.sleep(0.5)
        backend = _descendants(proc.pid)  # nerdctl compose and its `nerdctl logs -f` children
        assert len(backend) >= 3
        os.kill(proc.pid, signum)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == code
        assert GRACEFULLY in err.decode()
        assert "| web-got-TERM" in out.decode()
        assert [pid for pid in backend if not _gone(pid)] == []
        # web ends on its SIGTERM; slow ignores it and is killed after its stop_grace_period
        assert (_state(f"{project}-web-1"), _state(f"{project}-slow-1")) == ("exited 0", "exited 137")
    finally:
        if proc.poll() is None:
            proc.kill()
        subprocess.run([PYDOCK, "compose", "-p", project, "down", "-t", "0"], cwd=tmp_path, capture_output=True,
                       check=False)


def _spawn(*args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
    return pexpect.spawn(PYDOCK, list(args), env=env, encoding="utf-8", timeout=30, dimensions=(24, 80))


def _ended(child: pexpect.spawn, backend: list[int]) -> int:
    child.expect(pexpect.EOF, timeout=20)
    child.close()
    assert [pid for pid in backend if not _gone(pid)] == []
    return child.exitstatus


def test_ctrl_c_on_a_terminal_leaves_an_exec_running(sleeper):
    # the terminal signals the whole foreground group; nerdctl, which would proxy it, is out of its reach
    container = sleeper
    child = _spawn("exec", container, "sh", "-c", TRAP)
    child.expect_exact("ready")
    time.sleep(0.5)
    backend = _descendants(child.pid)
    child.sendintr()
    assert _ended(child, backend) == 0
    assert "got-INT" not in child.before
    assert "while true" in pydock("exec", container, "ps").stdout


def test_ctrl_c_on_a_terminal_to_run_sig_proxy_false(busybox, name):
    container = name("ttynoproxy")
    child = _spawn("run", "--sig-proxy=false", "--name", container, busybox, "sh", "-c", TRAP)
    child.expect_exact("ready")
    time.sleep(1)
    backend = _descendants(child.pid)
    child.sendintr()
    with pytest.raises(pexpect.TIMEOUT):
        child.expect(pexpect.EOF, timeout=1.5)  # still attached
    child.sendintr()
    time.sleep(0.3)
    child.sendintr()
    child.expect_exact("got 3 SIGTERM/SIGINTs, forcefully exiting")
    assert _ended(child, backend) == 1
    assert _state(container) == "running 0"


def test_run_it_detaches_with_ctrl_p_ctrl_q(busybox, name):
    container = name("detach")
    child = _spawn("run", "-it", "--name", container, busybox, "sh")
    child.expect_exact("/ # ")
    backend = _descendants(child.pid)
    child.send("\x10\x11")
    assert _ended(child, backend) == 0  # docker prints nothing and ends 0
    assert _state(container) == "running 0"


@pytest.mark.parametrize("signum", [INT, TERM])
def test_run_t_proxies_the_signal(busybox, name, signum):
    # nerdctl's -t proxies nothing (and dies of the signal, the container running on): pydock proxies it itself
    container = name("tproxy")
    run = Attached("run", "-t", "--name", container, busybox, "sh", "-c", TRAP)
    run.signal(signum)
    code, out, _err = run.end()
    assert (code, out) == (128 + signum, f"got-{signal.Signals(signum).name[3:]}\r\n")
    assert _state(container) == f"exited {128 + signum}"


def test_run_it_proxies_a_signal_sent_by_kill(busybox, name):
    # Ctrl-C is a key there; a `kill -TERM` to the client is proxied (an interactive shell ignores it), and the
    # session goes on, as docker's
    container = name("itkill")
    child = _spawn("run", "-it", "--name", container, busybox, "sh")
    child.expect_exact("/ # ")
    backend = _descendants(child.pid)
    os.kill(child.pid, TERM)
    time.sleep(1)
    child.sendline("echo still-$((40+2)); exit 7")
    child.expect_exact("still-42")
    assert _ended(child, backend) == 7
    assert _state(container) == "exited 7"


# -t on the user's terminal: nerdctl is on a private terminal pydock relays (shim/pty_relay.py), so that the user's
# terminal behaves as with docker's client: cooked without -i, raw with it, and given back as it was


def _in_shell(*args: str, env: dict[str, str] | None = None) -> pexpect.spawn:
    """pydock run by a shell on the terminal, which then prints pydock's code and the terminal's settings."""
    env = {k: v for k, v in (env or os.environ).items() if k != "PYDOCK_DEBUG"}
    line = " ".join(shlex.quote(a) for a in (PYDOCK, *args)) + '; echo "rc=$?"; stty -a'
    return pexpect.spawn("sh", ["-c", line], env=env, encoding="utf-8", timeout=30, dimensions=(24, 80))


def _code_and_terminal(child: pexpect.spawn) -> tuple[int, str]:
    """(pydock's code, the terminal's local modes as stty prints them afterwards)."""
    child.expect(r"rc=(\d+)")
    code = int(child.match.group(1))
    child.expect(pexpect.EOF)
    child.close()
    modes = " ".join(word for word in child.before.split() if word.lstrip("-") in ("icanon", "echo", "isig", "opost"))
    return code, modes


COOKED = "opost isig icanon echo"  # in the order stty -a prints them


@pytest.mark.parametrize(("flags", "env", "keys", "together"), [
    ((), {}, "\x10\x11", False),  # docker's default: ctrl-p ctrl-q, typed
    ((), {}, "\x10\x11", True),  # pasted at once: docker's detach too
    (("--detach-keys=ctrl-a,x",), {}, "\x01x", False),
    ((), {"detachKeys": "ctrl-e,e"}, "\x05e", False),  # config.json's
])
def test_exec_it_detaches_with_the_detach_keys(sleeper, tmp_path, flags, env, keys, together):
    # nerdctl's exec has no detach keys; docker's client: `read escape sequence`, exit 1, the process runs on
    container = sleeper
    environ = dict(os.environ)
    if env:
        (tmp_path / "config.json").write_text(json.dumps(env))
        environ["DOCKER_CONFIG"] = str(tmp_path)
    child = _in_shell("exec", "-it", *flags, container, "sh", "-c", "echo ready; cat; echo cat-ended", env=environ)
    child.expect_exact("ready")
    time.sleep(0.5)
    for key in [keys] if together else keys:
        time.sleep(0.2)
        child.send(key)
    child.expect_exact("\r\nread escape sequence\r\n")
    assert _code_and_terminal(child) == (1, COOKED)
    assert "cat-ended" not in child.before
    assert " cat\n" in pydock("exec", container, "ps").stdout  # still reading its terminal


def test_exec_it_passes_a_broken_detach_sequence_on(sleeper):
    container = sleeper
    child = _spawn("exec", "-it", container, "sh", "-c", "echo ready; od -c; echo od-ended")
    child.expect_exact("ready")
    time.sleep(0.5)
    child.send("\x10")
    time.sleep(0.3)
    child.send("a\x10\x10\r\x04")  # ctrl-p then a: both reach the process; the end of input (ctrl-d) too
    child.expect_exact("020   a 020 020  \\n")
    child.expect_exact("od-ended")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_on_a_terminal_to_run_t_is_proxied(busybox, name):
    # without -i docker leaves the terminal cooked: Ctrl-C is a SIGINT to the client, which proxies it (nerdctl's
    # -t made the terminal raw: a byte nobody read)
    container = name("runtctrlc")
    child = _spawn("run", "-t", "--name", container, busybox, "sh", "-c", TRAP)
    child.expect_exact("ready")
    time.sleep(1)
    backend = _descendants(child.pid)
    child.sendintr()
    child.expect_exact("^Cgot-INT\r\r\n")  # echoed by the cooked terminal; the container's \r\n, and the terminal's \r
    assert _ended(child, backend) == 130
    assert _state(container) == "exited 130"


@pytest.mark.parametrize("flags", [("-t",), ("-it",)])
@pytest.mark.parametrize(("signum", "code"), [(INT, 0), (TERM, 0), (HUP, 128 + HUP)])
def test_exec_t_on_a_terminal_ends_on_a_signal_by_kill_as_dockers(sleeper, flags, signum, code):
    # docker's exec proxies nothing: 0 for SIGINT / SIGTERM, dies of SIGHUP; the process runs on; the terminal is
    # given back as it was (nerdctl's `exec -t` died of the signal: 128+N)
    container = sleeper
    child = _in_shell("exec", *flags, container, "sh", "-c", "echo ready; exec sleep 60")
    child.expect_exact("ready")
    time.sleep(1)
    pids = [pid for pid in _descendants(child.pid) if _command(pid).endswith("pydock")]
    assert len(pids) == 1
    backend = _descendants(pids[0])
    os.kill(pids[0], signum)
    assert _code_and_terminal(child) == (code, COOKED)
    assert [pid for pid in backend if not _gone(pid)] == []
    assert "sleep 60" in pydock("exec", container, "ps").stdout


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            words = f.read().split(b"\0")
    except OSError:
        return ""
    return " ".join(w.decode(errors="replace") for w in words[:2])


@pytest.mark.parametrize(("presses", "code"), [(1, 0), (2, 130)])
def test_ctrl_c_on_a_terminal_to_compose_up(busybox, tmp_path, presses, code):
    # docker compose's key menu reads Ctrl-C on a terminal: the first stops the project gracefully and ends 0
    # (off a terminal: 130), a second one kills the containers and ends 130
    project = f"pydock-sig-{uuid.uuid4().hex[:8]}"
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
    child = pexpect.spawn(PYDOCK, ["compose", "-p", project, "up"], cwd=str(tmp_path), env=env, encoding="utf-8",
                          timeout=60, dimensions=(24, 80))
    try:
        child.expect_exact("web-ready")
        if "slow-ready" not in child.before:
            child.expect_exact("slow-ready")
        time.sleep(1)
        backend = _descendants(child.pid)
        child.sendintr()
        child.expect_exact("Gracefully Stopping... press Ctrl+C again to force")
        if presses == 2:
            time.sleep(0.3)
            child.sendintr()
        assert _ended(child, backend) == code
        states = (_state(f"{project}-web-1"), _state(f"{project}-slow-1"))
        if presses == 1:
            assert "| web-got-TERM" in child.before
            assert states == ("exited 0", "exited 137")
        else:
            assert states[1] == "exited 137"
    finally:
        child.close(force=True)
        subprocess.run([PYDOCK, "compose", "-p", project, "down", "-t", "0"], cwd=tmp_path, capture_output=True,
                       check=False)
