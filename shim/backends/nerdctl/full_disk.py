"""A load or pull that filled containerd's store (issue #14): docker's words, and the partial data dropped.

containerd keeps what a failed write had ingested (`…/content/ingest/REF/data`) until its garbage collector
next runs, and a failed ingest does not start one: the store stays full, and the retry after space is freed
fails again. docker's engine holds a lease for each pull and load, whose end runs the collector. pydock
does the same afterwards: a lease created and deleted with `sync` (containerd's Leases service) makes
containerd collect at once, which removes the orphaned ingest.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends.nerdctl.common import Context
    from shim.plan import Done

NO_SPACE = "no space left on device"
_CREATE = "/containerd.services.leases.v1.Leases/Create"
_DELETE = "/containerd.services.leases.v1.Leases/Delete"


def filled(done: Done) -> bool:
    return done.code != 0 and NO_SPACE in done.stderr


def collect(ctx: Context) -> None:
    """Have containerd run its garbage collector now (nothing happens when it cannot be reached)."""
    import os

    from shim.backends.nerdctl.names import direct_address
    from shim.containerd.grpc import CallFailed, Connection
    from shim.containerd.wire import text_field

    address = direct_address(ctx.address)
    if ctx.dry_run or not address:
        return
    lease = text_field(1, f"pydock-collect-{os.getpid()}")
    try:
        with Connection(address, ctx.namespace) as conn:
            conn.call_all([(_CREATE, lease)])
            conn.call_all([(_DELETE, lease + b"\x10\x01")])  # DeleteRequest: id = 1, sync = 2
    except (CallFailed, ValueError):
        return
