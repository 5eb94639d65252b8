"""inspect's whole shape against Docker Engine's: the same `run` flags on both, every key compared.

A key docker prints and pydock lacks (or a null where docker has a list) crashes Go and Python clients,
so the yardstick is Docker Engine itself (the reference engine, tests/stack/reference-docker.sh, driven
by docker CLI 28.2.2): each key path, in docker's order, with the JSON type of its value. Values that
must differ between engines (IDs, times, addresses) are not compared, only their types.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.compat.engines import REFERENCE_HOST, REFERENCE_SOCKET
from tests.conftest import DOCKER_CLI, pydock

LOCK = "/tmp/pydock-ref.lock"
# The storage driver's own data: overlay2's folders on Engine 20.10; containerd's snapshots have none.
SKIP = {"GraphDriver.Data"}
FLAGS = {
    "plain": [],
    "resources": ["--memory", "64m", "--memory-reservation", "32m", "--memory-swap", "128m", "--cpus", "0.5",
                  "--cpu-shares", "512", "--cpuset-cpus", "0", "--pids-limit", "50", "--ulimit", "nofile=100:200",
                  "--shm-size", "32m", "--oom-score-adj", "100"],
    "security": ["--cap-add", "NET_ADMIN", "--cap-drop", "CHOWN", "--security-opt", "no-new-privileges",
                 "--read-only", "--tmpfs", "/x", "--device", "/dev/null:/dev/xnull", "--group-add", "10",
                 "--sysctl", "net.ipv4.ip_forward=1", "-u", "nobody", "--pid", "host", "--init"],
    "network": ["--dns", "1.1.1.1", "--dns-search", "example.com", "--dns-option", "ndots:2", "--add-host",
                "foo:1.2.3.4", "-p", "127.0.0.1::80", "--hostname", "hh", "--domainname", "ex.com"],
    "config": ["-e", "A=b", "-l", "x=y", "-w", "/tmp", "--restart", "on-failure:3", "--log-opt", "max-size=1m",
               "--stop-signal", "SIGUSR1", "--stop-timeout", "5", "--health-cmd", "true",
               "--health-interval", "30s", "--health-retries", "2"],
    "no-healthcheck": ["--no-healthcheck", "--init=false"],
    "mounts": ["-v", "/tmp:/data:ro", "--mount", "type=bind,src=/tmp,dst=/m"],
}


def shape(value: object, path: str = "", out: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """(key path, JSON type) for every key, recursively, in the order printed; a list's first item as `[]`."""
    out = [] if out is None else out
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else key
            if child not in SKIP:
                out.append((child, _kind(item)))
                shape(item, child, out)
    elif isinstance(value, list) and value:
        out.append((f"{path}[]", _kind(value[0])))
        shape(value[0], f"{path}[]", out)
    return out


def assert_same_shape(ours: dict, theirs: dict) -> None:
    mine, docker = shape(ours), shape(theirs)
    # a list's items are compared where both engines have some (RepoDigests depend on where the image was)
    both = {path for path, _ in mine if path.endswith("[]")} & {path for path, _ in docker if path.endswith("[]")}
    mine, docker = _items_in(mine, both), _items_in(docker, both)
    # a descriptor's annotations say where the image came from (loaded from an archive: its name and ref; pulled:
    # none), which differs by the image's history on each side, not by engine
    mine, docker = _without_annotations(mine), _without_annotations(docker)
    missing = [k for k in docker if k not in mine]
    extra = [k for k in mine if k not in docker]
    assert (missing, extra) == ([], []), f"missing (or of another type): {missing}; not in docker's: {extra}"
    assert mine == docker  # and in docker's order


def _without_annotations(keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(path, kind) for path, kind in keys if not path.split(".annotations", 1)[0].endswith("Descriptor")
            or ".annotations" not in path]


def _items_in(keys: list[tuple[str, str]], lists: set[str]) -> list[tuple[str, str]]:
    def kept(path: str) -> bool:
        while "[]" in path:
            head = path[:path.rindex("[]") + 2]
            if head not in lists:
                return False
            path = head[:-2]
        return True
    return [(path, kind) for path, kind in keys if kept(path)]


def _kind(value: object) -> str:
    return {type(None): "null", bool: "bool", int: "number", float: "number", str: "string",
            list: "list", dict: "object"}[type(value)]


def reference(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOCKER_HOST": REFERENCE_HOST}
    done = subprocess.run([DOCKER_CLI, *args], capture_output=True, text=True, env=env, timeout=120, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"docker {' '.join(args)}: {done.stderr}")
    return done


@pytest.fixture(scope="module")
def engine(image_archive: Path, busybox):
    """The reference engine, holding the busybox archive pydock loaded, under the machine's lock."""
    if not DOCKER_CLI or not Path(REFERENCE_SOCKET).exists():
        if os.environ.get("CI"):
            pytest.fail("the reference Docker Engine is not running (tests/stack/reference-docker.sh)")
        pytest.skip("the reference Docker Engine is not running")
    with open(LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        had_busybox = reference("image", "inspect", "busybox", check=False).returncode == 0
        if not had_busybox:
            reference("load", "-i", str(image_archive))
        made: list[str] = []
        yield made
        if made:
            reference("rm", "-f", *made, check=False)
        if not had_busybox:
            reference("rmi", "busybox", check=False)


@pytest.mark.parametrize("case", sorted(FLAGS))
def test_container_inspect_has_every_key_docker_prints(engine, name, case):
    flags = FLAGS[case]
    ref_name = f"pydock-keys-{uuid.uuid4().hex[:8]}"
    engine.append(ref_name)
    cname = name("keys")
    reference("run", "-d", "--name", ref_name, *flags, "busybox", "sleep", "60")
    pydock("run", "-d", "--name", cname, *flags, "busybox", "sleep", "60", check=True)
    [theirs] = json.loads(reference("inspect", ref_name).stdout)
    [ours] = json.loads(pydock("inspect", cname, check=True).stdout)
    assert_same_shape(ours, theirs)


def test_stopped_container_keys(engine, name):
    ref_name = f"pydock-keys-{uuid.uuid4().hex[:8]}"
    engine.append(ref_name)
    cname = name("keys")
    reference("run", "--name", ref_name, "--health-cmd", "true", "-p", "127.0.0.1::80", "busybox", "true")
    pydock("run", "--name", cname, "--health-cmd", "true", "-p", "127.0.0.1::80", "busybox", "true", check=True)
    [theirs] = json.loads(reference("inspect", ref_name).stdout)
    [ours] = json.loads(pydock("inspect", cname, check=True).stdout)
    assert_same_shape(ours, theirs)
    [theirs] = json.loads(reference("inspect", "--size", ref_name).stdout)
    [ours] = json.loads(pydock("inspect", "--size", cname, check=True).stdout)
    assert_same_shape(ours, theirs)  # SizeRw and SizeRootFs, after GraphDriver


def test_image_inspect_has_every_key_docker_prints(engine, busybox):
    [theirs] = json.loads(reference("image", "inspect", "busybox").stdout)
    [ours] = json.loads(pydock("image", "inspect", busybox, check=True).stdout)
    assert_same_shape(ours, theirs)
