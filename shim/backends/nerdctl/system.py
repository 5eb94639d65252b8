"""docker version and docker info on nerdctl: nerdctl's JSON in, docker's structures and layouts out.

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


def translate_version(parsed: Parsed, ctx: Context) -> Plan:
    from shim.output import system

    fmt = str(parsed.get("format") or "")
    template = _template(fmt, "version")

    def show(result: Result) -> Done:
        failed = result.code != 0
        data = system.version(None if failed else json_or_empty(result.stdout, dict))
        if template is None:
            out, problem = system.version_text(data), ""
        else:
            out, problem = _render(template, data, "version")
        if failed:
            restated = errors.restate(result, verb="version", path=parsed.path)
            return Done(restated.code or 1, out, restated.stderr)
        return Done(1 if problem else 0, out, problem + "\n" if problem else "")

    return plan(parsed, ctx, [*base(ctx), "version", "--format", JSON], mode=CAPTURE, always_then=True, then=show)


def translate_info(parsed: Parsed, ctx: Context) -> Plan:
    from shim.output import system

    fmt = str(parsed.get("format") or "")
    template = _template(fmt, "")

    def with_info(info_result: Result) -> Plan | Done:
        if info_result.code != 0:
            return errors.restate(info_result, verb="info", path=parsed.path)
        found = json_or_empty(info_result.stdout, dict)

        def with_states(states_result: Result) -> Plan:
            states = [line for line in states_result.stdout.decode().splitlines() if line.strip()]

            def with_images(images_result: Result) -> Done:
                count = len(set(images_result.stdout.decode().split()))
                data = system.info(found, states, count, root="/var/lib/containerd", debug=ctx.debug)
                if template is None:
                    return Done(0, system.info_text(data, ctx.namespace))
                out, problem = _render(template, data, "")
                return Done(1 if problem else 0, out, problem + "\n" if problem else "")

            return plan(parsed, ctx, [*base(ctx), "images", "--quiet", "--no-trunc"], mode=CAPTURE,
                        always_then=True, then=with_images)

        return plan(parsed, ctx, [*base(ctx), "ps", "--all", "--format", "{{.Status}}"], mode=CAPTURE,
                    always_then=True, then=with_states)

    return plan(parsed, ctx, [*base(ctx), "info", "--format", JSON], mode=CAPTURE, always_then=True,
                then=with_info, later=([*base(ctx), "ps", "--all", "--format", "{{.Status}}"],
                                       [*base(ctx), "images", "--quiet", "--no-trunc"]))
