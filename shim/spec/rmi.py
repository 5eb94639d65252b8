"""docker rmi: remove images."""

from __future__ import annotations

from shim.spec import EMULATE, NOOP, REFUSE, Command, Flag

COMMAND = Command(
    "rmi",
    "[OPTIONS] IMAGE [IMAGE...]",
    "Remove one or more images",
    ('image rm', 'image remove', 'rmi'),
    ("min", 1),
    (
        Flag("force", "f", help="Force removal of the image", nerdctl=EMULATE, note="pydock resolves names and IDs itself, with docker's rules (an ID shared by several names needs -f; untagging an image that keeps other names needs none), and passes --force to nerdctl where docker would remove"),
        Flag("no-prune", help="Do not delete untagged parents", nerdctl=NOOP, note="containerd keeps no untagged parent images, so there is nothing to prune or keep"),
        Flag("platform", "", "strings", help="Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")", nerdctl=REFUSE, note="nerdctl rmi has no --platform"),
    ),
)
