"""docker load: read images from a tar archive."""

from __future__ import annotations

from shim.spec import EMULATE, Command, Flag

COMMAND = Command(
    "load",
    "[OPTIONS]",
    "Load an image from a tar archive or STDIN",
    ('image load', 'load'),
    ("none",),
    (
        Flag("input", "i", "string", help="Read from tar archive file, instead of STDIN", hint="file", nerdctl=EMULATE, note="pydock streams the file into nerdctl load itself, reading the image names on the way (docker prints them all; nerdctl 2.3 does not reliably)"),
        Flag("platform", "", "string", help="Load only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
        Flag("quiet", "q", help="Suppress the load output", nerdctl=EMULATE, note="pydock prints docker's `Loaded image:` lines itself, which docker prints with -q too"),
    ),
)
