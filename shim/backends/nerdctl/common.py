"""What every nerdctl translation shares: the command prefix, the spec-driven flag list, and the
supervised plan whose failures are restated in docker's words. Pure: nothing here runs a process."""

from __future__ import annotations

from shim.backends.handling import EMULATE, NOOP, OWN, REFUSE
from shim.backends.nerdctl import errors
from shim.backends.nerdctl.support import handling
from shim.errors import unsupported_flag, unsupported_value
from shim.plan import TERMINAL, TERMINAL_OUTPUT, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Done, Result

NAME = "nerdctl"


def base(ctx: Context) -> list[str]:
    """The nerdctl executable and its global flags."""
    argv = [ctx.binary]
    if ctx.namespace_given:
        argv.append(f"--namespace={ctx.namespace}")
    if ctx.address:
        argv.append(f"--address={ctx.address}")
    if ctx.debug:
        argv.append("--debug")
    return argv


# Flags nerdctl lacks that pydock carries out itself over the ssh transport (cp_remote.py: `cp -a`, the owners in
# the tar stream it sends)
OVER_SSH = {("cp", "archive")}


def refuse_unsupported(parsed: Parsed, *, remote: bool = False) -> None:
    """docker's flag error for the first flag nerdctl cannot express, before anything runs."""
    for name in parsed.values:
        how, why = handling(parsed.command.name, name)
        if how == REFUSE and not (remote and (parsed.command.name, name) in OVER_SSH):
            raise unsupported_flag(f"--{name}", NAME, why, parsed.path, parsed.command.usage)


def flag_args(parsed: Parsed, *, emulated: bool = False) -> list[str]:
    """The nerdctl flags for every docker flag support.py passes or renames. EMULATE is the verb's job, left
    out unless `emulated` (docker's other commands hand theirs to adjust.py's rewrites as docker spells them)."""
    out: list[str] = []
    command = parsed.command
    skipped = (NOOP, REFUSE, OWN) if emulated else (NOOP, EMULATE, REFUSE, OWN)
    for name, value in parsed.values.items():
        flag = command.long_flag(name)
        assert flag is not None
        how = handling(command.name, name)[0]
        if how in skipped:
            continue
        target = how if how.startswith("-") else f"--{name}"
        if value is True:
            out.append(target)
        elif value is False:
            if flag.default == "true":
                out.append(f"{target}=false")
        elif isinstance(value, list):
            out.extend(f"{target}={v}" for v in value)
        elif isinstance(value, dict):
            out.extend(f"{target}={k}={v}" for k, v in value.items())
        else:
            out.append(f"{target}={value}")
    return out


def plan(parsed: Parsed, ctx: Context, argv: list[str], **kw: object) -> Plan:
    """A supervised nerdctl command whose failures are restated in docker's words (errors.restate, unless the
    caller gives its own `restate`)."""
    env = {"DOCKER_CONFIG": ctx.config} if ctx.config else None
    kw.setdefault("restate", restated(parsed))
    return Plan(argv, env=env, log_prefix=errors.LOG_PREFIX, **kw)  # type: ignore[arg-type]


def restated(parsed: Parsed) -> Callable[[Result], Done]:
    """The usual restate of a nerdctl command's failure (errors.restate), for the command parsed."""
    verb, path, names = parsed.command.name, parsed.path, tuple(parsed.args)
    return lambda r: errors.restate(r, verb=verb, path=path, names=names)


def payload(command: list[str]) -> list[str]:
    """The container's command as nerdctl must be given it to pass it on byte for byte: nerdctl's run,
    create and exec drop a `--` right after IMAGE / CONTAINER (their "double dash" emulation), which
    docker hands to the container (`docker run busybox -- echo` runs `--`); one more keeps it."""
    return ["--", *command] if command and command[0] == "--" else command


def content_trust(parsed: Parsed) -> None:
    """docker 28 verifies signatures (Notary) only when content trust is on; off is its default."""
    if parsed.get("disable-content-trust") is False:
        raise unsupported_value("content trust (--disable-content-trust=false) needs Notary image "
                                "signatures", NAME)


def json_or_empty(data: bytes, kind: type):
    """nerdctl's JSON output as `kind` (list or dict); empty when there is none or it is not that shape
    (a failed call prints nothing: its errors are restated separately)."""
    from shim import json_read as json  # loads without `re` (7 ms)

    try:
        loaded = json.loads(data or b"null")
    except ValueError:
        return kind()
    return loaded if isinstance(loaded, kind) else kind()


def reads_user_terminal(parsed: Parsed, ctx: Context) -> bool:
    """`-i` with the user's terminal on stdin: nerdctl drives that terminal, so it stays in pydock's process
    group (shim/signal_rules.py), where the terminal's Ctrl-C reaches it too."""
    return parsed.get("interactive") is True and ctx.stdin_tty


def terminal_stdin(parsed: Parsed, ctx: Context) -> str:
    """An attached `-t` with the user's terminal on stdin or stdout: nerdctl gets a private terminal pydock relays
    (plan.TERMINAL, reading the user's with `-i`), as nerdctl would drive the user's its own way; "" otherwise."""
    if parsed.get("tty") is not True or parsed.get("detach") is True or not (ctx.stdin_tty or ctx.stdout_tty):
        return ""
    return TERMINAL if parsed.get("interactive") is True and ctx.stdin_tty else TERMINAL_OUTPUT
