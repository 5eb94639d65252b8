"""nerdctl's whole compat inspect entry of a container (`nerdctl container inspect`), built from containerd's
records and nerdctl's state files instead of asked of nerdctl (issue #13: `inspect` of 50 containers).

nerdctl's inspect looks up each name with a listing of its own, asks each container's task, and enters each
network namespace: about 7 ms a container here. Here all the records come in one batch (shim/containerd/),
and a running container's interfaces from its own view of /sys (their flags and MAC) with the addresses the
CNI plugins cached when they set it up. The entry must equal nerdctl v2's (pkg/inspecttypes/dockercompat's
ContainerFromNative) field for field; tests/integration/test_inspect_direct.py compares the two on containers
of many shapes. Where a container has what this does not mirror (a health check, a restart policy's
restarting, block I/O devices, the host's or another container's network, IPv6, several IPv4 addresses on an
interface), None sends the caller back to nerdctl.
"""

from __future__ import annotations

import os

from shim import json_read as json  # json.loads without json's import of re (shim/json_read.py)
from shim.backends.nerdctl.listed import port_mappings, recorded_mounts, rfc3339, started_at
from shim.containerd.api import ZERO_TIME

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.containerd.api import Container, Task

GET_TASK = "/containerd.services.tasks.v1.Tasks/Get"
CNI_RESULTS = "/var/lib/cni/results"  # the CNI plugins' cache of what they set up, one file per interface
# the capabilities nerdctl's inspect counts as given (CapAdd and CapDrop are the differences)
DEFAULT_CAPS = ("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
                "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
                "CAP_AUDIT_WRITE")
_UNSURE = ("nerdctl/healthcheck", "nerdctl/healthstate")


class Unsure(Exception):
    """The container has something this module does not mirror: nerdctl must say."""


def entries(address: str, namespace: str, ids: list[str], listed: dict) -> list[dict] | None:
    """The containers `ids` (full IDs) as nerdctl's compat inspect shows them, in order; None where nerdctl
    must answer. `listed`: containers already read (shim.containerd.api.Container by ID)."""
    from shim.containerd.api import _task, containers
    from shim.containerd.grpc import CallFailed, Connection
    from shim.containerd.wire import fields, text_field

    try:
        with Connection(address, namespace) as conn:
            missing = [i for i in dict.fromkeys(ids) if i not in listed]
            found = {**listed, **{c.id: c for c in (containers(conn, missing) if missing else [])}}
            wanted = list(dict.fromkeys(ids))
            answers = conn.call_all([(GET_TASK, text_field(1, i)) for i in wanted])
        tasks = {}
        for cid, answer in zip(wanted, answers, strict=True):
            process = next((v for n, v in fields(answer) if n == 1 and isinstance(v, bytes)), None) if answer else None
            if process is not None:
                tasks[cid] = _task(process)
        results = _cni_results()
        return [entry(found[i], tasks.get(i), namespace, results) for i in ids]
    except (CallFailed, Unsure, KeyError, ValueError, TypeError, AttributeError, IndexError, OSError):
        return None


def entry(c: Container, task: Task | None, namespace: str, results: list[str]) -> dict:
    labels = c.labels
    if any(labels.get(k) for k in _UNSURE):
        raise Unsure("health check")
    spec = json.loads(c.spec or b"{}")
    process = spec.get("process") or {}
    args = process.get("args") or []
    mounts = _spec_binds(spec)
    paths = {m["Destination"]: m["Source"] for m in mounts}
    resolv, hostname_path = paths.get("/etc/resolv.conf", ""), paths.get("/etc/hostname", "")
    hosts, log_path = paths.get("/etc/hosts", ""), ""
    state_dir = labels.get("nerdctl/state-dir", "")
    if state_dir:
        resolv = _existing(state_dir, "resolv.conf") or resolv
        hostname_path = _existing(state_dir, "hostname") or hostname_path
        log_path = _existing(state_dir, c.id + "-json.log")
        hosts = _existing(state_dir, "hosts") or hosts
    given = _given_mounts(labels)
    networks = json.loads(labels.get("nerdctl/networks") or "[]") or []
    state = _state(labels, spec, task)
    live = task is not None and task.status in ("running", "paused")
    settings = _network_settings(task.pid, networks, namespace, c.id, results, labels) if live else _no_network()
    restarting = labels.get("containerd.io/restart.status") == "running"
    return {
        "Id": c.id,
        "Created": rfc3339(*c.created),
        "Path": args[0] if args else "",
        "Args": args[1:] if len(args) > 1 else None,
        "State": state,
        "Image": c.image,
        "ResolvConfPath": resolv,
        "HostnamePath": hostname_path,
        "HostsPath": hosts,
        "LogPath": log_path,
        "Name": labels.get("nerdctl/name", ""),
        "RestartCount": int(labels.get("containerd.io/restart.count") or 0) if restarting else 0,
        "Driver": c.snapshotter,
        "Platform": "linux",
        "AppArmorProfile": process.get("apparmorProfile") or "",
        "HostConfig": _host_config(c, spec, networks, given, settings["Ports"] if task is not None else None),
        "Mounts": given if given is not None else mounts,
        "Config": _config(c, spec),
        "NetworkSettings": settings,
    }


def _state(labels: dict[str, str], spec: dict, task: Task | None) -> dict:
    restarting = labels.get("containerd.io/restart.status") == "running"
    state: dict = {"Status": "", "Running": False, "Paused": False, "Restarting": restarting, "Pid": 0,
                   "ExitCode": 0, "Error": labels.get("nerdctl/error", ""), "StartedAt": "", "FinishedAt": ""}
    if task is None:
        return state
    if task.status == "stopped" and restarting:
        raise Unsure("restarting")  # nerdctl says "restarting" or "exited" by its restart policy's reckoning
    state.update(Status="exited" if task.status == "stopped" else task.status, Running=task.status == "running",
                 Paused=task.status == "paused", Pid=0 if task.status == "stopped" else task.pid,
                 ExitCode=task.exit_status, StartedAt=started_at(spec),
                 FinishedAt="" if task.exited[0] == ZERO_TIME else rfc3339(*task.exited))
    return state


def _host_config(c: Container, spec: dict, networks: list[str], given: list[dict] | None,
                 bindings: dict | None) -> dict:
    labels = c.labels
    process = spec.get("process") or {}
    linux = spec.get("linux") or {}
    resources = linux.get("resources") or {}
    block = resources.get("blockIO") or {}
    if any(block.get(k) for k in ("weightDevice", "throttleReadBpsDevice", "throttleWriteBpsDevice",
                                  "throttleReadIOPSDevice", "throttleWriteIOPSDevice")):
        raise Unsure("block I/O devices")
    host_label = _lowered(labels.get("nerdctl/host-config"))
    dns = _lowered(labels.get("nerdctl/dns"))
    ipc = _lowered(labels.get("nerdctl/ipc"))
    cpu, memory = resources.get("cpu") or {}, resources.get("memory") or {}
    namespaces = [n.get("type") for n in linux.get("namespaces") or []]
    cap_add, cap_drop = _capabilities(process)
    host = {
        "ContainerIDFile": host_label.get("cidfile") or "",
        "LogConfig": _log_config(labels),
        "NetworkMode": networks[0] if networks else "",
        "PortBindings": bindings,
        "RestartPolicy": _restart_policy(labels.get("containerd.io/restart.policy", "")),
        "AutoRemove": labels.get("nerdctl/auto-remove") == "true",
        "CapAdd": cap_add,
        "CapDrop": cap_drop,
        "CgroupnsMode": "private" if "cgroup" in namespaces else "",
        "Dns": dns.get("dnsservers"),
        "DnsOptions": dns.get("dnsresolvconfoptions"),
        "DnsSearch": dns.get("dnssearchdomains"),
        "ExtraHosts": _extra_hosts(labels.get("nerdctl/extraHosts", "")),
        "GroupAdd": [str(g) for g in (process.get("user") or {}).get("additionalGids") or [] if g != 0],
        "IpcMode": ipc.get("mode") or "",
    }
    annotations = {k: v for k, v in sorted((spec.get("annotations") or {}).items()) if not k.startswith("nerdctl/")}
    if annotations:
        host["Annotations"] = annotations
    host.update(OomScoreAdj=process.get("oomScoreAdj") or 0, PidMode=labels.get("nerdctl/pid-container", ""),
                Privileged=labels.get("nerdctl/privileged") == "true",
                ReadonlyRootfs=bool((spec.get("root") or {}).get("readonly")))
    tmpfs = {m.get("Destination", ""): m.get("Mode", "") for m in given or [] if m.get("Type") == "tmpfs"}
    if tmpfs:
        host["Tmpfs"] = dict(sorted(tmpfs.items()))
    sysctls = linux.get("sysctl")
    host.update({
        "UTSMode": "" if "uts" in namespaces else "host",
        "ShmSize": _ram_in_bytes(ipc.get("shmsize") or ""),
        "Sysctls": dict(sorted(sysctls.items())) if sysctls is not None else None,
        "Runtime": c.runtime,
        "CpusetMems": cpu.get("mems") or "",
        "CpusetCpus": cpu.get("cpus") or "",
        "CpuQuota": max(cpu.get("quota") or 0, 0),
        "CpuShares": max(cpu.get("shares") or 0, 0),
        "CpuPeriod": max(cpu.get("period") or 0, 0),
        "CpuRealtimePeriod": max(cpu.get("realtimePeriod") or 0, 0),
        "CpuRealtimeRuntime": max(cpu.get("realtimeRuntime") or 0, 0),
        "Memory": memory.get("limit") or 0,
        "MemorySwap": memory.get("swap") or 0,
        "MemoryReservation": memory.get("reservation") or 0,
        "MemorySwappiness": memory.get("swappiness"),
        "PidsLimit": (resources.get("pids") or {}).get("limit") or 0,
        "Ulimits": _ulimits(process),
        "OomKillDisable": bool(memory.get("disableOOMKiller")),
        "Devices": host_label.get("devices"),
        "BlkioWeight": block.get("weight") or 0,  # the label's weight gives way to the spec's, as in nerdctl
        "BlkioWeightDevice": [], "BlkioDeviceReadBps": [], "BlkioDeviceWriteBps": [], "BlkioDeviceReadIOps": [],
        "BlkioDeviceWriteIOps": [],
    })
    return host


def _config(c: Container, spec: dict) -> dict:
    labels = c.labels
    process = spec.get("process") or {}
    config: dict = {}
    hostname = labels.get("nerdctl/hostname") or spec.get("hostname") or ""
    if hostname:
        config["Hostname"] = hostname
    if labels.get("nerdctl/domainname"):
        config["Domainname"] = labels["nerdctl/domainname"]
    if labels.get("nerdctl/user"):
        config["User"] = labels["nerdctl/user"]
    config["AttachStdin"] = False
    if process.get("env"):
        config["Env"] = process["env"]
    if c.image:
        config["Image"] = c.image
    if labels:
        config["Labels"] = dict(sorted(labels.items()))
    return config


def _lowered(label: str | None) -> dict:
    """A label's JSON object with its keys in lower case: Go reads JSON keys regardless of case."""
    value = json.loads(label) if label else {}
    return {k.lower(): v for k, v in value.items()} if isinstance(value, dict) else {}


def _existing(folder: str, name: str) -> str:
    path = os.path.join(folder, name)
    return path if os.path.exists(path) else ""


def _spec_binds(spec: dict) -> list[dict]:
    """The spec's bind mounts as nerdctl's inspect lists them when its own record of the mounts is missing."""
    return recorded_mounts({}, spec)


def _given_mounts(labels: dict[str, str]) -> list[dict] | None:
    """nerdctl's record of the mounts as given, each as its MountPoint marshals (None: no record)."""
    if not (labels.get("nerdctl/mounts") or labels.get("nerdctl/mounts.0")):
        return None
    out = []
    for recorded in recorded_mounts(labels, {}):
        m = {k.lower(): v for k, v in recorded.items()}
        point: dict = {}
        if m.get("type"):
            point["Type"] = m["type"]
        if m.get("name"):
            point["Name"] = m["name"]
        point.update(Source=m.get("source") or "", Destination=m.get("destination") or "")
        if m.get("driver"):
            point["Driver"] = m["driver"]
        point.update(Mode=m.get("mode") or "", RW=bool(m.get("rw")), Propagation=m.get("propagation") or "")
        out.append(point)
    return out


def _log_config(labels: dict[str, str]) -> dict:
    if "nerdctl/log-config" not in labels:
        return {"driver": "json-file", "address": ""}
    given = {k.lower(): v for k, v in json.loads(labels["nerdctl/log-config"]).items()}
    out: dict = {"driver": given.get("driver") or ""}
    if given.get("opts"):
        out["opts"] = given["opts"]
    out["address"] = given.get("address") or ""
    return out


def _restart_policy(policy: str) -> dict:
    if not policy:
        return {"Name": "", "MaximumRetryCount": 0}
    name, _, count = policy.partition(":")
    if name in ("", "no", "always", "unless-stopped") and not count:
        return {"Name": name or "always", "MaximumRetryCount": 0}
    if name == "on-failure" and (not count or count.isdigit()):
        return {"Name": name, "MaximumRetryCount": int(count or 0)}
    raise Unsure("restart policy")


def _capabilities(process: dict) -> tuple[list[str] | None, list[str] | None]:
    caps = process.get("capabilities")
    if caps is None:
        return None, None
    bounding = caps.get("bounding") or []
    return [c for c in bounding if c not in DEFAULT_CAPS], [c for c in DEFAULT_CAPS if c not in bounding]


def _extra_hosts(label: str) -> list[str] | None:
    if not label:
        return None
    try:
        hosts = json.loads(label)
    except ValueError:
        return []
    return hosts if isinstance(hosts, list) else []


def _ulimits(process: dict) -> list[dict] | None:
    limits = process.get("rlimits") or []
    if not limits:
        return None
    return [{"Name": r.get("type", "").removeprefix("RLIMIT_").lower(), "Hard": _int64(r.get("hard") or 0),
             "Soft": _int64(r.get("soft") or 0)} for r in limits]


def _int64(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}


def _ram_in_bytes(size: str) -> int:
    """go-units' RAMInBytes: a number and a binary unit (k, kb, kib, m, …; any case)."""
    if not size:
        return 0
    text = size.strip().lower()
    digits = text.rstrip("bikmgtp")
    unit = text[len(digits):].removesuffix("b").removesuffix("i")
    if unit not in _UNITS or not digits.replace(".", "", 1).isdigit():
        raise Unsure("shm size")
    return int(float(digits) * _UNITS[unit])


def _no_network() -> dict:
    return {"Ports": {}, "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0, "IPAddress": "", "IPPrefixLen": 0,
            "MacAddress": "", "Networks": {}}


def _cni_results() -> list[str]:
    try:
        return os.listdir(CNI_RESULTS)
    except FileNotFoundError:
        return []


def _network_settings(pid: int, networks: list[str], namespace: str, cid: str, results: list[str],
                      labels: dict[str, str]) -> dict:
    """What nerdctl's inspect finds in a live task's network namespace: each interface that is up (loopback
    aside) with its MAC and address, the first such one as the primary, and the port mappings."""
    if any(n == "host" or n.startswith("container:") for n in networks):
        raise Unsure("shared network namespace")
    settings = _no_network()
    root = f"/proc/{pid}/root/sys/class/net"
    interfaces = []
    for name in os.listdir(root):
        folder = os.path.join(root, name)
        flags = int(_read(folder, "flags"), 16)
        if flags & 0x8 or not flags & 0x1:  # loopback, or down
            continue
        interfaces.append((int(_read(folder, "ifindex")), name, _read(folder, "address")))
    if not interfaces:
        return settings
    if _global_ipv6(pid):
        raise Unsure("IPv6")
    ports = port_mappings(labels)
    primary = None
    for _index, name, mac in sorted(interfaces):
        address, prefix = _cached_ipv4(results, namespace, cid, name)
        endpoint = {"IPAddress": address, "IPPrefixLen": prefix, "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
                    "MacAddress": mac}
        settings["Networks"][f"unknown-{name}"] = endpoint
        if primary is None and not name.startswith("lo"):
            primary = endpoint
    settings["Networks"] = dict(sorted(settings["Networks"].items()))
    settings["Ports"] = dict(sorted(ports.items()))
    if primary is not None:
        settings.update(IPAddress=primary["IPAddress"], IPPrefixLen=primary["IPPrefixLen"],
                        MacAddress=primary["MacAddress"])
    return settings


def _read(folder: str, name: str) -> str:
    with open(os.path.join(folder, name), encoding="ascii") as f:
        return f.read().strip()


def _global_ipv6(pid: int) -> bool:
    """Whether the namespace has an IPv6 address other than loopback and link-local (scope 00: global)."""
    try:
        with open(f"/proc/{pid}/net/if_inet6", encoding="ascii") as f:
            return any(line.split()[3] == "00" for line in f if line.strip())
    except FileNotFoundError:
        return False  # IPv6 is off


def _cached_ipv4(results: list[str], namespace: str, cid: str, interface: str) -> tuple[str, int]:
    """The IPv4 address and prefix length the CNI plugins gave `interface` (their cache file
    <network>-<namespace>-<ID>-<interface>)."""
    suffix = f"-{namespace}-{cid}-{interface}"
    files = [r for r in results if r.endswith(suffix)]
    if len(files) != 1:
        raise Unsure("no CNI record of the interface")
    with open(os.path.join(CNI_RESULTS, files[0]), "rb") as f:
        cached = json.loads(f.read())
    result = cached.get("result") or {}
    names = [i.get("name") for i in result.get("interfaces") or []]
    found = []
    for ip in result.get("ips") or []:
        index = ip.get("interface")
        if index is not None and 0 <= index < len(names) and names[index] != interface:
            continue
        address, _, prefix = (ip.get("address") or "").partition("/")
        if ":" in address:
            raise Unsure("IPv6")
        found.append((address, int(prefix)))
    if len(found) != 1:
        raise Unsure("not one IPv4 address")
    return found[0]
