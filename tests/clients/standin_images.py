"""Stand-ins for the Docker Hub images python-on-whales' tests name, built here from Debian's static busybox.

Docker Hub is out of reach on this project's machines and in CI, so `make clients` loads these under the
names the tests use, on both engines. `busybox` is tests/stack/busybox_image.py's image (the one pydock's
own tests and the compat harness load), tagged `busybox:1` as well. The others are that busybox layer plus
a small layer of their own, with a config and history as Docker Hub's images carry them:

- `hello-world:latest`: its command prints "Hello from Docker!" on a line of its own, as the real one does.
- `ubuntu:latest`: what the tests use of ubuntu: `bash` (a script that runs busybox's sh, which has `$'…'`
  quoting), `useradd -ms SHELL NAME`, a /usr/lib folder, and bash as the default command.

The archive holds both docker's save format and the OCI layout, like busybox_image.py's, so Docker Engine
20.10 and nerdctl load the same file. Usage: python3 -m tests.clients.standin_images OUT_DIR
"""

from __future__ import annotations

import io
import json
import os
import sys
import tarfile
from pathlib import Path

from tests.stack.busybox_image import CREATED, _add, _blob, layer_tar

PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
HELLO = b"""#!/bin/sh
echo
echo "Hello from Docker!"
echo "This is pydock's stand-in for the hello-world image, built locally from busybox."
"""
BASH = b'#!/bin/sh\nexec /bin/sh "$@"\n'
# useradd -m -s SHELL NAME (the tests write `-ms SHELL NAME`); busybox-static has no adduser, so the
# script writes the passwd and group entries and the home folder itself.
USERADD = b"""#!/bin/sh
shell=/bin/sh
while getopts ms: opt; do
  case $opt in s) shell=$OPTARG ;; esac
done
shift $((OPTIND - 1))
uid=1000
while grep -q "^[^:]*:x:$uid:" /etc/passwd; do uid=$((uid + 1)); done
echo "$1:x:$uid:$uid::/home/$1:$shell" >> /etc/passwd
echo "$1:x:$uid:" >> /etc/group
mkdir -p "/home/$1" && chown "$uid:$uid" "/home/$1"
"""


class Standin:
    """One stand-in image: the tags it is loaded under, its extra files, its command."""

    def __init__(self, tags: tuple[str, ...], cmd: list[str], files: dict[str, bytes]) -> None:
        self.tags = tags
        self.cmd = cmd
        self.files = files


STANDINS = {
    "hello-world": Standin(("hello-world:latest",), ["/hello"], {"hello": HELLO}),
    "ubuntu": Standin(("ubuntu:latest",), ["/bin/bash"],
                      {"bin/bash": BASH, "usr/sbin/useradd": USERADD, "usr/lib/": b""}),
}


def _extra_layer(files: dict[str, bytes]) -> bytes:
    """The stand-in's own files; a path ending in "/" is a folder."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path, data in sorted(files.items()):
            if path.endswith("/"):
                _add(tar, path.rstrip("/"))
            else:
                _add(tar, path, kind=tarfile.REGTYPE, data=data, mode=0o755)
    return buf.getvalue()


def archive(standin: Standin, *, history: bool = True) -> bytes:
    """The image as one tar that both `docker load` and `nerdctl load` read, under all its tags. Without
    history, as several minimal-image builders write configs: `created` is then the only date."""
    layers = [layer_tar(), _extra_layer(standin.files)]
    digests = [_blob(layer)[0] for layer in layers]
    fields = {
        "architecture": "amd64" if os.uname().machine == "x86_64" else "arm64",
        "os": "linux",
        "created": CREATED,
        "config": {"Env": [PATH_ENV], "Cmd": standin.cmd},
        "rootfs": {"type": "layers", "diff_ids": digests},
    }
    if history:
        fields["history"] = [{"created": CREATED, "created_by": "pydock stand-in: Debian busybox-static"},
                             {"created": CREATED, "created_by": f"pydock stand-in: CMD {json.dumps(standin.cmd)}"}]
    config = json.dumps(fields, sort_keys=True).encode()
    config_digest = _blob(config)[0]
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest,
                   "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": d, "size": len(layer)}
                   for d, layer in zip(digests, layers, strict=True)],
    }, sort_keys=True).encode()
    manifest_digest = _blob(manifest)[0]
    index = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest,
                       "size": len(manifest),
                       "annotations": {"io.containerd.image.name": f"docker.io/library/{tag}",
                                       "org.opencontainers.image.ref.name": tag.rpartition(":")[2]}}
                      for tag in standin.tags],
    }, sort_keys=True).encode()
    docker_manifest = json.dumps([{"Config": f"blobs/sha256/{config_digest[7:]}", "RepoTags": list(standin.tags),
                                   "Layers": [f"blobs/sha256/{d[7:]}" for d in digests]}]).encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        _add(tar, "blobs")
        _add(tar, "blobs/sha256")
        blobs = {**dict(zip(digests, layers, strict=True)), config_digest: config, manifest_digest: manifest}
        for digest, data in blobs.items():
            _add(tar, f"blobs/sha256/{digest[7:]}", kind=tarfile.REGTYPE, data=data, mode=0o644)
        _add(tar, "oci-layout", kind=tarfile.REGTYPE, mode=0o644, data=b'{"imageLayoutVersion":"1.0.0"}')
        _add(tar, "index.json", kind=tarfile.REGTYPE, data=index, mode=0o644)
        _add(tar, "manifest.json", kind=tarfile.REGTYPE, data=docker_manifest, mode=0o644)
    return out.getvalue()


def write_all(folder: Path) -> dict[str, Path]:
    """Every stand-in's archive in `folder`, by image name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, standin in STANDINS.items():
        paths[name] = folder / f"{name}.tar"
        paths[name].write_bytes(archive(standin))
    return paths


def all_tags() -> list[str]:
    return [tag for standin in STANDINS.values() for tag in standin.tags]


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1])).values():
        print(written)
