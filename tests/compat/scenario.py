"""One differential scenario and the names the tables share (tests/compat/scenarios.py says the rules)."""

from __future__ import annotations

import shlex
from typing import NamedTuple


class Scenario(NamedTuple):
    id: str
    script: str
    note: str = ""


REG = "127.0.0.1:5000/pydock-compat"
UNKNOWN = f"{REG}/nope:1"  # a registry on loopback that answers "manifest unknown"
REMOTE = f"{REG}/busybox:latest"


def docker_argvs(script: str):
    """The words after `docker` of every docker command of a snippet, roughly as bash splits them (`xargs docker
    rmi`, `id=$(docker run ...)` and `... | docker load` included; variables stay as written)."""
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        command: list[str] = []
        for word in [*lexer, ";"]:
            if word.strip("();|&<>") and word != "$":
                command.append(word)
                continue
            if "docker" in command:
                yield command[command.index("docker") + 1:]
            command = []
