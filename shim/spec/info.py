"""docker info: display system-wide information."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    'info',
    '[OPTIONS]',
    'Display system-wide information',
    ('system info', 'info'),
    ('none',),
    (
        Flag('format', 'f', 'string', help="Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
    ),
)
