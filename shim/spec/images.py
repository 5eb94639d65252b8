"""docker images: list images."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    "images",
    "[OPTIONS] [REPOSITORY[:TAG]]",
    "List images",
    ('image ls', 'image list', 'images'),
    ("max", 1),
    (
        Flag("all", "a", help="Show all images (default hides intermediate images)"),
        Flag("digests", help="Show digests"),
        Flag("filter", "f", "filter", help="Filter output based on conditions provided"),
        Flag("format", "", "string", help="Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        Flag("no-trunc", help="Don't truncate output"),
        Flag("quiet", "q", help="Only show image IDs"),
        Flag("tree", help="List multi-platform images as a tree (EXPERIMENTAL)"),
    ),
)
