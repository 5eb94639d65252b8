"""docker tag: give an image another name."""

from __future__ import annotations

from shim.spec import Command

COMMAND = Command(
    "tag",
    "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
    "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
    ('image tag', 'tag'),
    ("exact", 2),
    (),
    interspersed=False,  # docker's tag stops reading flags at SOURCE_IMAGE (`docker tag a b --x`: 3 arguments)
)
