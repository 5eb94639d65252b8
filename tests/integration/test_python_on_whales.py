"""pydock driven by a client written by others: python-on-whales (PyPI), which runs the `docker` executable it
is given and parses what it prints into strict pydantic models, and maps docker's error wording to its own
exceptions. Every one of the 13 verbs, inspect, version and info go through it here; what the tests expect
is what the same calls give on Docker Engine. (`make clients` runs python-on-whales' own tests.)"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from python_on_whales import DockerClient
from python_on_whales.exceptions import (
    DockerException,
    NoSuchContainer,
    NoSuchImage,
    NoSuchNetwork,
    NoSuchVolume,
)

from tests.clients.standin_images import HELLO, Standin, archive
from tests.conftest import PYDOCK
from tests.integration.conftest import REGISTRY, REMOTE, unique_tag

CREATED = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)  # the test images' config `created`


@pytest.fixture(scope="module")
def docker(busybox) -> DockerClient:
    """python-on-whales with pydock as its docker (the tests' namespace comes from CONTAINERD_NAMESPACE)."""
    return DockerClient(client_call=[PYDOCK])


def _gone(check, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


# ---- version, info -------------------------------------------------------------------------------------
def test_version_parses(docker):
    version = docker.version()
    assert version.client.version == "28.2.2"
    assert version.client.api_version and version.server is not None
    # Engine 29 speaks API 1.56; docker CLI 28.2.2 talks 1.50 to it
    assert (version.server.api_version, version.client.api_version) == ("1.56", "1.50")


def test_info_parses(docker):
    info = docker.system.info()
    assert info.os_type == "linux"
    assert isinstance(info.containers, int) and isinstance(info.images, int)
    assert info.server_version


# ---- images: pull, images, tag, push, save, load, rmi, image inspect -----------------------------------
def test_image_inspect(docker):
    image = docker.image.inspect("busybox")
    assert image.id.startswith("sha256:")
    assert "busybox:latest" in image.repo_tags
    assert image.created == CREATED
    assert (image.os, image.config.cmd) == ("linux", ["sh"])


def test_image_inspect_without_history(docker, tmp_path):
    """`Created` comes from the image config, also when the config has no history (issue 9, item 1)."""
    tag = unique_tag("pydock-pow-nohist")
    path = tmp_path / "nohist.tar"
    path.write_bytes(archive(Standin((tag,), ["/hello"], {"hello": HELLO}), history=False))
    assert docker.image.load(path) == [tag]
    try:
        assert docker.image.inspect(tag).created == CREATED
        assert tag in {t for image in docker.image.list() for t in image.repo_tags}
    finally:
        docker.image.remove(tag, force=True)


def test_images_lists_busybox(docker):
    tags = {tag for image in docker.image.list() for tag in image.repo_tags}
    assert "busybox:latest" in tags


def test_pull_from_loopback_registry(docker):
    docker.image.remove(REMOTE, force=True)
    assert not docker.image.exists(REMOTE)
    image = docker.image.pull(REMOTE, quiet=True)
    assert REMOTE in image.repo_tags


def test_tag_and_rmi(docker):
    tag = unique_tag("pydock-pow")
    docker.image.tag("busybox", tag)
    assert tag in docker.image.inspect(tag).repo_tags
    docker.image.remove(tag)
    assert not docker.image.exists(tag)


def test_push_and_pull_back(docker):
    ref = f"{REGISTRY}/pydock-pow/busybox:{unique_tag().rsplit(':', 1)[1]}"
    docker.image.tag("busybox", ref)
    docker.image.push(ref, quiet=True)
    docker.image.remove(ref)
    assert ref in docker.image.pull(ref, quiet=True).repo_tags
    docker.image.remove(ref)


def test_save_and_load(docker, tmp_path):
    tag = unique_tag("pydock-pow-save")
    docker.image.tag("busybox", tag)
    path = tmp_path / "saved.tar"
    docker.image.save(tag, output=path)
    docker.image.remove(tag)
    assert docker.image.load(path) == [tag]
    assert docker.image.exists(tag)
    docker.image.remove(tag)


# ---- containers: run, ps, stop, rm, exec, logs, inspect ------------------------------------------------
def test_run_output_and_exit_code(docker):
    assert docker.run("busybox", ["echo", "hello"], remove=True) == "hello"
    with pytest.raises(DockerException) as failed:
        docker.run("busybox", ["sh", "-c", "echo oops >&2; exit 3"], remove=True)
    assert failed.value.return_code == 3


def test_run_ps_stop_rm(docker, name):
    container = docker.run("busybox", ["sleep", "60"], detach=True, name=name("pow"))
    assert container.state.running
    assert container in docker.container.list()
    docker.container.stop(container, time=1)
    container.reload()
    assert not container.state.running
    assert container not in docker.container.list()
    assert container in docker.container.list(all=True)
    docker.container.remove(container)
    assert not container.exists()


def test_exec_and_logs(docker, name):
    with docker.run("busybox", ["sh", "-c", "echo out; echo err >&2; sleep 60"], detach=True,
                    name=name("pow")) as container:
        assert _gone(lambda: "err" not in docker.container.logs(container))
        assert docker.container.logs(container) in ("out\nerr\n", "err\nout\n")
        assert docker.execute(container, ["echo", "from exec"]) == "from exec"
        with pytest.raises(DockerException) as failed:
            docker.execute(container, ["sh", "-c", "exit 5"])
        assert failed.value.return_code == 5


def test_container_inspect_model(docker, name):
    wanted = name("pow")
    container = docker.container.create("busybox", ["true"], name=wanted, envs={"A": "b"})
    assert container.name == wanted
    assert container.config.image == "busybox"
    assert container.config.cmd == ["true"]
    assert "A=b" in container.config.env
    assert container.state.status == "created"
    assert container.host_config.auto_remove is False
    container.start()
    assert _gone(lambda: container.reload() or container.state.running)
    assert (container.state.status, container.state.exit_code) == ("exited", 0)
    container.remove()


def test_detached_remove_is_auto_remove(docker, name):
    """`run -d --rm`: inspect says AutoRemove, so the client leaves the removal to the engine (issue 9,
    item 5: before, its own `rm` raced pydock's and failed with nerdctl's words)."""
    with docker.run("busybox", ["sleep", "60"], detach=True, remove=True, name=name("pow")) as container:
        assert container.host_config.auto_remove is True
    assert _gone(container.exists)


# ---- missing objects: docker's words, which python-on-whales maps to its exceptions (item 5) -------------
MISSING = "pydock-pow-nosuch"


@pytest.mark.parametrize("call", [
    lambda d: d.container.inspect(MISSING),
    lambda d: d.container.stop(MISSING),
    lambda d: d.container.kill(MISSING),
    lambda d: d.container.remove(MISSING),
    lambda d: d.container.logs(MISSING),
    lambda d: d.container.start(MISSING),
    lambda d: d.container.restart(MISSING),
    lambda d: d.container.pause(MISSING),
    lambda d: d.container.unpause(MISSING),
    lambda d: d.container.wait(MISSING),
    lambda d: d.container.rename(MISSING, "pydock-pow-x"),
    lambda d: d.container.diff(MISSING),
    lambda d: d.container.commit(MISSING, tag="pydock-pow-x:1"),
    lambda d: d.container.export(MISSING, "/tmp/pydock-pow-x.tar"),
    lambda d: d.execute(MISSING, ["true"]),
    lambda d: d.container.copy((MISSING, "/etc/hostname"), "/tmp/pydock-pow-x"),
], ids=["inspect", "stop", "kill", "rm", "logs", "start", "restart", "pause", "unpause", "wait", "rename", "diff",
        "commit", "export", "exec", "cp"])
def test_missing_container(docker, call):
    with pytest.raises(NoSuchContainer):
        call(docker)


@pytest.mark.parametrize("call", [
    lambda d: d.image.inspect(MISSING),
    lambda d: d.image.remove(MISSING),
    lambda d: d.image.tag(MISSING, "pydock-pow-x"),
    lambda d: d.image.save(MISSING, output="/tmp/pydock-pow-x.tar"),
], ids=["inspect", "rmi", "tag", "save"])
def test_missing_image(docker, call):
    with pytest.raises(NoSuchImage):
        call(docker)


def test_missing_volume_and_network(docker):
    with pytest.raises(NoSuchVolume):
        docker.volume.inspect(MISSING)
    with pytest.raises(NoSuchVolume):
        docker.volume.remove(MISSING)
    with pytest.raises(NoSuchNetwork):
        docker.network.inspect(MISSING)
    with pytest.raises(NoSuchNetwork):
        docker.network.remove(MISSING)
