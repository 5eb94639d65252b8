"""The nerdctl backend's commands over the ssh transport that read containerd's API themselves (issue #16): through the
remote's containerd socket, forwarded by the shared ssh connection (ssh_transport.forward_socket, API_READS); and
`events`, a stream until Ctrl-C. Each compared with the same command run locally, in a namespace of this module's own
(prune removes what it finds); pydock runs with no nerdctl on its own PATH for the ssh calls."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from tests.conftest import PYDOCK, pydock
from tests.integration import ssh_remote
from tests.integration.ssh_remote import HOST

NS = "pydock-sshapi"
IMAGE = "busybox"


local = ssh_remote.local_in(NS)


@pytest.fixture(scope="module")
def remote(stack, image_archive):
    with ssh_remote.namespace_session(NS, image_archive, "sshapi") as r:
        yield r


def over(remote, *args: str) -> subprocess.CompletedProcess[str]:
    return pydock("-H", HOST, "--namespace", NS, *args, env=remote.env)


def _stopped_pair(run) -> list[str]:
    """Two stopped containers, one with 1 MiB written in its writable layer."""
    ids = []
    for command in (["true"], ["sh", "-c", "head -c 1048576 /dev/zero >/blob"]):
        made = run("run", "-d", IMAGE, *command)
        assert made.returncode == 0, made.stderr
        ids.append(made.stdout.strip())
    assert run("wait", *ids).returncode == 0
    return ids


def test_container_prune_reports_the_reclaimed_space_as_locally(remote):
    made = _stopped_pair(lambda *a: over(remote, *a))
    pruned = over(remote, "container", "prune", "-f")
    assert pruned.returncode == 0, pruned.stderr
    made_here = _stopped_pair(local)
    here = local("container", "prune", "-f")
    assert here.returncode == 0, here.stderr
    over_ids, _, over_total = pruned.stdout.rpartition("\n\n")
    here_ids, _, here_total = here.stdout.rpartition("\n\n")
    assert sorted(over_ids.splitlines()[1:]) == sorted(made) and sorted(here_ids.splitlines()[1:]) == sorted(made_here)
    assert over_total == here_total and over_total.startswith("Total reclaimed space: 1.")  # the 1 MiB blob and more
    assert over(remote, "container", "prune", "-f").stdout == "Total reclaimed space: 0B\n"


def test_update_cpus_shows_in_inspect_as_locally(remote):
    for run, name in ((lambda *a: over(remote, *a), "sshapi-cpus-over"), (local, "sshapi-cpus-here")):
        assert run("run", "-d", "--name", name, IMAGE, "sleep", "300").returncode == 0
        updated = run("update", "--cpus", "0.5", name)
        assert (updated.returncode, updated.stdout) == (0, name + "\n"), updated.stderr
    shown = [local("inspect", "-f", "{{.HostConfig.NanoCpus}} {{.HostConfig.CpuQuota}} {{.HostConfig.CpuPeriod}}",
                   n).stdout for n in ("sshapi-cpus-over", "sshapi-cpus-here")]
    assert shown[0] == shown[1] and shown[0].startswith("500000000 ")  # recorded through the forwarded socket


def test_events_stream_from_the_remote_until_ctrl_c(remote):
    with subprocess.Popen([PYDOCK, "-H", HOST, "--namespace", NS, "events", "--format", "{{.Status}}"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **remote.env}) as proc:
        time.sleep(2)  # the remote's nerdctl subscribed
        assert local("run", "--rm", IMAGE, "true").returncode == 0
        assert proc.stdout is not None
        assert proc.stdout.readline().strip()  # an event of that run, from the remote's stream
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 130  # as docker's client ends on Ctrl-C
    # the remote stream ends at its next event: ssh's hang-up closed its output, and its next write fails
    assert local("run", "--rm", IMAGE, "true").returncode == 0
    for _ in range(20):
        lingering = subprocess.run(["pgrep", "-f", f"nerdctl --namespace={NS} events"], capture_output=True,
                                   check=False)
        if lingering.returncode == 1:
            break
        time.sleep(0.25)
    assert lingering.returncode == 1, lingering.stdout
