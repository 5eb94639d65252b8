"""The small verbs at one nerdctl command (issue #13): tag, rmi, stop of a stopped container, rm, logs and `run`
of an image that is there read containerd's metadata file for what they used to ask nerdctl first. What that
file says must be what nerdctl says, and docker's output, errors and exit codes must not change, read or asked
(PYDOCK_CONTAINERD_API=0)."""

from __future__ import annotations

import json
import subprocess

import pytest

from shim.backends import Context
from shim.backends.nerdctl import containerd_state
from tests.conftest import pydock, ran_nerdctl
from tests.integration.conftest import NAMESPACE, unique_tag

ASK = {"PYDOCK_CONTAINERD_API": "0"}


def nerdctl_json(*argv: str) -> list[dict]:
    out = subprocess.run(["nerdctl", "-n", NAMESPACE, *argv, "--format", "{{json .}}"], capture_output=True,
                         text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def commands(result) -> list[str]:
    """The nerdctl commands PYDOCK_DEBUG showed as they ran."""
    return ran_nerdctl(result.stderr)


def test_containerd_file_says_what_nerdctl_says(busybox, name):
    tag = unique_tag("state")
    pydock("tag", "busybox", tag, check=True)
    cid = pydock("create", "--name", name("state"), "busybox", "true", check=True).stdout.strip()
    try:
        state = containerd_state.read(Context(namespace=NAMESPACE, namespace_given=True), containers=True)
        assert state is not None, "the stack's containerd keeps its file at the default root"
        listed = {(i["Name"], i["Digest"]) for i in nerdctl_json("images")}
        assert {(i["Name"], i["Digest"]) for i in state.images} == listed
        ps = {(c["ID"], c["Names"], c["Image"]) for c in nerdctl_json("ps", "-a", "--no-trunc")}
        assert {(c.id, c.name, c.image) for c in state.containers} == ps
        assert any(c.id == cid for c in state.containers)
    finally:
        pydock("rm", "-f", cid)
        pydock("rmi", tag)


@pytest.mark.parametrize("env", [{}, ASK], ids=["read", "asked"])
def test_small_verbs_answer_as_docker_does(busybox, name, env):
    tag = unique_tag("small")
    stopped = name("small")
    tagged = pydock("tag", "busybox", tag, env=env)
    assert (tagged.returncode, tagged.stdout, tagged.stderr) == (0, "", "")
    assert tag in pydock("images", "--format", "{{.Repository}}:{{.Tag}}").stdout.split()
    pydock("run", "--name", stopped, "busybox", "echo", "hello", check=True)
    assert pydock("stop", stopped, env=env).stdout == f"{stopped}\n"
    assert pydock("logs", stopped, env=env).stdout == "hello\n"
    assert (pydock("rm", stopped, env=env).stdout, pydock("rmi", tag, env=env).stdout) == (
        f"{stopped}\n", f"Untagged: {tag}\n")
    ran = pydock("run", "--rm", "busybox", "echo", "hi", env=env)
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "hi\n", "")
    # failures stay docker's (Engine 29's words, exit 1), whichever way pydock looked
    for argv, words in ((["tag", "pydock-nosuch", tag], "No such image: pydock-nosuch:latest"),
                        (["rmi", "pydock-nosuch"], "No such image: pydock-nosuch:latest"),
                        (["stop", "pydock-nosuch"], "No such container: pydock-nosuch"),
                        (["rm", "pydock-nosuch"], "No such container: pydock-nosuch"),
                        (["logs", "pydock-nosuch"], "No such container: pydock-nosuch")):
        failed = pydock(*argv, env=env)
        assert (failed.returncode, failed.stdout, failed.stderr) == (1, "", f"Error response from daemon: {words}\n")


def test_the_common_path_runs_one_nerdctl_command_or_none(busybox, name):
    """tag, stop of a container that does not run, logs and rmi ask containerd (or read the log) themselves;
    rm and run are one nerdctl command."""
    debug = {"PYDOCK_DEBUG": "1"}
    tag = unique_tag("one")
    stopped = name("one")
    assert commands(pydock("tag", "busybox", tag, env=debug)) == []
    pydock("run", "--name", stopped, "busybox", "true", check=True)
    assert commands(pydock("stop", stopped, env=debug)) == []
    assert commands(pydock("logs", stopped, env=debug)) == []
    assert commands(pydock("rm", stopped, env=debug)) == [f"nerdctl rm {stopped}"]
    assert commands(pydock("rmi", tag, env=debug)) == []
    ran = commands(pydock("run", "--rm", "busybox", "true", env=debug))
    assert len(ran) == 1 and ran[0].startswith("nerdctl run ")
    # asked instead: nerdctl's listing first, as before
    asked = commands(pydock("tag", "busybox", tag, env={**debug, **ASK}))
    assert asked == ["nerdctl images --format '{{json .}}'", f"nerdctl tag busybox {tag}"]
    pydock("rmi", tag, check=True)


def test_run_of_a_missing_image_still_says_so_and_pulls(busybox):
    """docker's "Unable to find image" and its pull lines, when containerd's file has no such name."""
    ref = f"127.0.0.1:5000/pydock-test/{unique_tag('state-pull')}"
    pydock("tag", "busybox", ref, check=True)
    pydock("push", ref, check=True)
    pydock("rmi", ref, check=True)
    try:
        ran = pydock("run", "--rm", ref, "echo", "hi")
        assert (ran.returncode, ran.stdout) == (0, "hi\n")
        tag = ref.rsplit(":", 1)[1]
        assert ran.stderr.startswith(f"Unable to find image '{ref}' locally\n{tag}: Pulling from ")
        assert ran.stderr.endswith(f"Status: Downloaded newer image for {ref}\n")
        again = pydock("run", "--rm", ref, "echo", "hi")  # there now: no pull
        assert (again.returncode, again.stdout, again.stderr) == (0, "hi\n", "")
    finally:
        pydock("rmi", ref)


def test_stop_of_a_detached_rm_container_removes_it_read_or_asked(busybox, name):
    for env in ({}, ASK):
        wanted = name("auto")
        pydock("run", "-d", "--rm", "--name", wanted, "busybox", "sleep", "60", check=True)
        assert pydock("stop", "-t", "1", wanted, env=env).stdout == f"{wanted}\n"
        gone = pydock("inspect", "-f", "{{.Name}}", wanted)
        assert (gone.returncode, gone.stderr) == (1, f"Error: No such object: {wanted}\n")


def test_an_image_id_is_taken_back_without_asking_nerdctl(busybox):
    """docker takes an image ID where a name goes; pydock finds a name of that image in containerd's file."""
    image_id = pydock("images", "-q", "busybox", check=True).stdout.strip()
    tag = unique_tag("by-id")
    for env in ({"PYDOCK_DEBUG": "1"}, {"PYDOCK_DEBUG": "1", **ASK}):
        tagged = pydock("tag", image_id, tag, env=env)
        assert tagged.returncode == 0, tagged.stderr
        ran = commands(tagged)
        if env.keys() == {"PYDOCK_DEBUG"}:  # read: containerd tags it, nerdctl is not asked at all
            assert ran == []
        else:  # asked: `nerdctl images` for the ID, and for what the target names, then nerdctl's tag
            assert ran[:-1] == ["nerdctl images --format '{{json .}}'"] * 2
            assert ran[-1].startswith("nerdctl tag ") and ran[-1].endswith(f" {tag}")
        assert pydock("images", "-q", tag, check=True).stdout.strip() == image_id
    pydock("rmi", tag, check=True)
