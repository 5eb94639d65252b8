"""`start -a`'s stdin as docker's daemon gives it: pydock's stdin written into the task's stdin FIFO (nerdctl's
`start -a` writes none there) and, at its end, the task's stdin closed through containerd (docker's StdinOnce); or,
for a container made without `-i`, no stdin at all (closed as soon as the task exists).

The executor's loop drives it as it drives a child's stdin (streams.StdinRelay): the FIFO is opened once
containerd has the container's new task, looked for every LOOK seconds until then.
"""

from __future__ import annotations

import os
import time

from shim.streams import StdinRelay

ONCE = "once"  # pydock's stdin relayed; its end closes the task's stdin (created with -i, or run -i)
KEEP = "keep"  # relayed; the task's stdin stays open after (`run -d -i`: docker's StdinOnce is false)
NONE = "none"  # the container has no stdin (made without -i): closed at once
LOOK = 0.05


class TaskStdin(StdinRelay):
    """Relay `source` into the stdin of container `cid`'s next task, in one of the modes above."""

    def __init__(self, source: int, address: str, namespace: str, cid: str, mode: str) -> None:
        super().__init__(-1 if mode == NONE else source, -1, None)
        self.task = (address, namespace, cid)
        self.mode = mode
        self.look_at = 0.0

    def wants_read(self) -> bool:
        return self.target >= 0 and super().wants_read()

    def wants_write(self) -> bool:
        return self.target >= 0 and super().wants_write()

    def wait_on(self, reads: list[int], writes: list[int], timeout: float | None) -> float | None:
        if self.target < 0 and not self.closed and not self._found():
            return LOOK if timeout is None else min(timeout, LOOK)
        return super().wait_on(reads, writes, timeout)

    def _found(self) -> bool:
        """Whether the task is there (its FIFO then open, or its stdin closed); looked for at most every LOOK."""
        from shim.containerd.task_io import close_stdin, fresh_stdin

        now = time.monotonic()
        if now < self.look_at:
            return False
        self.look_at = now + LOOK
        path = fresh_stdin(*self.task)
        if path is None:
            return False
        if self.mode == NONE or not path:
            self.closed = True
            close_stdin(*self.task)
            return True
        try:  # the shim reads it already: the open neither waits nor fails
            self.target = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            return False
        return True

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.target < 0:
            return
        os.close(self.target)
        if self.mode == ONCE:
            from shim.containerd.task_io import close_stdin

            close_stdin(*self.task)
