"""Walking a tar archive held in a file from header to header, never reading its members' data.

An image archive is a few large blobs and a few small JSON files, so its headers are a handful of 512-byte
blocks: reading them with pread costs microseconds where reading the archive costs seconds. `save` checks
with it that the archive it streams ends properly (its end-of-archive blocks arrived), and `load` reads the
names from a file it then hands to the backend untouched. Stdlib `os` only.
"""

from __future__ import annotations

import os

BLOCK = 512
ZERO = bytes(BLOCK)


def parse_header(header: bytes) -> tuple[str, int, bytes] | None:
    """(name, size, typeflag) of a ustar/pax/GNU header block; None when the block is not one (bad checksum)."""
    try:
        stored = int(header[148:156].split(b"\0", 1)[0].strip() or b"-1", 8)
        size_field = header[124:136]
        if size_field[:1] == b"\x80":  # GNU base-256 for members of 8 GiB and more
            size = int.from_bytes(size_field[1:], "big")
        else:
            size = int(size_field.split(b"\0", 1)[0].strip() or b"0", 8)
    except ValueError:
        return None
    if stored != sum(header[:148]) + 8 * 32 + sum(header[156:]):
        return None
    name = header[0:100].split(b"\0", 1)[0].decode("utf-8", "replace")
    prefix = header[345:500].split(b"\0", 1)[0].decode("utf-8", "replace") if header[257:262] == b"ustar" else ""
    return (f"{prefix}/{name}" if prefix else name), size, header[156:157]


def padded(size: int) -> int:
    return (size + BLOCK - 1) // BLOCK * BLOCK


class TarWalk:
    """Follows a tar archive in a file (which may still be growing) from `start`: `advance(size)` walks
    every header that `size` bytes hold. `ended` once the two zero blocks that end an archive are there;
    `bad` when a block that should be a header is not one."""

    def __init__(self, fd: int, start: int = 0) -> None:
        self.fd = fd
        self.start = start
        self.next = start  # offset of the next header
        self.ended = False
        self.bad = False
        self.members: list[tuple[str, int, bytes, int]] = []  # (name, size, typeflag, offset of the data)

    def advance(self, size: int) -> None:
        while not (self.ended or self.bad) and self.next + BLOCK <= size:
            header = os.pread(self.fd, BLOCK, self.next)
            if header == ZERO:
                if self.next + 2 * BLOCK > size:
                    return  # the second end block may still come
                self.bad = os.pread(self.fd, BLOCK, self.next + BLOCK) != ZERO
                self.ended = not self.bad
                self.next += 2 * BLOCK
                return
            member = parse_header(header)
            if member is None:
                self.bad = True
                return
            name, length, typeflag = member
            self.members.append((name.removeprefix("./"), length, typeflag, self.next + BLOCK))
            self.next += BLOCK + padded(length)

    def complete(self, size: int) -> bool:
        """Whether the archive ended properly within `size` bytes (its members' data all there)."""
        return self.ended and self.next <= size


def whole(path: str) -> bool:
    """Whether the file holds a tar archive that ends properly (what `save -o` checks its file with)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        size = os.fstat(fd).st_size
        walk = TarWalk(fd)
        walk.advance(size)
        return walk.complete(size)
    finally:
        os.close(fd)
