"""A blank name among real ones (shim/object_names.py): docker goes on with the others and prints the blank one's
error, exit 1. Outputs are docker CLI 28.2.2's on Docker Engine 29 for the same lines."""

from __future__ import annotations

from tests.conftest import pydock

EMPTY = "invalid container name or ID: value is empty\n"


def test_stop_start_inspect_rm_go_on_with_the_named_containers(busybox, name):
    c = name()
    pydock("create", "--name", c, busybox, "sleep", "60", check=True)
    started = pydock("start", c, "", "pydock-no-such")
    assert (started.stdout, started.stderr, started.returncode) == (
        f"{c}\n", EMPTY + "Error response from daemon: No such container: pydock-no-such\n"
        "Error: failed to start containers: , pydock-no-such\n", 1)
    inspected = pydock("inspect", "-f", "{{.Name}} {{.State.Running}}", c, " ")
    assert (inspected.stdout, inspected.stderr, inspected.returncode) == (f"/{c} true\n", EMPTY, 1)
    stopped = pydock("stop", "-t", "1", c, "")
    assert (stopped.stdout, stopped.stderr, stopped.returncode) == (f"{c}\n", EMPTY, 1)
    assert pydock("inspect", "-f", "{{.State.Running}}", c).stdout == "false\n"
    removed = pydock("rm", "-f", "", c)
    assert (removed.stdout, removed.stderr, removed.returncode) == (f"{c}\n", "container name cannot be empty\n", 1)
    assert pydock("inspect", c).returncode == 1


def test_network_and_volume_rm_remove_the_named_ones(stack, name):
    network, volume = name("net"), name("vol")
    pydock("network", "create", network, check=True)
    pydock("volume", "create", volume, check=True)
    gone = pydock("network", "rm", "", network)
    assert (gone.stdout, gone.stderr, gone.returncode) == (
        f"{network}\n", "invalid network name or ID: value is empty\nexit status 1\n", 1)
    gone = pydock("volume", "rm", volume, " ")
    assert (gone.stdout, gone.stderr, gone.returncode) == (
        f"{volume}\n", "invalid volume name or ID: value is empty\n", 1)
    assert pydock("network", "inspect", network).returncode == 1
    assert pydock("volume", "inspect", volume).returncode == 1
