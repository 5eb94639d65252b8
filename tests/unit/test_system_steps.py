"""docker version and info: the nerdctl backend's neutral facts, and its info plan stepped through as named steps."""

from __future__ import annotations

import json

from shim import spec
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.backends.nerdctl.system import server_facts, state_counts
from shim.output import system
from shim.parse import parse_command
from shim.plan import Done, Result

NERDCTL_VERSION = {"Client": {"Version": "v2.3.5", "GitCommit": "abc"},
                   "Server": {"Components": [{"Name": "containerd", "Version": "v2.3.3", "Details": {"GitCommit": "c1"}},
                                             {"Name": "runc", "Version": "1.1.5", "Details": {"GitCommit": "r1"}}]}}


def test_server_facts_are_neutral_and_shaped_by_the_shared_output():
    facts = server_facts(NERDCTL_VERSION)
    assert facts["version"] == "v2.3.3" and facts["git_commit"] == "c1"
    assert [c[0] for c in facts["components"]] == ["containerd", "runc", "nerdctl"]
    shaped = system.server(facts)
    assert [c["Name"] for c in shaped["Components"]] == ["Engine", "containerd", "runc", "nerdctl", "pydock"]
    assert shaped["Platform"]["Name"] == "containerd (pydock, nerdctl)"


def test_state_counts():
    assert state_counts(["Up 2 seconds", "Paused", "Exited (0) 1 second ago", "Created"]) == {
        "containers": 4, "running": 1, "paused": 1}


def test_info_plan_runs_as_three_named_steps():
    module, canonical = spec.PATHS["info"]
    parsed = parse_command(["--format", "{{.Containers}} {{.ContainersRunning}} {{.Images}} {{.NCPU}}"],
                           spec.get(module), canonical)
    first = backend.translate(parsed, Context())
    assert first.argv == ["nerdctl", "info", "--format", "{{json .}}"]
    states = first.then(Result(0, json.dumps({"NCPU": 2, "Driver": "overlayfs"}).encode()))
    assert states.argv[1:3] == ["ps", "--all"]
    images = states.then(Result(0, b"Up 1 second\nExited (0) 2 seconds ago\n"))
    assert images.argv[1:] == ["images", "--quiet", "--no-trunc"]
    done = images.then(Result(0, b"sha256:a\nsha256:a\nsha256:b\n"))
    assert isinstance(done, Done) and done.stdout == "2 1 2 2\n"
