"""docker rmi's semantics and output, on recorded `nerdctl images` listings (no runtime)."""

from __future__ import annotations

import json

import pytest

from shim import spec
from shim.backends import Context
from shim.backends.nerdctl.rmi import rmi_by_listing
from shim.parse import parse_command
from shim.plan import Done, Plan, Result

BUSYBOX = "sha256:9af8f050bf31" + "9a" * 26
OTHER = "sha256:1111aaaa2222" + "11" * 26
CONFIG = "sha256:" + "95" * 32


def item(name: str, digest: str) -> dict:
    repo, _, tag = name.rpartition(":")
    return {"Name": name, "Repository": repo, "Tag": tag, "ID": digest[7:19], "Digest": digest}


LISTING = [item("docker.io/library/busybox:latest", BUSYBOX), item("docker.io/library/mine:1", BUSYBOX),
           item("127.0.0.1:5000/app:1", BUSYBOX), item("docker.io/library/solo:1", OTHER)]


def container(cid: str, image: str, status: str) -> dict:
    return {"ID": cid * 64, "Image": image, "Status": status, "Names": f"c{cid}"}


def rmi(*argv: str, listing=LISTING, nerdctl_out: str = "", code: int = 0, errors=(),
        containers=()) -> tuple[Plan, Done]:
    module, canonical = spec.PATHS["rmi"]
    parsed = parse_command(list(argv), spec.get(module), canonical)
    first = rmi_by_listing(parsed, Context())  # as where containerd's file cannot be read: rmi_steps decides alike
    assert first.argv == ["nerdctl", "images", "--format", "{{json .}}"]
    ps = first.then(Result(0, "\n".join(json.dumps(i) for i in listing).encode()))
    assert ps.argv == ["nerdctl", "ps", "-a", "--no-trunc", "--format", "{{json .}}"]
    step = ps.then(Result(0, "\n".join(json.dumps(c) for c in containers).encode()))
    if isinstance(step, Done):
        return None, step
    if step.argv[1:4] == ["image", "inspect", "--mode=native"]:  # an ID not in the listing: a config digest?
        natives = [{"Image": {"Name": "docker.io/library/solo:1", "Target": {"digest": OTHER}},
                    "ImageConfigDesc": {"digest": CONFIG}}]
        step = step.then(Result(0, json.dumps(natives).encode()))
        if isinstance(step, Done):
            return None, step
    done = step.then(Result(code, nerdctl_out.encode(), list(errors)))
    return step, done


def test_untag_keeps_an_image_other_names_use():
    step, done = rmi("mine:1", nerdctl_out="Untagged: docker.io/library/mine:1@" + BUSYBOX + "\n")
    assert step.argv == ["nerdctl", "rmi", "--force", "docker.io/library/mine:1"]  # untag only: always allowed
    assert (done.code, done.stdout, done.stderr) == (0, "Untagged: mine:1\n", "")


def test_registry_name_untags_the_name_alone():
    # Engine 29 prints no `repo@digest` line (Engine 20.10 did, for images it had pulled or pushed)
    _, done = rmi("127.0.0.1:5000/app:1", nerdctl_out="Untagged: 127.0.0.1:5000/app:1@" + BUSYBOX + "\n")
    assert done.stdout == "Untagged: 127.0.0.1:5000/app:1\n"


def test_last_name_deletes_the_image():
    out = f"Untagged: docker.io/library/solo:1@{OTHER}\nDeleted: sha256:layer\n"
    step, done = rmi("solo:1", nerdctl_out=out)
    assert step.argv == ["nerdctl", "rmi", "--force", "docker.io/library/solo:1"]  # pydock checked the conflicts
    # Engine 29's image ID: the digest the name pointed to
    assert done.stdout == f"Untagged: solo:1\nDeleted: {OTHER}\n"  # no layers, as Engine 29


@pytest.mark.parametrize("given", [CONFIG, CONFIG[7:19], CONFIG[:11]])
def test_engine_20_10_image_id_is_taken_back(given):
    out = f"Untagged: docker.io/library/solo:1@{OTHER}\n"
    step, done = rmi(given, nerdctl_out=out)
    assert step.argv == ["nerdctl", "rmi", "--force", "docker.io/library/solo:1"]
    assert done.stdout == f"Untagged: solo:1\nDeleted: {OTHER}\n"


def test_unknown_id_is_reported_as_given():
    _, done = rmi("abcdef123456")
    # both engines name a short ID that matches nothing as a reference with the default tag
    assert (done.code, done.stderr) == (1, "Error response from daemon: No such image: abcdef123456:latest")


def test_shared_id_needs_force():
    _, done = rmi("9af8f050bf31")
    assert done.code == 1
    assert done.stderr == ("Error response from daemon: conflict: unable to delete 9af8f050bf31 (must be forced) - "
                           "image is referenced in multiple repositories")
    step, _ = rmi("-f", "9af8f050bf31")
    assert step.argv[:3] == ["nerdctl", "rmi", "--force"] and len(step.argv) == 6


@pytest.mark.parametrize(("argv", "code", "stderr"), [
    (["nosuch"], 1, "Error response from daemon: No such image: nosuch:latest"),
    (["-f", "nosuch"], 0, "Error response from daemon: No such image: nosuch:latest"),
    # a short ID that matches nothing is a name to docker; a full one an ID (Docker Engine's words)
    (["abcdef123456"], 1, "Error response from daemon: No such image: abcdef123456:latest"),
    (["a" * 64], 1, "Error response from daemon: No such image: sha256:" + "a" * 64),
    (["sha256:abcdef12"], 1, "Error response from daemon: No such image: sha256:abcdef12"),
])
def test_missing(argv, code, stderr):
    _, done = rmi(*argv)
    assert (done.code, done.stdout, done.stderr) == (code, "", stderr)


def test_no_prune_is_accepted():
    step, done = rmi("--no-prune", "mine:1", nerdctl_out="Untagged: docker.io/library/mine:1@" + BUSYBOX + "\n")
    assert "--no-prune" not in step.argv and done.stdout == "Untagged: mine:1\n"


SOLO = "docker.io/library/solo:1"
STOPPED = container("c", SOLO, "Exited (0) 2 seconds ago")
RUNNING = container("d", SOLO, "Up 2 seconds")


@pytest.mark.parametrize(("argv", "containers", "stderr"), [
    # by its only name: the name is what docker cannot remove, running container or stopped
    (["solo:1"], [STOPPED], f"conflict: unable to delete solo:1 (must be forced) - container {'c' * 12} is using "
                            f"its referenced image {OTHER[7:19]}"),
    (["solo:1"], [RUNNING], f"conflict: unable to delete solo:1 (must be forced) - container {'d' * 12} is using "
                            f"its referenced image {OTHER[7:19]}"),
    # by ID: the image, named by its 12-digit ID however it was given
    ([OTHER[7:19]], [STOPPED], f"conflict: unable to delete {OTHER[7:19]} (must be forced) - image is being used by "
                               f"stopped container {'c' * 12}"),
    ([OTHER], [RUNNING], f"conflict: unable to delete {OTHER[7:19]} (cannot be forced) - image is being used by "
                         f"running container {'d' * 12}"),
    (["-f", OTHER[7:12]], [RUNNING], f"conflict: unable to delete {OTHER[7:19]} (cannot be forced) - image is being "
                                     f"used by running container {'d' * 12}"),
    (["sha256:" + BUSYBOX[7:19]], [], f"conflict: unable to delete {BUSYBOX[7:19]} (must be forced) - image is "
                                      "referenced in multiple repositories"),
    (["Solo:1"], [], "invalid reference format: repository name (library/Solo) must be lowercase"),
    (["solo:bad tag"], [], "invalid reference format"),
])
def test_conflicts_are_engine_29s(argv, containers, stderr):
    _, done = rmi(*argv, containers=containers)
    assert (done.code, done.stdout, done.stderr) == (1, "", "Error response from daemon: " + stderr)


def test_forced_last_name_of_a_used_image_is_only_untagged():
    # docker keeps the image, unnamed, for the container: no Deleted line; pydock keeps it under nerdctl's
    # name for an unnamed image, which it lists as <none>
    step, removal = rmi("-f", "solo:1", containers=[STOPPED])
    assert step.argv == ["nerdctl", "tag", SOLO, f"import@{OTHER}"]
    assert removal.argv == ["nerdctl", "rmi", "--force", SOLO]
    done = removal.then(Result(0, f"Untagged: {SOLO}@{OTHER}\n".encode()))
    assert (done.code, done.stdout) == (0, "Untagged: solo:1\n")


def test_forced_id_of_a_stopped_containers_image_deletes_every_name_in_containerds_order():
    out = "".join(f"Untagged: {n}@{BUSYBOX}\n" for n in ("docker.io/library/mine:1", "127.0.0.1:5000/app:1",
                                                           "docker.io/library/busybox:latest"))
    used = container("e", "docker.io/library/mine:1", "Created")
    step, done = rmi("-f", BUSYBOX[7:19], containers=[used], nerdctl_out=out)
    assert step.argv[3:] == ["127.0.0.1:5000/app:1", "docker.io/library/busybox:latest", "docker.io/library/mine:1"]
    assert done.stdout.splitlines()[-1] == f"Deleted: {BUSYBOX}"
    untagged = [line.split()[1] for line in done.stdout.splitlines() if "@" not in line and "Untagged" in line]
    assert untagged == ["127.0.0.1:5000/app:1", "busybox:latest", "mine:1"]


def test_arguments_are_removed_one_after_the_other():
    # once mine:1 and app:1 are untagged, busybox is the image's last name, which a container uses
    used = container("e", "docker.io/library/busybox:latest", "Created")
    out = f"Untagged: docker.io/library/mine:1@{BUSYBOX}\nUntagged: 127.0.0.1:5000/app:1@{BUSYBOX}\n"
    step, done = rmi("mine:1", "127.0.0.1:5000/app:1", "busybox", containers=[used], nerdctl_out=out)
    assert step.argv[3:] == ["docker.io/library/mine:1", "127.0.0.1:5000/app:1"]
    assert done.stdout == "Untagged: mine:1\nUntagged: 127.0.0.1:5000/app:1\n"
    assert done.stderr == ("Error response from daemon: conflict: unable to delete busybox:latest (must be forced) - "
                           f"container {'e' * 12} is using its referenced image {BUSYBOX[7:19]}")


def test_an_unnamed_image_is_deleted_without_an_untagged_line():
    dangling = [*LISTING, item("import@sha256:" + "cd" * 32, "sha256:" + "cd" * 32)]
    dangling[-1]["Name"] = "import@sha256:" + "cd" * 32
    step, done = rmi("cdcdcdcdcdcd", listing=dangling, nerdctl_out=f"Untagged: import@sha256:{'cd' * 32}@sha256:{'cd' * 32}\n")
    assert step.argv[3:] == ["import@sha256:" + "cd" * 32]
    assert done.stdout == f"Deleted: sha256:{'cd' * 32}\n"
