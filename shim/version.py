"""pydock's version, written here rather than read from package metadata (importlib.metadata costs
about 30 ms at start-up)."""

from __future__ import annotations

VERSION = "0.1.0"
# The docker CLI whose behaviour pydock reproduces.
DOCKER_CLI = "28.2.2"


def one_line() -> str:
    """`docker --version`'s shape, naming pydock so that nobody mistakes it for Docker's build."""
    return f"Docker version {DOCKER_CLI}, build pydock-{VERSION}"
