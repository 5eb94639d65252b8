"""`docker commit --change` applied as Docker Engine applies it (shim/commit_changes.py), one rule per case."""

from __future__ import annotations

import pytest

from shim.commit_changes import ChangeError, apply, check

BASE = {"Env": ["PATH=/bin", "A=old"], "Cmd": ["sh"], "WorkingDir": "/srv", "Labels": {"x": "1"}}


@pytest.mark.parametrize(("changes", "expected"), [
    (["ENV A=b C=d"], {"Env": ["PATH=/bin", "A=b", "C=d"]}),
    (["env B two words"], {"Env": ["PATH=/bin", "A=old", "B=two words"]}),  # the old form, any case
    (['LABEL k=v "spaced key"="v w"'], {"Labels": {"x": "1", "k": "v", "spaced key": "v w"}}),
    (["EXPOSE 8080 53/udp"], {"ExposedPorts": {"8080/tcp": {}, "53/udp": {}}}),
    (['CMD ["cat", "/f"]'], {"Cmd": ["cat", "/f"]}),
    (["CMD echo hi"], {"Cmd": ["/bin/sh", "-c", "echo hi"]}),
    (['ENTRYPOINT ["echo"]'], {"Entrypoint": ["echo"], "Cmd": None}),  # a new ENTRYPOINT drops the CMD
    (['ENTRYPOINT ["echo"]', "CMD x"], {"Entrypoint": ["echo"], "Cmd": ["/bin/sh", "-c", "x"]}),
    (["WORKDIR sub", "WORKDIR /abs"], {"WorkingDir": "/abs"}),
    (["WORKDIR sub"], {"WorkingDir": "/srv/sub"}),
    (["USER nobody"], {"User": "nobody"}),
    (["VOLUME /data", 'VOLUME ["/a", "/b"]'], {"Volumes": {"/data": {}, "/a": {}, "/b": {}}}),
    (["STOPSIGNAL SIGUSR1"], {"StopSignal": "SIGUSR1"}),
    (["ONBUILD RUN true"], {"OnBuild": ["RUN true"]}),
])
def test_changes(changes, expected):
    check(changes)
    assert apply(BASE, changes) == {**BASE, **expected}


@pytest.mark.parametrize(("change", "message"), [
    ("FROM busybox", "FROM is not a valid change command"),
    ("bogus x", "BOGUS is not a valid change command"),
    ("RUN true", "RUN is not a valid change command"),
])
def test_refused(change, message):
    with pytest.raises(ChangeError) as err:
        check(["ENV A=1", change])
    assert str(err.value) == message


def test_commit_refuses_a_bad_reference_before_anything_runs():
    from shim.backends import Context
    from shim.backends.nerdctl.commit import translate_commit
    from shim.errors import DockerError
    from shim.parse import parse_command
    from shim.spec.others import lookup

    with pytest.raises(DockerError) as err:
        translate_commit(parse_command(["c", "Bad:Name"], lookup("commit")[1], "commit"), Context())
    assert (err.value.code, err.value.message) == (
        1, "invalid reference format: repository name (library/Bad) must be lowercase")


def _oci_archive(path, config: dict) -> None:
    """nerdctl save's archive, as far as commit reads it: index.json → manifest → config."""
    import hashlib
    import io
    import json
    import tarfile

    blobs = {}

    def put(data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        blobs[f"blobs/sha256/{digest}"] = data
        return f"sha256:{digest}"

    config_digest = put(json.dumps({"architecture": "amd64", "config": config}).encode())
    manifest = put(json.dumps({"config": {"digest": config_digest, "size": 1}, "layers": []}).encode())
    files = {**blobs, "index.json": json.dumps({"manifests": [{"digest": manifest, "size": 1}]}).encode()}
    with tarfile.open(path, "w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_over_ssh_the_archive_comes_here_through_ssh_and_goes_back_on_loads_stdin(tmp_path):
    """commit --change over the ssh transport: `save` to stdout (ssh's, into a private file here), the config
    rewritten here, the archive streamed into the remote `load`'s stdin (no path of this machine's on the remote)."""
    import json
    import os
    import tarfile

    from shim import ssh_transport
    from shim.backends import Context
    from shim.backends.nerdctl.commit import translate_commit
    from shim.parse import parse_command
    from shim.plan import ARCHIVE, STREAM, Result
    from shim.spec.others import lookup

    ctx = Context("nerdctl", "nerdctl", scratch=str(tmp_path / "s"), remote=(ssh_transport.parse("ssh://h"), False))
    parsed = parse_command(["--change", "ENV A=b", "c", "img:1"], lookup("commit")[1], "commit")
    commit = translate_commit(parsed, ctx)
    assert commit.argv[-3:] == ["commit", "c", "img:1"]
    save = commit.then(Result(0))
    assert save.argv[-2:] == ["save", "img:1"] and (save.stdout_to, save.archive_to) == (ARCHIVE, f"{tmp_path}/s.commit.tar")
    _oci_archive(save.archive_to, {"Env": ["PATH=/bin"]})
    load = save.then(Result(0))
    assert load.argv[-1] == "load" and load.stdin == STREAM
    read_end, write_end = os.pipe()
    load.stdin_tap(write_end)
    with open(read_end, "rb") as sent, open(tmp_path / "sent.tar", "wb") as out:
        out.write(sent.read())  # the whole archive, then its end (the writer closed the pipe)
    with tarfile.open(tmp_path / "sent.tar") as tar:
        index = json.loads(tar.extractfile("index.json").read())
        manifest = json.loads(tar.extractfile(f"blobs/sha256/{index['manifests'][0]['digest'][7:]}").read())
        config = json.loads(tar.extractfile(f"blobs/sha256/{manifest['config']['digest'][7:]}").read())
    assert config["config"]["Env"] == ["PATH=/bin", "A=b"]
