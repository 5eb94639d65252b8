"""`docker login`/`logout` over the ssh transport (issue #16): nerdctl logs in on the remote, the password on its
stdin through ssh (never on a command line, here or there), and the credentials are stored on the remote, which
pydock says. The remote of these tests is this machine, so the docker config is a folder of the test's own
(`--config`, passed to the remote as DOCKER_CONFIG), never root's."""

from __future__ import annotations

import json

import pytest

from tests.integration import ssh_remote
from tests.integration.ssh_remote import local

REGISTRY = "127.0.0.1:5001"  # tests/stack/provision.sh's registry with htpasswd auth
USER, PASSWORD = "pydock", "pydock-secret"


@pytest.fixture(scope="module")
def remote(busybox):
    from tests.integration.conftest import REMOTE

    r = ssh_remote.open_remote(REMOTE)
    yield r
    r.close()


def test_login_stores_on_the_remote_and_says_so(remote, tmp_path):
    config = tmp_path / "docker"
    config.mkdir(mode=0o700)
    out = remote.run("--config", str(config), "login", "-u", USER, "--password-stdin", REGISTRY, input=PASSWORD,
                     env={"PYDOCK_DEBUG": "1"})
    assert out.returncode == 0, out.stderr
    assert out.stdout == "Login Succeeded\n"
    assert "pydock: the credentials are stored on the remote host 127.0.0.1" in out.stderr
    assert PASSWORD not in out.stderr  # the ssh command shown carries none (nerdctl reads it on stdin)
    shown = [line for line in out.stderr.splitlines() if line.startswith("ssh ")]
    assert shown and shown[-1].endswith(f"login --username={USER} --password-stdin {REGISTRY}'")
    stored = json.loads((config / "config.json").read_text())
    assert REGISTRY in stored["auths"]
    with_p = remote.run("--config", str(config), "login", "-u", USER, "-p", PASSWORD, REGISTRY,
                        env={"PYDOCK_DEBUG": "1"})
    assert with_p.returncode == 0, with_p.stderr
    assert PASSWORD not in with_p.stderr  # -p: fed to nerdctl's stdin through ssh, shown masked
    assert [line for line in with_p.stderr.splitlines() if line.startswith("ssh ")][-1].endswith(
        f"login '\"'\"'--password=****'\"'\"' --username={USER} {REGISTRY}'")
    gone = remote.run("--config", str(config), "logout", REGISTRY)
    assert (gone.returncode, gone.stdout) == (0, f"Removing login credentials for {REGISTRY}\n"), gone.stderr
    assert REGISTRY not in json.loads((config / "config.json").read_text())["auths"]


def test_a_refused_login_as_locally(remote, tmp_path):
    args = ("--config", str(tmp_path), "login", "-u", USER, "-p", "not-the-password", REGISTRY)
    over, here = remote.run(*args), local(*args)
    assert (over.returncode, over.stdout, over.stderr) == (here.returncode, here.stdout, here.stderr)
    assert over.returncode == 1
    assert not (tmp_path / "config.json").exists() or REGISTRY not in (tmp_path / "config.json").read_text()
