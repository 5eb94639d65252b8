"""docker's HostConfig (Engine API 1.50, docker's key order) from what the container was created with.

Three sources, in this order of trust: the values `run` recorded as given (the `pydock/inspect` label,
shim/labels.py: docker prints those as typed); the container's OCI spec (namespaces, masked paths, the
init binary, no-new-privileges: what the container really runs with); nerdctl's compat HostConfig
(resources, DNS, ports, restart policy, devices). Keys docker marks omitempty (Tmpfs, Sysctls, Mounts,
Init) appear only when set, as docker prints them.
"""

from __future__ import annotations

from shim.labels import AUTOREMOVE_LABEL, LINKS_LABEL, PUBLISH_ALL_LABEL

INIT_PATH = "/sbin/docker-init"  # where `run --init` mounts docker-init (the nerdctl backend's run.py)
# nerdctl adds this sysctl to every container with its own network namespace; docker shows the user's only
_NERDCTL_SYSCTLS = ("net.ipv4.ip_unprivileged_port_start",)


def namespaces(spec: dict) -> dict[str, str]:
    """The spec's Linux namespaces: type → path ("" for a new one). A missing type is the host's."""
    return {n.get("type", ""): n.get("path", "") for n in (spec.get("linux") or {}).get("namespaces") or []}


def has_init(spec: dict) -> bool:
    return any(m.get("destination") == INIT_PATH for m in spec.get("mounts") or [])


def _mode(kind: str, spaces: dict[str, str], recorded: str, fallback: str) -> str:
    if recorded:
        return recorded
    if spaces and kind not in spaces:
        return "host"
    return fallback


def _ipc_mode(spaces: dict[str, str], given: dict, h: dict) -> str:
    return _mode("ipc", spaces, str(given.get("IpcMode") or ""), h.get("IpcMode") or "private")


def _security_opt(spec: dict, given: dict | None, host_namespaces: bool, privileged: bool) -> list[str] | None:
    """As given; docker adds `label=disable` when the container shares the host's PID or IPC namespace."""
    opts = list((given or {}).get("SecurityOpt") or [])
    if given is None:  # not made by pydock's run: what the spec shows
        process = spec.get("process") or {}
        if process.get("noNewPrivileges"):
            opts.append("no-new-privileges")
        if spec and "seccomp" not in (spec.get("linux") or {}) and not privileged:
            opts.append("seccomp=unconfined")
    if host_namespaces or privileged:
        opts.append("label=disable")
    return opts or None


def _sysctls(h: dict, given: dict) -> dict[str, str]:
    if "Sysctls" in given:
        return dict(given["Sysctls"])
    return {k: v for k, v in (h.get("Sysctls") or {}).items() if k not in _NERDCTL_SYSCTLS}


def _port_bindings(h: dict, given: dict, labels: dict) -> dict:
    """The -p values as docker keeps them (recorded at run; nerdctl forgets them once the container stops).
    Ports that -P published are not among them in docker (pydock passes them on as -p)."""
    bindings = given["PortBindings"] if "PortBindings" in given else h.get("PortBindings") or {}
    by_publish_all = set(_publish_all(labels))
    return {key: bindings[key] for key in sorted(bindings) if key not in by_publish_all}  # a Go map: sorted keys


def _publish_all(labels: dict) -> list[str]:
    """The ports `run -P` published (`80/tcp,…`), as its label keeps them."""
    text = labels.get(PUBLISH_ALL_LABEL)
    return [] if text is None else [p if "/" in p else f"{p}/tcp" for p in text.split(",") if p]


def _links(labels: dict, given: dict) -> list[str] | None:
    text = labels.get(LINKS_LABEL) or ""
    return [link for link in text.split(",") if link] or given.get("Links") or None


def _log_config(h: dict) -> dict:
    log = h.get("LogConfig") or {}
    return {"Type": log.get("driver") or log.get("Type") or "json-file",
            "Config": dict(log.get("opts") or log.get("Config") or {})}


def _id_file(path: str) -> str:
    """The --cidfile docker shows: the user's; "" for the scratch ID file pydock gave nerdctl itself
    (`<folder>/.pydock-<pid>….cid`, to follow a container it runs)."""
    name = path.rsplit("/", 1)[-1]
    own = name.startswith(".pydock-") and name.endswith(".cid") and name[8:].split(".", 1)[0].split("-", 1)[0].isdigit()
    return "" if own else path


def build(compat: dict, spec: dict, recorded: dict | None, binds: list[str] | None) -> dict:
    """docker's HostConfig. `recorded` is what pydock's `run` recorded, None for containers made otherwise
    (then the values come from nerdctl and the spec alone)."""
    given = recorded or {}
    h = compat.get("HostConfig") or {}
    labels = (compat.get("Config") or {}).get("Labels") or {}
    linux = spec.get("linux") or {}
    spaces = namespaces(spec)
    privileged = bool(h.get("Privileged"))
    pid_mode = _mode("pid", spaces, "", h.get("PidMode") or "")
    ipc_mode = _ipc_mode(spaces, given, h)
    nano = int(given.get("NanoCpus") or 0)
    out: dict[str, object] = {
        "Binds": binds, "ContainerIDFile": _id_file(h.get("ContainerIDFile") or ""), "LogConfig": _log_config(h),
        "NetworkMode": h.get("NetworkMode") or "bridge", "PortBindings": _port_bindings(h, given, labels),
        "RestartPolicy": {"Name": (h.get("RestartPolicy") or {}).get("Name") or "no",
                          "MaximumRetryCount": (h.get("RestartPolicy") or {}).get("MaximumRetryCount", 0)},
        "AutoRemove": bool(h.get("AutoRemove")) or labels.get(AUTOREMOVE_LABEL) == "true", "VolumeDriver": "",
        "VolumesFrom": None, "CapAdd": h.get("CapAdd") or None, "CapDrop": h.get("CapDrop") or None,
        "CgroupnsMode": _mode("cgroup", spaces, str(given.get("CgroupnsMode") or ""), "private"),
        "Dns": h.get("Dns") or [], "DnsOptions": h.get("DnsOptions") or [], "DnsSearch": h.get("DnsSearch") or [],
        "ExtraHosts": h.get("ExtraHosts") or None,
        # nerdctl lists the user's own group too; docker only --group-add's
        "GroupAdd": (h.get("GroupAdd") if recorded is None else given.get("GroupAdd")) or None,
        "IpcMode": ipc_mode, "Cgroup": "", "Links": _links(labels, given),
        "OomScoreAdj": h.get("OomScoreAdj", 0), "PidMode": pid_mode, "Privileged": privileged,
        "PublishAllPorts": bool(given.get("PublishAllPorts")) or _publish_all(labels) != [],
        "ReadonlyRootfs": bool(h.get("ReadonlyRootfs")),
        "SecurityOpt": _security_opt(spec, recorded, "host" in (pid_mode, ipc_mode), privileged),
    }
    tmpfs = given.get("Tmpfs") if "Tmpfs" in given else h.get("Tmpfs")
    if tmpfs:
        out["Tmpfs"] = dict(tmpfs)
    out.update({"UTSMode": _mode("uts", spaces, "", h.get("UTSMode") or ""), "UsernsMode": "",
                "ShmSize": h.get("ShmSize") or 67108864})
    sysctls = _sysctls(h, given)
    if sysctls:
        out["Sysctls"] = sysctls
    out.update({"Runtime": "runc", "ConsoleSize": [0, 0], "Isolation": ""})
    out.update(_resources(h, nano))
    if given.get("Mounts"):
        out["Mounts"] = given["Mounts"]
    # runc's defaults, which containerd's spec applies too, unless the container is privileged
    out["MaskedPaths"] = linux.get("maskedPaths") if spec else None
    out["ReadonlyPaths"] = linux.get("readonlyPaths") if spec else None
    if "Init" in given:
        out["Init"] = bool(given["Init"])
    elif has_init(spec):
        out["Init"] = True
    return out


def _resources(h: dict, nano: int) -> dict:
    """docker's container.Resources, embedded in HostConfig. `--cpus` is NanoCpus in docker, a quota
    and period in the spec: with NanoCpus set, docker's quota and period stay 0."""
    memory = h.get("Memory", 0)
    swap = h.get("MemorySwap", 0)
    return {
        "CpuShares": h.get("CpuShares", 0), "Memory": memory, "NanoCpus": nano, "CgroupParent": "",
        "BlkioWeight": h.get("BlkioWeight", 0), "BlkioWeightDevice": h.get("BlkioWeightDevice") or [],
        "BlkioDeviceReadBps": h.get("BlkioDeviceReadBps") or [],
        "BlkioDeviceWriteBps": h.get("BlkioDeviceWriteBps") or [],
        "BlkioDeviceReadIOps": h.get("BlkioDeviceReadIOps") or [],
        "BlkioDeviceWriteIOps": h.get("BlkioDeviceWriteIOps") or [],
        "CpuPeriod": 0 if nano else h.get("CpuPeriod", 0), "CpuQuota": 0 if nano else h.get("CpuQuota", 0),
        "CpuRealtimePeriod": h.get("CpuRealtimePeriod", 0), "CpuRealtimeRuntime": h.get("CpuRealtimeRuntime", 0),
        "CpusetCpus": h.get("CpusetCpus", ""), "CpusetMems": h.get("CpusetMems", ""),
        "Devices": h.get("Devices") or [], "DeviceCgroupRules": None, "DeviceRequests": None,
        "KernelMemory": 0, "KernelMemoryTCP": 0, "MemoryReservation": h.get("MemoryReservation", 0),
        # the daemon's default for a memory limit without --memory-swap: twice the limit
        "MemorySwap": swap or (memory * 2 if memory > 0 else 0),
        "MemorySwappiness": h.get("MemorySwappiness"), "OomKillDisable": bool(h.get("OomKillDisable")),
        "PidsLimit": h.get("PidsLimit") or None, "Ulimits": h.get("Ulimits") or [], "CpuCount": 0,
        "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0,
    }
