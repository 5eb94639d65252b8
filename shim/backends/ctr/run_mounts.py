"""run's filesystem and limit flags as `ctr run` flags: -v, --mount, --tmpfs, --init, --ulimit nofile. Pure,
but for the PATH lookup of docker-init.

ctr's `--mount type=T,src=S,dst=D,options=a:b` takes what the kernel's mount takes, so docker's mounts are
written out with the options docker's daemon would give them: a tmpfs is nosuid,nodev,noexec unless the user
says otherwise (Engine 29 shows exactly that in `mount`), a bind is rbind and rprivate.
"""

from __future__ import annotations

from shim.backends.ctr.common import NAME
from shim.errors import daemon_error, unsupported_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.parse import Parsed

INIT_PATH = "/sbin/docker-init"  # where docker mounts its init (shim/output/host_config.py reads it back)
INIT_BINARY = "docker-init"  # Docker's static tini: it runs in any image (the nerdctl backend passes the same)
# docker's tmpfs defaults, and the option that undoes each
_TMPFS_DEFAULTS = {"nosuid": "suid", "nodev": "dev", "noexec": "exec"}


def mounts(parsed: Parsed) -> list[str]:
    """Every mount of the container, as ctr run --mount values: -v binds, --mount, --tmpfs, --init's binary."""
    out = [_volume(v) for v in list(parsed.get("volume") or [])]
    out += [_mount(str(m), parsed) for m in list(parsed.get("mount") or [])]
    for raw in list(parsed.get("tmpfs") or []):
        from shim.mount_option import read_tmpfs

        path, options = read_tmpfs(str(raw))
        out.append(_tmpfs(path, options))
    if parsed.get("init") is True:
        out.append(f"type=bind,src={init_binary(parsed)},dst={INIT_PATH},options=rbind:ro")
    return out


def with_init(parsed: Parsed, args: list[str]) -> list[str]:
    """The process under docker-init (`--init`): docker runs `/sbin/docker-init -- ARGS…`."""
    return [INIT_PATH, "--", *args] if parsed.get("init") is True else args


def init_binary(parsed: Parsed) -> str:
    import shutil

    found = shutil.which(INIT_BINARY)
    if not found:  # the daemon's error when its init is not on its PATH
        raise daemon_error(f'Error response from daemon: exec: "{INIT_BINARY}": executable file not found in '
                           "$PATH", parsed.path, run_like=parsed.command.name == "run")
    return found


def rlimits(parsed: Parsed) -> list[str]:
    """--ulimit nofile=SOFT[:HARD] as ctr run --rlimit-nofile (the other limits go into the spec: spec_edits.py)."""
    flags = []
    for raw in list(parsed.get("ulimit") or []):
        name, _, limits = str(raw).partition("=")
        if name == "nofile":
            soft, _, hard = limits.partition(":")
            flags.append(f"--rlimit-nofile={soft}:{hard or soft}")
    return flags


def _volume(volume: str) -> str:
    """-v HOST:CONTAINER[:ro|rw]; a named or anonymous volume is refused (ctr has none)."""
    parts = volume.split(":")
    if len(parts) < 2 or not parts[0].startswith("/"):
        raise unsupported_value(f"-v {volume} (ctr has no volumes; bind a host path: -v /host:/path)", NAME)
    mode = parts[2] if len(parts) > 2 else "rw"
    if mode not in ("ro", "rw"):
        raise unsupported_value(f"-v {volume} (ctr takes the modes ro and rw only)", NAME)
    return f"type=bind,src={parts[0]},dst={parts[1]},options=rbind:{mode}"


def _mount(raw: str, parsed: Parsed) -> str:
    from shim.mount_option import read_mount

    m = read_mount(raw, parsed)
    if m.type == "bind":
        options = ["rbind", "ro" if m.readonly else "rw"]
        if m.propagation:
            options.append(m.propagation)
        return f"type=bind,src={m.source},dst={m.target},options={':'.join(options)}"
    if m.type == "tmpfs":
        options = ["ro"] if m.readonly else []
        if m.tmpfs_size:
            options.append(f"size={m.tmpfs_size}")
        if m.tmpfs_mode:
            options.append(f"mode={m.tmpfs_mode:o}")
        return _tmpfs(m.target, options)
    raise unsupported_value(f"--mount type={m.type} (ctr has no volumes; use type=bind or type=tmpfs)", NAME)


def _tmpfs(path: str, options: list[str]) -> str:
    """A tmpfs with docker's default options under the user's (`exec` undoes `noexec`…)."""
    if any(":" in o for o in options):
        raise unsupported_value(f"--tmpfs {path} with an option holding ':' (ctr's --mount separates by ':')",
                                NAME)
    kept = [d for d, undo in _TMPFS_DEFAULTS.items() if undo not in options and d not in options]
    return f"type=tmpfs,src=tmpfs,dst={path},options={':'.join([*kept, *options])}"
