"""The ctr backend over pydock's ssh transport (issue #16): a remote with containerd and `ctr` only (a Kubernetes
node), no nerdctl, no Python.

Every `ctr …` command runs on the remote (shim/execute.py wraps it in ssh); what pydock reads of containerd's API
(ps, images, inspect, run's image config, stop's wait) goes through the remote's containerd socket forwarded to a
private socket here by the shared ssh connection (ssh_transport.forward_socket; Context.api). What the local ctr
backend does with this machine's files or processes is done here the remote's way, or refused naming the reason:

- `run -d`'s output: containerd's own `file://` log URI on the remote (under LOG_DIR, the folder made by
  containerd's shim), read back by `tail` on the remote; pydock's json-file logger is a Python program (refused
  with it: logs' -t, --since, --until and --details, as for the local file log);
- `run -d --rm`: the waiter is pydock's, on this machine, watching the task through the forwarded socket (its open
  stream keeps the shared connection up), then removing the container with ctr on the remote;
- the default bridge network, `--network NAME` (a CNI network of the remote), -p and -P: the remote's CNI plugins
  run by a POSIX sh OCI hook that pydock renders into the container's spec (remote_network.py, remote_hook.py), as
  the local Python hook runs them (shim/cni_hook.py); it also claims the host ports under nerdctl's CNI lock (one
  of two runs racing for a port gets it), keeps nerdctl's hosts store (names on a shared network) and leaves a
  watcher on the remote that releases the network when the container's process ends, as pydock's logger does
  locally (shim/ctr_logger.py);
- `load -i FILE` and `save -o FILE`: the archive travels through ssh (FILE is this machine's, as with docker);
- registry credentials (`docker login`'s): ctr's hosts folder written on a tmpfs of the remote, from ssh's stdin,
  and removed when ctr ends (registry_auth.py);
- `exec -e`/`--env-file`: ctr's exec with the container's own `env` laying the environment on, found on the
  remote (exec_env.remote_wrapped), as the local backend does for `exec -it -e`;
- nerdctl's files of a container on a CNI network (its state folder, its hosts file) are written on the remote
  through ssh, and removed there with the container (remote_network.py).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context

LOG_LABEL = "pydock/log-file"  # the remote file of a container run with -d over ssh (containerd's file:// log)


def log_file(namespace: str, cid: str) -> str:
    from shim.backends.ctr.run import LOG_DIR

    return os.path.join(LOG_DIR, namespace, f"{cid}.log")


def detached_flags(namespace: str, cid: str) -> list[str]:
    """ctr run's flags for a detached container's log on the remote: containerd's file log (its shim makes the
    folder), named in a label for `logs` and `rm`."""
    path = log_file(namespace, cid)
    return ["--detach", f"--log-uri=file://{path}", f"--label={LOG_LABEL}={path}"]


def remote_line(ctx: Context, line: str) -> list[str]:
    """The ssh command that hands the remote's shell `line` (a command line pydock wrote, every word of it
    quoted), as this machine runs it (for a plan or chain that runs here: Plan.here)."""
    from shim import ssh_transport

    return [*ssh_transport.ssh_argv(ctx.remote[0], stdin=False), line]  # type: ignore[index,arg-type]
