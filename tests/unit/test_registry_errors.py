"""A misbehaving registry's pull failure, from nerdctl 2.3.5's record to docker 28.2.2's output on Engine 29. The
nerdctl messages and docker's answers are the ones the faults of tests/integration/test_registry_faults.py gave."""

from __future__ import annotations

import pytest

from shim.backends.nerdctl.registry_errors import push_failure, registry_failure, restating
from shim.plan import Done, Result

REF = "127.0.0.1:4000/app:1"
URL = "http://127.0.0.1:4000/v2/app"
BLOB = URL + "/blobs/sha256:" + "a" * 64
STATUS = f"failed to copy: httpReadSeeker: failed open: unexpected status from GET request to {BLOB}: 500 Internal Server Error"
PULLING = "1: Pulling from app\n"


@pytest.mark.parametrize(("nerdctl", "stdout", "stderr"), [
    pytest.param(f"failed to resolve image: unexpected status from HEAD request to {URL}/manifests/1: 500 Internal "
                 "Server Error", "",
                 f'Error response from daemon: unknown: failed to resolve reference "{REF}": unexpected status from '
                 f"HEAD request to {URL}/manifests/1: 500 Internal Server Error", id="500-resolve"),
    pytest.param(f'failed to resolve image: failed to do request: Head "{URL}/manifests/1": net/http: timeout '
                 "awaiting response headers: context deadline exceeded", "",
                 f'Error response from daemon: failed to resolve reference "{REF}": failed to do request: Head '
                 f'"https://127.0.0.1:4000/v2/app/manifests/1": net/http: timeout awaiting response headers',
                 id="no-answer"),
    pytest.param(STATUS, PULLING, f"unknown: {STATUS}", id="500-no-registry-errors"),
    # the registry's errors, which nerdctl's message carries twice: a bare code moby lists twice, a message once
    pytest.param(STATUS + "\nunknown\nunknown", PULLING, "error from registry: unknown\nunknown", id="500-code"),
    pytest.param(STATUS + "\nunknown: disk on fire\nunknown: disk on fire", PULLING,
                 "error from registry: disk on fire", id="500-message"),
    pytest.param(STATUS + "\nerrors:\nunavailable: try later\nunknown\n\nerrors:\nunavailable: try later\nunknown\n",
                 PULLING, "error from registry: try later\nunknown\nunknown", id="500-two-errors"),
    pytest.param("short read: expected 1054720 bytes but got 65536: unexpected EOF", PULLING,
                 "short read: expected 1054720 bytes but got 65536: unexpected EOF", id="reset"),
    pytest.param(f'failed to copy: httpReadSeeker: failed open: content at {URL}/manifests/sha256:{"b" * 64} not '
                 "found: not found", PULLING,
                 f"failed to copy: httpReadSeeker: failed open: content at https://127.0.0.1:4000/v2/app/manifests/"
                 f'sha256:{"b" * 64} not found: not found', id="truncated-manifest"),
    pytest.param(f'failed to copy: httpReadSeeker: failed open: failed to do request: Get "{BLOB}": net/http: '
                 "timeout awaiting response headers: context deadline exceeded", PULLING,
                 'failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://127.0.0.1:4000/v2/'
                 f'app/blobs/sha256:{"a" * 64}": net/http: timeout awaiting response headers', id="blob-no-answer"),
])
def test_a_registry_failure_reads_as_engine_29s(nerdctl, stdout, stderr):
    done = registry_failure(nerdctl, REF, quiet=False)
    assert (done.code, done.stdout, done.stderr) == (1, stdout, stderr)
    quiet = registry_failure(nerdctl, REF, quiet=True)
    assert (quiet.code, quiet.stdout, quiet.stderr) == (1, "", stderr)


def test_the_default_tag_line_comes_first_also_when_resolving_fails():
    message = f"failed to resolve image: unexpected status from HEAD request to {URL}/manifests/latest: 500 x"
    assert registry_failure(message, "127.0.0.1:4000/app", quiet=False).stdout == "Using default tag: latest\n"
    assert registry_failure("short read: x", "127.0.0.1:4000/app", quiet=False).stdout == (
        "Using default tag: latest\nlatest: Pulling from app\n")


@pytest.mark.parametrize("nerdctl", [
    "failed to resolve image: 127.0.0.1:4000/app:1: not found",  # a missing tag: errors.py's rule
    'cannot access containerd socket "/run/x.sock": no such file or directory',
])
def test_other_failures_are_left_to_the_usual_rules(nerdctl):
    assert registry_failure(nerdctl, REF, quiet=False) is None
    escaped = nerdctl.replace('"', '\\"')
    line = f'time="2026-12-02T23:33:05Z" level=fatal msg="{escaped}"'
    restate = restating(REF, quiet=False, fallback=lambda _r: Done(9, stderr="usual"))
    assert restate(Result(1, errors=[line])).stderr == "usual"


def test_runs_implicit_pull_prints_its_progress_on_stderr_in_runs_error_shape():
    line = 'time="2026-12-02T23:33:05Z" level=fatal msg="short read: expected 9 bytes but got 1: unexpected EOF"'
    restate = restating("127.0.0.1:4000/app", quiet=False, fallback=lambda _r: Done(9), run_path="container run")
    done = restate(Result(1, errors=[line]))
    assert (done.code, done.stdout, done.stderr) == (
        125, "", "latest: Pulling from app\ndocker: short read: expected 9 bytes but got 1: unexpected EOF\n\n"
        "Run 'docker run --help' for more information")


def test_a_push_refused_by_the_registry_reads_as_engine_29s():
    message = "unexpected status from POST request to http://127.0.0.1:4000/v2/app/blobs/uploads/: 500 Internal Server Error\nunknown"
    escaped = message.replace("\n", "\\n")
    result = Result(1, errors=[f'time="2026-12-03T00:17:57Z" level=fatal msg="{escaped}"'])
    assert push_failure(result) == "error from registry: unknown\nunknown"
    denied = 'time="x" level=fatal msg="push access denied, repository does not exist or may require authorization"'
    assert push_failure(Result(1, errors=[denied])) is None
