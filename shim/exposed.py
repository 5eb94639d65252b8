"""docker's exposed ports: `--expose` values, the container ports of `-p`, and which ports `-P` publishes.

Docker-side rules (docker/cli's container options and go-connections' nat package), shared by every
backend. Ports are kept as docker writes them in `ExposedPorts`: `80/tcp`, `7000/udp`. Pure: stdlib only.
"""

from __future__ import annotations

from shim.errors import daemon_error
from shim.values import go_quote


def _parse_uint16(text: str) -> tuple[int, str]:
    """Go's strconv.ParseUint(text, 10, 16): (value, "") or (0, its error)."""
    if not text or not text.isascii() or not text.isdigit():
        return 0, f"strconv.ParseUint: parsing {go_quote(text)}: invalid syntax"
    value = int(text)
    if value > 0xFFFF:
        return 0, f"strconv.ParseUint: parsing {go_quote(text)}: value out of range"
    return value, ""


def port_range(text: str) -> tuple[int, int, str]:
    """nat.ParsePortRange: `80` or `7000-7002` → (start, end, ""), or (0, 0, its error)."""
    if not text:
        return 0, 0, "empty string specified for ports"
    if "-" not in text:
        value, problem = _parse_uint16(text)
        return value, value, problem
    parts = text.split("-")
    start, problem = _parse_uint16(parts[0])
    if problem:
        return 0, 0, problem
    end, problem = _parse_uint16(parts[1])
    if problem:
        return 0, 0, problem
    if end < start:
        return 0, 0, f"invalid range specified for port: {text}"
    return start, end, ""


def split_proto_port(raw: str) -> tuple[str, str]:
    """nat.SplitProtoPort: `80/udp` → ("udp", "80"); no protocol means tcp."""
    parts = raw.split("/")
    if not raw or not parts[0]:
        return "", ""
    if len(parts) == 1 or not parts[1]:
        return "tcp", parts[0]
    return parts[1], parts[0]


def expose_ports(values: list[str], path: str) -> list[str]:
    """Every port the `--expose` values name, ranges expanded, in order and without repeats; docker's
    client error (exit 125) for a bad one, before anything runs."""
    out: list[str] = []
    for value in values:
        if ":" in value:
            raise daemon_error(f"invalid port format for --expose: {value}", path, run_like=True)
        proto, port = split_proto_port(value)
        start, end, problem = port_range(port)
        if problem:
            raise daemon_error(f"invalid range format for --expose: {value}, error: {problem}", path,
                               run_like=True)
        out.extend(p for p in (f"{n}/{proto}" for n in range(start, end + 1)) if p not in out)
    return out


def publish_problem(spec: str) -> str:
    """nat.ParsePortSpec's complaint about one short-form `-p` value (`[IP:][HOST:]CONTAINER[/PROTO]`), or "".
    The long form (`target=80,published=8080`) is docker's PortOpt's, checked by the backend."""
    if "=" in spec:
        return ""
    parts = spec.split(":")
    ip, host = (":".join(parts[:-2]), parts[-2]) if len(parts) > 2 else ("", parts[0] if len(parts) == 2 else "")
    proto, container = split_proto_port(parts[-1])
    if ip.startswith("["):  # net.SplitHostPort(ip + ":") strips an IPv6 address's brackets
        why = _bracket_problem(ip)
        if why:
            return f"invalid IP address {ip}: address {ip}:: {why}"
        ip = ip[1:-1]
    if ip and not is_go_ip(ip):
        return f"invalid IP address: {ip}"
    if not container:
        return f"no port specified: {spec}<empty>"
    start, end, problem = port_range(container)
    if problem:
        return f"invalid containerPort: {container}"
    if host:
        host_start, host_end, problem = port_range(host)
        if problem:
            return f"invalid hostPort: {host}"
        if end - start != host_end - host_start and end != start:
            return f"invalid ranges specified for container and host Ports: {container} and {host}"
    if proto.lower() not in ("tcp", "udp", "sctp"):
        return f"invalid proto: {proto.lower()}"
    return ""


def _bracket_problem(ip: str) -> str:
    """net.SplitHostPort's complaint about `[…]` + ":" as host and empty port, or ""."""
    end = ip.find("]")
    if end < 0:
        return "missing ']' in address"
    if end != len(ip) - 1:
        return "too many colons in address" if ip[end + 1] == ":" else "missing port in address"
    if "[" in ip[1:]:
        return "unexpected '[' in address"
    return ""


def is_go_ip(text: str) -> bool:
    """net.ParseIP: dotted IPv4 (no leading zeros) or IPv6, without a zone."""
    import ipaddress

    if "%" in text:
        return False
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def published_container_ports(specs: list[str]) -> list[str]:
    """The container ports that `-p` values bind (`8080:80` → 80/tcp, `7000-7001:7000-7001/udp` → two);
    docker exposes them too, and `-P` leaves them bound as given. Malformed values are nerdctl's to refuse."""
    out: list[str] = []
    for spec in specs:
        if "=" in spec:  # the long form: target=80,published=8080,protocol=udp
            fields = dict(part.partition("=")[::2] for part in spec.split(","))
            container, proto = fields.get("target", ""), fields.get("protocol") or "tcp"
        else:
            rest, _, proto = spec.partition("/")
            container, proto = rest.rsplit(":", 1)[-1], proto or "tcp"
        start, end, problem = port_range(container)
        if not problem:
            out.extend(f"{n}/{proto}" for n in range(start, end + 1))
    return out


def publish_all(image_ports: list[str], exposed: list[str], published: list[str]) -> list[str]:
    """What `-P` publishes on random host ports: every exposed port (the image's and `--expose`'s) that
    no `-p` binds already, in docker's order (by number, tcp first)."""
    wanted = [p for p in dict.fromkeys([*image_ports, *exposed]) if p not in published]
    return sorted(wanted, key=port_sort_key)


def port_sort_key(port: str) -> tuple[int, bool, str]:
    number, _, proto = port.partition("/")
    first = number.split("-")[0]
    return (int(first) if first.isdigit() else 0, proto.lower() != "tcp", proto)

