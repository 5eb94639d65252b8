"""docker run through the real pydock: output, exit codes, flags with observable effects."""

from __future__ import annotations

import os
import re
import socket
import time
import urllib.request
import uuid

import pytest

from tests.conftest import pydock


def test_attached_output_and_exit_code(busybox):
    result = pydock("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 7")
    assert (result.returncode, result.stdout, result.stderr) == (7, "out\n", "err\n")


def test_arguments_reach_the_container_byte_for_byte(busybox):
    payload = "ünï\tcode $HOME `x` ' \" \\ --rm -it"
    result = pydock("run", "--rm", "busybox", "printf", "%s", payload)
    assert result.stdout == payload


def test_double_dash_after_image_reaches_the_container(busybox):
    # docker runs `--` as the command: not found, 127
    result = pydock("run", "--rm", "busybox", "--", "echo", "hi")
    assert (result.returncode, result.stdout) == (127, "")
    assert 'exec: "--": executable file not found' in result.stderr
    kept = pydock("run", "--rm", "busybox", "sh", "-c", 'echo "$0|$*"', "--", "--", "x")
    assert kept.stdout == "--|-- x\n"
    # before IMAGE, `--` only ends docker's flags
    assert pydock("run", "--rm", "--", "busybox", "echo", "--").stdout == "--\n"


def test_env_workdir_user_entrypoint(busybox):
    result = pydock("run", "--rm", "-e", "A=1", "--env=B=two words", "-w", "/tmp", "-u", "65534:65534",
                    "--entrypoint", "sh", "busybox", "-c", 'echo "$A|$B|$(pwd)|$(id -u):$(id -g)"')
    assert result.stdout == "1|two words|/tmp|65534:65534\n", result.stderr


def test_bind_mount_read_only(busybox, tmp_path):
    (tmp_path / "in.txt").write_text("from host\n")
    result = pydock("run", "--rm", "-v", f"{tmp_path}:/data:ro", "busybox", "sh", "-c",
                    "cat /data/in.txt; touch /data/new 2>/dev/null && echo writable || echo read-only")
    assert result.stdout == "from host\nread-only\n"
    writable = pydock("run", "--rm", "-v", f"{tmp_path}:/data", "busybox", "sh", "-c", "echo x > /data/out")
    assert writable.returncode == 0
    assert (tmp_path / "out").read_text() == "x\n"


def test_name_and_rm(busybox, name):
    cname = name("named")
    assert pydock("run", "--name", cname, "busybox", "true").returncode == 0
    assert cname in pydock("ps", "-a", "--format", "{{.Names}}").stdout.split()
    pydock("rm", cname, check=True)
    gone = name("gone")
    assert pydock("run", "--rm", "--name", gone, "busybox", "true").returncode == 0
    assert gone not in pydock("ps", "-a", "--format", "{{.Names}}").stdout.split()


def test_detached_prints_full_id(busybox, name):
    result = pydock("run", "-d", "--name", name("bg"), "busybox", "sleep", "30")
    cid = result.stdout.strip()
    assert len(cid) == 64 and all(c in "0123456789abcdef" for c in cid)
    assert cid[:12] in pydock("ps", "-q").stdout.split()


def test_detached_rm_removes_after_exit(busybox, name):
    cname = name("drm")
    result = pydock("run", "-d", "--rm", "--name", cname, "busybox", "sleep", "1")
    assert result.returncode == 0 and len(result.stdout.strip()) == 64
    assert cname in pydock("ps", "--format", "{{.Names}}").stdout.split()
    deadline = time.monotonic() + 20
    while cname in pydock("ps", "-a", "--format", "{{.Names}}").stdout.split():
        assert time.monotonic() < deadline, "the container of run -d --rm was not removed"
        time.sleep(0.3)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_publish_port_with_real_http(busybox, name, tmp_path):
    (tmp_path / "index.html").write_text("hello from busybox httpd\n")
    port = free_port()
    pydock("run", "-d", "--name", name("web"), "-p", f"127.0.0.1:{port}:80", "-v", f"{tmp_path}:/www:ro",
           "busybox", "httpd", "-f", "-p", "80", "-h", "/www", check=True)
    deadline = time.monotonic() + 15
    while True:
        try:
            body = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            break
        except OSError:
            assert time.monotonic() < deadline, "published port never answered"
            time.sleep(0.2)
    assert body == b"hello from busybox httpd\n"


def _default_route_interface() -> str:
    with open("/proc/net/route") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            if fields[1] == "00000000":
                return fields[0]
    return "lo"


@pytest.mark.parametrize("network", ["none", "host", "bridge"])
def test_network_modes(busybox, network):
    result = pydock("run", "--rm", "--network", network, "busybox", "sh", "-c", "ls /sys/class/net")
    assert result.returncode == 0
    seen = set(result.stdout.split())
    if network == "none":
        assert seen == {"lo"}
    elif network == "host":  # the host's own interfaces, such as the one its default route uses
        assert _default_route_interface() in seen and "nerdctl0" in seen
    else:
        assert seen == {"lo", "eth0"}


def _namespace_of_container(kind: str, *flags: str) -> str:
    result = pydock("run", "--rm", *flags, "busybox", "readlink", f"/proc/self/ns/{kind}")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_ipc_host_shares_the_hosts_ipc_namespace(busybox):
    # nerdctl bind-mounts the host's /dev/mqueue for it (Docker Engine mounts a new mqueue): a host
    # without systemd must have it mounted (tests/stack/provision.sh, `pydock daemon start`)
    host = os.readlink("/proc/self/ns/ipc")
    assert _namespace_of_container("ipc", "--ipc=host") == host
    assert _namespace_of_container("ipc") != host


@pytest.mark.parametrize(("flags", "shared"), [
    (("--cgroupns=host",), True),
    (("--cgroupns=private",), False),
    # docker's default is the host's namespace on cgroup v1, a private one on v2; nerdctl's too
    ((), not os.path.exists("/sys/fs/cgroup/cgroup.controllers")),
])
def test_cgroupns_is_honoured(busybox, flags, shared):
    host = os.readlink("/proc/self/ns/cgroup")
    assert (_namespace_of_container("cgroup", *flags) == host) is shared


def test_command_not_found_is_127_and_not_executable_is_126(busybox):
    missing = pydock("run", "--rm", "busybox", "pydock-no-such-command")
    assert missing.returncode == 127
    assert missing.stderr.startswith("docker: Error response from daemon: ")
    assert "executable file not found" in missing.stderr
    assert missing.stderr.endswith("Run 'docker run --help' for more information\n")
    denied = pydock("run", "--rm", "busybox", "/etc/passwd")
    assert denied.returncode == 126


@pytest.mark.parametrize("flags", [("-d", "--rm"), ("-d",), ("-d", "-i")], ids=["detached-rm", "detached", "detached-i"])
@pytest.mark.parametrize(("command", "code"), [("/nonexistent", 127), ("/etc", 126)])
def test_detached_run_that_cannot_start_prints_the_id_then_the_error(busybox, flags, command, code):
    # Engine 29: the container is made (its ID printed, as a detached run prints it at once), its start fails
    # (126/127); with --rm the daemon removes it, without it stays Created. nerdctl's run -d printed no ID and,
    # with pydock's --rm, left the container behind.
    made = f"pydock-bugs-run-{uuid.uuid4().hex[:8]}"
    try:
        result = pydock("run", *flags, "--name", made, "busybox", command)
        assert result.returncode == code
        assert re.fullmatch(r"[0-9a-f]{64}\n", result.stdout), result.stdout
        assert result.stderr.startswith("docker: Error response from daemon: failed to create task for container: ")
        assert result.stderr.endswith("\n\nRun 'docker run --help' for more information\n")
        left = pydock("ps", "-a", "--no-trunc", "--filter", f"name={made}", "--format", "{{.ID}} {{.Status}}")
        assert left.stdout == ("" if "--rm" in flags else f"{result.stdout.strip()} Created\n")
        if "--rm" not in flags:  # pydock's own ID file is none of docker's
            assert pydock("inspect", "-f", "[{{.HostConfig.ContainerIDFile}}]", made).stdout == "[]\n"
    finally:
        pydock("rm", "-f", made)


def test_detached_run_that_makes_no_container_prints_no_id(busybox):
    made = f"pydock-bugs-run-{uuid.uuid4().hex[:8]}"
    try:
        pydock("run", "-d", "--name", made, "busybox", "true", check=True)
        for flags in (("-d",), ("-d", "--rm")):
            result = pydock("run", *flags, "--name", made, "busybox", "true")
            assert (result.returncode, result.stdout) == (125, "")
            assert result.stderr.startswith('docker: Error response from daemon: Conflict. The container name "/')
    finally:
        pydock("rm", "-f", made)


def test_name_conflict_is_125_in_docker_words(busybox, name):
    cname = name("dup")
    cid = pydock("run", "-d", "--name", cname, "busybox", "sleep", "30", check=True).stdout.strip()
    result = pydock("run", "--name", cname, "busybox", "true")
    assert result.returncode == 125
    assert result.stderr.startswith(
        f'docker: Error response from daemon: Conflict. The container name "/{cname}" is already in use by '
        f'container "{cid}". You have to remove (or rename) that container to be able to reuse that name.')


def test_refused_flag_changes_nothing(busybox):
    before = pydock("ps", "-aq").stdout
    result = pydock("run", "--storage-opt", "size=1G", "busybox", "true")
    assert result.returncode == 125
    assert result.stderr.startswith("unsupported flag: --storage-opt is not supported by pydock's nerdctl backend")
    assert pydock("ps", "-aq").stdout == before


def test_bad_flag_is_125_and_runs_nothing(busybox):
    before = pydock("ps", "-aq").stdout
    result = pydock("run", "--nope", "busybox", "true")
    assert result.returncode == 125
    assert result.stderr.startswith("unknown flag: --nope\n")
    assert pydock("ps", "-aq").stdout == before


def test_container_run_management_form(busybox):
    assert pydock("container", "run", "--rm", "busybox", "echo", "hi").stdout == "hi\n"


def test_missing_image_is_pulled_like_docker(busybox):
    from tests.integration.conftest import REMOTE

    pydock("rmi", "-f", REMOTE)
    result = pydock("run", "--rm", REMOTE, "echo", "pulled-and-ran")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "pulled-and-ran\n"
    assert result.stderr.startswith(f"Unable to find image '{REMOTE}' locally\n")
    assert f"Status: Downloaded newer image for {REMOTE}\n" in result.stderr


def test_unknown_image_reads_like_docker(busybox):
    ref = "127.0.0.1:5000/pydock-test/nope:1"
    result = pydock("run", "--rm", ref)
    assert result.returncode == 125
    assert result.stderr == (f"Unable to find image '{ref}' locally\n"
                             f'docker: Error response from daemon: failed to resolve reference "{ref}": {ref}: '
                             "not found\n\nRun 'docker run --help' for more information\n")
