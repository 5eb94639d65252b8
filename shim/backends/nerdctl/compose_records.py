"""nerdctl compose's log records and failures in docker compose's words: its steps as compose's plain progress
lines (live, as they arrive), its errors as compose prints them (the bare message, exit 1)."""

from __future__ import annotations

import re

from shim.backends.nerdctl import errors
from shim.compose_project import EXIT_COMPOSE
from shim.output.compose import progress
from shim.plan import Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.plan import Result

# nerdctl compose's info records → (what, how docker compose words its steps). Records not listed (the
# `nerdctl run` command lines, which carry the services' environment, "Ensuring image …") show nothing.
_STEPS = (
    (re.compile(r"Creating network (\S+)$"), "Network", ("Creating", "Created")),
    (re.compile(r"Creating volume (\S+)$"), "Volume", ("Creating", "Created")),
    (re.compile(r"Creating container (\S+)$"), "Container", ("Creating", "Created")),
    (re.compile(r"Re-creating container (\S+)$"), "Container", ("Recreate", "Recreated")),
    (re.compile(r"Container (\S+) exists, skipping$"), "Container", ("Running",)),
    (re.compile(r"Stopping container (\S+)$"), "Container", ("Stopping", "Stopped")),
    (re.compile(r"Removing container (\S+)$"), "Container", ("Removing", "Removed")),
    (re.compile(r"Removing network (\S+)$"), "Network", ("Removing", "Removed")),
    (re.compile(r"Removing volume (\S+)$"), "Volume", ("Removing", "Removed")),
    (re.compile(r"Restarting container (\S+)$"), "Container", ("Restarting", "Started")),
    (re.compile(r"Pulling image (\S+)$"), "Image", ("Pulling", "Pulled")),
    (re.compile(r"Pushing image (\S+)$"), "Image", ("Pushing", "Pushed")),
)
# nerdctl's warnings docker compose has no cause for: compose-go's normal form (every depends_on is "required",
# which docker compose honours), the volume nerdctl's compose just created, met again when a service mounts it,
# and the profile keys of the model, which nerdctl's compose honours when it picks the services.
_NOISE = re.compile(r'^Ignoring: service \S+: depends_on: \S+: \[Required\]$|^volume "\S+" already exists and will be '
                    r"returned as-is$|^Ignoring: (service \S+: )?\[(Profiles|DisabledServices)\]$")
_KEPT = re.compile(r"^container ([0-9a-f]{64}) is already running$")
# nerdctl's compose counts every container of the services a command does not name (run's, up's) an orphan.
_ORPHANS = re.compile(r"^found \d+ orphaned containers: \[(.*)\], you can run this command with the --remove-orphans "
                      r"flag to clean it up$")


def progress_view(record: str, command: str, *, quiet: bool = False, some: bool = False,
                  names: dict[str, str] | None = None) -> str | None:
    """What docker compose prints for one of nerdctl compose's log records ("" nothing; None: an error kept
    for the end). `some`: the command names services, whose siblings nerdctl's compose takes for orphans."""
    fields = errors.parse_record(record)
    level, message = fields.get("level", ""), fields.get("msg", "")
    if level in ("error", "fatal"):
        return None
    running = _KEPT.match(message)
    if level == "warning" and running:  # a container `up` keeps, as it is
        name = (names or {}).get(running.group(1), running.group(1)[:12])
        return "" if quiet else progress("Container", name, "Running")
    if level == "warning":
        orphans = _ORPHANS.match(message)
        if orphans and command != "run" and not some:  # docker compose's wording
            return (f'time="{fields.get("time", "")}" level=warning msg="Found orphan containers '
                    f"([{orphans.group(1)}]) for this project. If you removed or renamed this service in your "
                    "compose file, you can run this command with the --remove-orphans flag to clean it up.\"\n")
        return "" if _NOISE.match(message) or orphans else record + "\n"
    if quiet:
        return ""
    for pattern, kind, steps in _STEPS:
        found = pattern.match(message)
        if found:
            if kind == "Container" and steps[0] in ("Creating", "Recreate") and command == "up":
                steps = (*steps, "Starting", "Started")  # noqa: PLW2901 - nerdctl's up creates and starts in one step
            return "".join(progress(kind, found.group(1), status) for status in steps)
    return ""


EXITED = re.compile(r'^container "\S+" exited$')
_EXEC_CODE = re.compile(r"^exec failed with exit code (\d+)$")
_NOT_RUNNING = re.compile(r"^no running containers from service (\S+)$")
_NESTED = re.compile(r'^error while executing \[.*?\]: "(time=.*)\\n": exit status \d+$', re.DOTALL)


def compose_message(message: str) -> str:
    """A nerdctl compose error in docker compose's words."""
    nested = _NESTED.match(message)
    if nested:  # a nerdctl command compose ran failed: its own record, Go-quoted inside this one
        inner = errors.parse_record(nested.group(1).encode().decode("unicode_escape"))
        message = inner.get("msg", message)
    not_running = _NOT_RUNNING.match(message)
    if not_running:
        return f'service "{not_running.group(1)}" is not running'
    # docker's wording of the runtime's message, without the daemon prefix compose's own errors lack
    return errors.docker_message(message).removeprefix("Error response from daemon: ")


def restate(result: Result) -> Done:
    """A failed nerdctl compose command: docker compose prints the error's message and exits 1; a command
    exec ran exits with its own code."""
    if result.code == 0:
        return Done(0)
    messages = [errors.parse_record(r).get("msg", r) for r in result.errors]
    for message in messages:
        code = _EXEC_CODE.match(message)
        if code:
            return Done(int(code.group(1)))
    text = compose_message(messages[0]) if messages else ""
    return Done(EXIT_COMPOSE if result.code != 0 else 0, stderr=text)
