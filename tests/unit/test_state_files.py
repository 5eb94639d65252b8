"""containerd's metadata file read without nerdctl (shim/backends/nerdctl/bolt.py, containerd_state.py), and the
steps tag, rmi and stop take from what it says: the common path of each is one nerdctl command (issue #13).

The bbolt files here are written by a small writer of the format's pages (meta, branch, leaf, inline buckets,
overflow); tests/integration/test_state_files.py reads the running containerd's own file against nerdctl."""

from __future__ import annotations

import os
import struct

import pytest

from shim import spec
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.backends.nerdctl import bolt, containerd_state
from shim.backends.nerdctl.containerd_state import Container, find
from shim.parse import parse_command
from shim.plan import CAPTURE, PREPARE, Done, Plan, Result

PAGE = 4096
BUSYBOX = "sha256:" + "9a" * 32
OTHER = "sha256:" + "11" * 32
ID_A, ID_B = "a1" * 32, "b2" * 32


# --- a bbolt writer, for the tests ---------------------------------------------------------------------------
def _fnv(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def meta(number: int, root: int, txid: int, *, valid: bool = True) -> bytes:
    body = struct.pack("<IIIIQQQQQ", bolt.MAGIC, 2, PAGE, 0, root, 0, 2, 16, txid)
    checksum = _fnv(body) if valid else _fnv(body) ^ 1
    return (struct.pack("<QHHI", number, 0x04, 0, 0) + body + struct.pack("<Q", checksum)).ljust(PAGE, b"\0")


def leaf(number: int, items: list[tuple[bytes, bytes, bool]], *, pad: bool = True) -> bytes:
    """A leaf page: (key, value, is a bucket) in key order; pad=False for a bucket stored inline."""
    elements, data = b"", b""
    start = 16 + 16 * len(items)
    for i, (key, value, is_bucket) in enumerate(items):
        pos = start + len(data) - (16 + 16 * i)
        elements += struct.pack("<IIII", 1 if is_bucket else 0, pos, len(key), len(value))
        data += key + value
    body = elements + data
    if not pad:
        return struct.pack("<QHHI", 0, 0x02, len(items), 0) + body
    pages = (16 + len(body) + PAGE - 1) // PAGE
    return (struct.pack("<QHHI", number, 0x02, len(items), pages - 1) + body).ljust(pages * PAGE, b"\0")


def branch(number: int, children: list[tuple[bytes, int]]) -> bytes:
    elements, data = b"", b""
    start = 16 + 16 * len(children)
    for i, (key, child) in enumerate(children):
        elements += struct.pack("<IIQ", start + len(data) - (16 + 16 * i), len(key), child)
        data += key
    return (struct.pack("<QHHI", number, 0x01, len(children), 0) + elements + data).ljust(PAGE, b"\0")


def inline(items: list[tuple[bytes, bytes, bool]]) -> bytes:
    return struct.pack("<QQ", 0, 0) + leaf(0, items, pad=False)


def on_page(number: int) -> bytes:
    return struct.pack("<QQ", number, 0)


def container_bucket(image: str, labels: dict[str, str], spec_size: int = 40) -> bytes:
    return inline([(b"image", image.encode(), False),
                   (b"labels", inline([(k.encode(), v.encode(), False) for k, v in sorted(labels.items())]), True),
                   (b"spec", b"s" * spec_size, False)])


def write_db(path, *, second_meta_valid: bool = False) -> None:
    """v1/ns/images (inline) and v1/ns/containers (a branch page over two leaves, one overflowing)."""
    images = inline([
        (b"docker.io/library/busybox:latest", inline([(b"target", inline([(b"digest", BUSYBOX.encode(), False)]),
                                                       True)]), True),
        (b"docker.io/library/solo:1", inline([(b"target", inline([(b"digest", OTHER.encode(), False)]), True)]),
         True)])
    first = leaf(6, [(ID_A.encode(), container_bucket("docker.io/library/busybox:latest",
                                                      {"nerdctl/name": "web", "pydock/autoremove": "true"}), True)])
    second = leaf(7, [(ID_B.encode(), container_bucket("docker.io/library/solo:1", {"nerdctl/name": "db"},
                                                       spec_size=6000), True)])  # an overflow page
    pages = [meta(0, 2, 5), meta(1, 2, 6, valid=second_meta_valid),
             leaf(2, [(b"v1", on_page(3), True)]),
             leaf(3, [(b"ns", on_page(4), True)]),
             leaf(4, [(b"containers", on_page(5), True), (b"images", images, True)]),
             branch(5, [(ID_A.encode(), 6), (ID_B.encode(), 7)]), first, second]
    path.write_bytes(b"".join(pages))


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "meta.db"
    write_db(path)
    fd = os.open(path, os.O_RDONLY)
    yield fd, path
    os.close(fd)


# --- reading -------------------------------------------------------------------------------------------------
def test_images_and_containers_are_read_through_branches_inline_buckets_and_overflow(db):
    state = containerd_state._read(db[0], b"ns", images=True, containers=True)
    assert state.images == [{"Name": "docker.io/library/busybox:latest", "Digest": BUSYBOX},
                            {"Name": "docker.io/library/solo:1", "Digest": OTHER}]
    assert state.containers == [
        Container(ID_A, "docker.io/library/busybox:latest", {"nerdctl/name": "web", "pydock/autoremove": "true"}),
        Container(ID_B, "docker.io/library/solo:1", {"nerdctl/name": "db"})]
    empty = containerd_state._read(db[0], b"other", images=True, containers=True)  # no such namespace
    assert (empty.images, empty.containers) == ([], [])


def test_the_current_meta_is_the_valid_one_with_the_higher_transaction(db):
    fd, path = db
    reader = bolt.Reader(fd)
    assert reader.txid == 5  # meta 1 (txid 6) is being written: its checksum does not match yet
    assert reader.bucket(b"v1", b"ns", b"containers").bucket(ID_B.encode()).get(b"spec") == b"s" * 6000
    assert reader.unchanged()
    write_db(path, second_meta_valid=True)  # a commit while it read: what it read may be gone
    assert not reader.unchanged()


def test_a_page_that_claims_to_run_past_the_end_is_unreadable(db):
    fd, path = db
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, 7 * PAGE + 12, 0xFFFFFFFF)  # the overflowing leaf's overflow count, torn
    path.write_bytes(bytes(data))
    assert containerd_state._read(fd, b"ns", images=True, containers=True) is None


def test_a_file_that_is_not_bbolt_is_unreadable(tmp_path):
    path = tmp_path / "meta.db"
    path.write_bytes(b"\0" * PAGE * 2)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert containerd_state._read(fd, b"ns", images=True, containers=False) is None
    finally:
        os.close(fd)


def test_an_unlocked_or_unreachable_file_is_not_trusted(monkeypatch, tmp_path):
    monkeypatch.delenv("PYDOCK_CONTAINERD_API")
    # another address means another containerd, whose file is not at the default root
    assert containerd_state.read(Context(address="/run/pydock-elsewhere.sock")) is None
    # a file no containerd holds open (locked) is an old one
    write_db(tmp_path / "meta.db")
    monkeypatch.setattr(containerd_state, "META_DB", str(tmp_path / "meta.db"))
    assert containerd_state.read(Context(namespace="ns", namespace_given=True)) is None
    monkeypatch.setenv("PYDOCK_CONTAINERD_API", "0")
    assert containerd_state.read(Context()) is None
    assert containerd_state.running_ids(Context()) is None


THIRD = "b2c3" + "0" * 60


@pytest.mark.parametrize(("given", "found"), [
    ("web", ID_A), (ID_B, ID_B), ("db", ID_B), ("b2b", ID_B), ("b2b2", THIRD), ("nope", None),
])  # "b2b2" names the third container, and a name wins over an ID prefix
def test_containers_are_found_as_docker_finds_them(given, found):
    records = [Container(ID_A, "x", {"nerdctl/name": "web"}), Container(ID_B, "y", {"nerdctl/name": "db"}),
               Container(THIRD, "z", {"nerdctl/name": "b2b2"})]
    hit = find(records, given)
    assert (hit.id if hit else None) == found


def test_an_ambiguous_id_prefix_finds_nothing():
    records = [Container("ab1" + "0" * 61, "x", {}), Container("ab2" + "0" * 61, "y", {})]
    assert find(records, "ab") is None
    assert find(records, "ab1").id.startswith("ab1")


# --- one nerdctl command on the common path ------------------------------------------------------------------
def parsed_of(*argv: str):
    module, canonical = spec.PATHS[argv[0]]
    return parse_command(list(argv[1:]), spec.get(module), canonical)


@pytest.mark.parametrize(("argv", "command"), [
    (["tag", "busybox", "mine:1"], ["nerdctl", "tag", "busybox", "mine:1"]),
    (["rmi", "mine:1"], ["nerdctl", "rmi", "--force", "mine:1"]),
    (["rm", "c1"], ["nerdctl", "rm", "c1"]),
    (["logs", "c1"], ["nerdctl", "logs", "c1"]),
])
def test_the_common_path_is_one_nerdctl_command(argv, command):
    plan = backend.translate(parsed_of(*argv), Context())
    assert plan.commands() == [command]  # what --dry-run shows: nothing asked first
    if plan.mode == PREPARE:  # containerd's file is read first, no process
        assert plan.argv == []


def test_tag_from_containerd_records_is_the_one_tag():
    from shim.backends.nerdctl.images import tag_steps

    listing = [{"Name": "docker.io/library/busybox:latest", "Digest": BUSYBOX}]
    step = tag_steps(parsed_of("tag", "busybox", "mine:1"), Context(), "busybox", "mine:1", listing)
    assert (step.argv, step.then) == (["nerdctl", "tag", "busybox", "mine:1"], None)


def test_rmi_from_containerd_records_is_the_one_rmi_and_prints_dockers_lines():
    from shim.backends.nerdctl.rmi import rmi_steps, stored_users

    listing = [{"Name": "docker.io/library/busybox:latest", "Digest": BUSYBOX},
               {"Name": "docker.io/library/mine:1", "Digest": BUSYBOX}]
    parsed = parsed_of("rmi", "mine:1")
    step = rmi_steps(parsed, Context(), listing, stored_users([], listing, set()))
    assert step.argv == ["nerdctl", "rmi", "--force", "docker.io/library/mine:1"]
    done = step.then(Result(0, f"Untagged: docker.io/library/mine:1@{BUSYBOX}\n".encode()))
    assert (done.code, done.stdout, done.stderr) == (0, "Untagged: mine:1\n", "")


@pytest.mark.parametrize(("running", "argv", "stderr"), [
    # the last name of an image a container uses, stopped or running: docker refuses unless forced
    (set(), ["solo:1"], f"Error response from daemon: conflict: unable to delete solo:1 (must be forced) - container "
                        f"{ID_B[:12]} is using its referenced image {OTHER[7:19]}"),
    # by ID: a running container's image cannot be deleted even with --force
    ({ID_B}, ["-f", OTHER[7:19]], f"Error response from daemon: conflict: unable to delete {OTHER[7:19]} (cannot be "
                                  f"forced) - image is being used by running container {ID_B[:12]}"),
    (set(), [OTHER[7:19]], f"Error response from daemon: conflict: unable to delete {OTHER[7:19]} (must be forced) "
                           f"- image is being used by stopped container {ID_B[:12]}"),
])
def test_rmi_conflicts_from_containerd_records_are_engine_29s(running, argv, stderr):
    from shim.backends.nerdctl.rmi import rmi_steps, stored_users

    listing = [{"Name": "docker.io/library/solo:1", "Digest": OTHER}]
    containers = [Container(ID_B, "docker.io/library/solo:1", {"nerdctl/name": "db"})]
    done = rmi_steps(parsed_of("rmi", *argv), Context(), listing, stored_users(containers, listing, running))
    assert isinstance(done, Done)  # refused before nerdctl is asked
    assert (done.code, done.stdout, done.stderr) == (1, "", stderr)


def test_stop_removes_only_the_run_d_rm_containers_it_stopped():
    from shim.backends.nerdctl.containers import after_stop

    records = [Container(ID_A, "x", {"nerdctl/name": "web", "pydock/autoremove": "true"}),
               Container(ID_B, "y", {"nerdctl/name": "db"})]
    stopped = Done(0, "db\n")
    assert after_stop(parsed_of("stop", "db"), Context(), stopped, records) is stopped  # nothing more runs
    removal = after_stop(parsed_of("stop", "web", "db"), Context(), Done(0, "web\ndb\n"), records)
    assert removal.argv == ["nerdctl", "rm", "--force", ID_A]
    assert removal.then(Result(0)).stdout == "web\ndb\n"
    # gone already (the background remover won): nothing to remove
    assert after_stop(parsed_of("stop", "web"), Context(), stopped, records[1:]) is stopped


def test_stop_asks_nerdctl_for_labels_where_containerd_records_cannot_be_read():
    from shim.backends.nerdctl.containers import after_stop

    asked = after_stop(parsed_of("stop", "web"), Context(), Done(0, "web\n"), None)
    assert asked.mode == CAPTURE and asked.argv[1:4] == ["container", "inspect", "--format"]
    removal = asked.then(Result(0, f"{ID_A} true\n".encode()))
    assert removal.argv == ["nerdctl", "rm", "--force", ID_A]


def test_stop_plan_is_the_stop_then_whatever_its_records_say(monkeypatch):
    monkeypatch.setenv("PYDOCK_CONTAINERD_API", "0")  # containerd's records unread: nerdctl's stop
    first = backend.translate(parsed_of("stop", "c1"), Context())
    assert first.mode == PREPARE and first.later[0] == ["nerdctl", "stop", "c1"]
    plan = first.then(Result(0))
    assert isinstance(plan, Plan) and plan.argv == ["nerdctl", "stop", "c1"]
    failed = plan.then(Result(1, b"", ["time=x level=fatal msg=\"no such container c1\""]))
    assert isinstance(failed, Done) and failed.code == 1  # a failed stop reads nothing more
