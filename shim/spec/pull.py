"""docker pull: download an image from a registry."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    "pull",
    "[OPTIONS] NAME[:TAG|@DIGEST]",
    "Download an image from a registry",
    ('image pull', 'pull'),
    ("exact", 1),
    (
        Flag("all-tags", "a", help="Download all tagged images in the repository"),
        Flag("disable-content-trust", "", "bool", "true", help="Skip image verification"),
        Flag("platform", "", "string", help="Set platform if server is multi-platform capable"),
        Flag("quiet", "q", help="Suppress verbose output"),
    ),
)
