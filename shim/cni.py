"""CNI as nerdctl sets it up, for pydock's helpers that run the plugins themselves: nerdctl's `network connect`
(shim/backends/nerdctl/cni_exec.py) and the ctr backend's bridge networking (shim/cni_hook.py).

Where nerdctl looks (its pkg/defaults and nerdctl.toml): the plugins in $CNI_PATH, nerdctl.toml's `cni_path`, or
the first of its candidate folders that exists; the network configurations in $NETCONFPATH, nerdctl.toml's
`cni_netconfpath`, or /etc/cni/net.d, where nerdctl's default network `bridge` is `nerdctl-bridge.conflist`
(nerdctl0, 10.4.0.0/24, host-local addresses). A conflist runs as libcni runs it: ADD in order, each plugin
given the previous one's result and the capabilities it declares (portMappings), DEL in reverse order with
the result ADD cached (libcni's cache, which nerdctl's own DEL reads back). CNI calls take the lock nerdctl's
OCI hook takes, so that the two never run plugins at once. Standard library only: OCI hooks run it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

CACHE = Path("/var/lib/cni/results")  # libcni's result cache, which nerdctl's DEL reads back (and network.py)
DEFAULT_NETWORK, DEFAULT_BRIDGE, DEFAULT_CIDR = "bridge", "nerdctl0", "10.4.0.0/24"
DEFAULT_LABEL = "nerdctl/default-network"
# nerdctl's candidates when nothing names the plugins' folder (pkg/defaults CNIPath), the first that exists
PLUGIN_CANDIDATES = ("/opt/cni/bin", "/usr/local/libexec/cni", "/usr/local/lib/cni",
                     "/home/linuxbrew/.linuxbrew/opt/cni-plugins/bin", "/usr/libexec/cni", "/usr/lib/cni")


def _toml(key: str) -> str:
    from shim.nerdctl_files import nerdctl_toml

    return nerdctl_toml().get(key, "")


def plugin_dirs() -> list[str]:
    """Where nerdctl looks for CNI plugins: $CNI_PATH, else nerdctl.toml's cni_path, else its candidates."""
    if os.environ.get("CNI_PATH"):
        return os.environ["CNI_PATH"].split(":")
    found = _toml("cni_path")
    if found:
        return [found]
    return [next((d for d in PLUGIN_CANDIDATES if os.path.isdir(d)), PLUGIN_CANDIDATES[0])]


def netconf_dir() -> str:
    return os.environ.get("NETCONFPATH") or _toml("cni_netconfpath") or "/etc/cni/net.d"


class Failed(RuntimeError):
    """A plugin failed, or a network or plugin is missing: its message."""


class Lock:
    """nerdctl's lock around CNI calls (flock on `<netconf>/.cni-concurrency.lock`, its OCI hook's)."""

    def __init__(self, name: str = ".cni-concurrency.lock") -> None:
        self.path = os.path.join(netconf_dir(), name)
        self.fd = -1

    def __enter__(self) -> Lock:
        import fcntl

        os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDONLY | os.O_CREAT, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *_exc: object) -> None:
        os.close(self.fd)  # the lock goes with the file's last descriptor


def networks(namespace: str = "") -> list[tuple[str, dict]]:
    """Every network configuration (path, conflist) nerdctl reads, in its order: the folder's files sorted,
    then the namespace's own folder's; a single-plugin `.conf` as a list of one."""
    folder = netconf_dir()
    out = []
    for where in (folder, os.path.join(folder, namespace) if namespace else ""):
        try:
            names = sorted(n for n in os.listdir(where) if n.endswith((".conf", ".conflist", ".json")))
        except OSError:
            continue
        for name in names:
            path = os.path.join(where, name)
            try:
                loaded = json.loads(Path(path).read_text())
            except (OSError, ValueError):
                continue
            if isinstance(loaded, dict) and "plugins" not in loaded and loaded.get("type"):
                loaded = {"cniVersion": loaded.get("cniVersion", "1.0.0"), "name": loaded.get("name", ""),
                          "plugins": [loaded]}
            if isinstance(loaded, dict):
                out.append((path, loaded))
    return out


def find_network(name: str, namespace: str = "") -> tuple[str, dict] | None:
    """A network by name or nerdctl ID (whole or its first 12 digits), as nerdctl's NetworkByNameOrID."""
    for path, conflist in networks(namespace):
        nid = str(conflist.get("nerdctlID") or "")
        if conflist.get("name") == name or (nid and name in (nid, nid[:12])):
            return path, conflist
    return None


def default_conflist(bridge_ip: str = "") -> dict:
    """nerdctl's default network, as its `CreateNetwork` writes it (bridge, portmap, firewall, tuning)."""
    import hashlib
    import ipaddress

    subnet, gateway = ipaddress.ip_network(DEFAULT_CIDR), ""
    if bridge_ip:  # nerdctl.toml's bridge_ip: the gateway and its subnet
        given = ipaddress.ip_interface(bridge_ip)
        subnet, gateway = given.network, str(given.ip)
    gateway = gateway or str(next(subnet.hosts()))
    ipam = {"ranges": [[{"gateway": gateway, "subnet": str(subnet)}]], "routes": [{"dst": "0.0.0.0/0"}],
            "type": "host-local"}
    return {
        "cniVersion": "1.0.0", "name": DEFAULT_NETWORK,
        "nerdctlID": hashlib.sha256(DEFAULT_NETWORK.encode()).hexdigest(),
        "nerdctlLabels": {DEFAULT_LABEL: "true"},
        "plugins": [
            {"type": "bridge", "bridge": DEFAULT_BRIDGE, "isGateway": True, "ipMasq": True, "hairpinMode": True,
             "ipam": ipam},
            {"type": "portmap", "capabilities": {"portMappings": True}},
            {"type": "firewall", "ingressPolicy": "same-bridge"},
            {"type": "tuning"},
        ],
    }


def default_network() -> tuple[str, dict]:
    """nerdctl's default network: the one labelled so, else the one named `bridge`, else written as nerdctl
    writes it (`nerdctl-bridge.conflist`, under nerdctl's lock of the folder)."""
    found = networks()
    labelled = [n for n in found if DEFAULT_LABEL in (n[1].get("nerdctlLabels") or {})]
    named = [n for n in found if n[1].get("name") == DEFAULT_NETWORK]
    if labelled or named:
        return (labelled or named)[0]
    for plugin in ("bridge", "portmap", "firewall", "tuning", "host-local"):
        plugin_path(plugin, plugin_dirs())
    path = os.path.join(netconf_dir(), f"nerdctl-{DEFAULT_NETWORK}.conflist")
    conflist = default_conflist(_toml("bridge_ip"))
    with Lock(".nerdctl.lock"):
        if not os.path.exists(path):
            temp = f"{path}.pydock-{os.getpid()}"
            Path(temp).write_text(json.dumps(conflist, indent=2))
            os.chmod(temp, 0o644)
            os.rename(temp, path)
    return path, json.loads(Path(path).read_text())


def plugin_path(kind: str, dirs: list[str]) -> str:
    for folder in dirs:
        path = os.path.join(folder, kind)
        if os.access(path, os.X_OK):
            return path
    raise Failed(f'failed to find plugin "{kind}" in path {dirs}')


def _invoke(command: str, conf: dict, env: dict[str, str], dirs: list[str]) -> dict:
    proc = subprocess.run([plugin_path(conf["type"], dirs)], input=json.dumps(conf).encode(), env=env,
                          capture_output=True, check=False)
    out = proc.stdout.decode(errors="replace").strip()
    if proc.returncode != 0:
        try:
            problem = json.loads(out)
            message = problem.get("msg", out) + (f": {problem['details']}" if problem.get("details") else "")
        except ValueError:
            message = out or proc.stderr.decode(errors="replace").strip()
        raise Failed(f"plugin type={conf['type']!r} failed ({command.lower()}): {message}")
    return json.loads(out) if out and command == "ADD" else {}


def search_path() -> str:
    """PATH with the sbin folders added, where the plugins find iptables (as nerdctl adds them for its hook)."""
    dirs = [*os.environ.get("PATH", "").split(":"), "/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"]
    return ":".join(d for d in dict.fromkeys(dirs) if d)


def drop_rules(container: str, network_names: list[str]) -> None:
    """What a DEL without the container's namespace leaves (the bridge plugin's masquerading, which it undoes
    only with the namespace there): every iptables rule naming the CNI container ID, and the network's chain
    for it, as nerdctl's hook removes them after its DEL (its cleanupIptablesRules)."""
    import hashlib
    import shlex
    import shutil

    iptables = shutil.which("iptables", path=search_path())
    save = shutil.which("iptables-save", path=search_path())
    if not iptables or not save:
        return
    listed = subprocess.run([save], capture_output=True, text=True, check=False).stdout  # one call for all tables
    table = ""
    for line in listed.splitlines():
        if line.startswith("*"):
            table = line[1:]
        elif line.startswith("-A ") and container in line and table in ("nat", "filter", "mangle"):
            subprocess.run([iptables, "-t", table, "-D", *shlex.split(line[3:])], capture_output=True, check=False)
    for name in network_names:  # libcni's FormatChainName: CNI- and sha512(name + id)'s first 24 digits
        chain = "CNI-" + hashlib.sha512((name + container).encode()).hexdigest()[:24]
        subprocess.run([iptables, "-t", "nat", "-X", chain], capture_output=True, check=False)


def cache_path(network: str, container: str, ifname: str) -> Path:
    return CACHE / f"{network}-{container}-{ifname}"


def run_chain(command: str, conflist: dict, container: str, netns: str, ifname: str, *,
              capabilities: dict | None = None, args: str = "IgnoreUnknown=1") -> dict:
    """ADD or DEL of a network's plugins for `container` (the CNI container ID); ADD returns the result.
    `capabilities` (e.g. {"portMappings": [...]}) reach the plugins that declare them, as runtimeConfig."""
    dirs = plugin_dirs()
    env = {**os.environ, "PATH": search_path(), "CNI_COMMAND": command, "CNI_CONTAINERID": container,
           "CNI_NETNS": netns, "CNI_IFNAME": ifname, "CNI_PATH": ":".join(dirs), "CNI_ARGS": args}
    cache = cache_path(conflist["name"], container, ifname)
    plugins = conflist.get("plugins") or []
    result: dict = {}
    if command == "DEL":
        try:
            result = json.loads(cache.read_text()).get("result") or {}
        except (OSError, ValueError):
            result = {}
        plugins = list(reversed(plugins))
    for plugin in plugins:
        conf = {**plugin, "name": conflist["name"], "cniVersion": conflist.get("cniVersion", "1.0.0")}
        declared = {k: v for k, v in (capabilities or {}).items() if (plugin.get("capabilities") or {}).get(k)}
        if declared:
            conf["runtimeConfig"] = declared
        if result:
            conf["prevResult"] = result
        got = _invoke(command, conf, env, dirs)
        if command == "ADD":
            result = got or result
    if command == "ADD":
        CACHE.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"kind": "cniCacheV1", "containerId": container, "ifName": ifname,
                                     "networkName": conflist["name"], "config": "", "result": result}))
        return result
    cache.unlink(missing_ok=True)
    return {}
