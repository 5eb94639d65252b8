"""docker's checks of a `save -o` path, made before the engine is asked (docker 28.2.2 writes through
moby/sys atomicwriter: a temporary file beside the target, renamed over it at the end).

So docker refuses anything that is not a regular file or absent: `save -o /dev/null` fails with "cannot
write to a character device file" rather than writing there, and a FIFO, a symlink or a folder fail too.
A backend that wrote to such a path itself could replace or remove it.
"""

from __future__ import annotations

import os
import stat

# The kinds of file the writer refuses, in its order of checks, and its words for each.
_REFUSED = (
    (stat.S_ISDIR, "cannot write to a directory"),
    (stat.S_ISLNK, "cannot write to a symbolic link directly"),
    (stat.S_ISFIFO, "cannot write to a named pipe (FIFO)"),
    (stat.S_ISSOCK, "cannot write to a socket"),
    (stat.S_ISCHR, "cannot write to a character device file"),
    (stat.S_ISBLK, "cannot write to a block device file"),
)


def output_problem(path: str) -> str:
    """Why docker would not write an archive to path (without its "failed to save image: "), or ""."""
    if not path:
        return "file name is empty"
    folder = os.path.dirname(path)
    if folder not in ("", ".", ".."):
        try:
            if not stat.S_ISDIR(os.stat(folder).st_mode):
                return f"invalid output path: stat {folder}: not a directory"
        except OSError as e:
            return f"invalid output path: stat {folder}: {_go_errno(e)}"
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return ""
    except OSError as e:
        return f"failed to stat output path: lstat {path}: {_go_errno(e)}"
    if stat.S_ISREG(mode):
        return _special_bits(mode)
    return next((words for test, words in _REFUSED if test(mode)), f"unknown file mode: {oct(mode)}")


def _special_bits(mode: int) -> str:
    # A regular file is fine unless it carries a special bit (Go's FileMode folds them into the type).
    if mode & stat.S_ISUID:
        return "cannot write to a setuid file"
    if mode & stat.S_ISGID:
        return "cannot write to a setgid file"
    if mode & stat.S_ISVTX:
        return "cannot write to a sticky bit file"
    return ""


def _go_errno(e: OSError) -> str:
    """Go's syscall.Errno text: strerror in lower case ("no such file or directory")."""
    return (e.strerror or str(e)).lower()
