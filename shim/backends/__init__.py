"""Which backend runs a command, the contract every backend keeps, and the settings every translation
needs (the Context).

The choice is explicit and cheap: `--backend` > PYDOCK_BACKEND > auto (nerdctl when on PATH, else ctr when
on PATH, else nerdctl, which `make_context` offers to install). No backend process is started to decide it;
that would cost a process on every docker call: auto looks on PATH, as running the backend does anyway.

The contract. A backend is a package (`shim/backends/<name>/`) registered in BACKENDS; its `__init__`
provides, and nothing outside the package reaches past these:
- `translate(parsed, ctx) -> Plan | Done`: any command of docker's spec (shim/spec, every command path), parsed,
  as a plan to execute;
- `refuse_lacking(path)`: raise docker's error for a command the backend cannot do;
- `restate(result, verb, path) -> Done`: a failed backend command in docker's words;
- `name_lookup(namespace)`: an object whose `names(kind)` lists names for shell completion;
- `support(command, flag) -> (handling, why)`: how it handles one of docker's flags (shim/backends/handling.py's
  words), from its own table: docker's spec describes docker only; help, docs and the parser's refusals ask this;
- `other_command(path) -> tuple`, `lacking_reason(path) -> str`: what one of docker's other commands runs as,
  or why the backend has no such command (for help and docs);
- `translate_compose(project, root, parsed, ctx) -> Plan | Done`: one `docker compose` subcommand
  (shim/compose_cli.py) on the project it names (shim/compose_project.py); `compose_lacking(name) -> str`:
  why it has no such subcommand ("" where it has it); `compose_support(command, flag)`: like `support`, for
  docker compose's flags;
- `describe() -> dict[str, str]`: what `doctor` says about it; `EXECUTABLE`: the program it runs.
Plans and results are plain values (shim/plan.py); docker's output is rendered by the shared modules of
shim/output from the neutral summaries a backend builds, never by a backend's own copy.
"""

from __future__ import annotations

import os

from shim.errors import DockerError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType

# name → package, in auto's order of preference. PYDOCK_BACKEND_MODULES (`name=module,…`) registers more,
# for out-of-tree backends and the tests' stand-in.
BACKENDS = {"nerdctl": "shim.backends.nerdctl", "ctr": "shim.backends.ctr"}
AUTO = "auto"


def registered() -> dict[str, str]:
    extra = os.environ.get("PYDOCK_BACKEND_MODULES", "")
    more = dict(item.split("=", 1) for item in extra.split(",") if "=" in item)
    return {**BACKENDS, **more}


def load(name: str) -> ModuleType:
    """The backend package that keeps the contract above for `name` (imported on first use)."""
    return __import__(registered()[name], fromlist=["translate"])
DEFAULT_NAMESPACE = "default"
# Where docker clients point when they mean "the local daemon": pydock's local daemon is containerd.
_DOCKER_DEFAULT_SOCKETS = ("/var/run/docker.sock", "/run/docker.sock")


class Context:
    """Global settings of one pydock call, resolved from flags and environment."""

    __slots__ = ("backend", "binary", "namespace", "namespace_given", "address", "config", "debug",
                 "dry_run", "stdin_tty", "stdout_tty", "stderr_tty", "scratch", "now", "remote", "api")

    def __init__(self, backend: str = "nerdctl", binary: str = "nerdctl", *,
                 namespace: str = DEFAULT_NAMESPACE, namespace_given: bool = False,
                 address: str = "", config: str = "", debug: bool = False,
                 dry_run: bool = False, stdin_tty: bool = False, stdout_tty: bool = False,
                 stderr_tty: bool = False,
                 scratch: str = "/run/.pydock", now: float = 0.0, remote: tuple[object, bool] | None = None,
                 api: str = "") -> None:
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
        # the ssh transport (shim/ssh_transport.py): (Remote, the remote command reads stdin), None = local
        self.remote = remote
        # where pydock itself reads containerd's API when that is not `address`: over ssh the remote's socket
        # forwarded here (ssh_transport.forward_socket), "" = `address` (or the backend's default)
        self.api = api


def choose_backend(flag_value: str | None) -> str:
    return chosen_backend(flag_value)[0]


def chosen_backend(flag_value: str | None) -> tuple[str, str]:
    """(backend, why it was chosen), for doctor and PYDOCK_DEBUG."""
    if flag_value:
        name, why = flag_value, "--backend"
    elif os.environ.get("PYDOCK_BACKEND", ""):
        name, why = os.environ["PYDOCK_BACKEND"], "PYDOCK_BACKEND"
    else:
        name, why = AUTO, ""
    if name == AUTO:
        return _auto()
    if name not in registered():
        known = ", ".join([*registered(), AUTO])
        raise DockerError(f'pydock: unknown backend "{name}" (known: {known})')
    return name, why


def _auto() -> tuple[str, str]:
    """nerdctl when found; else ctr (a Kubernetes node has containerd and ctr only); else nerdctl, whose
    absence make_context reports with the offer to install it."""
    # Each backend's EXECUTABLE is its name: not importing the package to read it keeps nerdctl's out of a ctr call
    nerdctl = os.environ.get("PYDOCK_NERDCTL", "") or "nerdctl"
    if not missing(nerdctl):
        return "nerdctl", f"auto: {nerdctl} found"
    ctr = os.environ.get("PYDOCK_CTR", "") or "ctr"
    if not missing(ctr):
        return "ctr", f"auto: {nerdctl} not found, {ctr} found"
    return "nerdctl", "auto: neither nerdctl nor ctr found"


def socket_from_host(host: str) -> str:
    """The containerd address a docker -H/DOCKER_HOST value stands for ("" = the default)."""
    if host.startswith("unix://"):
        path = host[len("unix://"):]
        return "" if path in _DOCKER_DEFAULT_SOCKETS else path
    if host.startswith("/"):
        return "" if host in _DOCKER_DEFAULT_SOCKETS else host
    if host.startswith("ssh://"):  # the verbs go over shim/ssh_transport.py; the callers here (doctor) do not yet
        raise DockerError(f"error during connect: {host}: this command does not reach a host over pydock's ssh "
                          "transport yet (issue #16)")
    raise DockerError(f"error during connect: {host}: pydock's backends reach a local containerd socket "
                      "(unix:///path) or a remote one over ssh (ssh://[user@]host[:port]); tcp:// is not "
                      "supported: containerd has no docker API to serve on a TCP port")


def backend_binary(name: str) -> str:
    """The backend's executable to run: PYDOCK_<NAME> (a name or path) overrides its own EXECUTABLE. Returned
    as given, so that --dry-run and PYDOCK_DEBUG show `nerdctl …`; missing() says whether it is there."""
    return os.environ.get(f"PYDOCK_{name.upper()}", "") or getattr(load(name), "EXECUTABLE", name)


_FOUND: dict[str, bool] = {}  # auto and make_context both ask: one PATH walk per name


def missing(binary: str) -> bool:
    if binary not in _FOUND:
        from shim.execute import which

        _FOUND[binary] = bool(which(binary))
    return not _FOUND[binary]
