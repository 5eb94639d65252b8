"""docker's `--network bridge` (the default), `-p` and `-P` on ctr: nerdctl's default CNI network, set up as
nerdctl sets it up, so that containers of either share its addresses and ports without clashing.

ctr's own `--cni` reads fixed places nerdctl's set-up does not use, so pydock does what nerdctl does instead:
the container gets nerdctl's labels (nerdctl/networks, nerdctl/namespace, nerdctl/state-dir, nerdctl/hostname
and the legacy nerdctl/ports), copied into its spec's annotations as nerdctl copies them, and two OCI hooks,
pydock's shim/cni_hook.py run by runc: at createRuntime the CNI plugins ADD its interface (address from
host-local, ports by portmap), at postStop they DEL it. The state folder gets nerdctl v2.3.5's
network-config.json (the port mappings), resolv.conf and hostname, bound into the container with the hosts
file of nerdctl's etchosts store. Host ports asked for (`-p 8080:80`) are checked against what the host
holds, and free ones picked for `-p 80` and `-P` from nerdctl's range, as nerdctl picks them.
"""

from __future__ import annotations

import os
import sys

from shim.backends.ctr.common import NAME
from shim.errors import daemon_error, unsupported_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.parse import Parsed

LOCAL = ("none", "host")
NETWORKS_LABEL, PORTS_LABEL = "nerdctl/networks", "nerdctl/ports"
PORT_RANGE = (49153, 60999)  # nerdctl's automatic host ports (pkg/portutil)
_CLOSED = ("06", "08")  # TIME_WAIT, CLOSE_WAIT in /proc/net/tcp: not holding the port
HOOK_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"  # the plugins run iptables
UNPRIVILEGED_PORTS = "net.ipv4.ip_unprivileged_port_start"
CNI_RESULTS = "/var/lib/cni/results"  # libcni's result cache (shim/cni.py)
NETWORKING = "Error response from daemon: failed to set up container networking: "  # Engine 29's start errors


def mode(parsed: Parsed) -> str:
    """The container's network: none, host or a CNI network's name (docker's default: bridge)."""
    networks = list(parsed.get("network") or [])
    if len(networks) > 1:
        raise unsupported_value("--network given twice (ctr containers join one network)", NAME)
    given = networks[0] if networks else "bridge"
    if given == "default":
        return "bridge"
    if given.startswith(("container:", "ns:")):
        raise unsupported_value(f"--network {given} (ctr joins no other container's namespace)", NAME)
    return given


def uses_cni(parsed: Parsed) -> bool:
    return mode(parsed) not in LOCAL


def check_network(parsed: Parsed, namespace: str) -> None:
    """docker's error for a network that is not there (nerdctl's default one is written when missing)."""
    from shim import cni

    name = mode(parsed)
    if name in LOCAL or name == cni.DEFAULT_NETWORK:
        return
    if cni.find_network(name, namespace) is None:
        raise daemon_error(f"{NETWORKING}network {name} not found", parsed.path, run_like=True)


def discarded_ports(parsed: Parsed) -> str:
    """docker's warning when -p/-P meet the host's network (with none, docker drops them without a word)."""
    if mode(parsed) == "host" and (parsed.get("publish") or parsed.get("publish-all") is True):
        return "WARNING: Published ports are discarded when using host network mode\n"
    return ""


def port_mappings(parsed: Parsed, image_config: dict, endpoint: tuple[str, str] = ("", ""),
                  used: Callable[[str], set[int]] | None = None) -> list[dict]:
    """The container's port mappings in nerdctl's form (HostPort, ContainerPort, Protocol, HostIP): -p's,
    then -P's exposed ports; a host port not given is picked free; docker's error for one the host holds
    (naming the `endpoint`, the container's ID and name). `used`: the ports a protocol's host holds (this
    machine's by default; over ssh the remote's, remote_network.py)."""
    from shim.exposed import expose_ports, publish_all, published_container_ports
    from shim.run_record import port_bindings

    specs = [str(s) for s in list(parsed.get("publish") or [])]
    wanted: list[tuple[str, int, str, str]] = []  # (host IP, container port, protocol, host port or "")
    for spec in specs:
        if "=" in spec:
            raise unsupported_value(f"-p {spec} (the long form is not translated for ctr yet)", NAME)
        for key, bindings in port_bindings([spec]).items():
            number, _, proto = key.partition("/")
            wanted += [(b["HostIp"], int(number), proto, b["HostPort"]) for b in bindings]
    if parsed.get("publish-all") is True:
        exposed = expose_ports(list(parsed.get("expose") or []), parsed.path)  # type: ignore[arg-type]
        image_ports = list(image_config.get("ExposedPorts") or {})
        for port in publish_all(image_ports, exposed, published_container_ports(specs)):
            number, _, proto = port.partition("/")
            wanted.append(("", int(number), proto or "tcp", ""))
    taken: dict[str, set[int]] = {}
    out = []
    for ip, container, proto, host in wanted:
        held = taken.setdefault(proto, (used or _used_ports)(proto))
        if host:
            port = int(host.split("-")[0])
            if port in held:
                where = ip or "0.0.0.0"  # noqa: S104 - docker's words for all addresses
                cid, name = endpoint
                raise daemon_error(f"{NETWORKING}driver failed programming external connectivity on endpoint {name} "
                                   f"({cid}): Bind for {where}:{port} failed: port is already allocated",
                                   parsed.path, run_like=True)
        else:
            port = next((p for p in range(PORT_RANGE[0], PORT_RANGE[1] + 1) if p not in held), 0)
            if not port:
                raise daemon_error("Error response from daemon: no free host port to publish", parsed.path,
                                   run_like=True)
        held.add(port)
        out.append({"HostPort": port, "ContainerPort": container, "Protocol": proto,
                    "HostIP": ip or "0.0.0.0"})  # noqa: S104 - nerdctl's record of "all addresses"
    return out


def _used_ports(proto: str) -> set[int]:
    """The local ports the host holds for `proto` (/proc/net's tables, v4 and v6), as nerdctl reads them."""
    tables = []
    for table in (proto, proto + "6") if proto in ("tcp", "udp") else ():
        try:
            with open(f"/proc/net/{table}", encoding="ascii") as f:
                tables.append(f.read())
        except OSError:
            continue
    return ports_in(proto, tables)


def ports_in(proto: str, tables: list[str]) -> set[int]:
    """The ports held in /proc/net tables' text (a socket in TIME_WAIT or CLOSE_WAIT holds none)."""
    used = set()
    for text in tables:
        for row in text.splitlines()[1:]:
            fields = row.split()
            if len(fields) > 3 and not (proto == "tcp" and fields[3] in _CLOSED):
                used.add(int(fields[1].rpartition(":")[2], 16))
    return used


def prepare(parsed: Parsed, address: str, namespace: str, endpoint: tuple[str, str], hostname: str,
            image_config: dict) -> list[str]:
    """ctr's flags for the container `endpoint` (ID, name) on a CNI network: nerdctl's labels and the bound
    files; the state folder written (network-config.json, resolv.conf, hostname) and the hosts file made."""
    from shim.nerdctl_files import data_store
    from shim.run_record import compact_json

    store = data_store(address)
    if not store:
        raise unsupported_value("--network bridge without nerdctl's data store (pydock run as root has one)", NAME)
    ports = port_mappings(parsed, image_config, endpoint)
    cid = endpoint[0]
    state = os.path.join(store, "containers", namespace, cid)
    os.makedirs(state, mode=0o700, exist_ok=True)
    if ports:
        _write(os.path.join(state, "network-config.json"), compact_json({"portMappings": ports}), 0o600)
    _write(os.path.join(state, "resolv.conf"), resolv_conf())
    _write(os.path.join(state, "hostname"), hostname + "\n")
    hosts_dir = os.path.join(store, "etchosts", namespace, cid)
    os.makedirs(hosts_dir, mode=0o700, exist_ok=True)
    hosts = os.path.join(hosts_dir, "hosts")
    _write(hosts, "")
    return flags_for(parsed, namespace, mode(parsed), cid, hostname, ports, state, hosts)


def flags_for(parsed: Parsed, namespace: str, network: str, cid: str, hostname: str, ports: list[dict],
              state: str, hosts: str) -> list[str]:
    """nerdctl's labels of a container on `network` and the binds of its state folder's files."""
    from shim.run_record import compact_json

    flags = [f"--label={NETWORKS_LABEL}={compact_json([network])}", f"--label=nerdctl/namespace={namespace}",
             f"--label=nerdctl/state-dir={state}", f"--label=nerdctl/hostname={hostname}",
             "--label=nerdctl/extraHosts=[]"]
    if ports:
        flags.append(f"--label={PORTS_LABEL}={compact_json(ports)}")
    if parsed.get("publish-all") is True:  # which ports -P published: docker's PublishAllPorts (host_config.py)
        from shim.exposed import published_container_ports
        from shim.labels import PUBLISH_ALL_LABEL

        by_p = set(published_container_ports([str(s) for s in list(parsed.get("publish") or [])]))
        published = [f"{m['ContainerPort']}/{m['Protocol']}" for m in ports]
        flags.append(f"--label={PUBLISH_ALL_LABEL}={','.join(p for p in published if p not in by_p)}")
    for source, target in ((os.path.join(state, "resolv.conf"), "/etc/resolv.conf"), (hosts, "/etc/hosts"),
                           (os.path.join(state, "hostname"), "/etc/hostname")):
        flags.append(f"--mount=type=bind,src={source},dst={target},options=rbind:rprivate:rw")
    return flags


def _write(path: str, text: str, mode: int = 0o644) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, mode)


def resolv_conf(source: str = "/etc/resolv.conf") -> str:
    """The host's resolv.conf as docker and nerdctl hand it to a bridged container: without loopback name
    servers (unreachable from there), Google's when none is left."""
    try:
        with open(source, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        text = ""
    return resolv_text(text)


def resolv_text(text: str) -> str:
    """resolv_conf's rules on a resolv.conf's text (over ssh, the remote's)."""
    lines = text.splitlines()
    servers, search, options = [], [], []
    for line in lines:
        words = line.split()
        if len(words) < 2 or line.lstrip().startswith(("#", ";")):
            continue
        if words[0] == "nameserver" and not words[1].startswith("127.") and words[1] != "::1" and ":" not in words[1]:
            servers.append(words[1])
        elif words[0] in ("search", "domain"):
            search = words[1:]
        elif words[0] == "options":
            options += words[1:]
    out = [f"nameserver {s}" for s in servers or ["8.8.8.8", "8.8.4.4"]]
    if search:
        out.append("search " + " ".join(search))
    if options:
        out.append("options " + " ".join(options))
    return "\n".join(out) + "\n"


def hook_env() -> list[str]:
    """The hook's environment: pydock's package on the path, the plugins' iptables on PATH, and where nerdctl's
    configuration is, when pydock was told."""
    import shim

    root = os.path.dirname(os.path.dirname(os.path.abspath(shim.__file__)))
    env = [f"PYTHONPATH={root}", f"PATH={HOOK_PATH}"]
    return env + [f"{k}={os.environ[k]}" for k in ("NERDCTL_TOML", "CNI_PATH", "NETCONFPATH") if os.environ.get(k)]


def hooks() -> dict:
    """The spec's hooks: pydock's CNI hook at createRuntime and postStop, under the Python running pydock."""
    env = hook_env()
    return {key: [{"path": sys.executable, "args": [sys.executable, "-m", "shim.cni_hook", event], "env": env}]
            for key, event in (("createRuntime", "createRuntime"), ("poststop", "postStop"))}


def with_network(spec: dict, labels: dict[str, str], given: dict | None = None) -> dict:
    """The spec of a container on a CNI network: nerdctl's labels as annotations, the hooks (`given`, else
    pydock's Python hook), and docker's unprivileged ports from 0 (nerdctl's and docker's sysctl for a
    container with a network of its own)."""
    notes = spec.setdefault("annotations", {})
    notes.update({k: v for k, v in labels.items() if k.startswith("nerdctl/")})
    spec_hooks = spec.setdefault("hooks", {})
    for event, entries in (given or hooks()).items():
        spec_hooks[event] = [*(spec_hooks.get(event) or []), *entries]
    spec.setdefault("linux", {}).setdefault("sysctl", {}).setdefault(UNPRIVILEGED_PORTS, "0")
    return spec


def exited(cid: str, labels: dict[str, str], spec: dict) -> None:
    """The network released once the container's process has ended (stop, as nerdctl's stop): the hook's
    teardown, in this process; the postStop hook finds nothing left to do. For a container whose hook is
    nerdctl's, only what nerdctl's stop does (the CNI DEL): nerdctl's hook expects its own records then."""
    if not _networked(labels):
        return
    import contextlib

    from shim import cni_hook

    c = cni_hook.Container({"id": cid, "annotations": {k: v for k, v in labels.items() if k.startswith("nerdctl/")}})
    ours = any("shim.cni_hook" in (h.get("args") or []) for h in (spec.get("hooks") or {}).get("poststop") or [])
    if c.networks and c.namespace and c.state_dir:
        with contextlib.suppress(OSError, ValueError):  # the postStop hook tries again
            cni_hook.teardown(c, records=ours)


def _networked(labels: dict[str, str]) -> bool:
    raw = labels.get(NETWORKS_LABEL, "")
    return bool(raw) and raw not in ('["none"]', '["host"]')


def settings(cid: str, namespace: str, labels: dict[str, str], running: bool,
             read: Callable[[str], bytes | None] | None = None) -> dict:
    """What inspect shows of the container's network: its networks with address, gateway and MAC (from the
    CNI result cached while it runs) and its published ports. `read`: a file of the container's host (over
    ssh the remote's: then the ports are the label's, the state folder being the remote's)."""
    from hashlib import sha256

    from shim.json_read import json_object

    networks = _names(labels)
    endpoints = {}
    for index, name in enumerate(networks):
        endpoint = {"IPAddress": "", "IPPrefixLen": 0, "Gateway": "", "MacAddress": ""}
        if name not in LOCAL:  # nerdctl's network ID: sha256 of the name (its `network ls` shows it)
            endpoint["NetworkID"] = sha256(name.encode()).hexdigest()
        if running and name not in LOCAL:
            # libcni's cache (shim/cni.py's cache_path; not imported: ps and inspect stay light)
            data = (read or _read_local)(f"{CNI_RESULTS}/{name}-{namespace}-{cid}-eth{index}")
            try:
                result = (json_object(data).get("result") or {}) if data is not None else {}
            except ValueError:
                result = {}
            endpoint.update(_endpoint(result))
        endpoints[name] = endpoint
    return {"Networks": endpoints, "Ports": published(labels, files=read is None) if running else {}}


def _read_local(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def published(labels: dict[str, str], *, files: bool = True) -> dict[str, list[dict]]:
    """The published ports of a container on a network of its own, as docker's NetworkSettings.Ports (without
    `files`, from its label only: over ssh its state folder is the remote's)."""
    ports: dict[str, list[dict]] = {}
    if not any(n not in LOCAL for n in _names(labels)):
        return ports
    for m in _mappings(labels, files=files):
        key = f"{m.get('containerport', 0)}/{m.get('protocol', 'tcp')}"
        ports.setdefault(key, []).append({"HostIp": m.get("hostip", ""), "HostPort": str(m.get("hostport", 0))})
    return ports


def _endpoint(result: dict) -> dict:
    """The container's address, prefix, gateway and MAC in a CNI result (the interface in its namespace)."""
    interfaces = result.get("interfaces") or []
    for ip in result.get("ips") or []:
        address, _, prefix = str(ip.get("address", "")).partition("/")
        if ":" in address:
            continue
        index = ip.get("interface")
        mac = interfaces[index].get("mac", "") if isinstance(index, int) and index < len(interfaces) else ""
        return {"IPAddress": address, "IPPrefixLen": int(prefix or 0), "Gateway": ip.get("gateway", ""),
                "MacAddress": mac}
    return {}


def _json_list(raw: str) -> list:
    from shim.json_read import loads

    try:
        found = loads(raw) if raw else []
    except ValueError:
        return []
    return found if isinstance(found, list) else []


def _names(labels: dict[str, str]) -> list[str]:
    return [str(n) for n in _json_list(labels.get(NETWORKS_LABEL, ""))]


def _mappings(labels: dict[str, str], *, files: bool = True) -> list[dict]:
    """The port mappings, keys lowered: network-config.json in the state folder, else the nerdctl/ports label."""
    from shim.json_read import json_object

    found: list = []
    state = labels.get("nerdctl/state-dir", "") if files else ""
    if state:
        try:
            with open(os.path.join(state, "network-config.json"), "rb") as f:
                found = list(json_object(f.read()).get("portMappings") or [])
        except OSError:
            found = []
    if not found:
        found = _json_list(labels.get(PORTS_LABEL, ""))
    return [{str(k).lower(): v for k, v in m.items()} for m in found if isinstance(m, dict)]


def networks_of(labels: dict[str, str], spec: dict) -> list[str]:
    """The container's networks: nerdctl's label, else none or host by the spec's namespaces."""
    names = _names(labels)
    if names:
        return names
    spaces = [n.get("type") for n in (spec.get("linux") or {}).get("namespaces") or []]
    return ["none"] if "network" in spaces else ["host"]
