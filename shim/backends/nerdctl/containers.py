"""docker's container verbs that map onto nerdctl flag for flag (stop, rm, exec, logs), with the
differences docker users would notice restated: exit codes, `-f` of missing objects."""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base, flag_args, payload, plan, reads_user_terminal, terminal_stdin
from shim.daemon_errors import invalid_escape_keys, not_running
from shim.detach_keys import chosen, to_bytes
from shim.plan import CAPTURE, FOLLOW, HOLD, INHERIT, LEAVE, PREPARE, PTY, TERMINAL, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.backends.nerdctl.containerd_state import Container
    from shim.parse import Parsed
    from shim.plan import Result


def translate_stop(parsed: Parsed, ctx: Context) -> Plan:
    """`--timeout` is nerdctl's `--time` (the spec renames it). A container of `run -d --rm` is gone when
    docker's stop returns (the engine removes it as it exits); pydock's own remover runs in the background,
    so stop removes such containers itself before it returns. Which ones are such, their labels say, read
    from containerd's file once nerdctl's stop succeeded (containerd_state.py): one nerdctl command for the
    others."""
    from shim.client_checks import check_timeouts

    check_timeouts(parsed)
    nerdctl_stop = _stop_plan(parsed, ctx)
    if parsed.get("signal") is not None:  # nerdctl checks a signal's name only for a running container
        return nerdctl_stop
    return Plan([], PREPARE, then=lambda _r: _stopped_directly(parsed, ctx) or nerdctl_stop,
                later=tuple(nerdctl_stop.commands()))


def _idle_named(parsed: Parsed, ctx: Context) -> tuple[str, list[Container] | None]:
    """(containerd's address, the named containers) when containerd's file resolves every name to a container
    whose task does not run (nor is paused) and that shares no IPC to clean up; the list is None otherwise."""
    from shim.backends.nerdctl import containerd_state
    from shim.backends.nerdctl.names import direct_address

    address = direct_address(ctx.address)
    state = containerd_state.read(ctx, images=False, containers=True) if address else None
    running = containerd_state.running_ids(ctx) if state else None
    if state is None or running is None:
        return address, None
    found = [containerd_state.find(state.containers, name) for name in parsed.args]
    if any(c is None or c.id in running or c.labels.get(IPC_LABEL, PRIVATE_IPC) != PRIVATE_IPC for c in found):
        return address, None
    return address, [c for c in found if c is not None]


def _stopped_directly(parsed: Parsed, ctx: Context) -> Done | None:
    """stop of containers none of which runs: nerdctl's stop would only mark each explicitly stopped, which
    containerd is asked to do itself (shim/containerd/container_labels.py). None where that is not sure: a name
    containerd's file does not resolve, a running or paused task, shared IPC to clean up, a `run -d --rm`."""
    from shim.backends.nerdctl import containerd_state
    from shim.labels import AUTOREMOVE_LABEL

    address, found = _idle_named(parsed, ctx)
    if found is None or any(c.labels.get(AUTOREMOVE_LABEL) == "true" for c in found):
        return None
    from shim.containerd.container_labels import set_label

    ids = list(dict.fromkeys(c.id for c in found if c))
    if not set_label(address, containerd_state.namespace_of(ctx), ids, EXPLICITLY_STOPPED, "true"):
        return None
    return Done(0, "".join(name + "\n" for name in parsed.args))


# nerdctl's labels: the restart manager's mark of a stopped container, and the IPC mode (unmounted by stop)
EXPLICITLY_STOPPED = "containerd.io/restart.explicitly-stopped"
IPC_LABEL, PRIVATE_IPC = "nerdctl/ipc", '{"mode":"private"}'


def _stop_plan(parsed: Parsed, ctx: Context) -> Plan:
    def stopped(result: Result) -> Plan | Done:
        done = errors.restate(result, verb="stop", path=parsed.path, names=tuple(parsed.args))
        if result.code != 0:
            return done
        from shim.backends.nerdctl import containerd_state

        state = containerd_state.read(ctx, images=False, containers=True)
        return after_stop(parsed, ctx, done, state.containers if state else None)

    return plan(parsed, ctx, [*base(ctx), "stop", *flag_args(parsed), *parsed.args], always_then=True,
                then=stopped, later=([*base(ctx), "rm", "--force", "<ID of a run -d --rm container>…"],))


def after_stop(parsed: Parsed, ctx: Context, done: Done, containers: list[Container] | None) -> Plan | Done:
    """Once stopped: remove the `run -d --rm` ones among the containers named (containerd's records of the
    namespace's containers; None: ask nerdctl for their labels)."""
    from shim.labels import AUTOREMOVE_LABEL

    if containers is None:
        template = f'{{{{.ID}}}} {{{{index .Config.Labels "{AUTOREMOVE_LABEL}"}}}}'
        labels = [*base(ctx), "container", "inspect", "--format", template, *parsed.args]
        return plan(parsed, ctx, labels, mode=CAPTURE, always_then=True,
                    then=lambda found: _remove_auto(parsed, ctx, done, [
                        line.split()[0] for line in found.stdout.decode().splitlines() if line.endswith(" true")]))
    from shim.backends.nerdctl.containerd_state import find

    found = [find(containers, name) for name in parsed.args]
    return _remove_auto(parsed, ctx, done, [c.id for c in found if c and c.labels.get(AUTOREMOVE_LABEL) == "true"])


def _remove_auto(parsed: Parsed, ctx: Context, done: Done, ids: list[str]) -> Plan | Done:
    if not ids:
        return done
    # the background remover may get there first: either way the container is gone, and stop succeeded
    return plan(parsed, ctx, [*base(ctx), "rm", "--force", *dict.fromkeys(ids)], mode=CAPTURE, always_then=True,
                then=lambda _r: done)


def translate_logs(parsed: Parsed, ctx: Context) -> Plan:
    """docker logs. --tail as the engine reads it: a count, or everything for "all" or any value that is
    not a number; 0 means no old lines (nerdctl would print them all)."""
    flags = [f for f in flag_args(parsed) if not f.startswith("--tail=")]
    tail = parsed.text("tail", "all")
    count = int(tail) if tail.lstrip("-").isdigit() and tail.count("-") <= 1 else -1
    if count > 0:
        flags.append(f"--tail={count}")
    argv = [*base(ctx), "logs", *flags, *parsed.args]
    # docker's `logs -f` ends with 128+N on SIGINT/SIGTERM (nerdctl's with 0) and dies of SIGHUP; nerdctl needs no
    # terminal, so it runs out of the terminal's reach and pydock ends it (shim/signal_rules.py)
    follow = {"signals": FOLLOW, "own_group": True} if parsed.get("follow") is True else {}
    if not follow and not any(parsed.get(f) for f in ("since", "until", "details")):
        nerdctl_logs = plan(parsed, ctx, argv if count else [*argv[:-1], NO_LINES, argv[-1]])
        return Plan([], PREPARE, then=lambda _r: _logs_read(parsed, ctx, count) or nerdctl_logs,
                    later=(nerdctl_logs.argv,))
    if count != 0:
        return plan(parsed, ctx, argv, **follow)
    if follow:  # only what comes from now on
        return plan(parsed, ctx, [*argv[:-1], f"--since={_rfc3339(ctx.now)}", argv[-1]], **follow)
    # Nothing to print, but a missing container must still be an error: ask for the lines of no time
    return plan(parsed, ctx, [*argv[:-1], NO_LINES, argv[-1]])


NO_LINES = "--until=1"  # the entries until a second after 1970: none (--tail=1 printed a last stderr line)


def _logs_read(parsed: Parsed, ctx: Context, count: int) -> Done | None:
    """The log read from its file by pydock (shim/backends/nerdctl/log_files.py), where containerd's file
    names the container; None leaves it to nerdctl."""
    from shim.backends.nerdctl import containerd_state

    state = containerd_state.read(ctx, images=False, containers=True)
    found = containerd_state.find(state.containers, parsed.args[0]) if state else None
    if found is None:
        return None
    from shim.backends.nerdctl.log_files import log_path
    from shim.json_log import pieces

    path = log_path(found)
    read = pieces(path, count, parsed.get("timestamps") is True) if path else None
    return None if read is None else Done(0, pieces=read)


def _rfc3339(epoch: float) -> str:
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + f".{int(epoch % 1 * 1e9):09d}Z"


PAUSED_REMOVAL = "container is paused and must be unpaused first"


def translate_rm(parsed: Parsed, ctx: Context) -> Plan:
    """`rm -f` of a missing container is not a failure in docker. Containers none of which runs are removed
    through containerd directly (_removed_directly); anything else is nerdctl's `rm`."""
    result = plan(parsed, ctx, [*base(ctx), "rm", *flag_args(parsed), *parsed.args])
    if parsed.get("force") is True:
        result.restate = lambda r: forgive_missing(r, parsed, "no such container")
    elif len(parsed.args) == 1:  # docker names a paused container as typed; nerdctl gives its ID
        restate = result.restate
        assert restate is not None
        result.restate = lambda r: _as_typed(restate(r), parsed.args[0])
    if parsed.get("volumes") is True or parsed.get("link") is True:
        return result
    return Plan([], PREPARE, then=lambda _r: _removed_directly(parsed, ctx) or result, later=tuple(result.commands()))


def _removed_directly(parsed: Parsed, ctx: Context) -> Plan | Done | None:
    """rm of containers none of which runs, as nerdctl's `rm` would do it (shim/containerd/container_removal.py,
    then nerdctl's files of each, shim/nerdctl_files.py). None where that is not sure: a name containerd's file does not
    resolve or two names for one container, a running or paused task, shared IPC to clean up, a container nerdctl
    did not make; or where containerd did not remove them all (nerdctl's `rm` then says why)."""
    from shim.backends.nerdctl import containerd_state
    from shim.backends.nerdctl.names import TASK_STATE

    address, found = _idle_named(parsed, ctx)
    if found is None or len({c.id for c in found}) != len(found) or any(
            not c.labels.get("nerdctl/state-dir") for c in found):
        return None
    import os

    from shim.containerd.container_removal import Removal, remove

    namespace = containerd_state.namespace_of(ctx)
    removals = [Removal(c.id, os.path.isdir(os.path.join(TASK_STATE, namespace, c.id)), c.snapshotter,
                        c.snapshot_key) for c in found]
    removed = remove(address, namespace, removals) or []
    from shim.nerdctl_files import forget

    gone = ""
    for given, c in zip(parsed.args, found, strict=True):
        if c.id in removed:
            forget(c.id, c.labels)
            gone += given + "\n"
    rest = [given for given, c in zip(parsed.args, found, strict=True) if c.id not in removed]
    if not rest:
        return Done(0, gone)
    # a task started meanwhile, or containerd refused: nerdctl's rm removes the rest, or says why not
    return plan(parsed, ctx, [*base(ctx), "rm", *flag_args(parsed), *rest], mode=CAPTURE, always_then=True,
                then=lambda r: _after(errors.restate(r, verb="rm", path=parsed.path, names=tuple(rest)), gone))


def _after(done: Done, gone: str) -> Done:
    return Done(done.code, gone + done.stdout, done.stderr)


def _as_typed(done: Done, name: str) -> Done:
    def typed(line: str) -> str:  # cannot remove container "ID": …
        head = line.partition('"')[0]
        return f'{head}"{name}": {PAUSED_REMOVAL}' if line.endswith(PAUSED_REMOVAL) else line
    return Done(done.code, done.stdout, "\n".join(typed(line) for line in done.stderr.splitlines()))


def forgive_missing(result: Result, parsed: Parsed, needle: str) -> Done:
    """docker 28 still prints "No such …" for a missing object under -f, but exits 0 for it."""
    done = errors.restate(result, verb=parsed.command.name, path=parsed.path, names=tuple(parsed.args))
    others = [line for line in result.errors if needle not in line.lower()]
    if not others and result.code in (0, 1):
        done.code = 0
    return done


def translate_exec(parsed: Parsed, ctx: Context) -> Plan:
    """docker exec; nerdctl's lost exit code is recovered by the restatement."""
    from shim.backends.nerdctl.run import NOT_A_TTY, needs_terminal
    from shim.client_checks import check_flag_values, env_file_entries

    check_flag_values(parsed)  # -e '' is pflag's error
    # docker's client reads the env files before it asks for the container; -e overrides them
    env_files = [f"--env={entry}" for entry in env_file_entries(parsed, run_like=False)]
    container, *command = parsed.args
    lookup = [*base(ctx), "container", "inspect", "--format", "{{.Id}}", container]
    if needs_terminal(parsed, ctx):
        # docker looks the container up before it checks the terminal: a missing one is reported as such
        return plan(parsed, ctx, lookup, mode=CAPTURE, then=lambda _r: Done(1, stderr=NOT_A_TTY))
    keys = chosen(parsed.text("detach-keys"), ctx.config)
    if to_bytes(keys) is None:
        return _invalid_detach_keys(parsed, ctx, keys)
    flags = [*env_files, *flag_args(parsed)]
    if parsed.get("detach") is True:
        # detached, docker attaches no stdin (the process reads /dev/null); nerdctl refuses -d -i instead
        flags = [f for f in flags if f != "--interactive"]
        if parsed.get("tty") is True:
            return _exec_detached_terminal(parsed, ctx, lookup, [f for f in flags if f != "--detach"])

    def finished(result: Result) -> Plan | Done:
        if any("cannot exec in a paused state" in line for line in result.errors):
            return Done(1, stderr=paused(container))
        if any("cannot exec in a stopped state" in line for line in result.errors):
            # docker names the container by its full ID here, which nerdctl's message lacks
            return plan(parsed, ctx, lookup, mode=CAPTURE, always_then=True, then=lambda r: Done(
                1, stderr=not_running(r.stdout.decode().strip() or container)))
        return _detached_failure(errors.restate(result, verb="exec", path=parsed.path, names=(container,)), parsed)

    # nerdctl's -t insists on a console; docker's needs none when stdin is not attached to it
    pty = parsed.get("tty") is True and not ctx.stdin_tty
    relayed = terminal_stdin(parsed, ctx)
    watched = (to_bytes(keys) or b"") if relayed == TERMINAL else b""
    return plan(parsed, ctx, [*base(ctx), "exec", *flags, container, *payload(command)], always_then=True,
                then=finished, stdin=relayed or (PTY if pty else INHERIT), detach_keys=watched,
                **_exec_signals(parsed, ctx))


def _invalid_detach_keys(parsed: Parsed, ctx: Context, keys: str) -> Plan:
    """Keys docker's engine cannot parse fail the exec once the container is found running (any exec, whether
    or not a terminal would read them)."""
    container = parsed.args[0]
    probe = [*base(ctx), "container", "inspect", "--format", "{{.State.Status}} {{.Id}}", container]

    def judged(result: Result) -> Done:
        status, _, cid = result.stdout.decode().strip().partition(" ")
        if status == "paused":
            return Done(1, stderr=paused(container))
        if status != "running":
            return Done(1, stderr=not_running(cid or container))
        return Done(1, stderr=invalid_escape_keys(keys))

    return plan(parsed, ctx, probe, mode=CAPTURE, then=judged)


def _exec_signals(parsed: Parsed, ctx: Context) -> dict[str, object]:
    """docker's exec proxies no signal: SIGINT and SIGTERM end the client with 0, SIGHUP kills it, and the process
    runs on in the container (moby#9098). nerdctl's exec proxies them, so without a terminal to drive (no `-t`,
    no `-i` reading one) it runs in a process group of its own, out of reach of the terminal's Ctrl-C, and pydock
    ends it instead (shim/signal_rules.py). With `-t` nerdctl is always on a terminal of pydock's (relayed to the
    user's, shim/pty_relay.py), so it is ended likewise."""
    if parsed.get("detach") is True:
        return {}
    if parsed.get("tty") is True:  # on the user's terminal, pydock relays a private one to nerdctl (TERMINAL)
        return {"signals": LEAVE, "own_group": True}
    return {"signals": LEAVE, "own_group": not reads_user_terminal(parsed, ctx)}


def _exec_detached_terminal(parsed: Parsed, ctx: Context, lookup: list[str], flags: list[str]) -> Plan:
    """`exec -d -t`, which nerdctl refuses: its `exec -t` runs in the background on a terminal pydock's
    background process holds, as Docker Engine holds the process's terminal. docker reports a missing or
    stopped container, and an exec that cannot start, but not how the process ends."""
    container, *command = parsed.args
    exec_argv = [*base(ctx), "exec", *flags, container, *payload(command)]

    def started(result: Result) -> Done:
        if result.code == 0 or any(line for line in result.errors if "exec failed with exit code" in line):
            return Done(0)
        return _detached_failure(errors.restate(result, verb="exec", path=parsed.path), parsed)

    def found(result: Result) -> Plan | Done:
        cid, _, status = result.stdout.decode().strip().partition(" ")
        if status == "paused":
            return Done(1, stderr=paused(container))
        if status != "running":
            return Done(1, stderr=not_running(cid or container))
        return plan(parsed, ctx, exec_argv, mode=HOLD, stdin=PTY, cidfile=f"{ctx.scratch}.exec",
                    always_then=True, then=started)

    probe = [*lookup[:-2], "{{.Id}} {{.State.Status}}", container]
    return plan(parsed, ctx, probe, mode=CAPTURE, then=found, later=(exec_argv,))


def _detached_failure(done: Done, parsed: Parsed) -> Done:
    """An exec that cannot start: Docker Engine streams the reason back to an attached exec (exit 126),
    but answers a detached one with it as an error (exit 1)."""
    if parsed.get("detach") is True and done.stdout:
        return Done(1, stderr=f"Error response from daemon: {done.stdout.strip()}")
    return done


def paused(container: str) -> str:
    # named as given here, by its full ID when stopped: Engine's two checks word it differently
    return f"Error response from daemon: Container {container} is paused, unpause the container before exec"
