"""docker rename on nerdctl: the new name read as the daemon reads it, its leading slash dropped (nerdctl
refuses the slash), and a rename to the container's own name refused in the daemon's words, where nerdctl
reports a name conflict with itself (issue #11). Pure: plans only."""

from __future__ import annotations

from shim.backends.nerdctl import errors, passthrough
from shim.backends.nerdctl.common import base
from shim.daemon_errors import DAEMON
from shim.errors import EXIT_GENERAL
from shim.plan import CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result

SAME_NAME = f"{DAEMON}Renaming a container with the same name as its current name"


def translate_rename(parsed: Parsed, ctx: Context) -> Plan | Done:
    old, new = parsed.args
    parsed.args = [old, new.removeprefix("/")]
    if old.removeprefix("/") != new.removeprefix("/"):
        return passthrough.translate_other(parsed, ctx)
    probe = [*base(ctx), "container", "inspect", "--format", "{{.ID}}", old]

    def looked(result: Result) -> Done:  # the daemon finds the container before it compares the names
        if result.code != 0:
            return errors.restate(result, verb="rename", path=parsed.path, names=(old,))
        return Done(EXIT_GENERAL, stderr=f"{SAME_NAME}\nError: failed to rename container named {old}")

    env = {"DOCKER_CONFIG": ctx.config} if ctx.config else None
    return Plan(probe, CAPTURE, env=env, log_prefix=errors.LOG_PREFIX, always_then=True, then=looked)
