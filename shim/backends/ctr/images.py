"""docker's image verbs on ctr: images, pull, tag, rmi, push, save, load.

ctr does not normalise names (`busybox` is not `docker.io/library/busybox:latest` to it), so every name is
normalised here and shown short again (shim/reference.py). What a name points to is read from containerd
(state.py) in a PREPARE step, so that --dry-run reads nothing and shows the ctr commands."""

from __future__ import annotations

from shim import reference
from shim.backends.ctr import state
from shim.backends.ctr.common import address, base, daemon_failure, messages, plan
from shim.daemon_errors import no_such_image
from shim.errors import EXIT_GENERAL, DockerError
from shim.plan import CAPTURE, PREPARE, RELAY, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result


def read(ctx: Context, then: Callable[[list[dict]], Plan | Done], *later: list[str]) -> Plan:
    """A step that reads the namespace's image records, then decides."""
    return Plan([], PREPARE, then=lambda _r: then(read_images(ctx)), later=later)


def read_images(ctx: Context) -> list[dict]:
    from shim.backends.ctr.common import unreachable
    from shim.containerd.grpc import CallFailed

    try:
        return state.images(address(ctx), ctx.namespace)
    except CallFailed:
        raise DockerError(unreachable(ctx), EXIT_GENERAL) from None


def resolve(found: list[dict], given: str) -> tuple[str, str]:
    """(stored name, target digest) for a name or an image ID (a prefix of the digest), ("", "") if none."""
    full = reference.normalize(given) if not reference.problem(given) else ""
    for image in found:
        if image["Name"] == full:
            return image["Name"], image["Target"]["digest"]
    hexpart = given.removeprefix("sha256:")
    if hexpart and all(c in "0123456789abcdef" for c in hexpart):
        for image in found:
            if image["Target"]["digest"].removeprefix("sha256:").startswith(hexpart):
                return image["Name"], image["Target"]["digest"]
    return "", ""


def translate_images(parsed: Parsed, ctx: Context) -> Plan | Done:
    """docker images: the records read from containerd's API (what `ctr images ls` lists, with dates and
    unpacked sizes), rendered by the shared listing."""
    from shim.backends.ctr.common import unreachable
    from shim.containerd.grpc import CallFailed
    from shim.output import images
    from shim.output.listing import given_format, images_output, validate_format

    filters = images.parse_filters(list(parsed.get("filter") or []))
    fmt, warning = given_format(parsed, ctx.config, "imagesFormat")
    validate_format(fmt)
    if ctx.dry_run:
        return Plan([*base(ctx), "images", "ls"], CAPTURE)
    try:
        summaries = state.image_summaries(address(ctx), ctx.namespace)
    except CallFailed:
        raise DockerError(unreachable(ctx), EXIT_GENERAL) from None
    return images_output(parsed, fmt, summaries, filters, warning)


def translate_pull(parsed: Parsed, ctx: Context) -> Plan:
    """docker pull: ctr pulls (its progress dropped), then docker's lines from the digests before and after."""
    from shim.backends.ctr.registry_auth import registry_flags
    from shim.output.pulls import pull_header, pull_lines
    from shim.reference import check_reference

    ref = parsed.args[0]
    check_reference(ref, verb="pull")
    if parsed.get("all-tags") is True:
        raise DockerError("docker: --all-tags is not supported by pydock's ctr backend", 125)
    full = reference.normalize(ref)
    platform = [f"--platform={parsed.get('platform')}"] if parsed.get("platform") else []
    argv = [*base(ctx), "images", "pull", *registry_flags(full, ctx.config, ctx.scratch), *platform, full]
    quiet = parsed.get("quiet") is True

    def failed(result: Result) -> Done:
        done = daemon_failure(result, words=lambda m: pull_words(m, full))
        # the daemon refuses a name it cannot resolve before its progress stream starts (no header then)
        resolving = any("failed to resolve" in m for m in messages(result))
        header = pull_header(ref)
        shown = header.partition("\n")[0] + "\n" if resolving and header.count("\n") > 1 else header
        return Done(done.code, "" if quiet or (resolving and shown == header) else shown, done.stderr)

    def pulled(before: str) -> Plan:
        def finish(_r: Result) -> Done:
            if quiet:
                return Done(0, full + "\n")
            return Done(0, pull_lines(ref, before, _target(read_images(ctx), full)))
        return plan(argv, ctx, stdout_to="null", then=finish, restate=failed)

    return read(ctx, lambda found: pulled(_target(found, full)), argv)


def pull_words(message: str, full: str) -> str:
    # Engine 29 (the reference) resolves through containerd and says so in containerd's words, with the full
    # reference; Engine 20.10 said `manifest for NAME not found: manifest unknown`
    if "not found" in message:
        return f'Error response from daemon: failed to resolve reference "{full}": {full}: not found'
    return ""


def _target(found: list[dict], full: str) -> str:
    return next((i["Target"]["digest"] for i in found if i["Name"] == full), "")


def translate_tag(parsed: Parsed, ctx: Context) -> Plan:
    """docker tag SOURCE TARGET: ctr images tag --force, the source found by name or ID."""
    from shim.reference import check_reference

    source, target = parsed.args
    check_reference(target, verb="tag")
    full = reference.normalize(target)

    def tag(found: list[dict]) -> Plan | Done:
        name, _ = resolve(found, source)
        if not name:
            return Done(EXIT_GENERAL, "", no_such_image(source) + "\n")
        return plan([*base(ctx), "images", "tag", "--force", name, full], ctx, stdout_to="null")

    return read(ctx, tag, [*base(ctx), "images", "tag", "--force", "<SOURCE>", full])


def translate_rmi(parsed: Parsed, ctx: Context) -> Plan:
    """docker rmi: each name removed with ctr images rm, and docker's Untagged/Deleted lines. The last name of an
    image a container uses is kept, and an ID that several names share is refused, as docker does, unless -f."""
    force = parsed.get("force") is True

    def remove(found: list[dict]) -> Plan | Done:
        used = {} if force else _used_images(ctx, found)
        out, errors, names = [], [], []
        missing = 0
        left = {i["Name"]: i["Target"]["digest"] for i in found}
        for given in parsed.args:
            name, digest = resolve(found, given)
            if not name or name not in left:
                errors.append(no_such_image(given))
                missing += 1
                continue
            problem, chosen = _removable(given, name, digest, left, used, force=force)
            if problem:
                errors.append(problem)
                continue
            for one in chosen:
                del left[one]
                names.append(one)
                out.append(f"Untagged: {reference.familiar(one)}")
            if digest not in left.values():
                out.append(f"Deleted: {digest}")
        stderr = "".join(f"{e}\n" for e in errors)
        failed = len(errors) - (missing if force else 0)  # docker's -f says a missing image but does not fail
        if not names:
            return Done(EXIT_GENERAL if failed else 0, "", stderr)
        report = Done(EXIT_GENERAL if failed else 0, "".join(f"{o}\n" for o in out), stderr)
        return plan([*base(ctx), "images", "rm", *names], ctx, stdout_to="null", then=lambda _r: report)

    return read(ctx, remove, [*base(ctx), "images", "rm", "<NAME>…"])


def _removable(given: str, name: str, digest: str, left: dict[str, str], used: dict[str, str], *,
               force: bool) -> tuple[str, list[str]]:
    """(docker's conflict, or "") and the names `given` removes: by ID every name of the image (refused without -f
    when there are several), by name that name; the last name of an image a container uses is kept."""
    by_id = reference.problem(given) or reference.normalize(given) != name
    sharing = [n for n, d in left.items() if d == digest]
    short = digest.removeprefix("sha256:")[:12]
    if by_id and len(sharing) > 1 and not force:
        return (f"Error response from daemon: conflict: unable to delete {short} (must be forced) - image is "
                "referenced in multiple repositories"), []
    chosen = sharing if by_id else [name]
    if digest in used and len(sharing) == len(chosen):
        return (f'Error response from daemon: conflict: unable to remove repository reference "{given}" (must '
                f"force) - container {used[digest][:12]} is using its referenced image {short}"), []
    return "", chosen


def _used_images(ctx: Context, found: list[dict]) -> dict[str, str]:
    """image digest → a container that uses it."""
    from shim.backends.ctr.listing import records

    digests = {i["Name"]: i["Target"]["digest"] for i in found}
    return {digests[c.image]: c.id for c in records(ctx)[0] if c.image in digests}


def translate_push(parsed: Parsed, ctx: Context) -> Plan:
    """docker push NAME: ctr images push, then docker's first and last lines."""
    from shim.backends.ctr.registry_auth import registry_flags

    given = parsed.args[0]
    full = reference.normalize(given)  # docker pushes :latest when no tag is given
    platform = [f"--platform={parsed.get('platform')}"] if parsed.get("platform") else []
    argv = [*base(ctx), "images", "push", *registry_flags(full, ctx.config, ctx.scratch), *platform, full]
    tag = reference.split(full)[2]

    def push(found: list[dict]) -> Plan | Done:
        digest = _target(found, full)
        if not digest:
            return Done(EXIT_GENERAL, "", f"An image does not exist locally with the tag: "
                        f"{reference.familiar(full).rsplit(':', 1)[0]}\n")
        size = next(i["Target"]["size"] for i in found if i["Name"] == full)
        lines = (f"The push refers to repository [{full.rsplit(':', 1)[0]}]\n"
                 f"{tag}: digest: {digest} size: {size}\n")
        return plan(argv, ctx, stdout_to="null", then=lambda _r: Done(0, lines))

    return read(ctx, push, argv)


def translate_save(parsed: Parsed, ctx: Context) -> Plan:
    """docker save: ctr images export writes a docker-compatible archive (manifest.json and OCI layout) to
    -o's file or to stdout."""
    output = parsed.text("output")
    if not output and ctx.stdout_tty:
        raise DockerError("cowardly refusing to save to a terminal. Use the -o flag or redirect", 1)
    platform = [f"--platform={parsed.get('platform')}"] if parsed.get("platform") else []

    def export(found: list[dict]) -> Plan | Done:
        names = []
        for given in parsed.args:
            name, _ = resolve(found, given)
            if not name:
                return Done(EXIT_GENERAL, "", no_such_image(given) + "\n")
            names.append(name)
        if ctx.remote is not None:  # the archive comes through ssh; -o's file is this machine's, as docker's
            from shim.plan import ARCHIVE

            return plan([*base(ctx), "images", "export", "--local", *platform, "-", *names], ctx,
                        stdout_to=ARCHIVE, archive_to=output)
        return plan([*base(ctx), "images", "export", "--local", *platform, output or "-", *names], ctx)

    shown = "-" if ctx.remote is not None else output or "-"
    return read(ctx, export, [*base(ctx), "images", "export", "--local", shown, "<NAME>…"])


def ctr_display_name(name: str) -> str:
    """How ctr's progress display shows an image name (cmd/ctr/commands/images/pull.go's displayName and its
    `%-40.40s`): every `-` a space, a `sha256:` digest part as `(12 digits)`, cut at 40 characters."""
    parts = [f"({p[7:19]})" if p.startswith("sha256:") and len(p) == 71 else p for p in name.split("-")]
    return " ".join(parts)[:40].rstrip()


def last_frame(display: str) -> tuple[list[str], set[str]]:
    """The names ctr's import display says it saved, and the digests it printed, from its last frame: off a
    terminal ctr prints its whole display again at every refresh, each frame ending with a status line
    (`Importing<TAB>elapsed: …`)."""
    shown: list[str] = []
    digests: set[str] = set()
    frame: tuple[list[str], set[str]] = ([], set())
    for line in display.splitlines():
        fields = line.split("\t")
        if len(fields) > 1 and fields[1].startswith("elapsed:"):
            if frame[0]:
                shown, digests = frame
            frame = ([], set())
        elif len(fields) > 1 and fields[1].strip() == "saved":
            frame[0].append(fields[0].rstrip())
        elif len(fields) == 1 and line.count(" ") == 1 and " sha256:" in line:  # a saved one's MEDIATYPE DIGEST
            frame[1].add(line.split(" ")[1])
    return (shown, digests) if shown else frame


def stored_name(shown: str, digests: set[str], ctx: Context) -> str:
    """The name an import saved, found back from ctr's display of it: the namespace's image whose displayed
    name is `shown` (and whose target is one the import printed); `shown` itself if none is."""
    found = [i for i in read_images(ctx) if ctr_display_name(i["Name"]) == shown]
    chosen = [i for i in found if i["Target"]["digest"] in digests] or found
    return chosen[0]["Name"] if chosen else shown


def translate_load(parsed: Parsed, ctx: Context) -> Plan:
    """docker load: ctr images import from -i's file or stdin; its `NAME<TAB>saved` lines become docker's
    `Loaded image: NAME`."""
    source = parsed.text("input")
    if not source and ctx.stdin_tty:
        raise DockerError("requested load from stdin, but stdin is empty")
    if source and not ctx.dry_run:  # docker's client opens the file itself: its error has no daemon in it
        try:
            open(source, "rb").close()  # only whether it opens
        except IsADirectoryError:  # Go opens a folder, and its first read fails
            raise DockerError(f"read {source}: is a directory", EXIT_GENERAL) from None
        except OSError as e:
            raise DockerError(f"open {source}: {(e.strerror or '').lower()}", EXIT_GENERAL) from None
    platform = [f"--platform={parsed.get('platform')}"] if parsed.get("platform") else []
    # over ssh -i's file is this machine's, as docker's: pydock sends it on ctr's stdin through ssh
    relayed = {"stdin": RELAY, "stdin_file": source} if ctx.remote is not None else {}
    argv = [*base(ctx), "images", "import", *platform, "-" if relayed else source or "-"]

    def loaded(result: Result) -> Done:
        shown, digests = last_frame(result.stdout.decode("utf-8", "replace"))
        names = list(dict.fromkeys(stored_name(n, digests, ctx) for n in shown)) if shown else []
        return Done(0, "".join(f"Loaded image: {reference.familiar(n)}\n" for n in names))

    def failed(result: Result) -> Done:
        # docker prints load's failures as they come in the daemon's stream: bare, without "Error response"
        lines = messages(result)
        return Done(EXIT_GENERAL, "", "".join(f"{m}\n" for m in lines) or "unexpected EOF\n")

    return plan(argv, ctx, mode=CAPTURE, then=loaded, restate=failed, **relayed)
