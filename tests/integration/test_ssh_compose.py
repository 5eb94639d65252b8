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
from tests.integration.conftest import REMOTE
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


# pydock's PATH here has no nerdctl (it is in /usr/local/bin): a backend command that ran here rather than over ssh
# would fail (the remote's sshd session finds nerdctl on its own PATH)
LOCAL_PATH = "/usr/bin:/bin"


@pytest.fixture(scope="module")
def remote(busybox):
    with ssh_remote.session(REMOTE) as r:
        r.env["PATH"] = LOCAL_PATH
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
    logs = remote.run("compose", "-f", str(project / "compose.yaml"), "logs", "--no-log-prefix")
    for _ in range(20):  # the container's first lines may take a moment
        if "marker" in logs.stdout:
            break
        logs = remote.run("compose", "-f", str(project / "compose.yaml"), "logs", "--no-log-prefix")
    # the project's .env (sent with the file) interpolated; the bind mount is the project's path on the remote
    assert logs.stdout == "hello-from-dotenv\nmarker\n", logs.stderr
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
    assert glob.glob(STAGED) == []


@pytest.mark.parametrize(("text", "args", "message"), [
    (COMPOSE.replace("    environment:", "    env_file: vars\n    environment:"), ("up", "-d"),
     "{file}: `env_file` is not supported over pydock's ssh transport: "),
    (COMPOSE.replace(f"    image: {IMAGE}", "    build: ."), ("up", "-d"),
     "{file}: `build` is not supported over pydock's ssh transport: "),
    ("include:\n  - other.yml\n" + COMPOSE, ("ps",), "{file}: `include` is not supported over pydock's ssh transport: "),
    (COMPOSE, ("build",), "'docker compose build' is not supported over pydock's ssh transport: "),
    (COMPOSE, ("up", "--build", "-d"), "unsupported flag: --build is not supported over pydock's ssh transport: "),
])
def test_what_cannot_work_is_refused_in_composes_voice(remote, project, text, args, message):
    (project / "compose.yaml").write_text(text)
    out = remote.run("compose", "-f", str(project / "compose.yaml"), *args)
    assert out.returncode == 1
    assert out.stderr.startswith(message.format(file=project / "compose.yaml"))
    assert out.stdout == ""
    assert "ssh2proj-web-1" not in ssh_remote.names()


def test_compose_file_on_stdin_is_refused(remote, project):
    out = remote.run("compose", "-f", "-", "ps", input=COMPOSE)
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
    assert _state("ssh2proj-web-1") == "exited"
    assert glob.glob(STAGED) == []


def _state(name: str) -> str:
    out = subprocess.run(["nerdctl", "-n", NS, "inspect", "-f", "{{.State.Status}}", name], capture_output=True,
                         text=True, check=False)
    return out.stdout.strip()
