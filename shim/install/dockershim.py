"""A `docker` executable that runs pydock, and a `docker-compose` that runs `pydock compose` (the standalone
name scripts from the compose v1 days call): scripts do not see shell aliases, they look them up on PATH."""

from __future__ import annotations

import os

from shim.install.errors import InstallError

MARKER = "# pydock docker shim"


# The executables the shim writes → what each runs.
PROGRAMS = {"docker": "", "docker-compose": "compose"}


def script(pydock: str, program: str = "docker") -> str:
    note = f"{MARKER}: `{program} ...` runs pydock (remove with: pydock uninstall --docker-shim)"
    if not PROGRAMS[program]:
        return f'#!/bin/sh\n{note}\nexec {pydock} "$@"\n'
    return f'#!/bin/sh\n{note}\nPYDOCK_COMPOSE_STANDALONE=1 exec {pydock} {PROGRAMS[program]} "$@"\n'


def is_ours(path: str) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return MARKER in f.read(512)
    except OSError:
        return False


def install(folder: str, pydock: str, *, force: bool = False) -> str:
    """Write folder/docker and folder/docker-compose; refuse to replace a real one there unless forced (checked
    for both before either is written). Says what it did."""
    targets = [os.path.join(folder, program) for program in PROGRAMS]
    for target in targets:
        if os.path.lexists(target) and not is_ours(target) and not force:
            name = os.path.basename(target)
            raise InstallError(f"pydock install: {target} is another {name} (not pydock's shim); refusing to replace "
                               "it without --force. Choose another folder with --dir.")
    os.makedirs(folder, exist_ok=True)
    return "; ".join(_write(target, pydock) for target in targets)


def _write(target: str, pydock: str) -> str:
    temporary = f"{target}.pydock-tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(script(pydock, os.path.basename(target)))
    os.chmod(temporary, 0o755)  # noqa: S103 - a command everyone may run, like docker itself
    backup = ""
    if os.path.lexists(target) and not is_ours(target):
        backup = f"{target}.pydock-replaced"
        os.replace(target, backup)
    os.replace(temporary, target)
    runs = f"{pydock} {PROGRAMS[os.path.basename(target)]}".rstrip()
    return f"wrote {target} (runs {runs})" + (f"; the previous one is kept as {backup}" if backup else "")


def uninstall(folder: str) -> str:
    said = []
    for program in PROGRAMS:
        target = os.path.join(folder, program)
        if not os.path.lexists(target):
            said.append(f"no {program} in {folder}")
            continue
        if not is_ours(target):
            raise InstallError(f"pydock uninstall: {target} is not pydock's shim; leaving it alone")
        os.unlink(target)
        backup = f"{target}.pydock-replaced"
        if os.path.lexists(backup):
            os.replace(backup, target)
            said.append(f"removed pydock's shim; restored the previous {target}")
        else:
            said.append(f"removed {target}")
    return "; ".join(said)
