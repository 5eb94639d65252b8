"""docker's contexts on the real stack: a context made by pydock reaches containerd at its socket, in its own
namespace; docker (Engine 29, the reference) uses a context pydock made, pydock's own fields and all."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import DOCKER_CLI, pydock
from tests.integration.conftest import NAMESPACE

ELSEWHERE = f"{NAMESPACE}-contexts-elsewhere"  # the ambient namespace: the context must override it
REF29 = "unix:///run/pydock-ref29/docker.sock"


def _in(config, *argv: str, **env: str):
    return pydock(*argv, env={"DOCKER_CONFIG": str(config), "CONTAINERD_NAMESPACE": ELSEWHERE, **env})


def test_a_context_runs_in_its_namespace_on_its_socket(busybox, tmp_path):
    made = _in(tmp_path, "context", "create", "contexts-it", "--docker", "host=unix:///run/containerd/containerd.sock",
               "--pydock", f"namespace={NAMESPACE}")
    assert made.returncode == 0, made.stderr
    ran = _in(tmp_path, "--context", "contexts-it", "run", "--rm", "busybox", "echo", "in the context")
    assert (ran.returncode, ran.stdout) == (0, "in the context\n"), ran.stderr
    listed = _in(tmp_path, "--context", "contexts-it", "images", "--format", "{{.Repository}}").stdout.split()
    assert "busybox" in listed
    assert "busybox" not in _in(tmp_path, "images", "--format", "{{.Repository}}").stdout.split()
    assert _in(tmp_path, "context", "use", "contexts-it").returncode == 0
    assert "busybox" in _in(tmp_path, "images", "--format", "{{.Repository}}").stdout.split()
    # -H and DOCKER_HOST name the default context: the ambient namespace again
    host = _in(tmp_path, "images", "--format", "{{.Repository}}", DOCKER_HOST="unix:///run/containerd/containerd.sock")
    assert "busybox" not in host.stdout.split()


def test_a_context_at_a_socket_nothing_serves(tmp_path):
    assert _in(tmp_path, "context", "create", "contexts-none", "--docker", "host=unix:///run/contexts-none.sock")\
        .returncode == 0
    failed = _in(tmp_path, "--context", "contexts-none", "ps")
    assert failed.returncode == 1
    assert "unix:///run/contexts-none.sock" in failed.stderr, failed.stderr


@pytest.mark.skipif(not DOCKER_CLI or not os.path.exists("/run/pydock-ref29/docker.sock"),
                    reason="the reference docker engine is not running")
def test_docker_uses_a_context_pydock_made(tmp_path):
    made = _in(tmp_path, "context", "create", "contexts-ref", "--docker", f"host={REF29}",
               "--pydock", "namespace=ignored-by-docker", "--description", "reference engine")
    assert made.returncode == 0, made.stderr
    env = {**{k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "DOCKER_CONTEXT")},
           "DOCKER_CONFIG": str(tmp_path)}
    answer = subprocess.run(["flock", "/tmp/pydock-ref.lock", DOCKER_CLI, "--context", "contexts-ref", "version",
                             "--format", "{{.Server.APIVersion}}"], capture_output=True, text=True, env=env,
                            timeout=60, check=False)
    assert answer.returncode == 0 and answer.stdout.strip(), answer.stderr
