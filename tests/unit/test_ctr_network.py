"""Issue 15, the ctr backend's bridge network: which network a run means, the port mappings -p/-P become (as
nerdctl records them), the files and spec a CNI container gets, nerdctl's default network as nerdctl writes it,
and what inspect reads back from a CNI result. Pure, or on files of the test's own."""

from __future__ import annotations

import json
import socket
import sys

import pytest

from shim import cni, cni_hook
from shim.backends.ctr import network, ports
from shim.errors import DockerError
from tests.unit.test_ctr_run_flags import parsed_run


@pytest.mark.parametrize(("flags", "mode"), [
    ([], "bridge"), (["--network", "default"], "bridge"), (["--net", "bridge"], "bridge"),
    (["--network", "none"], "none"), (["--network", "host"], "host"), (["--network", "mynet"], "mynet"),
])
def test_the_network_a_run_means(flags, mode):
    assert network.mode(parsed_run(*flags)) == mode
    assert network.uses_cni(parsed_run(*flags)) == (mode not in ("none", "host"))


@pytest.mark.parametrize("flags", [["--network", "container:x"], ["--network", "a", "--network", "b"]])
def test_what_ctr_cannot_join_is_refused(flags):
    with pytest.raises(DockerError) as refused:
        network.mode(parsed_run(*flags))
    assert "not supported by pydock's ctr backend" in str(refused.value)


@pytest.mark.parametrize(("flags", "expected"), [
    (["-p", "8080:80"], [(8080, 80, "tcp", "0.0.0.0")]),
    (["-p", "127.0.0.1:8080:80/udp"], [(8080, 80, "udp", "127.0.0.1")]),
    (["-p", "8080-8081:80-81"], [(8080, 80, "tcp", "0.0.0.0"), (8081, 81, "tcp", "0.0.0.0")]),
])
def test_given_host_ports_as_nerdctl_records_them(flags, expected):
    got = network.port_mappings(parsed_run(*flags), {})
    assert [(m["HostPort"], m["ContainerPort"], m["Protocol"], m["HostIP"]) for m in got] == expected


def test_ports_without_a_host_port_are_picked_free_in_nerdctls_range():
    got = network.port_mappings(parsed_run("-p", "80", "-P", "--expose", "90"), {"ExposedPorts": {"70/tcp": {}}})
    assert [(m["ContainerPort"], m["Protocol"]) for m in got] == [(80, "tcp"), (70, "tcp"), (90, "tcp")]
    hosts = [m["HostPort"] for m in got]
    assert len(set(hosts)) == 3 and all(49153 <= h <= 60999 for h in hosts)
    assert not set(hosts) & network._used_ports("tcp")


def test_a_host_port_the_host_holds_is_docker_s_error():
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen(1)
        port = held.getsockname()[1]
        with pytest.raises(DockerError) as refused:
            network.port_mappings(parsed_run("-p", f"127.0.0.1:{port}:80"), {}, ("c" * 64, "web"))
    assert str(refused.value) == (
        "docker: Error response from daemon: failed to set up container networking: driver failed programming "
        f"external connectivity on endpoint web ({'c' * 64}): Bind for 127.0.0.1:{port} failed: port is already "
        "allocated\n\nRun 'docker run --help' for more information")


def test_host_network_warns_that_ports_are_discarded():
    assert network.discarded_ports(parsed_run("--network", "host", "-p", "80")) == (
        "WARNING: Published ports are discarded when using host network mode\n")
    assert network.discarded_ports(parsed_run("--network", "none", "-p", "80")) == ""
    assert network.discarded_ports(parsed_run("-p", "80")) == ""


@pytest.mark.parametrize(("host", "expected"), [
    ("nameserver 127.0.0.53\nsearch example.org\noptions edns0 trust-ad\n",
     "nameserver 8.8.8.8\nnameserver 8.8.4.4\nsearch example.org\noptions edns0 trust-ad\n"),
    ("# comment\nnameserver 10.0.0.2\nnameserver ::1\nnameserver 127.0.0.1\n", "nameserver 10.0.0.2\n"),
])
def test_resolv_conf_without_loopback_servers(tmp_path, host, expected):
    (tmp_path / "resolv.conf").write_text(host)
    assert network.resolv_conf(str(tmp_path / "resolv.conf")) == expected


def test_nerdctls_default_network_byte_for_byte():
    """What nerdctl v2.3.5 writes as /etc/cni/net.d/nerdctl-bridge.conflist (Go's json.MarshalIndent)."""
    expected = {
        "cniVersion": "1.0.0", "name": "bridge",
        "nerdctlID": "17f29b073143d8cd97b5bbe492bdeffec1c5fee55cc1fe2112c8b9335f8b6121",
        "nerdctlLabels": {"nerdctl/default-network": "true"},
        "plugins": [
            {"type": "bridge", "bridge": "nerdctl0", "isGateway": True, "ipMasq": True, "hairpinMode": True,
             "ipam": {"ranges": [[{"gateway": "10.4.0.1", "subnet": "10.4.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}],
                      "type": "host-local"}},
            {"type": "portmap", "capabilities": {"portMappings": True}},
            {"type": "firewall", "ingressPolicy": "same-bridge"},
            {"type": "tuning"},
        ],
    }
    assert json.dumps(cni.default_conflist(), indent=2) == json.dumps(expected, indent=2)
    other = cni.default_conflist("172.30.5.1/24")["plugins"][0]["ipam"]["ranges"]
    assert other == [[{"gateway": "172.30.5.1", "subnet": "172.30.5.0/24"}]]


def test_networks_found_as_nerdctl_finds_them(tmp_path, monkeypatch):
    monkeypatch.setenv("NETCONFPATH", str(tmp_path))
    (tmp_path / "nerdctl-a.conflist").write_text(json.dumps({"name": "a", "nerdctlID": "ab" * 32, "plugins": []}))
    (tmp_path / "ns").mkdir()
    (tmp_path / "ns" / "nerdctl-b.conflist").write_text(json.dumps({"name": "b", "plugins": []}))
    (tmp_path / "single.conf").write_text(json.dumps({"name": "c", "type": "bridge"}))
    assert cni.find_network("a")[0].endswith("nerdctl-a.conflist")
    assert cni.find_network("abababababab")[1]["name"] == "a"  # nerdctl's short ID
    assert cni.find_network("b") is None and cni.find_network("b", "ns")[1]["name"] == "b"
    assert cni.find_network("c")[1]["plugins"] == [{"name": "c", "type": "bridge"}]
    written = cni.default_network() if (tmp_path / "nerdctl-bridge.conflist").exists() else None
    assert written is None  # nothing named bridge here: default_network would write it (not in a unit test)


def test_the_spec_of_a_cni_container_has_nerdctls_annotations_and_the_hooks():
    labels = {"nerdctl/networks": '["bridge"]', "nerdctl/state-dir": "/s", "pydock/image": "busybox"}
    spec = network.with_network({"annotations": {"a": "b"}, "hooks": {"poststop": [{"path": "/x"}]}}, labels)
    assert spec["annotations"] == {"a": "b", "nerdctl/networks": '["bridge"]', "nerdctl/state-dir": "/s"}
    create = spec["hooks"]["createRuntime"][0]
    assert create["path"] == sys.executable
    assert create["args"] == [sys.executable, "-m", "shim.cni_hook", "createRuntime"]
    assert [h.get("args", [None])[-1] for h in spec["hooks"]["poststop"]] == [None, "postStop"]
    assert any(e.startswith("PYTHONPATH=") for e in create["env"]) and "/usr/sbin" in " ".join(create["env"])
    assert spec["linux"]["sysctl"] == {"net.ipv4.ip_unprivileged_port_start": "0"}


RESULT = {"cniVersion": "1.0.0",
          "interfaces": [{"name": "nerdctl0", "mac": "aa:aa:aa:aa:aa:aa"}, {"name": "veth1", "mac": "bb:bb:bb:bb:bb:bb"},
                         {"name": "eth0", "mac": "02:42:0a:04:00:07", "sandbox": "/proc/1/ns/net"}],
          "ips": [{"interface": 2, "address": "10.4.0.7/24", "gateway": "10.4.0.1"}]}


def test_inspect_reads_the_address_gateway_and_mac_from_the_cni_result():
    assert network._endpoint(RESULT) == {"IPAddress": "10.4.0.7", "IPPrefixLen": 24, "Gateway": "10.4.0.1",
                                         "MacAddress": "02:42:0a:04:00:07"}
    assert network._endpoint({}) == {}


def test_ports_read_from_network_config_json_else_the_label(tmp_path):
    (tmp_path / "network-config.json").write_text(json.dumps({"portMappings": [
        {"HostPort": 8080, "ContainerPort": 80, "Protocol": "tcp", "HostIP": "0.0.0.0"}]}))
    labels = {"nerdctl/networks": '["bridge"]', "nerdctl/state-dir": str(tmp_path)}
    assert network.settings("x", "ns", labels, running=True)["Ports"] == {
        "80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}
    assert network.settings("x", "ns", labels, running=False)["Ports"] == {}
    legacy = {"nerdctl/networks": '["bridge"]',
              "nerdctl/ports": '[{"HostPort":9000,"ContainerPort":90,"Protocol":"udp","HostIP":"127.0.0.1"}]'}
    assert network.settings("x", "ns", legacy, running=True)["Ports"] == {
        "90/udp": [{"HostIp": "127.0.0.1", "HostPort": "9000"}]}


@pytest.mark.parametrize(("given", "key"), [("80", "80/tcp"), ("53/udp", "53/udp")])
def test_port_argument_as_docker_reads_it(given, key):
    assert ports._port_key(given) == key


def test_a_bad_port_argument_is_docker_s_error():
    with pytest.raises(DockerError) as refused:
        ports._port_key("x")
    assert str(refused.value) == 'Error: invalid port (x): strconv.ParseUint: parsing "x": invalid syntax'


def test_hosts_files_name_every_container_on_a_shared_network(tmp_path):
    """nerdctl's hostsstore rules: each hosts file keeps its own lines, nerdctl's part lists the others."""
    for cid, ip, name, net in (("a1", "10.4.0.2/24", "web", "bridge"), ("b2", "10.4.0.3/24", "db", "bridge"),
                               ("c3", "10.4.1.2/24", "other", "mynet")):
        (tmp_path / cid).mkdir()
        (tmp_path / cid / "meta.json").write_text(json.dumps({
            "ID": cid, "Hostname": cid, "Name": name, "ExtraHosts": {},
            "Networks": {net: {"ips": [{"address": ip}]}}}))
    (tmp_path / "a1" / "hosts").write_text("1.2.3.4 mine\n# <nerdctl>\nold\n# </nerdctl>\n")
    cni_hook._update_hosts(str(tmp_path))
    text = (tmp_path / "a1" / "hosts").read_text()
    assert text.startswith("1.2.3.4 mine\n# <nerdctl>\n127.0.0.1\tlocalhost localhost.localdomain\n")
    assert "10.4.0.2        a1 web\n" in text and "10.4.0.3        b2 db\n" in text
    assert "other" not in text and "old" not in text and text.endswith("# </nerdctl>\n")
    assert "10.4.1.2        c3 c3.mynet other other.mynet\n" in (tmp_path / "c3" / "hosts").read_text()


def test_the_hook_does_nothing_for_a_container_without_a_cni_network(monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"id": "x", "annotations": {
        "nerdctl/networks": '["none"]', "nerdctl/namespace": "n", "nerdctl/state-dir": "/nonexistent"}})))
    assert cni_hook.main(["createRuntime"]) == 0
