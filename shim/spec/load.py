"""docker load: read images from a tar archive."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    "load",
    "[OPTIONS]",
    "Load an image from a tar archive or STDIN",
    ('image load', 'load'),
    ("none",),
    (
        Flag("input", "i", "string", help="Read from tar archive file, instead of STDIN", hint="file"),
        Flag("platform", "", "string", help="Load only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
        Flag("quiet", "q", help="Suppress the load output"),
    ),
)
