"""Backend children that die with pydock.

docker's engine drops the work of a client that goes away: a killed `docker save`, `load`, `pull`, `push`
or `build` stops there. With pydock that work runs in a nerdctl child, which would carry on as an orphan
(and, for save, write hundreds of MiB nobody reads) when pydock is killed outright: SIGKILL gives pydock
no say. The kernel's parent-death signal (prctl PR_SET_PDEATHSIG) ends the child instead. SIGKILL, not
SIGTERM: nerdctl would pass a TERM on to an attached container, which a vanished docker client never does.

prctl is reached through ctypes, a few milliseconds of import: only verbs whose work lasts use this
(cli.py BOUND), never the quick ones a script calls in loops.
"""

from __future__ import annotations

import contextlib
import os

_PR_SET_PDEATHSIG = 1
_SIGKILL = 9


def spawn(program: str, argv: list[str], env: dict[str, str], dups: list[tuple[int, int]], *,
          own_group: bool = False) -> int:
    """Start `program` as posix_spawn would (each (fd, target) of `dups` duplicated in order; with `own_group`,
    in a process group of its own), bound to pydock's life; returns its pid."""
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()
    pid = os.fork()
    if pid:
        if own_group:  # here too, so that the group exists whichever of the two runs first
            with contextlib.suppress(OSError):  # it has exec'd already (or died)
                os.setpgid(pid, pid)
        return pid
    try:  # the child: only system calls from here to exec, and never a return into pydock's code
        if prctl(_PR_SET_PDEATHSIG, _SIGKILL, 0, 0, 0) == 0 and os.getppid() == parent:  # not orphaned already
            for fd, target in dups:
                os.dup2(fd, target)
            if own_group:
                os.setpgid(0, 0)
            os.execve(program, argv, env)
    finally:
        os._exit(127)
