"""Image metadata from the image config, and one image ID everywhere (issue 9, items 1 and 2).

Images from several minimal-image builders carry no `history`: their config's `created` is the only date
they have, and docker shows it. The image ID pydock prints is Docker Engine 29's (containerd image store):
the digest the image's name points to. Every ID pydock prints, and Engine 20.10's ID (the config digest),
must be taken back by the verbs that take an image.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import uuid

import pytest

from tests.conftest import pydock
from tests.stack.busybox_image import image_archive

OLD = "2019-05-06T07:08:09Z"  # what docker prints for it: "2019-05-06 07:08:09 +0000 UTC"
NEW = "2021-02-03T04:05:06Z"


def _load(tmp_path, name: str, created: str) -> None:
    archive = tmp_path / f"{uuid.uuid4().hex}.tar"
    archive.write_bytes(image_archive(name, history=False, created=created))
    pydock("load", "-i", str(archive), check=True)


@pytest.fixture
def undated(stack, tmp_path):
    """Two images without history, made on different days."""
    tag = uuid.uuid4().hex[:8]
    old, new = f"pydock-old-{tag}:1", f"pydock-new-{tag}:1"
    _load(tmp_path, old, OLD)
    _load(tmp_path, new, NEW)
    yield old, new
    pydock("rmi", "-f", old, new)


def test_created_comes_from_the_config_without_history(undated):
    old, new = undated
    assert pydock("image", "inspect", "-f", "{{.Created}}", old, check=True).stdout == OLD + "\n"
    assert pydock("inspect", "-f", "{{.Created}}", new, check=True).stdout == NEW + "\n"
    listed = pydock("images", "--format", "{{.Repository}}|{{.CreatedAt}}|{{.CreatedSince}}", check=True).stdout
    rows = dict(line.split("|", 1) for line in listed.splitlines())
    assert rows[old.split(":")[0]].startswith("2019-05-06 07:08:09 +0000 UTC|")
    assert rows[old.split(":")[0]].endswith(" years ago")
    table = pydock("images", old, check=True).stdout.splitlines()
    assert "N/A" not in table[1] and "years ago" in table[1]


def test_since_and_before_filters_use_the_config_date(undated):
    old, new = undated
    since = pydock("images", "--filter", f"since={old}", "--format", "{{.Repository}}:{{.Tag}}", check=True)
    assert new in since.stdout.split() and old not in since.stdout.split()
    before = pydock("images", "--filter", f"before={new}", "--format", "{{.Repository}}:{{.Tag}}", check=True)
    assert old in before.stdout.split() and new not in before.stdout.split()


def test_history_of_an_image_without_history_lists_no_layers(undated):
    # Both engines list history entries only, and this config has none.
    out = pydock("history", undated[0], check=True).stdout
    assert out == "IMAGE     CREATED   CREATED BY   SIZE      COMMENT\n"


def _archive_digests(data: bytes) -> tuple[str, str]:
    """(manifest digest, config digest) of an archive built by busybox_image.py."""
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        index = json.loads(tar.extractfile("index.json").read())
        manifest_digest = index["manifests"][0]["digest"]
        manifest = json.loads(tar.extractfile("blobs/sha256/" + manifest_digest[7:]).read())
    return manifest_digest, manifest["config"]["digest"]


@pytest.fixture
def solo(stack, tmp_path):
    """An image of its own (one name), with its Engine 29 ID and its Engine 20.10 ID."""
    name = f"pydock-solo-{uuid.uuid4().hex[:8]}:1"
    data = image_archive(name, created=NEW)
    archive = tmp_path / "solo.tar"
    archive.write_bytes(data)
    pydock("load", "-i", str(archive), check=True)
    image_id, config_id = _archive_digests(data)
    yield name, image_id, config_id
    pydock("rmi", "-f", name)


def test_every_printed_id_is_the_same(solo, tmp_path):
    name, image_id, _ = solo
    repo = name.split(":")[0]
    assert pydock("images", "-q", repo, check=True).stdout == image_id[7:19] + "\n"
    assert pydock("images", "-q", "--no-trunc", repo, check=True).stdout == image_id + "\n"
    assert pydock("images", "--format", "{{.ID}}", repo, check=True).stdout == image_id[7:19] + "\n"
    assert pydock("image", "inspect", "-f", "{{.Id}}", name, check=True).stdout == image_id + "\n"
    assert pydock("history", "-q", name, check=True).stdout.split()[0] == image_id[7:19]
    assert pydock("history", "-q", "--no-trunc", name, check=True).stdout.split()[0] == image_id
    copy = f"pydock-copy-{uuid.uuid4().hex[:8]}:1"
    pydock("tag", name, copy, check=True)
    pydock("rmi", copy, check=True)
    removed = pydock("rmi", name, check=True).stdout.splitlines()
    assert removed[:2] == [f"Untagged: {name}", f"Deleted: {image_id}"]


def test_unnamed_load_prints_the_id_images_shows(stack, tmp_path):
    data = image_archive(f"pydock-unnamed-{uuid.uuid4().hex[:8]}:1", created="2018-01-01T00:00:00Z")
    unnamed = _without_names(data)
    archive = tmp_path / "unnamed.tar"
    archive.write_bytes(unnamed)
    image_id, _ = _archive_digests(unnamed)
    try:
        assert pydock("load", "-i", str(archive), check=True).stdout == f"Loaded image ID: {image_id}\n"
        listed = pydock("images", "-a", "--no-trunc", "--format", "{{.Repository}} {{.ID}}", check=True).stdout
        assert listed.splitlines().count(f"<none> {image_id}") == 1  # one row, under the ID load printed
        assert pydock("image", "inspect", "-f", "{{.Id}}", image_id[7:19], check=True).stdout == image_id + "\n"
    finally:
        pydock("rmi", "-f", image_id)


def _without_names(data: bytes) -> bytes:
    """The archive with neither docker's RepoTags nor the OCI index's name annotations."""
    out = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(data)) as src, tarfile.open(fileobj=out, mode="w") as dst:
        for member in src.getmembers():
            body = src.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json":
                entries = json.loads(body)
                entries[0]["RepoTags"] = None
                body = json.dumps(entries).encode()
            elif member.name == "index.json":
                index = json.loads(body)
                index["manifests"][0].pop("annotations")
                body = json.dumps(index).encode()
            if body is not None:
                member.size = len(body)
            dst.addfile(member, io.BytesIO(body) if body is not None else None)
    return out.getvalue()


def _forms(digest: str) -> list[str]:
    return [digest, digest[7:], digest[7:19], f"sha256:{digest[7:19]}"]


@pytest.mark.parametrize("which", ["engine 29 id", "engine 20.10 id"])
def test_ids_are_taken_back_by_every_verb(solo, tmp_path, which, name):
    _, image_id, config_id = solo
    wanted = image_id if which == "engine 29 id" else config_id
    for given in _forms(wanted):
        assert pydock("image", "inspect", "-f", "{{.Id}}", given, check=True).stdout == image_id + "\n", given
        assert pydock("inspect", "-f", "{{.Id}}", given, check=True).stdout == image_id + "\n", given
        assert pydock("history", "-q", given, check=True).stdout.split()[0] == image_id[7:19], given
        out = pydock("run", "--rm", given, "echo", "ran", check=True)
        assert (out.stdout, out.stderr) == ("ran\n", ""), given  # no pull, no "Unable to find image"
        created = name("created")
        assert pydock("create", "--name", created, given, "true").returncode == 0, given
        assert pydock("start", "-a", created).returncode == 0, given
        assert pydock("rm", created, check=True).stdout == created + "\n"
        tag = f"pydock-retag-{uuid.uuid4().hex[:8]}:1"
        pydock("tag", given, tag, check=True)
        assert pydock("image", "inspect", "-f", "{{.Id}}", tag, check=True).stdout == image_id + "\n"
        pydock("rmi", tag, check=True)
        saved = tmp_path / "saved.tar"
        pydock("save", "-o", str(saved), given, check=True)
        assert tarfile.is_tarfile(saved) and saved.stat().st_size > 1_000_000, given
    container = name("byid")
    pydock("run", "--name", container, wanted[7:19], "true", check=True)
    # docker shows the image as it was given
    assert pydock("ps", "-a", "--filter", f"name={container}", "--format", "{{.Image}}").stdout == wanted[7:19] + "\n"
    assert pydock("inspect", "-f", "{{.Image}}", container, check=True).stdout == image_id + "\n"


def test_rmi_takes_either_id(stack, tmp_path):
    for which in (0, 1):
        name = f"pydock-rmi-{uuid.uuid4().hex[:8]}:1"
        data = image_archive(name, created=f"200{which}-01-01T00:00:00Z")
        archive = tmp_path / f"{which}.tar"
        archive.write_bytes(data)
        pydock("load", "-i", str(archive), check=True)
        image_id, config_id = _archive_digests(data)
        given = (image_id, config_id)[which][7:19]
        out = pydock("rmi", given)
        assert out.returncode == 0, out.stderr
        assert out.stdout.splitlines()[:2] == [f"Untagged: {name}", f"Deleted: {image_id}"]


def test_an_unknown_id_is_missing_in_docker_words(stack):
    missing = hashlib.sha256(uuid.uuid4().bytes).hexdigest()[:12]
    # Engine 20.10 and 29 alike read an ID that matches nothing as a name with the default tag
    out = pydock("image", "inspect", missing)
    assert (out.returncode, out.stderr) == (1, f"Error response from daemon: No such image: {missing}:latest\n")
    out = pydock("rmi", missing)
    assert (out.returncode, out.stderr) == (1, f"Error response from daemon: No such image: {missing}:latest\n")
