"""docker push: upload an image to a registry."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    "push",
    "[OPTIONS] NAME[:TAG]",
    "Upload an image to a registry",
    ('image push', 'push'),
    ("exact", 1),
    (
        Flag("all-tags", "a", help="Push all tags of an image to the repository"),
        Flag("disable-content-trust", "", "bool", "true", help="Skip image signing"),
        Flag("platform", "", "string", help="Push a platform-specific manifest as a single-platform image to the registry.\nImage index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"),
        Flag("quiet", "q", help="Suppress verbose output"),
    ),
)
