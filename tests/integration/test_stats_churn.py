"""`stats` without container names while containers come and go: nerdctl 2.3.5 given no names panics on a
container created in any other namespace (its event handler loads it in its own and uses the failed result), so
pydock lists the containers itself and names them. Found by python-on-whales' test_stats_all through pydock.

The namespaces are this file's own (pydock-stats…): `stats` with no names shows every container of its namespace,
which the shared test namespace would fill with other tests' containers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import uuid

import pytest

from tests.conftest import PYDOCK, pydock, ran_nerdctl

NAMESPACE = "pydock-stats"
OTHER = "pydock-stats-other"  # where containers are created and removed all the time
EMPTY = "pydock-stats-empty"  # never holds a container
HERE = {"CONTAINERD_NAMESPACE": NAMESPACE}
# what docker 28.2.2 prints on Engine 29 for no containers (measured)
HEADER = "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n"
OTHER_IMAGE = "docker.io/library/busybox:latest"


@pytest.fixture(scope="module")
def spaces(busybox, image_archive):
    """busybox in this file's namespaces, which hold no containers before and after."""
    _emptied()
    for ns in (NAMESPACE, OTHER):
        pydock("load", "-i", str(image_archive), env={"CONTAINERD_NAMESPACE": ns}, check=True)
    yield
    _emptied()


@pytest.fixture(autouse=True)
def _own_containers():
    """Each test sees its own containers only."""
    yield
    _emptied((NAMESPACE,))


def _emptied(spaces: tuple[str, ...] = (NAMESPACE, OTHER)) -> None:
    for ns in spaces:
        left = subprocess.run(["nerdctl", "-n", ns, "ps", "-aq"], capture_output=True, text=True,
                              check=False).stdout.split()
        if left:
            subprocess.run(["nerdctl", "-n", ns, "rm", "-f", *left], capture_output=True, check=False)


class Churn:
    """Container records created and removed in the other namespace in a tight loop, as Kubernetes' namespace
    churns on a node (a record's creation is what nerdctl's handler trips on)."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.made = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            cid = f"pydock-stats-churn-{uuid.uuid4().hex[:8]}"
            subprocess.run(["ctr", "-n", OTHER, "containers", "create", OTHER_IMAGE, cid], capture_output=True,
                           check=False)
            subprocess.run(["ctr", "-n", OTHER, "containers", "rm", cid], capture_output=True, check=False)
            self.made += 1

    def __enter__(self) -> Churn:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=30)


def _started(*command: str, name: str = "") -> str:
    cname = name or f"pydock-stats-{uuid.uuid4().hex[:8]}"
    return pydock("run", "-d", "--name", cname, "busybox", *command, env=HERE, check=True).stdout.strip()


def _rows(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_stats_of_all_survives_another_namespace_churning(spaces):
    steady = _started("sleep", "300")
    created = pydock("create", "busybox", "true", env=HERE, check=True).stdout.strip()  # newer, never started
    with Churn() as churn:
        for _ in range(10):
            done = pydock("stats", "--no-stream", env=HERE)
            assert (done.returncode, done.stderr) == (0, ""), done.stderr[:600]
            lines = done.stdout.splitlines()
            assert lines[0].split("   ")[:2] == ["CONTAINER ID", "NAME"] and len(lines) == 2
            assert lines[1].startswith(steady[:12] + "   ")
            every = pydock("stats", "--no-stream", "-a", "--format", "{{json .}}", env=HERE)
            assert (every.returncode, every.stderr) == (0, ""), every.stderr[:600]
            # docker's container list order (newest first), and the short ID as .Container even without names
            assert [(r["ID"], r["Container"]) for r in _rows(every.stdout)] == [
                (created[:12], created[:12]), (steady[:12], steady[:12])]
        assert churn.made >= 5  # the other namespace did churn meanwhile
    full = pydock("container", "stats", "--no-stream", "--all", "--no-trunc", "--format", "{{.ID}} {{.Container}}",
                  env=HERE, check=True).stdout
    assert full == f"{created} {created[:12]}\n{steady} {steady[:12]}\n"


@pytest.mark.parametrize("direct", ["1", "0"], ids=["containerd-read", "nerdctl-listing"])
def test_a_container_removed_during_stats_is_left_out(spaces, direct):
    steady = _started("sleep", "300")
    env = {**HERE, "PYDOCK_CONTAINERD_API": direct}
    for delay in (0.05, 0.2, 0.4, 0.7, 1.0, 1.4):
        short = _started("sleep", "300")
        remover = threading.Timer(delay, subprocess.run, (["nerdctl", "-n", NAMESPACE, "rm", "-f", short],),
                                  {"capture_output": True, "check": False})
        remover.start()
        try:
            done = pydock("stats", "--no-stream", "--format", "{{.ID}}", env=env)
        finally:
            remover.join()
        assert (done.returncode, done.stderr) == (0, ""), (delay, done.stderr[:600])
        shown = done.stdout.split()
        assert steady[:12] in shown and set(shown) <= {steady[:12], short[:12]}, (delay, shown)
        after = pydock("stats", "--no-stream", "-a", "--format", "{{.ID}}", env=env, check=True).stdout.split()
        assert short[:12] not in after


def test_no_containers_prints_what_docker_prints_without_nerdctl(busybox):
    env = {"CONTAINERD_NAMESPACE": EMPTY, "PYDOCK_DEBUG": "1"}
    for argv, out in ((["stats", "--no-stream"], HEADER), (["stats", "--no-stream", "-a"], HEADER),
                      (["stats", "--no-stream", "--format", "{{json .}}"], ""),
                      (["stats", "--no-stream", "--format", "table {{.Name}}\t{{.Container}}"], "NAME      CONTAINER\n"),
                      (["stats", "--no-stream", "--format", "table {{.Bogus}}"], "<no value>\n")):
        done = pydock(*argv, env=env)
        assert (done.returncode, done.stdout) == (0, out), argv
        assert not [c for c in ran_nerdctl(done.stderr) if " stats " in c], done.stderr
    bad = pydock("stats", "--no-stream", "--format", "{{.Foo", env={"CONTAINERD_NAMESPACE": EMPTY})
    assert (bad.returncode, bad.stdout, bad.stderr) == (1, "", "template parsing error: template: :1: unclosed action\n")


def _frames(data: bytes) -> list[str]:
    """The tables of docker's live frames: each `ESC[H table ESC[H table-with-erases ESC[J`."""
    return [part.split("\x1b[H")[1] for part in data.decode().split("\x1b[J") if part.startswith("\x1b[H")]


def _read_until(proc: subprocess.Popen, done, seconds: float = 30) -> bytes:
    """The view's output until `done(output)` (a hung pydock is killed after `seconds`, failing the test)."""
    killer = threading.Timer(seconds, proc.kill)
    killer.start()
    out = b""
    try:
        while not done(out):
            chunk = os.read(proc.stdout.fileno(), 65536)
            assert chunk, out
            out += chunk
    finally:
        killer.cancel()
    return out


def _first_frame(proc: subprocess.Popen) -> bytes:
    return _read_until(proc, lambda out: out.endswith(b"\x1b[J"))


def test_live_view_adds_containers_started_later_and_ends_as_docker(spaces):
    steady = _started("sleep", "300")
    with Churn():
        proc = subprocess.Popen([PYDOCK, "stats", "--format", "{{.ID}} {{.Name}}"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env={**os.environ, **HERE})
        try:
            out = _first_frame(proc)
            later = _started("sleep", "300")
            out += _read_until(proc, lambda more: later[:12].encode() in more and more.endswith(b"\x1b[J"))
            proc.send_signal(signal.SIGINT)
            rest, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert (proc.returncode, err) == (130, b"")  # docker's client on its first Ctrl-C: 130, nothing said
    frames = _frames(out + rest)
    assert len(frames) >= 2 and all(f"{steady[:12]} " in f for f in frames), frames
    assert later[:12] not in frames[0] and later[:12] in frames[-1], frames
    assert (out + rest).endswith(b"\x1b[J") and b"panic" not in out + rest


@pytest.mark.parametrize("containers", [0, 1], ids=["between-frames", "while-sampling"])
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_live_view_ends_on_a_signal_as_docker(spaces, containers, sig, code):
    """docker's client ends its live view 130 / 143 on the first SIGINT / SIGTERM, printing nothing more."""
    space = EMPTY if not containers else NAMESPACE
    if containers:
        _started("sleep", "300")
    proc = subprocess.Popen([PYDOCK, "stats"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "CONTAINERD_NAMESPACE": space})
    first = _first_frame(proc)
    time.sleep(0.2)  # into the next sample (nerdctl's takes a second), or the wait between two empty frames
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    out = first + out
    assert (proc.returncode, err) == (code, b"")
    assert _frames(out) and all(f.startswith("CONTAINER ID   NAME ") for f in _frames(out))
