"""`docker compose` over the ssh transport (issue #16) with a local compose file: the files (the compose files, those
they include and extend, `-f -`, the project's .env, the env files) go to a private folder on the remote for the call
and are removed after it (the services' env and label files: to the project's folder in the remote user's home, until
`down`); the project directory stays this machine's path, so a relative bind mount names that path on the remote, as
with docker. The remote in these tests is this machine, in the ssh tests' namespace (the later
tests hide the project's files from it: what the remote reads, pydock sent); each answer is compared with the same
command run locally where both can see the same project."""

from __future__ import annotations

import glob
import json
import os
import pwd
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import PYDOCK, pydock
from tests.integration import ssh_remote
from tests.integration.conftest import REMOTE, unique_tag
from tests.integration.ssh_remote import IMAGE, NS, local

STAGED = "/var/tmp/.pydock-compose-*"  # a call's folder on the remote, removed when the call ends
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
def project(tmp_path: Path, remote):
    folder = tmp_path / "ssh2proj"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "marker").write_text("x")
    (folder / "compose.yaml").write_text(COMPOSE)
    (folder / ".env").write_text("GREETING=from-dotenv\n")
    yield folder
    # over ssh first: that down also removes the project's kept env files on the remote
    if remote.run("compose", "-f", str(folder / "compose.yaml"), "down").returncode != 0:
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


KEEP = f"""services:
  web:
    image: {IMAGE}
    command: ["sh", "-c", "echo v=$$V; sleep 300"]
    stop_signal: SIGKILL
    env_file: vars.env
    label_file:
      - labels.txt
"""


def test_up_twice_keeps_a_service_with_env_and_label_files_as_locally(remote, tmp_path):
    """Issue #16: a second `up -d` leaves a service with an env file and a label file running, over ssh as here (the
    same container, compose's `Running`): nerdctl's compose hashes those files' paths, which stay the same from call
    to call on the remote (a folder of the project's, private, in the remote user's home, until `down`). A change
    of the env file's values recreates the service, over ssh as here (and as docker compose does: Engine 29's
    compose says `Running` after a new comment in the file, `Recreate` after a new value)."""
    from shim.backends.nerdctl.compose_ssh import KEPT, kept_key
    from shim.compose_project import Project

    folder = tmp_path / "ssh2keep"
    folder.mkdir()
    (folder / "compose.yaml").write_text(KEEP)
    (folder / "vars.env").write_text("V=one\n")
    (folder / "labels.txt").write_text("keep.label=one\n")
    file = ("-f", str(folder / "compose.yaml"))
    runs = {"over": lambda *a: remote.run("compose", *file, "-p", "ssh2keep-over", *a),
            "here": lambda *a: local("compose", *file, "-p", "ssh2keep-here", *a)}
    kept = Path(pwd.getpwnam("root").pw_dir, KEPT,  # the test remote's user: root
                kept_key(Project([str(folder / "compose.yaml")], str(folder), "ssh2keep-over", [], [])))

    def up_both() -> dict[str, str]:
        """`up -d` over ssh and here, compose's lines the same (the project named P); the containers' IDs."""
        ids, lines = {}, {}
        for where, run in runs.items():
            up = run("up", "-d")
            assert up.returncode == 0, up.stderr
            # nerdctl's warning that it ignores those keys (compose read them into the environment and labels)
            # carries the time of the call
            text = re.sub(r'^time="[^"]*" ', "", up.stderr.replace(f"ssh2keep-{where}", "P"), flags=re.MULTILINE)
            ids[where], lines[where] = _id(f"ssh2keep-{where}-web-1"), text
        assert lines["over"] == lines["here"]
        return ids | {"lines": lines["over"]}

    try:
        first = up_both()
        assert " Container P-web-1 Started" in first["lines"]
        second = up_both()
        assert second == first | {"lines": second["lines"]}  # the same containers
        assert " Container P-web-1 Running" in second["lines"]
        assert " Recreate" not in second["lines"]
        # the kept files: the remote user's only, named after the local files
        assert (kept.stat().st_mode & 0o777, kept.parent.stat().st_mode & 0o777) == (0o700, 0o700)
        files = sorted(kept.iterdir(), key=lambda f: f.name.rsplit("-", 1)[1])
        assert [(f.name.split("-", 1)[1], f.read_text(), f.stat().st_mode & 0o777) for f in files] == [
            ("labels.txt", "keep.label=one\n", 0o600), ("vars.env", "V=one\n", 0o600)]
        # a change that leaves the values as they were (a comment) changes nothing, as with docker compose
        (folder / "vars.env").write_text("# the test's\nV=one\n")
        assert up_both() == second
        (folder / "vars.env").write_text("V=two\n")
        third = up_both()
        assert third["over"] != second["over"] and third["here"] != second["here"]
        assert " Container P-web-1 Recreate" in third["lines"]
        env = json.loads(remote.run("inspect", "ssh2keep-over-web-1").stdout)[0]["Config"]["Env"]
        assert "V=two" in env
    finally:
        downs = [run("down") for run in runs.values()]
    assert [d.returncode for d in downs] == [0, 0], downs[0].stderr + downs[1].stderr
    assert not kept.exists()  # down over ssh removed them
    assert kept.parent.is_dir()


def _id(name: str) -> str:
    return subprocess.run(["nerdctl", "-n", NS, "inspect", "-f", "{{.ID}}", name], capture_output=True, text=True,
                          check=False).stdout.strip()


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
    ("include:\n  - ${WHERE}.yml\n" + COMPOSE,
     "{file}: `include: path` written as '${WHERE}.yml' is not supported over pydock's ssh transport: "),
    (COMPOSE.replace("    environment:", "    extends: {file: other.yml, service: web}\n    environment:"),
     "{file}: `extends` written as '{file: other.yml, service: web}' is not supported over pydock's ssh transport: "),
    (COMPOSE.replace("    environment:", "    env_file: ${WHERE}\n    environment:"),
     "{file}: `env_file` written as '${WHERE}' is not supported over pydock's ssh transport: "),
    (COMPOSE.replace("    environment:", "    build:\n      context: .\n      ssh: [default]\n    environment:"),
     "{file}: `build: ssh` is not supported over pydock's ssh transport: "),
])
def test_what_cannot_work_is_refused_in_composes_voice(remote, project, text, message):
    (project / "compose.yaml").write_text(text)
    out = remote.run("compose", "-f", str(project / "compose.yaml"), "up", "-d")
    assert out.returncode == 1
    assert out.stderr.startswith(message.replace("{file}:", f"{project / 'compose.yaml'}:"))
    assert out.stdout == ""
    assert "ssh2proj-web-1" not in ssh_remote.names()


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


# The remote of these tests is this machine. To prove that a file reached the remote, the tests below keep the
# project's files where only the pydock they run sees them: in a mount namespace of its own, a bind mount of the
# files' folder on an empty one; the remote's sshd sees the empty folder at the same path (and bind mounts name it).
_UNSEEN = 'mount --bind "$1" "$2" && cd "$3" && shift 3 && exec "$@"'


class Unseen:
    """Files at `view` that only the pydock run through `run` sees."""

    def __init__(self, tmp_path: Path, files: dict[str, str]) -> None:
        self.real, self.view = tmp_path / "real", tmp_path / "view"
        self.view.mkdir()
        for name, text in files.items():
            (self.real / name).parent.mkdir(parents=True, exist_ok=True)
            (self.real / name).write_text(text)

    def run(self, remote: ssh_remote.Remote | None, folder: str, *args: str,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
        """pydock ARGS in the folder of the view, over ssh (`remote`) or here, in the ssh tests' namespace."""
        env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
        env.update({"CONTAINERD_NAMESPACE": NS, **(remote.env if remote else {})})
        host = ["-H", ssh_remote.HOST] if remote else []
        return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", _UNSEEN, "sh",
                               str(self.real), str(self.view), str(self.view / folder), PYDOCK, *host, "--namespace",
                               NS, *args], input=input, capture_output=True, text=True, env=env, timeout=120,
                              check=False)

    def same_config(self, remote: ssh_remote.Remote, folder: str, *args: str, input: str | None = None) -> str:
        """`compose ARGS config` over ssh, checked the same as here; its output."""
        over = self.run(remote, folder, "compose", *args, "config", input=input)
        here = self.run(None, folder, "compose", *args, "config", input=input)
        assert over.returncode == 0, over.stderr
        assert over.stdout == here.stdout
        assert ".pydock-compose-" not in over.stdout  # the copies' paths shown as the files they copy
        return over.stdout


BASE = f"""services:
  base:
    image: {IMAGE}
    env_file: base.env
    volumes:
      - ./basedata:/b
      - type: bind
        source: ../common/long
        target: /l
    labels:
      from: base
"""
INCLUDED = {
    "ssh2incl/compose.yaml": f"""include:
  - ../lib/first.yml
  - path:
      - ../lib/second.yml
      - ../lib/second.override.yml
    project_directory: ../lib/deeper
    env_file: inc.env
services:
  web:
    image: {IMAGE}
    command: ["true"]
""",
    "ssh2incl/inc.env": "INC=from-include-env-file\n",
    "lib/first.yml": f"""include: [deeper/third.yml]
services:
  first:
    image: {IMAGE}
    command: echo first=${{FIRST}}
    env_file:
      - path: first.env
        required: true
    volumes:
      - ./firstdata:/d
""",
    "lib/.env": "FIRST=from-lib-dotenv\n",
    "lib/first.env": "X=from-first-env-file\n",
    "lib/second.yml": f"services:\n  second:\n    image: {IMAGE}\n    command: echo ${{INC}}\n"
                      '    volumes: ["./seconddata:/s"]\n',
    "lib/second.override.yml": 'services:\n  second:\n    environment:\n      OVER: "yes"\n',
    "lib/deeper/third.yml": "services:\n  third:\n    extends:\n      file: ../../common/base.yml\n"
                            "      service: base\n",
    "common/base.yml": BASE,
    "common/base.env": "BASE=from-base-env-file\n",
}


def test_include_reaches_the_remote(remote, tmp_path):
    """A top-level include (a path; paths with a project directory and an env file), the included file's own include,
    its .env, its services' env_file and an extended file are read here and sent: the remote loads the project docker
    compose would (the same `config` as here), with bind mounts naming this machine's paths."""
    unseen = Unseen(tmp_path, INCLUDED)
    view = unseen.view
    try:
        config = unseen.same_config(remote, "ssh2incl")
        for text in ("name: ssh2incl\n", "- first=from-lib-dotenv\n", "X: from-first-env-file\n",
                     "- from-include-env-file\n", 'OVER: "yes"\n', "BASE: from-base-env-file\n", "from: base\n",
                     f"source: {view}/lib/firstdata\n", f"source: {view}/lib/deeper/seconddata\n",
                     f"source: {view}/common/basedata\n", f"source: {view}/common/long\n"):
            assert text in config, text
        ran = unseen.run(remote, "ssh2incl", "compose", "run", "--rm", "-T", "third", "sh", "-c", "echo $BASE")
        assert (ran.returncode, ran.stdout) == (0, "from-base-env-file\n"), ran.stderr
    finally:
        unseen.run(remote, "ssh2incl", "compose", "down")
    assert glob.glob(STAGED) == []


def test_extends_env_files_dotenv_and_several_files_reach_the_remote(remote, tmp_path):
    unseen = Unseen(tmp_path, {
        "ssh2ext/compose.yaml": f"""services:
  web:
    image: {IMAGE}
    command: ["sh", "-c", "echo $$A $$B ${{DOT}} $$BASE"]
    env_file: a.env
    extends:
      file: ../common/base.yml
      service: base
""",
        "ssh2ext/override.yml": "services:\n  web:\n    environment:\n      B: from-override\n",
        "ssh2ext/.env": "DOT=from-dotenv\n",
        "ssh2ext/a.env": "A=from-env-file\n",
        "common/base.yml": BASE,
        "common/base.env": "BASE=from-base-env-file\n",
    })
    files = ("-f", "compose.yaml", "-f", "override.yml")
    try:
        config = unseen.same_config(remote, "ssh2ext", *files)
        for text in ("A: from-env-file\n", "B: from-override\n", "BASE: from-base-env-file\n", "from: base\n",
                     f"source: {unseen.view}/common/basedata\n"):
            assert text in config, text
        ran = unseen.run(remote, "ssh2ext", "compose", *files, "run", "--rm", "-T", "web")
        assert (ran.returncode, ran.stdout) == (0, "from-env-file from-override from-dotenv from-base-env-file\n"), \
            ran.stderr
    finally:
        unseen.run(remote, "ssh2ext", "compose", *files, "down")
    assert glob.glob(STAGED) == []


STDIN = f"""services:
  web:
    image: {IMAGE}
    command: ["sh", "-c", "echo $$V ${{GREETING}}; sleep 300"]
    env_file: vars.env
    stop_signal: SIGKILL
    volumes:
      - ./data:/data
"""


def test_compose_file_on_stdin(remote, tmp_path):
    """`-f -`: read here once and sent as a file; the project directory is the working directory and the project is
    named after it, and the containers' labels name the file `-`, as docker compose does."""
    unseen = Unseen(tmp_path, {"ssh2stdin/.env": "GREETING=from-dotenv\n", "ssh2stdin/vars.env": "V=from-env-file\n"})
    folder = unseen.view / "ssh2stdin"
    try:
        config = unseen.same_config(remote, "ssh2stdin", "-f", "-", input=STDIN)
        assert config.startswith("name: ssh2stdin\n")
        assert f"source: {folder}/data\n" in config
        named = unseen.run(remote, "ssh2stdin", "compose", "-f", "-", "config", input="name: ssh2named\n" + STDIN)
        assert named.stdout.startswith("name: ssh2named\n"), named.stderr  # the file's name, as docker compose's
        up = unseen.run(remote, "ssh2stdin", "compose", "-f", "-", "up", "-d", input=STDIN)
        assert up.returncode == 0, up.stderr
        assert " Container ssh2stdin-web-1 Started" in up.stderr
        fmt = ("--format", "{{.Name}} {{.Service}} {{.State}}")
        over = unseen.run(remote, "ssh2stdin", "compose", "-f", "-", "ps", *fmt, input=STDIN)
        here = unseen.run(None, "ssh2stdin", "compose", "-f", "-", "ps", *fmt, input=STDIN)
        assert over.stdout == here.stdout == "ssh2stdin-web-1 web running\n", over.stderr
        labels = json.loads(remote.run("inspect", "ssh2stdin-web-1").stdout)[0]["Config"]["Labels"]
        assert labels["com.docker.compose.project.config_files"] == "-"
        assert labels["com.docker.compose.project.working_dir"] == str(folder)
        logs = remote.run("logs", "ssh2stdin-web-1")
        for _ in range(20):  # the container's first line may take a moment
            if logs.stdout:
                break
            time.sleep(0.3)
            logs = remote.run("logs", "ssh2stdin-web-1")
        assert logs.stdout == "from-env-file from-dotenv\n"
    finally:
        down = unseen.run(remote, "ssh2stdin", "compose", "-f", "-", "down", input=STDIN)
    assert down.returncode == 0, down.stderr
    assert "ssh2stdin-web-1" not in ssh_remote.names()
    assert glob.glob(STAGED) == []
