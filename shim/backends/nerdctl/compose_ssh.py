"""docker compose over the ssh transport (issue #16): the compose files are this machine's, the project the remote's.

docker compose reads the project's files on the client and sends the daemon its containers (and its build contexts);
pydock hands the files to nerdctl's compose on the remote. So the call's first step sends them in one tar stream
through ssh into a new private folder on the remote (/var/tmp/.pydock-compose-RANDOM): the compose files (`-f -`
too: read here once, shim/compose_project.py) and those they include or extend, recursively, the env file (the
project's `.env` or --env-file, then the variables of this machine's environment the files name, for compose's
interpolation), each include's env files, the services' `env_file` and `label_file` files and their `build`
contexts (.dockerignore applied here); the copies of the compose files name those copies, each file read against
the directory compose reads it against (shim/compose_files.py, shim/compose_include.py). Every `nerdctl compose` of
the call names the copies, and the folder is removed when the call ends, however it ends (a `remote:` cleanup entry
of the executor). The services' env and label files alone go on from there to a folder of the project's that
stays, in the remote user's home (~/.cache/pydock-compose/KEY, 0700), until `compose down` removes it: nerdctl's
compose hashes their paths (KEPT below). The project directory stays this machine's path, so relative bind mounts
(`./data:/data`) name that path on the remote, as with docker; what nerdctl prints of the copies' paths (`config`,
its errors) names the local files again.

What pydock cannot follow (unusual forms of those keys: a variable in a path, an anchor, a flow mapping) is refused
in compose's voice, naming the transport, before anything runs.
"""

from __future__ import annotations

import os
import re

from shim.compose_project import EXIT_COMPOSE
from shim.errors import DockerError
from shim.plan import CAPTURE, FEED, REMOTE_SCRATCH, STREAM, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends.nerdctl.compose import Call
    from shim.compose_files import Rewriter, Source
    from shim.compose_project import Project
    from shim.plan import Result

FOLDER = "/var/tmp/.pydock-compose-"  # noqa: S108 - on the remote, created new (mkdir) and private (0700)
# On the remote, under the user's home (its own, so no other user can plant a folder or a link there first): a
# folder per project for its services' env and label files, which stays from call to call (issue #16). nerdctl's
# compose puts those files' paths in the hash of a service's config that tells `up` whether the service changed
# (pkg/composer/config.go ServiceHash): in the call's new folder they would make `up` recreate the service every
# time, where locally it says `Running`. Their contents still count (compose reads them into the service's
# environment and labels, which the hash also covers), so a changed env file recreates the service as locally.
# Writing the values into the copies' `environment:` instead would change what compose reads (interpolation in
# env files, `environment:` winning over them, `required:`) and the hash (no paths: unlike a local `up`'s).
KEPT = ".cache/pydock-compose"
# $1: the call's folder, $2: the project's folder under KEPT, $3: keep (copy the call's kept-NAME files there),
# forget (`down`: remove it; nothing there is needed any more: every call sends the files again) or nothing.
# A kept file is written under a name of the call's, then renamed over the old one, so that another call of the
# same project running meanwhile reads the old file or the new one, whole. Prints $HOME, which nerdctl's compose
# expands `~/` with: pydock maps what nerdctl prints of those paths back to the local files.
_STAGE = ('umask 077; mkdir -m 700 "$1" && cd "$1" && tar -xf - || exit; [ -n "$3" ] || exit 0; '
          'case $HOME in /?*) ;; *) echo "the remote user has no home folder (HOME) to keep the env files in" >&2; '
          'exit 1;; esac; k="$HOME/' + KEPT + '"; '
          'if [ "$3" = forget ]; then rm -rf -- "$k/${2:?}"; exit; fi; '
          'mkdir -p "$HOME/.cache" && { mkdir "$k" 2>/dev/null || [ -d "$k" ]; } && [ ! -L "$k" ] && [ -O "$k" ] '
          '&& chmod 700 "$k" || { echo "$k must be a folder of the remote user only" >&2; exit 1; }; '
          'mkdir -p "$k/$2" || exit; t=".${1##*-}"; for f in kept-*; do n="${f#kept-}"; '
          'cp -- "$f" "$k/$2/$t-$n" && mv -f -- "$k/$2/$t-$n" "$k/$2/$n" || exit; done; printf "%s\\n" "$HOME"')
_WRITE = 'umask 077; set -C; cat >"$1"'
_NAMES = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")  # ${NAME…} and $NAME: compose interpolates them
_BARE = re.compile(r"^[ \t]*-[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*$", re.MULTILINE)  # `environment: [NAME]`


def _environment(project: Project, names: set[str]) -> bytes:
    """The env file nerdctl's compose gets on the remote: the project's (--env-file, else DIRECTORY/.env), then the
    variables of this machine's environment the compose files name, which win over it as the shell's do with docker
    compose (the remote's environment is not the user's)."""
    path = os.path.abspath(project.env_files[0]) if project.env_files else os.path.join(project.directory, ".env")
    try:
        with open(path, "rb") as f:
            text = f.read()
    except FileNotFoundError:
        text = b""
    # last: in nerdctl's compose env file the last value a name gets wins; as they stand: it keeps quotes; a value
    # of several lines cannot be written there
    lines = [f"{name}={os.environ[name]}\n" for name in sorted(names) if "\n" not in os.environ.get(name, "\n")]
    if text and lines and not text.endswith(b"\n"):
        text += b"\n"
    return text + "".join(lines).encode()


def kept_key(project: Project) -> str:
    """The name of the project's folder under KEPT (the same on every call): this machine's project directory and the
    project's name, hashed."""
    import hashlib

    return hashlib.sha256(f"{project.directory}\0{project.name}".encode()).hexdigest()[:24]


class Staged:
    """This call's copies on the remote: local path → remote path, and what the archive sends. `mode`: "keep" (the
    commands that create containers): the services' env and label files go to the project's folder under KEPT;
    else to the call's, and with "forget" (`down`) the project's folder goes."""

    def __init__(self, project: Project, mode: str = "") -> None:
        from shim.compose_files import Rewriter, Source

        self.folder = FOLDER + os.urandom(8).hex()
        self.key = kept_key(project)
        self.files: dict[str, str] = {}
        self.members: list[tuple[str | bytes, str]] = []
        rewriter = Rewriter(self.folder, f"~/{KEPT}/{self.key}" if mode == "keep" else "")
        names: set[str] = set()  # the variables the files name, which this machine's environment may set
        for i, path in enumerate(project.files):
            # the project's own files are read against its directory; `-f -`, read once already, is sent as one
            name = f"{i}-{os.path.basename(path) if path != '-' else 'stdin.yaml'}"
            self.files[path] = f"{self.folder}/{name}"
            self._copy(rewriter, Source(path, project.directory, project.directory, False, self.files[path]),
                       project.stdin if path == "-" else None, names)
        while rewriter.pending:  # the files they include and extend, and those files' own, once each
            self._copy(rewriter, rewriter.pending.pop(0), None, names)
        environment = _environment(project, names)
        self.env = [f"{self.folder}/env"] if environment else []
        if environment:
            self.members.append((environment, "env"))
        for path, remote in rewriter.files.items():
            self.members.append((path, remote.rsplit("/", 1)[1]))
        self.kept = rewriter.kept
        self.members += [(path, "kept-" + remote.rsplit("/", 1)[1]) for path, remote in self.kept.items()]
        self.mode = mode if self.kept or mode != "keep" else ""
        # remote → local, for what nerdctl prints: the env and label files, the contexts, the compose files
        self.copied = {remote: local for local, remote in [*rewriter.files.items(), *rewriter.contexts.items(),
                                                           *self.kept.items()]}
        self.copied.update({s.remote: s.path for s in rewriter.composes.values()})
        self.copied.update({remote: local for local, remote in self.files.items()})
        from shim.context_stream import context_members

        for path, remote in rewriter.contexts.items():
            try:
                self.members += context_members(path, remote.rsplit("/", 1)[1], rewriter.dockerfiles[path])
            except ValueError as e:
                raise DockerError(f"unable to prepare context: {e}", EXIT_COMPOSE) from None

    def _copy(self, rewriter: Rewriter, source: Source, data: bytes | None, names: set[str]) -> None:
        """Add the copy of one compose file (`data`: its bytes, when read already) to the archive."""
        from shim.compose_files import Unreadable

        name = source.remote.rsplit("/", 1)[1]
        try:
            if data is None:
                with open(source.path, "rb") as f:
                    data = f.read()
            text = data.decode()
        except (OSError, UnicodeDecodeError):  # sent as it is: nerdctl's compose says what is wrong with it
            self.members.append((data if data is not None else source.path, name))
            return
        names.update(_NAMES.findall(text))
        names.update(_BARE.findall(text))
        try:
            self.members.append((rewriter.rewrite(text, source).encode(), name))
        except Unreadable as e:
            raise DockerError(f"{source.path}: {e} is not supported over pydock's ssh transport: pydock follows the "
                              "usual forms of include, extends, env_file, label_file and build to send the files "
                              "they name", EXIT_COMPOSE) from None

    def remote(self, path: str) -> str:
        return self.files.get(path, path)

    def home_is(self, home: str) -> None:
        """The remote user's home, where nerdctl's compose finds the kept files (`~/…` in the copies)."""
        if home.startswith("/"):
            self.copied.update({home + remote[1:]: local for local, remote in self.kept.items()})

    def localized(self, text: str) -> str:
        """`text` (nerdctl's output) with the copies' paths made the local paths they copy."""
        for remote, local in sorted(self.copied.items(), key=lambda item: -len(item[0])):
            text = text.replace(remote, local)
        return text


def staged(staging: Staged, plan: Plan | Done) -> Plan | Done:
    """Send the files first, then run `plan`; the remote folder goes when the call ends."""
    if isinstance(plan, Done):
        return plan
    from shim.context_stream import FileStream

    stream = FileStream(staging.members)

    def sent(result: Result) -> Plan | Done:
        problem = stream.finish()
        if problem or result.code != 0:
            reason = problem or " ".join(result.errors) or f"exit status {result.code}"
            return Done(EXIT_COMPOSE, stderr="pydock could not send the compose files to the remote host (it needs "
                                             f"a POSIX shell, mkdir, tar, cp and mv there): {reason}")
        if staging.mode == "keep":  # the script's last line (a login script may print lines of its own first)
            staging.home_is(result.stdout.decode("utf-8", "replace").strip().rsplit("\n", 1)[-1])
        return plan

    return Plan(["sh", "-c", _STAGE, "sh", staging.folder, staging.key, staging.mode], CAPTURE, stdin=STREAM,
                stdin_tap=stream.start, log_prefix=(b"",), cleanup=(REMOTE_SCRATCH + staging.folder,),
                always_then=True, then=sent, later=tuple(plan.commands()))


def upload(call: Call, local: str, data: bytes, then: Plan | Done) -> Plan:
    """Write `data` (a file pydock made for the call, its `local` copy) into the call's remote folder first."""
    remote = call.staging.remote(local)  # type: ignore[union-attr]

    def written(result: Result) -> Plan | Done:
        if result.code != 0:
            return Done(EXIT_COMPOSE, stderr=f"pydock could not write {remote} on the remote host: "
                                             f"{' '.join(result.errors) or result.code}")
        return then

    return Plan(["sh", "-c", _WRITE, "sh", remote], CAPTURE, stdin=FEED, feed=data, log_prefix=(b"",),
                always_then=True, then=written)
