"""The ctr backend's CNI networking over the ssh transport (remote_network.py), without a remote: what one ssh
command read of the remote parsed as the local backend reads this machine, and the sh hooks rendered into the
spec. The hook itself runs on the real remote in tests/integration/test_ssh_ctr_net.py."""

from __future__ import annotations

import json
import subprocess

import pytest

from shim import cni
from shim.backends.ctr import remote_hook, remote_network
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
    ports = [{"HostPort": 8080, "ContainerPort": 80, "Protocol": "tcp", "HostIP": "0.0.0.0"},
             {"HostPort": 81, "ContainerPort": 81, "Protocol": "udp", "HostIP": "127.0.0.1"}]
    made = remote_network.hooks(MINE, "ns-abc", "/s/hosts", ("h", "n"), ports, "/usr/lib/cni", "/etc/cni/x")
    assert sorted(made) == ["createRuntime", "poststop"]
    (entry,) = made["createRuntime"]
    assert entry["path"] == "/bin/sh" and entry["env"][0].startswith("PATH=")
    args = entry["args"]
    assert args[:5] == ["sh", "-c", remote_hook.HOOK, "sh", "createRuntime"]
    assert args[5:14] == ["ns-abc", "mine", "eth0", "/usr/lib/cni", "/s/hosts", "h", "n",
                          "/etc/cni/x/.cni-concurrency.lock", "tcp/8080/0.0.0.0 udp/81/127.0.0.1"]
    kinds, confs = args[14::2], [json.loads(c) for c in args[15::2]]
    assert kinds == ["bridge", "portmap"]
    assert confs[0] == {"type": "bridge", "bridge": "br-x", "name": "mine", "cniVersion": "1.0.0"}
    assert confs[1]["runtimeConfig"] == {"portMappings": [
        {"hostPort": 8080, "containerPort": 80, "protocol": "tcp", "hostIP": "0.0.0.0"},
        {"hostPort": 81, "containerPort": 81, "protocol": "udp", "hostIP": "127.0.0.1"}]}
    assert all(c.endswith("}") for c in args[15::2])  # the hook appends prevResult before the last brace
    assert made["poststop"][0]["args"][4] == "postStop"
    assert remote_hook.WATCHED in args[2]  # `stop` and run's port check tell it from an older pydock's hook


@pytest.mark.parametrize("script", [remote_hook.HOOK, remote_network._READ, remote_network._WRITE])
def test_the_remote_scripts_are_posix_sh(script):
    checked = subprocess.run(["sh", "-n", "-c", script], capture_output=True, text=True, check=False)
    assert (checked.returncode, checked.stderr) == (0, "")


def test_an_unknown_event_fails_the_hook():
    out = subprocess.run(["sh", "-c", remote_hook.HOOK, "sh", "nothing", "ns-x", "n", "eth0", "/nonexistent", "",
                          "", "", "/dev/null", ""], input="{}", capture_output=True, text=True, check=False)
    assert (out.returncode, out.stderr) == (1, "pydock: unexpected event nothing\n")


def read_remote(env: dict[str, str], *candidates: str) -> remote_network.Remote:
    """_READ run by this machine's sh, as the remote runs it, in `env`."""
    import os

    out = subprocess.run(["sh", "-c", remote_network._READ, "sh", "ns1", *candidates], capture_output=True, text=True,
                         env={"PATH": os.environ["PATH"], **env}, check=True)
    return remote_network.Remote(out.stdout)


def test_the_remote_nerdctl_toml_is_honoured_as_the_local_one(tmp_path):
    netconf = tmp_path / "net d"
    (netconf / "ns1").mkdir(parents=True)
    (netconf / "a.conflist").write_text(json.dumps({**MINE, "name": "alpha"}))
    (netconf / "ns1" / "b.conf").write_text(json.dumps({"cniVersion": "1.0.0", "name": "beta", "type": "bridge"}))
    toml = tmp_path / "nerdctl.toml"
    toml.write_text(f'# nerdctl\'s settings\n  cni_path = "/opt/x/bin"\ncni_netconfpath = \'{netconf}\'\n'
                    'bridge_ip   =   "10.77.0.1/24"  \ndata_root = ""\n[plugins]\ncni_path = "/ignored"\n')
    remote = read_remote({"NERDCTL_TOML": str(toml)}, "/nonexistent", str(tmp_path))
    assert (remote.netconf, remote.plugins, remote.bridge_ip) == (str(netconf), "/opt/x/bin", "10.77.0.1/24")
    assert [p for p, _ in remote.files] == [f"{netconf}/a.conflist", f"{netconf}/ns1/b.conf"]
    assert remote.chosen("beta") == (remote.network("beta"), "")
    conflist, path = remote.chosen("bridge")  # missing: nerdctl's default with the toml's bridge_ip, in its folder
    assert path == f"{netconf}/nerdctl-bridge.conflist"
    assert conflist == cni.default_conflist("10.77.0.1/24")
    assert conflist["plugins"][0]["ipam"]["ranges"] == [[{"gateway": "10.77.0.1", "subnet": "10.77.0.0/24"}]]
    # as nerdctl and shim/cni.py: $NETCONFPATH and $CNI_PATH over the toml
    remote = read_remote({"NERDCTL_TOML": str(toml), "NETCONFPATH": str(netconf / "ns1"), "CNI_PATH": "/p:/q"})
    assert (remote.netconf, remote.plugins) == (str(netconf / "ns1"), "/p:/q")
    assert [c["name"] for _, c in remote.files] == ["beta"]
    # no toml: nerdctl's defaults, the plugins in the first candidate folder there
    remote = read_remote({"NERDCTL_TOML": str(tmp_path / "none")}, "/nonexistent", str(tmp_path))
    assert (remote.netconf, remote.plugins, remote.bridge_ip) == ("/etc/cni/net.d", str(tmp_path), "")
    assert remote.chosen("bridge")[1] in ("", "/etc/cni/net.d/nerdctl-bridge.conflist")
    toml.write_text('bridge_ip = "nonsense"\n')
    with pytest.raises(ValueError):
        read_remote({"NERDCTL_TOML": str(toml), "NETCONFPATH": str(tmp_path / "empty")}).chosen("bridge")


def _result(address: str, indent: int | None) -> dict:
    return json.loads(json.dumps({"cniVersion": "1.0.0", "interfaces": [{"name": "eth0", "mac": "aa:bb"}],
                                  "ips": [{"interface": 0, "address": address, "gateway": "10.1.0.1"}],
                                  "routes": [{"dst": "0.0.0.0/0"}], "dns": {}}, indent=indent))


def _store(folder) -> None:
    """An etchosts folder as the three writers leave it: the sh hook (a plugin's indented result spliced in), the
    Python hook (json.dumps' spaces), nerdctl (compact, extra hosts), and a container with no network (no meta)."""
    from shim.run_record import compact_json

    plugin_output = json.dumps(_result("10.1.0.2/24", 4), indent=4)
    metas = {
        "c1": '{"ID":"c1","Networks":{"net1":' + plugin_output + '},"Hostname":"h1","ExtraHosts":{},"Name":"n1",'
              '"Domainname":""}',
        "c2": json.dumps({"ID": "c2", "Networks": {"net1": _result("10.1.0.3/24", None),
                                                   "bridge": _result("10.4.0.9/24", None)},
                          "Hostname": "h2", "ExtraHosts": {}, "Name": "n2", "Domainname": ""}),
        "c3": compact_json({"ID": "c3", "Networks": {"bridge": _result("10.4.0.7/24", None)}, "Hostname": "h3",
                            "ExtraHosts": {"extra.example": "192.0.2.9", "other": "fd00::9"}, "Name": "n3",
                            "Domainname": ""}),
        "c4": compact_json({"ID": "c4", "Networks": {"net2": _result("fd00::4/64", None)}, "Hostname": "h4",
                            "ExtraHosts": {}, "Name": "", "Domainname": ""}),
    }
    for cid, meta in metas.items():
        (folder / cid).mkdir(parents=True)
        (folder / cid / "meta.json").write_text(meta)
    (folder / "c2" / "hosts").write_text("# mine\n10.9.9.9 kept\n# <nerdctl>\nold lines\n# </nerdctl>\ntail\n")
    (folder / "c5").mkdir()
    (folder / "c5" / "hosts").write_text("untouched\n")


def test_the_hosts_store_in_sh_writes_what_the_python_hook_writes(tmp_path):
    from shim import cni_hook

    mine, python = tmp_path / "sh" / "ns", tmp_path / "py" / "ns"
    _store(mine)
    _store(python)
    cni_hook._update_hosts(str(python))
    done = subprocess.run(["sh", "-c", remote_hook.HOSTS_STORE + '\nrehost "$1"', "sh", str(mine)],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    for cid in ("c1", "c2", "c3", "c4", "c5"):
        assert (mine / cid / "hosts").read_text() == (python / cid / "hosts").read_text(), cid
    shown = (mine / "c1" / "hosts").read_text()
    assert "10.1.0.3        h2 h2.net1 n2 n2.net1\n" in shown and "10.4.0" not in shown  # its network's only
    assert (mine / "c2" / "hosts").read_text().startswith("# mine\n10.9.9.9 kept\ntail\n# <nerdctl>\n")
    assert "192.0.2.9       extra.example\n" in (mine / "c3" / "hosts").read_text()


def port_check(tmp_path, ports: str, claims: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The hook's port check (remote_hook.PORTS) for `ports`, other containers' claims in a folder of the test's."""
    folder = tmp_path / "claims"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, text in claims.items():
        (folder / name).write_text(text)
    script = ('fail() { printf "%s\\n" "$1" >&2; exit 1; }; claims=$1 claim=$1/own ports=$2 name=web id=ns-1-abc\n'
              + remote_hook.PORTS + "\nfree")
    return subprocess.run(["sh", "-c", script, "sh", str(folder), ports], capture_output=True, text=True, check=False)


def test_the_hook_claims_host_ports_that_no_running_container_or_socket_holds(tmp_path):
    import os
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        held = s.getsockname()[1]
        dead = subprocess.Popen(["true"])
        dead.wait()
        with socket.socket() as other:
            other.bind(("127.0.0.1", 0))
            free_port = other.getsockname()[1]
        live = str(os.getpid())
        for ports, claims, taken in (
                (f"tcp/{free_port}/0.0.0.0", {}, ""),
                (f"tcp/{free_port}/0.0.0.0", {"x": f"{live}\nudp/{free_port}/0.0.0.0 tcp/1/0.0.0.0\n"}, ""),
                (f"tcp/{free_port}/0.0.0.0", {"own": f"{live}\ntcp/{free_port}/0.0.0.0\n"}, ""),  # its own claim
                (f"tcp/{free_port}/0.0.0.0", {"x": f"{dead.pid}\ntcp/{free_port}/0.0.0.0\n"}, ""),  # its process gone
                (f"udp/{free_port}/0.0.0.0 tcp/{free_port}/127.0.0.1", {"x": f"{live}\ntcp/{free_port}/0.0.0.0\n"},
                 f"127.0.0.1:{free_port}"),
                (f"tcp/{held}/0.0.0.0", {}, f"0.0.0.0:{held}")):  # a socket of the host holds it
            done = port_check(tmp_path, ports, claims)
            if taken:
                assert (done.returncode, done.stderr) == (1, "driver failed programming external connectivity on "
                                                             f"endpoint web (abc): Bind for {taken} failed: port is "
                                                             "already allocated\n"), (ports, claims)
            else:
                assert (done.returncode, done.stderr) == (0, ""), (ports, claims)


def test_without_flock_the_hook_locks_with_a_folder(tmp_path):
    """A remote without util-linux's flock: the hook's lock is a folder made atomically (remote_hook.LOCK), held by
    one shell at a time, taken over from a holder that is gone."""
    import os
    import shutil

    tools = tmp_path / "bin"  # a PATH without flock
    tools.mkdir()
    for tool in ("mkdir", "cat", "rm", "sleep"):
        (tools / tool).symlink_to(shutil.which(tool))
    lock, log = tmp_path / "net.d" / ".cni-concurrency.lock", tmp_path / "log"
    script = ('claims=$1 lock=$2\n' + remote_hook.LOCK
              + 'take\nprintf "in %s\\n" $$ >>"$3"; sleep 0.3; printf "out %s\\n" $$ >>"$3"\n')
    argv = [shutil.which("sh") or "/bin/sh", "-c", script, "sh", str(tmp_path / "claims"), str(lock), str(log)]
    shells = [subprocess.Popen(argv, env={"PATH": str(tools)}) for _ in range(3)]
    assert [s.wait(timeout=30) for s in shells] == [0, 0, 0]
    lines = log.read_text().splitlines()
    assert len(lines) == 6
    for start, end in zip(lines[::2], lines[1::2], strict=True):  # one holder at a time
        assert start.startswith("in ") and end == "out " + start[3:]
    assert not (tmp_path / "net.d" / ".cni-concurrency.lock.d").exists()  # let go at exit
    gone = subprocess.Popen(["true"])
    gone.wait()
    (tmp_path / "net.d" / ".cni-concurrency.lock.d").mkdir()
    (tmp_path / "net.d" / ".cni-concurrency.lock.d" / "pid").write_text(f"{gone.pid}\n")
    taken = subprocess.run(argv, env={"PATH": str(tools)}, timeout=10, check=False)
    assert taken.returncode == 0 and log.read_text().count("in ") == 4
    assert os.access(lock, os.F_OK)
