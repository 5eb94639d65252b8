"""docker image inspect: display detailed information on one or more images."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    'image inspect',
    '[OPTIONS] IMAGE [IMAGE...]',
    'Display detailed information on one or more images',
    (),
    ('min', 1),
    (
        Flag('format', 'f', 'string', help="Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        Flag('platform', '', 'string', help="Inspect a specific platform of the multi-platform image.\nIf the image or the server is not multi-platform capable, the command will error out if the platform does not match.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"),
    ),
)
