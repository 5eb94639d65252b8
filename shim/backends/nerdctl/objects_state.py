"""What nerdctl knows of volumes and networks, gathered into the neutral summaries shim/output/volumes.py and
networks.py print: a few captured nerdctl calls (the list, one inspect of all, and the containers, for what
uses what), then plain data. nerdctl keeps no creation time of a volume and no Created of a network; pydock
takes the time of the files nerdctl wrote when it made them (the volume's folder, the network's CNI config).
"""

from __future__ import annotations

import os

from shim import json_read as json  # json.loads without json's import of re (shim/json_read.py)
from shim.backends.nerdctl.common import base, json_or_empty, plan
from shim.plan import CAPTURE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Done, Plan, Result

ANONYMOUS_LABEL = "nerdctl/anonymous-volumes"  # what nerdctl puts on a volume made without a name
BUILTIN_IDS = {"host": "host", "none": "null"}  # nerdctl's pseudo networks and docker's driver for each


def _lines(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode(errors="replace").splitlines() if line.strip()]


def containers(parsed: Parsed, ctx: Context, then: Callable[[list[dict]], Plan | Done]) -> Plan:
    """Every container's compat inspect entry (for the volumes it mounts and the networks it is on)."""
    def inspect(listed: Result) -> Plan | Done:
        ids = listed.stdout.decode().split()
        if not ids:
            return then([])
        return plan(parsed, ctx, [*base(ctx), "container", "inspect", *ids], mode=CAPTURE, always_then=True,
                    then=lambda r: then(json_or_empty(r.stdout, list)))

    return plan(parsed, ctx, [*base(ctx), "ps", "--all", "--quiet", "--no-trunc"], mode=CAPTURE, then=inspect)


def _created(path: str, times: dict[str, int] | None = None) -> str:
    """A file's modification time as docker prints a creation time; `times`: the remote's, over ssh."""
    import time

    if times is not None:
        if path not in times:
            return ""
        seconds: float = times[path]
    else:
        try:
            seconds = os.stat(path).st_mtime
        except OSError:
            return ""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _file_times(parsed: Parsed, ctx: Context, paths: list[str], then: Callable[[dict[str, int] | None], Plan | Done]
                ) -> Plan | Done:
    """Over the ssh transport the files nerdctl wrote are the remote's: their times by one `stat` there (POSIX
    GNU's and busybox's stat both know -c); locally None (read here, as they are needed)."""
    paths = [p for p in paths if p]
    if ctx.remote is None or not paths:
        return then(None)

    def parsed_times(result: Result) -> Plan | Done:
        times = {}
        for line in result.stdout.decode(errors="replace").splitlines():
            seconds, _, path = line.partition(" ")
            if seconds.isdigit():
                times[path] = int(seconds)
        return then(times)

    return plan(parsed, ctx, ["stat", "-c", "%Y %n", "--", *paths], mode=CAPTURE, always_then=True,
                then=parsed_times)


def volume_users(entries: list[dict]) -> dict[str, list[str]]:
    users: dict[str, list[str]] = {}
    for entry in entries:
        for mount in entry.get("Mounts") or []:
            if mount.get("Type") == "volume" and mount.get("Name"):
                users.setdefault(mount["Name"], []).append(entry["Id"])
    return users


def volumes(parsed: Parsed, ctx: Context, then: Callable[[list[dict]], Plan | Done], *, users: bool = True) -> Plan:
    """Every volume of the namespace as a neutral summary (shim/output/volumes.py); with `users`, the
    containers that mount each (one more inspect of every container, which a plain listing skips)."""
    def summaries(found: list[dict]) -> Plan | Done:
        folders = [os.path.dirname(v.get("Mountpoint") or "") for v in found]
        if not users:
            return _file_times(parsed, ctx, folders, lambda times: then(_volume_summaries(found, {}, times)))
        return _file_times(parsed, ctx, folders, lambda times: containers(
            parsed, ctx, lambda entries: then(_volume_summaries(found, volume_users(entries), times))))

    def inspect(listed: Result) -> Plan | Done:
        names = [row["Name"] for row in _lines(listed.stdout) if row.get("Name")]
        if not names:
            return summaries([])
        return plan(parsed, ctx, [*base(ctx), "volume", "inspect", *names], mode=CAPTURE, always_then=True,
                    then=lambda r: summaries(json_or_empty(r.stdout, list)))

    return plan(parsed, ctx, [*base(ctx), "volume", "ls", "--format", "{{json .}}"], mode=CAPTURE, then=inspect)


def _volume_summaries(found: list[dict], users: dict[str, list[str]], times: dict[str, int] | None = None
                      ) -> list[dict]:
    out = []
    for v in found:
        labels = dict(v.get("Labels") or {})
        anonymous = labels.pop(ANONYMOUS_LABEL, None) is not None
        mountpoint = v.get("Mountpoint", "")
        out.append({"Name": v["Name"], "Driver": "local", "Mountpoint": mountpoint, "Labels": labels,
                    "CreatedAt": _created(os.path.dirname(mountpoint), times) if mountpoint else "", "Options": None,
                    "Anonymous": anonymous, "UsedBy": users.get(v["Name"], [])})
    return out


def networks(parsed: Parsed, ctx: Context, then: Callable[[list[dict]], Plan | Done]) -> Plan:
    """Every network of the namespace (and nerdctl's pseudo ones) as a neutral summary (shim/output/networks.py)."""
    def inspect(listed: Result) -> Plan | Done:
        names = [row["Name"] for row in _lines(listed.stdout) if row.get("Name")]
        return plan(parsed, ctx, [*base(ctx), "network", "inspect", "--mode=native", *names], mode=CAPTURE,
                    always_then=True, then=inspected)

    def inspected(result: Result) -> Plan | Done:
        natives = json_or_empty(result.stdout, list)
        return _file_times(parsed, ctx, [n.get("File") or "" for n in natives], lambda times: containers(
            parsed, ctx, lambda entries: then(network_summaries(natives, entries, times))))

    return plan(parsed, ctx, [*base(ctx), "network", "ls", "--format", "{{json .}}"], mode=CAPTURE, then=inspect)


def _pseudo_id(name: str) -> str:
    """A stable ID for nerdctl's pseudo networks, which have none (docker's are random per engine)."""
    import hashlib

    return hashlib.sha256(f"pydock-network-{name}".encode()).hexdigest()


def network_summaries(natives: list[dict], entries: list[dict], times: dict[str, int] | None = None) -> list[dict]:
    out = []
    for native in natives:
        cni = native.get("CNI") or {}
        name = cni.get("name", "")
        if not name:
            continue
        plugins = cni.get("plugins") or [{}]
        main = plugins[0]
        pseudo = main.get("type") == "nerdctl-pseudo"
        ranges = [r for group in ((main.get("ipam") or {}).get("ranges") or []) for r in group]
        config = [{"Subnet": r["subnet"], **({"Gateway": r["gateway"]} if r.get("gateway") else {})}
                  for r in ranges if r.get("subnet")]
        labels = dict(native.get("NerdctlLabels") or {})
        labels.pop("nerdctl/default-network", None)
        out.append({
            "Name": name, "Id": native.get("NerdctlID") or _pseudo_id(name),
            "Created": _created(native.get("File") or "", times) if not pseudo else "",
            "Driver": BUILTIN_IDS.get(name, "bridge") if pseudo else _driver(main.get("type", "")),
            "Internal": not pseudo and main.get("type") == "bridge" and not main.get("isGateway"),
            "EnableIPv6": any(":" in c["Subnet"] for c in config),
            "IPAM": {"Driver": "default", "Options": None if pseudo else {}, "Config": None if pseudo else config},
            "Options": {}, "Labels": labels, "Containers": _endpoints(name, entries),
        })
    return out


def _driver(cni_type: str) -> str:
    return {"bridge": "bridge", "macvlan": "macvlan", "ipvlan": "ipvlan"}.get(cni_type, cni_type)


def attached(entry: dict) -> list[str]:
    """The networks nerdctl recorded for a container (its `nerdctl/networks` label)."""
    raw = ((entry.get("Config") or {}).get("Labels") or {}).get("nerdctl/networks") or "[]"
    try:
        return list(json.loads(raw))
    except ValueError:
        return []


def _endpoints(network: str, entries: list[dict]) -> dict[str, dict]:
    """docker's Containers map of a network: the running containers on it, with their address there."""
    out = {}
    for entry in entries:
        names = attached(entry)
        if network not in names or not (entry.get("State") or {}).get("Running"):
            continue
        found = list(((entry.get("NetworkSettings") or {}).get("Networks") or {}).values())
        index = names.index(network)
        net = found[index] if index < len(found) else {}
        address = f"{net['IPAddress']}/{net.get('IPPrefixLen', 0)}" if net.get("IPAddress") else ""
        out[entry["Id"]] = {"Name": entry.get("Name", "").lstrip("/"), "EndpointID": "",
                            "MacAddress": net.get("MacAddress", ""), "IPv4Address": address, "IPv6Address": ""}
    return out
