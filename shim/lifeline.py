"""Backend children that die with pydock.

docker's engine drops the work of a client that goes away: a killed `docker save`, `load`, `pull`, `push`
or `build` stops there. With pydock that work runs in a nerdctl child, which would carry on as an orphan
(and, for save, write hundreds of MiB nobody reads) when pydock is killed outright: SIGKILL gives pydock
no say. The kernel's parent-death signal (prctl PR_SET_PDEATHSIG) ends the child instead. SIGKILL, not
SIGTERM: nerdctl would pass a TERM on to an attached container, which a vanished docker client never does.

Python has no prctl. util-linux's `setpriv --pdeathsig` sets it and execs the command (posix_spawn, no fork of
pydock's interpreter: `run` pays about 1 ms for it); where there is no such setpriv, ctypes reaches prctl in a
forked child (about 6 ms more: ctypes' import, the fork). setpriv sets it before it execs nerdctl, so nerdctl
never runs unbound; only a pydock killed in the millisecond before that (setpriv starting) leaves a child that the
forked path would have ended. Either way only verbs whose work lasts use this (cli.py BOUND), never the quick
ones a script calls in loops.
"""

from __future__ import annotations

import os

_PR_SET_PDEATHSIG = 1
_SIGKILL = 9
_SETPRIV = ("/usr/bin/setpriv", "/bin/setpriv")


def spawn(program: str, argv: list[str], env: dict[str, str], dups: list[tuple[int, int]], *,
          own_group: bool = False) -> int:
    """Start `program` as posix_spawn would (each (fd, target) of `dups` duplicated in order; with `own_group`,
    in a process group of its own), bound to pydock's life; returns its pid."""
    setpriv = _setpriv()
    if not setpriv:
        return _forked(program, argv, env, dups, own_group=own_group)
    # setpriv execs by PATH: argv[0] as given (nerdctl's command line unchanged) where that finds `program`
    same = "/" in argv[0] or env.get("PATH") == os.environ.get("PATH")
    wrapped = ["setpriv", "--pdeathsig", "KILL", "--", argv[0] if same else program, *argv[1:]]
    actions = [(os.POSIX_SPAWN_DUP2, fd, target) for fd, target in dups]
    if own_group:
        return os.posix_spawn(setpriv, wrapped, env, file_actions=actions, setpgroup=0)
    return os.posix_spawn(setpriv, wrapped, env, file_actions=actions)


def _setpriv() -> str:
    """util-linux's setpriv where it knows --pdeathsig (2.33 and later: its option table names it), else ""."""
    for path in _SETPRIV:
        try:
            with open(path, "rb") as f:
                if b"pdeathsig" in f.read(1 << 20):  # a busybox setpriv (no such option) is larger: not all read
                    return path
        except OSError:
            continue
    return ""


def _forked(program: str, argv: list[str], env: dict[str, str], dups: list[tuple[int, int]], *,
            own_group: bool) -> int:
    """spawn() through ctypes' prctl in a forked child, which also closes the moment between start and prctl
    (pydock already gone: the child does not start)."""
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()
    pid = os.fork()
    if pid:
        if own_group:  # here too, so that the group exists whichever of the two runs first
            try:  # noqa: SIM105 - contextlib's import (~4 ms with collections and functools) is on run's path
                os.setpgid(pid, pid)
            except OSError:  # it has exec'd already (or died)
                pass
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
