"""The nerdctl backend's commands over the ssh transport that read containerd's API themselves (issue #16): through the
remote's containerd socket, forwarded by the shared ssh connection (ssh_transport.forward_socket, API_READS). Each
compared with the same command run locally; pydock runs with no nerdctl on its own PATH for the ssh calls."""

from __future__ import annotations

import pytest

from tests.integration import ssh_remote
from tests.integration.conftest import REMOTE
from tests.integration.ssh_remote import IMAGE, local

NO_NERDCTL = {"PATH": ssh_remote.LOCAL_PATH}


@pytest.fixture(scope="module")
def remote(busybox):
    with ssh_remote.session(REMOTE) as r:
        yield r


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
    def over(*args: str):
        return remote.run(*args, env=NO_NERDCTL)

    assert over("container", "prune", "-f").returncode == 0  # what earlier modules left stopped, if anything
    made = _stopped_pair(over)
    pruned = over("container", "prune", "-f")
    assert pruned.returncode == 0, pruned.stderr
    made_here = _stopped_pair(local)
    here = local("container", "prune", "-f")
    assert here.returncode == 0, here.stderr
    over_ids, _, over_total = pruned.stdout.rpartition("\n\n")
    here_ids, _, here_total = here.stdout.rpartition("\n\n")
    assert sorted(over_ids.splitlines()[1:]) == sorted(made) and sorted(here_ids.splitlines()[1:]) == sorted(made_here)
    assert over_total == here_total and over_total.startswith("Total reclaimed space: 1.")  # the 1 MiB blob and more
    assert over("container", "prune", "-f").stdout == "Total reclaimed space: 0B\n"


def test_update_cpus_shows_in_inspect_as_locally(remote):
    for run, name in ((lambda *a: remote.run(*a, env=NO_NERDCTL), "ssh2a-cpus-over"), (local, "ssh2a-cpus-here")):
        assert run("run", "-d", "--name", name, IMAGE, "sleep", "300").returncode == 0
        updated = run("update", "--cpus", "0.5", name)
        assert (updated.returncode, updated.stdout) == (0, name + "\n"), updated.stderr
    shown = [local("inspect", "-f", "{{.HostConfig.NanoCpus}} {{.HostConfig.CpuQuota}} {{.HostConfig.CpuPeriod}}",
                   n).stdout for n in ("ssh2a-cpus-over", "ssh2a-cpus-here")]
    assert shown[0] == shown[1] and shown[0].startswith("500000000 ")  # recorded through the forwarded socket
