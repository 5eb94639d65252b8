"""docker inspect: return low-level information on Docker objects."""

from __future__ import annotations

from shim.spec import EMULATE, Command, Flag

COMMAND = Command(
    'inspect',
    '[OPTIONS] NAME|ID [NAME|ID...]',
    'Return low-level information on Docker objects',
    (),
    ('min', 1),
    (
        Flag('format', 'f', 'string', help="Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates", nerdctl=EMULATE,
             note="pydock renders docker's inspect JSON itself and applies the template to it"),
        Flag('size', 's', 'bool', help="Display total file sizes if the type is container", nerdctl=EMULATE,
             note="SizeRw and SizeRootFs come from nerdctl's container sizes"),
        Flag('type', '', 'string', help="Only inspect objects of the given type", nerdctl=EMULATE,
             note='container or image (pydock knows no other object types)'),
    ),
)
