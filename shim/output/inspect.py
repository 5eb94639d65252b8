"""docker's `inspect` JSON for containers and images, built from what nerdctl reports.

nerdctl's "dockercompat" inspect is near docker's but misses fields clients read (Config.Cmd, Tty,
OpenStdin, State.Dead, HostConfig.Binds…), names networks `unknown-eth0`, keeps the image as a reference
where docker has its ID, and shows nerdctl's bookkeeping labels. These pure functions take nerdctl's
compat entry, its native entry (the OCI spec: terminal, cwd, user) and the image's config, and return
the object Docker Engine would, with docker's keys in docker's order (Engine 20.10, API 1.41).
"""

from __future__ import annotations

from shim.backends.nerdctl.views import (
    AUTOREMOVE_LABEL,
    DETACHED_LABEL,
    STDIN_LABEL,
    USER_LABEL,
    image_as_given,
    repo_digest,
    user_labels,
)

ZERO_TIME = "0001-01-01T00:00:00Z"
MASKED_PATHS = ("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware")
READONLY_PATHS = ("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")
_NERDCTL_FILES = ("/etc/resolv.conf", "/etc/hosts", "/etc/hostname")


def _state(compat: dict, native: dict) -> dict:
    state = compat.get("State") or {}
    status = state.get("Status") or "created"
    # nerdctl reports Restarting from the restart-policy label even for a container that runs fine.
    running = status == "running"
    return {
        "Status": status, "Running": running, "Paused": status == "paused",
        "Restarting": status == "restarting", "OOMKilled": False, "Dead": status == "dead",
        "Pid": state.get("Pid", 0) if running or status == "paused" else 0,
        "ExitCode": state.get("ExitCode", 0), "Error": state.get("Error", ""),
        "StartedAt": state.get("StartedAt") or ZERO_TIME, "FinishedAt": state.get("FinishedAt") or ZERO_TIME,
    }


def _mounts(compat: dict) -> list[dict]:
    """The user's mounts: nerdctl adds its own /etc/hosts and friends, which docker does not list."""
    out = []
    for m in compat.get("Mounts") or []:
        if m.get("Destination") in _NERDCTL_FILES and "/nerdctl/" in (m.get("Source") or ""):
            continue
        entry = {"Type": m.get("Type", "bind")}
        if m.get("Type") == "volume":
            entry["Name"] = m.get("Name", "")
        entry.update({"Source": m.get("Source", ""), "Destination": m.get("Destination", "")})
        if m.get("Type") == "volume":
            entry["Driver"] = m.get("Driver") or "local"
        entry.update({"Mode": m.get("Mode", ""), "RW": m.get("RW", True),
                      "Propagation": m.get("Propagation") or ("rprivate" if m.get("Type") == "bind" else "")})
        out.append(entry)
    return out


def _binds(mounts: list[dict]) -> list[str] | None:
    binds = [f"{m['Source']}:{m['Destination']}" + ("" if m["RW"] else ":ro")
             for m in mounts if m["Type"] in ("bind", "volume")]
    return binds or None


def _split_command(args: list[str], image_config: dict) -> tuple[list[str] | None, list[str] | None]:
    """(Entrypoint, Cmd): the image's entrypoint when the process starts with it, the rest as Cmd."""
    entrypoint = image_config.get("Entrypoint") or []
    if entrypoint and args[:len(entrypoint)] == entrypoint:
        return entrypoint, args[len(entrypoint):] or None
    return None, args or None


def _env(compat_env: list[str], image_env: list[str], hostname: str) -> list[str]:
    """docker lists the user's variables first, then the image's; nerdctl adds HOSTNAME, docker does not."""
    image = [e for e in image_env if e in compat_env]
    own = [e for e in compat_env if e not in image and e != f"HOSTNAME={hostname}"]
    return own + image


def _labels(labels: dict[str, str], image_labels: dict[str, str] | None) -> dict[str, str]:
    return {**(image_labels or {}), **user_labels(labels)}


def _user(labels: dict[str, str]) -> str:
    return labels.get(USER_LABEL, "")  # docker shows -u as given, "" for the image's user


def _exposed(compat: dict) -> dict | None:
    ports = (compat.get("NetworkSettings") or {}).get("Ports") or {}
    return {key: {} for key in ports} or None


def _networks(compat: dict, labels: dict[str, str]) -> dict:
    import json

    settings = compat.get("NetworkSettings") or {}
    try:
        names = list(json.loads(labels.get("nerdctl/networks") or "[]"))
    except ValueError:
        names = []
    found = list((settings.get("Networks") or {}).values())
    out = {}
    for i, name in enumerate(names):
        net = found[i] if i < len(found) else {}
        if name in ("host", "none"):
            net = {}
        out[name] = {
            "IPAMConfig": None, "Links": None, "Aliases": None, "NetworkID": "", "EndpointID": "",
            "Gateway": "", "IPAddress": net.get("IPAddress", ""), "IPPrefixLen": net.get("IPPrefixLen", 0),
            "IPv6Gateway": "", "GlobalIPv6Address": net.get("GlobalIPv6Address", ""),
            "GlobalIPv6PrefixLen": net.get("GlobalIPv6PrefixLen", 0), "MacAddress": net.get("MacAddress", ""),
            "DriverOpts": None,
        }
    return out


def _network_settings(compat: dict, labels: dict[str, str]) -> dict:
    settings = compat.get("NetworkSettings") or {}
    return {
        "Bridge": "", "SandboxID": compat.get("Id", ""), "HairpinMode": False, "LinkLocalIPv6Address": "",
        "LinkLocalIPv6PrefixLen": 0, "Ports": settings.get("Ports") or {}, "SandboxKey": "",
        "SecondaryIPAddresses": None, "SecondaryIPv6Addresses": None, "EndpointID": "", "Gateway": "",
        "GlobalIPv6Address": settings.get("GlobalIPv6Address", ""),
        "GlobalIPv6PrefixLen": settings.get("GlobalIPv6PrefixLen", 0),
        "IPAddress": settings.get("IPAddress", ""), "IPPrefixLen": settings.get("IPPrefixLen", 0),
        "IPv6Gateway": "", "MacAddress": settings.get("MacAddress", ""),
        "Networks": _networks(compat, labels),
    }


def _label(compat: dict, key: str) -> str:
    return ((compat.get("Config") or {}).get("Labels") or {}).get(key, "")


def _host_config(compat: dict, mounts: list[dict]) -> dict:
    h = compat.get("HostConfig") or {}
    log = h.get("LogConfig") or {}
    return {
        "Binds": _binds(mounts), "ContainerIDFile": h.get("ContainerIDFile", ""),
        "LogConfig": {"Type": log.get("driver") or log.get("Type") or "json-file", "Config": {}},
        "NetworkMode": h.get("NetworkMode") or "bridge", "PortBindings": h.get("PortBindings") or {},
        "RestartPolicy": {"Name": (h.get("RestartPolicy") or {}).get("Name") or "no",
                          "MaximumRetryCount": (h.get("RestartPolicy") or {}).get("MaximumRetryCount", 0)},
        "AutoRemove": bool(h.get("AutoRemove")) or _label(compat, AUTOREMOVE_LABEL) == "true",
        "VolumeDriver": "", "VolumesFrom": None,
        "CapAdd": h.get("CapAdd") or None, "CapDrop": h.get("CapDrop") or None,
        "CgroupnsMode": h.get("CgroupnsMode") or "private", "Dns": h.get("Dns") or [],
        "DnsOptions": h.get("DnsOptions") or [], "DnsSearch": h.get("DnsSearch") or [],
        "ExtraHosts": h.get("ExtraHosts") or None, "GroupAdd": h.get("GroupAdd") or None,
        "IpcMode": h.get("IpcMode") or "private", "Cgroup": "", "Links": None,
        "OomScoreAdj": h.get("OomScoreAdj", 0), "PidMode": h.get("PidMode", ""),
        "Privileged": bool(h.get("Privileged")), "PublishAllPorts": False,
        "ReadonlyRootfs": bool(h.get("ReadonlyRootfs")), "SecurityOpt": None, "UTSMode": h.get("UTSMode", ""),
        "UsernsMode": "", "ShmSize": h.get("ShmSize") or 67108864, "Runtime": "runc", "ConsoleSize": [0, 0],
        "Isolation": "", "CpuShares": h.get("CpuShares", 0), "Memory": h.get("Memory", 0), "NanoCpus": 0,
        "CgroupParent": "", "BlkioWeight": h.get("BlkioWeight", 0),
        "BlkioWeightDevice": h.get("BlkioWeightDevice") or [],
        "BlkioDeviceReadBps": h.get("BlkioDeviceReadBps") or [],
        "BlkioDeviceWriteBps": h.get("BlkioDeviceWriteBps") or [],
        "BlkioDeviceReadIOps": h.get("BlkioDeviceReadIOps") or [],
        "BlkioDeviceWriteIOps": h.get("BlkioDeviceWriteIOps") or [],
        "CpuPeriod": h.get("CpuPeriod", 0), "CpuQuota": h.get("CpuQuota", 0),
        "CpuRealtimePeriod": h.get("CpuRealtimePeriod", 0), "CpuRealtimeRuntime": h.get("CpuRealtimeRuntime", 0),
        "CpusetCpus": h.get("CpusetCpus", ""), "CpusetMems": h.get("CpusetMems", ""),
        "Devices": h.get("Devices") or [], "DeviceCgroupRules": None, "DeviceRequests": None,
        "KernelMemory": 0, "KernelMemoryTCP": 0, "MemoryReservation": h.get("MemoryReservation", 0),
        "MemorySwap": h.get("MemorySwap", 0), "MemorySwappiness": h.get("MemorySwappiness"),
        "OomKillDisable": bool(h.get("OomKillDisable")), "PidsLimit": h.get("PidsLimit") or None,
        "Ulimits": h.get("Ulimits") or [], "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0,
        "IOMaximumBandwidth": 0,
        # runc's defaults, which containerd's spec applies too, unless the container is privileged
        "MaskedPaths": None if h.get("Privileged") else list(MASKED_PATHS),
        "ReadonlyPaths": None if h.get("Privileged") else list(READONLY_PATHS),
    }


def container(compat: dict, native: dict, image: dict) -> dict:
    """docker's container inspect object. `image` is the image's docker-shaped inspect (may be {})."""
    config = compat.get("Config") or {}
    labels = config.get("Labels") or {}
    spec = (native.get("Spec") or {}).get("process") or {}
    image_config = image.get("Config") or {}
    args = [compat.get("Path", ""), *(compat.get("Args") or [])] if compat.get("Path") else []
    entrypoint, cmd = _split_command(args, image_config)
    hostname = config.get("Hostname", "")
    tty = bool(spec.get("terminal"))
    open_stdin = labels.get(STDIN_LABEL) == "open"
    attached = labels.get(DETACHED_LABEL) != "true"
    mounts = _mounts(compat)
    return {
        "Id": compat["Id"], "Created": compat.get("Created", ""), "Path": compat.get("Path", ""),
        "Args": compat.get("Args") or [], "State": _state(compat, native),
        "Image": image.get("Id") or compat.get("Image", ""),
        "ResolvConfPath": compat.get("ResolvConfPath", ""), "HostnamePath": compat.get("HostnamePath", ""),
        "HostsPath": compat.get("HostsPath", ""), "LogPath": compat.get("LogPath", ""),
        "Name": "/" + compat.get("Name", ""), "RestartCount": compat.get("RestartCount", 0),
        "Driver": compat.get("Driver", "overlayfs"), "Platform": compat.get("Platform", "linux"),
        "MountLabel": "", "ProcessLabel": "", "AppArmorProfile": compat.get("AppArmorProfile", ""),
        "ExecIDs": None, "HostConfig": _host_config(compat, mounts),
        "GraphDriver": {"Data": None, "Name": compat.get("Driver", "overlayfs")},
        "Mounts": mounts,
        "Config": {
            "Hostname": hostname, "Domainname": "", "User": _user(labels), "AttachStdin": open_stdin and attached,
            "AttachStdout": attached, "AttachStderr": attached,
            **({"ExposedPorts": _exposed(compat)} if _exposed(compat) else {}),
            "Tty": tty, "OpenStdin": open_stdin, "StdinOnce": open_stdin and attached,
            "Env": _env(config.get("Env") or [], image_config.get("Env") or [], hostname),
            "Cmd": cmd, "Image": image_as_given(config.get("Image") or compat.get("Image", ""), labels),
            "Volumes": None, "WorkingDir": spec.get("cwd", "/") if spec.get("cwd", "/") != "/" else "",
            "Entrypoint": entrypoint, "OnBuild": None,
            "Labels": _labels(labels, image_config.get("Labels")),
        },
        "NetworkSettings": _network_settings(compat, labels),
    }


_IMAGE_CONFIG_KEYS = ("Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr",
                      "ExposedPorts", "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Image", "Volumes",
                      "WorkingDir", "Entrypoint", "OnBuild", "Labels")
_EMPTY_CONFIG = {"Hostname": "", "Domainname": "", "User": "", "AttachStdin": False, "AttachStdout": False,
                 "AttachStderr": False, "Tty": False, "OpenStdin": False, "StdinOnce": False, "Env": None,
                 "Cmd": None, "Image": "", "Volumes": None, "WorkingDir": "", "Entrypoint": None, "OnBuild": None,
                 "Labels": None}


def _image_config(given: dict) -> dict:
    merged = {**_EMPTY_CONFIG, **{k: v for k, v in given.items() if k in _IMAGE_CONFIG_KEYS}}
    merged["Image"] = ""  # nerdctl puts the reference here; docker the parent layer ID, empty for pulls
    return {k: merged[k] for k in _IMAGE_CONFIG_KEYS if k in merged}


def image(compat: dict, snapshotter: str = "overlayfs") -> dict:
    """docker's image inspect object from nerdctl's compat entry."""
    tags = compat.get("RepoTags") or []
    digests = []
    for d in compat.get("RepoDigests") or []:
        repo, _, digest = d.partition("@")
        shown = repo_digest(repo, digest)
        if shown:
            digests.append(f"{repo}@{shown}")
    return {
        "Id": compat.get("Id", ""), "RepoTags": tags, "RepoDigests": digests, "Parent": compat.get("Parent", ""),
        "Comment": compat.get("Comment", ""), "Created": compat.get("Created", ""), "Container": "",
        "ContainerConfig": dict(_EMPTY_CONFIG), "DockerVersion": compat.get("DockerVersion", ""),
        "Author": compat.get("Author", ""), "Config": _image_config(compat.get("Config") or {}),
        "Architecture": compat.get("Architecture", ""), "Os": compat.get("Os", ""),
        **({"Variant": compat["Variant"]} if compat.get("Variant") else {}),
        "Size": compat.get("Size", 0), "VirtualSize": compat.get("VirtualSize", compat.get("Size", 0)),
        "GraphDriver": {"Data": None, "Name": snapshotter},
        "RootFS": compat.get("RootFS") or {"Type": "layers", "Layers": []},
        "Metadata": compat.get("Metadata") or {"LastTagTime": ZERO_TIME},
    }


def is_container(entry: dict) -> bool:
    return "State" in entry and "RepoTags" not in entry





# Keys whose values are Go maps (sorted keys, a missing key is just absent); every other object is a struct.
_MAPS = frozenset({"Labels", "Ports", "PortBindings", "ExposedPorts", "Networks", "Volumes", "Data", "Options",
                   "Sysctls", "StorageOpt", "Tmpfs", "DriverOpts"})


def as_go(value: object, key: str = "", parent: str = "") -> object:
    """The object with its dicts marked as structs or maps, the way docker's template and JSON see them."""
    from shim.template.values import GoStruct

    if isinstance(value, dict):
        is_map = key in _MAPS or (key == "Config" and parent == "LogConfig")
        items = {k: as_go(v, k if not is_map else "", key) for k, v in value.items()}
        return items if is_map else GoStruct(items)
    if isinstance(value, list):
        return [as_go(v, "", key) for v in value]
    return value


def indented_json(objects: list) -> str:
    """docker's inspect output: json.MarshalIndent with four spaces, `<>&` escaped as Go does."""
    import json

    from shim.template.values import _plain

    text = json.dumps(_plain(objects), indent=4, ensure_ascii=False)
    if text == "[]":
        return "[]\n"
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
