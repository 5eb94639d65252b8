"""docker container inspect: display detailed information on one or more containers."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    'container inspect',
    '[OPTIONS] CONTAINER [CONTAINER...]',
    'Display detailed information on one or more containers',
    (),
    ('min', 1),
    (
        Flag('format', 'f', 'string', help="Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        Flag('size', 's', 'bool', help="Display total file sizes"),
    ),
)
