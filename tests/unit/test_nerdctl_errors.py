"""nerdctl's log records restated in docker's words and exit codes."""

from __future__ import annotations

import pytest

from shim.backends.nerdctl.errors import docker_message, parse_record, restate
from shim.plan import Result


def record(msg: str, level: str = "fatal") -> str:
    escaped = msg.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'time="2026-11-24T21:42:04Z" level={level} msg="{escaped}"'


def test_parse_record_unquotes_go_strings():
    line = r'time="2026-11-24T21:40:00Z" level=fatal msg="1 errors:\nname \"x\" is \\ used"'
    assert parse_record(line) == {"time": "2026-11-24T21:40:00Z", "level": "fatal",
                                  "msg": '1 errors:\nname "x" is \\ used'}


@pytest.mark.parametrize(
    ("nerdctl", "docker"),
    [
        ("no such container: web", "Error response from daemon: No such container: web"),
        ("no such container web", "Error response from daemon: No such container: web"),
        ("no such image: nosuch", "Error response from daemon: No such image: nosuch:latest"),
        ("no such image: nosuch:1", "Error response from daemon: No such image: nosuch:1"),
        # a short ID that matches nothing is a name to docker; a full one is an ID
        ("no such image: 9af8f050bf31", "Error response from daemon: No such image: 9af8f050bf31:latest"),
        ("no such image: " + "b" * 64, "Error response from daemon: No such image: sha256:" + "b" * 64),
        ("no such image: sha256:9af8", "Error response from daemon: No such image: sha256:9af8"),
        ('name-store error\nname "c1" is already used by ID "' + "a" * 64 + '"',
         'Error response from daemon: Conflict. The container name "/c1" is already in use by container "'
         + "a" * 64 + '". You have to remove (or rename) that container to be able to reuse that name.'),
        ('cannot access containerd socket "/run/x.sock": no such file or directory',
         "Cannot connect to the Docker daemon at unix:///run/x.sock. Is the docker daemon running?"),
        ('connection error: desc = "transport: Error while dialing: dial unix /run/y.sock: connect: connection refused"',
         "Cannot connect to the Docker daemon at unix:///run/y.sock. Is the docker daemon running?"),
        ("container abc is in running status. unpause/stop container first or force removal",
         'Error response from daemon: cannot remove container "abc": container is running: stop the container '
         "before removing or force remove"),  # Engine 29's words
        ("container abc is in paused status. unpause/stop container first or force removal",  # Engine 29's
         'Error response from daemon: cannot remove container "abc": container is paused and must be unpaused first'),
    ],
)
def test_messages(nerdctl, docker):
    assert docker_message(nerdctl) == docker


# Where Engine 20.10 and Engine 29 word a failure differently, Engine 29's words (issue #11).
_REF = "127.0.0.1:5000/x/nope:1"
_NO_CREDENTIALS = ("repository does not exist or may require authorization: authorization failed: no basic auth "
                   "credentials")


@pytest.mark.parametrize(
    ("verb", "names", "nerdctl", "docker"),
    [
        ("pull", (_REF,), f"failed to resolve image: {_REF}: not found",
         f'Error response from daemon: failed to resolve reference "{_REF}": {_REF}: not found'),
        ("pull", (_REF,), f"failed to resolve image: pull access denied, {_NO_CREDENTIALS}",
         f'Error response from daemon: failed to resolve reference "{_REF}": pull access denied, {_NO_CREDENTIALS}'),
        ("push", (), f"failed to do request: {_NO_CREDENTIALS}", f"push access denied, {_NO_CREDENTIALS}"),
        ("push", (), f'image "{_REF}": not found', f"tag does not exist: {_REF}"),
        ("run", (), 'unsupported restart policy "sometimes"',
         "Error response from daemon: invalid restart policy: unknown policy 'sometimes'; use one of 'no', "
         "'always', 'on-failure', or 'unless-stopped'"),
        ("rm", ("web",), "container " + "a" * 64 + " is in running status. unpause/stop container first or force "
         "removal", 'Error response from daemon: cannot remove container "web": container is running: stop the '
         "container before removing or force remove"),
        ("unpause", (), "no running task found: task abc not found", "Error response from daemon: Container abc is "
         "not paused"),
        # containerd's own create failure gets Engine 29's prefix, runc 1.2's "error during container init" and no
        # grpc code; the exec failure keeps its own words
        ("run", (), 'failed to create shim task: OCI runtime create failed: runc create failed: unable to start '
         'container process: exec: "x": executable file not found in $PATH: unknown',
         'Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime '
         'create failed: runc create failed: unable to start container process: error during container init: '
         'exec: "x": executable file not found in $PATH'),
        ("run", (), 'failed to create shim task: OCI runtime create failed: runc create failed: unable to start '
         'container process: error during container init: exec: "x": permission denied: unknown',
         'Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime '
         'create failed: runc create failed: unable to start container process: error during container init: '
         'exec: "x": permission denied'),
        ("exec", (), 'OCI runtime exec failed: exec failed: unable to start container process: exec: "x": '
         "executable file not found in $PATH: unknown",
         'Error response from daemon: OCI runtime exec failed: exec failed: unable to start container process: '
         'exec: "x": executable file not found in $PATH'),
    ],
)
def test_engine29_words(verb, names, nerdctl, docker):
    assert docker_message(nerdctl, verb, names) == docker


# Objects missing, or gone between nerdctl's lookup and its call (issue 9, item 5): docker's words, which
# clients such as python-on-whales map to their exceptions ("No such container", "no such volume", ...).
@pytest.mark.parametrize(
    ("verb", "nerdctl", "docker"),
    [
        ("rm", 'container "' + "c" * 64 + '" in namespace "default": not found',
         "Error response from daemon: No such container: " + "c" * 64),
        ("stop", 'container "abc" in namespace "pydock-test": not found', "Error response from daemon: No such container: abc"),
        ("cp", "no container found for: web", "Error response from daemon: No such container: web"),
        ("attach", "no container is found given the string: web", "Error response from daemon: No such container: web"),
        ("exec", "no running task found: task abc not found", "Error response from daemon: container abc is not running"),
        ("pause", "no running task found: task abc not found", "Error response from daemon: container abc is not running"),
        ("top", "no running task found: task abc not found", "Error response from daemon: container abc is not running"),
        ("unpause", "no running task found: task abc not found", "Error response from daemon: Container abc is not paused"),
        ("unpause", "container abc is not paused", "Error response from daemon: Container abc is not paused"),
        ("attach", "failed to attach to the container: no running task found: task abc not found",
         "You cannot attach to a stopped container, start it first"),
        ("inspect", 'volume-store error\nnot found\n"v1/volume.json" does not exist',
         "Error response from daemon: get v1: no such volume"),
        ("inspect", "no network found matching: n1", "Error response from daemon: network n1 not found"),
    ],
)
def test_missing_objects(verb, nerdctl, docker):
    assert docker_message(nerdctl, verb) == docker


CID = "d" * 64
VANISHED = f'container "{CID}" in namespace "default": not found'


@pytest.mark.parametrize(
    ("verb", "names", "shown"),
    [
        ("rm", ("web",), "web"),  # one name: the one the user typed
        ("rm", ("web", "ddd"), "ddd"),  # an ID prefix the user typed
        ("rm", ("web", "db"), CID),  # which of several: only the ID says
        ("exec", ("web", "sh", "-c", "true"), "web"),  # the command's one container comes first
        ("rm", (), CID),
    ],
)
def test_vanished_container_is_named_as_typed(verb, names, shown):
    assert docker_message(VANISHED, verb, names) == f"Error response from daemon: No such container: {shown}"


@pytest.mark.parametrize(
    ("names", "docker"),
    [
        # Engine 29 names the missing image as it resolved it, whatever form it was typed in
        (("nosuch",), "Error response from daemon: No such image: nosuch:latest"),
        (("nosuch:latest",), "Error response from daemon: No such image: nosuch:latest"),
        (("busybox", "nosuch"), "Error response from daemon: No such image: nosuch:latest"),
        (("docker.io/library/nosuch",), "Error response from daemon: No such image: nosuch:latest"),
    ],
)
def test_save_missing(names, docker):
    assert docker_message('image "docker.io/library/nosuch:latest": not found', "save", names) == docker


def test_inspect_missing_volume_is_an_error_not_a_warning():
    done = restate(Result(1, errors=[record('volume-store error\nnot found\n"v1/volume.json" does not exist', "warning"),
                                     record("some volumes could not be inspected")]), verb="inspect", path="volume inspect")
    assert (done.code, done.stderr) == (1, "Error response from daemon: get v1: no such volume")


def test_one_line_per_object():
    done = restate(Result(1, errors=[record("2 errors:\nno such container: a\nno such container: b")]),
                   verb="rm", path="rm")
    assert done.stderr == ("Error response from daemon: No such container: a\n"
                           "Error response from daemon: No such container: b")
    assert done.code == 1


@pytest.mark.parametrize(
    ("verb", "code", "msg", "expected"),
    [
        ("exec", 1, "exec failed with exit code 42", 42),
        ("exec", 1, 'OCI runtime exec failed: exec failed: unable to start container process: exec: "x": '
                    "executable file not found in $PATH", 127),  # Engine 29: by cause, as run
        ("exec", 1, 'OCI runtime exec failed: exec failed: unable to start container process: exec: "/etc": '
                    "permission denied", 126),
        ("run", 1, 'failed to create shim task: OCI runtime create failed: exec: "/etc/passwd": permission denied',
         126),
        ("run", 1, "failed to resolve image", 125),
        ("ps", 1, "some failure", 1),
        ("run", 3, "", 3),
    ],
)
def test_exit_codes(verb, code, msg, expected):
    errors = [record(msg)] if msg else []
    assert restate(Result(code, errors=errors), verb=verb, path=verb).code == expected


def test_run_errors_point_at_help():
    done = restate(Result(1, errors=[record("boom")]), verb="run", path="container run")
    assert done.stderr == ("docker: Error response from daemon: boom\n\n"
                           "Run 'docker container run --help' for more information")


def test_info_is_dropped_and_warnings_kept():
    done = restate(Result(0, errors=[record("pushing as a reduced-platform image", "info"),
                                     record("careful", "warning")]), verb="push", path="push")
    assert (done.code, done.stderr) == (0, "WARNING: careful")


def test_error_records_do_not_fail_a_successful_command():
    # nerdctl's signal proxy noise after a fast container; rm -f's report of a missing container
    noise = record("forward signal urgent I/O condition", "error")
    assert restate(Result(0, errors=[noise]), verb="run", path="run").stderr == ""
    assert restate(Result(0, errors=[noise]), verb="run", path="run").code == 0
    missing = record("1 errors:\nno such container: x", "error")
    done = restate(Result(0, errors=[missing]), verb="rm", path="rm")
    assert (done.code, done.stderr) == (0, "Error response from daemon: No such container: x")


def test_ipc_host_without_message_queue_mount_says_why():
    message = ('failed to create shim task: OCI runtime create failed: runc create failed: unable to start '
               'container process: error during container init: error mounting "/dev/mqueue" to rootfs at '
               '"/dev/mqueue": stat /dev/mqueue: no such file or directory: unknown')
    done = restate(Result(1, errors=[record(message)]), verb="run", path="run")
    first, hint = done.stderr.rsplit("\n", 1)
    assert first.startswith("docker: Error response from daemon: failed to create task for container: failed to "
                            "create shim task")
    assert "no such file or directory\n\nRun 'docker run --help'" in first  # Engine 29 drops the grpc code
    assert hint.startswith("pydock: --ipc=host shares the host's /dev/mqueue") and "mount -t mqueue" in hint
    # docker's CLI turns any "no such file or directory" of run into 127
    assert done.code == 127


def test_kill_of_a_paused_container_thaws_it_silently():
    done = restate(Result(0, errors=[record("cannot unpause container abc: OCI runtime resume failed: container not "
                                            "paused", "warning")]), verb="kill", path="kill")
    assert (done.code, done.stderr) == (0, "")


@pytest.mark.parametrize("lost", ["error reading from server: EOF", "error reading from server: connection reset by peer",
                                  "rpc error: code = Unavailable desc = transport is closing"])
def test_containerd_lost_mid_command_is_dockers_cannot_connect(lost, monkeypatch):
    # containerd stopped or restarted while nerdctl was talking to it (tests/integration/test_faults.py)
    from shim.backends.nerdctl import errors

    monkeypatch.setattr(errors, "given_address", "/run/c.sock")
    result = Result(1, errors=[record("progress stream failed to recv", "error"), record(lost)])
    done = restate(result, verb="load", path="load")
    assert (done.code, done.stderr) == (1, "Cannot connect to the Docker daemon at unix:///run/c.sock. "
                                           "Is the docker daemon running?")
    run = restate(result, verb="run", path="run")
    assert run.code == 125
    assert run.stderr.startswith("docker: Cannot connect to the Docker daemon at unix:///run/c.sock.")
