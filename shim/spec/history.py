"""docker history: show the history of an image."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    'history',
    '[OPTIONS] IMAGE',
    'Show the history of an image',
    ('image history', 'history'),
    ('exact', 1),
    (
        Flag('format', '', 'string', help="Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        Flag('human', 'H', 'bool', 'true', help="Print sizes and dates in human readable format"),
        Flag('no-trunc', '', 'bool', help="Don't truncate output"),
        Flag('platform', '', 'string', help='Show history for the given platform. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")'),
        Flag('quiet', 'q', 'bool', help="Only show image IDs"),
    ),
)
