"""docker container prune on nerdctl: the containers that are not running (created or exited; a paused one is
kept, as docker keeps it) listed by `nerdctl ps -a`, then removed by `nerdctl rm` without -v. nerdctl's own
`container prune` also removes their anonymous volumes, which docker keeps (only `volume prune` removes them):
data a user can still reach would be lost. docker closes with `Total reclaimed space:`, the sum of their writable
layers, which nerdctl does not report. Those sizes are asked of containerd's snapshotter before the removal (the
usage of each stopped container's own snapshot, what Engine 29 counts), and summed for the containers removed.
`--filter` takes the Engine's keys: `until` (made before), `label` and `label!`, read from `nerdctl container
inspect` of the stopped containers (nerdctl's prune has no filter)."""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base, plan
from shim.plan import CAPTURE, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Done, Result


FILTER_KEYS = ("until", "label", "label!")  # the Engine's (moby's daemon/prune.go)


def translate_container_prune(parsed: Parsed, ctx: Context) -> Plan | Done:
    from shim.output.image_prune import parse_filters

    filters = parse_filters([str(f) for f in parsed.get("filter") or []], FILTER_KEYS)  # type: ignore[union-attr]
    if filters.get("until"):
        from shim.output.image_prune import until_cut

        filters["until"] = [str(min(until_cut(v, ctx.now, "") for v in filters["until"]))]  # epoch seconds
    listing = [*base(ctx), "ps", "-a", "--no-trunc", "--format", "{{.ID}}\t{{.Status}}"]

    def start() -> Plan:
        return plan(parsed, ctx, listing, mode=CAPTURE,
                    then=lambda listed: _remove(parsed, ctx, filters, listed) if listed.code == 0 else
                    errors.restate(listed, verb="prune", path=parsed.path))

    if parsed.get("force") is not True:
        from shim import prune

        return prune.ask(prune.warning(parsed), start, listing)
    return start()


# nerdctl ps's Status words of a container docker's prune removes (docker: every container not running)
_GONE = ("Created", "Exited")


def _remove(parsed: Parsed, ctx: Context, filters: dict[str, list[str]], listed: Result) -> Plan | Done:
    """`nerdctl rm` (without -v: anonymous volumes stay) of the containers the listing shows stopped, those the
    filters keep once inspected."""
    stopped = [line.split("\t", 1)[0] for line in listed.stdout.decode(errors="replace").splitlines()
               if "\t" in line and line.split("\t", 1)[1].startswith(_GONE)]
    if not stopped or not filters:
        return _removal(parsed, ctx, stopped)
    return plan(parsed, ctx, [*base(ctx), "container", "inspect", *stopped], mode=CAPTURE,
                then=lambda inspected: _removal(parsed, ctx, _filtered(filters, inspected)))


def _filtered(filters: dict[str, list[str]], inspected: Result) -> list[str]:
    """The inspected containers' IDs that docker's filters keep (one removed meanwhile is not in the answer)."""
    from shim.backends.nerdctl.common import json_or_empty
    from shim.backends.nerdctl.views import epoch
    from shim.output.container_filters import labels_match

    cut = float(filters["until"][0]) if filters.get("until") else None
    kept = []
    for entry in json_or_empty(inspected.stdout, list):
        labels = (entry.get("Config") or {}).get("Labels") or {}
        if cut is not None and epoch(entry.get("Created", "")) >= cut:
            continue
        if filters.get("label") and not labels_match(filters["label"], labels):
            continue
        if any(labels_match([item], labels) for item in filters.get("label!", [])):
            continue
        kept.append(entry["Id"])
    return kept


def _removal(parsed: Parsed, ctx: Context, ids: list[str]) -> Plan | Done:
    from shim import prune

    if not ids:
        return prune.Pruned(prune.total(0), "", 0)
    return _pruned(parsed, ctx, [*base(ctx), "rm", *ids], _sizes(ctx))


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
        from shim import prune

        # nerdctl rm prints each ID it removed; one started (or removed) since the listing fails there and is
        # left, as docker's prune skips it
        removed = [line for line in result.stdout.decode(errors="replace").splitlines()
                   if len(line) == 64 and line.isalnum()]
        if result.code != 0 and not removed and b"unpause/stop container first" not in result.stderr:
            return errors.restate(result, verb="prune", path=parsed.path)
        head = prune.section("Containers", removed)
        total = sum(sizes.get(cid, 0) for cid in removed) if sizes else 0  # none known: 0 (docs/compat.md)
        return prune.Pruned(head + prune.total(total), head, total)

    return plan(parsed, ctx, argv, mode=CAPTURE, then=report)
