"""The test remote of the ssh transport's later tests (issue #16): tests/stack/sshd.sh's sshd, reached with the test
key and known_hosts through an ssh config of the test's own, in a namespace of these tests' own (`ssh2-test`), with
the helpers that run one command over ssh and the same command locally."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect

from tests.conftest import PYDOCK, pydock
from tests.integration.test_ssh_transport import HOST, KEYS, _config, _sshd_problem

NS = "ssh2-test"
IMAGE = "ssh2-bb"
__all__ = ["HOST", "IMAGE", "KEYS", "NS", "Remote", "open_remote"]


class Remote:
    """One test module's view of the remote: its environment and its calls."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        config = folder / "config"
        config.write_text(_config(KEYS / "client_ed25519"))
        runtime = folder / "run"
        runtime.mkdir(mode=0o700)
        self.env = {"PYDOCK_SSH_CONFIG": str(config), "XDG_RUNTIME_DIR": str(runtime), "CONTAINERD_NAMESPACE": NS}

    def run(self, *args: str, **kw) -> subprocess.CompletedProcess[str]:
        """pydock -H ssh://… in the tests' namespace."""
        return pydock("-H", HOST, "--namespace", NS, *args, env={**self.env, **kw.pop("env", {})}, **kw)

    def raw(self, *args: str, **kw) -> subprocess.CompletedProcess[bytes]:
        """The same, bytes in and out."""
        return subprocess.run([PYDOCK, "-H", HOST, "--namespace", NS, *args], capture_output=True,
                              env={**os.environ, **self.env, **kw.pop("env", {})}, check=False, **kw)

    def spawn(self, *args: str) -> pexpect.spawn:
        """pydock -H ssh://… in a real terminal (24x80)."""
        env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
        return pexpect.spawn(PYDOCK, ["-H", HOST, "--namespace", NS, *args], env={**env, **self.env},
                             encoding="utf-8", timeout=30, dimensions=(24, 80))

    def close(self) -> None:
        for master in (self.folder / "run").glob(".pydock-ssh-*/*"):
            if master.is_socket():
                subprocess.run(["ssh", "-o", f"ControlPath={master}", "-O", "exit", "x"], capture_output=True,
                               check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def local(*args: str, **kw) -> subprocess.CompletedProcess[str]:
    """The same command locally, in the same namespace."""
    return pydock("--namespace", NS, *args, env={"CONTAINERD_NAMESPACE": NS, **kw.pop("env", {})}, **kw)


def spawn_local(*args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
    return pexpect.spawn(PYDOCK, ["--namespace", NS, *args], env={**env, "CONTAINERD_NAMESPACE": NS},
                         encoding="utf-8", timeout=30, dimensions=(24, 80))


def open_remote(remote_image: str) -> Remote:
    """The remote, checked reachable (a missing sshd fails the tests), with the test image pulled over ssh."""
    problem = _sshd_problem()
    assert not problem, problem
    remote = Remote(Path(tempfile.mkdtemp(prefix="ssh2")))  # short: ssh's control socket path has a length limit
    pulled = remote.run("pull", remote_image)
    assert pulled.returncode == 0, pulled.stderr
    remote.run("tag", remote_image, IMAGE, check=True)
    return remote


@contextlib.contextmanager
def session(remote_image: str) -> Iterator[Remote]:
    """The remote for one test module; afterwards its containers are removed and its connection closed."""
    remote = open_remote(remote_image)
    try:
        yield remote
    finally:
        remove_all()
        remote.close()


# A PATH without nerdctl (it is in /usr/local/bin): a backend command that ran here rather than over ssh would
# fail, while the remote's sshd session finds nerdctl on its own PATH
LOCAL_PATH = "/usr/bin:/bin"


@contextlib.contextmanager
def session_without_local_nerdctl(remote_image: str) -> Iterator[Remote]:
    """session(), with pydock run on LOCAL_PATH: what works proves it ran on the remote."""
    with session(remote_image) as remote:
        remote.env["PATH"] = LOCAL_PATH
        yield remote


def names() -> list[str]:
    """The containers of the namespace, by name (nerdctl, not pydock)."""
    return subprocess.run(["nerdctl", "-n", NS, "ps", "-a", "--format", "{{.Names}}"], capture_output=True,
                          text=True, check=False).stdout.split()


def remove_all() -> None:
    ids = subprocess.run(["nerdctl", "-n", NS, "ps", "-aq"], capture_output=True, text=True, check=False).stdout.split()
    if ids:
        subprocess.run(["nerdctl", "-n", NS, "rm", "-f", *ids], capture_output=True, check=False)


def local_in(namespace: str) -> Callable[..., subprocess.CompletedProcess[str]]:
    """pydock run here in `namespace`: the same command as over ssh, to compare with."""
    def local(*args: str, **kw) -> subprocess.CompletedProcess[str]:
        return pydock("--namespace", namespace, *args, env={"CONTAINERD_NAMESPACE": namespace,
                                                           **kw.pop("env", {})}, **kw)
    return local


@contextlib.contextmanager
def namespace_session(namespace: str, image_archive: Path, prefix: str) -> Iterator[Remote]:
    """A module's remote in a namespace of its own, with the test image loaded there and pydock run on LOCAL_PATH
    (nothing of nerdctl's here: what works ran on the remote); afterwards the namespace's containers and the test
    image are removed (the module removes what else it made) and the connection is closed."""
    problem = _sshd_problem()
    assert not problem, problem
    local = local_in(namespace)
    assert local("load", "-i", str(image_archive)).returncode == 0
    remote = Remote(Path(tempfile.mkdtemp(prefix=prefix)))  # its own ssh config and connection
    remote.env.update({"CONTAINERD_NAMESPACE": namespace, "PATH": LOCAL_PATH})
    try:
        yield remote
    finally:
        remove_containers(local)
        local("rmi", "-f", "busybox")
        remote.close()


def remove_containers(local: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    left = local("ps", "-aq").stdout.split()
    if left:
        local("rm", "-f", *left)
