"""Docker Engine's own words for what went wrong, as the docker CLI prints them: shared by every backend,
which only decides *which* of these a failure of its own is (the nerdctl backend: its errors.py).

Clients map these texts to their own exceptions (python-on-whales' NoSuchContainer, NoSuchImage…), so they
are kept to the letter of the reference engines.
"""

from __future__ import annotations

DAEMON = "Error response from daemon: "


def daemon(message: str) -> str:
    return DAEMON + message


def cannot_connect(socket: str) -> str:
    """The daemon does not answer: docker's wording, which scripts look for, with the socket really tried."""
    return f"Cannot connect to the Docker daemon at unix://{socket}. Is the docker daemon running?"


def no_such_container(name: str) -> str:
    return f"{DAEMON}No such container: {name}"


def no_such_image(name: str) -> str:
    """An image that is not there, named as the engine resolved the name (with_tag)."""
    return f"{DAEMON}No such image: {with_tag(name)}"


def not_running(container: str) -> str:
    return f"{DAEMON}Container {container} is not running"


def with_tag(name: str) -> str:
    """docker names a missing image as it resolved it: `nosuch` → `nosuch:latest`, a full ID → `sha256:ID`;
    a short ID that matches nothing is a name to docker (`abc123` → `abc123:latest`)."""
    if "@" in name or ":" in name.rsplit("/", 1)[-1]:
        return name
    if len(name) == 64 and all(c in "0123456789abcdef" for c in name):
        return "sha256:" + name
    return name + ":latest"
