"""docker compose over the ssh transport (issue #16): the compose files are this machine's, the project the remote's.

docker compose reads the project's files on the client and sends the daemon its containers; pydock hands the files
to nerdctl's compose on the remote. So the call's first step sends them (the compose files, the env file: the
project's `.env` or --env-file) in a tar stream through ssh into a new private folder on the remote
(/var/tmp/.pydock-compose-RANDOM), every `nerdctl compose` of the call names the copies there, and the folder is
removed when the call ends, however it ends (a `remote:` cleanup entry of the executor). The project directory
stays this machine's path, so relative bind mounts (`./data:/data`) name that path on the remote, as with docker.

What names more of this machine's files (a service's `env_file` or `build`, a top-level `include`, `-f -`) is
refused in compose's voice, naming the transport, before anything runs.
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
    from shim.compose_project import Project
    from shim.plan import Result

FOLDER = "/var/tmp/.pydock-compose-"  # noqa: S108 - on the remote, created new (mkdir) and private (0700)
_STAGE = 'mkdir -m 700 "$1" && cd "$1" && tar -xf -'
_WRITE = 'umask 077; set -C; cat >"$1"'
# compose-file keys that name more local files, and why they cannot be followed
_LOCAL_KEYS = re.compile(r"^(?:[ \t]+(env_file|build)|(include))[ \t]*:", re.MULTILINE)
_WHY = {
    "env_file": "docker compose reads a service's env_file on this machine, and pydock sends only the compose "
                "files and the project's .env (or --env-file); use `environment:` or the .env file",
    "build": "pydock's compose over ssh does not send build contexts; build the image with `docker build` over "
             "the same transport, then name it with `image:`",
    "include": "pydock's compose over ssh sends only the files named with -f (or found as compose does)",
}


class Staged:
    """This call's copies on the remote: local path → remote path."""

    def __init__(self, project: Project) -> None:
        self.folder = FOLDER + os.urandom(8).hex()
        self.files: dict[str, str] = {}
        for i, path in enumerate(project.files):
            self.files[path] = f"{self.folder}/{i}-{os.path.basename(path)}"
        # --env-file (relative to the working folder), else the project's .env where there is one
        given = [os.path.abspath(f) for f in project.env_files]
        dotenv = os.path.join(project.directory, ".env")
        self.env = given or ([dotenv] if os.path.isfile(dotenv) else [])
        for path in self.env:
            self.files[path] = f"{self.folder}/env-{os.path.basename(path)}"

    def remote(self, path: str) -> str:
        return self.files.get(path, path)


def check(project: Project) -> None:
    """Refuse, in compose's voice, a project whose files name more of this machine's files."""
    if "-" in project.files:
        raise DockerError("a compose file on stdin (-f -) is not supported over pydock's ssh transport: pydock "
                          "sends the compose files it can read again; name the file", EXIT_COMPOSE)
    for path in project.files:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            continue  # nerdctl's compose on the remote reports it as it would here
        match = _LOCAL_KEYS.search(text)
        if match:
            key = match.group(1) or match.group(2)
            raise DockerError(f"{path}: `{key}` is not supported over pydock's ssh transport: {_WHY[key]}",
                              EXIT_COMPOSE)


def staged(staging: Staged, plan: Plan | Done) -> Plan | Done:
    """Send the files first, then run `plan`; the remote folder goes when the call ends."""
    if isinstance(plan, Done):
        return plan
    from shim.context_stream import FileStream

    stream = FileStream([(path, os.path.basename(remote)) for path, remote in staging.files.items()])

    def sent(result: Result) -> Plan | Done:
        problem = stream.finish()
        if problem or result.code != 0:
            reason = problem or " ".join(result.errors) or f"exit status {result.code}"
            return Done(EXIT_COMPOSE, stderr="pydock could not send the compose files to the remote host (it needs "
                                             f"a POSIX shell, mkdir and tar there): {reason}")
        return plan

    return Plan(["sh", "-c", _STAGE, "sh", staging.folder], CAPTURE, stdin=STREAM,
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
