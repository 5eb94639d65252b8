"""docker push: upload an image to a registry."""

from __future__ import annotations

from shim.spec import EMULATE, Command, Flag

COMMAND = Command(
    "push",
    "[OPTIONS] NAME[:TAG]",
    "Upload an image to a registry",
    ('image push', 'push'),
    ("exact", 1),
    (
        Flag("all-tags", "a", help="Push all tags of an image to the repository", nerdctl=EMULATE, note="nerdctl v2.3.5 has no --all-tags: pydock lists the repository's local tags and pushes each"),
        Flag("disable-content-trust", "", "bool", "true", help="Skip image signing", nerdctl=EMULATE, note="true (docker's default) changes nothing; false would need Notary signing and is refused"),
        Flag("platform", "", "string", help="Push a platform-specific manifest as a single-platform image to the registry.\nImage index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"),
        Flag("quiet", "q", help="Suppress verbose output", nerdctl=EMULATE, note="nerdctl pushes silently either way; pydock prints docker's lines, or with -q only the reference"),
    ),
)
