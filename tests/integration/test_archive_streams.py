"""The byte path of save and load through the real pydock on the real stack (issue 13): save streams to
stdout yet is never short and successful, load hands nerdctl a file as it is, an already-present image is
not imported again, and memory stays flat however large the image."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.bench.bytes import write_archive
from tests.conftest import PYDOCK, pydock, ran_nerdctl
from tests.integration.conftest import NAMESPACE, unique_tag

NATIVE = "{{.Image.Name}} {{.Image.Target.Digest}} {{.Image.UpdatedAt}}"


def _native(image: str) -> str:
    """containerd's record of an image, as nerdctl's native inspect shows it (docker's inspect has no UpdatedAt);
    nerdctl lists the image's other names too (the one `tag` keeps a moved-off image under, say)."""
    out = subprocess.run(["nerdctl", "-n", NAMESPACE, "image", "inspect", "--mode=native", "--format", NATIVE, image],
                         capture_output=True, text=True, check=True).stdout
    return "".join(line + "\n" for line in out.splitlines() if line.startswith(f"docker.io/library/{image} "))


def _env(tmp_path, **extra: str) -> dict[str, str]:
    spool = tmp_path / "tmpdir"
    spool.mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(spool), **extra}


def _save(image: str, stdout: int, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([PYDOCK, "save", image], stdout=stdout, stderr=subprocess.PIPE, env=env, check=False)


def test_save_to_stdout_is_the_whole_archive_in_a_file_an_appended_file_and_a_pipe(busybox, tmp_path):
    env = _env(tmp_path)
    whole = tmp_path / "whole.tar"
    pydock("save", "-o", str(whole), busybox, check=True)
    expected = whole.read_bytes()
    plain = tmp_path / "plain.tar"
    with plain.open("wb") as out:
        assert _save(busybox, out.fileno(), env).returncode == 0
    assert plain.read_bytes() == expected
    appended = tmp_path / "appended.tar"
    appended.write_bytes(b"before\n")
    with appended.open("ab") as out:  # `>>`: the archive follows what was there
        assert _save(busybox, out.fileno(), env).returncode == 0
    assert appended.read_bytes() == b"before\n" + expected
    piped = subprocess.run(f"{PYDOCK} save {busybox} | cat", shell=True, capture_output=True, env=env, check=True)
    assert piped.stdout == expected
    assert os.listdir(env["TMPDIR"]) == []  # the private file had no name to leave behind


def test_save_of_a_missing_image_to_a_pipe_fails_as_docker_and_leaves_nothing(busybox, tmp_path):
    env = _env(tmp_path)
    read, write = os.pipe()
    result = _save("pydock-nosuch-image", write, env)
    os.close(write)
    assert os.read(read, 100) == b""
    os.close(read)
    assert (result.returncode, result.stderr) == (1, b"Error response from daemon: No such image: pydock-nosuch-image:latest\n")
    assert os.listdir(env["TMPDIR"]) == []


@pytest.mark.parametrize("where", ["file", "pipe", "-o"])
def test_save_of_an_archive_cut_short_fails_instead_of_succeeding(busybox, tmp_path, where):
    # nerdctl 2.3 sometimes exits 0 with the archive's tail missing (its stream's last window unwritten);
    # a nerdctl whose save output is cut the same way must make `save` fail, as docker's client fails
    # (`unexpected EOF`) when the engine's stream stops early
    cutting = tmp_path / "nerdctl"
    cutting.write_text("""#!/bin/sh
case " $* " in *" save "*) ;; *) exec nerdctl "$@";; esac
for arg; do case "$arg" in --output=*) nerdctl "$@"; truncate -s 100000 "${arg#--output=}"; exit 0;; esac; done
nerdctl "$@" | head -c 100000
""")
    cutting.chmod(0o755)
    env = _env(tmp_path, PYDOCK_NERDCTL=str(cutting))
    out = tmp_path / "out.tar"
    if where == "-o":
        result = subprocess.run([PYDOCK, "save", f"--output={out}", busybox], capture_output=True, env=env, check=False)
        assert not out.exists()  # as nerdctl removes its file after a failure of its own
    else:
        with out.open("wb") as f:
            result = _save(busybox, f.fileno() if where == "file" else subprocess.PIPE, env)
    assert (result.returncode, result.stderr) == (1, b"unexpected EOF\n")
    assert os.listdir(env["TMPDIR"]) == []


@pytest.mark.parametrize("where", ["file", "pipe"])
def test_save_cut_short_once_is_saved_again_and_whole(busybox, tmp_path, where):
    # nerdctl's race is rare: pydock saves again, into stdout from the start or, when the first bytes went
    # down a pipe already, on from where they stopped, once it is the same archive
    cutting = tmp_path / "nerdctl"
    once = tmp_path / "cut-once"
    cutting.write_text(f"""#!/bin/sh
case " $* " in *" save "*) ;; *) exec nerdctl "$@";; esac
if [ -e {once} ]; then exec nerdctl "$@"; fi
touch {once}; nerdctl "$@" | head -c 300000
""")
    cutting.chmod(0o755)
    env = _env(tmp_path, PYDOCK_NERDCTL=str(cutting))
    whole = tmp_path / "whole.tar"
    pydock("save", "-o", str(whole), busybox, check=True)
    out = tmp_path / "out.tar"
    if where == "file":
        with out.open("wb") as f:
            result = _save(busybox, f.fileno(), env)
        saved = out.read_bytes()
    else:
        result = subprocess.run(f"{PYDOCK} save {busybox} | cat", shell=True, capture_output=True, env=env, check=False)
        saved = result.stdout
    assert (result.returncode, result.stderr) == (0, b"")
    assert once.exists() and saved == whole.read_bytes()
    assert os.listdir(env["TMPDIR"]) == []


@pytest.fixture
def zeros(stack, tmp_path_factory):
    """An image of 128 MiB (a layer of zeros) as an archive; removed from the namespace afterwards."""
    tag = unique_tag("pydock-bytes")
    path = tmp_path_factory.mktemp("zeros") / "zeros.tar"
    write_archive(path, 128, tag, random=False)
    yield tag, path
    from shim.backends.nerdctl.load_present import archive_targets

    digest = archive_targets(str(path))[1][0].split()[1]
    pydock("rmi", "-f", digest)  # every name it has, the one `tag` kept it under included


def _peak_mib(argv: list[str], env: dict[str, str] | None = None, stdin: int | None = None) -> float:
    """The command's largest process's peak memory (nerdctl's counts too: it is pydock's child)."""
    proc = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, argv
    return usage.ru_maxrss / 1024


def test_memory_stays_flat_on_the_byte_path(zeros, tmp_path):
    # pydock streams: a copy of the image in memory would put 128 MiB on top of nerdctl's 40-odd
    tag, path = zeros
    with path.open("rb") as archive:
        assert _peak_mib(["sh", "-c", f"cat | {PYDOCK} load"], stdin=archive.fileno()) < 100
    assert _peak_mib(["sh", "-c", f"{PYDOCK} save {tag} | cat > {tmp_path / 'out.tar'}"]) < 100
    assert _peak_mib([PYDOCK, "load", "-i", str(path)]) < 100


def test_load_from_a_redirected_file_and_of_a_present_image(zeros):
    tag, path = zeros
    pydock("rmi", "-f", tag)
    with path.open("rb") as archive:  # `pydock load < FILE`: nerdctl is handed the file itself
        loaded = subprocess.run([PYDOCK, "load"], stdin=archive, capture_output=True, text=True, check=False)
    assert (loaded.returncode, loaded.stdout, loaded.stderr) == (0, f"Loaded image: {tag}\n", "")
    before = _native(tag)
    assert before.startswith(f"docker.io/library/{tag} sha256:")
    # present already: docker's lines, and nothing imported again (containerd's record unchanged)
    again = pydock("load", "-i", str(path))
    assert (again.returncode, again.stdout, again.stderr) == (0, f"Loaded image: {tag}\n", "")
    assert _native(tag) == before
    debug = pydock("load", "-i", str(path), env={"PYDOCK_DEBUG": "1"})  # told by containerd's file: no nerdctl
    assert (debug.stdout, ran_nerdctl(debug.stderr)) == (f"Loaded image: {tag}\n", [])
    digest = before.split()[1]
    # the name moved to another image: the archive is loaded and takes it back; the name nerdctl's load gives
    # the archive's index is taken away by containerd directly (no `nerdctl rmi`)
    pydock("tag", "busybox", tag, check=True)
    before_load = _import_names()
    moved = pydock("load", "-i", str(path), env={"PYDOCK_DEBUG": "1"})
    assert (moved.returncode, moved.stdout) == (0, f"Loaded image: {tag}\n")
    assert ran_nerdctl(moved.stderr) == ["nerdctl load"]
    assert _native(tag).split()[1] == digest
    assert _import_names() <= before_load  # other tests' loads may have left theirs: this load left none


def _import_names() -> set[str]:
    """The `import@sha256:…` names nerdctl's load gives an archive's index, in the test namespace."""
    names = subprocess.run(["ctr", "-n", NAMESPACE, "images", "ls", "-q"], capture_output=True, text=True,
                           check=True).stdout.split()
    return {n for n in names if n.startswith("import@")}
