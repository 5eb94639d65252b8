"""docker pull: download an image from a registry."""

from __future__ import annotations

from shim.spec import EMULATE, REFUSE, Command, Flag

COMMAND = Command(
    "pull",
    "[OPTIONS] NAME[:TAG|@DIGEST]",
    "Download an image from a registry",
    ('image pull', 'pull'),
    ("exact", 1),
    (
        Flag("all-tags", "a", help="Download all tagged images in the repository", nerdctl=REFUSE, note="nerdctl v2.3.5 has no --all-tags for pull"),
        Flag("disable-content-trust", "", "bool", "true", help="Skip image verification", nerdctl=EMULATE, note="true (docker's default) changes nothing; false would need Notary signatures and is refused"),
        Flag("platform", "", "string", help="Set platform if server is multi-platform capable"),
        Flag("quiet", "q", help="Suppress verbose output", nerdctl=EMULATE, note="nerdctl --quiet prints nothing; pydock prints the full reference afterwards, as docker does"),
    ),
)
