"""docs/pydock.1: pydock's man page (man(7) macros), generated from the spec tables (cold path).

Read it with `man -l docs/pydock.1`. Commands are listed the way `pydock --help` groups them, each with
what pydock does with it; every flag of every command is in docs/commands.md, which would make a man
page of thousands of lines.
"""

from __future__ import annotations

from shim import docgen_commands as catalogue
from shim import spec
from shim.docgen import flag_handling, support
from shim.help import OWN_COMMANDS, PLUGINS, root_sections
from shim.spec import others

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from shim.spec import Flag

# What pydock reads from its environment (shim/cli.py, shim/backends/__init__.py, shim/install/fallback.py).
ENVIRONMENT = (
    ("PYDOCK_BACKEND", "The backend to drive when --backend is not given. Only nerdctl exists for now."),
    ("PYDOCK_NERDCTL", "The nerdctl executable to run, a name on PATH or a path (default: nerdctl)."),
    ("PYDOCK_DEBUG", "When set and not empty, print each backend command, shell-quoted, to standard error "
                     "before running it, and let an internal error show its traceback (a login password masked as "
                     "--password=****)."),
    ("PYDOCK_CONTAINERD_API", "When 0, ask nerdctl for everything. Otherwise ps, images and inspect read "
                              "containerd's records over its socket, and tag, rmi, stop and run read its "
                              "metadata file (what an image name points to, which containers use it), to save "
                              "nerdctl calls; either asks nerdctl whenever it cannot read."),
    ("PYDOCK_AUTO_INSTALL", "When 1 and nerdctl is missing, install the containerd stack (as pydock install "
                            "does) without asking. Otherwise pydock asks on a terminal, and elsewhere fails with "
                            "exit 1 and the command to run."),
    ("CONTAINERD_NAMESPACE", 'The containerd namespace when --namespace is not given (default "default"; '
                             '"k8s.io" holds the images and containers of Kubernetes).'),
    ("DOCKER_CONFIG", "The docker config folder (default ~/.docker) when --config is not given. Registry "
                      "credentials in its config.json are shared with docker, and so are its psFormat and "
                      "imagesFormat."),
    ("DOCKER_HOST", "When -H is not given: a unix:// socket names the containerd socket. docker's default "
                    "socket (unix:///var/run/docker.sock) means containerd's default; tcp:// and ssh:// are "
                    "refused. It overrides DOCKER_CONTEXT and the current context, as in docker."),
    ("DOCKER_CONTEXT", "The docker context to use when neither --context, -H nor DOCKER_HOST is given (before "
                       "config.json's currentContext); contexts live in docker's own store, shared with docker."),
)

EXIT_STATUS = (
    ("0", "Success."),
    ("1", "docker's client errors: a wrong number of arguments, an unknown command, a command nerdctl lacks, a "
          "failure of a command other than run (No such container, ...), or nerdctl missing."),
    ("125", "A flag docker would reject, a flag pydock's backend cannot express, or docker run itself failed "
            "(name conflict, unknown image, ...)."),
    ("126", "The container command cannot be invoked (docker run and docker exec)."),
    ("127", "The container command cannot be found (docker run and docker exec), or pydock cannot start "
            "its backend."),
    ("130", "pydock was interrupted."),
    ("other", "docker run and docker exec exit with the container command's own exit code; commands passed "
              "to nerdctl exit with nerdctl's."),
)


def esc(text: str) -> str:
    """Text safe for troff: backslashes and minus signs escaped (so options copy as ASCII), other
    characters beyond ASCII as groff's \\[uXXXX] escapes, and no line starting with a control character."""
    out = text.replace("\\", "\\e").replace("-", "\\-")
    out = "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in out)
    return "\n".join("\\&" + ln if ln.startswith((".", "'")) else ln for ln in out.split("\n"))


def _tag(head: str, body: str) -> list[str]:
    return [".TP", head, esc(body)]


def _bold(text: str) -> str:
    return f"\\fB{esc(text)}\\fR"


def _usage(name: str, usage: str) -> str:
    return f"{_bold(name)} {esc(usage)}".rstrip()


def _doing(path: str) -> str:
    """What pydock does with a command path, in a sentence."""
    if path in spec.PATHS:
        return "Emulated by pydock."
    canonical, entry = others.lookup(path)  # type: ignore[misc]
    command = _nerdctl().other_command(canonical)
    if command:
        return f"Runs nerdctl {' '.join(command)}."
    text = catalogue.refusal(canonical, entry)
    return text[0].upper() + text[1:] + "."


def _command_entry(path: str) -> list[str]:
    if path in spec.PATHS:
        command = spec.get(spec.PATHS[path][0])
        usage, summary = command.usage, command.summary
    else:
        _, entry = others.lookup(path)  # type: ignore[misc]
        usage, summary = entry.usage, entry.summary
    return _tag(_usage(path, usage), f"{summary.removesuffix('.')}. {_doing(path)}")


def _group_entries(group: str) -> list[str]:
    from shim.help import group_commands

    lines = _tag(_usage(group, "COMMAND"), f"{others.GROUPS[group]}:")
    lines.append(".RS")  # the group's commands, indented under it
    for name, _ in group_commands(group):
        lines += _command_entry(f"{group} {name}")
    return [*lines, ".RE"]


def _commands() -> list[str]:
    lines = [".SH COMMANDS", esc(
        "The commands of docker CLI 28.2.2, grouped as pydock --help lists them. Each one is emulated by "
        "pydock (parsed with docker's rules; docker's flags, output, errors and exit codes), passed to nerdctl "
        "(unparsed, after the global options are translated), or refused before anything runs. "
        "pydock COMMAND --help prints docker's help for a command; docs/commands.md lists every flag and "
        "its handling.")]
    for title, names in root_sections():
        lines.append(f'.SS "{title}"')
        for name in names:
            if name in PLUGINS:
                lines += _plugin_entry(name)
            else:
                lines += _group_entries(name) if name in others.GROUPS else _command_entry(name)
    return lines


# What pydock does with the commands of docker's plugins (shim/help.py PLUGINS).
_PLUGIN_DOING = {
    "buildx*": "buildx's build, ls, inspect, prune and version, on the buildkitd pydock runs; its builder "
               "management is refused.",
    "compose*": "Docker Compose v5.5.0's command line on nerdctl's compose; docs/commands.md lists every "
                "subcommand and flag.",
    "bake": "Refused: it needs a builder of buildx's own.",
}


def _plugin_entry(name: str) -> list[str]:
    usage = "COMMAND" if name.endswith("*") else "[OPTIONS] [TARGET...]"
    return _tag(_usage(name.rstrip("*"), usage), f"{PLUGINS[name]}. {_PLUGIN_DOING[name]}")


def _flag_head(flag: Flag) -> str:
    names = f"{_bold('-' + flag.short)}, " if flag.short else ""
    names += _bold("--" + flag.long)
    return names + ("" if flag.kind == "bool" else f" \\fI{esc(flag.kind)}\\fR")


def _flag_body(flag: Flag) -> str:
    text = flag.help.removesuffix(".")
    default = catalogue.doc_default(flag)
    if default and flag.kind != "bool":
        text += f' (default "{default}")' if flag.kind == "string" else f" (default {default})"
    note = support("", flag)[1]  # the man page's flags are the global ones
    if flag.own:  # pydock's own: the note only adds what it becomes for nerdctl, if anything
        extra = note.removeprefix("pydock's own option").removeprefix("; ")
        return (f"{text}. {extra[0].upper()}{extra[1:]}." if extra else f"{text}.").replace("`", "")
    return f"{text}. pydock: {flag_handling('', flag)}: {note}.".replace("`", "")


def _global_options() -> list[str]:
    from shim.spec import globals as global_spec

    docker = [f for f in global_spec.COMMAND.flags if not f.own]
    own = sorted((f for f in global_spec.COMMAND.flags if f.own), key=lambda f: f.long)
    lines = [".SH GLOBAL OPTIONS", esc("Given before the command. docker's, as docker --help lists them:")]
    for flag in docker:
        lines += [".TP", _flag_head(flag), esc(_flag_body(flag))]
    lines += ['.SS "pydock\'s own options"', esc("Listed under pydock Options in pydock --help:")]
    for flag in own:
        lines += [".TP", _flag_head(flag), esc(_flag_body(flag))]
    return lines


def _own_commands() -> list[str]:
    lines = [".SH PYDOCK COMMANDS", esc(
        "Not docker's. pydock COMMAND --help lists their options; their usage errors exit 2. "
        "docs/install.md describes the installer.")]
    for name, text in OWN_COMMANDS:
        lines += _tag(_bold(f"pydock {name}"), f"{text}.")
    return lines


def _pairs(title: str, rows: tuple[tuple[str, str], ...]) -> list[str]:
    lines = [f".SH {title}"]
    for name, text in rows:
        lines += _tag(_bold(name), text)
    return lines


def _head() -> list[str]:
    return [
        '.\\" Generated from shim/spec/ by `python -m shim.docgen`; do not edit by hand.',
        '.TH PYDOCK 1 "" "pydock" "User Commands"',
        ".nh",  # no hyphenation: command and flag names must read as typed
        ".SH NAME", "pydock \\- " + esc("a docker-compatible command line for containerd"),
        ".SH SYNOPSIS",
        f"{_bold('pydock')} [\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARG\\fR...]", ".br",
        f"{_bold('docker')} [\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARG\\fR...]", ".br",
        f"{_bold('pydock')} {' | '.join(_bold(name) for name, _ in OWN_COMMANDS)} [\\fIOPTIONS\\fR]",
        ".SH DESCRIPTION",
        esc("pydock accepts what the docker CLI 28.2.2 accepts (the same commands, flags, output, exit codes "
            "and errors) and runs it through nerdctl against containerd, the runtime Kubernetes uses. No "
            "Docker Engine is involved."),
        ".PP",
        esc("Shell aliases (alias docker=pydock) reach interactive shells only; scripts look docker up on "
            "PATH. pydock install --docker-shim writes a docker command that runs pydock."),
        ".PP",
        esc("A flag that nerdctl cannot express is refused before anything runs, in docker's error shape, "
            "with exit 125; no flag is silently dropped."),
    ]


def _tail() -> list[str]:
    return [".SH SEE ALSO", "\\fBdocker\\fR(1), \\fBnerdctl\\fR(1), \\fBcontainerd\\fR(8), \\fBctr\\fR(8)", ".PP",
            esc("docs/commands.md (every command and flag), docs/migration.md, docs/compat.md, docs/install.md "
                "in pydock's source; https://github.com/containerd/nerdctl")]


def man_page(_root: Path | None = None) -> str:
    """The whole of docs/pydock.1."""
    lines = [*_head(), *_commands(), *_global_options(), *_own_commands(),
             *_pairs("ENVIRONMENT", ENVIRONMENT), *_pairs("EXIT STATUS", EXIT_STATUS), *_tail()]
    return "\n".join(lines) + "\n"


def _nerdctl():
    from shim.backends import load

    return load("nerdctl")
