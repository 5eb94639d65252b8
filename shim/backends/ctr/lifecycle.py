"""docker create, start, pause and unpause on ctr (`ctr containers create`, `ctr tasks start|pause|resume`).

create is run's translation (run.py) ending in `ctr containers create`, which takes the same flags but for
--cpus (its CFS quota and period are given instead) and --rlimit-nofile; --pids-limit and --ulimit, which
no ctr flag says, are written into the container's spec before its task exists (spec_edits.py). A `run`
with those flags goes the same way, then starts the task as `start` does. start makes the container's task:
detached, its output goes to the same log as `run -d`'s (log_driver.py); with -a, ctr relays the process's
output and exit code, and deletes the task when it ends (the code is kept in a label for ps, as after a
foreground run). A task that ended before is deleted first, as ctr cannot start it again.
"""

from __future__ import annotations

import json

from shim.backends.ctr.common import NAME, address, base, messages, plan
from shim.backends.ctr.containers import RUNNING, _Batch
from shim.daemon_errors import DAEMON, no_such_container, not_paused, not_running
from shim.errors import EXIT_GENERAL, DockerError, unsupported_value
from shim.plan import PREPARE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.containerd.api import Container
    from shim.parse import Parsed
    from shim.plan import Result

CFS_PERIOD = 100_000  # µs: what `ctr run --cpus` and docker's --cpus use


def create_plan(parsed: Parsed, ctx: Context, flags: list[str], rest: list[str], cid: str) -> Plan:
    """`ctr containers create` with run's flags (IMAGE ID ARGS… in `rest`), then the spec edits ctr cannot
    make (spec_edits.py). `create` prints the new ID; a `run` that needed the edits starts the task after."""
    args, log_uri = [], ""
    for flag in flags:
        if flag.startswith("--log-uri="):
            log_uri = flag
        elif flag.startswith("--cpus="):
            quota = round(float(flag.partition("=")[2]) * CFS_PERIOD)
            args += [f"--cpu-quota={quota}", f"--cpu-period={CFS_PERIOD}"]
        elif flag not in ("--rm", "--detach") and not flag.startswith(("--log-uri=", "--rlimit-nofile=")):
            args.append(flag)  # what only ctr run takes: the task's, or said in the spec instead
    runs = parsed.command.name == "run"
    if runs:
        from shim.backends.ctr.run import _run_failed

        restate = {"restate": _run_failed(parsed)}
    else:
        restate = {}
    return plan([*base(ctx), "containers", "create", *args, *rest], ctx, stdout_to="null", **restate,
                then=lambda _r: Plan([], PREPARE, then=lambda _s: _edited(parsed, ctx, cid, runs, log_uri)))


def _edited(parsed: Parsed, ctx: Context, cid: str, runs: bool, log_uri: str) -> Plan | Done:
    from shim.backends.ctr.spec_edits import wanted

    edits = wanted(parsed)
    if edits and not _edit_spec(ctx, cid, edits):
        return Done(EXIT_GENERAL, "", f"{DAEMON}cannot write the container's spec: containerd refused it\n")
    if not runs:
        return Done(0, cid + "\n")
    from shim.backends.ctr.auto_remove import removing_on_failure
    from shim.backends.ctr.run import _run_failed

    failed = _run_failed(parsed)
    if parsed.get("rm") is True:  # a container whose task did not start goes at once, as docker's --rm
        failed = removing_on_failure(ctx, address(ctx), cid, failed)
    if parsed.get("detach") is True:  # run's log (log_driver.py), its labels already on the container
        argv = [*base(ctx), "tasks", "start", "--detach", log_uri, cid]
        if parsed.get("rm") is True:  # removed when it ends, by a waiter (auto_remove.py)
            from shim.backends.ctr.auto_remove import remove_when_done

            return plan(argv, ctx, stdout_to="null", restate=failed,
                        then=lambda _r: remove_when_done(ctx, address(ctx), cid))
        return plan(argv, ctx, stdout_to="null", restate=failed, then=lambda _r: Done(0, cid + "\n"))
    return _attached(parsed, ctx, cid, terminal=parsed.get("tty") is True, remove=parsed.get("rm") is True,
                     failed=failed)


def _edit_spec(ctx: Context, cid: str, edits: dict) -> bool:
    from shim.backends.ctr.spec_edits import applied
    from shim.containerd.api import containers
    from shim.containerd.container_spec import replace_spec
    from shim.containerd.grpc import CallFailed, Connection

    try:
        with Connection(address(ctx), ctx.namespace) as conn:
            (c,) = containers(conn, [cid])
    except (CallFailed, ValueError):
        return False
    if edits.get("network") and ctx.remote is not None:  # the remote's sh hooks (remote_network.py)
        from shim.backends.ctr.remote_network import hooks_of

        edits = {**edits, "hooks": hooks_of(cid)}
    spec = json.dumps(applied(_spec(c), edits, c.labels)).encode()
    return replace_spec(address(ctx), ctx.namespace, cid, spec)


def _log_uri(ctx: Context, cid: str) -> str:
    """A started task's log: `run -d`'s (log_driver.py), whose labels are set on the container here, as ctr
    run would have set them."""
    from shim.backends.ctr.log_driver import detached_flags
    from shim.containerd.container_labels import set_label

    if ctx.remote is not None:  # containerd's file log on the remote (over_ssh.py)
        from shim.backends.ctr import over_ssh

        flags = over_ssh.detached_flags(ctx.namespace, cid)
    else:
        flags = detached_flags(address(ctx), ctx.namespace, cid)
    for flag in flags:
        if flag.startswith("--label="):
            key, _, value = flag.removeprefix("--label=").partition("=")
            set_label(address(ctx), ctx.namespace, [cid], key, value)
    return next(f for f in flags if f.startswith("--log-uri="))


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
        terminal = bool((_spec(c).get("process") or {}).get("terminal"))
        start = ((lambda _r: _attached(parsed, ctx, c.id, terminal=terminal)) if attach
                 else (lambda _r: _detached(ctx, c, given)))
        if task is None:
            return start(None)
        return plan([*base(ctx), "tasks", "delete", "--force", c.id], ctx, stdout_to="null", then=start)

    def _detached(ctx: Context, c: Container, given: str) -> Plan:
        def started(result: Result) -> Plan | Done:
            if result.code:  # its task did not start (its network hook, say): docker's words, then the next one
                from shim.backends.ctr.common import daemon_failure
                from shim.backends.ctr.run import networking_words

                batch.errors.append(networking_words(daemon_failure(result).stderr.strip()))
                failed.append(given)
                return next_one()
            batch.out.append(given)
            return next_one()
        return plan([*base(ctx), "tasks", "start", "--detach", _log_uri(ctx, c.id), c.id], ctx, stdout_to="null",
                    always_then=True, then=started)

    return Plan([], PREPARE, then=next_one, later=([*base(ctx), "tasks", "start", "<ID>"],))


def _attached(parsed: Parsed, ctx: Context, cid: str, *, terminal: bool, remove: bool = False,
              failed: Callable[[Result], Done] | None = None) -> Plan:
    """`ctr tasks start` in front: the process's output and exit code; its stdin with -i (a terminal when the
    container has one). ctr deletes the task when it ends: the code is kept for ps, or the container
    removed (`run --rm`)."""
    import time

    from shim.backends.ctr.listing import EXITED_LABEL
    from shim.backends.ctr.run import _stdin
    from shim.plan import INHERIT, TERMINAL_OUTPUT

    # ctr's terminal must be a console: without the user's, a private one pydock relays (ctr panics without)
    io = {"stdin": INHERIT if ctx.stdin_tty else TERMINAL_OUTPUT} if terminal else _stdin(parsed, ctx, cid)
    if not terminal:  # over ssh a signal reaches the container by `ctr tasks kill` there, as run's (run.py)
        from shim.backends.ctr.run import _signals_over_ssh

        io.update(_signals_over_ssh(parsed, ctx, cid))

    def exited(result: Result) -> Plan | Done:
        if messages(result):  # the task did not start: `run`'s words (`failed`), or the daemon's
            from shim.backends.ctr.common import daemon_failure

            return (failed or daemon_failure)(result)
        if remove:  # nerdctl's files of it go too (its state folder: network-config.json, resolv.conf…)
            from shim.backends.ctr.common import forget
            from shim.backends.ctr.listing import records

            labels = next((c.labels for c in records(ctx)[0] if c.id == cid), {})
            return plan([*base(ctx), "containers", "delete", cid], ctx, stdout_to="null",
                        then=lambda _r: (forget(ctx, cid, labels), Done(result.code))[1])
        label = f"{EXITED_LABEL}={result.code},{time.time():.3f}"
        return plan([*base(ctx), "containers", "label", cid, label], ctx, stdout_to="null",
                    then=lambda _r: Done(result.code))

    return plan([*base(ctx), "tasks", "start", cid], ctx, **io, always_then=True, then=exited)


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
