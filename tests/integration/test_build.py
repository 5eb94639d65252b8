"""`pydock build` on the real stack: nerdctl build against buildkitd (containerd worker), FROM the locally
built busybox. The built images land in the test namespace and run through `pydock run`."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import pydock
from tests.integration.conftest import NAMESPACE, unique_tag


@pytest.fixture(scope="module")
def builder(stack):
    """A buildkitd answering for the test namespace (provision.sh starts one; `pydock daemon start` is a
    no-op then, and starts it on a machine provisioned before BuildKit was in the stack)."""
    started = pydock("daemon", "start", "--namespace", NAMESPACE, timeout=60)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "buildkitd" in started.stdout


@pytest.fixture
def tags(builder, busybox):
    """Fresh image names; every image they name is removed afterwards."""
    made: list[str] = []

    def make() -> str:
        made.append(unique_tag("pydock-build-it"))
        return made[-1]

    yield make
    if made:
        subprocess.run(["nerdctl", "-n", NAMESPACE, "rmi", "-f", *made], capture_output=True, check=False)


def context(tmp_path: Path, dockerfile: str, **files: str) -> Path:
    for name, text in {"Dockerfile": dockerfile, **files}.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def run_in(image: str, *command: str) -> str:
    done = pydock("run", "--rm", image, *command)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_run_copy_arg_then_the_image_runs(tags, tmp_path):
    tag = tags()
    ctx = context(tmp_path, "FROM busybox\nARG GREETING=default\nCOPY hello.txt /hello.txt\n"
                            "RUN echo \"$GREETING\" > /greeting\n", **{"hello.txt": "copied\n"})
    built = pydock("build", "--progress=plain", "-t", tag, "--build-arg", "GREETING=from-arg", str(ctx), timeout=180)
    assert built.returncode == 0, built.stderr
    assert "[2/3] COPY hello.txt /hello.txt" in built.stderr and "DONE" in built.stderr
    assert tag.split(":")[1] in pydock("images", "--format", "{{.Tag}}").stdout.split()  # no load step
    assert run_in(tag, "cat", "/hello.txt", "/greeting") == "copied\nfrom-arg\n"


def test_bare_build_arg_comes_from_the_environment(tags, tmp_path):
    tag = tags()
    ctx = context(tmp_path, "FROM busybox\nARG FROM_ENV=unset\nRUN echo \"$FROM_ENV\" > /v\n")
    built = pydock("build", "-q", "-t", tag, "--build-arg", "FROM_ENV", str(ctx),
                   env={"FROM_ENV": "from-environment"}, timeout=180)
    assert built.returncode == 0, built.stderr
    assert run_in(tag, "cat", "/v") == "from-environment\n"


def test_multi_stage_target_and_repeated_tags(tags, tmp_path):
    first, second = tags(), tags()
    ctx = context(tmp_path, "FROM busybox AS one\nRUN echo one > /stage\n"
                            "FROM busybox AS two\nRUN echo two > /stage\n")
    built = pydock("build", "-q", "--target", "one", "-t", first, "-t", second, str(ctx), timeout=180)
    assert built.returncode == 0, built.stderr
    assert run_in(first, "cat", "/stage") == "one\n"
    assert run_in(second, "cat", "/stage") == "one\n"


def test_dockerignore_is_honoured(tags, tmp_path):
    tag = tags()
    ctx = context(tmp_path, "FROM busybox\nCOPY . /ctx/\n", **{".dockerignore": "secret.txt\n",
                                                               "secret.txt": "no\n", "kept.txt": "yes\n"})
    assert pydock("build", "-q", "-t", tag, str(ctx), timeout=180).returncode == 0
    assert run_in(tag, "ls", "/ctx").split() == ["Dockerfile", "kept.txt"]


def test_dockerfile_on_stdin_and_outside_the_context(tags, tmp_path):
    stdin_tag, outside_tag, bare_tag = tags(), tags(), tags()
    (tmp_path / "ctx").mkdir()
    ctx = context(tmp_path / "ctx", "unused", **{"f.txt": "f\n"})
    dockerfile = "FROM busybox\nCOPY f.txt /f.txt\n"
    built = pydock("build", "-q", "-t", stdin_tag, "-f", "-", str(ctx), input=dockerfile, timeout=180)
    assert built.returncode == 0, built.stderr
    assert run_in(stdin_tag, "cat", "/f.txt") == "f\n"
    outside = tmp_path / "Dockerfile.elsewhere"
    outside.write_text(dockerfile)
    assert pydock("build", "-q", "-t", outside_tag, "-f", str(outside), str(ctx), timeout=180).returncode == 0
    assert run_in(outside_tag, "cat", "/f.txt") == "f\n"
    # `docker build -`: the Dockerfile on stdin, an empty context
    bare = pydock("build", "-q", "-t", bare_tag, "-", input="FROM busybox\nRUN echo bare > /b\n", timeout=180)
    assert bare.returncode == 0, bare.stderr
    assert run_in(bare_tag, "cat", "/b") == "bare\n"
    assert not [n for n in os.listdir(os.environ.get("XDG_RUNTIME_DIR") or "/run") if n.endswith(("-stdin", ".d"))
                and n.startswith(".pydock-")]  # the spooled stdin and its folder are gone


def test_failing_run_exits_1_with_buildx_error(tags, tmp_path):
    ctx = context(tmp_path, "FROM busybox\nRUN echo about to fail && exit 3\n")
    failed = pydock("build", "--progress=plain", "-t", tags(), str(ctx), timeout=180)
    assert failed.returncode == 1
    assert failed.stderr.startswith('#0 building with "default" instance using docker driver\n\n#1 ')  # buildx's
    assert "> [2/2] RUN echo about to fail && exit 3:" in failed.stderr
    assert failed.stderr.rstrip().endswith(
        'ERROR: failed to build: failed to solve: process "/bin/sh -c echo about to fail && exit 3" did not '
        "complete successfully: exit code: 3")
    assert 'level=fatal' not in failed.stderr and "exit status 1" not in failed.stderr


def test_second_build_is_cached_and_quiet_prints_the_image_id(tags, tmp_path):
    tag = tags()
    ctx = context(tmp_path, "FROM busybox\nRUN echo cached-step > /c\n")
    first = pydock("build", "--progress=plain", "-t", tag, str(ctx), timeout=180)
    assert first.returncode == 0, first.stderr
    again = pydock("build", "--progress=plain", "-t", tag, str(ctx), timeout=180)
    assert again.returncode == 0
    step = re.search(r"^(#\d+) \[2/2\] RUN echo cached-step > /c$", again.stderr, re.MULTILINE)
    assert step and f"\n{step.group(1)} CACHED\n" in again.stderr, again.stderr
    quiet = pydock("build", "-q", "-t", tag, str(ctx), timeout=180)
    image_id = pydock("images", "--no-trunc", "--format", "{{.ID}}", tag).stdout.strip()
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, image_id + "\n", "")
    assert image_id.startswith("sha256:") and len(image_id) == 71


def test_iidfile_holds_the_image_id(tags, tmp_path):
    tag = tags()
    ctx = context(tmp_path, "FROM busybox\nLABEL purpose=iidfile\n")
    iid = tmp_path / "out" / "iid"
    iid.parent.mkdir()
    built = pydock("build", "--progress=plain", "--iidfile", str(iid), "-t", tag, "--label", "by=pydock", str(ctx),
                   timeout=180)
    assert built.returncode == 0, built.stderr
    assert iid.read_text() == pydock("images", "--no-trunc", "--format", "{{.ID}}", tag).stdout.strip()
    labels = pydock("image", "inspect", "--format", "{{json .Config.Labels}}", tag).stdout
    assert '"by":"pydock"' in labels and '"purpose":"iidfile"' in labels


def test_buildx_and_image_build_forms(tags, tmp_path):
    ctx = context(tmp_path, "FROM busybox\n")
    for form in (["buildx", "build"], ["image", "build"], ["builder", "build"]):
        tag = tags()
        done = pydock(*form, "-q", "-t", tag, str(ctx), timeout=180)
        assert done.returncode == 0, (form, done.stderr)
        assert done.stdout.startswith("sha256:")


def test_missing_buildctl_without_a_terminal_says_what_to_run(builder, tmp_path):
    ctx = context(tmp_path, "FROM busybox\n")
    # PATH without BuildKit (nerdctl's folder holds buildctl here, so point at nerdctl itself)
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "nerdctl").symlink_to("/usr/local/bin/nerdctl")
    done = pydock("build", str(ctx), env={"PATH": f"{bare}:/usr/bin:/bin"})
    assert done.returncode == 1
    assert "sudo pydock install --method per-component --components buildkit" in done.stderr


def test_secret_reaches_the_run_step_only(tags, tmp_path):
    tag = tags()
    (tmp_path / "token").write_text("s3cret\n")
    (tmp_path / "ctx").mkdir()
    ctx = context(tmp_path / "ctx", "FROM busybox\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /got\n")
    built = pydock("build", "-q", "-t", tag, "--secret", f"id=tok,src={tmp_path / 'token'}", str(ctx), timeout=180)
    assert built.returncode == 0, built.stderr
    assert run_in(tag, "sh", "-c", "cat /got; ls /run/secrets 2>/dev/null | wc -l") == "s3cret\n0\n"


def test_network_none_and_platform(tags, tmp_path):
    tag = tags()
    ctx = context(tmp_path, "FROM busybox\nRUN cut -d: -f1 /proc/net/dev | tail -n +3 | tr -d ' ' > /ifaces\n")
    built = pydock("build", "-q", "--network", "none", "--platform", "linux/amd64", "-t", tag, str(ctx), timeout=180)
    assert built.returncode == 0, built.stderr
    assert run_in(tag, "cat", "/ifaces") == "lo\n"  # no interface but loopback in the RUN step
    assert pydock("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", tag).stdout == "linux/amd64\n"


def test_on_a_terminal_the_tty_view_shows(tags, tmp_path):
    import pexpect

    from tests.conftest import PYDOCK

    tag = tags()
    ctx = context(tmp_path, "FROM busybox\nRUN echo tty-view\n")
    child = pexpect.spawn(PYDOCK, ["build", "-t", tag, str(ctx)], env=os.environ.copy(), timeout=120)
    child.expect(rb"\[\+\] Building [0-9.]+s \(\d+/\d+\) FINISHED")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_context_archive_on_stdin(tags, tmp_path):
    import tarfile

    tag, named = tags(), tags()
    (tmp_path / "ctx").mkdir()
    ctx = context(tmp_path / "ctx", "FROM busybox\nCOPY data /data\n", data="from the archive\n",
                  Other="FROM busybox\nCOPY data /other\n")
    archive = tmp_path / "ctx.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(ctx, arcname=".")
    built = pydock("build", "-q", "-t", tag, "-", input=archive.read_bytes(), timeout=180)
    assert built.returncode == 0, built.stderr
    assert run_in(tag, "cat", "/data") == "from the archive\n"
    other = pydock("build", "-q", "-t", named, "-f", "Other", "-", input=archive.read_bytes(), timeout=180)
    assert other.returncode == 0, other.stderr
    assert run_in(named, "cat", "/other") == "from the archive\n"
    assert not [n for n in os.listdir(os.environ.get("XDG_RUNTIME_DIR") or "/run") if n.endswith(("-stdin", ".d"))
                and n.startswith(".pydock-")]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A loopback HTTP server over a folder holding a git repository (dumb HTTP: `git update-server-info`),
    a context archive and a bare Dockerfile: what docker builds from a URL."""
    import functools
    import http.server
    import tarfile
    import threading

    root = tmp_path_factory.mktemp("served")
    work = root / "work"
    work.mkdir()
    (work / "Dockerfile").write_text("FROM busybox\nCOPY . /ctx/\n")
    (work / "which.txt").write_text("main\n")
    (work / "sub").mkdir()
    (work / "sub" / "Dockerfile").write_text("FROM busybox\nCOPY in-sub.txt /in-sub.txt\n")
    (work / "sub" / "in-sub.txt").write_text("sub\n")

    def git(*argv: str, cwd: Path = work) -> None:
        subprocess.run(["git", "-c", "user.email=t@pydock", "-c", "user.name=pydock", *argv], cwd=cwd, check=True,
                       capture_output=True)

    git("init", "-q", "-b", "main", ".")
    git("add", "-A")
    git("commit", "-qm", "main")
    git("checkout", "-qb", "other")
    (work / "which.txt").write_text("other\n")
    git("commit", "-qam", "other")
    git("tag", "v1")
    git("checkout", "-q", "main")
    git("clone", "-q", "--bare", str(work), str(root / "repo.git"), cwd=root)
    git("update-server-info", cwd=root / "repo.git")
    archive_folder = root / "archive"
    archive_folder.mkdir()
    (archive_folder / "Dockerfile").write_text("FROM busybox\nCOPY data /data\n")
    (archive_folder / "data").write_text("from the remote archive\n")
    with tarfile.open(root / "ctx.tar.gz", "w:gz") as tar:
        tar.add(archive_folder, arcname=".")
    (root / "Dockerfile.remote").write_text("FROM busybox\nRUN echo from-url > /u\n")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *_a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_git_url_context_default_branch_without_git_dir(tags, served):
    tag = tags()
    built = pydock("build", "-q", "-t", tag, f"{served}/repo.git", timeout=180)
    assert built.returncode == 0, built.stderr
    assert run_in(tag, "sh", "-c", "ls -A /ctx; cat /ctx/which.txt") == "Dockerfile\nsub\nwhich.txt\nmain\n"
    kept = tags()
    built = pydock("build", "-q", "-t", kept, "--build-arg", "BUILDKIT_CONTEXT_KEEP_GIT_DIR=1", f"{served}/repo.git",
                   timeout=180)
    assert built.returncode == 0, built.stderr
    assert run_in(kept, "ls", "-A", "/ctx").split() == [".git", "Dockerfile", "sub", "which.txt"]


def test_git_url_fragment_picks_ref_and_folder(tags, served):
    at_tag, in_sub = tags(), tags()
    assert pydock("build", "-q", "-t", at_tag, f"{served}/repo.git#v1", timeout=180).returncode == 0
    assert run_in(at_tag, "cat", "/ctx/which.txt") == "other\n"
    built = pydock("build", "-q", "-t", in_sub, f"{served}/repo.git#other:sub", timeout=180)
    assert built.returncode == 0, built.stderr
    assert run_in(in_sub, "cat", "/in-sub.txt") == "sub\n"
    assert not [n for n in os.listdir(os.environ.get("XDG_RUNTIME_DIR") or "/run") if n.endswith("-git")
                and n.startswith(".pydock-")]  # the clone is gone


@pytest.mark.parametrize(("url", "stderr"), [
    ("/nope.git", "ERROR: failed to build: failed to solve: failed to read dockerfile: failed to load cache key: "
                  "error fetching default branch for repository {served}/nope.git: git stderr:\n"
                  "fatal: repository '{served}/nope.git/' not found\n: exit status 128\n"),
    ("/repo.git#no-such-ref", "ERROR: failed to build: failed to stat policy file Dockerfile.rego: failed to load "
                              'cache key: repository does not contain ref no-such-ref, output: ""\n'),
])
def test_git_url_failures_read_as_buildx(tags, served, url, stderr):
    failed = pydock("build", "-q", "-t", tags(), served + url, timeout=180)
    assert (failed.returncode, failed.stderr) == (1, stderr.format(served=served))


def test_http_url_context_archive_or_dockerfile(tags, served):
    from_archive, from_dockerfile = tags(), tags()
    built = pydock("build", "-q", "-t", from_archive, f"{served}/ctx.tar.gz", timeout=180)
    assert built.returncode == 0, built.stderr
    assert run_in(from_archive, "cat", "/data") == "from the remote archive\n"
    built = pydock("build", "-q", "-t", from_dockerfile, f"{served}/Dockerfile.remote", timeout=180)
    assert built.returncode == 0, built.stderr
    assert run_in(from_dockerfile, "cat", "/u") == "from-url\n"
    missing = pydock("build", "-q", "-t", tags(), f"{served}/missing.tar", timeout=60)
    assert (missing.returncode, missing.stderr) == (1, "ERROR: failed to build: failed to stat policy file "
                                                       "Dockerfile.rego: failed to load cache key: invalid response "
                                                       "status 404\n")


def test_context_archive_file_path_is_no_folder(tmp_path):
    archive = tmp_path / "ctx.tar"
    archive.write_bytes(b"")
    done = pydock("build", str(archive))
    assert (done.returncode, done.stderr) == (1, f'ERROR: failed to build: unable to prepare context: path "{archive}" '
                                                 'not found\n')


def test_git_url_without_git_says_so(builder, tmp_path):
    bare = tmp_path / "bin"  # nerdctl and BuildKit, but no git
    bare.mkdir()
    for program in ("nerdctl", "buildctl"):
        (bare / program).symlink_to(f"/usr/local/bin/{program}")
    done = pydock("build", "http://127.0.0.1:9/repo.git", env={"PATH": str(bare)})
    assert (done.returncode, done.stderr) == (1, "ERROR: failed to build: unable to prepare context: unable to find "
                                                 "'git': exec: \"git\": executable file not found in $PATH\n")


@pytest.fixture
def bare_namespace(builder):
    """A containerd namespace with no buildkitd of its own: nerdctl builds on the default one and loads the result
    into it (its "unpacking …" / "Loaded image: …" lines, which docker's build never prints)."""
    import uuid

    namespace = f"pydock-buildq-{uuid.uuid4().hex[:8]}"
    assert not os.path.exists(f"/run/buildkit-{namespace}")
    yield namespace
    images = subprocess.run(["nerdctl", "-n", namespace, "images", "-q"], capture_output=True, text=True,
                            check=False).stdout.split()
    if images:
        subprocess.run(["nerdctl", "-n", namespace, "rmi", "-f", *set(images)], capture_output=True, check=False)
    subprocess.run(["nerdctl", "namespace", "rm", namespace], capture_output=True, check=False)


def test_quiet_build_loaded_into_a_namespace_prints_only_the_id(bare_namespace, tmp_path):
    ctx = context(tmp_path, "FROM scratch\nCOPY f /f\n", f="in a namespace without a buildkitd\n")
    env = {"CONTAINERD_NAMESPACE": bare_namespace}
    quiet = pydock("build", "-q", "-t", "pydock-buildq-loaded:1", str(ctx), env=env, timeout=180)
    image_id = pydock("images", "--no-trunc", "--format", "{{.ID}}", "pydock-buildq-loaded:1", env=env).stdout
    assert image_id.startswith("sha256:") and len(image_id) == 72, image_id
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, image_id, "")
    plain = pydock("build", "--progress=plain", "-t", "pydock-buildq-loaded:2", str(ctx), env=env, timeout=180)
    assert (plain.returncode, plain.stdout) == (0, ""), plain.stderr  # progress on stderr only, as docker's
    assert "Loaded image" not in plain.stderr and "unpacking" not in plain.stderr


def test_quiet_output_to_a_folder_or_a_tar(builder, tmp_path):
    import io
    import tarfile

    from tests.conftest import PYDOCK

    (tmp_path / "ctx").mkdir()
    ctx = context(tmp_path / "ctx", "FROM scratch\nCOPY f /f\n", f="exported\n")
    for output in (str(tmp_path / "dir"), f"type=local,dest={tmp_path / 'local'}"):
        done = pydock("build", "-q", "-o", output, str(ctx), timeout=180)
        # buildx's -q prints the ID there is none of, as an empty line
        assert (done.returncode, done.stdout, done.stderr) == (0, "\n", ""), output
        folder = tmp_path / ("dir" if "=" not in output else "local")
        assert (folder / "f").read_text() == "exported\n"
    done = pydock("build", "-q", "-o", f"type=tar,dest={tmp_path / 'out.tar'}", str(ctx), timeout=180)
    assert (done.returncode, done.stdout, done.stderr) == (0, "\n", "")
    with tarfile.open(tmp_path / "out.tar") as tar:
        assert tar.extractfile("f").read() == b"exported\n"
    # `-o -`: the tar on stdout, nothing else (nerdctl alone makes a folder named `-`)
    raw = subprocess.run([PYDOCK, "build", "-q", "-o", "-", str(ctx)], capture_output=True, cwd=tmp_path,
                         timeout=180, check=False)
    assert (raw.returncode, raw.stderr) == (0, b"")
    with tarfile.open(fileobj=io.BytesIO(raw.stdout)) as tar:
        assert tar.extractfile("f").read() == b"exported\n"
    assert not (tmp_path / "-").exists()
    refused = pydock("build", "-q", "--iidfile", str(tmp_path / "iid"), "-o", str(tmp_path / "dir2"), str(ctx))
    assert (refused.returncode, refused.stdout, refused.stderr) == (
        1, "", "ERROR: local and tar exporters are incompatible with image ID file\n")
    assert not (tmp_path / "iid").exists() and not (tmp_path / "dir2").exists()


def test_a_failure_in_a_namespace_without_buildkitd_ends_as_buildx_s(bare_namespace, tmp_path):
    # nerdctl then adds "no image was built" (its load of the result found none), which buildx never says
    ctx = context(tmp_path, "FROM scratch\nCOPY pydock-bugs-missing /x\n")
    failed = pydock("build", "--progress=plain", str(ctx), env={"CONTAINERD_NAMESPACE": bare_namespace}, timeout=180)
    assert (failed.returncode, failed.stdout) == (1, "")
    last = failed.stderr.rstrip("\n").splitlines()[-1]
    assert last.startswith("ERROR: failed to build: failed to solve: ") and '"/pydock-bugs-missing": not found' in last
    assert "no image was built" not in failed.stderr


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    import pexpect

    from tests.conftest import PYDOCK

    child = pexpect.spawn(PYDOCK, args, env={**os.environ, **env}, timeout=180, dimensions=(40, 120))
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before.decode(errors="replace")


def test_on_a_terminal_in_a_namespace_without_buildkitd_only_buildkit_s_view_shows(bare_namespace, tmp_path):
    # nerdctl's lines of loading the image into the namespace ("unpacking …", "Loaded image: …") are none of
    # docker's; nor, on a failure, buildctl's own `error: …` line and nerdctl's log record
    (tmp_path / "ok").mkdir()
    ok = context(tmp_path / "ok", "FROM scratch\nCOPY f /f\n", f="tty\n")
    env = {"CONTAINERD_NAMESPACE": bare_namespace}
    code, shown = _on_a_terminal(["build", "-t", "pydock-bugs-tty:1", str(ok)], env)
    assert code == 0, shown
    assert re.search(r"\[\+\] Building [0-9.]+s \(\d+/\d+\) FINISHED", shown), shown
    assert "unpacking" not in shown and "Loaded image" not in shown
    assert pydock("images", "-q", "pydock-bugs-tty:1", env=env).stdout.strip()
    (tmp_path / "bad").mkdir()
    bad = context(tmp_path / "bad", "FROM scratch\nCOPY pydock-bugs-missing /x\n")
    code, shown = _on_a_terminal(["build", str(bad)], env)
    assert code == 1, shown
    assert shown.rstrip().splitlines()[-1].startswith("ERROR: failed to build: failed to solve: "), shown
    assert "\nerror: failed to solve" not in shown and "FATA" not in shown and "no image was built" not in shown, shown


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_tar_output_file_has_the_mode_the_umask_gives(builder, tmp_path, umask, mode):
    # buildctl makes the file with umask 0 (0666); buildx's client gets 0666 less the umask, as any program
    (tmp_path / "ctx").mkdir()
    ctx = context(tmp_path / "ctx", "FROM scratch\nCOPY f /f\n", f="mode\n")
    out = tmp_path / "out.tar"
    previous = os.umask(umask)
    try:
        done = pydock("build", "-q", "-o", f"type=tar,dest={out}", str(ctx), timeout=180)
    finally:
        os.umask(previous)
    assert (done.returncode, done.stdout) == (0, "\n"), done.stderr
    assert out.stat().st_mode & 0o777 == mode
    out.chmod(0o640)  # a file already there keeps its mode, as with docker
    again = pydock("build", "-q", "-o", f"type=tar,dest={out}", str(ctx), timeout=180)
    assert again.returncode == 0 and out.stat().st_mode & 0o777 == 0o640
