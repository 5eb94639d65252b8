"""pydock under load (issue #14): many docker calls at once, as CI jobs and scripts make them. Each must
succeed on its own, and the results must be what the same calls made one by one would leave."""

from __future__ import annotations

import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor

from tests.conftest import PYDOCK, pydock
from tests.integration.conftest import REMOTE

LABEL = "pydock-load"


def _parallel(count: int, argv: list[str], timeout: float = 300) -> list[subprocess.CompletedProcess[str]]:
    def one(_i: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run([PYDOCK, *argv], capture_output=True, text=True, timeout=timeout, check=False)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def test_fifty_parallel_runs_without_names_give_fifty_containers(busybox):
    run = f"{LABEL}={uuid.uuid4().hex[:8]}"
    try:
        results = _parallel(50, ["run", "-d", "--label", run, busybox, "sleep", "300"])
        assert [r.returncode for r in results] == [0] * 50, [r.stderr for r in results if r.returncode]
        ids = {r.stdout.strip() for r in results}
        assert len(ids) == 50 and all(len(i) == 64 for i in ids)
        listed = pydock("ps", "-q", "--no-trunc", "--filter", f"label={run}").stdout.split()
        assert set(listed) == ids
        names = pydock("ps", "--format", "{{.Names}}", "--filter", f"label={run}").stdout.split()
        assert len(set(names)) == 50  # docker-style names, none twice
        removed = pydock("rm", "-f", *pydock("ps", "-aq", "--filter", f"label={run}").stdout.split(), timeout=300)
        assert removed.returncode == 0, removed.stderr
        assert pydock("ps", "-aq", "--filter", f"label={run}").stdout == ""
    finally:
        left = pydock("ps", "-aq", "--filter", f"label={run}").stdout.split()
        if left:
            pydock("rm", "-f", *left, timeout=300)


def test_twenty_parallel_pulls_of_one_image_all_succeed(busybox):
    pydock("rmi", REMOTE)
    results = _parallel(20, ["pull", "-q", REMOTE])
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results if r.returncode]
    assert {r.stdout for r in results} == {REMOTE + "\n"}


def test_twenty_parallel_run_rm_all_succeed_and_leave_nothing(busybox):
    run = f"{LABEL}={uuid.uuid4().hex[:8]}"
    results = _parallel(20, ["run", "--rm", "--label", run, busybox, "echo", "hello"])
    assert [(r.returncode, r.stdout) for r in results] == [(0, "hello\n")] * 20, [r.stderr for r in results]
    assert pydock("ps", "-aq", "--filter", f"label={run}").stdout == ""


def test_parallel_runs_racing_for_one_name_get_dockers_conflict(busybox, name):
    container = name("race")
    results = _parallel(5, ["run", "-d", "--name", container, busybox, "sleep", "300"])
    won = [r for r in results if r.returncode == 0]
    lost = [r for r in results if r.returncode != 0]
    assert len(won) == 1, [r.stderr for r in results]
    for r in lost:
        assert r.returncode == 125
        assert f'Conflict. The container name "/{container}" is already in use' in r.stderr, r.stderr
