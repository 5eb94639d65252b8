"""docker version: show the Docker version information."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    'version',
    '[OPTIONS]',
    'Show the Docker version information',
    (),
    ('none',),
    (
        Flag('format', 'f', 'string', help="Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
    ),
)
