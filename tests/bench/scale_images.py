"""Many small distinct images in one archive, for the scale benchmark's `images` row.

Each image is the test busybox's root filesystem plus a one-file layer of its own, so every image has
its own config, manifest and ID (docker lists one row per name, as nerdctl does) while the archive
stays small: the busybox layer is stored once and shared, as a base layer is on a real host. The
archive holds both layouts, like tests/stack/busybox_image.py: an OCI image layout (nerdctl, ctr,
Engine 29) and docker's save format (Engine 20.10).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile

from tests.stack.busybox_image import CREATED, EPOCH, layer_tar


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _file_layer(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = len(data), 0o644, EPOCH
        tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _image(base: bytes, name: str) -> tuple[dict[str, bytes], dict, dict]:
    """The blobs of one image, its OCI index entry and its docker manifest.json entry."""
    own = _file_layer("pydock-bench-image", name.encode() + b"\n")
    layers = [base, own]
    config = json.dumps({
        "architecture": "amd64" if os.uname().machine == "x86_64" else "arm64",
        "os": "linux",
        "created": CREATED,
        "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": ["sh"]},
        "rootfs": {"type": "layers", "diff_ids": [_digest(layer) for layer in layers]},
        "history": [{"created": CREATED, "created_by": "pydock tests: Debian busybox-static"},
                    {"created": CREATED, "created_by": f"pydock bench: {name}"}],
    }, sort_keys=True).encode()
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": _digest(config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": _digest(layer),
                    "size": len(layer)} for layer in layers],
    }, sort_keys=True).encode()
    blobs = {_digest(data): data for data in (*layers, config, manifest)}
    _, _, tag = name.rpartition(":")
    index_entry = {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": _digest(manifest),
                   "size": len(manifest),
                   "annotations": {"io.containerd.image.name": f"docker.io/library/{name}",
                                   "org.opencontainers.image.ref.name": tag}}
    docker_entry = {"Config": "blobs/sha256/" + _digest(config)[7:], "RepoTags": [name],
                    "Layers": ["blobs/sha256/" + _digest(layer)[7:] for layer in layers]}
    return blobs, index_entry, docker_entry


def archive(names: list[str]) -> bytes:
    """A tar archive holding one distinct image per NAME:TAG in `names` (names without a registry)."""
    base = layer_tar()
    blobs: dict[str, bytes] = {}
    index, docker = [], []
    for name in names:
        image_blobs, index_entry, docker_entry = _image(base, name)
        blobs.update(image_blobs)
        index.append(index_entry)
        docker.append(docker_entry)
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        def add(path: str, data: bytes | None = None) -> None:
            info = tarfile.TarInfo(path)
            info.mtime = EPOCH
            if data is None:
                info.type, info.mode = tarfile.DIRTYPE, 0o755
            else:
                info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data) if data is not None else None)

        add("blobs")
        add("blobs/sha256")
        for digest, data in blobs.items():
            add("blobs/sha256/" + digest[7:], data)
        add("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        add("index.json", json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                                      "manifests": index}, sort_keys=True).encode())
        add("manifest.json", json.dumps(docker).encode())
    return out.getvalue()
