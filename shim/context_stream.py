"""Local files as docker's client sends them to a remote daemon: a tar stream made as it is read, never whole in
memory or on disk (the executor's STREAM stdin: `start` writes it into the pipe the remote command reads, on a
thread of its own). Owners are sent as root, as docker's client sends a build context; modes, times and links as
they are.

- FileStream: named files (compose's files and build contexts over the ssh transport,
  shim/backends/nerdctl/compose_ssh.py); `context_members` lists a build context's, .dockerignore applied.
- ContextStream: a build context. The context folder's files go under `context/` with .dockerignore applied here
  (the Dockerfile's own `NAME.dockerignore` beside it first, as BuildKit reads it), the Dockerfile under
  `dockerfile/` (sent even when .dockerignore leaves it out of the context, as with BuildKit), then `extras`: other
  local files and folders (whole, .dockerignore not applied) under names of their own (a build's local caches).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    import tarfile


def _owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


class FileStream:
    """Files to send: (local path, or the bytes of a file, and its name in the archive); `finish` tells what went
    wrong ("" when nothing did)."""

    def __init__(self, members: list[tuple[str | bytes, str]]) -> None:
        self.members = members
        self.problem = ""
        self.thread: object = None

    def start(self, fd: int) -> None:
        """Write the archive into `fd` on a thread of its own, which closes `fd` at the end."""
        import threading

        self.problem = ""
        self.thread = threading.Thread(target=self.write_to, args=(fd,), daemon=True)
        self.thread.start()  # type: ignore[attr-defined]

    def finish(self) -> str:
        """Once the remote command ended: what went wrong writing the archive, "" when nothing did."""
        if self.thread is not None:
            self.thread.join(5)  # type: ignore[attr-defined]
        return self.problem

    def add_all(self, tar: tarfile.TarFile) -> None:
        import io
        import tarfile
        import time

        for path, name in self.members:
            if isinstance(path, bytes):  # a file pydock made (a compose file's copy naming the copies)
                info = tarfile.TarInfo(name)
                info.size, info.mode, info.mtime = len(path), 0o600, int(time.time())
                tar.addfile(info, io.BytesIO(path))
            else:
                tar.add(path, arcname=name, recursive=False, filter=_owned_by_root)

    def write_to(self, fd: int) -> None:
        """Write the archive into `fd` (closed at the end); a reader that went away ends it quietly."""
        import tarfile

        try:
            with os.fdopen(fd, "wb", buffering=1 << 16) as out, tarfile.open(fileobj=out, mode="w|",
                                                                              format=tarfile.PAX_FORMAT) as tar:
                self.add_all(tar)
        except (BrokenPipeError, ConnectionResetError):
            return
        except OSError as e:  # a file that vanished or cannot be read: the archive stops short, the command fails
            self.problem = f"{e.filename or ''}: {(e.strerror or str(e)).lower()}".lstrip(": ")


def context_members(context: str, name: str, dockerfiles: set[str]) -> list[tuple[str | bytes, str]]:
    """A build context folder's files to send under `name`, .dockerignore applied, its Dockerfiles (relative to it)
    always; ValueError in docker's words when it cannot be read."""
    from shim import dockerignore

    matcher = dockerignore.Matcher(dockerignore.read(os.path.join(context, ".dockerignore")))
    try:
        paths = dockerignore.walk(context, matcher)
    except OSError as e:
        raise ValueError(f"{e.filename}: {(e.strerror or str(e)).lower()}") from None
    extra = [d for d in sorted(dockerfiles) if d not in paths and os.path.isfile(os.path.join(context, d))]
    return [(context, name), *((os.path.join(context, rel), f"{name}/{rel}") for rel in [*paths, *extra])]


class ContextStream(FileStream):
    """A build context folder and its Dockerfile (`prepare` first: the paths .dockerignore leaves in)."""

    def __init__(self, context: str, dockerfile: str, name: str = "", extras: list[tuple[str, str]] | None = None,
                 ) -> None:
        super().__init__([])
        self.extras = extras or []  # (a local file or folder, its name in the archive), sent whole after the rest
        self.context = context  # a local folder
        self.dockerfile = dockerfile  # the local Dockerfile's path
        self.name = name or os.path.basename(dockerfile)  # its name on the remote (`-f -`'s file: Dockerfile)
        self.paths: list[str] = []

    def ignore_file(self) -> str:
        own = self.dockerfile + ".dockerignore"
        return own if os.path.isfile(own) else os.path.join(self.context, ".dockerignore")

    def prepare(self) -> None:
        """Find the context's paths to send, or ValueError with docker's words (a bad pattern, an unreadable
        folder)."""
        from shim import dockerignore

        matcher = dockerignore.Matcher(dockerignore.read(self.ignore_file()))
        try:
            self.paths = dockerignore.walk(self.context, matcher)
        except OSError as e:
            raise ValueError(f"{e.filename}: {(e.strerror or str(e)).lower()}") from None

    def add_all(self, tar: tarfile.TarFile) -> None:
        tar.add(self.context, arcname="context", recursive=False, filter=_owned_by_root)
        for rel in self.paths:
            tar.add(os.path.join(self.context, rel), arcname="context/" + rel, recursive=False,
                    filter=_owned_by_root)
        tar.add(self.dockerfile, arcname="dockerfile/" + self.name, filter=_owned_by_root)
        own_ignore = self.dockerfile + ".dockerignore"
        if os.path.isfile(own_ignore):
            tar.add(own_ignore, arcname=f"dockerfile/{self.name}.dockerignore", filter=_owned_by_root)
        for path, name in self.extras:
            tar.add(path, arcname=name, filter=_owned_by_root)
