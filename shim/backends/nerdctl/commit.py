"""docker commit on nerdctl (issue #11). nerdctl's `--change` takes CMD and ENTRYPOINT only, in JSON form, and
prints the config digest where docker prints the image ID (pydock's, Engine 29's: the manifest digest). So pydock
commits without the changes, and when there are any, saves the image, writes docker's changed config into
the archive (shim/commit_changes.py decides it), and loads it back under the same name; then it prints the ID
`images` shows. A change the daemon refuses is refused once the container is found, as docker does. Over the ssh
transport the saved archive comes here through ssh (into a private file), and the changed one goes back on the
remote load's stdin.
"""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base, flag_args
from shim.daemon_errors import DAEMON
from shim.errors import EXIT_GENERAL
from shim.plan import ARCHIVE, CAPTURE, STREAM, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result


def translate_commit(parsed: Parsed, ctx: Context) -> Plan:
    from shim import commit_changes
    from shim.backends.nerdctl import passthrough

    if len(parsed.args) == 1:
        return passthrough.translate_other(parsed, ctx)  # untagged: refused once the container is found
    container, target = parsed.args
    from shim.reference import check_reference

    check_reference(target, verb="commit")  # docker's client, before it asks for the container
    changes = [str(c) for c in parsed.get("change") or []]  # type: ignore[union-attr]
    env = {"DOCKER_CONFIG": ctx.config} if ctx.config else None
    prefix = base(ctx)

    def step(argv: list[str], then: Callable[[Result], Plan | Done], **kw: object) -> Plan:
        return Plan(argv, CAPTURE, env=env, log_prefix=errors.LOG_PREFIX, always_then=True, then=then, **kw)  # type: ignore[arg-type]

    def failed(result: Result) -> Done:
        return errors.restate(result, verb="commit", path=parsed.path, names=(container, target))

    def image_id(_result: Result) -> Plan:
        def shown(result: Result) -> Done:
            digest = _manifest_digest(result.stdout)
            return Done(0, f"{digest}\n") if result.code == 0 and digest else failed(result)
        return step([*prefix, "image", "inspect", "--format", "{{json .RepoDigests}}", target], shown)

    try:
        commit_changes.check(changes)
    except commit_changes.ChangeError as e:
        refusal = str(e)
        return step([*prefix, "container", "inspect", "--format", "{{.ID}}", container],
                    lambda r: failed(r) if r.code != 0 else Done(EXIT_GENERAL, stderr=DAEMON + refusal))
    flags = [f for f in flag_args(parsed) if not f.startswith("--change=")]
    commit = [*prefix, "commit", *flags, container, target]
    if not changes:
        return step(commit, lambda r: failed(r) if r.code != 0 else image_id(r))
    saved, changed = f"{ctx.scratch}.commit.tar", f"{ctx.scratch}.changed.tar"

    save, load = [*prefix, "save", "-o", saved, target], [*prefix, "load", "-i", changed]
    if ctx.remote is not None:  # over ssh the archive comes here through ssh, and goes back on the load's stdin
        save, load = [*prefix, "save", target], [*prefix, "load"]

    def committed(result: Result) -> Plan | Done:
        if result.code != 0:
            return failed(result)
        if ctx.remote is not None:
            return Plan(save, env=env, log_prefix=errors.LOG_PREFIX, always_then=True, then=rewrite,
                        stdout_to=ARCHIVE, archive_to=saved)
        return step(save, rewrite)

    def rewrite(result: Result) -> Plan | Done:
        if result.code != 0 or result.short:
            return failed(result)
        _rewrite_archive(saved, changed, lambda config: commit_changes.apply(config, changes))
        sent = {"stdin": STREAM, "stdin_tap": _sender(changed)} if ctx.remote is not None else {}
        return step(load, lambda r: failed(r) if r.code != 0 else image_id(r), **sent)

    return step(commit, committed, cleanup=(saved, changed), later=(save, load))


def _sender(path: str) -> Callable[[int], None]:
    """The executor's STREAM stdin: the file written into the pipe the remote `nerdctl load` reads (ssh carries it),
    on a thread of its own, which closes the pipe at the end."""
    def start(fd: int) -> None:
        import threading

        def send() -> None:
            try:
                with open(fd, "wb") as sink, open(path, "rb") as source:  # the pipe closed whatever happens
                    while chunk := source.read(1 << 20):
                        sink.write(chunk)
            except OSError:  # the load ended first: its own error says why
                pass

        threading.Thread(target=send, daemon=True).start()

    return start


def _manifest_digest(output: bytes) -> str:
    import json

    try:
        digests = json.loads(output or b"[]")
    except ValueError:
        return ""
    return next((d.rpartition("@")[2] for d in digests or [] if "@sha256:" in d), "")


def _rewrite_archive(source: str, target: str, change: Callable[[dict], dict]) -> None:
    """nerdctl's save archive (OCI layout with docker's manifest.json) with the image's config changed: a new
    config blob, a new manifest pointing at it, index.json and manifest.json pointing at that."""
    import hashlib
    import io
    import json
    import tarfile

    with tarfile.open(source) as archive:
        members = {m.name: (m, archive.extractfile(m).read() if m.isfile() else b"") for m in archive.getmembers()}  # type: ignore[union-attr]

    def blob(digest: str) -> bytes:
        return members[f"blobs/sha256/{digest.removeprefix('sha256:')}"][1]

    def put(data: bytes) -> str:
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        info = tarfile.TarInfo(f"blobs/sha256/{digest.removeprefix('sha256:')}")
        members[info.name] = (info, data)
        return digest

    index = json.loads(members["index.json"][1])
    descriptor = index["manifests"][0]
    manifest = json.loads(blob(descriptor["digest"]))
    image = json.loads(blob(manifest["config"]["digest"]))
    image["config"] = change(image.get("config") or {})
    config_bytes = json.dumps(image, separators=(",", ":")).encode()
    old_config = manifest["config"]["digest"]
    manifest["config"] = {**manifest["config"], "digest": put(config_bytes), "size": len(config_bytes)}
    manifest_bytes = json.dumps(manifest, separators=(",", ":")).encode()
    index["manifests"][0] = {**descriptor, "digest": put(manifest_bytes), "size": len(manifest_bytes)}
    members["index.json"] = (members["index.json"][0], json.dumps(index).encode())
    if "manifest.json" in members:
        listing = json.loads(members["manifest.json"][1])
        for entry in listing:
            entry["Config"] = entry["Config"].replace(old_config.removeprefix("sha256:"),
                                                      manifest["config"]["digest"].removeprefix("sha256:"))
        members["manifest.json"] = (members["manifest.json"][0], json.dumps(listing).encode())
    with tarfile.open(target, "w") as out:
        for info, data in members.values():
            info.size = len(data)
            out.addfile(info, io.BytesIO(data) if info.isfile() else None)
