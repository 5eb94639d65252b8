"""pull, images, tag, push, save, load, rmi through the real pydock on the real stack."""

from __future__ import annotations

import os
import stat
import subprocess
import tarfile

from tests.conftest import PYDOCK, pydock
from tests.integration.conftest import REGISTRY, REMOTE, unique_tag


def image_refs() -> set[str]:
    out = pydock("images", "--format", "{{.Repository}}:{{.Tag}}", check=True).stdout
    return set(out.split())


def test_pull_from_loopback_registry(busybox):
    pydock("rmi", "-f", REMOTE)
    assert REMOTE not in image_refs()
    result = pydock("pull", REMOTE)
    assert result.returncode == 0, result.stderr
    assert REMOTE in image_refs()


def test_pull_quiet_prints_the_reference(busybox):
    short = REMOTE.removesuffix(":latest")
    result = pydock("pull", "-q", short)
    assert (result.returncode, result.stdout) == (0, REMOTE + "\n")


def test_pull_from_localhost_name_over_plain_http(busybox):
    ref = REMOTE.replace("127.0.0.1", "localhost")
    result = pydock("image", "pull", "-q", ref)
    assert (result.returncode, result.stdout) == (0, ref + "\n"), result.stderr
    pydock("rmi", ref, check=True)


def test_pull_missing_image_fails(busybox):
    result = pydock("pull", f"{REGISTRY}/pydock-test/nope:1")
    assert result.returncode == 1
    assert result.stderr.startswith("Error response from daemon: ")
    assert "Traceback" not in result.stderr


def test_images_table_quiet_and_format(busybox):
    table = pydock("images").stdout.splitlines()
    assert table[0].split()[:2] == ["REPOSITORY", "TAG"]
    assert any(line.split()[:2] == ["busybox", "latest"] for line in table[1:])
    ids = pydock("images", "-q").stdout.split()
    assert ids and all(len(i) == 12 for i in ids)
    listed = pydock("image", "ls", "--format", "{{.Repository}}|{{.Tag}}").stdout.splitlines()
    assert "busybox|latest" in listed


def test_tag_then_rmi(busybox):
    tag = unique_tag()
    assert pydock("tag", "busybox", tag).returncode == 0
    assert tag in image_refs()
    result = pydock("rmi", tag)
    assert result.returncode == 0
    assert "Untagged:" in result.stdout
    assert tag not in image_refs()


def test_push_and_pull_back(busybox):
    ref = f"{REGISTRY}/pydock-test/{unique_tag('pushed')}"
    pydock("tag", "busybox", ref, check=True)
    assert pydock("push", ref).returncode == 0
    pydock("rmi", ref, check=True)
    assert pydock("pull", "-q", ref).stdout == ref + "\n"
    pydock("rmi", ref, check=True)


def test_rmi_missing_and_force(busybox):
    result = pydock("rmi", "pydock-no-such-image:1")
    assert result.returncode == 1
    assert "No such image: pydock-no-such-image:1" in result.stderr
    forced = pydock("rmi", "-f", "pydock-no-such-image")
    assert (forced.returncode, forced.stderr) == (0, "Error response from daemon: No such image: pydock-no-such-image:latest\n")


def test_save_to_file_and_stdout_then_load_round_trip(busybox, tmp_path):
    tag = unique_tag("roundtrip")
    pydock("tag", "busybox", tag, check=True)
    archive = tmp_path / "img.tar"
    assert pydock("save", "-o", str(archive), tag).returncode == 0
    with tarfile.open(archive) as tar:
        assert "index.json" in tar.getnames()
    streamed = subprocess.run([PYDOCK, "save", tag], capture_output=True, check=True).stdout
    unnamed_before = _unnamed()
    (tmp_path / "stream.tar").write_bytes(streamed)
    assert tarfile.is_tarfile(tmp_path / "stream.tar")

    pydock("rmi", tag, check=True)
    assert tag not in image_refs()
    loaded = pydock("load", "-i", str(archive))
    assert (loaded.returncode, loaded.stdout) == (0, f"Loaded image: {tag}\n")
    assert tag in image_refs()

    pydock("rmi", tag, check=True)
    via_stdin = pydock("load", "-q", input=streamed)
    assert (via_stdin.returncode, via_stdin.stdout) == (0, f"Loaded image: {tag}\n")
    assert tag in image_refs()
    # nerdctl's extra `import@sha256:…` reference is cleaned up: no new unnamed image.
    assert _unnamed() == unnamed_before
    pydock("rmi", tag, check=True)


def test_save_to_a_pipe_is_whole_every_time(busybox, tmp_path):
    """nerdctl 2.3's `save` to stdout ends early about one run in four here; pydock's never does."""
    whole = tmp_path / "whole.tar"
    pydock("save", "-o", str(whole), busybox, check=True)
    for _ in range(8):
        save = subprocess.Popen([PYDOCK, "save", busybox], stdout=subprocess.PIPE)  # a pipe, as scripts use it
        piped = subprocess.run(["cat"], stdin=save.stdout, capture_output=True, check=True).stdout
        save.stdout.close()
        assert save.wait() == 0
        assert len(piped) == whole.stat().st_size
    leftovers = [p for p in os.listdir(os.environ.get("TMPDIR") or "/var/tmp") if p.startswith(".pydock-")]
    assert leftovers == []


def test_save_leaves_a_device_or_link_alone(busybox, tmp_path):
    """docker refuses `save -o /dev/null` and the like; nerdctl would write there and then remove the node."""
    device, link = tmp_path / "null", tmp_path / "link"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null's numbers, in a folder of the test's
    link.symlink_to("target.tar")
    for path, words in ((device, "cannot write to a character device file"),
                        (link, "cannot write to a symbolic link directly")):
        result = pydock("save", "-o", str(path), busybox)
        assert (result.returncode, result.stdout, result.stderr) == (1, "", f"failed to save image: {words}\n")
    assert stat.S_ISCHR(device.lstat().st_mode) and link.is_symlink()


def test_load_of_bad_archives_reads_like_engine_29(busybox, tmp_path):
    garbage = tmp_path / "garbage.tar"
    garbage.write_bytes(b"garbage\n" * 512)
    empty = tmp_path / "empty.tar"
    empty.write_bytes(b"")
    folder = tmp_path / "folder"
    folder.mkdir()
    for path, words in ((garbage, "archive/tar: invalid tar header"), (empty, "unrecognized image format"),
                        (folder, f"read {folder}: is a directory")):
        result = pydock("load", "-i", str(path))
        assert (result.returncode, result.stdout, result.stderr) == (1, "", words + "\n"), path
    piped = pydock("load", input=garbage.read_bytes())
    assert (piped.returncode, piped.stderr) == (1, "archive/tar: invalid tar header\n")


def test_load_of_compressed_archives_names_their_image(busybox, tmp_path):
    import gzip
    import lzma

    saved = subprocess.run([PYDOCK, "save", busybox], capture_output=True, check=True).stdout
    for compress in (gzip.compress, lzma.compress):  # nerdctl itself reads gzip only
        archive = tmp_path / "img.tar.z"
        archive.write_bytes(compress(saved))
        result = pydock("load", "-i", str(archive))
        assert (result.returncode, result.stdout) == (0, "Loaded image: busybox:latest\n"), result.stderr


def test_rmi_of_an_image_a_container_uses_is_refused_as_engine_29_words_it(busybox, tmp_path):
    tag, other = unique_tag("inuse"), unique_tag("inuse")
    source = pydock("run", "-d", "busybox", "sleep", "60", check=True).stdout.strip()
    pydock("commit", source, tag, check=True)  # an image of the test's own: its names are the test's
    pydock("rm", "-f", source, check=True)
    pydock("tag", tag, other, check=True)
    image_id = pydock("images", "-q", tag, check=True).stdout.strip()
    cid = pydock("create", "--pull=never", tag, "true", check=True).stdout.strip()
    try:
        assert pydock("rmi", other).stdout == f"Untagged: {other}\n"  # another name keeps the image
        by_name = pydock("rmi", tag)
        assert (by_name.returncode, by_name.stderr) == (1, f"Error response from daemon: conflict: unable to delete "
                                                           f"{tag} (must be forced) - container {cid[:12]} is using "
                                                           f"its referenced image {image_id}\n")
        by_id = pydock("rmi", image_id)
        assert (by_id.returncode, by_id.stderr) == (1, f"Error response from daemon: conflict: unable to delete "
                                                       f"{image_id} (must be forced) - image is being used by stopped "
                                                       f"container {cid[:12]}\n")
        assert tag in image_refs()
    finally:
        pydock("rm", "-f", cid)
        pydock("rmi", "-f", tag)


def test_import_with_changes_and_message_prints_the_id(busybox, tmp_path):
    rootfs = tmp_path / "rootfs.tar"
    cid = pydock("create", "busybox", "true", check=True).stdout.strip()
    pydock("export", "-o", str(rootfs), cid, check=True)
    pydock("rm", cid, check=True)
    tag = unique_tag("import")
    result = pydock("import", "-c", 'ENTRYPOINT ["/bin/echo", "ep"]', "--change", "ENV A=b", "-m", "note", "-",
                    tag, input=rootfs.read_bytes())
    assert result.returncode == 0, result.stderr
    assert (result.stdout[:7], len(result.stdout), result.stderr) == ("sha256:", 72, "")
    assert pydock("images", "-q", "--no-trunc", tag).stdout == result.stdout
    ran = pydock("run", "--rm", "--pull=never", tag, "x")
    assert ran.stdout == "ep x\n", ran.stderr
    shown = pydock("image", "inspect", "-f", "{{json .Config.Entrypoint}} {{.Comment}} {{index .Config.Env 0}}", tag)
    assert shown.stdout == '["/bin/echo","ep"] note A=b\n'
    untagged = pydock("image", "import", str(rootfs))
    assert untagged.returncode == 0 and untagged.stdout.startswith("sha256:")
    listed = pydock("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").stdout.splitlines()
    assert f"<none>:<none> {untagged.stdout[7:19]}" in listed  # dangling, as in docker
    pydock("rmi", tag, untagged.stdout.strip(), check=True)


def test_image_prune_removes_dangling_images_and_reports_as_docker(busybox, tmp_path):
    rootfs = tmp_path / "rootfs.tar"
    cid = pydock("create", "busybox", "true", check=True).stdout.strip()
    pydock("export", "-o", str(rootfs), cid, check=True)
    pydock("rm", cid, check=True)
    image_id = pydock("import", "-c", "LABEL pydock-prune=1", str(rootfs), check=True).stdout.strip()
    kept = pydock("image", "prune", "-f", "--filter", "label=pydock-prune=2")
    assert (kept.returncode, kept.stdout) == (0, "Total reclaimed space: 0B\n")
    pruned = pydock("image", "prune", "--force", "--filter", "label=pydock-prune")
    lines = pruned.stdout.splitlines()
    assert lines[:3] == ["Deleted Images:", f"untagged: {image_id}", f"deleted: {image_id}"], pruned.stderr
    assert lines[3] == "" and lines[4].startswith("Total reclaimed space: ") and lines[4] != "Total reclaimed space: 0B"
    assert image_id[7:19] not in pydock("images", "-q").stdout
    assert "busybox:latest" in image_refs()  # named: only --all removes it


def test_images_docker_keeps_unnamed_stay_listed_until_pruned(busybox, tmp_path):
    """A used image forcibly untagged, or an image whose name an import or a tag takes, lists as <none> (docker
    keeps it); image prune removes it once nothing uses it."""
    rootfs = tmp_path / "rootfs.tar"
    cid = pydock("create", "busybox", "true", check=True).stdout.strip()
    pydock("export", "-o", str(rootfs), cid, check=True)
    pydock("rm", cid, check=True)
    tag = unique_tag("keep")
    first = pydock("import", "-m", "one", str(rootfs), tag, check=True).stdout.strip()
    second = pydock("import", "-m", "two", str(rootfs), tag, check=True).stdout.strip()
    moved = unique_tag("keep")
    third = pydock("import", str(rootfs), moved, check=True).stdout.strip()
    pydock("tag", "busybox", moved, check=True)  # the name leaves `third`, which docker keeps unnamed
    user = pydock("create", "--pull=never", tag, "true", check=True).stdout.strip()
    assert pydock("rmi", "-f", tag).stdout == f"Untagged: {tag}\n"
    dangling = pydock("images", "-q", "--no-trunc", "--filter", "dangling=true").stdout.split()
    assert {first, second, third} <= set(dangling)
    pydock("rm", user, check=True)
    pruned = pydock("image", "prune", "-f").stdout
    assert all(f"deleted: {image}" in pruned for image in (first, second, third)), pruned
    pydock("rmi", moved, check=True)


def _unnamed() -> int:
    return pydock("images", "--format", "{{.Repository}}", check=True).stdout.split().count("<none>")


def test_image_management_forms(busybox):
    tag = unique_tag("forms")
    assert pydock("image", "tag", "busybox", tag).returncode == 0
    assert pydock("image", "rm", tag).returncode == 0
    assert tag not in image_refs()
