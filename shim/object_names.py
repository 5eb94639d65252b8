"""Object names docker's client refuses before it asks the daemon: an empty or blank container, volume or
network name (`docker logs "$cid"` with an unset variable), and `cp`'s pair of paths.

docker's client library trims each ID (TrimSpace) and answers a blank one itself, with "invalid container name
or ID: value is empty" (volume, network alike), exit 1; a few commands check first in their own words (`rm`,
`diff`, `rename`, `inspect --type image`). Commands that take several names go on with the others and print the
blank one's error among theirs; pydock leaves those names out of the backend's command and prints their errors
after the backend's (docker prints them in argument order).
"""

from __future__ import annotations

from shim.errors import EXIT_GENERAL, DockerError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.parse import Parsed

EMPTY = "invalid {} name or ID: value is empty"
NO_IMAGE = "Error: No such image: "

# command (its canonical path without a leading "container ") → the kind of object its names are, and
# whether it takes several (then the others go on) or only its first argument is a name.
NAMES: dict[str, tuple[str, bool]] = {
    **dict.fromkeys(("start", "stop", "kill", "restart", "pause", "unpause", "wait", "rm", "update", "inspect",
                     "stats"), ("container", True)),
    **dict.fromkeys(("logs", "exec", "port", "top", "diff", "export", "commit", "attach"), ("container", False)),
    "image inspect": ("image", True),
    "volume rm": ("volume", True), "volume inspect": ("volume", True),
    "network inspect": ("network", True),  # network rm: its own list of errors (backends' networks)
}
# Several names, but docker stops at the first error (its stats stream), so none are left out.
ALL_OR_NOTHING = frozenset(("stats",))
# Several names, whose backend words a blank one among the others itself, in order (start's closing list).
IN_ORDER = frozenset(("start",))
INSPECT_KINDS = {"": "container", "container": "container", "image": "image", "volume": "volume",
                 "network": "network"}


def check(parsed: Parsed, canonical: str) -> str:
    """Raise docker's error when the command has nothing left to do; else take blank names out of
    `parsed.args` and return the errors to print after the backend's run ("" when there are none)."""
    command = canonical.removeprefix("container ")
    if command not in NAMES:
        _check_pair(command, parsed.args)
        return ""
    kind, several = NAMES[command]
    if command == "inspect":
        kind = INSPECT_KINDS.get(str(parsed.get("type") or ""), "")
        if not kind:  # docker's own check of --type answers
            return ""
    attach = parsed.get("attach") is True or parsed.get("interactive") is True
    if command == "start" and attach and len(parsed.args) > 1:
        return ""  # start refuses attaching to several first (its backend's check)
    names = parsed.args if several else parsed.args[:1]
    errors = [(i, _blank(command, kind, name)) for i, name in enumerate(names)]
    errors = [(i, e) for i, e in errors if e]
    if not errors:
        return ""
    text = "\n".join(e for _, e in errors)
    if len(errors) == len(names) or not several or command in ALL_OR_NOTHING:
        raise _all_blank(parsed, command, text, attach)
    if command in IN_ORDER:
        return ""
    taken = {i for i, _ in errors}
    parsed.args = [name for i, name in enumerate(parsed.args) if i not in taken]
    return text


def _check_pair(command: str, args: list[str]) -> None:
    """The commands whose first two arguments name different things."""
    if command == "cp":
        _check_copy(args)
    elif command == "rename" and any(not name.strip() for name in args[:2]):
        raise DockerError("Error: Neither old nor new names may be empty", EXIT_GENERAL)
    elif command in ("network connect", "network disconnect"):
        for kind, name in zip(("network", "container"), args[:2], strict=False):
            if not name.strip():
                raise DockerError(EMPTY.format(kind), EXIT_GENERAL)


def _blank(command: str, kind: str, name: str) -> str:
    """docker's error for `name` when it is empty or blank for this command, else ""."""
    if kind == "image":  # the client answers only an empty one; a blank one reaches the daemon
        return NO_IMAGE if name == "" else ""
    if command == "rm" and not name.strip("/"):  # rm trims slashes and checks before the library does
        return "container name cannot be empty"
    if command == "diff" and name == "":
        return "Container name cannot be empty"
    return EMPTY.format(kind) if not name.strip() else ""


def _all_blank(parsed: Parsed, command: str, text: str, attach: bool) -> DockerError:
    """The error of a command none of whose names are left: inspect first prints what it found (nothing),
    start names the containers it failed to start."""
    if command == "start" and not attach:
        text += "\nError: failed to start containers: " + ", ".join(parsed.args)
    error = DockerError(text, EXIT_GENERAL)
    if command.endswith("inspect"):
        template = str(parsed.get("format") or "")
        error.notices.append("" if template and template != "json" else "[]")
    return error


def _check_copy(args: list[str]) -> None:
    """docker's cp: a side is the container's when it reads `NAME:PATH` (not an absolute or `.` path)."""
    if len(args) != 2:
        return
    containers = [_container_of(arg) for arg in args]
    if all(c is None for c in containers):
        raise DockerError("must specify at least one container source", EXIT_GENERAL)
    if all(c is not None for c in containers):
        raise DockerError("copying between containers is not supported", EXIT_GENERAL)
    for name in containers:
        if name is not None and not name.strip():
            raise DockerError(EMPTY.format("container"), EXIT_GENERAL)


def _container_of(arg: str) -> str | None:
    if arg.startswith("/"):
        return None
    name, sep, _path = arg.partition(":")
    if not sep or not name or name.startswith("."):
        return None
    return name
