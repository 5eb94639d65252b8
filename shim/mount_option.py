"""docker's `--mount` and `--tmpfs` values read as docker's client and daemon read them, for a backend that
composes the mounts itself (the ctr backend): neutral values, docker's errors. Pure.

docker/cli's opts.MountOpt reads `--mount` as CSV of `key[=value]` fields; a field it does not know, a bad
boolean or size, and a missing target are the client's flag errors (exit 125 with usage); a missing or
extra source is the daemon's `invalid mount config`.
"""

from __future__ import annotations

from dataclasses import dataclass

from shim.errors import daemon_error, flag_error
from shim.values import bytes_problem, parse_bool, ram_in_bytes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.parse import Parsed

_TARGET = ("target", "dst", "destination")
_SOURCE = ("source", "src")
_KNOWN = frozenset({"type", *_TARGET, *_SOURCE, "readonly", "ro", "bind-propagation", "bind-nonrecursive",
                    "bind-recursive", "bind-create-src", "consistency", "volume-nocopy", "volume-driver",
                    "volume-label", "volume-opt", "volume-subpath", "tmpfs-size", "tmpfs-mode", "tmpfs-options",
                    "image-subpath"})


@dataclass(frozen=True)
class Mount:
    """One mount as docker's API has it: type, source, target, read-only, and the tmpfs size (bytes, 0 for
    none) and mode (octal, 0 for the default), the bind propagation ("" for docker's rprivate)."""

    type: str
    source: str
    target: str
    readonly: bool = False
    tmpfs_size: int = 0
    tmpfs_mode: int = 0
    propagation: str = ""


def read_mount(raw: str, parsed: Parsed) -> Mount:
    """One `--mount` value, or docker's error for it."""
    def refuse(why: str) -> Exception:
        flag = parsed.command.long_flag("mount")
        return flag_error(f'invalid argument "{raw}" for "{flag.display if flag else "--mount"}" flag: {why}',
                          parsed.path, parsed.command.usage)

    fields: dict[str, str] = {}
    for part in raw.split(","):
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep and key not in ("readonly", "ro", "volume-nocopy", "bind-nonrecursive"):
            raise refuse(f"invalid field '{part}' must be a key=value pair")
        if key not in _KNOWN:
            raise refuse(f"unexpected key '{key}' in '{part}'")
        fields[key] = value if sep else "true"
    readonly = fields.get("readonly", fields.get("ro", "false"))
    if parse_bool(readonly) is None:
        raise refuse(f"invalid value for {'readonly' if 'readonly' in fields else 'ro'}: {readonly}")
    size = fields.get("tmpfs-size", "")
    if size and bytes_problem(size):
        raise refuse(f"invalid value for tmpfs-size: {size}")
    mode = fields.get("tmpfs-mode", "")
    if mode and not all(c in "01234567" for c in mode):
        raise refuse(f"invalid value for tmpfs-mode: {mode}")
    target = next((fields[k] for k in _TARGET if k in fields), "")
    if not target:
        raise refuse("target is required")
    kind = fields.get("type", "volume")
    source = next((fields[k] for k in _SOURCE if k in fields), "")
    runs = parsed.command.name == "run"
    if kind == "bind" and not source:
        raise daemon_error('Error response from daemon: invalid mount config for type "bind": field Source must '
                           "not be empty", parsed.path, run_like=runs)
    if kind == "tmpfs" and source:
        raise daemon_error('Error response from daemon: invalid mount config for type "tmpfs": field Source must '
                           "not be specified", parsed.path, run_like=runs)
    return Mount(kind, source, target, readonly=parse_bool(readonly) is True,
                 tmpfs_size=ram_in_bytes(size) if size else 0, tmpfs_mode=int(mode, 8) if mode else 0,
                 propagation=fields.get("bind-propagation", ""))


def read_tmpfs(raw: str) -> tuple[str, list[str]]:
    """`--tmpfs PATH[:OPTIONS]`: the path and its mount options (comma-separated, as docker passes them)."""
    path, _, options = raw.partition(":")
    return path, [o for o in options.split(",") if o]
