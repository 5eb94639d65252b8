"""The declarative description of docker's commands: the one source for parser, help, completion and docs.

Each verb lives in its own module (``shim/spec/run.py`` …) holding a ``COMMAND`` value; this module holds the
two record types and the table of command paths. It is on pydock's hot path, so it imports nothing and verb
modules are loaded only when that verb is used.
"""

from __future__ import annotations

# pflag value kinds that take no argument / that may be repeated (values accumulate in a list).
BOOL_KINDS = frozenset({"bool"})
LIST_KINDS = frozenset({"list", "map", "filter", "strings", "mount", "network", "ulimit",
                        "gpu-request", "stringArray", "weight-device", "throttledevice"})


class Flag:
    """One docker flag, as docker parses it. How each backend handles it is the backend's own business
    (shim/backends/<name>/support.py); the spec describes docker (and pydock's own options, ``own``) only.

    ``kind`` is the value type docker's help shows (``bool``, ``string``, ``int``, ``list``, ``bytes``…);
    ``hint`` tells completion what values fit (``file``, ``signal``, ``network``…).
    """

    __slots__ = ("long", "short", "kind", "default", "help", "hint", "own", "hidden", "deprecated", "needs", "secret")

    def __init__(self, long: str, short: str = "", kind: str = "bool", default: str = "",
                 help: str = "", *, hint: str = "", own: bool = False,
                 hidden: bool = False, deprecated: str = "", needs: str = "", secret: bool = False) -> None:
        self.long = long  # without the leading dashes
        self.short = short  # one character, or ""
        self.kind = kind
        self.default = default  # as docker's help prints it, "" when it prints none
        self.help = help
        self.hint = hint
        self.own = own  # one of pydock's own options (--backend, --namespace…), not docker's
        self.hidden = hidden
        self.deprecated = deprecated  # docker's deprecation message, printed when the flag is used
        # docker's annotation of a flag only some daemons have: "windows" (ostype), "experimental", "swarm"
        # (a swarm manager's). docker hides it from help for a daemon without it, which pydock never is, and
        # refuses the first two in its client (shim/errors.py: needs_daemon).
        self.needs = needs
        self.secret = secret  # a password: never shown by pydock (shim/redact.py), never on a backend's argv

    @property
    def takes_value(self) -> bool:
        return self.kind not in BOOL_KINDS

    @property
    def repeatable(self) -> bool:
        return self.kind in LIST_KINDS

    @property
    def display(self) -> str:
        """The flag as docker names it in errors: ``-t, --timeout`` or ``--rm``."""
        return f"-{self.short}, --{self.long}" if self.short else f"--{self.long}"

    def __repr__(self) -> str:
        return f"Flag({self.display})"


class Command:
    """One docker command: its usage line, argument rule and flags.

    ``args`` is docker's positional-argument rule (docker/cli's cli/required.go): ``("none",)``,
    ``("exact", n)``, ``("min", n)``, ``("max", n)``, ``("range", lo, hi)``, ``("any",)``, or cobra's own
    ``("cobra-exact", n)``. ``long`` is the description help prints where docker's is longer than the summary. ``interspersed`` is False where docker stops parsing flags at the first positional
    (run, exec: everything after IMAGE / CONTAINER belongs to the container).
    """

    __slots__ = ("name", "usage", "summary", "aliases", "args", "interspersed", "flags", "long", "_by_long",
                 "_by_short")

    def __init__(self, name: str, usage: str, summary: str, aliases: tuple[str, ...],
                 args: tuple, flags: tuple[Flag, ...], *, interspersed: bool = True, long: str = "") -> None:
        self.name = name  # the verb: "run", "ps", …
        self.usage = usage  # docker's usage after the command path: "[OPTIONS] IMAGE [COMMAND] [ARG...]"
        self.summary = summary
        self.aliases = aliases  # every command path docker accepts, e.g. ("container ls", "ps")
        self.args = args
        self.interspersed = interspersed
        self.flags = flags
        self.long = long
        self._by_long = {f.long: f for f in flags}
        self._by_short = {f.short: f for f in flags if f.short}

    def long_flag(self, name: str) -> Flag | None:
        return self._by_long.get(name)

    def short_flag(self, char: str) -> Flag | None:
        return self._by_short.get(char)

    def __repr__(self) -> str:
        return f"Command({self.name})"


# Every command path docker accepts for the 13 verbs and the commands pydock emulates → (spec module, canonical path). The canonical path
# is what docker prints in "Usage:" and "See 'docker … --help'": `docker container list -x` reports
# `docker container ls`, while `docker ps` and `docker container ls` are separate cobra commands.
PATHS: dict[str, tuple[str, str]] = {
    "pull": ("pull", "pull"), "image pull": ("pull", "image pull"),
    "images": ("images", "images"), "image ls": ("images", "image ls"),
    "image list": ("images", "image ls"),
    "tag": ("tag", "tag"), "image tag": ("tag", "image tag"),
    "push": ("push", "push"), "image push": ("push", "image push"),
    "save": ("save", "save"), "image save": ("save", "image save"),
    "load": ("load", "load"), "image load": ("load", "image load"),
    "rmi": ("rmi", "rmi"), "image rm": ("rmi", "image rm"), "image remove": ("rmi", "image rm"),
    "run": ("run", "run"), "container run": ("run", "container run"),
    "ps": ("ps", "ps"), "container ls": ("ps", "container ls"),
    "container list": ("ps", "container ls"), "container ps": ("ps", "container ls"),
    "stop": ("stop", "stop"), "container stop": ("stop", "container stop"),
    "rm": ("rm", "rm"), "container rm": ("rm", "container rm"),
    "container remove": ("rm", "container rm"),
    "exec": ("exec", "exec"), "container exec": ("exec", "container exec"),
    "logs": ("logs", "logs"), "container logs": ("logs", "container logs"),
    # Emulated beyond the 13: docker-shaped JSON and layouts that clients read (issue #5).
    "inspect": ("inspect", "inspect"), "container inspect": ("container_inspect", "container inspect"),
    "image inspect": ("image_inspect", "image inspect"),
    "history": ("history", "history"), "image history": ("history", "image history"),
    "build": ("build", "build"), "image build": ("build", "image build"),
    "builder build": ("build", "builder build"),
    "version": ("version", "version"), "info": ("info", "info"), "system info": ("info", "system info"),
}

VERBS = ("pull", "images", "tag", "push", "save", "load", "rmi", "run", "ps", "stop", "rm", "exec",
         "logs")
# docker's buildx plugin, not docker 28.2.2's own command tree (so no help or completion lists it); scripts
# written for buildx call it. `buildx build` is `build`; the others are spec/buildx.py's COMMANDS.
PLUGIN_PATHS: dict[str, tuple[str, str]] = {"buildx build": ("build", "buildx build"),
                                            "buildx ls": ("buildx", "buildx ls"),
                                            "buildx inspect": ("buildx", "buildx inspect"),
                                            "buildx prune": ("buildx", "buildx prune"),
                                            "buildx version": ("buildx", "buildx version")}
GROUPS = ("container", "image")  # management groups with verbs of their own here; others: spec/others.py


def get(module: str, path: str = "") -> Command:
    """The Command of one verb module, imported on first use; of a module of several (buildx), the one of
    `path`. (Not named `load`: importing the `load` verb module would shadow it on this package.)"""
    mod = __import__(f"shim.spec.{module}", fromlist=["COMMAND"])
    return mod.COMMAND if hasattr(mod, "COMMAND") else mod.COMMANDS[path]
