"""docker inspect: return low-level information on Docker objects."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    'inspect',
    '[OPTIONS] NAME|ID [NAME|ID...]',
    'Return low-level information on Docker objects',
    (),
    ('min', 1),
    (
        Flag('format', 'f', 'string', help="Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        Flag('size', 's', 'bool', help="Display total file sizes if the type is container"),
        Flag('type', '', 'string', help="Only inspect objects of the given type"),
    ),
)
