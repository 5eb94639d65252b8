"""`docker context export`'s archive, byte for byte as docker writes it, and `import`'s reading of one.

docker writes a USTAR tar with zeroed owners and times: `meta.json` (0644), then the `tls` folder (0700) and each
TLS file (0600), and no end-of-archive blocks. It imports a tar or a zip holding `meta.json` and `tls/…`.
"""

from __future__ import annotations

from shim.errors import DockerError

_BLOCK = 512


def _header(name: str, size: int, mode: int, kind: bytes) -> bytes:
    def octal(value: int, width: int) -> bytes:
        return b"%0*o\x00" % (width - 1, value)

    head = (name.encode().ljust(100, b"\0") + octal(mode, 8) + octal(0, 8) + octal(0, 8) + octal(size, 12)
            + octal(0, 12) + b" " * 8 + kind + b"\0" * 100 + b"ustar\x0000" + b"\0" * 64 + octal(0, 8) + octal(0, 8))
    head = head.ljust(_BLOCK, b"\0")
    checksum = b"%06o\x00 " % sum(head)
    return head[:148] + checksum + head[156:]


def _entry(name: str, data: bytes, mode: int, *, last: bool = False) -> bytes:
    # Go's tar writer pads a file's data when the next header comes: docker never closes it, so the last file
    # goes unpadded
    padding = 0 if last else -len(data) % _BLOCK
    return _header(name, len(data), mode, b"0") + data + b"\0" * padding


def pack(meta: dict, tls: dict[str, bytes]) -> bytes:
    """The archive docker exports for a context's metadata and its TLS files (`docker/ca.pem` …)."""
    from shim.context_store import go_json

    parts = [_entry("meta.json", go_json(meta), 0o644), _header("tls", 0, 0o700, b"5")]
    folders = []
    keys = sorted(tls)
    for key in keys:
        folder = "tls/" + key.split("/", 1)[0]
        if folder not in folders:
            folders.append(folder)
            parts.append(_header(folder, 0, 0o700, b"5"))
        parts.append(_entry(f"tls/{key}", tls[key], 0o600, last=key == keys[-1]))
    return b"".join(parts)


def unpack(data: bytes) -> tuple[dict, dict[str, bytes]]:
    """(metadata, TLS files) of an exported context; docker's error for an archive that is not one."""
    files = _zip_files(data) if data[:4] == b"PK\x03\x04" else _tar_files(data)
    if "meta.json" not in files:
        raise DockerError("invalid context: no metadata found")
    import json

    try:
        meta = json.loads(files["meta.json"])
    except ValueError as e:
        raise DockerError(f"invalid context: {e}") from None
    if not isinstance(meta, dict):
        raise DockerError("invalid context: no metadata found")
    tls = {k[len("tls/"):]: v for k, v in files.items() if k.startswith("tls/") and k.count("/") == 2}
    return meta, tls


def _tar_files(data: bytes) -> dict[str, bytes]:
    import io
    import tarfile

    if not data:
        return {}
    if len(data) < _BLOCK:
        raise DockerError("unexpected EOF")
    # docker's own exports end unpadded, with no end-of-archive blocks: complete them for tarfile
    data += b"\0" * (-len(data) % _BLOCK + 2 * _BLOCK)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
            return {m.name.rstrip("/"): archive.extractfile(m).read()  # type: ignore[union-attr]
                    for m in archive.getmembers() if m.isfile()}
    except (tarfile.TarError, OSError):
        raise DockerError("archive/tar: invalid tar header") from None


def _zip_files(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    except (zipfile.BadZipFile, OSError) as e:
        raise DockerError(f"zip: {e}") from None
