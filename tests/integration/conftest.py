"""Integration fixtures: the real containerd + nerdctl stack, a busybox image built here, a loopback
registry. Nothing is mocked. Without a stack the tests skip on a laptop, and fail under CI=true."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT, pydock

# A namespace of the tests' own keeps them apart from whatever else runs on the machine, and checks
# that pydock honours CONTAINERD_NAMESPACE as nerdctl and ctr do.
# PYDOCK_TEST_NAMESPACE lets two checkouts run their suites on one machine without removing each other's
# containers at the end.
NAMESPACE = os.environ.get("PYDOCK_TEST_NAMESPACE", "pydock-test")
REGISTRY = "127.0.0.1:5000"
IMAGE = "busybox"  # as docker users write it; loaded from an archive built by tests/stack/busybox_image.py
REMOTE = f"{REGISTRY}/pydock-test/busybox:latest"


def _stack_problem() -> str:
    if not shutil.which("nerdctl"):
        return "nerdctl is not on PATH (run tests/stack/provision.sh)"
    probe = subprocess.run(["nerdctl", "version"], capture_output=True, text=True, timeout=30, check=False)
    if probe.returncode != 0:
        return f"containerd is not reachable: {probe.stderr.strip()[-300:]}"
    try:
        urllib.request.urlopen(f"http://{REGISTRY}/v2/", timeout=5)
    except OSError as e:
        return f"the loopback registry on {REGISTRY} is not up: {e}"
    return ""


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session", autouse=True)
def stack():
    problem = _stack_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"integration tests need the real stack under CI: {problem}")
        pytest.skip(problem)
    os.environ["CONTAINERD_NAMESPACE"] = NAMESPACE
    yield
    leftovers = subprocess.run(["nerdctl", "-n", NAMESPACE, "ps", "-aq"], capture_output=True, text=True,
                               check=False).stdout.split()
    if leftovers:
        subprocess.run(["nerdctl", "-n", NAMESPACE, "rm", "-f", *leftovers], capture_output=True, check=False)


@pytest.fixture(scope="session")
def image_archive(tmp_path_factory) -> Path:
    """The busybox image as an archive (OCI layout + docker save format), built from /bin/busybox."""
    out = tmp_path_factory.mktemp("image") / "busybox.tar"
    subprocess.run([sys.executable, str(ROOT / "tests/stack/busybox_image.py"), str(out)], check=True)
    return out


@pytest.fixture(scope="session")
def busybox(stack, image_archive) -> str:
    """`busybox` present in the test namespace, and pushed to the loopback registry as REMOTE."""
    if not _has_image(IMAGE):
        pydock("load", "-i", str(image_archive), check=True)
    pydock("tag", IMAGE, REMOTE, check=True)
    pydock("push", REMOTE, check=True)
    return IMAGE


def _has_image(name: str) -> bool:
    return name in pydock("images", "--format", "{{.Repository}}").stdout.split()


@pytest.fixture
def name(stack):
    """A fresh container name; whatever carries it is removed afterwards."""
    made: list[str] = []

    def make(prefix: str = "c") -> str:
        made.append(f"pydock-{prefix}-{uuid.uuid4().hex[:8]}")
        return made[-1]

    yield make
    if made:
        subprocess.run(["nerdctl", "-n", NAMESPACE, "rm", "-f", *made], capture_output=True, check=False)


def unique_tag(repo: str = "pydock-it") -> str:
    return f"{repo}:{uuid.uuid4().hex[:8]}"
