"""docker create: the steps pydock takes before handing `create` to nerdctl, for an image ID and a `--`.

`create` is still passed to nerdctl as docker wrote it (its own spec entry comes with the command surface
issue), but nerdctl reads an image ID as a name on Docker Hub, as it does for `run`. docker's `create`
takes `run`'s flags (bar a few of run's own), so run's spec finds where IMAGE stands; an ID there is looked
up like run's (image_ids), and a `--` after IMAGE reaches the container as with run (common.payload). A line
run's spec cannot read goes to nerdctl untouched.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Done, Plan

PATHS = ("create", "container create")


def _as_run(tail: list[str], path: str) -> tuple[Parsed | None, int]:
    """create's arguments read with run's spec, and where IMAGE stands; (None, -1) when run's spec cannot tell."""
    from shim import spec
    from shim.errors import DockerError
    from shim.parse import parse_command

    try:
        parsed = parse_command(tail, spec.get("run"), path)
    except DockerError:
        return None, -1
    if not parsed.args or parsed.help:
        return None, -1
    return parsed, len(tail) - len(parsed.args)


def with_image_resolved(path: str, tail: list[str], ctx: Context,
                        then: Callable[[list[str]], Plan | Done]) -> Plan | Done:
    from shim.backends.nerdctl.common import payload
    from shim.backends.nerdctl.image_ids import looks_like_id, resolved

    parsed, at = _as_run(tail, path)
    if parsed is None:
        return then(tail)
    command = payload(tail[at + 1:])  # a `--` after IMAGE is the container's, as for run
    if not looks_like_id(tail[at]):
        return then([*tail[:at + 1], *command])
    return resolved(parsed, ctx, [tail[at]], lambda found: then([*tail[:at], found[0], *command]))
