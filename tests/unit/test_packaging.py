"""`pip install .` gives a working `pydock` console script (built offline, no network)."""

from __future__ import annotations

import subprocess
import sys
import venv

from tests.conftest import ROOT


def test_wheel_installs_a_working_console_script(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "--no-index", "-w", str(wheels), str(ROOT)], check=True)
    (wheel,) = wheels.glob("pydock-*.whl")
    target = tmp_path / "venv"
    # a venv without pip of its own (ensurepip's copy cost ten of this test's seconds): this pip installs into it
    venv.create(target, with_pip=False)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(target / "bin/python"), "install", "-q", "--no-deps",
                    "--no-index", str(wheel)], check=True)
    version = subprocess.run([str(target / "bin/pydock"), "--version"], capture_output=True, text=True,
                             check=True)
    assert version.stdout.startswith("Docker version ")
    dry = subprocess.run([str(target / "bin/pydock"), "--dry-run", "image", "tag", "a", "b"], capture_output=True,
                         text=True, check=True)
    assert dry.stdout == "nerdctl tag a b\n"  # what the target names now is read from containerd's file
    # the installer's manifest ships inside the package
    plan = subprocess.run([str(target / "bin/python"), "-c", "from shim.install import plan; "
                           "print(plan.load_manifest()['components']['runc']['version'])"],
                          capture_output=True, text=True, check=True)
    assert plan.stdout.strip() == "1.5.1"
