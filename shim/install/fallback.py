"""What pydock does when the backend it needs is missing: on a terminal it asks once (y/N) and installs;
with PYDOCK_AUTO_INSTALL=1 it installs without asking; otherwise it fails with the command to run."""

from __future__ import annotations

import os
import sys

from shim.errors import DockerError

COMMAND = "sudo pydock install"


def _ask(program: str) -> bool:
    sys.stderr.write(f"pydock: {program} is not installed. Install the containerd stack (containerd, runc, "
                     "CNI plugins, nerdctl) now? [y/N] ")
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
