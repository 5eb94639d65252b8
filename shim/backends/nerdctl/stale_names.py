"""A container name nerdctl reserved for a container it never made.

nerdctl reserves a name (a file `<data root>/<address hash>/names/<ns>/<name>` holding the new ID) before it
asks containerd for the container, and releases it when the create fails. Killed in between (its caller
killed, as `pydock run -d` killed by SIGKILL), it leaves the reservation behind with no container: docker's
engine would have had the container or nothing, and the name would be free for `docker rm` or the next run;
with nerdctl no command frees it. So before a container is made with a given name, a reservation whose
container containerd does not have, and which no live nerdctl process is still making, is released.

The common case costs one stat (no reservation). Only the remaining case asks containerd (a millisecond).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context


def release_if_stale(ctx: Context, name: str) -> None:
    """Remove the reservation of `name` when nothing stands behind it; leave it in every other case."""
    if not name or "/" in name or name.startswith(".") or ctx.remote is not None or ctx.dry_run:
        return
    from shim.backends.nerdctl.names import direct_address, settings, sha256_hex

    address = direct_address(ctx.address)
    data_root = settings()[1]
    if not address or not data_root:
        return
    path = os.path.join(data_root, sha256_hex(address)[:8], "names", ctx.namespace, name)  # nerdctl's data store
    owner = _read(path)
    if not owner or _being_made(name) or _exists(address, ctx.namespace, owner) is not False:
        return
    if _read(path) == owner:  # still the same reservation
        import contextlib

        with contextlib.suppress(OSError):  # another pydock released it first
            os.unlink(path)


def _exists(address: str, namespace: str, cid: str) -> bool | None:
    """Whether containerd has the container; None when it cannot say."""
    from shim.containerd.api import containers
    from shim.containerd.grpc import CallFailed, Connection

    try:
        with Connection(address, namespace) as conn:
            return bool(containers(conn, [cid]))
    except (CallFailed, OSError):
        return None


def _being_made(name: str) -> bool:
    """Whether a live nerdctl process names `name` on its command line: it may be between reserving the name
    and making the container."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if argv and os.path.basename(argv[0]) == b"nerdctl" and any(name.encode() in a for a in argv[1:]):
            return True
    return False


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read(256).strip()
    except (OSError, UnicodeDecodeError):
        return ""

