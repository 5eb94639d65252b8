"""docker port on ctr: a running container's published ports, read where nerdctl keeps them (network.py), in
docker's client's words (docker/cli container/port.go). No process runs."""

from __future__ import annotations

from shim.backends.ctr.containers import find
from shim.backends.ctr.listing import records
from shim.daemon_errors import no_such_container
from shim.errors import EXIT_GENERAL, DockerError
from shim.plan import Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed


def translate_port(parsed: Parsed, ctx: Context) -> Done:
    from shim.backends.ctr.network import settings

    given, *wanted = parsed.args
    key = _port_key(wanted[0]) if wanted else ""
    found, tasks = records(ctx)
    c = find(found, given)
    if c is None:
        raise DockerError(no_such_container(given), EXIT_GENERAL)
    task = tasks.get(c.id)
    running = task is not None and task.status in ("running", "paused", "pausing")
    remote = (lambda _path: None) if ctx.remote is not None else None  # over ssh: the ports in the label
    ports = settings(c.id, ctx.namespace, c.labels, running, remote)["Ports"]
    if key:
        bindings = ports.get(key) or []
        if not bindings:
            raise DockerError(f"Error: No public port '{key}' published for {given}", EXIT_GENERAL)
        return Done(0, "".join(f"{_host(b)}\n" for b in bindings))
    from shim.output.sortorder import natural_key

    lines = [f"{k} -> {_host(b)}" for k, bindings in ports.items() for b in bindings]
    return Done(0, "".join(f"{line}\n" for line in sorted(lines, key=natural_key)))


def _port_key(text: str) -> str:
    """PRIVATE_PORT[/PROTO] as docker's client reads it (tcp when no protocol is given)."""
    port, _, proto = text.partition("/")
    if not port.isascii() or not port.isdigit() or int(port) > 0xFFFF:
        raise DockerError(f'Error: invalid port ({port}): strconv.ParseUint: parsing "{port}": invalid syntax',
                          EXIT_GENERAL)
    return f"{int(port)}/{proto or 'tcp'}"


def _host(binding: dict) -> str:
    ip = binding.get("HostIp") or "0.0.0.0"  # noqa: S104 - docker's words for all addresses
    return f"[{ip}]:{binding.get('HostPort', '')}" if ":" in ip else f"{ip}:{binding.get('HostPort', '')}"
