"""`cat FILE | pydock load`: the archive pydock relays from a pipe reaches the child byte for byte, the names
read on the way, while pydock lets the child's full pipe drain (issue 13: a wake-up per 32 KiB the child read
cost `load` from a pipe a tenth of nerdctl's throughput). Real pipes and a real child; no containerd."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile

import pytest

from shim.streams import StdinRelay

# the child stands in for nerdctl's load: slow to start (pydock's pipe fills up), then reads all of stdin
PROBE = r"""
import json, resource, sys
from shim import execute
from shim.backends.nerdctl.archive import ArchiveNames
from shim.plan import CAPTURE, RELAY, Plan

names = ArchiveNames()
# as nerdctl's load reads: 32 KiB at a time, with containerd's work in between
child = ("import os, sys, time; time.sleep(0.3); out = open(sys.argv[1], 'wb')\n"
         "while chunk := os.read(0, 32768): out.write(chunk); time.sleep(0.0005)")
plan = Plan([sys.executable, "-c", child, sys.argv[2]], CAPTURE, stdin=RELAY, stdin_tap=names)
result = execute._supervise(plan, capture=True)
usage = resource.getrusage(resource.RUSAGE_SELF)
got = open(sys.argv[2], "rb").read()
sys.stderr.write(json.dumps({"code": result.code, "names": names.names()[0], "out": len(got),
                             "same": got == open(sys.argv[1], "rb").read(), "switches": usage.ru_nvcsw}))
"""


def _archive(path, layer_mib: int) -> None:
    """An image archive whose names come last, after a large layer: the relay follows the headers throughout."""
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in ((f"blobs/sha256/{'a' * 64}", os.urandom(layer_mib << 20)),
                           ("manifest.json", json.dumps([{"RepoTags": ["pydock-relay:1"]}]).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_an_archive_from_a_pipe_reaches_the_child_whole_with_its_names(tmp_path):
    path = tmp_path / "image.tar"
    _archive(path, 24)
    writer = subprocess.Popen(["cat", str(path)], stdout=subprocess.PIPE)
    done = subprocess.run([sys.executable, "-c", PROBE, str(path), str(tmp_path / "got.tar")], stdin=writer.stdout,
                          capture_output=True, check=True)
    writer.wait()
    writer.stdout.close()  # type: ignore[union-attr]
    report = json.loads(done.stderr)
    assert report | {"switches": 0} == {"code": 0, "names": ["pydock-relay:1"], "out": path.stat().st_size,
                                        "same": True, "switches": 0}
    # 24 MiB in 1 MiB pipes refilled after pauses that follow the pace of its reading (about 120 wake-ups here),
    # not at each 32 KiB it read (about 730)
    assert report["switches"] < 400, report


@pytest.mark.parametrize(("full", "room", "expected"), [
    (False, 1 << 20, None),  # room in the child's pipe: select says when
    (True, 0, None),  # a pipe of the default size: select says when, as before
    (True, 1 << 20, 0.001),  # full: a millisecond to begin with
])
def test_when_to_refill_the_childs_pipe(full, room, expected):
    relay = StdinRelay(-1, -1, None)
    relay.full, relay.room = full, room
    assert relay.pause() == expected


@pytest.mark.parametrize(("drained", "nap"), [
    ([1 << 20], 0.0005),  # it read the whole pipe during the pause: a shorter one
    ([1 << 20] * 3, 0.0005),  # ... down to 0.5 ms
    ([0] * 6, 0.01),  # it read nothing: longer ones, up to 10 ms
    ([300 << 10] * 5, 0.001),  # between an eighth and a half: as it was
])
def test_the_pause_follows_what_the_child_read(drained, nap):
    relay = StdinRelay(-1, -1, None)
    relay.room = 1 << 20
    for moved in drained:
        relay.full = True
        relay.on_writable()  # the pause is over
        relay._paced(moved)
    assert relay.nap == nap
