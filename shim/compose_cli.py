"""`docker compose …`: docker's compose plugin command line (shim/spec/compose.py), parsed and checked in the
plugin's own voice (its errors are the bare message and exit 1, without docker's "See --help" lines), then
handed to the backend with the project it names (shim/compose_project.py).

Loaded only for `compose`; `docker-compose` (the v1 name the docker shim also writes) lands here too.
"""

from __future__ import annotations

import os
import sys

from shim.compose_project import EXIT_COMPOSE
from shim.errors import DockerError
from shim.parse import FlagSyntaxError, Parsed, parse_flags

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.spec import Command

# Set by the `docker-compose` pydock's docker shim writes: compose as the standalone program, where
# `--version` prints the version (the plugin prints its help).
STANDALONE = "PYDOCK_COMPOSE_STANDALONE"
# Commands answered without a project: they read no compose file.
_PROJECTLESS = ("version", "ls")


def main(argv: list[str], store: dict[str, object], wants_help: bool = False) -> int:
    """Run `docker compose ARGV` (docker's global flags already parsed into store)."""
    from shim.spec import compose as spec

    values: dict[str, object] = {}
    warnings: list[str] = []
    try:
        rest, root_help = parse_flags(argv, spec.ROOT, values, warnings)
    except FlagSyntaxError as e:
        raise DockerError(str(e), EXIT_COMPOSE) from None
    for w in warnings:
        print(w)
    if values.get("version") is True and os.environ.get(STANDALONE) and not root_help:
        print(f"Docker Compose version v{spec.VERSION}")
        return 0
    if not rest or root_help or wants_help or values.get("version") is True:
        show_root(sys.stdout)
        return 0
    name = rest[0]
    command = spec.COMMANDS.get(name) or spec.MANAGEMENT.get(name)
    if command is None:
        show_root(sys.stdout)
        raise DockerError(f'unknown docker command: "compose {name}"', EXIT_COMPOSE)
    parsed = parse_subcommand(rest[1:], command)
    if parsed.help:
        from shim import help

        return help.show_command(command, command.name, sys.stdout)
    from shim import execute
    from shim.backends import load
    from shim.cli import make_context

    if name == "version":
        return execute.run(_version(parsed, spec.VERSION))
    # the call's backend (over ssh, nerdctl on the remote: `compose NAME` admitted by ssh_transport.admit)
    ctx = make_context(store, parsed=parsed)
    backend = load(ctx.backend)
    lacking = backend.compose_lacking(name)
    if lacking:
        raise DockerError(f"'docker compose {name}' is not supported by pydock's {backend.EXECUTABLE} backend: "
                          f"{lacking}", EXIT_COMPOSE)
    if name == "port" and not parsed.args[1].isdigit():  # the plugin reads the port before the project
        raise DockerError(f'strconv.ParseUint: parsing "{parsed.args[1]}": invalid syntax', EXIT_COMPOSE)
    ctx.dry_run = ctx.dry_run or values.get("dry-run") is True or parsed.get("dry-run") is True
    project = None
    if name not in _PROJECTLESS:
        from shim.compose_project import resolve

        # over ssh compose's files are read here, `-f -` too, and sent (the remote nerdctl cannot read this stdin twice)
        project = resolve(values, os.getcwd(), dict(os.environ), read_stdin=ctx.remote is not None)
    plan = backend.translate_compose(project, values, parsed, ctx)
    # compose's children die with pydock (shim/lifeline.py), as a killed compose client's work stops
    return execute.run(plan, dry_run=ctx.dry_run, debug=bool(os.environ.get("PYDOCK_DEBUG")), bound=True,
                       remote=ctx.remote)


def parse_subcommand(argv: list[str], command: Command) -> Parsed:
    """One compose subcommand's flags and arguments, with the plugin's messages for bad ones."""
    parsed = Parsed(command, command.name)
    try:
        parsed.args, parsed.help = parse_flags(argv, command, parsed.values, parsed.warnings)
    except FlagSyntaxError as e:
        error = DockerError(str(e), EXIT_COMPOSE)
        error.notices = parsed.warnings
        raise error from None
    for w in parsed.warnings:
        print(w)
    if not parsed.help:
        problem = args_problem(command, len(parsed.args), parsed.args)
        if problem:
            raise DockerError(problem, EXIT_COMPOSE)
    return parsed


def args_problem(command: Command, n: int, args: list[str]) -> str:
    """The plugin's message when the positional arguments break the command's rule, else ""."""
    kind, *bounds = command.args
    path = f"docker {command.name}"
    if kind == "cobra-min" and n < bounds[0]:
        return f"requires at least {bounds[0]} arg(s), only received {n}"
    if kind == "cobra-max" and n > bounds[0]:
        return f"accepts at most {bounds[0]} arg(s), received {n}"
    if kind == "cobra-range" and not bounds[0] <= n <= bounds[1]:
        return f"accepts between {bounds[0]} and {bounds[1]} arg(s), received {n}"
    if kind == "cobra-none" and n:
        return f'unknown command "{args[0]}" for "{path}"'
    if kind in ("exact", "min") and (n != bounds[0] if kind == "exact" else n < bounds[0]):
        # docker's cli/required.go, as the plugin uses it for these few
        wanted = f"{'at least ' if kind == 'min' else ''}{bounds[0]} argument{'s' if bounds[0] != 1 else ''}"
        hint = "Run" if kind == "exact" else "See"
        return (f"docker: '{path}' requires {wanted}\n\nUsage:  {path} {command.usage}\n\n"
                f"{hint} '{path} --help' for more information")
    return ""


def _version(parsed: Parsed, version: str) -> object:
    from shim.plan import Done

    fmt = parsed.text("format", "pretty")
    if parsed.get("short") is True:
        return Done(0, f"{version}\n")
    if fmt == "json":
        return Done(0, f'{{"version":"v{version}"}}\n')
    return Done(0, f"Docker Compose version v{version}\n")


def show_root(out: object) -> None:
    """The plugin's own help: its flags, then its commands in two sections."""
    from shim import help
    from shim.spec import compose as spec

    width = help.terminal_width()
    lines = [f"Usage:  docker compose {spec.ROOT.usage}", "", spec.ROOT.summary, "", "Options:",
             *help.options_block(spec.ROOT.flags, width), "", "Management Commands:"]
    lines += [f"  {name:<23} {command.summary}" for name, command in spec.MANAGEMENT.items()]
    lines += ["", "Commands:"]
    lines += [f"  {name:<23} {command.summary}" for name, command in sorted(spec.COMMANDS.items())]
    lines += ["", "Run 'docker compose COMMAND --help' for more information on a command.", ""]
    out.write("\n".join(lines))  # type: ignore[attr-defined]
