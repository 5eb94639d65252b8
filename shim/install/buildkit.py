"""buildkitd beside containerd: the daemon `pydock build` (nerdctl build) talks to.

It runs with the containerd worker only (no OCI worker), on containerd's socket and in one containerd
namespace, so what it builds is stored in that namespace's image store: nerdctl then asks it for
`type=image,unpack=true` and no load step follows. nerdctl looks for it at
/run/buildkit-<namespace>/buildkitd.sock, then /run/buildkit/buildkitd.sock (pkg/buildkitutil), so the
default namespace gets the second, every other namespace its own daemon, state folder, pid file and log.
Without systemd `pydock daemon start|stop|status` runs it; with systemd a unit does (default namespace).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

from shim.install.errors import InstallError
from shim.install.service import alive, came_up, write_pidfile

CONTAINERD = "/run/containerd/containerd.sock"
UNIT = """[Unit]
Description=BuildKit with the containerd worker (installed by pydock)
Documentation=https://github.com/moby/buildkit
After=containerd.service
Requires=containerd.service

[Service]
ExecStart={argv}
Type=simple
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
"""


class Places:
    """Where one namespace's buildkitd listens, keeps its state, its pid and its log."""

    __slots__ = ("namespace", "socket", "root", "pidfile", "logfile")

    def __init__(self, namespace: str) -> None:
        suffix = "" if namespace == "default" else f"-{namespace}"
        self.namespace = namespace
        self.socket = f"/run/buildkit{suffix}/buildkitd.sock"
        self.root = f"/var/lib/buildkit{suffix}"
        self.pidfile = f"/run/pydock/buildkitd{suffix}.pid"
        self.logfile = f"/var/log/pydock/buildkitd{suffix}.log"


def argv(buildkitd: str, places: Places, containerd: str = CONTAINERD) -> list[str]:
    """buildkitd's command line: containerd worker on, OCI worker off, pydock's namespace."""
    return [buildkitd, "--addr", f"unix://{places.socket}", "--root", places.root,
            "--oci-worker=false", "--containerd-worker=true", f"--containerd-worker-addr={containerd}",
            f"--containerd-worker-namespace={places.namespace}"]


def reachable(socket: str, buildctl: str = "buildctl", timeout: float = 5.0) -> bool:
    if not os.path.exists(socket):
        return False
    try:
        probe = subprocess.run([buildctl, "--addr", f"unix://{socket}", "debug", "workers"],
                               capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def start(buildkitd: str, places: Places, *, containerd: str = CONTAINERD, buildctl: str = "buildctl",
          wait: float = 30.0) -> str:
    """Start buildkitd for one namespace and wait until it answers; says how. Running already is fine."""
    if reachable(places.socket, buildctl):
        return f"buildkitd is already running on {places.socket}"
    earlier = alive(places.pidfile)
    if earlier:  # one a killed `daemon start` left coming up: wait for it rather than start a second one
        if came_up(lambda: reachable(places.socket, buildctl, timeout=3), lambda: alive(places.pidfile) == earlier,
                   wait):
            return f"buildkitd is already running on {places.socket} (pid {earlier})"
        raise InstallError(f"pydock: buildkitd did not come up on {places.socket}; see {places.logfile}")
    for path in (places.pidfile, places.logfile, places.socket):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(places.logfile, "ab") as log, open(os.devnull, "rb") as null:
        try:
            process = subprocess.Popen(argv(buildkitd, places, containerd), stdin=null, stdout=log, stderr=log,
                                       start_new_session=True)
        except OSError as e:
            raise InstallError(f"pydock: cannot run {buildkitd}: {e.strerror}") from None
    write_pidfile(places.pidfile, process.pid)
    if came_up(lambda: reachable(places.socket, buildctl, timeout=3), lambda: process.poll() is None, wait):
        return f"buildkitd started for namespace {places.namespace} (pid {process.pid}, log {places.logfile})"
    raise InstallError(f"pydock: buildkitd did not come up on {places.socket}; see {places.logfile}")


def stop(places: Places, *, wait: float = 20.0) -> str:
    """Stop the buildkitd `start` started (SIGTERM, then SIGKILL after `wait` seconds)."""
    pid = alive(places.pidfile)
    if not pid:
        return f"buildkitd is not running (no live pid file at {places.pidfile})"
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and alive(places.pidfile):
        time.sleep(0.1)
    if alive(places.pidfile):
        os.kill(pid, signal.SIGKILL)
    os.unlink(places.pidfile)
    return f"buildkitd stopped (pid {pid})"


def unit_text(buildkitd: str) -> str:
    """The systemd unit for the default namespace's buildkitd."""
    return UNIT.format(argv=" ".join(argv(buildkitd, Places("default"))))
