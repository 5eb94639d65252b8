"""What `docker run` must look up before nerdctl creates the container, which nerdctl 2.3.5 cannot do itself:

- `-P`: the image's ExposedPorts, published (with `--expose`'s) on random host ports as `-p PORT/PROTO`;
- `--link`: each linked container's address, environment and ports, which become a hosts entry and, on
  the default bridge network, Engine 29's deprecation warning and, when asked for, docker's legacy link
  variables (shim/links.py).

The lookups are nerdctl inspect calls chained as plans; turning their answers into flags is pure.
"""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base, json_or_empty, plan
from shim.daemon_errors import DAEMON  # Docker Engine checks links: its errors read as the daemon's
from shim.errors import DockerError, daemon_error
from shim.exposed import expose_ports, publish_all, published_container_ports
from shim.labels import EXPOSE_LABEL, LINKS_LABEL, PUBLISH_ALL_LABEL
from shim.links import DEPRECATED, keep_legacy_env, link_env, parse_link
from shim.plan import CAPTURE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Done, Plan, Result

EXPOSED_PORTS = "{{json .Config.ExposedPorts}}"
DEFAULT_NETWORKS = ("", "bridge", "default")  # nerdctl's default network is docker's "bridge"


class Linked:
    """One linked container as the lookups found it."""

    __slots__ = ("alias", "name", "networks", "env", "ports", "running")

    def __init__(self, alias: str, found: dict, image_ports: list[str]) -> None:
        config = found.get("Config") or {}
        labels = config.get("Labels") or {}
        settings = found.get("NetworkSettings") or {}
        self.alias = alias
        self.name = found.get("Name", "")
        names = json_or_empty(labels.get("nerdctl/networks", "").encode(), list)
        # nerdctl lists the container's networks in its label, its addresses per interface in the same order
        addresses = [n.get("IPAddress", "") for n in (settings.get("Networks") or {}).values()]
        self.networks = dict(zip(names, addresses, strict=False))
        self.env = list(config.get("Env") or [])
        own = [p for p in (labels.get(EXPOSE_LABEL) or "").split(",") if p]
        self.ports = list(dict.fromkeys([*image_ports, *own, *(settings.get("Ports") or {})]))
        self.running = (found.get("State") or {}).get("Status") == "running"


class Found:
    """Everything the lookups found, for link_flags and publish_flags."""

    __slots__ = ("image_ports", "links")

    def __init__(self) -> None:
        self.image_ports: list[str] = []
        self.links: list[Linked] = []


def network_of(parsed: Parsed) -> str:
    """The first network the container joins, as given ("" for the default)."""
    given = parsed.get("network") or parsed.get("net") or []
    return str(given[0]).partition(",")[0].removeprefix("name=") if given else ""  # type: ignore[index]


def check_link_network(parsed: Parsed) -> None:
    """Docker Engine refuses links with a network shared with the host or another container."""
    network = network_of(parsed)
    kind = "host type networking" if network == "host" else (
        "container type network" if network.startswith("container:") else "")
    if kind and parsed.get("link"):
        raise daemon_error(f"{DAEMON}conflicting options: {kind} can't be used with links. This would result in "
                           "undefined behavior", parsed.path, run_like=True)


def gather(parsed: Parsed, ctx: Context, image: str, finish: Callable[[Found], Plan | Done]) -> Plan | Done:
    """The lookups as a chain of plans: the image's ports for -P, then each linked container and its
    image's ports; `finish` gets what they found."""
    found = Found()
    links = [parse_link(str(v)) for v in parsed.get("link") or []]  # type: ignore[union-attr]

    def probe(argv: list[str], then: Callable[[Result], Plan | Done]) -> Plan:
        return plan(parsed, ctx, argv, mode=CAPTURE, always_then=True, then=then)

    def image_ports(ref: str, then: Callable[[list[str]], Plan | Done]) -> Plan:
        argv = [*base(ctx), "image", "inspect", "--format", EXPOSED_PORTS, ref]
        return probe(argv, lambda r: then(list(json_or_empty(r.stdout, dict)) if r.code == 0 else []))

    def link(i: int) -> Plan | Done:
        if i == len(links):
            return finish(found)
        name, alias = links[i]

        def container_found(result: Result) -> Plan | Done:
            entries = json_or_empty(result.stdout, list) if result.code == 0 else []
            if not entries:
                if result.errors and not all("no such" in line.lower() for line in result.errors):
                    return errors.restate(result, verb="run", path=parsed.path)
                raise daemon_error(f"{DAEMON}could not get container for {name}: No such container: {name}",
                                   parsed.path, run_like=True)
            child = entries[0]
            ref = (child.get("Config") or {}).get("Image") or child.get("Image", "")

            def with_ports(ports: list[str]) -> Plan | Done:
                found.links.append(Linked(alias, child, ports))
                return link(i + 1)

            return image_ports(ref, with_ports)

        return probe([*base(ctx), "container", "inspect", name], container_found)

    if parsed.get("publish-all") is True:
        return image_ports(image, lambda ports: (setattr(found, "image_ports", ports), link(0))[1])
    return link(0)


def publish_flags(parsed: Parsed, found: Found) -> list[str]:
    """-P: every exposed port no -p binds, on a random host port; the label keeps which, for inspect."""
    if parsed.get("publish-all") is not True:
        return []
    exposed = expose_ports(list(parsed.get("expose") or []), parsed.path)  # type: ignore[arg-type]
    published = published_container_ports(list(parsed.get("publish") or []))  # type: ignore[arg-type]
    ports = publish_all(found.image_ports, exposed, published)
    return [*(f"--publish={p}" for p in ports), f"--label={PUBLISH_ALL_LABEL}={','.join(ports)}"]


def link_warning(parsed: Parsed) -> str:
    """Engine 29's warning (stderr, when the container is created) for links on the default bridge network."""
    return DEPRECATED + "\n" if parsed.get("link") and network_of(parsed) in DEFAULT_NETWORKS else ""


def link_flags(parsed: Parsed, found: Found, parent: str) -> list[str]:
    """--link: a hosts entry for each alias on the network both share; on the default bridge network the
    linked container must be running and attached, and docker's legacy variables are set when asked for
    (shim/links.py)."""
    import os

    network = network_of(parsed)
    legacy = network in DEFAULT_NETWORKS
    with_env = legacy and keep_legacy_env(dict(os.environ))
    flags: list[str] = []
    for child in found.links:
        address = child.networks.get("bridge" if legacy else network, "")
        # Engine 29 creates the container (and warns), then refuses to start it
        if legacy and not child.running:
            raise _after_warning(f"{DAEMON}Cannot link to a non running container: /{child.name} AS "
                                 f"/{parent}/{child.alias}", parsed)
        if legacy and not address:
            raise _after_warning(f"{DAEMON}Cannot link to /{child.name}, as it does not belong to the default "
                                 "network", parsed)
        if not address:  # a user-defined network the linked container is not on: the alias names nothing
            continue
        # nerdctl's hosts file already names the containers of the network by name and hostname
        flags.append(f"--add-host={child.alias}:{address}")
        if with_env:
            flags.extend(f"--env={e}" for e in link_env(child.alias, f"/{parent}/{child.alias}", address,
                                                        child.env, child.ports))
    given = ",".join(f"/{c.name}:/{parent}/{c.alias}" for c in found.links)
    return [*flags, f"--label={LINKS_LABEL}={given}"] if given else flags


def _after_warning(message: str, parsed: Parsed) -> DockerError:
    error = daemon_error(message, parsed.path, run_like=True)
    return DockerError(link_warning(parsed) + str(error.message), error.code)
