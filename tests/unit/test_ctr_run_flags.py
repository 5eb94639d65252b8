"""Issue 15, the ctr backend's run flags: docker's --mount/--tmpfs read as docker reads them, the ctr --mount
values they become, and the spec edits for what no ctr flag says (--pids-limit, --ulimit). Pure, as tables;
the real pydock with --dry-run for the refusals."""

from __future__ import annotations

import pytest

from shim import spec
from shim.backends.ctr import run_mounts, spec_edits
from shim.parse import parse_command
from tests.conftest import pydock


def parsed_run(*argv: str, command: str = "run"):
    from shim.spec import others

    found = spec.get("run") if command == "run" else others.lookup(command)[1]  # type: ignore[index]
    return parse_command([*argv, "busybox"], found, command)


@pytest.mark.parametrize(("flags", "mounts"), [
    (["-v", "/a:/b:ro"], ["type=bind,src=/a,dst=/b,options=rbind:ro"]),
    (["--mount", "type=bind,source=/a,target=/b,readonly"], ["type=bind,src=/a,dst=/b,options=rbind:ro"]),
    (["--mount", "type=bind,src=/a,dst=/b,bind-propagation=rslave"],
     ["type=bind,src=/a,dst=/b,options=rbind:rw:rslave"]),
    (["--mount", "type=tmpfs,destination=/t,tmpfs-size=1m,tmpfs-mode=1770"],
     ["type=tmpfs,src=tmpfs,dst=/t,options=nosuid:nodev:noexec:size=1048576:mode=1770"]),
    (["--tmpfs", "/t"], ["type=tmpfs,src=tmpfs,dst=/t,options=nosuid:nodev:noexec"]),
    (["--tmpfs", "/t:exec,size=64k"], ["type=tmpfs,src=tmpfs,dst=/t,options=nosuid:nodev:exec:size=64k"]),
])
def test_mounts_as_ctr_run_takes_them(flags, mounts):
    assert run_mounts.mounts(parsed_run(*flags)) == mounts


def test_init_binds_docker_init_and_runs_in_front():
    parsed = parsed_run("--init")
    assert run_mounts.mounts(parsed)[-1].endswith(",dst=/sbin/docker-init,options=rbind:ro")
    assert run_mounts.with_init(parsed, ["sh", "-c", "x"]) == ["/sbin/docker-init", "--", "sh", "-c", "x"]
    assert run_mounts.with_init(parsed_run(), ["sh"]) == ["sh"]


@pytest.mark.parametrize(("flags", "command", "edits"), [
    ([], "run", {}),
    (["--ulimit", "nofile=10:20"], "run", {}),  # ctr run --rlimit-nofile says it
    (["--ulimit", "nofile=10:20"], "create", {"rlimits": [("RLIMIT_NOFILE", 10, 20)]}),
    (["--ulimit", "nproc=5"], "run", {"rlimits": [("RLIMIT_NPROC", 5, 5)]}),
    (["--pids-limit", "7"], "run", {"pids": 7}),
    (["--pids-limit", "-1"], "run", {}),  # docker: no limit
    (["--pids-limit", "7", "--ulimit", "nofile=1:2"], "run", {"pids": 7, "rlimits": [("RLIMIT_NOFILE", 1, 2)]}),
])
def test_spec_edits_for_what_ctr_cannot_say(flags, command, edits):
    assert spec_edits.wanted(parsed_run("--network", "none", *flags, command=command)) == edits


@pytest.mark.parametrize("flags", [[], ["--network", "bridge"], ["--network", "default"], ["--net", "mynet"]])
def test_a_cni_network_is_a_spec_edit(flags):
    """docker's default bridge (and any CNI network) needs the OCI hooks: the container is made by ctr
    containers create, its spec edited, then its task started."""
    assert spec_edits.wanted(parsed_run(*flags)) == {"network": True}
    with_nofile = spec_edits.wanted(parsed_run(*flags, "--ulimit", "nofile=10:20"))  # no ctr run --rlimit-nofile
    assert with_nofile == {"network": True, "rlimits": [("RLIMIT_NOFILE", 10, 20)]}
    assert spec_edits.wanted(parsed_run("--network", "host", *flags[2:])) == {}


def test_spec_edits_replace_a_limit_of_the_same_type():
    given = {"process": {"rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}]}}
    edited = spec_edits.applied(given, {"pids": 3, "rlimits": [("RLIMIT_NOFILE", 1, 2), ("RLIMIT_NPROC", 5, 6)]})
    assert edited["linux"]["resources"]["pids"] == {"limit": 3}
    assert edited["process"]["rlimits"] == [{"type": "RLIMIT_NOFILE", "hard": 2, "soft": 1},
                                            {"type": "RLIMIT_NPROC", "hard": 6, "soft": 5}]


@pytest.mark.parametrize(("value", "error"), [
    ("type=bind,src=/tmp", "target is required"),
    ("type=bind,src=/tmp,dst=/x,foo=1", "unexpected key 'foo' in 'foo=1'"),
    ("type=bind,src=/tmp,dst=/x,readonly=maybe", "invalid value for readonly: maybe"),
    ("type=tmpfs,dst=/x,tmpfs-size=abc", "invalid value for tmpfs-size: abc"),
    ("type=bind,src", "invalid field 'src' must be a key=value pair"),
])
def test_mount_values_docker_refuses(value, error):
    done = pydock("--backend", "ctr", "--dry-run", "run", "--mount", value, "busybox")
    assert done.returncode == 125
    assert done.stderr.startswith(f'invalid argument "{value}" for "--mount" flag: {error}\n')


def test_volumes_are_refused_naming_the_backend():
    done = pydock("--backend", "ctr", "--dry-run", "run", "--mount", "type=volume,dst=/x", "busybox")
    assert (done.returncode, done.stderr) == (125, "docker: --mount type=volume (ctr has no volumes; use type=bind "
                                                   "or type=tmpfs) (not supported by pydock's ctr backend)\n")
