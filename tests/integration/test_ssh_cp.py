"""`docker cp` over the ssh transport (issue #16): between this machine and a container on the remote, a tar stream
through ssh, staged on the remote for nerdctl's cp. Each copy is made once over ssh and once locally, into folders
of their own, and the two results (names, modes, sizes, owners, modification times) and messages must match."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.integration import ssh_remote
from tests.integration.conftest import REMOTE
from tests.integration.ssh_remote import IMAGE, local

BOX = "ssh2-cp"


@pytest.fixture(scope="module")
def remote(busybox):
    with ssh_remote.session(REMOTE) as r:
        r.run("run", "-d", "--name", BOX, IMAGE, "sh", "-c",
              "mkdir -p /data/sub && echo one >/data/a && echo two >/data/sub/b && chmod 751 /data/sub && "
              "ln -s a /data/link && sleep 300", check=True)
        yield r


def _listing(folder: Path) -> list[str]:
    out = subprocess.run(["find", ".", "-mindepth", "1", "-printf", "%p %y %m %s %u %g %T@ %l\n"], cwd=folder,
                         capture_output=True, text=True, check=True).stdout
    return sorted(out.splitlines())


@pytest.mark.parametrize("args", [
    ("{box}:/data", "."), ("{box}:/data", "renamed"), ("{box}:/data/.", "."), ("{box}:/data/a", "."),
    ("{box}:/data/a", "file"),
    ("{box}:/data/a", "missing-dir/"), ("{box}:/data/a", "missing-dir/x"), ("{box}:/no-such-path", "."),
    ("ssh2-no-such-box:/data", "."),
])
def test_from_the_container_as_locally(remote, tmp_path, args):
    src, dest = (a.format(box=BOX) for a in args)
    (tmp_path / "over").mkdir()
    (tmp_path / "here").mkdir()
    over = _in(tmp_path / "over", lambda: remote.run("cp", src, dest))
    here = _in(tmp_path / "here", lambda: local("cp", src, dest))
    assert (over.returncode, over.stdout, over.stderr) == (here.returncode, here.stdout, here.stderr)
    assert _listing(tmp_path / "over") == _listing(tmp_path / "here")
    if src.endswith("/."):  # the folder takes the copied one's times
        assert os.stat(tmp_path / "over").st_mtime == os.stat(tmp_path / "here").st_mtime


def _in(folder: Path, call):
    before = os.getcwd()
    os.chdir(folder)
    try:
        return call()
    finally:
        os.chdir(before)


def _inside(path: str) -> list[str]:
    """What a folder in the container holds: names, types, modes, sizes, owners and times. The folder's own time
    is left out: it is when the copy came, which differs between the two copies once they straddle a second."""
    out = local("exec", BOX, "find", path, "-exec", "stat", "-c", "%n %F %a %s %u %g %Y", "{}", "+")
    lines = [line.replace(path, "<P>", 1) for line in out.stdout.splitlines()]
    return sorted(line.rsplit(" ", 1)[0] if line.startswith("<P> ") else line for line in lines)


def test_to_the_container_as_locally(remote, tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a").write_text("one\n")
    (src / "sub" / "b").write_bytes(os.urandom(70000))
    os.chmod(src / "sub", 0o751)
    os.symlink("a", src / "link")
    for name, arg in (("dir", str(src)), ("contents", f"{src}/."), ("file", str(src / "a"))):
        local("exec", BOX, "mkdir", "-p", f"/over-{name}", f"/here-{name}", check=True)
        over, here = remote.run("cp", arg, f"{BOX}:/over-{name}/"), local("cp", arg, f"{BOX}:/here-{name}/")
        assert (over.returncode, over.stdout, over.stderr) == (here.returncode, here.stdout, here.stderr) == (0, "", "")
        assert _inside(f"/over-{name}") == _inside(f"/here-{name}"), name
    renamed = remote.run("cp", str(src / "a"), f"{BOX}:/over-file/renamed")
    assert renamed.returncode == 0, renamed.stderr
    assert local("exec", BOX, "cat", "/over-file/renamed").stdout == "one\n"
    for args in ((str(tmp_path / "no-such-file"), f"{BOX}:/tmp/"), (str(src), f"{BOX}:/no-such-dir/x"),
                 (str(src), "ssh2-no-such-box:/tmp/")):
        over, here = remote.run("cp", *args), local("cp", *args)
        assert (over.returncode, over.stderr) == (here.returncode, here.stderr), args
        assert over.returncode == 1


def test_a_tar_stream_on_stdin(remote, tmp_path):
    (tmp_path / "t").write_text("from a tar\n")
    archive = subprocess.run(["tar", "-cf", "-", "-C", str(tmp_path), "t"], capture_output=True, check=True).stdout
    out = remote.raw("cp", "-", f"{BOX}:/tmp/", input=archive)
    assert out.returncode == 0, out.stderr
    assert local("exec", BOX, "cat", "/tmp/t").stdout == "from a tar\n"
