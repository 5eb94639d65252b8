"""The scale benchmark's objects: where they live, how they are made, how they all go away again.

A store is where objects live: the benchmark's own containerd namespace (filled with nerdctl) or a
reference Docker Engine (filled with the docker CLI). Every store gets the same population: the test
busybox, 100 generated images, and N running `sleep` containers without a network (`--network none`:
the CNI bridge that all namespaces share has 253 addresses, fewer than 200 containers plus the
machine's other work could need).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

NAMESPACE = "pydock-bench-scale"
PREFIX = "pydock-bench-scale"  # every object on the shared engines starts with it
IMAGE = f"{PREFIX}-busybox:latest"
IMAGE_COUNT = 100
DOCKER = "/usr/local/bin/docker"
NERDCTL = shutil.which("nerdctl") or "nerdctl"
ENGINES = {"Engine 20.10": "unix:///run/pydock-ref/docker.sock", "Engine 29": "unix:///run/pydock-ref29/docker.sock"}
BUSYBOX_ARCHIVE = Path(f"/tmp/{PREFIX}-busybox.tar")
IMAGES_ARCHIVE = Path(f"/tmp/{PREFIX}-images.tar")


@dataclass(frozen=True)
class Store:
    label: str
    cli: str  # nerdctl for the namespace, the docker CLI for an engine
    env: tuple[tuple[str, str], ...]  # what the environment adds: the namespace or DOCKER_HOST

    def argv(self, *args: str) -> list[str]:
        return [self.cli, *args]

    def environ(self) -> dict[str, str]:
        return dict(os.environ, **dict(self.env))


def namespace_store() -> Store:
    return Store("containerd namespace", NERDCTL, (("CONTAINERD_NAMESPACE", NAMESPACE),))


def engine_stores() -> list[Store]:
    return [Store(label, DOCKER, (("DOCKER_HOST", host),)) for label, host in ENGINES.items()]


def container_name(i: int) -> str:
    return f"{PREFIX}-{i:03d}"


def image_names() -> list[str]:
    return [f"{PREFIX}-img{i:03d}:latest" for i in range(IMAGE_COUNT)]


def quiet(argv: list[str], env: dict[str, str]) -> int:
    return subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, check=False).returncode


def output_lines(argv: list[str], env: dict[str, str]) -> list[str]:
    out = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    return [line for line in out.stdout.splitlines() if line.strip()]


def lines(store: Store, *args: str) -> list[str]:
    return output_lines(store.argv(*args), store.environ())


def run_parallel(jobs: list[tuple[list[str], dict[str, str]]], width: int) -> list[int]:
    """Run (argv, env) jobs, `width` at a time; their exit codes in order."""
    codes = [0] * len(jobs)
    running: dict[subprocess.Popen, int] = {}
    pending = list(enumerate(jobs))
    try:
        while pending or running:
            while pending and len(running) < width:
                i, (argv, env) = pending.pop(0)
                running[subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)] = i
            pid, status = os.wait()
            for proc, i in list(running.items()):
                if proc.pid == pid:
                    proc.returncode = os.waitstatus_to_exitcode(status)
                    codes[i] = proc.returncode
                    del running[proc]
    finally:  # interrupted: let the started ones end, so the clean-up sees what they made
        for proc in running:
            proc.wait()
    return codes


def write_archives() -> None:
    from tests.bench.scale_images import archive
    from tests.stack.busybox_image import image_archive

    BUSYBOX_ARCHIVE.write_bytes(image_archive(IMAGE))
    IMAGES_ARCHIVE.write_bytes(archive(image_names()))


def load_images(store: Store) -> None:
    for path in (BUSYBOX_ARCHIVE, IMAGES_ARCHIVE):
        if quiet(store.argv("load", "-i", str(path)), store.environ()) != 0:
            raise SystemExit(f"{store.label}: could not load {path} (is the stack up? tests/stack/provision.sh)")
    if store.cli == NERDCTL:  # nerdctl also names the archive's index `import@sha256:…`: not one of the 100
        extra = [n for n in lines(store, "images", "--format", "{{.Name}}") if n.startswith("import@")]
        if extra:
            quiet(store.argv("rmi", *extra), store.environ())


def grow(stores: list[Store], have: int, want: int) -> None:
    """Start containers have..want-1 in every store (a few at a time), then check that `want` run."""
    jobs = [(store.argv("run", "-d", "--network", "none", "--name", container_name(i), IMAGE, "sleep", "86400"),
             store.environ()) for i in range(have, want) for store in stores]
    run_parallel(jobs, width=2 * len(stores))
    for store in stores:
        running = [n for n in lines(store, "ps", "--format", "{{.Names}}") if n.startswith(f"{PREFIX}-")]
        if len(running) != want:
            raise SystemExit(f"{store.label}: {len(running)} benchmark containers run, not {want}")


def clean(store: Store) -> None:
    """Remove the benchmark's containers and images from a store; the namespace goes as a whole."""
    env = store.environ()
    names = [n for n in lines(store, "ps", "-a", "--format", "{{.Names}}") if n.startswith(PREFIX)]
    run_parallel([(store.argv("rm", "-f", *names[i:i + 25]), env) for i in range(0, len(names), 25)], width=4)
    images = [n for n in lines(store, "images", "--format", "{{.Repository}}:{{.Tag}}")
              if n.startswith(PREFIX) or n.startswith(f"docker.io/library/{PREFIX}")]
    if store.cli == NERDCTL:  # the namespace is the benchmark's own: everything in it goes
        images = lines(store, "images", "--format", "{{.Name}}")
    run_parallel([(store.argv("rmi", "-f", *images[i:i + 50]), env) for i in range(0, len(images), 50)], width=2)
    if store.cli == NERDCTL:
        quiet([NERDCTL, "namespace", "remove", NAMESPACE], env)


def remove_archives() -> None:
    for path in (BUSYBOX_ARCHIVE, IMAGES_ARCHIVE):
        path.unlink(missing_ok=True)


def engine_lock():
    """Hold /tmp/pydock-ref.lock (the shared engines' lock) until the returned file is closed."""
    import fcntl

    lock = open("/tmp/pydock-ref.lock", "a")  # noqa: SIM115 - held open across the whole run
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("waiting for /tmp/pydock-ref.lock (another session uses the engines)", file=sys.stderr)
        fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


if __name__ == "__main__":  # `python -m tests.bench.scale_population clean`: tidy up after a kill -9
    if sys.argv[1:] == ["clean"]:
        clean(namespace_store())
        with engine_lock():
            for each in engine_stores():
                clean(each)
        remove_archives()
