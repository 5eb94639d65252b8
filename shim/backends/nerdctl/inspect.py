"""docker inspect / container inspect / image inspect on nerdctl: docker's JSON, docker's templates.

Three captured nerdctl calls at most: the compat inspect of the names (again without the missing ones,
since nerdctl prints nothing when one name is missing), the native inspect of the containers found (for
Tty and the working folder), and the images they run (for Entrypoint/Cmd and the image ID). The objects
are then printed as docker's client prints them: indented JSON, one compact `json` line, or a template
per object, with missing names reported after the found ones (exit 1).
"""

from __future__ import annotations

import re

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base, json_or_empty, plan
from shim.errors import DockerError
from shim.plan import CAPTURE, Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Plan, Result

TYPES = ("config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume")
_MISSING = re.compile(r"no such (?:object|container|image):? (\S+?)\]?$")


def _kind(parsed: Parsed) -> str:
    if parsed.command.name == "container inspect":
        return "container"
    if parsed.command.name == "image inspect":
        return "image"
    kind = str(parsed.get("type") or "")
    if kind and kind not in TYPES:
        raise DockerError(f'unknown type: "{kind}": must be one of ' + ", ".join(f'"{t}"' for t in TYPES))
    return kind


def translate_inspect(parsed: Parsed, ctx: Context) -> Plan | Done:
    kind = _kind(parsed)
    fmt = str(parsed.get("format") or "")
    template = _template(fmt)
    if kind in ("network", "volume"):
        # nerdctl's network and volume inspect print docker's shape, but not docker's output when names are missing.
        from shim.backends.nerdctl.adjust import listing_output

        flags = [f"--format={fmt}"] if fmt else []
        return plan(parsed, ctx, [*base(ctx), kind, "inspect", *flags, *parsed.args], mode=CAPTURE, always_then=True,
                    then=lambda r: listing_output(r, bool(fmt), errors.restate(r, verb="inspect", path=parsed.path),
                                                  list(parsed.args)))
    if kind not in ("", "container", "image"):
        raise DockerError(f"Error: pydock's nerdctl backend has no {kind} objects (swarm and plugins are Docker "
                          "Engine's own)")
    names = list(parsed.args)
    sized = ["--size"] if parsed.get("size") is True else []

    def command(wanted: list[str]) -> list[str]:
        if kind:
            return [*base(ctx), kind, "inspect", *(sized if kind == "container" else []), *wanted]
        return [*base(ctx), "inspect", *sized, *wanted]

    def first(result: Result, missing: tuple[str, ...] = ()) -> Plan | Done:
        gone = _missing_names(result, names)
        if result.code != 0 and not gone:
            return errors.restate(result, verb="inspect", path=parsed.path)
        if gone and not missing:
            found = [n for n in names if n not in gone]
            if not found:
                return _finish([], names, kind, fmt, template)
            return plan(parsed, ctx, command(found), mode=CAPTURE, always_then=True,
                        then=lambda again: first(again, tuple(gone)))
        entries = json_or_empty(result.stdout, list)
        return _complete(parsed, ctx, entries, lambda objs: _finish(objs, list(missing), kind, fmt, template))

    return plan(parsed, ctx, command(names), mode=CAPTURE, always_then=True, then=first,
                later=([*base(ctx), "container", "inspect", "--mode=native", "<ID>…"],
                       [*base(ctx), "image", "inspect", "<IMAGE>…"]))


def _template(fmt: str) -> object:
    if fmt in ("", "json"):
        return None
    from shim.output.formatting import parse_object_template

    return parse_object_template(fmt)


def _missing_names(result: Result, names: list[str]) -> set[str]:
    """The requested names nerdctl reported missing (`no such object x`, `no such container: x`)."""
    gone: set[str] = set()
    for line in result.errors:
        message = errors.parse_record(line).get("msg", "")
        for part in re.split(r"\n|\] \[|: \[|, ", message):
            match = _MISSING.search(part.strip().strip("[]"))
            if match and match.group(1) in names:
                gone.add(match.group(1))
    return gone


def _complete(parsed: Parsed, ctx: Context, entries: list[dict], done) -> Plan | Done:
    """Fetch what containers need beyond the compat entries, then build docker's objects."""
    from shim.output import inspect as shape

    ids = [e["Id"] for e in entries if shape.is_container(e)]
    if not ids:
        return done([shape.image(e) for e in entries])

    def with_native(native_result: Result) -> Plan | Done:
        natives = {n.get("ID"): n for n in json_or_empty(native_result.stdout, list)}
        refs = sorted({e.get("Image", "") for e in entries if shape.is_container(e) and e.get("Image")})
        if not refs:
            return done(_objects(entries, natives, {}))

        def with_images(image_result: Result) -> Done:
            images = {}
            for image in json_or_empty(image_result.stdout, list):
                for tag in image.get("RepoTags") or []:
                    images[tag] = image
            return done(_objects(entries, natives, images))

        return plan(parsed, ctx, [*base(ctx), "image", "inspect", *refs], mode=CAPTURE, always_then=True,
                    then=with_images)

    return plan(parsed, ctx, [*base(ctx), "container", "inspect", "--mode=native", *ids], mode=CAPTURE,
                always_then=True, then=with_native)


def _objects(entries: list[dict], natives: dict[str, dict], images: dict[str, dict]) -> list[dict]:
    from shim import reference
    from shim.output import inspect as shape

    out = []
    for e in entries:
        if not shape.is_container(e):
            out.append(shape.image(e))
            continue
        ref = e.get("Image", "")
        image = images.get(reference.familiar(ref)) or images.get(ref) or {}
        out.append(shape.container(e, natives.get(e["Id"], {}), shape.image(image) if image else {}))
    return out


def _finish(objects: list[dict], missing: list[str], kind: str, fmt: str, template: object) -> Done:
    from shim.output import inspect as shape
    from shim.output.formatting import render_each
    from shim.template.values import go_json

    shaped = [shape.as_go(o) for o in objects]
    stderr = ""
    code = 0
    if not fmt:
        stdout = shape.indented_json(shaped)
    elif fmt == "json":
        stdout = go_json(shaped, escape_html=True) + "\n"
    else:
        stdout, problem = render_each(template, shaped, prefix="template parsing error: ")
        if problem:
            return Done(1, stdout, problem + "\n")
        stdout = stdout or "\n"  # nothing found: docker still prints the (empty) line
    for name in missing:
        stderr += _not_found(kind, name) + "\n"
        code = 1
    return Done(code, stdout, stderr)


def _not_found(kind: str, name: str) -> str:
    if kind == "container":
        return f"Error response from daemon: No such container: {name}"
    if kind == "image":
        from shim.backends.nerdctl.errors import with_tag

        return f"Error response from daemon: No such image: {with_tag(name)}"
    return f"Error: No such object: {name}"
