"""Secrets and ssh keys of a build over the ssh transport (issue #16): read on this machine, as docker's client reads
them for a remote daemon's build, and handed to the remote's BuildKit without ever resting on its disk.

`--secret id=X,src=FILE` (or env=NAME, or `id=X` alone: the variable X if set, else the file X) and `--ssh ID=KEY`
with key files: their bytes are read here and go first on the build's stdin through ssh; the remote script
(build_ssh._REMOTE) writes them into a new private folder (0700, files 0600) on a tmpfs (/dev/shm, else
$XDG_RUNTIME_DIR; none: the build is refused there) and removes it when the build ends however it ends (Ctrl-C
included; only a SIGKILL of the remote shell leaves it, until the remote reboots). nerdctl's build names them by
that folder (`secrets/N`, a link in the build's folder), so no byte of theirs is on a command line, in an
environment or in output. `--ssh default` (and `--ssh ID=SOCKET`, an agent's socket here): this machine's agent
forwarded by ssh itself (ForwardAgent) on the build's own connection, not the shared one; the remote's nerdctl
gets `--ssh ID`, which reads the forwarded agent's SSH_AUTH_SOCK there. One agent per build (ssh forwards one).
"""

from __future__ import annotations

import os
import stat

from shim.errors import EXIT_GENERAL
from shim.plan import Done

MAX_SECRET = 500 * 1024  # BuildKit's limit on a secret's size


class Carried:
    """What a build's `--secret` and `--ssh` words become over ssh: the blobs to send first, the words the
    remote's nerdctl gets instead, and the agent socket to forward ("" for none)."""

    __slots__ = ("blobs", "words", "agent")

    def __init__(self) -> None:
        self.blobs: list[bytes] = []
        self.words: dict[str, str] = {}
        self.agent = ""

    def sizes(self) -> str:
        return " ".join(str(len(b)) for b in self.blobs) or "-"

    def _blob(self, data: bytes) -> str:
        self.blobs.append(data)
        return f"secrets/{len(self.blobs) - 1}"


def _failed(message: str) -> Done:
    return Done(EXIT_GENERAL, stderr=f"ERROR: failed to build: {message}")


def carry(words: list[str]) -> Carried | Done:
    """Read each `--secret=…` and `--ssh=…` of nerdctl's words here; their remote form, or buildx's error."""
    carried = Carried()
    for word in words:
        if word.startswith("--secret="):
            problem = _secret(word, carried)
        elif word.startswith("--ssh="):
            problem = _ssh(word, carried)
        else:
            continue
        if problem:
            return _failed(problem)
    return carried


def _fields(value: str) -> list[str]:
    import csv

    return next(csv.reader([value]), [])


def _secret_fields(value: str) -> tuple[str, str, str] | str:
    """(id, file, variable) of a --secret value, as buildx reads it; its error otherwise."""
    kind = ident = source = env = ""
    for field in _fields(value):
        key, eq, given = field.partition("=")
        key = key.lower()
        if not eq:
            return f"invalid field '{field}' must be a key=value pair"
        if key == "type" and given not in ("file", "env"):
            return f'unsupported secret type "{given}"'
        if key not in ("type", "id", "source", "src", "env"):
            return f"unexpected key '{key}' in '{field}'"
        kind = given if key == "type" else kind
        ident = given if key == "id" else ident
        source = given if key in ("source", "src") else source
        env = given if key == "env" else env
    if kind == "env" and not env:
        env, source = source, ""
    if not ident:
        return "secret missing ID"
    if not env and not source:  # BuildKit's rule: the variable of that name if set, else the file of that name
        env, source = (ident, "") if ident in os.environ else ("", ident)
    return ident, source, env


def _secret(word: str, carried: Carried) -> str:
    fields = _secret_fields(word[len("--secret="):])
    if isinstance(fields, str):
        return fields
    ident, source, env = fields
    if env:
        data = os.environ.get(env, "").encode()
    else:
        try:
            with open(source, "rb") as f:
                data = f.read(MAX_SECRET + 1)
        except OSError as e:
            return f"failed to stat {source}: stat {source}: {(e.strerror or str(e)).lower()}"
    if len(data) > MAX_SECRET:
        return f"secret {ident} too big. max size 500KB"
    carried.words[word] = f"--secret=id={ident},src={carried._blob(data)}"
    return ""


def _ssh(word: str, carried: Carried) -> str:
    value = word[len("--ssh="):]
    ident, _, paths = value.partition("=")
    ident = ident or "default"
    keys: list[str] = []
    sockets: list[str] = []
    for path in (p for p in paths.split(",") if p) if paths else []:
        try:
            info = os.stat(path)
        except OSError as e:
            return f"failed to stat {path}: stat {path}: {(e.strerror or str(e)).lower()}"
        (sockets if stat.S_ISSOCK(info.st_mode) else keys).append(path)
    if not paths:
        agent = os.environ.get("SSH_AUTH_SOCK", "")
        if not agent:
            return "invalid empty ssh agent socket: make sure SSH_AUTH_SOCK is set"
        sockets.append(agent)
    if (sockets and keys) or len(sockets) > 1 or (sockets and carried.agent and carried.agent != sockets[0]):
        return (f"--ssh={value}: over pydock's ssh transport a build forwards one ssh agent (ssh forwards one per "
                "connection), and takes either an agent or key files for an ID")
    if sockets:
        carried.agent = sockets[0]
        carried.words[word] = f"--ssh={ident}"
        return ""
    names = []
    for path in keys:
        try:
            with open(path, "rb") as f:
                names.append(carried._blob(f.read(MAX_SECRET + 1)))
        except OSError as e:
            return f"failed to read {path}: {(e.strerror or str(e)).lower()}"
    carried.words[word] = f"--ssh={ident}={','.join(names)}"
    return ""


class SecretsFirst:
    """The build's stdin: the secrets' bytes, then the context's archive (`stream`, a ContextStream), written on a
    thread of its own as the stream writes itself."""

    def __init__(self, stream: object, blobs: list[bytes]) -> None:
        self.stream = stream
        self.blobs = blobs
        self.thread: object = None

    def start(self, fd: int) -> None:
        import threading

        self.thread = threading.Thread(target=self._write, args=(fd,), daemon=True)
        self.thread.start()  # type: ignore[attr-defined]

    def _write(self, fd: int) -> None:
        try:
            for blob in self.blobs:
                view = memoryview(blob)
                while view:
                    view = view[os.write(fd, view):]
        except OSError:  # the remote went away (or refused): nothing more to send
            os.close(fd)
            return
        self.stream.write_to(fd)  # type: ignore[attr-defined]

    def finish(self) -> str:
        if self.thread is not None:
            self.thread.join(5)  # type: ignore[attr-defined]
        return self.stream.problem  # type: ignore[attr-defined]
