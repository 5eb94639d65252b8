"""Writes an attached `run --cidfile`'s ID file on this machine when the container is created on the ssh transport's
remote (issue #16): docker's client writes the file as soon as the daemon has created the container, while nerdctl's
--cidfile would write it on the remote. Started in the background just before the run, it asks the remote for the
container's ID by the name the run gives it until it is there (at most TIMEOUT seconds: a run that fails first
leaves no file, as docker's leaves none), then writes the file (new: never over one that appeared meanwhile).

Run as `python -m shim.backends.nerdctl.cid_writer PATH -- NERDCTL-ARGV...`, NERDCTL-ARGV an inspect printing the
ID, which the executor hands over as the ssh command that runs it on the remote (shim/execute.py, `_chain_argv`).
"""

from __future__ import annotations

import os
import sys
import time

TIMEOUT = 120.0  # seconds: the run's pull is done before this starts; creating the container takes well under it


def argv(path: str, inspect: list[str]) -> list[str]:
    return [sys.executable, "-m", "shim.backends.nerdctl.cid_writer", path, "--", *inspect]


def write_when_created(path: str, inspect: list[str], timeout: float = TIMEOUT) -> bool:
    import subprocess

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(inspect, capture_output=True, text=True, check=False)
        cid = found.stdout.strip()
        if found.returncode == 0 and len(cid) == 64:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except OSError:
                return False
            with open(fd, "w", encoding="ascii") as f:
                f.write(cid)
            return True
        time.sleep(0.1)
    return False


if __name__ == "__main__":
    write_when_created(sys.argv[1], sys.argv[3:])  # sys.argv[2] is "--"
