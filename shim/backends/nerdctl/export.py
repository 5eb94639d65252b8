"""docker export on nerdctl (issue #11): the container's filesystem as docker's archive holds it. Docker Engine
keeps /dev/console, /dev/pts and /dev/shm (the mount points its init layer makes) in what it exports; runc
mounts /dev as a tmpfs instead, so nerdctl's archive lacks them. pydock has nerdctl write the archive to a
scratch file, adds those entries as docker's are (a -rwxr-xr-x empty file, two folders), then writes it where
docker would: the -o file, or stdout (never a terminal, as docker's client refuses). /.dockerenv comes with the
container itself (dockerenv.py). Pure: plans only; the archive is changed in a step after nerdctl's."""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base
from shim.errors import EXIT_GENERAL, DockerError
from shim.plan import ARCHIVE, CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result

TO_TERMINAL = "cowardly refusing to save to a terminal. Use the -o flag or redirect"
# docker's init layer, as it exports it: (path, is a folder)
INIT_LAYER = (("dev/", True), ("dev/console", False), ("dev/pts/", True), ("dev/shm/", True))


def translate_export(parsed: Parsed, ctx: Context) -> Plan:
    container, output = parsed.args[0], parsed.text("output")
    if not output and ctx.stdout_tty:
        raise DockerError(TO_TERMINAL, EXIT_GENERAL)
    archive = f"{ctx.scratch}.export.tar"
    env = {"DOCKER_CONFIG": ctx.config} if ctx.config else None

    def exported(result: Result) -> Plan | Done:
        if result.code != 0:
            return errors.restate(result, verb="export", path=parsed.path, names=(container,))
        add_init_layer(archive, ctx.now)
        if output:
            import shutil

            shutil.move(archive, output)
            return Done(0)
        return Plan(["cat", archive], env=env, log_prefix=errors.LOG_PREFIX)

    later = (["cat", archive] if not output else ["mv", archive, output],)
    if ctx.remote is not None:  # over ssh nerdctl's file would be the remote's: its stdout comes into one here
        return Plan([*base(ctx), "export", container], env=env, log_prefix=errors.LOG_PREFIX, always_then=True,
                    then=exported, cleanup=(archive,), stdout_to=ARCHIVE, archive_to=archive, later=later)
    return Plan([*base(ctx), "export", f"--output={archive}", container], CAPTURE, env=env,
                log_prefix=errors.LOG_PREFIX, always_then=True, then=exported, cleanup=(archive,), later=later)


def add_init_layer(path: str, when: float) -> None:
    """Append docker's init-layer entries the archive lacks."""
    import tarfile

    with tarfile.open(path, "a") as archive:
        present = {m.name.rstrip("/") for m in archive.getmembers()}
        for name, folder in INIT_LAYER:
            if name.rstrip("/") in present:
                continue
            entry = tarfile.TarInfo(name.rstrip("/"))
            entry.type, entry.mode, entry.mtime = (tarfile.DIRTYPE if folder else tarfile.REGTYPE), 0o755, int(when)
            archive.addfile(entry)
