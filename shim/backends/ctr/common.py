"""What every ctr translation shares: the command prefix, the refusal of flags the backend lacks, and the
supervised plan whose failures (ctr's `ctr: …` lines) are restated in docker's words. Pure."""

from __future__ import annotations

import os

from shim.backends.ctr.support import handling
from shim.backends.handling import REFUSE
from shim.errors import EXIT_GENERAL, DockerError, unsupported_flag, unsupported_value
from shim.plan import Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result

NAME = "ctr"
# How ctr's fatal errors (urfave/cli) and its logrus records (containerd's client warnings) start on stderr:
# both are held back; warnings are dropped, as docker's client has none of them.
LOG_PREFIX = (b"ctr: ", b'time="')
DEFAULT_ADDRESS = "/run/containerd/containerd.sock"


def base(ctx: Context) -> list[str]:
    """The ctr executable and its global flags: the namespace always, since ctr has no `auto` of its own."""
    argv = [ctx.binary]
    if ctx.address:
        argv.append(f"--address={ctx.address}")
    argv.append(f"--namespace={ctx.namespace}")
    if ctx.debug:
        argv.append("--debug")
    return argv


def address(ctx: Context) -> str:
    """The socket containerd's records are read from: the one ctr talks to, or over the ssh transport the
    remote's, forwarded here (over_ssh.py)."""
    return ctx.api or ctx.address or os.environ.get("CONTAINERD_ADDRESS") or DEFAULT_ADDRESS


def unreachable(ctx: Context) -> str:
    """docker's error for a containerd that does not answer: over the ssh transport why the remote's, through its
    forwarded socket, does not (one ssh round trip, on this failure's path only)."""
    if ctx.remote is not None:
        from shim import ssh_transport

        return ssh_transport.socket_problem(ctx.remote[0], ctx.address)  # type: ignore[arg-type,index]
    from shim.daemon_errors import cannot_connect

    return cannot_connect(address(ctx))


def forget(ctx: Context, cid: str, labels: dict[str, str]) -> None:
    """nerdctl's files of a removed container (its name, its state folder) released; over the ssh transport its
    state folder and hosts file on the remote (remote_network.py)."""
    if ctx.remote is None:
        from shim.nerdctl_files import forget as release

        release(cid, labels)
    else:
        from shim.backends.ctr.remote_network import forget as remote_forget

        remote_forget(ctx, cid, labels)


def refuse_unsupported(parsed: Parsed) -> None:
    """docker's flag error for the first flag this backend does not implement, before anything runs."""
    for name in parsed.values:
        how, why = handling(parsed.command.name, name)
        if how == REFUSE:
            raise unsupported_flag(f"--{name}", NAME, why, parsed.path, parsed.command.usage)


def messages(result: Result) -> list[str]:
    """ctr's error lines, without their `ctr: ` prefix (logrus records only at level error or fatal)."""
    out = []
    for line in result.errors:
        if line.startswith("ctr: "):
            out.append(line[len("ctr: "):])
        elif ' msg="resize pty"' in line or ' msg="console resize"' in line:
            continue  # a -t process that ended before ctr sized its terminal: ctr says so and goes on
        elif " level=error " in line or " level=fatal " in line:
            out.append(line.partition(' msg="')[2].rpartition('"')[0].replace('\\"', '"'))
    return out


def daemon_failure(result: Result, *, code: int = EXIT_GENERAL,
                   words: Callable[[str], str] | None = None) -> Done:
    """A failed ctr command as docker's client prints a daemon's error; `words` rewords a known one."""
    if result.code == 0:
        return Done(0)
    lines = messages(result) or [f"ctr exited with status {result.code}"]
    said = [(words(m) if words else "") or f"Error response from daemon: {m}" for m in lines]
    return Done(code, "", "".join(f"{s}\n" for s in said))


def plan(argv: list[str], ctx: Context, **kw: object) -> Plan:
    """A supervised ctr command; its `ctr: ` lines are held back for the plan's restate."""
    kw.setdefault("restate", daemon_failure)
    made = Plan(argv, log_prefix=LOG_PREFIX, **kw)  # type: ignore[arg-type]
    if any(a.startswith("--hosts-dir=") for a in argv):  # registry credentials: written just before it runs
        if ctx.remote is not None:  # a folder on a tmpfs of the remote's, made there (registry_auth.py)
            from shim.backends.ctr.registry_auth import on_remote

            return on_remote(made)
        from shim.backends.ctr.registry_auth import with_hosts

        return with_hosts(made)
    return made


def check_terminal(parsed: Parsed, ctx: Context) -> None:
    """A terminal for `-t` (run, exec): docker's client refuses an attached `-it` off a terminal, as the nerdctl
    backend does."""
    if parsed.get("tty") is not True or ctx.stdin_tty:
        return
    attach = [str(a).lower() for a in parsed.get("attach") or []]  # type: ignore[union-attr]
    if parsed.get("detach") is not True and (parsed.get("interactive") is True or "stdin" in attach):
        raise DockerError("the input device is not a TTY", EXIT_GENERAL)
    # ctr's --tty needs a terminal (it panics without one): an attached -t gets a private one pydock relays
    # (plan.TERMINAL_OUTPUT), a detached one would have nobody to hold it
    if parsed.get("detach") is True and not (ctx.stdout_tty or ctx.stderr_tty):
        raise unsupported_value("-d -t without a terminal (ctr's --tty needs one)", NAME)
