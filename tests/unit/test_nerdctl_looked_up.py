"""kill and wait answer for each container given, as docker does, where nerdctl stops at the first it cannot
handle (issue 9, item 5): the plans, fed what nerdctl prints."""

from __future__ import annotations

import pytest

from shim.backends import Context
from shim.backends.nerdctl import looked_up
from shim.plan import Done, Plan, Result

RUNNING, CREATED, EXITED = "a" * 64, "b" * 64, "c" * 64
LISTING = f"{RUNNING}|web|Up 3 seconds\n{CREATED}|fresh|Created\n{EXITED}|old|Exited (3) 1 minute ago\n".encode()
D = "Error response from daemon: "


def ctx() -> Context:
    return Context("nerdctl", "nerdctl", stdin_tty=False, stdout_tty=False)


def test_states_find_containers_as_docker_does():
    found = looked_up.states(LISTING, ["web", "bbb", EXITED, "nope"])
    assert found == {"web": (RUNNING, "Up 3 seconds"), "bbb": (CREATED, "Created"),
                     EXITED: (EXITED, "Exited (3) 1 minute ago"), "nope": (looked_up.MISSING, "")}


def test_kill_sends_only_running_containers_and_words_the_rest():
    plan = looked_up.translate("kill", ["-s", "KILL", "web", "fresh", "nope"], ctx(), None)
    assert plan.argv[1:3] == ["ps", "-a"]
    kill = plan.then(Result(0, LISTING))
    assert isinstance(kill, Plan) and kill.argv == ["nerdctl", "kill", "--signal=SIGKILL", "web"]
    done = kill.then(Result(0, RUNNING.encode() + b"\n"))
    assert (done.code, done.stdout) == (1, "web\n")
    assert done.stderr == (f"{D}cannot kill container: fresh: container {CREATED} is not running\n"
                           f"{D}cannot kill container: nope: No such container: nope")


def test_kill_with_nothing_running_runs_nothing_more():
    done = looked_up.translate("container kill", ["old"], ctx(), None).then(Result(0, LISTING))
    assert isinstance(done, Done)
    assert (done.code, done.stderr) == (1, f"{D}cannot kill container: old: container {EXITED} is not running")


@pytest.mark.parametrize(("args", "waits", "stdout", "stderr", "code"), [
    (["web", "old"], ["web", "old"], "0\n3\n", "", 0),
    (["web", "fresh", "old"], ["web", "old"], "0\n0\n3\n", "", 0),  # never started: 0 at once, as docker
    (["nope", "web", "other"], ["web"], "0\n", f"{D}No such container: nope\n{D}No such container: other\n", 1),
])
def test_wait_answers_in_order(args, waits, stdout, stderr, code):
    plan = looked_up.translate("wait", args, ctx(), None).then(Result(0, LISTING))
    assert plan.argv == ["nerdctl", "wait", *waits]
    codes = "".join(f"{3 if w == 'old' else 0}\n" for w in waits).encode()
    done = plan.then(Result(0, codes))
    assert (done.code, done.stdout, done.stderr) == (code, stdout, stderr)


def test_wait_for_missing_containers_only():
    done = looked_up.translate("wait", ["nope"], ctx(), None).then(Result(0, LISTING))
    assert (done.code, done.stdout, done.stderr) == (1, "", f"{D}No such container: nope\n")


@pytest.mark.parametrize(("options", "argv", "problem"), [
    (["--signal=15"], ["--signal=SIGTERM"], ""),  # nerdctl reads a number as a name (SIG15)
    (["-s", "usr1"], ["--signal=SIGUSR1"], ""),
    (["-sHUP"], ["--signal=SIGHUP"], ""),
    (["--signal="], ["--signal=SIGKILL"], ""),  # docker's default
    (["--signal=37"], ["--signal=SIGRTMIN+3"], ""),
    ([], [], ""),
    (["--signal=SIGFOO"], [], "invalid signal: SIGFOO"),
    (["--signal=99"], [], "the linux daemon does not support signal 99"),
    (["--signal=0"], [], "invalid signal: 0"),
])
def test_kill_signals_as_the_daemon_reads_them(options, argv, problem):
    got, why = looked_up.kill_options(options)
    assert why == problem
    if not problem:
        assert got == argv


def test_a_refused_signal_is_refused_for_each_container():
    done = looked_up.translate("kill", ["--signal=SIGFOO", "web", "nope"], ctx(), None).then(Result(0, LISTING))
    assert (done.code, done.stdout, done.stderr) == (1, "", f"{D}cannot kill container: web: invalid signal: SIGFOO\n"
                                                             f"{D}cannot kill container: nope: invalid signal: SIGFOO")
