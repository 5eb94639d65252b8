"""docker create, start, pause and unpause on ctr (`ctr containers create`, `ctr tasks start|pause|resume`).

create is run's translation (run.py) ending in `ctr containers create`, which takes the same flags but for
--cpus (its CFS quota and period are given instead) and --rlimit-nofile (refused: it has none). start makes
the container's task: detached, its output goes to the same file log as `run -d`'s; with -a, ctr relays the
process's output and exit code, and deletes the task when it ends (the code is kept in a label for ps, as
after a foreground run). A task that ended before is deleted first, as ctr cannot start it again.
"""

from __future__ import annotations

import json
import os

from shim.backends.ctr.common import NAME, base, messages, plan
from shim.backends.ctr.containers import RUNNING, _Batch
from shim.daemon_errors import DAEMON, no_such_container, not_paused, not_running
from shim.errors import EXIT_GENERAL, DockerError, unsupported_value
from shim.plan import PREPARE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.containerd.api import Container
    from shim.parse import Parsed
    from shim.plan import Result

CFS_PERIOD = 100_000  # µs: what `ctr run --cpus` and docker's --cpus use


def create_plan(ctx: Context, run_args: list[str], cid: str) -> Plan:
    """`ctr containers create` with run's flags and arguments; docker prints the new container's ID."""
    args = []
    for arg in run_args:
        if arg.startswith("--cpus="):
            quota = round(float(arg.partition("=")[2]) * CFS_PERIOD)
            args += [f"--cpu-quota={quota}", f"--cpu-period={CFS_PERIOD}"]
        else:
            args.append(arg)
    return plan([*base(ctx), "containers", "create", *args], ctx, stdout_to="null",
                then=lambda _r: Done(0, cid + "\n"))


def translate_start(parsed: Parsed, ctx: Context) -> Plan:
    attach = parsed.get("attach") is True or parsed.get("interactive") is True
    if attach and len(parsed.args) > 1:
        raise DockerError("you cannot start and attach multiple containers at once", EXIT_GENERAL)
    batch = _Batch(parsed.args)
    failed: list[str] = []

    def next_one(_r: Result | None = None) -> Plan | Done:
        if not batch.names:
            done = batch.done()
            if failed and not attach:  # docker's summary line after the daemon's errors
                return Done(EXIT_GENERAL, done.stdout, done.stderr + f"Error: failed to start containers: "
                            f"{', '.join(failed)}\n")
            return done
        given, c, task = batch.next_found(ctx)
        if c is None:
            batch.errors.append(no_such_container(given))
            failed.append(given)
            return next_one()
        if task is not None and task.status == "paused":
            batch.errors.append(f"{DAEMON}cannot start a paused container, try unpause instead")
            failed.append(given)
            return next_one()
        if task is not None and task.status in RUNNING and task.status != "created":
            if attach:
                raise unsupported_value("start -a of a running container (ctr cannot attach to a task)", NAME)
            batch.out.append(given)  # docker starts nothing: the container runs
            return next_one()
        start = (lambda _r: _attached(parsed, ctx, c)) if attach else (lambda _r: _detached(ctx, c, given))
        if task is None:
            return start(None)
        return plan([*base(ctx), "tasks", "delete", "--force", c.id], ctx, stdout_to="null", then=start)

    def _detached(ctx: Context, c: Container, given: str) -> Plan:
        from shim.backends.ctr.run import LOG_DIR

        folder = os.path.join(LOG_DIR, ctx.namespace)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        argv = [*base(ctx), "tasks", "start", "--detach", f"--log-uri=file://{folder}/{c.id}.log", c.id]

        def started(_r: Result) -> Plan | Done:
            batch.out.append(given)
            return next_one()
        return plan(argv, ctx, stdout_to="null", then=started)

    return Plan([], PREPARE, then=next_one, later=([*base(ctx), "tasks", "start", "<ID>"],))


def _attached(parsed: Parsed, ctx: Context, c: Container) -> Plan:
    """`ctr tasks start` in front: the process's output and exit code; its stdin with -i (a terminal when the
    container has one)."""
    import time

    from shim.backends.ctr.listing import EXITED_LABEL
    from shim.backends.ctr.run import _stdin
    from shim.plan import INHERIT

    terminal = bool((_spec(c).get("process") or {}).get("terminal"))
    io = {"stdin": INHERIT} if terminal else _stdin(parsed, ctx, c.id)

    def exited(result: Result) -> Plan | Done:
        if messages(result):
            from shim.backends.ctr.common import daemon_failure

            return daemon_failure(result)
        label = f"{EXITED_LABEL}={result.code},{time.time():.3f}"
        return plan([*base(ctx), "containers", "label", c.id, label], ctx, stdout_to="null",
                    then=lambda _r: Done(result.code))

    return plan([*base(ctx), "tasks", "start", c.id], ctx, **io, always_then=True, then=exited)


def _spec(c: Container) -> dict:
    try:
        loaded = json.loads(c.spec or b"{}")
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def translate_pause(parsed: Parsed, ctx: Context) -> Plan:
    return _pause_or_resume(parsed, ctx, pause=True)


def translate_unpause(parsed: Parsed, ctx: Context) -> Plan:
    return _pause_or_resume(parsed, ctx, pause=False)


def _pause_or_resume(parsed: Parsed, ctx: Context, *, pause: bool) -> Plan:
    """docker pause/unpause: the task frozen or thawed (cgroup freezer); docker's errors for a container that
    is missing, not running, already paused or not paused."""
    batch = _Batch(parsed.args)
    verb = "pause" if pause else "resume"

    def next_one(_r: Result | None = None) -> Plan | Done:
        if not batch.names:
            return batch.done()
        given, c, task = batch.next_found(ctx)
        status = task.status if task is not None else ""
        if c is None:
            batch.errors.append(no_such_container(given))
        elif pause and status == "paused":
            batch.errors.append(f"{DAEMON}container {c.id} is already paused")
        elif pause and status != "running":
            batch.errors.append(not_running(c.id))
        elif not pause and status != "paused":
            batch.errors.append(not_paused(c.id))
        else:
            batch.out.append(given)
            return plan([*base(ctx), "tasks", verb, c.id], ctx, stdout_to="null", then=next_one)
        return next_one()

    return Plan([], PREPARE, then=next_one, later=([*base(ctx), "tasks", verb, "<ID>"],))
