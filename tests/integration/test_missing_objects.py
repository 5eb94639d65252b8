"""Objects that are missing, or that vanish while a command runs, in docker's words and with docker's exit codes,
in every command that names a container, image, volume or network (issue 9, item 5). Clients map this wording
to their own exceptions (python-on-whales: "No such container", "no such volume", "network … not found").

Each row is what docker CLI 28.2.2 printed on the reference Docker Engine for the same command."""

from __future__ import annotations

import shlex

import pytest

from tests.conftest import pydock

N, N2 = "pydock-nosuch", "pydock-nosuch-2"  # containers, images, volumes and networks that do not exist

# (command, exit code, stderr); {N} and {O} are missing names (N, N2), {T} a scratch file.
MISSING = [
    ('wait {N} {O}', 1, 'Error response from daemon: No such container: {N}\nError response from daemon: No such container: {O}'),
    ('commit {N}', 1, 'Error response from daemon: No such container: {N}'),  # no REPOSITORY: pydock looks first
    ('start {N}', 1, 'Error response from daemon: No such container: {N}\nError: failed to start containers: {N}'),
    ('stop {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('kill {N}', 1, 'Error response from daemon: cannot kill container: {N}: No such container: {N}'),
    ('restart {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('pause {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('unpause {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('wait {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('rename {N} pydock-x', 1, 'Error response from daemon: No such container: {N}\nError: failed to rename container named {N}'),
    ('port {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('top {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('cp /etc/hostname {N}:/tmp', 1, 'Error response from daemon: No such container: {N}'),
    ('logs {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('exec {N} true', 1, 'Error response from daemon: No such container: {N}'),
    ('rm {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('rm -f {N}', 0, 'Error response from daemon: No such container: {N}'),
    ('rmi {N}', 1, 'Error response from daemon: No such image: {N}:latest'),
    ('rmi -f {N}', 0, 'Error response from daemon: No such image: {N}:latest'),
    ('inspect {N}', 1, 'Error: No such object: {N}'),
    ('container inspect {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('volume rm {N}', 1, 'Error response from daemon: get {N}: no such volume'),
    ('volume inspect {N}', 1, 'Error response from daemon: get {N}: no such volume'),
    ('network rm {N}', 1, 'Error response from daemon: network {N} not found\nexit status 1'),
    ('network inspect {N}', 1, 'Error response from daemon: network {N} not found'),
    ('history {N}', 1, 'Error response from daemon: No such image: {N}:latest'),
    ('tag {N} pydock-x', 1, 'Error response from daemon: No such image: {N}:latest'),
    ('save {N} -o {T}', 1, 'Error response from daemon: No such image: {N}:latest'),
    ('commit {N} pydock-x', 1, 'Error response from daemon: No such container: {N}'),
    ('export {N} -o {T}', 1, 'Error response from daemon: No such container: {N}'),
    ('diff {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('stats --no-stream {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('update --cpus 1 {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('attach {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('image rm {N}', 1, 'Error response from daemon: No such image: {N}:latest'),
    ('container rm {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('container stop {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('stop {N} {O}', 1, 'Error response from daemon: No such container: {N}\nError response from daemon: No such container: {O}'),
    ('rm {N} {O}', 1, 'Error response from daemon: No such container: {N}\nError response from daemon: No such container: {O}'),
    ('inspect --type container {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('inspect --type volume {N}', 1, 'Error response from daemon: get {N}: no such volume'),
    ('inspect --type network {N}', 1, 'Error response from daemon: network {N} not found'),
    ('inspect -f {{.Id}} {N}', 1, 'Error: No such object: {N}'),
    ('container inspect -f {{.Id}} {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('volume rm -f {N}', 0, ''),
    ('network rm {N} {O}', 1, 'Error response from daemon: network {N} not found\nError response from daemon: network {O} not found\nexit status 1'),
    ('start -a {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('image history {N}', 1, 'Error response from daemon: No such image: {N}:latest'),
    ('image save {N}', 1, 'Error response from daemon: No such image: {N}:latest'),
    ('container port {N} 80', 1, 'Error response from daemon: No such container: {N}'),
    ('container diff {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('container export {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('save busybox:nosuch -o {T}', 1, 'Error response from daemon: No such image: busybox:nosuch'),
    ('save busybox:latest busybox:nosuch -o {T}', 1, 'Error response from daemon: No such image: busybox:nosuch'),
    ('history busybox:nosuch', 1, 'Error response from daemon: No such image: busybox:nosuch'),
    ('tag busybox:nosuch pydock-x', 1, 'Error response from daemon: No such image: busybox:nosuch'),
    ('rmi busybox:nosuch', 1, 'Error response from daemon: No such image: busybox:nosuch'),
    ('create --pull=never {N}', 1, 'Error response from daemon: No such image: {N}:latest'),
    ('run --pull=never {N}', 125, "docker: Error response from daemon: No such image: {N}:latest\n\nRun 'docker run --help' for more information"),
    ('volume rm {N} {O}', 1, 'Error response from daemon: get {N}: no such volume\nError response from daemon: get {O}: no such volume'),
    ('volume inspect {N} {O}', 1, 'Error response from daemon: get {N}: no such volume\nError response from daemon: get {O}: no such volume'),
    ('network inspect {N} {O}', 1, 'Error response from daemon: network {N} not found\nError response from daemon: network {O} not found'),
    ('container rename {N} pydock-x', 1, 'Error response from daemon: No such container: {N}\nError: failed to rename container named {N}'),
    ('container start -a {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('start {N} {O}', 1, 'Error response from daemon: No such container: {N}\nError response from daemon: No such container: {O}\nError: failed to start containers: {N}, {O}'),
    ('top {N} aux', 1, 'Error response from daemon: No such container: {N}'),
    ('logs -f {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('inspect {N} busybox', 1, 'Error: No such object: {N}'),
    ('stats {N}', 1, 'Error response from daemon: No such container: {N}'),
    ('volume rm -f {N} {O}', 0, ''),
    ('kill {N} {O}', 1, 'Error response from daemon: cannot kill container: {N}: No such container: {N}\nError response from daemon: cannot kill container: {O}: No such container: {O}'),
    ('pause {N} {O}', 1, 'Error response from daemon: No such container: {N}\nError response from daemon: No such container: {O}'),
]


@pytest.mark.parametrize(("command", "code", "stderr"), MISSING, ids=[row[0] for row in MISSING])
def test_missing_object(busybox, tmp_path, command, code, stderr):
    argv = [a.format(N=N, O=N2, T=tmp_path / "out.tar") for a in shlex.split(command)]
    result = pydock(*argv)
    assert (result.returncode, result.stderr.rstrip("\n")) == (code, stderr.format(N=N, O=N2))


def test_missing_volume_and_network_inspect_print_what_docker_prints(busybox):
    assert pydock("volume", "inspect", N).stdout == "[]\n"
    assert pydock("network", "inspect", N).stdout == "[]\n"
    assert pydock("inspect", "--type", "volume", "-f", "{{.Name}}", N).stdout == "\n"
    forced = pydock("volume", "rm", "-f", N)  # no error to docker, which echoes the name
    assert (forced.returncode, forced.stdout, forced.stderr) == (0, f"{N}\n", "")


@pytest.fixture
def created(busybox, name):
    """A container that exists and has never run: (name, full ID)."""
    wanted = name("stopped")
    cid = pydock("create", "--name", wanted, "busybox", "sleep", "60", check=True).stdout.strip()
    return wanted, cid


@pytest.mark.parametrize(("command", "stderr"), [
    # Engine 29's words (issue #11)
    ("exec {C} true", "Error response from daemon: container {ID} is not running"),
    ("pause {C}", "Error response from daemon: container {ID} is not running"),
    ("unpause {C}", "Error response from daemon: Container {ID} is not paused"),
    ("top {C}", "Error response from daemon: container {ID} is not running"),
    ("attach {C}", "You cannot attach to a stopped container, start it first"),
    # nerdctl says "No such container" here, which clients take for a missing one
    ("kill {C}", "Error response from daemon: cannot kill container: {C}: container {ID} is not running"),
])
def test_container_that_is_not_running(created, command, stderr):
    container, cid = created
    result = pydock(*command.format(C=container).split())
    assert (result.returncode, result.stderr.rstrip("\n")) == (1, stderr.format(C=container, ID=cid))


def test_kill_answers_for_each_container(busybox, created, name):
    """docker kills the running ones and reports the others, in order; nerdctl stopped at the first."""
    stopped, cid = created
    running = [name("kill"), name("kill")]
    for wanted in running:
        pydock("run", "-d", "--name", wanted, "busybox", "sleep", "60", check=True)
    result = pydock("kill", running[0], stopped, N, running[1])
    assert (result.returncode, result.stdout) == (1, f"{running[0]}\n{running[1]}\n")
    assert result.stderr == (f"Error response from daemon: cannot kill container: {stopped}: container {cid} is not "
                             f"running\nError response from daemon: cannot kill container: {N}: No such container: {N}\n")


def test_run_rm_is_gone_when_run_returns(busybox, name):
    """docker's `run --rm` returns once the container is removed: an inspect right after fails at once."""
    for command in (["true"], ["sh", "-c", "exit 3"], ["pydock-no-such-command"]):
        wanted = name("rm")
        pydock("run", "--rm", "--name", wanted, "busybox", *command)
        result = pydock("inspect", "-f", "{{.Name}}", wanted)
        assert (result.returncode, result.stderr) == (1, f"Error: No such object: {wanted}\n")


def test_stop_of_detached_rm_returns_once_it_is_gone(busybox, name):
    """`run -d --rm`, then `stop` and `rm`: docker's words name the container as the user did (before, `rm`
    could meet it half removed and print containerd's `container "ID" in namespace …: not found`)."""
    wanted = name("vanish")
    pydock("run", "-d", "--rm", "--name", wanted, "busybox", "sleep", "60", check=True)
    assert pydock("inspect", "-f", "{{.HostConfig.AutoRemove}}", wanted).stdout == "true\n"
    assert pydock("stop", "-t", "1", wanted).stdout == f"{wanted}\n"
    # gone when stop returns, as Docker Engine removes it when it exits
    gone = pydock("inspect", "-f", "{{.Name}}", wanted)
    assert (gone.returncode, gone.stderr) == (1, f"Error: No such object: {wanted}\n")
    result = pydock("rm", wanted)
    assert (result.returncode, result.stderr) == (1, f"Error response from daemon: No such container: {wanted}\n")


def test_commit_without_repository_is_refused_in_dockers_voice(created):
    result = pydock("commit", created[0])
    assert result.returncode == 1
    assert result.stderr.startswith("docker: 'docker commit' without REPOSITORY[:TAG] is not supported by pydock's ")


def test_wait_answers_for_each_container(busybox, created, name):
    """docker waits for each container in turn, 0 at once for one that never started, and reports missing ones
    after; nerdctl failed on the first it could not wait for."""
    stopped, _ = created
    ending = name("wait")
    pydock("run", "-d", "--name", ending, "busybox", "sh", "-c", "sleep 1; exit 3", check=True)
    result = pydock("wait", ending, N, stopped)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "3\n0\n", f"Error response from daemon: No such container: {N}\n")
