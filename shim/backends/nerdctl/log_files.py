"""A container's json-file log read by pydock itself, as `nerdctl logs` reads it without --follow.

nerdctl's json-file driver writes docker's layout, one JSON entry a line (`log`, `stream`, `time`) in
`<state-dir>/<ID>-json.log`; its `logs` reads that one file (not the rotated ones) and writes each entry's text
to stdout or stderr, `-t` putting the entry's time first. A short log read here costs about a millisecond
where nerdctl's start-up costs 20-30 (issue #13). Only where it is sure: the json-file driver, a file
this size at most (larger logs stream through nerdctl rather than being read into memory); anything else,
and any entry this reader does not understand, leaves the command to nerdctl.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends.nerdctl.containerd_state import Container

LOG_CONFIG, STATE_DIR = "nerdctl/log-config", "nerdctl/state-dir"
MAX_DIRECT = 1 << 20  # bytes


def log_path(container: Container) -> str:
    """The container's json-file log, "" when its driver is another or nerdctl recorded no state folder."""
    config, folder = container.labels.get(LOG_CONFIG, ""), container.labels.get(STATE_DIR, "")
    if '"driver":"json-file"' not in config or not folder:
        return ""
    return os.path.join(folder, container.id + "-json.log")


def pieces(path: str, tail: int, timestamps: bool) -> list[tuple[int, bytes]] | None:
    """The log's entries as (1 or 2, bytes) for stdout or stderr, the last `tail` of them (all for -1); None
    where nerdctl should read it instead."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_DIRECT + 1)
    except OSError:
        return None  # nerdctl waits a moment for a file the logger has yet to create, then says why
    if len(data) > MAX_DIRECT:
        return None
    lines = data.splitlines()
    if tail >= 0:
        lines = lines[len(lines) - tail:] if tail else []
    out: list[tuple[int, bytes]] = []
    try:
        for line in lines:
            entry = _entry(line.decode())
            if entry is None:
                return None
            text, stream, when = entry.get("log", ""), entry.get("stream", ""), entry.get("time", "")
            if stream not in ("stdout", "stderr"):
                return None
            if timestamps:
                # Go's RFC3339Nano of a UTC time, as the logger wrote it; other zones are left to nerdctl
                if not when.endswith("Z"):
                    return None
                text = when + " " + text
            fd, piece = 1 if stream == "stdout" else 2, text.encode("utf-8", "replace")
            if out and out[-1][0] == fd:  # one write for a run of lines on one stream
                out[-1] = (fd, out[-1][1] + piece)
            else:
                out.append((fd, piece))
    # a bad byte (UnicodeDecodeError is a ValueError), or a string cut short: the C scanner's error is a
    # SystemError while `json` (which defines the proper one) is not imported
    except (ValueError, SystemError):
        return None
    return out


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
