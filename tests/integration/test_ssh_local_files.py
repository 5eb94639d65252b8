"""Options naming local files over the ssh transport (issue #16): read or written on this machine, never on the
remote; each compared with the same command run locally. The remote in these tests is this machine, so each file
is named by a path the remote's nerdctl is never given (a test fails if the flag reaches it)."""

from __future__ import annotations

import hashlib
import os

import pytest

from tests.integration import ssh_remote
from tests.integration.conftest import REMOTE
from tests.integration.ssh_remote import IMAGE, local, names


@pytest.fixture(scope="module")
def remote(busybox):
    with ssh_remote.session(REMOTE) as r:
        yield r


def test_env_file_and_label_file_are_read_here(remote, tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("# a comment\nGREETING=hello over ssh \nEMPTY=\nSSH2_UNSET_NAME\n")
    labels = tmp_path / "labels"
    labels.write_text("ssh2.a=one\nssh2.bare\n")
    args = ("run", "--rm", "--env-file", str(env_file), IMAGE, "sh", "-c", 'echo "[$GREETING][$EMPTY]"; env | grep -v ^HOSTNAME= | sort')
    over, here = remote.run(*args, env={"SSH2_UNSET_NAME": ""}), local(*args, env={"SSH2_UNSET_NAME": ""})
    assert over.returncode == here.returncode == 0, over.stderr
    assert over.stdout == here.stdout
    assert over.stdout.startswith("[hello over ssh ][]\n")
    fmt = "{{json .Config.Labels}}"
    for where, call in (("ssh", remote.run), ("local", local)):
        made = call("create", "--name", f"ssh2-lf-{where}", "--label-file", str(labels), IMAGE) if where == "local" \
            else call("run", "-d", "--name", f"ssh2-lf-{where}", "--label-file", str(labels), IMAGE, "true")
        assert made.returncode == 0, made.stderr
    try:
        over = local("inspect", "-f", '{{index .Config.Labels "ssh2.a"}}|{{index .Config.Labels "ssh2.bare"}}',
                     "ssh2-lf-ssh")
        here = local("inspect", "-f", '{{index .Config.Labels "ssh2.a"}}|{{index .Config.Labels "ssh2.bare"}}',
                     "ssh2-lf-local")
        assert over.stdout == here.stdout == "one|\n"
        assert local("inspect", "-f", fmt, "ssh2-lf-ssh").stdout == local("inspect", "-f", fmt, "ssh2-lf-local").stdout
    finally:
        local("rm", "-f", "ssh2-lf-ssh", "ssh2-lf-local")
    exec_env = tmp_path / "exec-env"
    exec_env.write_text("FROM_FILE=exec\n")
    remote.run("run", "-d", "--name", "ssh2-ef", IMAGE, "sleep", "60", check=True)
    try:
        args = ("exec", "--env-file", str(exec_env), "ssh2-ef", "sh", "-c", "echo $FROM_FILE")
        assert remote.run(*args).stdout == local(*args).stdout == "exec\n"
    finally:
        local("rm", "-f", "ssh2-ef")


def test_env_file_errors_as_locally(remote, tmp_path):
    missing = tmp_path / "no-such-file"
    bad = tmp_path / "bad"
    bad.write_text("A B=1\n")
    for path in (missing, bad):
        args = ("run", "--rm", "--env-file", str(path), IMAGE, "true")
        over, here = remote.run(*args), local(*args)
        assert (over.returncode, over.stderr) == (here.returncode, here.stderr), path
        assert over.returncode == 125


def test_save_o_writes_the_local_file_whole(remote, tmp_path):
    over, here = tmp_path / "over.tar", tmp_path / "here.tar"
    saved = remote.run("save", "-o", str(over), IMAGE)
    assert saved.returncode == 0, saved.stderr
    assert (saved.stdout, saved.stderr) == ("", "")
    assert local("save", "-o", str(here), IMAGE).returncode == 0
    assert hashlib.sha256(over.read_bytes()).digest() == hashlib.sha256(here.read_bytes()).digest()
    # a failed save leaves the file that was there as it was, and no partial file beside it
    over.write_bytes(b"before")
    failed, failed_here = remote.run("save", "-o", str(over), "ssh2-no-such-image"), \
        local("save", "-o", str(here), "ssh2-no-such-image")
    assert (failed.returncode, failed.stderr) == (failed_here.returncode, failed_here.stderr)
    assert failed.returncode == 1
    assert over.read_bytes() == b"before"
    assert sorted(os.listdir(tmp_path)) == ["here.tar", "over.tar"]


def test_load_i_streams_the_local_file(remote, tmp_path):
    archive = tmp_path / "bb.tar"
    assert local("save", "-o", str(archive), REMOTE).returncode == 0
    remote.run("rmi", "-f", "ssh2-loaded:latest")
    local("tag", REMOTE, "ssh2-loaded", check=True)
    assert local("save", "-o", str(archive), "ssh2-loaded").returncode == 0
    local("rmi", "ssh2-loaded", check=True)
    over = remote.run("load", "-i", str(archive))
    assert over.returncode == 0, over.stderr
    here = local("load", "-i", str(archive))
    assert over.stdout == here.stdout == "Loaded image: ssh2-loaded:latest\n"
    missing = remote.run("load", "-i", str(tmp_path / "none.tar"))
    assert (missing.returncode, missing.stderr) == (1, f"open {tmp_path / 'none.tar'}: no such file or directory\n")
    local("rmi", "ssh2-loaded")


def test_detached_run_writes_its_cidfile_here(remote, tmp_path):
    for where, call in (("ssh", remote.run), ("local", local)):
        cidfile = tmp_path / f"{where}.cid"
        made = call("run", "-d", "--rm", "--cidfile", str(cidfile), "--name", f"ssh2-cid-{where}", IMAGE,
                    "sleep", "30")
        assert made.returncode == 0, made.stderr
        assert cidfile.read_text() == made.stdout.strip(), where  # the ID, without a newline, as docker writes it
        again = call("run", "-d", "--cidfile", str(cidfile), IMAGE, "true")
        assert again.returncode == 125, where
        assert "container ID file found" in again.stderr, where
    local("rm", "-f", "ssh2-cid-ssh", "ssh2-cid-local")
    assert not [n for n in names() if n.startswith("ssh2-cid")]
