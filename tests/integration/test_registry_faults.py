"""A registry that misbehaves during `pull` (issue #14): a 500, no answer, a connection reset or a body that stops
midway, a truncated manifest. Each gets Docker Engine 29's error and exit code (found with docker 28.2.2 through the
same faults, docs/reliability.md), no partial image is listed, and the next pull through a healthy registry works.

The faults come from a loopback proxy in front of the real registry (registry_faults.py); the pull runs on the real
nerdctl and containerd. Each image is new (random bytes), so that no content store can answer for the registry.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid

import pytest

from tests.conftest import DOCKER_CLI, PYDOCK, pydock
from tests.integration.conftest import REGISTRY
from tests.integration.registry_faults import (
    NO_ANSWER,
    RESET,
    STALL,
    STATUS_500,
    TRUNCATE,
    Fault,
    FaultyRegistry,
    push_fresh_image,
)
from tests.integration.test_faults import _backend_child, _gone

ENGINE29 = "/run/pydock-ref29/docker.sock"
CUT = 65536  # where a reset or a stall stops a blob


@pytest.fixture
def proxy():
    registry = FaultyRegistry(REGISTRY)
    yield registry
    registry.close()


@pytest.fixture
def image(proxy):
    """A fresh image in the real registry: (its reference through the proxy, its repository, its digests)."""
    repo = f"pydock-test/fault-{uuid.uuid4().hex[:8]}"
    pushed = push_fresh_image(REGISTRY, repo, "1")
    ref = f"{proxy.address}/{repo}:1"
    yield ref, repo, pushed
    pydock("rmi", "-f", ref)


def _listed(ref: str) -> bool:
    return ref in pydock("images", "--format", "{{.Repository}}:{{.Tag}}").stdout.split()


def _expected(kind: str, on: str, ref: str, repo: str, pushed, address: str) -> tuple[str, set[str]]:
    """docker pull's stdout and its possible stderrs on Engine 29 for this fault (a 500 on blobs may hit the
    config or the layer first: both fetches start together)."""
    pulling = f"1: Pulling from {repo}\n"
    base = f"http://{address}/v2/{repo}"
    if (kind, on) == (STATUS_500, "manifests"):
        return "", {f'Error response from daemon: unknown: failed to resolve reference "{ref}": unexpected status '
                    f"from HEAD request to {base}/manifests/1: 500 Internal Server Error\n"}
    if (kind, on) == (STATUS_500, "blobs"):
        return pulling, {"error from registry: unknown\nunknown\n"}
    if kind == "500-html":
        return pulling, {f"unknown: failed to copy: httpReadSeeker: failed open: unexpected status from GET request to "
                         f"{base}/blobs/{blob}: 500 Internal Server Error\n" for blob in (pushed.config, pushed.layer)}
    if kind == NO_ANSWER:
        return "", {f'Error response from daemon: failed to resolve reference "{ref}": failed to do request: Head '
                    f'"https://{address}/v2/{repo}/manifests/1": net/http: timeout awaiting response headers\n'}
    if kind == RESET:
        return pulling, {f"short read: expected {pushed.layer_size} bytes but got {CUT}: unexpected EOF\n"}
    if (kind, on) == (TRUNCATE, "manifests"):
        # the tag's digest is the one of the half that came (containerd's resolver reads it from the body): the
        # registry has no manifest of that digest
        return pulling, {f"failed to copy: httpReadSeeker: failed open: content at https://{address}/v2/{repo}/"
                         f"manifests/{pushed.truncated_manifest} not found: not found\n"}
    half = pushed.config_size // 2  # the config is the first blob fetched, and the smaller
    return pulling, {f"short read: expected {pushed.config_size} bytes but got {half}: unexpected EOF\n"}


def _fault(kind: str, on: str) -> Fault:
    if kind == "500-html":  # a proxy's error page rather than the registry's errors
        return Fault(STATUS_500, on, body=b"<html><body><h1>500 Internal Server Error</h1></body></html>")
    return Fault(kind, on, after=CUT)


FAULTS = [
    pytest.param(STATUS_500, "manifests", id="500-manifest"),
    pytest.param(STATUS_500, "blobs", id="500-blob"),
    pytest.param("500-html", "blobs", id="500-blob-html"),
    pytest.param(RESET, "blobs", id="reset-mid-blob"),
    pytest.param(TRUNCATE, "manifests", id="truncated-manifest"),
    pytest.param(TRUNCATE, "blobs", id="truncated-blob"),
]


@pytest.fixture(scope="module", autouse=True)
def unanswered_pull(stack):
    """The no-answer case's pull, started before this module's other tests and checked after them
    (test_a_registry_that_never_answers_…): containerd gives up waiting for an answer's headers after 30 s, in
    Engine 29 as in nerdctl (containerd's resolver's ResponseHeaderTimeout, which nothing configures), and those
    30 s pass while the other tests run. Yields (its proxy, its image as `image` gives it, the pull)."""
    registry = FaultyRegistry(REGISTRY)
    repo = f"pydock-test/fault-{uuid.uuid4().hex[:8]}"
    pushed = push_fresh_image(REGISTRY, repo, "1")
    ref = f"{registry.address}/{repo}:1"
    registry.fault = _fault(NO_ANSWER, "manifests")
    env = {k: v for k, v in os.environ.items() if k != "PYDOCK_DEBUG"}
    pull = subprocess.Popen([PYDOCK, "pull", ref], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    yield registry, (ref, repo, pushed), pull
    if pull.poll() is None:
        pull.kill()
        pull.communicate()
    registry.close()
    pydock("rmi", "-f", ref)


def _fails_as_docker_then_pulls_when_well(proxy, image, kind: str, on: str,
                                          failed: subprocess.CompletedProcess[str]) -> None:
    """A pull through the fault gave docker's output and left no image; healthy again, the registry serves it."""
    ref, repo, pushed = image
    stdout, stderrs = _expected(kind, on, ref, repo, pushed, proxy.address)
    assert proxy.hits, "the fault was never met"
    assert (failed.returncode, failed.stdout) == (1, stdout), failed.stderr
    assert failed.stderr in stderrs
    assert not _listed(ref)
    if kind != NO_ANSWER:  # (one 30 s wait is enough)
        # -q: docker prints no progress, so no `Pulling from` (after a reset, containerd resumes what it kept: the
        # sizes differ)
        quiet = pydock("pull", "-q", ref, timeout=90)
        assert (quiet.returncode, quiet.stdout) == (1, "")
        assert quiet.stderr.split(":", 1)[0] == failed.stderr.split(":", 1)[0]
    proxy.fault = None  # the registry is well again: the pull starts afresh and succeeds
    healthy = pydock("pull", ref, timeout=90)
    assert healthy.returncode == 0, healthy.stderr
    assert healthy.stdout.endswith(f"Status: Downloaded newer image for {ref}\n{ref}\n")
    assert _listed(ref)


@pytest.mark.parametrize(("kind", "on"), FAULTS)
def test_a_registry_fault_gives_dockers_error_and_leaves_no_image(proxy, image, kind, on):
    proxy.fault = _fault(kind, on)
    failed = pydock("pull", image[0], timeout=90)
    _fails_as_docker_then_pulls_when_well(proxy, image, kind, on, failed)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_blob_that_stops_midway_waits_as_docker_and_a_signal_ends_it(proxy, image, signum):
    # Neither Engine 29 nor nerdctl bounds a body that stops coming (200 s tried): docker's client waits until it is
    # interrupted, then exits 130 (SIGINT) or 143 (SIGTERM) and prints nothing more
    ref, _repo, _pushed = image
    proxy.fault = Fault(STALL, "blobs", after=CUT)
    proc = subprocess.Popen([PYDOCK, "pull", ref], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child = _backend_child(proc, "pull")
    deadline = time.monotonic() + 30
    while not proxy.hits and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proxy.hits, "the pull never reached the stalled blob"
    os.kill(proc.pid, signum)
    _out, err = proc.communicate(timeout=30)
    assert (proc.returncode, err) == (128 + signum, b"")
    assert _gone(child), f"nerdctl pull ({child}) outlived pydock"
    assert not _listed(ref)
    proxy.fault = None
    pydock("pull", "-q", ref, check=True, timeout=90)


@pytest.mark.parametrize(("kind", "on"), FAULTS)  # the same answers as docker's, but the 30 s one
def test_the_errors_are_dockers_on_engine_29(proxy, image, kind, on):
    docker = _docker29()
    ref, repo, pushed = image
    proxy.fault = _fault(kind, on)
    failed = subprocess.run([*docker, "pull", ref], capture_output=True, text=True, timeout=120, check=False)
    subprocess.run([*docker, "rmi", "-f", ref], capture_output=True, timeout=120, check=False)
    stdout, stderrs = _expected(kind, on, ref, repo, pushed, proxy.address)
    # docker prints the layers it had begun (`ID: Pulling fs layer`) where pydock prints no per-layer progress
    lines = [line for line in failed.stdout.splitlines(keepends=True) if not line.endswith(": Pulling fs layer\n")]
    assert (failed.returncode, "".join(lines)) == (1, stdout), failed.stderr
    assert failed.stderr in stderrs


@pytest.mark.parametrize(("kind", "on"), [FAULTS[0], FAULTS[3]])
def test_runs_implicit_pull_fails_in_runs_words(proxy, image, kind, on):
    # docker run prints its pull's progress on stderr, then its own error shape, exit 125
    ref, repo, pushed = image
    proxy.fault = _fault(kind, on)
    failed = pydock("run", "--rm", ref, "true", timeout=90)
    progress, stderrs = _expected(kind, on, ref, repo, pushed, proxy.address)
    assert failed.returncode == 125, failed.stderr
    assert failed.stderr in {f"Unable to find image '{ref}' locally\n{progress}docker: {text.rstrip()}\n\n"
                             "Run 'docker run --help' for more information\n" for text in stderrs}
    assert not _listed(ref)


def _docker29() -> list[str]:
    if not (os.path.exists(ENGINE29) and DOCKER_CLI):
        if os.environ.get("CI"):
            pytest.fail(f"the reference Docker Engine 29 ({ENGINE29}) is needed under CI")
        pytest.skip("the reference Docker Engine 29 is not running")
    return ["flock", "/tmp/pydock-ref.lock", DOCKER_CLI, "-H", f"unix://{ENGINE29}"]


@pytest.mark.parametrize("tool", ["pydock", "docker"])
def test_a_push_refused_with_a_500_gives_dockers_error(proxy, tmp_path, tool):
    # a blob upload answered 500 with the registry's errors; docker also lists its layers as `ID: Waiting`
    from tests.bench.bytes import write_archive

    cli = [PYDOCK] if tool == "pydock" else _docker29()
    repo = f"pydock-test/pushfault-{uuid.uuid4().hex[:8]}"
    ref = f"{proxy.address}/{repo}:1"
    write_archive(tmp_path / "image.tar", 1, ref)
    subprocess.run([*cli, "load", "-i", str(tmp_path / "image.tar")], capture_output=True, timeout=120, check=True)
    try:
        proxy.fault = Fault(STATUS_500, "uploads")
        failed = subprocess.run([*cli, "push", ref], capture_output=True, text=True, timeout=120, check=False)
        assert proxy.hits
        lines = [line for line in failed.stdout.splitlines(keepends=True) if not line.endswith(": Waiting\n")]
        assert (failed.returncode, "".join(lines), failed.stderr) == (
            1, f"The push refers to repository [{proxy.address}/{repo}]\n", "error from registry: unknown\nunknown\n")
        proxy.fault = None
        pushed = subprocess.run([*cli, "push", ref], capture_output=True, text=True, timeout=120, check=False)
        assert pushed.returncode == 0, pushed.stderr
    finally:
        subprocess.run([*cli, "rmi", "-f", ref], capture_output=True, timeout=120, check=False)


def test_a_registry_that_never_answers_gives_dockers_error_and_leaves_no_image(unanswered_pull):
    # last in the module: its pull has been waiting since the module's first test
    proxy, image, pull = unanswered_pull
    out, err = pull.communicate(timeout=90)
    failed = subprocess.CompletedProcess(pull.args, pull.returncode, out.decode("utf-8", "replace"),
                                         err.decode("utf-8", "replace"))
    _fails_as_docker_then_pulls_when_well(proxy, image, NO_ANSWER, "manifests", failed)
