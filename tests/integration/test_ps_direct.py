"""`ps` reads containerd's records directly (shim/backends/nerdctl/listed.py) instead of nerdctl's
inspect. What it builds must be what nerdctl's inspect shows, for every field docker's ps uses: here both
are read for containers in each state docker's ps tells apart, and compared summary for summary."""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest

from shim.backends.nerdctl.listed import inspect_entries
from shim.backends.nerdctl.views import container_summary
from tests.conftest import pydock, ran_nerdctl
from tests.integration.conftest import NAMESPACE

ADDRESS = "/run/containerd/containerd.sock"


@pytest.fixture
def population(busybox, name, tmp_path):
    """Containers in the states and shapes docker's ps shows differently."""
    made = {}

    def run(key: str, *argv: str) -> None:
        made[key] = name(key)
        pydock("run", "-d", "--name", made[key], *argv, check=True)

    run("ports", "-p", "127.0.0.1::80", "-p", "18080:8080/udp", "--label", "a=b", "busybox", "sleep", "300")
    run("none", "--network", "none", "busybox", "sleep", "300")
    run("mounts", "-v", f"{tmp_path}:/data:ro", "-v", "pydock-direct-vol:/vol", "--mount",
        "type=tmpfs,destination=/scratch", "busybox", "sleep", "300")
    run("health", "--health-cmd", "true", "--health-interval", "1s", "busybox", "sleep", "300")
    run("args", "--entrypoint", "sh", "busybox", "-c", "echo 'a b'; sleep 300")
    run("exited", "busybox", "sh", "-c", "exit 3")
    run("paused", "busybox", "sleep", "300")
    pydock("pause", made["paused"], check=True)
    made["created"] = name("created")
    pydock("create", "--name", made["created"], "-p", "18081:81", "busybox", "true", check=True)
    made["linked"] = name("linked")
    pydock("run", "-d", "--name", made["linked"], "--link", f"{made['ports']}:db", "busybox", "sleep", "300",
           check=True)
    deadline = time.monotonic() + 20
    while pydock("inspect", "-f", "{{.State.Status}}", made["exited"]).stdout.strip() != "exited":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    yield made
    pydock("unpause", made["paused"])
    subprocess.run(["nerdctl", "-n", NAMESPACE, "rm", "-f", *made.values()], capture_output=True, check=False)
    subprocess.run(["nerdctl", "-n", NAMESPACE, "volume", "rm", "pydock-direct-vol"], capture_output=True, check=False)


def _by_nerdctl(ids: list[str]) -> dict[str, dict]:
    out = subprocess.run(["nerdctl", "-n", NAMESPACE, "container", "inspect", *ids], capture_output=True,
                         check=True).stdout
    return {d["Id"]: container_summary(d) for d in json.loads(out)}


def test_direct_reading_equals_nerdctls_inspect(population):
    entries = inspect_entries(ADDRESS, NAMESPACE)
    assert entries is not None, "containerd's API could not be read"
    direct = {e["Id"]: container_summary(e) for e in entries}
    ours = {i: s for i, s in direct.items() if s["Names"][0].lstrip("/") in population.values()}
    assert len(ours) == len(population)
    expected = _by_nerdctl(list(ours))
    for cid, summary in ours.items():
        assert summary == expected[cid], summary["Names"]
    states = {s["Names"][0].lstrip("/"): s["State"] for s in ours.values()}
    assert states[population["exited"]] == "exited" and states[population["created"]] == "created"
    assert states[population["paused"]] == "paused" and states[population["ports"]] == "running"


def test_ps_uses_the_direct_reading_and_prints_docker_s_rows(population):
    env = {**os.environ, "PYDOCK_DEBUG": "1"}
    shown = pydock("ps", "-a", "--no-trunc", "--format", "{{.Names}}|{{.Status}}|{{.Ports}}|{{.Command}}",
                   env=env)
    assert shown.returncode == 0
    assert "read from containerd's API" in shown.stderr
    rows = {}
    for line in shown.stdout.splitlines():
        names, _, rest = line.partition("|")
        rows[names.split(",")[0]] = rest
    # the linked-to container also bears the link's name, after its own
    assert f"{population['ports']},{population['linked']}/db|" in shown.stdout
    assert rows[population["exited"]].startswith("Exited (3) ")
    assert rows[population["created"]] == "Created||\"true\""
    assert rows[population["paused"]].startswith("Up ") and "(Paused)" in rows[population["paused"]]
    assert "127.0.0.1:" in rows[population["ports"]] and "0.0.0.0:18080->8080/udp" in rows[population["ports"]]
    assert rows[population["args"]].endswith("|\"sh -c 'echo 'a b'; sleep 300'\"")


def _both(*argv: str) -> tuple[str, str]:
    """pydock's output with the direct reading, and with PYDOCK_CONTAINERD_API=0 (nerdctl for everything)."""
    direct = pydock(*argv, check=True).stdout
    by_nerdctl = pydock(*argv, env={"PYDOCK_CONTAINERD_API": "0"}, check=True).stdout
    return direct, by_nerdctl


def test_outputs_are_the_same_either_way(population):
    names = sorted(population.values())
    # the health-checked one's inspect changes by itself every second (its log of checks)
    steady = [n for n in names if n != population["health"]]
    direct, by_nerdctl = _both("inspect", *steady)
    assert direct == by_nerdctl
    assert len(json.loads(direct)) == len(steady)
    # every column but the relative times, which move between the two calls
    fmt = "{{.ID}}|{{.Image}}|{{.Command}}|{{.Ports}}|{{.Names}}|{{.State}}|{{.Labels}}|{{.Mounts}}|{{.Networks}}"
    direct, by_nerdctl = _both("ps", "-a", "--no-trunc", "--format", fmt)
    assert direct == by_nerdctl
    assert all(n in direct for n in names)
    direct, by_nerdctl = _both("ps", "-a", "--format", "json")
    strip = [{k: v for k, v in json.loads(line).items() if k not in ("RunningFor", "Status")}
             for line in direct.splitlines()]
    assert strip == [{k: v for k, v in json.loads(line).items() if k not in ("RunningFor", "Status")}
                     for line in by_nerdctl.splitlines()]


def test_inspect_of_containers_only_asks_nerdctl_s_container_inspect(population):
    # docker's inspect takes a container before an image: when every name is a container's, their entries are
    # built from containerd's records (test_inspect_direct.py), or nerdctl's container inspect answers (a
    # health-checked one), without its generic inspect probing each name as an image too
    env = {"PYDOCK_DEBUG": "1"}
    shown = pydock("inspect", "--format", "{{.Name}}", population["ports"], population["created"], env=env)
    assert shown.returncode == 0 and shown.stdout.split() == [f"/{population['ports']}", f"/{population['created']}"]
    assert ran_nerdctl(shown.stderr) == []
    checked = pydock("inspect", "--format", "{{.Name}}", population["ports"], population["health"], env=env)
    assert ran_nerdctl(checked.stderr)[0].startswith("nerdctl container inspect ")
    mixed = pydock("inspect", "--format", "{{.Id}}", population["ports"], "busybox", env=env)
    assert mixed.returncode == 0 and len(mixed.stdout.split()) == 2
    assert mixed.stderr.splitlines()[1].startswith("nerdctl inspect ")
    missing = pydock("inspect", population["ports"], "pydock-no-such-thing", env=env)
    assert missing.returncode == 1 and missing.stderr.endswith("Error: No such object: pydock-no-such-thing\n")
