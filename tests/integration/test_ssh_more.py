"""The ssh transport's later additions (issue #16): what was refused over ssh and now runs there as docker's ssh
transport runs it. `start -i` carries stdin through ssh; `exec -d`, `run -d -i` (its --cidfile written here);
`cp -a` (owners kept) and `cp -L` (a source link followed) both ways; `compose cp`; a health check kept by pydock's
keeper here, its checks run over ssh and recorded where `inspect`/`ps` read them; `build --secret` and `--ssh`, their
bytes read here and never on the remote's disk or a command line. Each runs with no nerdctl on pydock's own PATH, in
a namespace of this module's own."""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pexpect
import pytest

from tests.conftest import PYDOCK, pydock
from tests.integration.conftest import REMOTE
from tests.integration.ssh_remote import HOST, LOCAL_PATH, Remote
from tests.integration.test_ssh_transport import _sshd_problem

NS = "pydock-sshrest"
IMAGE = "sshrest-bb"
BOX = "pydock-sshrest-box"


class Over(Remote):
    """pydock -H ssh://… in this module's namespace, with no nerdctl on its PATH."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.env.update({"CONTAINERD_NAMESPACE": NS, "PATH": LOCAL_PATH})

    def run(self, *args: str, **kw) -> subprocess.CompletedProcess[str]:
        return pydock("-H", HOST, "--namespace", NS, *args, env={**self.env, **kw.pop("env", {})}, **kw)

    def popen(self, *args: str, **kw) -> subprocess.Popen:
        env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
        return subprocess.Popen([PYDOCK, "-H", HOST, "--namespace", NS, *args], env={**env, **self.env},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def local(*args: str, **kw) -> subprocess.CompletedProcess[str]:
    """The same command locally, in the same namespace."""
    return pydock("--namespace", NS, *args, env={"CONTAINERD_NAMESPACE": NS, **kw.pop("env", {})}, **kw)


def _nerdctl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["nerdctl", "-n", NS, *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def over(busybox):
    problem = _sshd_problem()
    assert not problem, problem
    remote = Over(Path(tempfile.mkdtemp(prefix="sshrest")))
    try:
        assert remote.run("pull", REMOTE).returncode == 0
        remote.run("tag", REMOTE, IMAGE, check=True)
        remote.run("run", "-d", "--name", BOX, IMAGE, "sh", "-c",
                   "mkdir -p /data && echo one >/data/a && ln -s a /data/link && chown 321:654 /data/a && "
                   "sleep 600", check=True)
        yield remote
    finally:
        ids = _nerdctl("ps", "-aq").stdout.split()
        if ids:
            _nerdctl("rm", "-f", *ids)
        remote.close()


# --- start -i -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("flags", [("-ai",), ("-i",), ("--attach", "--interactive")])
def test_start_i_on_a_terminal_carries_the_keys_and_returns_the_containers_code(over, flags):
    name = f"pydock-sshrest-start{len(''.join(flags))}"
    over.run("create", "-it", "--name", name, IMAGE, "sh", "-c", "read a; echo got $a; exit 3", check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
    child = pexpect.spawn(PYDOCK, ["-H", HOST, "--namespace", NS, "start", *flags, name], env={**env, **over.env},
                          encoding="utf-8", timeout=30, dimensions=(24, 80))
    try:
        time.sleep(2)  # the container reads its terminal by now
        child.sendline("hello")
        child.expect("got hello")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 3
    assert over.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", name).stdout == "exited 3\n"


# --- exec -d, run -d -i ---------------------------------------------------------------------------------------

def test_exec_detached_runs_on_in_the_container(over):
    began = time.monotonic()
    ran = over.run("exec", "-d", BOX, "sh", "-c", "sleep 4; echo made >/made-by-exec")
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "", "")
    assert time.monotonic() - began < 4  # started, not waited for
    time.sleep(5)
    assert over.run("exec", BOX, "cat", "/made-by-exec").stdout == "made\n"


def test_exec_detached_on_a_terminal_runs_on_in_the_container(over):
    ran = over.run("exec", "-d", "-t", BOX, "sh", "-c", "tty >/tty-of-exec; sleep 2; echo made >/made-by-exec-t")
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "", "")
    time.sleep(4)
    shown = over.run("exec", BOX, "cat", "/tty-of-exec", "/made-by-exec-t").stdout
    assert re.fullmatch(r"/dev/pts/\d+\nmade\n", shown), shown


def test_exec_detached_in_a_missing_container_fails_as_locally(over):
    there, here = over.run("exec", "-d", "pydock-sshrest-none", "true"), local("exec", "-d", "pydock-sshrest-none", "true")
    assert (there.returncode, there.stderr) == (here.returncode, here.stderr) == (1, here.stderr)
    assert "No such container" in there.stderr


def test_run_d_i_holds_stdin_open_and_writes_the_cidfile_here(over, tmp_path):
    cidfile = tmp_path / "cid"
    ran = over.run("run", "-d", "-i", "--name", "pydock-sshrest-held", "--cidfile", str(cidfile), IMAGE, "cat",
                   timeout=60)
    assert ran.returncode == 0, ran.stderr
    cid = ran.stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", cid), ran.stdout
    assert cidfile.read_text() == cid
    time.sleep(1)  # `cat` reads a stdin that does not end: the container runs on
    assert over.run("inspect", "-f", "{{.State.Status}} {{.Id}}", "pydock-sshrest-held").stdout == f"running {cid}\n"
    again = over.run("run", "-d", "-i", "--cidfile", str(cidfile), IMAGE, "cat")
    assert again.returncode == 125 and "container ID file found" in again.stderr  # docker's check, before anything


@pytest.mark.parametrize("flags", [("--name", "pydock-sshrest-cid"), ("-i",), ("-t",)])
def test_attached_run_writes_its_cidfile_here(over, tmp_path, flags):
    cidfile = tmp_path / "cid"
    ran = over.run("run", "--cidfile", str(cidfile), *flags, IMAGE, "sh", "-c", "sleep 1; hostname; exit 4",
                   input="", timeout=60)
    assert ran.returncode == 4, ran.stderr
    cid = cidfile.read_text()
    assert re.fullmatch(r"[0-9a-f]{64}", cid)
    assert over.run("inspect", "-f", "{{.Id}}", cid).stdout == f"{cid}\n"
    if "-t" not in flags:  # (with -t the output's way through two terminals is test_ssh_terminal's)
        assert ran.stdout.strip() == cid[:12]  # the container's hostname


def test_attached_run_with_a_name_in_use_writes_no_cidfile(over, tmp_path):
    cidfile = tmp_path / "cid"
    ran = over.run("run", "--cidfile", str(cidfile), "--name", BOX, IMAGE, "true")
    assert ran.returncode == 125 and "already" in ran.stderr
    time.sleep(1)
    assert not cidfile.exists()


def test_run_d_i_with_a_name_in_use_fails_as_locally(over):
    there, here = (call("run", "-d", "-i", "--name", BOX, IMAGE, "cat") for call in (over.run, local))
    assert (there.returncode, there.stdout, there.stderr) == (here.returncode, here.stdout, here.stderr)
    assert there.returncode == 125 and "already in use" in there.stderr


# --- cp -a, cp -L ---------------------------------------------------------------------------------------------

def test_cp_a_keeps_the_owners_numbers_into_the_container(over, tmp_path):
    folder = tmp_path / "owned"
    folder.mkdir()
    (folder / "f").write_text("x")
    os.chown(folder / "f", 4321, 8765)
    os.chown(folder, 1234, 5678)
    assert over.run("cp", "-a", str(folder), f"{BOX}:/tmp/").returncode == 0
    shown = over.run("exec", BOX, "stat", "-c", "%u %g %n", "/tmp/owned", "/tmp/owned/f")
    assert shown.stdout == "1234 5678 /tmp/owned\n4321 8765 /tmp/owned/f\n"
    assert over.run("container", "cp", "--archive", str(folder / "f"), f"{BOX}:/tmp/g").returncode == 0
    assert over.run("exec", BOX, "stat", "-c", "%u %g", "/tmp/g").stdout == "4321 8765\n"


def test_cp_L_follows_the_source_link_into_the_container(over, tmp_path):
    (tmp_path / "target").write_text("pointed at\n")
    (tmp_path / "link").symlink_to("target")
    assert over.run("cp", "-L", str(tmp_path / "link"), f"{BOX}:/tmp/").returncode == 0
    shown = over.run("exec", BOX, "sh", "-c", "test -L /tmp/link && echo link; cat /tmp/link")
    assert shown.stdout == "pointed at\n"


@pytest.mark.parametrize("flags", [("-L",), ("-a",), ("-a", "-L")])
def test_cp_from_the_container_with_a_and_L_as_locally(over, tmp_path, flags):
    results = []
    for side, call in (("over", over.run), ("here", local)):
        folder = tmp_path / side
        folder.mkdir()
        if "-a" in flags and side == "here":
            # locally nerdctl has no --archive; docker's -a changes nothing on the way out (its client untars as
            # the user who runs it): the same copy without it
            done = call("cp", *[f for f in flags if f != "-a"], f"{BOX}:/data/link", str(folder / "got"))
        else:
            done = call("cp", *flags, f"{BOX}:/data/link", str(folder / "got"))
        assert done.returncode == 0, done.stderr
        got = folder / "got"
        info = os.lstat(got)
        results.append((got.is_symlink(), os.readlink(got) if got.is_symlink() else got.read_text(),
                        info.st_uid, info.st_gid))
    assert results[0] == results[1]
    if "-L" in flags:
        assert results[0][:2] == (False, "one\n")


# --- health checks --------------------------------------------------------------------------------------------

def _health(over: Over, name: str) -> str:
    return over.run("inspect", "-f", "{{.State.Health.Status}} {{len .State.Health.Log}}", name).stdout.strip()


def test_run_d_health_cmd_is_kept_over_ssh(over):
    ran = over.run("run", "-d", "--name", "pydock-sshrest-healthy", "--health-cmd", "test -e /ok",
                   "--health-interval", "1s", "--health-retries", "1", IMAGE, "sh", "-c", "touch /ok; sleep 600")
    assert ran.returncode == 0, ran.stderr
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _health(over, "pydock-sshrest-healthy").startswith("healthy"):
        time.sleep(0.5)
    assert _health(over, "pydock-sshrest-healthy").startswith("healthy ")
    listed = over.run("ps", "--filter", "name=pydock-sshrest-healthy", "--format", "{{.Status}}").stdout
    assert "(healthy)" in listed
    over.run("exec", "pydock-sshrest-healthy", "rm", "/ok", check=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _health(over, "pydock-sshrest-healthy").startswith("unhealthy"):
        time.sleep(0.5)
    assert _health(over, "pydock-sshrest-healthy").startswith("unhealthy ")


def test_create_health_cmd_then_start_over_ssh(over, tmp_path):
    cidfile = tmp_path / "cid"
    made = over.run("create", "--name", "pydock-sshrest-hc", "--cidfile", str(cidfile), "--health-cmd", "true",
                    "--health-interval", "1s", IMAGE, "sleep", "600")
    assert made.returncode == 0, made.stderr
    assert cidfile.read_text() == made.stdout.strip()
    assert over.run("start", "pydock-sshrest-hc").returncode == 0
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _health(over, "pydock-sshrest-hc").startswith("healthy"):
        time.sleep(0.5)
    assert _health(over, "pydock-sshrest-hc").startswith("healthy ")


def test_attached_run_health_cmd_over_ssh(over):
    ran = over.run("run", "--name", "pydock-sshrest-hca", "--health-cmd", "true", "--health-interval", "1s", IMAGE,
                   "sh", "-c", "sleep 4; echo done", timeout=60)
    assert (ran.returncode, ran.stdout) == (0, "done\n"), ran.stderr
    status = _health(over, "pydock-sshrest-hca")
    assert status.startswith("healthy "), status


# --- compose cp -----------------------------------------------------------------------------------------------

def test_compose_cp_both_ways(over, tmp_path):
    project = tmp_path / "proj"
    project.mkdir()
    (project / "compose.yaml").write_text(f"services:\n  box:\n    image: {IMAGE}\n    command: sleep 600\n")
    (project / "sent.txt").write_text("from here\n")
    compose = ("compose", "-p", "pydock-sshrest-cmp", "-f", str(project / "compose.yaml"))
    try:
        assert over.run(*compose, "up", "-d", timeout=120).returncode == 0
        to = over.run(*compose, "cp", str(project / "sent.txt"), "box:/sent.txt")
        assert to.returncode == 0, to.stderr
        assert over.run(*compose, "exec", "-T", "box", "cat", "/sent.txt").stdout == "from here\n"
        back = over.run(*compose, "cp", "box:/sent.txt", str(project / "back.txt"))
        assert back.returncode == 0, back.stderr
        assert (project / "back.txt").read_text() == "from here\n"
        # what it prints, as the same copy locally (the remote is this machine, the project the same)
        here = local(*compose, "cp", str(project / "sent.txt"), "box:/sent.txt")
        assert (to.returncode, to.stdout, to.stderr) == (here.returncode, here.stdout, here.stderr)
        missing = over.run(*compose, "cp", "box:/no-such", str(project / "x"))
        assert missing.returncode != 0 and not (project / "x").exists()
    finally:
        over.run(*compose, "down", timeout=120)


# --- build --secret, --ssh ------------------------------------------------------------------------------------

SECRETS = "/dev/shm/.pydock-secret-*"


def test_build_secret_from_a_local_file_and_env(over, tmp_path):
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "Dockerfile").write_text(
        f"FROM {REMOTE}\nRUN --mount=type=secret,id=tok --mount=type=secret,id=word "
        "cat /run/secrets/tok /run/secrets/word > /copied\n")
    token = tmp_path / "token"
    token.write_text("local-secret-bytes\n")
    tag = "sshrest-secret:1"
    built = over.run("build", "--progress=plain", "-t", tag, "--secret", f"id=tok,src={token}",
                     "--secret", "id=word,env=SSHREST_WORD", str(ctx), env={"SSHREST_WORD": "from-env",
                                                                           "PYDOCK_DEBUG": "1"}, timeout=180)
    assert built.returncode == 0, built.stderr
    assert "local-secret-bytes" not in built.stderr + built.stdout and "from-env" not in built.stderr
    ran = over.run("run", "--rm", tag, "cat", "/copied")
    assert ran.stdout == "local-secret-bytes\nfrom-env"
    assert glob.glob(SECRETS) == []  # the tmpfs copy is gone with the build


def test_build_secret_of_a_missing_file_fails_before_anything(over, tmp_path):
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "Dockerfile").write_text(f"FROM {REMOTE}\n")
    failed = over.run("build", "--secret", f"id=x,src={tmp_path / 'none'}", str(ctx))
    assert failed.returncode == 1
    assert failed.stderr.startswith("ERROR: failed to build: ") and "no such file or directory" in failed.stderr


def test_build_secret_is_removed_from_the_remote_on_ctrl_c(over, tmp_path):
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "Dockerfile").write_text(f"FROM {REMOTE}\nRUN --mount=type=secret,id=tok sleep 60\n")
    token = tmp_path / "token"
    token.write_text("short-lived\n")
    build = over.popen("build", "--no-cache", "--progress=plain", "--secret", f"id=tok,src={token}", str(ctx))
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not glob.glob(SECRETS):
            time.sleep(0.1)
        [folder] = glob.glob(SECRETS)
        while time.monotonic() < deadline and not glob.glob(f"{folder}/*"):
            time.sleep(0.1)
        assert os.stat(folder).st_mode & 0o777 == 0o700
        assert [oct(os.stat(f).st_mode & 0o777) for f in glob.glob(f"{folder}/*")] == ["0o600"]
        assert Path(folder, "0").read_text() == "short-lived\n"
        assert not any("short-lived" in p for p in _command_lines())
        time.sleep(2)
        build.send_signal(signal.SIGINT)
        build.communicate(timeout=60)
    finally:
        build.kill()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and glob.glob(SECRETS):
        time.sleep(0.2)
    assert glob.glob(SECRETS) == []


def _command_lines() -> list[str]:
    lines = []
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            lines.append(Path(cmdline).read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return lines


def _ssh_add_context(ctx: Path, command: str) -> None:
    """A context holding this machine's ssh-add with its loader and libraries, to run in a busybox build step."""
    ssh_add = shutil.which("ssh-add")
    assert ssh_add, "ssh-add (openssh-client) is needed"
    libs = ctx / "libs"
    libs.mkdir(parents=True)
    shutil.copy(ssh_add, ctx / "ssh-add")
    loader = ""
    for line in subprocess.run(["ldd", ssh_add], capture_output=True, text=True, check=True).stdout.splitlines():
        path = next((w for w in line.split() if w.startswith("/")), "")
        if path:
            shutil.copy(path, libs / os.path.basename(path))
            loader = os.path.basename(path) if "ld-linux" in path else loader
    (ctx / "Dockerfile").write_text(
        f"FROM {REMOTE}\nCOPY . /t/\nRUN --mount=type=ssh{command} /t/libs/{loader} --library-path /t/libs "
        "/t/ssh-add -l > /keys; cat /keys\n")


@pytest.fixture
def agent(tmp_path):
    """A local ssh-agent holding a key of its own (comment `pydock-sshrest-key`)."""
    sock = tmp_path / "agent.sock"
    started = subprocess.run(["ssh-agent", "-a", str(sock)], capture_output=True, text=True, check=True)
    pid = re.search(r"SSH_AGENT_PID=(\d+)", started.stdout).group(1)
    key = tmp_path / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pydock-sshrest-key", "-f", str(key)],
                   check=True)
    subprocess.run(["ssh-add", str(key)], env={**os.environ, "SSH_AUTH_SOCK": str(sock)}, capture_output=True,
                   check=True)
    yield sock, key
    os.kill(int(pid), signal.SIGTERM)


def test_build_ssh_default_forwards_this_machines_agent(over, tmp_path, agent):
    sock, _ = agent
    ctx = tmp_path / "ctx"
    _ssh_add_context(ctx, "")
    built = over.run("build", "--no-cache", "--progress=plain", "-t", "sshrest-agent:1", "--ssh", "default",
                     str(ctx), env={"SSH_AUTH_SOCK": str(sock)}, timeout=180)
    assert built.returncode == 0, built.stderr
    assert over.run("run", "--rm", "sshrest-agent:1", "cat", "/keys").stdout.strip().endswith("pydock-sshrest-key (ED25519)")


def test_build_ssh_with_a_key_file_and_an_agent_socket_by_id(over, tmp_path, agent):
    sock, key = agent
    ctx = tmp_path / "ctx"
    _ssh_add_context(ctx, ",id=mine")
    for given in (f"mine={key}", f"mine={sock}"):
        built = over.run("build", "--no-cache", "--progress=plain", "-t", "sshrest-agent:2", "--ssh", given,
                         str(ctx), env={"SSH_AUTH_SOCK": ""}, timeout=180)
        assert built.returncode == 0, built.stderr
        keys = over.run("run", "--rm", "sshrest-agent:2", "cat", "/keys").stdout
        assert "ED25519" in keys, (given, keys)
    assert glob.glob(SECRETS) == []


def test_build_ssh_default_without_an_agent_fails_as_locally(over, tmp_path):
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "Dockerfile").write_text(f"FROM {REMOTE}\n")
    env = {"SSH_AUTH_SOCK": ""}
    there = over.run("build", "--ssh", "default", str(ctx), env=env)
    assert there.returncode == 1
    assert "SSH_AUTH_SOCK" in there.stderr
