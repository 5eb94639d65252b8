"""The log driver of containers the ctr backend runs with -d: docker's json-file lines in nerdctl's layout.

containerd's runc shim runs this program for a container whose log URI is `binary://PYTHON?THIS=STORE`
(shim/backends/ctr/log_driver.py), per containerd's logging contract for binary log URIs (runtime v2): the
container's stdout and stderr arrive on fds 3 and 4, fd 5 is closed once the logger is ready (the shim starts
the container only then), CONTAINER_ID and CONTAINER_NAMESPACE are its whole environment, and its working
folder is the task's bundle. Each line becomes `{"log":"…\\n","stream":"stdout","time":"RFC3339Nano"}` in
`STORE/containers/NS/ID/ID-json.log`, where nerdctl's own logger writes, so that `nerdctl logs` reads it as
its own. As nerdctl's logger does, it holds `logger-lock` in that folder while it runs: a `logs -f`
follows until it is let go.

The shim keeps its ends of the pipes open until the task is deleted, so the end of output is not seen as
an end of file: the logger watches the container's first process (the bundle's init.pid, through a pidfd)
and, once it has ended, writes what is left in the pipes and ends; a container on a CNI network has its
network released then (release_network), as docker's daemon releases it when the process exits. Standard
library only: it runs outside pydock, in whatever environment the shim gives it.
"""

from __future__ import annotations

import os
import sys
import time

PARTIAL = 16 * 1024  # docker splits a longer line into entries of this size, without a newline
STREAMS = {3: "stdout", 4: "stderr"}
READY_FD = 5


def entry(text: bytes, stream: str, now_ns: int) -> bytes:
    """One line of the log, as docker's json-file driver writes it (Go's escaping of <, > and &)."""
    import json

    seconds, nanos = divmod(now_ns, 10**9)
    when = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{nanos:09d}Z"
    log = json.dumps(text.decode("utf-8", "replace"), ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                          ("\u2029", "\\u2029")):
        log = log.replace(char, escaped)
    return f'{{"log":{log},"stream":"{stream}","time":"{when}"}}\n'.encode()


def lines(pending: bytes, *, last: bool) -> tuple[list[bytes], bytes]:
    """The entries' texts in `pending` (each line with its newline, a long one in PARTIAL pieces), and the
    start of a line still to come; `last` flushes that too."""
    out = []
    while True:
        cut = pending.find(b"\n", 0, PARTIAL)
        if cut >= 0:
            out.append(pending[:cut + 1])
            pending = pending[cut + 1:]
        elif len(pending) >= PARTIAL:
            out.append(pending[:PARTIAL])
            pending = pending[PARTIAL:]
        else:
            break
    if last and pending:
        out.append(pending)
        pending = b""
    return out, pending


class Logger:
    """The copy of the container's two streams into the log file."""

    def __init__(self, log_fd: int) -> None:
        self.log_fd = log_fd
        self.pending = {fd: b"" for fd in STREAMS}

    def take(self, fd: int, data: bytes, *, last: bool = False) -> None:
        texts, self.pending[fd] = lines(self.pending[fd] + data, last=last)
        if texts:
            now = time.time_ns()
            os.write(self.log_fd, b"".join(entry(t, STREAMS[fd], now) for t in texts))

    def drain(self) -> None:
        """What the container wrote before it ended, then the lines it did not finish."""
        for fd in STREAMS:
            os.set_blocking(fd, False)
            while True:
                try:
                    data = os.read(fd, 65536)
                except (BlockingIOError, OSError):
                    break
                if not data:
                    break
                self.take(fd, data)
            self.take(fd, b"", last=True)


def init_pidfd(deadline: float) -> int | None:
    """A pidfd of the container's first process, from the bundle's init.pid (written once runc has made
    it, after the logger is ready); None where it cannot be had (the copy then ends at the pipes' end)."""
    while time.monotonic() < deadline:
        try:
            with open("init.pid", encoding="ascii") as f:
                pid = int(f.read().strip() or "0")
        except (OSError, ValueError):
            pid = 0
        if pid > 0:
            try:
                return os.pidfd_open(pid)
            except (OSError, AttributeError):
                return None
        time.sleep(0.02)
    return None


def copy(logger: Logger) -> None:
    import select

    pidfd = init_pidfd(time.monotonic() + 30)
    open_fds = set(STREAMS)
    while open_fds:
        watched = [*open_fds, *([pidfd] if pidfd is not None else [])]
        ready, _, _ = select.select(watched, [], [])
        if pidfd is not None and pidfd in ready:
            logger.drain()  # the container has ended: what it wrote is all in the pipes now
            return
        for fd in ready:
            data = os.read(fd, 65536)
            if data:
                logger.take(fd, data)
            else:
                logger.take(fd, b"", last=True)
                open_fds.discard(fd)


def main(argv: list[str]) -> int:
    import fcntl

    store, cid, namespace = argv[0], os.environ.get("CONTAINER_ID", ""), os.environ.get("CONTAINER_NAMESPACE", "")
    if not store.startswith("/") or not cid or not namespace or "/" in cid + namespace:
        return 1
    folder = os.path.join(store, "containers", namespace, cid)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    log_fd = os.open(os.path.join(folder, f"{cid}-json.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    lock_fd = os.open(os.path.join(folder, "logger-lock"), os.O_RDONLY | os.O_CREAT, 0o600)
    fcntl.flock(lock_fd, fcntl.LOCK_EX)  # let go when this process ends, the log complete
    os.close(READY_FD)  # ready: the shim starts the container
    copy(Logger(log_fd))
    fcntl.flock(lock_fd, fcntl.LOCK_UN)  # the log is complete: a `logs -f` ends now
    release_network(cid)
    return 0


def release_network(cid: str) -> None:
    """The container's process has ended: its CNI network released at once (as docker releases it), by its
    postStop hook's program run as `exited` (shim/cni_hook.py); the hook itself runs only when the task is
    deleted, and then finds nothing left to do."""
    import json
    import subprocess

    try:
        with open("config.json", encoding="utf-8") as f:  # the task's bundle: its spec
            spec = json.load(f)
    except (OSError, ValueError):
        return
    for hook in (spec.get("hooks") or {}).get("poststop") or []:
        args = list(hook.get("args") or [])
        if args[1:3] != ["-m", "shim.cni_hook"]:
            continue
        state = json.dumps({"id": cid, "pid": 0, "bundle": os.getcwd(), "annotations": spec.get("annotations") or {}})
        env = dict(e.partition("=")[::2] for e in hook.get("env") or [])
        subprocess.run([hook["path"], *args[1:3], "exited"], input=state.encode(), env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
