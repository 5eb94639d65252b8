"""containerd's records of one namespace, as plain data: its containers and their tasks.

Field numbers are those of containerd's API (api/services/containers/v1/containers.proto,
api/services/tasks/v1/tasks.proto, api/types/task/task.proto), which containerd keeps stable.
"""

from __future__ import annotations

from shim.containerd.grpc import Connection
from shim.containerd.wire import fields, string_map_entry, text_field, timestamp

STREAM_CONTAINERS = "/containerd.services.containers.v1.Containers/ListStream"
LIST_CONTAINERS = "/containerd.services.containers.v1.Containers/List"
GET_TASK = "/containerd.services.tasks.v1.Tasks/Get"
# task.proto's Status, named as containerd's client names them (and nerdctl shows them)
TASK_STATUS = {0: "unknown", 1: "created", 2: "running", 3: "stopped", 4: "paused", 5: "pausing"}
ZERO_TIME = -62135596800  # Go's zero time.Time as a protobuf Timestamp: "has not exited"


class Container:
    __slots__ = ("id", "image", "labels", "spec", "created", "snapshotter", "runtime", "snapshot_key")

    def __init__(self) -> None:
        self.id = self.image = self.snapshotter = self.runtime = self.snapshot_key = ""
        self.labels: dict[str, str] = {}
        self.spec = b""  # the OCI runtime spec, JSON
        self.created = (0, 0)  # seconds, nanos


class Task:
    __slots__ = ("pid", "status", "exit_status", "exited")

    def __init__(self) -> None:
        self.pid = self.exit_status = 0
        self.status = "unknown"
        self.exited = (ZERO_TIME, 0)  # seconds, nanos


def containers(conn: Connection, ids: list[str]) -> list[Container]:
    """These containers' records (those that exist; all of them for no IDs). Streamed, one message per
    container, as containerd's own client asks: a single answer is capped at 16 MiB, about a thousand specs."""
    request = b"".join(text_field(1, f"id=={i}") for i in ids)
    (listing,) = conn.stream_all([(STREAM_CONTAINERS, request)])
    if listing is None:
        # A stream of no messages may be an error or an empty list (pydock does not decode the trailers that
        # tell): the unary List says which, since its answer is a message even when the list is empty.
        (answer,) = conn.call_all([(LIST_CONTAINERS, request)])
        if answer is None:
            from shim.containerd.grpc import CallFailed

            raise CallFailed("containerd refused the listing")
        listing = [answer]  # ListContainersResponse: containers = 1, as ListContainerMessage's container
    # ListContainerMessage: container = 1
    return [_container(value) for message in listing for number, value in fields(message)
            if number == 1 and isinstance(value, bytes)]


def containers_and_tasks(address: str, namespace: str) -> tuple[list[Container], dict[str, Task]]:
    """The namespace's containers, and the task of each container that has one. A task's state is asked
    of each container at once rather than by Tasks/List, which asks the shims one after another.
    Raises CallFailed."""
    with Connection(address, namespace) as conn:
        listed = containers(conn, [])
        answers = conn.call_all([(GET_TASK, text_field(1, c.id)) for c in listed]) if listed else []
    tasks = {}
    for c, answer in zip(listed, answers, strict=True):
        if answer is None:  # no task: created, never started (or its task was deleted)
            continue
        process = next((v for n, v in fields(answer) if n == 1 and isinstance(v, bytes)), None)
        if process is not None:
            tasks[c.id] = _task(process)
    return listed, tasks


def _container(message: bytes) -> Container:
    c = Container()
    for number, value in fields(message):
        if not isinstance(value, bytes):
            continue
        if number == 1:
            c.id = value.decode()
        elif number == 2:
            key, text = string_map_entry(value)
            c.labels[key] = text
        elif number == 3:
            c.image = value.decode()
        elif number == 4:
            c.runtime = next((v.decode() for n, v in fields(value) if n == 1 and isinstance(v, bytes)), "")
        elif number == 5:  # google.protobuf.Any: type_url = 1, value = 2
            c.spec = next((v for n, v in fields(value) if n == 2 and isinstance(v, bytes)), b"")
        elif number == 6:
            c.snapshotter = value.decode()
        elif number == 7:
            c.snapshot_key = value.decode()
        elif number == 8:
            c.created = timestamp(value)
    return c


def _task(message: bytes) -> Task:
    t = Task()
    for number, value in fields(message):
        if number == 3 and isinstance(value, int):
            t.pid = value
        elif number == 4 and isinstance(value, int):
            t.status = TASK_STATUS.get(value, "unknown")
        elif number == 9 and isinstance(value, int):
            t.exit_status = value
        elif number == 10 and isinstance(value, bytes):
            t.exited = timestamp(value)
    return t


READ_CONTENT = "/containerd.services.content.v1.Content/Read"
LIST_IMAGES = "/containerd.services.images.v1.Images/List"
SNAPSHOT_USAGE = "/containerd.services.snapshots.v1.Snapshots/Usage"


def blobs(conn: Connection, digests: list[str]) -> dict[str, bytes | None]:
    """The content store's blobs (manifests, indexes, configs: small ones), None for those it lacks."""
    wanted = list(dict.fromkeys(digests))
    answers = conn.stream_all([(READ_CONTENT, text_field(1, d)) for d in wanted]) if wanted else []
    out: dict[str, bytes | None] = {}
    for digest, messages in zip(wanted, answers, strict=True):
        if messages is None:
            out[digest] = None
            continue
        parts = []
        for message in messages:  # ReadContentResponse: offset = 1, data = 2, in order
            parts += [v for n, v in fields(message) if n == 2 and isinstance(v, bytes)]
        out[digest] = b"".join(parts)
    return out


def usages(conn: Connection, snapshotter: str, keys: list[str]) -> list[int | None]:
    """Bytes used by each snapshot, None for one the snapshotter does not have."""
    answers = conn.call_all([(SNAPSHOT_USAGE, text_field(1, snapshotter) + text_field(2, k)) for k in keys])
    sizes: list[int | None] = []
    for answer in answers:
        if answer is None:
            sizes.append(None)
            continue
        size = next((v for n, v in fields(answer) if n == 1 and isinstance(v, int)), 0)
        sizes.append(size - (1 << 64) if size >= 1 << 63 else size)
    return sizes


def all_images(conn: Connection) -> list[dict]:
    """Every image record of the namespace, with CreatedAt as (seconds, nanos)."""
    (answer,) = conn.call_all([(LIST_IMAGES, b"")])
    if answer is None:
        from shim.containerd.grpc import CallFailed

        raise CallFailed("containerd refused the listing")
    return [_image(value) for number, value in fields(answer) if number == 1 and isinstance(value, bytes)]


def _image(message: bytes) -> dict:
    record: dict = {"Name": "", "Labels": None, "Target": {}}
    for number, value in fields(message):
        if number == 1 and isinstance(value, bytes):
            record["Name"] = value.decode()
        elif number == 2 and isinstance(value, bytes):
            key, text = string_map_entry(value)
            record["Labels"] = {**(record["Labels"] or {}), key: text}
        elif number == 3 and isinstance(value, bytes):
            record["Target"] = descriptor(value)
        elif number == 7 and isinstance(value, bytes):
            record["CreatedAt"] = timestamp(value)
    if record["Labels"]:
        record["Labels"] = dict(sorted(record["Labels"].items()))
    return record


def descriptor(message: bytes) -> dict:
    """An OCI descriptor as Go's JSON shows it: mediaType, digest, size, then annotations if any."""
    out: dict = {"mediaType": "", "digest": "", "size": 0}
    annotations: dict[str, str] = {}
    for number, value in fields(message):
        if number == 1 and isinstance(value, bytes):
            out["mediaType"] = value.decode()
        elif number == 2 and isinstance(value, bytes):
            out["digest"] = value.decode()
        elif number == 3 and isinstance(value, int):
            out["size"] = value
        elif number == 5 and isinstance(value, bytes):
            key, text = string_map_entry(value)
            annotations[key] = text
    if annotations:
        out["annotations"] = dict(sorted(annotations.items()))  # Go writes a map's keys in order
    return out
