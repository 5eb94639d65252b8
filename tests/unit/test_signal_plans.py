"""Which of docker's signal rules each attached command's plan asks for (shim/signal_rules.py), and whether nerdctl
runs out of the terminal's reach: the integration tests (tests/integration/test_signals.py) check the effects."""

from __future__ import annotations

import pytest

from shim.plan import FOLLOW, INHERIT, KEEP, KILL, LEAVE, PROXY, PTY
from tests.unit.test_translate_nerdctl import ctx, translate


@pytest.mark.parametrize(("argv", "tty", "signals", "own_group", "stdin"), [
    (["busybox", "sh"], False, PROXY, False, INHERIT),  # nerdctl proxies; the terminal's Ctrl-C reaches it
    (["--sig-proxy=false", "busybox", "sh"], False, KEEP, True, INHERIT),
    (["--sig-proxy=false", "-i", "busybox", "sh"], True, KEEP, False, INHERIT),  # it reads the terminal
    # nerdctl's -t drives whichever stream is a terminal: it stays in pydock's group; pydock proxies with kill
    (["-t", "busybox", "sh"], True, KILL, False, INHERIT),
    (["-t", "busybox", "sh"], False, KILL, False, PTY),
    (["-it", "busybox", "sh"], True, KILL, False, INHERIT),
    (["-t", "--sig-proxy=false", "busybox", "sh"], True, KEEP, False, INHERIT),
])
def test_run(argv, tty, signals, own_group, stdin):
    plan = translate("run", *argv, context=ctx(stdin_tty=tty))
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
    (["-it", "c", "sh"], True, PROXY, False),  # nerdctl's terminal handling stays in charge
])
def test_exec(argv, tty, signals, own_group):
    plan = translate("exec", *argv, context=ctx(stdin_tty=tty))
    assert (plan.signals, plan.own_group) == (signals, own_group)


def test_logs():
    assert (translate("logs", "-f", "c").signals, translate("logs", "-f", "c").own_group) == (FOLLOW, True)
    assert translate("logs", "c").signals == PROXY
