"""docker's ssh transport (issue #16) on a real sshd: tests/stack/sshd.sh's, on 127.0.0.1 with its own host key and
test key pair, whose "remote" is this machine's containerd, in a namespace of these tests' own. Each verb's answer
over ssh is compared with the same command run locally in the same namespace. Provisioning installs and starts
that sshd, so a missing one fails these tests rather than skipping them."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import PYDOCK, pydock
from tests.integration.conftest import REMOTE

NS = "ssh-transport-test"
PORT = int(os.environ.get("PYDOCK_TEST_SSH_PORT", "42222"))
KEYS = Path("/var/lib/pydock-stack/sshd")
HOST = f"ssh://root@127.0.0.1:{PORT}"
IMAGE = "ssh-bb"


def _sshd_problem() -> str:
    if not Path("/usr/sbin/sshd").exists():
        return "openssh-server is not installed (tests/stack/provision.sh installs it)"
    if not (KEYS / "client_ed25519").exists():
        return f"no test key pair in {KEYS} (tests/stack/sshd.sh start makes it)"
    try:
        socket.create_connection(("127.0.0.1", PORT), timeout=3).close()
    except OSError as e:
        return f"no sshd on 127.0.0.1:{PORT} (tests/stack/sshd.sh start): {e}"
    return ""


@pytest.fixture(scope="module")
def ssh_env():
    """The environment of an ssh-transport call: the test's own ssh config (its key, its known_hosts: host keys
    are checked as ssh checks them) and its own folder for the shared connection."""
    problem = _sshd_problem()
    assert not problem, problem
    folder = Path(tempfile.mkdtemp(prefix="ssht"))  # short: ssh's control socket path has a length limit
    config = folder / "config"
    config.write_text(_config(KEYS / "client_ed25519"))
    runtime = folder / "run"
    runtime.mkdir(mode=0o700)
    env = {"PYDOCK_SSH_CONFIG": str(config), "XDG_RUNTIME_DIR": str(runtime), "CONTAINERD_NAMESPACE": NS}
    yield env
    for master in runtime.glob(".pydock-ssh-*/*"):
        if master.is_socket():
            subprocess.run(["ssh", "-o", f"ControlPath={master}", "-O", "exit", "x"], capture_output=True,
                           check=False)
    subprocess.run(["nerdctl", "-n", NS, "rm", "-f", *_ids()], capture_output=True, check=False)
    shutil.rmtree(folder, ignore_errors=True)


def _config(key: Path) -> str:
    return (f"Host 127.0.0.1\n  IdentityFile {key}\n  IdentitiesOnly yes\n"
            f"  UserKnownHostsFile {KEYS / 'known_hosts'}\n  BatchMode yes\n")


def _ids() -> list[str]:
    return subprocess.run(["nerdctl", "-n", NS, "ps", "-aq"], capture_output=True, text=True,
                          check=False).stdout.split()


def remote(env: dict[str, str], *args: str, **kw) -> subprocess.CompletedProcess[str]:
    return pydock("-H", HOST, "--namespace", NS, *args, env=env, **kw)


def local(*args: str, **kw) -> subprocess.CompletedProcess[str]:
    return pydock("--namespace", NS, *args, env={"CONTAINERD_NAMESPACE": NS}, **kw)


@pytest.fixture(scope="module")
def image(busybox, ssh_env) -> str:
    """The test image, pulled over ssh from the loopback registry and tagged there."""
    pulled = remote(ssh_env, "pull", REMOTE)
    assert pulled.returncode == 0, pulled.stderr
    remote(ssh_env, "tag", REMOTE, IMAGE, check=True)
    return IMAGE


def test_ps_and_images_over_ssh_match_local(ssh_env, image):
    remote(ssh_env, "run", "-d", "--name", "ssh-ps", image, "sleep", "60", check=True)
    try:
        # (no "… seconds ago": the two calls are a second apart on a busy machine)
        listing = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.Names}}\t{{.Ports}}\t{{.State}}"
        for args in (("ps", "--format", listing), ("ps", "-a", "--no-trunc", "--format", listing), ("ps", "-q"),
                     ("images",), ("images", "-q"), ("image", "ls")):
            over, here = remote(ssh_env, *args), local(*args)
            assert over.returncode == here.returncode == 0, over.stderr
            assert over.stdout == here.stdout, args
        assert "ssh-ps" in remote(ssh_env, "ps").stdout
    finally:
        local("rm", "-f", "ssh-ps")


def test_docker_host_and_context_reach_the_remote(ssh_env, image, tmp_path):
    via_env = pydock("--namespace", NS, "images", "-q", env={**ssh_env, "DOCKER_HOST": HOST})
    assert via_env.returncode == 0, via_env.stderr
    assert via_env.stdout == local("images", "-q").stdout
    ctx_env = {**ssh_env, "DOCKER_CONFIG": str(tmp_path)}
    made = pydock("context", "create", "ssh-ctx", "--docker", f"host={HOST}", env=ctx_env)
    assert made.returncode == 0, made.stderr
    listed = pydock("--context", "ssh-ctx", "--namespace", NS, "images", "-q", env=ctx_env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == via_env.stdout


def test_run_output_and_exit_codes_as_locally(ssh_env, image):
    cases = [
        (["run", "--rm", image, "echo", "hello over ssh"], 0),
        (["run", "--rm", image, "sh", "-c", "echo out; echo err >&2; exit 7"], 7),
        (["run", "--rm", image, "no-such-program"], 127),
        (["run", "--rm", image, "/etc"], 126),
        (["run", "--rm", "--network", "ssh-no-such-net", image, "true"], 125),
        (["run", "--rm", image, "printf", "%s|", "a b", "$HOME", "it's", "*"], 0),
    ]
    for args, code in cases:
        over, here = remote(ssh_env, *args), local(*args)
        assert (over.returncode, here.returncode) == (code, code), (args, over.stderr)
        assert over.stdout == here.stdout, args
        assert over.stderr == here.stderr, args
    assert remote(ssh_env, "run", "--rm", image, "printf", "%s|", "a b", "$HOME", "it's", "*").stdout == \
        "a b|$HOME|it's|*|"  # each word reaches the container as given: quoted for the remote shell
    assert _ids() == []


def test_stdin_reaches_run_and_exec(ssh_env, image, tmp_path):
    out = remote(ssh_env, "run", "--rm", "-i", image, "cat", input="piped in\n")
    assert (out.returncode, out.stdout) == (0, "piped in\n"), out.stderr
    data = tmp_path / "data"
    data.write_bytes(os.urandom(3 << 20))
    with data.open("rb") as f:
        summed = subprocess.run([PYDOCK, "-H", HOST, "--namespace", NS, "run", "--rm", "-i", image, "md5sum"], stdin=f,
                                capture_output=True, env={**os.environ, **ssh_env}, check=False)
    assert summed.stdout.split()[0].decode() == hashlib.md5(data.read_bytes()).hexdigest()
    assert remote(ssh_env, "run", "--rm", "-i", image, "sh", "-c", "cat >/dev/null; exit 4", input="").returncode == 4
    assert _ids() == []
    remote(ssh_env, "run", "-d", "--name", "ssh-ex", image, "sleep", "60", check=True)
    try:
        got = remote(ssh_env, "exec", "-i", "ssh-ex", "cat", input="to exec\n")
        assert (got.returncode, got.stdout) == (0, "to exec\n"), got.stderr
        assert remote(ssh_env, "exec", "ssh-ex", "sh", "-c", "exit 3").returncode == 3
    finally:
        local("rm", "-f", "ssh-ex")


def test_detached_logs_inspect_stop_rm(ssh_env, image):
    made = remote(ssh_env, "run", "-d", "--name", "ssh-life", image, "sh", "-c", "echo one; echo two >&2; sleep 60")
    assert made.returncode == 0, made.stderr
    cid = made.stdout.strip()
    assert len(cid) == 64
    try:
        time.sleep(0.5)
        over, here = remote(ssh_env, "logs", "ssh-life"), local("logs", "ssh-life")
        assert (over.stdout, over.stderr) == (here.stdout, here.stderr) == ("one\n", "two\n")
        fmt = "{{.Id}} {{.Name}} {{.State.Running}} {{.Config.Image}}"
        assert remote(ssh_env, "inspect", "-f", fmt, "ssh-life").stdout == local("inspect", "-f", fmt, "ssh-life").stdout
        assert remote(ssh_env, "stop", "-t", "1", "ssh-life").stdout == "ssh-life\n"
        assert local("inspect", "-f", "{{.State.Running}}", "ssh-life").stdout == "false\n"
        assert remote(ssh_env, "rm", "ssh-life").stdout == "ssh-life\n"
        assert _ids() == []
    finally:
        local("rm", "-f", "ssh-life")


def test_ctrl_c_reaches_the_remote_container_of_an_attached_run(ssh_env, image):
    script = "trap 'echo got-int; exit 9' INT; echo ready; while true; do sleep 0.1; done"
    with subprocess.Popen([PYDOCK, "-H", HOST, "--namespace", NS, "run", "--rm", "--name", "ssh-cc", image, "sh",
                           "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env={**os.environ, **ssh_env}) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 9  # the container's trap ran: docker's sig-proxy, over ssh
        assert proc.stdout.read() == b"got-int\n"
    time.sleep(0.5)
    assert _ids() == []  # --rm removed it: nothing runs on after the client


def test_detached_run_with_rm_is_removed_when_it_ends(ssh_env, image):
    made = remote(ssh_env, "run", "-d", "--rm", "--name", "ssh-drm", image, "sleep", "1")
    assert made.returncode == 0, made.stderr
    for _ in range(40):
        if "ssh-drm" not in local("ps", "-a", "--format", "{{.Names}}").stdout:
            break
        time.sleep(0.25)
    else:
        pytest.fail("the container of run -d --rm over ssh was not removed")


def test_logs_follow_ends_on_ctrl_c(ssh_env, image):
    remote(ssh_env, "run", "-d", "--name", "ssh-follow", image, "sh", "-c",
           "i=0; while true; do echo line$i; i=$((i+1)); sleep 0.2; done", check=True)
    try:
        with subprocess.Popen([PYDOCK, "-H", HOST, "--namespace", NS, "logs", "-f", "ssh-follow"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, **ssh_env}) as proc:
            assert proc.stdout is not None
            assert proc.stdout.readline().startswith(b"line")  # it follows the remote log
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=10) == 130  # as docker's client, and pydock locally, end on Ctrl-C
        time.sleep(1)
        lingering = subprocess.run(["pgrep", "-f", "nerdctl --namespace=" + NS + " logs"], capture_output=True,
                                   check=False)
        assert lingering.returncode == 1, lingering.stdout  # the remote follower is gone too
    finally:
        local("rm", "-f", "ssh-follow")


def test_save_load_round_trip_streams_through_ssh(ssh_env, image):
    saved = subprocess.run([PYDOCK, "-H", HOST, "--namespace", NS, "save", image], capture_output=True,
                           env={**os.environ, **ssh_env}, check=False)
    here = subprocess.run([PYDOCK, "--namespace", NS, "save", image], capture_output=True,
                          env={**os.environ, "CONTAINERD_NAMESPACE": NS}, check=False)
    assert saved.returncode == here.returncode == 0, saved.stderr
    assert saved.stdout == here.stdout  # the same archive, byte for byte
    assert remote(ssh_env, "rmi", image).stdout == f"Untagged: {image}:latest\n"
    # save | load across the link, as a pipe: the bytes stream both ways
    env = {**os.environ, **ssh_env}
    with subprocess.Popen([PYDOCK, "-H", HOST, "--namespace", NS, "save", REMOTE], stdout=subprocess.PIPE,
                          env=env) as save:
        load = subprocess.run([PYDOCK, "-H", HOST, "--namespace", NS, "load"], stdin=save.stdout,
                              capture_output=True, text=True, env=env, check=False)
        assert save.wait(timeout=60) == 0
    assert load.returncode == 0, load.stderr
    assert load.stdout == f"Loaded image: {REMOTE}\n"
    again = remote(ssh_env, "load", input=saved.stdout)
    assert again.returncode == 0, again.stderr
    assert local("image", "inspect", "-f", "{{.Id}}", image).returncode == 0


def test_unreachable_host_is_docker_connect_error(ssh_env):
    out = pydock("-H", "ssh://nobody@127.0.0.1:1", "ps", env=ssh_env)
    assert out.returncode == 1
    assert out.stderr.startswith("error during connect: ssh ssh://nobody@127.0.0.1:1: exit status 255: ")
    assert "Connection refused" in out.stderr
    assert out.stdout == ""


def test_refused_key_is_docker_connect_error(ssh_env, tmp_path):
    config = tmp_path / "config"
    config.write_text(_config(KEYS / "stranger_ed25519"))
    runtime = tempfile.mkdtemp(prefix="sshk")
    out = pydock("-H", HOST, "ps", env={**ssh_env, "PYDOCK_SSH_CONFIG": str(config), "XDG_RUNTIME_DIR": runtime})
    shutil.rmtree(runtime, ignore_errors=True)
    assert out.returncode == 1
    assert out.stderr.startswith(f"error during connect: ssh {HOST}: exit status 255: ")
    assert "Permission denied (publickey)" in out.stderr


def test_remote_without_the_backend_names_the_host(ssh_env):
    out = pydock("-H", HOST, "ps", env={**ssh_env, "PYDOCK_NERDCTL": "nerdctl-not-installed",
                                        "PYDOCK_CTR": "ctr-not-installed"})
    assert out.returncode == 1
    assert "nerdctl-not-installed or ctr-not-installed was not found on the remote host 127.0.0.1" in out.stderr
    assert "pydock installs nothing on a remote" in out.stderr


def test_tcp_stays_refused_with_the_reason():
    out = pydock("-H", "tcp://127.0.0.1:2375", "ps")
    assert out.returncode == 1
    assert out.stderr.startswith("error during connect: tcp://127.0.0.1:2375: ")
    assert "tcp:// is not supported" in out.stderr


def test_over_ssh_the_backend_is_the_remotes_nerdctl(ssh_env):
    chosen = pydock("-H", HOST, "--namespace", NS, "ps", "-q", env={**ssh_env, "PYDOCK_DEBUG": "1"})
    assert chosen.returncode == 0, chosen.stderr
    assert "pydock: backend nerdctl (the ssh transport runs the remote host's nerdctl, else its ctr)" in chosen.stderr
    # ctr when asked for (tests/integration/test_ssh_ctr.py: a remote that has only ctr), never a backend of this
    # machine's own that the remote cannot run
    other = pydock("-H", HOST, "--namespace", NS, "ps", "-q", env={**ssh_env, "PYDOCK_BACKEND": "ctr"})
    assert (other.returncode, other.stdout) == (0, chosen.stdout), other.stderr
