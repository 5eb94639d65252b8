"""What nerdctl keeps of a container in its own data folder, released when the container is removed without
nerdctl (pydock's direct `rm`, the ctr backend's): its state folder (<root>/containers/NS/ID: the json-file
log, resolv.conf, hostname), its hosts file (<root>/etchosts/NS/ID) and its name's reservation
(<root>/names/NS/NAME), so that nerdctl can give the name again. nerdctl's own `rm` releases the same three.
"""

from __future__ import annotations

DEFAULT_DATA_ROOT = "/var/lib/nerdctl"


def forget(cid: str, labels: dict[str, str]) -> None:
    """Release nerdctl's files of the removed container `cid`; nothing when its labels are not nerdctl's."""
    import os

    state = labels.get("nerdctl/state-dir", "")
    namespace = labels.get("nerdctl/namespace", "")
    parts = state.rstrip("/").split("/")
    if not state.startswith("/") or len(parts) < 4 or parts[-1] != cid or not namespace:
        return
    root = "/".join(parts[:-3])
    _remove_tree(state)
    _remove_tree(os.path.join(root, "etchosts", namespace, cid))
    name = labels.get("nerdctl/name", "")
    if name and "/" not in name:
        path = os.path.join(root, "names", namespace, name)
        try:
            with open(path, encoding="utf-8") as f:
                owner = f.read().strip()
        except OSError:
            return
        if owner == cid:  # the reservation is this container's
            os.unlink(path)


def _remove_tree(top: str) -> None:
    """shutil.rmtree(top, ignore_errors=True) without shutil's import (15 ms: re, fnmatch and enum come with it)."""
    import os

    for folder, dirs, files in os.walk(top, topdown=False):
        for entry in files:
            _quietly(os.unlink, os.path.join(folder, entry))
        for entry in dirs:  # a symbolic link to a folder is listed here, and unlinked
            path = os.path.join(folder, entry)
            _quietly(os.unlink if os.path.islink(path) else os.rmdir, path)
    _quietly(os.rmdir, top)


def _quietly(step, path: str) -> None:  # step: os.unlink or os.rmdir
    try:  # noqa: SIM105 - contextlib's import is what this module avoids
        step(path)
    except OSError:
        pass


def nerdctl_toml() -> dict[str, str]:
    """The top-level `key = value` settings of nerdctl's configuration file."""
    import os

    found: dict[str, str] = {}
    try:
        with open(os.environ.get("NERDCTL_TOML") or "/etc/nerdctl/nerdctl.toml", encoding="utf-8") as f:
            for line in f:
                if line.lstrip().startswith("["):
                    break  # a table: its keys are not nerdctl's top-level settings
                key, _, value = line.partition("=")
                if value.strip():
                    found[key.strip()] = value.strip().strip("\"'")
    except OSError:
        pass
    return found


def data_store(address: str) -> str:
    """nerdctl's data store for containerd at `address`: `<data root>/<sha256(address)[:8]>` ("" when nerdctl
    would keep it in a rootless user's home, which this does not guess)."""
    import os
    from hashlib import sha256

    root = nerdctl_toml().get("data_root") or (DEFAULT_DATA_ROOT if os.geteuid() == 0 else "")
    return os.path.join(root, sha256(address.encode()).hexdigest()[:8]) if root else ""
