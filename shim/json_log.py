"""docker's json-file log read by pydock itself: one JSON entry a line (`log`, `stream`, `time`), the layout
nerdctl's json-file driver writes in `<state-dir>/<ID>-json.log` and pydock's own logger of the ctr backend
(shim/ctr_logger.py) writes too. Shared by the backends, docker's `logs` options applied here.

`pieces` reads a log whole, for `logs` without -f: each entry's text for stdout or stderr, after docker's
--tail, then --since/--until (inclusive), --details (the entry's attributes, none here, then a space) and
-t (the entry's time first). Anything it does not understand gives None, which the nerdctl backend leaves to
nerdctl. `python -m shim.json_log` follows a log for `logs -f`, until its logger lets go of its lock file.
"""

from __future__ import annotations

import os

MAX_DIRECT = 1 << 20  # bytes: the nerdctl backend leaves larger logs to nerdctl (this reader holds all in memory)
POLL = 0.1  # seconds between looks at a followed log


class Options:
    """docker's options of `logs` that choose and shape the entries; since/until in ns since the epoch (0: none)."""

    __slots__ = ("tail", "timestamps", "since", "until", "details")

    def __init__(self, tail: int = -1, timestamps: bool = False, since: int = 0, until: int = 0,
                 details: bool = False) -> None:
        self.tail, self.timestamps, self.since, self.until, self.details = tail, timestamps, since, until, details


def pieces(path: str, tail: int, timestamps: bool, *, options: Options | None = None,
           limit: int | None = MAX_DIRECT) -> list[tuple[int, bytes]] | None:
    """The log's entries as (1 or 2, bytes) for stdout or stderr, the last `tail` of them (all for -1); None
    where the reader is not sure (a log over `limit` bytes, an entry it does not understand, a missing file)."""
    shape = options or Options(tail, timestamps)
    try:
        with open(path, "rb") as f:
            data = f.read() if limit is None else f.read(limit + 1)
    except OSError:
        return None  # nerdctl waits a moment for a file the logger has yet to create, then says why
    if limit is not None and len(data) > limit:
        return None
    lines = data.splitlines()
    if shape.tail >= 0:
        lines = lines[len(lines) - shape.tail:] if shape.tail else []
    out: list[tuple[int, bytes]] = []
    for line in lines:
        piece = shaped(line, shape)
        if piece is None:
            return None
        if not piece[1]:
            continue  # outside --since/--until
        if out and out[-1][0] == piece[0]:  # one write for a run of lines on one stream
            out[-1] = (piece[0], out[-1][1] + piece[1])
        else:
            out.append(piece)
    return out


def shaped(line: bytes, shape: Options) -> tuple[int, bytes] | None:
    """One line of the log as (fd, what docker prints of it), b"" when --since/--until leave it out; None for
    a line this reader does not understand."""
    try:
        entry = _entry(line.decode())
    # a bad byte (UnicodeDecodeError is a ValueError), or a string cut short: the C scanner's error is a
    # SystemError while `json` (which defines the proper one) is not imported
    except (ValueError, SystemError):
        return None
    if entry is None:
        return None
    text, stream, when = entry.get("log", ""), entry.get("stream", ""), entry.get("time", "")
    if stream not in ("stdout", "stderr"):
        return None
    fd = 1 if stream == "stdout" else 2
    if shape.since or shape.until:
        at = stamp_ns(when)
        if at is None:
            return None
        if (shape.since and at < shape.since) or (shape.until and at > shape.until):
            return (fd, b"")
    if shape.details:
        text = " " + text  # the entry's attributes (--log-opt labels, env), none here, then a space
    if shape.timestamps:
        # Go's RFC3339Nano of a UTC time, as the logger wrote it; other zones are left to nerdctl
        if not when.endswith("Z"):
            return None
        text = when + " " + text
    return (fd, text.encode("utf-8", "replace"))


def _entry(line: str) -> dict[str, str] | None:
    """One entry: a JSON object whose values are all strings, as the logger writes them; None for anything
    else. `json` would cost its import of `re` (about 10 ms); its C string scanner is all this needs."""
    from _json import scanstring

    out, pos, end = {}, 1, len(line)
    if not line.startswith("{"):
        return None
    while pos < end and line[pos] in " \t":
        pos += 1
    if line[pos:pos + 1] == "}":
        return out
    while True:
        if line[pos:pos + 1] != '"':
            return None
        key, pos = scanstring(line, pos + 1, True)
        if line[pos:pos + 2] != ':"':
            return None
        out[key], pos = scanstring(line, pos + 2, True)
        if line[pos:pos + 1] == "}":
            return out if not line[pos + 1:].strip() else None
        if line[pos:pos + 2] != ',"':
            return None
        pos += 1


def stamp_ns(when: str) -> int | None:
    """An entry's time (RFC 3339 with up to nine decimals, in UTC: `…Z`) in ns since the epoch."""
    import calendar
    import time

    head, _, rest = when.partition(".")
    digits = rest[:-1] if rest else ""
    if not when.endswith("Z") or (digits and not digits.isdigit()):
        return None
    try:
        moment = time.strptime(head.removesuffix("Z"), "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return None
    return calendar.timegm(moment) * 10**9 + int(digits.ljust(9, "0")[:9] or 0)


def follow(path: str, lock: str, shape: Options) -> int:
    """`logs -f`: the entries so far (after --tail), then each new one as the logger writes it, until the
    logger has let go of its lock (the container ended and its output is all written)."""
    import fcntl
    import time

    try:
        f = open(path, "rb")  # noqa: SIM115 - read on as the log grows
    except OSError as e:
        os.write(2, f"Error response from daemon: cannot read the container's log: {e.strerror}\n".encode())
        return 1
    with f:
        data = f.read()
        lines, rest = _complete(data)
        if shape.tail >= 0:
            lines = lines[len(lines) - shape.tail:] if shape.tail else []
        while True:
            for line in lines:
                piece = shaped(line, shape)
                if piece and piece[1]:
                    os.write(piece[0], piece[1])
            if shape.until and time.time_ns() > shape.until:
                return 0
            more = f.read()
            if not more:
                if _logger_done(lock, fcntl):
                    lines, rest = _complete(rest + f.read() + b"\n")  # whatever it wrote last
                    for line in lines:
                        piece = shaped(line, shape)
                        if piece and piece[1]:
                            os.write(piece[0], piece[1])
                    return 0
                time.sleep(POLL)
            lines, rest = _complete(rest + more)


def _complete(data: bytes) -> tuple[list[bytes], bytes]:
    """The complete lines of `data`, and the start of a line still being written."""
    *lines, rest = data.split(b"\n")
    return [line for line in lines if line], rest


def _logger_done(lock: str, fcntl) -> bool:  # fcntl: the module, imported by follow
    """True when no logger holds the container's lock file (nerdctl's `logger-lock`), or there is none."""
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)  # closing lets go of the lock, if it was taken here
    return True


def moment_ns(value: str, now: float) -> int:
    """docker's --since/--until value in ns since the epoch: a Go duration before now (`42m`, `1h30m`), a
    Unix time (`1700000000.5`), or an RFC 3339 date and time, whole or cut short (`2026-12-03`,
    `2026-12-03T07:04`), in local time when it names no zone. ValueError for anything else."""
    import re

    duration = _duration_ns(value)
    if duration is not None and value != "0":
        return int(now * 10**9) - duration
    if re.fullmatch(r"\d+(\.\d{1,9})?", value):
        seconds, _, fraction = value.partition(".")
        return int(seconds) * 10**9 + int(fraction.ljust(9, "0"))
    from datetime import datetime

    found = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(T\d{2}(?::\d{2}(?::\d{2})?)?)?(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?",
                         value, re.IGNORECASE)
    if not found:
        raise ValueError(value)
    date, clock, fraction, zone = found.groups()
    clock = (clock or "T00")[1:]
    clock += ":00" * (2 - clock.count(":"))
    zone = "+00:00" if zone in ("Z", "z") else zone or ""
    moment = datetime.fromisoformat(f"{date}T{clock}{zone}")
    return int(moment.timestamp()) * 10**9 + int((fraction or "").ljust(9, "0"))


def _duration_ns(value: str) -> int | None:
    """A Go duration (`time.ParseDuration`) in ns, None when `value` is not one."""
    import re

    units = {"ns": 1, "us": 10**3, "µs": 10**3, "μs": 10**3, "ms": 10**6, "s": 10**9, "m": 60 * 10**9,
             "h": 3600 * 10**9}
    sign = -1 if value.startswith("-") else 1
    body = value.lstrip("+-")
    parts = re.findall(r"(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)", body)
    if not parts or "".join(n + u for n, u in parts) != body or any(n in ("", ".") for n, _ in parts):
        return None
    return sign * int(sum(float(n) * units[u] for n, u in parts))


def main(argv: list[str]) -> int:
    """python -m shim.json_log LOG LOCK TAIL TIMESTAMPS SINCE UNTIL DETAILS: `follow`, as `logs -f` runs it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)  # ended by pydock, which gives docker's exit code
    path, lock, tail, timestamps, since, until, details = argv
    shape = Options(int(tail), timestamps == "1", int(since), int(until), details == "1")
    try:
        return follow(path, lock, shape)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
