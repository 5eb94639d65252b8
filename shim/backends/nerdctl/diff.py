"""`docker diff` from nerdctl's: the changes docker lists, in the order it lists them.

nerdctl diffs the container's whole snapshot against the image, so it lists what the runtime put
there: the mount points of /etc/hostname, /etc/hosts and /etc/resolv.conf (docker keeps those in a
hidden init layer), the root and /etc as changed because of them, and a directory both as added and
as changed. It also leaves out the parent of a deleted file, which docker lists as changed (the
deletion changes the directory). Docker Engine lists the changes in the order it walks the folders
(overlay2's on-disk order on 20.10, Go's map order with the containerd image store), each directory
before what it holds; pydock prints path order, component by component, which is one of those orders
and the same from run to run. Pure functions.
"""

from __future__ import annotations

# What docker's init layer holds, so that its diff never shows them (daemon/initlayer, setupInitLayer)
HIDDEN = frozenset({"/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/.dockerenv", "/etc/mtab", "/dev/console",
                    "/dev/pts", "/dev/shm", "/proc", "/sys"})  # noqa: S108 - paths in the container, not temp files


def _ancestors(path: str) -> list[str]:
    parts = path.strip("/").split("/")[:-1]
    return ["/" + "/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def docker_changes(text: str) -> str:
    """nerdctl's `KIND PATH` lines as docker prints them."""
    kinds: dict[str, str] = {}
    hidden: list[str] = []
    for line in text.splitlines():
        kind, _, path = line.partition(" ")
        if not path or path == "/":
            continue
        if path in HIDDEN:
            hidden.append(path)
            continue
        if kinds.get(path) != "A":  # added beats changed: nerdctl lists a new directory as both
            kinds[path] = kind
    needed = {d for path in kinds for d in _ancestors(path)}
    only_for_hidden = {d for path in hidden for d in _ancestors(path)} - needed
    for directory in only_for_hidden:
        if kinds.get(directory) == "C":
            del kinds[directory]
    for directory in needed:
        kinds.setdefault(directory, "C")
    ordered = sorted(kinds, key=lambda p: p.strip("/").split("/"))
    return "".join(f"{kinds[p]} {p}\n" for p in ordered)
