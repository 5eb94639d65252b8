"""`docker system prune` as docker CLI 28.2.2 prints it on Engine 29 (cli/command/system/prune.go and each part's
RunPrune): docker's question, then a section per part that removed something (containers, networks, anonymous
volumes with --volumes, images, build cache), each followed by a blank line, then `Total reclaimed space:`, the
sum of the parts' bytes in units.HumanSize. Run in a namespace of this module's own. BuildKit's cache is the whole
stack's (other tests' builds use it): BUILDKIT_HOST points the build cache part at a buildkitd that does not exist,
so that part finds nothing to prune, as nerdctl's own system prune does then."""

from __future__ import annotations

import io
import os
import tarfile

import pytest

from shim.output.units import human_size
from tests.conftest import pydock

NS = "sysprune-test"
ENV = {"CONTAINERD_NAMESPACE": NS, "BUILDKIT_HOST": "unix:///nonexistent/buildkitd.sock"}
IMAGE = "busybox"
QUESTION = ("WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one "
            "container\n{volumes}  - {images}\n  - {cache}\n\nAre you sure you want to continue? [y/N] ")


def run(*args: str, **kw):
    return pydock("--namespace", NS, *args, env={**ENV, **kw.pop("env", {})}, **kw)


def question(*, volumes: bool = False, every: bool = False) -> str:
    return QUESTION.format(
        volumes="  - all anonymous volumes not used by at least one container\n" if volumes else "",
        images="all images without at least one container associated to them" if every else "all dangling images",
        cache="all build cache" if every else "unused build cache")


@pytest.fixture(scope="module")
def namespace(stack, image_archive):
    yield
    for kind, listing in (("rm", ("ps", "-aq")), ("volume", ("volume", "ls", "-q"))):
        left = run(*listing).stdout.split()
        if left:
            run(*(("rm", "-f") if kind == "rm" else ("volume", "rm", "-f")), *left)
    run("network", "rm", "sysprune-net")
    left = run("images", "-q").stdout.split()
    if left:
        run("rmi", "-f", *set(left))


@pytest.fixture
def clean(namespace, image_archive):
    """The namespace with busybox and nothing to prune."""
    if IMAGE not in run("images", "--format", "{{.Repository}}").stdout.split():
        assert run("load", "-i", str(image_archive)).returncode == 0
    done = run("system", "prune", "-f", "--volumes")
    assert done.returncode == 0, done.stderr


def _litter(tmp_path) -> tuple[str, str, int]:
    """A stopped container that wrote 300,000 bytes, an unused network and an untagged image of 200,000 bytes:
    their IDs and the bytes docker counts for them (the writable layer's SizeRw, the image's Size)."""
    made = run("run", "--name", "sysprune-c", IMAGE, "sh", "-c", "head -c 300000 /dev/urandom > /big")
    assert made.returncode == 0, made.stderr
    assert run("network", "create", "sysprune-net").returncode == 0
    archive = tmp_path / "layer.tar"
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo("blob")
        info.size = 200_000
        tar.addfile(info, io.BytesIO(os.urandom(200_000)))
    image = run("import", str(archive)).stdout.strip()
    assert image.startswith("sha256:"), image
    cid = run("inspect", "--format", "{{.Id}}", "sysprune-c").stdout.strip()
    size_rw = int(run("inspect", "--size", "--format", "{{.SizeRw}}", "sysprune-c").stdout)
    size = int(run("image", "inspect", "--format", "{{.Size}}", image).stdout)
    assert size_rw >= 300_000 and size >= 200_000, (size_rw, size)
    return cid, image, size_rw + size


def test_answer_n_removes_nothing(clean, tmp_path):
    cid, _image, _bytes = _litter(tmp_path)
    done = run("system", "prune", input="n\n")
    assert (done.returncode, done.stdout, done.stderr) == (0, question(), "")
    assert cid in run("ps", "-aq", "--no-trunc").stdout
    assert "sysprune-net" in run("network", "ls").stdout


def test_answer_y_prints_each_part_and_the_total(clean, tmp_path):
    cid, image, reclaimed = _litter(tmp_path)
    done = run("system", "prune", input="y\n")
    expected = (f"Deleted Containers:\n{cid}\n\nDeleted Networks:\nsysprune-net\n\n"
                f"Deleted Images:\nuntagged: {image}\ndeleted: {image}\n\n"
                f"Total reclaimed space: {human_size(reclaimed, 4)}\n")
    assert (done.returncode, done.stdout, done.stderr) == (0, question() + expected, "")
    assert human_size(reclaimed, 4).endswith("kB")  # 500 kB and more: a real figure, not 0B
    assert run("ps", "-aq").stdout == ""
    again = run("system", "prune", "-f")
    assert (again.returncode, again.stdout, again.stderr) == (0, "Total reclaimed space: 0B\n", "")


def test_force_asks_nothing(clean, tmp_path):
    cid, image, reclaimed = _litter(tmp_path)
    done = run("system", "prune", "--force")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith(f"Deleted Containers:\n{cid}\n\n")
    assert done.stdout.endswith(f"deleted: {image}\n\nTotal reclaimed space: {human_size(reclaimed, 4)}\n")


def test_volumes_prunes_anonymous_volumes_between_networks_and_images(clean):
    anonymous = run("volume", "create").stdout.strip()
    assert run("volume", "create", "sysprune-named").returncode == 0
    wrote = run("run", "--rm", "-v", f"{anonymous}:/data", IMAGE, "sh", "-c", "head -c 100000 /dev/urandom > /data/f")
    assert wrote.returncode == 0, wrote.stderr
    assert run("network", "create", "sysprune-net").returncode == 0
    asked = run("system", "prune", "--volumes", input="n\n")
    assert (asked.returncode, asked.stdout) == (0, question(volumes=True))
    plain = run("system", "prune", "-f")  # without --volumes they stay
    assert plain.stdout == "Deleted Networks:\nsysprune-net\n\nTotal reclaimed space: 0B\n"
    done = run("system", "prune", "-f", "--volumes")
    assert (done.returncode, done.stdout, done.stderr) == (
        0, f"Deleted Volumes:\n{anonymous}\n\nTotal reclaimed space: {human_size(100_000, 4)}\n", "")
    assert run("volume", "ls", "-q").stdout.split() == ["sysprune-named"]  # named volumes are not pruned
    run("volume", "rm", "sysprune-named")


def test_all_removes_unused_tagged_images(clean):
    assert run("tag", IMAGE, "sysprune-tagged:1").returncode == 0
    image = run("image", "inspect", "--format", "{{.Id}}", IMAGE).stdout.strip()
    size = int(run("image", "inspect", "--format", "{{.Size}}", IMAGE).stdout)
    asked = run("system", "prune", "-a", input="no\n")
    assert (asked.returncode, asked.stdout) == (0, question(every=True))
    dangling_only = run("system", "prune", "-f")
    assert dangling_only.stdout == "Total reclaimed space: 0B\n"
    done = run("system", "prune", "-a", "-f")
    assert (done.returncode, done.stdout, done.stderr) == (
        0, f"Deleted Images:\nuntagged: busybox:latest\nuntagged: sysprune-tagged:1\ndeleted: {image}\n\n"
           f"Total reclaimed space: {human_size(size, 4)}\n", "")
    assert run("images", "-q").stdout == ""


def test_filters_reach_every_part(clean, tmp_path):
    """docker's client passes --filter to each prune: labelled objects go, the others stay."""
    kept = run("create", "--name", "sysprune-kept", IMAGE, "true").stdout.strip()
    gone = run("create", "--name", "sysprune-gone", "--label", "sysprune=1", IMAGE, "true").stdout.strip()
    assert run("network", "create", "--label", "sysprune=1", "sysprune-net").returncode == 0
    assert run("network", "create", "sysprune-net2").returncode == 0
    recent = run("system", "prune", "-f", "--filter", "label=sysprune", "--filter", "until=1h")
    assert (recent.returncode, recent.stdout) == (0, "Total reclaimed space: 0B\n"), recent.stderr  # all new
    done = run("system", "prune", "-f", "--filter", "label=sysprune")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Deleted Containers:\n{gone}\n\nDeleted Networks:\nsysprune-net\n\n"), done.stdout
    assert run("ps", "-aq", "--no-trunc").stdout.split() == [kept]
    assert "sysprune-net2" in run("network", "ls", "--format", "{{.Name}}").stdout.split()
    until_now = run("system", "prune", "-f", "--filter", "until=0s")
    assert until_now.stdout.startswith(f"Deleted Containers:\n{kept}\n\nDeleted Networks:\nsysprune-net2\n\n")


def test_until_with_volumes_is_refused_before_the_question(clean):
    done = run("system", "prune", "--volumes", "--filter", "until=1h", input="y\n")
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", 'ERROR: The "until" filter is not supported with "--volumes"\n')


def test_a_filter_a_part_refuses_is_its_error_after_the_question(clean):
    done = run("system", "prune", "--filter", "dangling=true", input="y\n")
    assert (done.returncode, done.stdout, done.stderr) == (
        1, question(), "Error response from daemon: invalid filter 'dangling'\n")
