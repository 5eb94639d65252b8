"""docker volume ls / inspect / create / rm / prune on nerdctl: what nerdctl knows of the namespace's volumes
(objects_state.volumes), printed and checked as Docker Engine does (shim/output/volumes.py). nerdctl's own
outputs differ (its ls shows folders and takes other filters; its inspect lacks CreatedAt, Driver, Scope;
its create warns about an existing volume; its rm and prune word things otherwise), so pydock asks it for
data and for the removals only."""

from __future__ import annotations

from shim.backends.nerdctl import objects_state
from shim.backends.nerdctl.common import base, plan
from shim.errors import DockerError
from shim.output import volumes as shape
from shim.plan import CAPTURE, Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Plan, Result

# `-o` with the keys the local driver takes: a mount made when a container first uses the volume, which
# nerdctl's volumes (plain folders) never do.
OPTIONS_REFUSED = ("docker: 'docker volume create -o' is not supported by pydock's nerdctl backend: nerdctl's "
                   "volumes are plain folders; the local driver's mount options (type, device, o) need a mount at "
                   "first use, which nerdctl does not make")


def _filters(parsed: Parsed) -> list[str]:
    return [str(f) for f in parsed.get("filter") or []]


# docker's `volume ls --cluster` table; a node outside a swarm has no cluster volumes.
CLUSTER_VOLUMES = "VOLUME NAME   GROUP     DRIVER    AVAILABILITY   STATUS\n"


def translate_volume_ls(parsed: Parsed, ctx: Context) -> Plan | Done:
    from shim.output.listing import given_format, validate_format

    if parsed.get("cluster") is True:
        return Done(0, CLUSTER_VOLUMES)

    filters = shape.parse_filters(_filters(parsed))
    fmt, warning = given_format(parsed, ctx.config, "volumesFormat")
    validate_format(fmt)

    def show(summaries: list[dict]) -> Done:
        try:
            text = shape.ls_output(summaries, fmt=fmt, quiet=parsed.get("quiet") is True, filters=filters)
        except DockerError as e:
            return Done(1, "", e.message)
        return Done(0, text, warning)

    return objects_state.volumes(parsed, ctx, show, users="dangling" in filters)


def translate_volume_inspect(parsed: Parsed, ctx: Context) -> Plan:
    fmt = parsed.text("format")
    names = list(parsed.args)

    def show(summaries: list[dict]) -> Done:
        by_name = {s["Name"]: s for s in summaries}
        found = [shape.inspect_object(by_name[n]) for n in names if n in by_name]
        missing = [n for n in names if n not in by_name]
        return print_objects(found, [shape.no_such_volume(n) for n in missing], fmt, gotype="volume.Volume")

    return objects_state.volumes(parsed, ctx, show, users=False)


def print_objects(objects: list[dict], problems: list[str], fmt: str, gotype: str = "") -> Done:
    """docker's inspect output of found objects (JSON, `json`, or a template each), then the missing ones.
    With `gotype`, templates see the typed object only and its errors name that type (docker's volume
    inspect); without, they fall back to the decoded JSON as docker's generic inspect does."""
    from shim.backends.nerdctl.inspect import render_objects
    from shim.output import inspect as inspect_shape
    from shim.output.inspect_template import typed
    from shim.template.values import go_json

    if not fmt:
        stdout = inspect_shape.indented_json([typed(o) for o in objects])
    elif fmt == "json":
        stdout = go_json([typed(o) for o in objects], escape_html=True) + "\n"
    else:
        from shim.output.formatting import parse_object_template

        template = parse_object_template(fmt)
        stdout, problem = _render_typed(template, objects, gotype) if gotype else render_objects(template, objects)
        if problem:
            return Done(1, stdout, problem + "\n")
        stdout = stdout or "\n"
    return Done(1 if problems else 0, stdout, "".join(p + "\n" for p in problems))


def _render_typed(template: object, objects: list[dict], gotype: str) -> tuple[str, str]:
    from shim.output.inspect_template import typed
    from shim.template import TemplateError
    from shim.template.values import NilMap

    parts = []
    for obj in objects:
        value = typed(obj)
        value.gotype = gotype  # type: ignore[attr-defined]
        # the struct's omitempty fields a local volume leaves empty
        for field, zero in (("Status", NilMap()), ("UsageData", None)):
            value.setdefault(field, zero)  # type: ignore[attr-defined]
            value.omitempty[field] = zero  # type: ignore[attr-defined]
        try:
            parts.append(template.execute(value) + "\n")  # type: ignore[attr-defined]
        except TemplateError as e:
            return "".join(parts) + "\n", f"template parsing error: {e}"
    return "".join(parts), ""


def translate_volume_create(parsed: Parsed, ctx: Context) -> Plan | Done:
    if any(parsed.command.long_flag(name).needs == "swarm" for name in parsed.values):  # type: ignore[union-attr]
        from shim.daemon_errors import NOT_A_SWARM_MANAGER

        raise DockerError(NOT_A_SWARM_MANAGER)  # a cluster volume's option: Docker Engine's answer outside a swarm
    name = parsed.args[0] if parsed.args else parsed.text("name")
    if parsed.args and parsed.text("name"):
        raise DockerError("conflicting options: cannot specify a volume-name through both --name and as a "
                          "positional arg")
    options = dict(parsed.get("opt") or {})
    problem = shape.create_problem(name, parsed.text("driver", "local"), options)
    if problem:
        raise DockerError(problem)
    if options:
        raise DockerError(OPTIONS_REFUSED)
    labels = [f"--label={label}" for label in parsed.get("label") or []]
    create = [*base(ctx), "volume", "create", *labels, *([name] if name else [])]
    if not name:
        return plan(parsed, ctx, create)

    def create_unless_there(summaries: list[dict]) -> Plan | Done:
        if any(s["Name"] == name for s in summaries):
            return Done(0, name + "\n")  # docker hands back the existing volume, silently
        return plan(parsed, ctx, create)

    return objects_state.volumes(parsed, ctx, create_unless_there, users=False)


def translate_volume_rm(parsed: Parsed, ctx: Context) -> Plan:
    force = parsed.get("force") is True
    names = list(parsed.args)

    def remove(summaries: list[dict]) -> Plan | Done:
        by_name = {s["Name"]: s for s in summaries}
        removable, errors = [], []
        for name in names:
            found = by_name.get(name)
            if found is None:
                if force:
                    removable.append(name)  # docker echoes a missing name under -f, as if removed
                else:
                    errors.append(shape.no_such_volume(name))
            elif found.get("UsedBy"):
                errors.append(shape.in_use(name, found["UsedBy"]))
            else:
                removable.append(name)
        return _removed(parsed, ctx, [n for n in removable if n in by_name], removable, errors)

    return objects_state.volumes(parsed, ctx, remove)


def _removed(parsed: Parsed, ctx: Context, existing: list[str], shown: list[str], errors: list[str]) -> Plan | Done:
    stderr = "".join(e + "\n" for e in errors)
    if not existing:
        return Done(1 if errors else 0, "".join(n + "\n" for n in shown), stderr)

    def report(result: Result) -> Done:
        if result.code != 0:
            from shim.backends.nerdctl.errors import restate

            return restate(result, verb="rm", path=parsed.path)
        return Done(1 if errors else 0, "".join(n + "\n" for n in shown), stderr)

    return plan(parsed, ctx, [*base(ctx), "volume", "rm", *existing], mode=CAPTURE, always_then=True, then=report)


def translate_volume_prune(parsed: Parsed, ctx: Context) -> Plan:
    raw = _filters(parsed)
    if parsed.get("all") is True:
        raw.append("all=true")
    filters = shape.group_filters(raw, shape.PRUNE_FILTER_KEYS)
    if parsed.get("force") is not True:
        from shim import prune

        parsed.values["force"] = True
        return prune.ask(prune.warning(parsed), lambda: translate_volume_prune(parsed, ctx),
                         [*base(ctx), "volume", "rm", "<VOLUME>…"])

    def prune_these(summaries: list[dict]) -> Plan | Done:
        chosen = shape.prunable(summaries, filters)
        if not chosen:
            return _pruned([], 0)
        names = [s["Name"] for s in chosen]
        if ctx.remote is not None:  # the volumes' files are the remote's: their sizes by one `find` there
            sizes = ["find", *(s["Mountpoint"] for s in chosen), "!", "-type", "d", "-exec", "stat", "-c", "%s",
                     "{}", "+"]
            return plan(parsed, ctx, sizes, mode=CAPTURE, always_then=True, then=lambda r: remove(
                names, sum(int(n) for n in r.stdout.decode().split() if n.isdigit())))
        return remove(names, sum(_folder_size(s["Mountpoint"]) for s in chosen))

    def remove(names: list[str], reclaimed: int) -> Plan:
        return plan(parsed, ctx, [*base(ctx), "volume", "rm", *names], mode=CAPTURE,
                    then=lambda _r: _pruned(names, reclaimed))

    return objects_state.volumes(parsed, ctx, prune_these)


def _pruned(names: list[str], reclaimed: int) -> Done:
    from shim import prune
    from shim.output.units import human_size

    # docker's units.HumanSize: 4 significant digits
    return prune.Pruned(shape.prune_output(names, human_size(reclaimed, 4)), prune.section("Volumes", names), reclaimed)


def _folder_size(path: str) -> int:
    """The bytes a volume's files take (what docker reports as reclaimed)."""
    import contextlib
    import os

    total = 0
    for folder, _dirs, files in os.walk(path):
        for f in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, f)).st_size
    return total
