"""A build context as docker's client sends it to a remote daemon: a tar stream made as it is read, never whole in
memory or on disk. The context folder's files go under `context/` with .dockerignore applied here (the Dockerfile's
own `NAME.dockerignore` beside it first, as BuildKit reads it), the Dockerfile under `dockerfile/` (it is sent even
when .dockerignore leaves it out of the context, as with BuildKit). Owners are sent as root, as docker's client
sends them; modes, times and links as they are.

The executor runs `write_to` on a thread of its own, writing into the pipe the remote command reads (plan.STREAM).
"""

from __future__ import annotations

import os


class ContextStream:
    """What to send; `problem` tells what went wrong while sending ("" when nothing did)."""

    def __init__(self, context: str, dockerfile: str, name: str = "") -> None:
        self.context = context  # a local folder
        self.dockerfile = dockerfile  # the local Dockerfile's path
        self.name = name or os.path.basename(dockerfile)  # its name on the remote (`-f -`'s file: Dockerfile)
        self.problem = ""
        self.thread: object = None

    def start(self, fd: int, paths: list[str]) -> None:
        """Write the archive of `paths` into `fd` on a thread of its own (the executor's STREAM stdin)."""
        import threading

        self.problem = ""
        self.thread = threading.Thread(target=self.write_to, args=(fd, paths), daemon=True)
        self.thread.start()  # type: ignore[attr-defined]

    def finish(self) -> str:
        """Once the remote command ended: what went wrong writing the archive, "" when nothing did."""
        if self.thread is not None:
            self.thread.join(5)  # type: ignore[attr-defined]
        return self.problem

    def ignore_file(self) -> str:
        own = self.dockerfile + ".dockerignore"
        return own if os.path.isfile(own) else os.path.join(self.context, ".dockerignore")

    def prepare(self) -> list[str]:
        """The context's paths to send, or ValueError with docker's words (a bad pattern, an unreadable folder)."""
        from shim import dockerignore

        matcher = dockerignore.Matcher(dockerignore.read(self.ignore_file()))
        try:
            return dockerignore.walk(self.context, matcher)
        except OSError as e:
            raise ValueError(f"{e.filename}: {(e.strerror or str(e)).lower()}") from None

    def write_to(self, fd: int, paths: list[str]) -> None:
        """Write the archive into `fd` (closed at the end); a reader that went away ends it quietly."""
        import tarfile

        def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            return info

        try:
            with os.fdopen(fd, "wb", buffering=1 << 16) as out, tarfile.open(fileobj=out, mode="w|",
                                                                              format=tarfile.PAX_FORMAT) as tar:
                tar.add(self.context, arcname="context", recursive=False, filter=owned_by_root)
                for rel in paths:
                    tar.add(os.path.join(self.context, rel), arcname="context/" + rel, recursive=False,
                            filter=owned_by_root)
                name = self.name
                tar.add(self.dockerfile, arcname="dockerfile/" + name, filter=owned_by_root)
                own_ignore = self.dockerfile + ".dockerignore"
                if os.path.isfile(own_ignore):
                    tar.add(own_ignore, arcname=f"dockerfile/{name}.dockerignore", filter=owned_by_root)
        except (BrokenPipeError, ConnectionResetError):
            return
        except OSError as e:  # a file that vanished or cannot be read: the archive stops short, the build fails
            self.problem = f"{e.filename or ''}: {(e.strerror or str(e)).lower()}".lstrip(": ")
