"""docker's legacy container links (`run --link NAME[:ALIAS]`): the docker-side rules.

On the default bridge network a link gives the new container a hosts entry for the linked one (its alias,
hostname and name), and Engine 29 warns that such links are deprecated. The environment variables Docker
Engine set until Engine 28 (moby's daemon/links): ALIAS_PORT, ALIAS_PORT_80_TCP(_ADDR|_PORT|_PROTO),
ALIAS_PORT_<first>_<PROTO>_START/_END for runs of consecutive ports, ALIAS_NAME=/parent/alias and
ALIAS_ENV_<VAR> for the linked container's environment, Engine 29 sets only when its daemon runs with
DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1 (moby#50719). On a user-defined network a link is only a
name for the linked container. Pure: stdlib only.
"""

from __future__ import annotations

# The daemon's opt-in to the legacy variables; pydock has no daemon, so its own environment carries it.
KEEP_LEGACY_ENV = "DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS"
DEPRECATED = ("WARNING: Links on the default bridge network are deprecated and will be removed in a future "
              "release. Use a custom network instead.")


def keep_legacy_env(environ: dict[str, str]) -> bool:
    """Whether the legacy variables are wanted: the variable parses as a true boolean (Go's ParseBool)."""
    return environ.get(KEEP_LEGACY_ENV, "") in ("1", "t", "T", "TRUE", "true", "True")


def link_problem(value: str) -> str:
    """opts.ValidateLink's complaint about a --link value, or ""."""
    if not value:
        return "empty string specified for links"
    if value.count(":") > 1:
        return f"bad format for links: {value}"
    return ""


def parse_link(value: str) -> tuple[str, str]:
    """opts.ParseLink: `db` → (db, db), `db:alias` → (db, alias); a `/db:/parent/alias` form, as a
    container's HostConfig.Links holds it, gives (db, alias)."""
    name, colon, alias = value.partition(":")
    if not colon:
        return value, value
    if name.startswith("/"):
        return name[1:], alias.rsplit("/", 1)[-1]
    return name, alias


def _sorted_ports(ports: list[str]) -> list[tuple[int, str]]:
    numbered = [(int(p.partition("/")[0]), p.partition("/")[2] or "tcp") for p in ports]
    return sorted(numbered, key=lambda p: (p[0], p[1].lower() != "tcp"))


def _next_contiguous(ports: list[tuple[int, str]], value: int, index: int) -> int:
    if index + 1 == len(ports):
        return index
    for i in range(index + 1, len(ports)):
        if ports[i][0] > value + 1:
            return i - 1
        value += 1
    return len(ports) - 1


def link_env(alias: str, link_name: str, child_ip: str, child_env: list[str], ports: list[str]) -> list[str]:
    """The variables of one legacy link (moby's Link.ToEnv), `link_name` being `/parent/alias`."""
    prefix = alias.rsplit("/", 1)[-1].upper().replace("-", "_")
    sorted_ports = _sorted_ports(ports)
    env = []
    if sorted_ports:
        number, proto = sorted_ports[0]
        env.append(f"{prefix}_PORT={proto}://{child_ip}:{number}")
    i = 0
    while i < len(sorted_ports):
        number, proto = sorted_ports[i]
        j = _next_contiguous(sorted_ports, number, i)
        if j > i + 1:
            key = f"{prefix}_PORT_{number}_{proto.upper()}"
            last, last_proto = sorted_ports[j]
            env += [f"{key}_START={proto}://{child_ip}:{number}", f"{key}_ADDR={child_ip}",
                    f"{key}_PROTO={proto}", f"{key}_PORT_START={number}",
                    f"{prefix}_PORT_{number}_{last_proto.upper()}_END={last_proto}://{child_ip}:{last}",
                    f"{prefix}_PORT_{number}_{last_proto.upper()}_PORT_END={last}"]
            i = j + 1
        else:
            i += 1
    for number, proto in sorted_ports:
        key = f"{prefix}_PORT_{number}_{proto.upper()}"
        env += [f"{key}={proto}://{child_ip}:{number}", f"{key}_ADDR={child_ip}", f"{key}_PORT={number}",
                f"{key}_PROTO={proto}"]
    env.append(f"{prefix}_NAME={link_name}")
    for entry in child_env:
        var, eq, value = entry.partition("=")
        # docker skips what every image sets; HOSTNAME is the runtime's, never in docker's Config.Env
        if eq and var not in ("HOME", "PATH", "HOSTNAME"):
            env.append(f"{prefix}_ENV_{var}={value}")
    return env
