"""`pydock compose` on the real stack: a two-service project with a network, a named volume, depends_on and a
service built from a `build:` section, through up / ps / logs / exec / run --rm / down, as docker compose v2
names, labels and answers them. (tests/compat/tables/compose.py compares the same with docker compose.)"""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.conftest import pydock
from tests.integration.conftest import NAMESPACE

COMPOSE = """\
services:
  web:
    build: ./web
    command: ["sh", "-c", "echo web up; cat /hello.txt; sleep 300"]
    depends_on: [db]
    volumes: [data:/data]
    networks: [back]
  db:
    image: busybox
    command: ["sh", "-c", "echo db up; sleep 300"]
    networks: [back]
networks:
  back: {}
volumes:
  data: {}
"""


def nerdctl(*args: str) -> str:
    return subprocess.run(["nerdctl", "-n", NAMESPACE, *args], capture_output=True, text=True,
                          check=False).stdout


@pytest.fixture
def project(tmp_path: Path, busybox):
    """A project folder named for this test; everything of the project is removed afterwards."""
    name = f"pdc{uuid.uuid4().hex[:8]}"
    folder = tmp_path / name
    (folder / "web").mkdir(parents=True)
    (folder / "compose.yaml").write_text(COMPOSE)
    (folder / "web" / "Dockerfile").write_text("FROM busybox\nCOPY hello.txt /hello.txt\n")
    (folder / "web" / "hello.txt").write_text("built by compose\n")
    pydock("daemon", "start", "--namespace", NAMESPACE, timeout=60)  # buildkitd for the build: section
    yield folder
    compose(folder, "down", "--volumes", "--rmi", "local", timeout=120)
    left = nerdctl("ps", "-aq", "--filter", f"label=com.docker.compose.project={name}").split()
    if left:
        nerdctl("rm", "-f", *left)


def compose(folder: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return pydock("compose", "--project-directory", str(folder), *args,
                  env={"CONTAINERD_NAMESPACE": NAMESPACE}, timeout=timeout)


def test_project_lifecycle_as_docker_compose(project: Path):
    name = project.name
    up = compose(project, "up", "-d", "--build")
    assert up.returncode == 0, up.stderr
    for line in (f" Network {name}_back Created ", f" Volume {name}_data Created ",
                 f" Container {name}-db-1 Started ", f" Container {name}-web-1 Started "):
        assert line in up.stderr
    assert "Running [" not in up.stderr  # nerdctl's command lines (which carry environments) stay hidden
    assert up.stdout == ""

    # names and labels as docker compose v2 gives them: PROJECT-SERVICE-N, com.docker.compose.*
    ps = compose(project, "ps")
    assert ps.returncode == 0, ps.stderr
    rows = ps.stdout.splitlines()
    assert rows[0].split() == ["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]
    assert [r.split()[0] for r in rows[1:]] == [f"{name}-db-1", f"{name}-web-1"]
    assert all("Up " in r for r in rows[1:])
    listed = [json.loads(line) for line in compose(project, "ps", "--format", "json").stdout.splitlines()]
    assert sorted((c["Service"], c["State"], c["Project"]) for c in listed) == [
        ("db", "running", name), ("web", "running", name)]
    assert compose(project, "ps", "--services").stdout == "db\nweb\n"
    by_label = pydock("ps", "-q", "--filter", f"label=com.docker.compose.project={name}",
                      env={"CONTAINERD_NAMESPACE": NAMESPACE})
    assert len(by_label.stdout.split()) == 2
    assert sorted(compose(project, "ps", "-q").stdout.split()) == sorted(c for c in nerdctl(
        "ps", "-q", "--no-trunc", "--filter", f"label=com.docker.compose.project={name}").split())

    logs = compose(project, "logs", "web")
    assert logs.stdout == "web-1  | web up\nweb-1  | built by compose\n", logs.stdout + logs.stderr

    listed = compose(project, "ls", "--filter", f"name=^{name}$")
    assert listed.stdout.splitlines()[1].split() == [name, "running(2)", str(project / "compose.yaml")]

    # exec: the command's own exit code; the named volume and the project network work
    assert compose(project, "exec", "-T", "web", "sh", "-c", "exit 3").returncode == 3
    wrote = compose(project, "exec", "-T", "web", "sh", "-c", "echo kept > /data/f && cat /data/f")
    assert (wrote.returncode, wrote.stdout) == (0, "kept\n")
    reach = compose(project, "exec", "-T", "web", "ping", "-c", "1", "-W", "2", "db")
    assert reach.returncode == 0, reach.stdout + reach.stderr
    assert compose(project, "exec", "-T", "nosuch", "true").stderr == 'service "nosuch" is not running\n'

    # run --rm: a one-off container with the service's settings, its output and exit code, then gone
    one_off = compose(project, "run", "--rm", "db", "sh", "-c", "echo out; echo err >&2; exit 7")
    assert (one_off.returncode, one_off.stdout) == (7, "out\n"), one_off.stderr
    assert "err\n" in one_off.stderr
    assert not [n for n in nerdctl("ps", "-a", "--format", "{{.Names}}").split() if n.startswith(f"{name}-db-run-")]

    down = compose(project, "down", "-v")
    assert down.returncode == 0, down.stderr
    assert f" Volume {name}_data Removed " in down.stderr
    assert nerdctl("ps", "-aq", "--filter", f"label=com.docker.compose.project={name}").split() == []
    assert f"{name}_data" not in nerdctl("volume", "ls", "-q").split()
    assert f"{name}_back" not in nerdctl("network", "ls", "--format", "{{.Name}}").split()


def test_up_wait_and_exit_code_from(project: Path):
    name = project.name
    waited = compose(project, "up", "--wait", "db")
    assert waited.returncode == 0, waited.stderr
    state = nerdctl("inspect", "--format", "{{.State.Status}}", f"{name}-db-1").strip()
    assert state == "running"  # --wait returned only once it ran, and detached
    (project / "job.yaml").write_text('services:\n  job:\n    image: busybox\n    command: ["sh", "-c", "exit 4"]\n')
    ended = pydock("compose", "--project-directory", str(project), "-f", str(project / "compose.yaml"),
                   "-f", str(project / "job.yaml"), "up", "--exit-code-from", "job", "job",
                   env={"CONTAINERD_NAMESPACE": NAMESPACE}, timeout=120)
    assert ended.returncode == 4, ended.stderr


def test_errors_in_composes_voice(project: Path, tmp_path: Path):
    assert compose(project, "logs", "nosuch").stderr == "no such service: nosuch\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = compose(empty, "ps")
    assert (missing.returncode, missing.stderr) == (1, "no configuration file provided: not found\n")
    lacking = compose(project, "watch")
    assert lacking.returncode == 1
    assert lacking.stderr.startswith("'docker compose watch' is not supported by pydock's nerdctl backend: ")


def test_down_rmi_local_removes_the_built_image(project: Path):
    name = project.name
    assert compose(project, "up", "-d", "--build").returncode == 0
    assert nerdctl("images", "-q", f"{name}-web")
    down = compose(project, "down", "--rmi", "local")
    assert down.returncode == 0, down.stderr
    assert not nerdctl("images", "-q", f"{name}-web").strip()
    assert nerdctl("images", "-q", "busybox").strip()  # a service's image: kept by --rmi local


def test_attached_up_shows_the_services_lines(tmp_path: Path, busybox):
    folder = tmp_path / f"pdc{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    (folder / "compose.yaml").write_text('services:\n  hello:\n    image: busybox\n    command: ["echo", "hi there"]\n')
    try:
        up = compose(folder, "up", timeout=120)
        assert up.returncode == 0, up.stderr
        assert "hello-1  | hi there\n" in up.stdout, up.stdout + up.stderr
        assert "Running [" not in up.stderr
    finally:
        compose(folder, "down", timeout=120)
