"""What the ctr backend's sh CNI hook does on a remote with no Python (issue #16, shim/backends/ctr/remote_hook.py)
beyond ADD and DEL, each compared with docker and with the local ctr backend (shim/cni_hook.py, shim/ctr_logger.py) in
the same namespace, on this machine's containerd, which is also the remote's:

- a detached container that ends by itself has its address and host ports released then, by the watcher the hook
  leaves on the remote (no pydock command runs meanwhile, the ssh connection is closed), as docker releases them;
- two runs racing for one host port: exactly one gets it, the other fails in docker's words, exit 125, and is left
  Created holding nothing, as docker leaves it;
- containers on one network find each other by name (nerdctl's hosts store, written by the hook), also across the
  two backends."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import PYDOCK
from tests.integration import ctr_node
from tests.integration.ssh_remote import HOST
from tests.integration.test_ctr_network import free_port, get
from tests.integration.test_ssh_ctr import Node
from tests.integration.test_ssh_transport import _sshd_problem

NS = "pydock-sshctrhook"
PAGE = "hello from the hook's tests\n"
CNI_LOCK = Path("/etc/cni/net.d/.cni-concurrency.lock")  # nerdctl's, which the hook takes (this remote's netconf)


class HookNode(Node):
    """test_ssh_ctr's remote, in this module's namespace."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.env["CONTAINERD_NAMESPACE"] = NS

    def run(self, *args: str, **kw) -> subprocess.CompletedProcess[str]:
        from tests.conftest import pydock

        return pydock("-H", HOST, "--namespace", NS, *args, env={**self.env, **kw.pop("env", {})}, **kw)

    def disconnect(self) -> None:
        """The shared ssh connection closed (its forwarded socket goes with it)."""
        for master in (self.folder / "run").glob(".pydock-ssh-*/*"):
            if master.is_socket() and not master.name.startswith("fwd-"):
                subprocess.run(["ssh", "-o", f"ControlPath={master}", "-O", "exit", "x"], capture_output=True,
                               check=False)


@pytest.fixture(scope="module")
def here(tmp_path_factory):
    return ctr_node.runner(ctr_node.node_path(tmp_path_factory.mktemp("node-bin")), NS)


@pytest.fixture(scope="module")
def node(stack, here):
    problem = _sshd_problem()
    assert not problem, problem
    remote = HookNode("ctrnode_ed25519")
    yield remote
    ctr_node.empty(here, NS)
    remote.close()


@pytest.fixture(scope="module")
def bb(node, image_archive):
    loaded = node.run("load", "-i", str(image_archive))
    assert loaded.returncode == 0, loaded.stderr
    return "busybox"


@pytest.fixture
def www(tmp_path):
    (tmp_path / "index.html").write_text(PAGE)
    return tmp_path


def web(run, www: Path, *flags: str) -> str:
    done = run("run", "-d", *flags, "-v", f"{www}:/www", "busybox", "httpd", "-f", "-p", "80", "-h", "/www")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def held(cid: str, network: str = "bridge") -> list[str]:
    """What the CNI set-up holds for the container: host-local's address record, libcni's cached result, the
    hook's port claim, iptables rules naming it."""
    marker = f"{NS}-{cid}"
    found = [str(p) for folder in (Path(f"/var/lib/cni/networks/{network}"), Path("/var/lib/cni/results"),
                                   Path("/run/pydock-cni")) if folder.is_dir()
             for p in folder.iterdir() if marker in p.name or (p.is_file() and marker in p.read_text(errors="replace"))]
    rules = subprocess.run(["iptables-save"], capture_output=True, text=True, check=False).stdout
    return found + [line for line in rules.splitlines() if marker in line]


def released(cid: str, network: str = "bridge", seconds: float = 15) -> list[str]:
    deadline = time.monotonic() + seconds
    while held(cid, network) and time.monotonic() < deadline:
        time.sleep(0.1)
    return held(cid, network)


def test_a_detached_container_that_ends_releases_its_network_at_once(node, here, bb, www):
    port, local_port = free_port(), free_port()
    over = node.run("run", "-d", "--name", "hook-ends", "-p", f"127.0.0.1:{port}:80", bb, "sleep", "4")
    local = here("run", "-d", "--name", "hook-ends-here", "-p", f"127.0.0.1:{local_port}:80", bb, "sleep", "4")
    assert over.returncode == local.returncode == 0, over.stderr + local.stderr
    cid, local_cid = over.stdout.strip(), local.stdout.strip()
    assert held(cid) and held(local_cid)
    node.disconnect()  # what releases it is on the remote, not in an ssh session or here
    assert released(cid) == []
    assert released(local_cid) == []  # locally pydock's logger does it (shim/ctr_logger.py)
    for run, name in ((node.run, "hook-ends"), (here, "hook-ends-here")):
        shown = run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}|{{.NetworkSettings.IPAddress}}|"
                    "{{json .NetworkSettings.Ports}}", name)
        assert shown.stdout == "exited 0||{}\n", shown.stderr
    # its host port is free for another container, as docker's is
    other = web(node.run, www, "--name", "hook-after", "-p", f"127.0.0.1:{port}:80")
    assert get(f"http://127.0.0.1:{port}/") == PAGE
    # and then its own start is refused in docker's words (start's)
    again = node.run("start", "hook-ends")
    assert again.returncode == 1
    assert again.stderr == (f"Error response from daemon: failed to set up container networking: driver failed "
                            f"programming external connectivity on endpoint hook-ends ({cid}): Bind for "
                            f"127.0.0.1:{port} failed: port is already allocated\nError: failed to start containers: "
                            "hook-ends\n")
    assert held(cid) == []
    assert node.run("rm", "-f", other).returncode == 0
    assert released(other) == []
    # started again once the port is free: networked again, and released again when it ends
    assert node.run("start", "hook-ends").returncode == 0
    assert node.run("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "hook-ends").stdout.strip()
    assert held(cid)
    assert released(cid) == []
    assert node.run("rm", "-f", "hook-ends", "hook-ends-here").returncode == 0


def _hooks_waiting(port: int) -> set[bytes]:
    """The CNI container IDs of the hooks at createRuntime for a container publishing `port` (the hook's own
    subshells show the same command line)."""
    found = set()
    for proc in Path("/proc").iterdir():
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if len(args) > 13 and args[4] == b"createRuntime" and args[13] == f"tcp/{port}/127.0.0.1".encode():
            found.add(args[5])
    return found


def test_two_runs_racing_for_one_host_port_one_wins_as_with_docker(node, bb, www):
    port = free_port()
    names = ("hook-race-1", "hook-race-2")
    argv = [PYDOCK, "-H", HOST, "--namespace", NS, "run", "-d", "-v", f"{www}:/www", "-p", f"127.0.0.1:{port}:80"]
    env = {**os.environ, **node.env}
    # both pass pydock's check before either's hook runs: their hooks wait for nerdctl's CNI lock, held here
    with CNI_LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            runs = [subprocess.Popen([*argv, "--name", name, bb, "httpd", "-f", "-p", "80", "-h", "/www"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                    for name in names]
            deadline = time.monotonic() + 60
            while len(_hooks_waiting(port)) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(_hooks_waiting(port)) == 2
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    results = [run.communicate(timeout=60) for run in runs]
    codes = [run.returncode for run in runs]
    assert sorted(codes) == [0, 125], results
    winner, loser = (names[0], names[1]) if codes[0] == 0 else (names[1], names[0])
    loser_id = node.run("inspect", "-f", "{{.Id}}", loser).stdout.strip()
    out, err = results[names.index(loser)]
    assert out == ""
    assert err == (f"docker: Error response from daemon: failed to set up container networking: driver failed "
                   f"programming external connectivity on endpoint {loser} ({loser_id}): Bind for 127.0.0.1:{port} "
                   "failed: port is already allocated\n\nRun 'docker run --help' for more information\n")
    assert get(f"http://127.0.0.1:{port}/") == PAGE
    shown = node.run("ps", "-a", "--filter", "name=hook-race", "--format", "{{.Names}} {{.Status}} {{.Ports}}")
    lines = dict(line.split(" ", 1) for line in shown.stdout.splitlines())
    assert lines[loser] == "Created "  # as docker leaves the container whose start failed
    assert re.fullmatch(rf"Up \S+( \S+)? 127\.0\.0\.1:{port}->80/tcp", lines[winner]), lines
    assert held(loser_id) == []
    assert node.run("rm", "-f", *names).returncode == 0


def test_containers_on_one_network_find_each_other_by_name(node, here, bb, www):
    made = subprocess.run(["nerdctl", "-n", NS, "network", "create", "--subnet", "10.99.72.0/24", "hook-n2"],
                          capture_output=True, text=True, check=False)
    assert made.returncode == 0 or "already exists" in made.stderr, made.stderr
    try:
        web(node.run, www, "--name", "hook-a", "--network", "hook-n2")
        b = node.run("run", "-d", "--name", "hook-b", "--network", "hook-n2", bb, "sleep", "60")
        assert b.returncode == 0, b.stderr
        for url in ("http://hook-a/", "http://hook-a.hook-n2/"):
            fetched = node.run("exec", "hook-b", "wget", "-qO-", url)
            assert (fetched.returncode, fetched.stdout) == (0, PAGE), fetched.stderr
        address = node.run("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "hook-b").stdout.strip()
        hosts = node.run("exec", "hook-a", "cat", "/etc/hosts").stdout  # a's file was rewritten when b started
        assert re.search(rf"^{re.escape(address)} +{b.stdout.strip()[:12]} \S+ hook-b hook-b\.hook-n2$", hosts, re.M)
        # across the backends: a container of the local one (Python hook) and one over ssh (sh hook)
        local = here("run", "--rm", "--network", "hook-n2", bb, "wget", "-qO-", "http://hook-a/")
        assert (local.returncode, local.stdout) == (0, PAGE), local.stderr
        web(here, www, "--name", "hook-l", "--network", "hook-n2")
        over = node.run("run", "--rm", "--network", "hook-n2", bb, "wget", "-qO-", "http://hook-l.hook-n2/")
        assert (over.returncode, over.stdout) == (0, PAGE), over.stderr
        # not on the default network, as locally
        for run in (node.run, here):
            assert "hook-a" not in run("run", "--rm", bb, "cat", "/etc/hosts").stdout
        # b gone from a's hosts file once it stopped, as the local backend withdraws it
        assert node.run("stop", "-t", "0", "hook-b").returncode == 0
        assert "hook-b" not in node.run("exec", "hook-a", "cat", "/etc/hosts").stdout
        assert node.run("rm", "-f", "hook-a", "hook-b", "hook-l").returncode == 0
    finally:
        subprocess.run(["nerdctl", "-n", NS, "network", "rm", "hook-n2"], capture_output=True, check=False)
