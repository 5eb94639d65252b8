"""`docker build` over the ssh transport (issue #16): the context is this machine's folder, tarred here (.dockerignore
applied here) and streamed through ssh to the remote's nerdctl build; what docker's client writes (--iidfile, -q's
ID, -o folders and tar/oci/docker archives, a type=local cache) is written here, and a type=local cache-from is read
here. The remote in these tests is this machine (paths relative to this process's working folder show which side
wrote them): the image is then run over ssh, an archive compared with the same build's made locally, and the
remote's staging folders (/var/tmp/.pydock-build-*) must be gone after each build, however it ended."""

from __future__ import annotations

import glob
import io
import json
import os
import signal
import subprocess
import tarfile
import time
import uuid

import pexpect
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


def test_a_local_output_replaces_an_earlier_one_with_the_images_links(remote, tmp_path):
    # busybox's root holds absolute links (/linuxrc -> /bin/busybox): a second export into the same folder replaces
    # them, as buildx's local exporter does, rather than follow them out of the folder
    ctx = _context(tmp_path / "ctx", f"FROM {REMOTE}\nRUN echo again > /again\n")
    out = tmp_path / "out"
    links = []
    for _ in range(2):
        built = remote.run("build", "-q", "-o", str(out), str(ctx), timeout=180)
        assert (built.returncode, built.stdout, built.stderr) == (0, "\n", "")
        links.append(sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_symlink()))
    assert links[0] == links[1] and any(os.readlink(out / p).startswith("/") for p in links[0])
    assert (out / "again").read_text() == "again\n"


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


@pytest.mark.parametrize(("args", "code", "message"), [
    (["-o", "dest=/tmp/ssh2-never,tar=false"], 1, "ERROR: type is required for output\n"),
    (["-o", "type=local"], 1, "ERROR: failed to build: dest is required for local exporter\n"),
    (["-o", "type=oci,tar=false,dest=-"], 1, "ERROR: failed to build: dest cannot be stdout for oci exporter\n"),
])
def test_what_cannot_work_is_refused_in_dockers_voice(remote, tmp_path, args, code, message):
    ctx = _context(tmp_path / "ctx", f"FROM {REMOTE}\n")
    out = remote.run("build", *args, str(ctx))
    assert out.returncode == code
    assert out.stderr.startswith(message)
    if code == 125:
        assert out.stderr.endswith("See 'docker build --help'.\n")
    assert out.stdout == ""
    assert not os.path.exists("/tmp/ssh2-never")
    assert _staged() == []


def test_an_archive_is_not_written_to_a_terminal(remote, tmp_path):
    ctx = _context(tmp_path / "ctx", f"FROM {REMOTE}\n")
    child = remote.spawn("build", "-q", "-o", "type=oci", str(ctx))
    child.expect("ERROR: failed to build: dest file is required for oci exporter. refusing to write to console")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1


# SOURCE_DATE_EPOCH makes BuildKit's image reproducible (its config's and index's dates): the archive built over
# ssh must then hold the same files, byte for byte, as the one built here
REPRODUCIBLE = ("--build-arg", "SOURCE_DATE_EPOCH=0")


def _members(archive: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return {m.name: tar.extractfile(m).read() if m.isfile() else b"" for m in tar.getmembers()}  # type: ignore[union-attr]


def _files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else b"" for p in folder.rglob("*")}


def test_oci_and_docker_archives_come_here_as_locally(remote, tags, tmp_path):
    ctx = _context(tmp_path / "ctx", f"FROM {REMOTE}\nCOPY f /f\n", f="archived\n")
    os.utime(ctx / "f", (1_000_000, 1_000_000))
    tag = tags()
    for kind in ("oci", "docker"):
        over, here = tmp_path / f"over-{kind}.tar", tmp_path / f"here-{kind}.tar"
        built = remote.run("build", "-q", "-t", tag, *REPRODUCIBLE, "-o", f"type={kind},dest={over}", str(ctx),
                           timeout=180)
        made = local("build", "-q", "-t", tag, *REPRODUCIBLE, "-o", f"type={kind},dest={here}", str(ctx), timeout=180)
        assert (built.returncode, built.stderr) == (made.returncode, made.stderr) == (0, ""), (built.stderr, made.stderr)
        assert built.stdout == made.stdout  # -q: the image's ID, as pydock prints it locally
        members = _members(over.read_bytes())
        assert members == _members(here.read_bytes())
        index = json.loads(members["index.json"])
        # -q: the ID buildx prints, BuildKit's: the config digest of the image (nerdctl's is the manifest's)
        manifest = json.loads(members[f"blobs/sha256/{index['manifests'][0]['digest'].removeprefix('sha256:')}"])
        assert built.stdout == manifest["config"]["digest"] + "\n"
        assert index["manifests"][0]["annotations"]["io.containerd.image.name"] == f"docker.io/library/{tag}"
        if kind == "docker":
            assert json.loads(members["manifest.json"])[0]["RepoTags"] == [tag]
        assert oct(over.stat().st_mode & 0o777) == oct(here.stat().st_mode & 0o777)
    # without dest, buildx writes an oci archive to stdout (and -q no ID after it); tar=false makes a folder
    streamed = remote.raw("build", "-q", *REPRODUCIBLE, "-o", "type=oci", str(ctx), timeout=180)
    assert streamed.returncode == 0, streamed.stderr
    filed = tmp_path / "filed.tar"
    assert remote.run("build", *REPRODUCIBLE, "-o", f"type=oci,dest={filed}", str(ctx), timeout=180).returncode == 0
    assert _members(streamed.stdout) == _members(filed.read_bytes())
    assert streamed.stdout[-1024:] == bytes(1024)  # the archive's end: no ID line after it
    over, here = tmp_path / "over-layout", tmp_path / "here-layout"
    built = remote.run("build", *REPRODUCIBLE, "-o", f"type=oci,tar=false,dest={over}", str(ctx), timeout=180)
    made = local("build", *REPRODUCIBLE, "-o", f"type=oci,tar=false,dest={here}", str(ctx), timeout=180)
    assert built.returncode == made.returncode == 0, (built.stderr, made.stderr)
    assert _files(over) == _files(here)
    assert {"index.json", "oci-layout", "blobs"} <= set(_files(over))
    assert _staged() == []


def test_a_docker_output_without_dest_is_loaded_on_the_remote(remote, tags, tmp_path):
    ctx = _context(tmp_path / "ctx", f"FROM {REMOTE}\nRUN echo loaded > /l\n")
    tag = tags()
    built = remote.run("build", "-q", "-t", tag, "-o", "type=docker", str(ctx), timeout=180)
    assert built.returncode == 0, built.stderr
    assert built.stdout == remote.run("inspect", "-f", "{{.Id}}", tag).stdout
    assert remote.run("run", "--rm", tag, "cat", "/l").stdout == "loaded\n"


def _prune_build_cache(token: str) -> None:
    """The namespace's BuildKit forgets the steps whose description holds `token` (nerdctl's rule for its socket)."""
    own = f"/run/buildkit-{NS}/buildkitd.sock"
    socket = own if os.path.exists(own) else "/run/buildkit/buildkitd.sock"
    subprocess.run(["buildctl", "--addr", f"unix://{socket}", "prune", "--filter", f"description~={token}"],
                   capture_output=True, check=True, timeout=60)


def test_a_local_cache_is_this_machines(remote, tmp_path):
    token = uuid.uuid4().hex
    _context(tmp_path / "ctx", f"FROM {REMOTE}\nRUN echo {token}; cat /proc/sys/kernel/random/uuid > /stamp\n")
    # relative paths: this machine's working folder (the remote's build runs in a folder of its own, then removed)
    first = remote.raw("build", "-q", "--cache-to", "type=local,dest=cache,mode=max", "-o", "out1", "ctx",
                       cwd=tmp_path, timeout=180)
    assert first.returncode == 0, first.stderr
    cache = tmp_path / "cache"
    assert (cache / "index.json").is_file() and (cache / "oci-layout").is_file()
    written = json.loads((cache / "index.json").read_text())["manifests"]
    assert [m["annotations"]["org.opencontainers.image.ref.name"] for m in written] == ["latest"]
    blobs = {p.name for p in (cache / "blobs" / "sha256").iterdir()}
    assert written[0]["digest"].removeprefix("sha256:") in blobs
    _prune_build_cache(token)  # only the cache sent from here can spare the RUN step now
    second = remote.raw("build", "--progress=plain", "--cache-from", "type=local,src=cache", "-o", "out2", "ctx",
                        cwd=tmp_path, timeout=180)
    assert second.returncode == 0, second.stderr
    steps = second.stderr.decode()
    run = next(line.split()[0] for line in steps.splitlines() if f"RUN echo {token}" in line)
    assert f"{run} CACHED" in steps
    assert (tmp_path / "out2" / "stamp").read_text() == (tmp_path / "out1" / "stamp").read_text()
    # a second export merges into the folder, as BuildKit's client does: the first tag's entry and blobs stay
    (tmp_path / "ctx" / "Dockerfile").write_text(f"FROM {REMOTE}\nRUN echo {token} again > /again\n")
    third = remote.raw("build", "-q", "--cache-to", "type=local,dest=cache,tag=again", "-o", "out3", "ctx",
                       cwd=tmp_path, timeout=180)
    assert third.returncode == 0, third.stderr
    merged = json.loads((cache / "index.json").read_text())["manifests"]
    assert [m["annotations"]["org.opencontainers.image.ref.name"] for m in merged] == ["latest", "again"]
    assert merged[0] == written[0]
    assert blobs < {p.name for p in (cache / "blobs" / "sha256").iterdir()}
    # the same layout as the one a local build writes
    here = local("build", "-q", "--cache-to", f"type=local,dest={tmp_path / 'here'}", str(tmp_path / "ctx"),
                 timeout=180)
    assert here.returncode == 0, here.stderr
    assert sorted(p.name for p in cache.iterdir()) == sorted(p.name for p in (tmp_path / "here").iterdir())
    assert _staged() == []
