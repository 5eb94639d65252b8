"""The entries of `nerdctl container inspect` that docker's ps reads, built from containerd's records and
nerdctl's state files instead of asked of nerdctl.

nerdctl's inspect asks containerd about each container in turn and enters each network namespace (about
7 ms a container here: 400 ms for 50); the same fields come from one listing, the tasks' states asked at
once, and two small files per container. What is built here must equal what nerdctl's compat inspect
shows (nerdctl v2's pkg/inspecttypes/dockercompat), field for field, for the fields views.container_summary
reads; tests/integration/test_ps_fast.py compares the two on containers of every state. Where a container
is in a state this does not mirror (a restart policy's restarting), None sends the caller back to nerdctl.
"""

from __future__ import annotations

import os

from shim import json_read as json  # json.loads without json's import of re (shim/json_read.py)
from shim.containerd.api import ZERO_TIME

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.containerd.api import Container, Task

_RESTART_STATUS = "containerd.io/restart.status"  # nerdctl's restart manager: the state it keeps a container in
_STATE_DIR = "nerdctl/state-dir"


def inspect_entries(address: str, namespace: str) -> list[dict] | None:
    """The namespace's containers as nerdctl's compat inspect entries (the fields ps reads), or None when
    containerd cannot be asked this way or a container needs nerdctl's own reading."""
    from shim.containerd.api import containers_and_tasks
    from shim.containerd.grpc import CallFailed

    try:
        containers, tasks = containers_and_tasks(address, namespace)
        entries = [_entry(c, tasks.get(c.id)) for c in containers]
    except (CallFailed, ValueError, KeyError, TypeError, AttributeError):
        return None  # ValueError and the rest: a record or file not shaped as expected
    return None if any(e is None for e in entries) else entries  # type: ignore[return-value]


def _entry(c: Container, task: Task | None) -> dict | None:
    labels = c.labels
    spec = json.loads(c.spec or b"{}")
    args = (spec.get("process") or {}).get("args") or []
    state: dict = {"Status": "", "Running": False, "Paused": False, "ExitCode": 0, "StartedAt": "",
                   "FinishedAt": ""}
    ports: dict[str, list[dict]] = {}
    if task is not None:
        if task.status == "stopped" and labels.get(_RESTART_STATUS) == "running":
            return None  # nerdctl says "restarting" or "exited" by its restart policy's reckoning
        state.update(Status="exited" if task.status == "stopped" else task.status,
                     Running=task.status == "running", Paused=task.status == "paused",
                     ExitCode=task.exit_status, StartedAt=started_at(spec),
                     FinishedAt="" if task.exited[0] == ZERO_TIME else rfc3339(*task.exited))
    networks = json.loads(labels.get("nerdctl/networks") or "[]")
    # nerdctl's inspect finds the ports on the interfaces of a live task's network namespace: `--network
    # none` gives it loopback only, where it lists none
    if task is not None and task.status in ("running", "paused") and networks != ["none"]:
        ports = port_mappings(labels)
    health = labels.get("nerdctl/healthstate")
    if health:
        state["Health"] = {"Status": json.loads(health).get("Status", "")}
    config: dict = {"Labels": labels, "Image": c.image}
    if labels.get("nerdctl/healthcheck"):
        config["Healthcheck"] = json.loads(labels["nerdctl/healthcheck"])
    return {
        "Id": c.id,
        "Created": rfc3339(*c.created),
        "Path": args[0] if args else "",
        "Args": args[1:],
        "State": state,
        "Image": c.image,
        "Name": labels.get("nerdctl/name", ""),
        "Mounts": recorded_mounts(labels, spec),
        "Config": config,
        "HostConfig": {"NetworkMode": networks[0] if networks else ""},
        "NetworkSettings": {"Ports": ports},
    }


def started_at(spec: dict) -> str:
    """nerdctl's record of the start (its OCI hook writes lifecycle.json in the container's state folder)."""
    folder = (spec.get("annotations") or {}).get(_STATE_DIR)
    if not folder:
        return ""
    try:
        with open(os.path.join(folder, "lifecycle.json"), "rb") as f:
            started = json.loads(f.read() or b"{}").get("started_at") or ""
    except FileNotFoundError:
        return ""
    return "" if started.startswith("0001-") else started


def port_mappings(labels: dict[str, str]) -> dict[str, list[dict]]:
    """nerdctl's port mappings (its network-config.json, else the older nerdctl/ports label), one binding
    per container port and protocol: the last mapping of a port wins, as in nerdctl's inspect."""
    mappings: list = []
    folder = labels.get(_STATE_DIR)
    if folder:
        try:
            with open(os.path.join(folder, "network-config.json"), "rb") as f:
                saved = json.loads(f.read() or b"{}")
            mappings = next((v for k, v in saved.items() if k.lower() == "portmappings"), None) or []
        except FileNotFoundError:
            pass
    if not mappings and labels.get("nerdctl/ports"):
        mappings = json.loads(labels["nerdctl/ports"]) or []
    out: dict[str, list[dict]] = {}
    for given in mappings:
        m = {k.lower(): v for k, v in given.items()}  # Go reads JSON keys regardless of case
        key = f"{m.get('containerport', 0)}/{m.get('protocol', '')}"
        out[key] = [{"HostIp": m.get("hostip", ""), "HostPort": str(m.get("hostport", 0))}]
    return out


def recorded_mounts(labels: dict[str, str], spec: dict) -> list[dict]:
    """nerdctl's record of the mounts as given (nerdctl/mounts, or one label per mount), else the spec's
    bind mounts."""
    given = labels.get("nerdctl/mounts")
    if not given:
        parts = []
        while f"nerdctl/mounts.{len(parts)}" in labels and labels[f"nerdctl/mounts.{len(parts)}"]:
            parts.append(labels[f"nerdctl/mounts.{len(parts)}"])
        given = "[" + ",".join(parts) + "]" if parts else ""
    if given:
        return json.loads(given) or []
    out = []
    for m in spec.get("mounts") or []:
        if m.get("type") != "bind":
            continue
        options = m.get("options") or []
        propagation = ([o for o in options if o in ("private", "rprivate", "shared", "rshared", "slave", "rslave")]
                       or [""])[-1]  # the last one given, as nerdctl reads them
        out.append({"Type": "bind", "Source": m.get("source", ""), "Destination": m.get("destination", ""),
                    "Mode": ",".join(options), "RW": not any(o in ("ro", "rro") for o in options),
                    "Propagation": propagation})
    return out


def rfc3339(seconds: int, nanos: int) -> str:
    """Go's RFC 3339 with nanoseconds (trailing zeros dropped) of a UTC time."""
    import time

    text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    fraction = f"{nanos:09d}".rstrip("0")
    return f"{text}.{fraction}Z" if fraction else f"{text}Z"
