"""docker update on nerdctl: nerdctl's own update, with `--cpus` given as the CFS quota and period it stands
for (nerdctl 2.3.5's update takes `--cpus` and changes nothing), then what docker's inspect shows of it and
nerdctl keeps nowhere: pydock's record of the run (shim/run_record.py's label, NanoCpus as docker shows it) is set
to the new value in containerd's record directly (shim/containerd/container_labels.py)."""

from __future__ import annotations

from shim.plan import Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result


def translate_update(parsed: Parsed, ctx: Context) -> Plan | Done:
    from shim.backends.nerdctl.passthrough import translate_other

    cpus = parsed.get("cpus")
    if cpus not in (None, "") and parsed.get("cpu-period") is None and parsed.get("cpu-quota") is None:
        from shim.values import parse_nano_cpus

        del parsed.values["cpus"]  # docker's engine sets the task's CFS quota from NanoCpus, per 100 ms
        parsed.values["cpu-period"] = CFS_PERIOD
        parsed.values["cpu-quota"] = int(parse_nano_cpus(str(cpus))) * CFS_PERIOD // 10**9
    updated = translate_other(parsed, ctx)
    if not isinstance(updated, Plan) or cpus in (None, "") or ctx.dry_run:
        return updated
    after = updated.then

    def recorded(result: Result) -> Plan | Done:
        _record_cpus(parsed, ctx, cpus)
        return after(result) if after else Done(0)

    updated.then = recorded
    return updated


CFS_PERIOD = 100_000  # microseconds: the period docker's engine gives a --cpus limit


def _record_cpus(parsed: Parsed, ctx: Context, cpus: object) -> None:
    """NanoCpus in each updated container's record of its run (best effort: inspect then shows the old value)."""
    import json

    from shim.backends.nerdctl import containerd_state
    from shim.backends.nerdctl.names import direct_address
    from shim.containerd.container_labels import set_label
    from shim.labels import INSPECT_LABEL
    from shim.values import parse_nano_cpus

    if ctx.api:  # over the ssh transport: the remote's containerd, through its socket forwarded here
        found = containerd_state.read_api(ctx)
        address, state, namespace = ctx.api, found[0] if found else None, ctx.namespace
    else:
        address = direct_address(ctx.address)
        state = containerd_state.read(ctx, images=False, containers=True) if address else None
        namespace = containerd_state.namespace_of(ctx)
    if state is None:
        return
    nano = int(parse_nano_cpus(str(cpus)))
    for name in parsed.args:
        c = containerd_state.find(state.containers, name)
        if c is None:
            continue
        try:
            record = json.loads(c.labels.get(INSPECT_LABEL) or "{}")
        except ValueError:
            record = {}
        record["NanoCpus"] = nano
        set_label(address, namespace, [c.id], INSPECT_LABEL,
                  json.dumps(record, separators=(",", ":")))
