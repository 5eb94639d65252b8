"""docker's container verbs that map onto nerdctl flag for flag (stop, rm, exec, logs), with the
differences docker users would notice restated: exit codes, `-f` of missing objects."""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import NAME, base, flag_args, plan
from shim.errors import unsupported_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Done, Plan, Result


def translate_stop(parsed: Parsed, ctx: Context) -> Plan:
    """`--timeout` is nerdctl's `--time` (the spec renames it)."""
    return plan(parsed, ctx, [*base(ctx), "stop", *flag_args(parsed), *parsed.args])


def translate_logs(parsed: Parsed, ctx: Context) -> Plan:
    return plan(parsed, ctx, [*base(ctx), "logs", *flag_args(parsed), *parsed.args])


def translate_rm(parsed: Parsed, ctx: Context) -> Plan:
    """`rm -f` of a missing container is not a failure in docker."""
    result = plan(parsed, ctx, [*base(ctx), "rm", *flag_args(parsed), *parsed.args])
    if parsed.get("force") is True:
        result.restate = lambda r: forgive_missing(r, parsed, "no such container")
    return result


def forgive_missing(result: Result, parsed: Parsed, needle: str) -> Done:
    """docker 28 still prints "No such …" for a missing object under -f, but exits 0 for it."""
    done = errors.restate(result, verb=parsed.command.name, path=parsed.path)
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
    return plan(parsed, ctx, [*base(ctx), "exec", *flag_args(parsed), container, *command])
