"""docker's `--format` for lists: `table`, `table TEMPLATE`, `json`, or a Go template per row.

Follows docker/cli's formatter.Context: rows are the template's output plus a newline; tables also
render the template once over the column headers (with docker's header functions, which leave a
header untouched) and align everything with the tabwriter.
"""

from __future__ import annotations

from shim.errors import DockerError
from shim.output.tabwriter import align

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def _identity(value: object, *_args: object) -> object:
    return value


# docker/cli templates.HeaderFunctions: in the header row these functions return their input.
HEADER_FUNCS = {name: _identity for name in ("json", "split", "join", "title", "lower", "upper", "truncate")}


def template_text(fmt: str) -> str:
    """The Go template a --format value stands for (docker's Format.templateString)."""
    if fmt == "json":
        return "{{json .}}"
    if fmt == "table":
        return ""
    text = fmt[len("table"):] if fmt.startswith("table") else fmt
    return text.strip(" ").replace("\\t", "\t").replace("\\n", "\n")


def choose_format(given: str, *, quiet: bool, default_table: str, quiet_format: str = "{{.ID}}") -> str:
    """docker's NewContainerFormat/NewImageFormat: what a command prints for its flags."""
    if given in ("", "table"):
        return quiet_format if quiet else default_table
    return quiet_format if quiet else given


def parse(fmt: str, *, prefix: str = "template parsing error: "):
    """Parse a format's template, failing the way docker does."""
    from shim.template import Template, TemplateError

    try:
        return Template.parse(template_text(fmt))
    except TemplateError as e:
        raise DockerError(f"{prefix}{e}") from None


def try_execute(template: object, data: object, *, prefix: str) -> None:
    from shim.template import TemplateError

    try:
        template.execute(data)  # type: ignore[attr-defined]
    except TemplateError as e:
        raise DockerError(f"{prefix}{e}") from None


def render(fmt: str, rows: Sequence[object], headers: dict[str, str]) -> str:
    """The text docker prints for the rows under this format."""
    fast = _plain_render(fmt, rows, headers)
    if fast is not None:
        return fast
    from shim.template import TemplateError

    template = parse(fmt)
    out: list[str] = []
    for row in rows:
        try:
            out.append(template.execute(row) + "\n")
        except TemplateError as e:
            raise DockerError(f"template parsing error: {e}") from None
    if not fmt.startswith("table"):
        return "".join(out)
    try:
        header = template.execute(headers, funcs=HEADER_FUNCS)
    except TemplateError:
        header = ""  # docker ignores a header that fails to render
    return align(header + "\n" + "".join(out))


def _plain_render(fmt: str, rows: Sequence[object], headers: dict[str, str]) -> str | None:
    """render() of a format that is nothing but literal text and `{{.Field}}` actions whose values are strings
    (docker's default tables, `{{.ID}}`, `{{.Names}}\t{{.Status}}`), without the template engine, whose import
    costs about 3 ms of every `ps` and `images`. None for any other format or value: the engine renders it."""
    parts = _plain_parts(template_text(fmt))
    if parts is None:
        return None
    names = parts[1::2]
    lines = [[] for _ in rows]
    for row, line in zip(rows, lines, strict=True):
        for name in names:
            if isinstance(row, dict):
                value = row.get(name) if type(row) is dict else None  # a GoStruct says what it lacks: the engine
            else:
                value = getattr(row, name, None)
                try:
                    value = value() if callable(value) else value
                except TypeError:  # a method that wants arguments (`{{.Label}}`): the engine's error
                    return None
            if not isinstance(value, str):
                return None
            line.append(value)
    if fmt.startswith("table") and not all(isinstance(headers.get(n), str) for n in names):
        return None

    def joined(values: list[str]) -> str:
        return "".join(p for pair in zip(parts[::2], [*values, ""], strict=True) for p in pair) + "\n"

    body = "".join(joined(values) for values in lines)
    if not fmt.startswith("table"):
        return body
    return align(joined([headers[n] for n in names]) + body)


def _plain_parts(text: str) -> list[str] | None:
    """The template as [literal, field, literal, field, …, literal] when its actions are all `{{.Field}}`."""
    parts: list[str] = []
    rest = text
    while True:
        start = rest.find("{{")
        literal = rest if start < 0 else rest[:start]
        if "}}" in literal:
            return None
        parts.append(literal)
        if start < 0:
            return parts
        end = rest.find("}}", start)
        field = rest[start + 3:end] if end > 0 and rest[start + 2:start + 3] == "." else ""
        if not (field.isidentifier() and field.isascii()):
            return None
        parts.append(field)
        rest = rest[end + 2:]


# docker's inspect, version and info print a template per object (no tables) and exit 64 when the
# template does not parse.
EXIT_OBJECT_TEMPLATE = 64


def _named(message: str, name: str) -> str:
    """Go's message for a template called `name` (docker names version's template "version")."""
    if not name:
        return message
    return message.replace("template: :", f"template: {name}:", 1).replace('executing ""', f'executing "{name}"')


def parse_object_template(text: str, *, name: str = ""):
    """The template of inspect/version/info's --format, as given; a parse error exits 64."""
    from shim.template import Template, TemplateError

    try:
        return Template.parse(text)
    except TemplateError as e:
        raise DockerError(f"template parsing error: {_named(str(e), name)}", EXIT_OBJECT_TEMPLATE) from None


def render_each(template: object, objects: Sequence[object], *, name: str = "", prefix: str = "") -> tuple[str, str]:
    """(stdout, error) of a template over each object, a line each. When one fails, docker ends the line it
    was writing and reports Go's message (after `prefix`)."""
    from shim.template import TemplateError

    parts = []
    for obj in objects:
        try:
            parts.append(template.execute(obj) + "\n")  # type: ignore[attr-defined]
        except TemplateError as e:
            return "".join(parts) + "\n", prefix + _named(str(e), name)
    return "".join(parts), ""

