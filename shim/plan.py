"""What a translation asks the execution module to do: plain values, no behaviour.

A backend's translate function turns parsed docker options into a Plan. The executor runs it and, when
the plan has a ``then`` step, hands the Result back so the backend can decide what follows (print the
pulled reference, clean up after `load`, …). Deciding stays in the backend; running stays in execute.py.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

# How to run a plan's argv.
EXEC = "exec"  # replace pydock with the backend process: TTY, signals and exit code are its own
SUPERVISE = "supervise"  # child with pydock's stdin/stdout; pydock relays stderr to restate errors
CAPTURE = "capture"  # like SUPERVISE, but stdout is collected and handed to `then`
DETACH = "detach"  # run `chain` one after another in a background process that outlives pydock
SPOOL_STDIN = "spool-stdin"  # no command: copy pydock's stdin into `spool` (new, private), then `then` decides
PREPARE = "prepare"  # no command: `then` runs at once (a step that reads or writes files before a command)
ASK = "ask"  # no command: print `question` on stdout, read one answer line; code 0 when it is docker's "y"
HOLD = "hold"  # run argv in the background holding its stdin open; report the ID it writes to cidfile
# (with stdin=PTY: on a pseudo-terminal the background holds, reporting only a quick failure)

# What the child gets as stdin in SUPERVISE/CAPTURE mode.
INHERIT = "inherit"  # pydock's own stdin
PTY = "pty"  # a fresh pseudo-terminal (nerdctl's -t insists on a console even when docker's does not)
RELAY = "relay"  # pydock copies its stdin over and closes the copy only when `stdin_gate` allows
FEED = "feed"  # a pipe that gives the child `feed` and then its end (a password: never on argv, disk or env)
# a pipe whose other end `stdin_tap(fd)` takes, to write the child's input into and close (on a thread of its own:
# a build context streamed to the remote over the ssh transport, shim/context_stream.py)
STREAM = "stream"
# Plan.cleanup: an entry starting with this names a folder on the ssh transport's remote, removed there
REMOTE_SCRATCH = "remote:"
# `-t` with the user's terminal on stdin or stdout: the child gets a private pseudo-terminal as stdin and stdout,
# relayed to the user's streams (shim/pty_relay.py); TERMINAL also reads the user's terminal (`-i`), made raw
TERMINAL = "terminal"
TERMINAL_OUTPUT = "terminal-output"
# Plan.stderr_to: the child's stderr is a private terminal pydock relays as it relays a pipe (build's tty view on the
# user's terminal, with nerdctl's log records still held back)
TERMINAL_STDERR = "terminal"
# `start -a`: the child reads nothing; pydock writes its stdin into the stdin of the container's task itself, or
# closes that stdin at once, as Plan.task_stdin says (shim/task_stdin.py)
TASK = "task"

# Plan.signals: what a signal to pydock does, as docker's client does it for the command (shim/signal_rules.py).
PROXY = ""  # pass it on to the child (nerdctl proxies it to the container, as `docker run` does)
KILL = "kill"  # proxy it to the container with `proxy_kill` (nerdctl's `run -t` proxies nothing, and dies of it)
KEEP = "keep"  # `run --sig-proxy=false`: SIGINT/SIGTERM change nothing (the client stays attached); others end pydock
LEAVE = "leave"  # `exec`: SIGINT/SIGTERM end pydock with 0, the process running on; others end pydock by the signal
FOLLOW = "follow"  # `logs -f`: pydock ends at once, 128+N for SIGINT/SIGTERM, by the signal for the others
STOP_PROJECT = "stop-project"  # attached `compose up`: the first one stops the project gracefully, then 130
# attached `compose up` on a terminal, where compose's key menu reads Ctrl-C as a key: the first SIGINT stops the
# project gracefully and ends 0, a second one kills the containers with `proxy_kill` and ends 130
STOP_PROJECT_KEYS = "stop-project-keys"

# Plan.stdout_to: the child writes an archive into a private file, which pydock streams to its own stdout
# as it grows (or links into place as `archive_to` once whole) and checks for the archive's end
# (Result.short when it is missing).
ARCHIVE = "archive"


class Result:
    """What a supervised or captured backend process did."""

    __slots__ = ("code", "stdout", "errors", "short")

    def __init__(self, code: int, stdout: bytes = b"", errors: list[str] | None = None, *,
                 short: bool = False) -> None:
        self.code = code  # exit status, 128+N when killed by signal N
        self.stdout = stdout  # only in CAPTURE mode
        self.errors = errors or []  # the backend's error/fatal log messages, not yet shown
        self.short = short  # stdout_to=ARCHIVE: the child succeeded, but its archive did not end properly


class Done:
    """The end of a plan: what to print and the exit code."""

    __slots__ = ("code", "stdout", "stderr", "pieces")

    def __init__(self, code: int = 0, stdout: str = "", stderr: str = "",
                 pieces: list[tuple[int, bytes]] | None = None) -> None:
        self.code = code
        self.stdout = stdout
        self.stderr = stderr
        # bytes for file descriptor 1 or 2, written first and in this order (a log's two streams interleaved)
        self.pieces = pieces or []


class Plan:
    """One backend command and how to run it.

    ``restate(result) -> Done`` turns the backend's error messages into docker's (supervised modes);
    ``then(result) -> Plan | Done`` decides the next step; ``later`` lists, for --dry-run, the commands
    a ``then`` step would run (with placeholders such as ``<ID>``).
    """

    __slots__ = ("argv", "mode", "env", "then", "restate", "later", "chain", "log_prefix", "stdin",
                 "stdin_gate", "cidfile", "cleanup", "always_then", "stdout_to", "stderr_to", "announce", "stdin_file",
                 "stdin_tap", "spool", "question", "record_view", "stdout_view", "archive_to", "feed", "stuck_on",
                 "signals", "own_group", "proxy_kill", "detach_keys", "stop_command", "here", "task_stdin",
                 "stdout_text", "pause")

    def __init__(self, argv: list[str], mode: str = SUPERVISE, *, env: dict[str, str] | None = None,
                 then: Callable[[Result], Plan | Done] | None = None,
                 restate: Callable[[Result], Done] | None = None,
                 later: tuple[list[str], ...] = (), chain: tuple[list[str], ...] = (),
                 log_prefix: bytes = b"", stdin: str = INHERIT,
                 stdin_gate: tuple[list[str], tuple[str, ...]] | None = None, cidfile: str = "",
                 cleanup: tuple[str, ...] = (), always_then: bool = False, stdout_to: str = "", stderr_to: str = "",
                 announce: str = "", stdin_file: str = "", stdin_tap: object = None, spool: str = "",
                 question: str = "", record_view: Callable[[str], str | None] | None = None,
                 stdout_view: Callable[[str], str | None] | None = None, archive_to: str = "",
                 feed: bytes = b"", stuck_on: tuple[str, ...] = (), signals: str = PROXY,
                 own_group: bool = False, proxy_kill: tuple[str, ...] = (), detach_keys: bytes = b"",
                 stop_command: tuple[str, ...] = (), here: bool = False,
                 task_stdin: tuple[str, ...] = (), stdout_text: str = "", pause: float = 0.0) -> None:
        self.argv = argv
        self.question = question
        self.mode = mode
        self.env = env or {}
        self.then = then
        self.restate = restate
        self.later = later
        self.chain = chain  # DETACH mode: the argvs to run in order
        self.log_prefix = log_prefix  # how the backend's own log lines start on stderr
        self.stdin = stdin
        # RELAY: (probe argv with "{cid}", outputs meaning "not ready yet"): end of input reaches the
        # child only once the probe, run on the ID found in cidfile, prints something else.
        self.stdin_gate = stdin_gate
        self.cidfile = cidfile  # where the backend writes the container ID (RELAY gate, HOLD)
        self.cleanup = cleanup  # scratch files pydock removes when the plan is done
        self.always_then = always_then  # call `then` even when the command failed (a probe)
        self.stdout_to = stdout_to  # SUPERVISE: "" pydock's stdout, "stderr", "null" or ARCHIVE instead
        # SUPERVISE: "" pydock's stderr, "null": only the backend's log records are kept (restated), the rest
        # dropped (`run -a stdout`: the container's stderr is not attached)
        self.stderr_to = stderr_to
        self.announce = announce  # text for stderr before the command runs (docker's progress lines)
        self.stdout_text = stdout_text  # text for stdout before the command runs (a frame of a live view)
        self.pause = pause  # PREPARE: seconds to wait before `then` (a live view's next frame)
        self.stdin_file = stdin_file  # RELAY: read this file instead of pydock's stdin
        # RELAY: an object whose feed(bytes) sees everything relayed; or whose transform(bytes) -> bytes
        # gives what the child gets instead (b"" at end of input), and sees it
        self.stdin_tap = stdin_tap
        self.spool = spool  # SPOOL_STDIN: the new private file pydock copies its stdin into
        # SUPERVISE: each backend log record as it arrives → the text to show at once ("" shows nothing), or
        # None to hold it for `restate` (compose's progress lines are restated live, its errors at the end)
        self.record_view = record_view
        # SUPERVISE: each line of the child's stdout → what pydock prints instead, as it arrives
        self.stdout_view = stdout_view
        # stdout_to=ARCHIVE: the file the whole archive becomes (`save -o`) instead of pydock's stdout
        self.archive_to = archive_to
        self.feed = feed  # stdin=FEED: what the child reads (not shown by commands() or repr)
        # SUPERVISE: words of a backend log record after which the backend hangs rather than exits (nerdctl
        # 2.3.5's save after a failed write): pydock ends it then, and restates the record
        self.stuck_on = stuck_on
        self.signals = signals  # SUPERVISE: PROXY, KILL, KEEP, LEAVE, FOLLOW or STOP_PROJECT
        # KILL: the command that sends a signal ({sig}, its name) to the container ({cid}, read from cidfile);
        # STOP_PROJECT_KEYS: the command that kills the project's containers
        self.proxy_kill = proxy_kill
        # SUPERVISE: the child needs no terminal, so it runs in a process group of its own: the terminal's
        # SIGINT reaches pydock alone, which applies `signals` (nerdctl would proxy it, or die of it)
        self.own_group = own_group
        # TERMINAL: the typed sequence on which pydock detaches (exec: nerdctl has none); b"": nerdctl's own
        self.detach_keys = detach_keys
        # STOP_PROJECT(_KEYS): the command that stops the project gracefully, where a SIGINT to the child cannot
        # (over the ssh transport it would end only ssh here); () for the SIGINT
        self.stop_command = stop_command
        # the command (or DETACH's chain) runs on this machine even over the ssh transport: pydock's own helper,
        # which reaches the remote itself (through ssh, or containerd's socket forwarded by the shared connection)
        self.here = here
        # stdin=TASK: (containerd's address, namespace, container ID, task_stdin mode: ONCE, KEEP or NONE)
        self.task_stdin = task_stdin

    def commands(self) -> list[list[str]]:
        """Every command this plan would run, for --dry-run and PYDOCK_DEBUG."""
        if self.mode in (SPOOL_STDIN, ASK, PREPARE):
            return [*self.later]
        return [*(self.chain if self.mode == DETACH else [self.argv]), *self.later]

    def __repr__(self) -> str:
        return f"Plan({self.mode}, {self.argv!r})"
