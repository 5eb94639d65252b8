"""docker build on nerdctl: nerdctl's build (buildctl against buildkitd), with docker's edges restated.

- The context `-`: nerdctl refuses it, so pydock reads stdin into a private file first. A tar archive
  (plain or compressed) is unpacked there (tarfile's `data` filter) as the context; anything else is the
  Dockerfile, built with an empty context, as docker does.
- `-q` prints the image ID `pydock images` shows (Engine 29's, the manifest digest), which nerdctl writes
  to its --iidfile; BuildKit's own quiet progress keeps the failure message, which nerdctl's -q drops.
  A local or tar exporter (`-o DIR`, `-o type=local|tar,…`) makes no image: buildx's -q prints an empty line
  then (nothing with the files on stdout), and refuses --iidfile; nerdctl would fail reading its metadata.
- nerdctl's stdout is dropped unless an exporter writes to it (`dest=-`): it holds only the lines of loading the
  result into a namespace without a buildkitd of its own ("unpacking …", "Loaded image: …"), which docker's
  build never prints. buildx's `-o -`, and `type=tar|oci` without a dest, write the archive to stdout (nerdctl
  would make a folder named `-`, throw the tar away, load the oci archive), never to a terminal; -q prints
  nothing after it (build_outputs.py reads -o as buildx does, for the build over ssh too).
- An oci or docker archive or folder: -q and --iidfile give the ID BuildKit reports, which buildx prints (the
  config digest of one image), read from the archive; nerdctl's is the manifest digest.
- A failed step: buildctl's closing `error: failed to solve: …` becomes buildx's
  `ERROR: failed to build: failed to solve: …`, nerdctl's `exit status 1` record is dropped, exit 1.
- buildctl missing: the install offer of a missing nerdctl, for BuildKit.
- On a terminal, BuildKit's tty view: nerdctl gets a private terminal as stderr, relayed as the pipe is, so that
  its stdout is dropped and its log records (logrus colours them there) restated as off a terminal.
- A tar (or oci/docker archive) exporter's new file: buildctl runs with umask 0, so pydock gives the file the mode
  buildx's client would (0666 less the umask).
"""

from __future__ import annotations

import os

from shim.backends.nerdctl import build_outputs, errors
from shim.backends.nerdctl.common import base, flag_args
from shim.errors import EXIT_GENERAL
from shim.plan import SPOOL_STDIN, TERMINAL_STDERR, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.backends.nerdctl.build_outputs import Export
    from shim.parse import Parsed
    from shim.plan import Result

BUILDCTL_ERROR = b"error: "
PROGRESS = ("auto", "plain", "tty", "quiet")
NO_BUILDKITD = "needs to be running"  # nerdctl: "`buildctl` needs to be installed and `buildkitd` needs …"
NOT_RUNNING = ("ERROR: BuildKit is not running: pydock builds with buildkitd (containerd worker); start it with: "
               "sudo pydock daemon start")
# pydock's one builder, the namespace's buildkitd, is the `default` builder buildx ls shows (builder.py)
PLAIN_HEADER = '#0 building with "default" instance using docker driver\n\n'
# Legacy-builder flags docker's buildx takes, warns about and ignores (its words, in its order).
WARNINGS = (
    ("isolation", "WARNING: isolation flag is deprecated with BuildKit."),
    ("security-opt", 'WARNING: security-opt flag is deprecated. "RUN --security=insecure" should be used with '
                     "BuildKit."),
    ("squash", "WARNING: experimental flag squash is removed with BuildKit. You should squash inside build using "
               "a multi-stage Dockerfile for efficiency."),
)


def translate_build(parsed: Parsed, ctx: Context) -> Plan | Done:
    """nerdctl build with docker's context, -q and --progress handling."""
    from shim.build_contexts import git_context, is_http, keep_git_dir

    context = parsed.args[0]
    git = git_context(context, keep_git_dir([str(a) for a in parsed.get("build-arg") or []]))  # type: ignore[union-attr]
    remote = git is not None or is_http(context)
    if not remote and context != "-" and not ctx.dry_run and not os.path.isdir(context):
        # docker checks the context on the client side too, before any daemon is asked
        return Done(EXIT_GENERAL,
                    stderr=f'ERROR: failed to build: unable to prepare context: path "{context}" not found')
    progress = parsed.text("progress", "auto")
    if progress not in PROGRESS:
        return Done(EXIT_GENERAL, stderr=f"ERROR: invalid progress mode {progress}")
    quiet = parsed.get("quiet") is True or progress == "quiet"
    export = build_outputs.last(parsed.get("output") or [], ctx.stdout_tty)  # type: ignore[arg-type]
    ssh = None
    if ctx.remote is not None:  # the context is sent to the remote's BuildKit (build_ssh.py)
        from shim.backends.nerdctl import build_ssh

        ssh = build_ssh.settings(parsed, ctx, quiet)
    elif not ctx.dry_run:
        _need_buildctl()
    if export is not None and export.kind in ("local", "tar") and parsed.get("iidfile"):
        return Done(EXIT_GENERAL, stderr="ERROR: local and tar exporters are incompatible with image ID file")
    words, iidfile, cleanup, after = _outputs(parsed, ctx, quiet, export if ssh is None else None)
    argv = [*base(ctx), "build", *words, f"--progress={'quiet' if quiet else progress}",
            *([f"--iidfile={iidfile}"] if iidfile else [])]
    dockerfile = parsed.get("file")
    env = {"DOCKER_CONFIG": ctx.config} if ctx.config else None
    warned = "".join(f"{text}\n" for name, text in WARNINGS if parsed.get(name) not in (None, False))
    if not quiet and (progress == "plain" or (progress == "auto" and not ctx.stderr_tty)):
        warned += PLAIN_HEADER  # buildx's first lines of plain progress, naming its builder
    if context == "-":
        if dockerfile == "-":
            return Done(EXIT_GENERAL, stderr="ERROR: failed to build: invalid argument: can't use stdin for both "
                                             "build context and dockerfile")
        return _from_stdin(argv, str(dockerfile or ""), f"{ctx.scratch}-stdin", env=env, announce=warned,
                           cleanup=cleanup, ssh=ssh, **after)
    if remote:
        from shim.backends.nerdctl import build_remote

        plan = {"env": env, "announce": warned, "cleanup": cleanup, "ssh": ssh, **after}
        if git is not None:
            if not ctx.dry_run and not _have("git"):
                return Done(EXIT_GENERAL, stderr="ERROR: failed to build: unable to prepare context: unable to find "
                                                 "'git': exec: \"git\": executable file not found in $PATH")
            return build_remote.from_git(argv, git, str(dockerfile or ""), f"{ctx.scratch}-git", **plan)
        return build_remote.from_http(argv, context, str(dockerfile or ""), f"{ctx.scratch}-download", **plan)
    argv += [*([f"--file={dockerfile}"] if dockerfile is not None else []), context]
    if ctx.stderr_tty and progress in ("auto", "tty") and not quiet and ssh is None:
        # BuildKit's tty view needs a terminal as stderr: nerdctl gets a private one pydock relays, so that its
        # stdout (the lines of loading the image into a namespace without a buildkitd) and log records still
        # go, and a failure ends with buildx's line
        after["stderr_to"] = TERMINAL_STDERR
    return supervised(argv, env=env, announce=warned, cleanup=cleanup, ssh=ssh, **after)  # type: ignore[arg-type]


def _outputs(parsed: Parsed, ctx: Context, quiet: bool, export: Export | None) -> tuple[list[str], str,
                                                                                        tuple[str, ...], dict]:
    """nerdctl's flags (its --output for buildx's last -o, `export`), the file nerdctl is to write the image ID to,
    the private files to remove after, and what follows the build (supervised's keywords)."""
    kind, dest = (export.kind, export.dest) if export is not None else ("", "")
    no_image = kind in ("local", "tar")
    own_iidfile = parsed.text("iidfile", "")
    iidfile = own_iidfile or (f"{ctx.scratch}-iid" if quiet and not no_image else "")
    words = flag_args(parsed)
    relay = ""
    if export is not None:
        output, relay = _output(export, str(parsed.get("output")[-1]), own_iidfile, ctx.scratch)  # type: ignore[index]
        last = max(i for i, w in enumerate(words) if w.startswith("--output="))
        words[last] = f"--output={output}"
    cleanup = (*((iidfile,) if iidfile and not own_iidfile else ()), *((relay,) if relay else ()))
    # -q's ID (an empty line without an image), unless the files went to stdout
    shown = After(iidfile if quiet and dest != "-" else "", blank=quiet and no_image and dest != "-",
                  layout=relay or (dest if kind in build_outputs.IMAGE_LAYOUTS and dest != "-" else ""),
                  folder=export is not None and export.folder, iidfile=own_iidfile, relay=relay)
    return words, iidfile, cleanup, {"shown": shown, "stdout_to": "" if dest == "-" and not relay else "null",
                                     "new_file": _new_file(kind, dest, ctx)}


def _output(export: Export, value: str, iidfile: str, scratch: str) -> tuple[str, str]:
    """nerdctl's --output value for buildx's -o, and the private archive pydock writes to stdout after the build
    ("" for none). nerdctl loads an oci archive without dest (and makes a folder named `-` of `-o -`): buildx writes
    it to stdout. With --iidfile an image archive for stdout is written to a file first: the ID is read from it."""
    if not export.parts:  # nerdctl reads a value without `type=` as a folder's path, whole: a comma would split it
        return build_outputs.with_dest(export, value, export.dest), ""
    if export.folder or export.dest != "-":
        return value, ""
    if iidfile and export.kind in build_outputs.IMAGE_LAYOUTS:
        relay = f"{scratch}-out.tar"
        return build_outputs.with_dest(export, value, relay), relay
    return build_outputs.with_dest(export, value, "-"), ""


class After:
    """What pydock does once the build succeeded: print -q's ID (read from `iid`, the file nerdctl wrote it to, or
    from `layout`), or with `blank` an empty line; write the ID read from `layout` into --iidfile; copy `relay`
    to stdout."""

    __slots__ = ("iid", "blank", "layout", "folder", "iidfile", "relay")

    def __init__(self, iid: str = "", *, blank: bool = False, layout: str = "", folder: bool = False,
                 iidfile: str = "", relay: str = "") -> None:
        self.iid = iid  # -q: the file whose ID is printed ("" prints none)
        self.blank = blank  # -q without an image: buildx's empty line
        self.layout = layout  # an oci or docker archive (a folder with `folder`) whose ID buildx reports
        self.folder = folder
        self.iidfile = iidfile  # the user's --iidfile ("" for none)
        self.relay = relay  # the archive for stdout, made in a private file first

    def wanted(self) -> bool:
        return bool(self.iid or self.blank or self.layout)


def supervised(argv: list[str], *, env: dict[str, str] | None, announce: str = "", cleanup: tuple[str, ...] = (),
               shown: After | None = None, stdout_to: str = "", ssh: object = None, stderr_to: str = "",
               new_file: str = "") -> Plan | Done:
    """nerdctl build with its failures restated; `shown`: what follows a build that succeeded (-q's ID, …).
    `stdout_to`: where nerdctl's stdout goes ("null": dropped); `stderr_to`: TERMINAL_STDERR for BuildKit's tty
    view. `ssh`: over the ssh transport (build_ssh.Settings), the local context folder is sent to the remote's build.
    `new_file`: the exporter's file, new: its mode is set after."""
    if ssh is not None:
        from shim.backends.nerdctl import build_ssh

        return build_ssh.plan(argv, ssh, env=env, announce=announce, cleanup=cleanup)  # type: ignore[arg-type]
    then = (lambda _r: _after(shown)) if shown is not None and shown.wanted() else None
    if new_file:
        then = _with_mode(new_file, then)
    prefixes = (errors.LOG_PREFIX, BUILDCTL_ERROR, *(TTY_LEVELS if stderr_to == TERMINAL_STDERR else ()))
    return Plan(argv, env=env, log_prefix=prefixes, announce=announce, cleanup=cleanup,
                restate=restate_failure, then=then, stdout_to=stdout_to, stderr_to=stderr_to)


# logrus's records on a terminal: `ESC[31mFATA ESC[0m[0000] message` (the level coloured, the message padded)
TTY_LEVELS = (b"\x1b[31mFATA", b"\x1b[31mERRO", b"\x1b[31mPANI", b"\x1b[33mWARN", b"\x1b[36mINFO",
              b"\x1b[37mDEBU", b"\x1b[37mTRAC")
_TTY_LEVEL_NAMES = {"FATA": "fatal", "ERRO": "error", "PANI": "panic", "WARN": "warning", "INFO": "info",
                    "DEBU": "debug", "TRAC": "trace"}


def _record(line: str) -> dict[str, str]:
    """A nerdctl log record, as logrus writes it to a pipe (logfmt) or to a terminal."""
    if not line.startswith("\x1b["):
        return errors.parse_record(line)
    level = _TTY_LEVEL_NAMES.get(line[5:9], "")
    message = line.partition("\x1b[0m[")[2].partition("] ")[2]
    return {"level": level, "msg": message.rstrip()}


def _new_file(kind: str, dest: str, ctx: Context) -> str:
    """The file a tar (or oci/docker archive) exporter is to create: buildctl makes it with umask 0 (0666, where
    buildx's client, as any program, gets 0666 less the umask); a file already there keeps its mode in both."""
    if kind not in ("tar", "oci", "docker") or dest in ("", "-") or ctx.remote is not None or ctx.dry_run:
        return ""
    return "" if os.path.lexists(dest) else dest


def _with_mode(path: str, then: Callable[[Result], Plan | Done] | None) -> Callable[[Result], Plan | Done]:
    def done(result: Result) -> Plan | Done:
        mask = os.umask(0)
        os.umask(mask)
        _chmod(path, 0o666 & ~mask)
        return then(result) if then is not None else Done(0)
    return done


def _from_stdin(argv: list[str], dockerfile: str, spool: str, **plan: object) -> Plan:
    """`docker build -`: pydock first reads stdin into a private file, then builds from it."""
    later = [*argv, f"--file={dockerfile or 'Dockerfile'}", "<the context or Dockerfile read from stdin>"]
    return Plan([], SPOOL_STDIN, spool=spool, cleanup=(spool,), later=(later,),
                then=lambda _r: stdin_context(argv, dockerfile, spool, **plan))  # type: ignore[arg-type]


def stdin_context(argv: list[str], dockerfile: str, spool: str, *, cleanup: tuple[str, ...] = (),
                  **plan: object) -> Plan | Done:
    """A tar archive (plain or compressed) on stdin is the context, its Dockerfile inside (-f names it
    there); anything else is the Dockerfile, with an empty context. Either way in a private folder."""
    import tarfile

    folder = f"{spool}.d"
    os.mkdir(folder, 0o700)
    context = os.path.join(folder, "context")
    os.mkdir(context)
    try:
        archive = tarfile.open(spool)  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError):
        os.mkdir(os.path.join(folder, "dockerfile"))
        os.replace(spool, os.path.join(folder, "dockerfile", "Dockerfile"))
        found = os.path.join(folder, "dockerfile", "Dockerfile")
    else:
        with archive:
            try:
                archive.extractall(context, filter="data")  # no absolute paths, `..`, devices or escaping links
            except (tarfile.TarError, OSError) as e:
                import shutil

                shutil.rmtree(folder, ignore_errors=True)
                return Done(EXIT_GENERAL, stderr=f"ERROR: failed to build: unable to prepare context: {e}")
        found = os.path.join(context, dockerfile or "Dockerfile")
    return supervised([*argv, f"--file={found}", context], cleanup=(*cleanup, folder), **plan)  # type: ignore[arg-type]


def _have(program: str) -> bool:
    from shim.execute import which

    return bool(which(program))


def _need_buildctl() -> None:
    """nerdctl runs buildctl from PATH: offer to install BuildKit when it is missing."""
    from shim.execute import which

    if not which("buildctl"):
        from shim.install.fallback import offer_buildkit

        offer_buildkit()


def _chmod(path: str, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError:  # gone already (or never made): nothing to set
        return


def _after(shown: After) -> Done:
    """The executor's follow-up step (after a build that succeeded)."""
    image_id = ""
    if shown.layout:  # buildx reports BuildKit's ID for the archive or folder: read it there
        read = build_outputs.folder_image_id if shown.folder else build_outputs.archive_image_id
        image_id = read(shown.layout)
        if image_id and shown.iidfile:
            with open(shown.iidfile, "w", encoding="ascii") as f:
                f.write(image_id)
    if shown.relay:
        with open(shown.relay, "rb") as archive:
            build_outputs.write_archive(archive, "-")
        return Done(0)
    if shown.iid and not image_id:  # nerdctl has written the ID (no newline)
        try:
            with open(shown.iid, encoding="ascii") as f:
                image_id = f.read().strip()
        except OSError as e:
            return Done(EXIT_GENERAL, stderr=f"ERROR: failed to build: cannot read the image ID: {e.strerror}")
    if shown.iid:  # docker prints it on a line
        return Done(0, stdout=image_id + "\n")
    return Done(0, stdout="\n") if shown.blank else Done(0)


def restate_failure(result: Result) -> Done:
    """buildx's closing error line for buildctl's, and nerdctl's own failures in docker's words."""
    texts: list[str] = []
    solved = False
    for line in result.errors:
        if line.startswith(BUILDCTL_ERROR.decode()):
            texts.append("ERROR: failed to build: " + line[len(BUILDCTL_ERROR):])
            solved = True
            continue
        record = _record(line)
        message = record.get("msg", "")
        if record.get("level") in ("info", "debug", "trace", "warning"):
            continue
        if solved and message.startswith("exit status"):  # buildctl's exit, already told above
            continue
        if solved and message == "no image was built":  # nerdctl's load into a namespace without a buildkitd
            continue
        if message.startswith("lstat ") and message.endswith("/Containerfile: no such file or directory"):
            # nerdctl looked for Dockerfile, then Containerfile; buildx names the Dockerfile it could not read
            message = "ERROR: failed to build: failed to solve: failed to read dockerfile: open Dockerfile: no such " \
                      "file or directory"
        elif NO_BUILDKITD in message:
            message = NOT_RUNNING
        elif message:
            message = f"ERROR: failed to build: {message}"
        texts.append(message)
    return Done(EXIT_GENERAL if result.code else 0, stderr="\n".join(t for t in texts if t))
