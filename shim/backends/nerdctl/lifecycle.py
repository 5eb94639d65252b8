"""docker start on nerdctl, answering for each container as docker does (issue #11).

nerdctl's `start` stops at the first container it cannot start, warns about one already running, takes a paused
one for a new task ("already exists"), and its `start -a` exits 1 whatever the container returned. pydock
lists the containers first (one `nerdctl ps -a`), starts only those docker would, and words the others as
docker does: a running one is just named, a paused or missing one is an error, and the list of those that
failed closes the output. `start -a` returns the container's exit code, read once it has ended. Pure: plans.
"""

from __future__ import annotations

from shim.backends.nerdctl import errors, looked_up
from shim.backends.nerdctl.common import base, flag_args
from shim.daemon_errors import DAEMON
from shim.errors import EXIT_GENERAL, DockerError
from shim.object_names import EMPTY
from shim.plan import CAPTURE, TERMINAL, Done, Plan, Result

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed

ATTACH_SEVERAL = "you cannot start and attach multiple containers at once"
PAUSED = f"{DAEMON}cannot start a paused container, try unpause instead"


def translate_start(parsed: Parsed, ctx: Context) -> Plan:
    names = list(parsed.args)
    attach = parsed.get("attach") is True or parsed.get("interactive") is True
    if attach and len(names) > 1:
        raise DockerError(ATTACH_SEVERAL, EXIT_GENERAL)  # docker's client, before it asks anything
    env = {"DOCKER_CONFIG": ctx.config} if ctx.config else None

    def looked(result: Result) -> Plan | Done:
        state = looked_up.states(result.stdout, names)
        return _attached(parsed, ctx, env, state) if attach else _start(parsed, ctx, env, state)

    return Plan([*base(ctx), *looked_up.LISTING], CAPTURE, env=env, log_prefix=errors.LOG_PREFIX, always_then=True,
                then=looked, later=([*base(ctx), "start", *flag_args(parsed), "<those of>", *names],))


def _refusal(name: str, cid: str, status: str) -> str:
    """Why docker would not start this one ("" when it would, or when it runs already)."""
    if not name.strip():  # docker's client answers it (shim/object_names.py)
        return EMPTY.format("container")
    if cid == looked_up.MISSING:
        return f"{DAEMON}No such container: {name}"
    return PAUSED if status.startswith("Paused") or status.endswith("(Paused)") else ""


def _start(parsed: Parsed, ctx: Context, env: dict[str, str] | None,
           state: dict[str, tuple[str, str]]) -> Plan | Done:
    names = list(parsed.args)
    refused = {n: why for n in names if (why := _refusal(n, *state[n]))}
    to_start = [n for n in names if n not in refused and not state[n][1].startswith("Up")]

    def started(result: Result) -> Done:
        done = errors.restate(result, verb="start", path=parsed.path, names=tuple(to_start))
        failed = set(refused) | {n for n in to_start if result.code != 0 and _named_in(done.stderr, n)}
        if result.code != 0 and not failed - set(refused):
            failed |= set(to_start)  # nerdctl's error named none: none of them started
        stderr = [refused.get(n, "") for n in names]
        stderr = [line for line in (*stderr, done.stderr.rstrip("\n") if result.code else "") if line]
        if failed:
            stderr.append(f"Error: failed to start containers: {', '.join(n for n in names if n in failed)}")
        return Done(EXIT_GENERAL if failed else 0, "".join(f"{n}\n" for n in names if n not in failed),
                    "\n".join(stderr))

    if not to_start:
        return started(Result(0))
    return Plan([*base(ctx), "start", *flag_args(parsed), *to_start], CAPTURE, env=env,
                log_prefix=errors.LOG_PREFIX, always_then=True, then=started)


def _named_in(stderr: str, name: str) -> bool:
    return any(line.endswith((f": {name}", f'"{name}"')) or f" {name}:" in line for line in stderr.splitlines())


def _attached(parsed: Parsed, ctx: Context, env: dict[str, str] | None,
              state: dict[str, tuple[str, str]]) -> Plan | Done:
    """`start -a`: the container's output as it runs, then its exit code (nerdctl's own exit is 1)."""
    name = parsed.args[0]
    why = _refusal(name, *state[name])
    if why:
        return Done(EXIT_GENERAL, stderr=why)
    prefix = base(ctx)
    exit_code = [*prefix, "container", "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name]
    flags = flag_args(parsed)
    if "--attach" not in flags:
        flags.insert(0, "--attach")  # docker's -i attaches the output too; nerdctl's alone would start detached
    stdin = _task_stdin(parsed, ctx, state[name][0])

    def ended(result: Result) -> Plan:
        def code(inspected: Result) -> Done:
            status, _, number = inspected.stdout.decode().strip().partition(" ")
            if inspected.code == 0 and status == "exited" and number.lstrip("-").isdigit():
                return Done(int(number))
            return errors.restate(result, verb="start", path=parsed.path, names=(name,))
        return Plan(exit_code, CAPTURE, env=env, log_prefix=errors.LOG_PREFIX, always_then=True, then=code)

    if ctx.remote is not None and parsed.get("interactive") is True and ctx.stdin_tty and not stdin:
        # over ssh, `-i` on the user's terminal to a container with one: nerdctl on a remote terminal (ssh -tt),
        # relayed (as `exec -it` is)
        stdin = {"stdin": TERMINAL}
    return Plan([*prefix, "start", *flags, name], env=env, log_prefix=errors.LOG_PREFIX, always_then=True,
                then=ended, later=(exit_code,), **stdin)


def _task_stdin(parsed: Parsed, ctx: Context, cid: str) -> dict[str, object]:
    """The stdin docker's daemon gives the container (shim/task_stdin.py): pydock's, with -i, to a container made
    with -i (closed at its end, unless it was run -d -i); none to one made without. A container with a terminal,
    or containerd out of reach: nerdctl's own (no plan changes). Over ssh the same, through the remote's containerd
    socket forwarded here (the task's FIFO is the remote's file: task_stdin.py writes it with a remote `cat`)."""
    import json

    from shim.backends.nerdctl.containerd_state import namespace_of
    from shim.backends.nerdctl.names import containerd_address
    from shim.containerd.api import containers
    from shim.containerd.grpc import CallFailed, Connection
    from shim.labels import DETACHED_LABEL, STDIN_LABEL
    from shim.plan import TASK
    from shim.task_stdin import KEEP, NONE, ONCE

    if ctx.remote is not None:  # the remote's containerd, through its socket forwarded here (ssh_transport.API_READS)
        address, namespace = ctx.api, ctx.namespace
    else:
        address, namespace = containerd_address(ctx.address), namespace_of(ctx)
    if ctx.dry_run or not namespace or (ctx.remote is not None and not address):
        if ctx.remote is not None and parsed.get("interactive") is True and not ctx.stdin_tty and not ctx.dry_run:
            # nerdctl's `start -a -i` would give the container no stdin (it would wait for ever): say why not
            from shim.ssh_transport import socket_problem

            raise DockerError(socket_problem(ctx.remote[0], ctx.address), EXIT_GENERAL)  # type: ignore[index,arg-type]
        return {}
    try:
        with Connection(address, namespace) as conn:
            (record,) = containers(conn, [cid]) or (None,)
        terminal = record is not None and json.loads(record.spec or b"{}").get("process", {}).get("terminal")
    except (CallFailed, ValueError, AttributeError):
        return {}
    if record is None or terminal:
        return {}
    opened = record.labels.get(STDIN_LABEL) == "open"
    if opened and parsed.get("interactive") is not True:
        return {}  # open, not attached: the container waits for input, as docker's does
    mode = (KEEP if record.labels.get(DETACHED_LABEL) == "true" else ONCE) if opened else NONE
    return {"stdin": TASK, "task_stdin": (address, namespace, cid, mode)}


# --- attach --------------------------------------------------------------------------------------------------
ATTACH_STOPPED = "You cannot attach to a stopped container, start it first"
ATTACH_PAUSED = "You cannot attach to a paused container, unpause it first"


def translate_attach(parsed: Parsed, ctx: Context) -> Plan:
    """`attach`: nerdctl attaches only to a container it started with `-d -i` (others fail on its logging
    fifo). docker's client refuses a stopped or paused container; a running one's output from now on is what
    docker streams, and the container's exit code is attach's: pydock follows the container's log from the
    moment it was called (nerdctl's --since counts whole seconds: lines logged earlier in that second show
    too), then reads the exit code."""
    name = parsed.args[0]
    prefix = base(ctx)
    env = {"DOCKER_CONFIG": ctx.config} if ctx.config else None
    probe = [*prefix, "container", "inspect", "--format", "{{.State.Status}}", name]
    exit_code = [*prefix, "container", "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name]
    follow = [*prefix, "logs", "--follow", f"--since={_rfc3339(ctx.now)}", name]

    def looked(result: Result) -> Plan | Done:
        if result.code != 0:
            return errors.restate(result, verb="attach", path=parsed.path, names=(name,))
        status = result.stdout.decode().strip()
        if status == "paused":
            return Done(EXIT_GENERAL, stderr=ATTACH_PAUSED)
        if status not in ("running", "restarting"):
            return Done(EXIT_GENERAL, stderr=ATTACH_STOPPED)
        return Plan(follow, env=env, log_prefix=errors.LOG_PREFIX, always_then=True, then=ended)

    def ended(result: Result) -> Plan:
        def code(inspected: Result) -> Done:
            status, _, number = inspected.stdout.decode().strip().partition(" ")
            if inspected.code == 0 and status == "exited" and number.lstrip("-").isdigit():
                return Done(int(number))
            return errors.restate(result, verb="attach", path=parsed.path, names=(name,))
        return Plan(exit_code, CAPTURE, env=env, log_prefix=errors.LOG_PREFIX, always_then=True, then=code)

    return Plan(probe, CAPTURE, env=env, log_prefix=errors.LOG_PREFIX, always_then=True, then=looked,
                later=(follow, exit_code))


def _rfc3339(epoch: float) -> str:
    import datetime

    moment = datetime.datetime.fromtimestamp(epoch or 0, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
