"""`start -a`'s stdin as docker's daemon gives it: pydock's stdin written into the task's stdin FIFO (nerdctl's
`start -a` writes none there) and, at its end, the task's stdin closed through containerd (docker's StdinOnce); or,
for a container made without `-i`, no stdin at all (closed as soon as the task exists).

The executor's loop drives it as it drives a child's stdin (streams.StdinRelay): the FIFO is opened once
containerd has the container's new task, looked for every LOOK seconds until then. Over the ssh transport the FIFO
is the remote host's file and containerd is reached through its socket forwarded here: pydock writes into a remote
`cat >FIFO` over the shared ssh connection, and asks containerd to close the task's stdin once that `cat` ended.
"""

from __future__ import annotations

import os
import time

from shim.streams import StdinRelay

ONCE = "once"  # pydock's stdin relayed; its end closes the task's stdin (created with -i, or run -i)
KEEP = "keep"  # relayed; the task's stdin stays open after (`run -d -i`: docker's StdinOnce is false)
NONE = "none"  # the container has no stdin (made without -i): closed at once
LOOK = 0.05
CAT_ENDS = 10.0  # seconds the remote `cat` may take to pass on its last bytes once its input ended


class TaskStdin(StdinRelay):
    """Relay `source` into the stdin of container `cid`'s next task, in one of the modes above."""

    def __init__(self, source: int, address: str, namespace: str, cid: str, mode: str, *,
                 remote: object = None) -> None:
        super().__init__(-1 if mode == NONE else source, -1, None)
        self.task = (address, namespace, cid)
        self.mode = mode
        self.look_at = 0.0
        self.remote = remote  # ssh_transport.Remote whose FIFO it is, None for this machine's
        self.writer: object = None  # over ssh: the remote `cat` (a subprocess.Popen)

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
        if self.remote is not None:
            self.target = self._remote_writer(path)
            return True
        try:  # the shim reads it already: the open neither waits nor fails
            self.target = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            return False
        return True

    def _remote_writer(self, path: str) -> int:
        """The pipe into `cat >FIFO` on the remote (over the shared connection): the end pydock writes."""
        import shlex
        import subprocess

        from shim.ssh_transport import ssh_argv

        fifo = shlex.quote(path)  # only into the FIFO there: never a new file of that name
        read_end, write_end = os.pipe()
        try:
            self.writer = subprocess.Popen([*ssh_argv(self.remote), f"[ -p {fifo} ] && exec cat >{fifo}"],  # type: ignore[arg-type]
                                           stdin=read_end, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        finally:
            os.close(read_end)
        os.set_blocking(write_end, False)
        return write_end

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.target < 0:
            return
        os.close(self.target)
        if self.writer is not None:  # on a thread: pydock goes on relaying the output the container writes meanwhile
            import threading

            threading.Thread(target=self._end_remote, daemon=True).start()
        elif self.mode == ONCE:
            from shim.containerd.task_io import close_stdin

            close_stdin(*self.task)

    def _end_remote(self) -> None:
        """The remote `cat` passes its last bytes on and ends (its input ended); then the task's stdin is closed."""
        import subprocess

        try:
            self.writer.wait(CAT_ENDS)  # type: ignore[attr-defined]
        except subprocess.TimeoutExpired:
            self.writer.kill()  # type: ignore[attr-defined]
            self.writer.wait()  # type: ignore[attr-defined]
        if self.mode == ONCE:
            from shim.containerd.task_io import close_stdin

            close_stdin(*self.task)
