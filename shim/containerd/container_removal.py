"""Containers removed through containerd's API directly: what nerdctl's `rm` of a container that does not
run asks containerd (its ended task deleted, its snapshot removed, its record deleted), without nerdctl's Go
start-up (20-40 ms here; this is a few milliseconds).

The ended task's deletion is what runs the container's poststop hooks (nerdctl's network teardown), as it is
under nerdctl. Field numbers are those of containerd's API (tasks.proto DeleteTaskRequest, snapshots.proto
RemoveSnapshotRequest, containers.proto DeleteContainerRequest).
"""

from __future__ import annotations

from shim.containerd.grpc import CallFailed, Connection
from shim.containerd.wire import text_field

DELETE_TASK = "/containerd.services.tasks.v1.Tasks/Delete"
REMOVE_SNAPSHOT = "/containerd.services.snapshots.v1.Snapshots/Remove"
DELETE_CONTAINER = "/containerd.services.containers.v1.Containers/Delete"


class Removal:
    """One container to remove: its ID, whether it has an (ended) task, and its snapshot."""

    __slots__ = ("cid", "has_task", "snapshotter", "snapshot_key")

    def __init__(self, cid: str, has_task: bool, snapshotter: str, snapshot_key: str) -> None:
        self.cid, self.has_task = cid, has_task
        self.snapshotter, self.snapshot_key = snapshotter, snapshot_key


def remove(address: str, namespace: str, removals: list[Removal]) -> list[str] | None:
    """Remove each container; the IDs whose records were deleted, in order. A container whose task could not
    be deleted is left whole (its task may have started again). None when containerd could not be reached."""
    try:
        with Connection(address, namespace) as conn:
            with_task = [r for r in removals if r.has_task]
            answers = conn.call_all([(DELETE_TASK, text_field(1, r.cid)) for r in with_task]) if with_task else []
            kept = {r.cid for r, answer in zip(with_task, answers, strict=True) if answer is None}
            going = [r for r in removals if r.cid not in kept]
            snapshots = [r for r in going if r.snapshot_key and r.snapshotter]
            if snapshots:  # as nerdctl's rm: a snapshot that will not go does not keep the container
                conn.call_all([(REMOVE_SNAPSHOT, text_field(1, r.snapshotter) + text_field(2, r.snapshot_key))
                               for r in snapshots])
            deleted = conn.call_all([(DELETE_CONTAINER, text_field(1, r.cid)) for r in going]) if going else []
    except CallFailed:
        return None
    return [r.cid for r, answer in zip(going, deleted, strict=True) if answer is not None]
