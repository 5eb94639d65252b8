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
    """tag, stop and rm of a container that does not run, logs and rmi ask containerd (or read the log)
    themselves; run is one nerdctl command."""
    debug = {"PYDOCK_DEBUG": "1"}
    tag = unique_tag("one")
    stopped = name("one")
    assert commands(pydock("tag", "busybox", tag, env=debug)) == []
    pydock("run", "--name", stopped, "busybox", "true", check=True)
    assert commands(pydock("stop", stopped, env=debug)) == []
    assert commands(pydock("logs", stopped, env=debug)) == []
    assert commands(pydock("rm", stopped, env=debug)) == []
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


def _nerdctl_files(cid: str, name: str) -> list[str]:
    """What nerdctl's data folder still holds of a container: its state folder, hosts file, name."""
    import glob

    return [*glob.glob(f"/var/lib/nerdctl/*/containers/{NAMESPACE}/{cid}"),
            *glob.glob(f"/var/lib/nerdctl/*/etchosts/{NAMESPACE}/{cid}"),
            *glob.glob(f"/var/lib/nerdctl/*/names/{NAMESPACE}/{name}")]


def _leftovers(cid: str) -> list[str]:
    """containerd's and CNI's records of a container: its snapshot, its task's folder, its address."""
    import glob

    snapshots = subprocess.run(["ctr", "-n", NAMESPACE, "snapshots", "ls"], capture_output=True, text=True,
                               check=True).stdout
    addresses = [p for p in glob.glob("/var/lib/cni/networks/*/*") if _holds(p, cid)]
    return [*(["snapshot"] if cid in snapshots else []),
            *glob.glob(f"/run/containerd/io.containerd.runtime.v2.task/{NAMESPACE}/{cid}"), *addresses]


def _holds(path: str, text: str) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return text in f.read()
    except OSError:
        return False


@pytest.mark.parametrize("env", [{}, ASK], ids=["direct", "asked"])
def test_rm_of_containers_that_do_not_run_leaves_nothing_and_frees_their_names(busybox, name, env):
    """rm of a created container and of one whose process ended (its task ended, its address on the bridge
    still held until the task goes) removes everything nerdctl's rm removes, directly or through nerdctl; the
    names can be given again at once."""
    created, ended = name("rm-created"), name("rm-ended")
    debug = {"PYDOCK_DEBUG": "1", **env}
    first = pydock("create", "--name", created, "busybox", "true", check=True).stdout.strip()
    second = pydock("run", "-d", "--name", ended, "busybox", "true", check=True).stdout.strip()
    assert pydock("wait", ended, check=True).stdout == "0\n"
    assert _leftovers(second), "an ended container's task and address stay until it is removed"
    assert _nerdctl_files(first, created) and _nerdctl_files(second, ended)
    removed = pydock("rm", created, second[:12], env=debug)
    assert (removed.returncode, removed.stdout) == (0, f"{created}\n{second[:12]}\n"), removed.stderr
    assert commands(removed) == ([] if not env else [f"nerdctl rm {created} {second[:12]}"])
    for cid, given in ((first, created), (second, ended)):
        assert (_leftovers(cid), _nerdctl_files(cid, given)) == ([], [])
        gone = pydock("inspect", given)
        assert gone.returncode == 1
    again = pydock("run", "--name", ended, "busybox", "true")
    assert again.returncode == 0, again.stderr
    pydock("rm", ended, check=True)


def test_rm_that_containerd_cannot_do_alone_stays_nerdctls(busybox, name):
    """A running container (with and without -f), -v, a missing name among others, a name given twice: nerdctl's
    rm, and docker's words."""
    debug = {"PYDOCK_DEBUG": "1"}
    running, created = name("rm-running"), name("rm-other")
    cid = pydock("run", "-d", "--name", running, "busybox", "sleep", "60", check=True).stdout.strip()
    refused = pydock("rm", running, env=debug)
    assert refused.returncode == 1 and commands(refused) == [f"nerdctl rm {running}"]
    assert f"cannot remove container \"{running}\": container is running" in refused.stderr
    forced = pydock("rm", "-f", running, env=debug)
    assert (forced.returncode, forced.stdout, commands(forced)) == (0, f"{running}\n", [f"nerdctl rm --force {running}"])
    assert _leftovers(cid) == []
    pydock("create", "--name", created, "busybox", "true", check=True)
    mixed = pydock("rm", created, "pydock-nosuch", env=debug)
    assert (mixed.returncode, mixed.stdout) == (1, f"{created}\n")
    assert mixed.stderr.endswith("Error response from daemon: No such container: pydock-nosuch\n")
    assert commands(mixed) == [f"nerdctl rm {created} pydock-nosuch"]
    pydock("create", "--name", created, "busybox", "true", check=True)
    twice = pydock("rm", created, created, env=debug)
    assert (twice.returncode, twice.stdout) == (1, f"{created}\n")
    assert twice.stderr.endswith(f"Error response from daemon: No such container: {created}\n")
    pydock("create", "--name", created, "busybox", "true", check=True)
    with_volumes = pydock("rm", "-v", created, env=debug)
    assert (with_volumes.returncode, commands(with_volumes)) == (0, [f"nerdctl rm --volumes {created}"])
