"""docker network ls / inspect / create / rm / prune on nerdctl: what nerdctl knows of the namespace's networks
(objects_state.networks: its CNI configs and the containers' recorded networks), printed and checked as Docker
Engine does (shim/output/networks.py). nerdctl's own ls shows config files, its inspect has few of docker's
keys and its rm and prune word things otherwise, so pydock asks it for data and for the changes only."""

from __future__ import annotations

from shim.backends.nerdctl import objects_state
from shim.backends.nerdctl.common import base, plan
from shim.errors import DockerError
from shim.object_names import EMPTY
from shim.output import networks as shape
from shim.output.volumes import group_filters
from shim.plan import CAPTURE, Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Plan, Result


def _filters(parsed: Parsed) -> list[str]:
    return [str(f) for f in parsed.get("filter") or []]


def find(summaries: list[dict], name: str) -> dict | None:
    """The network a name stands for, as the engine resolves it: full ID, name, then ID prefix."""
    for s in summaries:
        if name in (s["Id"], s["Name"]):
            return s
    prefixed = [s for s in summaries if s["Id"].startswith(name)]
    return prefixed[0] if len(prefixed) == 1 else None


def translate_network_ls(parsed: Parsed, ctx: Context) -> Plan:
    from shim.output.listing import given_format, validate_format

    filters = shape.parse_filters(_filters(parsed))
    fmt, warning = given_format(parsed, ctx.config, "networksFormat")
    validate_format(fmt)

    def show(summaries: list[dict]) -> Done:
        try:
            text = shape.ls_output(summaries, fmt=fmt, quiet=parsed.get("quiet") is True,
                                   trunc=parsed.get("no-trunc") is not True, filters=filters)
        except DockerError as e:
            return Done(1, "", e.message)
        return Done(0, text, warning)

    return objects_state.networks(parsed, ctx, show)


def translate_network_inspect(parsed: Parsed, ctx: Context) -> Plan:
    from shim.backends.nerdctl.volumes import print_objects

    names = list(parsed.args)

    def show(summaries: list[dict]) -> Done:
        found = [(n, find(summaries, n)) for n in names]
        objects = [shape.inspect_object(s) for _n, s in found if s is not None]
        return print_objects(objects, [shape.not_found(n) for n, s in found if s is None], parsed.text("format"))

    return objects_state.networks(parsed, ctx, show)


def translate_network_create(parsed: Parsed, ctx: Context) -> Plan:
    name = parsed.args[0]
    problem = shape.create_problem(name, parsed.text("driver", "bridge"), list(parsed.get("subnet") or []),
                                   list(parsed.get("gateway") or []))
    if problem:
        raise DockerError(problem)

    def create_unless_there(summaries: list[dict]) -> Plan | Done:
        if any(s["Name"] == name for s in summaries):
            return Done(1, "", shape.exists(name))
        from shim.backends.nerdctl.passthrough import translate_other

        parsed.values.pop("driver", None)  # bridge: nerdctl's default too
        return translate_other(parsed, ctx)

    return objects_state.networks(parsed, ctx, create_unless_there)


def translate_network_rm(parsed: Parsed, ctx: Context) -> Plan:
    force = parsed.get("force") is True

    def remove(summaries: list[dict]) -> Plan | Done:
        removable, errors = [], []
        for name in parsed.args:
            found = find(summaries, name)
            if not name.strip():  # docker's client answers it (shim/object_names.py)
                errors.append(EMPTY.format("network"))
            elif name in shape.BUILTIN or (found is not None and found["Name"] in shape.BUILTIN):
                errors.append(shape.predefined(name))
            elif found is None:
                if not force:
                    errors.append(shape.not_found(name))
            elif found.get("Containers"):
                endpoints = [(c["Name"], cid) for cid, c in found["Containers"].items()]
                errors.append(shape.in_use(name, endpoints))
            else:
                removable.append((name, found["Name"]))
        return _remove(parsed, ctx, removable, errors)

    return objects_state.networks(parsed, ctx, remove)


def _remove(parsed: Parsed, ctx: Context, removable: list[tuple[str, str]], errors: list[str]) -> Plan | Done:
    # docker's client ends a failed network rm with this line (sic)
    stderr = "".join(e + "\n" for e in errors) + ("exit status 1\n" if errors else "")
    shown = "".join(given + "\n" for given, _name in removable)
    if not removable:
        return Done(1 if errors else 0, "", stderr)

    def report(result: Result) -> Done:
        if result.code != 0:
            from shim.backends.nerdctl.errors import restate

            return restate(result, verb="rm", path=parsed.path)
        return Done(1 if errors else 0, shown, stderr)

    names = [name for _given, name in removable]
    return plan(parsed, ctx, [*base(ctx), "network", "rm", *names], mode=CAPTURE, always_then=True, then=report)


def translate_network_prune(parsed: Parsed, ctx: Context) -> Plan:
    filters = group_filters(_filters(parsed), shape.PRUNE_FILTER_KEYS)
    cut = None
    if filters.get("until"):  # the Engine's error for an unreadable one, whatever the networks
        from shim.output.image_prune import until_cut

        cut = min(until_cut(v, ctx.now, "") for v in filters["until"])
    if parsed.get("force") is not True:
        from shim import prune

        parsed.values["force"] = True
        return prune.ask(prune.warning(parsed), lambda: translate_network_prune(parsed, ctx),
                         [*base(ctx), "network", "rm", "<NETWORK>…"])

    def prune_these(summaries: list[dict]) -> Plan | Done:
        from shim.backends.nerdctl.views import epoch
        from shim.prune import Pruned

        made_before = [s for s in summaries if cut is None or epoch(s.get("Created", "")) < cut]
        names = [s["Name"] for s in shape.prunable(made_before, filters)]
        if not names:
            return Pruned("", "", 0)
        # docker's network prune reclaims no space it counts: its RunPrune returns 0 bytes
        return plan(parsed, ctx, [*base(ctx), "network", "rm", *names], mode=CAPTURE,
                    then=lambda _r: Pruned(shape.prune_output(names), shape.prune_output(names), 0))

    return objects_state.networks(parsed, ctx, prune_these)
