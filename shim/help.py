"""Help text in docker's layout, generated from the spec (cold path: only `--help` loads it)."""

from __future__ import annotations

import os

from shim import spec

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from shim.spec import Command, Flag


def terminal_width() -> int:
    # docker wraps its help to the terminal, and to 80 columns when output is not a terminal.
    try:
        return max(os.get_terminal_size(1).columns, 40) if os.isatty(1) else 80
    except OSError:
        return 80


def _flag_left(flag: Flag) -> str:
    short = f"-{flag.short}, " if flag.short else "    "
    kind = "" if flag.kind == "bool" else f" {flag.kind}"
    return f"  {short}--{flag.long}{kind}"


def _flag_help(flag: Flag) -> str:
    text = flag.help
    if flag.default and flag.kind != "bool":
        text += f' (default "{flag.default}")' if flag.kind == "string" else f" (default {flag.default})"
    elif flag.default == "true":
        text += " (default true)"
    return text


def _wrap_n(width: int, slop: int, text: str) -> tuple[str, str]:
    """pflag's wrapN: cut at the last blank before width, unless the rest fits within the slop."""
    if width + slop > len(text):
        return text, ""
    cut = max(text.rfind(" ", 0, width), text.rfind("\t", 0, width), text.rfind("\n", 0, width))
    if cut <= 0:
        return text, ""
    newline = text.rfind("\n", 0, width)
    if 0 < newline < cut:
        return text[:newline], text[newline + 1:]
    return text[:cut], text[cut + 1:]


def wrap(indent: int, width: int, text: str) -> str:
    """pflag's wrap: the help column of FlagUsagesWrapped, so help reads exactly like docker's."""
    pad = "\n" + " " * indent
    room = width - indent
    prefix = ""
    if room < 24:  # too narrow: pflag moves the text to its own block
        indent, room, prefix = 16, width - 16, "\n" + " " * 16
        pad = "\n" + " " * indent
    if room < 24:
        return text.replace("\n", prefix)
    slop = 5
    room -= slop
    line, text = _wrap_n(room, slop, text)
    out = prefix + line.replace("\n", pad)
    while text:
        line, text = _wrap_n(room, slop, text)
        out += pad + line.replace("\n", pad)
    return out


def options_block(flags: tuple[Flag, ...] | list[Flag], width: int) -> list[str]:
    """cobra's two-column flag list: names, then help wrapped in the second column."""
    shown = [f for f in flags if not f.hidden and not f.needs]  # pydock's daemon: Linux, no swarm, not experimental
    left = [_flag_left(f) for f in shown]
    col = max((len(x) for x in left), default=0) + 3
    # docker hands pflag the terminal width minus one (80 when output is not a terminal).
    return [name.ljust(col) + wrap(col, width - 1, _flag_help(flag)) for name, flag in
            zip(left, shown, strict=True)]


def show_command(command: Command, path: str, out: TextIO) -> int:
    width = terminal_width()
    aliases = ", ".join(f"docker {a}" for a in command.aliases)
    lines = [f"Usage:  docker {path} {command.usage}".rstrip(), "", command.long or command.summary, ""]
    if aliases:
        lines += ["Aliases:", f"  {aliases}", ""]
    flags = list(command.flags)
    if command.name == "run":
        # `run -h` is --hostname, and run defines a long-only --help that cobra lists among the options
        # (create, whose -h is --hostname too, does not).
        from shim.spec import Flag

        flags = sorted([*flags, Flag("help", help="Print usage")], key=lambda f: f.long)
    if any(not f.hidden and not f.needs for f in flags):
        lines += ["Options:", *options_block(flags, width), ""]
    out.write("\n".join(lines))
    return 0


def group_commands(group: str) -> list[tuple[str, str]]:
    """(subcommand, summary) of a management group, from both tables, as docker lists them."""
    from shim.spec import others

    rows = {path.split(" ", 1)[1]: spec.get(module).summary for path, (module, canonical) in spec.PATHS.items()
            if path.startswith(group + " ") and path == canonical}
    # `volume update` (cluster volumes) needs API 1.42; docker hides it from engines at 1.41, as pydock is.
    rows.update((path.split(" ", 1)[1], entry.summary) for path, entry in others.commands().items()
                if path.startswith(group + " ") and path.split(" ", 1)[1] not in rows and path != "volume update")
    return sorted(rows.items())


def show_group(group: str, out: TextIO) -> int:
    from shim.spec import others

    lines = [f"Usage:  docker {group} COMMAND", "", others.GROUPS[group], "", "Commands:"]
    rows = group_commands(group)
    col = max(len(name) for name, _ in rows) + 2
    lines += [f"  {name:<{max(col, 12) - 1}} {summary}".rstrip() for name, summary in rows]
    lines += ["", f"Run 'docker {group} COMMAND --help' for more information on a command.", ""]
    out.write("\n".join(lines))
    return 0


# docker 28's root help sections, in docker's order (cobra annotations in docker/cli's commands.go).
# Every other top-level command pydock accepts goes under "Commands:", sorted, as docker lists them.
COMMON_COMMANDS = ("run", "exec", "ps", "build", "bake", "pull", "push", "images", "login", "logout", "search",
                   "version", "info")
MANAGEMENT_COMMANDS = ("builder", "checkpoint", "container", "context", "image", "manifest", "network", "plugin",
                       "system", "trust", "volume")
SWARM_COMMANDS = ("config", "node", "secret", "service", "stack", "swarm")

# pydock's own commands (shim/own.py and the completion script), for the root help and the docs.
OWN_COMMANDS = (
    ("install", "Install containerd, runc, CNI plugins, nerdctl and BuildKit, or (--docker-shim) a "
                '"docker" (and "docker-compose") that runs pydock'),
    ("uninstall", 'Remove the "docker" and "docker-compose" that "pydock install --docker-shim" wrote'),
    ("doctor", "Check the stack: versions, containerd, backend, namespace, version skew"),
    ("daemon", "Run containerd and buildkitd without systemd (start, stop, status)"),
    ("completion", "Print or install (--install) the completion script for bash, zsh or fish"),
)

_ROOT_DESCRIPTION = "A docker-compatible command line for containerd (pydock)"
_ROOT_TRAILER = ["Run 'docker COMMAND --help' for more information on a command.", "",
                 "For more help on how to use Docker, head to https://docs.docker.com/go/guides/", ""]


# docker's CLI plugins pydock answers (`docker buildx …`, `docker compose …`), as docker lists an installed plugin
# among the management commands (its name starred), and the alias buildx adds to the common commands.
PLUGINS = {"buildx*": "Docker Buildx", "compose*": "Docker Compose", "bake": "Build from a file"}


def root_summary(name: str) -> str:
    """The one-line summary docker's root help shows for a top-level command or management group."""
    from shim.spec import others

    if name in PLUGINS:
        return PLUGINS[name]
    if name in spec.PATHS:
        return spec.get(spec.PATHS[name][0]).summary
    if name in others.GROUPS:
        return others.GROUPS[name]
    # docker's root lists cobra's Short; the table holds the --help text's first line, which for
    # login/logout is the Short with a full stop.
    return others.lookup(name)[1].summary.removesuffix(".")  # type: ignore[index]


def root_sections() -> list[tuple[str, tuple[str, ...]]]:
    """docker's root help sections and the command names in each, in docker's order."""
    from shim.spec import others

    listed = {*COMMON_COMMANDS, *MANAGEMENT_COMMANDS, *SWARM_COMMANDS}  # plugins are in no table of paths
    top = {p for p in (*spec.PATHS, *others.PATHS) if " " not in p} - listed - set(others.GROUPS)
    management = tuple(sorted((*MANAGEMENT_COMMANDS, *(p for p in PLUGINS if p.endswith("*")))))
    return [("Common Commands", COMMON_COMMANDS), ("Management Commands", management),
            ("Swarm Commands", SWARM_COMMANDS), ("Commands", tuple(sorted(top)))]


def _command_rows(rows: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> list[str]:
    # cobra's root template pads names to 11 columns plus a blank.
    return [f"  {name:<11} {summary}" for name, summary in rows]


# The spec's global defaults are docker's help as root sees it; docker prints the user's own folder.
SPEC_CONFIG_DIR = "/root/.docker"


def _docker_config_dir() -> str:
    # docker prints its live config folder as the default of --config and --tls*: $DOCKER_CONFIG or ~/.docker.
    return os.environ.get("DOCKER_CONFIG") or os.path.join(os.path.expanduser("~"), ".docker")


def _global_flags() -> tuple[list[Flag], list[Flag]]:
    """docker's global flags (defaults under the live config folder) and pydock's own, apart."""
    from shim.spec import Flag
    from shim.spec import globals as global_spec

    folder = _docker_config_dir()
    docker, own = [], []
    for flag in global_spec.COMMAND.flags:
        if flag.own:
            own.append(flag)
        elif flag.default.startswith(SPEC_CONFIG_DIR):
            docker.append(Flag(flag.long, flag.short, flag.kind, folder + flag.default[len(SPEC_CONFIG_DIR):],
                               flag.help, hidden=flag.hidden))
        else:
            docker.append(flag)
    return docker, sorted(own, key=lambda f: f.long)  # pflag lists flags sorted, as docker's block shows


def show_root(out: TextIO) -> int:
    """docker's root help, section for section, then pydock's own commands and options."""
    width = terminal_width()
    docker_flags, own_flags = _global_flags()
    lines = ["Usage:  docker [OPTIONS] COMMAND", "", _ROOT_DESCRIPTION, ""]
    for title, names in root_sections():
        lines += [f"{title}:", *_command_rows([(n, root_summary(n)) for n in names]), ""]
    lines += ["Global Options:", *options_block(docker_flags, width), ""]
    lines += ["pydock Commands:", *_command_rows(OWN_COMMANDS), ""]
    lines += ["pydock Options:", *options_block(own_flags, width), "", *_ROOT_TRAILER]
    out.write("\n".join(lines))
    return 0


def buildx_group(rest: list[str], out: TextIO) -> int:
    """`docker buildx` with no command pydock answers: buildx's own help (bare, --help, an unknown command: help
    then the error, as buildx does), or the refusal of a buildx command pydock has no use for."""
    import sys

    from shim.spec import buildx

    if rest and rest[0] in buildx.UNSUPPORTED:
        sys.stderr.write(f"ERROR: 'docker buildx {rest[0]}' is not supported by pydock: {buildx.UNSUPPORTED_WHY}\n")
        return 1
    if rest[:1] == ["-h"]:
        out.write("Flag shorthand -h has been deprecated, use --help\n")
    lines = ["Usage:  docker buildx [OPTIONS] COMMAND", "", buildx.SUMMARY, "", "Options:",
             *options_block(buildx.ROOT_FLAGS, terminal_width()), "", "Commands:",
             *(f"  {name:<12}{summary}" for name, summary in buildx.ROOT_COMMANDS), "",
             "Run 'docker buildx COMMAND --help' for more information on a command.", ""]
    out.write("\n".join(lines))
    if rest and rest[0] not in ("--help", "-h"):
        out.flush()
        sys.stderr.write(f'ERROR: unknown command: "{rest[0]}"\n')
        return 1
    return 0
