"""The ctr backend's CNI networking over the ssh transport (remote_network.py), without a remote: what one ssh
command read of the remote parsed as the local backend reads this machine, and the sh hooks rendered into the
spec. The hook itself runs on the real remote in tests/integration/test_ssh_ctr_net.py."""

from __future__ import annotations

import json
import subprocess

import pytest

from shim import cni
from shim.backends.ctr import remote_network
from shim.backends.ctr.network import ports_in

TCP = """  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000
   1: 0100007F:A0A0 0100007F:1F90 06 00000000:00000000 00:00000000 00000000     0        0 0 3 0000000000000000
"""
MINE = {"cniVersion": "1.0.0", "name": "mine", "nerdctlID": "ab" * 32,
        "plugins": [{"type": "bridge", "bridge": "br-x"}, {"type": "portmap", "capabilities": {"portMappings": True}}]}


def read_back(*files: tuple[str, object]) -> str:
    parts = [f"\n--pydock-file {path}\n{json.dumps(body)}" for path, body in files]
    return "".join(parts) + f"\n--pydock-plugins /usr/lib/cni\n--pydock-proc tcp\n{TCP}\n--pydock-proc udp6\n\n--pydock-resolv\nnameserver 127.0.0.53\n"


def test_the_remote_read_is_parsed_as_the_local_files():
    single = {"cniVersion": "0.4.0", "name": "one", "type": "bridge"}
    remote = remote_network.Remote(read_back(("/etc/cni/net.d/b.conflist", MINE), ("/etc/cni/net.d/a.conf", single),
                                             ("/etc/cni/net.d/ns/c.conflist", cni.default_conflist())))
    assert [p for p, _ in remote.files] == ["/etc/cni/net.d/a.conf", "/etc/cni/net.d/b.conflist",
                                            "/etc/cni/net.d/ns/c.conflist"]
    assert remote.network("one")["plugins"] == [single]  # a .conf is a list of one, as nerdctl reads it
    assert remote.network("mine") is remote.network("ab" * 6)  # by name or nerdctl's short ID
    assert remote.network("bridge")["nerdctlLabels"] == {cni.DEFAULT_LABEL: "true"}
    assert remote.network("none-such") is None
    assert remote.used("tcp") == {8080}  # the TIME_WAIT socket holds nothing
    assert remote.used("tcp") == ports_in("tcp", [TCP])
    assert remote.resolv.strip() == "nameserver 127.0.0.53"
    assert remote.plugins == "/usr/lib/cni"  # the first of nerdctl's candidate folders the remote has


def test_the_hooks_are_sh_with_each_plugin_rendered():
    ports = [{"HostPort": 8080, "ContainerPort": 80, "Protocol": "tcp", "HostIP": "0.0.0.0"}]
    made = remote_network.hooks(MINE, "ns-abc", "/s/hosts", "h n", ports)
    assert sorted(made) == ["createRuntime", "poststop"]
    (entry,) = made["createRuntime"]
    assert entry["path"] == "/bin/sh" and entry["env"][0].startswith("PATH=")
    args = entry["args"]
    assert args[:5] == ["sh", "-c", remote_network.HOOK, "sh", "createRuntime"]
    assert args[5:12] == ["ns-abc", "mine", "eth0", "/opt/cni/bin", "/s/hosts", "h n",
                          "/etc/cni/net.d/.cni-concurrency.lock"]
    kinds, confs = args[12::2], [json.loads(c) for c in args[13::2]]
    assert kinds == ["bridge", "portmap"]
    assert confs[0] == {"type": "bridge", "bridge": "br-x", "name": "mine", "cniVersion": "1.0.0"}
    assert confs[1]["runtimeConfig"] == {"portMappings": [{"hostPort": 8080, "containerPort": 80,
                                                           "protocol": "tcp", "hostIP": "0.0.0.0"}]}
    assert all(c.endswith("}") for c in args[13::2])  # the hook appends prevResult before the last brace
    assert made["poststop"][0]["args"][4] == "postStop"


@pytest.mark.parametrize("script", [remote_network.HOOK, remote_network._READ, remote_network._WRITE])
def test_the_remote_scripts_are_posix_sh(script):
    checked = subprocess.run(["sh", "-n", "-c", script], capture_output=True, text=True, check=False)
    assert (checked.returncode, checked.stderr) == (0, "")


def test_an_unknown_event_fails_the_hook():
    out = subprocess.run(["sh", "-c", remote_network.HOOK, "sh", "nothing", "ns-x", "n", "eth0", "/nonexistent", "",
                          "", "/dev/null"], input="{}", capture_output=True, text=True, check=False)
    assert (out.returncode, out.stderr) == (1, "pydock: unexpected event nothing\n")
