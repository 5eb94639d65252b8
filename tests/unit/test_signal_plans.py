"""Which of docker's signal rules each attached command's plan asks for (shim/signal_rules.py), and whether nerdctl
runs out of the terminal's reach: the integration tests (tests/integration/test_signals.py) check the effects."""

from __future__ import annotations

import json
import signal
import subprocess

import pytest

from shim.plan import (
    FOLLOW,
    INHERIT,
    KEEP,
    KILL,
    LEAVE,
    PROXY,
    PTY,
    STOP_PROJECT_KEYS,
    TERMINAL,
    TERMINAL_OUTPUT,
    Result,
)
from shim.signal_rules import Rules, Stopped
from tests.unit.test_translate_nerdctl import ctx, translate


@pytest.mark.parametrize(("argv", "tty", "signals", "own_group", "stdin"), [
    (["busybox", "sh"], False, PROXY, False, INHERIT),  # nerdctl proxies; the terminal's Ctrl-C reaches it
    (["--sig-proxy=false", "busybox", "sh"], False, KEEP, True, INHERIT),
    (["--sig-proxy=false", "-i", "busybox", "sh"], True, KEEP, False, INHERIT),  # it reads the terminal
    # -t: nerdctl on a terminal of pydock's, relayed to the user's (read and raw with -i only); pydock proxies
    # with kill
    (["-t", "busybox", "sh"], True, KILL, True, TERMINAL_OUTPUT),
    (["-t", "busybox", "sh"], False, KILL, True, PTY),
    (["-it", "busybox", "sh"], True, KILL, True, TERMINAL),
    (["-t", "--sig-proxy=false", "busybox", "sh"], True, KEEP, True, TERMINAL_OUTPUT),
])
def test_run(argv, tty, signals, own_group, stdin):
    plan = translate("run", *argv, context=ctx(stdin_tty=tty, stdout_tty=tty))
    assert (plan.signals, plan.own_group, plan.stdin) == (signals, own_group, stdin)
    if signals == KILL:
        assert plan.proxy_kill == ("nerdctl", "kill", "--signal={sig}", "{cid}")
        assert f"--cidfile={plan.cidfile}" in plan.argv and plan.cleanup == (plan.cidfile,)


def test_detached_run_has_no_rules():
    plan = translate("run", "-d", "--sig-proxy=false", "busybox", "sh")
    assert (plan.signals, plan.own_group) == (PROXY, False)


@pytest.mark.parametrize(("argv", "tty", "signals", "own_group"), [
    (["c", "sh"], True, LEAVE, True),
    (["-i", "c", "sh"], False, LEAVE, True),  # stdin is a pipe: no terminal to read
    (["-i", "c", "sh"], True, LEAVE, False),
    (["-it", "c", "sh"], True, LEAVE, True),  # on a relayed terminal of pydock's
    (["-t", "c", "sh"], True, LEAVE, True),
])
def test_exec(argv, tty, signals, own_group):
    plan = translate("exec", *argv, context=ctx(stdin_tty=tty))
    assert (plan.signals, plan.own_group) == (signals, own_group)


@pytest.mark.parametrize(("stdin_tty", "stdout_tty", "argv", "stdin"), [
    (True, True, ["-it"], TERMINAL),
    (True, True, ["-t"], TERMINAL_OUTPUT),  # docker reads no input and leaves the terminal cooked without -i
    (False, True, ["-t"], TERMINAL_OUTPUT),
    (True, False, ["-it"], TERMINAL),  # output to a pipe or a file, input typed
    (False, False, ["-t"], PTY),  # no terminal of the user's: nerdctl gets one of its own, nothing relayed
    (True, True, ["-i"], INHERIT),
])
def test_which_terminal_nerdctl_gets(stdin_tty, stdout_tty, argv, stdin):
    context = ctx(stdin_tty=stdin_tty, stdout_tty=stdout_tty)
    assert translate("exec", *argv, "c", "sh", context=context).stdin == stdin
    assert translate("run", *argv, "busybox", "sh", context=context).stdin == stdin


@pytest.mark.parametrize(("argv", "config", "keys"), [
    ([], "", b"\x10\x11"),  # docker's ctrl-p,ctrl-q
    (["--detach-keys=ctrl-a,x"], "", b"\x01x"),
    (["--detach-keys=ctrl-@,CTRL-_,ctrl-[,a"], "", b"\x00\x1f\x1ba"),
    ([], "ctrl-e,e", b"\x05e"),  # config.json's detachKeys
    (["--detach-keys=ctrl-x"], "ctrl-e,e", b"\x18"),  # the flag wins
])
def test_exec_detach_keys(tmp_path, argv, config, keys):
    if config:
        (tmp_path / "config.json").write_text(json.dumps({"detachKeys": config}))
    context = ctx(stdin_tty=True, stdout_tty=True, config=str(tmp_path))
    assert translate("exec", "-it", *argv, "c", "sh", context=context).detach_keys == keys
    assert translate("exec", "-t", *argv, "c", "sh", context=context).detach_keys == b""  # nothing typed


def test_run_hands_config_detach_keys_to_nerdctl(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"detachKeys": "ctrl-e,e"}))
    context = ctx(stdin_tty=True, stdout_tty=True, config=str(tmp_path))
    assert "--detach-keys=ctrl-e,e" in translate("run", "-it", "busybox", "sh", context=context).argv
    given = translate("run", "-it", "--detach-keys=ctrl-x", "busybox", "sh", context=context).argv
    assert "--detach-keys=ctrl-x" in given and "--detach-keys=ctrl-e,e" not in given


def test_logs():
    assert (translate("logs", "-f", "c").signals, translate("logs", "-f", "c").own_group) == (FOLLOW, True)
    assert translate("logs", "c").signals == PROXY


@pytest.mark.parametrize(("argv", "config", "shown"), [
    (["--detach-keys=ctrl-1"], "", "ctrl-1"),
    (["--detach-keys=ab"], "", "ab"),
    (["--detach-keys=a,,b"], "", "a,,b"),  # an empty key is no key
    (["--detach-keys=é"], "", "é"),  # one character, two bytes: no key
    ([], "bad", "bad"),  # config.json's too
])
@pytest.mark.parametrize("terminal", [[], ["-it"]])
def test_exec_refuses_detach_keys_the_engine_cannot_parse(tmp_path, argv, config, shown, terminal):
    # the engine's answer once the container is found running, whatever the exec would read
    if config:
        (tmp_path / "config.json").write_text(json.dumps({"detachKeys": config}))
    context = ctx(stdin_tty=True, stdout_tty=True, config=str(tmp_path))
    probe = translate("exec", *terminal, *argv, "c", "sh", context=context)
    assert probe.argv[-4:] == ["inspect", "--format", "{{.State.Status}} {{.Id}}", "c"]
    done = probe.then(Result(0, b"running 0123abc\n"))
    assert (done.code, done.stderr) == (1, f"Error response from daemon: Invalid escape keys ({shown}) provided")
    done = probe.then(Result(0, b"exited 0123abc\n"))
    assert (done.code, done.stderr) == (1, "Error response from daemon: container 0123abc is not running")


@pytest.mark.parametrize(("signals", "code", "killed"), [
    ([signal.SIGINT], 0, []),  # compose's key menu: one Ctrl-C stops the project gracefully, then 0
    ([signal.SIGINT, signal.SIGINT], 130, [signal.SIGKILL]),  # a second one kills the containers
    ([signal.SIGINT, signal.SIGINT, signal.SIGINT], 130, [signal.SIGKILL]),  # keys to compose, never counted
    ([signal.SIGTERM], 130, []),  # other signals as off a terminal
])
def test_compose_up_on_a_terminal_reads_ctrl_c_as_composes_menu(capsys, signals, code, killed):
    child = subprocess.Popen(["sleep", "30"])
    sent: list[int] = []
    rules = Rules(child.pid, STOP_PROJECT_KEYS, own_group=False, archive=False, proxy=sent.append)
    try:
        for signum in signals:
            rules.on_signal(signum)
        assert child.wait(timeout=5) == -signal.SIGINT  # nerdctl's compose is told to stop the project
        with pytest.raises(Stopped) as stopped:
            rules.after()
        assert (stopped.value.code, sent) == (code, killed)
        assert "Gracefully Stopping... press Ctrl+C again to force" in capsys.readouterr().err
    finally:
        child.kill()
        child.wait()
