"""A `docker` executable that runs pydock: scripts do not see shell aliases, they look `docker` up on PATH."""

from __future__ import annotations

import os

from shim.install.errors import InstallError

MARKER = "# pydock docker shim"


def script(pydock: str) -> str:
    note = f"{MARKER}: `docker ...` runs pydock (remove with: pydock uninstall --docker-shim)"
    return f'#!/bin/sh\n{note}\nexec {pydock} "$@"\n'


def is_ours(path: str) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return MARKER in f.read(512)
    except OSError:
        return False


def install(folder: str, pydock: str, *, force: bool = False) -> str:
    """Write folder/docker; refuse to replace a real docker there unless forced. Says what it did."""
    target = os.path.join(folder, "docker")
    if os.path.lexists(target) and not is_ours(target) and not force:
        raise InstallError(f"pydock install: {target} is another docker (not pydock's shim); refusing to replace it "
                           "without --force. Choose another folder with --dir.")
    os.makedirs(folder, exist_ok=True)
    temporary = f"{target}.pydock-tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(script(pydock))
    os.chmod(temporary, 0o755)  # noqa: S103 - a command everyone may run, like docker itself
    backup = ""
    if os.path.lexists(target) and not is_ours(target):
        backup = f"{target}.pydock-replaced"
        os.replace(target, backup)
    os.replace(temporary, target)
    return f"wrote {target} (runs {pydock})" + (f"; the previous docker is kept as {backup}" if backup else "")


def uninstall(folder: str) -> str:
    target = os.path.join(folder, "docker")
    if not os.path.lexists(target):
        return f"no docker in {folder}"
    if not is_ours(target):
        raise InstallError(f"pydock uninstall: {target} is not pydock's shim; leaving it alone")
    os.unlink(target)
    backup = f"{target}.pydock-replaced"
    if os.path.lexists(backup):
        os.replace(backup, target)
        return f"removed pydock's shim; restored the previous {target}"
    return f"removed {target}"
