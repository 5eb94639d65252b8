"""What pydock does when the backend it needs is missing: on a terminal it asks once (y/N) and installs;
with PYDOCK_AUTO_INSTALL=1 it installs without asking; otherwise it fails with the command to run."""

from __future__ import annotations

import os
import sys

from shim.errors import DockerError

COMMAND = "sudo pydock install"


STACK = "the containerd stack (containerd, runc, CNI plugins, nerdctl, BuildKit)"
BUILDKIT = "BuildKit (buildkitd and buildctl, started with the containerd worker)"


def _ask(program: str, what: str = STACK) -> bool:
    sys.stderr.write(f"pydock: {program} is not installed. Install {what} now? [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return answer in ("y", "yes")


def offer_install(program: str) -> None:
    """Install the stack, or raise docker's kind of error saying how to (exit 1)."""
    automatic = os.environ.get("PYDOCK_AUTO_INSTALL") == "1"
    interactive = os.isatty(0) and os.isatty(2)
    if automatic or (interactive and _ask(program)):
        from shim import own
        from shim.execute import which

        code = own.main(["install"])
        if code == 0 and which(program):
            return
        raise DockerError(f"pydock: installing the containerd stack failed (exit {code}); see above", 1)
    raise DockerError(f"pydock: {program} is not installed or not on PATH. pydock drives containerd through "
                      f"nerdctl; install the stack with:\n  {COMMAND}\n(or set PYDOCK_AUTO_INSTALL=1 to let pydock "
                      "install it when needed)", 1)


def offer_buildkit() -> None:
    """`pydock build` without buildctl: install BuildKit alone (per-component unless
    PYDOCK_INSTALL_METHOD says otherwise: auto would start with nerdctl-full, replacing containerd)
    and start buildkitd; or say how to, exit 1."""
    automatic = os.environ.get("PYDOCK_AUTO_INSTALL") == "1"
    interactive = os.isatty(0) and os.isatty(2)
    command = "sudo pydock install --method per-component --components buildkit"
    if automatic or (interactive and _ask("buildctl", BUILDKIT)):
        from contextlib import redirect_stdout

        from shim import own
        from shim.execute import which

        method = [] if os.environ.get("PYDOCK_INSTALL_METHOD") else ["--method", "per-component"]
        with redirect_stdout(sys.stderr):  # the build's stdout carries only the image ID (-q)
            code = own.main(["install", *method, "--components", "buildkit"])
        if code == 0 and which("buildctl"):
            return
        raise DockerError(f"pydock: installing BuildKit failed (exit {code}); see above", 1)
    raise DockerError("ERROR: BuildKit is not installed: pydock builds with buildkitd and buildctl (BuildKit, "
                      f"containerd worker); install them with:\n  {command}\n(or set PYDOCK_AUTO_INSTALL=1 to let "
                      "pydock install them when needed)", 1)
