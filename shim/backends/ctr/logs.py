"""docker logs on ctr, for containers this backend ran with -d: their output is docker's json-file log in
nerdctl's layout (log_driver.py), read by pydock (shim/json_log.py) with docker's --tail, -t, --since,
--until and --details; -f follows it while the container runs, until its logger has written the last line.
A container run attached has no log: ctr copied its output to the terminal only; that is said rather than
an empty log shown. Where nerdctl keeps no data store (rootless), -d's output is a file log of containerd's
file:// URI, without times: `tail` reads that one."""

from __future__ import annotations

import os
import sys

from shim.backends.ctr.common import NAME
from shim.daemon_errors import no_such_container
from shim.errors import EXIT_GENERAL
from shim.plan import FOLLOW, PREPARE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.containerd.api import Container, Task
    from shim.json_log import Options
    from shim.parse import Parsed
    from shim.plan import Result


def translate_logs(parsed: Parsed, ctx: Context) -> Plan:
    given = parsed.args[0]
    shape = _options(parsed, ctx)
    if isinstance(shape, Done):
        return Plan([], PREPARE, then=lambda _r: shape)

    def show(_r: Result | None) -> Plan | Done:
        from shim.backends.ctr.containers import find
        from shim.backends.ctr.listing import records
        from shim.backends.ctr.log_driver import json_log

        found, tasks = records(ctx)
        c = find(found, given)
        if c is None:
            return Done(EXIT_GENERAL, "", no_such_container(given) + "\n")
        if ctx.remote is not None:  # over ssh: containerd's file log on the remote (over_ssh.py)
            from shim.backends.ctr.over_ssh import LOG_LABEL

            return _file_log(parsed, ctx, c, tasks.get(c.id), given, c.labels.get(LOG_LABEL, ""))
        path, lock = json_log(c.labels, c.id)
        if not path:
            return _file_log(parsed, ctx, c, tasks.get(c.id), given)
        task = tasks.get(c.id)
        if parsed.get("follow") is True and task is not None and task.status == "running":
            return Plan([sys.executable, "-m", "shim.json_log", path, lock, str(shape.tail),
                         "1" if shape.timestamps else "0", str(shape.since), str(shape.until),
                         "1" if shape.details else "0"], signals=FOLLOW, own_group=True)
        from shim.json_log import pieces

        read = pieces(path, shape.tail, shape.timestamps, options=shape, limit=None)
        if read is None:
            return Done(EXIT_GENERAL, "", f"Error response from daemon: cannot read the log of {given}\n")
        return Done(0, pieces=read)

    return Plan([], PREPARE, then=show, later=([sys.executable, "-m", "shim.json_log", "<LOG>", "…"],))


def _options(parsed: Parsed, ctx: Context) -> Options | Done:
    """docker's options of logs, or docker's error for a --since/--until it cannot read."""
    from shim.json_log import Options, moment_ns

    tail = parsed.text("tail", "all")
    count = int(tail) if tail.isdigit() else -1  # docker: "all", a negative number or any other word is all
    moments = {}
    for flag in ("since", "until"):
        value = parsed.text(flag)
        try:
            moments[flag] = moment_ns(value, ctx.now) if value else 0
        except ValueError:
            return Done(EXIT_GENERAL, "", f'invalid value for "{flag}": failed to parse value as time or '
                        f'duration: "{value}"\n')
    return Options(count, parsed.get("timestamps") is True, moments["since"], moments["until"],
                   parsed.get("details") is True)


def _file_log(parsed: Parsed, ctx: Context, c: Container, task: Task | None, given: str,
              remote_path: str = "") -> Plan | Done:
    """The file log of a container run where nerdctl keeps no data store, or over the ssh transport (`tail` on
    the remote then, of `remote_path`): `tail`, without times."""
    from shim.backends.ctr.run import LOG_DIR

    path = remote_path or os.path.join(LOG_DIR, ctx.namespace, f"{c.id}.log")
    missing = not remote_path if ctx.remote is not None else not os.path.exists(path)
    if missing:
        return Done(EXIT_GENERAL, "", f"Error response from daemon: {given} was not run with -d by pydock's "
                    f"{NAME} backend: ctr kept no log of its output\n")
    if any(parsed.get(f) for f in ("timestamps", "since", "until", "details")):
        where = "over the ssh transport" if ctx.remote is not None else "where nerdctl keeps no data store"
        return Done(EXIT_GENERAL, "", f"Error response from daemon: the file log of {given} keeps no times "
                    f"(containerd's file:// log URI, used {where})\n")
    tail = parsed.text("tail", "all")
    argv = ["tail", f"--lines={int(tail)}" if tail.isdigit() else "--lines=+1"]
    if parsed.get("follow") is True and task is not None and task.status == "running" and task.pid:
        argv += ["--follow", f"--pid={task.pid}"]
    return Plan([*argv, path])
