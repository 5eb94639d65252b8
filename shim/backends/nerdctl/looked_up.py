"""docker commands that answer for each container they are given, where nerdctl stops at the first one it
cannot handle: `kill` and `wait`. pydock lists the containers first (one `nerdctl ps -a`), hands nerdctl
only those it can act on, and words the others as docker does, in the order given. Pure: plans only."""

from __future__ import annotations

from shim.backends.nerdctl import adjust, errors
from shim.backends.nerdctl.common import base
from shim.daemon_errors import DAEMON, cannot_kill, kill_signal, no_such_container, not_running
from shim.errors import EXIT_GENERAL
from shim.plan import CAPTURE, Done, Plan, Result

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context

MISSING = "missing"
LISTING = ("ps", "-a", "--no-trunc", "--format", "{{.ID}}|{{.Names}}|{{.Status}}")


def states(listing: bytes, names: list[str]) -> dict[str, tuple[str, str]]:
    """name → (full ID, nerdctl's status text such as "Up 3 seconds", "Created", "Exited (0) …"), or
    (MISSING, ""), found as docker finds a container: by name, full ID or ID prefix."""
    rows = [line.split("|", 2) for line in listing.decode().splitlines() if line.count("|") >= 2]
    found = {}
    for name in names:
        row = next((r for r in rows if name in (r[0], r[1]) or r[0].startswith(name)), None)
        found[name] = (MISSING, "") if row is None else (row[0], row[2])
    return found


def _running(status: str) -> bool:
    return status.startswith(("Up", "Paused"))


def translate(path: str, tail: list[str], ctx: Context, env: dict[str, str] | None) -> Plan:
    verb = path.rsplit(" ", 1)[-1]
    names = adjust.positionals(tail, ("-s", "--signal") if verb == "kill" else ())
    options = [a for a in tail if a not in names]
    run = _kill if verb == "kill" else _wait

    def looked_up(result: Result) -> Plan | Done:
        return run(path, names, options, states(result.stdout, names), ctx, env)

    return Plan([*base(ctx), *LISTING], CAPTURE, env=env, log_prefix=errors.LOG_PREFIX, always_then=True,
                then=looked_up, later=([*base(ctx), verb, *options, "<those of>", *names],))


def kill_options(options: list[str]) -> tuple[list[str], str]:
    """(nerdctl's kill flags, docker's reason to refuse the signal or ""): the daemon reads `-s` its own way
    (numbers, any case, SIG optional, "" for SIGKILL); nerdctl gets the signal by its name."""
    import signal

    kept, raw, given = [], "", iter(options)
    for option in given:  # `--signal=X` as the spine passes it, `-s X` / `--signal X` as typed
        if option in ("-s", "--signal"):
            raw = next(given, "")
        elif option.startswith(("--signal=", "-s")):
            raw = option.partition("=")[2] if option.startswith("--") else option[2:].removeprefix("=")
        else:
            kept.append(option)
    if len(kept) == len(options):
        return options, ""
    number, problem = kill_signal(raw)
    try:
        name = signal.Signals(number).name
    except ValueError:  # a real-time signal: nerdctl's names count from SIGRTMIN
        name = f"SIGRTMIN+{number - 34}" if number < 50 else f"SIGRTMAX-{64 - number}"
    return [*kept, f"--signal={name}"], problem


def _kill(path: str, names: list[str], options: list[str], state: dict[str, tuple[str, str]], ctx: Context,
          env: dict[str, str] | None) -> Plan | Done:
    """Killed ones are echoed; a missing or stopped one is an error (nerdctl: "No such container" for both),
    worded as Engine 29 words them. A signal the daemon refuses is refused for every container."""
    options, problem = kill_options(options)
    if problem:
        return Done(EXIT_GENERAL, stderr="\n".join(cannot_kill(n, problem) for n in names))
    running = [n for n in names if _running(state[n][1])]
    refused = []
    for name in names:
        cid, status = state[name]
        if cid == MISSING:
            refused.append(cannot_kill(name, no_such_container(name)))
        elif not _running(status):
            refused.append(cannot_kill(name, not_running(cid)))
    if not running:
        return Done(EXIT_GENERAL, stderr="\n".join(refused))

    def killed(result: Result) -> Done:
        done = adjust.ERRORS["kill"](names, errors.restate(result, verb="kill", path=path, names=tuple(running)))
        failed = adjust.failed_names(done, running)
        stderr = "\n".join([*refused, *([done.stderr] if done.stderr else [])])
        return Done(done.code or (EXIT_GENERAL if refused else 0),
                    "".join(f"{n}\n" for n in running if n not in failed), stderr)

    return Plan([*base(ctx), "kill", *options, *running], CAPTURE, env=env, log_prefix=errors.LOG_PREFIX,
                always_then=True, then=killed)


def _wait(path: str, names: list[str], options: list[str], state: dict[str, tuple[str, str]], ctx: Context,
          env: dict[str, str] | None) -> Plan | Done:
    """Each exit code in the order given; docker reports the missing ones after them. A container that never
    started has nothing to wait for: docker prints 0 for it, where nerdctl finds no task and fails."""
    present = [n for n in names if state[n][0] != MISSING and state[n][1] != "Created"]
    missing = "".join(f"{DAEMON}No such container: {n}\n" for n in names if state[n][0] == MISSING)

    def waited(result: Result) -> Done:
        done = errors.restate(result, verb="wait", path=path, names=tuple(present))
        codes = iter(result.stdout.decode().splitlines())
        stdout = "".join(f"{next(codes, '') if n in present else 0}\n" for n in names if state[n][0] != MISSING)
        stderr = (done.stderr + "\n" if done.stderr else "") + missing
        return Done(done.code or (EXIT_GENERAL if missing else 0), stdout, stderr)

    if not present:
        return waited(Result(0))
    return Plan([*base(ctx), "wait", *options, *present], CAPTURE, env=env, log_prefix=errors.LOG_PREFIX,
                always_then=True, then=waited)
