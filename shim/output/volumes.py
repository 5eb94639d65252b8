"""docker volume ls / inspect / rm / prune as Docker Engine 29 and docker CLI 28 print them, from neutral
volume summaries.

A summary is what a backend knows of one volume: Name, Driver, Mountpoint, CreatedAt (RFC 3339), Labels,
Options, Anonymous (made without a name) and UsedBy (the IDs of the containers that mount it). This module
shapes docker's JSON, selects with the engine's filters, prints with the CLI's templates and words the
engine's errors.
"""

from __future__ import annotations

import re

from shim.errors import DockerError
from shim.output.container_filters import labels_match

DEFAULT_TABLE = "table {{.Driver}}\t{{.Name}}"
HEADERS = {
    "Name": "VOLUME NAME", "Driver": "DRIVER", "Scope": "SCOPE", "Mountpoint": "MOUNTPOINT", "Labels": "LABELS",
    "Links": "LINKS", "Size": "SIZE", "Group": "GROUP", "Availability": "AVAILABILITY", "Status": "STATUS",
}
FILTER_KEYS = ("dangling", "driver", "label", "label!", "name")
PRUNE_FILTER_KEYS = ("all", "label", "label!")
# Engine 29 marks a volume created without a name so that `volume prune` (without --all) takes it.
ANONYMOUS_LABEL = "com.docker.volume.anonymous"
# What the `local` driver accepts as -o keys (moby's volume/local).
LOCAL_OPTIONS = ("type", "device", "o", "size")


def inspect_object(s: dict) -> dict:
    """docker's volume.Volume: its JSON keys in the struct's (alphabetical) order; empty maps are nil (null)."""
    labels = dict(s.get("Labels") or {})
    if s.get("Anonymous"):
        labels[ANONYMOUS_LABEL] = ""
    from shim.template.values import NilMap

    return {"CreatedAt": s.get("CreatedAt", ""), "Driver": s.get("Driver") or "local", "Labels": labels or NilMap(),
            "Mountpoint": s.get("Mountpoint", ""), "Name": s["Name"], "Options": s.get("Options") or NilMap(),
            "Scope": "local"}


class VolumeContext:
    """The fields a `docker volume ls --format` template sees (docker/cli's volumeContext)."""

    __gotype__ = "*formatter.volumeContext"

    def __init__(self, summary: dict) -> None:
        self._v = inspect_object(summary)

    def Name(self) -> str:
        return self._v["Name"]

    def Driver(self) -> str:
        return self._v["Driver"]

    def Scope(self) -> str:
        return self._v["Scope"]

    def Mountpoint(self) -> str:
        return self._v["Mountpoint"]

    def Labels(self) -> str:
        labels = self._v["Labels"] or {}
        return ",".join(f"{k}={v}" for k, v in sorted(labels.items()))

    def Label(self, name: str) -> str:
        return (self._v["Labels"] or {}).get(name, "")

    def Links(self) -> str:  # usage data: only `system df -v` asks the engine for it
        return "N/A"

    def Size(self) -> str:
        return "N/A"

    def Group(self) -> str:  # cluster volumes' fields, N/A for local ones
        return "N/A"

    def Availability(self) -> str:
        return "N/A"

    def Status(self) -> str:
        return "N/A"

    def __gojson__(self) -> dict:
        return {name: getattr(self, name)() for name in sorted(HEADERS)}


def _bool_filter(key: str, values: list[str]) -> bool:
    value = values[-1]
    if value.lower() not in ("true", "1", "false", "0"):
        raise DockerError(f"Error response from daemon: invalid filter '{key}=[{value}]'")
    return value.lower() in ("true", "1")


def group_filters(raw: list[str], keys: tuple[str, ...]) -> dict[str, list[str]]:
    """`--filter k=v` values by key; a key the engine does not take is its error (Engine 29's wording)."""
    out: dict[str, list[str]] = {}
    for item in raw:
        key, _, value = item.partition("=")
        if key not in keys:
            raise DockerError(f"Error response from daemon: invalid filter '{key}'")
        out.setdefault(key, []).append(value)
    return out


def parse_filters(raw: list[str]) -> dict[str, list[str]]:
    """volume ls's filters, checked before anything is listed, as the engine does."""
    out = group_filters(raw, FILTER_KEYS)
    if "dangling" in out:
        _bool_filter("dangling", out["dangling"])
    return out


def name_match(patterns: list[str], name: str) -> bool:
    """The engine's filters.Match: a value matches as a regular expression anywhere, or literally."""
    for pattern in patterns:
        try:
            if re.search(pattern, name):
                return True
        except re.error:
            pass
        if pattern == name:
            return True
    return False


def labels_unmatched(wanted: list[str], labels: dict[str, str]) -> bool:
    """`label!=k` / `label!=k=v`: the object lacks every one of them."""
    return not any(labels_match([item], labels) for item in wanted)


def select(summaries: list[dict], filters: dict[str, list[str]]) -> list[dict]:
    """The volumes `volume ls` shows, by name as docker's client sorts them."""
    from shim.output.sortorder import natural_key

    out = []
    for s in summaries:
        labels = inspect_object(s)["Labels"] or {}
        if "name" in filters and not name_match(filters["name"], s["Name"]):
            continue
        if "driver" in filters and (s.get("Driver") or "local") not in filters["driver"]:
            continue
        if "label" in filters and not labels_match(filters["label"], labels):
            continue
        if "label!" in filters and not labels_unmatched(filters["label!"], labels):
            continue
        if "dangling" in filters and _bool_filter("dangling", filters["dangling"]) == bool(s.get("UsedBy")):
            continue
        out.append(s)
    return sorted(out, key=lambda s: natural_key(s["Name"]))


def ls_output(summaries: list[dict], *, fmt: str, quiet: bool, filters: dict[str, list[str]]) -> str:
    """`docker volume ls`'s text."""
    from shim.output import formatting

    final = formatting.choose_format(fmt, quiet=quiet, default_table=DEFAULT_TABLE, quiet_format="{{.Name}}")
    return formatting.render(final, [VolumeContext(s) for s in select(summaries, filters)], HEADERS)


def create_problem(name: str, driver: str, options: dict[str, str]) -> str:
    """The engine's error for a `volume create` it refuses, or ""."""
    if driver not in ("", "local"):
        return f"Error response from daemon: create {name}: error looking up volume plugin {driver}: " \
               f'plugin "{driver}" not found'
    if name and not re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*", name):
        return (f'Error response from daemon: create {name}: "{name}" includes invalid characters for a local '
                'volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host '
                "directory, use absolute path")
    for key in options:
        if key not in LOCAL_OPTIONS:
            return f'Error response from daemon: create {name}: invalid option: "{key}"'
    if options and "size" not in options and "device" not in options:
        return f'Error response from daemon: create {name}: missing required option: "device"'
    return ""


def in_use(name: str, users: list[str]) -> str:
    """The engine's refusal to remove a volume that containers mount."""
    return f"Error response from daemon: remove {name}: volume is in use - [{', '.join(users)}]"


def no_such_volume(name: str) -> str:
    return f"Error response from daemon: get {name}: no such volume"


def prunable(summaries: list[dict], filters: dict[str, list[str]]) -> list[dict]:
    """What `volume prune` removes: unused volumes, anonymous ones only unless `all=true` (API 1.42+)."""
    every = "all" in filters and _bool_filter("all", filters["all"])
    out = []
    for s in summaries:
        labels = inspect_object(s)["Labels"] or {}
        if s.get("UsedBy") or (not every and not s.get("Anonymous")):
            continue
        if "label" in filters and not labels_match(filters["label"], labels):
            continue
        if "label!" in filters and not labels_unmatched(filters["label!"], labels):
            continue
        out.append(s)
    return out


def prune_output(names: list[str], reclaimed: str) -> str:
    """docker's report of a volume prune."""
    head = "Deleted Volumes:\n" + "".join(f"{n}\n" for n in names) + "\n" if names else ""
    return f"{head}Total reclaimed space: {reclaimed}\n"
