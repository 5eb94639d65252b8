"""docker history on nerdctl: nerdctl's layers as JSON, the image's ID, then docker's rows.

nerdctl names each layer by its snapshot; docker shows the image ID on the newest layer and `<missing>`
on the ones below (layers pulled from a registry carry no image ID of their own).
"""

from __future__ import annotations

from shim.backends.nerdctl.common import base, plan
from shim.plan import CAPTURE, Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Plan, Result

HEADERS = {"ID": "IMAGE", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "CreatedBy": "CREATED BY",
           "Size": "SIZE", "Comment": "COMMENT"}
DEFAULT_TABLE = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"


class HistoryRow:
    """The fields a `docker history --format` template sees (docker's formatter.historyContext)."""

    __gotype__ = "*image.historyContext"  # docker 28.2.2's package for it

    def __init__(self, layer: dict, image_id: str, *, trunc: bool, human: bool) -> None:
        self._l, self._id, self._trunc, self._human = layer, image_id, trunc, human

    def ID(self) -> str:
        if not self._id:
            return "<missing>"
        return self._id.removeprefix("sha256:")[:12] if self._trunc else self._id

    def CreatedSince(self) -> str:
        return self._l.get("CreatedSince", "") if self._human else self._l.get("CreatedAt", "")

    def CreatedAt(self) -> str:
        return self._l.get("CreatedAt", "")

    def CreatedBy(self) -> str:
        text = self._l.get("CreatedBy", "").replace("\t", " ")
        return text[:44] + "…" if self._trunc and len(text) > 45 else text

    def Size(self) -> str:
        return self._l.get("Size", "")

    def Comment(self) -> str:
        return self._l.get("Comment", "")

    def __gojson__(self) -> dict:
        return {name: getattr(self, name)() for name in sorted(HEADERS)}


def translate_history(parsed: Parsed, ctx: Context) -> Plan | Done:
    from shim.output.listing import validate_format

    fmt = parsed.text("format")
    validate_format(fmt)
    human = parsed.get("human") is not False
    from shim.backends.nerdctl.image_ids import resolved

    return resolved(parsed, ctx, [parsed.args[0]], lambda found: _history(parsed, ctx, found[0], fmt, human))


def _history(parsed: Parsed, ctx: Context, image: str, fmt: str, human: bool) -> Plan:
    from shim.backends.nerdctl.lists import json_lines

    quiet = parsed.get("quiet") is True
    layers_argv = [*base(ctx), "history", "--no-trunc", "--format={{json .}}", *([] if human else ["--human=false"]),
                   image]
    # The image ID docker shows on the newest layer: Engine 29's, the digest the name points to.
    id_argv = [*base(ctx), "image", "inspect", "--mode=native", "--format={{.Image.Target.Digest}}", image]

    def with_layers(result: Result) -> Plan:
        layers = json_lines(result.stdout)

        def with_id(found: Result) -> Done:
            from shim.output import formatting

            image_id = (found.stdout.decode().split() or [""])[0]  # one line per name of the image
            rows = [HistoryRow(layer, image_id if i == 0 else "", trunc=parsed.get("no-trunc") is not True,
                               human=human) for i, layer in enumerate(layers)]
            final = formatting.choose_format(fmt, quiet=quiet, default_table=DEFAULT_TABLE)
            # docker heads the date column "CREATED AT" when it prints dates rather than durations (-H=false)
            headers = HEADERS if human else {**HEADERS, "CreatedSince": "CREATED AT"}
            return Done(0, formatting.render(final, rows, headers))

        return plan(parsed, ctx, id_argv, mode=CAPTURE, then=with_id)

    return plan(parsed, ctx, layers_argv, mode=CAPTURE, then=with_layers, later=(id_argv,))
