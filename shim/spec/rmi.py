"""docker rmi: remove images."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    "rmi",
    "[OPTIONS] IMAGE [IMAGE...]",
    "Remove one or more images",
    ('image rm', 'image remove', 'rmi'),
    ("min", 1),
    (
        Flag("force", "f", help="Force removal of the image"),
        Flag("no-prune", help="Do not delete untagged parents"),
        Flag("platform", "", "strings", help="Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
    ),
)
