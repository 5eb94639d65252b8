"""A namespace's images and containers as containerd records them, read from its metadata file (issue #13).

`tag`, `rmi`, `stop` and `run` need to know what a name points to, which containers use an image, or a
container's labels, before or after their one nerdctl command. Asking nerdctl (`images`, `ps -a`,
`container inspect`) costs 30-80 ms a call; containerd's bbolt file answers in about a millisecond
(bolt.py). Its layout: v1/<namespace>/images/<name>/target/digest, and
v1/<namespace>/containers/<id>/{image, labels/<key>}.

Only where the answer is sure: containerd's default address (so its default root), the file locked by a
running containerd (bbolt locks it while open), and no commit while it was read. Anywhere else (rootless,
another root, a busy moment), and with PYDOCK_CONTAINERD_API=0, the functions return None and the verb asks
nerdctl as before.
"""

from __future__ import annotations

import os

from shim.backends.nerdctl.names import DEFAULT_ADDRESS, running_on_disk, settings

META_DB = "/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db"  # containerd's default root
_TRIES = 3


class Container:
    """A container as containerd records it: full ID, the image name it was made from, its labels, and its
    snapshot (snapshotter, key), which its removal removes.
    (Plain classes here: `typing`'s NamedTuple costs its import, several milliseconds, on the verbs' path.)"""

    __slots__ = ("id", "image", "labels", "snapshotter", "snapshot_key")

    def __init__(self, cid: str, image: str, labels: dict[str, str], snapshotter: str = "",
                 snapshot_key: str = "") -> None:
        self.id, self.image, self.labels = cid, image, labels
        self.snapshotter, self.snapshot_key = snapshotter, snapshot_key

    @property
    def name(self) -> str:
        return self.labels.get("nerdctl/name", "")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Container) and (self.id, self.image, self.labels) == (
            other.id, other.image, other.labels)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Container({self.id[:12]!r}, {self.image!r}, {self.labels!r})"


class State:
    """What was read: images as `nerdctl images --format '{{json .}}'` names them (Name, Digest), and the
    containers when asked for."""

    __slots__ = ("images", "containers")

    def __init__(self, images: list[dict], containers: list[Container]) -> None:
        self.images, self.containers = images, containers


def namespace_of(ctx: object) -> str:
    """The namespace nerdctl will use: --namespace, else CONTAINERD_NAMESPACE, else nerdctl.toml's, else
    "default" ("" when nerdctl.toml names one pydock would not see: then nothing is read)."""
    if getattr(ctx, "namespace_given", False) or os.environ.get("CONTAINERD_NAMESPACE"):
        return str(getattr(ctx, "namespace", ""))
    return "" if settings()[2] else "default"


def read(ctx: object, *, images: bool = True, containers: bool = False) -> State | None:
    """The namespace's images (and containers), or None when containerd's file cannot be trusted here."""
    if not _allowed():
        return None
    namespace = namespace_of(ctx)
    address = str(getattr(ctx, "address", "")) or settings()[0]
    if not namespace or address not in ("", DEFAULT_ADDRESS):
        return None
    try:
        fd = os.open(META_DB, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not _held(fd):
            return None  # no containerd has it open: an old file, not the running containerd's
        return _read(fd, namespace.encode(), images, containers)
    finally:
        os.close(fd)


def _allowed() -> bool:
    return os.environ.get("PYDOCK_CONTAINERD_API", "") != "0"  # the way to ask nerdctl every time


def _held(fd: int) -> bool:
    """Whether another process (containerd, which holds an exclusive lock while it runs) locks the file."""
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    fcntl.flock(fd, fcntl.LOCK_UN)
    return False


def _read(fd: int, namespace: bytes, images: bool, containers: bool) -> State | None:
    import struct

    from shim.backends.nerdctl.bolt import Reader, Unreadable

    for _ in range(_TRIES):
        try:
            reader = Reader(fd)
            space = reader.bucket(b"v1", namespace)
            state = State(_images(space) if images and space else [],
                          _containers(space) if containers and space else [])
        except (OSError, Unreadable, struct.error, ValueError, IndexError):
            return None
        if reader.unchanged():
            return state
    return None  # containerd kept committing while pydock read


def _images(space) -> list[dict]:
    found = []
    bucket = space.bucket(b"images")
    for name, image in bucket.buckets() if bucket else ():
        target = image.bucket(b"target")
        digest = target.get(b"digest") if target else None
        if digest:
            found.append({"Name": name.decode(), "Digest": digest.decode()})
    return found


def _containers(space) -> list[Container]:
    found = []
    bucket = space.bucket(b"containers")
    for cid, record in bucket.buckets() if bucket else ():
        labels = record.bucket(b"labels")
        values = labels.values() if labels else {}
        found.append(Container(cid.decode(), (record.get(b"image") or b"").decode(),
                               {k.decode(): v.decode() for k, v in values.items()},
                               (record.get(b"snapshotter") or b"").decode(),
                               (record.get(b"snapshotKey") or b"").decode()))
    return found


def read_api(ctx: object) -> tuple[State, set[str]] | None:
    """The namespace's containers and the IDs of those whose task runs (or is paused), asked of containerd's API
    at the socket pydock reads it through (Context.api: over the ssh transport the remote's, forwarded here);
    None when there is none or containerd does not answer."""
    address = str(getattr(ctx, "api", ""))
    namespace = str(getattr(ctx, "namespace", ""))
    if not address or not namespace:
        return None
    from shim.containerd.api import containers_and_tasks
    from shim.containerd.grpc import CallFailed

    try:
        found, tasks = containers_and_tasks(address, namespace)
    except CallFailed:
        return None
    running = {cid for cid, task in tasks.items() if task.status in ("running", "paused", "pausing", "created")}
    return State([], [Container(c.id, c.image, c.labels, c.snapshotter, c.snapshot_key) for c in found]), running


def running_ids(ctx: object) -> set[str] | None:
    """IDs of the namespace's containers whose task runs (or is paused), from containerd's state folder."""
    namespace = namespace_of(ctx)
    return running_on_disk(namespace) if namespace and _allowed() else None


def find(containers: list[Container], given: str) -> Container | None:
    """The container docker finds for `given`: its full ID, its name, else the one ID it starts."""
    exact = next((c for c in containers if given in (c.id, c.name)), None)
    if exact or not given:
        return exact
    prefixed = [c for c in containers if c.id.startswith(given)]
    return prefixed[0] if len(prefixed) == 1 else None
