"""docker container prune on nerdctl: nerdctl's prune removes the stopped containers and lists them; docker
closes with `Total reclaimed space:`, the sum of their writable layers, which nerdctl does not report. Those
sizes are asked of containerd's snapshotter before the prune (the usage of each stopped container's own
snapshot, what Engine 29 counts), and summed for the containers nerdctl removed."""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base, plan
from shim.plan import CAPTURE, PREPARE, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Done, Result


def translate_container_prune(parsed: Parsed, ctx: Context) -> Plan | Done:
    prune_argv = [*base(ctx), "container", "prune", "--force"]

    def start() -> Plan:
        return Plan([], PREPARE, then=lambda _r: _pruned(parsed, ctx, prune_argv, _sizes(ctx)), later=(prune_argv,))

    if parsed.get("force") is not True:
        from shim import prune

        return prune.ask(prune.warning(parsed), start, prune_argv)
    return start()


def _sizes(ctx: Context) -> dict[str, int] | None:
    """Bytes of each stopped container's writable layer, by ID; None when containerd cannot say."""
    from shim.backends.nerdctl import containerd_state
    from shim.backends.nerdctl.names import direct_address

    if ctx.dry_run:
        return None
    if ctx.api:  # over the ssh transport: the remote's containerd, through its socket forwarded here
        found = containerd_state.read_api(ctx)
        if found is None:
            return None
        address, (state, running) = ctx.api, found
    else:
        address = direct_address(ctx.address)
        state = containerd_state.read(ctx, images=False, containers=True) if address else None
        running = containerd_state.running_ids(ctx) if state else None
    if state is None or running is None:
        return None
    stopped = [c for c in state.containers if c.id not in running and c.snapshot_key and c.snapshotter]
    from shim.containerd.api import usages
    from shim.containerd.grpc import CallFailed, Connection

    sizes: dict[str, int] = {}
    try:
        with Connection(address, ctx.namespace if ctx.api else containerd_state.namespace_of(ctx)) as conn:
            for snapshotter in {c.snapshotter for c in stopped}:
                mine = [c for c in stopped if c.snapshotter == snapshotter]
                for c, size in zip(mine, usages(conn, snapshotter, [c.snapshot_key for c in mine]), strict=True):
                    sizes[c.id] = size or 0
    except CallFailed:
        return None
    return sizes


def _pruned(parsed: Parsed, ctx: Context, argv: list[str], sizes: dict[str, int] | None) -> Plan:
    def report(result: Result) -> Done:
        if result.code != 0:
            return errors.restate(result, verb="prune", path=parsed.path)
        from shim import prune

        out = result.stdout.decode(errors="replace")
        removed = [line for line in out.splitlines() if len(line) == 64 and line.isalnum()]
        head = prune.section("Containers", removed)
        if sizes is None:  # no figure pydock does not have (system prune counts these as 0: docs/compat.md)
            return prune.Pruned(out, head, 0)
        total = sum(sizes.get(cid, 0) for cid in removed)
        return prune.Pruned(head + prune.total(total), head, total)

    return plan(parsed, ctx, argv, mode=CAPTURE, then=report)
