"""The backend contract is real: a stand-in backend, selected with --backend, is driven by the same CLI, and
its neutral summaries are rendered by the shared output code; no nerdctl is imported on its way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PYDOCK = str(Path(sys.executable).parent / "pydock")


def standin(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYDOCK_BACKEND_MODULES": "standin=tests.unit.standin_backend",
           "PYTHONPATH": str(ROOT)}
    return subprocess.run([PYDOCK, "--backend", "standin", *argv], capture_output=True, text=True, env=env,
                          timeout=30, check=False)


def test_ps_renders_the_standins_summaries_with_dockers_table():
    out = standin("ps", "-a")
    assert out.returncode == 0, out.stderr
    header, row = out.stdout.splitlines()
    assert header.split() == ["CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
    assert row.startswith("c0ffeec0ffee   busybox   \"sleep 60\"") and "Exited (3)" in row and row.endswith("web")
    assert standin("ps").stdout.splitlines()[1:] == []  # docker's default: running containers only
    assert standin("ps", "-a", "--format", "{{.Names}} {{.Label \"tier\"}}").stdout == "web front\n"


def test_images_renders_the_standins_summaries():
    out = standin("images", "--format", "json")
    assert json.loads(out.stdout)["Repository"] == "busybox"
    assert standin("images", "-q").stdout == "9af8f050bf31\n"


def test_every_verb_and_other_command_reaches_the_selected_backend():
    for argv in (["rm", "web"], ["run", "busybox", "true"], ["logs", "web"], ["tag", "a", "b"], ["pull", "busybox"]):
        assert standin(*argv).stdout.startswith(f"standin {argv[0]} "), argv
    # docker's other commands are parsed by the spec too: the backend gets them parsed, by their name
    assert standin("volume", "ls").stdout == "standin volume ls \n"
    assert standin("container", "start", "web").stdout == "standin start web\n"


def test_the_nerdctl_backend_is_not_loaded_for_another_backend():
    probe = ("import sys, os\nos.environ['PYDOCK_BACKEND_MODULES'] = 'standin=tests.unit.standin_backend'\n"
             "from shim import cli\ncli.main(['--backend', 'standin', 'ps', '-a'])\n"
             "print('shim.backends.nerdctl' in sys.modules, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stderr.strip() == "False"


def test_only_the_contracts_loader_names_the_nerdctl_package():
    found = []
    for path in (ROOT / "shim").rglob("*.py"):
        if "backends/nerdctl" in path.as_posix() or (path.name == "__init__.py" and path.parent.name == "backends"):
            continue
        if "backends.nerdctl" in path.read_text() or "backends import nerdctl" in path.read_text():
            found.append(str(path.relative_to(ROOT)))
    assert found == []
