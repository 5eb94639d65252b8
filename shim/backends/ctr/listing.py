"""docker ps on ctr: containers and their tasks read from containerd's API (what `ctr containers ls` and
`ctr tasks ls` print, with labels and specs), summarised for the shared renderer. nerdctl's label keys
(nerdctl/name) name a container whichever of the two created it; a container without one goes by its ID."""

from __future__ import annotations

from shim.backends.ctr.common import address, base
from shim.backends.ctr.network import networks_of
from shim.errors import EXIT_GENERAL, DockerError
from shim.json_read import json_object  # json.loads without json's import of re
from shim.labels import image_as_given, user_labels
from shim.output.host_config import INIT_PATH, has_init
from shim.plan import CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.containerd.api import Container, Task
    from shim.parse import Parsed

NAME_LABEL = "nerdctl/name"  # nerdctl's key for a container's name: `nerdctl ps` shows ours, we show its
PORTS_KEY = "nerdctl/networks"  # only a container on a network of its own can have published ports


def container_records(where: str, namespace: str) -> tuple[list[Container], dict[str, Task]]:
    from shim.containerd.api import containers_and_tasks

    return containers_and_tasks(where, namespace)


def records(ctx: Context) -> tuple[list[Container], dict[str, Task]]:
    """The namespace's containers and tasks; docker's error when containerd does not answer."""
    from shim.backends.ctr.common import unreachable
    from shim.containerd.grpc import CallFailed

    try:
        return container_records(address(ctx), ctx.namespace)
    except CallFailed:
        raise DockerError(unreachable(ctx), EXIT_GENERAL) from None


def name_of(c: Container) -> str:
    return c.labels.get(NAME_LABEL) or c.id


def translate_ps(parsed: Parsed, ctx: Context) -> Plan | Done:
    from shim.output import container_filters
    from shim.output.containers import ContainerContext
    from shim.output.listing import given_format, ps_output, validate_format

    filters = container_filters.parse_filters(list(parsed.get("filter") or []))
    fmt, warning = given_format(parsed, ctx.config, "psFormat")
    validate_format(fmt, ContainerContext.empty())
    if ctx.dry_run:
        return Plan([*base(ctx), "containers", "ls"], CAPTURE)
    found, tasks = records(ctx)
    return ps_output(parsed, fmt, [summary(c, tasks.get(c.id)) for c in found], filters, warning)


def summary(c: Container, task: Task | None) -> dict:
    """docker's container summary (shim/output/listing.py) from containerd's record and task."""
    spec = json_object(c.spec)
    args = (spec.get("process") or {}).get("args") or []
    if has_init(spec) and args[:2] == [INIT_PATH, "--"]:
        args = args[2:]  # docker shows the command `--init` runs, not its docker-init
    created = c.created[0] + c.created[1] / 1e9
    state, code, finished = "created", 0, 0.0
    if task is not None:
        state = {"running": "running", "paused": "paused", "pausing": "paused", "created": "created"}.get(
            task.status, "exited")
        if state == "exited":
            code, finished = task.exit_status, task.exited[0] + task.exited[1] / 1e9
    elif c.labels.get(EXITED_LABEL):
        state = "exited"
        code_text, _, when = c.labels[EXITED_LABEL].partition(",")
        code, finished = int(code_text or 0), float(when or 0)
    stored = c.image
    return {
        "Id": c.id, "Names": ["/" + name_of(c)],
        "Image": image_as_given(stored, c.labels) if stored else "",
        "ImageRef": stored,
        "Command": " ".join(f"'{a}'" if " " in a else a for a in args),
        "Created": created, "Ports": _ports(c, state), "Labels": user_labels(c.labels), "State": state,
        "Health": "", "ExitCode": code, "StartedAt": created if state != "created" else 0.0, "FinishedAt": finished,
        "Mounts": [], "Networks": networks_of(c.labels, spec), "Platform": "", "SizeRw": 0, "SizeRootFs": 0,
    }


def _ports(c: Container, state: str) -> list[dict]:
    """A running container's published ports, as docker's summary lists them."""
    if state not in ("running", "paused") or PORTS_KEY not in c.labels:
        return []
    from shim.backends.ctr.network import published

    out = []
    for key, bindings in published(c.labels).items():
        number, _, proto = key.partition("/")
        out += [{"IP": b["HostIp"] or "0.0.0.0", "PrivatePort": int(number),  # noqa: S104 - docker's words
                 "PublicPort": int(b["HostPort"] or 0), "Type": proto} for b in bindings]
    return out


# Set on a container whose task pydock deleted after it exited (`ctr` keeps no stopped task's status
# once the task is gone): "CODE,EPOCH".
EXITED_LABEL = "pydock/exited"


