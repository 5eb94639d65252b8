"""`inspect` of containers builds nerdctl's compat entries from containerd's records
(shim/backends/nerdctl/compat_entry.py) instead of asking nerdctl. What it builds must be what nerdctl's
compat inspect shows, field for field: both are read here for containers of many shapes (states, networks,
ports, mounts, resources, security, DNS, restart policy), and pydock's output must be the same either way.
Containers it does not mirror (a health check, the host's network) are nerdctl's to answer."""

from __future__ import annotations

import json
import subprocess
import time

import pytest

from shim.backends.nerdctl.compat_entry import entries
from tests.conftest import pydock, ran_nerdctl
from tests.integration.conftest import NAMESPACE

ADDRESS = "/run/containerd/containerd.sock"
NETWORK = "pydock-direct-net"


@pytest.fixture(scope="module")
def shapes(stack, busybox):
    """name → container, in the shapes docker's inspect shows differently."""
    import uuid

    subprocess.run(["nerdctl", "-n", NAMESPACE, "network", "create", NETWORK], capture_output=True, check=False)
    made: dict[str, str] = {}

    def run(key: str, *argv: str, verb: str = "run") -> None:
        made[key] = f"pydock-direct-{key}-{uuid.uuid4().hex[:6]}"
        detach = ["-d"] if verb == "run" else []
        done = pydock(verb, *detach, "--name", made[key], *argv)
        assert done.returncode == 0, done.stderr

    run("ports", "-p", "127.0.0.1::80", "-p", "18085:8080/udp", "--label", "a=b", "busybox", "sleep", "300")
    run("none", "--network", "none", "busybox", "sleep", "300")
    run("own-network", "--network", NETWORK, "busybox", "sleep", "300")
    run("mounts", "-v", "/tmp:/data:ro", "-v", "pydock-direct-vol:/vol", "--mount", "type=tmpfs,destination=/scratch",
        "--tmpfs", "/t:size=1m", "busybox", "sleep", "300")
    run("resources", "--memory", "64m", "--memory-reservation", "32m", "--memory-swap", "128m", "--cpus", "0.5",
        "--cpuset-cpus", "0", "--cpu-shares", "512", "--pids-limit", "50", "--ulimit", "nofile=100:200",
        "--oom-score-adj", "100", "--shm-size", "32m", "busybox", "sleep", "300")
    run("security", "--cap-add", "NET_ADMIN", "--cap-drop", "CHOWN", "--read-only", "--sysctl",
        "net.ipv4.ip_forward=1", "--group-add", "10", "-u", "1000", "busybox", "sleep", "300")
    run("names", "--hostname", "hh", "--domainname", "example.org", "--dns", "192.0.2.1", "--dns-search", "x.example",
        "--dns-option", "ndots:2", "--add-host", "h:192.0.2.9", "-e", "X=1", "-w", "/tmp", "busybox", "sleep", "300")
    run("restart", "--restart", "on-failure:2", "busybox", "sleep", "300")
    run("args", "--entrypoint", "sh", "busybox", "-c", "echo 'a b'; sleep 300")
    run("exited", "busybox", "sh", "-c", "exit 3")
    run("paused", "busybox", "sleep", "300")
    pydock("pause", made["paused"], check=True)
    run("created", "-p", "18086:81", "busybox", "true", verb="create")
    run("health", "--health-cmd", "true", "--health-interval", "1s", "busybox", "sleep", "300")
    run("host", "--network", "host", "busybox", "sleep", "300")
    deadline = time.monotonic() + 20
    while pydock("inspect", "-f", "{{.State.Status}}", made["exited"]).stdout.strip() != "exited":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    yield made
    pydock("unpause", made["paused"])
    subprocess.run(["nerdctl", "-n", NAMESPACE, "rm", "-f", *made.values()], capture_output=True, check=False)
    subprocess.run(["nerdctl", "-n", NAMESPACE, "volume", "rm", "pydock-direct-vol"], capture_output=True, check=False)
    subprocess.run(["nerdctl", "-n", NAMESPACE, "network", "rm", NETWORK], capture_output=True, check=False)


NOT_MIRRORED = ("health", "host")


def _ids(names: list[str]) -> list[str]:
    out = pydock("inspect", "-f", "{{.Id}}", *names, check=True).stdout
    return out.split()


def _by_nerdctl(ids: list[str]) -> list[dict]:
    out = subprocess.run(["nerdctl", "-n", NAMESPACE, "container", "inspect", *ids], capture_output=True,
                         check=True).stdout
    return json.loads(out)


def _comparable(entry: dict) -> dict:
    # nerdctl lists the dropped capabilities in its map's (random) order
    host = dict(entry["HostConfig"])
    host["CapDrop"] = sorted(host["CapDrop"]) if host.get("CapDrop") is not None else None
    return {**entry, "HostConfig": host}


def test_built_entries_equal_nerdctl_s_field_for_field(shapes):
    mirrored = [k for k in shapes if k not in NOT_MIRRORED]
    ids = _ids([shapes[k] for k in mirrored])
    built = entries(ADDRESS, NAMESPACE, ids, {})
    assert built is not None, "containerd's records could not be read"
    expected = _by_nerdctl(ids)
    for key, built_entry, nerdctl_entry in zip(mirrored, built, expected, strict=True):
        ours, theirs = _comparable(built_entry), _comparable(nerdctl_entry)
        for field in theirs:
            assert ours.get(field) == theirs[field], (key, field)
        assert list(ours) == list(theirs), key
        assert list(ours["HostConfig"]) == list(theirs["HostConfig"]), key
    states = {k: e["State"]["Status"] for k, e in zip(mirrored, built, strict=True)}
    assert (states["exited"], states["paused"], states["created"], states["ports"]) == ("exited", "paused", "", "running")


def test_what_is_not_mirrored_is_left_to_nerdctl(shapes):
    for key in NOT_MIRRORED:
        assert entries(ADDRESS, NAMESPACE, _ids([shapes[key]]), {}) is None, key
        shown = pydock("inspect", "-f", "{{.Name}}", shapes[key], env={"PYDOCK_DEBUG": "1"})
        assert shown.stdout == f"/{shapes[key]}\n"
        assert ran_nerdctl(shown.stderr)[0].startswith("nerdctl container inspect "), key


def test_inspect_output_is_the_same_either_way_and_asks_no_nerdctl(shapes):
    steady = [n for k, n in shapes.items() if k != "health"]  # its log of checks moves every second
    direct = pydock("inspect", *steady, env={"PYDOCK_DEBUG": "1"})
    by_nerdctl = pydock("inspect", *steady, env={"PYDOCK_CONTAINERD_API": "0"}, check=True)
    assert direct.returncode == 0 and direct.stdout == by_nerdctl.stdout
    assert len(json.loads(direct.stdout)) == len(steady)
    # only the host-network container was asked of nerdctl: the rest were built
    assert ran_nerdctl(direct.stderr) == [] or all(shapes["host"] in line for line in ran_nerdctl(direct.stderr))
    mirrored = [n for k, n in shapes.items() if k not in NOT_MIRRORED]
    quiet = pydock("inspect", "--format", "{{.Name}} {{.State.Status}} {{json .NetworkSettings.Ports}}", *mirrored,
                   env={"PYDOCK_DEBUG": "1"})
    assert ran_nerdctl(quiet.stderr) == []
    asked = pydock("inspect", "--format", "{{.Name}} {{.State.Status}} {{json .NetworkSettings.Ports}}", *mirrored,
                   env={"PYDOCK_CONTAINERD_API": "0"})
    assert quiet.stdout == asked.stdout


def test_a_missing_name_among_containers_is_still_docker_s_error(shapes):
    missing = pydock("inspect", "-f", "{{.Name}}", shapes["ports"], "pydock-no-such-thing")
    assert (missing.returncode, missing.stdout) == (1, f"/{shapes['ports']}\n")
    assert missing.stderr == "Error: No such object: pydock-no-such-thing\n"
