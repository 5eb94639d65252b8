"""docker's client-side checks of run's options: the same messages docker CLI 28.2.2 prints (no runtime)."""

from __future__ import annotations

import pytest

from shim import spec
from shim.client_checks import check_run, value_problem
from shim.errors import DockerError
from shim.parse import parse_command


@pytest.mark.parametrize(("long", "raw", "problem"), [
    ("add-host", "bad-entry", 'bad format for add-host: "bad-entry"'),
    ("add-host", "h:1.2.3.4", ""), ("add-host", "h=::1", ""), ("add-host", "h:host-gateway", ""),
    ("add-host", "h:[::1]", ""), ("add-host", ":1.2.3.4", 'bad format for add-host: ":1.2.3.4"'),
    ("add-host", "h:nope", 'invalid IP address in add-host: "nope"'),
    ("ulimit", "nofile=bad", 'strconv.ParseInt: parsing "bad": invalid syntax'),
    ("ulimit", "nofile=1024:2048", ""), ("ulimit", "nofile=10", ""),
    ("ulimit", "nofile", "invalid ulimit argument: nofile"), ("ulimit", "bogus=1", "invalid ulimit type: bogus"),
    ("ulimit", "nofile=20:10", "ulimit soft limit must be less than or equal to hard limit: 20 > 10"),
    ("attach", "bogus", "valid streams are STDIN, STDOUT and STDERR"), ("attach", "STDOUT", ""),
])
def test_flag_values_pflag_checks(long, raw, problem):
    assert value_problem(long, raw) == problem


def run(*argv: str):
    return parse_command(list(argv), spec.get("run"), "run")


@pytest.mark.parametrize(("argv", "message"), [
    (["--restart", "always", "--rm"], "conflicting options: cannot specify both --restart and --rm"),
    (["--env-file", "/nonexistent.env"], "open /nonexistent.env: no such file or directory"),
    (["-w", "relative/dir"],
     "Error response from daemon: the working directory 'relative/dir' is invalid, it needs to be an absolute path"),
    (["--mount", "type=bogus,dst=/x"], 'Error response from daemon: invalid mount config for type "bogus": mount '
                                       "type unknown"),
])
def test_run_options_docker_refuses(argv, message):
    with pytest.raises(DockerError) as err:
        check_run(run(*argv, "busybox"))
    assert err.value.code == 125
    assert err.value.message == f"docker: {message}\n\nRun 'docker run --help' for more information"


def test_an_existing_cidfile_is_refused(tmp_path):
    cid = tmp_path / "cid"
    check_run(run("--cidfile", str(cid), "busybox"))  # not there yet: fine
    cid.write_text("x")
    with pytest.raises(DockerError) as err:
        check_run(run("--cidfile", str(cid), "busybox"))
    assert err.value.message.startswith(f"docker: container ID file found, make sure the other container isn't "
                                        f"running or delete {cid}")


def test_values_docker_accepts_pass():
    check_run(run("--restart", "no", "--rm", "-w", "/tmp", "--mount", "type=tmpfs,dst=/x", "busybox"))


def test_bind_mount_of_a_missing_source_is_refused(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(DockerError) as err:
        check_run(run("--mount", f"type=bind,src={missing},dst=/x,readonly", "busybox"))
    assert (err.value.code, err.value.message) == (
        125, f'docker: Error response from daemon: invalid mount config for type "bind": bind source path does not '
             f"exist: {missing}\n\nRun 'docker run --help' for more information")
    check_run(run("--mount", f"type=bind,source={tmp_path},target=/x", "busybox"))  # there: fine
    check_run(run("--mount", f"type=volume,src={missing.name},dst=/x", "busybox"))  # a volume is made


def test_export_output_folder_checked_by_the_client(tmp_path):
    from shim.client_checks import check_other
    from shim.spec.others import lookup

    def export(*argv: str):
        check_other(parse_command(list(argv), lookup("export")[1], "export"), False, "")

    with pytest.raises(DockerError) as err:
        export("-o", f"{tmp_path}/nope/x.tar", "c")
    assert (err.value.code, err.value.message) == (
        1, f"failed to export container: invalid output path: stat {tmp_path}/nope: no such file or directory")
    export("-o", f"{tmp_path}/x.tar", "c")
    export("-o", "x.tar", "c")
