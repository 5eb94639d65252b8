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

