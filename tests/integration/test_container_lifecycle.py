"""Containers' lifecycle through the real pydock as docker behaves (issue #11): env files, attached streams,
exit codes, paused state, mounts. The differential scenarios are tests/compat/tables/containers.py."""

from __future__ import annotations

import time
import uuid

import pytest

from tests.conftest import pydock


@pytest.fixture
def name():
    """A container name of this test's own, removed afterwards."""
    made = f"pt-{uuid.uuid4().hex[:8]}"
    yield made
    pydock("rm", "-f", made)


def test_env_file_keeps_trailing_whitespace_and_drops_the_carriage_return(busybox, tmp_path):
    env = tmp_path / "a.env"
    env.write_bytes(b"\xef\xbb\xbfA=kept  \r\n  B=lead\n# C=no\nHOST_ONLY\nNOT_SET\n")
    result = pydock("run", "--rm", "--env-file", str(env), "-e", "B=flag", "busybox", "sh", "-c",
                    'echo "[$A][$B][$C][$HOST_ONLY][${NOT_SET-unset}]"', env={"HOST_ONLY": "h"})
    assert result.stdout == "[kept  ][flag][][h][unset]\n", result.stderr


def test_env_file_refused_as_docker_refuses_it(busybox, tmp_path, name):
    env = tmp_path / "bad.env"
    env.write_bytes(b"A=1\nB C=2\n")
    result = pydock("run", "--rm", "--name", name, "--env-file", str(env), "busybox", "true")
    assert (result.returncode, result.stderr) == (125, f"docker: invalid env file ({env}): variable 'B C' contains "
                                                       "whitespaces\n\nRun 'docker run --help' for more information\n")
    assert pydock("inspect", name).returncode == 1  # nothing was created


def test_exec_env_file(busybox, tmp_path, name):
    env = tmp_path / "x.env"
    env.write_bytes(b"A=exec  \n")
    pydock("run", "-d", "--name", name, "busybox", "sleep", "60", check=True)
    result = pydock("exec", "--env-file", str(env), name, "sh", "-c", 'echo "[$A]"')
    assert result.stdout == "[exec  ]\n", result.stderr


SCRIPT = "cat; echo err >&2; echo out; exit 3"


@pytest.mark.parametrize(("flags", "stdout", "stderr"), [
    (["-a", "stdout", "-i"], "piped\nout\n", ""),
    (["-a", "stdin", "-a", "stdout", "-i"], "piped\nout\n", ""),
    (["-a", "stdin", "-a", "stdout"], "out\n", ""),  # without -i the container's stdin is closed
    (["-i", "-a", "stderr"], "", "err\n"),
    (["-a", "stdin"], "", ""),
    (["-a", "stderr"], "", "err\n"),
])
def test_attached_streams_end_with_the_container(busybox, flags, stdout, stderr):
    # nerdctl's own -a with stdin never ends (issue #11: 90 s and more)
    result = pydock("run", *flags, "--rm", "busybox", "sh", "-c", SCRIPT, input="piped\n", timeout=30)
    assert (result.returncode, result.stdout, result.stderr) == (3, stdout, stderr)


def test_attach_and_detach_conflict(busybox):
    result = pydock("run", "-d", "-a", "stdout", "busybox", "true")
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", "conflicting options: cannot specify both --attach and --detach\n")


def test_paused_container_still_runs(busybox, name):
    pydock("run", "-d", "--name", name, "busybox", "sleep", "60", check=True)
    pydock("pause", name, check=True)
    state = pydock("inspect", "-f", "{{.State.Status}} {{.State.Running}} {{.State.Paused}}", name)
    assert state.stdout == "paused true true\n"


def test_start_attach_returns_the_exit_code(busybox, name):
    pydock("create", "--name", name, "busybox", "sh", "-c", "echo out; echo err >&2; exit 5", check=True)
    result = pydock("start", "-a", name)
    assert (result.returncode, result.stdout, result.stderr) == (5, "out\n", "err\n")


READ_ONE = "read l; echo got $l; exit 3"


@pytest.mark.parametrize(("create", "command", "start", "given", "expected"), [
    (["-i"], ["cat"], ["-ai"], "x\n", (0, "x\n")),
    (["-i"], ["sh", "-c", READ_ONE], ["-ai"], "x\n", (3, "got x\n")),
    (["-i"], ["sh", "-c", READ_ONE], ["-ai"], "", (3, "got\n")),  # stdin at its end: the container's ends too
    (["-i"], ["sh", "-c", READ_ONE], ["-i"], "x\n", (3, "got x\n")),  # -i alone attaches the output as well
    ([], ["cat"], ["-ai"], "x\n", (0, "")),  # made without -i: the container has no stdin, docker sends it none
    ([], ["cat"], ["-a"], "", (0, "")),
    ([], ["sh", "-c", READ_ONE], ["-ai"], "x\n", (3, "got\n")),
], ids=["cat", "read-one", "read-at-eof", "i-alone", "no-stdin-cat", "no-stdin-attach", "no-stdin-read"])
def test_start_attached_gives_the_container_docker_s_stdin(busybox, create, command, start, given, expected):
    # Engine 29 (and nerdctl 2.3.5's start -a -i, which hands the task a stdin it never writes nor closes: it hung)
    made = f"pydock-bugs-start-{uuid.uuid4().hex[:8]}"
    try:
        pydock("create", *create, "--name", made, "busybox", *command, check=True)
        result = pydock("start", *start, made, input=given, timeout=30)
        assert (result.returncode, result.stdout, result.stderr) == (*expected, "")
        logged = ""
        for _ in range(20):  # nerdctl's log driver writes the file on its own time: a moment after, under load
            logged = pydock("logs", made).stdout
            if logged == expected[1]:
                break
            time.sleep(0.25)
        assert logged == expected[1]  # the output is logged, as docker's is
    finally:
        pydock("rm", "-f", made)


def test_start_attached_relays_stdin_byte_for_byte(busybox):
    made = f"pydock-bugs-start-{uuid.uuid4().hex[:8]}"
    data = bytes(range(256)) * 8192  # 2 MiB: more than a FIFO holds
    try:
        pydock("create", "-i", "--name", made, "busybox", "md5sum", check=True)
        result = pydock("start", "-ai", made, input=data, timeout=60)
        import hashlib

        assert (result.returncode, result.stdout) == (0, f"{hashlib.md5(data).hexdigest()}  -\n"), result.stderr
    finally:
        pydock("rm", "-f", made)


def test_start_answers_for_each_container(busybox, name):
    pydock("run", "-d", "--name", name, "busybox", "sleep", "60", check=True)
    result = pydock("start", name, f"{name}-nope")
    assert (result.returncode, result.stdout) == (1, f"{name}\n")  # running already: named, no warning
    assert result.stderr == (f"Error response from daemon: No such container: {name}-nope\n"
                             f"Error: failed to start containers: {name}-nope\n")
    pydock("pause", name, check=True)
    paused = pydock("start", name)
    assert (paused.returncode, paused.stderr) == (1, "Error response from daemon: cannot start a paused container, "
                                                     f"try unpause instead\nError: failed to start containers: {name}\n")


def test_kill_signal_by_number(busybox, name):
    pydock("run", "-d", "--name", name, "busybox", "sh", "-c", "trap 'exit 3' TERM; while :; do sleep 0.1; done",
           check=True)
    assert pydock("kill", "-s", "15", name).stdout == f"{name}\n"
    assert pydock("wait", name).stdout == "3\n"
    refused = pydock("kill", "-s", "SIGFOO", name)
    assert (refused.returncode, refused.stderr) == (
        1, f"Error response from daemon: cannot kill container: {name}: invalid signal: SIGFOO\n")


def test_paused_container_refusals(busybox, name):
    pydock("run", "-d", "--name", name, "busybox", "sleep", "60", check=True)
    pydock("pause", name, check=True)
    removed = pydock("rm", name)
    assert (removed.returncode, removed.stderr) == (
        1, f'Error response from daemon: cannot remove container "{name}": container is paused and must be unpaused '
           "first\n")
    killed = pydock("kill", name)
    assert (killed.returncode, killed.stdout, killed.stderr) == (0, f"{name}\n", "")


def test_restart_deprecated_time_flag(busybox, name):
    pydock("run", "-d", "--name", name, "busybox", "sleep", "60", check=True)
    result = pydock("container", "restart", "--time", "0", name)
    assert (result.returncode, result.stdout) == (0, f"Flag --time has been deprecated, use --timeout instead\n{name}\n")


def test_top_of_a_stopped_container_and_rename_errors(busybox, name):
    pydock("run", "--name", name, "busybox", "true", check=True)
    cid = pydock("inspect", "-f", "{{.Id}}", name).stdout.strip()
    top = pydock("top", name)
    assert (top.returncode, top.stderr) == (1, f"Error response from daemon: container {cid} is not running\n")
    same = pydock("rename", name, name)
    assert (same.returncode, same.stderr) == (
        1, "Error response from daemon: Renaming a container with the same name as its current name\n"
           f"Error: failed to rename container named {name}\n")
    assert pydock("rename", name, f"/{name}-2").returncode == 0  # the daemon drops the slash
    assert pydock("inspect", "-f", "{{.Name}}", f"{name}-2").stdout == f"/{name}-2\n"
    pydock("rename", f"{name}-2", name, check=True)


def test_dockerenv_as_docker_makes_it(busybox, name):
    result = pydock("run", "--name", name, "busybox", "sh", "-c", "ls -l /.dockerenv | cut -c1-10; wc -c < /.dockerenv")
    assert result.stdout == "-rwxr-xr-x\n0\n", result.stderr
    assert pydock("inspect", "-f", "{{json .Mounts}}", name).stdout == "[]\n"
    assert pydock("diff", name).stdout == ""  # docker's init layer holds it
    import io
    import subprocess
    import tarfile

    from tests.conftest import PYDOCK

    exported = subprocess.run([PYDOCK, "export", name], capture_output=True, check=True, timeout=60).stdout
    with tarfile.open(fileobj=io.BytesIO(exported)) as archive:
        member = archive.getmember(".dockerenv")
        names = set(archive.getnames())
    assert (member.isfile(), member.mode, member.size) == (True, 0o755, 0)
    assert {"dev/console", "dev/pts", "dev/shm"} <= names  # docker's init layer, which its export carries


def test_attach_streams_until_the_container_ends(busybox, name):
    pydock("run", "-d", "--name", name, "busybox", "sh", "-c", "echo early; sleep 4; echo late; echo err >&2; exit 4",
           check=True)
    import time

    for _ in range(50):  # "early" logged before attach starts: docker's attach streams only what follows
        if pydock("logs", name).stdout:
            break
        time.sleep(0.1)
    time.sleep(1)  # nerdctl's --since counts whole seconds
    result = pydock("attach", "--no-stdin", name, timeout=30)
    assert (result.returncode, result.stdout, result.stderr) == (4, "late\n", "err\n")
    stopped = pydock("attach", name)
    assert (stopped.returncode, stopped.stderr) == (1, "You cannot attach to a stopped container, start it first\n")


def test_commit_changes_reach_the_image_run_finds(busybox, name):
    image = f"{name}-img:1"
    pydock("run", "--name", name, "busybox", "sh", "-c", "echo committed > /f", check=True)
    try:
        committed = pydock("commit", "-c", "ENV A=b C=d", "-c", 'CMD ["cat", "/f"]', "-c", "LABEL k=v", "-c",
                           "EXPOSE 8080", "-c", "WORKDIR /tmp", "-c", "USER nobody", "-c", "VOLUME /data", "-m", "msg",
                           name, image)
        assert committed.returncode == 0, committed.stderr
        shown = pydock("images", "-q", "--no-trunc", image).stdout
        assert committed.stdout == shown  # the ID `images` shows, not the config digest nerdctl prints
        assert pydock("run", "--rm", image).stdout == "committed\n"
        ran = pydock("run", "--rm", image, "sh", "-c", "echo $A $C; pwd; id -un")
        assert ran.stdout == "b d\n/tmp\nnobody\n"
        config = pydock("image", "inspect", "-f", "{{json .Config.Labels}} {{json .Config.ExposedPorts}} "
                        "{{json .Config.Volumes}} {{.Comment}}", image)
        assert config.stdout == '{"k":"v"} {"8080/tcp":{}} {"/data":{}} msg\n'
        refused = pydock("commit", "-c", "FROM busybox", name, image)
        assert (refused.returncode, refused.stderr) == (
            1, "Error response from daemon: FROM is not a valid change command\n")
    finally:
        pydock("rmi", image)


@pytest.mark.parametrize(("command", "code"), [("pydock-no-such-binary", 127), ("/etc", 126)])
def test_a_start_that_cannot_run_the_command_records_docker_s_exit_code(busybox, name, command, code):
    # Engine 29: the container stays created, its State.ExitCode 127 (not found) or 126 (cannot be run), as
    # `docker run` of it exits; ps shows it Created
    pydock("create", "--name", name, "busybox", command, check=True)
    started = pydock("start", name)
    assert started.returncode == 1 and "failed to start containers" in started.stderr
    shown = pydock("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", name)
    assert shown.stdout == f"created {code}\n"
    asked = pydock("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", name, env={"PYDOCK_CONTAINERD_API": "0"})
    assert asked.stdout == shown.stdout
    assert pydock("ps", "-a", "--filter", f"name={name}", "--format", "{{.Status}}").stdout == "Created\n"


def test_update_cpus_shows_in_inspect_as_docker_shows_it(busybox, name):
    # nerdctl's update applies --cpus to the task's cgroup but keeps no quota in the spec; docker's inspect
    # shows the new NanoCpus (and the cgroup enforces it)
    pydock("run", "-d", "--name", name, "--cpus", "0.25", "busybox", "sleep", "60", check=True)
    assert pydock("inspect", "-f", "{{.HostConfig.NanoCpus}}", name).stdout == "250000000\n"
    updated = pydock("update", "--cpus", "0.5", "--memory", "64m", name)
    assert (updated.returncode, updated.stdout) == (0, f"{name}\n"), updated.stderr
    shown = pydock("inspect", "-f", "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}", name)
    assert shown.stdout == "500000000 67108864\n"
    quota = pydock("exec", name, "cat", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us")
    if quota.returncode == 0:  # cgroup v1 here; the cgroup is what the value governs
        limit, period = (int(v) for v in quota.stdout.split())
        assert limit * 2 == period
    again = pydock("container", "update", "--cpus", "1.5", name, check=True)
    assert again.stdout == f"{name}\n"
    assert pydock("inspect", "-f", "{{.HostConfig.NanoCpus}}", name).stdout == "1500000000\n"
