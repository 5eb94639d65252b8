"""docker compose's listings on nerdctl: ps, ls, images and top, from the project's containers as pydock
inspects them (views.container_summary), in docker compose's tables and JSON (shim/output/compose.py)."""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base
from shim.backends.nerdctl.compose_records import restate
from shim.compose_project import EXIT_COMPOSE
from shim.errors import DockerError
from shim.output.compose import PROJECT_LABEL
from shim.plan import CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.backends.nerdctl.compose import Call
    from shim.parse import Parsed
    from shim.plan import Result

def project_containers(ctx: Context, label: str, then: Callable[[list[dict]], Plan | Done], *,
                       everything: bool = True) -> Plan:
    """The containers labelled `label` (`KEY` or `KEY=VALUE`), every one or the running ones, as inspected:
    one listing for their IDs, one inspect of them all, then `then(summaries)` (views.container_summary, with
    the inspect record kept under "Inspect" for what a summary leaves out, such as health)."""
    import json

    from shim.backends.nerdctl.views import container_summary

    def summaries(data: bytes) -> Plan | Done:
        records = json.loads(data or b"[]")
        return then([{**container_summary(d), "Inspect": d} for d in records])

    def inspect(listed: Result) -> Plan | Done:
        ids = listed.stdout.decode().split()
        if not ids:
            return summaries(b"[]")
        return Plan([*base(ctx), "container", "inspect", *ids], CAPTURE, log_prefix=errors.LOG_PREFIX,
                    restate=restate, then=lambda inspected: summaries(inspected.stdout))

    listing = [*base(ctx), "ps", "--quiet", "--no-trunc", f"--filter=label={label}", *(["--all"] if everything else [])]
    return Plan(listing, CAPTURE, log_prefix=errors.LOG_PREFIX, then=inspect, restate=restate,
                later=([*base(ctx), "container", "inspect", "<ID>…"],))


def project_label(call: Call) -> str:
    return f"{PROJECT_LABEL}={call.project.name}"


def ps(call: Call) -> Plan:
    """docker compose ps: the project's containers, in compose's table or JSON."""
    from shim.output.compose import ps_output

    parsed = call.parsed
    statuses = [str(s) for s in parsed.get("status") or []]  # type: ignore[union-attr]
    given = parsed.text("filter")
    if given:
        key, sep, value = given.partition("=")
        if not sep:
            raise DockerError("arguments to --filter should be in form KEY=VAL", EXIT_COMPOSE)
        if key != "status":
            raise DockerError(f"unknown filter {key}", EXIT_COMPOSE)
        statuses.append(value)

    def show(summaries: list[dict]) -> Done:
        return Done(0, ps_output(summaries, call.project.name, services=list(parsed.args),
                                 show_all=parsed.get("all") is True, quiet=parsed.get("quiet") is True,
                                 fmt=parsed.text("format", "table"), statuses=statuses,
                                 list_services=parsed.get("services") is True,
                                 trunc=parsed.get("no-trunc") is not True))

    return project_containers(call.ctx, project_label(call), show)


def images(call: Call) -> Plan:
    """compose images: nerdctl's compose names each container's image; pydock's image entries give docker's
    size, date and platform (views.image_entries, as `docker images` reads them)."""
    import json

    parsed = call.parsed
    fmt = parsed.text("format", "table")
    if fmt not in ("table", "json"):
        raise DockerError(f"unsupported format type: {fmt}", EXIT_COMPOSE)

    def inspect(listed: Result) -> Plan | Done:
        rows = [r for r in json.loads(listed.stdout or b"[]")
                if not parsed.args or any(r.get("ContainerName", "").startswith(f"{call.project.name}-{s}-")
                                          for s in parsed.args)]
        ids = list(dict.fromkeys(r["ImageID"] for r in rows if r.get("ImageID")))
        if not ids:
            return show(rows, b"[]")
        return Plan([*base(call.ctx), "image", "inspect", "--mode=native", *ids], CAPTURE,
                    log_prefix=errors.LOG_PREFIX, restate=restate, then=lambda r: show(rows, r.stdout))

    def show(rows: list[dict], natives: bytes) -> Done:
        import time

        from shim.backends.nerdctl.views import epoch, image_entries
        from shim.output.compose import images_output

        entries = {e["Id"]: e for e in image_entries(json.loads(natives or b"[]"))}
        out = []
        for r in sorted(rows, key=lambda r: r.get("ContainerName", "")):
            e = entries.get(r.get("ImageID", ""), {})
            platform = "/".join(p for p in (e.get("Os"), e.get("Architecture"), e.get("Variant")) if p)
            out.append({"ContainerName": r.get("ContainerName", ""), "Repository": r.get("Repository", ""),
                        "Tag": r.get("Tag", ""), "Id": r.get("ImageID", ""), "Platform": platform,
                        "Size": e.get("Size", 0), "Created": epoch(e.get("Created", "")),
                        "CreatedText": e.get("Created", "")})
        return Done(0, images_output(out, time.time(), fmt=fmt, quiet=parsed.get("quiet") is True))

    return Plan([*call.compose(), "images", "--format", "json"], CAPTURE, log_prefix=errors.LOG_PREFIX,
                then=inspect, restate=restate, later=([*base(call.ctx), "image", "inspect", "<ID>…"],))


def top(call: Call) -> Plan:
    """compose top: `nerdctl top` of each running container of the project, in one table under SERVICE and #."""
    from shim.output.compose import SERVICE_LABEL, oneoff, top_output

    parsed = call.parsed

    def each(summaries: list[dict]) -> Plan | Done:
        found = sorted((s["Labels"].get(SERVICE_LABEL, ""), s["Names"][0].lstrip("/").rsplit("-", 1)[-1],
                         s["Names"][0].lstrip("/")) for s in summaries
                        if (not parsed.args or s["Labels"].get(SERVICE_LABEL) in parsed.args)
                        and not oneoff(s, call.project.name))
        return step(found, [])

    def step(left: list[tuple[str, str, str]], done: list[tuple[str, str, str]]) -> Plan | Done:
        if not left:
            return Done(0, top_output(done))
        service, number, name = left[0]
        return Plan([*base(call.ctx), "top", name], CAPTURE, log_prefix=errors.LOG_PREFIX, restate=restate,
                    then=lambda r: step(left[1:], [*done, (service, number, r.stdout.decode())]))

    return project_containers(call.ctx, project_label(call), each, everything=False)



def ls(parsed: Parsed, ctx: Context) -> Plan:
    """compose ls: the projects of compose's containers (by their labels), with their states and files."""
    from shim.output.compose import ls_output

    fmt = parsed.text("format", "table")
    if fmt.lower() not in ("table", "pretty", "json"):
        raise DockerError(f'format value "{fmt}" could not be parsed: parsing failed', EXIT_COMPOSE)
    names: list[str] = []
    for given in parsed.get("filter") or []:  # type: ignore[union-attr]
        key, _, value = str(given).partition("=")
        if key != "name":
            raise DockerError(f"invalid filter '{key}'", EXIT_COMPOSE)
        names.append(value)

    def show(summaries: list[dict]) -> Done:
        return Done(0, ls_output(summaries, names=names, quiet=parsed.get("quiet") is True, fmt=fmt.lower()))

    return project_containers(ctx, PROJECT_LABEL, show, everything=parsed.get("all") is True)
