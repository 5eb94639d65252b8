"""docker build's `-o` as buildx reads it, for the local build (build.py) and the build over ssh (build_ssh.py).

- `-o -` is a tar on stdout, `-o DIR` (any one field but `type=…`, `dest=x` too) a local folder, typed CSV fields
  otherwise (without a type: buildx's error); `type=tar` and `type=oci` without a dest (or `dest=`) write
  their archive to stdout too, which buildx's client refuses when stdout is a terminal (before building);
  `type=docker` without one is loaded into the image store (nerdctl loads it into the namespace).
- A folder exporter (`type=local`, oci or docker with `tar=false`) needs a dest that is not stdout; a docker folder
  is refused after that, as buildx's docker driver refuses it.
- The image ID buildx prints (-q) and writes (--iidfile) for an oci or docker archive or folder is the one
  BuildKit reports: the config digest of a single image, the index's digest for several platforms or an image
  with attestations. nerdctl reports the manifest digest: pydock reads the ID from what the exporter wrote.
"""

from __future__ import annotations

import json
import os

from shim.errors import EXIT_GENERAL, DockerError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO

ARCHIVE_TYPES = ("tar", "oci", "docker")  # exporters that write one archive (a folder with tar=false: oci, docker)
IMAGE_LAYOUTS = ("oci", "docker")  # exporters whose archive or folder holds an image (index.json and blobs)
_INDEXES = ("application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json")


class Export:
    """One -o value as buildx reads it."""

    __slots__ = ("kind", "dest", "parts", "folder", "given")

    def __init__(self, kind: str, dest: str, parts: list[str], folder: bool, given: bool) -> None:
        self.kind = kind  # the exporter's type ("" when none is given)
        # a folder or file here; "-": stdout; "": the image store's (the image, its push, type=docker's load)
        self.dest = dest
        self.parts = parts  # the CSV fields ([] for buildx's shorthands `-` and DIR)
        self.folder = folder  # the exporter writes a folder (local; oci or docker with tar=false)
        self.given = given  # the value names a dest (else pydock adds one)


def read(value: str) -> Export:
    """An -o value, with buildx's refusals of a folder exporter without a usable dest (DockerError, exit 1)."""
    from shim.backends.nerdctl.build_ssh_cache import attrs, fields

    parts = fields(value)
    if len(parts) == 1 and parts[0] == value and not value.startswith("type="):  # buildx's shorthands
        if value == "-":
            return Export("tar", "-", [], folder=False, given=True)
        return Export("local", value, [], folder=True, given=True)  # `-o dest=x` too: a folder named `dest=x`
    for part in parts:
        if "=" not in part:
            raise DockerError(f"ERROR: invalid value {part}", EXIT_GENERAL)
    given = attrs(parts)
    kind, dest = given.get("type", ""), given.get("dest")
    if not kind:
        raise DockerError("ERROR: type is required for output", EXIT_GENERAL)
    if kind == "local" or (kind in IMAGE_LAYOUTS and given.get("tar", "").lower() in ("0", "f", "false")):
        if not dest or dest == "-":
            problem = "dest cannot be stdout" if dest else "dest is required"
            raise DockerError(f"ERROR: failed to build: {problem} for {kind} exporter", EXIT_GENERAL)
        if kind == "docker":  # the docker driver's builder (pydock's `default`) loads docker images itself
            raise DockerError("ERROR: failed to build: output directory is not supported by moby exporter",
                              EXIT_GENERAL)
        return Export(kind, dest, parts, folder=True, given=True)
    if kind in ARCHIVE_TYPES and (dest or kind != "docker"):
        return Export(kind, dest or "-", parts, folder=False, given=dest is not None)
    return Export(kind, "", parts, folder=False, given=dest is not None)


def last(values: list[str], stdout_tty: bool) -> Export | None:
    """The -o values read (each checked), the last one (nerdctl's; None without one); buildx's client will not
    write an archive to a terminal (checked before anything is built)."""
    exports = [read(str(value)) for value in values]
    if not exports:
        return None
    export = exports[-1]
    if export.dest == "-" and not export.folder and stdout_tty:
        raise DockerError(f"ERROR: failed to build: dest file is required for {export.kind} exporter. refusing to "
                          "write to console", EXIT_GENERAL)
    return export


def with_dest(export: Export, value: str, dest: str) -> str:
    """The -o value again, writing to `dest`."""
    from shim.backends.nerdctl.build_ssh_cache import with_value

    if not export.parts:  # buildx's shorthands: `-` (tar) and DIR (local)
        return with_value([f"type={export.kind}", "dest="], "dest", dest)
    if export.given:
        return with_value(export.parts, "dest", dest)
    return with_value([*export.parts, "dest="], "dest", dest)


def image_id(read_file: Callable[[str], bytes]) -> str:
    """The image ID BuildKit reports for an OCI layout whose files `read_file` reads (by their path in it):
    the config digest of its one image manifest, else the digest its index.json names ("" for none)."""
    try:
        manifests = json.loads(read_file("index.json")).get("manifests") or []
        top = manifests[0]
        digest = str(top["digest"])
        if top.get("mediaType") in _INDEXES:
            return digest
        algorithm, _, encoded = digest.partition(":")
        manifest = json.loads(read_file(f"blobs/{algorithm}/{encoded}"))
        return str(manifest["config"]["digest"])
    except (OSError, KeyError, IndexError, TypeError, AttributeError, ValueError):
        return ""


def archive_image_id(archive: str | IO[bytes]) -> str:
    """image_id() of an oci or docker archive (a tar file, by its path or open)."""
    import tarfile

    try:
        with tarfile.open(archive) if isinstance(archive, str) else tarfile.open(fileobj=archive) as tar:
            def member(name: str) -> bytes:
                found = tar.extractfile(name)
                if found is None:
                    raise KeyError(name)
                return found.read()
            return image_id(member)
    except (OSError, tarfile.TarError):
        return ""


def folder_image_id(folder: str) -> str:
    """image_id() of an oci or docker layout folder (tar=false)."""
    def member(name: str) -> bytes:
        with open(os.path.join(folder, name), "rb") as f:
            return f.read()
    return image_id(member)


def write_archive(archive: IO[bytes], dest: str) -> None:
    """An archive output, as buildx's client writes it: to stdout ("-"), or into the file (0666 less the umask when
    new)."""
    import shutil
    import sys

    if dest == "-":
        sys.stdout.flush()
        shutil.copyfileobj(archive, sys.stdout.buffer, 1 << 20)
        sys.stdout.flush()
        return
    with open(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666), "wb") as out:
        shutil.copyfileobj(archive, out, 1 << 20)
