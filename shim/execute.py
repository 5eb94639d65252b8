"""The one place where pydock starts processes.

Four ways to run a Plan (see plan.py): replace pydock with the backend (EXEC); run it as a child that
shares pydock's stdin and stdout, so TTYs and streaming are untouched, while pydock relays its stderr
and holds back the backend's own log records for the plan to restate in docker's words (SUPERVISE);
the same with stdout collected (CAPTURE); or hand a chain of commands to a background process (DETACH).
Only os-level calls: `subprocess` costs start-up time on every docker call.
"""

from __future__ import annotations

# The C module itself: `signal.py` only wraps it in IntEnums, and importing enum costs ~3 ms at start-up.
import _signal as signal
import os
import sys

from shim.plan import CAPTURE, DETACH, EXEC, Done, Plan, Result

# Signals a supervisor passes on to its child. SIGINT/SIGQUIT typed at a terminal already reach the
# whole foreground process group, child included, so they are passed on only when pydock is not in
# the terminal's foreground (a `kill -INT` from a script, a CI runner …).
_FORWARD = (signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2)
_FROM_TERMINAL = (signal.SIGINT, signal.SIGQUIT)


_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_")


def quote(argv: list[str]) -> str:
    """shlex.join, without shlex's import of `re` (4 ms of start-up for --dry-run and PYDOCK_DEBUG)."""
    return " ".join(a if a and set(a) <= _SAFE else "'" + a.replace("'", "'\"'\"'") + "'" for a in argv)


def show_commands(plan: Plan, stream: object) -> None:
    for argv in plan.commands():
        print(quote(argv), file=stream)  # type: ignore[arg-type]


def run(plan: Plan | Done, *, dry_run: bool = False, debug: bool = False) -> int:
    """Run a plan and its follow-ups; returns the exit code pydock should end with."""
    while isinstance(plan, Plan):
        if dry_run:
            show_commands(plan, sys.stdout)
            return 0
        if debug:
            show_commands(plan, sys.stderr)
        if plan.mode == EXEC:
            _replace(plan)
        if plan.mode == DETACH:
            _detach(plan.chain, plan.env)
            result = Result(0)
        else:
            result = _supervise(plan, capture=plan.mode == CAPTURE)
        if plan.then is not None and result.code == 0:
            plan = plan.then(result)
        elif plan.restate is not None:
            plan = plan.restate(result)
        else:
            plan = Done(result.code)
    return finish(plan)


def finish(done: Done) -> int:
    """Print what a plan ended with."""
    if done.stdout:
        sys.stdout.write(done.stdout)
        sys.stdout.flush()
    if done.stderr:
        sys.stderr.write(done.stderr if done.stderr.endswith("\n") else done.stderr + "\n")
        sys.stderr.flush()
    return done.code


def _environ(extra: dict[str, str]) -> dict[str, str]:
    if not extra:
        return dict(os.environ)
    env = dict(os.environ)
    env.update(extra)
    return env


def _replace(plan: Plan) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execvpe(plan.argv[0], plan.argv, _environ(plan.env))
    except OSError as e:
        from shim.errors import DockerError

        raise DockerError(f"pydock: cannot run {plan.argv[0]}: {e.strerror}", 127) from None


def which(name: str) -> str:
    """The full path of an executable on PATH, or "". Done in the parent: os.execvpe's own search
    imports `warnings` (a millisecond) in the child, between fork and exec."""
    if "/" in name:
        return name if os.access(name, os.X_OK) else ""
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or ".", name)
        if os.access(candidate, os.X_OK) and not os.path.isdir(candidate):
            return candidate
    return ""


def _spawn(argv: list[str], env: dict[str, str], stdout_fd: int, stderr_fd: int) -> int:
    """Start the backend with stdout/stderr redirected; posix_spawn is a little cheaper than fork."""
    program = which(argv[0])
    if not program:
        from shim.errors import DockerError

        raise DockerError(f"pydock: cannot run {argv[0]}: No such file or directory", 127)
    actions = [(os.POSIX_SPAWN_DUP2, stderr_fd, 2)]
    if stdout_fd != 1:
        actions.append((os.POSIX_SPAWN_DUP2, stdout_fd, 1))
    # exec resets pydock's signal handlers to the defaults in the child; a signal pydock was started
    # with ignored (`cmd &` in a script) stays ignored, as it would for docker's own process.
    return os.posix_spawn(program, argv, env, file_actions=actions)


def _status(status: int) -> int:
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def _in_terminal_foreground() -> bool:
    try:
        return os.tcgetpgrp(sys.stdin.fileno()) == os.getpgrp()
    except (OSError, ValueError):
        return False


def _supervise(plan: Plan, *, capture: bool) -> Result:
    """Run the backend as a child; relay its stderr; hold back its log records."""
    err_r, err_w = os.pipe()
    out_r, out_w = os.pipe() if capture else (-1, 1)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = _spawn(plan.argv, _environ(plan.env), out_w, err_w)
    os.close(err_w)
    if capture:
        os.close(out_w)

    def forward(signum: int, _frame: object) -> None:
        if signum in _FROM_TERMINAL and _in_terminal_foreground():
            return
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            return  # already gone: its exit status is on the way

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    previous = {s: signal.signal(s, forward) for s in (*_FORWARD, *_FROM_TERMINAL)}
    previous[signal.SIGCHLD] = signal.signal(signal.SIGCHLD, lambda *_: None)
    previous_wake = signal.set_wakeup_fd(wake_w)
    relay = StderrRelay(plan.log_prefix)
    stdout = bytearray()
    try:
        status = _pump(pid, err_r, out_r if capture else -1, wake_r, relay, stdout)
    finally:
        signal.set_wakeup_fd(previous_wake)
        for s, handler in previous.items():
            signal.signal(s, handler)
        for fd in (err_r, wake_r, wake_w, *((out_r,) if capture else ())):
            os.close(fd)
    return Result(_status(status), bytes(stdout), relay.finish())


def _pump(pid: int, err_fd: int, out_fd: int, wake_fd: int, relay: StderrRelay,
          stdout: bytearray) -> int:
    """Copy the child's output until it exits; returns its wait status.

    The pipes may stay open after the child exits (something it started inherited them), so the end
    is the child's exit, noticed through SIGCHLD on the wake-up pipe, then whatever is still buffered.
    """
    import select

    open_fds = [fd for fd in (err_fd, out_fd) if fd >= 0]
    status = None
    while open_fds:
        if status is None:
            done, status_now = os.waitpid(pid, os.WNOHANG)
            if done:
                status = status_now
                for fd in open_fds:
                    os.set_blocking(fd, False)
        try:
            ready, _, _ = select.select([*open_fds, wake_fd], [], [], 0 if status is not None else None)
        except InterruptedError:
            continue
        if status is not None and not ready:
            break
        for fd in ready:
            chunk = _read(fd)
            if fd == wake_fd or chunk is None:
                continue
            if not chunk:
                open_fds.remove(fd)
            elif fd == err_fd:
                relay.feed(chunk)
            else:
                stdout += chunk
    if status is None:
        _, status = os.waitpid(pid, 0)
    return status


def _read(fd: int) -> bytes | None:
    """A chunk, b"" at end of file, None when nothing was there after all."""
    try:
        return os.read(fd, 65536)
    except (InterruptedError, BlockingIOError):
        return None


class StderrRelay:
    """Pass the child's stderr through at once, except whole lines that are backend log records.

    A record can only start at the beginning of a line, so bytes are held back only while the current
    line could still turn out to be one; a prompt without a newline passes straight through.
    """

    def __init__(self, prefix: bytes) -> None:
        self.prefix = prefix
        self.held = b""  # start of a line that may be a record
        self.at_line_start = True
        self.records: list[str] = []

    def feed(self, chunk: bytes) -> None:
        out = bytearray()
        data = self.held + chunk
        self.held = b""
        while data:
            if not self.at_line_start:
                nl = data.find(b"\n")
                if nl < 0:
                    out += data
                    break
                out += data[: nl + 1]
                data = data[nl + 1:]
                self.at_line_start = True
                continue
            nl = data.find(b"\n")
            line = data if nl < 0 else data[: nl + 1]
            if line.startswith(self.prefix) or (nl < 0 and self.prefix.startswith(line)):
                if nl < 0:
                    self.held = data
                    break
                self.records.append(line[:-1].decode("utf-8", "replace"))
                data = data[nl + 1:]
                continue
            self.at_line_start = False
        if out:
            _write_all(2, bytes(out))

    def finish(self) -> list[str]:
        if self.held:
            if self.held.startswith(self.prefix):
                self.records.append(self.held.decode("utf-8", "replace"))
            else:
                _write_all(2, self.held)
            self.held = b""
        return self.records


def _write_all(fd: int, data: bytes) -> None:
    while data:
        try:
            n = os.write(fd, data)
        except InterruptedError:
            continue
        except BrokenPipeError:
            return
        data = data[n:]


def _detach(chain: tuple[list[str], ...], env: dict[str, str]) -> None:
    """Run the commands one after another in a process of their own that outlives pydock."""
    pid = os.fork()
    if pid:
        os.waitpid(pid, 0)
        return
    try:  # first child: new session, then fork again so nothing waits on us
        os.setsid()
        if os.fork():
            os._exit(0)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        full_env = _environ(env)
        for argv in chain:
            child = os.fork()
            if child == 0:
                try:
                    os.execvpe(argv[0], argv, full_env)
                finally:
                    os._exit(127)
            os.waitpid(child, 0)
    finally:
        os._exit(0)
