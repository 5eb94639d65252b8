"""pydock killed in the middle of a command (issue #14): no backend process outlives it, no scratch or spool
file stays behind, no half-written image or archive is left under a name.

docker's engine drops the work of a client that goes away; pydock's backend children are bound to its life
(shim/lifeline.py) and its files are nameless until whole (shim/execute.py). SIGTERM and SIGHUP are passed on
to the backend, which stops, after which pydock removes its scratch files and exits as killed by the signal.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid

import pytest

from tests.bench.bytes import write_archive
from tests.conftest import PYDOCK, pydock
from tests.integration.conftest import REGISTRY

BIG_MIB = 192  # long enough to be caught in the middle (a few seconds of work here), small enough for CI


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def _comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="ascii") as f:
            return f.read().strip()
    except OSError:
        return ""


def _running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie waiting for init to reap it has finished)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _cmdline(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().decode(errors="replace").split("\0")
    except OSError:
        return []


def _backend_child(proc: subprocess.Popen, verb: str, timeout: float = 30) -> int:
    """The nerdctl process pydock started for the command's `verb` (not a probe before it), once it has run
    a moment."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c for c in _children(proc.pid) if _comm(c) == "nerdctl" and verb in _cmdline(c)]
        if found:
            time.sleep(0.2)  # into its work: bytes written, layers fetched
            if _running(found[0]):
                return found[0]
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    _out, err = proc.communicate()
    raise AssertionError(f"no nerdctl child seen (pydock ended {proc.returncode}): {err[-2000:]!r}")


def _gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _running(pid):
            return True
        time.sleep(0.05)
    return False


def _scratch_of(pid: int) -> list[str]:
    """pydock's scratch files of process `pid` in its private folder (root: /run)."""
    return [n for n in os.listdir("/run") if n.startswith(f".pydock-{pid}")]


def _interrupt(argv: list[str], signum: int, *, stdout: int | None = subprocess.PIPE, stdin: int | None = None,
               env: dict[str, str] | None = None) -> tuple[int, int]:
    """Start pydock, send `signum` to it mid-command; (pydock's exit status, its backend child's pid)."""
    proc = subprocess.Popen([PYDOCK, *argv], stdout=stdout, stderr=subprocess.PIPE, stdin=stdin, env=env)
    child = _backend_child(proc, "load" if argv[0] == "load" else argv[0])
    os.kill(proc.pid, signum)
    proc.wait(timeout=30)
    if proc.stdout:
        proc.stdout.close()
    proc.stderr.close()  # type: ignore[union-attr]
    return proc.returncode, child


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory) -> tuple[str, str]:
    """(an image of BIG_MIB random MiB, present, and its archive)."""
    name = f"pydock-big-{uuid.uuid4().hex[:8]}:latest"
    path = tmp_path_factory.mktemp("big") / "big.tar"
    write_archive(path, BIG_MIB, name)
    pydock("load", "-i", str(path), check=True, timeout=300)
    yield name, str(path)
    pydock("rmi", "-f", name)


@pytest.fixture
def tmpdir_env(tmp_path) -> dict[str, str]:
    spool = tmp_path / "tmpdir"
    spool.mkdir()
    return {**os.environ, "TMPDIR": str(spool)}


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_a_save_to_a_pipe_stops_with_pydock_and_leaves_no_spool(big_archive, tmpdir_env, signum):
    # stdout is a pipe nobody reads: nerdctl writes into pydock's nameless spool file meanwhile
    code, child = _interrupt(["save", big_archive[0]], signum, env=tmpdir_env)
    assert code == -signum if signum == signal.SIGKILL else code in (-signum, 128 + signum)
    assert _gone(child), f"nerdctl save ({child}) outlived pydock"
    assert os.listdir(tmpdir_env["TMPDIR"]) == []


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_save_to_a_file_leaves_no_partial_file(big_archive, tmp_path, signum):
    out = tmp_path / "out" / "image.tar"
    out.parent.mkdir()
    code, child = _interrupt(["save", "-o", str(out), big_archive[0]], signum)
    assert code != 0
    assert _gone(child), f"nerdctl save ({child}) outlived pydock"
    assert os.listdir(out.parent) == []  # neither the output nor a staged name
    # an earlier archive of that name stays as it was
    out.write_bytes(b"the earlier archive")
    _interrupt(["save", "-o", str(out), big_archive[0]], signal.SIGKILL)
    assert out.read_bytes() == b"the earlier archive"
    assert sorted(os.listdir(out.parent)) == ["image.tar"]


def test_a_killed_load_stops_and_leaves_no_image(big_archive, tmp_path, tmpdir_env):
    renamed = f"pydock-big-{uuid.uuid4().hex[:8]}:half"
    archive = tmp_path / "renamed.tar"
    write_archive(archive, BIG_MIB, renamed)
    for stdin_from_pipe in (False, True):
        if stdin_from_pipe:
            with archive.open("rb") as source:
                feeder = subprocess.Popen(["cat"], stdin=source, stdout=subprocess.PIPE)
                _, child = _interrupt(["load"], signal.SIGKILL, stdin=feeder.stdout, env=tmpdir_env)
                feeder.kill()
                feeder.wait()
                feeder.stdout.close()  # type: ignore[union-attr]
        else:
            _, child = _interrupt(["load", "-i", str(archive)], signal.SIGKILL, env=tmpdir_env)
        assert _gone(child), f"nerdctl load ({child}) outlived pydock"
        images = pydock("images", "--format", "{{.Repository}}:{{.Tag}}").stdout.split()
        assert renamed not in images
        assert os.listdir(tmpdir_env["TMPDIR"]) == []


def test_a_killed_push_and_pull_stop_and_tag_nothing(tmp_path):
    # an image of its own: layers no registry has yet, so that the push has work to be caught in
    remote = f"{REGISTRY}/pydock-test/big-{uuid.uuid4().hex[:8]}:latest"
    write_archive(tmp_path / "push.tar", BIG_MIB, remote)
    pydock("load", "-i", str(tmp_path / "push.tar"), check=True, timeout=300)
    _, child = _interrupt(["push", remote], signal.SIGKILL)
    assert _gone(child), f"nerdctl push ({child}) outlived pydock"
    pydock("push", remote, check=True, timeout=300)
    pydock("rmi", remote, check=True)
    _, child = _interrupt(["pull", remote], signal.SIGKILL)
    assert _gone(child), f"nerdctl pull ({child}) outlived pydock"
    assert remote not in pydock("images", "--format", "{{.Repository}}:{{.Tag}}").stdout.split()
    pydock("pull", "-q", remote, check=True, timeout=300)  # the next pull starts afresh and succeeds
    pydock("rmi", remote, check=True)


def test_a_killed_build_stops(tmp_path, busybox):
    (tmp_path / "Dockerfile").write_text(f"FROM {busybox}\nRUN sleep 30\n")
    tag = f"pydock-killed-build-{uuid.uuid4().hex[:8]}"
    start = time.monotonic()
    _, child = _interrupt(["build", "--no-cache", "-t", tag, str(tmp_path)], signal.SIGKILL)
    assert _gone(child), f"nerdctl build ({child}) outlived pydock"
    assert time.monotonic() - start < 25
    assert tag not in pydock("images", "--format", "{{.Repository}}").stdout.split()


def test_a_killed_attached_run_leaves_no_scratch_file_and_the_next_command_sweeps_them(busybox, name):
    container = name("killed")
    # -i: pydock relays stdin and holds its end until the container runs, by the ID in a cidfile of its own
    proc = subprocess.Popen([PYDOCK, "run", "-i", "--name", container, busybox, "sleep", "30"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child = _backend_child(proc, "run")
    assert _scratch_of(proc.pid)  # its cidfile
    deadline = time.monotonic() + 20
    while pydock("inspect", "-f", "{{.State.Running}}", container).stdout.strip() != "true":
        assert time.monotonic() < deadline, "the container never ran"
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdin.close()  # type: ignore[union-attr]
    proc.stdout.close()  # type: ignore[union-attr]
    proc.stderr.close()  # type: ignore[union-attr]
    assert _gone(child), f"nerdctl run ({child}) outlived pydock"
    # SIGKILL gave pydock no chance to remove its cidfile: the next command with scratch files removes it
    pydock("run", "-i", "--rm", busybox, "true", input="", check=True)
    assert _scratch_of(proc.pid) == []
    # the container itself runs on, as docker's does when its client is killed
    assert pydock("inspect", "-f", "{{.State.Running}}", container).stdout.strip() == "true"
    pydock("rm", "-f", container, check=True)


def _private_containerd(tmp_path, root: str = ""):
    """A containerd of the test's own (its root, state and socket), to stop and start at will without touching
    the one every other test uses; yields (socket, start, stop)."""
    tag = uuid.uuid4().hex[:8]
    root = root or f"/var/lib/pydock-fault-{tag}"
    state, socket = f"/run/pydock-fault-{tag}", f"/run/pydock-fault-{tag}.sock"
    config = tmp_path / "containerd.toml"
    config.write_text(f'version = 3\nroot = "{root}"\nstate = "{state}"\n'
                      f'disabled_plugins = ["io.containerd.grpc.v1.cri"]\n'
                      f'[grpc]\n  address = "{socket}"\n[ttrpc]\n  address = "{socket}.ttrpc"\n')
    running: list[subprocess.Popen] = []

    def start() -> None:
        log = (tmp_path / "containerd.log").open("ab")
        running.append(subprocess.Popen(["containerd", "--config", str(config)], stdout=log, stderr=log))
        log.close()
        deadline = time.monotonic() + 20
        while pydock("-H", f"unix://{socket}", "images", "-q").returncode != 0:
            assert time.monotonic() < deadline, (tmp_path / "containerd.log").read_text()[-2000:]
            time.sleep(0.1)

    def stop() -> None:
        proc = running.pop()
        proc.terminate()
        proc.wait(timeout=20)

    start()
    yield socket, start, stop
    while running:
        stop()
    subprocess.run(["rm", "-rf", root, state], check=False)


@pytest.fixture
def private_containerd(tmp_path):
    yield from _private_containerd(tmp_path)


def test_containerd_stopped_mid_command_gives_dockers_error_and_the_next_command_works(private_containerd, tmp_path):
    socket, start, stop = private_containerd
    name = f"pydock-fault-{uuid.uuid4().hex[:8]}:latest"
    archive = tmp_path / "image.tar"
    write_archive(archive, BIG_MIB, name)
    proc = subprocess.Popen([PYDOCK, "-H", f"unix://{socket}", "load", "-i", str(archive)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    _backend_child(proc, "load")
    stop()  # containerd goes away while nerdctl streams the archive into it
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out, err.decode()) == (
        1, b"", f"Cannot connect to the Docker daemon at unix://{socket}. Is the docker daemon running?\n")
    # while it is down: docker's words, for a listing read from containerd's API as for one nerdctl runs
    down = pydock("-H", f"unix://{socket}", "images")
    assert (down.returncode, down.stderr) == (
        1, f"Cannot connect to the Docker daemon at unix://{socket}. Is the docker daemon running?\n")
    start()  # once it is back, the next command works and nothing half-loaded is named
    assert name.removesuffix(":latest") not in pydock("-H", f"unix://{socket}", "images").stdout
    loaded = pydock("-H", f"unix://{socket}", "load", "-i", str(archive), timeout=300)
    assert (loaded.returncode, loaded.stdout) == (0, f"Loaded image: {name}\n")


@pytest.fixture
def small_disk(tmp_path):
    """A 32 MiB file system of the test's own, to fill."""
    folder = tmp_path / "small"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(folder)], check=True)
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_a_save_that_fills_the_disk_fails_as_dockers_and_leaves_nothing(big_archive, small_disk):
    # nerdctl 2.3.5 hangs after its write fails: pydock ends it and reports the write error as docker's client
    out = small_disk / "image.tar"
    result = pydock("save", "-o", str(out), big_archive[0], timeout=120)
    assert (result.returncode, result.stderr) == (1, f"write {small_disk}/.tmp-image.tar: no space left on device\n")
    assert os.listdir(small_disk) == []
    # to a pipe, through pydock's spool in a TMPDIR on the small disk
    piped = subprocess.run(f"{PYDOCK} save {big_archive[0]} | cat >/dev/null", shell=True, capture_output=True,
                           env={**os.environ, "TMPDIR": str(small_disk)}, timeout=120, check=False)
    assert piped.stderr.decode() == "write /dev/stdout: no space left on device\n"
    assert os.listdir(small_disk) == []


@pytest.fixture
def small_store(small_disk, tmp_path):
    """A private containerd whose whole root is on the 32 MiB file system; yields (socket, root)."""
    root = small_disk / "root"
    for socket, _start, _stop in _private_containerd(tmp_path, str(root)):
        yield socket, root


def test_a_load_and_a_pull_that_fill_the_store_fail_as_dockers_and_leave_nothing(small_store, small_disk, tmp_path,
                                                                                  image_archive):
    socket, root = small_store
    host = ("-H", f"unix://{socket}")
    ingest = root / "io.containerd.content.v1.content/ingest"
    pydock(*host, "load", "-i", str(image_archive), check=True)  # a store in use, with room for busybox only
    name = f"pydock-full-{uuid.uuid4().hex[:8]}:latest"
    remote = f"{REGISTRY}/pydock-test/full-{uuid.uuid4().hex[:8]}:latest"
    archive = tmp_path / "big.tar"
    write_archive(archive, 48, name)
    # docker (containerd's store): the import's error comes back before the engine's answer starts
    loaded = pydock(*host, "load", "-i", str(archive), timeout=120)
    assert loaded.returncode == 1, loaded.stderr
    assert loaded.stderr.startswith('Error response from daemon: failed to ingest "blobs/sha256/')
    assert loaded.stderr.endswith(": no space left on device\n") and "Traceback" not in loaded.stderr
    assert os.listdir(ingest) == []  # the partial layer was dropped: the room is there again
    # a pull: the error arrives in the engine's pull stream, which docker prints as it is
    pydock("load", "-i", str(archive), check=True, timeout=120)
    pydock("tag", name, remote, check=True)
    pydock("push", remote, check=True, timeout=300)
    pydock("rmi", name, remote, check=True)
    pulled = pydock(*host, "pull", remote, timeout=120)
    assert pulled.returncode == 1, pulled.stderr
    assert pulled.stderr.startswith("failed to copy: write ") and pulled.stderr.endswith(": no space left on device\n")
    assert os.listdir(ingest) == []
    listed = pydock(*host, "images", "--format", "{{.Repository}}:{{.Tag}}").stdout.split()
    assert name not in listed and remote not in listed
    # once there is room, the same load and pull succeed
    subprocess.run(["mount", "-o", "remount,size=256m", str(small_disk)], check=True)
    assert pydock(*host, "load", "-i", str(archive), timeout=120).stdout == f"Loaded image: {name}\n"
    assert pydock(*host, "pull", "-q", remote, timeout=120).stdout == f"{remote}\n"


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_detached_run_leaves_what_the_engine_reached_and_rm_cleans_it(busybox, name, signum):
    # caught at several points of nerdctl's create and start: whatever it reached stays, as docker's engine
    # keeps a container its client stopped waiting for; nothing of pydock's stays
    for delay in (0.0, 0.1, 0.3):
        container = name("killed-d")
        proc = subprocess.Popen([PYDOCK, "run", "-d", "--name", container, busybox, "sleep", "30"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while not (found := [c for c in _children(proc.pid) if _comm(c) == "nerdctl" and "run" in _cmdline(c)]):
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.005)
        time.sleep(delay)
        os.kill(proc.pid, signum)
        proc.communicate(timeout=30)
        assert _gone(found[0]), f"nerdctl run ({found[0]}) outlived pydock"
        # pydock's ID file (it reads a container made but not started): removed on the way out of a SIGTERM; one a
        # SIGKILL left goes with the next pydock command that makes scratch files (the run below)
        assert signum == signal.SIGKILL or _scratch_of(proc.pid) == []
        state = pydock("inspect", "-f", "{{.State.Status}}", container)
        assert state.returncode == 1 or state.stdout.strip() in ("created", "running"), state
        removed = pydock("rm", "-f", container)
        assert removed.returncode == 0 or "No such container" in removed.stderr, removed.stderr
        assert pydock("inspect", container).returncode == 1
        # the name is free again
        pydock("run", "-d", "--name", container, busybox, "true", check=True)
        assert _scratch_of(proc.pid) == []
        pydock("rm", "-f", container, check=True)


def _name_file(name: str) -> str:
    """nerdctl's reservation of a container name (<data root>/<address hash>/names/<ns>/<name>)."""
    import hashlib

    store = hashlib.sha256(b"/run/containerd/containerd.sock").hexdigest()[:8]
    return f"/var/lib/nerdctl/{store}/names/{os.environ['CONTAINERD_NAMESPACE']}/{name}"


def _reserve(name: str) -> str:
    path, owner = _name_file(name), uuid.uuid4().hex * 2
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="ascii") as f:
        f.write(owner)
    return owner


def test_a_name_a_killed_nerdctl_reserved_for_no_container_is_free_again(busybox, name):
    # nerdctl killed between reserving the name and making the container leaves the reservation: docker would
    # have the container or nothing, so the name is free for the next run and create
    for verb in ("run", "create"):
        container = name("stale")
        _reserve(container)
        made = pydock(verb, *(["-d"] if verb == "run" else []), "--name", container, busybox, "true")
        assert made.returncode == 0, made.stderr
        with open(_name_file(container), encoding="ascii") as f:
            assert f.read().strip() == made.stdout.strip()  # the new container's reservation
        pydock("rm", "-f", container, check=True)


def test_a_name_reservation_nerdctl_is_still_making_a_container_for_is_kept(busybox, name):
    container = name("making")
    owner = _reserve(container)
    # a live process named nerdctl naming the container: one between its reservation and containerd's record
    maker = subprocess.Popen(["nerdctl", "-c", "sleep 60; exit", f"--name={container}"], executable="/bin/sh",
                             start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while _cmdline(maker.pid)[:1] != ["nerdctl"]:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        made = pydock("run", "-d", "--name", container, busybox, "true")
        assert made.returncode == 125 and f'is already in use by container "{owner}"' in made.stderr, made
    finally:
        os.killpg(maker.pid, signal.SIGKILL)
        maker.wait()
        os.unlink(_name_file(container))
    # a reservation whose container exists stays too
    pydock("create", "--name", container, busybox, "true", check=True)
    again = pydock("create", "--name", container, busybox, "true")
    assert again.returncode == 1 and "is already in use by container" in again.stderr, again  # create: 1, as docker
    pydock("rm", "-f", container, check=True)
