"""The two sides of the differential harness, and how each is prepared and cleaned.

- `docker`: the real docker CLI 28.2.2 talking to a reference Docker Engine on its own socket: Engine 29
  (tests/stack/engine29.sh, the reference) and, as a second column, Engine 20.10
  (tests/stack/reference-docker.sh). One docker side per engine compared.
- `pydock`: pydock, in a containerd namespace of its own (pydock-compat), reached through an executable
  named `docker` first on PATH, as a user's script would find it. With `--backend ctr` (issue #15) pydock
  drives containerd through ctr (PYDOCK_BACKEND=ctr) in a namespace of that backend's own (pydock-compat-ctr),
  and its PATH has no nerdctl, as on a Kubernetes node.

Each side runs a snippet with `bash -c` in an empty working directory of its own, with its own docker
config directory, output to files (a daemon a snippet starts in the background cannot hold the runner
up), and a timeout that kills the whole process group. Cleaning uses each engine's own tools (docker
CLI, nerdctl), never pydock, so that a pydock bug cannot leave state behind for the next scenario.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# The reference engines tests/stack starts: Engine 29 with its containerd image store (engine29.sh), the
# reference since issue #11, and Debian's Engine 20.10 (reference-docker.sh), the second column of `make compat`
# and `make clients`. PYDOCK_REFERENCE picks the reference of a run (29 unless told).
REFERENCE_SOCKETS = {"29": "/run/pydock-ref29/docker.sock", "20.10": "/run/pydock-ref/docker.sock"}
REFERENCE = os.environ.get("PYDOCK_REFERENCE", "29")
if REFERENCE not in REFERENCE_SOCKETS:
    raise SystemExit(f"PYDOCK_REFERENCE={REFERENCE}: the reference engines are {', '.join(REFERENCE_SOCKETS)}")
SECOND = "20.10"
REFERENCE_SOCKET = REFERENCE_SOCKETS[REFERENCE]
REFERENCE_HOST = f"unix://{REFERENCE_SOCKET}"
STARTED_BY = {"29": "tests/stack/engine29.sh start", "20.10": "tests/stack/reference-docker.sh start"}


# A dockerd built from the Go module proxy reports its version as "library-import"; engine29.sh stamps the
# module version it built beside the binary.
BUILD_STAMPS = {"29": Path("/var/cache/pydock-stack/engine29/bin/.moby-version")}


def engine_host(engine: str) -> str:
    return f"unix://{REFERENCE_SOCKETS[engine]}"


def engine_version(engine: str, reported: str) -> str:
    """The version to show for an engine: what it reports, or for a module build the module's version."""
    stamp = BUILD_STAMPS.get(engine)
    if reported == "library-import" and stamp and stamp.is_file():
        return f"{engine} (moby {stamp.read_text().strip()})"
    return reported
DOCKER_CLI = "/usr/local/bin/docker"  # 28.2.2; /usr/bin/docker is Debian's 20.10 client
NAMESPACE = "pydock-compat"
# pydock's backends the harness can drive, each in a namespace of its own: a ctr run and a nerdctl run of the
# harness never share state. Hidden from the ctr side's PATH: nerdctl.
NAMESPACES = {"nerdctl": NAMESPACE, "ctr": "pydock-compat-ctr"}
BACKENDS = tuple(NAMESPACES)
HIDDEN_FROM_CTR = frozenset({"nerdctl"})
PYDOCK = Path(sys.executable).parent / "pydock"
REGISTRY = "127.0.0.1:5000"
IMAGE = "busybox:latest"
NERDCTL_DATA_ROOT = "/var/lib/nerdctl"  # nerdctl's default; provision.sh does not change it
KEEP_IMAGES = {IMAGE, "docker.io/library/busybox:latest"}
# The harness's own tools, found on its own PATH (a ctr side's PATH has no nerdctl): cleaning never goes
# through pydock.
NERDCTL_BIN = shutil.which("nerdctl") or "nerdctl"
CTR_BIN = shutil.which("ctr") or "ctr"
# docker's buildx and compose plugins for the reference side (tests/stack/reference-plugins.sh). A scenario
# that needs them starts with `export DOCKER_CONFIG=$WITH_PLUGINS`: only there does docker see them, so the
# other scenarios keep comparing docker CLI 28.2.2's own commands (and its help without plugins).
REFERENCE_PLUGINS = Path(os.environ.get("PYDOCK_REFERENCE_CONFIG",
                                        "/var/lib/pydock-stack/reference-docker-config")) / "cli-plugins"
# Variables of the caller that would point either side elsewhere.
_DROPPED = ("DOCKER_", "PYDOCK_", "CONTAINERD_", "NERDCTL_")


@dataclass(frozen=True)
class Run:
    """What one side printed and returned for one snippet."""

    stdout: str
    stderr: str
    code: int
    seconds: float


@dataclass
class Side:
    name: str
    base: Path  # this side's scratch folder: bin/, config/, work/
    env: dict[str, str]
    engine: str = ""  # the reference engine a docker side talks to; "" for pydock
    backend: str = ""  # pydock's backend on the pydock side: nerdctl or ctr; "" for docker

    @property
    def namespace(self) -> str:
        return NAMESPACES[self.backend or "nerdctl"]

    def nerdctl(self) -> tuple[str, ...]:
        """nerdctl in this side's namespace: the harness's cleaning, never a snippet's."""
        return (NERDCTL_BIN, "--namespace", self.namespace)

    def ctr(self) -> tuple[str, ...]:
        """containerd's own client in this side's namespace, for exact image references."""
        return (CTR_BIN, "--namespace", self.namespace)

    @property
    def workdir(self) -> Path:
        return self.base / "work"

    def run(self, script: str, timeout: float) -> Run:
        """`bash -c script` in a fresh working directory; output through files, whole group killed on timeout."""
        shutil.rmtree(self.workdir, ignore_errors=True)
        self.workdir.mkdir(parents=True)
        out_path, err_path = self.base / "stdout", self.base / "stderr"
        for path in (out_path, err_path):  # new files: a straggler of the last run keeps writing to its own
            path.unlink(missing_ok=True)
        start = time.monotonic()
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            proc = subprocess.Popen(["bash", "-c", script], cwd=self.workdir, env=self.env,
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)
            try:
                code = proc.wait(timeout=timeout)
                timed_out = False
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                code = proc.wait()
                timed_out = True
        seconds = time.monotonic() - start
        stderr = err_path.read_bytes().decode("utf-8", "replace")
        if timed_out:
            stderr += f"\n[compat harness: killed after {timeout:g}s]\n"
        return Run(out_path.read_bytes().decode("utf-8", "replace"), stderr, code, seconds)

    def tool(self, *argv: str, check: bool = False, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """A harness command (setup, cleaning) in this side's environment; not part of any comparison."""
        result = subprocess.run(list(argv), env=self.env, capture_output=True, text=True, timeout=timeout,
                                check=False, stdin=subprocess.DEVNULL)
        if check and result.returncode != 0:
            raise RuntimeError(f"{self.name}: {' '.join(argv)} failed ({result.returncode}): "
                               f"{result.stderr.strip()[-500:]}")
        return result


def _base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED)}


def path_without(names: frozenset[str], path: str, folder: Path) -> str:
    """`path` with the executables `names` hidden: each folder of it that holds one is replaced, in its place,
    by a folder of `folder` linking everything else it holds (ctr, docker-init, the shells' tools stay found
    in PATH's order)."""
    kept = []
    for index, entry in enumerate(path.split(os.pathsep)):
        here = Path(entry)
        if not entry or not any((here / name).exists() for name in names):
            kept.append(entry)
            continue
        linked = folder / str(index)
        linked.mkdir(parents=True, exist_ok=True)
        for item in here.iterdir():
            if item.name not in names and not (linked / item.name).exists():
                (linked / item.name).symlink_to(item)
        kept.append(str(linked))
    return os.pathsep.join(kept)


def _side(name: str, base: Path, archive: Path, engine: str = "", backend: str = "") -> Side:
    """One side with a `docker` executable first on PATH: docker CLI 28.2.2 on `engine`, else pydock on
    `backend` (nerdctl unless told; ctr with nerdctl hidden from PATH)."""
    (base / "bin").mkdir(parents=True, exist_ok=True)
    (base / "config").mkdir(exist_ok=True)
    (base / "config-plugins").mkdir(exist_ok=True)
    if engine and not (base / "config-plugins" / "cli-plugins").exists():
        (base / "config-plugins" / "cli-plugins").symlink_to(REFERENCE_PLUGINS)
    docker = base / "bin" / "docker"
    if engine:
        docker.symlink_to(DOCKER_CLI)
    else:
        docker.write_text(f'#!/bin/sh\nexec {shlex.quote(str(PYDOCK))} "$@"\n')
        docker.chmod(0o755)
    env = _base_env()
    path = os.environ.get("PATH", "/usr/bin:/bin")
    if backend == "ctr":
        path = path_without(HIDDEN_FROM_CTR, path, base / "path")
    env.update(PATH=f"{base / 'bin'}:{path}",
               DOCKER_CONFIG=str(base / "config"), WITH_PLUGINS=str(base / "config-plugins"),
               BUSYBOX_TAR=str(archive))
    if engine:
        env["DOCKER_HOST"] = engine_host(engine)
    else:
        env["CONTAINERD_NAMESPACE"] = NAMESPACES[backend or "nerdctl"]
        if backend == "ctr":  # the nerdctl side keeps `auto`, as users run pydock
            env["PYDOCK_BACKEND"] = "ctr"
    return Side(name, base, env, engine, backend)


def make_sides(scratch: Path, archive: Path, compared: tuple[str, ...] = (REFERENCE,),
               backend: str = "nerdctl") -> tuple[list[Side], Side]:
    """A docker side per reference engine compared (the reference first), and the pydock side on `backend`."""
    dockers = [_side(f"docker-{engine}", scratch / f"docker-{engine}", archive, engine) for engine in compared]
    return dockers, _side("pydock", scratch / "pydock", archive, backend=backend)


def stack_problem(compared: tuple[str, ...] = (REFERENCE,), backend: str = "nerdctl") -> str:
    """Why the harness cannot run here, or "" when the engines compared, pydock's stack and the registry answer
    (nerdctl cleans every side's namespace, so it is needed on the ctr side's runs too)."""
    if not os.access(DOCKER_CLI, os.X_OK):
        return f"the reference docker CLI is not at {DOCKER_CLI}"
    if not os.access(PYDOCK, os.X_OK):
        return f"pydock is not installed next to {sys.executable}"
    for engine in compared:
        host = engine_host(engine)
        probe = subprocess.run([DOCKER_CLI, "-H", host, "version", "--format", "{{.Server.Version}}"],
                               capture_output=True, text=True, timeout=30, check=False)
        if probe.returncode != 0:
            return (f"the reference Docker Engine {engine} does not answer on {host} "
                    f"({STARTED_BY[engine]}): {probe.stderr.strip()[-300:]}")
    for plugin in ("docker-buildx", "docker-compose"):
        if not os.access(REFERENCE_PLUGINS / plugin, os.X_OK):
            return f"docker's {plugin} plugin is not in {REFERENCE_PLUGINS} (tests/stack/reference-plugins.sh)"
    if not shutil.which("nerdctl"):
        return "nerdctl is not on PATH (tests/stack/provision.sh)"
    probe = subprocess.run([NERDCTL_BIN, "version"], capture_output=True, text=True, timeout=30, check=False)
    if probe.returncode != 0:
        return f"pydock's containerd is not reachable: {probe.stderr.strip()[-300:]}"
    if backend == "ctr" and not shutil.which("ctr"):
        return "ctr is not on PATH (tests/stack/provision.sh)"
    try:
        urllib.request.urlopen(f"http://{REGISTRY}/v2/", timeout=5)
    except OSError as e:
        return f"the loopback registry on {REGISTRY} is not up: {e}"
    return ""


def _lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


def clean_docker(side: Side) -> bool:
    """Every container gone, every image but busybox:latest untagged or removed (reference engine); whether
    busybox is still there (from the same listing: this runs between every two scenarios)."""
    cli = (DOCKER_CLI,)
    containers = _lines(side.tool(*cli, "ps", "-aq"))
    if containers:
        side.tool(*cli, "rm", "-f", *containers)
    rows = _lines(side.tool(*cli, "images", "-a", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"))
    names = [row.split(" ", 1) for row in rows]
    extra = [name if not name.startswith("<none>") else image_id
             for name, image_id in names if name not in KEEP_IMAGES]
    if extra:
        side.tool(*cli, "rmi", *extra)
    return any(name == IMAGE for name, _ in names)


def clean_pydock(side: Side) -> bool:
    """The same for pydock's namespace (whichever backend made the containers): containers listed by containerd's
    own client (a fifth of `nerdctl ps`'s time) and removed with nerdctl, which also frees their names and
    networks, then with ctr what nerdctl left; whether busybox is still there."""
    listing = (*side.ctr(), "containers", "ls", "-q")
    containers = _lines(side.tool(*listing))
    if containers:
        side.tool(*side.nerdctl(), "rm", "-f", *containers)
        _remove_with_ctr(side)
    if not containers or not _lines(side.tool(*listing)):
        _release_stale_names(side.namespace)
    # containerd's own image names (ctr): exact references, `import@sha256:…` ones of nerdctl's load included.
    names = _lines(side.tool(*side.ctr(), "images", "ls", "-q"))
    extra = [n for n in names if n not in KEEP_IMAGES]
    if extra:
        side.tool(*side.ctr(), "images", "rm", *extra)
    return bool(KEEP_IMAGES & set(names))


def _remove_with_ctr(side: Side) -> None:
    """What nerdctl could not remove (a container a bug let in with a name nerdctl refuses), with ctr: its task
    killed and deleted, then the container."""
    left = _lines(side.tool(*side.ctr(), "containers", "ls", "-q"))
    for container in left:
        side.tool(*side.ctr(), "tasks", "kill", "--signal", "SIGKILL", container)
        side.tool(*side.ctr(), "tasks", "delete", "--force", container)
        side.tool(*side.ctr(), "containers", "delete", container)
    if left:
        print(f"compat: removed with ctr what nerdctl left: {' '.join(left)}", file=sys.stderr)


def _release_stale_names(namespace: str) -> None:
    """Drop nerdctl's name reservations in the harness's namespace once it has no containers left.

    nerdctl keeps a file per container name (<data root>/<address hash>/names/<namespace>/<name>). A
    `run -i -d` container removed while pydock's background holder is still starting it can leave its
    file behind, and the name then stays "already in use" in every later run of the harness. Only the
    harness uses this namespace, so after its containers are gone every entry left is stale.
    """
    stale = [p for p in Path(NERDCTL_DATA_ROOT).glob(f"*/names/{namespace}/*") if p.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    if stale:
        print(f"compat: released stale nerdctl name reservations: {' '.join(p.name for p in stale)}",
              file=sys.stderr)


def start_builder(side: Side) -> None:
    """buildkitd for pydock's namespace (`pydock daemon start`, a no-op when it answers): without one, nerdctl
    builds with the default namespace's and the image lands there."""
    started = side.tool(str(PYDOCK), "daemon", "start", "--namespace", side.namespace, timeout=120)
    if started.returncode != 0:
        print(f"compat: buildkitd for {side.namespace} did not start: {started.stderr.strip()[-300:]}", file=sys.stderr)


def has_busybox(side: Side) -> bool:
    if side.engine:
        rows = side.tool(DOCKER_CLI, "images", "--format", "{{.Repository}}:{{.Tag}}")
        return IMAGE in _lines(rows)
    return bool(KEEP_IMAGES & set(_lines(side.tool(*side.ctr(), "images", "ls", "-q"))))


def load_busybox(side: Side, archive: Path) -> None:
    """busybox:latest into the side from the archive: `docker load -i` / `pydock load -i`."""
    if side.engine:
        side.tool(DOCKER_CLI, "load", "-i", str(archive), check=True)
        return
    loaded = side.tool(str(PYDOCK), "load", "-i", str(archive))
    if loaded.returncode != 0 or not has_busybox(side):
        # The harness measures everything else even when pydock's own load is broken.
        print(f"compat: `pydock load -i` failed ({loaded.returncode}: {loaded.stderr.strip()[-200:]}); "
              "loading with nerdctl instead", file=sys.stderr)
        side.tool(*side.nerdctl(), "load", "-i", str(archive), check=True)


def push_remote(side: Side, remote: str) -> None:
    """The reference engine pushes busybox to the loopback registry once, for the pull scenarios."""
    side.tool(DOCKER_CLI, "tag", IMAGE, remote, check=True)
    side.tool(DOCKER_CLI, "push", remote, check=True)
    side.tool(DOCKER_CLI, "rmi", remote, check=True)


def versions(dockers: list[Side], pydock: Side) -> dict[str, object]:
    """What was compared, for the results file: docker_engine is the reference's, engines every one's."""
    found = {}
    for side in dockers:
        words = side.tool(DOCKER_CLI, "version", "--format", "{{.Client.Version}} {{.Server.Version}}").stdout.split()
        found[side.engine] = words + ["?"] * (2 - len(words))
    reference = found[dockers[0].engine]
    found_versions: dict[str, object] = {
        "docker_cli": reference[0], "docker_engine": engine_version(dockers[0].engine, reference[1]),
        "engines": {engine: engine_version(engine, words[1]) for engine, words in found.items()},
        "pydock": pydock.tool(str(PYDOCK), "--version").stdout.strip(),
        "nerdctl": pydock.tool(NERDCTL_BIN, "--version").stdout.strip()}
    if pydock.backend == "ctr":  # what drove containerd: the ctr side's PATH has no nerdctl
        del found_versions["nerdctl"]
        found_versions["ctr"] = pydock.tool("ctr", "--version").stdout.strip()
    return found_versions
