"""Moving bytes between pydock and a supervised backend: stderr (restating backend log records),
captured stdout, and, where the backend needs help, stdin.

Used only by execute.py; stdlib `os` and `select` only, and redact.py to mask a password the backend echoes.
"""

from __future__ import annotations

import os
import time

from shim import redact

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


def write_all(fd: int, data: bytes) -> bool:
    """Write everything; False when the reader went away."""
    while data:
        try:
            n = os.write(fd, data)
        except InterruptedError:
            continue
        except (BrokenPipeError, ConnectionResetError):
            return False
        data = data[n:]
    return True


def read_chunk(fd: int) -> bytes | None:
    """A chunk, b"" at end of file, None when nothing was there after all."""
    try:
        return os.read(fd, 65536)
    except (InterruptedError, BlockingIOError):
        return None
    except OSError as e:  # a private terminal's side once the child's side is closed (Linux: EIO): its end
        if e.errno == 5:
            return b""
        raise


class StderrRelay:
    """Pass the child's stderr through at once, except whole lines that are backend log records.

    A record can only start at the beginning of a line, so bytes are held back only while the current
    line could still turn out to be one; a prompt without a newline passes straight through.
    """

    def __init__(self, prefix: bytes | tuple[bytes, ...], *, show: bool = True,
                 view: Callable[[str], str | None] | None = None, fd: int = 2, stuck_on: tuple[str, ...] = ()) -> None:
        # one record prefix, or several (build holds back buildctl's `error: ` lines beside nerdctl's)
        self.prefix = prefix if isinstance(prefix, tuple) else ((prefix,) if prefix else ())
        self.show = show  # False: keep the records, drop everything else
        self.held = b""  # start of a line that may be a record
        self.at_line_start = True
        self.records: list[str] = []
        self.view = view  # a record → text shown at once, or None to keep it (Plan.record_view)
        self.fd = fd  # where the rest goes: stderr, or stdout for a stream restated line by line (b"" prefix)
        self.stuck_on = stuck_on  # Plan.stuck_on
        self.stuck = False  # such a record came: the child is to be ended

    def feed(self, chunk: bytes) -> bool:
        """Pass on or hold back this chunk of the child's output; True once a record says the child is stuck."""
        out = bytearray()
        data = self.held + chunk
        self.held = b""
        while data:
            if not self.at_line_start:
                nl = data.find(b"\n")
                if nl < 0:
                    out += data if self.show else b""
                    break
                out += data[: nl + 1] if self.show else b""
                data = data[nl + 1:]
                self.at_line_start = True
                continue
            nl = data.find(b"\n")
            line = data if nl < 0 else data[: nl + 1]
            if self.prefix and (line.startswith(self.prefix) or (nl < 0 and any(p.startswith(line)
                                                                                 for p in self.prefix))):
                if nl < 0:
                    self.held = data
                    break
                self._record(line[:-1].decode("utf-8", "replace"), out)
                data = data[nl + 1:]
                continue
            self.at_line_start = False
        if out:  # what passes (when shown) and what the view made of records (always)
            write_all(self.fd, redact.data(bytes(out)))
        return self.stuck

    def _record(self, record: str, out: bytearray) -> None:
        if any(words in record for words in self.stuck_on):
            self.stuck = True
        shown = self.view(record) if self.view else None
        if shown is None:
            self.records.append(record)
        elif shown:
            out += shown.encode()

    def finish(self) -> list[str]:
        if self.held:
            if self.held.startswith(self.prefix):
                out = bytearray()
                self._record(self.held.decode("utf-8", "replace"), out)
                if out:
                    write_all(self.fd, bytes(out))
            elif self.show:
                write_all(self.fd, redact.data(self.held))
            self.held = b""
        return self.records


class StdinRelay:
    """Copy pydock's stdin into the child's; at end of input, close the child's stdin only once
    `ready()` says so (nerdctl loses an end of input that arrives before its task exists)."""

    GIVE_UP_AFTER = 15.0  # seconds: close anyway, as docker would
    CHUNK = 1 << 20  # an image archive is hundreds of MiB: few large reads, written on without copies

    def __init__(self, source: int, target: int, ready: Callable[[], bool] | None,
                 tap: Callable[[bytes], None] | None = None,
                 transform: Callable[[bytes], bytes] | None = None, passthrough: object = None) -> None:
        self.source, self.target, self.ready, self.tap = source, target, ready, tap
        self.transform = transform  # what the child gets instead of each chunk (b"": end of input)
        self.buffer = memoryview(b"")  # read, not yet written on
        self.eof_at = 0.0
        self.closed = False
        # an object whose passthrough() tells how many bytes it need not see, which splice moves (kernel to
        # kernel, no copy), and skipped(n) hears of them; `full` while the child's pipe had no room for them
        self.passthrough = passthrough
        self.full = False
        # bytes the child's pipe holds when pydock may let it drain a while once it was full (0: wake at its first
        # free page, as select does: with nerdctl that is a wake-up per 32 KiB it reads); for how long (seconds),
        # and whether the last splice came after such a pause
        self.room = 0
        self.nap, self.napped = 0.001, False

    @classmethod
    def feeding(cls, data: bytes, target: int) -> StdinRelay:
        """A relay with no source: it writes `data` to the child as the child takes it, then ends its input."""
        relay = cls(-1, target, None)
        relay.buffer = memoryview(data)
        relay.eof_at = time.monotonic()
        return relay

    def wants_read(self) -> bool:
        return not self.eof_at and not self.closed and not self.buffer and not self.full

    def wants_write(self) -> bool:
        return (bool(self.buffer) or (self.full and not self.room)) and not self.closed

    def pause(self) -> float | None:
        """Seconds after which to fill the child's full pipe again, rather than at its first free page; None when
        the loop is to wait for room as usual."""
        if not (self.full and self.room) or self.buffer or self.closed:
            return None
        return self.nap

    def _paced(self, moved: int) -> None:
        """After a pause: the child read `moved` bytes meanwhile. Half its pipe or more: the pause was long enough
        to risk leaving it without bytes, halve it; under an eighth: double it (within 0.5-10 ms)."""
        if self.napped:
            self.napped = False
            if moved >= self.room // 2:
                self.nap = max(0.0005, self.nap / 2)
            elif moved < self.room // 8:
                self.nap = min(0.01, self.nap * 2)

    def on_readable(self) -> None:
        unseen = self.passthrough.passthrough() if self.passthrough is not None else 0
        if unseen and self._splice(unseen):
            return
        try:
            chunk = os.read(self.source, self.CHUNK)
        except (InterruptedError, BlockingIOError):
            return
        if chunk == b"":
            self.eof_at = time.monotonic()
            if self.transform is not None:
                self.buffer = memoryview(self.transform(b""))
        else:
            data = self.transform(chunk) if self.transform is not None else chunk
            self.buffer = memoryview(data)
            if self.tap is not None:
                self.tap(data)

    def _splice(self, unseen: int) -> bool:
        """Move up to `unseen` bytes from the source to the child; False when splice cannot (then read)."""
        try:
            moved = os.splice(self.source, self.target, min(unseen, self.CHUNK), flags=os.SPLICE_F_NONBLOCK)
        except BlockingIOError:
            self._paced(0)
            self.full = True  # the child's pipe is full: wait until it can take more
            return True
        except InterruptedError:
            return True
        except (BrokenPipeError, ConnectionResetError):
            self.close()
            return True
        except OSError:  # a source splice cannot read (EINVAL): no more splicing
            self.passthrough = None
            return False
        if moved == 0:
            return False  # end of input: read() says so, and the tap finishes
        self._paced(moved)
        self.passthrough.skipped(moved)  # type: ignore[union-attr]
        return True

    def on_writable(self) -> None:
        if self.full:
            self.full, self.napped = False, bool(self.room)
            return
        try:
            n = os.write(self.target, self.buffer)
        except (BlockingIOError, InterruptedError):
            return
        except (BrokenPipeError, ConnectionResetError):
            self.close()
            return
        self.buffer = self.buffer[n:]

    def wait_on(self, reads: list[int], writes: list[int], timeout: float | None) -> float | None:
        """Add the descriptors the loop is to wait on for stdin; returns its timeout, shortened where stdin needs."""
        if self.wants_read():
            reads.append(self.source)
        pause = self.pause()
        if self.wants_write():
            writes.append(self.target)
        elif pause is not None:
            timeout = pause if timeout is None else min(timeout, pause)
        if not self.try_close() and self.eof_at and not self.buffer:
            timeout = 0.05  # ask again shortly whether the child may see end of input
        return timeout

    def try_close(self) -> bool:
        """At end of input with nothing left to write: close when allowed. True once closed."""
        if self.closed or not self.eof_at or self.buffer:
            return self.closed
        if self.ready is None or self.ready() or time.monotonic() - self.eof_at > self.GIVE_UP_AFTER:
            self.close()
        return self.closed

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            os.close(self.target)


def pump(pid: int, err_fd: int, out_fd: int, wake_fd: int, relay: StderrRelay, stdout: bytearray,  # noqa: PLR0912 - one select loop, kept whole so its order is visible
         stdin: StdinRelay | None = None, out_relay: StderrRelay | None = None,
         spool: ArchiveSpool | None = None) -> int:
    """Move bytes until the child exits; returns its wait status.

    The pipes may stay open after the child exits (something it started inherited them), so the end
    is the child's exit, noticed through SIGCHLD on the wake-up pipe, then whatever is still buffered.
    """
    import select

    open_fds = [fd for fd in (err_fd, out_fd) if fd >= 0]
    status = None
    # whether the child may have ended: at first (it may have before SIGCHLD reached the wake-up pipe), then
    # after a signal or a timeout; not after each chunk of a load's thousands (a wait4 each)
    look = True
    while open_fds:
        if status is None and look:
            done, status_now = os.waitpid(pid, os.WNOHANG)
            if done:
                status = status_now
                for fd in open_fds:
                    os.set_blocking(fd, False)
        reads = [*open_fds, wake_fd]
        writes = []
        timeout = 0 if status is not None else None
        if spool is not None and spool.out >= 0 and status is None:
            spool.step()
            timeout = 0.02  # the file grows without a wake-up: look again shortly
        if stdin is not None and status is None:
            timeout = stdin.wait_on(reads, writes, timeout)
        try:
            ready, writable, _ = select.select(reads, writes, [], timeout)
        except InterruptedError:
            continue
        if status is not None and not ready:
            break
        look = not (ready or writable) or wake_fd in ready
        if stdin is not None and (writable or stdin.pause() is not None):
            stdin.on_writable()
        for fd in ready:
            if stdin is not None and fd == stdin.source:
                stdin.on_readable()
                continue
            chunk = read_chunk(fd)
            if fd == wake_fd or chunk is None:
                continue
            if not chunk:
                open_fds.remove(fd)
            elif fd == err_fd:
                if relay.feed(chunk) and status is None:  # it would hang there: end it (its record says why)
                    os.kill(pid, 9)
            elif out_relay is not None:
                out_relay.feed(chunk)
            else:
                stdout += chunk
    if status is None:
        _, status = os.waitpid(pid, 0)
    if stdin is not None:
        stdin.close()
    return status


class ArchiveSpool:
    """An archive the child writes into a file: pydock's stdout itself when that is a regular file, a
    private file pydock sends on to its stdout while it grows, or (`save -o`) a private file in the output's
    folder that becomes the output once it is whole.

    `save` to stdout needs it: nerdctl 2.3 cuts an archive it writes to a pipe short now and then (it
    exits before writing its stream's last window), never one it writes to a file, which takes the bytes
    as fast as they come. Sent on at once, a slow reader costs no more than its own pace. Either way pydock
    walks the archive's headers: an archive that did not end properly is a failure (docker's `unexpected
    EOF`), never a short success.
    """

    STEP = 8 << 20  # bytes per sendfile call: the loop gets back to the child's stderr between them

    def __init__(self, spool: int, *, start: int = 0, out: int = -1, target: str = "") -> None:
        from shim.tar_walk import TarWalk

        self.spool = spool  # read from (and, when sending or given a target, the child's stdout)
        self.out = out  # where to send it on; -1: the child writes pydock's stdout itself, or the target's file
        self.target = target  # the path the whole archive gets (execute.py links it there)
        self.child_writes_spool = out >= 0 or bool(target)
        self.start = start
        self.sent = start
        self.walk = TarWalk(spool, start)
        self.copy = False  # sendfile refused (stdout opened for appending): read and write instead
        self.previous: ArchiveSpool | None = None  # the try that came short, whose bytes were sent already

    def again(self, private_file: Callable[[], int]) -> ArchiveSpool:
        """The next try after a short archive. Into stdout itself: from the start again, over the short one.
        Into a private file: a new one, sent on from where this one stopped once it is the same archive
        (nerdctl writes an image's archive byte for byte alike; the blobs are named by their digests).
        For a target: a new private file, from the start."""
        if self.target:
            return ArchiveSpool(private_file(), target=self.target)
        if self.out < 0:
            os.ftruncate(1, self.start)
            os.lseek(1, self.start, os.SEEK_SET)
            return ArchiveSpool(self.spool, start=self.start)
        follow = ArchiveSpool(private_file(), out=self.out)
        follow.sent, follow.previous = self.sent, self
        return follow

    def step(self) -> None:
        """Send on what the child has written so far."""
        size = os.fstat(self.spool).st_size
        self.walk.advance(size)
        while self.out >= 0 and self.sent < size:
            self.sent += self._send(min(size - self.sent, self.STEP))

    def _send(self, count: int) -> int:
        if not self.copy:
            try:
                return os.sendfile(self.out, self.spool, self.sent, count)
            except InterruptedError:
                return 0
            except OSError as e:
                if e.errno not in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this pair of files cannot
                    raise
                self.copy = True
        block = memoryview(os.pread(self.spool, min(count, 1 << 20), self.sent))
        while block:  # a reader gone away raises BrokenPipeError, as for any output of pydock's
            block = block[os.write(self.out, block):]
        return len(block.obj)  # type: ignore[arg-type]

    def finish(self) -> bool:
        """Send the rest once the child is gone; whether the archive was whole (and, after a short try, the
        same archive as far as that one was sent)."""
        self.step()
        return self.walk.complete(os.fstat(self.spool).st_size) and self._same_start()

    def _same_start(self) -> bool:
        before = self.previous
        if before is None:
            return True
        sent = before.sent
        for name, size, _flag, offset in self.walk.members:
            header = offset - 512
            if header >= sent:
                break
            if not _same(before.spool, self.spool, header, min(512, sent - header)):
                return False
            # a member not named by its digest: compare its bytes
            if not name.startswith("blobs/") and offset < sent and not _same(before.spool, self.spool, offset,
                                                                             min(size, sent - offset)):
                return False
        return True


def _same(one: int, other: int, offset: int, length: int) -> bool:
    return os.pread(one, length, offset) == os.pread(other, length, offset)
