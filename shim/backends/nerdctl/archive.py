"""The names inside an image archive, read while it streams to `nerdctl load`.

docker load prints `Loaded image: NAME` for every name the archive carries (docker's manifest.json
RepoTags, or the OCI index's annotations), whether or not it was there before. nerdctl 2.3 reports
them unreliably, so pydock reads them itself as the bytes go by: a tiny incremental tar reader that
keeps only those two small members. A gzip-, bzip2- or xz-compressed archive, which docker loads (nerdctl
reads gzip only), is decompressed on the way (`transform`: nerdctl gets the plain tar); bytes that are not a
tar archive end the reading, and nerdctl reports them.
"""

from __future__ import annotations

BLOCK = 512
WANTED = ("manifest.json", "index.json")
MAX_MEMBER = 4 << 20  # metadata files are small; anything larger is skipped


def _decompressor(magic: bytes) -> object:
    """An incremental decompressor for the compression these first bytes announce, or None."""
    if magic == b"\x1f\x8b":
        import zlib

        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if magic == b"BZ":
        import bz2

        return bz2.BZ2Decompressor()
    if magic == b"\xfd7":
        import lzma

        return lzma.LZMADecompressor()
    return None


def _flush(decompressor: object) -> bytes:
    return decompressor.flush() if hasattr(decompressor, "flush") else b""  # type: ignore[attr-defined]


class ArchiveNames:
    """Feed it the archive's bytes in any chunks; ask for the names at the end."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.skip = 0  # bytes of the current member's data (and padding) still to pass over
        self.member = ""  # wanted member being collected
        self.wanted_left = 0
        self.files: dict[str, bytes] = {}
        self.done = False
        self.started = False
        self.decompressor: object = None  # once the archive turns out to be compressed

    def transform(self, chunk: bytes) -> bytes:
        """The archive's plain bytes for this chunk (b"" at end of input: what the decompressor still holds);
        reads the names from them too."""
        if not self.started and chunk:
            self.started = True
            self.decompressor = _decompressor(chunk[:2])
        if self.decompressor is None:
            plain = chunk
        else:
            try:
                plain = self.decompressor.decompress(chunk) if chunk else _flush(self.decompressor)  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - zlib.error, LZMAError, OSError…: corrupt data, which nerdctl reports
                self.decompressor, plain = None, chunk
        self._read(plain)
        return plain

    def feed(self, chunk: bytes) -> None:
        """Read the names from this chunk of the archive as given (compressed or not)."""
        self.transform(chunk)

    def passthrough(self) -> int:
        """How many of the next plain bytes the reader needs not see (a member's data it skips), so that they
        can go to the child without passing through pydock (splice); 0 while decompressing."""
        if self.done and self.started and self.decompressor is None:
            return 1 << 62  # the names are read: the rest is only for nerdctl
        if not self.started or self.decompressor is not None or self.member or self.buffer:
            return 0
        return self.skip

    def skipped(self, count: int) -> None:
        """`count` bytes of what passthrough() offered went by unseen."""
        if not self.done:
            self.skip -= count

    def read_file(self, fd: int) -> bool:
        """Read the names from a plain (uncompressed) archive in a regular file, from its current offset, by
        walking its headers, so that the backend can be handed the file itself (no copy through pydock).
        False, having read nothing, when that is not possible (compressed, not a whole archive)."""
        import os

        from shim.tar_walk import TarWalk

        start = os.lseek(fd, 0, os.SEEK_CUR)
        size = os.fstat(fd).st_size
        if self.started or _decompressor(os.pread(fd, 2, start)) is not None:
            return False
        walk = TarWalk(fd, start)
        walk.advance(size)
        if not walk.complete(size):
            return False  # the relay's reader, and then nerdctl, say what is wrong with it
        for name, length, typeflag, offset in walk.members:
            if typeflag in (b"0", b"\0") and name in WANTED and length <= MAX_MEMBER:
                self.files[name] = os.pread(fd, length, offset)
        self.started = self.done = True
        return True

    def _read(self, chunk: bytes) -> None:
        if self.done or not chunk:
            return
        # Offsets into the chunk, no copies: the layers' data, nearly all of the bytes, is only skipped over.
        view, at = memoryview(chunk), 0
        while not self.done and at < len(view):
            if self.skip:
                take = min(self.skip, len(view) - at)
                if self.member and self.wanted_left:
                    keep = min(take, self.wanted_left)
                    self.files[self.member] = self.files.get(self.member, b"") + bytes(view[at:at + keep])
                    self.wanted_left -= keep
                at += take
                self.skip -= take
                continue
            need = BLOCK - len(self.buffer)  # the buffer holds only the start of a header
            self.buffer += view[at:at + need]
            at += need
            if len(self.buffer) < BLOCK:
                return
            header, self.buffer = bytes(self.buffer), bytearray()
            if header == b"\0" * BLOCK:
                self.done = True
                return
            try:
                self._header(header)
            except ValueError:  # not a tar header: no names to read (nerdctl says what is wrong)
                self.done = True
                return

    def _header(self, header: bytes) -> None:
        name = header[0:100].split(b"\0", 1)[0].decode("utf-8", "replace")
        prefix = header[345:500].split(b"\0", 1)[0].decode("utf-8", "replace")
        if prefix:
            name = f"{prefix}/{name}"
        size_field = header[124:136].split(b"\0", 1)[0].strip() or b"0"
        size = int(size_field, 8) if size_field[:1] != b"\x80" else int.from_bytes(size_field[1:], "big")
        typeflag = header[156:157]
        padded = (size + BLOCK - 1) // BLOCK * BLOCK
        name = name.removeprefix("./")
        wanted = typeflag in (b"0", b"\0") and name in WANTED and size <= MAX_MEMBER
        self.member = name if wanted else ""
        self.wanted_left = size if wanted else 0
        self.skip = padded
        if typeflag in (b"x", b"g", b"L"):  # pax/GNU headers: their data describes the next member
            self.member = ""

    def names(self) -> tuple[list[str], list[str]]:
        """(names as docker prints them, image IDs of unnamed images)."""
        import json

        from shim import reference

        named: list[str] = []
        ids: list[str] = []
        if "manifest.json" in self.files:
            try:
                entries = json.loads(self.files["manifest.json"])
            except ValueError:
                entries = []
            for entry in entries if isinstance(entries, list) else []:
                tags = entry.get("RepoTags") or []
                named += [reference.familiar(t) for t in tags if reference.familiar(t) not in named]
                if not tags:
                    config = str(entry.get("Config", "")).rsplit("/", 1)[-1].removesuffix(".json")
                    ids.append(f"sha256:{config}")
            if named or "index.json" not in self.files:
                return named, ids
            # Unnamed, in both layouts: the ID is Engine 29's (as `images` shows it), the manifest's
            # digest the OCI index lists, rather than the config digest docker's manifest.json names.
            ids = []
        if "index.json" in self.files:
            try:
                index = json.loads(self.files["index.json"])
            except ValueError:
                index = {}
            for desc in index.get("manifests", []) if isinstance(index, dict) else []:
                notes = desc.get("annotations") or {}
                name = notes.get("io.containerd.image.name") or notes.get("org.opencontainers.image.ref.name") or ""
                if ":" in name or "/" in name:  # a whole reference, not a bare tag
                    short = reference.familiar(name)
                    if short not in named:
                        named.append(short)
                elif desc.get("digest"):
                    ids.append(desc["digest"])
        return named, ids

    def index_digest(self) -> str:
        """The digest nerdctl names its extra `import@sha256:…` reference after."""
        import hashlib

        data = self.files.get("index.json")
        return "sha256:" + hashlib.sha256(data).hexdigest() if data is not None else ""
