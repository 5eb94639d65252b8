"""docker rmi: remove images."""

from __future__ import annotations

from shim.spec import NOOP, REFUSE, Command, Flag

COMMAND = Command(
    "rmi",
    "[OPTIONS] IMAGE [IMAGE...]",
    "Remove one or more images",
    ('image rm', 'image remove', 'rmi'),
    ("min", 1),
    (
        Flag("force", "f", help="Force removal of the image"),
        Flag("no-prune", help="Do not delete untagged parents", nerdctl=NOOP, note="containerd keeps no untagged parent images, so there is nothing to prune or keep"),
        Flag("platform", "", "strings", help="Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")", nerdctl=REFUSE, note="nerdctl rmi has no --platform"),
    ),
)
