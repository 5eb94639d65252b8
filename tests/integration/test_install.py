"""`pydock install` end to end, offline: real archives in the upstream layouts, built from the binaries
the test stack already has, with their sha256 in a test manifest, served from a loopback HTTP server
(or a folder, for --from). Each method installs into a temporary prefix; the installed binaries run."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import shutil
import signal
import subprocess
import tarfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import pydock

STACK_BIN = {"containerd": "/usr/local/bin/containerd", "ctr": "/usr/local/bin/ctr",
             "containerd-shim-runc-v2": "/usr/local/bin/containerd-shim-runc-v2",
             "nerdctl": "/usr/local/bin/nerdctl", "runc": "/usr/sbin/runc",
             "buildkitd": "/usr/local/bin/buildkitd", "buildctl": "/usr/local/bin/buildctl"}
CNI = ("bridge", "host-local", "loopback", "portmap")


def _tar(path: Path, members: dict[str, str | bytes], gz: bool = True) -> None:
    # compresslevel 1: the archives hold ~150 MB of real binaries; level 9 costs a minute per test run
    with tarfile.open(path, "w:gz", compresslevel=1) if gz else tarfile.open(path, "w") as tar:
        for name, source in members.items():
            data = source if isinstance(source, bytes) else Path(source).read_bytes()
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o755
            tar.addfile(info, io.BytesIO(data))


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> tuple[Path, dict]:
    """A folder laid out like the release servers, and a manifest of its files' sha256."""
    root = tmp_path_factory.mktemp("releases")
    arch = "amd64"
    files = {
        "nerdctl-full": ("containerd/nerdctl/releases/download/v2.3.5/nerdctl-full-2.3.5-linux-amd64.tar.gz", {
            **{f"bin/{n}": p for n, p in STACK_BIN.items()},
            **{f"libexec/cni/{n}": f"/usr/lib/cni/{n}" for n in CNI},
            "lib/systemd/system/containerd.service": b"[Service]\nExecStart=/usr/local/bin/containerd\n"}),
        "containerd": ("containerd/containerd/releases/download/v2.4.1/containerd-static-2.4.1-linux-amd64.tar.gz",
                       {f"bin/{n}": STACK_BIN[n] for n in ("containerd", "ctr", "containerd-shim-runc-v2")}),
        "cni-plugins": ("containernetworking/plugins/releases/download/v1.9.1/cni-plugins-linux-amd64-v1.9.1.tgz",
                        {f"./{n}": f"/usr/lib/cni/{n}" for n in CNI}),
        "nerdctl": ("containerd/nerdctl/releases/download/v2.3.5/nerdctl-2.3.5-linux-amd64.tar.gz",
                    {"nerdctl": STACK_BIN["nerdctl"], "containerd-rootless.sh": b"#!/bin/sh\n"}),
        # BuildKit's layout: bin/ also holds its own runc and qemu helpers, which pydock leaves out
        "buildkit": ("moby/buildkit/releases/download/v0.31.2/buildkit-v0.31.2.linux-amd64.tar.gz",
                     {"bin/buildkitd": STACK_BIN["buildkitd"], "bin/buildctl": STACK_BIN["buildctl"],
                      "bin/buildkit-runc": STACK_BIN["runc"], "bin/buildkit-qemu-arm": b"#!/bin/sh\n"}),
    }
    manifest = json.loads(Path(__file__).parents[2].joinpath("shim/install/manifest.json").read_text())

    def build(rel: str, members: dict[str, str | bytes]) -> str:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        _tar(path, members)
        return hashlib.sha256(path.read_bytes()).hexdigest()

    # side by side: zlib and hashlib let go of the GIL, and the five archives were most of this fixture's 13 s
    with ThreadPoolExecutor(len(files)) as pool:
        digests = dict(zip(files, pool.map(lambda item: build(*item), files.values()), strict=True))
    for name, digest in digests.items():
        manifest["components"][name]["sha256"] = {arch: digest}
    runc = root / "opencontainers/runc/releases/download/v1.5.1/runc.amd64"
    runc.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(STACK_BIN["runc"], runc)
    manifest["components"]["runc"]["sha256"] = {arch: hashlib.sha256(runc.read_bytes()).hexdigest()}
    (root / "manifest.json").write_text(json.dumps(manifest))
    return root, manifest


@pytest.fixture(scope="module")
def mirror(releases):
    """The release folder served over HTTP on loopback (a --mirror)."""
    root, _ = releases

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *_args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def install(prefix: Path, *args: str, manifest: Path) -> object:
    return pydock("install", "--prefix", str(prefix), "--cni-dir", str(prefix / "opt/cni/bin"), "--no-start",
                  "--manifest", str(manifest), "--cache", str(prefix / "cache"), *args, timeout=300)


def runs(binary: Path) -> str:
    import subprocess

    done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_one_click_from_a_mirror_and_auto_says_which_method_it_used(releases, mirror, tmp_path):
    # auto, on an empty prefix, installs with the one-click method (a test of its own made a third install)
    root, _ = releases
    result = install(tmp_path, "--mirror", mirror, manifest=root / "manifest.json")
    assert result.returncode == 0, result.stderr
    assert "installed with the one-click method" in result.stdout
    assert "nerdctl version 2.3.5" in runs(tmp_path / "bin/nerdctl")
    assert "containerd" in runs(tmp_path / "bin/containerd")
    assert (tmp_path / "libexec/cni/bridge").exists()
    assert (tmp_path / "lib/systemd/system/containerd.service").exists()
    again = install(tmp_path, "--method", "one-click", "--mirror", mirror, manifest=root / "manifest.json")
    assert again.returncode == 0, again.stderr
    assert "installed with the one-click method" in again.stdout
    assert "0 files changed" in again.stdout  # idempotent


def test_per_component_from_a_mirror(releases, mirror, tmp_path):
    root, _ = releases
    result = install(tmp_path, "--method", "per-component", "--mirror", mirror, manifest=root / "manifest.json")
    assert result.returncode == 0, result.stderr
    assert "runc version" in runs(tmp_path / "sbin/runc")
    assert "nerdctl version 2.3.5" in runs(tmp_path / "bin/nerdctl")
    assert sorted(os.listdir(tmp_path / "opt/cni/bin")) == sorted(CNI)
    assert "buildkitd github.com/moby/buildkit v0.31.2" in runs(tmp_path / "bin/buildkitd")
    assert "buildctl github.com/moby/buildkit v0.31.2" in runs(tmp_path / "bin/buildctl")
    assert not (tmp_path / "bin/buildkit-runc").exists() and not (tmp_path / "bin/buildkit-qemu-arm").exists()


def test_offline_from_a_folder(releases, tmp_path):
    root, _ = releases
    flat = tmp_path / "archives"
    flat.mkdir()
    for path in root.rglob("*"):
        if path.is_file() and path.name != "manifest.json":
            shutil.copy(path, flat / path.name)
    prefix = tmp_path / "prefix"
    result = install(prefix, "--method", "per-component", "--from", str(flat), manifest=root / "manifest.json")
    assert result.returncode == 0, result.stderr
    assert "nerdctl version 2.3.5" in runs(prefix / "bin/nerdctl")
    assert "v0.31.2" in runs(prefix / "bin/buildkitd")


def test_wrong_checksum_is_refused_and_nothing_placed(releases, mirror, tmp_path):
    _, manifest = releases
    bad = json.loads(json.dumps(manifest))
    bad["components"]["nerdctl-full"]["sha256"]["amd64"] = "0" * 64
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    prefix = tmp_path / "prefix"
    result = install(prefix, "--method", "one-click", "--mirror", mirror, manifest=tmp_path / "bad.json")
    assert result.returncode == 1
    assert "0" * 64 in result.stderr and "nerdctl-full-2.3.5-linux-amd64.tar.gz" in result.stderr
    assert not (prefix / "bin").exists()


def test_a_bad_buildkit_archive_leaves_the_whole_install_undone(releases, mirror, tmp_path):
    """BuildKit is fetched and checked with the rest before anything is placed: its bad checksum stops
    containerd, runc, the CNI plugins and nerdctl from being installed too."""
    _, manifest = releases
    bad = json.loads(json.dumps(manifest))
    bad["components"]["buildkit"]["sha256"]["amd64"] = "0" * 64
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    prefix = tmp_path / "prefix"
    result = install(prefix, "--method", "per-component", "--mirror", mirror, manifest=tmp_path / "bad.json")
    assert result.returncode == 1
    assert "buildkit-v0.31.2.linux-amd64.tar.gz" in result.stderr and "0" * 64 in result.stderr
    assert not (prefix / "bin").exists() and not (prefix / "sbin").exists()


def test_dry_run_lists_files_and_commands(releases, mirror, tmp_path):
    root, _ = releases
    result = install(tmp_path, "--method", "per-component", "--mirror", mirror, "--dry-run",
                     manifest=root / "manifest.json")
    assert result.returncode == 0
    assert f"download {mirror}/opencontainers/runc/releases/download/v1.5.1/runc.amd64" in result.stdout
    assert f"install -m 755 {tmp_path}/cache/runc.amd64 {tmp_path}/sbin/runc" in result.stdout
    assert not (tmp_path / "sbin").exists()
    buildkit = f"{tmp_path}/cache/buildkit-v0.31.2.linux-amd64.tar.gz"
    assert f"download {mirror}/moby/buildkit/releases/download/v0.31.2/buildkit-v0.31.2.linux-amd64.tar.gz" \
        in result.stdout
    assert f"extract {Path(buildkit).name}: bin/buildkitd -> {tmp_path}/bin/" in result.stdout
    assert f"extract {Path(buildkit).name}: bin/buildctl -> {tmp_path}/bin/" in result.stdout
    distro = pydock("install", "--method", "distro", "--dry-run")
    assert "apt-get install -y --no-install-recommends containerd runc containernetworking-plugins" in distro.stdout
    go = pydock("install", "--method", "go", "--dry-run", "--prefix", str(tmp_path))
    assert "go build github.com/containerd/nerdctl/v2/cmd/nerdctl@v2.3.5" in go.stdout
    assert f"go build github.com/moby/buildkit/cmd/buildkitd@v0.31.2 -> {tmp_path}/bin/buildkitd" in go.stdout
    assert f"go build github.com/moby/buildkit/cmd/buildctl@v0.31.2 -> {tmp_path}/bin/buildctl" in go.stdout


def test_docker_shim(tmp_path):
    folder = tmp_path / "bin"
    result = pydock("install", "--docker-shim", "--dir", str(folder))
    assert result.returncode == 0, result.stderr
    shim = folder / "docker"
    import subprocess

    version = subprocess.run([str(shim), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("Docker version") and "pydock" in version
    # docker-compose, the standalone name: `pydock compose`, where --version prints the version
    compose = folder / "docker-compose"
    standalone = subprocess.run([str(compose), "--version"], capture_output=True, text=True, check=True).stdout
    assert standalone == "Docker Compose version v5.5.0\n"
    as_plugin = subprocess.run([str(shim), "compose", "version", "--short"], capture_output=True, text=True,
                               check=True).stdout
    assert as_plugin == "5.5.0\n"
    usage = subprocess.run([str(compose), "ps", "--bogus"], capture_output=True, text=True, check=False)
    assert (usage.returncode, usage.stderr) == (1, "unknown flag: --bogus\n")
    # a real docker in the same folder is not replaced without --force
    other = tmp_path / "other"
    other.mkdir()
    (other / "docker").write_text("#!/bin/sh\necho real docker\n")
    refused = pydock("install", "--docker-shim", "--dir", str(other))
    assert refused.returncode == 1 and "refusing" in refused.stderr
    assert (other / "docker").read_text() == "#!/bin/sh\necho real docker\n"
    assert pydock("install", "--docker-shim", "--dir", str(other), "--force").returncode == 0
    assert pydock("uninstall", "--docker-shim", "--dir", str(other)).returncode == 0
    assert (other / "docker").read_text() == "#!/bin/sh\necho real docker\n"  # restored
    assert pydock("uninstall", "--docker-shim", "--dir", str(folder)).returncode == 0
    assert not shim.exists() and not compose.exists()


def test_doctor_on_the_real_stack():
    result = pydock("doctor")
    assert result.returncode == 0, result.stdout
    assert "nerdctl: nerdctl version 2.3.5" in result.stdout
    assert "containerd is running and answers" in result.stdout
    assert "ok   /dev/mqueue is mounted" in result.stdout  # provision.sh mounts it, as systemd would
    assert "ok   buildkitd: buildkitd github.com/moby/buildkit v0.31.2" in result.stdout
    assert "ok   buildkitd answers on /run/buildkit" in result.stdout  # provision.sh starts it
    assert "ok   git: git version 2." in result.stdout  # provision.sh installs it: builds from git URLs
    broken = pydock("doctor", "--address", "/run/pydock-test-no-such.sock")
    assert broken.returncode == 1 and "does not answer" in broken.stdout


def test_message_queue_is_mounted_once(tmp_path):
    # `pydock daemon start` without systemd mounts /dev/mqueue, which nerdctl's --ipc=host bind-mounts
    from shim.install.service import mount_mqueue

    where = tmp_path / "mqueue"
    try:
        assert mount_mqueue(str(where)).startswith("mounted the message queue file system")
        assert os.path.ismount(where)
        assert mount_mqueue(str(where)) == ""
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_daemon_start_and_stop_without_systemd(tmp_path):
    """containerd on a socket of its own, and buildkitd beside it (containerd worker, a namespace of its
    own, so its socket, state, pid file and log are this test's)."""
    sock = tmp_path / "c.sock"
    namespace = f"pydock-daemontest-{os.getpid()}"
    common = ["--containerd", STACK_BIN["containerd"], "--address", str(sock), "--pidfile", str(tmp_path / "pid"),
              "--log", str(tmp_path / "log"), "--config", str(tmp_path / "none.toml")]
    try:
        started = pydock("daemon", "start", *common, "--root", str(tmp_path / "root"), "--state",
                         str(tmp_path / "state"), "--buildkitd", STACK_BIN["buildkitd"], "--namespace", namespace)
        assert started.returncode == 0, started.stderr + (tmp_path / "log").read_text()
        assert "containerd started" in started.stdout
        assert f"buildkitd started for namespace {namespace}" in started.stdout
        status = pydock("daemon", "status", "--address", str(sock), "--namespace", namespace)
        assert status.returncode == 0, status.stdout
        assert f"buildkitd answers on /run/buildkit-{namespace}/buildkitd.sock" in status.stdout
        workers = subprocess.run([STACK_BIN["buildctl"], "--addr", f"unix:///run/buildkit-{namespace}/buildkitd.sock",
                                  "debug", "workers", "-v"], capture_output=True, text=True, check=True).stdout
        assert f"org.mobyproject.buildkit.worker.containerd.namespace:\t{namespace}" in workers
        assert "org.mobyproject.buildkit.worker.executor:\t\tcontainerd" in workers  # no OCI worker
        stopped = pydock("daemon", "stop", "--pidfile", str(tmp_path / "pid"), "--namespace", namespace)
        assert stopped.returncode == 0 and "buildkitd stopped" in stopped.stdout
        assert "containerd stopped" in stopped.stdout
        assert pydock("daemon", "status", "--address", str(sock), "--namespace", namespace).returncode == 1
    finally:
        pydock("daemon", "stop", "--pidfile", str(tmp_path / "pid"), "--namespace", namespace)
        shutil.rmtree(f"/var/lib/buildkit-{namespace}", ignore_errors=True)
        shutil.rmtree(f"/run/buildkit-{namespace}", ignore_errors=True)


def test_missing_backend_without_a_terminal_says_what_to_run():
    # ctr hidden too: with ctr there, auto runs the ctr backend instead of offering the install (issue #15)
    result = pydock("ps", env={"PYDOCK_NERDCTL": "pydock-no-such-nerdctl", "PYDOCK_CTR": "pydock-no-such-ctr"})
    assert result.returncode == 1
    assert "sudo pydock install" in result.stderr


def _fallback(tmp_path: Path, mirror: str, manifest: Path, answer: str):
    """`pydock ps` on a terminal with nerdctl missing (PYDOCK_NERDCTL names a path the install creates)."""
    import pexpect

    from tests.conftest import PYDOCK

    prefix = tmp_path / "prefix"
    env = {**os.environ, "PYDOCK_NERDCTL": str(prefix / "bin/nerdctl"), "PYDOCK_CTR": "pydock-no-such-ctr",
           "PYDOCK_INSTALL_METHOD": "one-click",
           "PYDOCK_INSTALL_MIRROR": mirror, "PYDOCK_INSTALL_MANIFEST": str(manifest),
           "PYDOCK_INSTALL_PREFIX": str(prefix), "PYDOCK_INSTALL_CACHE": str(tmp_path / "cache"),
           "PYDOCK_INSTALL_START": "false"}
    env.pop("PYDOCK_AUTO_INSTALL", None)
    child = pexpect.spawn(PYDOCK, ["ps", "-a", "--format", "{{.Names}}"], env=env, encoding="utf-8", timeout=120)
    child.expect(r"nerdctl is not installed\. Install the containerd stack .* now\? \[y/N\] ")
    child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before, prefix


def test_missing_backend_on_a_terminal_asks_and_n_declines(releases, mirror, tmp_path):
    root, _ = releases
    code, output, prefix = _fallback(tmp_path, mirror, root / "manifest.json", "n")
    assert code == 1 and "sudo pydock install" in output
    assert not (prefix / "bin/nerdctl").exists()


def test_missing_backend_on_a_terminal_asks_and_y_installs_then_runs(releases, mirror, tmp_path):
    root, _ = releases
    code, output, prefix = _fallback(tmp_path, mirror, root / "manifest.json", "y")
    assert code == 0, output
    assert "installed with the one-click method" in output
    assert os.access(prefix / "bin/nerdctl", os.X_OK)  # and `ps` then ran with it against containerd


def test_missing_backend_with_auto_install_installs_without_asking(releases, mirror, tmp_path):
    root, _ = releases
    prefix = tmp_path / "prefix"
    env = {"PYDOCK_NERDCTL": str(prefix / "bin/nerdctl"), "PYDOCK_CTR": "pydock-no-such-ctr", "PYDOCK_AUTO_INSTALL": "1",
           "PYDOCK_INSTALL_METHOD": "one-click", "PYDOCK_INSTALL_MIRROR": mirror,
           "PYDOCK_INSTALL_MANIFEST": str(root / "manifest.json"), "PYDOCK_INSTALL_PREFIX": str(prefix),
           "PYDOCK_INSTALL_CACHE": str(tmp_path / "cache"), "PYDOCK_INSTALL_START": "false"}
    result = pydock("images", "-q", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert os.access(prefix / "bin/nerdctl", os.X_OK)


def test_non_root_users_are_told_what_to_do(tmp_path):
    """In a user namespace of its own pydock runs as an unprivileged user (uid 65534) on the same files."""
    import subprocess

    from tests.conftest import PYDOCK

    for argv in (["install", "--prefix", str(tmp_path)], ["daemon", "start"]):
        done = subprocess.run(["unshare", "--user", PYDOCK, *argv], capture_output=True, text=True, check=False)
        assert done.returncode == 1
        assert done.stderr.startswith(f"pydock {' '.join(argv[:2]) if argv[0] == 'daemon' else 'install'}: "
                                      "this needs root. Run: sudo pydock")
    assert not any(tmp_path.iterdir())  # nothing written


def test_build_without_buildkit_on_a_terminal_asks_and_y_installs_then_builds(releases, mirror, tmp_path):
    """`pydock build` with buildctl missing offers BuildKit alone (per-component), as a missing nerdctl
    offers the stack; answered y, it installs from the mirror, then the build runs with it."""
    import pexpect

    from tests.conftest import PYDOCK

    root, _ = releases
    prefix, tools = tmp_path / "prefix", tmp_path / "tools"
    tools.mkdir()
    (tools / "nerdctl").symlink_to(STACK_BIN["nerdctl"])  # nerdctl, but no buildctl, on PATH
    (tmp_path / "ctx").mkdir()
    (tmp_path / "ctx/Dockerfile").write_text("FROM scratch\nLABEL built=after-install\n")
    env = {**os.environ, "PATH": f"{prefix}/bin:{tools}:/usr/bin:/bin", "PYDOCK_INSTALL_MIRROR": mirror,
           "PYDOCK_INSTALL_MANIFEST": str(root / "manifest.json"), "PYDOCK_INSTALL_PREFIX": str(prefix),
           "PYDOCK_INSTALL_CACHE": str(tmp_path / "cache"), "PYDOCK_INSTALL_START": "false"}
    env.pop("PYDOCK_AUTO_INSTALL", None)
    tag = f"pydock-build-it:fallback-{os.getpid()}"
    child = pexpect.spawn(PYDOCK, ["build", "-q", "-t", tag, str(tmp_path / "ctx")], env=env, encoding="utf-8",
                          timeout=120)
    child.expect(r"buildctl is not installed\. Install BuildKit \(buildkitd and buildctl.*\) now\? \[y/N\] ")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "installed with the per-component method: 2 files changed" in child.before
    assert sorted(os.listdir(prefix / "bin")) == ["buildctl", "buildkitd"]  # BuildKit alone
    assert "sha256:" in child.before  # and the build ran with it
    assert pydock("rmi", tag).returncode == 0


def test_build_with_auto_install_installs_buildkit_starts_it_and_prints_only_the_id(releases, mirror, tmp_path):
    root, _ = releases
    prefix, tools = tmp_path / "prefix", tmp_path / "tools"
    tools.mkdir()
    for name in ("nerdctl", "containerd", "ctr"):  # the stack, without BuildKit
        (tools / name).symlink_to(STACK_BIN[name])
    (tmp_path / "ctx").mkdir()
    (tmp_path / "ctx/Dockerfile").write_text("FROM scratch\nLABEL built=auto-install\n")
    tag = f"pydock-build-it:auto-{os.getpid()}"
    env = {"PATH": f"{prefix}/bin:{tools}:/usr/bin:/bin", "PYDOCK_AUTO_INSTALL": "1", "PYDOCK_INSTALL_MIRROR": mirror,
           "PYDOCK_INSTALL_MANIFEST": str(root / "manifest.json"), "PYDOCK_INSTALL_PREFIX": str(prefix),
           "PYDOCK_INSTALL_CACHE": str(tmp_path / "cache")}
    result = pydock("build", "-q", "-t", tag, str(tmp_path / "ctx"), env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sha256:") and len(result.stdout) == 72  # the ID alone on stdout
    assert "installed with the per-component method" in result.stderr
    assert "containerd is already running" in result.stderr  # the one on PATH: nothing started twice
    assert "buildkitd is already running" in result.stderr or "buildkitd started" in result.stderr
    assert pydock("rmi", tag).returncode == 0


def test_a_second_install_waits_for_the_first(releases, mirror, tmp_path):
    # another install holds the lock (this test, as that install would): pydock says so, waits, then installs;
    # the stage folder a killed install left behind goes
    import fcntl
    import os
    import subprocess

    from tests.conftest import PYDOCK

    root, _ = releases
    (tmp_path / "cache").mkdir()
    (tmp_path / ".pydock-work-killed").mkdir()
    lock = os.open(tmp_path / "cache/.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)
    os.pwrite(lock, b"4242\n", 0)
    second = subprocess.Popen([PYDOCK, "install", "--prefix", str(tmp_path), "--cni-dir", str(tmp_path / "opt/cni/bin"),
                               "--no-start", "--manifest", str(root / "manifest.json"), "--cache", str(tmp_path / "cache"),
                               "--method", "one-click", "--mirror", mirror],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # waiting: blocked on the lock (/proc/locks lists a blocked flock as "-> FLOCK … PID"); a fixed 2 s pause
    # was too short for pydock's start-up on a loaded machine
    _wait_for(lambda: any(line.split()[1:3] == ["->", "FLOCK"] and line.split()[5] == str(second.pid)
                          for line in Path("/proc/locks").read_text().splitlines()), "the install waiting", second)
    assert second.poll() is None
    assert not (tmp_path / "bin/nerdctl").exists()
    os.close(lock)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert "another pydock install is running (pid 4242); waiting for it to finish" in out + err
    assert "installed with the one-click method" in out
    assert not (tmp_path / ".pydock-work-killed").exists()


def test_parallel_installs_both_succeed(releases, mirror, tmp_path):
    import subprocess

    from tests.conftest import PYDOCK

    root, _ = releases
    argv = [PYDOCK, "install", "--prefix", str(tmp_path), "--cni-dir", str(tmp_path / "opt/cni/bin"), "--no-start",
            "--manifest", str(root / "manifest.json"), "--cache", str(tmp_path / "cache"), "--method", "one-click",
            "--mirror", mirror]
    runs_ = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for proc in runs_:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "installed with the one-click method" in out
    assert "nerdctl version 2.3.5" in runs(tmp_path / "bin/nerdctl")


@pytest.fixture(scope="module")
def slow_mirror(releases):
    """The release folder served at about 2 MiB/s: an install is caught in its download."""
    import time

    root, _ = releases

    class Slow(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def copyfile(self, source, outputfile):
            try:
                while block := source.read(1 << 16):
                    outputfile.write(block)
                    time.sleep(0.03)
            except OSError:  # the install was killed: its connection went
                return

        def log_message(self, *_args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _regular_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def _wait_for(check, what: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not check():
        assert proc.poll() is None, f"pydock ended ({proc.returncode}) before {what}: {proc.communicate()}"
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.01)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_install_leaves_no_half_installed_stack_and_a_rerun_succeeds(releases, mirror, slow_mirror, tmp_path,
                                                                             signum):
    import fcntl

    from tests.conftest import PYDOCK

    root, _ = releases
    prefix, cache = tmp_path / "prefix", tmp_path / "cache"
    argv = [PYDOCK, "install", "--prefix", str(prefix), "--cni-dir", str(prefix / "opt/cni/bin"), "--no-start",
            "--manifest", str(root / "manifest.json"), "--cache", str(cache), "--method", "one-click"]
    quiet = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    # 1. in the download
    proc = subprocess.Popen([*argv, "--mirror", slow_mirror], **quiet)
    _wait_for(lambda: any(p.stat().st_size for p in cache.glob("*.part")), "a partial download", proc)
    proc.send_signal(signum)
    proc.communicate(timeout=30)
    assert proc.returncode == -signum
    assert _regular_files(prefix) == []  # nothing installed
    if signum != signal.SIGKILL:  # rolled back on the way out; after a SIGKILL, by the next install
        assert list(prefix.iterdir()) == [] and list(cache.glob("*.part")) == []
    lock = os.open(cache / ".lock", os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: it went with the killed install
    os.close(lock)
    # 2. in the commit, after its first rename (the download is in the cache by now)
    env = {**os.environ, "PYDOCK_TEST_PAUSE_AFTER_RENAME": "1", "PYDOCK_TEST_PAUSE_SECONDS": "30"}
    proc = subprocess.Popen([*argv, "--mirror", mirror], env=env, **quiet)

    def first_renamed() -> bool:
        journals = list(prefix.glob(".pydock-stage-*/journal.json"))
        targets = json.loads(journals[0].read_text() or "{}").get("targets") if journals else None
        return bool(targets) and (prefix / targets[0]).exists()

    _wait_for(first_renamed, "the first file renamed into place", proc)
    proc.send_signal(signum)
    proc.communicate(timeout=30)
    assert proc.returncode == -signum
    if signum != signal.SIGKILL:
        assert _regular_files(prefix) == []  # the renamed file went back out with the stage
    # 3. the rerun rolls back whatever a SIGKILL left, then installs the whole stack
    again = subprocess.run([*argv, "--mirror", mirror], capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert "another pydock install is running" not in again.stderr
    assert "nerdctl version 2.3.5" in runs(prefix / "bin/nerdctl")
    assert not [p for p in prefix.iterdir() if p.name.startswith(".pydock-")]
    assert list(cache.glob("*.part")) == []


def _daemons(comm: str, marker: str) -> list[int]:
    """Live processes named `comm` whose command line holds `marker`."""
    from tests.integration.test_faults import _cmdline, _comm, _running

    return [int(p) for p in os.listdir("/proc") if p.isdigit() and _comm(int(p)) == comm
            and any(marker in a for a in _cmdline(int(p))) and _running(int(p))]


@pytest.mark.parametrize(("signum", "during"), [(signal.SIGKILL, "containerd"), (signal.SIGTERM, "buildkitd")])
def test_a_killed_daemon_start_leaves_live_daemons_and_a_rerun_completes(tmp_path, signum, during):
    """A daemon started is a daemon (as with `systemctl start` interrupted): what came up keeps running, with a
    whole pid file; the rerun starts the rest and no second copy of either; `daemon stop` ends both."""
    from tests.conftest import PYDOCK
    from tests.integration.test_faults import _children, _comm

    sock = tmp_path / "c.sock"
    namespace = f"pydock-killtest-{os.getpid()}-{during}"
    start = [PYDOCK, "daemon", "start", "--containerd", STACK_BIN["containerd"], "--address", str(sock),
             "--pidfile", str(tmp_path / "pid"), "--log", str(tmp_path / "log"), "--config", str(tmp_path / "none.toml"),
             "--root", str(tmp_path / "root"), "--state", str(tmp_path / "state"), "--buildkitd", STACK_BIN["buildkitd"],
             "--namespace", namespace]
    buildkit_pid = Path(f"/run/pydock/buildkitd-{namespace}.pid")
    try:
        proc = subprocess.Popen(start, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        pidfiles = {"containerd": tmp_path / "pid", "buildkitd": buildkit_pid}
        # while pydock waits for the daemon to answer (a kill between its exec and its pid file, a moment, is
        # not caught: the rerun would start a second one, which finds the first's socket and state taken)
        _wait_for(lambda: any(_comm(c) == during for c in _children(proc.pid)) and pidfiles[during].exists(),
                  f"{during} started", proc)
        proc.send_signal(signum)
        proc.communicate(timeout=30)
        for comm, pidfile in pidfiles.items():
            if pidfile.exists():  # whole, and naming the live daemon
                assert int(pidfile.read_text()) in _daemons(comm, str(sock)), pidfile
        again = subprocess.run(start, capture_output=True, text=True, timeout=120, check=False)
        assert again.returncode == 0, again.stderr + (tmp_path / "log").read_text()[-2000:]
        assert "containerd is already running" in again.stdout
        assert len(_daemons("containerd", str(sock))) == 1
        assert len(_daemons("buildkitd", namespace)) == 1
        stopped = pydock("daemon", "stop", "--pidfile", str(tmp_path / "pid"), "--namespace", namespace)
        assert stopped.returncode == 0 and "buildkitd stopped" in stopped.stdout and "containerd stopped" in stopped.stdout
        assert _daemons("containerd", str(sock)) == [] and _daemons("buildkitd", namespace) == []
    finally:
        pydock("daemon", "stop", "--pidfile", str(tmp_path / "pid"), "--namespace", namespace)
        shutil.rmtree(f"/var/lib/buildkit-{namespace}", ignore_errors=True)
        shutil.rmtree(f"/run/buildkit-{namespace}", ignore_errors=True)
