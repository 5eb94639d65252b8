"""docker's env files (`run`/`create`/`exec --env-file`), read as docker CLI 28.2.2 reads them, client-side.

The rules (docker/cli's kvfile): lines are split as Go's bufio.Scanner splits them (on "\\n", one "\\r"
before it dropped, at most 64 KiB a line); each line must be valid UTF-8; a UTF-8 BOM opens the first
line at most; leading whitespace goes, trailing whitespace stays part of the value; empty lines and
lines starting with "#" are skipped; `KEY=VALUE` is kept as written (quotes included), a bare `KEY`
takes the caller's value and is left out when the caller has none. An empty key, or one holding a
space or tab, is an error. Docker's errors read `invalid env file (FILE): …`.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

# bufio.MaxScanTokenSize: the longest line, its newline included, the scanner holds.
MAX_LINE = 64 * 1024
_BOM = b"\xef\xbb\xbf"
# What Go's unicode.IsSpace calls space: Latin-1's, then Unicode's White_Space property.
_GO_SPACES = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                       "\u200a\u2028\u2029\u202f\u205f\u3000")


class EnvFileError(Exception):
    """A file docker refuses; the message is docker's, without its `docker: ` prefix."""


def read_env_files(paths: list[str], environ: Mapping[str, str]) -> list[str]:
    """`KEY=VALUE` entries of every file, in order (later ones override earlier ones in the container)."""
    entries: list[str] = []
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except IsADirectoryError:  # Go opens a folder; its first read fails
            raise EnvFileError(f"invalid env file ({path}): read {path}: is a directory") from None
        except OSError as e:
            raise EnvFileError(f"open {path}: {(e.strerror or '').lower()}") from None
        try:
            entries.extend(parse(data, environ))
        except ValueError as e:
            raise EnvFileError(f"invalid env file ({path}): {e}") from None
    return entries


def parse(data: bytes, environ: Mapping[str, str]) -> list[str]:
    """The entries of one file's bytes; ValueError with docker's words for what docker refuses."""
    entries = []
    for number, raw in enumerate(scan_lines(data), start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"invalid utf8 bytes at line {number}: [{' '.join(str(b) for b in raw)}]") from None
        if number == 1:
            text = text.removeprefix(_BOM.decode())
        line = _trim_left_space(text)
        if not line or line.startswith("#"):
            continue
        key, has_value, _ = line.partition("=")
        if not key:
            raise ValueError(f"no variable name on line '{line}'")
        if " " in key or "\t" in key:
            raise ValueError(f"variable '{key}' contains whitespaces")
        if has_value:
            entries.append(line)
        elif line in environ:
            entries.append(f"{line}={environ[line]}")
    return entries


def scan_lines(data: bytes) -> Iterator[bytes]:
    """bufio.Scanner with ScanLines: lines without their "\\n" or the one "\\r" before it. A line too long
    for the scanner's buffer is its error, raised where the scanner stops: after the lines before it."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        stop = len(data) if end < 0 else end + 1
        if stop - start > MAX_LINE or (end < 0 and stop - start >= MAX_LINE):
            raise ValueError("bufio.Scanner: token too long")
        line = data[start:stop].removesuffix(b"\n")
        yield line.removesuffix(b"\r")
        start = stop


def _trim_left_space(text: str) -> str:
    index = 0
    while index < len(text) and text[index] in _GO_SPACES:
        index += 1
    return text[index:]
