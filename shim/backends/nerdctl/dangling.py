"""Images docker keeps without a name, and how pydock keeps them in containerd.

Docker keeps an image whose last name goes elsewhere (`import` to a name another image holds) or is untagged
while a container uses it (`rmi -f NAME`): it lists as `<none>` and `image prune` removes it. containerd has no
image without a name, so pydock first gives such an image nerdctl's own name for an unnamed image,
`import@sha256:<ID>` (what `nerdctl load` leaves for an archive without names), which pydock lists as `<none>`.
"""

from __future__ import annotations

# nerdctl's load writes the first, nerdctl's tag (as pydock uses it here) the second
UNNAMED = ("import@sha256:", "docker.io/library/import@sha256:")


def unnamed(name: str) -> bool:
    """Whether a containerd image name is nerdctl's placeholder for an image without a name."""
    return name.startswith(UNNAMED)


def orphaned(listing: list[dict], name: str) -> str:
    """The ID of the image that keeps no name once `name` (a full reference) leaves it, or ""."""
    item = next((i for i in listing if i.get("Name") == name), None)
    digest = (item or {}).get("Digest", "")
    if not digest:
        return ""
    holders = [i.get("Name", "") for i in listing if i.get("Digest") == digest and i.get("Name") != name]
    return "" if holders else digest


def keep_argv(base: list[str], name: str, digest: str) -> list[str]:
    """The nerdctl command that keeps the image `name` points to under the placeholder name."""
    return [*base, "tag", name, f"import@{digest}"]
