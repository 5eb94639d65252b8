"""Volumes, networks and the engine's facts over the ssh transport (issue #16), each compared with the same command
run locally in the same namespace (the remote of these tests is this machine's containerd); and `pydock doctor
--context` of an ssh context, which checks the remote."""

from __future__ import annotations

import pytest

from tests.conftest import pydock
from tests.integration import ssh_remote
from tests.integration.conftest import REMOTE
from tests.integration.ssh_remote import HOST, IMAGE, local


@pytest.fixture(scope="module")
def remote(busybox):
    with ssh_remote.session(REMOTE) as r:
        yield r
        for name in ("ssh2-vol", "ssh2-vol2"):
            local("volume", "rm", "-f", name)
        local("network", "rm", "ssh2-net")


def _same(remote, *args: str, code: int = 0) -> str:
    over, here = remote.run(*args), local(*args)
    assert (over.returncode, over.stdout, over.stderr) == (here.returncode, here.stdout, here.stderr), args
    assert over.returncode == code, over.stderr
    return over.stdout


def test_volumes_as_locally(remote):
    made = remote.run("volume", "create", "--label", "ssh2=yes", "ssh2-vol")
    assert (made.returncode, made.stdout) == (0, "ssh2-vol\n"), made.stderr
    assert "ssh2-vol" in _same(remote, "volume", "ls")
    _same(remote, "volume", "ls", "-q", "--filter", "label=ssh2=yes")
    shown = _same(remote, "volume", "inspect", "ssh2-vol")
    assert '"CreatedAt": "20' in shown  # the volume folder's time, read on the remote
    _same(remote, "volume", "inspect", "-f", "{{.Name}} {{.Labels}}", "ssh2-vol")
    _same(remote, "volume", "inspect", "ssh2-no-such-volume", code=1)
    _same(remote, "volume", "create", "ssh2-vol")  # there already: docker answers with its name
    remote.run("volume", "create", "ssh2-vol2", check=True)
    remote.run("run", "--rm", "-v", "ssh2-vol2:/d", IMAGE, "sh", "-c", "head -c 12345 /dev/zero >/d/f", check=True)
    pruned = remote.run("volume", "prune", "-a", "-f", "--filter", "label!=ssh2=yes")
    assert pruned.returncode == 0, pruned.stderr
    # the size reclaimed is counted on the remote (12345 bytes; docker's units.HumanSize, 4 digits, as locally)
    assert pruned.stdout == "Deleted Volumes:\nssh2-vol2\n\nTotal reclaimed space: 12.35kB\n"
    assert remote.run("volume", "rm", "ssh2-vol").stdout == "ssh2-vol\n"
    _same(remote, "volume", "rm", "ssh2-vol", code=1)


def test_networks_as_locally(remote):
    made = remote.run("network", "create", "--label", "ssh2=yes", "ssh2-net")
    assert made.returncode == 0, made.stderr
    assert len(made.stdout.strip()) == 64
    assert "ssh2-net" in _same(remote, "network", "ls")
    _same(remote, "network", "ls", "-q", "--filter", "label=ssh2=yes")
    _same(remote, "network", "inspect", "ssh2-net")
    assert _same(remote, "network", "inspect", "-f", "{{.Created}}", "ssh2-net").startswith("20")
    _same(remote, "network", "inspect", "ssh2-no-such-net", code=1)
    _same(remote, "network", "create", "ssh2-net", code=1)  # docker's error for a name taken
    assert remote.run("network", "rm", "ssh2-net").stdout == "ssh2-net\n"
    _same(remote, "network", "rm", "ssh2-net", code=1)


def test_info_version_and_disk_usage_as_locally(remote):
    _same(remote, "info", "--format", "{{.Containers}} {{.Images}} {{.Driver}} {{.ServerVersion}}")
    _same(remote, "system", "info", "--format", "{{json .Plugins.Volume}}")
    _same(remote, "version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}")
    _same(remote, "system", "df")
    _same(remote, "system", "df", "--format", "{{.Type}} {{.TotalCount}}")


def test_doctor_of_an_ssh_context_checks_the_remote(remote, tmp_path):
    env = {**remote.env, "DOCKER_CONFIG": str(tmp_path)}
    pydock("context", "create", "ssh2-ctx", "--docker", f"host={HOST}", env=env, check=True)
    out = pydock("doctor", "--context", "ssh2-ctx", env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == f"ok   ssh: {HOST} reached (the user's ssh config, keys and known_hosts; one shared connection)"
    assert any(line.startswith("ok   nerdctl on the remote: nerdctl version 2.") for line in lines)
    assert any(line.startswith("ok   containerd answers nerdctl on the remote (server 2.") for line in lines)
    assert f"ok   namespace: {ssh_remote.NS}" in lines
    pydock("context", "create", "ssh2-dead", "--docker", f"host={HOST}", "--pydock", "socket=/run/ssh2-none.sock",
           env=env, check=True)
    dead = pydock("doctor", "--context", "ssh2-dead", env=env)
    assert dead.returncode == 1
    assert "FAIL containerd does not answer nerdctl on the remote (/run/ssh2-none.sock;" in dead.stdout
    pydock("context", "create", "ssh2-far", "--docker", "host=ssh://nobody@127.0.0.1:1", env=env, check=True)
    far = pydock("doctor", "--context", "ssh2-far", env=env)
    assert far.returncode == 1
    assert far.stdout.startswith("FAIL ssh: cannot reach ssh://nobody@127.0.0.1:1 (exit status 255): ")
    assert "Connection refused" in far.stdout
    missing = pydock("doctor", "--context", "ssh2-ctx", env={**env, "PYDOCK_NERDCTL": "ssh2-no-nerdctl",
                                                             "PYDOCK_CTR": "ssh2-no-ctr"})
    assert missing.returncode == 1
    assert "FAIL ssh2-no-nerdctl: not found on the remote host 127.0.0.1" in missing.stdout
