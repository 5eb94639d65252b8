"""docker push against a self-hosted distribution 2.x registry (issue 9, item 9).

A tag that holds a Docker schema 2 manifest (what classic docker pushed for years) makes containerd's
OCI-only HEAD fail with `400 Bad Request`, in nerdctl and Engine 29 alike. pydock pushes anyway, as
Engine 20.10 does. The schema 2 manifest is put in place here with plain HTTP requests, as classic docker would.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import urllib.request
import uuid

from tests.conftest import pydock
from tests.integration.conftest import REGISTRY

AUTH_REGISTRY = "127.0.0.1:5001"
AUTH = ("pydock", "pydock-secret")  # tests/stack/provision.sh's htpasswd user
SCHEMA2 = "application/vnd.docker.distribution.manifest.v2+json"
OCI_OR_DOCKER = "application/vnd.oci.image.manifest.v1+json, " + SCHEMA2


def _request(method: str, url: str, body: bytes | None = None, headers: dict | None = None, auth=None):
    headers = dict(headers or {})
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(":".join(auth).encode()).decode()
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, dict(resp.headers), resp.read()


def _upload(registry: str, repo: str, data: bytes, auth=None) -> str:
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    _, headers, _ = _request("POST", f"http://{registry}/v2/{repo}/blobs/uploads/", b"", auth=auth)
    location = headers["Location"]
    location = location if location.startswith("http") else f"http://{registry}{location}"
    joiner = "&" if "?" in location else "?"
    _request("PUT", f"{location}{joiner}digest={digest}", data, {"Content-Type": "application/octet-stream"},
             auth=auth)
    return digest


def put_docker_schema2(registry: str, repo: str, tag: str, auth=None) -> str:
    """A tiny image under repo:tag with a Docker schema 2 manifest; returns its digest."""
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w") as tar:
        info = tarfile.TarInfo("hello")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    layer_bytes = layer.getvalue()
    layer_digest = _upload(registry, repo, layer_bytes, auth)
    config = json.dumps({"architecture": "amd64", "os": "linux", "created": "2020-01-01T00:00:00Z",
                         "rootfs": {"type": "layers", "diff_ids": [layer_digest]}, "config": {}}).encode()
    config_digest = _upload(registry, repo, config, auth)
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": SCHEMA2,
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": len(config),
                   "digest": config_digest},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar", "size": len(layer_bytes),
                    "digest": layer_digest}]}).encode()
    _request("PUT", f"http://{registry}/v2/{repo}/manifests/{tag}", manifest, {"Content-Type": SCHEMA2}, auth=auth)
    return "sha256:" + hashlib.sha256(manifest).hexdigest()


def _tag_digest(registry: str, repo: str, tag: str, auth=None) -> str:
    _, headers, _ = _request("HEAD", f"http://{registry}/v2/{repo}/manifests/{tag}", headers={"Accept": OCI_OR_DOCKER},
                             auth=auth)
    return headers["Docker-Content-Digest"]


def _image_id(ref: str) -> str:
    return pydock("image", "inspect", "-f", "{{.Id}}", ref, check=True).stdout.strip()


def test_push_over_a_docker_schema2_tag(busybox):
    repo = f"pydock-test/schema2-{uuid.uuid4().hex[:8]}"
    old = put_docker_schema2(REGISTRY, repo, "1")
    ref = f"{REGISTRY}/{repo}:1"
    pydock("tag", busybox, ref, check=True)
    out = pydock("push", ref)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == f"The push refers to repository [{REGISTRY}/{repo}]"
    assert lines[-1].startswith(f"1: digest: {_image_id(ref)} size: ")
    assert _tag_digest(REGISTRY, repo, "1") == _image_id(ref) != old  # the tag moved
    # the digest name the push used is gone again
    assert "@sha256" not in pydock("images", "--format", "{{.Repository}}:{{.Tag}}", check=True).stdout
    pulled = pydock("pull", ref, check=True).stdout
    assert f"Digest: {_image_id(ref)}" in pulled
    pydock("rmi", ref)


def test_push_again_says_layer_already_exists(busybox):
    ref = f"{REGISTRY}/pydock-test/again-{uuid.uuid4().hex[:8]}:1"
    pydock("tag", busybox, ref, check=True)
    first = pydock("push", ref, check=True).stdout.splitlines()
    assert first[1].endswith(": Pushed")  # Engine 29: no Preparing lines off a terminal
    again = pydock("push", ref, check=True).stdout.splitlines()
    assert again[1].endswith(": Layer already exists")
    assert again[-1] == first[-1]
    assert again[-1].startswith("1: digest: sha256:")  # also when nerdctl's progress names no manifest
    pydock("rmi", ref)


def test_push_over_a_docker_schema2_tag_with_credentials(busybox, tmp_path):
    config = str(tmp_path / "docker-config")
    repo = f"pydock-test/auth-{uuid.uuid4().hex[:8]}"
    put_docker_schema2(AUTH_REGISTRY, repo, "1", auth=AUTH)
    ref = f"{AUTH_REGISTRY}/{repo}:1"
    login = pydock("--config", config, "login", "-u", AUTH[0], "--password-stdin", AUTH_REGISTRY, input=AUTH[1])
    assert login.returncode == 0, login.stderr
    pydock("tag", busybox, ref, check=True)
    out = pydock("--config", config, "push", ref)
    assert out.returncode == 0, out.stderr
    assert AUTH[1] not in out.stdout + out.stderr
    assert _tag_digest(AUTH_REGISTRY, repo, "1", auth=AUTH) == _image_id(ref)
    pydock("rmi", ref)
