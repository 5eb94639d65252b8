"""docker's `run -d --rm` on ctr: the container is removed when it ends, as docker's daemon removes it.

ctr removes only a container it waits for itself (`ctr run --rm` without --detach), so after `ctr run --detach`
a waiter that outlives pydock (shim/background.py, as the nerdctl backend's `-d --rm`) waits for the task
through containerd's Tasks/Wait, then runs this backend's `rm -f` (task, container, snapshot and nerdctl's
files of it). `python -m shim.backends.ctr.auto_remove ADDRESS NAMESPACE ID` is the waiter.
"""

from __future__ import annotations

import sys
import time

from shim.plan import DETACH, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.plan import Result

WAIT = "/containerd.services.tasks.v1.Tasks/Wait"
RETRIES = 30  # containerd restarting: a second apart


def remove_when_done(ctx: Context, address: str, cid: str) -> Plan:
    """After `ctr run --detach` printed nothing and succeeded: the waiter in the background, then docker's ID."""
    waiter = [sys.executable, "-m", "shim.backends.ctr.auto_remove", address, ctx.namespace, cid]
    if ctx.remote is not None:  # the waiter here, on the forwarded socket; the removal by ctr on the remote
        return Plan([], DETACH, chain=(waiter, *_remote_removal(ctx, cid)), here=True,
                    then=lambda _r: Done(0, cid + "\n"))
    rm = [sys.executable, "-m", "shim", "--backend", "ctr", "--namespace", ctx.namespace]
    if ctx.address:
        rm += ["-H", f"unix://{ctx.address}"]
    chain = (waiter, [*rm, "rm", "--force", cid])
    return Plan([], DETACH, chain=chain, then=lambda _r: Done(0, cid + "\n"))


def _remote_removal(ctx: Context, cid: str) -> tuple[list[str], ...]:
    """The container run over the ssh transport (over_ssh.py) removed on the remote, in one ssh command: its ended
    task (its network's poststop hook releases the address and ports), the container (ctr removes the snapshot ctr
    run made with it), then its log file and state folder (remote_network.py). Without --force: should
    the waiter have lost the forwarded socket rather than seen the end, ctr refuses to delete a running task, and
    the container it still has stays, running."""
    import os
    import shlex

    from shim.backends.ctr.common import base
    from shim.backends.ctr.over_ssh import log_file, remote_line
    from shim.backends.ctr.remote_network import store

    folders = [os.path.join(store(ctx), kind, ctx.namespace, cid) for kind in ("containers", "etchosts")]
    line = (f"{shlex.join([*base(ctx), 'tasks', 'delete', cid])}; "
            f"{shlex.join([*base(ctx), 'containers', 'delete', cid])} && "
            f"rm -rf -- {shlex.join([log_file(ctx.namespace, cid), *folders])}")
    return (remote_line(ctx, line),)


def removing_on_failure(ctx: Context, address: str, cid: str, restate: Callable[[Result], Done]
                        ) -> Callable[[Result], Done]:
    """`restate` of a failed `ctr run --detach`, after the container it left is removed."""
    def restated(result: Result) -> Done:
        discard(ctx, address, cid)
        return restate(result)
    return restated


def discard(ctx: Context, address: str, cid: str) -> None:
    """A container whose task did not start goes at once, as docker's --rm removes it (ctr's own --rm would)."""
    from shim.backends.ctr.common import forget
    from shim.backends.ctr.listing import records
    from shim.containerd.container_removal import Removal, remove

    found = [c for c in records(ctx)[0] if c.id == cid]
    if found:  # ctr keys the container's snapshot by its ID
        remove(address, ctx.namespace, [Removal(cid, False, found[0].snapshotter, cid)])
        forget(ctx, cid, found[0].labels)


def wait(address: str, namespace: str, cid: str) -> None:
    """Until the container's task has ended (or is gone): containerd answers Tasks/Wait then."""
    from shim.containerd.grpc import CallFailed, Connection
    from shim.containerd.wire import text_field

    for _ in range(RETRIES):
        try:
            with Connection(address, namespace) as conn:
                conn.sock.settimeout(None)  # as long as the container runs
                conn.call_all([(WAIT, text_field(1, cid))])
                return
        except CallFailed:
            time.sleep(1)


if __name__ == "__main__":
    wait(*sys.argv[1:4])
