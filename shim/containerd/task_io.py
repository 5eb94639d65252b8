"""A task's stdin through containerd's API: where it reads from, and its end.

nerdctl's `start -a` gives the task a stdin FIFO it never writes (and `-i` changes nothing without a terminal),
and containerd's shim holds a writer of its own on that FIFO until a client asks it to close the task's stdin
(Tasks/CloseIO): the container's read waits for ever. docker's `start -a -i` feeds the container the client's
stdin and ends it with the client's; without `-i`, a container made without `-i` has no stdin at all. pydock
writes into the FIFO the task reads and asks containerd to close it. There is no nerdctl command for either.
Field numbers are those of containerd's API (tasks.proto GetRequest, GetResponse, CloseIORequest; task.proto
Process), which containerd keeps stable.
"""

from __future__ import annotations

from shim.containerd.grpc import CallFailed, Connection, answered
from shim.containerd.wire import fields, text_field, varint

GET_TASK = "/containerd.services.tasks.v1.Tasks/Get"
CLOSE_IO = "/containerd.services.tasks.v1.Tasks/CloseIO"
FRESH = (1, 2)  # task.proto Status: created, running (an earlier run's task is stopped)


def fresh_stdin(address: str, namespace: str, cid: str) -> str | None:
    """The stdin FIFO of the container's task once it is a new one (created or running): its path, "" when that
    task has no stdin; None while there is no such task (or containerd cannot be asked)."""
    try:
        with Connection(address, namespace) as conn:
            (answer,) = conn.call_all([(GET_TASK, text_field(1, cid))])
    except CallFailed:
        return None
    process = next((v for n, v in fields(answer) if n == 1 and isinstance(v, bytes)), None) if answer else None
    if process is None:
        return None
    status, stdin = 0, ""
    for number, value in fields(process):
        if number == 4 and isinstance(value, int):
            status = value
        elif number == 5 and isinstance(value, bytes):
            stdin = value.decode()
    return stdin if status in FRESH else None


def close_stdin(address: str, namespace: str, cid: str) -> bool:
    """Ask containerd to close the task's stdin (the shim's own writer): the container reads its end once no
    one else writes. True when containerd did."""
    request = text_field(1, cid) + varint(3 << 3) + varint(1)  # CloseIORequest.stdin = true
    return answered(address, namespace, CLOSE_IO, request)
