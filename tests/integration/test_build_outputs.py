"""`pydock build -o` archives as docker's buildx (CLI 28.2.2, buildx v0.38, Engine 29) writes them, on the real stack.

What the reference engine did for the same commands, and these tests hold pydock to:
- `-o type=tar` and `-o type=oci` without dest write the archive to stdout (nerdctl alone throws the tar away and
  loads the oci archive into the namespace); with -q nothing follows it, nor after `type=oci,dest=-`;
- an archive for stdout is refused on a terminal, before anything is built: exit 1 and
  `ERROR: failed to build: dest file is required for oci exporter. refusing to write to console`;
- -q and --iidfile with an oci or docker archive give BuildKit's image ID, the config digest of the image in it
  (`exporting config sha256:…` in the progress), where nerdctl reports the manifest digest;
- `-o type=docker` without dest loads the image: -q prints the ID `images` shows.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile

import pexpect
import pytest

from tests.conftest import PYDOCK, pydock
from tests.integration.test_build import builder, context  # noqa: F401 - builder: the namespace's buildkitd
from tests.integration.test_build import tags as tags  # noqa: PLC0414 - a fixture, used by name


@pytest.fixture
def ctx(tmp_path):
    (tmp_path / "ctx").mkdir()
    return context(tmp_path / "ctx", "FROM scratch\nCOPY f /f\n", f="archived\n")


def _raw(*args: str, cwd=None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([PYDOCK, *args], capture_output=True, cwd=cwd, timeout=180, check=False)


def _members(archive: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return {m.name: tar.extractfile(m).read() if m.isfile() else b"" for m in tar.getmembers()}  # type: ignore[union-attr]


def _config_digest(members: dict[str, bytes]) -> str:
    manifest = json.loads(members["index.json"])["manifests"][0]["digest"]
    return json.loads(members[f"blobs/sha256/{manifest.removeprefix('sha256:')}"])["config"]["digest"]


def _ends_the_archive(out: bytes) -> bool:
    """A tar's end (two zero blocks) is the last thing written: no ID line after it."""
    return len(out) % 512 == 0 and out[-1024:] == bytes(1024)


@pytest.mark.usefixtures("builder")
@pytest.mark.parametrize("args", [["-q", "-o", "type=oci"], ["-o", "type=oci"], ["-q", "-o", "type=oci,dest=-"]])
def test_an_oci_archive_without_dest_goes_to_stdout_and_nothing_after(ctx, args):
    before = pydock("images", "-a", "-q").stdout
    out = _raw("build", *args, str(ctx))
    assert out.returncode == 0, out.stderr
    members = _members(out.stdout)
    assert {"index.json", "oci-layout"} <= set(members)
    assert _ends_the_archive(out.stdout)
    if "-q" in args:
        assert out.stderr == b""
    assert pydock("images", "-a", "-q").stdout == before  # nothing loaded into the namespace


@pytest.mark.usefixtures("builder")
def test_a_tar_without_dest_goes_to_stdout(ctx):
    out = _raw("build", "-q", "-o", "type=tar", str(ctx))
    assert (out.returncode, out.stderr) == (0, b"")
    assert _members(out.stdout)["f"] == b"archived\n"
    assert _ends_the_archive(out.stdout)


@pytest.mark.usefixtures("builder")
@pytest.mark.parametrize("output", ["type=oci", "type=tar", "-", "type=docker,dest=-"])
def test_an_archive_is_not_written_to_a_terminal(ctx, tmp_path, output):
    kind = "tar" if output == "-" else output.split(",")[0].removeprefix("type=")
    child = pexpect.spawn(PYDOCK, ["build", "-q", "-o", output, str(ctx)], cwd=str(tmp_path), timeout=60)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert child.before.decode() == (f"ERROR: failed to build: dest file is required for {kind} exporter. refusing "
                                     "to write to console\r\n")
    assert not (tmp_path / "-").exists()


@pytest.mark.usefixtures("builder")
@pytest.mark.parametrize("kind", ["oci", "docker"])
def test_quiet_and_iidfile_give_the_config_digest_of_an_image_archive(ctx, tmp_path, kind):
    archive, iidfile = tmp_path / f"{kind}.tar", tmp_path / f"{kind}.iid"
    out = pydock("build", "-q", "--iidfile", str(iidfile), "-o", f"type={kind},dest={archive}", str(ctx), timeout=180)
    members = _members(archive.read_bytes())
    config = _config_digest(members)
    manifest = json.loads(members["index.json"])["manifests"][0]["digest"]
    assert config != manifest
    assert (out.returncode, out.stdout, out.stderr) == (0, config + "\n", "")
    assert iidfile.read_text() == config
    # on stdout: the archive, and the ID file written from it
    streamed = _raw("build", "-q", "--iidfile", str(iidfile), "-o", f"type={kind},dest=-", str(ctx))
    assert (streamed.returncode, streamed.stderr) == (0, b"")
    assert _ends_the_archive(streamed.stdout)
    assert iidfile.read_text() == _config_digest(_members(streamed.stdout))
    # a layout folder (tar=false): the same ID for oci; buildx's docker driver refuses a docker one before building
    folder = tmp_path / f"{kind}-layout"
    out = pydock("build", "-q", "-o", f"type={kind},tar=false,dest={folder}", str(ctx), timeout=180)
    if kind == "docker":
        assert (out.returncode, out.stdout, out.stderr) == (
            1, "", "ERROR: failed to build: output directory is not supported by moby exporter\n")
        assert not folder.exists()
        return
    assert (out.returncode, out.stderr) == (0, "")
    layout = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert out.stdout == _config_digest(layout) + "\n"


def test_a_docker_output_without_dest_is_loaded_and_quiet_prints_its_id(ctx, tags):
    tag = tags()
    out = pydock("build", "-q", "-t", tag, "-o", "type=docker", str(ctx), timeout=180)
    assert (out.returncode, out.stderr) == (0, "")
    assert out.stdout == pydock("images", "--no-trunc", "--format", "{{.ID}}", tag).stdout
    assert out.stdout.startswith("sha256:") and len(out.stdout) == 72


@pytest.mark.usefixtures("builder")
def test_one_field_is_a_folder_several_need_a_type(ctx, tmp_path):
    # buildx: `-o dest=x` (one field, not `type=…`) is a folder named `dest=x`; `-o dest=x,tar=false` has no type
    out = _raw("build", "-q", "-o", "dest=out", str(ctx), cwd=tmp_path)
    assert (out.returncode, out.stdout, out.stderr) == (0, b"\n", b"")
    assert (tmp_path / "dest=out" / "f").read_text() == "archived\n"
    refused = _raw("build", "-o", "dest=never,tar=false", str(ctx), cwd=tmp_path)
    assert (refused.returncode, refused.stdout, refused.stderr) == (1, b"", b"ERROR: type is required for output\n")
    assert not (tmp_path / "never").exists()
