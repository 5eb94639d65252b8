"""containerd as a service: its config (written only when absent), and starting it — with systemd when
systemd is PID 1, otherwise as a daemon of pydock's own with a pid file and a log (containers, VMs).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

from shim.install.errors import InstallError

CONFIG = "/etc/containerd/config.toml"
SOCKET = "/run/containerd/containerd.sock"
PIDFILE = "/run/pydock/containerd.pid"
LOGFILE = "/var/log/pydock/containerd.log"
MQUEUE = "/dev/mqueue"
# Minimal: containerd's defaults, plus where nerdctl-full and per-component installs put CNI plugins.
DEFAULT_CONFIG = """version = 3
[plugins."io.containerd.cri.v1.runtime".cni]
  bin_dirs = ["/opt/cni/bin", "/usr/local/libexec/cni"]
  conf_dir = "/etc/cni/net.d"
"""
UNIT = """[Unit]
Description=containerd container runtime (installed by pydock)
Documentation=https://containerd.io
After=network.target local-fs.target

[Service]
ExecStartPre=-/sbin/modprobe overlay
ExecStart={containerd}
Type=notify
Delegate=yes
KillMode=process
Restart=always
RestartSec=5
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity
OOMScoreAdjust=-999

[Install]
WantedBy=multi-user.target
"""


def systemd_is_init() -> bool:
    try:
        with open("/proc/1/comm", encoding="ascii") as f:
            return f.read().strip() == "systemd"
    except OSError:
        return False


def write_config(path: str = CONFIG) -> bool:
    """Write containerd's config unless one exists (never overwrite an operator's). True if written."""
    if os.path.exists(path):
        return False
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:
        f.write(DEFAULT_CONFIG)
    return True


def reachable(address: str = SOCKET, ctr: str = "ctr", timeout: float = 5.0) -> bool:
    if not os.path.exists(address):
        return False
    try:
        probe = subprocess.run([ctr, "--address", address, "--connect-timeout", "2s", "version"],
                               capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def mount_mqueue(path: str = MQUEUE) -> str:
    """Mount the POSIX message queue file system where systemd mounts it at boot, if it is not there:
    nerdctl's `run --ipc=host` bind-mounts it into the container. Says what it did ("" for nothing)."""
    if os.path.ismount(path):
        return ""
    os.makedirs(path, exist_ok=True)
    done = subprocess.run(["mount", "-t", "mqueue", "mqueue", path], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return f"could not mount {path} (--ipc=host needs it): {done.stderr.strip()}\n"
    return f"mounted the message queue file system on {path} (--ipc=host needs it)\n"


def alive(pidfile: str) -> int:
    """The pid in pidfile when that process runs, else 0 (buildkit.py's daemon uses it too)."""
    try:
        with open(pidfile, encoding="ascii") as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return 0
    return pid


def start(containerd: str = "containerd", *, config: str = CONFIG, address: str = SOCKET,
          pidfile: str = PIDFILE, logfile: str = LOGFILE, ctr: str = "ctr", wait: float = 30.0,
          extra: tuple[str, ...] = ()) -> str:
    """Start containerd and wait for its socket; says how. Already running is fine."""
    mounted = "" if systemd_is_init() else mount_mqueue()
    if reachable(address, ctr):
        return f"{mounted}containerd is already running on {address}"
    if systemd_is_init() and address == SOCKET and not extra:
        subprocess.run(["systemctl", "daemon-reload"], check=False)
        done = subprocess.run(["systemctl", "enable", "--now", "containerd"], check=False)
        if done.returncode != 0:
            raise InstallError("pydock: systemctl enable --now containerd failed")
        return "containerd enabled and started with systemd"
    earlier = alive(pidfile)
    if earlier:  # one a killed `daemon start` left coming up: wait for it rather than start a second one
        if came_up(lambda: reachable(address, ctr, timeout=3), lambda: alive(pidfile) == earlier, wait):
            return f"{mounted}containerd is already running on {address} (pid {earlier})"
        raise InstallError(f"pydock: containerd did not come up on {address}; see {logfile}")
    for path in (pidfile, logfile):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    argv = [containerd, *(["--config", config] if os.path.exists(config) else []), "--address", address, *extra]
    with open(logfile, "ab") as log, open(os.devnull, "rb") as null:
        process = subprocess.Popen(argv, stdin=null, stdout=log, stderr=log, start_new_session=True)
    write_pidfile(pidfile, process.pid)
    if came_up(lambda: reachable(address, ctr, timeout=3), lambda: process.poll() is None, wait):
        return f"{mounted}containerd started (pid {process.pid}, log {logfile})"
    raise InstallError(f"pydock: containerd did not come up on {address}; see {logfile}")


def write_pidfile(path: str, pid: int) -> None:
    """Write the pid file whole or not at all (a rename): a start killed while writing it leaves no empty file
    that would hide the daemon from `daemon stop`."""
    staged = f"{path}.{os.getpid()}"
    with open(staged, "w", encoding="ascii") as f:
        f.write(f"{pid}\n")
    os.replace(staged, path)


def came_up(answers, running, wait: float) -> bool:
    """Whether a daemon answers within `wait` seconds, while `running()` says its process still runs."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if answers():
            return True
        if not running():
            return False
        time.sleep(0.2)
    return False


def stop(*, pidfile: str = PIDFILE, wait: float = 20.0) -> str:
    """Stop the containerd pydock started (SIGTERM, then SIGKILL after `wait` seconds)."""
    pid = alive(pidfile)
    if not pid:
        if systemd_is_init():
            subprocess.run(["systemctl", "stop", "containerd"], check=False)
            return "containerd stopped with systemd"
        return "containerd is not running (no live pid file at " + pidfile + ")"
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and alive(pidfile):
        time.sleep(0.1)
    if alive(pidfile):
        os.kill(pid, signal.SIGKILL)
    os.unlink(pidfile)
    return f"containerd stopped (pid {pid})"


def unit_text(containerd: str) -> str:
    return UNIT.format(containerd=containerd)
