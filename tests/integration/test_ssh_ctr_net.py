"""docker's default bridge network, --network NAME, -p and -P of the ctr backend over the ssh transport (issue #16):
the remote (tests/stack/sshd.sh's `ctrnode` key: ctr on its PATH, no nerdctl) runs the CNI plugins through pydock's
POSIX sh OCI hook (shim/backends/ctr/remote_network.py), no Python. Each answer is compared with the same command of
the local ctr backend (shim/cni_hook.py's Python hook) in the same namespace, on this machine's containerd, which is
also the remote's: the address, the published ports, their release at stop and rm (IPAM records, CNI result cache,
iptables rules, the state folder)."""

from __future__ import annotations

import ipaddress
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PYDOCK
from tests.integration import ctr_node
from tests.integration.ssh_remote import HOST
from tests.integration.test_ctr_network import IPAM, RESULTS, free_port, get
from tests.integration.test_ssh_ctr import Node
from tests.integration.test_ssh_transport import _sshd_problem

NS = "pydock-sshctrnet"
WEB = "sshctrnet-web"  # busybox with EXPOSE 80/tcp, for -P
CTR = ctr_node.CTR
PAGE = "hello over ssh\n"


class NetNode(Node):
    """test_ssh_ctr's remote, in this module's namespace."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.env["CONTAINERD_NAMESPACE"] = NS

    def run(self, *args: str, **kw) -> subprocess.CompletedProcess[str]:
        from tests.conftest import pydock

        return pydock("-H", HOST, "--namespace", NS, *args, env={**self.env, **kw.pop("env", {})}, **kw)


@pytest.fixture(scope="module")
def here(tmp_path_factory):
    """The local ctr backend in the same namespace (ctr on PATH, no nerdctl)."""
    return ctr_node.runner(ctr_node.node_path(tmp_path_factory.mktemp("node-bin")), NS)


@pytest.fixture(scope="module")
def node(stack, here):
    problem = _sshd_problem()
    assert not problem, problem
    remote = NetNode("ctrnode_ed25519")
    yield remote
    ctr_node.empty(here, NS)
    remote.close()


@pytest.fixture(scope="module")
def bb(node, image_archive, tmp_path_factory):
    """busybox and the web image, loaded over ssh."""
    loaded = node.run("load", "-i", str(image_archive))
    assert loaded.returncode == 0, loaded.stderr
    sys.path.insert(0, str(Path(__file__).parents[1] / "stack"))
    import busybox_image

    web = tmp_path_factory.mktemp("web") / "web.tar"
    web.write_bytes(busybox_image.image_archive(f"{WEB}:latest", exposed=("80/tcp",)))
    assert node.run("load", "-i", str(web)).returncode == 0
    return "busybox"


@pytest.fixture
def www(tmp_path):
    folder = tmp_path / "w w'q"  # a space and a quote: every word reaches the remote's shell quoted
    folder.mkdir()
    (folder / "index.html").write_text(PAGE)
    return folder


def web(run, www, *flags: str, image: str = "busybox") -> str:
    done = run("run", "-d", *flags, "-v", f"{www}:/www", image, "httpd", "-f", "-p", "80", "-h", "/www")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def allocated(cid: str) -> list[str]:
    """What the CNI set-up holds for the container: address records, cached results, iptables rules and chains."""
    marker = f"{NS}-{cid}"
    held = [p.name for p in IPAM.iterdir() if p.is_file() and marker in p.read_text(errors="replace")]
    held += [p.name for p in RESULTS.iterdir() if marker in p.name] if RESULTS.exists() else []
    import hashlib

    # the bridge's masquerading chain (libcni's name for it: a full ID's only)
    chain = "CNI-" + hashlib.sha512(f"bridge{marker}".encode()).hexdigest()[:24] if len(cid) == 64 else marker
    rules = subprocess.run(["iptables-save"], capture_output=True, text=True, check=False).stdout
    return held + [line for line in rules.splitlines() if marker in line or chain in line]


def state_files(cid: str) -> str:
    return subprocess.run(["find", "/var/lib/nerdctl", "-path", f"*{NS}/{cid}*"], capture_output=True, text=True,
                          check=False).stdout


def wait_released(cid: str) -> list[str]:
    for _ in range(100):
        held = allocated(cid)
        if not held:
            return []
        time.sleep(0.1)
    return held


def spec(cid: str) -> dict:
    info = subprocess.run([CTR, "-n", NS, "containers", "info", cid], capture_output=True, text=True, check=True)
    return json.loads(info.stdout)["Spec"]


def same_but(node, here, pairs: list[tuple[str, str]], *args: str) -> None:
    """The command over ssh and locally, NAME in `args` being each side's container; the outputs equal once
    each side's words in `pairs` (its name, its port) are replaced by the same mark."""
    over = node.run(*[a.replace("NAME", pairs[0][0]) for a in args])
    local = here(*[a.replace("NAME", pairs[1][0]) for a in args])
    assert over.returncode == local.returncode == 0, over.stderr + local.stderr

    def marked(text: str, words: tuple[str, ...]) -> str:
        for index, word in enumerate(words):
            text = text.replace(word, f"<{index}>")
        return text

    assert marked(over.stdout, pairs[0]) == marked(local.stdout, pairs[1]), args


def test_publish_reaches_the_container_and_shows_as_the_local_backend(node, here, bb, www):
    port, local_port = free_port(), free_port()
    cid = web(node.run, www, "--name", "sshnet-pub", "-p", f"127.0.0.1:{port}:80")
    assert get(f"http://127.0.0.1:{port}/") == PAGE  # this machine reaches the remote's published port
    hooks = spec(cid)["hooks"]
    assert [h["path"] for h in hooks["createRuntime"] + hooks["poststop"]] == ["/bin/sh", "/bin/sh"]  # no Python
    web(here, www, "--name", "sshnet-here", "-p", f"127.0.0.1:{local_port}:80")
    pairs = [("sshnet-pub", str(port)), ("sshnet-here", str(local_port))]
    for args in (("port", "NAME"), ("port", "NAME", "80"), ("ps", "--filter", "name=NAME", "--format",
                 "{{.Ports}} {{.Networks}} {{.Names}}"),
                 ("inspect", "-f", "{{json .NetworkSettings.Ports}} {{.NetworkSettings.IPPrefixLen}} "
                  "{{.NetworkSettings.Gateway}} {{json .HostConfig.PortBindings}} {{len .NetworkSettings.MacAddress}}"
                  " {{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{$v.Gateway}}{{end}}", "NAME")):
        same_but(node, here, pairs, *args)
    assert node.run("port", "sshnet-pub").stdout == f"80/tcp -> 127.0.0.1:{port}\n"
    address = node.run("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "sshnet-pub").stdout.strip()
    assert ipaddress.ip_address(address) in ipaddress.ip_network("10.4.0.0/24")
    theirs = here("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "sshnet-here").stdout.strip()
    assert address != theirs  # one address book (host-local's) for both backends
    inside = node.run("exec", "sshnet-pub", "ip", "-4", "-o", "addr", "show", "eth0").stdout
    assert f" {address}/24 " in inside
    hosts = node.run("exec", "sshnet-pub", "cat", "/etc/hosts").stdout
    assert re.search(rf"^{re.escape(address)} +{cid[:12]} sshnet-pub$", hosts, re.M), hosts
    fetched = node.run("exec", "sshnet-pub", "wget", "-qO-", f"http://{theirs}/")  # containers reach each other
    assert fetched.stdout == PAGE, fetched.stderr
    assert node.run("rm", "-f", "sshnet-pub", "sshnet-here").returncode == 0
    assert wait_released(cid) == []
    assert state_files(cid) == ""  # its state folder and hosts file went with it, on the remote


def test_a_held_port_is_refused_and_stop_releases_it(node, here, bb, www):
    port = free_port()
    first = web(node.run, www, "--name", "sshnet-first", "-p", f"127.0.0.1:{port}:80")
    get(f"http://127.0.0.1:{port}/")
    words = ("docker: Error response from daemon: failed to set up container networking: driver failed programming "
             r"external connectivity on endpoint NAME \([0-9a-f]{64}\): Bind for "
             f"127.0.0.1:{port} failed: port is already allocated\n\nRun 'docker run --help' for more information\n")
    again = node.run("run", "--rm", "--name", "sshnet-again", "-p", f"127.0.0.1:{port}:80", bb, "true")
    assert again.returncode == 125  # its iptables rules hold it, no socket: the published ports of the namespace
    assert re.fullmatch(words.replace("NAME", "sshnet-again"), again.stderr), again.stderr
    # a port the remote holds (here the local backend's port reserver): refused over ssh as it is locally
    local_port = free_port()
    held = web(here, Path(www), "--name", "sshnet-held", "-p", f"127.0.0.1:{local_port}:80")
    for run, name in ((node.run, "sshnet-again"), (here, "sshnet-here-again")):
        again = run("run", "--rm", "--name", name, "-p", f"127.0.0.1:{local_port}:80", bb, "true")
        assert again.returncode == 125
        assert re.fullmatch(words.replace("NAME", name).replace(str(port), str(local_port)), again.stderr)
    assert here("rm", "-f", held).returncode == 0
    assert node.run("stop", "-t", "1", "sshnet-first").stdout == "sshnet-first\n"
    assert allocated(first) == []  # at once, as docker's stop
    assert node.run("inspect", "-f", "{{.NetworkSettings.IPAddress}}|{{json .NetworkSettings.Ports}}",
                    "sshnet-first").stdout == "|{}\n"
    second = web(node.run, www, "--name", "sshnet-second", "-p", f"127.0.0.1:{port}:80")
    assert get(f"http://127.0.0.1:{port}/") == PAGE  # the port is free again, and the new container's
    assert node.run("rm", "-f", "sshnet-first", "sshnet-second").returncode == 0
    assert wait_released(second) == []


def test_publish_all_and_ports_without_host_port_pick_free_ones(node, here, bb, www):
    cid = web(node.run, www, "--name", "sshnet-all", "-P", "-p", "127.0.0.1::81/udp", image=WEB)
    ports = json.loads(node.run("inspect", "-f", "{{json .NetworkSettings.Ports}}", cid).stdout)
    assert sorted(ports) == ["80/tcp", "81/udp"]
    host = int(ports["80/tcp"][0]["HostPort"])
    assert 49153 <= host <= 60999  # nerdctl's range, as locally
    assert (ports["80/tcp"][0]["HostIp"], ports["81/udp"][0]["HostIp"]) == ("0.0.0.0", "127.0.0.1")
    assert get(f"http://127.0.0.1:{host}/") == PAGE
    assert node.run("inspect", "-f", "{{.HostConfig.PublishAllPorts}}", cid).stdout == "true\n"
    other = web(node.run, www, "-p", "80", image=WEB)  # the next free port: not the one the first holds
    picked = node.run("port", other, "80").stdout.strip()
    assert picked.startswith("0.0.0.0:") and int(picked.rpartition(":")[2]) != host
    assert get(f"http://127.0.0.1:{picked.rpartition(':')[2]}/") == PAGE
    assert node.run("rm", "-f", cid, other).returncode == 0
    assert wait_released(cid) == wait_released(other) == []


def test_rm_detached_rm_and_ctrl_c_leave_nothing(node, here, bb):
    short = node.run("run", "--rm", "-p", f"127.0.0.1:{free_port()}:80", bb, "hostname")
    assert short.returncode == 0, short.stderr
    assert wait_released(short.stdout.strip()) == []
    gone = node.run("run", "-d", "--rm", "-p", f"127.0.0.1:{free_port()}:80", bb, "sleep", "1").stdout.strip()
    assert allocated(gone[:12])
    for _ in range(100):
        if gone not in here("ps", "-aq", "--no-trunc").stdout:
            break
        time.sleep(0.1)
    assert gone not in here("ps", "-aq", "--no-trunc").stdout
    assert wait_released(gone) == []
    assert state_files(gone) == ""
    script = "trap 'exit 9' INT; hostname; while true; do sleep 0.1; done"
    with subprocess.Popen([PYDOCK, "-H", HOST, "--namespace", NS, "run", "--rm", "-p", f"127.0.0.1:{free_port()}:80",
                           bb, "sh", "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env={**os.environ, **node.env}) as proc:
        assert proc.stdout is not None
        hostname = proc.stdout.readline().decode().strip()
        assert allocated(hostname)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 9
    assert wait_released(hostname) == []
    assert here("ps", "-aq").stdout == ""


def test_a_network_of_the_remote_by_name_and_a_missing_one(node, here, bb):
    made = subprocess.run(["nerdctl", "-n", NS, "network", "create", "--subnet", "10.99.71.0/24", "sshnet-n1"],
                          capture_output=True, text=True, check=False)
    assert made.returncode == 0 or "already exists" in made.stderr, made.stderr
    try:
        cid = node.run("run", "-d", "--name", "sshnet-named", "--network", "sshnet-n1", bb, "sleep", "60")
        assert cid.returncode == 0, cid.stderr
        shown = node.run("inspect", "-f", "{{.NetworkSettings.IPAddress}} {{range $k, $v := "
                         ".NetworkSettings.Networks}}{{$k}}{{end}}", "sshnet-named").stdout.split()
        assert shown[1] == "sshnet-n1"
        assert ipaddress.ip_address(shown[0]) in ipaddress.ip_network("10.99.71.0/24")
        hosts = node.run("exec", "sshnet-named", "cat", "/etc/hosts").stdout
        assert "sshnet-named sshnet-named.sshnet-n1" in hosts  # nerdctl's alias on a network of the user's
        assert node.run("rm", "-f", "sshnet-named").returncode == 0
        assert wait_released(cid.stdout.strip()[:12]) == []  # (its chain is named by the network: sshnet-n1)
    finally:
        subprocess.run(["nerdctl", "-n", NS, "network", "rm", "sshnet-n1"], capture_output=True, check=False)
    over = node.run("run", "--rm", "--network", "sshnet-nosuch", bb, "true")
    local = here("run", "--rm", "--network", "sshnet-nosuch", bb, "true")
    assert (over.returncode, over.stdout, over.stderr) == (local.returncode, local.stdout, local.stderr)
    assert over.stderr == ("docker: Error response from daemon: failed to set up container networking: network "
                           "sshnet-nosuch not found\n\nRun 'docker run --help' for more information\n")


AUTH_REGISTRY = "127.0.0.1:5001"  # htpasswd: pydock / pydock-secret (tests/stack/provision.sh)


class RemoteWatch:
    """What the remote shows while a command runs: every process's command line, and pydock's tmpfs folders
    (their modes), polled until stopped."""

    def __init__(self) -> None:
        import threading

        self.lines: set[str] = set()
        self.folders: dict[str, tuple[int, list[int]]] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        while not self.done.is_set():
            ps = subprocess.run(["ps", "-ewwo", "args"], capture_output=True, text=True, check=False).stdout
            self.lines.update(ps.splitlines())
            for folder in Path("/dev/shm").glob(".pydock-secret-*"):
                try:
                    files = [p.stat().st_mode & 0o777 for p in folder.rglob("hosts.toml")]
                    self.folders[folder.name] = (folder.stat().st_mode & 0o777, files)
                except OSError:
                    continue
            time.sleep(0.01)

    def stop(self) -> None:
        self.done.set()
        self.thread.join(5)


def test_a_registry_login_reaches_the_remote_ctr_off_its_disk_and_command_lines(node, here, bb, tmp_path):
    import base64
    import uuid

    config = tmp_path / "docker"
    config.mkdir()
    token = base64.b64encode(b"pydock:pydock-secret").decode()
    (config / "config.json").write_text(json.dumps({"auths": {AUTH_REGISTRY: {"auth": token}}}))
    image = f"{AUTH_REGISTRY}/pydock-sshctrnet/busybox:{uuid.uuid4().hex[:8]}"
    env = {"DOCKER_CONFIG": str(config), "PYDOCK_DEBUG": "1"}
    assert node.run("tag", bb, image).returncode == 0
    watch = RemoteWatch()
    try:
        pushed = node.run("push", image, env=env)
        assert pushed.returncode == 0, pushed.stderr
        assert node.run("rmi", image).returncode == 0
        pulled = node.run("pull", image, env=env)
        assert pulled.returncode == 0, pulled.stderr
    finally:
        watch.stop()
    assert pulled.stdout.splitlines()[-1] == image
    # the password is "pydock-secret"; the tmpfs folders are named ".pydock-secret-…" (shim/remote_tmpfs.py)
    said = (pushed.stdout + pushed.stderr + pulled.stdout + pulled.stderr).replace(".pydock-secret-", "")
    assert "pydock-secret" not in said and token not in said
    shown = [line.replace(".pydock-secret-", "") for line in watch.lines]
    assert not any("pydock-secret" in line or token in line for line in shown)  # no command line of the host
    ours = hosts_dirs(watch.lines)  # the remote ctr's folders (other tests' builds may have theirs there)
    assert ours and set(ours) <= set(watch.folders), (ours, watch.folders)  # (a poll may miss one ctr of the two)
    assert all(watch.folders[f][0] == 0o700 and watch.folders[f][1] in ([], [0o600]) for f in ours)
    assert not any((Path("/dev/shm") / f).exists() for f in ours)  # removed when ctr ended
    assert node.run("rmi", image).returncode == 0
    # without the login the registry refuses, as it refuses the local ctr backend
    over = node.run("pull", image, env={"DOCKER_CONFIG": str(tmp_path)})
    local = here("pull", image, env={"DOCKER_CONFIG": str(tmp_path)})
    assert (over.returncode, over.stdout, over.stderr) == (local.returncode, local.stdout, local.stderr)
    assert over.returncode == 1 and "no basic auth credentials" in over.stderr
    # Ctrl-C of a pull as soon as its folder is there: the folder goes too
    before = {p.name for p in Path("/dev/shm").glob(".pydock-secret-*")}
    new: set[str] = set()
    with subprocess.Popen([PYDOCK, "-H", HOST, "--namespace", NS, "pull", image], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env={**os.environ, **node.env, "DOCKER_CONFIG": str(config)}) as proc:
        for _ in range(2000):
            new = {p.name for p in Path("/dev/shm").glob(".pydock-secret-*")} - before
            if new or proc.poll() is not None:
                break
            time.sleep(0.005)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert new, "the pull's folder was not seen"
    for _ in range(100):
        if not any((Path("/dev/shm") / f).exists() for f in new):
            break
        time.sleep(0.1)
    assert not any((Path("/dev/shm") / f).exists() for f in new)


def hosts_dirs(lines: set[str]) -> list[str]:
    return sorted({m for line in lines for m in re.findall(r"--hosts-dir=/dev/shm/(\.pydock-secret-[0-9a-f]+)", line)})


def test_exec_env_as_the_local_backend(node, here, bb, tmp_path):
    env_file = tmp_path / "env list"
    env_file.write_text("FROM_FILE=one two\nA=from-file\n")
    for run, name in ((node.run, "sshnet-exec-o"), (here, "sshnet-exec-l")):
        assert run("run", "-d", "--name", name, "--network", "none", "-e", "KEPT=k", bb, "sleep", "60").returncode == 0
    script = 'printf "%s|" "$A" "$Q" "$FROM_FILE" "$KEPT" "$HOME"'
    for args, code in ((("-e", "A=b", "-e", "Q=it's a \"b\" $x", "NAME", "sh", "-c", script), 0),
                       (("--env-file", str(env_file), "-e", "A=over", "NAME", "sh", "-c", script), 0),
                       (("-e", "A=1", "NAME", "no-such-program"), 127),
                       (("-e", "A=1", "-w", "/tmp", "NAME", "sh", "-c", "pwd; exit 3"), 3)):
        over = node.run("exec", *[a.replace("NAME", "sshnet-exec-o") for a in args])
        local = here("exec", *[a.replace("NAME", "sshnet-exec-l") for a in args])
        assert (over.returncode, over.stdout, over.stderr) == (local.returncode, local.stdout, local.stderr), args
        assert over.returncode == code, over.stderr
    shown = node.run("exec", "-e", "A=b", "-e", "Q=it's a \"b\" $x", "sshnet-exec-o", "sh", "-c", script).stdout
    assert shown == "b|it's a \"b\" $x||k|/root|"
    assert node.run("rm", "-f", "sshnet-exec-o", "sshnet-exec-l").returncode == 0
