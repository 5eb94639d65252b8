"""The ctr backend over the ssh transport (issue #16): a remote that has containerd and ctr only (a Kubernetes node),
no nerdctl. tests/stack/sshd.sh's `ctrnode` key gives the remote sessions a PATH with ctr and without nerdctl, and
pydock runs here on a PATH with neither (ssh only): a backend command run here instead of the remote would fail.
Each answer is compared with the same command of the local ctr backend (nerdctl hidden from its PATH, tests/
integration/ctr_node.py) in the same namespace, on this machine's containerd, which is also the remote's."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import PYDOCK, pydock, ran_nerdctl
from tests.integration import ctr_node
from tests.integration.ssh_remote import HOST, KEYS
from tests.integration.test_ssh_transport import _config, _sshd_problem

NS = "pydock-sshctr"
HERE_PATH = "/usr/bin:/bin"  # ssh; not ctr nor nerdctl (/usr/local/bin)
LOG_DIR = "/var/lib/pydock/ctr-logs"


class Node:
    """pydock -H ssh://… as a key whose remote sessions have no nerdctl, with its own ssh config and shared
    connection's folder."""

    def __init__(self, key: str) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="sshctr"))  # short: the control socket's path has a limit
        config = self.folder / "config"
        config.write_text(_config(KEYS / key))
        (self.folder / "run").mkdir(mode=0o700)
        self.env = {"PYDOCK_SSH_CONFIG": str(config), "XDG_RUNTIME_DIR": str(self.folder / "run"),
                    "CONTAINERD_NAMESPACE": NS, "PATH": HERE_PATH, "PYDOCK_BACKEND": ""}

    def run(self, *args: str, **kw) -> subprocess.CompletedProcess[str]:
        return pydock("-H", HOST, "--namespace", NS, *args, env={**self.env, **kw.pop("env", {})}, **kw)

    def raw(self, *args: str, **kw) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([PYDOCK, "-H", HOST, "--namespace", NS, *args], capture_output=True,
                              env={**os.environ, **self.env}, check=False, **kw)

    def close(self) -> None:
        for master in (self.folder / "run").glob(".pydock-ssh-*/*"):
            if master.is_socket() and not master.name.startswith("fwd-"):
                subprocess.run(["ssh", "-o", f"ControlPath={master}", "-O", "exit", "x"], capture_output=True,
                               check=False)
        subprocess.run(["rm", "-rf", str(self.folder)], check=False)


@pytest.fixture(scope="module")
def here(tmp_path_factory):
    """The local ctr backend in the same namespace (ctr on PATH, no nerdctl)."""
    return ctr_node.runner(ctr_node.node_path(tmp_path_factory.mktemp("node-bin")), NS)


@pytest.fixture(scope="module")
def node(stack, here):
    problem = _sshd_problem()
    assert not problem, problem
    accepted = (KEYS / "authorized_keys").read_text()
    for key in ("ctrnode", "noforward"):
        assert f"pydock-test-{key}" in accepted, f"tests/stack/sshd.sh start makes the {key} key and accepts it"
    remote = Node("ctrnode_ed25519")
    yield remote
    ctr_node.empty(here, NS)
    remote.close()


@pytest.fixture(scope="module")
def bb(node, image_archive):
    """busybox, loaded over ssh from this machine's archive (ctr reads it on its stdin on the remote)."""
    loaded = node.run("load", "-i", str(image_archive))
    assert (loaded.returncode, loaded.stdout) == (0, "Loaded image: busybox:latest\n"), loaded.stderr
    return "busybox"


def _same(node, here, *args: str, code: int = 0, **kw) -> subprocess.CompletedProcess[str]:
    over, local = node.run(*args, **kw), here(*args, **kw)
    assert (over.returncode, over.stdout, over.stderr) == (local.returncode, local.stdout, local.stderr), args
    assert over.returncode == code, over.stderr
    return over


def test_the_backend_is_ctr_on_a_remote_without_nerdctl(node, bb):
    shown = node.run("images", "-q", env={"PYDOCK_DEBUG": "1"})
    assert shown.returncode == 0, shown.stderr
    assert "pydock: backend ctr (the ssh transport runs the remote host's nerdctl, else its ctr)" in shown.stderr
    assert ran_nerdctl(shown.stderr) == []
    asked = node.run("--backend", "nerdctl", "ps")
    assert asked.returncode == 1
    assert "pydock: nerdctl was not found on the remote host 127.0.0.1" in asked.stderr


def test_images_tag_inspect_rmi_as_the_local_ctr_backend(node, here, bb):
    assert node.run("tag", bb, "sshctr-tag:1").returncode == 0
    for args in (("images",), ("images", "-q"), ("images", "--digests"), ("images", "--format", "json"),
                 ("image", "inspect", "-f", "{{.Id}} {{.Config.Cmd}} {{.RepoTags}}", "sshctr-tag:1"),
                 ("inspect", "--type", "image", bb)):
        _same(node, here, *args)
    _same(node, here, "image", "inspect", "sshctr-none", code=1)
    removed = node.run("rmi", "sshctr-tag:1")
    assert (removed.returncode, removed.stdout) == (0, "Untagged: sshctr-tag:1\n"), removed.stderr
    _same(node, here, "rmi", "sshctr-tag:1", code=1)


def test_pull_prints_what_the_local_ctr_backend_prints(node, here, bb):
    from tests.integration.conftest import REMOTE

    lines = []
    for run in (node.run, here):
        here("rmi", "-f", REMOTE)
        pulled = run("pull", REMOTE)
        assert pulled.returncode == 0, pulled.stderr
        lines.append(pulled.stdout)
    assert lines[0] == lines[1]
    assert lines[0].endswith(f"\n{REMOTE}\n")
    _same(node, here, "pull", "127.0.0.1:5000/pydock-sshctr/none:1", code=1)


@pytest.mark.parametrize(("args", "code"), [
    (("run", "--rm", "--network", "none", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3"), 3),
    (("run", "--rm", "--network", "host", "busybox", "echo", "hi"), 0),
    (("run", "--rm", "--network", "none", "busybox", "no-such-program"), 127),
    (("run", "--rm", "--network", "none", "busybox", "/etc"), 126),
    (("run", "--rm", "--network", "none", "--pull", "never", "sshctr-none:1", "true"), 125),
    (("run", "--rm", "--network", "none", "busybox", "printf", "%s|", "a b", "$HOME", "it's", "*"), 0),
    (("run", "--rm", "--network", "none", "-t", "busybox", "echo", "on a terminal"), 0),
    (("run", "--rm", "--network", "none", "busybox", "cat"), 0),  # no -i: an empty stdin, which ends
])
def test_run_output_and_exit_codes_as_the_local_ctr_backend(node, here, bb, args, code):
    _same(node, here, *args, code=code, timeout=60)


def test_run_i_reads_this_machines_stdin(node, here, bb):
    out = _same(node, here, "run", "--rm", "-i", "--network", "none", bb, "sh", "-c", "cat; echo end",
                input="piped in\n")
    assert out.stdout == "piped in\nend\n"


def test_ctrl_c_reaches_the_remote_container_of_an_attached_run(node, here, bb):
    script = "trap 'echo got-int; exit 9' INT; echo ready; while true; do sleep 0.1; done"
    with subprocess.Popen([PYDOCK, "-H", HOST, "--namespace", NS, "run", "--rm", "--network", "none", bb, "sh", "-c",
                           script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env={**os.environ, **node.env}) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 9  # the container's trap ran: docker's sig-proxy, by ctr on the remote
        assert proc.stdout.read() == b"got-int\n"
    time.sleep(0.5)
    assert here("ps", "-aq").stdout == ""  # --rm removed it: nothing runs on after the client


def test_detached_run_ps_logs_exec_inspect_stop_rm(node, here, bb):
    made = node.run("run", "-d", "--name", "sshctr-d", "--network", "none", bb, "sh", "-c",
                    "echo out; echo err >&2; trap 'exit 0' TERM; sleep 300 & wait")
    assert made.returncode == 0, made.stderr
    cid = made.stdout.strip()
    assert len(cid) == 64
    time.sleep(0.5)
    _same(node, here, "ps", "--format", "{{.ID}} {{.Image}} {{.Command}} {{.Names}} {{.State}}")
    logs = _same(node, here, "logs", "sshctr-d")
    assert sorted(logs.stdout.splitlines()) == ["err", "out"]  # containerd's file log: both streams in one
    assert node.run("logs", "--tail", "1", "sshctr-d").stdout in ("out\n", "err\n")
    refused = node.run("logs", "-t", "sshctr-d")
    assert refused.returncode == 1 and "keeps no times" in refused.stderr
    done = _same(node, here, "exec", "sshctr-d", "sh", "-c", "echo $((1 + 2)); exit 4", code=4)
    assert done.stdout == "3\n"
    _same(node, here, "exec", "sshctr-d", "no-such-program", code=127)
    _same(node, here, "inspect", "-f", "{{.Name}} {{.State.Status}} {{.Config.Cmd}}", "sshctr-d")
    assert node.run("stop", "-t", "5", "sshctr-d").stdout == "sshctr-d\n"
    _same(node, here, "inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "sshctr-d")
    assert os.path.exists(f"{LOG_DIR}/{NS}/{cid}.log")  # (the remote's file, on this same machine)
    removed = node.run("rm", "sshctr-d")
    assert (removed.returncode, removed.stdout) == (0, "sshctr-d\n"), removed.stderr
    assert not os.path.exists(f"{LOG_DIR}/{NS}/{cid}.log")
    _same(node, here, "rm", "sshctr-d", code=1)
    _same(node, here, "logs", "sshctr-d", code=1)


def test_logs_of_an_attached_run_say_ctr_kept_none(node, here, bb):
    assert node.run("run", "--name", "sshctr-att", "--network", "none", bb, "true").returncode == 0
    _same(node, here, "logs", "sshctr-att", code=1)
    assert node.run("rm", "sshctr-att").returncode == 0


def test_detached_run_with_rm_is_removed_when_it_ends(node, here, bb):
    made = node.run("run", "-d", "--rm", "--network", "none", bb, "sleep", "1")
    assert made.returncode == 0, made.stderr
    cid = made.stdout.strip()
    for _ in range(60):
        if cid not in here("ps", "-aq", "--no-trunc").stdout.split():
            break
        time.sleep(0.25)
    else:
        pytest.fail("the container of run -d --rm over ssh was not removed when it ended")
    assert not os.path.exists(f"{LOG_DIR}/{NS}/{cid}.log")


def test_save_and_load_stream_through_ssh(node, here, bb, tmp_path):
    over = node.raw("save", bb)
    local = subprocess.run([PYDOCK, "--namespace", NS, "save", bb], capture_output=True, check=False,
                           env={**os.environ, "PATH": ctr_node.node_path(tmp_path), "CONTAINERD_NAMESPACE": NS})
    assert (over.returncode, over.stderr) == (0, b"")
    assert over.stdout == local.stdout and len(over.stdout) > 100_000
    target = tmp_path / "bb.tar"
    saved = node.run("save", "-o", str(target), bb)  # -o: this machine's file, as docker's
    assert saved.returncode == 0, saved.stderr
    assert target.read_bytes() == over.stdout
    loaded = node.raw("load", input=over.stdout)
    assert (loaded.returncode, loaded.stdout) == (0, b"Loaded image: busybox:latest\n"), loaded.stderr
    missing = node.run("load", "-i", str(tmp_path / "none.tar"))
    assert (missing.returncode, missing.stderr) == (1, f"open {tmp_path / 'none.tar'}: no such file or directory\n")


def test_version_and_info_are_the_remotes(node, here, bb):
    _same(node, here, "version", "--format", "{{.Server.Version}} {{range .Server.Components}}{{.Name}} {{end}}")
    _same(node, here, "info", "--format", "{{.OperatingSystem}}|{{.KernelVersion}}|{{.NCPU}}|{{.MemTotal}}|"
          "{{.Name}}|{{.CgroupVersion}}|{{.Images}}")


def test_refused_forwarding_is_a_docker_connect_error(stack):
    blocked = Node("noforward_ed25519")
    try:
        out = blocked.run("images")
        assert (out.returncode, out.stdout) == (1, "")
        assert out.stderr == (f"error during connect: ssh {HOST}: cannot reach containerd at "
                              "unix:///run/containerd/containerd.sock on the remote host: the remote's sshd refused "
                              "to forward a unix socket to it (AllowStreamLocalForwarding, or the key's "
                              "no-port-forwarding); pydock reads containerd's API through that forwarding\n")
    finally:
        blocked.close()


def test_missing_remote_socket_is_a_docker_connect_error(node, tmp_path):
    env = {"DOCKER_CONFIG": str(tmp_path)}
    made = node.run("context", "create", "sshctr-nosock", "--docker", f"host={HOST}", "--pydock",
                    "socket=/run/pydock-sshctr-none.sock", env=env)
    assert made.returncode == 0, made.stderr
    out = pydock("--context", "sshctr-nosock", "images", env={**node.env, **env})
    assert (out.returncode, out.stdout) == (1, "")
    assert out.stderr == (f"error during connect: ssh {HOST}: cannot reach containerd at "
                          "unix:///run/pydock-sshctr-none.sock on the remote host: no such socket there. Is "
                          "containerd running on 127.0.0.1?\n")


def test_the_forwarded_socket_is_private_and_reused(node, bb):
    assert node.run("images", "-q").returncode == 0
    folder = next((node.folder / "run").glob(".pydock-ssh-*"))
    assert folder.stat().st_mode & 0o777 == 0o700
    forwarded = list(folder.glob("fwd-*.sock"))
    assert len(forwarded) == 1
    before = forwarded[0].stat().st_ino
    traced = node.run("images", "-q", env={"PYDOCK_DEBUG": "1"})
    assert traced.returncode == 0
    assert forwarded[0].stat().st_ino == before  # the same listener: no new forwarding for the next call


def test_doctor_of_a_ctr_node_context(node, tmp_path):
    env = {**node.env, "DOCKER_CONFIG": str(tmp_path)}
    assert pydock("context", "create", "sshctr-node", "--docker", f"host={HOST}", env=env).returncode == 0
    out = pydock("doctor", "--context", "sshctr-node", env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert "warn nerdctl: not found on the remote host 127.0.0.1; its ctr drives containerd there (pydock's ctr " \
           "backend)" in lines
    assert any(line.startswith("ok   containerd answers ctr on the remote (server 2.") for line in lines)
    assert "ok   containerd's socket on the remote (/run/containerd/containerd.sock) forwarded through the ssh " \
           "connection" in lines
    assert "ok   backend: ctr (the remote has no nerdctl: the ssh transport runs its ctr)" in lines
    blocked = Node("noforward_ed25519")
    try:
        refused = pydock("doctor", "--context", "sshctr-node", env={**blocked.env, "DOCKER_CONFIG": str(tmp_path)})
        assert refused.returncode == 1
        assert "the remote's sshd refused to forward a unix socket to it" in refused.stdout
    finally:
        blocked.close()
