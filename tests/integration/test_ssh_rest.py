"""The last commands refused over the ssh transport (issue #16), now run there as locally: `start -i`/`-a` with
stdin not a terminal (pydock writes the task's stdin FIFO, the remote's file, with a remote `cat`, and closes it
through containerd's socket forwarded here), `commit --change` (the image saved through ssh, its config rewritten
here, loaded back), `import` (the image made here, streamed to the remote's load), `system prune`, the builder
commands (buildctl on the remote), `image prune -a`, `search`, and the commands the backend lacks (refused as
locally). Each is compared with the same command run locally (output, errors, exit code), in a namespace of this
module's own; pydock runs with no nerdctl or buildctl on its own PATH for the ssh calls."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile

import pytest

from tests.conftest import pydock
from tests.integration import ssh_remote
from tests.integration.ssh_remote import HOST

NS = "pydock-sshtail"
IMAGE = "busybox"
IMAGE_ID = re.compile(r"sha256:[0-9a-f]{64}\n")


local = ssh_remote.local_in(NS)


@pytest.fixture(scope="module")
def remote(stack, image_archive):
    with ssh_remote.namespace_session(NS, image_archive, "sshtail") as r:
        yield r
        ssh_remote.remove_containers(local)  # before the images and the network they use
        made = [i for i in local("images", "--format", "{{.Repository}}:{{.Tag}}").stdout.split()
                if i.startswith("sshtail-")]
        if made:
            local("rmi", "-f", *made)
        local("network", "rm", "sshtail-net")


def over(remote, *args: str, **kw) -> subprocess.CompletedProcess[str]:
    return pydock("-H", HOST, "--namespace", NS, *args, env={**remote.env, **kw.pop("env", {})}, **kw)


def both(remote, *args: str, **kw) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    o, h = over(remote, *args, **kw), local(*args, **kw)
    return (o.returncode, o.stdout, o.stderr), (h.returncode, h.stdout, h.stderr)


# --- start -a / -i with stdin not a terminal ------------------------------------------------------------------

@pytest.mark.parametrize(("made", "flags", "command", "given", "expected"), [
    # docker's StdinOnce: the container reads the piped bytes, then their end
    (("-i",), ("-ai",), "cat; exit 3", "hello\nworld\n", (3, "hello\nworld\n", "")),
    (("-i",), ("-a", "-i"), "wc -c", "x" * 300_000, (0, "300000\n", "")),  # every byte, through ssh's pipe
    (("-i",), ("--attach", "--interactive"), "read a; echo got $a", "one\n", (0, "got one\n", "")),
    # made without -i: no stdin at all, closed at once (the container's read ends)
    ((), ("-a",), "cat; echo end", "ignored\n", (0, "end\n", "")),
    ((), ("-ai",), "cat; echo end", "ignored\n", (0, "end\n", "")),
])
def test_start_attached_from_a_pipe_as_locally(remote, made, flags, command, given, expected):
    name = f"sshtail-start{len(''.join(flags))}{len(made)}{len(command)}"
    for run, side in ((lambda *a, **k: over(remote, *a, **k), "over"), (local, "here")):
        run("create", *made, "--name", f"{name}-{side}", IMAGE, "sh", "-c", command, check=True)
    o = over(remote, "start", *flags, f"{name}-over", input=given, timeout=60)
    h = local("start", *flags, f"{name}-here", input=given, timeout=60)
    assert (o.returncode, o.stdout, o.stderr) == (h.returncode, h.stdout, h.stderr) == expected
    assert local("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", f"{name}-over").stdout == \
        f"exited {expected[0]}\n"


# --- commit --change ------------------------------------------------------------------------------------------

def test_commit_change_as_locally(remote):
    changes = ["--change", "ENV A=b", "--change", 'CMD ["cat", "/made"]', "--change", "WORKDIR /srv",
               "--change", "EXPOSE 8080", "--change", "LABEL sshtail=yes"]
    ids = {}
    for run, side in ((lambda *a, **k: over(remote, *a, **k), "over"), (local, "here")):
        run("run", "--name", f"sshtail-commit-{side}", IMAGE, "sh", "-c", "echo made >/made", check=True)
        committed = run("commit", *changes, f"sshtail-commit-{side}", f"sshtail-com-{side}:1")
        assert (committed.returncode, committed.stderr) == (0, ""), committed.stderr
        assert IMAGE_ID.fullmatch(committed.stdout), committed.stdout
        ids[side] = committed.stdout.strip()
    shown = [local("inspect", "-f", "{{json .Config.Env}} {{json .Config.Cmd}} {{.Config.WorkingDir}} "
                   "{{json .Config.ExposedPorts}} {{json .Config.Labels}}", f"sshtail-com-{side}:1").stdout
             for side in ("over", "here")]
    assert shown[0] == shown[1]
    assert '"A=b"' in shown[0] and '["cat","/made"]' in shown[0] and " /srv " in shown[0], shown[0]
    # the ID printed is the one `images` shows, and the image runs with its new command
    assert ids["over"] == local("image", "inspect", "-f", "{{.Id}}", "sshtail-com-over:1").stdout.strip()
    ran = over(remote, "run", "--rm", "sshtail-com-over:1")
    assert (ran.returncode, ran.stdout) == (0, "made\n"), ran.stderr


def test_commit_change_the_daemon_refuses_as_locally(remote):
    over(remote, "create", "--name", "sshtail-refused", IMAGE, "true", check=True)
    o, h = both(remote, "commit", "--change", "FROM scratch", "sshtail-refused", "sshtail-never:1")
    assert o == h and o[0] == 1 and "FROM is not a valid change command" in o[2]
    o, h = both(remote, "commit", "--change", "ENV a=b", "sshtail-missing", "sshtail-never:1")
    assert o == h and o[0] == 1


# --- import ---------------------------------------------------------------------------------------------------

def _tarball() -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        data = b"imported\n"
        info = tarfile.TarInfo("hello.txt")
        info.size, info.mode = len(data), 0o644
        tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.mark.parametrize("from_stdin", [False, True])
def test_import_as_locally(remote, tmp_path, from_stdin):
    tarball = tmp_path / "rootfs.tar"
    tarball.write_bytes(_tarball())
    source, given = ("-", _tarball()) if from_stdin else (str(tarball), None)
    for run, side in ((lambda *a, **k: over(remote, *a, **k), "over"), (local, "here")):
        made = run("import", "--change", "ENV A=b", "--change", 'CMD ["cat", "/hello.txt"]', "-m", "sshtail",
                   source, f"sshtail-imp-{side}:{int(from_stdin)}", input=given)
        assert (made.returncode, made.stderr) == (0, ""), made.stderr
        assert IMAGE_ID.fullmatch(made.stdout), made.stdout
        assert made.stdout.strip() == local("image", "inspect", "-f", "{{.Id}}",
                                            f"sshtail-imp-{side}:{int(from_stdin)}").stdout.strip()
    shown = [local("inspect", "-f", "{{json .Config}} {{.Comment}} {{.Os}} {{json .RootFS.Layers}}",
                   f"sshtail-imp-{side}:{int(from_stdin)}").stdout for side in ("over", "here")]
    # the same layer (the tarball's digest), config and history as the local import's
    assert shown[0] == shown[1] and '"A=b"' in shown[0] and " sshtail linux " in shown[0], shown
    made = over(remote, "create", "--name", f"sshtail-imp-{int(from_stdin)}", f"sshtail-imp-over:{int(from_stdin)}")
    assert made.returncode == 0, made.stderr
    copied = over(remote, "cp", f"sshtail-imp-{int(from_stdin)}:/hello.txt", str(tmp_path / "copied"))
    assert copied.returncode == 0 and (tmp_path / "copied").read_text() == "imported\n", copied.stderr


def test_import_of_what_is_not_a_tarball_as_locally(remote, tmp_path):
    junk = tmp_path / "junk"
    junk.write_bytes(b"not a tarball" * 100)
    o, h = both(remote, "import", str(junk), "sshtail-never:2")
    assert o == h and o[0] == 1, (o, h)


# --- system prune, image prune -a -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def no_buildkit(tmp_path_factory) -> str:
    """A nerdctl (PYDOCK_NERDCTL, the same file here and on the remote, which is this host) that finds no buildkitd:
    `system prune` then leaves BuildKit's cache alone, which is the whole stack's (other tests' builds use it)."""
    wrapper = tmp_path_factory.mktemp("nerdctl") / "nerdctl"
    wrapper.write_text("#!/bin/sh\nBUILDKIT_HOST=unix:///nonexistent/buildkitd.sock "
                       f'exec {shutil.which("nerdctl")} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


def _pruned(run, env: dict[str, str], side: str) -> subprocess.CompletedProcess[str]:
    """A stopped container and an unused network of the namespace, then `system prune -f`."""
    run("network", "create", "sshtail-net", env=env, check=True)
    run("run", "--name", f"sshtail-prune-{side}", IMAGE, "true", env=env, check=True)
    return run("system", "prune", "-f", env=env)


def test_system_prune_as_locally(remote, no_buildkit):
    # pydock's own build cache part runs buildctl, which BUILDKIT_HOST sends to no buildkitd either
    env = {"PYDOCK_NERDCTL": no_buildkit, "BUILDKIT_HOST": "unix:///nonexistent/buildkitd.sock"}
    local("system", "prune", "-f", env=env)  # what earlier tests left stopped
    asked = both(remote, "system", "prune", input="n\n", env=env)
    assert asked[0] == asked[1] and asked[0][0] == 0 and asked[0][1].startswith("WARNING! This will remove:")
    o = _pruned(lambda *a, **k: over(remote, *a, **k), env, "over")
    h = _pruned(local, env, "here")
    ids = re.compile(r"^[0-9a-f]{64}$", re.MULTILINE)
    assert (o.returncode, ids.sub("<ID>", o.stdout), o.stderr) == (h.returncode, ids.sub("<ID>", h.stdout), h.stderr)
    assert o.returncode == 0 and "Deleted Containers:\n<ID>\n" in ids.sub("<ID>", o.stdout), o.stdout
    assert "Deleted Networks:\nsshtail-net\n\n" in o.stdout
    # docker's total, the stopped container's writable layer read through containerd's socket forwarded
    assert re.search(r"\n\nTotal reclaimed space: [0-9.]+k?B\n\Z", o.stdout), o.stdout
    assert "sshtail-prune-over" not in local("ps", "-a", "--format", "{{.Names}}").stdout


def test_system_prune_total_over_ssh_is_the_writable_layers(remote, no_buildkit):
    """docker's total over ssh: the stopped container's writable layer, read through containerd's socket forwarded,
    summed as docker sums the parts (units.HumanSize)."""
    from shim.output.units import human_size

    env = {"PYDOCK_NERDCTL": no_buildkit, "BUILDKIT_HOST": "unix:///nonexistent/buildkitd.sock"}
    local("system", "prune", "-f", env=env)
    made = over(remote, "run", "--name", "sshtail-prune-big", IMAGE, "sh", "-c", "head -c 300000 /dev/urandom > /b")
    assert made.returncode == 0, made.stderr
    cid = local("inspect", "--format", "{{.Id}}", "sshtail-prune-big").stdout.strip()
    size = int(local("inspect", "--size", "--format", "{{.SizeRw}}", "sshtail-prune-big").stdout)
    assert size >= 300_000
    done = over(remote, "system", "prune", "-f", env=env)
    assert (done.returncode, done.stdout, done.stderr) == (
        0, f"Deleted Containers:\n{cid}\n\nTotal reclaimed space: {human_size(size, 4)}\n", "")


def test_image_prune_all_as_locally(remote):
    o, h = both(remote, "image", "prune", "-a", "-f", "--filter", "label=sshtail-none")
    assert o == h == (0, "Total reclaimed space: 0B\n", "")
    o, h = both(remote, "image", "prune", "-a", input="n\n")
    assert o == h and o[0] == 0 and "WARNING! This will remove all images without at least one container" in o[1]


# --- builder commands: buildctl on the remote -----------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("builder", "prune", "-f", "--filter", "id=sshtail-none"), ("buildx", "prune", "-f", "--filter", "id=sshtail-none"),
    ("buildx", "ls"), ("buildx", "inspect"), ("buildx", "inspect", "--bootstrap"), ("buildx", "version"),
    ("buildx", "inspect", "other"), ("builder", "prune", "-f", "--filter", "bogus"),
])
def test_builder_commands_as_locally(remote, args):
    def steady(out: tuple[int, str, str]) -> tuple[int, str, str]:  # another test's build may land in between
        return out[0], "".join(line for line in out[1].splitlines(keepends=True)
                               if not line.startswith("Last Activity:")), out[2]

    o, h = both(remote, *args)
    assert steady(o) == steady(h)
    if "inspect" in args and "other" not in args:
        assert o[0] == 0 and "Driver:" in o[1], o


# --- what the backend lacks, and flags refused locally: refused over ssh as locally ----------------------------

@pytest.mark.parametrize("args", [
    ("swarm", "init"), ("service", "ls"), ("node", "ls"), ("volume", "update", "x"), ("plugin", "ls"),
    ("trust", "inspect", "x"), ("manifest", "inspect", "x"), ("system", "df", "-v"),
    ("system", "prune", "--volumes", "--filter", "until=1h"),  # docker's client refuses these together
])
def test_what_the_backend_lacks_is_refused_as_locally(remote, args):
    o, h = both(remote, *args)
    assert o == h and o[0] != 0 and "ssh transport" not in o[2], o


def test_search_as_locally(remote):
    o, h = both(remote, "search", "--limit", "0", "busybox")
    assert o == h, (o, h)


# --- build's tar output: written here ------------------------------------------------------------------------

def _raw(env: dict[str, str] | None, *args: str) -> subprocess.CompletedProcess[bytes]:
    """pydock over ssh (with the remote's env) or locally (None), bytes out."""
    import os

    from tests.conftest import PYDOCK

    over_ssh = ["-H", HOST] if env is not None else []
    return subprocess.run([PYDOCK, *over_ssh, "--namespace", NS, *args], capture_output=True, check=False,
                          env={**os.environ, "CONTAINERD_NAMESPACE": NS, **(env or {})}, timeout=300)


def _members(archive: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return {m.name: tar.extractfile(m).read() if m.isfile() else b"" for m in tar.getmembers()}  # type: ignore[union-attr]


def test_build_tar_output_as_locally(remote, tmp_path):
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "Dockerfile").write_text("FROM scratch\nCOPY f /f\n")
    (context / "f").write_text("built\n")
    o, h = _raw(remote.env, "build", "-q", "-o", "-", str(context)), _raw(None, "build", "-q", "-o", "-", str(context))
    assert (o.returncode, o.stderr) == (h.returncode, h.stderr) == (0, b""), (o.stderr, h.stderr)
    assert _members(o.stdout) == _members(h.stdout) and _members(o.stdout)["f"] == b"built\n"
    for env, side in ((remote.env, "over"), (None, "here")):
        made = _raw(env, "build", "-q", "-o", f"type=tar,dest={tmp_path / side}.tar", str(context))
        assert (made.returncode, made.stdout, made.stderr) == (0, b"\n", b""), made.stderr  # buildx's blank -q line
    assert _members((tmp_path / "over.tar").read_bytes()) == _members((tmp_path / "here.tar").read_bytes())
    assert oct((tmp_path / "over.tar").stat().st_mode & 0o777) == oct((tmp_path / "here.tar").stat().st_mode & 0o777)


def test_import_records_the_remote_hosts_architecture(remote, tmp_path):
    """Without --platform the image is the daemon host's: over ssh the remote's `uname -m`, asked there."""
    import platform

    tarball = tmp_path / "rootfs.tar"
    tarball.write_bytes(_tarball())
    made = over(remote, "import", str(tarball), "sshtail-imp-arch:1", env={"PYDOCK_DEBUG": "1"})
    assert made.returncode == 0, made.stderr
    asked = [line for line in made.stderr.splitlines() if "uname -m" in line]
    assert asked and "ssh" in asked[0], made.stderr  # run through the ssh transport, not here
    arch = local("image", "inspect", "-f", "{{.Os}}/{{.Architecture}}", "sshtail-imp-arch:1").stdout.strip()
    machine = platform.machine()  # the remote is this host
    assert arch == "linux/" + {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)
    given = over(remote, "import", "--platform", "linux/arm64", str(tarball), "sshtail-imp-arch:2",
                 env={"PYDOCK_DEBUG": "1"})
    assert given.returncode == 0 and "uname -m" not in given.stderr, given.stderr
    assert local("image", "inspect", "-f", "{{.Architecture}}", "sshtail-imp-arch:2").stdout == "arm64\n"
