"""`docker import`'s image as pydock makes it: --change instructions, config, OCI layout (no runtime)."""

from __future__ import annotations

import gzip
import io
import json
import tarfile

import pytest

from shim import image_import
from shim.image_import import ChangeError, apply_changes


@pytest.mark.parametrize(("changes", "config"), [
    ([], {}),
    (['CMD ["/bin/echo", "hi"]'], {"Cmd": ["/bin/echo", "hi"]}),
    (["CMD echo hi"], {"Cmd": ["/bin/sh", "-c", "echo hi"]}),  # the shell form, as a Dockerfile has it
    (['ENTRYPOINT ["/bin/echo"]', "cmd x"], {"Entrypoint": ["/bin/echo"], "Cmd": ["/bin/sh", "-c", "x"]}),
    (["ENV A=b", 'ENV C="d e" A=z'], {"Env": ["C=d e", "A=z"]}),
    (["ENV LEGACY a b"], {"Env": ["LEGACY=a b"]}),
    (["EXPOSE 80 53/udp"], {"ExposedPorts": {"80/tcp": {}, "53/udp": {}}}),
    (["LABEL a=1 b=2"], {"Labels": {"a": "1", "b": "2"}}),
    (['VOLUME ["/data"]', "VOLUME /a /b"], {"Volumes": {"/data": {}, "/a": {}, "/b": {}}}),
    (["USER nobody", "WORKDIR /tmp", "STOPSIGNAL SIGINT"], {"User": "nobody", "WorkingDir": "/tmp", "StopSignal": "SIGINT"}),
    (["ONBUILD RUN true"], {"OnBuild": ["RUN true"]}),
    (["HEALTHCHECK NONE"], {"Healthcheck": {"Test": ["NONE"]}}),
    (["HEALTHCHECK CMD true"], {"Healthcheck": {"Test": ["CMD-SHELL", "true"]}}),
])
def test_changes(changes, config):
    assert apply_changes(changes) == config


@pytest.mark.parametrize(("change", "message"), [
    ("BOGUS x", "BOGUS is not a valid change command"),
    ("RUN echo", "RUN is not a valid change command"),  # needs a build
    ("from busybox", "from is not a valid change command"),  # named as given
])
def test_invalid_changes_are_dockers_words(change, message):
    with pytest.raises(ChangeError) as err:
        apply_changes([change])
    assert str(err.value) == message


def _rootfs(tmp_path, compress=False):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("etc/hello")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"hi\n"))
    path = tmp_path / ("rootfs.tar.gz" if compress else "rootfs.tar")
    path.write_bytes(gzip.compress(buf.getvalue()) if compress else buf.getvalue())
    return path, buf.getvalue()


@pytest.mark.parametrize("compress", [False, True])
def test_layout_holds_the_uncompressed_layer_and_dockers_config(tmp_path, compress):
    import hashlib

    rootfs, plain = _rootfs(tmp_path, compress)
    diff_id, size = image_import.layer_digest(str(rootfs))
    assert (diff_id, size) == ("sha256:" + hashlib.sha256(plain).hexdigest(), len(plain))
    config = image_import.image_config(diff_id, {"Cmd": ["sh"]}, "", "2026-01-02T03:04:05.000000Z", ("linux", "amd64"))
    out = tmp_path / "layout.tar"
    image_id, index_digest = image_import.write_layout(str(out), str(rootfs), diff_id, size, config,
                                                       "docker.io/library/x:1")
    with tarfile.open(out) as tar:
        index = tar.extractfile("index.json").read()
        manifest = tar.extractfile(f"blobs/sha256/{image_id[7:]}").read()
        assert tar.extractfile(f"blobs/sha256/{diff_id[7:]}").read() == plain
        blob = json.loads(tar.extractfile("blobs/sha256/" + json.loads(manifest)["config"]["digest"][7:]).read())
    assert index_digest == "sha256:" + hashlib.sha256(index).hexdigest()
    assert json.loads(index)["manifests"][0]["annotations"]["io.containerd.image.name"] == "docker.io/library/x:1"
    assert blob["history"] == [{"created": "2026-01-02T03:04:05.000000Z", "comment": "Imported from -"}]
    assert (blob["config"], blob["rootfs"]["diff_ids"], blob["os"]) == ({"Cmd": ["sh"]}, [diff_id], "linux")


def test_garbage_is_not_a_layer(tmp_path):
    garbage = tmp_path / "g.tar"
    garbage.write_bytes(b"garbage\n" * 512)
    with pytest.raises(ValueError, match="archive/tar: invalid tar header"):
        image_import.layer_digest(str(garbage))


def _translate(tmp_path, *argv: str):
    from shim.backends import Context
    from shim.backends import nerdctl as backend
    from shim.parse import parse_command
    from shim.spec import others

    canonical, command = others.lookup("import")
    parsed = parse_command(list(argv), command, canonical)
    return backend.translate(parsed, Context(scratch=str(tmp_path / ".pydock-1")))


def test_import_loads_the_image_pydock_made_and_prints_its_id(tmp_path):
    from shim.plan import CAPTURE, PREPARE, RELAY, Done, Result

    rootfs, _ = _rootfs(tmp_path)
    first = _translate(tmp_path, "-c", "CMD sh", "-m", "msg", str(rootfs), "x:1")
    assert first.mode == PREPARE and first.cleanup == (str(tmp_path / ".pydock-1-import.tar"),)
    listing = first.then(Result(0))
    assert listing.argv == ["nerdctl", "images", "--format", "{{json .}}"]
    # x:1 names another image, which docker keeps unnamed: so does pydock, before the name moves
    old = {"Name": "docker.io/library/x:1", "Digest": "sha256:" + "e" * 64}
    keep = listing.then(Result(0, json.dumps(old).encode()))
    assert keep.argv == ["nerdctl", "tag", "docker.io/library/x:1", "import@sha256:" + "e" * 64]
    load = keep.then(Result(0))
    assert (load.argv, load.mode, load.stdin, load.stdin_file) == (["nerdctl", "load"], CAPTURE, RELAY,
                                                                   first.cleanup[0])
    with tarfile.open(first.cleanup[0]) as tar:
        index = json.loads(tar.extractfile("index.json").read())
    cleanup = load.then(Result(0))
    assert cleanup.argv[:3] == ["nerdctl", "rmi", "--force"] and cleanup.argv[3].startswith("import@sha256:")
    done = cleanup.then(Result(0))
    assert isinstance(done, Done) and done.stdout == index["manifests"][0]["digest"] + "\n"


def test_import_refusals_are_dockers(tmp_path):
    from shim.errors import DockerError
    from shim.plan import Result

    rootfs, _ = _rootfs(tmp_path)
    with pytest.raises(DockerError) as err:  # the client's, before anything is sent: no daemon prefix
        _translate(tmp_path, str(rootfs), "Bad-Name")
    assert err.value.message == "invalid reference format: repository name (library/Bad-Name) must be lowercase"
    done = _translate(tmp_path, "-c", "RUN true", str(rootfs)).then(Result(0))
    assert (done.code, done.stderr) == (1, "Error response from daemon: RUN is not a valid change command")
