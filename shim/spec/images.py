"""docker images: list images."""

from __future__ import annotations

from shim.spec import EMULATE, REFUSE, Command, Flag

COMMAND = Command(
    "images",
    "[OPTIONS] [REPOSITORY[:TAG]]",
    "List images",
    ('image ls', 'image list', 'images'),
    ("max", 1),
    (
        Flag("all", "a", help="Show all images (default hides intermediate images)", nerdctl=EMULATE, note="pydock selects and prints images itself, from nerdctl's list and inspect data, the way docker does"),
        Flag("digests", help="Show digests", nerdctl=EMULATE, note="pydock selects and prints images itself, from nerdctl's list and inspect data, the way docker does"),
        Flag("filter", "f", "filter", help="Filter output based on conditions provided", nerdctl=EMULATE, note="pydock selects and prints images itself, from nerdctl's list and inspect data, the way docker does"),
        Flag("format", "", "string", help="Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates", nerdctl=EMULATE, note="pydock selects and prints images itself, from nerdctl's list and inspect data, the way docker does"),
        Flag("no-trunc", help="Don't truncate output", nerdctl=EMULATE, note="pydock selects and prints images itself, from nerdctl's list and inspect data, the way docker does"),
        Flag("quiet", "q", help="Only show image IDs", nerdctl=EMULATE, note="pydock selects and prints images itself, from nerdctl's list and inspect data, the way docker does"),
        Flag("tree", help="List multi-platform images as a tree (EXPERIMENTAL)", nerdctl=REFUSE, note="docker's experimental tree view has no nerdctl counterpart"),
    ),
)
