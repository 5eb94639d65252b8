"""docker save: write images to a tar archive."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    "save",
    "[OPTIONS] IMAGE [IMAGE...]",
    "Save one or more images to a tar archive (streamed to STDOUT by default)",
    ('image save', 'save'),
    ("min", 1),
    (
        Flag("output", "o", "string", help="Write to a file, instead of STDOUT"),
        Flag("platform", "", "string", help="Save only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
    ),
)
