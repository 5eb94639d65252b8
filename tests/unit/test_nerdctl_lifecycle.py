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


def test_start_i_attaches_the_output_too():
    # docker's start -i is -a -i; nerdctl's -i alone would start the container detached and print its name
    plan = start("-i", "old").then(Result(0, LISTING))
    assert isinstance(plan, Plan) and plan.argv == ["nerdctl", "start", "--attach", "--interactive", "old"]


def test_attach_refusals():
    with pytest.raises(DockerError) as err:
        start("-a", "old", "fresh")
    assert (err.value.code, err.value.message) == (1, "you cannot start and attach multiple containers at once")
    done = start("-ai", "nope").then(Result(0, LISTING))
    assert (done.code, done.stderr) == (1, f"{D}No such container: nope")
    done = start("-a", "frozen").then(Result(0, LISTING))
    assert (done.code, done.stderr) == (1, f"{D}cannot start a paused container, try unpause instead")


def parsed(path: str, *argv: str):
    return parse_command(list(argv), lookup(path)[1], path)


def test_top_refuses_a_container_that_is_not_running():
    from shim.backends.nerdctl.top import translate_top

    plan = translate_top(parsed("top", "old", "-o", "pid"), Context())
    assert plan.argv[1:3] == ["container", "inspect"]
    assert plan.argv[-2] == "{{.State.Status}} {{.Id}}"  # nerdctl's inspect JSON says Id, not ID
    done = plan.then(Result(0, f"exited {EXITED}\n".encode()))
    assert (done.code, done.stderr) == (1, f"{D}container {EXITED} is not running")
    created = plan.then(Result(0, f" {EXITED}\n".encode()))  # never started: nerdctl prints no status
    assert (created.code, created.stderr) == (1, f"{D}container {EXITED} is not running")
    top = plan.then(Result(0, f"running {RUNNING}\n".encode()))
    assert isinstance(top, Plan) and top.argv == ["nerdctl", "top", "--", "old", "-o", "pid"]
    shown = top.restate(Result(1, errors=['time="x" level=fatal msg="error: unknown user-defined format specifier '
                                          '\\"bogus\\""']))
    assert shown.stderr == f'{D}ps: error: unknown user-defined format specifier "bogus"'


def test_rename_as_the_daemon_reads_the_new_name():
    from shim.backends.nerdctl.rename import translate_rename

    plan = translate_rename(parsed("rename", "web", "/web2"), Context())
    assert plan.argv == ["nerdctl", "rename", "web", "web2"]  # nerdctl refuses the slash docker drops
    same = translate_rename(parsed("rename", "web", "/web"), Context())
    assert same.argv[1:3] == ["container", "inspect"]
    done = same.then(Result(0, RUNNING.encode()))
    assert (done.code, done.stderr) == (1, f"{D}Renaming a container with the same name as its current name\n"
                                           "Error: failed to rename container named web")
    conflict = plan.restate(Result(1, errors=['time="x" level=fatal msg="name-store error: name \\"web2\\" is already '
                                              f'used by ID \\"{EXITED}\\""']))
    assert conflict.stderr == (f'{D}Error when allocating new name: Conflict. The container name "/web2" is already in '
                               f'use by container "{EXITED}". You have to remove (or rename) that container to be '
                               "able to reuse that name.\nError: failed to rename container named web")


def test_port_that_is_not_a_number():
    from shim.backends.nerdctl.passthrough import translate_other

    plan = translate_other(parsed("port", "web", "abc"), Context())
    done = plan.then(Result(1, errors=['time="x" level=fatal msg="strconv.Atoi: parsing \\"abc\\": invalid syntax"']))
    assert done.stderr == 'Error: invalid port (abc): strconv.ParseUint: parsing "abc": invalid syntax'


def test_update_names_what_it_updated_and_words_a_bad_policy():
    from shim.backends.nerdctl.passthrough import translate_other

    plan = translate_other(parsed("update", "--memory", "64m", "web", "old"), Context())
    done = plan.then(Result(0, b""))
    assert (done.code, done.stdout) == (0, "web\nold\n")
    plan = translate_other(parsed("update", "--restart", "sometimes", "web"), Context())
    done = plan.then(Result(1, errors=['time="x" level=fatal msg="unsupported restart policy \\"sometimes\\", '
                                       'supported policies are: [no always on-failure unless-stopped]"']))
    assert (done.code, done.stdout, done.stderr) == (
        1, "", f"{D}invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', "
               "or 'unless-stopped'")


@pytest.mark.parametrize(("args", "nerdctl", "docker"), [
    (["a", "b"], "one of src or dest must be a container file specification", "must specify at least one container source"),
    (["c:/a", "c:/b"], "one of src or dest must be a local file specification",
     "copying between containers is not supported"),
    (["/no/such", "c:/tmp"], "unable to copy: source does not exist", "lstat /no/such: no such file or directory"),
    (["c:/nope", "out"], "unable to copy: source does not exist", f"{D}Could not find the file /nope in container c"),
    (["d", "c:/no/dir/x"], "unable to copy: destination parent does not exist",
     f"{D}Could not find the file /no/dir in container c"),
])
def test_cp_errors_in_dockers_words(args, nerdctl, docker):
    from shim.backends.nerdctl.passthrough import translate_other

    plan = translate_other(parsed("cp", *args), Context())
    done = plan.restate(Result(1, errors=[f'time="x" level=fatal msg="{nerdctl}"']))
    assert (done.code, done.stderr) == (1, docker)


def test_attach_follows_the_output_from_now_then_returns_the_exit_code():
    from shim.backends.nerdctl.lifecycle import translate_attach

    plan = translate_attach(parsed("attach", "--no-stdin", "web"), Context(now=1700000000.25))
    assert plan.argv[1:3] == ["container", "inspect"]
    follow = plan.then(Result(0, b"running\n"))
    assert isinstance(follow, Plan)
    assert follow.argv == ["nerdctl", "logs", "--follow", "--since=2023-11-14T22:13:20.250000Z", "web"]
    done = follow.then(Result(0)).then(Result(0, b"exited 4\n"))
    assert (done.code, done.stdout, done.stderr) == (4, "", "")
    for status, message in (("exited", "You cannot attach to a stopped container, start it first"),
                            ("created", "You cannot attach to a stopped container, start it first"),
                            ("paused", "You cannot attach to a paused container, unpause it first")):
        done = plan.then(Result(0, f"{status}\n".encode()))
        assert (done.code, done.stderr) == (1, message)
