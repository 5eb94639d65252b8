"""docker ps: the container list as docker CLI 28 prints it, from backend-neutral container summaries.

A summary is a dict shaped like Docker Engine's API `Container` (Id, Names, Image, Command, Created,
Ports, Labels, State, Mounts, Networks…) plus the start and finish times that docker's daemon turns
into the STATUS text. Backends build summaries; this module filters, sorts and renders them.
"""

from __future__ import annotations

import time

from shim.output.units import human_duration, human_size
from shim.strconv import go_quote

DEFAULT_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
HEADERS = {
    "ID": "CONTAINER ID", "Names": "NAMES", "Image": "IMAGE", "Command": "COMMAND",
    "CreatedAt": "CREATED AT", "RunningFor": "CREATED", "Ports": "PORTS", "State": "STATE",
    "Status": "STATUS", "Size": "SIZE", "Labels": "LABELS", "Mounts": "MOUNTS",
    "LocalVolumes": "LOCAL VOLUMES", "Networks": "NETWORKS", "Platform": "PLATFORM",
}


def status_text(summary: dict, now: float) -> str:
    """The daemon's State.String(): "Up 5 seconds", "Exited (137) 2 seconds ago", "Created"…"""
    state = summary["State"]
    started, finished = summary.get("StartedAt", 0.0), summary.get("FinishedAt", 0.0)
    if state in ("running", "paused"):
        up = f"Up {human_duration(now - started)}"
        if state == "paused":
            return f"{up} (Paused)"
        health = summary.get("Health") or ""
        if health and health != "none":
            return f"{up} (health: starting)" if health == "starting" else f"{up} ({health})"
        return up
    if state == "restarting":
        return f"Restarting ({summary.get('ExitCode', 0)}) {human_duration(now - finished)} ago"
    if state == "removing":
        return "Removal In Progress"
    if state == "dead":
        return "Dead"
    if not started:
        return "Created"
    if not finished:
        return ""
    return f"Exited ({summary.get('ExitCode', 0)}) {human_duration(now - finished)} ago"


def ellipsis(text: str, width: int) -> str:
    """docker's formatter.Ellipsis: cut to width-1 characters and add "…"."""
    if width <= 0:
        return ""
    if width == 1:
        return text[:1]
    if len(text) <= width:
        return text
    return text[: width - 1] + "…"


def displayable_ports(ports: list[dict]) -> str:
    """docker's DisplayablePorts: `127.0.0.1:8080->80/tcp`, `0.0.0.0:8080-8081->80-81/tcp`."""
    groups: dict[str, list[int]] = {}
    order: list[str] = []
    result: list[str] = []
    mappings: list[str] = []
    for port in sorted(ports, key=_port_sort_key):
        private, public, proto, ip = port["PrivatePort"], port.get("PublicPort", 0), port["Type"], port.get("IP", "")
        key = proto
        if ip:
            if public != private:
                host = f"[{ip}]" if ":" in ip else ip
                mappings.append(f"{host}:{public}->{private}/{proto}")
                continue
            key = f"{ip}/{proto}"
        group = groups.get(key)
        if group is None:
            groups[key] = [private, private]
            order.append(key)
        elif private == group[1] + 1:
            group[1] = private
        else:
            result.append(_form_group(key, *group))
            groups[key] = [private, private]
    result += [_form_group(key, *groups[key]) for key in order]
    return ", ".join(result + mappings)


def _port_sort_key(port: dict) -> tuple:
    return (port["PrivatePort"], port.get("PublicPort", 0), port["Type"], port.get("IP", ""))


def _form_group(key: str, first: int, last: int) -> str:
    ip, _, proto = key.rpartition("/")
    ports = str(first) if first == last else f"{first}-{last}"
    if ip:
        host = f"[{ip}]" if ":" in ip else ip
        return f"{host}:{ports}->{ports}/{proto}"
    return f"{ports}/{proto}"


class ContainerContext:
    """The fields a `docker ps --format` template sees (docker's formatter.ContainerContext)."""

    __gotype__ = "*formatter.ContainerContext"

    def __init__(self, summary: dict, *, trunc: bool = True, now: float | None = None) -> None:
        self._c = summary
        self._trunc = trunc
        self._now = time.time() if now is None else now

    @classmethod
    def empty(cls) -> ContainerContext:
        """A context with every field empty, as docker validates templates against."""
        return cls({"Id": "", "Names": [], "Image": "", "Created": 0, "State": "", "Command": ""}, now=0)

    def ID(self) -> str:
        cid = self._c["Id"]
        return cid[:12] if self._trunc else cid

    def Names(self) -> str:
        names = [n.lstrip("/") for n in self._c.get("Names", [])]
        if self._trunc:
            return next((n for n in names if "/" not in n), "")
        return ",".join(names)

    def Image(self) -> str:
        image = self._c.get("Image", "")
        if not image:
            return "<no image>"
        if self._trunc and image.startswith("sha256:"):
            return image[7:19]
        return image

    def Command(self) -> str:
        command = self._c.get("Command", "")
        return go_quote(ellipsis(command, 20) if self._trunc else command)

    def CreatedAt(self) -> str:
        return go_time(self._c["Created"])

    def RunningFor(self) -> str:
        return human_duration(self._now - self._c["Created"]) + " ago"

    def Ports(self) -> str:
        return displayable_ports(self._c.get("Ports", []))

    def State(self) -> str:
        return self._c["State"]

    def Status(self) -> str:
        return status_text(self._c, self._now)

    def Size(self) -> str:
        rw, root = self._c.get("SizeRw", 0), self._c.get("SizeRootFs", 0)
        text = human_size(rw)
        return f"{text} (virtual {human_size(root)})" if root > 0 else text

    def Labels(self) -> str:
        labels = self._c.get("Labels") or {}
        return ",".join(sorted(f"{k}={v}" for k, v in labels.items()))

    def Label(self, name: str) -> str:
        return (self._c.get("Labels") or {}).get(name, "")

    def Mounts(self) -> str:
        names = []
        for mount in self._c.get("Mounts", []):
            name = mount.get("Name") or mount.get("Source", "")
            names.append(ellipsis(name, 15) if self._trunc else name)
        return ",".join(names)

    def LocalVolumes(self) -> str:
        return str(sum(1 for m in self._c.get("Mounts", []) if m.get("Driver") == "local"))

    def Networks(self) -> str:
        return ",".join(self._c.get("Networks", []))

    def Platform(self) -> ImagePlatform | None:
        # Engine 29's containerd image store reports the platform of the container's image (the classic
        # store of Engine 20.10 did not: null)
        platform = self._c.get("Platform") or ""
        return ImagePlatform(platform) if platform else None

    def __gojson__(self) -> dict:
        # docker marshals every zero-argument field of the context (formatter.MarshalJSON).
        return {name: getattr(self, name)() for name in sorted(HEADERS)}


class ImagePlatform(str):
    """docker's formatter.Platform: printed as `os/arch[/variant]` (its String method), marshalled as the OCI
    platform struct."""

    __gotype__ = "*formatter.Platform"

    def __gojson__(self) -> dict:
        os_name, _, rest = self.partition("/")
        arch, _, variant = rest.partition("/")
        return {"architecture": arch, "os": os_name, **({"variant": variant} if variant else {})}


def go_time(epoch: float) -> str:
    """Go's time.Time.String() in the local zone: `2026-11-24 22:29:00 +0000 UTC`."""
    t = time.localtime(int(epoch))
    offset = t.tm_gmtoff or 0
    sign = "+" if offset >= 0 else "-"
    offset = abs(offset)
    return (time.strftime("%Y-%m-%d %H:%M:%S", t)
            + f" {sign}{offset // 3600:02d}{offset % 3600 // 60:02d} {t.tm_zone}")
