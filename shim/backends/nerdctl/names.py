"""The names nerdctl's stack holds, for shell completion (shim/completion/names.py asks on every Tab).

A hot path: os-level calls only, one deadline for everything.

Why not `nerdctl ps --format '{{.Names}}'`: with 50 containers it takes about 150 ms here (nerdctl
asks containerd about every container's task, spec and network), over the 100 ms a Tab may take.
nerdctl keeps each container's name in a file of its own (`<data root>/<address hash>/names/<ns>/`),
so all names are one directory listing; which ones run, containerd's task state folder says (each
task's init pid). Where either layout is not found (rootless, another data root or containerd), `ctr
tasks ls` and then nerdctl's own listing are the fallbacks. `tests/bench/completion.py` measures both
ways.
"""

from __future__ import annotations

import os
import select

DEADLINE = 1.0  # seconds for all lookups of one Tab
DEFAULT_ADDRESS = "/run/containerd/containerd.sock"
DEFAULT_DATA_ROOT = "/var/lib/nerdctl"
TASK_STATE = "/run/containerd/io.containerd.runtime.v2.task"  # containerd's default state folder
_DOCKER_SOCKETS = ("/var/run/docker.sock", "/run/docker.sock")


class Lookup:
    """Where this namespace's names live, and how to ask for them."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.nerdctl = os.environ.get("PYDOCK_NERDCTL") or "nerdctl"
        self.address, self.data_root, _ = settings()
        self.ends = _now() + DEADLINE

    def names(self, kind: str) -> list[str]:
        if kind == "container":
            return self.containers(running_only=False)
        if kind == "running":
            return self.containers(running_only=True)
        if kind == "image":
            return _image_names(self.ask("images", "--format", "{{.Repository}}:{{.Tag}}"))
        if kind == "network":
            return self.ask("network", "ls", "--format", "{{.Name}}")
        if kind == "volume":
            return self.ask("volume", "ls", "--quiet")
        if kind == "namespace":
            return self.ask("namespace", "ls", "--quiet")
        return []

    def ask(self, *argv: str) -> list[str]:
        prefix = [self.nerdctl, "--namespace", self.namespace]
        if self.address:
            prefix += ["--address", self.address]
        return run_lines([*prefix, *argv], self.ends)

    def containers(self, *, running_only: bool) -> list[str]:
        store = self.name_store()
        if not store:
            return self.ask("ps", "--format", "{{.Names}}", *(() if running_only else ("--all",)))
        names = sorted(os.listdir(store)) if os.path.isdir(store) else []
        if not running_only:
            return names
        running = self.running_ids()
        if running is None:
            return self.ask("ps", "--format", "{{.Names}}")
        return [n for n in names if _read_id(os.path.join(store, n)) in running]

    def name_store(self) -> str:
        """nerdctl's folder of name files for this namespace ("" when nerdctl's layout is not there)."""
        if not self.data_root:
            return ""
        store = os.path.join(self.data_root, _sha256_8(self.address or DEFAULT_ADDRESS))
        if not os.path.isdir(store):
            return ""
        # The namespace's folder may be missing: nerdctl has named no container there yet.
        return os.path.join(store, "names", self.namespace)

    def running_ids(self) -> set[str] | None:
        """IDs of the namespace's running tasks, or None when neither containerd's state folder nor
        `ctr tasks ls` can say."""
        found = running_on_disk(self.namespace) if self.address in ("", DEFAULT_ADDRESS) else None
        if found is not None:
            return found
        argv = ["ctr", "--namespace", self.namespace]
        if self.address:
            argv += ["--address", self.address]
        lines = run_lines([*argv, "tasks", "ls"], self.ends, need_success=True)
        if not lines:
            return None
        return {parts[0] for parts in (line.split() for line in lines[1:]) if len(parts) >= 3
                and parts[2] == "RUNNING"}


def running_on_disk(namespace: str) -> set[str] | None:
    """Running tasks from containerd's runtime state: each task's folder holds its init process's pid.
    Even `ctr tasks ls` asks every task's shim (40-60 ms for 50 containers); this reads 50 small files."""
    folder = os.path.join(TASK_STATE, namespace)
    try:
        ids = os.listdir(folder)
    except FileNotFoundError:
        return set() if os.path.isdir(TASK_STATE) else None
    except OSError:
        return None
    return {i for i in ids if _alive(_read_id(os.path.join(folder, i, "init.pid")))}


def _alive(pid: str) -> bool:
    """Whether a process exists and is not a zombie (a task whose process ended keeps its pid file)."""
    if not pid.isdigit():
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read(512)
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2:][:1] not in (b"Z", b"X", b"")


def _image_names(lines: list[str]) -> list[str]:
    """`repo:tag` for each image, and `repo` alone for `:latest`, as docker users type it."""
    out: list[str] = []
    for line in lines:
        repo, _, tag = line.rpartition(":")
        if not repo or repo == "<none>" or tag == "<none>":
            continue
        if tag == "latest":
            out.append(repo)
        out.append(line)
    return out


def _read_id(path: str) -> str:
    try:
        with open(path, "rb") as f:
            return f.read(128).decode().strip()
    except OSError:
        return ""


def _sha256_8(text: str) -> str:
    # nerdctl names its data store after the containerd address: sha256(address)[:8]
    return sha256_hex(text)[:8]


def sha256_hex(text: str) -> str:
    """The hex SHA-256 of a text, from the C module directly: `hashlib` costs 4 ms of start-up."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found]
    except ImportError:  # Python 3.12+
        try:
            from _sha2 import sha256  # type: ignore[import-not-found,no-redef]
        except ImportError:
            from hashlib import sha256  # type: ignore[assignment]
    return sha256(text.encode()).hexdigest()


def settings() -> tuple[str, str, str]:
    """(containerd address, nerdctl data root, namespace) as nerdctl would pick them from the environment and
    nerdctl.toml; data root "" = unknown, namespace "" = nerdctl.toml names none."""
    address = ""
    host = os.environ.get("DOCKER_HOST", "")
    if host.startswith("unix://") and host[7:] not in _DOCKER_SOCKETS:
        address = host[7:]
    toml = _nerdctl_toml()
    address = address or os.environ.get("CONTAINERD_ADDRESS", "") or toml.get("address", "").removeprefix("unix://")
    data_root = DEFAULT_DATA_ROOT if os.geteuid() == 0 else ""  # rootless nerdctl keeps it elsewhere
    return address, toml.get("data_root") or data_root, toml.get("namespace", "")


def snapshotter() -> str:
    """The snapshotter nerdctl unpacks images with."""
    return os.environ.get("CONTAINERD_SNAPSHOTTER") or _nerdctl_toml().get("snapshotter") or "overlayfs"


def _nerdctl_toml() -> dict[str, str]:
    from shim.nerdctl_files import nerdctl_toml

    return nerdctl_toml()


def containerd_address(given: str) -> str:
    """The socket nerdctl would use: the one given (--address, -H), else nerdctl's settings, else containerd's
    default."""
    return given.removeprefix("unix://") or settings()[0] or DEFAULT_ADDRESS


def direct_address(given: str) -> str:
    """The socket to read containerd's records from directly (shim/containerd/), "" when
    PYDOCK_CONTAINERD_API=0 asks pydock to ask nerdctl for everything."""
    return "" if os.environ.get("PYDOCK_CONTAINERD_API") == "0" else containerd_address(given)


def _now() -> float:
    from time import monotonic

    return monotonic()


def run_lines(argv: list[str], ends: float, *, need_success: bool = False) -> list[str]:
    """A command's stdout lines, read until `ends` (then the command is killed); [] on any failure."""
    read_end, write_end = os.pipe()
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
            (os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, write_end, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2)])
    except OSError:
        os.close(read_end)
        return []
    finally:
        os.close(write_end)
        os.close(devnull)
    chunks: list[bytes] = []
    try:
        while True:
            left = ends - _now()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                os.kill(pid, 9)
                break
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    if need_success and os.waitstatus_to_exitcode(status) != 0:
        return []
    return [line for line in b"".join(chunks).decode("utf-8", "replace").splitlines() if line.strip()]
