"""docker logs on ctr, for containers this backend ran with -d: their output is in a file log (containerd's
file:// log URI, run.LOG_DIR), stdout and stderr together, without timestamps. `tail` reads it, and with
-f follows it until the task's process ends (`tail --pid`). A container run attached has no log: ctr
copied its output to the terminal only; that is said rather than an empty log shown."""

from __future__ import annotations

import os

from shim.backends.ctr.common import NAME
from shim.daemon_errors import no_such_container
from shim.errors import EXIT_GENERAL
from shim.plan import PREPARE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result


def translate_logs(parsed: Parsed, ctx: Context) -> Plan:
    from shim.backends.ctr.containers import find
    from shim.backends.ctr.listing import records
    from shim.backends.ctr.run import LOG_DIR

    given = parsed.args[0]
    tail = parsed.text("tail", "all")
    count = [] if tail in ("all", "-1") or not tail.isdigit() else [f"--lines={int(tail)}"]

    def show(_r: Result | None) -> Plan | Done:
        found, tasks = records(ctx)
        c = find(found, given)
        if c is None:
            return Done(EXIT_GENERAL, "", no_such_container(given) + "\n")
        path = os.path.join(LOG_DIR, ctx.namespace, f"{c.id}.log")
        if not os.path.exists(path):
            return Done(EXIT_GENERAL, "", f"Error response from daemon: {given} was not run with -d by pydock's "
                        f"{NAME} backend: ctr kept no log of its output\n")
        argv = ["tail", *(count or ["--lines=+1"])]
        task = tasks.get(c.id)
        if parsed.get("follow") is True and task is not None and task.status == "running" and task.pid:
            argv += ["--follow", f"--pid={task.pid}"]
        return Plan([*argv, path])

    return Plan([], PREPARE, then=show, later=(["tail", *(count or ["--lines=+1"]), "<LOG>"],))
