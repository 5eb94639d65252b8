"""`docker import`'s image, made by pydock: a root filesystem tarball as the one layer, docker's config with
the `--change` instructions applied, and an OCI image layout around them that any backend can load.

docker's daemon does this itself (daemon/containerd/image_import.go): the layer as given (plain or
compressed), a config whose history says `Imported from -` (or the `--message`), and the `-c` instructions
of a Dockerfile that need no build: CMD ENTRYPOINT ENV EXPOSE HEALTHCHECK LABEL ONBUILD STOPSIGNAL USER VOLUME
WORKDIR. Anything else is "X is not a valid change command".
"""

from __future__ import annotations

import hashlib
import json

from shim.commit_changes import command_form, json_list  # a Dockerfile's CMD/ENTRYPOINT forms, as commit reads them

# The Dockerfile instructions `import -c` (and `commit -c`) accept.
CHANGES = ("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "HEALTHCHECK", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME",
           "WORKDIR")
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"
_COMPRESSED = {b"\x1f\x8b": "gzip", b"BZ": "bz2", b"\xfd7": "xz", b"(\xb5": "zstd"}


class ChangeError(ValueError):
    """A `--change` docker's daemon refuses (its message, without "Error response from daemon")."""


def apply_changes(changes: list[str]) -> dict[str, object]:
    """The image config's `config` object after the instructions, in docker's field names."""
    config: dict[str, object] = {}
    for change in changes:
        word, _, rest = change.strip().partition(" ")
        keyword, rest = word.upper(), rest.strip()
        if keyword not in CHANGES:
            raise ChangeError(f"{word} is not a valid change command")
        _apply(config, keyword, rest)
    return config


def _apply(config: dict[str, object], keyword: str, rest: str) -> None:
    if keyword in ("CMD", "ENTRYPOINT"):
        config["Cmd" if keyword == "CMD" else "Entrypoint"] = command_form(rest)
    elif keyword == "ENV":
        env = [e for e in config.get("Env", []) if isinstance(e, str)]  # type: ignore[union-attr]
        for key, value in _pairs(rest):
            env = [e for e in env if e.split("=", 1)[0] != key] + [f"{key}={value}"]
        config["Env"] = env
    elif keyword == "LABEL":
        config["Labels"] = {**config.get("Labels", {}), **dict(_pairs(rest))}  # type: ignore[dict-item]
    elif keyword == "EXPOSE":
        ports = dict(config.get("ExposedPorts", {}))  # type: ignore[call-overload]
        ports.update({(p if "/" in p else f"{p}/tcp"): {} for p in rest.split()})
        config["ExposedPorts"] = ports
    elif keyword == "VOLUME":
        paths = json_list(rest) or rest.split()
        config["Volumes"] = {**config.get("Volumes", {}), **{p: {} for p in paths}}  # type: ignore[dict-item]
    elif keyword == "ONBUILD":
        config["OnBuild"] = [*config.get("OnBuild", []), rest]  # type: ignore[misc]
    elif keyword == "HEALTHCHECK":
        command = rest.split(None, 1)[1] if rest.upper().startswith("CMD ") else ""
        exec_form = json_list(command)
        config["Healthcheck"] = {"Test": ["NONE"] if not command else
                                 ["CMD", *exec_form] if exec_form else ["CMD-SHELL", command]}
    else:
        config[{"USER": "User", "WORKDIR": "WorkingDir", "STOPSIGNAL": "StopSignal"}[keyword]] = _unquote(rest)


def _pairs(text: str) -> list[tuple[str, str]]:
    """`A=b C="d e"`, or the legacy `A b c` (one variable, the rest its value)."""
    import shlex

    if "=" not in text.split(" ", 1)[0]:
        key, _, value = text.partition(" ")
        return [(key, value.strip())]
    return [(w.partition("=")[0], w.partition("=")[2]) for w in shlex.split(text)]


def _unquote(text: str) -> str:
    return text[1:-1] if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'" else text


def layer_digest(path: str) -> tuple[str, int]:
    """(sha256 of the uncompressed tarball, its size): the layer's diff ID. Raises ValueError when it is not
    a tar archive, with Go's archive/tar words."""
    import tarfile

    hasher = hashlib.sha256()
    size = 0
    with _open_plain(path) as stream:
        while chunk := stream.read(1 << 20):
            hasher.update(chunk)
            size += len(chunk)
    try:
        with _open_plain(path) as stream, tarfile.open(fileobj=stream, mode="r|") as tar:
            for _member in tar:
                pass
    except (tarfile.TarError, EOFError, OSError):
        if size:  # an empty input is an empty layer, as in docker
            raise ValueError("archive/tar: invalid tar header") from None
    return "sha256:" + hasher.hexdigest(), size


def _open_plain(path: str):
    """The file, decompressed when it starts with a gzip, bzip2 or xz signature."""
    with open(path, "rb") as f:
        head = f.read(2)
    kind = _COMPRESSED.get(head, "")
    if kind == "gzip":
        import gzip

        return gzip.open(path, "rb")
    if kind == "bz2":
        import bz2

        return bz2.open(path, "rb")
    if kind == "xz":
        import lzma

        return lzma.open(path, "rb")
    return open(path, "rb")


def image_config(diff_id: str, config: dict[str, object], message: str, created: str, platform: tuple[str, str]
                 ) -> bytes:
    """The image config JSON: docker's `Imported from -` history entry unless a message was given."""
    comment = message or "Imported from -"
    return json.dumps({
        "architecture": platform[1], "os": platform[0], "created": created, "comment": comment,
        "config": config, "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": created, "comment": comment}],
    }, separators=(",", ":")).encode()


def write_layout(out_path: str, layer_path: str, diff_id: str, layer_size: int, config: bytes, name: str
                 ) -> tuple[str, str]:
    """An OCI image layout tarball holding the image; (its manifest's digest, Engine 29's image ID; the
    digest of its index)."""
    import io
    import tarfile

    config_digest = "sha256:" + hashlib.sha256(config).hexdigest()
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": config_digest, "size": len(config)},
        "layers": [{"mediaType": OCI_LAYER, "digest": diff_id, "size": layer_size}],
    }, separators=(",", ":")).encode()
    manifest_digest = "sha256:" + hashlib.sha256(manifest).hexdigest()
    entry: dict[str, object] = {"mediaType": OCI_MANIFEST, "digest": manifest_digest, "size": len(manifest)}
    if name:
        entry["annotations"] = {"io.containerd.image.name": name,
                                "org.opencontainers.image.ref.name": name.rsplit(":", 1)[1]}
    index = json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [entry]}).encode()

    def add(tar: tarfile.TarFile, member: str, data: bytes) -> None:
        info = tarfile.TarInfo(member)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))

    with tarfile.open(out_path, "w") as tar, _open_plain(layer_path) as layer:
        add(tar, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        info = tarfile.TarInfo(f"blobs/sha256/{diff_id[7:]}")
        info.size = layer_size
        tar.addfile(info, layer)
        add(tar, f"blobs/sha256/{config_digest[7:]}", config)
        add(tar, f"blobs/sha256/{manifest_digest[7:]}", manifest)
        add(tar, "index.json", index)
    return manifest_digest, "sha256:" + hashlib.sha256(index).hexdigest()
