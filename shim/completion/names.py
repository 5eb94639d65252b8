"""`pydock __complete NAMESPACE KIND...`: the names completion scripts offer, printed one a line.

The scripts call this on Tab, so it is a hot path: os-level calls only, and silence on any error (a Tab
must never print a traceback or hang the shell). Where the names come from is the backend's business
(its `name_lookup`, shim/backends/__init__.py); nerdctl's reads nerdctl's and containerd's on-disk state. Context
names come from docker's context store (shim/context_store.py).
"""

from __future__ import annotations

import os


def main(argv: list[str]) -> int:
    """argv: `__complete`, the namespace ("" = CONTAINERD_NAMESPACE or default), then kinds."""
    if len(argv) < 3:
        return 2
    if argv[2:] == ["context"]:  # docker's contexts: the client's own store, no backend asked
        return _contexts()
    own = _in_context()
    if own is None:
        return 0  # a remote context: no names until its transport exists
    namespace = argv[1] or own or os.environ.get("CONTAINERD_NAMESPACE") or "default"
    try:
        from shim.backends import choose_backend, load

        lookup = load(choose_backend(None)).name_lookup(namespace)
    except Exception:  # noqa: BLE001 - a Tab shows nothing rather than an error
        return 0
    out: dict[str, None] = {}  # ordered and without repeats (a name may be both container and image)
    for kind in argv[2:]:
        try:
            out.update(dict.fromkeys(n for n in lookup.names(kind) if n))
        except Exception:  # noqa: BLE001, S112 - a Tab shows nothing rather than an error
            continue
    if out:
        os.write(1, ("\n".join(out) + "\n").encode())
    return 0


def _contexts() -> int:
    try:
        from shim.context_store import config_dir, every

        names = sorted({"default", *(m["Name"] for m in every(config_dir()))})
    except Exception:  # noqa: BLE001 - a Tab shows nothing rather than an error
        return 0
    os.write(1, ("\n".join(names) + "\n").encode())
    return 0


def _in_context() -> str | None:
    """Names come from where a command would go: a current context (DOCKER_CONTEXT, `context use`) with a unix://
    endpoint becomes this process's DOCKER_HOST, which backends read for their socket. Its namespace ("" for
    none), or None for a remote context."""
    if os.environ.get("DOCKER_HOST"):
        return ""
    try:
        from shim.context_resolve import resolve

        endpoint = resolve({})
    except Exception:  # noqa: BLE001 - a Tab shows nothing rather than an error
        return ""
    if endpoint.host.startswith("unix://"):
        os.environ["DOCKER_HOST"] = endpoint.host
    elif endpoint.host:
        return None
    return endpoint.namespace
