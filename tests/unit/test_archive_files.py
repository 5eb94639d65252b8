"""Image archives in files: the header walk `save` checks its output with, the names `load` reads from a
file it hands to nerdctl untouched, the archive a private file streams on, and the images an archive's
index names (an already-present image needs no load)."""

from __future__ import annotations

import io
import json
import os
import tarfile

import pytest

from shim.backends.nerdctl.archive import ArchiveNames
from shim.backends.nerdctl.load_present import all_present, archive_targets
from shim.plan import Result
from shim.streams import ArchiveSpool
from shim.tar_walk import TarWalk

LAYER = "sha256:" + "a" * 64
MANIFEST = "sha256:" + "b" * 64


def archive(names: tuple[str, ...] = ("docker.io/library/app:1",), *, layer: int = 5000, bare: bool = False) -> bytes:
    """An archive shaped like nerdctl's save: a large blob first, then the index and docker's manifest."""
    notes = [{"org.opencontainers.image.ref.name": "1"} if bare else {"io.containerd.image.name": n} for n in names]
    index = json.dumps({"manifests": [{"digest": MANIFEST, "annotations": a} for a in notes]}).encode()
    manifest = json.dumps([{"Config": "blobs/sha256/" + "c" * 64, "RepoTags": [n.split("/")[-1] for n in names]}])
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in (("blobs/sha256/" + LAYER[7:], os.urandom(layer)), ("index.json", index),
                           ("manifest.json", manifest.encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _file(tmp_path, data: bytes, name: str = "a.tar") -> int:
    path = tmp_path / name
    path.write_bytes(data)
    return os.open(path, os.O_RDONLY)


WHOLE = archive()


def _end(data: bytes) -> int:
    """Where the two end blocks start (Python then pads the archive to a 10 KiB record; nerdctl does not)."""
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        last = tar.getmembers()[-1]
    return last.offset_data + (last.size + 511) // 512 * 512


END = _end(WHOLE)


@pytest.mark.parametrize(("cut", "ended", "bad", "complete"), [
    (len(WHOLE), True, False, True),
    (END + 1024, True, False, True),  # nerdctl writes no record padding: the two end blocks are the end
    (END + 512, False, False, False),  # one end block of two
    (END - 10, False, False, False),  # inside the last member
    (3000, False, False, False),  # inside the layer
    (0, False, False, False),
])
def test_walk_sees_whether_an_archive_ended(tmp_path, cut, ended, bad, complete):
    fd = _file(tmp_path, WHOLE[:cut])
    walk = TarWalk(fd)
    walk.advance(cut)
    assert (walk.ended, walk.bad, walk.complete(cut)) == (ended, bad, complete)
    os.close(fd)


def test_walk_follows_a_growing_file_and_refuses_garbage(tmp_path):
    fd = _file(tmp_path, WHOLE)
    walk = TarWalk(fd)
    for size in range(0, len(WHOLE) + 1, 700):  # as the child writes it
        walk.advance(size)
    walk.advance(len(WHOLE))
    assert walk.complete(len(WHOLE))
    assert [m[0] for m in walk.members if m[2] == b"0"] == ["blobs/sha256/" + LAYER[7:], "index.json", "manifest.json"]
    garbage = _file(tmp_path, b"not a tar archive\n" * 100, "g.tar")
    walk = TarWalk(garbage)
    walk.advance(1800)
    assert (walk.bad, walk.complete(1800)) == (True, False)


def test_names_from_a_file_start_at_its_offset_and_leave_it_there(tmp_path):
    # `load < FILE`: stdin may already be partway into the file; nerdctl then reads from there
    fd = _file(tmp_path, b"x" * 1024 + WHOLE)
    os.lseek(fd, 1024, os.SEEK_SET)
    names = ArchiveNames()
    assert names.read_file(fd)
    assert os.lseek(fd, 0, os.SEEK_CUR) == 1024
    assert names.names() == (["app:1"], [])


@pytest.mark.parametrize("data", [WHOLE[:END - 10], b"\x1f\x8b" + WHOLE, b"garbage" * 200])
def test_names_from_a_file_give_way_to_the_relay(tmp_path, data):
    # cut short, compressed (docker's gzip, bzip2, xz) or not an archive: the relay path reads and reports it
    names = ArchiveNames()
    assert not names.read_file(_file(tmp_path, data))
    assert names.files == {} and not names.started


def test_archive_spool_sends_a_growing_file_on_and_checks_its_end(tmp_path):
    spool = os.open(tmp_path / "spool", os.O_RDWR | os.O_CREAT)
    out = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT)
    follower = ArchiveSpool(spool, out=out)
    for start in range(0, len(WHOLE), 4096):
        os.write(spool, WHOLE[start:start + 4096])
        follower.step()
    assert follower.finish()
    assert (tmp_path / "out").read_bytes() == WHOLE
    cut = os.open(tmp_path / "cut", os.O_RDWR | os.O_CREAT)
    os.write(cut, WHOLE[:END - 10])
    assert not ArchiveSpool(cut, out=out).finish()


def test_archive_spool_of_an_appended_file_starts_where_the_archive_does(tmp_path):
    # `save IMAGE >> FILE`: nerdctl writes into stdout itself; the walk starts at the old end
    fd = _file(tmp_path, b"earlier content\n" + WHOLE)
    assert ArchiveSpool(fd, start=16).finish()
    assert not ArchiveSpool(fd, start=0).finish()


@pytest.mark.parametrize(("data", "targets"), [
    (archive(), ["docker.io/library/app:1 " + MANIFEST]),
    (archive(("docker.io/library/app:1", "127.0.0.1:5000/x/app:2")),
     ["docker.io/library/app:1 " + MANIFEST, "127.0.0.1:5000/x/app:2 " + MANIFEST]),
    (archive(bare=True), []),  # named by a bare tag only: nerdctl's own naming, an ordinary load
    (archive()[:END - 10], []),
    (b"\x1f\x8b" + archive(), []),
])
def test_archive_targets_come_from_the_index(tmp_path, data, targets):
    path = tmp_path / "a.tar"
    path.write_bytes(data)
    assert archive_targets(str(path))[1] == targets


def test_archive_targets_of_a_missing_file_leave_the_error_to_the_load(tmp_path):
    assert archive_targets(str(tmp_path / "nope.tar"))[1] == []


@pytest.mark.parametrize(("result", "present"), [
    (Result(0, f"docker.io/library/app:1 {MANIFEST}\n".encode()), True),
    # nerdctl lists the image's other names beside the one asked for
    (Result(0, f"docker.io/library/app:1 {MANIFEST}\ndocker.io/library/other:2 {MANIFEST}\n".encode()), True),
    (Result(0, f"docker.io/library/app:1 sha256:{'d' * 64}\n".encode()), False),  # the name points elsewhere
    (Result(1, b"", ['time="t" level=fatal msg="1 errors:\\nno such image: app:1"']), False),
])
def test_an_archive_is_present_only_when_every_name_points_to_its_manifest(result, present):
    assert all_present(result, ["docker.io/library/app:1 " + MANIFEST]) is present


def test_names_reader_lets_layer_bytes_pass_unseen():
    # from a pipe, the layers' data goes to nerdctl by splice; the reader sees headers and the JSON files
    names = ArchiveNames()
    assert names.passthrough() == 0  # nothing read yet: the first bytes tell whether it is compressed
    names.feed(WHOLE[:512])  # the layer's header (pax headers come first when there are any)
    seen = 512
    while names.passthrough() == 0 and seen < len(WHOLE):
        names.feed(WHOLE[seen:seen + 512])
        seen += 512
    unseen = names.passthrough()
    assert 5000 <= unseen < 5000 + 512  # the layer's data and its padding
    names.skipped(unseen)
    names.feed(WHOLE[seen + unseen:])
    assert names.names() == (["app:1"], [])
    assert names.passthrough() > len(WHOLE)  # read: the rest only for nerdctl


def test_names_reader_sees_everything_it_decompresses():
    import gzip

    names = ArchiveNames()
    names.transform(gzip.compress(WHOLE)[:100])
    assert names.passthrough() == 0


def _private(tmp_path, name: str):
    return lambda: os.open(tmp_path / name, os.O_RDWR | os.O_CREAT | os.O_TRUNC)


@pytest.mark.parametrize(("second", "whole"), [
    (WHOLE, True),
    # another archive of the same shape (the name moved on between the tries): never spliced onto the first
    (WHOLE.replace(b"app:1", b"app:2"), False),
])
def test_a_short_archive_sent_on_is_completed_by_the_next_try_only_if_it_is_the_same(tmp_path, second, whole):
    out = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT)
    first = ArchiveSpool(_private(tmp_path, "one")(), out=out)
    os.write(first.spool, WHOLE[:END - 10])  # cut inside the last member: index.json went down the pipe
    assert not first.finish()
    again = first.again(_private(tmp_path, "two"))
    os.write(again.spool, second)
    assert again.finish() is whole
    if whole:
        assert (tmp_path / "out").read_bytes() == WHOLE
