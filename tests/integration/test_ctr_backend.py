"""Issue 15: docker's verbs through the ctr backend on the real containerd, with nerdctl hidden from PATH (a
Kubernetes node has containerd and ctr only), in a namespace of these tests' own. Outputs are compared with
what the nerdctl backend prints for the same state, through the same shared renderers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid

import pytest

from tests.conftest import PYDOCK, pydock
from tests.integration import ctr_node
from tests.integration.conftest import REGISTRY

NS = "pydock-ctr-test"
CTR = shutil.which("ctr") or "/usr/bin/ctr"


@pytest.fixture(scope="module")
def node_path(tmp_path_factory) -> str:
    return ctr_node.node_path(tmp_path_factory.mktemp("node-bin"))


@pytest.fixture(scope="module")
def on_ctr(node_path):
    return ctr_node.runner(node_path, NS)


@pytest.fixture(scope="module")
def ctr_busybox(stack, image_archive, on_ctr):
    """busybox loaded into this module's namespace through the ctr backend itself."""
    loaded = on_ctr("load", "-i", str(image_archive), check=True)
    assert loaded.stdout == "Loaded image: busybox:latest\n"
    yield "busybox"
    names = subprocess.run([CTR, "-n", NS, "images", "ls", "-q"], capture_output=True, text=True, check=False)
    if names.stdout.split():
        subprocess.run([CTR, "-n", NS, "images", "rm", *names.stdout.split()], capture_output=True, check=False)


def nerdctl_view(*argv: str) -> subprocess.CompletedProcess[str]:
    return pydock("--backend", "nerdctl", "--namespace", NS, *argv)


def test_auto_chooses_ctr_without_nerdctl(on_ctr, ctr_busybox):
    shown = on_ctr("images", "--format", "{{.Repository}}:{{.Tag}}", env={"PYDOCK_DEBUG": "1"})
    assert shown.returncode == 0 and "busybox:latest" in shown.stdout.split()
    assert "pydock: backend ctr (auto: nerdctl not found, ctr found)" in shown.stderr


def test_images_table_and_formats_match_the_nerdctl_backend(on_ctr, ctr_busybox):
    tag = f"ctrit:{uuid.uuid4().hex[:8]}"
    assert on_ctr("tag", ctr_busybox, tag).returncode == 0
    for argv in (["images"], ["images", "-q"], ["images", "--digests"], ["images", "--no-trunc"],
                 ["images", "--format", "{{.ID}}|{{.Repository}}|{{.Tag}}|{{.Digest}}|{{.CreatedSince}}|{{.Size}}"],
                 ["images", "--format", "json"], ["images", "--filter", "reference=ctrit"], ["images", "busybox"]):
        ours = on_ctr(*argv)
        assert ours.returncode == 0, ours.stderr
        assert ours.stdout == nerdctl_view(*argv).stdout, argv
    assert f"{tag.replace(':', ' ')}" in " ".join(on_ctr("images").stdout.split())
    # by ID too, and the full name stays docker's short one
    by_id = on_ctr("images", "-q").stdout.split()[0]
    assert on_ctr("tag", by_id, tag + "b").returncode == 0
    assert f"docker.io/library/{tag}b" in subprocess.run([CTR, "-n", NS, "images", "ls", "-q"], capture_output=True,
                                                        text=True, check=True).stdout.split()
    removed = on_ctr("rmi", tag, tag + "b")
    assert (removed.returncode, removed.stdout) == (0, f"Untagged: {tag}\nUntagged: {tag}b\n")


def test_rmi_and_tag_of_missing_images_in_dockers_words(on_ctr, ctr_busybox):
    gone = on_ctr("rmi", "pydock-ctr-nosuch")
    assert (gone.returncode, gone.stderr) == (1, "Error response from daemon: No such image: pydock-ctr-nosuch:latest\n")
    tag = on_ctr("tag", "pydock-ctr-nosuch:1", "x:1")
    assert (tag.returncode, tag.stderr) == (1, "Error response from daemon: No such image: pydock-ctr-nosuch:1\n")


def test_push_pull_through_a_localhost_registry(on_ctr, ctr_busybox):
    remote = f"{REGISTRY}/pydock-ctr/busybox:{uuid.uuid4().hex[:8]}"
    assert on_ctr("tag", ctr_busybox, remote).returncode == 0
    pushed = on_ctr("push", remote)
    assert pushed.returncode == 0, pushed.stderr
    repo, tag = remote.rsplit(":", 1)
    assert pushed.stdout.startswith(f"The push refers to repository [{repo}]\n{tag}: digest: sha256:")
    removed = on_ctr("rmi", remote)
    assert removed.stdout == f"Untagged: {remote}\n"  # busybox still names the image: nothing deleted
    pulled = on_ctr("pull", remote)
    assert pulled.returncode == 0, pulled.stderr
    lines = pulled.stdout.splitlines()
    assert lines[0] == f"{tag}: Pulling from pydock-ctr/busybox" and lines[1].startswith("Digest: sha256:")
    assert lines[2:] == [f"Status: Downloaded newer image for {remote}", remote]
    again = on_ctr("pull", remote)
    assert again.stdout.splitlines()[2] == f"Status: Image is up to date for {remote}"
    assert on_ctr("pull", "-q", remote).stdout == remote + "\n"
    missing = on_ctr("pull", f"{REGISTRY}/pydock-ctr/nosuch")
    assert missing.returncode == 1
    assert missing.stdout == "Using default tag: latest\n"
    assert missing.stderr == (f'Error response from daemon: failed to resolve reference "{REGISTRY}/pydock-ctr/nosuch:'
                              f'latest": {REGISTRY}/pydock-ctr/nosuch:latest: not found\n')  # Engine 29's words
    on_ctr("rmi", remote, check=True)
    ran = on_ctr("run", "--rm", remote, "echo", "hi")  # docker's implicit pull, its lines on stderr
    assert (ran.returncode, ran.stdout) == (0, "hi\n"), ran.stderr
    assert ran.stderr.startswith(f"Unable to find image '{remote}' locally\n{tag}: Pulling from pydock-ctr/busybox\n")
    on_ctr("rmi", remote)


def test_save_and_load_through_files_and_stdio(node_path, on_ctr, ctr_busybox, tmp_path):
    env = {**os.environ, "PATH": node_path, "CONTAINERD_NAMESPACE": NS, "PYDOCK_BACKEND": ""}
    tag = f"ctrload:{uuid.uuid4().hex[:8]}"
    on_ctr("tag", ctr_busybox, tag, check=True)
    archive = tmp_path / "bb.tar"
    assert on_ctr("save", "-o", str(archive), tag).returncode == 0
    streamed = subprocess.run([PYDOCK, "save", tag], capture_output=True, env=env, check=False).stdout
    for data in (archive.read_bytes(), streamed):  # docker's manifest.json beside the OCI layout
        members = subprocess.run(["tar", "-t"], input=data, capture_output=True, check=True).stdout.decode().split()
        assert "manifest.json" in members and "index.json" in members
    on_ctr("rmi", tag, check=True)
    loaded = subprocess.run([PYDOCK, "load"], input=streamed, capture_output=True, env=env, check=False)
    assert (loaded.returncode, loaded.stdout) == (0, f"Loaded image: {tag}\n".encode())
    on_ctr("rmi", tag, check=True)
    again = on_ctr("load", "-i", str(archive))
    assert (again.returncode, again.stdout) == (0, f"Loaded image: {tag}\n")
    on_ctr("rmi", tag)


def test_namespace_flag_reaches_ctr(on_ctr, ctr_busybox):
    other = on_ctr("--namespace", f"{NS}-empty", "images", "-q")
    assert (other.returncode, other.stdout) == (0, "")
    assert on_ctr("--namespace", NS, "images", "-q").stdout.strip()


@pytest.fixture
def ctr_names(on_ctr):
    made: list[str] = []

    def make(prefix: str = "c") -> str:
        made.append(f"ctr-{prefix}-{uuid.uuid4().hex[:8]}")
        return made[-1]

    yield make
    if made:
        on_ctr("rm", "-f", *made)


def test_run_passes_dockers_options_to_the_container(on_ctr, ctr_busybox, tmp_path):
    (tmp_path / "env").write_text("FROM_FILE=yes\n")
    (tmp_path / "seen").write_text("bound\n")
    tmp_path.chmod(0o755)  # readable by the container's user 1
    out = on_ctr("run", "--rm", "-e", "A=1", "-e", "FROM_HERE", "--env-file", str(tmp_path / "env"), "-w", "/tmp",
                 "-u", "1:2", "--hostname", "hh", "-v", f"{tmp_path}:/host:ro", ctr_busybox, "sh", "-c",
                 "echo $A $FROM_HERE $FROM_FILE $(pwd) $(id -u):$(id -g) $(hostname) $(cat /host/seen); "
                 "touch /host/x 2>/dev/null || echo read-only", env={"FROM_HERE": "here"})
    assert (out.returncode, out.stdout) == (0, "1 here yes /tmp 1:2 hh bound\nread-only\n"), out.stderr
    assert on_ctr("run", "--rm", "--entrypoint", "echo", ctr_busybox, "a b", "c").stdout == "a b c\n"
    assert on_ctr("run", "--rm", "--network", "host", ctr_busybox, "hostname").stdout == os.uname().nodename + "\n"
    assert on_ctr("run", "--rm", "--network", "none", ctr_busybox, "ip", "-o", "link").stdout.count("\n") == 1


def test_run_exit_codes_and_names(on_ctr, ctr_busybox, ctr_names):
    name = ctr_names("exit")
    done = on_ctr("run", "--name", name, ctr_busybox, "sh", "-c", "echo out; exit 3")
    assert (done.returncode, done.stdout) == (3, "out\n")
    row = on_ctr("ps", "-a", "--filter", f"name={name}", "--format", "{{.Names}}|{{.Image}}|{{.Command}}|{{.Status}}")
    assert row.stdout.startswith(f'{name}|busybox|"sh -c \'echo out; ex…"|Exited (3) ')
    again = on_ctr("run", "--name", name, ctr_busybox, "true")
    assert again.returncode == 125 and f'The container name "/{name}" is already in use' in again.stderr
    missing = on_ctr("run", "--rm", ctr_busybox, "pydock-no-such-command")
    assert missing.returncode == 127 and "executable file not found" in missing.stderr
    # no --name: a docker-style adjective_surname, different each time
    cid = on_ctr("run", "-d", ctr_busybox, "true").stdout.strip()
    named = on_ctr("ps", "-a", "--no-trunc", "--filter", f"id={cid}", "--format", "{{.Names}}").stdout.strip()
    assert "_" in named and named.replace("_", "").isalnum()
    on_ctr("rm", "-f", cid, check=True)


def test_detached_stop_exec_rm(on_ctr, ctr_busybox, ctr_names):
    name = ctr_names("life")
    cid = on_ctr("run", "-d", "--name", name, "--label", "tier=front", ctr_busybox, "sleep", "300").stdout.strip()
    assert len(cid) == 64
    shown = on_ctr("ps", "--format", "{{.ID}} {{.Names}} {{.Label \"tier\"}} {{.State}}")
    assert f"{cid[:12]} {name} front running" in shown.stdout.splitlines()
    assert on_ctr("exec", name, "sh", "-c", "exit 4").returncode == 4
    assert on_ctr("exec", "-w", "/tmp", "-u", "5", name, "sh", "-c", "pwd; id -u").stdout == "/tmp\n5\n"
    assert on_ctr("exec", "-e", "A=1", name, "sh", "-c", "echo $A").stdout == "1\n"  # test_ctr_logs.py has more
    used = on_ctr("rmi", ctr_busybox)  # docker keeps an image a container uses, unless -f
    assert used.returncode == 1 and 'conflict: unable to remove repository reference "busybox" (must force)' \
        in used.stderr
    busy = on_ctr("rm", name)
    assert busy.returncode == 1 and "container is running: stop the container" in busy.stderr
    stopped = on_ctr("stop", "-t", "1", name)  # sleep as PID 1 ignores SIGTERM: SIGKILL after 1 s
    assert (stopped.returncode, stopped.stdout) == (0, f"{name}\n")
    status = on_ctr("ps", "-a", "--filter", f"name={name}", "--format", "{{.Status}}").stdout
    assert status.startswith("Exited (137)")
    gone = on_ctr("exec", name, "true")
    assert gone.returncode == 1 and gone.stderr == f"Error response from daemon: container {cid} is not running\n"
    assert on_ctr("rm", name).stdout == f"{name}\n"
    assert on_ctr("rm", name).stderr == f"Error response from daemon: No such container: {name}\n"


def test_nerdctl_and_ctr_see_each_others_containers(on_ctr, ctr_busybox, ctr_names):
    ours = ctr_names("ours")
    on_ctr("run", "-d", "--name", ours, ctr_busybox, "sleep", "300", check=True)
    listed = subprocess.run(["nerdctl", "-n", NS, "ps", "--format", "{{.Names}} {{.Status}}"], capture_output=True,
                            text=True, check=True).stdout.splitlines()
    assert any(line.startswith(f"{ours} Up") for line in listed), listed
    theirs = ctr_names("theirs")
    subprocess.run(["nerdctl", "-n", NS, "run", "-d", "--name", theirs, "busybox", "sleep", "300"],
                   capture_output=True, check=True)
    shown = on_ctr("ps", "--format", "{{.Names}} {{.Image}} {{.State}}").stdout.splitlines()
    assert f"{theirs} busybox running" in shown
    assert on_ctr("stop", "-t", "0", theirs).stdout == f"{theirs}\n"
    assert on_ctr("rm", theirs).returncode == 0
    # nerdctl's reservation of the name went with the container: nerdctl gives it again
    subprocess.run(["nerdctl", "-n", NS, "run", "--name", theirs, "busybox", "true"], capture_output=True, check=True)


def test_logs_of_a_detached_container(on_ctr, ctr_busybox, ctr_names):
    name = ctr_names("logs")
    on_ctr("run", "-d", "--name", name, ctr_busybox, "sh", "-c", "echo one; sleep 1; echo two; echo three", check=True)
    followed = on_ctr("logs", "-f", name)  # until the process ends
    assert (followed.returncode, followed.stdout) == (0, "one\ntwo\nthree\n")
    assert on_ctr("logs", "--tail", "1", name).stdout == "three\n"
    attached = ctr_names("attached")
    on_ctr("run", "--name", attached, ctr_busybox, "true", check=True)
    none = on_ctr("logs", attached)
    assert none.returncode == 1 and "ctr kept no log of its output" in none.stderr


def test_version_names_containerd_and_ctr(on_ctr):
    shown = on_ctr("version", "--format", "{{.Server.Platform.Name}}|{{range .Server.Components}}{{.Name}} {{end}}")
    assert shown.stdout == "containerd (pydock, ctr)|Engine containerd ctr pydock \n", shown.stderr
    down = on_ctr("-H", "unix:///run/pydock-ctr-nothing.sock", "version")
    assert down.returncode == 1 and down.stdout.startswith("Client: pydock")
    assert down.stderr == ("Cannot connect to the Docker daemon at unix:///run/pydock-ctr-nothing.sock. "
                           "Is the docker daemon running?\n")


def test_kill_with_dockers_signals_and_errors(on_ctr, ctr_busybox, ctr_names):
    name = ctr_names("kill")
    cid = on_ctr("run", "-d", "--name", name, ctr_busybox, "sleep", "300", check=True).stdout.strip()
    bad = on_ctr("kill", "-s", "NOPE", name)
    assert bad.stderr == f"Error response from daemon: cannot kill container: {name}: invalid signal: NOPE\n"
    assert on_ctr("kill", name).stdout == f"{name}\n"
    time.sleep(0.5)
    assert on_ctr("ps", "-a", "--filter", f"name={name}", "--format", "{{.Status}}").stdout.startswith("Exited (137)")
    again = on_ctr("kill", name)
    assert (again.returncode, again.stderr) == (
        1, f"Error response from daemon: cannot kill container: {name}: container {cid} is not running\n")


def test_run_privileges_and_limits(on_ctr, ctr_busybox, ctr_names):
    ro = on_ctr("run", "--rm", "--read-only", ctr_busybox, "touch", "/x")
    assert ro.returncode == 1 and "Read-only file system" in ro.stderr
    assert on_ctr("run", "--rm", ctr_busybox, "chown", "1", "/tmp").returncode == 0
    assert on_ctr("run", "--rm", "--cap-drop", "chown", ctr_busybox, "chown", "1", "/tmp").returncode == 1
    assert on_ctr("run", "--rm", ctr_busybox, "ip", "link", "set", "lo", "down").returncode != 0
    assert on_ctr("run", "--rm", "--cap-add", "NET_ADMIN", ctr_busybox, "ip", "link", "set", "lo", "down").returncode == 0
    name = ctr_names("limits")
    cid = on_ctr("run", "-d", "--name", name, "--memory", "64m", "--cpus", "0.5", ctr_busybox, "sleep", "30",
                 check=True).stdout.strip()
    info = json.loads(subprocess.run([CTR, "-n", NS, "containers", "info", cid], capture_output=True, text=True,
                                     check=True).stdout)
    resources = info["Spec"]["linux"]["resources"]
    assert resources["memory"]["limit"] == 64 << 20
    assert (resources["cpu"]["quota"], resources["cpu"]["period"]) == (50000, 100000)
    every = on_ctr("run", "--rm", "--cap-add", "ALL", ctr_busybox, "true")
    assert every.returncode == 125 and "not supported by pydock's ctr backend" in every.stderr


def test_run_stdin_ends_as_dockers_does(on_ctr, ctr_busybox):
    # ctr loses an end of input that comes before its task exists: pydock holds it back until then
    piped = on_ctr("run", "--rm", "-i", ctr_busybox, "cat", input="hello\n", timeout=30)
    assert (piped.returncode, piped.stdout) == (0, "hello\n")
    closed = on_ctr("run", "--rm", ctr_busybox, "cat", input="not read\n", timeout=30)  # no -i: an empty stdin
    assert (closed.returncode, closed.stdout) == (0, "")


def test_a_registry_login_reaches_ctr_without_its_command_line(on_ctr, ctr_busybox, tmp_path):
    """Credentials from config.json (as `docker login` writes them) reach ctr through containerd's hosts.toml in a
    private folder of the call, never on ctr's command line; the folder is gone afterwards; without them the
    registry (htpasswd, tests/stack/provision.sh) refuses the pull."""
    import base64

    auth_registry = "127.0.0.1:5001"
    config = tmp_path / "docker"
    config.mkdir()
    token = base64.b64encode(b"pydock:pydock-secret").decode()
    (config / "config.json").write_text(json.dumps({"auths": {auth_registry: {"auth": token}}}))
    remote = f"{auth_registry}/pydock-ctr/busybox:{uuid.uuid4().hex[:8]}"
    env = {"DOCKER_CONFIG": str(config), "PYDOCK_DEBUG": "1"}
    assert on_ctr("tag", ctr_busybox, remote).returncode == 0
    pushed = on_ctr("push", remote, env=env)
    assert pushed.returncode == 0, pushed.stderr
    on_ctr("rmi", remote, check=True)
    pulled = on_ctr("pull", remote, env=env)
    assert pulled.returncode == 0, pulled.stderr
    assert pulled.stdout.splitlines()[-1] == remote
    ran = [line for line in (pushed.stderr + pulled.stderr).splitlines() if line.startswith(CTR + " ")
           or line.startswith("ctr ")]
    assert ran and all("--hosts-dir=" in line for line in ran if " images p" in line), ran
    assert "pydock-secret" not in pushed.stderr + pulled.stderr and token not in pushed.stderr + pulled.stderr
    folders = [line.split("--hosts-dir=", 1)[1].split()[0] for line in ran if "--hosts-dir=" in line]
    assert folders and not any(os.path.exists(f) for f in folders)
    on_ctr("rmi", remote, check=True)
    refused = on_ctr("pull", remote, env={"DOCKER_CONFIG": str(tmp_path)})
    assert refused.returncode == 1 and "no basic auth credentials" in refused.stderr


def test_tty_without_a_terminal_is_relayed_or_refused_not_a_panic(on_ctr, ctr_busybox):
    """ctr's --tty needs a terminal of its own (it panics without one); docker's -t works off a terminal, so an
    attached -t gets a private one pydock relays, and a detached one (nobody to hold it) is refused, naming the
    backend."""
    ran = on_ctr("run", "-t", "--rm", ctr_busybox, "sh", "-c", "[ -t 1 ] && echo hi; exit 3")
    assert (ran.returncode, ran.stdout.replace("\r", ""), "panic" in ran.stderr) == (3, "hi\n", False)
    refused = on_ctr("run", "-dit", ctr_busybox, "sh")
    assert (refused.returncode, refused.stderr) == (125, "docker: -d -t without a terminal (ctr's --tty needs one) "
                                                         "(not supported by pydock's ctr backend)\n")
