"""docker's inspect output, whichever backend found the objects: indented JSON as the engine sends it, one
`json` line, or a template per object as docker's client runs it; the names not found reported after the
found ones, exit 1. Pure."""

from __future__ import annotations

from shim.plan import Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.parse import Parsed


TYPES = ("config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume")


def inspect_kind(parsed: Parsed) -> str:
    """The kind of object docker's inspect command looks for ("" for any), by command or `--type`; a type docker
    does not know is its client's error."""
    if parsed.command.name == "container inspect":
        return "container"
    if parsed.command.name == "image inspect":
        return "image"
    kind = parsed.text("type")
    if kind and kind not in TYPES:
        from shim.errors import DockerError
        from shim.values import go_quote

        raise DockerError(f"unknown type: {go_quote(kind)}: must be one of " + ", ".join(f'"{t}"' for t in TYPES))
    return kind


def object_template(fmt: str) -> object:
    """The parsed `--format` template; None for docker's JSON (none given, or `json`)."""
    if fmt in ("", "json"):
        return None
    from shim.output.formatting import parse_object_template

    return parse_object_template(fmt)


def finish(objects: list[dict], missing: list[str], kind: str, fmt: str, template: object) -> Done:
    """docker's output for the objects found, and its error for each name that was not (`kind`: "container",
    "image" or "" for docker's generic inspect)."""
    from shim.output import inspect as shape
    from shim.template.values import go_json

    stderr = ""
    code = 0
    if not fmt:  # printed as the engine sent it (shape.raw); a template sees docker CLI's types (typed)
        stdout = shape.indented_json([shape.raw(o) for o in objects])
    elif fmt == "json":
        stdout = go_json([shape.raw(o) for o in objects], escape_html=True) + "\n"
    else:
        stdout, problem = render_objects(template, objects)
        if problem:
            return Done(1, stdout, problem + "\n")
        stdout = stdout or "\n"  # nothing found: docker still prints the (empty) line
    for name in missing:
        stderr += not_found(kind, name) + "\n"
        code = 1
    return Done(code, stdout, stderr)


def render_objects(template: object, objects: list[dict]) -> tuple[str, str]:
    """(stdout, error): each object through the template as docker's client runs it, on the typed value
    and, if that fails, on the decoded JSON (whose error it reports); it ends the line it was writing."""
    from shim.output.inspect_template import decoded, typed
    from shim.template import TemplateError

    parts = []
    for obj in objects:
        try:
            parts.append(template.execute(typed(obj, template=True)) + "\n")  # type: ignore[attr-defined]
        except TemplateError:
            try:
                parts.append(template.execute(decoded(obj)) + "\n")  # type: ignore[attr-defined]
            except TemplateError as e:
                return "".join(parts) + "\n", f"template parsing error: {e}"
    return "".join(parts), ""


def not_found(kind: str, name: str) -> str:
    if kind == "container":
        from shim.daemon_errors import no_such_container

        return no_such_container(name)
    if kind == "image":
        from shim.daemon_errors import no_such_image

        return no_such_image(name)
    return f"Error: No such object: {name}"
