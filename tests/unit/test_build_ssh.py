"""docker build over the ssh transport, translated (shim/backends/nerdctl/build_ssh.py): which -o and cache flags
can be honoured with the context and the outputs on this machine, bare build arguments taken from this machine's
environment, and the remote command's shape. The build itself runs in tests/integration/test_ssh_build.py."""

from __future__ import annotations

import pytest

from shim.backends.nerdctl import build_ssh
from shim.errors import DockerError
from shim.plan import ARCHIVE, KILL, STREAM


@pytest.mark.parametrize(("value", "written"), [
    # buildx's shorthands
    ("out", ("out", "", "type=local,dest=out", False)), ("-", ("", "-", "type=tar,dest=out.tar", False)),
    # folders and archives written here, by the remote's exporter into the build's folder
    ("type=local,dest=/o", ("/o", "", "type=local,dest=out", False)),
    ("type=tar,dest=/x.tar", ("", "/x.tar", "type=tar,dest=out.tar", False)),
    ("type=tar,dest=-", ("", "-", "type=tar,dest=out.tar", False)),
    ("type=tar", ("", "-", "type=tar,dest=out.tar", False)),  # buildx: stdout
    ("type=oci,dest=/x.tar,name=a/b", ("", "/x.tar", "type=oci,dest=out.tar,name=a/b", True)),
    ("Type=oci,name=x", ("", "-", "Type=oci,name=x,dest=out.tar", True)),
    ("Type=oci", ("Type=oci", "", "type=local,dest=out", False)),  # buildx: one field not `type=…` is a folder
    ('type=docker,"dest=/a,b.tar"', ("", "/a,b.tar", "type=docker,dest=out.tar", True)),
    ("type=oci,tar=false,dest=/d", ("/d", "", "type=oci,tar=false,dest=out", True)),
    # the remote's: the image, its push, type=docker loaded into the image store there
    ("type=image,name=x", ("", "", "", True)), ("type=registry,name=r/x", ("", "", "", True)),
    ("type=docker", ("", "", "", True)),
])
def test_outputs_written_here_or_left_to_the_remote(value, written):
    assert build_ssh.output(value) == written


@pytest.mark.parametrize(("value", "message"), [
    ("type=local", "ERROR: failed to build: dest is required for local exporter"),
    ("type=local,dest=-", "ERROR: failed to build: dest cannot be stdout for local exporter"),
    ("type=oci,tar=false", "ERROR: failed to build: dest is required for oci exporter"),
])
def test_bad_outputs_fail_in_buildx_words(value, message):
    with pytest.raises(DockerError) as e:
        build_ssh.output(value)
    assert (e.value.code, e.value.message) == (1, message)


def test_an_output_without_a_type_is_a_folder_or_buildx_s_error():
    # buildx: one field but `type=…` is a folder's path (`dest=x` too); several fields need a type
    assert build_ssh.output("dest=x") == ("dest=x", "", "type=local,dest=out", False)
    for value in ("name=a,push=false", "type="):
        with pytest.raises(DockerError) as e:
            build_ssh.output(value)
        assert (e.value.code, e.value.message) == (1, "ERROR: type is required for output")


def test_a_bare_build_arg_takes_this_machines_value(monkeypatch):
    monkeypatch.setenv("SSH2_SET", "a b")
    monkeypatch.delenv("SSH2_UNSET", raising=False)
    assert build_ssh._build_arg("--build-arg=SSH2_SET") == "--build-arg=SSH2_SET=a b"
    assert build_ssh._build_arg("--build-arg=SSH2_UNSET") == ""  # left out, as docker leaves it out
    assert build_ssh._build_arg("--build-arg=X=given") == "--build-arg=X=given"
    assert build_ssh._build_arg("--tag=x") == "--tag=x"


class _Ctx:
    scratch = "/run/.pydock-1"
    dry_run = False


def test_the_remote_command_builds_the_staged_context(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "f").write_text("x")
    settings = build_ssh.Settings(_Ctx(), quiet=True, iidfile="")  # type: ignore[arg-type]
    plan = build_ssh.plan(["nerdctl", "build", "--tag=x", "--iidfile=/run/.pydock-1-iid", str(tmp_path)], settings,
                          env=None)
    assert plan.argv[:5] == ["sh", "-c", build_ssh._REMOTE, "sh", settings.tag]
    # the paths are the staging folder's (the script's working folder), the ID file there too
    assert plan.argv[5:] == ["quiet", "-", "nerdctl", "build", "--tag=x", "--iidfile=iid",
                             "--file=dockerfile/Dockerfile", "context"]  # "-": no secrets come first on stdin
    assert (plan.stdin, plan.stdout_to, plan.signals, plan.own_group) == (STREAM, ARCHIVE, KILL, True)
    assert plan.proxy_kill == ("sh", "-c", build_ssh._CANCEL, "sh", settings.tag, "{sig}")


@pytest.mark.parametrize("dest", ["-", "/here/out.tar"])
def test_a_tar_output_is_written_in_the_staging_folder_and_comes_back(tmp_path, dest):
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    settings = build_ssh.Settings(_Ctx(), quiet=False, iidfile="", out_file=dest,  # type: ignore[arg-type]
                                  out_word="type=tar,dest=out.tar", iid=False)
    plan = build_ssh.plan(["nerdctl", "build", "--tag=x", f"--output=type=tar,dest={dest}", str(tmp_path)], settings,
                          env=None)
    assert plan.argv[7:] == ["nerdctl", "build", "--tag=x", "--output=type=tar,dest=out.tar",
                             "--file=dockerfile/Dockerfile", "context"]


def test_a_missing_dockerfile_fails_before_anything_runs(tmp_path):
    settings = build_ssh.Settings(_Ctx(), quiet=False, iidfile="")  # type: ignore[arg-type]
    done = build_ssh.plan(["nerdctl", "build", str(tmp_path)], settings, env=None)
    assert (done.code, done.stderr) == (1, "ERROR: failed to build: failed to solve: failed to read dockerfile: "
                                           "open Dockerfile: no such file or directory")


def test_secrets_are_read_here_and_named_by_the_remotes_tmpfs_copy(tmp_path, monkeypatch):
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "tok").write_text("file bytes")
    monkeypatch.setenv("SSHREST_WORD", "env bytes")
    monkeypatch.chdir(tmp_path)
    settings = build_ssh.Settings(_Ctx(), quiet=False, iidfile="")  # type: ignore[arg-type]
    plan = build_ssh.plan(["nerdctl", "build", "--secret=id=a,src=tok", "--secret=id=b,env=SSHREST_WORD",
                           "--secret=id=SSHREST_WORD", str(tmp_path)], settings, env=None)
    # the sizes of the bytes sent first on stdin; the words name their copies; no byte of theirs on the command line
    assert plan.argv[5:11] == ["-", "10 9 9", "nerdctl", "build", "--secret=id=a,src=secrets/0",
                               "--secret=id=b,src=secrets/1"]
    assert plan.argv[11] == "--secret=id=SSHREST_WORD,src=secrets/2"  # BuildKit's rule: the variable of that name
    assert not any("bytes" in word for word in plan.argv)
    assert plan.stdin_tap.__self__.blobs == [b"file bytes", b"env bytes", b"env bytes"]


@pytest.mark.parametrize(("word", "message"), [
    ("--secret=id=a,src=/no/such", "ERROR: failed to build: failed to stat /no/such: stat /no/such: no such file or "
                                   "directory"),
    ("--secret=src=/etc/hostname", "ERROR: failed to build: secret missing ID"),
    ("--secret=id=a,kind=x", "ERROR: failed to build: unexpected key 'kind' in 'kind=x'"),
    ("--secret=id=a,type=socket", 'ERROR: failed to build: unsupported secret type "socket"'),
])
def test_secret_errors_before_anything_runs(tmp_path, word, message):
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    settings = build_ssh.Settings(_Ctx(), quiet=False, iidfile="")  # type: ignore[arg-type]
    done = build_ssh.plan(["nerdctl", "build", word, str(tmp_path)], settings, env=None)
    assert (done.code, done.stderr) == (1, message)


def test_ssh_default_forwards_the_agent_on_a_connection_of_its_own(tmp_path, monkeypatch):
    from shim.ssh_transport import FORWARD_AGENT

    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "key").write_text("KEY")
    monkeypatch.setenv("SSH_AUTH_SOCK", "/run/agent.sock")
    settings = build_ssh.Settings(_Ctx(), quiet=False, iidfile="")  # type: ignore[arg-type]
    plan = build_ssh.plan(["nerdctl", "build", "--ssh=default", f"--ssh=k={tmp_path / 'key'}", str(tmp_path)],
                          settings, env=None)
    assert (plan.env[FORWARD_AGENT], plan.env["SSH_AUTH_SOCK"]) == ("yes", "/run/agent.sock")
    assert plan.argv[6:10] == ["3", "nerdctl", "build", "--ssh=default"]
    assert plan.argv[10] == "--ssh=k=secrets/0"
    monkeypatch.delenv("SSH_AUTH_SOCK")
    done = build_ssh.plan(["nerdctl", "build", "--ssh=default", str(tmp_path)], settings, env=None)
    assert (done.code, done.stderr) == (1, "ERROR: failed to build: invalid empty ssh agent socket: make sure "
                                           "SSH_AUTH_SOCK is set")
