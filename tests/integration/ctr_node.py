"""A Kubernetes node's PATH for the ctr backend's tests: ctr, and none of PATH's folders that hold nerdctl."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import pydock

CTR = shutil.which("ctr") or "/usr/bin/ctr"


def node_path(folder: Path) -> str:
    """PATH with ctr but no nerdctl: `folder` linking the real ctr, then PATH's folders that hold no nerdctl."""
    (folder / "ctr").symlink_to(CTR)
    kept = [d for d in os.environ["PATH"].split(os.pathsep) if d and not os.path.exists(os.path.join(d, "nerdctl"))]
    return os.pathsep.join([str(folder), *kept])


def runner(path: str, namespace: str):
    """pydock on that PATH in `namespace` (auto backend: it finds ctr only); `env=` adds to its environment."""
    def run(*argv: str, **kw):
        env = {"PATH": path, "CONTAINERD_NAMESPACE": namespace, "PYDOCK_BACKEND": "", **kw.pop("env", {})}
        return pydock(*argv, env=env, **kw)
    return run


def empty(run, namespace: str) -> None:
    """Every container (through pydock, `run` of runner()) and every image (ctr) of `namespace` removed."""
    listed = run("ps", "-aq", "--no-trunc").stdout.split()
    if listed:
        run("rm", "-f", *listed)
    names = subprocess.run([CTR, "-n", namespace, "images", "ls", "-q"], capture_output=True, text=True, check=False)
    if names.stdout.split():
        subprocess.run([CTR, "-n", namespace, "images", "rm", *names.stdout.split()], capture_output=True, check=False)
