"""Volumes and networks through the real pydock on the real stack, as Docker Engine 29 answers (issue #11):
ls filters and templates, inspect shapes, create/rm/prune wording, `run --network` of a missing network,
and network connect/disconnect of a running container (its interfaces, inspect, errors)."""

from __future__ import annotations

import json
import subprocess
import uuid

import pytest

from tests.conftest import pydock
from tests.integration.conftest import NAMESPACE


@pytest.fixture
def objects(stack):
    """Fresh names for volumes and networks (`v` / `n`), removed afterwards with nerdctl itself."""
    made: dict[str, list[str]] = {"volume": [], "network": []}

    def make(kind: str) -> str:
        made[kind].append(f"pydock-{kind[0]}-{uuid.uuid4().hex[:8]}")
        return made[kind][-1]

    yield make
    for kind, names in made.items():
        if names:
            subprocess.run(["nerdctl", "-n", NAMESPACE, kind, "rm", *names], capture_output=True, check=False)


def test_volume_create_existing_is_silent_and_inspect_has_dockers_shape(objects, busybox, name):
    v = objects("volume")
    assert pydock("volume", "create", "--label", "a=b", v, check=True).stdout == f"{v}\n"
    again = pydock("volume", "create", v)
    assert (again.returncode, again.stdout, again.stderr) == (0, f"{v}\n", "")
    [found] = json.loads(pydock("volume", "inspect", v, check=True).stdout)
    assert list(found) == ["CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"]
    assert (found["Driver"], found["Labels"], found["Options"], found["Scope"]) == ("local", {"a": "b"}, None, "local")
    assert found["Mountpoint"].endswith(f"/{v}/_data") and found["CreatedAt"].endswith("Z")
    shown = pydock("volume", "inspect", "-f", "{{.Name}} {{.Options}} {{.Labels.a}}", v, check=True).stdout
    assert shown == f"{v} map[] b\n"
    bad = pydock("volume", "inspect", "-f", "{{.Nope}}", v)
    assert bad.stderr.endswith("can't evaluate field Nope in type volume.Volume\n")


def test_volume_ls_filters_and_rm_of_a_volume_in_use(objects, busybox, name):
    used, spare, c = objects("volume"), objects("volume"), name()
    for v in (used, spare):
        pydock("volume", "create", v, check=True)
    created = pydock("create", "--name", c, "-v", f"{used}:/d", busybox, "true")
    assert created.returncode == 0 and "WARNING" not in created.stderr  # nerdctl's reuse warning is not docker's
    prefix = used.rsplit("-", 1)[0]
    listed = pydock("volume", "ls", "-q", "-f", f"name={prefix}", "-f", "dangling=true", check=True).stdout.split()
    assert spare in listed and used not in listed
    table = pydock("volume", "ls", "-f", f"name={used}", "--format", "table {{.Name}}\\t{{.Driver}}", check=True)
    assert table.stdout.splitlines()[0].split() == ["VOLUME", "NAME", "DRIVER"]
    container_id = pydock("inspect", "-f", "{{.Id}}", c, check=True).stdout.strip()
    refused = pydock("volume", "rm", "-f", used)
    assert (refused.returncode, refused.stderr) == (
        1, f"Error response from daemon: remove {used}: volume is in use - [{container_id}]\n")
    bad = pydock("volume", "ls", "-f", "dangling=maybe")
    assert (bad.returncode, bad.stderr) == (1, "Error response from daemon: invalid filter 'dangling=[maybe]'\n")


def test_volume_create_options_and_prune(objects, stack):
    label = f"pydock-prune-{uuid.uuid4().hex[:8]}"
    unknown = pydock("volume", "create", "-o", "foo=bar", objects("volume"))
    assert unknown.stderr.endswith('invalid option: "foo"\n') and unknown.returncode == 1
    driver = pydock("volume", "create", "-d", "nosuch", "x")
    assert driver.stderr == ('Error response from daemon: create x: error looking up volume plugin nosuch: '
                             'plugin "nosuch" not found\n')
    named = objects("volume")
    pydock("volume", "create", "--label", label, named, check=True)
    anonymous = pydock("volume", "create", "--label", label, check=True).stdout.strip()
    pruned = pydock("volume", "prune", "-f", "--filter", f"label={label}", check=True).stdout
    assert pruned == f"Deleted Volumes:\n{anonymous}\n\nTotal reclaimed space: 0B\n"
    every = pydock("volume", "prune", "-a", "-f", "--filter", f"label={label}", check=True).stdout
    assert every == f"Deleted Volumes:\n{named}\n\nTotal reclaimed space: 0B\n"


def test_network_ls_inspect_rm_and_prune_as_docker(objects, busybox, name):
    n, c = objects("network"), name()
    created = pydock("network", "create", "--subnet", "10.213.0.0/24", "--gateway", "10.213.0.1", "--label", "a=b",
                     "--internal", n, check=True)
    assert len(created.stdout.strip()) == 64
    again = pydock("network", "create", n)
    assert (again.returncode, again.stderr) == (1, f"Error response from daemon: network with name {n} already exists\n")
    row = pydock("network", "ls", "-f", f"name={n}", "--format", "{{.Name}} {{.Driver}} {{.Internal}} {{.Labels}}",
                 check=True)
    assert row.stdout == f"{n} bridge true a=b\n"
    [found] = json.loads(pydock("network", "inspect", n, check=True).stdout)
    assert list(found)[:7] == ["Name", "Id", "Created", "Scope", "Driver", "EnableIPv4", "EnableIPv6"]
    assert found["IPAM"]["Config"] == [{"Subnet": "10.213.0.0/24", "Gateway": "10.213.0.1"}]
    pydock("run", "-d", "--name", c, "--network", n, busybox, "sleep", "30", check=True)
    busy = pydock("network", "rm", n)
    short = pydock("inspect", "-f", "{{.Id}}", c, check=True).stdout.strip()[:12]
    assert (busy.returncode, busy.stderr) == (1, f"Error response from daemon: error while removing network: network "
                                                 f'{n} has active endpoints (name:"{c}" id:"{short}")\nexit status 1\n')
    assert pydock("network", "prune", "-f", "--filter", "label=a=b").stdout == ""  # in use: kept
    builtin = pydock("network", "rm", "bridge")
    assert builtin.stderr == "Error response from daemon: bridge is a pre-defined network and cannot be removed\n" \
                             "exit status 1\n"


def test_run_on_a_missing_network_is_dockers_error(busybox):
    done = pydock("run", "--rm", "--network", "pydock-nosuch-net", busybox, "true")
    assert (done.returncode, done.stderr.splitlines()[0]) == (
        125, "docker: Error response from daemon: failed to set up container networking: network pydock-nosuch-net "
             "not found")


def _networks(container: str) -> list[str]:
    return sorted(json.loads(pydock("inspect", "-f", "{{json .NetworkSettings.Networks}}", container, check=True).stdout))


def test_network_connect_and_disconnect_a_running_container(objects, busybox, name):
    first, second, c, peer = objects("network"), objects("network"), name(), name()
    for n in (first, second):
        pydock("network", "create", n, check=True)
    pydock("run", "-d", "--name", c, "--network", first, busybox, "sleep", "60", check=True)
    pydock("run", "-d", "--name", peer, "--network", second, busybox, "sleep", "60", check=True)
    assert pydock("network", "connect", second, c).returncode == 0
    assert _networks(c) == sorted([first, second])
    assert pydock("exec", c, "ls", "/sys/class/net", check=True).stdout.split() == ["eth0", "eth1", "lo"]
    address = pydock("inspect", "-f", f'{{{{(index .NetworkSettings.Networks "{second}").IPAddress}}}}', peer,
                     check=True).stdout.strip()
    assert pydock("exec", c, "ping", "-c1", "-W2", address).returncode == 0
    members = pydock("network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", second, check=True)
    assert sorted(members.stdout.split()) == sorted([c, peer])
    twice = pydock("network", "connect", second, c)
    assert (twice.returncode, twice.stderr) == (
        1, f"Error response from daemon: endpoint with name {c} already exists in network {second}\n")
    assert pydock("network", "disconnect", second, c).returncode == 0
    assert _networks(c) == [first]
    assert pydock("exec", c, "ls", "/sys/class/net", check=True).stdout.split() == ["eth0", "lo"]
    container_id = pydock("inspect", "-f", "{{.Id}}", c, check=True).stdout.strip()
    gone = pydock("network", "disconnect", second, c)
    assert gone.stderr == f"Error response from daemon: container {container_id} is not connected to network {second}\n"


@pytest.mark.parametrize(("argv", "message"), [
    (["connect", "pydock-nosuch-net", "{c}"], "Error response from daemon: network pydock-nosuch-net not found"),
    (["connect", "{n}", "pydock-nosuch-c"], "Error response from daemon: No such container: pydock-nosuch-c"),
    (["disconnect", "pydock-nosuch-net", "{c}"], "Error response from daemon: network pydock-nosuch-net not found"),
    (["connect", "host", "{c}"], "Error response from daemon: cannot connect container to host network - container "
                                 "must be created in host network mode"),
    (["connect", "--ip", "10.1.2.3", "{n}", "{c}"], "unsupported flag: --ip is not supported by pydock's nerdctl"),
])
def test_network_connect_errors(objects, busybox, name, argv, message):
    n, c = objects("network"), name()
    pydock("network", "create", n, check=True)
    pydock("run", "-d", "--name", c, busybox, "sleep", "30", check=True)
    done = pydock("network", *(a.format(n=n, c=c) for a in argv))
    assert done.returncode != 0 and done.stderr.startswith(message), done.stderr


def test_network_connect_of_a_created_container_says_why_not(objects, busybox, name):
    n, c = objects("network"), name()
    pydock("network", "create", n, check=True)
    pydock("create", "--name", c, busybox, "true", check=True)
    done = pydock("network", "connect", n, c)
    assert done.returncode == 1 and "not running is not supported by pydock's nerdctl backend" in done.stderr
