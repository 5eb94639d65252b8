"""Which daemon a docker call talks to: the context it names, docker's precedence between --context, -H,
DOCKER_HOST, DOCKER_CONTEXT and config.json's currentContext, and what that context resolves to.

This is the one seam between docker's contexts and pydock's transports: `resolve` returns a plain Endpoint
(docker host URL, containerd namespace, remote containerd socket) and shim/cli.py's make_context turns its host
into a backend address (shim/backends: socket_from_host, which refuses ssh:// until its transport exists).

Hot path: a call naming no context costs one read of config.json (docker reads it too), and json is imported
only when that file names a context.
"""

from __future__ import annotations

import os

from shim.errors import DockerError

DEFAULT = "default"


class Endpoint:
    """What a docker call connects to: a plain value. `host` is docker's host URL ("" = the local default),
    `namespace` and `socket` the context's pydock fields ("" = not set)."""

    __slots__ = ("context", "host", "namespace", "socket")

    def __init__(self, context: str = DEFAULT, host: str = "", namespace: str = "", socket: str = "") -> None:
        self.context = context
        self.host = host
        self.namespace = namespace
        self.socket = socket

    def __repr__(self) -> str:
        return f"Endpoint({self.context!r}, {self.host!r}, {self.namespace!r}, {self.socket!r})"


def config_dir(flag: str = "") -> str:
    """docker's config folder: --config, else DOCKER_CONFIG, else ~/.docker."""
    return flag or os.environ.get("DOCKER_CONFIG") or os.path.join(os.path.expanduser("~"), ".docker")


def current_from_config(folder: str) -> str:
    """config.json's currentContext ("" when unset). Hot path: docker reads config.json on every call, and so does
    pydock, without importing json for the usual file (the key once, a plain name after it)."""
    try:
        with open(os.path.join(folder, "config.json"), "rb") as f:
            data = f.read()
    except OSError:
        return ""
    key = b'"currentContext"'
    at = data.find(key)
    if at < 0:
        return ""
    if data.find(key, at + 1) < 0:
        rest = data[at + len(key):].lstrip()
        if rest[:1] == b":":
            rest = rest[1:].lstrip()
            end = rest.find(b'"', 1)
            value = rest[1:end]
            if rest[:1] == b'"' and end > 0 and b"\\" not in value:
                return value.decode("utf-8", "surrogateescape")
    from shim.context_store import decode

    try:  # anything unusual: the file as docker reads it
        value = decode(data).get("currentContext", "")
    except (ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


def hosts(store: dict[str, object]) -> list[str]:
    found = store.get("host")
    return [str(h) for h in found] if isinstance(found, list) else []


def current_name(store: dict[str, object]) -> str:
    """docker's choice of context: --context, else "default" when -H or DOCKER_HOST is set, else DOCKER_CONTEXT,
    else config.json's currentContext, else "default"."""
    given = str(store.get("context") or "")
    if given and hosts(store):
        raise DockerError("conflicting options: cannot specify both --host and --context")
    if given:
        return given
    if hosts(store) or os.environ.get("DOCKER_HOST"):
        return DEFAULT
    from_env = os.environ.get("DOCKER_CONTEXT", "")
    if from_env:
        return from_env
    return current_from_config(config_dir(str(store.get("config") or ""))) or DEFAULT


def default_host(store: dict[str, object]) -> str:
    """The default context's host: the last -H, else DOCKER_HOST ("" = the local default)."""
    given = hosts(store)
    return given[-1] if given else os.environ.get("DOCKER_HOST", "")


def resolve(store: dict[str, object]) -> Endpoint:
    """The endpoint this call talks to; docker's error when the context it names is not there."""
    name = current_name(store)
    if name == DEFAULT:
        return Endpoint(DEFAULT, default_host(store))
    from shim.context_store import PYDOCK_ENDPOINT, load

    try:
        meta = load(config_dir(str(store.get("config") or "")), name)
    except DockerError as e:
        raise DockerError(f"Failed to initialize: unable to resolve docker endpoint: {e.message}") from None
    endpoints = meta.get("Endpoints") if isinstance(meta.get("Endpoints"), dict) else {}
    docker = endpoints.get("docker") if isinstance(endpoints.get("docker"), dict) else {}
    own = endpoints.get(PYDOCK_ENDPOINT) if isinstance(endpoints.get(PYDOCK_ENDPOINT), dict) else {}
    return Endpoint(name, str(docker.get("Host") or ""), str(own.get("Namespace") or ""), str(own.get("Socket") or ""))
