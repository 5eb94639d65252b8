"""docker ps: list containers."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    "ps",
    "[OPTIONS]",
    "List containers",
    ('container ls', 'container list', 'container ps', 'ps'),
    ("none",),
    (
        Flag("all", "a", help="Show all containers (default shows just running)"),
        Flag("filter", "f", "filter", help="Filter output based on conditions provided"),
        Flag("format", "", "string", help="Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        Flag("last", "n", "int", "-1", help="Show n last created containers (includes all states)"),
        Flag("latest", "l", help="Show the latest created container (includes all states)"),
        Flag("no-trunc", help="Don't truncate output"),
        Flag("quiet", "q", help="Only display container IDs"),
        Flag("size", "s", help="Display total file sizes"),
    ),
)
