"""`docker stats` without container names (the running containers; with -a all of them) on nerdctl.

nerdctl 2.3.5 given no names subscribes to containerd's events, and on each container created loads it in its
own namespace and reads the labels of the result without checking the error. containerd's events are not
limited to a namespace, so a container created in any other one (on a Kubernetes node k8s.io churns all the
time), or created and removed at once in this one, crashes it with a Go panic. docker never fails there. So pydock
picks the containers itself, as docker's client does (its container list: the running ones, with -a all, newest
first), and names them to nerdctl, which then subscribes to nothing.

A container removed between the listing and nerdctl's lookup fails nerdctl ("no such container"): pydock asks
again without it. One removed (or, without -a, stopped) while nerdctl samples it still gets nerdctl's row of
zeros: pydock lists again afterwards and leaves out the rows of containers no longer listed, as docker's client
drops a container on its die event. The live view (no --no-stream) is pydock's too: one such sample a frame,
printed as docker 28.2.2 prints its frames, with the containers listed anew each time, so those started later
appear in it. Pure, except the direct read of containerd's records (shim/containerd/api.py).
"""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base
from shim.errors import DockerError
from shim.plan import CAPTURE, FOLLOW, PREPARE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result

# nerdctl's words for a container it could not sample (printed on stderr, not as a log record)
UNSAMPLED = "unable to get stat entry: "
TRIES = 5  # nerdctl runs again at most this often when listed containers vanish before it finds them
# docker's ContainerList without All: the running ones, paused ones included (containerd's task states)
RUNNING = ("running", "paused", "pausing")
# nerdctl's ps statuses of those, for the listing asked of nerdctl
RUNNING_STATUS = ("Up", "Paused", "Pausing", "Restarting")
FRAME_PAUSE = 0.5  # docker's ticker, for a frame with no containers (a sample takes nerdctl that long itself)


class _Call:
    """What one `stats` shares across its steps."""

    __slots__ = ("ctx", "env", "restate", "everything", "fmt", "trunc", "live")

    def __init__(self, parsed: Parsed, ctx: Context, env: dict[str, str] | None,
                 restate: Callable[[Result], Done]) -> None:
        from shim.output.listing import config_format

        self.ctx, self.env, self.restate = ctx, env, restate
        self.everything = parsed.get("all") is True
        self.fmt = parsed.text("format") or config_format(ctx.config, "statsFormat")
        self.trunc = parsed.get("no-trunc") is not True
        self.live = parsed.get("no-stream") is not True


def translate(parsed: Parsed, ctx: Context, env: dict[str, str] | None,
              restate: Callable[[Result], Done]) -> Plan | Done:
    """`stats` with no names: list the containers, then sample them by ID."""
    from shim.output import stats

    call = _Call(parsed, ctx, env, restate)
    try:
        stats.render(call.fmt, [])  # a template that does not parse fails before anything runs, as docker's
    except DockerError as e:
        return Done(e.code, "", e.message)
    return _listed(call, lambda ids: _sample(call, ids, TRIES))


def _listed(call: _Call, then: Callable[[list[str]], Plan | Done]) -> Plan | Done:
    """`then` of the IDs docker would list, newest first: read from containerd, else asked of nerdctl."""
    ids = None if call.ctx.dry_run else direct_ids(call.ctx, everything=call.everything)
    if ids is not None:
        return then(ids)
    listing = [*base(call.ctx), "ps", "--all", "--no-trunc", "--format", "{{.ID}}\t{{.Status}}"]

    def listed(result: Result) -> Plan | Done:
        if result.code != 0:
            return call.restate(result)
        return then(ps_ids(result.stdout.decode(errors="replace"), everything=call.everything))

    return Plan(listing, CAPTURE, env=call.env, log_prefix=errors.LOG_PREFIX, always_then=True, then=listed,
                signals=FOLLOW if call.live else "", later=(_stats_argv(call, ["<ID>…"]),))


def direct_ids(ctx: Context, *, everything: bool) -> list[str] | None:
    """The namespace's containers from containerd's API (running ones unless `everything`), newest first; None
    where pydock does not read containerd itself (over ssh, PYDOCK_CONTAINERD_API=0, a refused call)."""
    from shim.backends.nerdctl.names import direct_address

    address = direct_address(ctx.address)
    if not address:
        return None
    from shim.containerd.api import containers_and_tasks
    from shim.containerd.grpc import CallFailed

    try:
        containers, tasks = containers_and_tasks(address, ctx.namespace)
    except (CallFailed, OSError, ValueError):
        return None
    return chosen([(c.id, c.created, tasks[c.id].status if c.id in tasks else "") for c in containers],
                  everything=everything)


def chosen(found: list[tuple[str, tuple[int, int], str]], *, everything: bool) -> list[str]:
    """IDs of (id, created, task status), newest first, as docker's container list orders them."""
    kept = [f for f in found if everything or f[2] in RUNNING]
    return [f[0] for f in sorted(kept, key=lambda f: f[1], reverse=True)]


def ps_ids(text: str, *, everything: bool) -> list[str]:
    """The IDs of `nerdctl ps --all` lines (`ID<TAB>Status`, newest first), the running ones unless `everything`."""
    out = []
    for line in text.splitlines():
        cid, _, status = line.partition("\t")
        if cid and (everything or status.startswith(RUNNING_STATUS)):
            out.append(cid)
    return out


def _stats_argv(call: _Call, ids: list[str]) -> list[str]:
    return [*base(call.ctx), "stats", "--no-stream", "--no-trunc", "--format={{json .}}", *ids]


def _sample(call: _Call, ids: list[str], tries: int) -> Plan | Done:
    """One sample of these containers by nerdctl (none: no nerdctl at all; docker then prints just its header)."""
    if not ids:
        return _shown(call, [], "")

    def sampled(result: Result) -> Plan | Done:
        gone = vanished(result.errors)
        if result.code != 0 and gone and tries > 1:
            return _sample(call, [i for i in ids if i not in gone], tries - 1)
        if result.code != 0:
            return call.restate(_without_unsampled(result))
        import json

        rows = [json.loads(line) for line in result.stdout.decode().splitlines() if line.strip()]
        return _listed(call, lambda still: _kept(call, rows, still, result))

    return Plan(_stats_argv(call, ids), CAPTURE, env=call.env, log_prefix=(errors.LOG_PREFIX, UNSAMPLED.encode()),
                always_then=True, then=sampled, signals=FOLLOW if call.live else "")


def vanished(records: list[str]) -> set[str]:
    """The IDs nerdctl's records say it found no container for."""
    out = set()
    for line in records:
        message = errors.parse_record(line).get("msg", "")
        if message.startswith("no such container: "):
            out.add(message.removeprefix("no such container: "))
    return out


def _without_unsampled(result: Result) -> Result:
    from shim.plan import Result

    return Result(result.code, result.stdout, [e for e in result.errors if not e.startswith(UNSAMPLED)])


def kept_rows(rows: list[dict], still: list[str]) -> list[dict]:
    """nerdctl's rows of the containers still listed (in nerdctl's order, which is the order they were named)."""
    listed = set(still)
    return [r for r in rows if r.get("ID") in listed]


def _kept(call: _Call, rows: list[dict], still: list[str], result: Result) -> Plan | Done:
    kept = kept_rows(rows, still)
    gone = {str(r.get("ID")) for r in rows} - set(still)
    # nerdctl's own complaint about a container it could not sample: not about one that is gone (docker shows none)
    said = "".join(f"{e}\n" for e in result.errors
                   if e.startswith(UNSAMPLED) and not any(g in e for g in gone))
    done = call.restate(_without_unsampled(result))
    return _shown(call, kept, done.stderr + said)


def _shown(call: _Call, rows: list[dict], stderr: str) -> Plan | Done:
    """The rows in docker's output: all of it with --no-stream, else a frame of the live view and the next one."""
    from shim.output import stats

    try:
        text = stats.render(call.fmt, stats.contexts(rows, [], trunc=call.trunc))
    except DockerError as e:
        return Done(e.code, "", e.message)
    if not call.live:
        return Done(0, text, stderr)
    # no containers: no nerdctl sample takes its time, so pydock waits as docker's ticker does
    return Plan([], PREPARE, then=lambda _r: _listed(call, lambda ids: _sample(call, ids, TRIES)),
                stdout_text=frame(text), announce=stderr, pause=0.0 if rows else FRAME_PAUSE, signals=FOLLOW)


def frame(text: str) -> str:
    """One frame of docker 28.2.2's live view: cursor home, the table, and then (docker's client writes its buffer
    into itself once more) each line again with an erase to its end, and an erase below."""
    drawn = "\x1b[H" + text
    return drawn + "".join(f"{line} \x1b[K\n" for line in drawn.split("\n")) + "\x1b[J"
