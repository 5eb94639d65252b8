"""`docker build` over the ssh transport (issue #16): the context is this machine's folder, tarred here (.dockerignore
applied here) and streamed through ssh to the remote's nerdctl build; what docker's client writes (--iidfile, -q's
ID, -o type=local) is written here. The remote in these tests is this machine: the image is then run over ssh, and
the remote's staging folders (/var/tmp/.pydock-build-*) must be gone after each build, however it ended."""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import tarfile
import time

import pytest

from tests.conftest import PYDOCK
from tests.integration import ssh_remote
from tests.integration.conftest import REMOTE, unique_tag
from tests.integration.ssh_remote import HOST, NS, local

STAGED = "/var/tmp/.pydock-build-*"


@pytest.fixture(scope="module")
def remote(busybox):
    with ssh_remote.session_without_local_nerdctl(REMOTE) as r:
        yield r


@pytest.fixture
def tags():
    made: list[str] = []

    def make() -> str:
        made.append(unique_tag("ssh2-build"))
        return made[-1]

    yield make
    if made:
        subprocess.run(["nerdctl", "-n", NS, "rmi", "-f", *made], capture_output=True, check=False)


def _context(folder, dockerfile: str, **files: str):
    folder.mkdir(exist_ok=True)
    for name, text in {"Dockerfile": dockerfile, **files}.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


def _staged() -> list[str]:
    return glob.glob(STAGED)


def test_the_local_context_is_built_remotely_and_the_image_runs_there(remote, tags, tmp_path):
    ctx = _context(tmp_path / "ctx", f"FROM {REMOTE}\nARG GREETING=unset\nARG SSH2_FROM_ENV=unset\nARG SSH2_UNSET=dflt\n"
                                     "COPY . /c/\nRUN echo \"$GREETING $SSH2_FROM_ENV $SSH2_UNSET\" > /g\n",
                   **{".dockerignore": "secret.txt\ndocs\n!docs/keep.md\n", "secret.txt": "s3cret",
                      "kept.txt": "kept", "docs/keep.md": "k", "docs/drop.md": "d"})
    tag, iidfile = tags(), tmp_path / "iid"
    # a bare NAME takes its value from this machine's environment (the remote's sshd session has no such variable)
    built = remote.run("build", "-t", tag, "--build-arg", "GREETING=over ssh", "--build-arg", "SSH2_FROM_ENV",
                       "--build-arg", "SSH2_UNSET", "--iidfile", str(iidfile), str(ctx), timeout=180,
                       env={"SSH2_FROM_ENV": "from here"})
    assert built.returncode == 0, built.stderr
    assert built.stdout == ""
    ran = remote.run("run", "--rm", tag, "sh", "-c", "cd /c && find . -type f | sort; cat /g")
    assert ran.returncode == 0, ran.stderr
    # the ignored files never left this machine; the build argument reached the RUN step
    assert ran.stdout == "./.dockerignore\n./Dockerfile\n./docs/keep.md\n./kept.txt\nover ssh from here dflt\n"
    # the ID file is written here, with the image's ID as `inspect` shows it on the remote
    image_id = remote.run("inspect", "-f", "{{.Id}}", tag).stdout.strip()
    assert iidfile.read_text() == image_id
    assert image_id.startswith("sha256:")
    assert _staged() == []


def test_quiet_prints_the_image_id(remote, tags, tmp_path):
    ctx = _context(tmp_path / "ctx", f"FROM {REMOTE}\nRUN echo q > /q\n")
    tag = tags()
    built = remote.run("build", "-q", "-t", tag, str(ctx), timeout=180)
    assert built.returncode == 0, built.stderr
    assert built.stdout == remote.run("inspect", "-f", "{{.Id}}", tag).stdout
    assert built.stderr == ""


def test_a_failing_build_fails_as_locally(remote, tmp_path):
    ctx = _context(tmp_path / "ctx", f"FROM {REMOTE}\nRUN echo doomed; exit 3\n")
    iidfile = tmp_path / "iid"
    iidfile.write_text("old")
    over = remote.run("build", "--iidfile", str(iidfile), str(ctx), timeout=180)
    here = local("build", str(ctx), timeout=180)
    assert over.returncode == here.returncode == 1
    errors = [line for line in over.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [line for line in here.stderr.splitlines() if line.startswith("ERROR")]
    assert errors[0] == ('ERROR: failed to build: failed to solve: process "/bin/sh -c echo doomed; exit 3" did not '
                         'complete successfully: exit code: 3')
    assert not iidfile.exists()  # removed first, as buildx does, and not written by a failed build
    assert _staged() == []


def test_no_dockerfile_fails_as_locally(remote, tmp_path):
    (tmp_path / "empty").mkdir()
    over, here = remote.run("build", str(tmp_path / "empty")), local("build", str(tmp_path / "empty"))
    assert (over.returncode, over.stderr) == (here.returncode, here.stderr)
    assert over.returncode == 1


def test_dockerfile_and_context_from_stdin(remote, tags, tmp_path):
    ctx = _context(tmp_path / "ctx", "unused", **{"f.txt": "from the folder"})
    dockerfile = f"FROM {REMOTE}\nCOPY f.txt /f.txt\n"
    tag = tags()
    built = remote.run("build", "-q", "-t", tag, "-f", "-", str(ctx), input=dockerfile, timeout=180)
    assert built.returncode == 0, built.stderr
    assert remote.run("run", "--rm", tag, "cat", "/f.txt").stdout == "from the folder"
    archive = tmp_path / "ctx.tar"
    (ctx / "Dockerfile").write_text(f"FROM {REMOTE}\nCOPY f.txt /g.txt\n")
    with tarfile.open(archive, "w") as tar:
        tar.add(ctx, arcname=".")
    tag = tags()
    with open(archive, "rb") as stdin:
        built = remote.raw("build", "-q", "-t", tag, "-", stdin=stdin, timeout=180)
    assert built.returncode == 0, built.stderr
    assert remote.run("run", "--rm", tag, "cat", "/g.txt").stdout == "from the folder"


def test_a_local_output_is_written_here(remote, tmp_path):
    ctx = _context(tmp_path / "ctx", "FROM scratch\nCOPY . /\n", **{"sub/a.txt": "a", ".dockerignore": "b.txt\n",
                                                                     "b.txt": "b"})
    out = tmp_path / "out"
    built = remote.run("build", "-q", "-o", f"type=local,dest={out}", str(ctx), timeout=180)
    assert built.returncode == 0, built.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [".dockerignore", "Dockerfile", "sub",
                                                                             "sub/a.txt"]
    assert (out / "sub" / "a.txt").read_text() == "a"


def test_ctrl_c_cancels_the_remote_build_and_its_folder_goes(remote, tmp_path):
    ctx = _context(tmp_path / "ctx", f"FROM {REMOTE}\nRUN sleep 73\n")
    proc = subprocess.Popen([PYDOCK, "-H", HOST, "--namespace", NS, "build", "--no-cache", "--progress=plain",
                             str(ctx)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **remote.env})
    deadline = time.monotonic() + 60
    while not _staged() or not glob.glob(f"{STAGED}/pid"):
        assert time.monotonic() < deadline, "the build never started on the remote"
        time.sleep(0.2)
    time.sleep(2)  # the RUN step under way
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 1, err
    assert "ERROR: failed to build: failed to solve: Canceled: context canceled" in err
    assert _staged() == []
    # nothing of it runs on: neither the step's process nor buildctl (whose context path is the staged one's)
    deadline = time.monotonic() + 15
    while subprocess.run(["pgrep", "-f", "sleep 73|--local=context=context"], capture_output=True,
                         check=False).returncode == 0:
        assert time.monotonic() < deadline, "the remote build runs on"
        time.sleep(0.3)


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "type=oci,dest=/tmp/ssh2-never.tar"], "docker: --output=type=oci,dest=/tmp/ssh2-never.tar is not "
                                                  "supported over pydock's ssh transport: "),
    (["--cache-to", "type=local,dest=/tmp/ssh2-never"], "docker: --cache-to=type=local,dest=/tmp/ssh2-never is not "
                                                       "supported over pydock's ssh transport: "),
])
def test_what_cannot_work_is_refused_in_dockers_voice(remote, tmp_path, args, message):
    ctx = _context(tmp_path / "ctx", f"FROM {REMOTE}\n")
    out = remote.run("build", *args, str(ctx))
    assert out.returncode == 125
    assert out.stderr.startswith(message)
    assert out.stderr.endswith("See 'docker build --help'.\n")
    assert out.stdout == ""
    assert not os.path.exists("/tmp/ssh2-never.tar")
