"""Build a busybox image archive from Debian's static busybox, with no registry and no Docker Hub.

The archive holds both layouts at once, so the same file loads everywhere:
- the OCI image layout (oci-layout, index.json, blobs/sha256/...) that nerdctl and ctr read, and
- docker's save format (manifest.json) that Docker Engine 20.10's `docker load` reads.

Usage: python3 busybox_image.py OUT.tar [NAME:TAG [PORT/PROTO...]] [--no-history]
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import tarfile

BUSYBOX = "/bin/busybox"
# A fixed date keeps the image (and so its digests) identical from build to build.
EPOCH = 1_700_000_000
CREATED = "2023-11-14T22:13:20Z"


def _applets(busybox: str) -> list[str]:
    """The applet names (`busybox --list-full` gives paths like `bin/sh`, `usr/bin/env`)."""
    import subprocess

    out = subprocess.run([busybox, "--list-full"], check=True, capture_output=True, text=True)
    return sorted({line.strip() for line in out.stdout.splitlines() if line.strip()})


def _add(tar: tarfile.TarFile, name: str, *, kind: bytes = tarfile.DIRTYPE, data: bytes = b"",
         mode: int = 0o755, link: str = "") -> None:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.mtime, info.linkname = kind, mode, EPOCH, link
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def layer_tar(busybox: str = BUSYBOX) -> bytes:
    """An uncompressed root filesystem: busybox, its applets as symlinks, and the usual dirs."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for d in ("bin", "etc", "home", "root", "tmp", "usr", "usr/bin", "usr/sbin", "sbin",
                  "var", "var/www", "dev", "proc", "sys"):
            _add(tar, d, mode=0o1777 if d == "tmp" else 0o755)
        with open(busybox, "rb") as f:
            _add(tar, "bin/busybox", kind=tarfile.REGTYPE, data=f.read())
        for applet in _applets(busybox):
            if applet != "bin/busybox":
                _add(tar, applet, kind=tarfile.SYMTYPE, link="/bin/busybox")
        _add(tar, "etc/passwd", kind=tarfile.REGTYPE, mode=0o644,
             data=b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n")
        _add(tar, "etc/group", kind=tarfile.REGTYPE, mode=0o644,
             data=b"root:x:0:\nnobody:x:65534:\n")
    return buf.getvalue()


def _blob(data: bytes) -> tuple[str, bytes]:
    return "sha256:" + hashlib.sha256(data).hexdigest(), data


def image_archive(name: str = "busybox:latest", busybox: str = BUSYBOX, exposed: tuple[str, ...] = (), *,
                  history: bool = True, created: str = CREATED) -> bytes:
    """The bytes of a tar archive in both OCI-layout and docker-save form; `exposed` ports (`80/tcp`)
    become the config's ExposedPorts, as a Dockerfile's EXPOSE makes them. Without `history` the config
    has none, as images from several minimal-image builders have none: its `created` is then the only
    date the image carries."""
    layer = layer_tar(busybox)
    layer_digest, _ = _blob(layer)
    config_fields = {
        "architecture": "amd64" if os.uname().machine == "x86_64" else "arm64",
        "os": "linux",
        "created": created,
        "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                   "Cmd": ["sh"], **({"ExposedPorts": {p: {} for p in exposed}} if exposed else {})},
        "rootfs": {"type": "layers", "diff_ids": [layer_digest]},
    }
    if history:
        config_fields["history"] = [{"created": created, "created_by": "pydock tests: Debian busybox-static"}]
    config = json.dumps(config_fields, sort_keys=True).encode()
    config_digest, _ = _blob(config)
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": config_digest, "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                    "digest": layer_digest, "size": len(layer)}],
    }, sort_keys=True).encode()
    manifest_digest, _ = _blob(manifest)
    repo, _, tag = name.rpartition(":")
    full = name if "/" in repo else f"docker.io/library/{name}"
    index = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "digest": manifest_digest, "size": len(manifest),
                       "annotations": {"io.containerd.image.name": full,
                                       "org.opencontainers.image.ref.name": tag}}],
    }, sort_keys=True).encode()
    docker_manifest = json.dumps([{
        "Config": "blobs/sha256/" + config_digest[7:],
        "RepoTags": [name],
        "Layers": ["blobs/sha256/" + layer_digest[7:]],
    }]).encode()

    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        _add(tar, "blobs")
        _add(tar, "blobs/sha256")
        for digest, data in ((layer_digest, layer), (config_digest, config),
                             (manifest_digest, manifest)):
            _add(tar, "blobs/sha256/" + digest[7:], kind=tarfile.REGTYPE, data=data, mode=0o644)
        _add(tar, "oci-layout", kind=tarfile.REGTYPE, mode=0o644,
             data=b'{"imageLayoutVersion":"1.0.0"}')
        _add(tar, "index.json", kind=tarfile.REGTYPE, data=index, mode=0o644)
        _add(tar, "manifest.json", kind=tarfile.REGTYPE, data=docker_manifest, mode=0o644)
    return out.getvalue()


def main(argv: list[str]) -> int:
    history = "--no-history" not in argv
    argv = [a for a in argv if a != "--no-history"]
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    data = image_archive(argv[2] if len(argv) >= 3 else "busybox:latest", exposed=tuple(argv[3:]), history=history)
    with open(argv[1], "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
