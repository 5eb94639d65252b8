"""Image IDs taken back as docker takes them, and image entries built from nerdctl's native records."""

from __future__ import annotations

import pytest

from shim.backends.nerdctl import image_ids
from shim.backends.nerdctl.views import image_entries

TARGET = "sha256:9af8f050bf31" + "9a" * 26
OTHER = "sha256:9af8aaaa2222" + "11" * 26
CONFIG = "sha256:9584c1682cd5" + "95" * 26
LISTING = [{"Name": "docker.io/library/busybox:latest", "Digest": TARGET},
           {"Name": "127.0.0.1:5000/app:1", "Digest": TARGET},
           {"Name": "docker.io/library/other:1", "Digest": OTHER},
           {"Name": "docker.io/library/cafe:latest", "Digest": OTHER}]
NATIVES = [{"Image": {"Name": "127.0.0.1:5000/app:1", "Target": {"digest": TARGET}},
            "ImageConfigDesc": {"digest": CONFIG}},
           {"Image": {"Name": "docker.io/library/busybox:latest", "Target": {"digest": TARGET}},
            "ImageConfigDesc": {"digest": CONFIG}}]


@pytest.mark.parametrize(("arg", "is_id"), [
    ("9af8", True), ("9af", False), ("sha256:9af8f050bf31", True), (TARGET, True), (TARGET[7:], True),
    ("busybox", False), ("9AF8F050", False), ("sha256:", False), ("a" * 65, False), ("cafe", True),
])
def test_what_may_be_an_id(arg, is_id):
    assert image_ids.looks_like_id(arg) is is_id


@pytest.mark.parametrize(("arg", "name"), [
    (TARGET, "docker.io/library/busybox:latest"), (TARGET[7:19], "docker.io/library/busybox:latest"),
    ("sha256:" + TARGET[7:19], "docker.io/library/busybox:latest"),
    ("9af8", ""),  # two images start so: ambiguous
    ("cafe", "cafe"),  # a name wins over an ID, as in docker
    (CONFIG[7:19], ""),  # not a listed digest: maybe a config digest
])
def test_ids_found_in_the_listing(arg, name):
    assert image_ids.by_listing(arg, LISTING) == name


@pytest.mark.parametrize(("arg", "name"), [
    (CONFIG, "127.0.0.1:5000/app:1"), (CONFIG[7:19], "127.0.0.1:5000/app:1"), ("95" * 4, ""),
])
def test_engine_20_10_ids_found_by_config(arg, name):
    assert image_ids.by_config(arg, NATIVES) == name
    assert image_ids.target_by_config(arg, NATIVES) == (TARGET if name else "")


def test_image_entries_take_the_config_date_and_engine_29_id():
    natives = [{**n, "size": 2052096, "ImageConfig": {
        "created": "2023-11-14T22:13:20Z", "architecture": "amd64", "os": "linux",
        "config": {"Cmd": ["sh"], "ExposedPorts": {"80/tcp": {}}},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + "5c" * 32]}}} for n in NATIVES]
    (entry,) = image_entries(natives)
    assert entry["Id"] == TARGET and entry["ConfigId"] == CONFIG
    assert entry["Created"] == "2023-11-14T22:13:20Z"  # no history: the config's own date
    assert entry["RepoTags"] == ["127.0.0.1:5000/app:1", "busybox:latest"]
    assert entry["RepoDigests"] == [f"127.0.0.1:5000/app@{TARGET}", f"busybox@{TARGET}"]
    assert entry["Config"]["ExposedPorts"] == {"80/tcp": {}} and entry["Size"] == 2052096
    assert entry["RootFS"] == {"Type": "layers", "Layers": ["sha256:" + "5c" * 32]}


def test_image_entries_of_an_unnamed_image_have_no_tags():
    (entry,) = image_entries([{"Image": {"Name": f"import@{TARGET}", "Target": {"digest": TARGET}}}])
    assert (entry["RepoTags"], entry["RepoDigests"], entry["Created"]) == ([], [], "")
