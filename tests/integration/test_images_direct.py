"""`images` reads each image's config and unpacked size from containerd directly
(shim/backends/nerdctl/image_records.py) instead of `nerdctl image inspect --mode=native`, which walks
every name of a digest. What it reads must be what nerdctl's inspect shows: here both are read for the
images of the test namespace (a loaded one, a committed one with labels, a pulled multi-name one, a
build) and compared entry for entry."""

from __future__ import annotations

import json
import os
import subprocess

from shim.backends.nerdctl.image_records import native_records
from shim.backends.nerdctl.views import image_entries
from tests.conftest import pydock, ran_nerdctl
from tests.integration.conftest import NAMESPACE, REMOTE, unique_tag

ADDRESS = "/run/containerd/containerd.sock"
COMPARED = ("Id", "ConfigId", "Created", "Size", "Config", "Architecture", "Os", "RootFS")



def _nerdctl(*argv: str) -> bytes:
    return subprocess.run(["nerdctl", "-n", NAMESPACE, *argv], capture_output=True, check=True).stdout


def test_direct_reading_equals_nerdctls_native_inspect(busybox, name, tmp_path):
    committed = unique_tag("pydock-direct")
    cname = name("commit")
    pydock("run", "--name", cname, "busybox", "sh", "-c", "echo hi > /f", check=True)
    pydock("commit", "-c", "LABEL tier=front", cname, committed, check=True)
    (tmp_path / "Dockerfile").write_text("FROM busybox\nLABEL built=yes\nRUN echo x > /x\n")
    built = unique_tag("pydock-direct-built")
    pydock("build", "-q", "-t", built, str(tmp_path), check=True, timeout=180)
    pydock("pull", "-q", REMOTE, check=True)
    try:
        listing = [json.loads(line) for line in _nerdctl("images", "--format", "{{json .}}").splitlines()]
        digests = list(dict.fromkeys(item["Digest"] for item in listing if item.get("Digest")))
        direct = {e["Id"]: e for e in image_entries(native_records(ADDRESS, NAMESPACE, "overlayfs", digests) or [])}
        assert set(direct) == set(digests), "containerd's API could not be read"
        expected = {e["Id"]: e for e in image_entries(json.loads(_nerdctl("image", "inspect", "--mode=native",
                                                                          *digests)))}
        for digest in digests:
            assert {k: direct[digest].get(k) for k in COMPARED} == {k: expected[digest].get(k) for k in COMPARED}, digest
        assert any(e["Config"].get("Labels") == {"tier": "front"} for e in direct.values())
    finally:
        pydock("rmi", "-f", committed, built)


def test_images_uses_the_direct_reading(busybox):
    shown = pydock("images", "--format", "{{.Repository}}:{{.Tag}} {{.Size}}", env={**os.environ, "PYDOCK_DEBUG": "1"})
    assert shown.returncode == 0
    assert "read from containerd's API" in shown.stderr
    assert "busybox:latest 2.05MB" in shown.stdout.splitlines()


def test_images_output_is_the_same_either_way(busybox):
    fmt = "{{.ID}}|{{.Repository}}|{{.Tag}}|{{.Digest}}|{{.CreatedAt}}|{{.Size}}"
    direct = pydock("images", "-a", "--digests", "--format", fmt, check=True).stdout
    assert direct == pydock("images", "-a", "--digests", "--format", fmt, env={"PYDOCK_CONTAINERD_API": "0"},
                            check=True).stdout
    assert "|busybox|latest|" in direct


def test_images_listing_is_read_directly(busybox):
    shown = pydock("images", "-q", env={**os.environ, "PYDOCK_DEBUG": "1"})
    assert shown.returncode == 0 and shown.stdout
    assert "images: listing read from containerd's API" in shown.stderr
    assert "nerdctl images" not in shown.stderr


def _records(*names: str) -> dict[str, tuple[str, dict]]:
    """containerd's record of each name, as `nerdctl image inspect --mode=native` shows it: target and labels."""
    out = {}
    for item in json.loads(_nerdctl("image", "inspect", "--mode=native", *names)):
        image = item["Image"]
        out[image["Name"]] = (image["Target"]["digest"], image.get("Labels") or {})
    return out


def test_tag_names_the_image_in_containerd_directly(busybox, tmp_path):
    """`tag` asks containerd's Images service itself (shim/containerd/image_names.py), not nerdctl: no nerdctl
    command runs, and the record is nerdctl's own tag's (same target, no labels), also where the name existed."""
    new, other = unique_tag("pydock-direct-tag"), unique_tag("pydock-direct-tag")
    debug = pydock("tag", "busybox", new, env={"PYDOCK_DEBUG": "1"}, check=True)
    assert not ran_nerdctl(debug.stderr), debug.stderr
    pydock("tag", REMOTE, other, env={"PYDOCK_CONTAINERD_API": "0"}, check=True)  # nerdctl's own tag
    full = {t: "docker.io/library/" + t for t in (new, other)}
    records = _records(full[new], full[other], "docker.io/library/busybox:latest")
    assert records[full[new]] == (records["docker.io/library/busybox:latest"][0], {})
    assert records[full[new]] == records[full[other]]
    # a name that exists is repointed: the image it left stays listed as docker keeps it (<none>)
    rootfs = tmp_path / "rootfs.tar"
    cid = pydock("create", "busybox", "true", check=True).stdout.strip()
    pydock("export", "-o", str(rootfs), cid, check=True)
    pydock("rm", cid, check=True)
    imported = pydock("import", str(rootfs), new, check=True).stdout.strip()
    debug = pydock("tag", "busybox", new, env={"PYDOCK_DEBUG": "1"}, check=True)
    assert not ran_nerdctl(debug.stderr), debug.stderr
    assert _records(full[new])[full[new]][0] == records["docker.io/library/busybox:latest"][0]
    dangling = pydock("images", "-q", "--no-trunc", "--filter", "dangling=true", check=True).stdout.split()
    assert imported in dangling
    pydock("rmi", new, other, check=True)
    pydock("rmi", imported, check=True)


def test_tag_of_what_containerd_lacks_is_nerdctls_error(busybox):
    missing = unique_tag("pydock-direct-none")
    done = pydock("tag", missing, unique_tag("pydock-direct-none"))
    assert (done.returncode, done.stderr) == (1, f"Error response from daemon: No such image: {missing}\n")


def test_rmi_takes_names_away_in_containerd_directly(busybox, tmp_path):
    """rmi asks containerd's Images service to delete each name, synchronously as nerdctl does: no nerdctl
    command runs, docker's lines print, and the last name's content is collected by the time rmi returns."""
    rootfs = tmp_path / "rootfs.tar"
    cid = pydock("create", "busybox", "true", check=True).stdout.strip()
    pydock("export", "-o", str(rootfs), cid, check=True)
    pydock("rm", cid, check=True)
    first, second = unique_tag("pydock-direct-rmi"), unique_tag("pydock-direct-rmi")
    image = pydock("import", str(rootfs), first, check=True).stdout.strip()
    pydock("tag", first, second, check=True)
    done = pydock("rmi", first, second, "pydock-direct-rmi:none", env={"PYDOCK_DEBUG": "1"})
    assert not ran_nerdctl(done.stderr), done.stderr
    assert (done.returncode, done.stdout) == (1, f"Untagged: {first}\nUntagged: {second}\nDeleted: {image}\n")
    assert done.stderr.endswith("Error response from daemon: No such image: pydock-direct-rmi:none\n")
    content = subprocess.run(["ctr", "-n", NAMESPACE, "content", "ls", "-q"], capture_output=True, text=True,
                             check=True).stdout.split()
    assert image not in content  # the manifest is gone with the last name
