"""How ctr reaches a registry as docker does: localhost registries over plain HTTP, and the credentials of
docker's config.json (`auths`, as `docker login` writes them) handed to ctr's --user. ctr has no other way
to take them; the password is masked wherever pydock shows the command (shim/redact.py)."""

from __future__ import annotations

import os

from shim import reference

_HUB_KEYS = ("https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io")


def registry_flags(ref: str, config_dir: str) -> list[str]:
    """ctr pull/push flags for the registry of this (normalised) reference."""
    host = reference.split(ref)[0]
    flags = ["--plain-http"] if reference.is_local_registry(host) else []
    user = _credentials(host, config_dir)
    if user:
        from shim import redact

        redact.keep(user.partition(":")[2])
        flags.append(f"--user={user}")
    return flags


def _credentials(host: str, config_dir: str) -> str:
    """`user:password` for the registry from config.json's auths, "" when there are none."""
    import base64
    import json

    folder = config_dir or os.environ.get("DOCKER_CONFIG") or os.path.expanduser("~/.docker")
    try:
        with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
            auths = json.load(f).get("auths") or {}
    except (OSError, ValueError, AttributeError):
        return ""
    keys = _HUB_KEYS if host == reference.DEFAULT_DOMAIN else (host, f"https://{host}", f"http://{host}")
    for key in keys:
        entry = auths.get(key) or {}
        if isinstance(entry, dict) and entry.get("auth"):
            try:
                return base64.b64decode(entry["auth"]).decode()
            except (ValueError, UnicodeDecodeError):
                return ""
    return ""
