"""docker exec: run a command in a running container."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    "exec",
    "[OPTIONS] CONTAINER COMMAND [ARG...]",
    "Execute a command in a running container",
    ('container exec', 'exec'),
    ("min", 2),
    (
        Flag("detach", "d", help="Detached mode: run command in the background"),
        Flag("detach-keys", "", "string", help="Override the key sequence for detaching a container"),
        Flag("env", "e", "list", help="Set environment variables"),
        Flag("env-file", "", "list", help="Read in a file of environment variables"),
        Flag("interactive", "i", help="Keep STDIN open even if not attached"),
        Flag("privileged", help="Give extended privileges to the command"),
        Flag("tty", "t", help="Allocate a pseudo-TTY"),
        Flag("user", "u", "string", help="Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
        Flag("workdir", "w", "string", help="Working directory inside the container"),
    ),
    interspersed=False,  # flags end at IMAGE / CONTAINER: the rest is the container's
)
