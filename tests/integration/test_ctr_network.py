"""Issue 15: docker's default bridge network, -p and -P through the ctr backend (pydock's OCI hook running the
CNI plugins on nerdctl's default network), on the real containerd with nerdctl hidden from PATH, in a namespace
of these tests' own. What must hold: containers reach each other and the host reaches published ports; the
address and ports are released when the container stops or goes (IPAM records, CNI result cache, iptables
rules, the host-side veth, the port reserver); nerdctl sees the containers as its own and its containers
share the network."""

from __future__ import annotations

import ipaddress
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.integration.ctr_node import empty, node_path, runner

NS = "ctrnet-test"
CTR = shutil.which("ctr") or "/usr/bin/ctr"
NERDCTL = shutil.which("nerdctl") or "/usr/local/bin/nerdctl"
IPAM = Path("/var/lib/cni/networks/bridge")  # host-local's records of nerdctl's default network
RESULTS = Path("/var/lib/cni/results")
WEB = "ctrnet-web"  # busybox with EXPOSE 80/tcp, for -P


@pytest.fixture(scope="module")
def on_ctr(tmp_path_factory):
    """pydock with a PATH that has ctr but no nerdctl, as on a Kubernetes node."""
    return runner(node_path(tmp_path_factory.mktemp("node-bin")), NS)


@pytest.fixture(scope="module")
def bb(stack, image_archive, on_ctr, tmp_path_factory):
    """busybox and the web image in this module's namespace; every container and image of it removed after."""
    on_ctr("load", "-i", str(image_archive), check=True)
    sys.path.insert(0, str(Path(__file__).parents[1] / "stack"))
    import busybox_image

    web = tmp_path_factory.mktemp("web") / "web.tar"
    web.write_bytes(busybox_image.image_archive(f"{WEB}:latest", exposed=("80/tcp",)))
    on_ctr("load", "-i", str(web), check=True)
    yield "busybox"
    empty(on_ctr, NS)


@pytest.fixture
def www(tmp_path):
    (tmp_path / "index.html").write_text("hello from ctr\n")
    return tmp_path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def web(on_ctr, bb, www, *flags: str, image: str = "") -> str:
    """A detached busybox httpd serving `www`; its full ID."""
    done = on_ctr("run", "-d", *flags, "-v", f"{www}:/www", image or bb, "httpd", "-f", "-p", "80", "-h", "/www")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def get(url: str) -> str:
    for _ in range(50):  # httpd binds its port a moment after the task starts
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return answer.read().decode()
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def allocated(short_id: str) -> list[str]:
    """What the CNI set-up holds for the container: its address records, cached results, iptables rules."""
    marker = f"{NS}-{short_id}"
    held = [p.name for p in IPAM.iterdir() if p.is_file() and marker in p.read_text(errors="replace")]
    held += [p.name for p in RESULTS.iterdir() if marker in p.name] if RESULTS.exists() else []
    rules = subprocess.run(["iptables-save"], capture_output=True, text=True, check=False).stdout
    return held + [line for line in rules.splitlines() if marker in line]


def wait_released(short_id: str) -> list[str]:
    for _ in range(100):
        held = allocated(short_id)
        if not held:
            return []
        time.sleep(0.1)
    return held


def host_ifindex(on_ctr, name: str) -> int:
    """The index of the host's end of the container's veth (eth0@ifN inside)."""
    link = on_ctr("exec", name, "ip", "-o", "link", "show", "eth0", check=True).stdout
    return int(re.search(r"eth0@if(\d+)", link).group(1))


def host_has_ifindex(index: int) -> bool:
    return any((p / "ifindex").read_text().strip() == str(index) for p in Path("/sys/class/net").iterdir())


def test_default_network_is_nerdctl_bridge_and_containers_reach_each_other(on_ctr, bb, www):
    server = web(on_ctr, bb, www, "--name", "ctrnet-server")
    settings = json.loads(on_ctr("inspect", "-f", "{{json .NetworkSettings}}", server, check=True).stdout)
    address = settings["IPAddress"]
    assert ipaddress.ip_address(address) in ipaddress.ip_network("10.4.0.0/24")
    assert (settings["Gateway"], settings["IPPrefixLen"]) == ("10.4.0.1", 24)
    assert re.fullmatch(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}", settings["MacAddress"])
    assert list(settings["Networks"]) == ["bridge"]
    assert settings["Networks"]["bridge"]["IPAddress"] == address
    assert settings["Networks"]["bridge"]["Gateway"] == "10.4.0.1"
    listed = subprocess.run([NERDCTL, "network", "inspect", "-f", "{{.ID}}", "bridge"], capture_output=True, text=True,
                            check=False).stdout.strip()
    assert settings["Networks"]["bridge"]["NetworkID"] == listed  # nerdctl's ID of its default network
    assert on_ctr("inspect", "-f", "{{.HostConfig.NetworkMode}}", server).stdout == "bridge\n"
    fetched = on_ctr("run", "--rm", bb, "wget", "-qO-", f"http://{address}/")
    assert (fetched.returncode, fetched.stdout) == (0, "hello from ctr\n"), fetched.stderr
    # docker's default bridge: the container's own files, hostname the short ID
    files = on_ctr("run", "--rm", bb, "sh", "-c", "hostname; cat /etc/hostname; grep -c nameserver /etc/resolv.conf")
    hostname, etc_hostname, servers = files.stdout.split()
    assert hostname == etc_hostname and re.fullmatch("[0-9a-f]{12}", hostname) and int(servers) >= 1
    assert on_ctr("rm", "-f", server).returncode == 0


def test_publish_reaches_the_container_from_the_host_and_shows_in_ps_port_inspect(on_ctr, bb, www):
    port = free_port()
    cid = web(on_ctr, bb, www, "--name", "ctrnet-pub", "-p", f"127.0.0.1:{port}:80")
    assert get(f"http://127.0.0.1:{port}/") == "hello from ctr\n"
    ps = on_ctr("ps", "--filter", "name=ctrnet-pub", "--format", "{{.Ports}}", check=True)
    assert ps.stdout == f"127.0.0.1:{port}->80/tcp\n"
    table = on_ctr("ps", "--filter", "name=ctrnet-pub", check=True).stdout
    assert f"127.0.0.1:{port}->80/tcp   ctrnet-pub" in table
    assert on_ctr("port", "ctrnet-pub").stdout == f"80/tcp -> 127.0.0.1:{port}\n"
    assert on_ctr("port", "ctrnet-pub", "80").stdout == f"127.0.0.1:{port}\n"
    missing = on_ctr("port", "ctrnet-pub", "81")
    assert (missing.returncode, missing.stderr) == (1, "Error: No public port '81/tcp' published for ctrnet-pub\n")
    ports = json.loads(on_ctr("inspect", "-f", "{{json .NetworkSettings.Ports}}", cid, check=True).stdout)
    assert ports == {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(port)}]}
    bindings = on_ctr("inspect", "-f", "{{json .HostConfig.PortBindings}}", cid, check=True).stdout
    assert json.loads(bindings) == {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(port)}]}
    # the host port is held (nerdctl's port reserver), so a second container cannot have it: docker's words
    again = on_ctr("run", "--rm", "--name", "ctrnet-again", "-p", f"127.0.0.1:{port}:80", bb, "true")
    assert again.returncode == 125
    assert re.fullmatch("docker: Error response from daemon: failed to set up container networking: driver failed "
                        r"programming external connectivity on endpoint ctrnet-again \([0-9a-f]{64}\): Bind for "
                        f"127.0.0.1:{port} failed: port is already allocated\n\n"
                        "Run 'docker run --help' for more information\n", again.stderr), again.stderr
    index = host_ifindex(on_ctr, "ctrnet-pub")
    assert host_has_ifindex(index)
    assert allocated(cid[:12])
    assert on_ctr("rm", "-f", "ctrnet-pub").returncode == 0
    assert wait_released(cid[:12]) == []
    assert not host_has_ifindex(index)  # the veth went with the container's namespace
    with socket.socket() as s:  # the reserver let the port go
        s.bind(("127.0.0.1", port))


def test_publish_all_and_a_port_without_host_port(on_ctr, bb, www):
    cid = web(on_ctr, bb, www, "--name", "ctrnet-all", "-P", "-p", "127.0.0.1::81/udp", image=WEB)
    ports = json.loads(on_ctr("inspect", "-f", "{{json .NetworkSettings.Ports}}", cid, check=True).stdout)
    assert sorted(ports) == ["80/tcp", "81/udp"]
    host = int(ports["80/tcp"][0]["HostPort"])
    assert 49153 <= host <= 60999  # nerdctl's range for ports it picks
    assert ports["80/tcp"][0]["HostIp"] == "0.0.0.0"
    assert ports["81/udp"][0]["HostIp"] == "127.0.0.1"
    assert get(f"http://127.0.0.1:{host}/") == "hello from ctr\n"
    assert on_ctr("inspect", "-f", "{{.HostConfig.PublishAllPorts}}", cid).stdout == "true\n"
    assert on_ctr("rm", "-f", cid).returncode == 0
    assert wait_released(cid[:12]) == []


def test_stop_releases_the_network_and_start_sets_it_up_again(on_ctr, bb, www):
    port = free_port()
    cid = web(on_ctr, bb, www, "--name", "ctrnet-stop", "-p", f"127.0.0.1:{port}:80")
    get(f"http://127.0.0.1:{port}/")
    assert on_ctr("stop", "-t", "1", "ctrnet-stop").stdout == "ctrnet-stop\n"
    assert allocated(cid[:12]) == []  # at once, as docker's stop
    assert on_ctr("ps", "-a", "--filter", "name=ctrnet-stop", "--format", "{{.Ports}}").stdout == "\n"
    assert on_ctr("inspect", "-f", "{{.NetworkSettings.IPAddress}}", cid).stdout == "\n"
    assert on_ctr("start", "ctrnet-stop").returncode == 0
    assert get(f"http://127.0.0.1:{port}/") == "hello from ctr\n"
    assert on_ctr("rm", "-f", cid).returncode == 0
    assert wait_released(cid[:12]) == []


def test_a_container_that_ends_on_its_own_releases_its_network(on_ctr, bb):
    cid = on_ctr("run", "-d", "-p", f"127.0.0.1:{free_port()}:80", bb, "sleep", "1", check=True).stdout.strip()
    assert allocated(cid[:12])
    time.sleep(1)
    assert wait_released(cid[:12]) == []  # the logger saw the process end
    assert on_ctr("rm", cid).returncode == 0


def test_rm_and_detached_rm_clean_up(on_ctr, bb):
    short = on_ctr("run", "--rm", "-p", f"127.0.0.1:{free_port()}:80", bb, "hostname", check=True).stdout.strip()
    assert wait_released(short) == []
    gone = on_ctr("run", "-d", "--rm", "-p", f"127.0.0.1:{free_port()}:80", bb, "sleep", "1", check=True).stdout.strip()
    assert allocated(gone[:12])
    for _ in range(100):
        if gone not in on_ctr("ps", "-aq", "--no-trunc").stdout:
            break
        time.sleep(0.1)
    assert gone not in on_ctr("ps", "-aq", "--no-trunc").stdout
    assert wait_released(gone[:12]) == []
    running = on_ctr("run", "-d", bb, "sleep", "30", check=True).stdout.strip()
    assert on_ctr("rm", "-f", running).returncode == 0
    assert wait_released(running[:12]) == []
    store = subprocess.run(["find", "/var/lib/nerdctl", "-path", f"*{NS}/{running}*"], capture_output=True, text=True,
                           check=False)
    assert store.stdout == ""  # its state folder and hosts file went too


def test_a_failed_network_set_up_is_said_as_docker_says_it(on_ctr, bb):
    failed = on_ctr("run", "--rm", bb, "true", env={"CNI_PATH": "/nonexistent"})
    assert failed.returncode == 125
    assert failed.stderr == ("docker: Error response from daemon: failed to set up container networking: failed to "
                             "find plugin \"bridge\" in path ['/nonexistent']\n\n"
                             "Run 'docker run --help' for more information\n")
    assert on_ctr("ps", "-aq").stdout == ""  # --rm removed the container that did not start


def test_nerdctl_sees_ctr_containers_and_its_own_share_the_bridge(on_ctr, bb, www):
    port = free_port()
    web(on_ctr, bb, www, "--name", "ctrnet-interop", "-p", f"127.0.0.1:{port}:80")
    listed = subprocess.run([NERDCTL, "-n", NS, "ps", "--format", "{{.Names}} {{.Status}} {{.Ports}}"],
                            capture_output=True, text=True, check=True).stdout
    assert f"ctrnet-interop Up 127.0.0.1:{port}->80/tcp" in listed.splitlines()
    ported = subprocess.run([NERDCTL, "-n", NS, "port", "ctrnet-interop"], capture_output=True, text=True, check=True)
    assert ported.stdout == f"80/tcp -> 127.0.0.1:{port}\n"
    theirs = subprocess.run([NERDCTL, "-n", NS, "run", "-d", "--name", "ctrnet-nerdctl", "-v", f"{www}:/www", bb,
                             "httpd", "-f", "-p", "80", "-h", "/www"], capture_output=True, text=True, check=True)
    address = on_ctr("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "ctrnet-nerdctl", check=True).stdout.strip()
    assert ipaddress.ip_address(address) in ipaddress.ip_network("10.4.0.0/24")
    ours = on_ctr("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "ctrnet-interop", check=True).stdout.strip()
    assert ours != address  # one address book (host-local's), never handed out twice
    fetched = on_ctr("run", "--rm", bb, "wget", "-qO-", "http://ctrnet-nerdctl/")  # by name: nerdctl's hosts store
    assert (fetched.returncode, fetched.stdout) == (0, "hello from ctr\n"), fetched.stderr
    back = subprocess.run([NERDCTL, "-n", NS, "exec", "ctrnet-nerdctl", "wget", "-qO-", f"http://{ours}/"],
                          capture_output=True, text=True, check=False)
    assert back.stdout == "hello from ctr\n", back.stderr
    assert {"ctrnet-interop", "ctrnet-nerdctl"} <= set(on_ctr("ps", "--format", "{{.Names}}").stdout.split())
    nerdctl_id = theirs.stdout.strip()
    assert on_ctr("stop", "-t", "1", "ctrnet-nerdctl").returncode == 0  # the DEL nerdctl's stop runs
    assert allocated(nerdctl_id[:12]) == []
    assert subprocess.run([NERDCTL, "-n", NS, "start", "ctrnet-nerdctl"], capture_output=True, check=False).returncode == 0
    assert allocated(nerdctl_id[:12])
    assert on_ctr("rm", "-f", "ctrnet-nerdctl", "ctrnet-interop").returncode == 0
    assert wait_released(nerdctl_id[:12]) == []  # nerdctl's own hook, run when pydock deleted the task
    again = subprocess.run([NERDCTL, "-n", NS, "run", "--rm", "--name", "ctrnet-nerdctl", bb, "true"],
                           capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr  # its name is free again


def test_ports_on_a_network_without_them_and_a_missing_network_as_docker(on_ctr, bb):
    """Engine 29: -p with --network none is dropped without a word, with host it warns; a network that is
    not there fails the start."""
    none = on_ctr("run", "--rm", "--network", "none", "-p", "80", bb, "true")
    assert (none.returncode, none.stderr) == (0, "")
    host = on_ctr("run", "--rm", "--network", "host", "-p", "80", bb, "true")
    assert (host.returncode, host.stderr) == (0, "WARNING: Published ports are discarded when using host network mode\n")
    missing = on_ctr("run", "--rm", "--network", "ctrnet-nosuch", bb, "true")
    assert (missing.returncode, missing.stderr) == (125, "docker: Error response from daemon: failed to set up "
                                                         "container networking: network ctrnet-nosuch not found\n\n"
                                                         "Run 'docker run --help' for more information\n")
