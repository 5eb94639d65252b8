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


def push(*argv: str):
    module, canonical = spec.PATHS["push"]
    return backend.translate(parse_command(list(argv), spec.get(module), canonical), Context())


def test_push_prints_dockers_lines():
    plan = push("127.0.0.1:5000/app:1")
    assert plan.argv == ["nerdctl", "push", "127.0.0.1:5000/app:1"]
    inspect = plan.then(Result(0, NERDCTL_OUT))
    assert inspect.argv[-3:] == ["--format", "{{json .Image.Target}}", "127.0.0.1:5000/app:1"]
    done = inspect.then(Result(0, TARGET))
    assert done.stdout == ("The push refers to repository [127.0.0.1:5000/app]\n5c86fe36ea68: Preparing\n"
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
    assert first.argv == ["nerdctl", "push", "127.0.0.1:5000/app:1"]
    second = first.then(Result(0, NERDCTL_OUT)).then(Result(0, TARGET))
    assert second.argv == ["nerdctl", "push", "127.0.0.1:5000/app:2"]
    done = second.then(Result(0, NERDCTL_OUT)).then(Result(0, TARGET))
    assert done.stdout == "127.0.0.1:5000/app\n"


def test_push_of_a_missing_tag():
    gone = 'time="x" level=fatal msg="image \\"127.0.0.1:5000/app:9\\": not found"'
    done = push("127.0.0.1:5000/app:9").then(Result(1, b"", [gone]))
    assert isinstance(done, Done)
    assert (done.code, done.stdout, done.stderr) == (
        1, "The push refers to repository [127.0.0.1:5000/app]\n",
        "An image does not exist locally with the tag: 127.0.0.1:5000/app")
