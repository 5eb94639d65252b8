"""ps, stop, rm, exec and logs through the real pydock on the real stack."""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.conftest import PYDOCK, pydock, ran_nerdctl


@pytest.fixture
def running(busybox, name):
    """A running container that printed five lines; returns its name."""
    cname = name("run")
    pydock("run", "-d", "--name", cname, "busybox", "sh", "-c",
           "for i in 1 2 3 4 5; do echo line$i; done; trap 'exit 0' TERM; sleep 300 & wait", check=True)
    deadline = time.monotonic() + 10
    while "line5" not in pydock("logs", cname).stdout:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return cname



def names(*flags: str) -> list[str]:
    return pydock("ps", *flags, "--format", "{{.Names}}", check=True).stdout.split()


def test_ps_all_quiet_filter_format(running, name):
    stopped = name("stopped")
    pydock("run", "--name", stopped, "busybox", "true", check=True)
    assert running in names()
    assert stopped not in names()
    assert {running, stopped} <= set(names("-a"))
    ids = pydock("ps", "-aq").stdout.split()
    assert ids and all(len(i) == 12 for i in ids)
    assert names("-a", "--filter", f"name={stopped}") == [stopped]
    assert names("-a", "-f", "status=exited", "-f", f"name={stopped}") == [stopped]
    table = pydock("container", "ls").stdout.splitlines()
    assert table[0].startswith("CONTAINER ID")
    assert any(line.endswith(running) for line in table[1:])


def test_stop_with_timeout_and_state(running):
    start = time.monotonic()
    result = pydock("stop", "-t", "2", running)
    assert (result.returncode, result.stdout) == (0, f"{running}\n")
    assert time.monotonic() - start < 15
    assert running not in names()
    status = pydock("ps", "-a", "--filter", f"name={running}", "--format", "{{.Status}}").stdout
    assert status.startswith("Exited")


def test_stop_of_containers_that_do_not_run_marks_them_in_containerd_directly(busybox, name):
    """Stopping what does not run is nerdctl's mark of an explicit stop (no restart policy starts it again),
    asked of containerd itself: no nerdctl command runs; names print as typed; a running one among them, or a
    missing one, leaves the whole command to nerdctl as before."""
    exited, created = name("exited"), name("created")
    printed = pydock("run", "--name", exited, "--network", "none", "busybox", "true", check=True).stdout
    made = pydock("create", "--name", created, "busybox", "true", check=True).stdout.strip()
    prefix = made[:10]
    debug = pydock("stop", exited, prefix, env={"PYDOCK_DEBUG": "1"})
    assert (debug.returncode, debug.stdout, printed) == (0, f"{exited}\n{prefix}\n", "")
    assert not ran_nerdctl(debug.stderr), debug.stderr
    mark = '{{index .Config.Labels "containerd.io/restart.explicitly-stopped"}}'
    from tests.integration.conftest import NAMESPACE

    for cname in (exited, created):
        label = subprocess.run(["nerdctl", "-n", NAMESPACE, "inspect", "--format", mark, cname],
                               capture_output=True, text=True, check=True).stdout.strip()
        assert label == "true", cname
    missing = pydock("stop", exited, "pydock-no-such-container", env={"PYDOCK_DEBUG": "1"})
    assert missing.returncode == 1 and f"{exited}\n" == missing.stdout
    assert "nerdctl stop" in missing.stderr
    assert missing.stderr.endswith("Error response from daemon: No such container: pydock-no-such-container\n")


def test_stop_timeout_long_flag(busybox, name):
    cname = name("stoplong")
    pydock("run", "-d", "--name", cname, "busybox", "sleep", "300", check=True)
    start = time.monotonic()
    result = pydock("container", "stop", "--timeout", "1", cname)
    assert result.returncode == 0
    assert time.monotonic() - start < 10  # sleep ignores TERM: SIGKILL after one second
    assert cname not in names()


def test_rm_refuses_running_then_force(running):
    result = pydock("rm", running)
    assert result.returncode == 1
    assert result.stderr == (f'Error response from daemon: cannot remove container "{running}": container is '
                             "running: stop the container before removing or force remove\n")
    assert running in names()
    forced = pydock("rm", "-f", running)
    assert (forced.returncode, forced.stdout) == (0, f"{running}\n")
    assert running not in names("-a")


def test_rm_missing(busybox):
    result = pydock("rm", "pydock-no-such-container")
    assert (result.returncode, result.stderr) == (
        1, "Error response from daemon: No such container: pydock-no-such-container\n")
    # docker 28 still names the missing container under -f, but exits 0
    forced = pydock("rm", "-f", "pydock-no-such-container")
    assert (forced.returncode, forced.stdout, forced.stderr) == (
        0, "", "Error response from daemon: No such container: pydock-no-such-container\n")


def test_exec_exit_code_env_workdir_user(running):
    assert pydock("exec", running, "sh", "-c", "exit 42").returncode == 42
    assert pydock("exec", running, "false").returncode == 1
    result = pydock("exec", "-e", "X=y z", "-w", "/tmp", "-u", "65534", running, "sh", "-c",
                    'echo "$X|$(pwd)|$(id -u)"')
    assert (result.returncode, result.stdout) == (0, "y z|/tmp|65534\n")
    missing = pydock("exec", running, "pydock-nope")  # Docker Engine 20.10: 126, message on stdout
    assert missing.returncode == 127 and "executable file not found" in missing.stdout  # Engine 29: by cause


def test_exec_double_dash_after_container_reaches_the_process(running):
    # docker execs `--` itself (Engine 20.10: 126, nerdctl's message on stdout like any failed exec)
    result = pydock("exec", running, "--", "echo", "hi")
    assert result.returncode == 127 and 'exec: "--": executable file not found' in result.stdout
    kept = pydock("exec", running, "sh", "-c", 'echo "$0|$*"', "--", "--")
    assert kept.stdout == "--|--\n"


def test_exec_detached(running):
    assert pydock("exec", "-d", running, "sh", "-c", "sleep 0.2; echo done > /tmp/flag").returncode == 0
    deadline = time.monotonic() + 10
    while pydock("exec", running, "cat", "/tmp/flag").stdout != "done\n":
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_exec_in_missing_container(busybox):
    result = pydock("exec", "pydock-no-such-container", "true")
    assert result.returncode == 1
    assert "No such container: pydock-no-such-container" in result.stderr


def test_logs_tail_timestamps_since(running):
    assert pydock("logs", running).stdout == "".join(f"line{i}\n" for i in range(1, 6))
    assert pydock("logs", "--tail", "2", running).stdout == "line4\nline5\n"
    assert pydock("container", "logs", "-n", "1", running).stdout == "line5\n"
    stamped = pydock("logs", "-t", "--tail", "1", running).stdout
    stamp, text = stamped.rstrip("\n").split(" ", 1)
    assert text == "line5" and stamp.startswith("20") and stamp.endswith("Z")
    assert pydock("logs", "--since", "1h", running).stdout.count("line") == 5
    assert pydock("logs", "--since", "2099-01-01T00:00:00Z", running).stdout == ""


def test_logs_follow_streams_until_stopped(busybox, name):
    cname = name("follow")
    pydock("run", "-d", "--name", cname, "busybox", "sh", "-c",
           "i=0; while true; do i=$((i+1)); echo tick$i; sleep 0.2; done", check=True)
    with subprocess.Popen([PYDOCK, "logs", "-f", cname], stdout=subprocess.PIPE, text=True) as proc:
        try:
            first = proc.stdout.readline()
            second = proc.stdout.readline()
            assert (first, second) == ("tick1\n", "tick2\n")
        finally:
            proc.terminate()  # pydock passes SIGTERM on to nerdctl, then ends with its status
            proc.wait(timeout=10)
    assert proc.returncode in (0, 128 + 15, -15)


def test_logs_missing_container(busybox):
    result = pydock("logs", "pydock-no-such-container")
    assert result.returncode == 1
    assert result.stderr == "Error response from daemon: No such container: pydock-no-such-container\n"


def test_create_keeps_a_double_dash_after_the_image(busybox, name):
    # `docker create busybox -- echo hi` makes `--` the container's command (nerdctl drops it)
    created = name("dd")
    assert pydock("create", "--name", created, busybox, "--", "echo", "hi").returncode == 0
    assert pydock("inspect", "-f", "{{json .Path}} {{json .Args}}", created, check=True).stdout == '"--" ["echo","hi"]\n'
    started = pydock("start", "-a", created)
    assert started.returncode == 1 and 'exec: "--": executable file not found' in started.stderr


@pytest.mark.parametrize("flags", [(), ("--tail", "2"), ("-n", "0"), ("-t",), ("-n", "1", "--timestamps"),
                                   ("--tail", "all")])
def test_logs_read_from_the_file_are_nerdctls_output(busybox, name, flags):
    """logs without --follow/--since/--until/--details reads the json-file log itself (log_files.py): no nerdctl
    command runs, and stdout, stderr and their interleaving are what nerdctl's logs prints of the same file."""
    cname = name("logfile")
    pydock("run", "--name", cname, "--network", "none", "busybox", "sh", "-c",
           "echo out1; echo err1 >&2; printf 'no newline'; echo 'ü é'; echo err2 >&2", check=True)
    debug = pydock("logs", *flags, cname, env={"PYDOCK_DEBUG": "1"})
    assert not ran_nerdctl(debug.stderr), debug.stderr
    direct = pydock("logs", *flags, cname)
    by_nerdctl = pydock("logs", *flags, cname, env={"PYDOCK_CONTAINERD_API": "0"})
    assert (direct.returncode, direct.stdout, direct.stderr) == (0, by_nerdctl.stdout, by_nerdctl.stderr)
    if flags == ():
        assert direct.stdout == "out1\nno newlineü é\n" and direct.stderr == "err1\nerr2\n"
    # on one pipe, the entries come in the file's order, as nerdctl itself writes them (and docker's client);
    # through pydock's relay of nerdctl's stderr they had come after stdout
    from tests.integration.conftest import NAMESPACE

    merged = subprocess.run([PYDOCK, "logs", *flags, cname], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            check=True).stdout
    own = ["nerdctl", "-n", NAMESPACE, "logs", *flags, cname]
    expected = b"" if flags == ("-n", "0") else subprocess.run(own, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                                                 check=True).stdout
    assert merged == expected
