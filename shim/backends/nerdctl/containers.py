"""docker's container verbs that map onto nerdctl flag for flag (stop, rm, exec, logs), with the
differences docker users would notice restated: exit codes, `-f` of missing objects."""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import NAME, base, flag_args, plan
from shim.errors import unsupported_value
from shim.plan import CAPTURE, Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Plan, Result


def translate_stop(parsed: Parsed, ctx: Context) -> Plan:
    """`--timeout` is nerdctl's `--time` (the spec renames it). A container of `run -d --rm` is gone when
    docker's stop returns (the engine removes it as it exits); pydock's own remover runs in the background,
    so stop removes such containers itself before it returns."""
    from shim.backends.nerdctl.views import AUTOREMOVE_LABEL

    names = list(parsed.args)
    template = f'{{{{.ID}}}} {{{{index .Config.Labels "{AUTOREMOVE_LABEL}"}}}}'
    labels = [*base(ctx), "container", "inspect", "--format", template]

    def stopped(result: Result) -> Plan | Done:
        done = errors.restate(result, verb="stop", path=parsed.path, names=tuple(names))
        if result.code != 0:
            return done
        return plan(parsed, ctx, [*labels, *names], mode=CAPTURE, always_then=True,
                    then=lambda found: _remove_auto(found, parsed, ctx, done))

    return plan(parsed, ctx, [*base(ctx), "stop", *flag_args(parsed), *names], always_then=True, then=stopped,
                later=([*labels, "<NAME>…"], [*base(ctx), "rm", "--force", "<ID of a run -d --rm container>…"]))


def _remove_auto(found: Result, parsed: Parsed, ctx: Context, done: Done) -> Plan | Done:
    ids = [line.split()[0] for line in found.stdout.decode().splitlines() if line.endswith(" true")]
    if not ids:
        return done
    # the background remover may get there first: either way the container is gone, and stop succeeded
    return plan(parsed, ctx, [*base(ctx), "rm", "--force", *ids], mode=CAPTURE, always_then=True,
                then=lambda _r: done)


def translate_logs(parsed: Parsed, ctx: Context) -> Plan:
    """docker logs. --tail as the engine reads it: a count, or everything for "all" or any value that is
    not a number; 0 means no old lines (nerdctl would print them all)."""
    flags = [f for f in flag_args(parsed) if not f.startswith("--tail=")]
    tail = str(parsed.get("tail") or "all")
    count = int(tail) if tail.lstrip("-").isdigit() and tail.count("-") <= 1 else -1
    if count > 0:
        flags.append(f"--tail={count}")
    argv = [*base(ctx), "logs", *flags, *parsed.args]
    if count != 0:
        return plan(parsed, ctx, argv)
    if parsed.get("follow") is True:  # only what comes from now on
        return plan(parsed, ctx, [*argv[:-1], f"--since={_rfc3339(ctx.now)}", argv[-1]])
    # Nothing to print, but a missing container must still be an error: ask for one line, drop it.
    return plan(parsed, ctx, [*argv[:-1], "--tail=1", argv[-1]], stdout_to="null")


def _rfc3339(epoch: float) -> str:
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + f".{int(epoch % 1 * 1e9):09d}Z"


def translate_rm(parsed: Parsed, ctx: Context) -> Plan:
    """`rm -f` of a missing container is not a failure in docker."""
    result = plan(parsed, ctx, [*base(ctx), "rm", *flag_args(parsed), *parsed.args])
    if parsed.get("force") is True:
        result.restate = lambda r: forgive_missing(r, parsed, "no such container")
    return result


def forgive_missing(result: Result, parsed: Parsed, needle: str) -> Done:
    """docker 28 still prints "No such …" for a missing object under -f, but exits 0 for it."""
    done = errors.restate(result, verb=parsed.command.name, path=parsed.path, names=tuple(parsed.args))
    others = [line for line in result.errors if needle not in line.lower()]
    if not others and result.code in (0, 1):
        done.code = 0
    return done


def translate_exec(parsed: Parsed, ctx: Context) -> Plan:
    """docker exec; nerdctl's lost exit code is recovered by the restatement."""
    from shim.backends.nerdctl.run import check_tty

    check_tty(parsed, ctx)
    if parsed.get("detach") is True and (parsed.get("interactive") or parsed.get("tty")):
        raise unsupported_value("exec --detach together with --interactive or --tty", NAME)
    container, *command = parsed.args

    def finished(result: Result) -> Plan | Done:
        if any("cannot exec in a stopped state" in line for line in result.errors):
            # docker names the container by its full ID here, which nerdctl's message lacks
            lookup = [*base(ctx), "container", "inspect", "--format", "{{.Id}}", container]
            return plan(parsed, ctx, lookup, mode=CAPTURE, always_then=True, then=lambda r: Done(
                1, stderr=f"Error response from daemon: Container {r.stdout.decode().strip() or container} "
                          "is not running"))
        return errors.restate(result, verb="exec", path=parsed.path, names=(container,))

    return plan(parsed, ctx, [*base(ctx), "exec", *flag_args(parsed), container, *command], always_then=True,
                then=finished)
