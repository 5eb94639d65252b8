"""docker's context store on disk, shared with docker itself: `$DOCKER_CONFIG/contexts/meta/<sha256 of name>/meta.json`
(plus a `tls/<sha256>/` folder per context) and `currentContext` in config.json.

A context is kept as the JSON object docker wrote, so fields pydock does not know (and docker's own, of other
versions) survive a round trip. pydock's own settings for a context (the containerd namespace, and the containerd
socket of a remote host) live in an endpoint of their own, `Endpoints.pydock`: docker keeps endpoints it does not
know through `update`, `--from` and export. Client-side only; nothing here talks to a daemon.
"""

from __future__ import annotations

import os

from shim.context_resolve import DEFAULT, config_dir, current_from_config  # noqa: F401 - the store's, kept light there
from shim.errors import DockerError

PYDOCK_ENDPOINT = "pydock"  # {"Namespace": "...", "Socket": "/run/containerd/containerd.sock"}


def digest(name: str) -> str:
    try:  # CPython's built-in sha256: hashlib would load OpenSSL (about 4 ms) for one small hash
        from _sha256 import sha256  # type: ignore[import-not-found]
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found,no-redef]
        except ImportError:
            from hashlib import sha256  # type: ignore[assignment]
    # the bytes given: argv that is no UTF-8 reaches Python surrogateescape'd
    return sha256(name.encode("utf-8", "surrogateescape")).hexdigest()


def decode(data: bytes) -> object:
    """json.loads without importing json (its re costs ~10 ms): on the path of every call that uses a context."""
    from shim.json_read import loads

    try:
        return loads(data)
    except ValueError:  # a broken file: json's own words for what is wrong with it
        import json

        return json.loads(data)


def meta_dir(folder: str, name: str) -> str:
    return os.path.join(folder, "contexts", "meta", digest(name))


def tls_dir(folder: str, name: str) -> str:
    return os.path.join(folder, "contexts", "tls", digest(name))


def not_found(name: str, folder: str) -> str:
    """docker's words for a context it has no metadata for."""
    from shim.values import go_quote

    meta = os.path.join(meta_dir(folder, name), "meta.json")
    return f"context {go_quote(name)}: context not found: open {meta}: no such file or directory"


def load(folder: str, name: str) -> dict:
    """The context's meta.json as docker wrote it; docker's error when there is none."""
    try:
        with open(os.path.join(meta_dir(folder, name), "meta.json"), "rb") as f:
            data = decode(f.read())
    except FileNotFoundError:
        raise DockerError(not_found(name, folder)) from None
    except (OSError, ValueError) as e:
        raise DockerError(f"context {name!r}: {e}") from None
    return data if isinstance(data, dict) else {}


def exists(folder: str, name: str) -> bool:
    return os.path.isfile(os.path.join(meta_dir(folder, name), "meta.json"))


def every(folder: str, *, strict: bool = False) -> list[dict]:
    """Every stored context's metadata (in no particular order). A folder without meta.json is skipped, as docker
    does; one that does not parse fails `strict` callers (docker's `context ls`), with docker's kind of message."""
    root = os.path.join(folder, "contexts", "meta")
    try:
        entries = os.listdir(root)
    except OSError:
        return []
    found = []
    for entry in entries:
        path = os.path.join(root, entry, "meta.json")
        try:
            with open(path, "rb") as f:
                data = decode(f.read())
        except OSError:
            continue
        except ValueError as e:
            if strict:
                raise DockerError(f"failed to read metadata: parsing {path}: {e}") from None
            continue
        if isinstance(data, dict) and isinstance(data.get("Name"), str):
            found.append(data)
    return found


def go_json(value: object) -> bytes:
    """encoding/json.Marshal: compact, `<`, `>` and `&` escaped (docker writes meta.json so)."""
    import json

    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    # argv that is no UTF-8 reaches Python surrogateescape'd; Go's Marshal writes U+FFFD for such bytes
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode()


def save(folder: str, meta: dict, tls: dict[str, bytes] | None = None) -> None:
    """Write a context's meta.json (and its TLS files, `docker/ca.pem`…), replacing what was there."""
    try:
        _save(folder, meta, tls)
    except OSError as e:
        raise DockerError(_os_error(e)) from None


def _os_error(e: OSError) -> str:
    """Go's words for a failed file operation: `open PATH: permission denied`."""
    return f"open {e.filename}: {(e.strerror or str(e)).lower()}" if e.filename else str(e)


def _save(folder: str, meta: dict, tls: dict[str, bytes] | None) -> None:
    name = meta["Name"]
    where = meta_dir(folder, name)
    os.makedirs(where, mode=0o755, exist_ok=True)
    _write_atomic(os.path.join(where, "meta.json"), go_json(meta), 0o644)
    if tls is None:
        return
    for relative, data in tls.items():
        target = os.path.join(tls_dir(folder, name), relative)
        os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
        _write_atomic(target, data, 0o600)


def tls_files(folder: str, name: str) -> dict[str, bytes]:
    """The context's TLS files, keyed `endpoint/file`."""
    found: dict[str, bytes] = {}
    root = tls_dir(folder, name)
    try:
        endpoints = sorted(os.listdir(root))
    except OSError:
        return found
    for endpoint in endpoints:
        try:
            files = sorted(os.listdir(os.path.join(root, endpoint)))
        except OSError:
            continue
        for file in files:
            with open(os.path.join(root, endpoint, file), "rb") as f:
                found[f"{endpoint}/{file}"] = f.read()
    return found


def remove(folder: str, name: str) -> None:
    import shutil

    shutil.rmtree(meta_dir(folder, name), ignore_errors=True)
    shutil.rmtree(tls_dir(folder, name), ignore_errors=True)


def _write_atomic(path: str, data: bytes, mode: int) -> None:
    """Write beside the file and rename over it: a reader never sees half a file."""
    temp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.rename(temp, path)
    except BaseException:
        import contextlib

        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


# -- config.json's currentContext (read in shim/context_resolve.py, on every call's path) -------------

def set_current(folder: str, name: str) -> None:
    """Record `name` as config.json's currentContext ("default" removes the key, as docker does). The file's other
    keys are kept in their order; it is replaced atomically, keeping its mode (0600 for a new file)."""
    import json

    path = os.path.join(folder, "config.json")
    try:
        with open(path, "rb") as f:
            raw = f.read()
        mode = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        raw, mode = b"", 0o600
    except OSError as e:
        raise DockerError(str(e)) from None
    try:
        config = json.loads(raw) if raw.strip() else {}
    except ValueError:
        config = {}
    if not isinstance(config, dict):
        config = {}
    config.setdefault("auths", {})
    config.pop("currentContext", None)
    if name != DEFAULT:
        config["currentContext"] = name
    # docker's MarshalIndent with a tab, no final newline, HTML characters escaped
    text = json.dumps(config, indent="\t", ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        _write_atomic(path, text.encode(), mode)
    except OSError as e:
        raise DockerError(_os_error(e)) from None
