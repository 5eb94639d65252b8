"""`docker cp` over the ssh transport (issue #16): between this machine and a container on the remote, as a tar
stream through ssh. nerdctl's cp reads and writes the remote's disk, so each side is staged in a new folder on the
remote (`mktemp -d`, removed at once) where nerdctl's own cp takes or leaves it, with its rules and errors:

- to the container: pydock tars the local path (as docker's client does) into a private file here, ssh carries it to
  the remote's `tar -x` in the staging folder, and nerdctl copies it from there to CONTAINER:PATH;
- from the container: nerdctl copies CONTAINER:PATH into the staging folder as `x`, the remote's `tar -c` sends it,
  and pydock places it as docker's client does (into a folder that exists, else under the name given).

The remote needs a POSIX shell, mktemp and tar, besides nerdctl.
"""

from __future__ import annotations

import os
import tarfile

from shim.backends.nerdctl.common import base
from shim.backends.nerdctl.errors import LOG_PREFIX
from shim.plan import ARCHIVE, CAPTURE, FEED, RELAY, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.plan import Result

# $1: the staged name (with docker's trailing "/." kept), $2: the container's side; then nerdctl's cp command
_TO_CONTAINER = ('d=$(mktemp -d) || exit 1; n=$1; t=$2; shift 2; '
                 'tar -C "$d" -xf - && "$@" "$d/$n" "$t"; c=$?; rm -rf "$d"; exit $c')
# $1: the container's side; then nerdctl's cp command. The archive holds one member, `x`.
_FROM_CONTAINER = ('d=$(mktemp -d) || exit 1; s=$1; shift; '
                   '"$@" "$s" "$d/x" && tar -C "$d" -cf - x; c=$?; rm -rf "$d"; exit $c')
_DAEMON = "Error response from daemon: unable to copy: "


def translate(source: tuple[str, str], target: tuple[str, str], ctx: Context,
              restate: Callable[[Result], Done], *, archive: bool = False, follow: bool = False,
              command: list[str] | None = None) -> Plan | Done:
    """(container, path) of each side, container "" for the local one (adjust._cp_side). `archive` (-a): the
    owners (numeric uid and gid) of what goes into the container are kept, as docker's daemon keeps them with -a;
    `follow` (-L): a symbolic link given as the source is copied as what it points to (nerdctl's -L, from a
    container). `command`: the remote's cp command, up to its two paths (`nerdctl compose … cp` for compose's,
    which names a service), else nerdctl's."""
    if not source[0]:  # -L: the link is followed here, as docker's client follows it (only the source itself)
        command = command or [*base(ctx), "cp"]
        return _to_container(source[1], f"{target[0]}:{target[1]}", ctx, restate, command, archive=archive,
                             follow=follow)
    command = command or [*base(ctx), "cp", *(["--follow-link"] if follow else [])]
    return _from_container(f"{source[0]}:{source[1]}", source[1], target[1], ctx, restate, command)


def _numeric(member: tarfile.TarInfo) -> tarfile.TarInfo:
    """A member owned by its numeric uid and gid only: tar on the remote (and nerdctl's, into the container) then
    keeps the numbers, as docker's daemon does with -a, rather than this machine's user names there."""
    member.uname = member.gname = ""
    return member


def _to_container(path: str, target: str, ctx: Context, restate: Callable[[Result], Done], command: list[str], *,
                  archive: bool = False, follow: bool = False) -> Plan | Done:
    if path == "-":  # a tar stream on stdin, as docker takes it: nerdctl's own `cp -` on the remote
        return Plan([*command, "-", target], CAPTURE, stdin=RELAY, log_prefix=LOG_PREFIX, always_then=True,
                    then=restate)
    try:
        os.lstat(path)
    except OSError as e:  # docker's client stats the local path first
        return Done(1, stderr=f"lstat {os.path.abspath(path)}: {(e.strerror or '').lower()}")
    contents = path.endswith(("/.", "/")) and os.path.isdir(path)
    name = os.path.basename(os.path.normpath(os.path.abspath(path))) or "root"
    sent = f"{ctx.scratch}.cp.tar"
    fd = os.open(sent, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    # -L: docker's client archives what the source link points to, under the link's name (links inside stay links)
    source = os.path.realpath(path) if follow and os.path.islink(os.path.normpath(path)) else path
    with os.fdopen(fd, "wb") as out, tarfile.open(fileobj=out, mode="w") as tar:
        tar.add(source, arcname=name, filter=_numeric if archive else None)
    staged = name + ("/." if path.endswith("/.") else "/" if contents else "")
    argv = ["sh", "-c", _TO_CONTAINER, "sh", staged, target, *command]
    return Plan(argv, CAPTURE, stdin=RELAY, stdin_file=sent, cleanup=(sent,), log_prefix=LOG_PREFIX,
                always_then=True, then=restate)


def _from_container(source: str, inside: str, dest: str, ctx: Context, restate: Callable[[Result], Done],
                    command: list[str]) -> Plan | Done:
    archive = f"{ctx.scratch}.cp.tar"
    argv = ["sh", "-c", _FROM_CONTAINER, "sh", source, *command]

    def received(result: Result) -> Done:
        if result.code != 0:
            return restate(result)
        return place(archive, inside, dest)

    # the archive lands whole in a private file (save -o's way: checked complete), then is placed
    return Plan(argv, CAPTURE, stdin=FEED, stdout_to=ARCHIVE, archive_to=archive, cleanup=(archive,),
                log_prefix=LOG_PREFIX, always_then=True, then=received)


def place(archive: str, inside: str, dest: str) -> Done:
    """Put the archive's `x` where docker's client puts a copy of the container's `inside`: into `dest` when that
    is a folder (its contents with a trailing "/."), else as `dest` itself; docker's errors otherwise."""
    import shutil
    import tempfile

    is_dir = os.path.isdir(dest)
    parent = os.path.dirname(os.path.abspath(dest))
    if not is_dir and not os.path.isdir(parent):
        return Done(1, stderr=_DAEMON + "destination parent does not exist")
    with tarfile.open(archive) as tar:
        top = tar.getmember("x")
        if top.isdir() and os.path.exists(dest) and not is_dir:
            return Done(1, stderr=_DAEMON + "cannot copy a directory to a file")
        if not top.isdir() and dest.endswith("/") and not is_dir:
            return Done(1, stderr=_DAEMON + "the destination directory must exist to be able to copy a file")
        stage = tempfile.mkdtemp(prefix=".pydock-cp-", dir=dest if is_dir else parent)
        times = None
        try:
            # the tar filter: nothing lands outside the staging folder; owners and times kept as nerdctl's cp keeps them
            tar.extractall(stage, filter="tar")
            for member in tar.getmembers():  # tarfile leaves a link's own time as it made it
                if member.issym():
                    os.utime(os.path.join(stage, member.name), (member.mtime, member.mtime), follow_symlinks=False)
            made = os.path.join(stage, "x")
            if is_dir and inside.endswith("/."):
                times = os.stat(made)
                for entry in os.listdir(made):
                    _replace(os.path.join(made, entry), os.path.join(dest, entry))
            elif is_dir:
                _replace(made, os.path.join(dest, os.path.basename(os.path.normpath(inside)) or "root"))
            else:
                _replace(made, dest)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    if times is not None:  # the folder takes the copied one's times, as with nerdctl's cp here
        os.utime(dest, ns=(times.st_atime_ns, times.st_mtime_ns))
    return Done(0)


def _replace(made: str, target: str) -> None:
    """`made` moved to `target`: a file replaces a file, a folder merges into a folder there, as docker's copy."""
    if os.path.isdir(made) and os.path.isdir(target) and not os.path.islink(target):
        for entry in os.listdir(made):
            _replace(os.path.join(made, entry), os.path.join(target, entry))
        return
    os.replace(made, target)
