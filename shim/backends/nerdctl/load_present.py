"""`load` of an archive whose images are all here already: nothing to import.

nerdctl's load streams the whole archive through containerd's transfer service even when every blob is
there (9 s for 512 MiB here, where Docker Engine takes 2 s). An archive in a regular file can be read from
its headers alone: when its OCI index names every image it holds, and each of those names already points to
the manifest the index gives it, loading it would change nothing (containerd skips blobs it has, as Engine
29 does, without reading them), and pydock only prints docker's lines. Anything else, or any doubt, is an
ordinary load.
"""

from __future__ import annotations

from shim.backends.nerdctl.archive import ArchiveNames

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.plan import Result

# nerdctl's native inspect: the stored name and the manifest (or index) it points to
TARGETS = "{{.Image.Name}} {{.Image.Target.Digest}}"


def archive_targets(source: str) -> tuple[ArchiveNames, list[str]]:
    """The names read from an uncompressed archive in a regular file (`source`, or stdin when it is "") and
    the `NAME DIGEST` lines its index gives; no lines when that cannot be told from its headers."""
    import os
    import stat

    names = ArchiveNames()
    try:
        fd = os.open(source, os.O_RDONLY) if source else 0
    except OSError:
        return names, []  # the load itself reports it in docker's words
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode) or not names.read_file(fd):
            return names, []
    except OSError:
        return names, []
    finally:
        if source:
            os.close(fd)
    import json

    try:
        index = json.loads(names.files.get("index.json", b"{}"))
    except ValueError:
        return names, []
    lines = []
    for desc in index.get("manifests", []) if isinstance(index, dict) else []:
        name = (desc.get("annotations") or {}).get("io.containerd.image.name", "")
        if not name or not str(desc.get("digest", "")).startswith("sha256:"):
            return names, []  # an unnamed image, or one named by a bare tag: an ordinary load
        lines.append(f"{name} {desc['digest']}")
    return names, lines


def all_present(result: Result, lines: list[str]) -> bool:
    """Whether nerdctl's inspect found every name pointing where the archive's index says."""
    # nerdctl lists, beside each name asked for, the other images with the same target (its other tags)
    found = set(result.stdout.decode("utf-8", "replace").splitlines())
    return result.code == 0 and set(lines) <= found
