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
