"""Local build caches of a build over the ssh transport (issue #16): `--cache-from type=local,src=DIR` and
`--cache-to type=local,dest=DIR` name folders of this machine, as with docker's ssh transport, where BuildKit
reaches them through the client's session.

- cache-from: DIR (when it is there; BuildKit skips a missing one without a word) is sent in the build's tar stream
  as `cache-from-N/` and the remote's nerdctl gets `src=cache-from-N`, inside the build's private folder.
- cache-to: the remote's BuildKit writes into `cache-to-N/`, into which DIR's index.json (when there is one) was
  sent first, so that BuildKit's own merge keeps the entries of other tags. Once the build succeeded the folder
  comes back in the build's tar and is merged into DIR as BuildKit's local cache store merges: new blobs added
  (content-addressed: one already here is the same bytes), index.json and oci-layout replaced, `reset=true`
  then removes here the blobs no manifest of index.json reaches. DIR is made even when the build fails, as
  BuildKit's client makes it before building.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    import tarfile
    from typing import IO

# the manifest and index types whose children BuildKit's reset walks (containerd's images.ChildrenHandler)
_WALKED = frozenset({
    "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
})


class Caches:
    """What a build's cache flags become over ssh."""

    __slots__ = ("words", "sent", "back")

    def __init__(self) -> None:
        self.words: dict[str, str] = {}  # nerdctl's word -> the remote's
        self.sent: list[tuple[str, str]] = []  # (a local path, its name in the build's folder), sent with the context
        self.back: list[tuple[str, str, bool]] = []  # (a folder of the remote's, the local DIR, reset=true)


def fields(value: str) -> list[str]:
    """The CSV fields of a cache or output value, as buildx and buildctl read them."""
    import csv

    return next(csv.reader([value]), [])


def attrs(parts: list[str]) -> dict[str, str]:
    """key=value fields by their key (lower case: buildx's rule)."""
    return {k.lower(): v for k, _, v in (p.partition("=") for p in parts)}


def with_value(parts: list[str], key: str, value: str) -> str:
    """The value again, with `key`'s field set to `value` (CSV-quoted where a field needs it)."""
    import csv
    import io

    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow([f"{key}={value}" if p.partition("=")[0].lower() == key else p
                                                  for p in parts])
    return line.getvalue()


def read(parsed: object) -> Caches:
    """The local caches of a build's --cache-from and --cache-to (the other types go to the remote unchanged)."""
    caches = Caches()
    for n, value in enumerate(str(v) for v in parsed.get("cache-from") or []):  # type: ignore[attr-defined]
        parts = fields(value)
        given = attrs(parts)
        if given.get("type") != "local" or not given.get("src"):
            continue  # a registry or other remote cache, or BuildKit's own error for a missing src
        name = f"cache-from-{n}"
        caches.words[f"--cache-from={value}"] = f"--cache-from={with_value(parts, 'src', name)}"
        if os.path.isdir(given["src"]):
            caches.sent.append((given["src"], name))
    for n, value in enumerate(str(v) for v in parsed.get("cache-to") or []):  # type: ignore[attr-defined]
        parts = fields(value)
        given = attrs(parts)
        if given.get("type") != "local" or not given.get("dest"):
            continue
        name = f"cache-to-{n}"
        caches.words[f"--cache-to={value}"] = f"--cache-to={with_value(parts, 'dest', name)}"
        index = os.path.join(given["dest"], "index.json")
        if os.path.isfile(index):
            caches.sent.append((index, f"{name}/index.json"))
        caches.back.append((name, given["dest"], given.get("reset", "").lower() in ("1", "t", "true")))
    return caches


def make_folders(caches: Caches) -> None:
    """The cache-to folders, made here as BuildKit's client makes them (whether or not the build succeeds)."""
    for _, dest, _ in caches.back:
        if os.path.exists(dest) and not os.path.isdir(dest):  # Go's MkdirAll says so (Python: "file exists")
            import errno

            raise NotADirectoryError(errno.ENOTDIR, "not a directory", dest)
        os.makedirs(dest, 0o755, exist_ok=True)


def merge(tar: tarfile.TarFile, caches: Caches) -> None:
    """Each cache-to folder that came back (`cache-to-N/…` in `tar`) merged into its local DIR."""
    members = tar.getmembers()
    for name, dest, reset in caches.back:
        prefix = name + "/"
        for member in members:
            rel = os.path.normpath(member.name[len(prefix):]) if member.name.startswith(prefix) else ""
            if not rel or rel == "." or rel.startswith("..") or os.path.isabs(rel):
                continue
            target = os.path.join(dest, rel)
            if member.isdir():
                os.makedirs(target, 0o755, exist_ok=True)
            elif member.isfile() and not (rel.startswith("blobs" + os.sep) and os.path.exists(target)):
                os.makedirs(os.path.dirname(target), 0o755, exist_ok=True)
                _replace(tar.extractfile(member), target, member.mode & 0o777)  # type: ignore[arg-type]
        if reset:
            _reset(dest)


def _replace(source: IO[bytes], target: str, mode: int) -> None:
    """`target` made whole under another name, then renamed into place (never a partial blob or index.json)."""
    import shutil

    staged = os.path.join(os.path.dirname(target), f".pydock-{os.getpid()}-{os.path.basename(target)}")
    try:
        with open(os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600), "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
        os.chmod(staged, mode)
        os.replace(staged, target)
    except BaseException:
        if os.path.lexists(staged):
            os.unlink(staged)
        raise


def _reset(dest: str) -> None:
    """BuildKit's reset=true: the blobs no manifest of index.json reaches are removed; nothing is when one it
    reaches cannot be read (BuildKit only warns then)."""
    import json

    try:
        with open(os.path.join(dest, "index.json"), encoding="utf-8") as f:
            todo = list(json.load(f).get("manifests") or [])
    except (OSError, ValueError, AttributeError):
        return
    reached: set[str] = set()
    while todo:
        desc = todo.pop()
        digest = str(desc.get("digest", "")) if isinstance(desc, dict) else ""
        if not digest or digest in reached:
            continue
        reached.add(digest)
        if desc.get("mediaType") not in _WALKED:
            continue
        try:
            with open(os.path.join(dest, "blobs", *digest.split(":", 1)), encoding="utf-8") as f:
                blob = json.load(f)
        except (OSError, ValueError):
            return
        todo += [blob.get("config"), *(blob.get("layers") or []), *(blob.get("manifests") or [])]
    blobs = os.path.join(dest, "blobs")
    for algorithm in os.listdir(blobs) if os.path.isdir(blobs) else []:
        folder = os.path.join(blobs, algorithm)
        for name in os.listdir(folder) if os.path.isdir(folder) else []:
            if f"{algorithm}:{name}" not in reached:
                os.unlink(os.path.join(folder, name))
