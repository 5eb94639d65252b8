"""Processes that outlive pydock, for what Docker's daemon would keep doing after the client exits:
removing a `run -d --rm` container when it stops, holding the stdin of a `run -d -i` container open,
and holding the terminal of an `exec -d -t` process. Used only by execute.py.
"""

from __future__ import annotations

import os
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


def _daemonize() -> bool:
    """Fork twice into a new session. True in the background process, False in the caller."""
    pid = os.fork()
    if pid:
        os.waitpid(pid, 0)
        return False
    os.setsid()
    if os.fork():
        os._exit(0)
    return True


def _null_stdio(stdin: int | None = None, out: int | None = None) -> None:
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull if stdin is None else stdin, 0)
    os.dup2(devnull if out is None else out, 1)
    os.dup2(devnull if out is None else out, 2)


def run_chain(chain: tuple[list[str], ...], env: dict[str, str]) -> None:
    """Run the commands one after another in the background (failures are ignored)."""
    if not _daemonize():
        return
    try:
        _null_stdio()
        for argv in chain:
            child = os.fork()
            if child == 0:
                try:
                    os.execvpe(argv[0], argv, env)
                finally:
                    os._exit(127)
            os.waitpid(child, 0)
    finally:
        os._exit(0)


def hold_stdin(argv: list[str], env: dict[str, str], errfile: str, found: Callable[[], str],
               timeout: float = 300.0) -> tuple[int, str, bytes]:
    """Run argv in the background with a stdin pipe the background process keeps open.

    Waits until `found()` gives the container's ID (argv wrote it to its cidfile and the container exists:
    nerdctl writes the file before it checks the name, for one; over ssh, the container is found by its name)
    or argv has exited (failure). Returns (exit code, container id, what argv wrote to stderr until then).
    Later output (the container's own, which its log driver keeps anyway) is discarded.
    """
    status_file = errfile + ".status"
    if _daemonize():
        try:
            _hold(argv, env, errfile, status_file)
        finally:
            os._exit(0)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = _read(status_file).strip()
        cid = "" if done else found()
        if cid:
            return 0, cid, _read_bytes(errfile)
        if done:
            os.unlink(status_file)
            return int(done) or 1, "", _read_bytes(errfile)
        time.sleep(0.02)
    return 1, "", b"pydock: the container did not start in time\n"


def hold_terminal(argv: list[str], env: dict[str, str], errfile: str, settle: float = 0.5) -> tuple[int, bytes]:
    """Run argv in the background on a pseudo-terminal the background process keeps open.

    For `exec -d -t`, which nerdctl refuses: its `exec -t` runs attached to that terminal until the
    process ends. Returns (exit code, stderr) if argv ends within `settle` seconds (an exec that could
    not start), else (0, what it wrote so far): nothing tells when an exec has started, and one that
    fails to start does so well within that time (nerdctl takes about 0.1 s here).
    """
    status_file = errfile + ".status"
    if _daemonize():
        try:
            _hold(argv, env, errfile, status_file, terminal=True)
        finally:
            os._exit(0)
    deadline = time.monotonic() + settle
    while time.monotonic() < deadline:
        done = _read(status_file).strip()
        if done:
            os.unlink(status_file)
            return int(done), _read_bytes(errfile)
        time.sleep(0.02)
    return 0, _read_bytes(errfile)


def _hold(argv: list[str], env: dict[str, str], errfile: str, status_file: str, *, terminal: bool = False) -> None:
    # the write end (or the terminal's master side) stays open here: the child's input never ends
    stdin_w, stdin_r = os.openpty() if terminal else os.pipe()[::-1]
    err_r, err_w = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            os.close(stdin_w)
            os.close(err_r)
            _null_stdio(stdin_r)
            os.dup2(err_w, 2)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(stdin_r)
    os.close(err_w)
    _null_stdio(stdin=None)
    keep = True
    with open(errfile, "wb") as log:
        while chunk := os.read(err_r, 65536):
            # Keep what the backend says until pydock has its answer (it then removes errfile);
            # what follows is the container's own output, which its log driver keeps anyway.
            keep = keep and os.path.exists(errfile)
            if keep:
                log.write(chunk)
                log.flush()
    _, status = os.waitpid(child, 0)
    if os.path.exists(errfile):  # pydock still waits for the outcome (it removes errfile when done)
        code = os.waitstatus_to_exitcode(status)
        with open(status_file, "w", encoding="ascii") as f:
            f.write(str(code if code >= 0 else 128 - code))


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""
