"""docker push's output and --all-tags through the nerdctl backend (no runtime)."""

from __future__ import annotations

import json

from shim import spec
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.parse import parse_command
from shim.plan import Done, Result

LAYER = "5c86fe36ea686ad295cea495aed5a5f55a75690ca2ec66083e847e10c4f256c8"
MANIFEST = "sha256:9af8f050bf31a4334587326af8dd4ff498267579b8e04f879e9c816aec7cd089"
NERDCTL_OUT = (f"manifest-1@{MANIFEST}: done |+++|\nlayer-sha256:{LAYER}:  done |+++|\n"
               "config-sha256:9584c1682cd5:  done |+++|\nelapsed: 0.1 s\n").encode()
TARGET = json.dumps({"digest": MANIFEST, "size": 417}).encode()


def _sent(digest: str, method: str = "PUT") -> str:
    return (f'time="x" level=debug msg="do request" digest="sha256:{digest}" mediatype=application/vnd.oci.image.'
            f'layer.v1.tar request.method={method} size=2140160 url="http://127.0.0.1:5000/v2/app/blobs/uploads/"')


def push(*argv: str):
    module, canonical = spec.PATHS["push"]
    return backend.translate(parse_command(list(argv), spec.get(module), canonical), Context())


def test_push_prints_dockers_lines():
    plan = push("127.0.0.1:5000/app:1")
    assert plan.argv == ["nerdctl", "--debug", "push", "127.0.0.1:5000/app:1"]  # debug records: what was sent
    inspect = plan.then(Result(0, NERDCTL_OUT, [_sent(LAYER)]))
    assert inspect.argv[-3:] == ["--format", "{{json .Image.Target}}", "127.0.0.1:5000/app:1"]
    done = inspect.then(Result(0, TARGET))
    # Engine 29 prints no Preparing lines when its output is not a terminal
    assert done.stdout == ("The push refers to repository [127.0.0.1:5000/app]\n"
                           f"5c86fe36ea68: Pushed\n1: digest: {MANIFEST} size: 417\n")


def test_push_quiet_prints_the_reference_only():
    done = push("-q", "127.0.0.1:5000/app:1").then(Result(0, NERDCTL_OUT)).then(Result(0, TARGET))
    assert done.stdout == "127.0.0.1:5000/app:1\n"


def test_push_without_tag_says_so():
    done = push("127.0.0.1:5000/app").then(Result(0, NERDCTL_OUT)).then(Result(0, TARGET))
    assert done.stdout.startswith("Using default tag: latest\nThe push refers to repository [127.0.0.1:5000/app]\n")


def test_push_all_tags_pushes_each_local_tag():
    listing = "\n".join(json.dumps({"Name": n}) for n in ("127.0.0.1:5000/app:1", "127.0.0.1:5000/app:2",
                                                           "127.0.0.1:5000/other:1")).encode()
    first = push("-a", "-q", "127.0.0.1:5000/app").then(Result(0, listing))
    assert first.argv == ["nerdctl", "--debug", "push", "127.0.0.1:5000/app:1"]
    second = first.then(Result(0, NERDCTL_OUT)).then(Result(0, TARGET))
    assert second.argv == ["nerdctl", "--debug", "push", "127.0.0.1:5000/app:2"]
    done = second.then(Result(0, NERDCTL_OUT)).then(Result(0, TARGET))
    assert done.stdout == "127.0.0.1:5000/app\n"


def test_push_of_a_missing_tag():
    gone = 'time="x" level=fatal msg="image \\"127.0.0.1:5000/app:9\\": not found"'
    done = push("127.0.0.1:5000/app:9").then(Result(1, b"", [gone]))
    assert isinstance(done, Done)
    assert (done.code, done.stdout, done.stderr) == (
        1, "The push refers to repository [127.0.0.1:5000/app]\n",
        "tag does not exist: 127.0.0.1:5000/app:9")  # Engine 29's words


def test_layers_the_registry_had_already_exist():
    done = push("127.0.0.1:5000/app:1").then(Result(0, NERDCTL_OUT, [_sent(LAYER, "HEAD")])).then(Result(0, TARGET))
    assert done.stdout.splitlines()[1:2] == ["5c86fe36ea68: Layer already exists"]


HEAD_400 = ('time="x" level=fatal msg="failed to push: unexpected status from HEAD request to '
            'http://127.0.0.1:5000/v2/app/manifests/1: 400 Bad Request"')


def test_a_tag_holding_a_docker_schema2_manifest_is_pushed_by_digest_then_moved():
    by_digest = f"127.0.0.1:5000/app@{MANIFEST}"
    inspect = push("127.0.0.1:5000/app:1").then(Result(1, b"", [HEAD_400]))
    assert inspect.argv[-3:] == ["--format", "{{json .Image.Target}}", "127.0.0.1:5000/app:1"]
    tag = inspect.then(Result(0, TARGET))
    assert tag.argv == ["nerdctl", "tag", "127.0.0.1:5000/app:1", by_digest]
    upload = tag.then(Result(0))
    assert upload.argv == ["nerdctl", "--debug", "push", by_digest]  # no tag: nothing for containerd to check
    untag = upload.then(Result(0, NERDCTL_OUT, [_sent(LAYER)]))
    assert untag.argv == ["nerdctl", "rmi", by_digest]
    retag = untag.then(Result(0))
    assert retag.argv[1:] == ["-m", "shim.registry", "retag", "127.0.0.1:5000/app:1", MANIFEST]
    done = retag.then(Result(0))
    assert done.stdout == ("The push refers to repository [127.0.0.1:5000/app]\n"
                           f"5c86fe36ea68: Pushed\n1: digest: {MANIFEST} size: 417\n")
    failed = untag.then(Result(0)).then(Result(1, b"", ["pydock-registry: failed to tag x: denied: no"]))
    assert (failed.code, failed.stderr) == (1, "failed to tag x: denied: no")
