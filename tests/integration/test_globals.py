"""pydock's global options and docker's global flags, on the real stack (issue #2, item 7)."""

from __future__ import annotations

import base64
import json
import re
import shlex

from tests.conftest import pydock
from tests.integration.conftest import NAMESPACE, unique_tag

AUTH_REGISTRY = "127.0.0.1:5001"  # tests/stack/provision.sh: htpasswd user pydock / pydock-secret


def test_dry_run_prints_and_runs_nothing(busybox, name):
    cname = name("dry")
    result = pydock("--dry-run", "run", "-d", "--name", cname, "-p8080:80", "busybox", "sh", "-c", "echo 'a b'")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    # docker's pull of a missing image (whether it is there, pydock reads from containerd's file), then the container
    assert lines[:1] == ["nerdctl pull busybox"]
    words = shlex.split(lines[1])
    # the ID file pydock reads when the container was made but could not start (docker prints its ID, then the error)
    scratch = [w for w in words if w.startswith("--cidfile=")]
    assert len(scratch) == 1 and re.fullmatch(r"--cidfile=/run/\.pydock-\d+\.cid", scratch[0]), words
    assert [w for w in words if w not in scratch] == [
        "nerdctl", "run", "--detach", f"--name={cname}", "--publish=8080:80",
        "--mount=type=bind,src=/var/lib/pydock/dockerenv,dst=/.dockerenv,readonly",  # every container has docker's /.dockerenv
        "--label=pydock/image=busybox",
        "--label=pydock/detached=true",
        '--label=pydock/inspect={"PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]}}',  # -p as docker shows it
        "busybox", "sh", "-c", "echo 'a b'"]
    assert cname not in pydock("ps", "-a", "--format", "{{.Names}}").stdout.split()


def test_dry_run_shows_every_command_of_an_emulation(busybox):
    result = pydock("--dry-run", "run", "-d", "--rm", "--pull=never", "busybox", "sleep", "1")
    lines = result.stdout.splitlines()
    # nerdctl runs it without --rm (inspect says AutoRemove); pydock's ID file finds one that could not start
    lines[0] = re.sub(r" --cidfile=/run/\.pydock-\d+\.cid ", " --cidfile=SCRATCH ", lines[0])
    assert lines == [
        "nerdctl run --detach --pull=never --mount=type=bind,src=/var/lib/pydock/dockerenv,dst=/.dockerenv,readonly --label=pydock/image=busybox --label=pydock/detached=true "
        "--label=pydock/autoremove=true --cidfile=SCRATCH busybox sleep 1",
        "nerdctl wait '<ID>'", "nerdctl rm --force '<ID>'"]


def test_debug_env_shows_the_command_while_running(busybox):
    result = pydock("run", "--rm", "busybox", "echo", "hi", env={"PYDOCK_DEBUG": "1"})
    assert result.stdout == "hi\n"
    assert "nerdctl run --mount=type=bind,src=/var/lib/pydock/dockerenv,dst=/.dockerenv,readonly --label=pydock/image=busybox --rm busybox echo hi\n" in result.stderr


def test_namespace_flag_and_env(busybox):
    tag = unique_tag("nsonly")
    other = f"{NAMESPACE}-other"
    pydock("tag", "busybox", tag, check=True)
    listed = pydock("--namespace", other, "images", "--format", "{{.Repository}}:{{.Tag}}").stdout.split()
    assert tag not in listed
    assert tag in pydock("images", "--format", "{{.Repository}}:{{.Tag}}",
                         env={"CONTAINERD_NAMESPACE": NAMESPACE}).stdout.split()
    assert pydock("--dry-run", "--namespace", "k8s.io", "pause", "a").stdout == \
        "nerdctl --namespace=k8s.io pause a\n"
    pydock("rmi", tag, check=True)


def test_host_flag_names_the_containerd_socket(busybox):
    result = pydock("-H", "unix:///run/containerd/containerd.sock", "ps", "-q")
    assert result.returncode == 0
    assert pydock("--dry-run", "-H", "unix:///run/containerd/containerd.sock", "pause", "a").stdout == \
        "nerdctl --address=/run/containerd/containerd.sock pause a\n"
    # docker's own default socket means "the local daemon": containerd's default.
    assert pydock("--dry-run", "-H", "unix:///var/run/docker.sock", "pause", "a").stdout == "nerdctl pause a\n"
    remote = pydock("-H", "tcp://127.0.0.1:2375", "ps")
    assert remote.returncode == 1
    assert remote.stderr.startswith("error during connect: tcp://127.0.0.1:2375: ")
    assert "tcp:// is not supported" in remote.stderr


def test_debug_and_log_level_flags():
    assert pydock("--dry-run", "-D", "pause", "a").stdout == "nerdctl --debug pause a\n"
    assert pydock("--dry-run", "--log-level", "debug", "pause", "a").stdout == "nerdctl --debug pause a\n"
    assert pydock("--dry-run", "-l", "warn", "pause", "a").stdout == "nerdctl pause a\n"
    bad = pydock("-l", "loud", "ps")
    assert (bad.returncode, bad.stderr) == (1, "Unable to parse logging level: loud\n")


def test_backend_choice():
    assert pydock("--dry-run", "--backend", "nerdctl", "pause", "a").stdout == "nerdctl pause a\n"
    assert pydock("--dry-run", "ps", env={"PYDOCK_BACKEND": "nerdctl"}).returncode == 0
    unknown = pydock("--backend", "podman", "ps")
    assert unknown.returncode == 1 and 'unknown backend "podman"' in unknown.stderr
    assert pydock("--dry-run", "--backend", "ctr", "ps").stdout == f"ctr --namespace={NAMESPACE} containers ls\n"


def test_refused_global_flags():
    tls = pydock("--tls", "ps")
    assert tls.returncode == 125
    assert "--tls is not supported" in tls.stderr
    ctx = pydock("--context", "elsewhere", "ps")
    assert ctx.returncode == 1 and 'context "elsewhere"' in ctx.stderr
    assert pydock("--dry-run", "--context", "default", "ps").returncode == 0


def test_config_dir_carries_registry_credentials(busybox, tmp_path):
    ref = f"{AUTH_REGISTRY}/pydock/{unique_tag('auth')}"
    pydock("tag", "busybox", ref, check=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    denied = pydock("--config", str(empty), "push", ref)
    assert denied.returncode != 0
    assert "Traceback" not in denied.stderr
    creds = tmp_path / "creds"
    creds.mkdir()
    token = base64.b64encode(b"pydock:pydock-secret").decode()
    (creds / "config.json").write_text(json.dumps({"auths": {AUTH_REGISTRY: {"auth": token}}}))
    pushed = pydock("--config", str(creds), "push", ref)
    assert pushed.returncode == 0, pushed.stderr
    pydock("rmi", ref, check=True)
    pulled = pydock("pull", "-q", ref, env={"DOCKER_CONFIG": str(creds)})
    assert (pulled.returncode, pulled.stdout) == (0, ref + "\n")
    pydock("rmi", ref, check=True)


def test_version_and_no_traceback_on_unknown_command():
    assert pydock("--version").stdout.startswith("Docker version ")
    unknown = pydock("frobnicate")
    assert (unknown.returncode, unknown.stderr) == (
        1, "docker: unknown command: docker frobnicate\n\nRun 'docker --help' for more information\n")
