"""A private pseudo-terminal for nerdctl's `-t`, relayed to the user's terminal as docker's client relays it.

Given `-t`, nerdctl takes whichever of its streams is a terminal as its console and drives it: raw mode even
without `-i` (Ctrl-C becomes a byte, where docker's client, raw only with `-i`, gets a SIGINT it proxies), no
detach keys for exec, and a terminal left raw when it dies of a signal. So nerdctl gets a terminal of pydock's
own (stdin and stdout; stderr stays the pipe pydock restates), in a process group of its own, and pydock copies
bytes unchanged between it and the user's streams. pydock makes the user's terminal raw exactly when docker's
client does (`-i` with a terminal on stdin), restores it whatever ends the session, passes the window size on
(at the start and on SIGWINCH), and watches typed input for the detach keys where nerdctl has none (exec).
Imported only by a plan that relays a terminal (execute.py), never on the hot path.
"""

from __future__ import annotations

import _signal as signal
import contextlib
import errno
import os

from shim.signal_rules import Stopped

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.streams import StderrRelay

# what docker 28.2.2's `exec -it` prints as it detaches, and its exit code (a client error)
DETACHED = "read escape sequence\n"
DETACHED_CODE = 1


class Detached(Stopped):
    """The detach keys were typed: pydock's part ends with `code` after `message` (the process runs on);
    `before`: what was typed ahead of them, still for the process."""

    def __init__(self, before: bytes = b"") -> None:
        super().__init__(0, DETACHED_CODE, DETACHED)
        self.before = before


class TerminalRelay:
    """The private terminal (`child`: nerdctl's stdin and stdout) and what pydock does with the user's."""

    def __init__(self, *, reads_input: bool, detach_keys: bytes = b"") -> None:
        self.master, self.child = os.openpty()
        self.reads_input = reads_input  # `-i`: the user's terminal (stdin) is read and made raw
        self.detach_keys = detach_keys  # watched for by pydock (exec: nerdctl has none); b"": not watched
        self.matched = 0  # how many of the detach keys the last bytes typed matched (held back meanwhile)
        self.saved: list | None = None  # the user's terminal settings while it is raw
        self.previous_winch: object = None
        self.pid = 0  # nerdctl, once started
        self._resize()

    def start(self, pid: int) -> None:
        """Once the child (`pid`) has its end: raw mode where docker's client sets it, window sizes followed."""
        self.pid = pid
        os.close(self.child)  # the master then reads EIO once nerdctl and the container's side let go
        self.child = -1
        if self.reads_input:
            self.saved = _make_raw(0)
        self.previous_winch = signal.signal(signal.SIGWINCH, lambda *_: self._resize())

    def close(self) -> None:
        """Give the user's terminal back as it was (also after a signal or an error)."""
        if self.saved is not None:
            import termios

            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(0, termios.TCSADRAIN, self.saved)
            self.saved = None
        if self.previous_winch is not None:
            signal.signal(signal.SIGWINCH, self.previous_winch)
            self.previous_winch = None
        for fd in (self.master, self.child):
            if fd >= 0:
                os.close(fd)
        self.master = self.child = -1

    def _resize(self) -> None:
        # docker sizes the container's terminal from its stdout, where that is a terminal
        import fcntl
        import termios

        try:
            size = fcntl.ioctl(1, termios.TIOCGWINSZ, b"\0" * 8)
            fcntl.ioctl(self.master if self.child < 0 else self.child, termios.TIOCSWINSZ, size)
            if self.pid:  # the private terminal is nobody's controlling one: the kernel tells no one of the change
                os.kill(self.pid, signal.SIGWINCH)
        except OSError:
            return

    def typed(self, data: bytes) -> bytes:
        """What of the user's input goes on: the detach keys held back while they match (across reads, as keys
        pasted at once detach docker's too), given back when a byte breaks the sequence; Detached once whole
        (what was typed before it in the same read still goes on first)."""
        keys = self.detach_keys
        if not keys:
            return data
        out = bytearray()
        for byte in data:
            if byte != keys[self.matched]:
                out += keys[:self.matched]
                self.matched = 0
            if byte == keys[self.matched]:
                self.matched += 1
                if self.matched == len(keys):
                    self.matched = 0
                    raise Detached(bytes(out))
            else:
                out.append(byte)
        return bytes(out)


def pump(pid: int, err_fd: int, wake_fd: int, relay: StderrRelay, term: TerminalRelay) -> int:  # noqa: PLR0912 - one select loop
    """Move bytes between the user's streams and the private terminal, and the child's stderr to `relay`,
    until the child exits; returns its wait status. Output still buffered when it exits is sent on."""
    import select

    from shim.streams import read_chunk, write_all

    reading = [fd for fd in (err_fd, term.master, 0 if term.reads_input else -1) if fd >= 0]
    status = None
    while reading:
        if status is None:
            done, status_now = os.waitpid(pid, os.WNOHANG)
            if done:
                status = status_now
        try:
            ready, _, _ = select.select([*reading, wake_fd], [], [], 0 if status is not None else None)
        except InterruptedError:
            continue
        if status is not None and not [fd for fd in ready if fd != 0]:
            break
        for fd in ready:
            if fd == wake_fd:
                read_chunk(fd)
                continue
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                continue
            except OSError as e:  # EIO: nothing holds the terminal's other end any more
                if e.errno != errno.EIO:
                    raise
                chunk = b""
            if not chunk:
                reading.remove(fd)  # end of the user's input: nothing more to type, the output goes on
            elif fd == term.master:
                write_all(1, chunk)
            elif fd == err_fd:
                relay.feed(chunk)
            elif status is None:
                try:
                    sent = term.typed(chunk)
                except Detached as detached:
                    write_all(term.master, detached.before)
                    raise
                if sent:
                    write_all(term.master, sent)
    if status is None:
        _, status = os.waitpid(pid, 0)
    return status


def _make_raw(fd: int) -> list | None:
    """docker's raw mode (cfmakeraw) on the user's terminal; its settings before, to restore."""
    import termios

    try:
        saved = termios.tcgetattr(fd)
    except (OSError, termios.error):
        return None
    raw = list(saved)
    raw[0] &= ~(termios.IGNBRK | termios.BRKINT | termios.PARMRK | termios.ISTRIP | termios.INLCR
                | termios.IGNCR | termios.ICRNL | termios.IXON)
    raw[1] &= ~termios.OPOST
    raw[2] = (raw[2] & ~(termios.CSIZE | termios.PARENB)) | termios.CS8
    raw[3] &= ~(termios.ECHO | termios.ECHONL | termios.ICANON | termios.ISIG | termios.IEXTEN)
    raw[6] = list(raw[6])
    raw[6][termios.VMIN], raw[6][termios.VTIME] = 1, 0
    termios.tcsetattr(fd, termios.TCSADRAIN, raw)
    return saved
