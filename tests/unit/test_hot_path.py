"""The common path (parse → translate → execute) stays light: no typer, no rich (issue #2, item 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ["typer", "rich", "click", "urllib.request", "ssl", "asyncio", "importlib.metadata",
         "subprocess", "dataclasses", "logging", "typing", "re", "json", "shlex"]

PROBE = r"""
import json, sys
before = set(sys.modules)
from shim import cli, execute, spec
from shim.backends import Context
from shim.backends import nerdctl
from shim.parse import parse_command
for path, argv in [("run", ["-it", "--rm", "-p8080:80", "-eA=b", "busybox", "sh"]),
                   ("stop", ["--timeout", "3", "c"]),
                   ("pull", ["-q", "busybox"]), ("load", ["-i", "x.tar"]), ("exec", ["c", "true"])]:
    module, canonical = spec.PATHS[path]
    parsed = parse_command(argv, spec.get(module), canonical)
    nerdctl.translate(parsed, Context(stdin_tty=True))
# dry runs: no buildctl or context folder needed for build; ps reads containerd as it translates (its
# own test below)
module, canonical = spec.PATHS["ps"]
nerdctl.translate(parse_command(["-a"], spec.get(module), canonical), Context(stdin_tty=True, dry_run=True))
module, canonical = spec.PATHS["build"]
nerdctl.translate(parse_command(["-q", "-t", "x", "-f", "-", "."], spec.get(module), canonical),
                  Context(stdin_tty=True, dry_run=True))
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_hot_path_imports_nothing_heavy():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert all(m.startswith("shim") or m in {"__future__", "select", "_signal"} for m in loaded), sorted(loaded)
    # the Go template engine loads only for a --format (about 1.5 ms of a 20 ms call)
    assert not any(m.startswith("shim.template") for m in loaded), sorted(loaded)


def test_cli_main_on_dry_run_stays_light():
    # The full entry point, as the console script runs it, for a dry run.
    probe = ("import sys, json\nfrom shim import cli\n"
             "cli.main(['--dry-run', 'run', '--rm', 'busybox', 'true'])\n"
             "print(json.dumps([m for m in ('typer', 'rich', 'click', 'subprocess', 'urllib.request') "
             "if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    from shim.backends.nerdctl.dockerenv import mount

    assert out.stdout.splitlines()[-2] == " ".join(["nerdctl run", *mount(), "--label=pydock/image=busybox --rm busybox "
                                                                             "true"])
    assert json.loads(out.stdout.splitlines()[-1]) == []


PS_PROBE = r"""
import json, sys
before = set(sys.modules)
from shim import spec
from shim.backends import Context
from shim.backends import nerdctl
from shim.parse import parse_command
module, canonical = spec.PATHS["ps"]
nerdctl.translate(parse_command(["-a"], spec.get(module), canonical), Context(address="/nonexistent.sock"))
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_ps_reads_containerd_with_the_c_socket_and_json_only():
    # ps asks containerd directly (shim/containerd/): the C socket module, not `socket` (10 ms of enum
    # set-up), and json, which docker's output of ps needs anyway
    env = {k: v for k, v in os.environ.items() if k != "PYDOCK_CONTAINERD_API"}
    out = subprocess.run([sys.executable, "-c", PS_PROBE], capture_output=True, text=True, check=True, env=env)
    loaded = set(json.loads(out.stdout))
    assert "shim.containerd.grpc" in loaded
    extra = {m for m in loaded if not m.startswith("shim")} - {"__future__", "select", "_signal", "_socket"}
    assert {m.split(".")[0] for m in extra} <= {"json", "_json"}, sorted(extra)


STATE_PROBE = r"""
import json, sys
before = set(sys.modules)
from shim import spec
from shim.backends import Context
from shim.backends import nerdctl
from shim.backends.nerdctl import containerd_state
from shim.parse import parse_command
from shim.plan import Result
ctx = Context()
containerd_state.read(ctx, containers=True)  # containerd's file where it is there; None elsewhere
containerd_state.running_ids(ctx)
# tag's source names no image, so that containerd is asked (shim/containerd/image_names.py) and nothing is tagged
for path, argv in [("tag", ["pydock-probe-absent:1", "x:1"]), ("rmi", ["x:1"]), ("run", ["--rm", "busybox", "true"])]:
    module, canonical = spec.PATHS[path]
    plan = nerdctl.translate(parse_command(argv, spec.get(module), canonical), ctx)
    plan.then(Result(0))  # the step that reads containerd's file
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_reading_containerds_file_stays_light():
    """tag, rmi, stop and run read containerd's file instead of asking nerdctl (issue #13), and tag asks
    containerd's API: with os-level calls, struct, fcntl and the C socket module only, or the reading would cost
    what it saves."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYDOCK_CONTAINERD_API"}  # read it, as pydock does
    out = subprocess.run([sys.executable, "-c", STATE_PROBE], capture_output=True, text=True, check=True, env=env)
    loaded = set(json.loads(out.stdout))
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    light = {"__future__", "select", "_signal", "fcntl", "struct", "_struct", "_socket"}
    assert all(m.startswith("shim") or m in light for m in loaded), sorted(loaded)


RUN_PROBE = r"""
import json, os, sys
from shim import cli
before = set(sys.modules)
code = cli.main(["run", "--rm", "busybox", "true"])
print(json.dumps([code, sorted(set(sys.modules) - before)]))
"""


def test_run_bound_to_pydock_starts_its_backend_without_ctypes_or_contextlib(tmp_path):
    """`run` binds nerdctl to pydock's life (lifeline.py) through util-linux's setpriv where it has --pdeathsig:
    ctypes (about 4 ms with the fork it needs) only where it has not; never contextlib (about 4 ms)."""
    from shim.lifeline import _setpriv

    backend = tmp_path / "nerdctl"  # a stand-in that succeeds at everything: the image is there, the run ends
    backend.write_text("#!/bin/sh\nexit 0\n")
    backend.chmod(0o755)
    env = {**os.environ, "PYDOCK_NERDCTL": str(backend), "PYDOCK_CONTAINERD_API": "0"}
    out = subprocess.run([sys.executable, "-c", RUN_PROBE], capture_output=True, text=True, check=True, env=env)
    code, loaded = json.loads(out.stdout.splitlines()[-1])
    assert code == 0
    assert "shim.lifeline" in loaded
    assert not {"contextlib", "collections", "functools"} & set(loaded), sorted(loaded)
    assert ("ctypes" in loaded) == (not _setpriv()), sorted(loaded)
