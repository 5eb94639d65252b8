"""What a signal to pydock does while its backend child runs: docker CLI 28.2.2's rules, per command.

docker's client catches SIGINT and SIGTERM for every command: the first one cancels the command (what that
means is the command's affair), the third ends the client at once ("got 3 SIGTERM/SIGINTs, forcefully
exiting", exit 1), whatever the container does. `docker run` also proxies every signal it gets to the
container, unless `--sig-proxy=false`; other signals get Go's default: SIGHUP ends the client as killed by it.
nerdctl's own rules differ (its `exec` proxies, its `logs -f` ends 0, its `run --sig-proxy=false` and
`compose up` die of a SIGTERM), so pydock applies docker's and hands nerdctl only what docker's engine would see.
Measured against docker 28.2.2 on Engine 29; docs/reliability.md "Signals" has the table.
"""

from __future__ import annotations

# The C module: `signal.py` wraps it in IntEnums, and importing enum costs ~3 ms at start-up (execute.py too).
import _signal as signal
import os
import sys

from shim.plan import KEEP, KILL, LEAVE, PROXY, STOP_PROJECT, STOP_PROJECT_KEYS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

TERMINATION = (signal.SIGINT, signal.SIGTERM)  # docker's platformsignals.TerminationSignals
FORCED = "got 3 SIGTERM/SIGINTs, forcefully exiting\n"
# docker compose's plain progress line as it starts the graceful stop (Docker Compose v5.5.0, off a terminal)
GRACEFULLY = " Compose Stopping Gracefully Stopping... press Ctrl+C again to force\n"
# the same on a terminal (its key menu's words, red and bold)
GRACEFULLY_TERMINAL = "\x1b[31m\x1b[1mGracefully Stopping... press Ctrl+C again to force\x1b[0m\n"


class Stopped(Exception):
    """A signal that ends pydock's part: pydock ends as killed by `signum`, or with `code` after `message`."""

    def __init__(self, signum: int, code: int | None = None, message: str = "") -> None:
        super().__init__(signum)
        self.signum = signum
        self.code = code
        self.message = message


class Rules:
    """The signal handler of one supervised child (pid): `on_signal` from the handler, `after` once it ended."""

    def __init__(self, pid: int, policy: str, *, own_group: bool, archive: bool,
                 proxy: Callable[[int], None] | None = None, stop: Callable[[], None] | None = None) -> None:
        self.pid = pid
        self.proxy = proxy  # KILL: sends a signal to the container
        self.stop = stop  # STOP_PROJECT(_KEYS): stops the project gracefully (None: a SIGINT to the child does)
        self.policy = policy
        self.own_group = own_group
        self.archive = archive
        self.terminations = 0
        self.stopping = 0  # STOP_PROJECT: the signal that started the graceful stop
        self.ctrl_c_code: int | None = None  # STOP_PROJECT_KEYS: the code a Ctrl-C's stop ends with

    def on_signal(self, signum: int) -> None:
        if self.policy == STOP_PROJECT_KEYS and signum == signal.SIGINT:
            self._ctrl_c()
            return
        if signum in TERMINATION:
            self.terminations += 1
            if self.terminations >= 3:
                self.kill()
                # the plugin host's words have no blank line before them (docker's tryPluginRun)
                lead = "" if self.policy == STOP_PROJECT else "\n"
                raise Stopped(signum, 1, lead + FORCED)
        if self.policy == PROXY:
            self._proxy(signum)
        elif self.policy == KILL:
            if self.proxy is not None:
                self.proxy(signum)
        elif self.policy in (STOP_PROJECT, STOP_PROJECT_KEYS):
            if not self.stopping:  # compose stops the project once; later signals only count
                self._stop_project(signum, GRACEFULLY)
        elif not (self.policy == KEEP and signum in TERMINATION):
            self.kill()  # a vanished client: the container (exec: the process) runs on, as with docker
            if signum in TERMINATION:
                raise Stopped(signum, 0 if self.policy == LEAVE else 128 + signum)
            raise Stopped(signum)

    def _stop_project(self, signum: int, words: str) -> None:
        self.stopping = signum
        sys.stderr.write(words)
        sys.stderr.flush()
        if self.stop is not None:
            self.stop()
        else:
            self._send(signal.SIGINT)  # nerdctl's compose stops the project on SIGINT alone

    def _ctrl_c(self) -> None:
        """compose's key menu on a terminal: Ctrl-C is a key it reads, not a signal the client counts."""
        if not self.stopping:
            self._stop_project(signal.SIGINT, GRACEFULLY_TERMINAL)
            self.ctrl_c_code = 0
        elif self.ctrl_c_code == 0:
            self.ctrl_c_code = 128 + signal.SIGINT
            if self.proxy is not None:
                self.proxy(signal.SIGKILL)  # the project's containers, killed; nerdctl's stop then ends

    def after(self) -> None:
        """The child ended by itself: a graceful stop still ends as docker's client does."""
        if self.stopping == signal.SIGINT and self.ctrl_c_code is not None:
            raise Stopped(self.stopping, self.ctrl_c_code)
        if self.stopping:
            raise Stopped(self.stopping, 128 + signal.SIGINT if self.stopping in TERMINATION else None)

    def _proxy(self, signum: int) -> None:
        # SIGINT/SIGQUIT typed at a terminal already reach the whole foreground process group, the child
        # included (unless it has a group of its own); they are passed on only when they came otherwise
        if signum in (signal.SIGINT, signal.SIGQUIT) and not self.own_group and _in_terminal_foreground():
            return
        if not self._send(signum):
            return  # already gone: its exit status is on the way
        if self.archive:
            # docker's client has no signal proxy for save: it ends at once, where pydock could otherwise be
            # waiting on a reader of the archive that no longer matters
            raise Stopped(signum)

    def _send(self, signum: int) -> bool:
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            return False
        return True

    def kill(self) -> None:
        """End the child now (its group: compose's `nerdctl logs` children too) and reap it."""
        try:
            if self.own_group:
                os.killpg(self.pid, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError, PermissionError):
            return


def _in_terminal_foreground() -> bool:
    try:
        return os.tcgetpgrp(sys.stdin.fileno()) == os.getpgrp()
    except (OSError, ValueError):
        return False


# Signals a supervisor takes over while its child runs: docker's run proxies every signal; these are the
# ones scripts and terminals send (SIGQUIT is Ctrl-\).
HANDLED = (signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGINT, signal.SIGQUIT)
# their names, as `nerdctl kill --signal` takes them (it reads a number as a name: "SIG15")
NAMES = {signal.SIGTERM: "SIGTERM", signal.SIGHUP: "SIGHUP", signal.SIGUSR1: "SIGUSR1", signal.SIGUSR2: "SIGUSR2",
         signal.SIGINT: "SIGINT", signal.SIGQUIT: "SIGQUIT"}
