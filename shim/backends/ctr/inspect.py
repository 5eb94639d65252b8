"""docker inspect / container inspect / image inspect on ctr: containerd's records, shaped as docker's.

containerd's API gives a container's record (ID, labels, image, creation time, OCI spec) and its task
(status, pid, exit); this module drafts docker's ContainerJSON from them, as the nerdctl backend drafts it
from nerdctl's compat entry, and the shared shim/output/inspect.py completes it (Config from the image,
HostConfig from the spec and the labels run wrote). Images come from their manifest and config blobs. The
output (JSON, `json`, templates, missing names) is shim/output/inspect_print.py's. No process runs.
"""

from __future__ import annotations

from shim.backends.ctr.common import address
from shim.backends.ctr.listing import EXITED_LABEL, name_of, records
from shim.errors import DockerError
from shim.json_read import json_object
from shim.plan import Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.containerd.api import Container, Task
    from shim.parse import Parsed

# containerd's default mounts (oci.populateDefaultUnixSpec): docker lists none of them
_DEFAULT_MOUNTS = {("/proc", "proc"), ("/dev", "tmpfs"), ("/dev/pts", "devpts"),
                   ("/dev/shm", "tmpfs"),  # noqa: S108 - a container's path, not a temporary file of ours
                   ("/dev/mqueue", "mqueue"), ("/sys", "sysfs"), ("/run", "tmpfs")}
_TMPFS_DEFAULTS = ("nosuid", "nodev", "noexec")  # what docker's daemon adds to a --tmpfs (run_mounts.py)
ZERO = -62135596800  # Go's zero time, in seconds


def translate_inspect(parsed: Parsed, ctx: Context) -> Done:
    from shim.output.inspect_print import finish, object_template

    kind = _kind(parsed)
    fmt = parsed.text("format")
    template = object_template(fmt)
    containers, tasks = records(ctx) if kind in ("", "container") else ([], {})
    images = _image_records(ctx) if kind in ("", "image") else []
    objects, missing, cache = [], [], {}
    from shim.backends.ctr.containers import find

    for name in parsed.args:
        c = find(containers, name.removeprefix("/")) if kind != "image" else None
        if c is not None:
            objects.append(_container(ctx, c, tasks.get(c.id), images, cache))
            continue
        image = _find_image(images, name) if kind != "container" else None
        if image is not None:
            objects.append(_image(ctx, image, images, cache))
        else:
            missing.append(name)
    return finish(objects, missing, kind, fmt, template)


def _kind(parsed: Parsed) -> str:
    from shim.output.inspect_print import inspect_kind

    kind = inspect_kind(parsed)
    if kind not in ("", "container", "image"):
        raise DockerError(f"Error: pydock's ctr backend has no {kind} objects (ctr has no networks, volumes, "
                          "swarm or plugins)")
    return kind


def _rfc3339(seconds: int, nanos: int) -> str:
    """Go's time.RFC3339Nano in UTC, as docker prints its times (trailing zeros of the fraction dropped)."""
    import time

    if seconds <= ZERO:
        return "0001-01-01T00:00:00Z"
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    fraction = f"{nanos:09d}".rstrip("0")
    return f"{stamp}{'.' + fraction if fraction else ''}Z"


def _state(c: Container, task: Task | None) -> dict:
    """docker's State from the task (or, for a task ctr deleted when it ended, run's `pydock/exited` label)."""
    created = _rfc3339(*c.created)
    if task is not None:
        status = {"running": "running", "paused": "paused", "pausing": "paused", "created": "created"}.get(
            task.status, "exited")
        finished = _rfc3339(*task.exited) if status == "exited" else ""
        return {"Status": status, "Pid": task.pid, "ExitCode": task.exit_status if status == "exited" else 0,
                "StartedAt": created if status != "created" else "", "FinishedAt": finished}
    if c.labels.get(EXITED_LABEL):
        code, _, when = c.labels[EXITED_LABEL].partition(",")
        seconds = float(when or 0)
        return {"Status": "exited", "ExitCode": int(code or 0), "StartedAt": created,
                "FinishedAt": _rfc3339(int(seconds), int(seconds % 1 * 1e9))}
    return {"Status": "created"}


def _mounts(spec: dict) -> tuple[list[dict], dict[str, str]]:
    """docker's Mounts (binds and --mount tmpfs) and HostConfig.Tmpfs (the tmpfs mounts' own options) from
    the spec, without containerd's defaults and --init's docker-init."""
    from shim.output.host_config import INIT_PATH

    mounts, tmpfs = [], {}
    for m in spec.get("mounts") or []:
        target, kind = m.get("destination", ""), m.get("type", "")
        options = list(m.get("options") or [])
        if (target, kind) in _DEFAULT_MOUNTS or target == INIT_PATH:
            continue
        if kind == "tmpfs":
            tmpfs[target] = ",".join(o for o in options if o not in _TMPFS_DEFAULTS)
            mounts.append({"Type": "tmpfs", "Source": "", "Destination": target, "Mode": "",
                           "RW": "ro" not in options, "Propagation": ""})
        elif kind == "bind" or "bind" in options or "rbind" in options:
            ro = "ro" in options
            mounts.append({"Type": "bind", "Source": m.get("source", ""), "Destination": target,
                           "Mode": "ro" if ro else "", "RW": not ro, "Propagation": "rprivate"})
    return sorted(mounts, key=lambda m: m["Destination"]), tmpfs  # docker's come from a map: one order


def _host_config(spec: dict, labels: dict[str, str], tmpfs: dict[str, str]) -> dict:
    """What HostConfig the spec tells (shim/output/host_config.py completes it)."""
    from shim.backends.ctr.network import networks_of

    linux = spec.get("linux") or {}
    resources = linux.get("resources") or {}
    process = spec.get("process") or {}
    limits = [{"Name": r["type"].removeprefix("RLIMIT_").lower(), "Hard": r.get("hard", 0), "Soft": r.get("soft", 0)}
              for r in process.get("rlimits") or [] if (r.get("soft"), r.get("hard")) != (1024, 1024)]
    cpu = resources.get("cpu") or {}
    return {
        "NetworkMode": networks_of(labels, spec)[0],
        "Privileged": "CAP_SYS_ADMIN" in ((process.get("capabilities") or {}).get("bounding") or []),
        "ReadonlyRootfs": bool((spec.get("root") or {}).get("readonly")),
        "Memory": (resources.get("memory") or {}).get("limit", 0) or 0,
        "CpuQuota": cpu.get("quota", 0) or 0, "CpuPeriod": cpu.get("period", 0) or 0,
        "CpuShares": cpu.get("shares", 0) or 0, "PidsLimit": (resources.get("pids") or {}).get("limit"),
        "Ulimits": limits, "Tmpfs": tmpfs or None, "AutoRemove": False,
        "LogConfig": {"Type": "json-file" if labels.get("pydock/detached") else "none", "Config": {}},
    }


def _container(ctx: Context, c: Container, task: Task | None, images: list[dict], cache: dict) -> dict:
    from shim.output import inspect as shape

    spec = json_object(c.spec)
    process = spec.get("process") or {}
    args = list(process.get("args") or [])
    mounts, tmpfs = _mounts(spec)
    compat = {
        "Id": c.id, "Created": _rfc3339(*c.created), "Path": args[0] if args else "", "Args": args[1:],
        "State": _state(c, task), "Image": c.image, "Name": name_of(c), "Driver": c.snapshotter or "overlayfs",
        "Platform": "linux", "Mounts": mounts, "HostConfig": _host_config(spec, c.labels, tmpfs),
        "Config": {"Hostname": spec.get("hostname", ""), "Image": c.image, "Env": list(process.get("env") or []),
                   "Labels": dict(c.labels)},
        "NetworkSettings": _network_settings(ctx, c, spec, task),
    }
    image = next((i for i in images if i["Name"] == c.image), None)
    image_object = _image(ctx, image, images, cache) if image else {}
    return shape.container(compat, {"Spec": spec}, image_object)


def _network_settings(ctx: Context, c: Container, spec: dict, task: Task | None) -> dict:
    """Each network's endpoint (address, gateway, MAC while it runs: network.py) and the published ports;
    the first network's endpoint is also the container's own, as docker shows the default bridge's."""
    from shim.backends.ctr import network

    running = task is not None and task.status in ("running", "paused", "pausing")
    read = None
    if ctx.remote is not None:  # the CNI result is the remote's
        from shim.backends.ctr.remote_network import read_remote

        def read(path: str) -> bytes | None:
            return read_remote(ctx, path)
    found = network.settings(c.id, ctx.namespace, c.labels, running, read)
    names = network.networks_of(c.labels, spec)
    endpoints = {name: found["Networks"].get(name) or {} for name in names}
    first = endpoints[names[0]] if names else {}
    return {"Networks": endpoints, "Ports": found["Ports"], "IPAddress": first.get("IPAddress", ""),
            "IPPrefixLen": first.get("IPPrefixLen", 0), "Gateway": first.get("Gateway", ""),
            "MacAddress": first.get("MacAddress", "")}


def _image_records(ctx: Context) -> list[dict]:
    from shim.backends.ctr.state import images

    return images(address(ctx), ctx.namespace)


def _find_image(images: list[dict], name: str) -> dict | None:
    """docker's lookup: a name (normalised), a full or short image ID (the digest its name points to)."""
    from shim import reference

    wanted = reference.normalize(name) if not reference.problem(name) else ""
    for image in images:
        if image["Name"] == wanted:
            return image
    bare = name.removeprefix("sha256:")
    if len(bare) >= 4 and all(ch in "0123456789abcdef" for ch in bare):
        hits = {i["Target"]["digest"] for i in images if i["Target"]["digest"].removeprefix("sha256:").startswith(bare)}
        if len(hits) == 1:
            digest = hits.pop()
            return next(i for i in images if i["Target"]["digest"] == digest)
    return None


def _image(ctx: Context, image: dict, images: list[dict], cache: dict) -> dict:
    """docker's image inspect of one record: its config blob and unpacked size (state.py's reading)."""
    from shim import reference
    from shim.output import inspect as shape

    digest = image["Target"]["digest"]
    if digest not in cache:
        cache[digest] = _image_details(ctx, digest)
    config, size = cache[digest]
    names = [i["Name"] for i in images if i["Target"]["digest"] == digest]
    tags = [reference.familiar(n) for n in names if "@" not in n.rsplit("/", 1)[-1]]
    repos = list(dict.fromkeys(t.rpartition(":")[0] for t in tags))
    compat = {
        "Id": digest, "RepoTags": tags, "RepoDigests": [f"{r}@{digest}" for r in repos],
        "Created": config.get("created", ""), "Author": config.get("author", ""),
        "Config": config.get("config") or {}, "Architecture": config.get("architecture", ""),
        "Variant": config.get("variant", ""), "Os": config.get("os", ""), "Size": size,
        "RootFS": {"Type": "layers", "Layers": list((config.get("rootfs") or {}).get("diff_ids") or [])},
        "Descriptor": {k: image["Target"][k] for k in ("mediaType", "digest", "size") if k in image["Target"]},
        "Metadata": {"LastTagTime": _rfc3339(*max(i.get("CreatedAt", (ZERO, 0)) for i in images
                                                   if i["Target"]["digest"] == digest))},
    }
    return shape.image(compat)


def _image_details(ctx: Context, digest: str) -> tuple[dict, int]:
    from shim.backends.ctr import state
    from shim.containerd.grpc import Connection

    with Connection(address(ctx), ctx.namespace) as conn:
        found = state._details(conn, [digest])  # the same reading as `images`
    config, size = found.get(digest, ({}, 0))
    return config, size

