"""docker top on nerdctl: nerdctl lists nothing, and exits 0, for a container that is not running, where
Docker Engine refuses it; pydock asks for the container's state first (issue #11). Pure: plans only."""

from __future__ import annotations

from shim.backends.nerdctl import errors, passthrough
from shim.backends.nerdctl.common import base
from shim.daemon_errors import not_running
from shim.errors import EXIT_GENERAL
from shim.plan import CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result


def translate_top(parsed: Parsed, ctx: Context) -> Plan:
    container = parsed.args[0]
    probe = [*base(ctx), "container", "inspect", "--format", "{{.State.Status}} {{.Id}}", container]
    top = passthrough.translate_other(parsed, ctx)

    def looked(result: Result) -> Plan | Done:
        if result.code != 0:
            return errors.restate(result, verb="top", path=parsed.path, names=(container,))
        words = result.stdout.decode().split()  # nerdctl prints no status for a container never started
        status, cid = (words[0] if len(words) > 1 else ""), (words[-1] if words else "")
        if status not in ("running", "paused"):
            return Done(EXIT_GENERAL, stderr=not_running(cid))  # named by its full ID
        return top

    env = {"DOCKER_CONFIG": ctx.config} if ctx.config else None
    return Plan(probe, CAPTURE, env=env, log_prefix=errors.LOG_PREFIX, always_then=True, then=looked,
                later=tuple(top.commands()) if isinstance(top, Plan) else ())
