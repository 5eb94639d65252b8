"""The installer's safety: verified downloads over a real loopback server (with injected faults), safe
extraction, and staged commits that survive failures, kills and a full disk."""

from __future__ import annotations

import hashlib
import http.server
import io
import os
import signal
import subprocess
import sys
import tarfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from shim.install import archive, download, stage
from shim.install.errors import InstallError

PAYLOAD = os.urandom(200_000)
SHA = hashlib.sha256(PAYLOAD).hexdigest()


class FaultyServer:
    """A loopback HTTP server serving PAYLOAD, with faults per path; it counts requests."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.proxied: list[str] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *_args):
                pass

            def do_GET(self):
                path = self.path.rsplit("/", 1)[-1] if self.path.startswith("http://") else self.path
                if self.path.startswith("http://"):
                    owner.proxied.append(self.path)
                count = owner.hits[path] = owner.hits.get(path, 0) + 1
                owner.answer(self, path.lstrip("/"), count)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, h: http.server.BaseHTTPRequestHandler, path: str, count: int) -> None:
        if path == "missing":
            h.send_error(404)
            return
        if path == "flaky" and count == 1:
            h.send_error(500)
            return
        if path == "busy" and count == 1:
            h.send_response(429)
            h.send_header("Retry-After", "1")
            h.end_headers()
            return
        body = PAYLOAD
        if path == "wrong":
            body = b"not what was pinned"
        h.send_response(200)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if path == "truncated" and count == 1:
            h.wfile.write(body[:1000])  # then close: fewer bytes than announced
            return
        h.wfile.write(body)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    s = FaultyServer()
    yield s
    s.close()


@pytest.mark.parametrize("path", ["ok", "flaky", "busy", "truncated"])
def test_download_verifies_and_retries(server, tmp_path, path):
    dest = tmp_path / "file"
    start = time.monotonic()
    download.fetch(f"{server.url}/{path}", str(dest), SHA, backoff=0.05)
    assert dest.read_bytes() == PAYLOAD
    assert server.hits[f"/{path}"] == (1 if path == "ok" else 2)
    if path == "busy":
        assert time.monotonic() - start >= 1  # Retry-After honoured
    assert os.listdir(tmp_path) == ["file"]


def test_checksum_mismatch_refuses_and_leaves_nothing(server, tmp_path):
    dest = tmp_path / "nerdctl.tar.gz"
    with pytest.raises(InstallError) as err:
        download.fetch(f"{server.url}/wrong", str(dest), SHA, backoff=0.05)
    actual = hashlib.sha256(b"not what was pinned").hexdigest()
    assert "nerdctl.tar.gz" in err.value.message and SHA in err.value.message and actual in err.value.message
    assert os.listdir(tmp_path) == []
    assert server.hits["/wrong"] == 1  # a wrong file is not retried


def test_not_found_is_not_retried(server, tmp_path):
    with pytest.raises(InstallError) as err:
        download.fetch(f"{server.url}/missing", str(tmp_path / "f"), SHA, backoff=0.05)
    assert "404" in err.value.message and server.hits["/missing"] == 1


def test_local_files_and_proxy(server, tmp_path, monkeypatch):
    source = tmp_path / "archive"
    source.write_bytes(PAYLOAD)
    download.fetch(f"file://{source}", str(tmp_path / "a"), SHA)
    download.fetch(str(source), str(tmp_path / "b"), SHA)
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes() == PAYLOAD
    # HTTP_PROXY routes the request through the proxy (the same loopback server, which logs it)
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    # (a closed local port: if the proxy were ignored, nothing would leave the machine either)
    download.fetch("http://localhost:9/ok", str(tmp_path / "c"), SHA)
    assert server.proxied == ["http://localhost:9/ok"]


def _archive(tmp_path: Path, members: list[tarfile.TarInfo], name: str = "a.tar.gz") -> Path:
    path = tmp_path / name
    with tarfile.open(path, "w:gz") as tar:
        for info in members:
            data = b"#!/bin/sh\necho ok\n" if info.isfile() else None
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def _member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.mode = kind, link, 0o755
    return info


def test_extract_maps_members(tmp_path):
    path = _archive(tmp_path, [_member("bin/containerd"), _member("bin/ctr"), _member("share/doc/README")])
    out = tmp_path / "out"
    written = archive.extract(str(path), str(out), select=lambda m: m if m.startswith("bin/") else None)
    assert sorted(written) == ["bin/containerd", "bin/ctr"]
    assert os.access(out / "bin/ctr", os.X_OK) and not (out / "share").exists()


@pytest.mark.parametrize("member", [
    _member("../escape"), _member("/etc/pydock-test-absolute"), _member("evil-link", tarfile.SYMTYPE, "/etc/passwd"),
    _member("dev-null", tarfile.CHRTYPE),
])
def test_extract_refuses_unsafe_members_and_writes_nothing(tmp_path, member):
    path = _archive(tmp_path, [_member("bin/fine"), member])
    out = tmp_path / "out"
    with pytest.raises(InstallError) as err:
        archive.extract(str(path), str(out))
    assert "refusing a.tar.gz" in err.value.message
    assert not (out / "bin/fine").exists() and not Path("/etc/pydock-test-absolute").exists()
    assert not (tmp_path / "escape").exists()


def _files(prefix: Path) -> dict[str, bytes]:
    return {str(p.relative_to(prefix)): p.read_bytes() for p in prefix.rglob("*") if p.is_file()}


def test_commit_is_idempotent_and_upgrades(tmp_path):
    prefix = tmp_path / "prefix"
    t = stage.Transaction(str(prefix))
    t.add_bytes("bin/a", b"one", 0o755)
    t.add_bytes("bin/b", b"two", 0o755)
    assert len(t.commit()) == 2
    inode = (prefix / "bin/a").stat().st_ino
    again = stage.Transaction(str(prefix))
    again.add_bytes("bin/a", b"one", 0o755)
    again.add_bytes("bin/b", b"two", 0o755)
    assert again.commit() == []  # nothing rewritten
    assert (prefix / "bin/a").stat().st_ino == inode
    upgrade = stage.Transaction(str(prefix))
    upgrade.add_bytes("bin/a", b"ONE", 0o755)
    assert upgrade.commit() == [str(prefix / "bin/a")]
    assert _files(prefix) == {"bin/a": b"ONE", "bin/b": b"two"}


def test_failed_commit_rolls_everything_back(tmp_path):
    prefix = tmp_path / "prefix"
    first = stage.Transaction(str(prefix))
    first.add_bytes("bin/a", b"old a", 0o755)
    first.commit()
    (prefix / "bin/z").mkdir()  # a folder where the second file should go: its rename fails
    t = stage.Transaction(str(prefix))
    t.add_bytes("bin/a", b"new a", 0o755)
    t.add_bytes("bin/z", b"new z", 0o755)
    with pytest.raises(OSError):
        t.commit()
    assert (prefix / "bin/a").read_bytes() == b"old a"
    assert not [n for n in os.listdir(prefix) if n.startswith(stage.STAGE)]


KILLED_COMMIT = textwrap.dedent("""
    import sys
    from shim.install import stage
    t = stage.Transaction(sys.argv[1])
    for name in ("a", "b", "c"):
        t.add_bytes(f"bin/{name}", f"new {name}".encode(), 0o755)
    print("committing", flush=True)
    t.commit()
""")


def test_kill_mid_commit_leaves_the_old_installation(tmp_path):
    prefix = tmp_path / "prefix"
    old = stage.Transaction(str(prefix))
    for name in ("a", "b", "c"):
        old.add_bytes(f"bin/{name}", f"old {name}".encode(), 0o755)
    old.commit()
    env = {**os.environ, "PYDOCK_TEST_PAUSE_AFTER_RENAME": "1", "PYDOCK_TEST_PAUSE_SECONDS": "30"}
    with subprocess.Popen([sys.executable, "-c", KILLED_COMMIT, str(prefix)], env=env, stdout=subprocess.PIPE,
                          text=True) as child:
        assert child.stdout.readline() == "committing\n"
        deadline = time.monotonic() + 10
        while (prefix / "bin/a").read_bytes() != b"new a":  # the first rename has happened
            assert time.monotonic() < deadline
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert (prefix / "bin/a").read_bytes() == b"new a"  # half done…
    assert "rolled back" in stage.recover(str(prefix))  # …and undone
    assert _files(prefix) == {"bin/a": b"old a", "bin/b": b"old b", "bin/c": b"old c"}


def test_disk_full_changes_nothing(tmp_path):
    prefix = tmp_path / "small"
    prefix.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(prefix)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"cannot mount a tmpfs: {mounted.stderr.decode()}")
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        before = stage.Transaction(str(prefix))
        before.add_bytes("bin/tool", b"old", 0o755)
        before.commit()
        big = tmp_path / "big"
        big.write_bytes(os.urandom(1 << 20))
        t = stage.Transaction(str(prefix))
        with pytest.raises(InstallError) as err:
            t.add_file("bin/tool", str(big))
        assert "no space left" in err.value.message
        assert (prefix / "bin/tool").read_bytes() == b"old"
        assert not [n for n in os.listdir(prefix) if n.startswith(stage.STAGE)]
    finally:
        subprocess.run(["umount", str(prefix)], check=False)


@pytest.mark.parametrize(("nerdctl", "containerd", "problem"), [
    ("nerdctl version 2.3.5", "1.6.20~ds1", "version skew: nerdctl 2.3.5 needs containerd >= 1.7, this containerd is 1.6.20"),
    ("nerdctl version 2.3.5", "2.3.3", ""),
    ("nerdctl version 1.7.7", "1.6.20", ""),
    ("nerdctl version 2.0.0", "containerd github.com/containerd/containerd v1.6.38 abc", "version skew: nerdctl 2.0.0 "
     "needs containerd >= 1.7, this containerd is 1.6.38"),
    ("", "1.6.20", ""),
])
def test_doctor_knows_the_version_skew(nerdctl, containerd, problem):
    from shim.install.doctor import FAIL, OK, report, skew

    assert skew(nerdctl, containerd) == problem
    assert report([(OK, "fine"), (FAIL, "broken")]) == ("ok   fine\nFAIL broken\n", 1)
    assert report([(OK, "fine")])[1] == 0


@pytest.mark.parametrize(("method", "expected"), [
    # BuildKit is part of every method: nerdctl-full's bin/ holds it; the others install buildkitd and buildctl
    ("per-component", ["extract buildkit-v0.31.2.linux-amd64.tar.gz: bin/buildkitd -> /p/bin/",
                       "extract buildkit-v0.31.2.linux-amd64.tar.gz: bin/buildctl -> /p/bin/"]),
    ("distro", ["extract buildkit-v0.31.2.linux-amd64.tar.gz: bin/buildkitd -> /p/bin/"]),
    ("go", ["go build github.com/moby/buildkit/cmd/buildkitd@v0.31.2 -> /p/bin/buildkitd",
            "go build github.com/moby/buildkit/cmd/buildctl@v0.31.2 -> /p/bin/buildctl"]),
    ("one-click", ["extract nerdctl-full-2.3.5-linux-amd64.tar.gz: bin/* -> /p/bin/"]),
])
def test_every_method_installs_buildkit(method, expected):
    from shim.install import plan

    lines = plan.describe(plan.plan(method, prefix="/p", arch="amd64"), "/c")
    assert set(expected) <= set(lines), lines
    if method != "one-click":
        assert any("buildkit" in line for line in lines if line.startswith(("download", "go build")))


def test_extract_takes_named_files_only(tmp_path):
    """A rule without a trailing slash names one member: BuildKit's own runc and qemu helpers stay out."""
    from shim.install.installer import _unpack
    from shim.install.plan import Unpack

    path = _archive(tmp_path, [_member("bin/buildkitd"), _member("bin/buildkit-runc"), _member("bin/buildctl")],
                    "buildkit.tar.gz")
    staged: dict[str, str] = {}
    work = tmp_path / "work"
    work.mkdir()
    _unpack(Unpack(path.name, (("bin/buildkitd", "/p/bin"), ("bin/buildctl", "/p/bin"))), str(tmp_path), str(work),
            lambda dest, source, mode: staged.setdefault(dest, Path(source).read_bytes()))
    assert sorted(staged) == ["/p/bin/buildctl", "/p/bin/buildkitd"]


def test_buildkitd_runs_with_the_containerd_worker_in_pydocks_namespace():
    from shim.install import buildkit

    default, other = buildkit.Places("default"), buildkit.Places("ci")
    # nerdctl's lookup order (pkg/buildkitutil): /run/buildkit-<namespace>/, then /run/buildkit/
    assert (default.socket, other.socket) == ("/run/buildkit/buildkitd.sock", "/run/buildkit-ci/buildkitd.sock")
    assert default.root != other.root and default.pidfile != other.pidfile
    assert buildkit.argv("bk", other) == [
        "bk", "--addr", "unix:///run/buildkit-ci/buildkitd.sock", "--root", "/var/lib/buildkit-ci",
        "--oci-worker=false", "--containerd-worker=true", "--containerd-worker-addr=/run/containerd/containerd.sock",
        "--containerd-worker-namespace=ci"]
    unit = buildkit.unit_text("/usr/local/bin/buildkitd")
    assert "ExecStart=/usr/local/bin/buildkitd --addr unix:///run/buildkit/buildkitd.sock" in unit
    assert "--containerd-worker-namespace=default" in unit and "Requires=containerd.service" in unit
