"""docker stop: stop running containers."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    "stop",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Stop one or more running containers",
    ('container stop', 'stop'),
    ("min", 1),
    (
        Flag("signal", "s", "string", help="Signal to send to the container"),
        Flag("time", "", "int", help="Deprecated alias of --timeout (renamed in docker v28, PR #5485)", hidden=True, deprecated="use --timeout instead"),
        Flag("timeout", "t", "int", help="Seconds to wait before killing the container"),
    ),
)
