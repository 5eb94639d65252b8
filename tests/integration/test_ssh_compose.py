"""`docker compose` over the ssh transport (issue #16) with a local compose file: the files (the compose file, the
project's .env) go to a private folder on the remote for the call and are removed after it; the project directory
stays this machine's path, so a relative bind mount names that path on the remote, as with docker. The remote in
these tests is this machine, in the ssh tests' namespace; each answer is compared with the same command run locally
where both can see the same project."""

from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import PYDOCK, pydock
from tests.integration import ssh_remote
from tests.integration.conftest import REMOTE, unique_tag
from tests.integration.ssh_remote import IMAGE, NS, local

STAGED = "/var/tmp/.pydock-compose-*"
COMPOSE = f"""services:
  web:
    image: {IMAGE}
    command: ["sh", "-c", "echo hello-$$GREETING; ls /data; sleep 300"]
    environment:
      GREETING: ${{GREETING}}
    volumes:
      - ./data:/data
"""


@pytest.fixture(scope="module")
def remote(busybox):
    with ssh_remote.session_without_local_nerdctl(REMOTE) as r:
        yield r


@pytest.fixture
def project(tmp_path: Path):
    folder = tmp_path / "ssh2proj"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "marker").write_text("x")
    (folder / "compose.yaml").write_text(COMPOSE)
    (folder / ".env").write_text("GREETING=from-dotenv\n")
    yield folder
    pydock("--namespace", NS, "compose", "-f", str(folder / "compose.yaml"), "down")


def test_up_ps_logs_down_with_a_local_file(remote, project):
    up = remote.run("compose", "-f", str(project / "compose.yaml"), "up", "-d")
    assert up.returncode == 0, up.stderr
    assert up.stdout == ""
    assert " Container ssh2proj-web-1 Started" in up.stderr
    assert glob.glob(STAGED) == []  # the call's folder on the remote is gone
    fmt = ("--format", "{{.Name}} {{.Service}} {{.State}}")
    over, here = remote.run("compose", "-f", str(project / "compose.yaml"), "ps", *fmt), local("compose", "-f", str(project / "compose.yaml"), "ps", *fmt)
    assert over.returncode == 0, over.stderr
    assert over.stdout == here.stdout == "ssh2proj-web-1 web running\n"
    # the project's .env (sent with the file) interpolated; the bind mount is the project's path on the remote
    assert _logs_until(remote, project, "marker") == "hello-from-dotenv\nmarker\n"
    inspected = json.loads(remote.run("inspect", "ssh2proj-web-1").stdout)[0]
    assert [m["Source"] for m in inspected["Mounts"]] == [str(project / "data")]
    assert inspected["Config"]["Labels"]["com.docker.compose.project.config_files"] == str(project / "compose.yaml")
    down = remote.run("compose", "-f", str(project / "compose.yaml"), "down")
    assert down.returncode == 0, down.stderr
    assert " Container ssh2proj-web-1 Removed" in down.stderr
    assert "ssh2proj-web-1" not in ssh_remote.names()
    assert glob.glob(STAGED) == []


def test_files_named_with_f_and_env_file_from_another_folder(remote, project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "other.yml").write_text(COMPOSE.replace("sleep 300", "true"))
    (elsewhere / "vars").write_text("GREETING=from-env-file\n")
    ran = remote.run("compose", "-f", str(elsewhere / "other.yml"), "--env-file", str(elsewhere / "vars"), "-p",
                     "ssh2other", "run", "--rm", "-T", "web", "sh", "-c", "echo $GREETING; exit 3")
    assert ran.returncode == 3, ran.stderr
    assert ran.stdout == "from-env-file\n"
    # a variable of this machine's environment wins over the env file, as the shell's does with docker compose
    ran = remote.run("compose", "-f", str(elsewhere / "other.yml"), "--env-file", str(elsewhere / "vars"), "-p",
                     "ssh2other", "run", "--rm", "-T", "web", "sh", "-c", "echo $GREETING", env={"GREETING": "shell"})
    assert (ran.returncode, ran.stdout) == (0, "shell\n"), ran.stderr
    down = remote.run("compose", "-f", str(elsewhere / "other.yml"), "-p", "ssh2other", "down")  # its network
    assert down.returncode == 0, down.stderr
    assert glob.glob(STAGED) == []


def test_env_file_and_build_context_are_sent_from_here(remote, project, tags):
    """A service's env_file is read here and its build context sent from here (.dockerignore applied), as docker
    compose does; the image is built on the remote and the container runs there."""
    app = project / "app"
    app.mkdir()
    (app / "Dockerfile").write_text(f"FROM {REMOTE}\nCOPY . /app/\n"
                                    'CMD ["sh", "-c", "echo v=$V; ls -A /app; sleep 300"]\n')
    (app / "kept.txt").write_text("k")
    (app / "secret.txt").write_text("s")
    (app / ".dockerignore").write_text("secret.txt\n")
    (project / "vars.env").write_text("V=from-env-file\n")
    tag = tags()
    (project / "compose.yaml").write_text(f"services:\n  app:\n    build: ./app\n    image: {tag}\n"
                                          "    env_file:\n      - vars.env\n")
    up = remote.run("compose", "-f", str(project / "compose.yaml"), "up", "-d", timeout=180)
    assert up.returncode == 0, up.stderr
    assert glob.glob(STAGED) == []
    logs = _logs_until(remote, project, "kept.txt")
    assert logs == "v=from-env-file\n.dockerignore\nDockerfile\nkept.txt\n"
    assert remote.run("image", "inspect", "-f", "{{.Id}}", tag).returncode == 0


def _logs_until(remote, project, text: str) -> str:
    logs = remote.run("compose", "-f", str(project / "compose.yaml"), "logs", "--no-log-prefix")
    for _ in range(20):  # the container's first lines may take a moment
        if text in logs.stdout:
            break
        time.sleep(0.3)
        logs = remote.run("compose", "-f", str(project / "compose.yaml"), "logs", "--no-log-prefix")
    return logs.stdout


@pytest.fixture
def tags():
    made: list[str] = []

    def make() -> str:
        made.append(unique_tag("ssh2-compose"))
        return made[-1]

    yield make
    if made:
        subprocess.run(["nerdctl", "-n", NS, "rmi", "-f", *made], capture_output=True, check=False)


@pytest.mark.parametrize(("text", "message"), [
    ("include:\n  - other.yml\n" + COMPOSE, "{file}: `include` is not supported over pydock's ssh transport: "),
    (COMPOSE.replace("    environment:", "    env_file: ${WHERE}\n    environment:"),
     "{file}: `env_file` written as '${WHERE}' is not supported over pydock's ssh transport: "),
    (COMPOSE.replace("    environment:", "    build:\n      context: .\n      ssh: [default]\n    environment:"),
     "{file}: `build: ssh` is not supported over pydock's ssh transport: "),
])
def test_what_cannot_work_is_refused_in_composes_voice(remote, project, text, message):
    (project / "compose.yaml").write_text(text)
    out = remote.run("compose", "-f", str(project / "compose.yaml"), "up", "-d")
    assert out.returncode == 1
    assert out.stderr.startswith(message.replace("{file}", str(project / "compose.yaml")))
    assert out.stdout == ""
    assert "ssh2proj-web-1" not in ssh_remote.names()


def test_compose_file_on_stdin_is_refused(remote, project):
    out = remote.run("compose", "-f", "-", "up", "-d", input=COMPOSE)
    assert out.returncode == 1
    assert out.stderr.startswith("a compose file on stdin (-f -) is not supported over pydock's ssh transport")


def test_a_failed_call_still_removes_its_folder(remote, project):
    (project / "compose.yaml").write_text(COMPOSE.replace(IMAGE, "ssh2-no-such-image:never"))
    out = remote.run("compose", "-f", str(project / "compose.yaml"), "up", "-d", "--pull", "never")
    assert out.returncode == 1
    assert glob.glob(STAGED) == []
    assert subprocess.run(["ls", "/var/tmp"], capture_output=True, text=True, check=True).stdout.count(
        ".pydock-compose-") == 0
    assert os.path.isdir(project)


def test_ctrl_c_stops_an_attached_up_on_the_remote(remote, project):
    """SIGINT to pydock stops the project gracefully on the remote (`compose stop` there: a SIGINT would end only
    ssh here), then pydock ends 130, as docker compose does; the call's folder goes."""
    proc = subprocess.Popen([PYDOCK, "-H", ssh_remote.HOST, "--namespace", NS, "compose", "-f",
                             str(project / "compose.yaml"), "up"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, **remote.env})
    deadline = time.monotonic() + 60
    while _state("ssh2proj-web-1") != "running":
        assert time.monotonic() < deadline and proc.poll() is None, "the project never ran"
        time.sleep(0.3)
    time.sleep(1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Gracefully Stopping... press Ctrl+C again to force" in err
    assert "hello-from-dotenv" in out
    deadline = time.monotonic() + 10  # nerdctl's inspect answers nothing now and then on a busy machine
    while _state("ssh2proj-web-1") != "exited":
        assert time.monotonic() < deadline, _state("ssh2proj-web-1")
        time.sleep(0.3)
    assert glob.glob(STAGED) == []


def _state(name: str) -> str:
    out = subprocess.run(["nerdctl", "-n", NS, "inspect", "-f", "{{.State.Status}}", name], capture_output=True,
                         text=True, check=False)
    return out.stdout.strip()
