"""The ctr backend over the ssh transport (issue #16), without a remote: what --dry-run shows (nothing connects then),
what is refused before anything runs, and the remote machine's facts of `info` read from their shell output. The
real remote is tests/integration/test_ssh_ctr.py's."""

from __future__ import annotations

import shlex

import pytest

from shim.backends.ctr.info import Machine, engine_facts
from tests.conftest import pydock

HOST = "ssh://root@127.0.0.1:1"  # never reached: --dry-run and the refusals connect nowhere


def over(*argv: str):
    return pydock("-H", HOST, "--backend", "ctr", "--namespace", "ns", *argv, env={"PYDOCK_SSH_CONFIG": "/dev/null"})


@pytest.mark.parametrize(("argv", "remote"), [
    (["pull", "127.0.0.1:5000/a/b:1"], "ctr --namespace=ns images pull --plain-http 127.0.0.1:5000/a/b:1"),
    # -o's file is this machine's: ctr writes the archive to stdout, through ssh
    (["save", "-o", "x.tar", "busybox"], "ctr --namespace=ns images export --local - '<NAME>…'"),
    (["load", "-i", "x.tar"], "ctr --namespace=ns images import -"),
    (["version"], "ctr --namespace=ns version"),
])
def test_ctr_runs_on_the_remote(argv, remote):
    out = over("--dry-run", *argv)
    assert out.returncode == 0, out.stderr
    words = shlex.split(out.stdout.splitlines()[0])
    assert (words[0], words[-3:]) == ("ssh", ["--", "127.0.0.1", remote])  # the remote shell's line, last


@pytest.mark.parametrize("argv", [
    ["run", "busybox", "true"], ["create", "--network", "mynet", "busybox"], ["run", "-p", "80:80", "-P", "busybox"],
])
def test_cni_networks_are_no_longer_refused(argv):
    out = over("--dry-run", *argv)  # the remote's network is read when the run is prepared (remote_network.py)
    assert out.returncode == 0, out.stderr
    assert "ctr --namespace=ns run" in out.stdout or "ctr --namespace=ns containers create" in out.stdout, out.stdout


def test_a_login_for_the_registry_is_no_longer_refused(tmp_path):
    (tmp_path / "config.json").write_text('{"auths": {"127.0.0.1:5001": {"auth": "dTpwYXNzd29yZA=="}}}')
    out = over("--config", str(tmp_path), "--dry-run", "pull", "127.0.0.1:5001/a:1")
    assert out.returncode == 0, out.stderr
    assert "--hosts-dir=" in out.stdout and "dTpw" not in out.stdout + out.stderr


def test_the_remote_ctr_gets_the_hosts_file_on_its_stdin(tmp_path):
    from shim.backends.ctr import registry_auth
    from shim.plan import FEED, Plan

    (tmp_path / "config.json").write_text('{"auths": {"127.0.0.1:5001": {"auth": "dTpwYXNzd29yZA=="}}}')
    flags = registry_auth.registry_flags("127.0.0.1:5001/a:1", str(tmp_path), str(tmp_path / ".pydock-1"))
    argv = ["ctr", "--namespace=ns", "images", "pull", *flags, "127.0.0.1:5001/a:1"]
    made = registry_auth.on_remote(Plan(list(argv)))
    assert made.argv[:4] == ["sh", "-c", registry_auth._REMOTE, "sh"] and made.argv[6:] == argv
    assert made.argv[5] == "127.0.0.1:5001" and len(made.argv[4]) == 16  # the folder's random part, the host
    assert "dTpw" not in " ".join(made.argv)  # the credentials go on ssh's stdin only
    assert (made.stdin, made.feed) == (FEED, registry_auth.hosts_toml("127.0.0.1:5001", "dTpwYXNzd29yZA==",
                                                                      True).encode())
    assert not (tmp_path / ".pydock-1-hosts").exists()  # nothing written on this machine
    assert "/dev/shm" in registry_auth._REMOTE and "umask 077" in registry_auth._REMOTE


def test_other_backends_are_refused_over_ssh():
    out = pydock("-H", HOST, "--backend", "stand-in", "ps", env={"PYDOCK_BACKEND_MODULES": "stand-in=shim.backends.ctr"})
    assert (out.returncode, out.stderr) == (1, "pydock: the stand-in backend does not run over pydock's ssh transport; "
                                               "use --backend nerdctl or ctr (nerdctl or ctr on the remote host)\n")


FACTS = """==> /sys/fs/cgroup/cgroup.controllers
cpuset cpu io memory pids
==> /proc/sys/net/ipv4/ip_forward
1
==> /etc/os-release
NAME="Ubuntu"
PRETTY_NAME="Ubuntu 24.04.1 LTS"
==> /proc/meminfo
MemTotal:        8048576 kB
MemFree:         1000000 kB
==> ls
cgroup.controllers
cpu.stat
==> uname
node-1 6.8.0-45-generic x86_64
==> cpus
8
==> zone
+0530
"""


def test_info_shows_the_remote_machine():
    facts = engine_facts({"Version": "v2.1.4", "UUID": "u"}, Machine(FACTS))
    assert (facts["Name"], facts["KernelVersion"], facts["Architecture"]) == ("node-1", "6.8.0-45-generic", "x86_64")
    assert (facts["OperatingSystem"], facts["NCPU"], facts["MemTotal"]) == ("Ubuntu 24.04.1 LTS", 8, 8048576 * 1024)
    assert (facts["CgroupVersion"], facts["PidsLimit"], facts["IPv4Forwarding"]) == ("2", True, True)
    assert facts["SystemTime"].endswith("+05:30")
    assert Machine("").uname() == ("", "", "") and Machine("").cpus() == 0  # a remote that said nothing
