"""docker version and docker info on nerdctl: nerdctl's JSON in, neutral facts out, shaped as docker's by
shim/output/system.py.

`version` needs one nerdctl call; `info` three (nerdctl info, the containers' states, the image IDs) for
docker's counts. When containerd does not answer, docker prints the client part and then the error.
"""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base, json_or_empty, plan
from shim.plan import CAPTURE, Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Plan, Result

JSON = "{{json .}}"


def _template(fmt: str, name: str) -> object:
    if not fmt:
        return None
    from shim.output.formatting import parse_object_template

    return parse_object_template(JSON if fmt == "json" else fmt, name=name)


def _render(template: object, data: object, name: str) -> tuple[str, str]:
    from shim.output.formatting import render_each

    return render_each(template, [data], name=name)


def server_facts(nerdctl_version: dict) -> dict:
    """The neutral facts shim/output/system.py shapes, from `nerdctl version --format '{{json .}}'`: the
    engine is containerd; runc and nerdctl are components beside it."""
    found = {c.get("Name"): c for c in (nerdctl_version.get("Server") or {}).get("Components") or []}
    containerd = found.get("containerd") or {}
    components = [(name, found[name].get("Version", ""), found[name].get("Details") or {})
                  for name in ("containerd", "runc") if name in found]
    client = nerdctl_version.get("Client") or {}
    components.append(("nerdctl", client.get("Version", ""), {"GitCommit": client.get("GitCommit", "")}))
    return {"version": containerd.get("Version", ""),
            "git_commit": (containerd.get("Details") or {}).get("GitCommit", ""),
            "components": components, "platform": "containerd (pydock, nerdctl)"}


def state_counts(statuses: list[str]) -> dict[str, int]:
    """Container counts from nerdctl's STATUS texts ("Up …", "Paused", "Exited (0) …")."""
    return {"containers": len(statuses), "running": sum(s.startswith("Up") for s in statuses),
            "paused": sum(s.startswith("Paused") for s in statuses)}


def translate_version(parsed: Parsed, ctx: Context) -> Plan:
    template = _template(parsed.text("format"), "version")
    return plan(parsed, ctx, [*base(ctx), "version", "--format", JSON], mode=CAPTURE, always_then=True,
                then=lambda result: _show_version(parsed, template, result))


def _show_version(parsed: Parsed, template: object, result: Result) -> Done:
    from shim.output import system

    failed = result.code != 0
    data = system.version(None if failed else server_facts(json_or_empty(result.stdout, dict)))
    if template is None:
        out, problem = system.version_text(data), ""
    else:
        out, problem = _render(template, data, "version")
    if failed:  # docker prints the client part, then the error
        restated = errors.restate(result, verb="version", path=parsed.path)
        return Done(restated.code or 1, out, restated.stderr)
    return Done(1 if problem else 0, out, problem + "\n" if problem else "")


# docker info: three steps, each a named function handed what the ones before found.
_STATES = ["ps", "--all", "--format", "{{.Status}}"]
_IMAGE_IDS = ["images", "--quiet", "--no-trunc"]


def translate_info(parsed: Parsed, ctx: Context) -> Plan:
    template = _template(parsed.text("format"), "")
    return plan(parsed, ctx, [*base(ctx), "info", "--format", JSON], mode=CAPTURE, always_then=True,
                then=lambda result: _info_then_states(parsed, ctx, template, result),
                later=([*base(ctx), *_STATES], [*base(ctx), *_IMAGE_IDS]))


def _info_then_states(parsed: Parsed, ctx: Context, template: object, result: Result) -> Plan | Done:
    if result.code != 0:
        return errors.restate(result, verb="info", path=parsed.path)
    engine = json_or_empty(result.stdout, dict)
    return plan(parsed, ctx, [*base(ctx), *_STATES], mode=CAPTURE, always_then=True,
                then=lambda states: _states_then_images(parsed, ctx, template, engine, states))


def _states_then_images(parsed: Parsed, ctx: Context, template: object, engine: dict, states: Result) -> Plan:
    counts = state_counts([line for line in states.stdout.decode().splitlines() if line.strip()])
    return plan(parsed, ctx, [*base(ctx), *_IMAGE_IDS], mode=CAPTURE, always_then=True,
                then=lambda images: _show_info(ctx, template, engine, counts, images))


def _show_info(ctx: Context, template: object, engine: dict, counts: dict[str, int], images: Result) -> Done:
    from shim.output import system

    counts = {**counts, "images": len(set(images.stdout.decode().split()))}
    data = system.info(engine, counts, root="/var/lib/containerd", debug=ctx.debug)
    if template is None:
        return Done(0, system.info_text(data, ctx.namespace))
    out, problem = _render(template, data, "")
    return Done(1 if problem else 0, out, problem + "\n" if problem else "")
