"""docker network ls / inspect / rm / prune / connect as Docker Engine 29 and docker CLI 28 print them, from
neutral network summaries.

A summary is what a backend knows of one network: Name, Id (64 hex digits), Created (RFC 3339), Driver,
Internal, EnableIPv6, IPAM (docker's {Driver, Options, Config}), Options, Labels and Containers (docker's
endpoint entries by container ID). This module shapes docker's JSON, selects with the engine's filters,
prints with the CLI's templates and words the engine's errors.
"""

from __future__ import annotations

from shim.errors import DockerError
from shim.output.container_filters import labels_match
from shim.output.volumes import group_filters, labels_unmatched, name_match

DEFAULT_TABLE = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"
HEADERS = {
    "ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE", "IPv4": "IPV4", "IPv6": "IPV6",
    "Internal": "INTERNAL", "Labels": "LABELS", "CreatedAt": "CREATED AT",
}
FILTER_KEYS = ("dangling", "driver", "id", "label", "label!", "name", "scope", "type")
PRUNE_FILTER_KEYS = ("until", "label", "label!")
# The networks every engine has and no user can remove (docker's "pre-defined" ones).
BUILTIN = ("bridge", "host", "none")


def inspect_object(s: dict) -> dict:
    """docker's network.Inspect (Engine 29): its keys in the struct's order."""
    return {
        "Name": s["Name"], "Id": s["Id"], "Created": s.get("Created", ""), "Scope": "local",
        "Driver": s.get("Driver", "bridge"), "EnableIPv4": True, "EnableIPv6": bool(s.get("EnableIPv6")),
        "IPAM": s.get("IPAM") or {"Driver": "default", "Options": None, "Config": None},
        "Internal": bool(s.get("Internal")), "Attachable": False, "Ingress": False,
        "ConfigFrom": {"Network": ""}, "ConfigOnly": False, "Options": s.get("Options") or {},
        "Labels": s.get("Labels") or {}, "Containers": s.get("Containers") or {},
    }


def _go_bool(value: object) -> str:
    return "true" if value else "false"


class NetworkContext:
    """The fields a `docker network ls --format` template sees (docker/cli's networkContext)."""

    __gotype__ = "*network.networkContext"

    def __init__(self, summary: dict, *, trunc: bool = True) -> None:
        self._n = summary
        self._trunc = trunc

    def ID(self) -> str:
        return self._n["Id"][:12] if self._trunc else self._n["Id"]

    def Name(self) -> str:
        return self._n["Name"]

    def Driver(self) -> str:
        return self._n.get("Driver", "bridge")

    def Scope(self) -> str:
        return "local"

    def IPv4(self) -> str:
        return "true"

    def IPv6(self) -> str:
        return _go_bool(self._n.get("EnableIPv6"))

    def Internal(self) -> str:
        return _go_bool(self._n.get("Internal"))

    def Labels(self) -> str:
        return ",".join(f"{k}={v}" for k, v in sorted((self._n.get("Labels") or {}).items()))

    def Label(self, name: str) -> str:
        return (self._n.get("Labels") or {}).get(name, "")

    def CreatedAt(self) -> str:
        return go_time_text(self._n.get("Created", ""))

    def __gojson__(self) -> dict:
        return {name: getattr(self, name)() for name in sorted(HEADERS)}


def go_time_text(rfc3339: str) -> str:
    """Go's time.Time.String() of an RFC 3339 UTC time: `2026-12-02 07:41:19.301891136 +0000 UTC`."""
    if not rfc3339:
        return "0001-01-01 00:00:00 +0000 UTC"
    date, _, clock = rfc3339.rstrip("Z").partition("T")
    whole, _, fraction = clock.partition(".")
    fraction = fraction.rstrip("0")
    return f"{date} {whole}{'.' + fraction if fraction else ''} +0000 UTC"


def parse_filters(raw: list[str]) -> dict[str, list[str]]:
    """network ls's filters, checked before anything is listed, as the engine does."""
    out = group_filters(raw, FILTER_KEYS)
    for value in out.get("dangling", [])[-1:]:
        if value.lower() not in ("true", "1", "false", "0"):
            raise DockerError("Error response from daemon: invalid value for filter 'dangling': must be \"true\" "
                              "(or \"1\"), or \"false\" (or \"0\")")
    for value in out.get("type", []):
        if value not in ("builtin", "custom"):
            raise DockerError("Error response from daemon: invalid value for filter 'type': must be 'builtin' "
                              "or 'custom'")
    return out


def _wanted(s: dict, filters: dict[str, list[str]]) -> bool:
    labels = s.get("Labels") or {}
    builtin = s["Name"] in BUILTIN
    checks = (
        ("name", lambda: name_match(filters["name"], s["Name"])),
        ("id", lambda: name_match(filters["id"], s["Id"])),
        ("driver", lambda: s.get("Driver", "bridge") in filters["driver"]),
        ("scope", lambda: "local" in filters["scope"]),
        ("label", lambda: labels_match(filters["label"], labels)),
        ("label!", lambda: labels_unmatched(filters["label!"], labels)),
        ("type", lambda: ("builtin" if builtin else "custom") in filters["type"]),
        # dangling: custom networks no container is on
        ("dangling", lambda: (not builtin and not s.get("Containers"))
         == (filters["dangling"][-1].lower() in ("true", "1"))),
    )
    return all(check() for key, check in checks if key in filters)


def select(summaries: list[dict], filters: dict[str, list[str]]) -> list[dict]:
    """The networks `network ls` shows, by name as docker's client sorts them."""
    from shim.output.sortorder import natural_key

    return sorted((s for s in summaries if _wanted(s, filters)), key=lambda s: natural_key(s["Name"]))


def ls_output(summaries: list[dict], *, fmt: str, quiet: bool, trunc: bool, filters: dict[str, list[str]]) -> str:
    """`docker network ls`'s text."""
    from shim.output import formatting

    final = formatting.choose_format(fmt, quiet=quiet, default_table=DEFAULT_TABLE)
    rows = [NetworkContext(s, trunc=trunc) for s in select(summaries, filters)]
    return formatting.render(final, rows, HEADERS)


def not_found(name: str) -> str:
    return f"Error response from daemon: network {name} not found"


def predefined(name: str) -> str:
    return f"Error response from daemon: {name} is a pre-defined network and cannot be removed"


def in_use(name: str, endpoints: list[tuple[str, str]]) -> str:
    """Engine 29's refusal to remove a network containers are on: (name, ID) of each."""
    listed = ", ".join(f'name:"{n}" id:"{i[:12]}"' for n, i in endpoints)
    return f"Error response from daemon: error while removing network: network {name} has active endpoints ({listed})"


def exists(name: str) -> str:
    return f"Error response from daemon: network with name {name} already exists"


def create_problem(name: str, driver: str, subnets: list[str], gateways: list[str]) -> str:
    """The engine's (or the client's) error for a `network create` it refuses, or ""."""
    import ipaddress

    if driver in ("host", "null"):
        return f'Error response from daemon: only one instance of "{"host" if driver == "host" else "none"}" ' \
               "network is allowed"
    if driver not in ("", "bridge"):
        return f'Error response from daemon: plugin "{driver}" not found'
    if gateways and not subnets:  # docker's client pairs each gateway with a subnet before asking the engine
        return "every ip-range or gateway must have a corresponding subnet"
    nets = []
    for subnet in subnets:
        if "/" not in subnet:
            return f'Error response from daemon: invalid JSON: netip.ParsePrefix("{subnet}"): no \'/\''
        try:
            nets.append(ipaddress.ip_network(subnet, strict=False))
        except ValueError:
            return f'Error response from daemon: invalid JSON: netip.ParsePrefix("{subnet}"): bad prefix'
    for gateway in gateways:
        try:
            address = ipaddress.ip_address(gateway)
        except ValueError:
            return f"no matching subnet for gateway {gateway}"
        if not any(address in net for net in nets):
            return f"no matching subnet for gateway {gateway}"
    return ""


def prunable(summaries: list[dict], filters: dict[str, list[str]]) -> list[dict]:
    """What `network prune` removes: custom networks no container is on, matching the label filters (`until`
    is the caller's: it reads the backend's times)."""
    out = []
    for s in summaries:
        labels = s.get("Labels") or {}
        if s["Name"] in BUILTIN or s.get("Containers"):
            continue
        if "label" in filters and not labels_match(filters["label"], labels):
            continue
        if "label!" in filters and not labels_unmatched(filters["label!"], labels):
            continue
        out.append(s)
    return out


def prune_output(names: list[str]) -> str:
    return "Deleted Networks:\n" + "".join(f"{n}\n" for n in names) + "\n" if names else ""


def already_connected(container: str, network: str) -> str:
    return f"Error response from daemon: endpoint with name {container} already exists in network {network}"


def not_connected(container_id: str, network: str) -> str:
    return f"Error response from daemon: container {container_id} is not connected to network {network}"


HOST_CONNECT = ("Error response from daemon: cannot connect container to host network - container must be created "
                "in host network mode")
