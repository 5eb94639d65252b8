"""Issue 15: the same tests on both backends. docker's 13 verbs, inspect, version and info with one set of
assertions, run once through the nerdctl backend and once through the ctr backend (PYDOCK_BACKEND=ctr, nerdctl
hidden from PATH, as on a Kubernetes node), each in a containerd namespace of its own. Few containers, many
assertions each, to keep both runs short. What only one backend does has its own tests (test_ctr_*.py and the
rest); interop between the two (a container of one in the other's `ps`) is tested in test_ctr_backend.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass

import pytest

from tests.compat.engines import HIDDEN_FROM_CTR, path_without
from tests.conftest import PYDOCK, pydock
from tests.integration.conftest import REGISTRY

BACKENDS = ("nerdctl", "ctr")
NERDCTL = shutil.which("nerdctl") or "nerdctl"
CTR = shutil.which("ctr") or "ctr"
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z"


@dataclass(frozen=True)
class Backend:
    """pydock driving one backend, in that backend's namespace of these tests."""

    name: str
    namespace: str
    env: dict[str, str]

    def __call__(self, *argv: str, **kw) -> subprocess.CompletedProcess[str]:
        return pydock(*argv, env={**self.env, **kw.pop("env", {})}, **kw)

    def raw(self, *argv: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        """Bytes in and out (save to stdout, load from stdin)."""
        env = {**{k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}, **self.env}
        return subprocess.run([PYDOCK, *argv], input=data, capture_output=True, env=env, timeout=60, check=False)

    def name_for(self, role: str) -> str:
        return f"pydock-bk-{role}-{uuid.uuid4().hex[:8]}"


def _clean(namespace: str) -> None:
    """Every container and image of the namespace gone (nerdctl and ctr themselves, never pydock)."""
    listed = subprocess.run([NERDCTL, "-n", namespace, "ps", "-aq"], capture_output=True, text=True, check=False)
    if listed.stdout.split():
        subprocess.run([NERDCTL, "-n", namespace, "rm", "-f", *listed.stdout.split()], capture_output=True,
                       check=False)
    names = subprocess.run([CTR, "-n", namespace, "images", "ls", "-q"], capture_output=True, text=True, check=False)
    if names.stdout.split():
        subprocess.run([CTR, "-n", namespace, "images", "rm", *names.stdout.split()], capture_output=True, check=False)


@pytest.fixture(scope="module", params=BACKENDS)
def dk(request, stack, image_archive, tmp_path_factory):
    """pydock on one backend, busybox loaded into its namespace by that backend's own `load -i`."""
    backend = request.param
    namespace = f"pydock-bk-{backend}-test"
    path = os.environ["PATH"]
    if backend == "ctr":
        path = path_without(HIDDEN_FROM_CTR, path, tmp_path_factory.mktemp("node-path"))
        assert shutil.which("nerdctl", path=path) is None and shutil.which("ctr", path=path)
    run = Backend(backend, namespace, {"PATH": path, "CONTAINERD_NAMESPACE": namespace, "PYDOCK_BACKEND": backend})
    _clean(namespace)  # what an interrupted run left
    loaded = run("load", "-i", str(image_archive))
    assert (loaded.returncode, loaded.stdout) == (0, "Loaded image: busybox:latest\n"), loaded.stderr
    yield run
    _clean(namespace)


def wait_for(check, seconds: float = 10.0):
    """check()'s first true value, polled until `seconds` have passed; the last value otherwise."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def test_images_tag_inspect_and_rmi(dk):
    assert dk("images", "--format", "{{.Repository}}:{{.Tag}}").stdout == "busybox:latest\n"
    table = dk("images").stdout.splitlines()
    assert table[0].split() == ["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"] and len(table) == 2
    short = dk("images", "-q").stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{12}", short), short
    full = dk("image", "inspect", "-f", "{{.Id}}", "busybox").stdout.strip()
    assert full.startswith(f"sha256:{short}") and len(full) == 71
    for source, target in (("busybox", "pydock-bk:1"), (short, "pydock-bk:2")):
        tagged = dk("tag", source, target)
        assert (tagged.returncode, tagged.stdout, tagged.stderr) == (0, "", "")
    rows = dk("images", "--format", "{{.Repository}} {{.Tag}} {{.ID}}", "pydock-bk").stdout.splitlines()
    assert sorted(rows) == [f"pydock-bk 1 {short}", f"pydock-bk 2 {short}"]
    as_json = [json.loads(line) for line in dk("images", "--format", "json").stdout.splitlines()]
    assert {(i["Repository"], i["Tag"], i["ID"]) for i in as_json} == {
        ("busybox", "latest", short), ("pydock-bk", "1", short), ("pydock-bk", "2", short)}
    shared = dk("rmi", short)  # an ID three names share: docker wants -f
    assert (shared.returncode, shared.stderr) == (1, f"Error response from daemon: conflict: unable to delete {short} "
                                                     "(must be forced) - image is referenced in multiple repositories\n")
    removed = dk("rmi", "pydock-bk:1", "pydock-bk:2")  # busybox still names the image: nothing deleted
    assert (removed.returncode, removed.stdout) == (0, "Untagged: pydock-bk:1\nUntagged: pydock-bk:2\n")
    missing = dk("rmi", "pydock-bk-nosuch")
    assert (missing.returncode, missing.stderr) == (1, "Error response from daemon: No such image: "
                                                       "pydock-bk-nosuch:latest\n")
    forced = dk("rmi", "-f", "pydock-bk-nosuch")  # said, but no failure
    assert (forced.returncode, forced.stderr) == (0, "Error response from daemon: No such image: "
                                                     "pydock-bk-nosuch:latest\n")
    untaggable = dk("tag", "pydock-bk-nosuch:1", "x:1")
    assert (untaggable.returncode, untaggable.stderr) == (1, "Error response from daemon: No such image: "
                                                             "pydock-bk-nosuch:1\n")


def test_save_and_load_through_files_and_stdio(dk, tmp_path):
    tag = f"pydock-bk-load:{uuid.uuid4().hex[:8]}"
    dk("tag", "busybox", tag, check=True)
    archive = tmp_path / "bb.tar"
    saved = dk("save", "-o", str(archive), tag)
    assert (saved.returncode, saved.stdout, saved.stderr) == (0, "", "")
    streamed = dk.raw("save", tag)
    assert streamed.returncode == 0, streamed.stderr
    for data in (archive.read_bytes(), streamed.stdout):  # docker's manifest.json beside the OCI layout
        members = subprocess.run(["tar", "-t"], input=data, capture_output=True, check=True).stdout.decode().split()
        assert {"manifest.json", "index.json", "oci-layout"} <= set(members)
    dk("rmi", tag, check=True)
    loaded = dk.raw("load", data=streamed.stdout)
    assert (loaded.returncode, loaded.stdout) == (0, f"Loaded image: {tag}\n".encode())
    dk("rmi", tag, check=True)
    nowhere = dk("load", "-i", str(tmp_path / "nosuch.tar"))  # docker's client opens the file: no daemon words
    assert (nowhere.returncode, nowhere.stderr) == (1, f"open {tmp_path}/nosuch.tar: no such file or directory\n")
    assert dk("load", "-i", str(tmp_path)).stderr == f"read {tmp_path}: is a directory\n"
    (tmp_path / "empty.tar").write_bytes(b"")  # the daemon's stream says it bare, not as "Error response…"
    assert dk("load", "-i", str(tmp_path / "empty.tar")).stderr == "unrecognized image format\n"
    again = dk("load", "-i", str(archive))
    assert (again.returncode, again.stdout) == (0, f"Loaded image: {tag}\n")
    quiet = dk("load", "-q", "-i", str(archive))
    assert (quiet.returncode, quiet.stdout) == (0, f"Loaded image: {tag}\n")
    dk("rmi", tag, check=True)


def test_push_and_pull_through_the_loopback_registry(dk):
    remote = f"{REGISTRY}/pydock-bk-{dk.name}/busybox:{uuid.uuid4().hex[:8]}"
    repo, tag = remote.rsplit(":", 1)
    dk("tag", "busybox", remote, check=True)
    pushed = dk("push", remote)
    assert pushed.returncode == 0, pushed.stderr
    assert pushed.stdout.startswith(f"The push refers to repository [{repo}]\n")
    assert re.search(rf"^{tag}: digest: sha256:[0-9a-f]{{64}} size: \d+$", pushed.stdout, re.M), pushed.stdout
    assert dk("rmi", remote).stdout == f"Untagged: {remote}\n"
    pulled = dk("pull", remote)
    assert pulled.returncode == 0, pulled.stderr
    lines = pulled.stdout.splitlines()
    assert lines[0] == f"{tag}: Pulling from pydock-bk-{dk.name}/busybox" and lines[-3].startswith("Digest: sha256:")
    assert lines[-2:] == [f"Status: Downloaded newer image for {remote}", remote]
    assert dk("pull", remote).stdout.splitlines()[-2] == f"Status: Image is up to date for {remote}"
    assert dk("pull", "-q", remote).stdout == remote + "\n"
    assert remote.rsplit("/", 2)[1] + "/busybox " + tag in " ".join(dk("images").stdout.split())
    missing = dk("pull", f"{repo}-nosuch")  # Engine 29's words
    assert (missing.returncode, missing.stdout) == (1, "Using default tag: latest\n")
    assert missing.stderr == (f'Error response from daemon: failed to resolve reference "{repo}-nosuch:latest": '
                              f"{repo}-nosuch:latest: not found\n")
    dk("rmi", remote, check=True)


def not_started(ran: subprocess.CompletedProcess[str]) -> tuple[int, str]:
    """(exit code, the runtime's last words) of a run whose process could not start."""
    said = ran.stderr.split("\n", 1)[0]
    return ran.returncode, said[said.rfind("exec: "):] if "exec: " in said else said


def test_run_options_names_and_exit_codes(dk, tmp_path):
    (tmp_path / "seen").write_text("bound\n")
    tmp_path.chmod(0o755)  # readable by the container's user 1
    out = dk("run", "--rm", "-e", "A=1", "-e", "FROM_HERE", "-v", f"{tmp_path}:/host:ro", "-w", "/tmp", "-u", "1:2",
             "busybox", "sh", "-c", "echo $A $FROM_HERE $(pwd) $(id -u):$(id -g) $(cat /host/seen); "
             "touch /host/x 2>/dev/null || echo read-only", env={"FROM_HERE": "here"})
    assert (out.returncode, out.stdout, out.stderr) == (0, "1 here /tmp 1:2 bound\nread-only\n", "")
    assert dk("run", "--rm", "--entrypoint", "echo", "busybox", "a b", "c").stdout == "a b c\n"
    name = dk.name_for("exit")
    done = dk("run", "--name", name, "busybox", "sh", "-c", "echo out; exit 3")
    assert (done.returncode, done.stdout) == (3, "out\n")
    row = dk("ps", "-a", "--filter", f"name={name}", "--format", "{{.Names}}|{{.Image}}|{{.Command}}|{{.Status}}")
    assert row.stdout.startswith(f'{name}|busybox|"sh -c \'echo out; ex…"|Exited (3) '), row.stdout
    taken = dk("run", "--name", name, "busybox", "true")
    assert taken.returncode == 125 and f'The container name "/{name}" is already in use' in taken.stderr
    # the container's image has another name (busybox): its own name goes, the container stays
    dk("tag", "busybox", f"{name}:1", check=True)
    dk("run", "--name", f"{name}-tagged", f"{name}:1", "true", check=True)
    assert dk("rmi", f"{name}:1").stdout == f"Untagged: {name}:1\n"
    assert dk("rm", f"{name}-tagged").returncode == 0
    invalid = dk("run", "--name", "bad name!", "busybox", "true")
    assert (invalid.returncode, invalid.stderr.splitlines()[0]) == (125, "docker: Error response from daemon: Invalid "
                                                                         "container name (bad name!), only "
                                                                         "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
    assert dk("rm", name).stdout == f"{name}\n"
    not_found = dk("run", "--rm", "busybox", "pydock-no-such-command")
    assert not_found.returncode == 127 and not_found.stderr.startswith("docker: Error response from daemon: ")
    assert "executable file not found in $PATH" in not_found.stderr
    not_runnable = dk("run", "--rm", "busybox", "/etc")
    assert not_runnable.returncode == 126 and not_runnable.stderr.startswith("docker: Error response from daemon: ")
    assert 'exec: "/etc": permission denied' in not_runnable.stderr
    assert not_started(dk("run", "-d", "--rm", "busybox", "/etc")) == (126, 'exec: "/etc": permission denied')
    no_terminal = dk("run", "-it", "--rm", "busybox", "true")
    assert (no_terminal.returncode, no_terminal.stderr) == (1, "the input device is not a TTY\n")
    bad_flag = dk("run", "--pydock-no-such-flag", "busybox")
    assert (bad_flag.returncode, bad_flag.stderr.splitlines()[0]) == (125, "unknown flag: --pydock-no-such-flag")
    no_image = dk("run", "--rm", f"{REGISTRY}/pydock-bk-{dk.name}/nosuch:1", "true")
    assert no_image.returncode == 125
    assert no_image.stderr.startswith(f"Unable to find image '{REGISTRY}/pydock-bk-{dk.name}/nosuch:1' locally\n")


def test_detached_containers_ps_exec_logs_stop_rm_inspect(dk):
    stoppable, removable, gone = dk.name_for("stop"), dk.name_for("rmf"), dk.name_for("autorm")
    script = 'echo one; sleep 0.3; echo two >&2; trap "exit 7" TERM; while :; do sleep 0.1; done'
    # (the pause: stdout and stderr reach the log through two pipes, in either order when written at once)
    cid = dk("run", "-d", "--name", stoppable, "busybox", "sh", "-c", script).stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", cid), cid
    dk("run", "-d", "--name", removable, "busybox", "sleep", "300", check=True)
    dk("run", "-d", "--rm", "--name", gone, "busybox", "true", check=True)
    assert cid[:12] in dk("ps", "-q").stdout.split()
    running = dk("ps", "--format", "{{.Names}} {{.State}}").stdout.splitlines()
    assert {f"{stoppable} running", f"{removable} running"} <= set(running), running
    header = dk("ps", "-a").stdout.splitlines()[0]
    assert header.split() == ["CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]

    assert dk("exec", stoppable, "sh", "-c", "exit 4").returncode == 4
    assert dk("exec", "-w", "/tmp", "-u", "5", stoppable, "sh", "-c", "pwd; id -u").stdout == "/tmp\n5\n"
    assert dk("exec", "-e", "X=1", "-e", "Y=two", stoppable, "sh", "-c", "echo $X $Y").stdout == "1 two\n"
    no_terminal = dk("exec", "-it", stoppable, "true")  # the tests' stdin is no terminal
    assert (no_terminal.returncode, no_terminal.stderr) == (1, "the input device is not a TTY\n")
    dk("pause", removable, check=True)
    paused = dk("exec", removable, "true")
    assert (paused.returncode, paused.stderr) == (1, f"Error response from daemon: Container {removable} is paused, "
                                                     "unpause the container before exec\n")
    dk("unpause", removable, check=True)
    not_there = dk("exec", "pydock-bk-nosuch", "true")
    assert (not_there.returncode, not_there.stderr) == (1, "Error response from daemon: No such container: "
                                                           "pydock-bk-nosuch\n")

    logs = wait_for(lambda: (r := dk("logs", stoppable)).stdout == "one\n" and r.stderr == "two\n" and r)
    assert logs, dk("logs", stoppable)
    tail = dk("logs", "--tail", "1", stoppable)
    assert (tail.stdout, tail.stderr) == ("", "two\n")
    stamped = dk("logs", "-t", stoppable)
    assert re.fullmatch(rf"{STAMP} one\n", stamped.stdout) and re.fullmatch(rf"{STAMP} two\n", stamped.stderr)

    stopped = dk("stop", "-t", "5", stoppable)
    assert (stopped.returncode, stopped.stdout) == (0, f"{stoppable}\n")
    status = dk("ps", "-a", "--filter", f"name={stoppable}", "--format", "{{.Status}}").stdout
    assert status.startswith("Exited (7) "), status
    state = dk("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.Name}} {{.Config.Image}}", stoppable)
    assert state.stdout == f"exited 7 /{stoppable} busybox\n"
    assert json.loads(dk("inspect", cid).stdout)[0]["Id"] == cid
    missing = dk("inspect", "pydock-bk-nosuch")
    assert (missing.returncode, missing.stdout, missing.stderr) == (1, "[]\n", "Error: No such object: "
                                                                                 "pydock-bk-nosuch\n")

    forced = dk("rm", "-f", removable)
    assert (forced.returncode, forced.stdout) == (0, f"{removable}\n")
    assert dk("rm", stoppable).stdout == f"{stoppable}\n"
    assert wait_for(lambda: dk("ps", "-aq", "--filter", f"name={gone}").stdout == ""), "run -d --rm left it"
    left = dk("ps", "-a", "--format", "{{.Names}}").stdout.split()
    assert not {stoppable, removable, gone} & set(left), left


def test_version_and_info(dk):
    version = dk("version", "--format", "{{.Client.Version}}|{{.Server.Version}}")
    assert version.returncode == 0 and version.stdout.startswith("28.2.2|") and version.stdout.strip() != "28.2.2|"
    shown = dk("version").stdout
    assert shown.startswith("Client:") and "\nServer:" in shown and "\n Version:           28.2.2\n" in shown
    info = dk("info", "--format", "{{json .}}")
    assert info.returncode == 0, info.stderr
    fields = json.loads(info.stdout)
    assert fields["Images"] >= 1 and fields["Containers"] == fields["ContainersStopped"] + fields["ContainersRunning"] \
        + fields["ContainersPaused"]
    assert fields["LoggingDriver"] == "json-file" and fields["OSType"] == "linux"
    assert dk("info", "--format", "{{.Images}}").stdout == f"{fields['Images']}\n"
