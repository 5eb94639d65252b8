"""docker's image verbs on nerdctl: pull, push, tag, save, load, rmi.

nerdctl prints its own progress bars and names; docker prints a few fixed lines that scripts read
(`Status: …`, the pulled reference, `Loaded image: …`). pydock runs nerdctl quietly and prints
docker's lines itself, from what nerdctl reports.
"""

from __future__ import annotations

from shim import reference
from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base, content_trust, flag_args, plan
from shim.errors import DockerError
from shim.plan import ARCHIVE, CAPTURE, PREPARE, RELAY, Done, Plan
from shim.reference import check_reference

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.backends.nerdctl.archive import ArchiveNames
    from shim.parse import Parsed
    from shim.plan import Result

REPO_DIGESTS = "{{json .RepoDigests}}"


def _digest(result: Result) -> str:
    """The digest in `nerdctl image inspect --format {{json .RepoDigests}}` output, or ""."""
    import json

    if result.code != 0:
        return ""
    try:
        digests = json.loads(result.stdout or b"[]")
    except ValueError:
        return ""
    return digests[0].rpartition("@")[2] if digests else ""


def translate_pull(parsed: Parsed, ctx: Context) -> Plan:
    """docker pull: nerdctl pulls quietly (its progress goes to stderr on a terminal), then pydock
    prints docker's lines, or with -q just the full reference, as docker does."""
    content_trust(parsed)
    ref = parsed.args[0]
    check_reference(ref, verb="pull")
    if parsed.get("quiet") is True:
        pull = [*base(ctx), "pull", *flag_args(parsed), ref]
        return plan(parsed, ctx, pull, stdout_to="null", then=lambda _r: Done(0, reference.normalize(ref) + "\n"),
                    restate=_pull_restate(parsed, ctx, ref))
    return check_then_pull(parsed, ctx, ref, finish=lambda lines: Done(0, lines))


def _pull_restate(parsed: Parsed, ctx: Context, ref: str) -> Callable[[Result], Done]:
    """`pull`'s failures (and `run`'s implicit pull's): a misbehaving registry's in Engine 29's words
    (registry_errors), the rest as _pull_failed says."""
    from shim.backends.nerdctl import registry_errors

    run_path = parsed.path if parsed.command.name == "run" else ""
    return registry_errors.restating(ref, quiet=parsed.get("quiet") is True and not run_path,
                                     fallback=lambda r: _pull_failed(r, parsed, ctx), run_path=run_path)


def check_then_pull(parsed: Parsed, ctx: Context, ref: str, *, finish: Callable[[str], Plan | Done],
                    missing_only: bool = False, flags: list[str] | None = None,
                    afterwards: tuple[list[str], ...] = (), notice: str = "") -> Plan:
    """Look the image up, pull it (unless missing_only and it is there), and hand docker's pull
    lines to finish. `run` uses missing_only, as docker pulls only an image it lacks, and a notice
    for stderr before it pulls. What the name points to, before and after, is read from containerd's file
    (containerd_state.py: `run` of a present image is then the one nerdctl command); where it cannot be,
    `nerdctl image inspect` says."""
    inspect = [*base(ctx), "image", "inspect", "--format", REPO_DIGESTS, ref]
    pull = [*base(ctx), "pull", *(flag_args(parsed) if flags is None else flags), ref]
    progress = "stderr" if ctx.stderr_tty else "null"

    def pulled(before: str) -> Plan:
        def compared(after: str | None) -> Plan | Done:
            if after is None:
                return plan(parsed, ctx, inspect, mode=CAPTURE, then=lambda r: compared(_digest(r)))
            from shim.output.pulls import pull_lines  # only once pulled: `run` of a present image skips it

            return finish(pull_lines(ref, before, after, reference_line=not missing_only))
        restate = _pull_restate(parsed, ctx, ref) if parsed.command.name in ("pull", "run") else \
            (lambda r: _pull_failed(r, parsed, ctx))
        return plan(parsed, ctx, pull, stdout_to=progress, then=lambda _r: compared(stored_digest(ctx, ref)),
                    announce=notice, restate=restate)

    def after_probe(result: Result) -> Plan | Done:
        if result.code != 0 and not all("no such image" in line for line in result.errors):
            return errors.restate(result, verb=parsed.command.name, path=parsed.path)  # e.g. no containerd
        if missing_only and result.code == 0:
            return finish("")
        return pulled(_digest(result))

    def looked_up(_r: Result) -> Plan | Done:
        before = stored_digest(ctx, ref)
        if before is None:
            return plan(parsed, ctx, inspect, mode=CAPTURE, always_then=True, then=after_probe,
                        later=(pull, inspect, *afterwards))
        return finish("") if missing_only and before else pulled(before)

    return Plan([], PREPARE, then=looked_up, later=(pull, *afterwards))


def _pull_failed(result: Result, parsed: Parsed, ctx: Context) -> Done:
    """nerdctl's pull failed: docker's words. A full store is reported in the engine's pull stream, which
    docker prints as it is (no "Error response from daemon"), and the partial layer is dropped (full_disk.py)."""
    from shim.backends.nerdctl import full_disk

    done = errors.restate(result, verb=parsed.command.name, path=parsed.path, names=tuple(parsed.args))
    if parsed.command.name == "pull" and parsed.get("quiet") is not True and not done.stdout:
        # docker's client says it before asking the daemon, so also when the daemon fails
        from shim.output.pulls import pull_header

        default = pull_header(parsed.args[0]).partition("\n")[0] + "\n"
        if default.startswith("Using default tag"):
            done = Done(done.code, default, done.stderr)
    if not full_disk.filled(done):
        return done
    from shim.daemon_errors import DAEMON

    full_disk.collect(ctx)
    return Done(done.code, done.stdout, done.stderr.replace(DAEMON, "", 1))  # `run`'s pull: "docker: failed to …"


def stored_digest(ctx: Context, ref: str) -> str | None:
    """The digest a plain name (`busybox`, `me/app:1`) points to in containerd's file, "" when it names no image,
    None when the file cannot say or ref is not such a name (a digest, or what nerdctl may take for an ID)."""
    from shim.backends.nerdctl.image_ids import looks_like_id

    if "@" in ref or looks_like_id(ref) or reference.problem(ref):
        return None
    from shim.backends.nerdctl import containerd_state

    state = containerd_state.read(ctx)
    if state is None:
        return None
    full = reference.normalize(ref)
    return next((i["Digest"] for i in state.images if i["Name"] == full), "")


def translate_tag(parsed: Parsed, ctx: Context) -> Plan | Done:
    for i, ref in enumerate(parsed.args):
        check_reference(ref, verb="tag", id_ok=i == 0)  # SOURCE may be an image ID, TARGET is a name
    from shim.backends.nerdctl.image_ids import resolved

    source, target = parsed.args
    if "@" in target:  # docker's client refuses it before asking the engine
        raise DockerError("refusing to create a tag with a digest reference", 1)
    return resolved(parsed, ctx, [source], lambda found: _tag(parsed, ctx, found[0], target))


def _tag(parsed: Parsed, ctx: Context, source: str, target: str) -> Plan:
    """nerdctl tag, after keeping the image the target name leaves unnamed, as docker keeps it
    (shim/backends/nerdctl/dangling.py). What the target names now is read from containerd's file
    (containerd_state.py), and where that file is readable containerd is asked to name the image directly
    (shim/containerd/image_names.py), without nerdctl; on any failure, nerdctl tags as before."""
    def looked_up(_r: Result) -> Plan | Done:
        from shim.backends.nerdctl import containerd_state

        state = containerd_state.read(ctx)
        if state is not None and _tagged_directly(ctx, source, target, state.images):
            return Done(0)
        return tag_steps(parsed, ctx, source, target, state.images if state else None)

    return Plan([], PREPARE, then=looked_up, later=([*base(ctx), "tag", *flag_args(parsed), source, target],))


def _tagged_directly(ctx: Context, source: str, target: str, listing: list[dict]) -> bool:
    """Tag through containerd's Images service: the keeping step first where docker keeps the image the
    target leaves (its placeholder name as nerdctl's tag writes it), then the tag."""
    from shim.backends.nerdctl.dangling import UNNAMED, orphaned
    from shim.backends.nerdctl.names import direct_address

    address = direct_address(ctx.address)
    if not address:
        return False
    full_source, full_target = reference.normalize(source), reference.normalize(target)
    pairs = [(full_source, full_target)]
    digest = orphaned(listing, full_target)
    if digest and digest != next((i.get("Digest") for i in listing if i.get("Name") == full_source), None):
        pairs.insert(0, (full_target, UNNAMED[1] + digest))
    from shim.backends.nerdctl.containerd_state import namespace_of
    from shim.containerd.image_names import point

    return point(address, namespace_of(ctx), pairs)


def tag_steps(parsed: Parsed, ctx: Context, source: str, target: str, listing: list[dict] | None) -> Plan:
    """The tag, after the keeping step when the listing (`nerdctl images` JSON lines) says one is needed;
    with no listing (containerd's file unreadable here), `nerdctl images` is asked first."""
    tag = plan(parsed, ctx, [*base(ctx), "tag", *flag_args(parsed), source, target])

    def keep(listing: list[dict]) -> Plan:
        from shim.backends.nerdctl.dangling import keep_argv, orphaned

        digest = orphaned(listing, reference.normalize(target))
        moving = next((i.get("Digest") for i in listing if i.get("Name") == reference.normalize(source)), None)
        if not digest or digest == moving:
            return tag
        return plan(parsed, ctx, keep_argv(base(ctx), reference.normalize(target), digest), mode=CAPTURE,
                    always_then=True, then=lambda _r: tag)

    if listing is not None:
        return keep(listing)

    def listed(result: Result) -> Plan:
        from shim.backends.nerdctl.lists import json_lines

        return keep(json_lines(result.stdout) if result.code == 0 else [])

    return plan(parsed, ctx, [*base(ctx), "images", "--format", "{{json .}}"], mode=CAPTURE, always_then=True,
                then=listed, later=(tag.argv,))


def translate_save(parsed: Parsed, ctx: Context) -> Plan | Done:
    if not parsed.get("output") and ctx.stdout_tty:
        raise DockerError("cowardly refusing to save to a terminal. Use the -o flag or redirect", 1)
    if parsed.get("output"):
        from shim.output_path import output_problem

        problem = output_problem(parsed.text("output"))
        if problem:  # refused before the engine is asked, as docker does: nerdctl would replace the file
            raise DockerError(f"failed to save image: {problem}", 1)
    from shim.backends.nerdctl.image_ids import resolved

    # To a pipe, nerdctl 2.3 sometimes ends the archive early (it exits before writing its stream's last
    # window), nearly never into a file: it writes into a file (stdout itself, or a private one pydock
    # streams to stdout as it grows: shim/streams.py ArchiveSpool), and pydock checks that the archive ends.
    # With -o too: a private file in the output's folder, given the output's name once whole (docker's client
    # renames its temporary file), so that a failed or killed save leaves nothing half-written.
    output = parsed.text("output")
    return resolved(parsed, ctx, list(parsed.args),
                    lambda found: plan(parsed, ctx, [*base(ctx), "save", *flag_args(parsed), *found], stdout_to=ARCHIVE,
                                       archive_to=output, always_then=True, then=lambda r: _saved(r, parsed),
                                       stuck_on=(COPY_FAILED,)))


# nerdctl 2.3.5's save logs this when writing the archive fails (a full disk) and then hangs: pydock ends it
COPY_FAILED = 'msg="error copying stream"'


def _saved(result: Result, parsed: Parsed) -> Done:
    failed = next((line for line in result.errors if COPY_FAILED in line), "")
    if failed:
        # docker's client reports its own write error, on its temporary file for -o (`.tmp-NAME…`)
        import os

        why = errors.parse_record(failed).get("error", "write failed")
        output = parsed.text("output")
        if output:
            folder, name = os.path.split(os.path.abspath(output))
            why = why.replace("/dev/stdout", os.path.join(folder, ".tmp-" + name))
        return Done(1, "", why)
    if result.code != 0 and not result.short:
        return errors.restate(result, verb=parsed.command.name, path=parsed.path, names=tuple(parsed.args))
    if result.short:  # what docker's client says when the engine's stream stops before the archive's end
        return Done(1, "", "unexpected EOF")
    return Done(0)


def translate_load(parsed: Parsed, ctx: Context) -> Plan:
    """docker load: pydock streams the archive (file or stdin) into nerdctl, reading the image names
    as it goes, prints docker's `Loaded image: NAME` lines (also with -q; nerdctl 2.3 reports names
    unreliably), and drops the `import@sha256:…` reference nerdctl adds for the archive's own index."""
    source = parsed.text("input")
    if not source and ctx.stdin_tty:
        raise DockerError("requested load from stdin, but stdin is empty")
    from shim.backends.nerdctl.archive import ArchiveNames

    names = ArchiveNames()
    argv = [*base(ctx), "load", *flag_args(parsed)]
    later = ([*base(ctx), "rmi", "--force", "<import@sha256:…>"],)
    load = plan(parsed, ctx, argv, mode=CAPTURE, stdin=RELAY, stdin_file=source, stdin_tap=names,
                always_then=True, then=lambda r: _after_load(r, names, parsed, ctx), later=later)
    if parsed.get("platform") or (not source and ctx.stdin_tty):
        return load
    from shim.backends.nerdctl.load_present import TARGETS, all_present, archive_targets

    known, targets = archive_targets(source)
    if not targets:
        return load
    # every image of the archive may be here already (shim/backends/nerdctl/load_present.py): containerd's
    # file says so in a millisecond, else nerdctl's native inspect
    inspect = [*base(ctx), "image", "inspect", "--mode=native", f"--format={TARGETS}",
               *(line.split(" ", 1)[0] for line in targets)]
    asked = plan(parsed, ctx, inspect, mode=CAPTURE, always_then=True, later=(argv, *later),
                 then=lambda r: _loaded_lines(known) if all_present(r, targets) else load)

    def looked_up(_r: Result) -> Plan | Done:
        from shim.backends.nerdctl import containerd_state

        state = containerd_state.read(ctx)
        if state is None:
            return asked
        stored = {f"{i['Name']} {i['Digest']}" for i in state.images}
        return _loaded_lines(known) if set(targets) <= stored else load

    return Plan([], PREPARE, then=looked_up, later=(inspect, argv, *later))


def _loaded_lines(names: ArchiveNames) -> Done:
    named, ids = names.names()
    return Done(0, "".join(f"Loaded image: {n}\n" for n in named) + "".join(f"Loaded image ID: {i}\n" for i in ids))


def _after_load(result: Result, names: ArchiveNames, parsed: Parsed, ctx: Context) -> Plan | Done:
    if result.code != 0:
        from shim.daemon_errors import DAEMON

        # The engine reports a bad archive in load's response stream, which docker prints as it is:
        # `unrecognized image format`, `archive/tar: invalid tar header`, without "Error response from daemon".
        done = errors.restate(result, verb="load", path=parsed.path)
        stderr = "\n".join(line.removeprefix(DAEMON) for line in done.stderr.split("\n"))
        from shim.backends.nerdctl import full_disk

        if full_disk.filled(done):  # containerd's Import fails before the engine's answer starts: its error
            full_disk.collect(ctx)  # response; and the partial layer is dropped
            stderr = DAEMON + stderr
        return Done(done.code, done.stdout, stderr)
    done = _loaded_lines(names)
    digest = names.index_digest()
    if not digest:
        return done
    from shim.backends.nerdctl.containerd_state import namespace_of
    from shim.backends.nerdctl.names import direct_address

    address = direct_address(ctx.address)
    if address:  # containerd deletes the name itself, as nerdctl's rmi would ask it to
        from shim.containerd.image_names import remove

        # not waiting for containerd's collection: the name held only the archive's index, a few hundred bytes
        if remove(address, namespace_of(ctx), [f"import@{digest}"], sync=False) is not None:
            return done
    cleanup = [*base(ctx), "rmi", "--force", f"import@{digest}"]
    return plan(parsed, ctx, cleanup, mode=CAPTURE, always_then=True, then=lambda _r: done)
