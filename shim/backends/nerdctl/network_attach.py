"""docker network connect / disconnect on nerdctl, which has neither: pydock does what nerdctl's own OCI hook
does when a container starts, on the running container's network namespace. It runs the network's CNI
plugin chain (the conflist nerdctl wrote) with the interface name nerdctl would give (eth0, eth1, … in the
order of the container's networks) and the CNI container ID nerdctl uses (`<namespace>-<id>`), through
cni_exec.py; then it records the network in the container's `nerdctl/networks` label, which nerdctl's
inspect, pydock's inspect and ps, and `network rm`'s in-use check read.

What cannot be done: a container's networks are also in its OCI spec (the `nerdctl/networks` annotation),
which nerdctl's hook reads at every start and stop, and which no containerd client command can change after
create. So a connected network is not set up again when the container restarts, and a container that is not
running cannot be connected or disconnected (its next start would ignore the change): pydock says so.
"""

from __future__ import annotations

import json
import sys

from shim.backends.nerdctl.common import base, json_or_empty, plan
from shim.daemon_errors import no_such_container
from shim.errors import DockerError
from shim.output import networks as shape
from shim.plan import CAPTURE, Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Plan, Result

NOT_RUNNING = ("docker: 'docker network {verb}' of a container that is not running is not supported by pydock's "
               "nerdctl backend: nerdctl sets a container's networks up from its OCI spec at every start, and "
               "containerd cannot change that spec after create")


def _lookup(parsed: Parsed, ctx: Context, then) -> Plan:
    """The network's native record, then the container's compat entry; docker's errors for either missing."""
    network, container = parsed.args[0], parsed.args[1]

    def with_network(found: Result) -> Plan | Done:
        natives = json_or_empty(found.stdout, list)
        if found.code != 0 or not natives:
            return Done(1, "", shape.not_found(network) + "\n")
        native = natives[0]

        def with_container(inspected: Result) -> Plan | Done:
            entries = json_or_empty(inspected.stdout, list)
            if inspected.code != 0 or not entries:
                return Done(1, "", no_such_container(container) + "\n")
            return then(native, entries[0])

        return plan(parsed, ctx, [*base(ctx), "container", "inspect", container], mode=CAPTURE, always_then=True,
                    then=with_container)

    return plan(parsed, ctx, [*base(ctx), "network", "inspect", "--mode=native", network], mode=CAPTURE,
                always_then=True, then=with_network)


def _labels(entry: dict) -> dict:
    return (entry.get("Config") or {}).get("Labels") or {}


def _attached(entry: dict) -> list[str]:
    try:
        return list(json.loads(_labels(entry).get("nerdctl/networks") or "[]"))
    except ValueError:
        return []


def _interfaces(entry: dict) -> list[str]:
    """The container's interfaces as nerdctl reports them (`unknown-eth0` …), in interface order."""
    names = [n.removeprefix("unknown-") for n in ((entry.get("NetworkSettings") or {}).get("Networks") or {})]
    return sorted((n for n in names if n.startswith("eth") and n[3:].isdigit()), key=lambda n: int(n[3:]))


def _cni(entry: dict, native: dict, command: str, ifname: str) -> list[str]:
    namespace = _labels(entry).get("nerdctl/namespace", "default")
    pid = (entry.get("State") or {}).get("Pid", 0)
    return [sys.executable, "-m", "shim.backends.nerdctl.cni_exec", command, native.get("File", ""),
            f"{namespace}-{entry['Id']}", f"/proc/{pid}/ns/net", ifname]


def _relabel(ctx: Context, entry: dict, networks: list[str]) -> list[str]:
    """containerd's own client sets the label (nerdctl has no command that changes a container's labels)."""
    namespace = _labels(entry).get("nerdctl/namespace", "default")
    address = ["--address", ctx.address] if ctx.address else []
    return ["ctr", *address, "--namespace", namespace, "containers", "label", entry["Id"],
            "nerdctl/networks=" + json.dumps(networks, separators=(",", ":"))]


def _then_relabel(parsed: Parsed, ctx: Context, entry: dict, networks: list[str]):
    def relabel(result: Result) -> Plan | Done:
        if result.code != 0:
            from shim.backends.nerdctl.errors import restate

            return restate(result, verb=parsed.command.name.rsplit(" ", 1)[-1], path=parsed.path)
        return plan(parsed, ctx, _relabel(ctx, entry, networks), mode=CAPTURE, then=lambda _r: Done(0))
    return relabel


def translate_network_connect(parsed: Parsed, ctx: Context) -> Plan:
    def connect(native: dict, entry: dict) -> Plan | Done:
        cni = native.get("CNI") or {}
        name = cni.get("name", parsed.args[0])
        if ((cni.get("plugins") or [{}])[0]).get("type") == "nerdctl-pseudo":
            return Done(1, "", shape.HOST_CONNECT + "\n")
        attached = _attached(entry)
        if name in attached:
            return Done(1, "", shape.already_connected(entry.get("Name", "").lstrip("/"), name) + "\n")
        if not (entry.get("State") or {}).get("Running"):
            raise DockerError(NOT_RUNNING.format(verb="connect"))
        used = _interfaces(entry)
        index = max([len(attached) - 1, *(int(n[3:]) for n in used)]) + 1 if used or attached else 0
        return plan(parsed, ctx, _cni(entry, native, "ADD", f"eth{index}"), mode=CAPTURE, always_then=True,
                    then=_then_relabel(parsed, ctx, entry, [*attached, name]))

    return _lookup(parsed, ctx, connect)


def translate_network_disconnect(parsed: Parsed, ctx: Context) -> Plan:
    def disconnect(native: dict, entry: dict) -> Plan | Done:
        name = (native.get("CNI") or {}).get("name", parsed.args[0])
        attached = _attached(entry)
        if name not in attached:
            return Done(1, "", shape.not_connected(entry["Id"], name) + "\n")
        if not (entry.get("State") or {}).get("Running"):
            raise DockerError(NOT_RUNNING.format(verb="disconnect"))
        used = _interfaces(entry)
        position = attached.index(name)
        ifname = used[position] if position < len(used) else f"eth{position}"
        rest = [n for n in attached if n != name]
        return plan(parsed, ctx, _cni(entry, native, "DEL", ifname), mode=CAPTURE, always_then=True,
                    then=_then_relabel(parsed, ctx, entry, rest))

    return _lookup(parsed, ctx, disconnect)
