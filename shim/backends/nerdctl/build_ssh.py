"""docker build over the ssh transport (issue #16): the build context is this machine's, the build the remote's.

As docker's client does with a remote daemon, pydock tars the local context (.dockerignore applied here) and the
Dockerfile and streams them through ssh (shim/context_stream.py, never whole in memory or on disk). On the remote a
POSIX shell script (`_REMOTE`) unpacks them into a new private folder, runs nerdctl's build there and removes the
folder however the build ends. Every path named on the command line is this machine's, as with docker's client:
- what docker writes on the client is written here: the image ID of -q and --iidfile; a folder output (`-o DIR`,
  `-o type=local,dest=DIR`, `-o type=oci|docker,tar=false,dest=DIR`) and an archive output (`-o -`, `-o type=tar`,
  `-o type=oci|docker,dest=FILE`; tar and oci without dest, and `dest=-`, to stdout as buildx writes them). The
  remote's exporter writes into the build's folder, which comes back as a tar on ssh's stdout once the build
  succeeded (spooled to a private file here, never whole in memory);
- `type=image`/`registry` outputs, and `type=docker` without dest (loaded into the image store), are the remote's,
  as a remote daemon's;
- local build caches (`--cache-from type=local,src=DIR`, `--cache-to type=local,dest=DIR`) are sent with the
  context and come back with the outputs (build_ssh_cache.py); registry and inline caches are the remote's.
Ctrl-C (pydock's first SIGINT or SIGTERM) reaches the remote build through a second ssh command (`_CANCEL`).

The remote needs a POSIX shell, mkdir and tar besides nerdctl and BuildKit; `setsid` (util-linux, busybox), where
it is there, lets a cancel reach buildctl as well as nerdctl.
"""

from __future__ import annotations

import os

from shim.backends.nerdctl import errors
from shim.errors import EXIT_GENERAL
from shim.plan import ARCHIVE, CAPTURE, KILL, SPOOL_STDIN, STREAM, Done, Plan
from shim.remote_tmpfs import private_tmpfs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.backends.nerdctl.build_outputs import Export
    from shim.backends.nerdctl.build_ssh_cache import Caches
    from shim.plan import Result

# $1: the folder's random part, $2: "quiet" or not; then nerdctl's build, whose paths are relative to the folder.
# The build's own stdout (nerdctl's "Loaded image" lines) joins its stderr, or is dropped with -q: ssh's stdout
# carries only the tar of what comes back: the image ID, an output's file or folder, the cache-to folders.
_FOLDER = 'd="${TMPDIR:-/var/tmp}/.pydock-build-$1"'
# $3: the sizes of the secrets that come first on stdin ("-": none), each written into a new private folder on a
# tmpfs (build_secrets.py), linked as `secrets` from the build's folder and removed with it
_SECRETS = ('if [ "$z" != - ]; then ' + private_tmpfs("the build's secrets") +
            'ln -s "$s" "$d/secrets" || exit 125; i=0; u=$(umask); umask 077; '
            'for n in $z; do head -c "$n" >"$s/$i" || exit 125; i=$((i+1)); done; umask "$u"; fi; ')
_REMOTE = (_FOLDER + '; t=$1; q=$2; z=$3; s=; shift 3; mkdir -m 700 "$d" || exit 125; '
           'trap \'rm -rf "$d" ${s:+"$s"}\' EXIT; '
           "trap 'exit 130' HUP INT TERM; " + _SECRETS +
           'if [ "$q" = quiet ]; then exec 3>/dev/null; else exec 3>&2; fi; '
           'cd "$d" && tar -xf - || exit 125; [ -e cancel ] && exit 130; '
           'if command -v setsid >/dev/null 2>&1; then setsid "$@" >&3 & else "$@" >&3 & fi; '
           'p=$!; echo "$p" >pid; wait "$p"; c=$?; '
           'if [ "$c" -eq 0 ]; then : >ok; set -- ok; for f in out out.tar iid cache-to-*; do [ -e "$f" ] && '
           'set -- "$@" "$f"; done; tar -cf - "$@"; fi; exit "$c"')
# $1: the folder's random part, $2: the signal's name. Before the build starts, a mark it looks for.
_CANCEL = (_FOLDER + '; s=${2#SIG}; [ -d "$d" ] || exit 0; : >"$d/cancel"; p=$(cat "$d/pid" 2>/dev/null) || '
           'exit 0; kill -s "$s" -- "-$p" 2>/dev/null || kill -s "$s" "$p"')
class Settings:
    """What the build over ssh needs from docker's flags (read in build.py)."""

    __slots__ = ("scratch", "dry_run", "quiet", "iidfile", "out_dir", "out_file", "out_word", "iid", "caches", "tag")

    def __init__(self, ctx: Context, quiet: bool, iidfile: str, out_dir: str = "", out_file: str = "",
                 out_word: str = "", iid: bool = True, caches: Caches | None = None) -> None:
        from shim.backends.nerdctl.build_ssh_cache import Caches

        self.scratch = ctx.scratch
        self.dry_run = ctx.dry_run  # --dry-run: nothing removed or made here
        self.quiet = quiet
        self.iidfile = iidfile  # the user's --iidfile, written here ("" without one)
        self.out_dir = out_dir  # a folder output's folder here: type=local, or oci/docker with tar=false
        self.out_file = out_file  # an archive output's file here (tar, oci, docker), "-" for stdout
        self.out_word = out_word  # the remote's --output value for either ("" leaves the user's to the remote)
        self.iid = iid  # whether the remote writes the image ID (local and tar exporters make no image)
        self.caches = caches or Caches()  # the local caches (build_ssh_cache.py)
        self.tag = os.urandom(8).hex()  # the remote folder's name


def settings(parsed: object, ctx: Context, quiet: bool) -> Settings:
    """docker's flags read for a build over ssh; what cannot be honoured there refused in docker's words."""
    from shim.backends.nerdctl import build_outputs, build_ssh_cache

    values = [str(v) for v in parsed.get("output") or []]  # type: ignore[attr-defined]
    export = build_outputs.last(values, ctx.stdout_tty)
    out = output(values[-1], export) if export is not None else ("", "", "", True)
    return Settings(ctx, quiet, parsed.text("iidfile", ""), *out, caches=build_ssh_cache.read(parsed))  # type: ignore[attr-defined]


def output(value: str, export: Export | None = None) -> tuple[str, str, str, bool]:
    """An -o (`export`: as build_outputs reads it) over ssh: (the folder it writes here, the file it writes here
    ("-": stdout), the remote's --output value writing into the build's folder, whether an image ID comes with it);
    ("", "", "", True) for an output the remote keeps (the image, a push, type=docker loaded there)."""
    from shim.backends.nerdctl.build_outputs import read, with_dest

    export = export or read(value)
    if export.folder:
        return export.dest, "", with_dest(export, value, "out"), export.kind != "local"
    if export.dest:  # an archive, here or on stdout
        return "", export.dest, with_dest(export, value, "out.tar"), export.kind != "tar"
    return "", "", "", True  # the image, its push, type=docker's load, cacheonly: the remote's, as a remote daemon's


def plan(argv: list[str], ssh: Settings, *, env: dict[str, str] | None, announce: str = "",
         cleanup: tuple[str, ...] = ()) -> Plan | Done:
    """nerdctl's build on the remote for `argv`, whose last two words are `--file=DOCKERFILE` (or none, for the
    context's) and the local context folder."""
    context = argv[-1]
    words = argv[:-1]
    dockerfile = ""
    if words[-1].startswith("--file="):
        dockerfile = words.pop().removeprefix("--file=")
    if dockerfile == "-":  # the Dockerfile on stdin: read here first, then sent with the context
        spool = f"{ssh.scratch}-dockerfile"
        return Plan([], SPOOL_STDIN, spool=spool, cleanup=(*cleanup, spool), announce=announce,
                    later=([*words, "<the Dockerfile read from stdin>", context],),
                    then=lambda _r: plan([*words, f"--file={spool}", context], ssh, env=env))
    found = _dockerfile(context, dockerfile)
    if not found:  # the local build's words (nerdctl's for -f, buildx's for the context's Dockerfile)
        return Done(EXIT_GENERAL, stderr=announce + (
            f"ERROR: failed to build: lstat {dockerfile}: no such file or directory" if dockerfile else
            "ERROR: failed to build: failed to solve: failed to read dockerfile: open Dockerfile: no such file or "
            "directory"))
    from shim.context_stream import ContextStream

    stream = ContextStream(context, found, "Dockerfile" if found == f"{ssh.scratch}-dockerfile" else "",
                           extras=ssh.caches.sent)
    try:
        stream.prepare()
    except ValueError as e:
        return Done(EXIT_GENERAL, stderr=f"ERROR: failed to build: unable to prepare context: {e}")
    if ssh.iidfile and not ssh.dry_run:  # buildx removes an old ID file first: a failed build leaves none
        from contextlib import suppress

        with suppress(FileNotFoundError):
            os.unlink(ssh.iidfile)
    if ssh.caches.back and not ssh.dry_run:  # BuildKit's client makes the cache-to folders before it builds
        from shim.backends.nerdctl.build_ssh_cache import make_folders

        try:
            make_folders(ssh.caches)
        except OSError as e:
            return Done(EXIT_GENERAL, stderr=f"ERROR: failed to build: {_go_error('mkdir', e)}")
    dropped = ("--iidfile=", "--output=") if ssh.out_word else ("--iidfile=",)
    from shim.backends.nerdctl import build_secrets

    carried = build_secrets.carry(words)  # --secret and --ssh: read here, sent on stdin or forwarded by ssh
    if isinstance(carried, Done):
        return carried
    remote = [carried.words.get(w) or ssh.caches.words.get(w) or _build_arg(w) for w in words
              if not w.startswith(dropped)]
    remote = [w for w in remote if w]
    name = "Dockerfile" if found == f"{ssh.scratch}-dockerfile" else os.path.basename(found)
    remote += [*([f"--output={ssh.out_word}"] if ssh.out_word else []), *(["--iidfile=iid"] if ssh.iid else []),
               f"--file=dockerfile/{name}", "context"]
    back = f"{ssh.scratch}-build.tar"
    from shim.backends.nerdctl.build import BUILDCTL_ERROR, restate_failure

    sent = build_secrets.SecretsFirst(stream, carried.blobs) if carried.blobs else stream
    if carried.agent:  # ssh forwards the agent on the build's own connection (ssh_transport.FORWARD_AGENT)
        from shim.ssh_transport import FORWARD_AGENT

        env = {**(env or {}), FORWARD_AGENT: "yes", "SSH_AUTH_SOCK": carried.agent}
    return Plan(["sh", "-c", _REMOTE, "sh", ssh.tag, "quiet" if ssh.quiet else "-", carried.sizes(), *remote], CAPTURE,
                env=env, stdin=STREAM, stdin_tap=sent.start, stdout_to=ARCHIVE, archive_to=back,
                log_prefix=(errors.LOG_PREFIX, BUILDCTL_ERROR), announce=announce, cleanup=(*cleanup, back),
                signals=KILL, own_group=True, proxy_kill=("sh", "-c", _CANCEL, "sh", ssh.tag, "{sig}"),
                always_then=True, then=lambda r: _built(r, sent, ssh, back, restate_failure))


def _build_arg(word: str) -> str:
    """A bare `--build-arg=NAME` takes NAME's value from this machine's environment, as docker's client does (the
    remote's nerdctl would read its own); left out when NAME is not set here, as docker leaves it out."""
    if not word.startswith("--build-arg=") or "=" in word[len("--build-arg="):]:
        return word
    name = word[len("--build-arg="):]
    return f"{word}={os.environ[name]}" if name in os.environ else ""


def _dockerfile(context: str, given: str) -> str:
    """The local Dockerfile: -f as given (relative to the working folder, as buildx takes it), else the context's
    Dockerfile, else its Containerfile (nerdctl's fallback); "" when there is none."""
    if given:
        return given if os.path.isfile(given) else ""
    for name in ("Dockerfile", "Containerfile"):
        path = os.path.join(context, name)
        if os.path.isfile(path):
            return path
    return ""


def _built(result: Result, stream: object, ssh: Settings, back: str, restate_failure: object) -> Done:
    problem = stream.finish()  # type: ignore[attr-defined]
    if result.code != 0:
        if problem:  # the context could not be read whole here: that is the failure, not the remote's tar
            return Done(EXIT_GENERAL, stderr=f"ERROR: failed to build: unable to prepare context: {problem}")
        if result.code == 125 and not result.errors:
            return Done(EXIT_GENERAL, stderr="ERROR: failed to build: pydock could not stage the build context on "
                                             "the remote host (it needs a POSIX shell, mkdir and tar there)")
        return restate_failure(result)  # type: ignore[operator]
    try:
        image_id = _bring_back(ssh, back)
    except OSError as e:  # what the exporter made cannot be written here
        return Done(EXIT_GENERAL, stderr=f"ERROR: failed to build: {_go_error('open', e)}")
    if ssh.iidfile and image_id:
        with open(ssh.iidfile, "w", encoding="ascii") as f:
            f.write(image_id)
    if not ssh.quiet or ssh.out_file == "-":  # buildx's -q prints nothing after an archive on stdout
        return Done(0)
    # buildx's -q: the ID, or a blank line for an output that makes no image
    return Done(0, stdout=image_id + "\n" if image_id else "\n" if ssh.out_dir or ssh.out_file else "")


def _go_error(op: str, e: OSError) -> str:
    """An OSError as Go's os package words it (`mkdir DIR: not a directory`)."""
    return f"{op} {e.filename}: {(e.strerror or str(e)).lower()}" if e.filename else (e.strerror or str(e)).lower()


def _bring_back(ssh: Settings, back: str) -> str:
    """What came back from the remote (`back`, a tar) written here; the image ID ("" for none)."""
    import tarfile

    from shim.backends.nerdctl import build_outputs

    with tarfile.open(back) as tar:
        member = tar.extractfile("iid") if ssh.iid else None  # first: _place renames the members it extracts
        image_id = member.read().decode().strip() if member else ""
        if ssh.out_dir:
            _place(tar, ssh.out_dir)
            if ssh.iid:  # an oci or docker layout: the ID BuildKit reports for it, as buildx prints it
                image_id = build_outputs.folder_image_id(ssh.out_dir) or image_id
        if ssh.caches.back:
            from shim.backends.nerdctl.build_ssh_cache import merge

            merge(tar, ssh.caches)
        if ssh.out_file:
            archive = tar.extractfile("out.tar")
            if ssh.iid:
                image_id = build_outputs.archive_image_id(archive) or image_id  # type: ignore[arg-type]
                archive.seek(0)  # type: ignore[union-attr]
            build_outputs.write_archive(archive, ssh.out_file)  # type: ignore[arg-type]
    return image_id


def _place(tar: object, dest: str) -> None:
    """The exporter's files (`out/…` in the archive) into `dest`, created if need be, as buildx's local exporter
    writes them on the client."""
    os.makedirs(dest, exist_ok=True)
    members = []
    for member in tar.getmembers():  # type: ignore[attr-defined]
        if member.name == "out" or not member.name.startswith("out/"):
            continue
        member.name = member.name[4:]
        members.append(member)
    inside = os.path.realpath(dest)
    for member in members:  # a link left by an earlier export is replaced, not followed (an image's absolute links
        target = os.path.join(dest, member.name)  # would take the extraction out of `dest`): parents come first
        if os.path.islink(target) and (os.path.realpath(os.path.dirname(target)) + os.sep).startswith(inside + os.sep):
            os.unlink(target)
    tar.extractall(dest, members=members, filter="tar")  # type: ignore[attr-defined]
