"""The one place where pydock starts processes.

Ways to run a Plan (see plan.py): replace pydock with the backend (EXEC); run it as a child that shares
pydock's terminal, so TTYs and streaming are untouched, while pydock relays its stderr and holds back
the backend's own log records for the plan to restate in docker's words (SUPERVISE); the same with
stdout collected (CAPTURE); or leave work to a background process (DETACH, HOLD).
Only os-level calls: `subprocess` costs start-up time on every docker call.
"""

from __future__ import annotations

# The C module itself: `signal.py` only wraps it in IntEnums, and importing enum costs ~3 ms at start-up.
import _signal as signal
import os
import sys

from shim import redact
from shim.plan import (
    ARCHIVE,
    ASK,
    CAPTURE,
    DETACH,
    EXEC,
    FEED,
    HOLD,
    INHERIT,
    PREPARE,
    PTY,
    RELAY,
    REMOTE_SCRATCH,
    SPOOL_STDIN,
    STREAM,
    TASK,
    TERMINAL,
    TERMINAL_OUTPUT,
    TERMINAL_STDERR,
    Done,
    Plan,
    Result,
)
from shim.signal_rules import HANDLED, NAMES, Rules, Stopped
from shim.streams import ArchiveSpool, StderrRelay, StdinRelay, pump

_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_")


def quote(argv: list[str]) -> str:
    """shlex.join, without shlex's import of `re` (4 ms of start-up for --dry-run and PYDOCK_DEBUG)."""
    return " ".join(a if a and set(a) <= _SAFE else "'" + a.replace("'", "'\"'\"'") + "'" for a in argv)


def shown(plan: Plan, argv: list[str]) -> str:
    """A command as --dry-run and PYDOCK_DEBUG print it: shell-quoted, a password as `--password=****`; over the
    ssh transport the ssh command that runs it, the remote command line quoted as the remote shell gets it."""
    words = redact.argv(argv, fed=plan.stdin == FEED)
    if _remote is None or plan.here:
        return quote(words)
    main = argv is plan.argv  # the step's own command (with its stdin, its terminal); the others are probes
    tty = main and plan.stdin in (TERMINAL, TERMINAL_OUTPUT, PTY)
    # a terminal session's stderr file is named afresh at each run: shown as its pattern
    return quote(_over_ssh(words, _shown_env(plan.env), tty=tty, stdin=main,
                           stderr_file=".pydock-RANDOM.err" if tty else "",
                           feeds=main and plan.stdin in (FEED, STREAM)))


def _shown_env(env: dict[str, str]) -> dict[str, str]:
    return {k: redact.text(v) for k, v in env.items() if os.environ.get(k) != v}


def show_commands(plan: Plan, stream: object) -> None:
    for argv in plan.commands():
        print(shown(plan, argv), file=stream)  # type: ignore[arg-type]


def show_running(plan: Plan, stream: object) -> None:
    """PYDOCK_DEBUG: the commands this step runs now (each later step shows its own when it runs)."""
    running = plan.chain if plan.mode == DETACH else () if plan.mode in (SPOOL_STDIN, ASK, PREPARE) else (plan.argv,)
    for argv in running:
        print(shown(plan, argv), file=stream)  # type: ignore[arg-type]


# The ssh transport of this call (shim/ssh_transport.py: the Remote, and whether the remote command reads stdin),
# set by run() from the Context: every backend command is then spawned as an ssh command.
_remote: tuple[object, bool] | None = None


def run(plan: Plan | Done, *, dry_run: bool = False, debug: bool = False, bound: bool = False,
        remote: tuple[object, bool] | None = None) -> int:
    """Run a plan and its follow-ups; returns the exit code pydock should end with. `bound`: the backend's
    children die with pydock (lifeline.py), for verbs whose work lasts, as docker's engine drops the work
    of a client that went away. `remote`: (ssh_transport.Remote, reads stdin) when the backend is remote."""
    global _remote  # noqa: PLW0603 - the call's one transport, set before its first backend command
    _remote = remote
    _collect_from_now_on()
    scratch: list[str] = []
    try:
        try:
            while isinstance(plan, Plan):
                if dry_run:
                    show_commands(plan, sys.stdout)
                    return 0
                if debug:
                    show_running(plan, sys.stderr)
                if plan.cleanup and not scratch:
                    _sweep(plan.cleanup[0])
                scratch += plan.cleanup
                _announce(plan)
                result = _run_one(plan, bound)
                if plan.then is not None and (result.code == 0 or plan.always_then):
                    plan = plan.then(result)
                elif plan.restate is not None:
                    plan = plan.restate(result)
                else:
                    plan = Done(result.code)
        finally:
            for path in scratch:
                _remove(path)
    except Stopped as stop:
        if stop.code is not None:
            sys.stderr.write(stop.message)
            sys.stderr.flush()
            return stop.code
        return _die_by(stop.signum)
    return finish(plan)


def _announce(plan: Plan) -> None:
    """What a plan prints before its command: progress lines on stderr, a live view's frame on stdout."""
    for stream, text in ((sys.stderr, plan.announce), (sys.stdout, plan.stdout_text)):
        if text:
            stream.write(text)
            stream.flush()


def _collect_from_now_on() -> None:
    """The cyclic garbage collector back on, as the plan runs (cli.entry held it back while pydock started): the
    objects of start-up, module code and spec, set aside for good (gc.freeze) rather than walked again."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _die_by(signum: int) -> int:
    """End as killed by `signum`, as docker's client is by a signal it does not handle (its shell sees
    128+N), now that the scratch files are gone."""
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    return 128 + signum


def _run_one(plan: Plan, bound: bool = False) -> Result:
    if plan.mode == EXEC:
        _replace(plan)
    if plan.mode == DETACH:
        from shim import background

        background.run_chain(tuple(argv if plan.here else _chain_argv(argv, plan.env) for argv in plan.chain),
                             _environ(plan.env))
        return Result(0)
    if plan.mode == HOLD:
        return _hold(plan)
    if plan.mode == SPOOL_STDIN:
        _spool_stdin(plan.spool)
        return Result(0)
    if plan.mode == ASK:
        return Result(0 if _confirmed(plan.question) else 1)
    if plan.mode == PREPARE:
        if plan.pause:
            _pause(plan)
        return Result(0)
    if plan.stdout_to == ARCHIVE:
        return _run_archive(plan, bound)
    if plan.stdin in (TERMINAL, TERMINAL_OUTPUT):
        return _relay_terminal(plan, bound)
    return _supervise(plan, capture=plan.mode == CAPTURE, bound=bound)


def _pause(plan: Plan) -> None:
    """Wait between two frames of a live view; SIGINT/SIGTERM meanwhile end pydock as Plan.signals says (FOLLOW:
    128+N, silently, as while its backend runs)."""
    import time

    from shim.plan import FOLLOW
    from shim.signal_rules import TERMINATION

    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum, 128 + signum)

    previous = {s: signal.signal(s, stop) for s in TERMINATION} if plan.signals == FOLLOW else {}
    try:
        time.sleep(plan.pause)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


ARCHIVE_TRIES = 3  # nerdctl 2.3 cuts an archive short now and then, even into a file on a busy machine


def _run_archive(plan: Plan, bound: bool) -> Result:
    """Run a plan whose child writes an archive for pydock's stdout or for `archive_to` (streams.py
    ArchiveSpool), again when it came out short although the child succeeded: the user gets the whole
    archive, or a failure. A file to write is made whole without a name and then linked into place, as
    docker's client renames its temporary file: a failed or killed save leaves no partial file behind."""
    if plan.archive_to:
        folder = os.path.dirname(os.path.abspath(plan.archive_to))

        def private() -> int:
            try:
                return _private_file(folder)
            except OSError as e:  # docker's client cannot create its temporary file (.tmp-NAME…) there either
                from shim.errors import DockerError

                temporary = os.path.join(folder, ".tmp-" + os.path.basename(plan.archive_to))
                raise DockerError(f"failed to save image: open {temporary}: {(e.strerror or str(e)).lower()}",
                                  1) from None

        archive = ArchiveSpool(private(), target=plan.archive_to)
    else:
        private, archive = _private_file, _archive_output()
    spools = [archive.spool]
    try:
        for _ in range(ARCHIVE_TRIES):
            result = _supervise(plan, capture=False, archive=archive, bound=bound)
            if not result.short:
                break
            archive = archive.again(private)
            spools.append(archive.spool)
        if archive.target and result.code == 0:
            _link_into_place(archive.spool, archive.target)
        return result
    finally:
        for fd in set(spools):
            os.close(fd)


def _link_into_place(fd: int, target: str) -> None:
    """Give the private file `fd` the name `target`, replacing what was there at once (never a moment
    without a file, never a partial one)."""
    from shim.errors import DockerError

    folder, name = os.path.split(os.path.abspath(target))
    staged = os.path.join(folder, f".pydock-{os.getpid()}-{name}")
    try:
        fds = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
        try:  # a directory fd makes os.link call linkat, which follows the magic link (link() would not)
            os.link(str(fd), staged, src_dir_fd=fds, follow_symlinks=True)
        except FileNotFoundError:  # _private_file's fallback: a file already unlinked, which cannot be linked
            _copy_to(fd, staged)
        finally:
            os.close(fds)
        os.replace(staged, target)
    except OSError as e:
        _remove(staged)
        raise DockerError(f"failed to save image: rename {staged} {target}: {(e.strerror or str(e)).lower()}",
                          1) from None


def _copy_to(fd: int, path: str) -> None:
    out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        size, sent = os.fstat(fd).st_size, 0
        while sent < size:
            sent += os.sendfile(out, fd, sent, size - sent)
    finally:
        os.close(out)


def _confirmed(question: str) -> bool:
    """docker's PromptForConfirmation: the question on stdout, then one line; only "y" (any case, blanks
    trimmed) agrees. End of input is a no."""
    sys.stdout.write(question)
    sys.stdout.flush()
    line = sys.stdin.readline()
    return line.strip().lower() == "y"


def finish(done: Done) -> int:
    """Print what a plan ended with."""
    if done.pieces:
        _write_pieces(done.pieces)
    if done.stdout:
        sys.stdout.write(done.stdout)
        sys.stdout.flush()
    if done.stderr:
        stderr = redact.text(done.stderr)
        sys.stderr.write(stderr if stderr.endswith("\n") else stderr + "\n")
        sys.stderr.flush()
    return done.code


def _write_pieces(pieces: list[tuple[int, bytes]]) -> None:
    """Each piece to its descriptor in order, whole. A reader that went away (`logs c | head -1`) ends pydock
    as it ends docker's client, and nerdctl: killed by SIGPIPE."""
    sys.stdout.flush()
    for fd, data in pieces:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(fd, view):]
        except BrokenPipeError:
            _die_by(signal.SIGPIPE)


def _remove(path: str) -> None:
    if path.startswith(REMOTE_SCRATCH):  # a folder on the ssh transport's remote (compose's files there)
        capture_quietly(["rm", "-rf", "--", path[len(REMOTE_SCRATCH):]])
        return
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            import shutil  # a scratch folder (a build context from stdin): rare, so imported here

            shutil.rmtree(path)
        else:
            os.unlink(path)
    except OSError:
        return


def _sweep(scratch: str) -> None:
    """Remove the scratch files that pydock processes killed outright (SIGKILL, a power cut) left in the
    private folder: `.pydock-<pid>…` where no process <pid> runs any more."""
    folder = os.path.dirname(scratch)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not name.startswith(".pydock-"):
            continue
        digits = name[8:].split(".", 1)[0].split("-", 1)[0]
        if digits.isdigit() and int(digits) != os.getpid() and not _alive(int(digits)):
            _remove(os.path.join(folder, name))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process
        return True
    return True


def _environ(extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


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


def _program(argv: list[str]) -> str:
    program = which(argv[0])
    if not program:
        from shim.errors import DockerError

        raise DockerError(f"pydock: cannot run {argv[0]}: No such file or directory", 127)
    return program


def _replace(plan: Plan) -> None:
    """pydock steps aside: the backend becomes this process (a terminal view it draws itself, build's)."""
    sys.stdout.flush()
    sys.stderr.flush()
    argv = _over_ssh(plan.argv, plan.env, tty=os.isatty(0) and os.isatty(1))
    os.execve(_program(argv), argv, _environ(plan.env))


def _over_ssh(argv: list[str], env: dict[str, str], *, tty: bool = False, stdin: bool = True,
              stderr_file: str = "", feeds: bool = False) -> list[str]:
    """A backend command as this call runs it: itself, or over the ssh transport (with the plan's own variables;
    stdin only when the command reads it, as ssh would otherwise take bytes meant for a later one)."""
    if _remote is None:
        return argv
    from shim import ssh_transport

    remote, reads = _remote
    return ssh_transport.wrap(remote, argv, env, tty=tty,  # type: ignore[arg-type]
                              stdin=(reads and stdin) or tty or feeds, stderr_file=stderr_file)


def _chain_argv(argv: list[str], env: dict[str, str]) -> list[str]:
    """A background command as it runs: a backend command over ssh like any other; pydock's own helper (this Python,
    `-m MODULE … -- BACKEND-ARGV`: the health keeper) runs here, only its backend command after `--` over ssh."""
    if _remote is None or argv[0] != sys.executable or "--" not in argv:
        return _over_ssh(argv, env)
    split = argv.index("--")
    return [*argv[:split + 1], *_over_ssh(argv[split + 1:], env, stdin=False)]


def _remote_stderr(tty: bool) -> str:
    """Over ssh with a remote terminal: the remote file the backend's stderr goes to (ssh_transport.stderr_file)."""
    if _remote is None or not tty:
        return ""
    from shim import ssh_transport

    return ssh_transport.stderr_file()


def _fetch_remote_stderr(name: str, relay: StderrRelay) -> None:
    """The backend's stderr of a remote terminal session, through the relay as if it had come on a pipe."""
    if name:
        from shim import ssh_transport

        relay.feed(ssh_transport.read_stderr(_remote[0], name))  # type: ignore[arg-type,index]


def _spawn(argv: list[str], env: dict[str, str], stdin_fd: int, stdout_fd: int, stderr_fd: int, *,
           bound: bool = False, own_group: bool = False, tty: bool = False, raw: bool = False,
           stdin: bool = True, stderr_file: str = "", feeds: bool = False) -> int:
    """Start the backend with redirected stdio; posix_spawn is a little cheaper than fork. `raw`: a local
    command, never sent over the ssh transport. `feeds`: pydock writes the command's stdin itself (ssh carries it
    whatever the docker command reads)."""
    if not raw and _remote is not None:
        argv = _over_ssh(argv, {k: v for k, v in env.items() if os.environ.get(k) != v}, tty=tty, stdin=stdin,
                         stderr_file=stderr_file, feeds=feeds)
    actions = [(os.POSIX_SPAWN_DUP2, stderr_fd, 2)]
    if stdout_fd != 1:
        actions.append((os.POSIX_SPAWN_DUP2, stdout_fd, 1))
    if stdin_fd != 0:
        actions.append((os.POSIX_SPAWN_DUP2, stdin_fd, 0))
    if bound:
        from shim import lifeline

        return lifeline.spawn(_program(argv), argv, env, [(fd, target) for _, fd, target in actions],
                              own_group=own_group)
    # exec resets pydock's signal handlers to the defaults in the child; a signal pydock was started
    # with ignored (`cmd &` in a script) stays ignored, as it would for docker's own process.
    if own_group:
        return os.posix_spawn(_program(argv), argv, env, file_actions=actions, setpgroup=0)
    return os.posix_spawn(_program(argv), argv, env, file_actions=actions)


def _status(status: int) -> int:
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def _child_stdin(plan: Plan) -> tuple[int, int, StdinRelay | None]:
    """(fd the child reads, fd pydock keeps, stdin relay) for the plan's stdin mode."""
    if plan.stdin == PTY:
        keep, child = os.openpty()
        _copy_window_size(child)
        return child, keep, None
    if plan.stdin == FEED:  # a pipe with the bytes in it: nothing of them on argv, on disk or in the environment
        child, keep = os.pipe()
        return child, keep, StdinRelay.feeding(plan.feed, keep)
    if plan.stdin == STREAM:  # the writer owns its end from here on, and closes it
        child, keep = os.pipe()
        plan.stdin_tap(keep)  # type: ignore[misc]
        return child, -1, None
    if plan.stdin == TASK:  # nerdctl reads nothing: pydock writes into the task's stdin itself
        from shim.task_stdin import TaskStdin

        # over ssh the task's FIFO is the remote's file (the address, containerd's socket forwarded here)
        return os.open(os.devnull, os.O_RDONLY), -1, TaskStdin(0, *plan.task_stdin,
                                                              remote=_remote[0] if _remote else None)
    if plan.stdin == RELAY:
        source = _open_input(plan.stdin_file) if plan.stdin_file else 0
        if _reads_file_itself(plan.stdin_tap, source):
            return source, -1, None  # the child reads the file itself: no copy through pydock
        child, keep = os.pipe()
        wide = plan.stdin_tap is not None and _widen(keep)
        if wide:
            _widen(source)  # a pipe (`cat FILE | pydock load`): each wake-up then moves up to 1 MiB, not 64 KiB
        transform = getattr(plan.stdin_tap, "transform", None)  # it then reads what it hands on itself
        tap = None if transform else getattr(plan.stdin_tap, "feed", None)
        passthrough = plan.stdin_tap if hasattr(plan.stdin_tap, "passthrough") else None
        relay = StdinRelay(source, keep, _gate(plan), tap, transform, passthrough)
        relay.room = 1 << 20 if wide else 0
        return child, keep, relay
    return 0, -1, None


def _copy_window_size(pty: int, user: int = 1) -> None:
    """A private terminal for nerdctl (`-t`) as wide as the user's, where pydock's output (`user`) is one."""
    if not os.isatty(user):
        return
    import fcntl
    import termios

    try:
        fcntl.ioctl(pty, termios.TIOCSWINSZ, fcntl.ioctl(user, termios.TIOCGWINSZ, b"\0" * 8))
    except OSError:
        return


def _child_stderr(plan: Plan) -> tuple[int, int]:
    """(pydock's end, the child's) of the child's stderr: a pipe; for TERMINAL_STDERR a private terminal as
    wide as the user's, raw (bytes pass as written: the user's terminal adds its own carriage returns)."""
    if plan.stderr_to != TERMINAL_STDERR:
        return os.pipe()
    import tty

    keep, child = os.openpty()
    tty.setraw(child)
    _copy_window_size(child, 2)
    return keep, child


def _widen(fd: int) -> bool:
    """A 1 MiB pipe for an archive (64 KiB by default): nerdctl finds its next bytes waiting, whenever it
    reads, rather than pydock's next turn of the loop; the writer of pydock's stdin runs as far ahead. Not a
    pipe (a file, a terminal): left as it is."""
    import fcntl

    try:
        return fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20) >= 1 << 20
    except OSError:  # over /proc/sys/fs/pipe-max-size for this user: the default size works too
        return False


def _reads_file_itself(tap: object, source: int) -> bool:
    """Whether the tap took what it needs from a regular file by itself (`load` reads an archive's names
    from its headers), so that the child can be given the file as it is."""
    import stat

    read_file = getattr(tap, "read_file", None)
    try:
        return read_file is not None and stat.S_ISREG(os.fstat(source).st_mode) and read_file(source)
    except OSError:
        return False


def _open_input(path: str) -> int:
    import stat

    from shim.errors import DockerError

    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as e:
        # docker's wording for a bad `load -i` (Go's os.Open error)
        raise DockerError(f"open {path}: {(e.strerror or '').lower()}") from None
    if stat.S_ISDIR(os.fstat(fd).st_mode):  # opens, but fails at the first read, as docker's client does
        os.close(fd)
        raise DockerError(f"read {path}: is a directory")
    return fd


def _supervise(plan: Plan, *, capture: bool, archive: ArchiveSpool | None = None, bound: bool = False) -> Result:
    """Run the backend as a child; relay its stderr; hold back its log records."""
    err_r, err_w = _child_stderr(plan)
    out_r, out_w = _child_stdout(plan, archive, capture=capture)
    in_child, in_keep, stdin_relay = _child_stdin(plan)
    sys.stdout.flush()
    sys.stderr.flush()
    # tty: over ssh, a private terminal here (`-t` with stdin not a terminal) is carried as ssh's remote one
    remote_err = _remote_stderr(plan.stdin == PTY)
    pid = _spawn(plan.argv, _environ(plan.env), in_child, out_w, err_w, bound=bound, own_group=plan.own_group,
                 stdin=plan.stdin != INHERIT or not capture, tty=plan.stdin == PTY, stderr_file=remote_err,
                 feeds=plan.stdin in (FEED, STREAM) or plan.stdin_gate is not None, raw=plan.here)
    for fd in (err_w, out_w if out_w > 2 else -1, in_child if in_child else -1):
        if fd >= 0:
            os.close(fd)
    if stdin_relay is not None and in_keep >= 0:
        os.set_blocking(in_keep, False)

    rules = Rules(pid, plan.signals, own_group=plan.own_group, archive=archive is not None,
                  proxy=_container_signaller(plan) if plan.proxy_kill else None, stop=_stopper(plan))
    wake_r, wake_w, previous = _take_signals(rules)
    relay = StderrRelay(plan.log_prefix, show=plan.stderr_to != "null", view=plan.record_view,
                        stuck_on=plan.stuck_on)
    out_relay = StderrRelay((b"",), view=plan.stdout_view, fd=1) if plan.stdout_view else None
    stdout = bytearray()
    whole = True
    try:
        status = pump(pid, err_r, out_r, wake_r, relay, stdout, stdin_relay, out_relay, archive)
        _fetch_remote_stderr(remote_err, relay)
        if out_relay is not None:
            out_relay.finish()
        if archive is not None:
            whole = archive.finish()
    except BrokenPipeError:  # pydock's reader went away (`save IMAGE | head`): the child's work is for nothing
        _end(pid)
        raise
    finally:
        _give_back_signals(previous)
        for fd in (err_r, wake_r, wake_w, out_r, in_keep if stdin_relay is None else -1):
            if fd >= 0:
                os.close(fd)
        if stdin_relay is not None and stdin_relay.source > 0:
            os.close(stdin_relay.source)
    rules.after()
    code = _status(status)
    short = code == 0 and not whole  # nerdctl said yes, yet the archive it wrote has no end
    return Result(1 if short else code, bytes(stdout), relay.finish(), short=short)


def _take_signals(rules: Rules) -> tuple[int, int, dict[int, object]]:
    """pydock's handlers while a child runs: `rules` decide, and each signal (SIGCHLD too) wakes the loop through
    the returned pipe; the previous handlers (the wake-up fd as -1) to give back."""

    def forward(signum: int, _frame: object) -> None:
        rules.on_signal(signum)

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    previous = {s: signal.signal(s, forward) for s in HANDLED}
    previous[signal.SIGCHLD] = signal.signal(signal.SIGCHLD, lambda *_: None)
    previous[-1] = signal.set_wakeup_fd(wake_w)
    return wake_r, wake_w, previous


def _give_back_signals(previous: dict[int, object]) -> None:
    signal.set_wakeup_fd(previous.pop(-1))  # type: ignore[arg-type]
    for s, handler in previous.items():
        signal.signal(s, handler)


def _relay_terminal(plan: Plan, bound: bool) -> Result:
    """`-t` on the user's terminal: nerdctl on a private terminal pydock relays (shim/pty_relay.py), in a
    process group of its own, so that pydock alone decides what a signal or a typed key does."""
    from shim import pty_relay

    term = pty_relay.TerminalRelay(reads_input=plan.stdin == TERMINAL, detach_keys=plan.detach_keys)
    err_r, err_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    remote_err = _remote_stderr(True)
    try:
        pid = _spawn(plan.argv, _environ(plan.env), term.child, term.child, err_w, bound=bound, own_group=True,
                     tty=True, stderr_file=remote_err)
    except BaseException:
        term.close()
        os.close(err_r)
        raise
    finally:
        os.close(err_w)
    rules = Rules(pid, plan.signals, own_group=True, archive=False,
                  proxy=_container_signaller(plan) if plan.proxy_kill else None, stop=_stopper(plan))
    wake_r, wake_w, previous = _take_signals(rules)
    relay = StderrRelay(plan.log_prefix, show=True, view=plan.record_view, stuck_on=plan.stuck_on)
    try:
        term.start(pid)
        status = pty_relay.pump(pid, err_r, wake_r, relay, term)
    except pty_relay.Detached:
        if remote_err:  # the remote backend first: ssh's hang-up would reach it as a signal it passes on
            from shim import ssh_transport

            ssh_transport.end_remote(_remote[0], remote_err)  # type: ignore[arg-type,index]
        rules.kill()  # as docker's engine leaves it, the process runs on
        raise
    finally:
        term.close()  # the user's terminal as it was, before anything more is printed
        _fetch_remote_stderr(remote_err, relay)
        _give_back_signals(previous)
        for fd in (err_r, wake_r, wake_w):
            os.close(fd)
    rules.after()
    return Result(_status(status), b"", relay.finish())


def _stopper(plan: Plan):
    """STOP_PROJECT(_KEYS) with a `stop_command`: run it (over the ssh transport, on the remote) to stop the project."""
    if not plan.stop_command:
        return None
    env = _environ(plan.env)
    return lambda: capture_quietly(list(plan.stop_command), env) and None


def _container_signaller(plan: Plan):
    """KILL: pass a signal to the container named in the plan's cidfile (not there yet: nothing to signal);
    STOP_PROJECT_KEYS (no cidfile): run `proxy_kill` as it is."""
    env = _environ(plan.env)

    def send(signum: int) -> None:
        if not plan.cidfile:  # a command naming its target (compose kill, a run over ssh)
            capture_quietly([a.replace("{sig}", NAMES.get(signum, str(signum))) for a in plan.proxy_kill], env)
            return
        try:
            with open(plan.cidfile, encoding="ascii") as f:
                cid = f.read().strip()
        except OSError:
            return
        if cid:
            name = NAMES.get(signum, str(signum))
            capture_quietly([a.replace("{cid}", cid).replace("{sig}", name) for a in plan.proxy_kill], env)

    return send


def _end(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        return


def _open_spool(path: str) -> None:
    """Create the spool file: new (never someone else's file or link), readable by this user only."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))


def _spool_stdin(path: str) -> None:
    """Copy pydock's stdin into a new private file (`docker build -`: a Dockerfile or a context archive)."""
    _open_spool(path)
    out = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
    try:
        while block := os.read(0, 1 << 20):
            view = memoryview(block)
            while view:
                view = view[os.write(out, view):]
    finally:
        os.close(out)


def _child_stdout(plan: Plan, archive: ArchiveSpool | None, *, capture: bool) -> tuple[int, int]:
    """(fd pydock reads, fd the child writes) for the plan's stdout."""
    if capture or plan.stdout_view:
        return os.pipe()
    if archive is None:
        return -1, _stdout_target(plan.stdout_to)
    # the child's own descriptor of the private file (closed here once it runs), or pydock's stdout
    return -1, os.dup(archive.spool) if archive.child_writes_spool else 1


def _stdout_target(where: str) -> int:
    if where == "stderr":
        return 2
    if where == "null":
        return os.open(os.devnull, os.O_WRONLY)
    return 1


def _archive_output() -> ArchiveSpool:
    """Where the child writes an archive meant for pydock's stdout: into stdout itself when that is a
    regular file pydock can read back (`save IMAGE > FILE`), else a private file pydock sends on."""
    import stat

    try:
        if stat.S_ISREG(os.fstat(1).st_mode):
            import fcntl

            # a new reading descriptor of the same file; the archive starts where stdout writes next
            reader = os.open("/proc/self/fd/1", os.O_RDONLY)
            appending = fcntl.fcntl(1, fcntl.F_GETFL) & os.O_APPEND
            start = os.fstat(1).st_size if appending else os.lseek(1, 0, os.SEEK_CUR)
            return ArchiveSpool(reader, start=start)
    except OSError:
        pass
    return ArchiveSpool(_private_file(), out=1)


def _private_file(folder: str = "") -> int:
    """A new file with no name (in `folder`, else TMPDIR or /var/tmp, on disk rather than in the RAM of /run):
    nobody else can open it, and it is gone when pydock closes it, however pydock ends."""
    folder = folder or os.environ.get("TMPDIR") or "/var/tmp"  # noqa: S108 - O_TMPFILE: a file without a name
    try:
        return os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o600)
    except OSError:  # a file system without O_TMPFILE: a new name of pydock's own, removed at once
        path = os.path.join(folder, f".pydock-{os.getpid()}.tar")
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.unlink(path)
        return fd


def capture_quietly(argv: list[str], env: dict[str, str] | None = None, *, raw: bool = False,
                    stderr_fd: int = -1) -> tuple[int, bytes]:
    """Run a short helper command (a probe), stdout collected, stderr discarded (or written to `stderr_fd`).
    `raw`: a local command even when the backend is remote."""
    read_end, write_end = os.pipe()
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        # a probe reads no stdin: over ssh, ssh would otherwise take the bytes the next command is to read
        pid = _spawn(argv, env or dict(os.environ), devnull, write_end,
                     devnull if stderr_fd < 0 else stderr_fd, raw=raw, stdin=False)
    finally:
        os.close(write_end)
        os.close(devnull)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    return _status(status), b"".join(chunks)


def _gate(plan: Plan):
    """The RELAY plan's readiness check: its probe, run on the container ID from cidfile."""
    if plan.stdin_gate is None:
        return None
    probe, not_ready = plan.stdin_gate
    env = _environ(plan.env)

    def ready() -> bool:
        cid = ""
        if plan.cidfile:  # else the probe names the container itself (a run over ssh)
            try:
                with open(plan.cidfile, encoding="ascii") as f:
                    cid = f.read().strip()
            except OSError:
                return False
            if not cid:
                return False
        code, out = capture_quietly([a.replace("{cid}", cid) for a in probe], env)
        return code == 0 and out.decode().strip() not in not_ready

    return ready


def _hold(plan: Plan) -> Result:
    """Start the container in the background with stdin held open; return its ID as stdout. (With a
    PTY stdin: start an exec'd process on a terminal the background keeps.)"""
    from shim import background

    errfile = plan.cidfile + ".log"
    env = _environ(plan.env)
    if plan.stdin == PTY:  # a process on a terminal of its own (exec -d -t): no container ID to wait for
        try:
            code, output = background.hold_terminal(_over_ssh(plan.argv, plan.env, tty=True), env, errfile)
        finally:
            _remove(errfile)
        return Result(code, b"", _records(output, plan.log_prefix))
    probe, not_ready = plan.stdin_gate or ([], ())

    def found() -> str:
        """The container's ID once it runs: from the cidfile nerdctl writes, checked by the probe; over ssh (no
        `{cid}` in the probe) the probe finds it by name and prints its ID before its status."""
        by_name = "{cid}" not in " ".join(probe)
        cid = "" if by_name else _read_text(plan.cidfile)
        if not cid and not by_name:
            return ""
        code, out = capture_quietly([a.replace("{cid}", cid) for a in probe], env)
        answer = out.decode().split()
        if by_name:
            cid, answer = (answer[0], answer[1:]) if answer else ("", [])
        return cid if code == 0 and " ".join(answer) not in not_ready else ""

    try:
        code, cid, output = background.hold_stdin(_over_ssh(plan.argv, plan.env), env, errfile, found)
    finally:
        _remove(errfile)
    return Result(code, (cid + "\n").encode() if cid else b"", _records(output, plan.log_prefix))


def _read_text(path: str) -> str:
    try:
        with open(path, encoding="ascii") as f:
            return f.read().strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _records(output: bytes, log_prefix: bytes) -> list[str]:
    """The backend's log records among what a background process wrote to stderr."""
    prefix = log_prefix.decode()
    return [line for line in output.decode("utf-8", "replace").splitlines() if prefix and line.startswith(prefix)]
