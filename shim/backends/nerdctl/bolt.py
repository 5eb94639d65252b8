"""Reading a bbolt file (the key/value store containerd keeps its metadata in) without opening it as bbolt
does: a few page reads, no lock, no process (issue #13: a `nerdctl images` call costs ~30 ms; this ~1 ms).

bbolt's layout: two meta pages (0 and 1; the valid one with the higher transaction ID is current) name the
root bucket's page; a bucket is a B+tree of branch pages (each element: first key of a child page) and leaf
pages (each element: key, value, and whether the value is a nested bucket: a 16-byte header, root page and
sequence, followed by the bucket's own page when it is stored inline, root 0). Integers are little-endian.

A writer never changes a page the current meta reaches: it writes new pages, then the other meta. A page
freed by one commit may be reused by the next, so a read is only trusted when the current transaction is
still the same once the read is done (`Reader.unchanged`); otherwise the caller asks nerdctl instead.
"""

from __future__ import annotations

import os
import struct

MAGIC = 0xED0CDAED
_PAGE_HEADER = struct.Struct("<QHHI")  # id, flags, count, overflow
_META = struct.Struct("<IIIIQQQQQQ")  # magic, version, page size, flags, root, sequence, freelist, pgid, txid, sum
_BRANCH = struct.Struct("<IIQ")  # pos, ksize, child page
_LEAF = struct.Struct("<IIII")  # flags, pos, ksize, vsize
_BUCKET = struct.Struct("<QQ")  # root page (0: inline), sequence
_BRANCH_PAGE, _LEAF_PAGE = 0x01, 0x02
_BUCKET_LEAF = 0x01


class Unreadable(Exception):
    """Not a bbolt file as this reader knows it, or one that changed while it was read."""


def _fnv64a(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


class Reader:
    """The bbolt file open at `fd`, as its current meta page describes it."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.size = os.fstat(fd).st_size
        self.txid, self.page_size, root = self._current()
        self.root = Bucket(self, root, b"")

    def _current(self) -> tuple[int, int, int]:
        """(transaction ID, page size, root page) of the valid meta page with the higher transaction."""
        first = os.pread(self.fd, 4096, 0)
        if len(first) < _PAGE_HEADER.size + _META.size:
            raise Unreadable("too short")
        page_size = _META.unpack_from(first, _PAGE_HEADER.size)[2]
        if page_size < 512 or page_size & (page_size - 1):
            raise Unreadable("page size")
        best = None
        for number in (0, 1):
            data = first if number == 0 else os.pread(self.fd, _PAGE_HEADER.size + _META.size, page_size)
            fields = _META.unpack_from(data, _PAGE_HEADER.size)
            body = data[_PAGE_HEADER.size:_PAGE_HEADER.size + _META.size - 8]
            if fields[0] != MAGIC or fields[2] != page_size or fields[9] != _fnv64a(body):
                continue  # the meta being written, or not bbolt
            if best is None or fields[8] > best[0]:
                best = (fields[8], page_size, fields[4])
        if best is None:
            raise Unreadable("no valid meta page")
        return best

    def unchanged(self) -> bool:
        """Whether no transaction has committed since this reader started (its pages were all current)."""
        try:
            return self._current()[0] == self.txid
        except (OSError, Unreadable, struct.error):
            return False

    def page(self, number: int) -> bytes:
        data = os.pread(self.fd, self.page_size, number * self.page_size)
        if len(data) < _PAGE_HEADER.size:
            raise Unreadable("page beyond the end")
        overflow = _PAGE_HEADER.unpack_from(data)[3]
        if (number + 1 + overflow) * self.page_size > self.size:  # a page being rewritten: never a huge read
            raise Unreadable("overflow beyond the end")
        if overflow:
            data += os.pread(self.fd, overflow * self.page_size, (number + 1) * self.page_size)
        return data

    def bucket(self, *path: bytes) -> Bucket | None:
        """The bucket at path of nested bucket names, or None."""
        bucket: Bucket | None = self.root
        for key in path:
            bucket = bucket.bucket(key) if bucket is not None else None
        return bucket


class Bucket:
    """One bucket: a page tree, or (inline) the page held in its parent's value."""

    __slots__ = ("reader", "root", "inline")

    def __init__(self, reader: Reader, root: int, inline: bytes) -> None:
        self.reader, self.root, self.inline = reader, root, inline

    def _elements(self, page: bytes) -> tuple[int, list[tuple[bytes, int, bytes, int]]]:
        """(page flags, [(key, child page, value, leaf flags)]) of one page."""
        _, flags, count, _ = _PAGE_HEADER.unpack_from(page)
        out = []
        for i in range(count):
            at = _PAGE_HEADER.size + i * 16
            if flags & _BRANCH_PAGE:
                pos, ksize, child = _BRANCH.unpack_from(page, at)
                out.append((page[at + pos:at + pos + ksize], child, b"", 0))
            elif flags & _LEAF_PAGE:
                leaf_flags, pos, ksize, vsize = _LEAF.unpack_from(page, at)
                start = at + pos
                out.append((page[start:start + ksize], 0, page[start + ksize:start + ksize + vsize], leaf_flags))
            else:
                raise Unreadable("neither branch nor leaf")
        return flags, out

    def _walk(self, page: bytes, depth: int = 0):
        if depth > 32:
            raise Unreadable("too deep")
        flags, elements = self._elements(page)
        for key, child, value, leaf_flags in elements:
            if flags & _BRANCH_PAGE:
                yield from self._walk(self.reader.page(child), depth + 1)
            else:
                yield key, value, bool(leaf_flags & _BUCKET_LEAF)

    def items(self):
        """(key, value, is a bucket) in key order."""
        return self._walk(self.inline or self.reader.page(self.root))

    def _find(self, key: bytes) -> tuple[bytes, bool] | None:
        page = self.inline or self.reader.page(self.root)
        for _ in range(32):
            flags, elements = self._elements(page)
            if not flags & _BRANCH_PAGE:
                return next(((v, bool(f & _BUCKET_LEAF)) for k, _, v, f in elements if k == key), None)
            below = [child for k, child, _, _ in elements if k <= key]  # the last child starting at or before key
            if not below:
                return None
            page = self.reader.page(below[-1])
        raise Unreadable("too deep")

    def get(self, key: bytes) -> bytes | None:
        found = self._find(key)
        return found[0] if found and not found[1] else None

    def bucket(self, key: bytes) -> Bucket | None:
        found = self._find(key)
        return _nested(self.reader, found[0]) if found and found[1] else None

    def buckets(self):
        """(name, bucket) of the nested buckets, in key order."""
        for key, value, is_bucket in self.items():
            if is_bucket:
                yield key, _nested(self.reader, value)

    def values(self) -> dict[bytes, bytes]:
        """The plain key/value pairs."""
        return {key: value for key, value, is_bucket in self.items() if not is_bucket}


def _nested(reader: Reader, value: bytes) -> Bucket:
    root = _BUCKET.unpack_from(value)[0]
    return Bucket(reader, root, value[_BUCKET.size:] if root == 0 else b"")
