"""docker rm: remove containers."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    "rm",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Remove one or more containers",
    ('container rm', 'container remove', 'rm'),
    ("min", 1),
    (
        Flag("force", "f", help="Force the removal of a running container (uses SIGKILL)"),
        Flag("link", "l", help="Remove the specified link"),
        Flag("volumes", "v", help="Remove anonymous volumes associated with the container"),
    ),
)
