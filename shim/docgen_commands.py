"""docs/commands.md: every command path pydock accepts, generated from the spec tables (cold path).

The catalogue functions here (emulated, passed, lacking) also feed the man page (shim/docgen_man.py), so
both documents list the same commands in the same words.
"""

from __future__ import annotations

from shim import spec
from shim.docgen import flag_handling, support, table_cell
from shim.help import OWN_COMMANDS, SPEC_CONFIG_DIR
from shim.spec import others

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.spec import Command, Flag


def emulated() -> list[tuple[Command, list[str]]]:
    """(Command, every path pydock accepts for it) per spec module, in spec order."""
    paths: dict[str, list[str]] = {}
    for path, (module, _) in spec.PATHS.items():
        paths.setdefault(module, []).append(path)
    return [(spec.get(module), accepted) for module, accepted in paths.items()]


def _others() -> list[tuple[str, Command]]:
    return sorted((path, others.lookup(path)[1]) for path in others.PATHS)  # type: ignore[index]


def passed() -> list[tuple[Command, list[str]]]:
    """docker's other commands the nerdctl backend runs, each with every path docker has for it, by path."""
    from shim.contexts import EMULATED

    paths: dict[str, tuple[Command, list[str]]] = {}
    for path, command in _others():
        if _nerdctl().other_command(path) and path not in EMULATED:
            paths.setdefault(command.name, (command, []))[1].append(path)
    return list(paths.values())


def lacking() -> list[tuple[str, Command]]:
    """docker commands nerdctl has no counterpart for and pydock refuses, sorted by path."""
    from shim.contexts import EMULATED

    return [(p, c) for p, c in _others() if not _nerdctl().other_command(p) and p not in EMULATED]


def answered() -> list[tuple[str, Command]]:
    """docker commands nerdctl lacks that pydock answers itself (the context commands), sorted by path."""
    from shim.contexts import EMULATED

    return [(p, c) for p, c in _others() if p in EMULATED]


def refusal(path: str, entry: Command) -> str:
    """What pydock answers for a command nerdctl lacks (the nerdctl backend's passthrough.py)."""
    from shim.contexts import EMULATED

    why = _nerdctl().lacking_reason(path)
    if path in EMULATED:
        return (f"answered by pydock ({why}) on docker's own context store, shared with docker "
                "(docs/migration.md#contexts): a unix:// context is a containerd socket, an ssh:// one runs nerdctl on "
                "that host over ssh")
    if why == _nerdctl().lacking_reason("swarm init") and not path.startswith("swarm "):
        # Docker Engine's own answer on a node outside a swarm, which a containerd host always is.
        return f"not supported: {why}; pydock answers as Docker Engine does outside a swarm (\"This node is " \
               "not a swarm manager\", exit 1)"
    return f"not supported: {why} (exit 1)"


def usage(path: str, rest: str) -> str:
    """docker's usage line for a command path (some commands take nothing: no trailing blank)."""
    return f"docker {path} {rest}".rstrip()


def other_aliases(path: str, entry: Command) -> list[str]:
    return [a for a in entry.aliases if a != path]


def _flag_name(flag: Flag) -> str:
    name = f"`-{flag.short}, --{flag.long}`" if flag.short else f"`--{flag.long}`"
    if flag.hidden:
        name += " (hidden)"
    if flag.deprecated:
        name += " (deprecated)"
    return name


def doc_default(flag: Flag) -> str:
    # The spec holds docker's help as root sees it; docker's real default is the user's own ~/.docker.
    return flag.default.replace(SPEC_CONFIG_DIR, "~/.docker")


def _flag_row(command: Command | str, flag: Flag) -> str:
    note = support(command, flag)[1]
    how = flag_handling(command, flag) + (f": {note}" if note else "")
    if flag.own:  # pydock's own option: the note says what it becomes, if anything
        head, _, tail = note.partition(";")
        how = f"*{head}*" + (f";{tail}" if tail else "")
    kind = "" if flag.kind == "bool" else flag.kind
    default = f"`{doc_default(flag)}`" if flag.default else ""
    return f"| {_flag_name(flag)} | {kind} | {table_cell(default)} | {table_cell(flag.help)} | {table_cell(how)} |"


def _emulated_section(command: Command, accepted: list[str], canonical: list[str] | None = None) -> list[str]:
    canonical = canonical or list(dict.fromkeys(spec.PATHS[p][1] for p in accepted))
    # docker's `container ls` is a cobra command of its own beside `ps`, with its own usage line.
    usages = ["    " + usage(path, command.usage) for path in canonical]
    lines = [f"### docker {accepted[0]}", "", *usages, "", command.summary.removesuffix(".") + ".", ""]
    if len(accepted) > 1:
        lines += ["Aliases: " + ", ".join(f"`docker {a}`" for a in accepted[1:]), ""]
    if not command.flags:
        return [*lines, "No flags.", ""]
    lines += ["| flag | kind | default | help | nerdctl backend |", "|---|---|---|---|---|"]
    return [*lines, *(_flag_row(command, f) for f in command.flags), ""]


def _other_line(path: str, entry: Command) -> str:
    line = f"`{usage(path, entry.usage)}`"
    aliases = other_aliases(path, entry)
    also = f" Aliases: {', '.join(f'`docker {a}`' for a in aliases)}." if aliases else ""
    summary = entry.summary.removesuffix(".") + "." + also
    command = _nerdctl().other_command(path)
    how = f"runs `nerdctl {' '.join(command)}`" if command else refusal(path, entry)
    return f"| {table_cell(line)} | {table_cell(summary)} | {table_cell(how)} |"


def _buildx() -> list[str]:
    """docker's buildx plugin: the commands pydock answers for its one builder, and the ones it refuses."""
    from shim.spec import buildx

    lines = ["## buildx's commands", "",
             "Not docker CLI 28.2.2's own commands but its buildx plugin's (v0.38.2), which a current docker has "
             "and scripts call: `docker buildx build` is `docker build` above; these answer for pydock's one "
             "builder, the buildkitd of its namespace, shown as docker's `default` builder "
             "(`shim/backends/nerdctl/builder.py`). With the plugin installed, docker hands `docker builder prune` "
             "to `buildx prune`; pydock answers it the same way.", ""]
    for path, command in sorted(buildx.COMMANDS.items()):
        lines += _emulated_section(command, [path], [path])
    unsupported = ", ".join(f"`{name}`" for name in buildx.UNSUPPORTED)
    return [*lines, f"buildx's other commands ({unsupported}) are refused (exit 1): {buildx.UNSUPPORTED_WHY}.", ""]


def _groups() -> list[str]:
    from shim.help import group_commands

    lines = ["## Management groups", "",
             "`docker GROUP` alone (or with `--help`) prints the group's commands, as docker does.", "",
             "| group | summary | commands |", "|---|---|---|"]
    for group, summary in others.GROUPS.items():
        names = ", ".join(f"`{name}`" for name, _ in group_commands(group))
        lines.append(f"| `docker {group}` | {table_cell(summary)} | {names} |")
    return [*lines, ""]


def _global_options() -> list[str]:
    from shim.spec import globals as global_spec

    lines = ["## Global options", "",
             "Given before the command (`docker -H unix:///run/containerd/containerd.sock ps`). Those marked "
             "*pydock's own option* are not docker's; `pydock --help` lists them apart, under pydock Options.",
             "",
             "| flag | kind | default | help | nerdctl backend |", "|---|---|---|---|---|"]
    return [*lines, *(_flag_row("", f) for f in global_spec.COMMAND.flags), ""]


def _own_commands() -> list[str]:
    lines = ["## pydock's own commands", "",
             "Not docker's: `pydock COMMAND --help` lists their options; [install.md](install.md) describes "
             "the installer.", "", "| command | what it does |", "|---|---|"]
    return [*lines, *(f"| `pydock {name}` | {table_cell(text)} |" for name, text in OWN_COMMANDS), ""]


def commands_md(_root: object = None) -> str:
    """The whole of docs/commands.md."""
    emulated_rows = emulated()
    emulated_paths = sum(len(accepted) for _, accepted in emulated_rows)
    lines = [
        "# pydock's commands",
        "",
        "Generated from `shim/spec/` by `python -m shim.docgen`; do not edit by hand.",
        "",
        "pydock accepts the command paths of docker CLI 28.2.2. "
        f"{len(emulated_rows)} commands ({emulated_paths} paths with their aliases) are **emulated**: pydock parses "
        "them with docker's rules, checks every flag, and translates them for nerdctl, printing docker's output. "
        f"{len(passed())} more **run on nerdctl**: parsed and checked the same way, each flag handled as its "
        "table says, run as the nerdctl command of the same words, nerdctl's errors restated in docker's words "
        f"and its output rewritten where it differs from docker's. "
        f"{len(answered())} context commands are **answered by pydock** (on docker's own context store), "
        f"and {len(lacking())} have **no nerdctl counterpart** and are refused in docker's voice before anything "
        "runs.",
        "",
        "The flag tables say what happens to each flag on the nerdctl backend: *passed* (as `--flag=value`), "
        "*renamed*, *emulated* by pydock, *refused* (docker's flag-error shape, exit 125), or *accepted, no "
        "effect*, as in docker itself. [compat.md](compat.md) counts them and lists the differences found "
        "against Docker Engine.",
        "",
        "## Emulated commands",
        "",
    ]
    for command, accepted in emulated_rows:
        lines += _emulated_section(command, accepted)
    lines += _buildx()
    lines += ["## Commands run on nerdctl", ""]
    for command, canonical in passed():
        runs = " ".join(_nerdctl().other_command(canonical[0]))
        accepted = [*canonical, *(a for a in command.aliases if a not in canonical)]
        own = getattr(_nerdctl(), "TRANSLATE", {}).get(command.name)
        how = (f"Translated by the nerdctl backend itself (`shim/backends/nerdctl/{own[0]}.py`)." if own
               else f"Runs `nerdctl {runs}`.")
        lines += [*_emulated_section(command, accepted, canonical), how, ""]
    lines += ["", "## Commands answered by pydock", "", "| usage | summary | pydock |", "|---|---|---|"]
    lines += [_other_line(p, e) for p, e in answered()]
    lines += ["", "## Commands nerdctl lacks", "", "| usage | summary | pydock |", "|---|---|---|"]
    lines += [_other_line(p, e) for p, e in lacking()]
    lines += ["", *_groups(), *_compose(), *_global_options(), *_own_commands()]
    return "\n".join(lines)


def _compose() -> list[str]:
    """docker compose: the plugin's command line (shim/spec/compose.py) and what nerdctl's compose does with it."""
    from shim.docgen import HANDLING
    from shim.spec import compose

    def rows(command: str, flags: tuple[Flag, ...]) -> list[str]:
        out = ["| flag | kind | default | help | nerdctl backend |", "|---|---|---|---|---|"]
        for flag in flags:
            how, why = _nerdctl().compose_support(command, flag.long)
            if command == "" and flag.long in ("file", "project-name", "project-directory", "env-file", "profile"):
                how, why = "emulate", "names the project (shim/compose_project.py), passed to nerdctl's compose"
            note = HANDLING.get(how, how) + (f": {why}" if why else "")
            kind = "" if flag.kind == "bool" else flag.kind
            default = f"`{flag.default}`" if flag.default else ""
            out.append(f"| {_flag_name(flag)} | {kind} | {table_cell(default)} | {table_cell(flag.help)} | "
                       f"{table_cell(note)} |")
        return [*out, ""]

    lines = ["## docker compose", "",
             f"`docker compose` is docker's compose plugin (the command line of Docker Compose v{compose.VERSION}); "
             "`docker-compose`, which `pydock install --docker-shim` also writes, runs the same. pydock resolves the "
             "project (files, directory, name) as docker compose does and runs nerdctl's compose on it, restating "
             "its progress lines and errors in docker compose's words; `ps`, `version`, the exit codes of `exec` "
             "and `run`, `up --wait`/`--exit-code-from`/`--no-start` and `down --rmi` are pydock's own. Errors "
             "are compose's: the bare message, exit 1.", "",
             "### docker compose (the project's options)", "", "    " + f"docker compose {compose.ROOT.usage}", "",
             *rows("", tuple(f for f in compose.ROOT.flags if not f.hidden))]
    for name, command in sorted({**compose.COMMANDS, **compose.MANAGEMENT}.items()):
        lacking = _nerdctl().compose_lacking(name)
        lines += [f"### docker compose {name}", "", "    " + usage(f"compose {name}", command.usage.split(chr(10))[0]),
                  "", command.summary.strip().removesuffix(".") + ".", ""]
        if lacking:
            lines += [f"Refused before anything runs (exit 1): {lacking}.", ""]
        else:
            lines += rows(name, command.flags)
    return lines


def _nerdctl():
    from shim.backends import load

    return load("nerdctl")
