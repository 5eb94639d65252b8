"""The container and image verbs that are plain nerdctl calls over the ssh transport (issue #16): each one's output
and exit code over ssh compared with the same command run locally. pydock runs with no nerdctl on its PATH for the
ssh calls (only ssh), so an answer read from this machine instead of the remote would fail."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import urllib.request

import pytest

from tests.conftest import PYDOCK
from tests.integration import ssh_remote
from tests.integration.conftest import REMOTE
from tests.integration.ssh_remote import IMAGE, local

NO_NERDCTL = {"PATH": "/usr/bin:/bin"}  # ssh, and not nerdctl (/usr/local/bin)
OVER, HERE = "ssh2v-over", "ssh2v-here"  # the container each side's lifecycle acts on


@pytest.fixture(scope="module")
def remote(busybox):
    with ssh_remote.session(REMOTE) as r:
        yield r
        local("rmi", "-f", "ssh2v-commit:1", "127.0.0.1:5000/ssh2v/bb:1")
        local("network", "rm", "ssh2v-net")


def _over(remote, *args: str, **kw):
    return remote.run(*args, env=NO_NERDCTL, **kw)


def _same(remote, *args: str, code: int = 0) -> str:
    over, here = _over(remote, *args), local(*args)
    assert (over.returncode, over.stdout, over.stderr) == (here.returncode, here.stdout, here.stderr), args
    assert over.returncode == code, over.stderr
    return over.stdout


@pytest.fixture(scope="module")
def sleeper(remote):
    _over(remote, "run", "-d", "--name", "ssh2v-top", "-p", "127.0.0.1::80", IMAGE, "sh", "-c",
          "echo x >/made; sleep 300", check=True)
    return "ssh2v-top"


@pytest.mark.parametrize(("args", "code"), [
    # (top's own columns: not %CPU, which changes between the two calls)
    (("top", "{c}", "-o", "pid,ppid,args"), 0), (("container", "top", "{c}", "-o", "pid,comm"), 0),
    (("port", "{c}"), 0), (("port", "{c}", "80/tcp"), 0),
    (("port", "{c}", "81"), 1), (("diff", "{c}"), 0), (("container", "diff", "{c}"), 0), (("history", IMAGE), 0),
    (("image", "history", "--no-trunc", IMAGE), 0), (("image", "inspect", "-f", "{{.Id}} {{.Config.Cmd}}", IMAGE), 0),
    (("container", "inspect", "-f", "{{.Name}} {{.State.Status}} {{.Config.Image}}", "{c}"), 0),
    (("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}", "{c}"), 0),
    # no names: the containers listed by nerdctl on the remote, by containerd's API here (stats_all.py)
    (("stats", "--no-stream", "-a", "--format", "{{.Container}} {{.Name}}"), 0),
    (("stats", "--no-stream", "--format", "table {{.Name}}"), 0),
    (("container", "stats", "--no-stream", "ssh2v-none"), 1), (("image", "inspect", "ssh2v-none"), 1),
    (("top", "ssh2v-none"), 1), (("diff", "ssh2v-none"), 1), (("history", "ssh2v-none"), 1),
])
def test_read_only_verbs_as_locally(remote, sleeper, args, code):
    _compare(remote, [a.replace("{c}", sleeper) for a in args], code)


def _compare(remote, args: list[str], code: int) -> None:
    over, here = _over(remote, *args), local(*args)
    assert (over.returncode, over.stdout, over.stderr) == (here.returncode, here.stdout, here.stderr), args
    assert over.returncode == code, over.stderr


# (args, exit code): each acts on OVER over ssh and on HERE locally, two containers made alike
LIFECYCLE = [
    (("start", "{c}"), 0), (("pause", "{c}"), 0), (("start", "{c}"), 1), (("unpause", "{c}"), 0),
    (("container", "pause", "{c}"), 0), (("container", "unpause", "{c}"), 0), (("unpause", "{c}"), 1),
    (("update", "--memory", "64m", "{c}"), 0), (("inspect", "-f", "{{.HostConfig.Memory}}", "{c}"), 0),
    (("restart", "-t", "1", "{c}"), 0), (("inspect", "-f", "{{.State.Status}} {{.RestartCount}}", "{c}"), 0),
    (("kill", "-s", "KILL", "{c}"), 0), (("wait", "{c}"), 0), (("container", "kill", "{c}"), 1),
    (("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "{c}"), 0),
    (("rename", "{c}", "{c}-2"), 0), (("container", "rename", "{c}-2", "{c}"), 0), (("rename", "{c}-2", "x"), 1),
    (("start", "-a", "{c}"), 3), (("container", "start", "--attach", "{c}"), 3), (("wait", "{c}"), 0),
    (("restart", "ssh2v-none"), 1), (("pause", "ssh2v-none"), 1), (("wait", "ssh2v-none"), 1),
    (("update", "--memory", "64m", "ssh2v-none"), 1),
]


def test_lifecycle_as_locally(remote):
    # its first two runs (start, restart) last until killed, the next ones print and exit 3; one made on each side
    command = ["sh", "-c", "n=$(cat /n || echo 0); echo $((n+1)) >/n; [ $n -ge 2 ] || sleep 300; "
                           "echo out; echo err >&2; exit 3"]
    made = _over(remote, "create", "--name", OVER, IMAGE, *command)
    assert made.returncode == 0 and len(made.stdout.strip()) == 64, made.stderr
    ids = {OVER: made.stdout.strip(), HERE: local("create", "--name", HERE, IMAGE, *command).stdout.strip()}
    for args, code in LIFECYCLE:
        over = _over(remote, *(a.replace("{c}", OVER) for a in args))
        here = local(*(a.replace("{c}", HERE) for a in args))
        shown = [(r.returncode, *(t.replace(ids[name], "ID").replace(name, "C") for t in (r.stdout, r.stderr)))
                 for r, name in ((over, OVER), (here, HERE))]
        assert shown[0] == shown[1], args
        assert over.returncode == code, (args, over.stderr)


def test_create_writes_its_id_file_here(remote, tmp_path):
    cidfile = tmp_path / "cid"
    made = _over(remote, "container", "create", "--cidfile", str(cidfile), "--name", "ssh2v-cid", IMAGE, "true")
    assert made.returncode == 0, made.stderr
    assert cidfile.read_text() == made.stdout.strip()
    again = _over(remote, "create", "--cidfile", str(cidfile), IMAGE, "true")
    assert again.returncode == 125  # docker's client: the file is there already
    assert "ssh2v-cid" in _over(remote, "ps", "-a", "--format", "{{.Names}}").stdout


def _listing(data: bytes) -> list[tuple[str, int, int]]:
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        return sorted((m.name, m.size, m.mode) for m in archive.getmembers())


def test_export_to_stdout_and_to_a_file_here(remote, sleeper, tmp_path):
    over, here = remote.raw("export", sleeper, env=NO_NERDCTL), _local_raw("export", sleeper)
    assert over.returncode == 0, over.stderr
    assert _listing(over.stdout) == _listing(here)
    assert ("made", 2, 0o644) in _listing(over.stdout)
    target = tmp_path / "out.tar"
    written = _over(remote, "container", "export", "-o", str(target), sleeper)
    assert (written.returncode, written.stdout) == (0, ""), written.stderr
    assert _listing(target.read_bytes()) == _listing(here)
    _compare(remote, ["export", "-o", str(tmp_path / "none.tar"), "ssh2v-none"], 1)
    assert not (tmp_path / "none.tar").exists()


def _local_raw(*args: str) -> bytes:
    return subprocess.run([PYDOCK, "--namespace", ssh_remote.NS, *args], capture_output=True, check=True).stdout


def test_commit_push_and_image_prune(remote, sleeper):
    committed = _over(remote, "commit", sleeper, "ssh2v-commit:1")
    assert committed.returncode == 0, committed.stderr
    assert committed.stdout.strip() == local("image", "inspect", "-f", "{{.Id}}", "ssh2v-commit:1").stdout.strip()
    assert _over(remote, "run", "--rm", "ssh2v-commit:1", "cat", "/made").stdout == "x\n"
    _over(remote, "tag", IMAGE, "127.0.0.1:5000/ssh2v/bb:1", check=True)
    pushed = _over(remote, "image", "push", "127.0.0.1:5000/ssh2v/bb:1")
    assert pushed.returncode == 0, pushed.stderr
    assert pushed.stdout.startswith("The push refers to repository [127.0.0.1:5000/ssh2v/bb]\n")
    digest = local("image", "inspect", "-f", "{{index .RepoDigests 0}}", IMAGE).stdout.strip().rpartition("@")[2]
    assert f"1: digest: {digest} size: " in pushed.stdout
    request = urllib.request.Request("http://127.0.0.1:5000/v2/ssh2v/bb/manifests/1", method="HEAD",
                                     headers={"Accept": "application/vnd.docker.distribution.manifest.v2+json, "
                                                        "application/vnd.oci.image.manifest.v1+json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.headers["Docker-Content-Digest"] == digest
    pruned = _over(remote, "image", "prune", "-f")  # what earlier tests left dangling in the namespace, if any
    assert pruned.returncode == 0 and pruned.stdout.splitlines()[-1].startswith("Total reclaimed space: "), pruned.stderr
    deleted = [line.split()[1] for line in pruned.stdout.splitlines() if line.startswith("deleted: ")]
    assert not set(deleted) & set(local("images", "-a", "-q", "--no-trunc").stdout.split())
    assert _same(remote, "image", "prune", "-f") == "Total reclaimed space: 0B\n"


def test_network_connect_and_disconnect(remote, sleeper):
    _over(remote, "network", "create", "ssh2v-net", check=True)
    joined = _over(remote, "network", "connect", "ssh2v-net", sleeper)
    assert (joined.returncode, joined.stdout) == (0, ""), joined.stderr
    shown = json.loads(local("inspect", "-f", "{{json .NetworkSettings.Networks}}", sleeper).stdout)
    assert "ssh2v-net" in shown
    _compare(remote, ["network", "connect", "ssh2v-none", sleeper], 1)
    left = _over(remote, "network", "disconnect", "ssh2v-net", sleeper)
    assert (left.returncode, left.stdout) == (0, ""), left.stderr
    assert "ssh2v-net" not in json.loads(local("inspect", "-f", "{{json .NetworkSettings.Networks}}", sleeper).stdout)


def test_attach_as_locally(remote):
    # running when attached, each side's own: what it prints from then on, and its exit code
    command = ["sh", "-c", "sleep 5; echo out; echo err >&2; exit 5"]
    _over(remote, "run", "-d", "--name", "ssh2v-at-over", IMAGE, *command, check=True)
    over = _over(remote, "attach", "ssh2v-at-over")
    local("run", "-d", "--name", "ssh2v-at-here", IMAGE, *command, check=True)
    here = local("container", "attach", "ssh2v-at-here")
    assert (over.returncode, over.stdout, over.stderr) == (here.returncode, here.stdout, here.stderr) == (5, "out\n",
                                                                                                        "err\n")
    _compare(remote, ["attach", "ssh2v-at-over"], 1)  # stopped: docker's client refuses
    _compare(remote, ["attach", "ssh2v-none"], 1)
