"""`container prune` ends with docker's `Total reclaimed space:`, the sum of the removed containers' writable
layers (containerd's snapshot usage, what Engine 29 counts), which nerdctl's prune does not report. In a
namespace of its own: prune removes every stopped container there. The compat scenario
surface-container-prune-yes compares the lines with Engine 29's."""

from __future__ import annotations

import re

import pytest

from tests.conftest import pydock

NS = {"CONTAINERD_NAMESPACE": "pydock-prune-test"}


@pytest.fixture
def namespace(stack, image_archive):
    pydock("load", "-i", str(image_archive), env=NS, check=True)
    yield NS
    leftovers = pydock("ps", "-aq", env=NS).stdout.split()
    if leftovers:
        pydock("rm", "-f", *leftovers, env=NS)


def _size(text: str) -> float:
    """Bytes of go-units' HumanSize (decimal units)."""
    number, unit = re.fullmatch(r"([0-9.]+)([kMG]?B)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}[unit]


def test_prune_reports_what_it_reclaimed_as_docker_does(namespace):
    empty = pydock("container", "prune", "-f", env=namespace)
    assert (empty.returncode, empty.stdout) == (0, "Total reclaimed space: 0B\n")
    created = pydock("create", "busybox", "true", env=namespace, check=True).stdout.strip()
    written = pydock("run", "-d", "busybox", "sh", "-c", "dd if=/dev/zero of=/big bs=1k count=100 2>/dev/null",
                     env=namespace, check=True).stdout.strip()
    running = pydock("run", "-d", "busybox", "sleep", "60", env=namespace, check=True).stdout.strip()
    assert pydock("wait", written, env=namespace, check=True).stdout == "0\n"
    pruned = pydock("container", "prune", "--force", env=namespace)
    assert pruned.returncode == 0, pruned.stderr
    head, _, total = pruned.stdout.partition("\n\nTotal reclaimed space: ")
    lines = head.splitlines()
    assert lines[0] == "Deleted Containers:" and sorted(lines[1:]) == sorted([created, written])
    assert total.endswith("\n") and 102_400 <= _size(total.strip()) < 1_000_000  # the 100 KiB written, and little more
    assert pydock("ps", "-aq", "--no-trunc", env=namespace).stdout.split() == [running]



def test_prune_keeps_anonymous_volumes_and_paused_containers(namespace):
    """docker's prune removes the containers only: their anonymous volumes stay until `volume prune` (nerdctl's
    own container prune removes them too, losing data a user can still copy out). A paused container is kept."""
    volumed = pydock("run", "--name", "pr-volumed", "-v", "/data", "busybox", "sh", "-c", "echo kept > /data/f",
                     env=namespace, check=True)
    assert volumed.returncode == 0
    volume = pydock("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", "pr-volumed", env=namespace,
                    check=True).stdout.strip()
    assert volume
    paused = pydock("run", "-d", "busybox", "sleep", "60", env=namespace, check=True).stdout.strip()
    pydock("pause", paused, env=namespace, check=True)
    try:
        pruned = pydock("container", "prune", "-f", env=namespace)
        assert pruned.returncode == 0, pruned.stderr
        assert pruned.stdout.startswith("Deleted Containers:\n") and paused not in pruned.stdout
        assert pydock("ps", "-aq", "--no-trunc", env=namespace).stdout.split() == [paused]
        assert pydock("volume", "ls", "-q", env=namespace).stdout.split() == [volume]
        read = pydock("run", "--rm", "-v", f"{volume}:/data", "busybox", "cat", "/data/f", env=namespace)
        assert read.stdout == "kept\n"
    finally:
        pydock("unpause", paused, env=namespace)
        pydock("volume", "rm", "-f", volume, env=namespace)


def test_prune_filters_as_the_engine_does(namespace):
    """--filter label=, label!= and until= pick among the stopped containers (nerdctl's prune has no filter)."""
    made = {}
    for name, label in (("pf-a", "keep=no"), ("pf-b", "keep=yes"), ("pf-c", "other=1")):
        made[name] = pydock("create", "--name", name, "--label", label, "busybox", "true", env=namespace,
                            check=True).stdout.strip()
    none_yet = pydock("container", "prune", "-f", "--filter", "until=1h", env=namespace)
    assert (none_yet.returncode, none_yet.stdout) == (0, "Total reclaimed space: 0B\n")  # all made just now
    labelled = pydock("container", "prune", "-f", "--filter", "label=keep", "--filter", "label!=keep=yes",
                      env=namespace)
    assert labelled.returncode == 0, labelled.stderr
    assert labelled.stdout.splitlines()[:2] == ["Deleted Containers:", made["pf-a"]]
    assert sorted(pydock("ps", "-aq", "--no-trunc", env=namespace).stdout.split()) == sorted(
        [made["pf-b"], made["pf-c"]])
    bad = pydock("container", "prune", "-f", "--filter", "until=xx", env=namespace)
    assert (bad.returncode, bad.stderr) == (1, 'Error response from daemon: failed to parse value as time or '
                                                'duration: invalid seconds "xx": invalid syntax\n')
    unknown = pydock("container", "prune", "-f", "--filter", "dangling=true", env=namespace)
    assert (unknown.returncode, unknown.stderr) == (1, "Error response from daemon: invalid filter 'dangling'\n")
    until_now = pydock("container", "prune", "-f", "--filter", "until=0s", "--filter", "label=other",
                       env=namespace)
    assert until_now.stdout.splitlines()[:2] == ["Deleted Containers:", made["pf-c"]], until_now.stderr
