"""The ssh transport's pure parts: the ssh:// URL, the remote command line (each word quoted for the remote shell),
and what is admitted over ssh. The transport itself runs on a real sshd in tests/integration/test_ssh_transport.py."""

from __future__ import annotations

import shlex

import pytest

from shim import ssh_transport
from shim.errors import DockerError


@pytest.mark.parametrize(("url", "user", "host", "port"), [
    ("ssh://web1", "", "web1", ""),
    ("ssh://deploy@web1", "deploy", "web1", ""),
    ("ssh://deploy@web1:2222", "deploy", "web1", "2222"),
    ("ssh://root@127.0.0.1:42222", "root", "127.0.0.1", "42222"),
    ("ssh://u@[::1]:22", "u", "::1", "22"),
    ("ssh://[fe80::1]", "", "fe80::1", ""),
])
def test_url_parts(url, user, host, port):
    r = ssh_transport.parse(url)
    assert (r.user, r.host, r.port) == (user, host, port)


@pytest.mark.parametrize("url", ["ssh://", "ssh://u@", "ssh://h:port", "ssh://h/path", "ssh://-oProxyCommand=x",
                                 "ssh://-l@h", "ssh://h?x=1"])
def test_bad_urls_are_refused(url):
    with pytest.raises(DockerError) as e:
        ssh_transport.parse(url)
    assert e.value.message.startswith(f"error during connect: {url}: ")


@pytest.mark.parametrize("word", ["a b", "$HOME", "it's", "*", "; rm -rf /", "`id`", "\n", "", "--x=\"y\""])
def test_each_word_reaches_the_remote_as_given(word):
    line = ssh_transport.remote_command(["nerdctl", "run", "busybox", "echo", word], {})
    assert shlex.split(line) == ["nerdctl", "run", "busybox", "echo", word]


def test_the_backend_environment_rides_on_the_command_line(monkeypatch):
    monkeypatch.setenv("HOME", "/root")
    line = ssh_transport.remote_command(["nerdctl", "ps"], {"CONTAINERD_NAMESPACE": "k8s.io", "HOME": "/root",
                                                            "NERDCTL_X": "a b"})
    # what differs from pydock's own environment, and the backend's variables; never the rest of this machine's
    assert shlex.split(line) == ["env", "CONTAINERD_NAMESPACE=k8s.io", "NERDCTL_X=a b", "nerdctl", "ps"]


def test_ssh_argv_keeps_host_checks_and_shares_one_connection(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.delenv("PYDOCK_SSH_CONFIG", raising=False)
    argv = ssh_transport.ssh_argv(ssh_transport.parse("ssh://deploy@web1:2222"), stdin=False)
    assert argv[0] == "ssh"
    assert argv[-2:] == ["--", "web1"]
    assert argv[argv.index("-l"):argv.index("-l") + 2] == ["-l", "deploy"]
    assert argv[argv.index("-p"):argv.index("-p") + 2] == ["-p", "2222"]
    assert "ControlMaster=auto" in argv and "-n" in argv and "-T" in argv
    assert not any("StrictHostKeyChecking" in a or "UserKnownHostsFile" in a for a in argv)
    assert oct(next(tmp_path.iterdir()).stat().st_mode & 0o777) == "0o700"  # the control folder, this user's only


def test_an_agent_is_forwarded_on_a_connection_of_the_commands_own(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.delenv("PYDOCK_SSH_CONFIG", raising=False)
    env = {ssh_transport.FORWARD_AGENT: "yes", "SSH_AUTH_SOCK": "/run/a.sock", "CONTAINERD_NAMESPACE": "x"}
    argv = ssh_transport.wrap(ssh_transport.parse("ssh://web1"), ["nerdctl", "build"], env)
    # ssh takes an option's first value: no shared master for this one, and the agent forwarded
    assert argv[1:7] == ["-o", "ControlMaster=no", "-o", "ControlPath=none", "-o", "ForwardAgent=yes"]
    assert argv[-1] == "env CONTAINERD_NAMESPACE=x nerdctl build"  # the socket's path is not sent
    assert "ForwardAgent=yes" not in ssh_transport.wrap(ssh_transport.parse("ssh://web1"), ["x"], {})


def test_a_shared_folder_others_can_enter_is_refused(monkeypatch, tmp_path):
    import os

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    folder = tmp_path / f".pydock-ssh-{os.getuid()}"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    with pytest.raises(DockerError):
        ssh_transport.control_dir()


@pytest.mark.parametrize(("path", "values", "reads"), [
    ("ps", {}, False), ("container ls", {"all": True}, False), ("load", {}, True),
    ("exec", {"interactive": True}, True), ("exec", {}, False), ("run", {"detach": True}, False),
    ("run", {"interactive": True}, True), ("run", {"tty": True, "interactive": True}, True),
    ("exec", {"tty": True}, False), ("run", {"detach": True, "interactive": True, "tty": True}, True),
    ("save", {"output": "x.tar"}, False), ("load", {"input": "x.tar"}, True), ("volume ls", {}, False),
    ("system info", {}, False), ("network rm", {}, False),
    ("run", {"detach": True, "cidfile": "/x"}, False), ("run", {"env-file": ["/x"], "label-file": ["/y"]}, False),
    # build: the context streams on ssh's stdin; compose: exec and run attach stdin
    ("build", {"tag": ["x"]}, True), ("image build", {}, True), ("buildx build", {"quiet": True}, True),
    ("compose up", {"detach": True}, False), ("compose ps", {}, False), ("compose down", {}, False),
    ("compose exec", {}, True), ("compose run", {}, True), ("compose up", {"build": True}, False),
    ("compose build", {}, False),
    ("create", {"cidfile": "/x"}, False), ("container kill", {}, False), ("network connect", {}, False),
    ("export", {"output": "/x"}, False), ("image push", {}, False), ("update", {"memory": "64m"}, False),
    ("container attach", {"no-stdin": True}, False),
    ("container prune", {"force": True}, False), ("container update", {"cpus": "1"}, False),  # API_READS
    # issue #16's later ones: stdin to a started container, detached exec, -d -i, health, cp's -a/-L, build secrets
    ("start", {"attach": True}, False), ("exec", {"detach": True}, False),
    ("run", {"detach": True, "interactive": True}, True), ("create", {"health-cmd": "true"}, False),
    ("run", {"health-cmd": "true"}, False), ("run", {"cidfile": "/x"}, False), ("cp", {"archive": True, "follow-link": True}, True),
    ("build", {"secret": ["id=a,src=/f"], "ssh": ["default"]}, True), ("compose cp", {}, True),
    # the last ones: every command pydock runs locally (import's image streamed to the remote's load)
    ("system prune", {"force": True}, False), ("commit", {"change": ["ENV a=b"]}, False), ("import", {}, True),
    ("image import", {"change": ["ENV a=b"]}, True), ("builder prune", {"all": True}, False),
    ("buildx prune", {}, False), ("buildx ls", {}, False), ("buildx inspect", {}, False), ("buildx version", {}, False),
    ("search", {"limit": "2"}, False), ("image prune", {"all": True}, False), ("system df", {"verbose": True}, False),
    # one the backends lack: admitted, then refused by the backend in the words it uses locally
    ("swarm init", {}, False), ("volume update", {}, False), ("service ls", {}, False),
])
def test_admitted(path, values, reads):
    assert ssh_transport.admit(path, values) is reads


@pytest.mark.parametrize("terminal", [True, False])
def test_start_i_is_admitted_on_a_terminal_and_from_a_pipe(monkeypatch, terminal):
    # on a terminal, a remote one (ssh -tt); from a pipe, pydock writes the task's FIFO there (task_stdin.py)
    monkeypatch.setattr("os.isatty", lambda fd: terminal)
    assert ssh_transport.admit("start", {"attach": True, "interactive": True}) is True
    assert ssh_transport.admit("container start", {"interactive": True}) is True


def test_a_flag_refused_over_ssh_is_refused_in_dockers_shape(monkeypatch):
    monkeypatch.setitem(ssh_transport.ALLOWED, "commit", {"change": "a reason"})  # none is left today
    with pytest.raises(DockerError) as e:
        ssh_transport.admit("container commit", {"change": ["ENV a=b"]})
    assert e.value.code == 125
    assert e.value.message == ("docker: --change is not supported over pydock's ssh transport: a reason.\n"
                               "See 'docker container commit --help'.")


@pytest.mark.parametrize(("path", "values", "message"), [
    ("compose wait", {}, "'docker compose wait' is not supported over pydock's ssh transport: "),
])
def test_compose_refusals_in_composes_voice(path, values, message, monkeypatch):
    monkeypatch.setitem(ssh_transport.COMPOSE_REFUSED, "wait", "a reason")  # none is left today (cp runs over ssh)
    with pytest.raises(DockerError) as e:
        ssh_transport.admit(path, values)
    assert e.value.code == 1  # compose's own errors: the bare message, exit 1
    assert e.value.message.startswith(message)


@pytest.mark.parametrize(("path", "values", "reads"), [
    ("container prune", {}, True), ("update", {"cpus": "1"}, True), ("container update", {"cpus": "1"}, True),
    ("update", {"memory": "64m"}, False), ("ps", {}, False), ("system prune", {}, True),
    # start -a/-i: the task's stdin written and closed through containerd (task_stdin.py)
    ("start", {"attach": True}, True), ("container start", {"interactive": True}, True), ("start", {}, False),
])
def test_which_commands_read_containerds_api_through_the_forwarded_socket(path, values, reads):
    assert ssh_transport.reads_api(path, values) is reads
