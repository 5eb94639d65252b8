"""docker start on nerdctl (issue #11): each container answered as docker answers, `start -a`'s exit code —
the plans, fed what nerdctl prints."""

from __future__ import annotations

import pytest

from shim.backends import Context
from shim.backends.nerdctl.lifecycle import translate_start
from shim.errors import DockerError
from shim.parse import parse_command
from shim.plan import Done, Plan, Result
from shim.spec.others import lookup

RUNNING, CREATED, EXITED, PAUSED = "a" * 64, "b" * 64, "c" * 64, "d" * 64
LISTING = (f"{RUNNING}|web|Up 3 seconds\n{CREATED}|fresh|Created\n{EXITED}|old|Exited (3) 1 minute ago\n"
           f"{PAUSED}|frozen|Paused\n").encode()
D = "Error response from daemon: "


def start(*argv: str) -> Plan:
    return translate_start(parse_command(list(argv), lookup("start")[1], "start"), Context())


@pytest.mark.parametrize(("names", "started", "stdout", "stderr", "code"), [
    (["fresh", "old"], ["fresh", "old"], "fresh\nold\n", "", 0),
    (["web"], [], "web\n", "", 0),  # running already: named, no warning
    (["fresh", "nope"], ["fresh"], "fresh\n", f"{D}No such container: nope\nError: failed to start containers: nope", 1),
    (["frozen"], [], "", f"{D}cannot start a paused container, try unpause instead\n"
                         "Error: failed to start containers: frozen", 1),
    (["nope", "web", "fresh"], ["fresh"], "web\nfresh\n",
     f"{D}No such container: nope\nError: failed to start containers: nope", 1),
])
def test_start_answers_for_each(names, started, stdout, stderr, code):
    plan = start(*names)
    assert plan.argv[1:3] == ["ps", "-a"]
    step = plan.then(Result(0, LISTING))
    if started:
        assert isinstance(step, Plan) and step.argv == ["nerdctl", "start", *started]
        step = step.then(Result(0, "".join(f"{n}\n" for n in started).encode()))
    assert isinstance(step, Done)
    assert (step.code, step.stdout, step.stderr) == (code, stdout, stderr)


def test_attach_returns_the_containers_exit_code():
    plan = start("-a", "old").then(Result(0, LISTING))
    assert isinstance(plan, Plan) and plan.argv == ["nerdctl", "start", "--attach", "old"]
    inspect = plan.then(Result(1, errors=['time="x" level=fatal msg="1 errors:\\n"']))  # nerdctl's own exit: 1
    assert isinstance(inspect, Plan) and inspect.argv[-1] == "old"
    done = inspect.then(Result(0, b"exited 5\n"))
    assert (done.code, done.stdout, done.stderr) == (5, "", "")


def test_attach_refusals():
    with pytest.raises(DockerError) as err:
        start("-a", "old", "fresh")
    assert (err.value.code, err.value.message) == (1, "you cannot start and attach multiple containers at once")
    done = start("-ai", "nope").then(Result(0, LISTING))
    assert (done.code, done.stderr) == (1, f"{D}No such container: nope")
    done = start("-a", "frozen").then(Result(0, LISTING))
    assert (done.code, done.stderr) == (1, f"{D}cannot start a paused container, try unpause instead")
