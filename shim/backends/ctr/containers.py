"""docker stop, rm and exec on ctr (`ctr tasks kill|delete|exec`, `ctr containers delete`).

Containers are found by docker's rules: a name (nerdctl's label), a full ID, or a unique ID prefix. stop
sends the signal, waits up to -t for the task to end (asking containerd, no process), then SIGKILL; the
stopped task keeps its exit status, which ps shows."""

from __future__ import annotations

import time

from shim.backends.ctr.common import base, check_terminal, plan
from shim.backends.ctr.listing import name_of, records
from shim.daemon_errors import no_such_container, not_running, still_running
from shim.errors import EXIT_GENERAL
from shim.plan import FEED, INHERIT, PREPARE, TERMINAL_OUTPUT, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.containerd.api import Container, Task
    from shim.parse import Parsed
    from shim.plan import Result

RUNNING = ("running", "paused", "pausing", "created")  # a task that has not ended


def find(found: list[Container], given: str) -> Container | None:
    by_name = [c for c in found if name_of(c) == given]
    if by_name:
        return by_name[0]
    exact = [c for c in found if c.id == given]
    if exact:
        return exact[0]
    prefixed = [c for c in found if given and c.id.startswith(given)]
    return prefixed[0] if len(prefixed) == 1 else None


class _Batch:
    """Containers handled one after another, docker's output and errors gathered as they go."""

    def __init__(self, names: list[str]) -> None:
        self.names = list(names)
        self.out: list[str] = []
        self.errors: list[str] = []

    def done(self) -> Done:
        return Done(EXIT_GENERAL if self.errors else 0, "".join(f"{o}\n" for o in self.out),
                    "".join(f"{e}\n" for e in self.errors))

    def next_found(self, ctx: Context) -> tuple[str, Container | None, Task | None]:
        """The next name, its container (None: not there) and that container's task, read afresh: the steps
        before it may have changed them."""
        given = self.names.pop(0)
        found, tasks = records(ctx)
        c = find(found, given)
        return given, c, tasks.get(c.id) if c else None


def _wait(ctx: Context, cid: str, seconds: float) -> bool:
    """True once the container's task has ended (or gone), polling containerd up to `seconds`."""
    ends = time.monotonic() + seconds
    while True:
        task = records(ctx)[1].get(cid)
        if task is None or task.status not in RUNNING:
            return True
        if time.monotonic() >= ends:
            return False
        time.sleep(0.05)


def translate_stop(parsed: Parsed, ctx: Context) -> Plan:
    signal = parsed.text("signal") or "SIGTERM"
    timeout = parsed.get("timeout")
    seconds = 10 if timeout is None else int(timeout)  # type: ignore[call-overload]
    batch = _Batch(parsed.args)

    def next_one(_r: Result | None = None) -> Plan | Done:
        if not batch.names:
            return batch.done()
        given, c, task = batch.next_found(ctx)
        if c is None:
            batch.errors.append(no_such_container(given))
            return next_one()
        batch.out.append(given)
        if task is None or task.status not in RUNNING:
            return next_one()
        kill = [*base(ctx), "tasks", "kill", f"--signal={signal}", c.id]
        return plan(kill, ctx, stdout_to="null", then=lambda _r: Plan([], PREPARE, then=lambda _s: waited(c)))

    def waited(c: Container) -> Plan | Done:
        if seconds >= 0 and _wait(ctx, c.id, seconds):
            return stopped(c)
        kill = [*base(ctx), "tasks", "kill", "--signal=SIGKILL", c.id]
        return plan(kill, ctx, stdout_to="null", always_then=True,
                    then=lambda _r: Plan([], PREPARE, then=lambda _s: (_wait(ctx, c.id, 10), stopped(c))[1]))

    def stopped(c: Container) -> Plan | Done:
        from shim.backends.ctr.network import exited
        from shim.json_read import json_object

        # its address and ports released at once, as nerdctl's stop releases them (over ssh: by its own sh
        # hook on the remote, remote_network.py)
        if ctx.remote is None:
            exited(c.id, c.labels, json_object(c.spec))
        else:
            from shim.backends.ctr.remote_network import release

            release(ctx, json_object(c.spec))
        return next_one()

    return Plan([], PREPARE, then=next_one, later=([*base(ctx), "tasks", "kill", f"--signal={signal}", "<ID>"],))


def translate_rm(parsed: Parsed, ctx: Context) -> Plan:
    force = parsed.get("force") is True
    batch = _Batch(parsed.args)

    def next_one(_r: Result | None = None) -> Plan | Done:
        if not batch.names:
            return batch.done()
        given, c, task = batch.next_found(ctx)
        if c is None:
            if not force:  # docker's rm -f says nothing of a container that is not there
                batch.errors.append(no_such_container(given))
            return next_one()
        if task is not None and task.status in RUNNING and not force:
            batch.errors.append(still_running(given))
            return next_one()
        delete = [*base(ctx), "containers", "delete", c.id]
        remove = plan(delete, ctx, stdout_to="null", then=lambda _r: removed(given, c))
        if task is None:
            return remove
        return plan([*base(ctx), "tasks", "delete", "--force", c.id], ctx, stdout_to="null",
                    then=lambda _r: remove)

    def removed(given: str, c: Container) -> Plan | Done:
        import contextlib
        import os

        from shim.backends.ctr.common import forget
        from shim.backends.ctr.over_ssh import LOG_LABEL
        from shim.backends.ctr.run import LOG_DIR

        batch.out.append(given)
        if ctx.remote is not None and c.labels.get(LOG_LABEL):  # -d's log file on the remote (over_ssh.py)
            forget(ctx, c.id, c.labels)
            return plan(["rm", "-f", "--", c.labels[LOG_LABEL]], ctx, stdout_to="null", always_then=True,
                        then=next_one)
        if ctx.remote is None:
            with contextlib.suppress(OSError):  # -d's log file, where there is one
                os.unlink(os.path.join(LOG_DIR, ctx.namespace, f"{c.id}.log"))
        forget(ctx, c.id, c.labels)  # nerdctl's files of it: its name is free again
        return next_one()

    return Plan([], PREPARE, then=next_one, later=([*base(ctx), "containers", "delete", "<ID>"],))


def translate_exec(parsed: Parsed, ctx: Context) -> Plan:
    """docker exec: ctr tasks exec with a fresh exec ID; the process's exit code is pydock's."""
    import secrets

    from shim.backends.ctr import exec_env

    given, *command = parsed.args
    env = exec_env.environment(parsed) if exec_env.wanted(parsed) else None  # read first, as docker's client

    def start(_r: Result | None) -> Plan | Done:
        found, tasks = records(ctx)
        c = find(found, given)
        if c is None:
            return Done(EXIT_GENERAL, "", no_such_container(given) + "\n")
        task: Task | None = tasks.get(c.id)
        if task is not None and task.status == "paused":
            return Done(EXIT_GENERAL, "", f"Error response from daemon: Container {given} is paused, unpause the "
                        "container before exec\n")
        if task is None or task.status != "running":
            return Done(EXIT_GENERAL, "", not_running(c.id) + "\n")
        check_terminal(parsed, ctx)  # after the lookup, as docker's client
        argv_command = command
        if env is not None:  # ctr's exec has no environment: the API's, or `env` in the container (exec_env.py)
            argv_command = exec_env.with_environment(parsed, ctx, c, task, command, env)
            if isinstance(argv_command, Done):
                return argv_command
        flags = [f"--exec-id=pydock-{secrets.token_hex(8)}"]
        if parsed.text("workdir"):
            flags.append(f"--cwd={parsed.text('workdir')}")
        if parsed.text("user"):
            flags.append(f"--user={parsed.text('user')}")
        if parsed.get("tty") is True:
            flags.append("--tty")
        if parsed.get("detach") is True:
            flags.append("--detach")
        stdin = INHERIT if parsed.get("interactive") is True else FEED
        if parsed.get("tty") is True and not ctx.stdin_tty:  # ctr's -t needs a console: a fresh one of its own
            stdin = TERMINAL_OUTPUT
        argv = [*base(ctx), "tasks", "exec", *flags, c.id, *argv_command]
        return plan(argv, ctx, stdin=stdin, restate=_exec_failed, then=lambda _r: Done(0))

    return Plan([], PREPARE, then=start, later=([*base(ctx), "tasks", "exec", "--exec-id=<ID>", given, *command],))


def _exec_failed(result: Result) -> Done:
    from shim.backends.ctr.common import daemon_failure, messages

    said = messages(result)
    if not said:
        return Done(result.code)  # the process's own exit code
    done = daemon_failure(result)
    text = done.stderr
    code = 127 if "executable file not found" in text or "no such file" in text else 126
    return Done(code, "", text)


def translate_kill(parsed: Parsed, ctx: Context) -> Plan:
    """docker kill: ctr tasks kill with the signal as the daemon reads it (SIGKILL by default)."""
    from shim.daemon_errors import cannot_kill, kill_signal

    number, problem = kill_signal(parsed.text("signal"))
    batch = _Batch(parsed.args)

    def next_one(_r: Result | None = None) -> Plan | Done:
        if not batch.names:
            return batch.done()
        given, c, task = batch.next_found(ctx)
        if c is None:
            batch.errors.append(cannot_kill(given, no_such_container(given)))
            return next_one()
        if problem:
            batch.errors.append(cannot_kill(given, problem))
            return next_one()
        if task is None or task.status not in ("running", "paused"):
            batch.errors.append(cannot_kill(given, f"container {c.id} is not running"))
            return next_one()
        batch.out.append(given)
        return plan([*base(ctx), "tasks", "kill", f"--signal={number}", c.id], ctx, stdout_to="null",
                    then=next_one)

    return Plan([], PREPARE, then=next_one, later=([*base(ctx), "tasks", "kill", f"--signal={number}", "<ID>"],))
