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


@pytest.fixture
def private_containerd(tmp_path):
    """A containerd of the test's own (its root, state and socket), to stop and start at will without touching
    the one every other test uses; yields (socket, start, stop)."""
    tag = uuid.uuid4().hex[:8]
    root, state, socket = f"/var/lib/pydock-fault-{tag}", f"/run/pydock-fault-{tag}", f"/run/pydock-fault-{tag}.sock"
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
