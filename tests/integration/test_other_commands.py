"""docker's other commands through pydock on the real stack: passed to nerdctl with docker's output and
exit codes, or refused in docker's voice; login shares credentials through $DOCKER_CONFIG."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.conftest import pydock

AUTH_REGISTRY = "127.0.0.1:5001"  # htpasswd: pydock / pydock-secret (tests/stack/provision.sh)


def test_create_start_kill_wait(busybox, name):
    cname = name("life")
    created = pydock("create", "--name", cname, "busybox", "sh", "-c", "trap 'exit 3' TERM; sleep 300 & wait",
                     check=True)
    assert len(created.stdout.strip()) == 64  # docker prints the full ID
    assert pydock("inspect", "-f", "{{.State.Status}}", cname, check=True).stdout == "created\n"
    assert pydock("start", cname, check=True).stdout == f"{cname}\n"
    assert pydock("inspect", "-f", "{{.State.Running}}", cname, check=True).stdout == "true\n"
    killed = pydock("kill", "--signal", "KILL", cname, "pydock-no-such-ctr")
    assert killed.returncode == 1 and killed.stdout == f"{cname}\n"
    assert killed.stderr == ("Error response from daemon: cannot kill container: pydock-no-such-ctr: "
                             "No such container: pydock-no-such-ctr\n")
    waited = pydock("wait", cname, check=True)
    assert waited.stdout == "137\n"
    missing = pydock("start", "pydock-no-such-ctr")
    assert missing.returncode == 1
    assert missing.stderr.endswith("Error: failed to start containers: pydock-no-such-ctr\n")


def test_wait_prints_the_exit_code_and_restart(busybox, name):
    cname = name("wait")
    pydock("run", "-d", "--name", cname, "busybox", "sh", "-c", "sleep 0.3; exit 7", check=True)
    assert pydock("container", "wait", cname, check=True).stdout == "7\n"
    assert pydock("restart", cname, check=True).stdout == f"{cname}\n"
    assert pydock("wait", cname, check=True).stdout == "7\n"


def test_cp_both_ways_rename_top_port(busybox, name, tmp_path):
    cname, renamed = name("cp"), name("renamed")
    pydock("run", "-d", "--name", cname, "-p", "127.0.0.1::80", "busybox", "sleep", "300", check=True)
    source = tmp_path / "in.txt"
    source.write_bytes(b"payload \x00\xff\n")
    pydock("cp", str(source), f"{cname}:/tmp/in.txt", check=True)
    assert pydock("exec", cname, "wc", "-c", "/tmp/in.txt", check=True).stdout.split()[0] == "11"
    pydock("exec", cname, "sh", "-c", "echo from-container > /tmp/out.txt", check=True)
    pydock("container", "cp", f"{cname}:/tmp/out.txt", str(tmp_path / "out.txt"), check=True)
    assert (tmp_path / "out.txt").read_text() == "from-container\n"
    pydock("cp", f"{cname}:/tmp/in.txt", str(tmp_path / "back.txt"), check=True)
    assert (tmp_path / "back.txt").read_bytes() == b"payload \x00\xff\n"
    gone = pydock("cp", f"{cname}:/nonexistent", str(tmp_path))
    assert gone.returncode == 1
    assert gone.stderr == f"Error response from daemon: Could not find the file /nonexistent in container {cname}\n"

    port = pydock("port", cname, check=True).stdout
    assert port.startswith("80/tcp -> 127.0.0.1:")
    assert pydock("port", cname, "80", check=True).stdout.startswith("127.0.0.1:")
    unpublished = pydock("port", cname, "81")
    assert (unpublished.returncode, unpublished.stderr) == (1, f"Error: No public port '81' published for {cname}\n")

    assert pydock("rename", cname, renamed, check=True).stdout == ""
    assert pydock("ps", "--filter", f"name={renamed}", "--format", "{{.Names}}", check=True).stdout == f"{renamed}\n"
    top = pydock("top", renamed, check=True).stdout.splitlines()
    assert top[0].split()[:3] == ["UID", "PID", "PPID"] and "sleep 300" in top[1]


def test_volume_and_network_lifecycle(stack):
    vol, net = f"pydock-vol-{uuid.uuid4().hex[:6]}", f"pydock-net-{uuid.uuid4().hex[:6]}"
    assert pydock("volume", "create", vol, check=True).stdout == f"{vol}\n"
    table = pydock("volume", "ls", check=True).stdout.splitlines()
    assert table[0].split() == ["DRIVER", "VOLUME", "NAME"] and ["local", vol] in [r.split() for r in table]
    assert vol in pydock("volume", "ls", "-q", check=True).stdout.split()
    assert pydock("volume", "rm", vol, check=True).stdout == f"{vol}\n"
    gone = pydock("volume", "rm", vol)
    assert (gone.returncode, gone.stderr) == (1, f"Error response from daemon: get {vol}: no such volume\n")

    created = pydock("network", "create", net, check=True)
    assert len(created.stdout.strip()) == 64 and created.stderr == ""  # no CNI plugin chatter
    assert net in pydock("network", "ls", "--format", "{{.Name}}", check=True).stdout.split()
    assert pydock("network", "rm", net, check=True).stdout == f"{net}\n"
    missing = pydock("network", "rm", net)
    assert missing.returncode == 1
    assert missing.stderr == f"Error response from daemon: network {net} not found\nexit status 1\n"


def test_history(busybox):
    lines = pydock("history", busybox, check=True).stdout.splitlines()
    assert lines[0].split()[:2] == ["IMAGE", "CREATED"]
    image_id = pydock("image", "inspect", "-f", "{{.Id}}", busybox, check=True).stdout.strip()
    assert lines[1].startswith(image_id[7:19])
    assert pydock("image", "history", "-q", busybox, check=True).stdout.split()[0] == image_id[7:19]
    row = json.loads(pydock("history", "--format", "json", busybox, check=True).stdout.splitlines()[0])
    assert set(row) == {"Comment", "CreatedAt", "CreatedBy", "CreatedSince", "ID", "Size"}


def test_login_push_pull_logout_share_docker_config(busybox, tmp_path, monkeypatch):
    config = tmp_path / "docker-config"
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    refused = pydock("login", "-u", "pydock", "-p", "wrong", AUTH_REGISTRY)
    assert refused.returncode == 1
    assert refused.stderr.endswith(f"Error response from daemon: login attempt to http://{AUTH_REGISTRY}/v2/ failed "
                                   "with status: 401 Unauthorized\n")
    ref = f"{AUTH_REGISTRY}/pydock-test/private:{uuid.uuid4().hex[:8]}"
    pydock("tag", busybox, ref, check=True)
    assert pydock("push", ref).returncode != 0  # no credentials yet
    done = pydock("login", "-u", "pydock", "--password-stdin", AUTH_REGISTRY, input="pydock-secret\n", check=True)
    assert "Login Succeeded" in done.stdout
    auths = json.loads((config / "config.json").read_text())["auths"]
    assert AUTH_REGISTRY in auths and auths[AUTH_REGISTRY]["auth"]  # docker's own format and place
    pydock("push", ref, check=True)
    pydock("rmi", ref, check=True)
    pydock("pull", "-q", ref, check=True)
    assert pydock("logout", AUTH_REGISTRY, check=True).stdout == f"Removing login credentials for {AUTH_REGISTRY}\n"
    assert AUTH_REGISTRY not in json.loads((config / "config.json").read_text()).get("auths", {})
    pydock("rmi", ref, check=True)


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["service", "ls"], 1, "Error response from daemon: This node is not a swarm manager."),
    (["swarm", "init"], 1, "docker: 'docker swarm init' is not supported by pydock's nerdctl backend"),
    (["plugin", "ls"], 1, "docker: 'docker plugin ls' is not supported by pydock's nerdctl backend"),
    (["nosuchcommand"], 1, "docker: unknown command: docker nosuchcommand"),
    (["volume", "nosuch"], 1, "docker: unknown command: docker volume nosuch"),
])
def test_commands_nerdctl_lacks_fail_in_dockers_voice(stack, argv, code, message):
    done = pydock(*argv)
    assert done.returncode == code and done.stderr.startswith(message) and done.stdout == ""


def test_pass_through_honours_global_flags_and_dry_run(stack):
    dry = pydock("--dry-run", "--namespace", "k8s.io", "-H", "unix:///run/other.sock", "container", "pause", "x",
                 check=True)
    assert dry.stdout == "nerdctl --namespace=k8s.io --address=/run/other.sock container pause x\n"
    debug = pydock("volume", "ls", "-q", env={"PYDOCK_DEBUG": "1"}, check=True)
    assert "nerdctl volume ls --format '{{json .}}'" in debug.stderr
    down = pydock("-H", "unix:///run/pydock-nothing.sock", "volume", "ls")
    assert down.returncode == 1
    assert down.stderr.startswith("Cannot connect to the Docker daemon at unix:///run/pydock-nothing.sock.")


def test_the_default_context_is_the_only_one(stack):
    assert pydock("context", "show", check=True).stdout == "default\n"
    used = pydock("context", "use", "default", check=True)
    assert (used.stdout, used.stderr) == ("default\n", 'Current context is now "default"\n')
    table = pydock("-H", "unix:///run/containerd/containerd.sock", "context", "ls", check=True).stdout.splitlines()
    assert table[0].split()[:2] == ["NAME", "DESCRIPTION"]
    assert table[1].split()[:2] == ["default", "*"] and "unix:///run/containerd/containerd.sock" in table[1]
    other = pydock("context", "use", "remote")
    assert other.returncode == 1 and other.stderr.startswith('context "remote": context not found')
