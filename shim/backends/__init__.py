"""Which backend runs a command, and the settings every translation needs (the Context).

The choice is explicit and cheap: `--backend` > PYDOCK_BACKEND > auto (nerdctl when on PATH). No
backend process is started to decide it; that would cost a process on every docker call.
"""

from __future__ import annotations

import os

from shim.errors import DockerError

BACKENDS = ("nerdctl",)  # ctr arrives with its own issue
DEFAULT_NAMESPACE = "default"
# Where docker clients point when they mean "the local daemon": pydock's local daemon is containerd.
_DOCKER_DEFAULT_SOCKETS = ("/var/run/docker.sock", "/run/docker.sock")


class Context:
    """Global settings of one pydock call, resolved from flags and environment."""

    __slots__ = ("backend", "binary", "namespace", "namespace_given", "address", "config", "debug",
                 "dry_run", "stdin_tty", "stdout_tty", "stderr_tty", "scratch", "now")

    def __init__(self, backend: str = "nerdctl", binary: str = "nerdctl", *,
                 namespace: str = DEFAULT_NAMESPACE, namespace_given: bool = False,
                 address: str = "", config: str = "", debug: bool = False,
                 dry_run: bool = False, stdin_tty: bool = False, stdout_tty: bool = False,
                 stderr_tty: bool = False,
                 scratch: str = "/run/.pydock", now: float = 0.0) -> None:
        self.backend = backend
        self.binary = binary  # what to exec: a name on PATH or a path
        self.namespace = namespace
        self.namespace_given = namespace_given  # --namespace was used (env is inherited anyway)
        self.address = address  # containerd socket, "" for the backend's default
        self.config = config  # docker config dir for registry credentials, "" for the default
        self.debug = debug  # docker -D / --log-level=debug: the backend's own debug output
        self.dry_run = dry_run
        self.stdin_tty = stdin_tty  # facts about the terminal, for docker's client-side checks
        self.stdout_tty = stdout_tty
        self.stderr_tty = stderr_tty
        self.scratch = scratch  # path prefix for this call's scratch files (e.g. a cidfile)
        self.now = now  # when pydock started (epoch seconds), for "from now on" options


def choose_backend(flag_value: str | None) -> str:
    name = flag_value or os.environ.get("PYDOCK_BACKEND", "") or "nerdctl"
    if name not in BACKENDS:
        known = ", ".join(BACKENDS)
        if name == "ctr":
            raise DockerError("pydock: the ctr backend is not available yet; use --backend nerdctl")
        raise DockerError(f'pydock: unknown backend "{name}" (known: {known})')
    return name


def socket_from_host(host: str) -> str:
    """The containerd address a docker -H/DOCKER_HOST value stands for ("" = the default)."""
    if host.startswith("unix://"):
        path = host[len("unix://"):]
        return "" if path in _DOCKER_DEFAULT_SOCKETS else path
    if host.startswith("/"):
        return "" if host in _DOCKER_DEFAULT_SOCKETS else host
    raise DockerError(f"error during connect: {host}: pydock's backends only reach a local "
                      "containerd socket (unix:///path); remote daemons (tcp://, ssh://) are not "
                      "supported")


def backend_binary(name: str) -> str:
    """The backend executable to run: PYDOCK_NERDCTL (a name or path) overrides `nerdctl`."""
    override = os.environ.get(f"PYDOCK_{name.upper()}", "")
    from shim.execute import which

    wanted = override or name
    if not which(wanted):
        from shim.install.fallback import offer_install

        offer_install(wanted)  # installs (asked on a terminal, or PYDOCK_AUTO_INSTALL=1) or explains how
    return wanted  # as given, so that --dry-run and PYDOCK_DEBUG show `nerdctl …`
