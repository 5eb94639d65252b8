"""docker build → nerdctl build: flags, contexts, -q, refusals and the failure message (no runtime)."""

from __future__ import annotations

import os

import pytest

from shim import spec
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.backends.nerdctl import build
from shim.errors import DockerError
from shim.parse import parse_command
from shim.plan import SPOOL_STDIN, SUPERVISE, TERMINAL_STDERR, Done, Plan, Result

SCRATCH = "/run/.pydock-7"


def translate(*argv: str, path: str = "build", dry_run: bool = False, stderr_tty: bool = False,
              stdout_tty: bool = False) -> Plan | Done:
    module, canonical = {**spec.PATHS, **spec.PLUGIN_PATHS}[path]
    parsed = parse_command(list(argv), spec.get(module), canonical)
    context = Context("nerdctl", "nerdctl", stdin_tty=False, stdout_tty=stdout_tty, stderr_tty=stderr_tty,
                      scratch=SCRATCH, dry_run=dry_run)
    return backend.translate(parsed, context)


@pytest.mark.parametrize(("docker", "nerdctl"), [
    (["."], ["nerdctl", "build", "--progress=auto", "."]),
    (["-t", "a", "-t", "b:2", "."], ["nerdctl", "build", "--tag=a", "--tag=b:2", "--progress=auto", "."]),
    (["-f", "/elsewhere/Dockerfile.x", "."],
     ["nerdctl", "build", "--progress=auto", "--file=/elsewhere/Dockerfile.x", "."]),
    (["--build-arg", "A=1", "--build-arg", "FROM_ENV", "."],
     ["nerdctl", "build", "--build-arg=A=1", "--build-arg=FROM_ENV", "--progress=auto", "."]),
    (["--target", "one", "--no-cache", "--pull", "--label", "k=v", "--platform", "linux/amd64", "--network", "host",
      "."], ["nerdctl", "build", "--target=one", "--no-cache", "--pull", "--label=k=v", "--platform=linux/amd64",
             "--network=host", "--progress=auto", "."]),
    (["--progress=plain", "."], ["nerdctl", "build", "--progress=plain", "."]),
    (["--iidfile", "/tmp/id", "."], ["nerdctl", "build", "--progress=auto", "--iidfile=/tmp/id", "."]),
    (["-q", "."], ["nerdctl", "build", "--progress=quiet", f"--iidfile={SCRATCH}-iid", "."]),
    (["--progress", "quiet", "."], ["nerdctl", "build", "--progress=quiet", f"--iidfile={SCRATCH}-iid", "."]),
    (["-f", "-", "."], ["nerdctl", "build", "--progress=auto", "--file=-", "."]),
    # accepted and without effect on BuildKit, as docker's buildx takes them
    (["--rm=false", "--force-rm", "--compress", "--load", "-m", "1g", "--memory-swap=2g", "-c", "2", "--cpu-period=1",
      "--cpu-quota=1", "--cpuset-cpus=0", "--cpuset-mems=0", "."], ["nerdctl", "build", "--progress=auto", "."]),
    (["--secret", "id=s,src=/f", "--ssh", "default", "--cache-to", "type=inline", "-o", "type=local,dest=/o", "."],
     ["nerdctl", "build", "--secret=id=s,src=/f", "--ssh=default", "--cache-to=type=inline",
      "--output=type=local,dest=/o", "--progress=auto", "."]),
])
def test_translation_table(docker, nerdctl, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = translate(*docker)
    assert isinstance(plan, Plan)
    assert plan.argv == nerdctl


def test_every_path_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for path in ("build", "image build", "builder build", "buildx build"):
        assert translate("-t", "x", ".", path=path).argv[:2] == ["nerdctl", "build"]


@pytest.mark.parametrize(("docker", "nerdctl", "stdout_to", "printed"), [
    # nerdctl's stdout holds only its lines of loading the result into a namespace: docker's build prints none
    (["-q", "-t", "x", "."], ["--tag=x", "--progress=quiet", f"--iidfile={SCRATCH}-iid"], "null", "the ID"),
    (["-t", "x", "."], ["--tag=x", "--progress=auto"], "null", None),
    # a local or tar exporter makes no image: no ID file (nerdctl would fail reading it), buildx's empty line
    (["-q", "-o", "/o", "."], ["--output=type=local,dest=/o", "--progress=quiet"], "null", "\n"),
    # buildx: one field but `type=…` is a folder's path, CSV-quoted for nerdctl (which would split it at a comma)
    (["-q", "-o", "dest=a", "."], ["--output=type=local,dest=dest=a", "--progress=quiet"], "null", "\n"),
    (["-q", "-o", "Type=tar", "."], ["--output=type=local,dest=Type=tar", "--progress=quiet"], "null", "\n"),
    (["-q", "-o", "type=local,dest=/o", "."], ["--output=type=local,dest=/o", "--progress=quiet"], "null", "\n"),
    (["-q", "-o", "type=tar,dest=/o.tar", "."], ["--output=type=tar,dest=/o.tar", "--progress=quiet"], "null", "\n"),
    # buildx's `-o -`: a tar on stdout, and nothing after it
    (["-q", "-o", "-", "."], ["--output=type=tar,dest=-", "--progress=quiet"], "", None),
    (["-o", "type=tar,dest=-", "."], ["--output=type=tar,dest=-", "--progress=auto"], "", None),
    # buildx writes tar and oci archives without dest to stdout (nerdctl: the tar thrown away, the oci loaded)
    (["-q", "-o", "type=tar", "."], ["--output=type=tar,dest=-", "--progress=quiet"], "", None),
    (["-o", "type=oci,name=x", "."], ["--output=type=oci,name=x,dest=-", "--progress=auto"], "", None),
    (["-q", "-o", "type=oci,dest=", "."], ["--output=type=oci,dest=-", "--progress=quiet",
                                           f"--iidfile={SCRATCH}-iid"], "", None),
    (["-q", "-o", "type=docker,dest=-", "."], ["--output=type=docker,dest=-", "--progress=quiet",
                                               f"--iidfile={SCRATCH}-iid"], "", None),
    # an exporter that makes an image: its ID (type=docker without dest: loaded into the namespace)
    (["-q", "-o", "type=oci,dest=/o.oci", "."], ["--output=type=oci,dest=/o.oci", "--progress=quiet",
                                                 f"--iidfile={SCRATCH}-iid"], "null", "the ID"),
    (["-q", "-o", "type=docker", "."], ["--output=type=docker", "--progress=quiet", f"--iidfile={SCRATCH}-iid"],
     "null", "the ID"),
])
def test_outputs_and_what_follows_the_build(docker, nerdctl, stdout_to, printed, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = translate(*docker)
    assert (plan.argv, plan.stdout_to) == (["nerdctl", "build", *nerdctl, "."], stdout_to)
    if printed is None:
        assert plan.then is None
    elif printed == "the ID":
        assert plan.cleanup == (f"{SCRATCH}-iid",)
    else:
        assert plan.then(Result(0)).stdout == printed


@pytest.mark.parametrize("output", ["type=oci", "type=tar,dest=", "-", "type=docker,dest=-"])
def test_an_archive_is_not_written_to_a_terminal(output, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    kind = "tar" if output == "-" else output.split(",")[0].removeprefix("type=")
    with pytest.raises(DockerError) as e:
        translate("-q", "-o", output, ".", stdout_tty=True)
    assert (e.value.code, e.value.message) == (1, f"ERROR: failed to build: dest file is required for {kind} "
                                                  "exporter. refusing to write to console")
    assert isinstance(translate("-q", "-o", "type=docker", ".", stdout_tty=True), Plan)  # loaded, not written


@pytest.mark.parametrize(("output", "message"), [
    ("type=local", "dest is required for local exporter"),
    ("type=local,dest=-", "dest cannot be stdout for local exporter"),
    ("type=oci,tar=false", "dest is required for oci exporter"),
    ("type=oci,tar=false,dest=-", "dest cannot be stdout for oci exporter"),
    ("dest=/o,tar=false", "type is required for output"),
    ('"a,b"', "invalid value a,b"),
    ("c,d", "invalid value c"),
    ("type=docker,tar=false", "dest is required for docker exporter"),
    ("type=docker,tar=0,dest=/d", "output directory is not supported by moby exporter"),
])
def test_a_folder_output_needs_a_dest_as_buildx_says(output, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DockerError) as e:
        translate("-o", output, ".")
    prefix = "" if message.startswith(("type ", "invalid ")) else "failed to build: "  # buildx's own check, before any build
    assert (e.value.code, e.value.message) == (1, f"ERROR: {prefix}{message}")


def _layout(path, platforms: int = 1) -> str:
    """An oci archive as BuildKit writes one (index.json, the manifest, an index for several platforms); its
    config digest."""
    import hashlib
    import io
    import json
    import tarfile

    config = b'{"architecture":"amd64"}'
    config_digest = "sha256:" + hashlib.sha256(config).hexdigest()
    manifest = json.dumps({"mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"digest": config_digest}}).encode()
    top = {"mediaType": "application/vnd.oci.image.manifest.v1+json",
           "digest": "sha256:" + hashlib.sha256(manifest).hexdigest()}
    blobs = {config_digest: config, top["digest"]: manifest}
    if platforms > 1:
        index = json.dumps({"manifests": [top] * platforms}).encode()
        top = {"mediaType": "application/vnd.oci.image.index.v1+json",
               "digest": "sha256:" + hashlib.sha256(index).hexdigest()}
        blobs[top["digest"]] = index
    files = {"index.json": json.dumps({"manifests": [top]}).encode(),
             **{f"blobs/sha256/{d[7:]}": b for d, b in blobs.items()}}
    with tarfile.open(path, "w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return config_digest if platforms == 1 else top["digest"]


def test_quiet_and_iidfile_of_an_image_archive_give_buildkits_id(tmp_path, monkeypatch):
    # buildx prints (and writes) the config digest of the one image; nerdctl's ID file holds the manifest digest
    monkeypatch.chdir(tmp_path)
    expected = _layout(tmp_path / "o.tar")
    (tmp_path / "nerdctl-iid").write_text("sha256:" + "b" * 64)
    plan = translate("-q", "--iidfile", str(tmp_path / "nerdctl-iid"), "-o", f"type=oci,dest={tmp_path / 'o.tar'}",
                     ".")
    assert plan.then(Result(0)).stdout == expected + "\n"
    assert (tmp_path / "nerdctl-iid").read_text() == expected
    several = _layout(tmp_path / "multi.tar", platforms=2)  # an index: its own digest
    assert build._after(build.After("unread", layout=str(tmp_path / "multi.tar"))).stdout == several + "\n"


def test_iidfile_with_an_image_archive_on_stdout_writes_it_to_a_file_first(tmp_path, monkeypatch, capfdbinary):
    monkeypatch.chdir(tmp_path)
    relay = f"{SCRATCH}-out.tar"
    plan = translate("--iidfile", str(tmp_path / "iid"), "-o", "type=oci", ".")
    assert plan.argv == ["nerdctl", "build", f"--output=type=oci,dest={relay}", "--progress=auto",
                         f"--iidfile={tmp_path / 'iid'}", "."]
    assert (plan.stdout_to, plan.cleanup) == ("null", (relay,))
    expected = _layout(tmp_path / "relay.tar")
    shown = build.After(layout=str(tmp_path / "relay.tar"), iidfile=str(tmp_path / "iid"),
                        relay=str(tmp_path / "relay.tar"))
    done = build._after(shown)
    assert (done.code, done.stdout, done.stderr) == (0, "", "")
    assert capfdbinary.readouterr().out == (tmp_path / "relay.tar").read_bytes()  # the archive, nothing after it
    assert (tmp_path / "iid").read_text() == expected


def test_iidfile_with_a_local_or_tar_exporter_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for output in ("/o", "type=local,dest=/o", "type=tar,dest=/o.tar", "-"):
        done = translate("--iidfile", "/tmp/id", "-o", output, ".")
        assert isinstance(done, Done)
        assert (done.code, done.stdout, done.stderr) == (
            1, "", "ERROR: local and tar exporters are incompatible with image ID file")


def test_quiet_uses_a_scratch_iidfile_unless_given_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert translate("-q", ".").cleanup == (f"{SCRATCH}-iid",)
    assert translate("-q", "--iidfile", "/tmp/mine", ".").cleanup == ()  # the user's file stays


def _archive(path, files: dict[str, str], mode: str = "w:gz") -> bytes:
    import io
    import tarfile

    with tarfile.open(path, mode) as tar:
        for name, text in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(text.encode())
            tar.addfile(info, io.BytesIO(text.encode()))
    return path.read_bytes()


@pytest.mark.parametrize(("argv", "stdin", "dockerfile", "context_files"), [
    # a Dockerfile on stdin: built with an empty context, as docker sends one
    (["-q", "-"], b"FROM busybox\n", "dockerfile/Dockerfile", []),
    # a context archive on stdin (compressed or not): its Dockerfile, or the one -f names inside it
    (["-q", "-"], {"Dockerfile": "FROM busybox\n", "x": "x"}, "context/Dockerfile", ["Dockerfile", "x"]),
    (["-q", "-f", "sub/Other", "-"], {"sub/Other": "FROM busybox\n"}, "context/sub/Other", ["sub"]),
])
def test_stdin_is_spooled_then_a_dockerfile_or_a_context(argv, stdin, dockerfile, context_files, tmp_path,
                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = translate(*argv)
    spool = f"{SCRATCH}-stdin"
    assert (first.mode, first.spool, first.argv) == (SPOOL_STDIN, spool, [])
    assert first.later[0][-1] == "<the context or Dockerfile read from stdin>"  # what --dry-run shows
    # what the executor does in this mode, into a folder of the test's own
    local = tmp_path / "spool"
    data = _archive(tmp_path / "a.tgz", stdin) if isinstance(stdin, dict) else stdin
    local.write_bytes(data)
    plan = build.stdin_context(first.later[0][:-2], "sub/Other" if "-f" in argv else "", str(local),
                                cleanup=(f"{SCRATCH}-iid",), shown=build.After(f"{SCRATCH}-iid"), env=None,
                                announce="")
    folder = f"{local}.d"
    assert plan.argv == ["nerdctl", "build", "--progress=quiet", f"--iidfile={SCRATCH}-iid",
                         f"--file={folder}/{dockerfile}", f"{folder}/context"]
    assert sorted(os.listdir(f"{folder}/context")) == context_files
    assert plan.cleanup == (f"{SCRATCH}-iid", folder)  # removed, extracted tree and all, once the build ends


def test_stdin_archive_with_an_escaping_member_is_refused(tmp_path):
    import io
    import tarfile

    local = tmp_path / "spool"
    with tarfile.open(local, "w") as tar:
        info = tarfile.TarInfo("evil")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(info)
        info = tarfile.TarInfo("evil/x")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    done = build.stdin_context(["nerdctl", "build"], "", str(local), env=None)
    assert isinstance(done, Done) and done.code == 1
    assert done.stderr.startswith("ERROR: failed to build: unable to prepare context: ")
    assert not os.path.exists(f"{local}.d")


def test_stdin_for_both_context_and_dockerfile_is_refused():
    done = translate("-f", "-", "-")
    assert (done.code, done.stderr) == (1, "ERROR: failed to build: invalid argument: can't use stdin for both "
                                           "build context and dockerfile")


@pytest.mark.parametrize(("argv", "mode", "stderr_to"), [
    # BuildKit's tty view draws on a terminal: a private one pydock relays (nerdctl's stdout and records held back)
    (["."], SUPERVISE, TERMINAL_STDERR), (["--progress=tty", "."], SUPERVISE, TERMINAL_STDERR),
    (["--progress=plain", "."], SUPERVISE, ""), (["-q", "."], SUPERVISE, ""), (["-"], SPOOL_STDIN, ""),
])
def test_on_a_terminal_nerdctl_gets_one_for_the_tty_view(argv, mode, stderr_to, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    on_terminal = translate(*argv, stderr_tty=True)
    assert (on_terminal.mode, on_terminal.stderr_to) == (mode, stderr_to)
    assert on_terminal.stdout_to == ("null" if mode == SUPERVISE else "")
    assert translate(*argv).mode in (SUPERVISE, SPOOL_STDIN)


def test_a_record_nerdctl_writes_on_a_terminal_is_restated():
    failed = build.restate_failure(Result(1, errors=[
        "error: failed to solve: boom", "\x1b[31mFATA\x1b[0m[0000] no image was built                           "]))
    assert (failed.code, failed.stderr) == (1, "ERROR: failed to build: failed to solve: boom")
    alone = build.restate_failure(Result(1, errors=["\x1b[31mFATA\x1b[0m[0000] something else   "]))
    assert alone.stderr == "ERROR: failed to build: something else"


def test_quiet_prints_the_id_nerdctl_wrote(tmp_path):
    iid = tmp_path / "iid"
    iid.write_text("sha256:" + "a" * 64)
    assert build._after(build.After(str(iid))).stdout == "sha256:" + "a" * 64 + "\n"


@pytest.mark.parametrize("flag", ["--shm-size=1m", "--ulimit=nofile=1", "--cgroup-parent=x", "--push"])
def test_flags_buildkit_cannot_honour_are_refused_in_dockers_voice(flag, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DockerError) as refused:
        translate(flag, ".")
    assert refused.value.code == 125
    assert refused.value.message.startswith(f"unsupported flag: {flag.split('=')[0]} is not supported by pydock's "
                                            "nerdctl backend")
    assert "Usage:  docker build [OPTIONS] PATH | URL | -" in refused.value.message


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["nosuch"], 1, 'ERROR: failed to build: unable to prepare context: path "nosuch" not found'),
    (["--progress=fancy", "."], 1, "ERROR: invalid progress mode fancy"),
])
def test_bad_context_or_progress(argv, code, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = translate(*argv)
    assert isinstance(done, Done) and (done.code, done.stderr) == (code, message)


def test_deprecated_legacy_flags_warn_as_buildx_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = translate("--squash", "--security-opt", "seccomp=unconfined", "--isolation=default", ".")
    assert plan.argv == ["nerdctl", "build", "--progress=auto", "."]
    assert plan.announce == (
        "WARNING: isolation flag is deprecated with BuildKit.\n"
        'WARNING: security-opt flag is deprecated. "RUN --security=insecure" should be used with BuildKit.\n'
        "WARNING: experimental flag squash is removed with BuildKit. You should squash inside build using a "
        "multi-stage Dockerfile for efficiency.\n" + build.PLAIN_HEADER)  # then buildx's plain progress
    assert translate(".", stderr_tty=True).announce == ""


@pytest.mark.parametrize(("context", "first", "then"), [
    # a git repository: cloned, checked out at the fragment's ref, built from the fragment's folder
    ("https://example.com/app.git", ["git", "clone", "--quiet", "--recurse-submodules", "https://example.com/app.git",
                                     f"{SCRATCH}-git/repo"], None),
    ("http://127.0.0.1:9/r.git#v1:sub", ["git", "clone", "--quiet", "--recurse-submodules", "http://127.0.0.1:9/r.git",
                                         f"{SCRATCH}-git/repo"],
     ["git", "-C", f"{SCRATCH}-git/repo", "checkout", "--quiet", "--recurse-submodules", "v1"]),
    ("git@example.com:org/app#main", ["git", "clone", "--quiet", "--recurse-submodules", "git@example.com:org/app",
                                      f"{SCRATCH}-git/repo"],
     ["git", "-C", f"{SCRATCH}-git/repo", "checkout", "--quiet", "--recurse-submodules", "main"]),
])
def test_git_context_is_cloned_first(context, first, then):
    plan = translate("-t", "x", context)
    assert isinstance(plan, Plan)
    assert plan.argv == first
    assert plan.env == {"GIT_TERMINAL_PROMPT": "0"} and plan.cleanup == (f"{SCRATCH}-git",)
    assert (plan.later[0] if then else None) == then
    assert plan.later[-1][:3] == ["nerdctl", "build", "--tag=x"]


def test_http_context_is_downloaded_first():
    from shim.plan import PREPARE

    plan = translate("-q", "https://example.com/context.tar.gz")
    assert isinstance(plan, Plan) and plan.mode == PREPARE and plan.cleanup == (f"{SCRATCH}-download",)
    assert plan.later[0][-1] == "<the context or Dockerfile downloaded from https://example.com/context.tar.gz>"


@pytest.mark.parametrize(("errors", "stderr"), [
    # buildctl's closing line becomes buildx's; nerdctl's `exit status 1` record says nothing more
    (['error: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
      'time="2026-01-01T00:00:00Z" level=fatal msg="exit status 1"'],
     'ERROR: failed to build: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: '
     'exit code: 3'),
    (['time="x" level=fatal msg="lstat /c/Containerfile: no such file or directory"'],
     "ERROR: failed to build: failed to solve: failed to read dockerfile: open Dockerfile: no such file or "
     "directory"),
    (['time="x" level=fatal msg="`buildctl` needs to be installed and `buildkitd` needs to be running, see '
      'https://github.com/moby/buildkit"'],
     "ERROR: BuildKit is not running: pydock builds with buildkitd (containerd worker); start it with: "
     "sudo pydock daemon start"),
])
def test_failures_read_like_buildx(errors, stderr):
    done = build.restate_failure(Result(1, errors=errors))
    assert (done.code, done.stderr) == (1, stderr)


@pytest.mark.parametrize(("argv", "tty", "header"), [
    (["--progress=plain", "."], False, True), (["."], False, True), (["--progress=plain", "."], True, True),
    (["."], True, False), (["--progress=tty", "."], False, False), (["-q", "."], False, False),
    (["--progress=quiet", "."], False, False),
])
def test_plain_progress_starts_with_buildx_s_builder_line(argv, tty, header, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = translate(*argv, stderr_tty=tty)
    assert plan.announce == (build.PLAIN_HEADER if header else "")
    assert build.PLAIN_HEADER == '#0 building with "default" instance using docker driver\n\n'
