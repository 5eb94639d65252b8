"""What a completer needs to know, read from the spec tables (never a list of commands of its own).

Sources, iterated so that a command added to the spec shows up in every script on the next
`python -m shim.completion.generate --write`:
- ``spec.PATHS`` + ``spec.get``: the emulated commands with their flags;
- ``spec.others.PATHS`` / ``GROUPS``: docker's other commands, with their flags (shim/spec/groups/);
- ``spec.globals.COMMAND``: the global flags;
- ``spec.compose``: docker compose's subcommands and their flags;
- ``cli.OWN_COMMANDS``: pydock's own commands, whose options come from their typer apps.

Values are described as tuples of tokens: a plain word is offered as is, ``@file``/``@dir`` ask for
paths, and ``@container``, ``@running``, ``@image``, ``@network``, ``@namespace``, ``@volume`` for
names the shell asks `pydock __complete` for at Tab time.
"""

from __future__ import annotations

import re

from shim import spec

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.spec import Flag

# docker's completion offers signal names without "SIG"; a fixed list keeps the scripts identical on
# every machine that generates them.
SIGNALS = ("HUP", "INT", "QUIT", "KILL", "USR1", "USR2", "TERM", "STOP", "CONT", "TSTP", "WINCH")
# What a flag's value is, by its long name, where the spec's `hint` says nothing. These are docker's
# value types (docker's own completion offers the same), not a list of commands.
VALUES_BY_FLAG: dict[str, tuple[str, ...]] = {
    "volume": ("@file",), "env-file": ("@file",), "label-file": ("@file",), "output": ("@file",),
    "input": ("@file",), "cidfile": ("@file",),
    "signal": SIGNALS,
    "network": ("host", "none", "bridge", "@network"), "net": ("host", "none", "bridge", "@network"),
    "restart": ("no", "always", "on-failure", "unless-stopped"),
    "format": ("table", "json"),
}
# The spec's `hint` values → tokens.
VALUES_BY_HINT: dict[str, tuple[str, ...]] = {
    "file": ("@file",), "dir": ("@dir",), "signal": SIGNALS, "network": ("@network",),
    "namespace": ("@namespace",), "container": ("@container",), "image": ("@image",), "context": ("@context",),
}
# Commands that act on running containers only (docker's completion offers only those there).
RUNNING_VERBS = frozenset({"exec", "stop", "kill", "pause", "attach", "top", "port", "stats"})
# Positional words of docker's usage lines → what names fit there.
_ARG_WORDS = (("NAME|ID", "@container,@image"), ("CONTAINER", "@container"), ("IMAGE", "@image"),
              ("NAME[:TAG", "@image"), ("NETWORK", "@network"), ("VOLUME", "@volume"), ("file", "@file"),
              ("PATH", "@file"), ("CONTEXT", "@context"))
_QUOTED_CHOICES = re.compile(r'\(("[\w-]+"(?:, "[\w-]+")+)\)')


class Option:
    """One flag as a completer sees it: its spellings, the values it takes (None: none) and its help."""

    __slots__ = ("names", "values", "help")

    def __init__(self, names: tuple[str, ...], values: tuple[str, ...] | None, help: str) -> None:
        self.names, self.values, self.help = names, values, help

    @property
    def takes_value(self) -> bool:
        return self.values is not None


class Spot:
    """One command path (`run`, `container run`, `network create`): its flags and positional words.

    ``ident`` is shared by the paths that are one command (`ps`, `container ls`); ``args`` holds a
    comma-joined token list per position, the last one repeated when ``repeat``; ``stop`` marks
    commands whose flags end at the first positional (run, exec: the rest is the container's).
    """

    __slots__ = ("ident", "summary", "options", "args", "repeat", "stop")

    def __init__(self, ident: str, summary: str, options: tuple[Option, ...], args: tuple[str, ...],
                 repeat: bool, stop: bool) -> None:
        self.ident, self.summary, self.options = ident, summary, options
        self.args, self.repeat, self.stop = args, repeat, stop


class Model:
    """Everything the renderers need: top-level words, groups, command paths and global flags."""

    def __init__(self) -> None:
        self.top: dict[str, str] = {}  # word after `pydock` → summary
        self.groups: dict[str, dict[str, str]] = {}  # group → {subcommand → summary}
        self.spots: dict[str, Spot] = {}  # command path → Spot
        self.globals: tuple[Option, ...] = ()


def flag_values(flag: Flag) -> tuple[str, ...] | None:
    """The value tokens of a docker flag: None for a bool flag, () for a value nothing suggests."""
    if not flag.takes_value:
        return None
    if flag.hint == "backend":
        from shim.backends import BACKENDS

        return tuple(BACKENDS)
    if flag.hint:
        return VALUES_BY_HINT.get(flag.hint, ())
    if flag.long in VALUES_BY_FLAG:
        return VALUES_BY_FLAG[flag.long]
    found = _QUOTED_CHOICES.search(flag.help)  # e.g. --log-level: '("debug", "info", …)'
    return tuple(w.strip('"') for w in found.group(1).split(", ")) if found else ()


def docker_option(flag: Flag) -> Option:
    names = (f"--{flag.long}", f"-{flag.short}") if flag.short else (f"--{flag.long}",)
    return Option(names, flag_values(flag), flag.help.split("\n", 1)[0])


def usage_args(usage: str, verb: str) -> tuple[tuple[str, ...], bool]:
    """Positional tokens from docker's usage line: `CONTAINER [CONTAINER...]` → (("@container",), True)."""
    args: list[str] = []
    repeat = False
    for word in usage.split():
        if word in ("[OPTIONS]", "|"):
            continue
        kind = next((kinds for key, kinds in _ARG_WORDS if key in word), "")
        if kind == "@container" and verb in RUNNING_VERBS:
            kind = "@running"
        if word.endswith("...]"):  # `CONTAINER [CONTAINER...]`, `[ARG...]`: the last position repeats
            if not args or args[-1] != kind:
                args.append(kind)
            repeat = True
            break
        args.append(kind)
    while args and not args[-1]:
        args.pop()
        repeat = False
    return tuple(args), repeat


def build() -> Model:
    """Read every table into a Model."""
    from shim.spec import globals as global_spec
    from shim.spec import others

    model = Model()
    model.globals = tuple(docker_option(f) for f in global_spec.COMMAND.flags if not f.hidden)
    _add_emulated(model)
    _add_others(model, others)
    _add_compose(model)
    _add_own(model)
    return model


def _place(model: Model, path: str, summary: str) -> None:
    """Enter a command path's words in the top level or its group."""
    words = path.split(" ")
    if len(words) == 1:
        model.top.setdefault(words[0], summary)
    else:
        model.groups.setdefault(words[0], {}).setdefault(words[1], summary)


def _add_emulated(model: Model) -> None:
    for path, (module, canonical) in spec.PATHS.items():
        command = spec.get(module)
        args, repeat = usage_args(command.usage, canonical.split(" ")[-1])
        options = tuple(docker_option(f) for f in command.flags if not f.hidden)
        model.spots[path] = Spot(module, command.summary, options, args, repeat, not command.interspersed)
        _place(model, path, command.summary)


def _add_others(model: Model, others: object) -> None:
    for group, summary in others.GROUPS.items():  # type: ignore[attr-defined]
        model.top.setdefault(group, summary)
        model.groups.setdefault(group, {})
    for canonical in sorted(others.PATHS):  # type: ignore[attr-defined]
        command = others.lookup(canonical)[1]  # type: ignore[attr-defined]
        args, repeat = usage_args(command.usage, canonical.split(" ")[-1])
        options = tuple(docker_option(f) for f in command.flags if not f.hidden)
        # An alias may name a path of its own (`image build` for `build`); never shadow an emulated command.
        for path in (canonical, *command.aliases):
            if path not in model.spots:
                # create's flags stop at the image, as run's do: the rest is the container's command
                model.spots[path] = Spot(canonical, command.summary, options, args, repeat, not command.interspersed)
                _place(model, path, command.summary)
    for group in spec.GROUPS:
        model.top.setdefault(group, f"Manage {group}s")


def _add_compose(model: Model) -> None:
    """docker compose's subcommands and their flags (shim/spec/compose.py)."""
    from shim.spec import compose

    model.top["compose"] = "Docker Compose"
    model.groups["compose"] = {}
    for _, command in sorted(compose.COMMANDS.items()):
        options = tuple(docker_option(f) for f in command.flags if not f.hidden)
        model.spots[command.name] = Spot(command.name, command.summary.strip(), options, (), False,
                                         not command.interspersed)
        _place(model, command.name, command.summary.strip())


def _add_own(model: Model) -> None:
    """pydock's own commands: their typer apps say which subcommands and options they have."""
    import typer.main  # noqa: TID251 - the generator is a cold path; scripts never run it

    from shim.cli import OWN_COMMANDS

    for word, module_name in OWN_COMMANDS.items():
        if word.startswith("_"):  # hidden helpers such as `__complete`
            continue
        module = __import__(module_name, fromlist=["app"])
        command = typer.main.get_command(module.app)
        sub = getattr(command, "commands", {}).get(word, command)
        summary = (sub.help or "").split("\n", 1)[0]
        model.top[word] = summary
        children = getattr(sub, "commands", None)
        if children:
            model.groups[word] = {}
            for name, child in children.items():
                model.groups[word][name] = (child.help or "").split("\n", 1)[0]
                model.spots[f"{word} {name}"] = _own_spot(f"{word} {name}", child)
        else:
            model.spots[word] = _own_spot(word, sub)


def _own_spot(path: str, command: object) -> Spot:
    options: list[Option] = []
    args: list[str] = []
    for param in command.params:  # type: ignore[attr-defined]
        choices = _choices(param)
        if param.param_type_name == "argument":
            args.append(",".join(str(c) for c in choices))
            continue
        names = tuple(sorted((*param.opts, *param.secondary_opts), key=lambda n: (not n.startswith("--"), n)))
        values = None if getattr(param, "is_flag", False) else (choices or _own_values(param.name))
        options.append(Option(names, values, (param.help or "").split("\n", 1)[0]))
    return Spot(path.replace(" ", "_"), (command.help or "").split("\n", 1)[0], tuple(options),  # type: ignore[attr-defined]
                tuple(args), False, False)


def _choices(param: object) -> tuple[str, ...]:
    """The fixed values of a typer parameter: an Enum annotation (typer 0.2x) or a click Choice."""
    import enum

    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return tuple(str(member.value) for member in annotation)
    return tuple(str(c) for c in getattr(getattr(param, "type", None), "choices", ()) or ())


def _own_values(name: str) -> tuple[str, ...]:
    # pydock's own options name paths by their option names (--prefix, --log, --pidfile, --dir, …).
    if name in ("dir", "directory", "prefix", "cni_dir", "cache", "root", "state", "source"):
        return ("@dir",)
    if name in ("manifest", "config", "pidfile", "log", "containerd", "address"):
        return ("@file",)
    if name == "namespace":
        return ("@namespace",)
    return ()


def commands(model: Model) -> list[tuple[Spot, list[str]]]:
    """Each command once, with every path that reaches it (`ps`, `container ls`, …), in a stable order."""
    paths: dict[str, list[str]] = {}
    first: dict[str, Spot] = {}
    for path, found in model.spots.items():
        paths.setdefault(found.ident, []).append(path)
        first.setdefault(found.ident, found)
    return [(first[ident], sorted(paths[ident])) for ident in sorted(paths)]


def value_table(model: Model) -> list[tuple[tuple[str, ...], list[str]]]:
    """Flags grouped by the values they take: [(value tokens, ["IDENT FLAG", …])]; ident `_` = global."""
    table: dict[tuple[str, ...], list[str]] = {}
    owners = [("_", model.globals), *((found.ident, found.options) for found, _ in commands(model))]
    for ident, options in owners:
        for option in options:
            if option.values:
                table.setdefault(option.values, []).extend(f"{ident} {name}" for name in option.names)
    return sorted(table.items())


def spellings(options: tuple[Option, ...]) -> list[tuple[str, str]]:
    """(spelling, help) for every name of every option (`-a` and `--all` each)."""
    return [(name, o.help) for o in options for name in o.names]


def valued_pattern(options: tuple[Option, ...]) -> str:
    """The spellings of the options that take a value, as `|-a|--all|` for a pattern test ("" if none)."""
    valued = "|".join(name for o in options if o.takes_value for name in o.names)
    return f"|{valued}|" if valued else ""


# The three lookup functions the bash and zsh scripts share (the same shell code in both): a group's
# subcommands, a command path's flags and positionals, a flag's values. `{reply}` is the array the
# group's subcommands go to (bash: REPLY, zsh: reply).
LOOKUPS = """# The subcommands of a management group ({reply}), or failure for a word that is no group.
__pydock_group() {{
    case $1 in
@GROUPS@
        *) return 1 ;;
    esac
}}

# One command path: its flags, the valued ones, its positional value kinds (comma-joined tokens per
# position), whether the last position repeats, and whether flags stop at the first positional.
__pydock_spot() {{
    case $1 in
@SPOTS@
        *) return 1 ;;
    esac
}}

# The value tokens (REPLY) of flag $2 of command $1 (`_` = the global flags).
__pydock_values() {{
    case "$1 $2" in
@VALUES@
        *) REPLY= ;;
    esac
}}"""

