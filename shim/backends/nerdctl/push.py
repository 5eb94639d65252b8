"""docker push on nerdctl: docker's lines instead of nerdctl's progress bars, and `--all-tags`.

docker prints `The push refers to repository [R]`, a `Pushed` (or `Layer already exists`) line per layer
and `TAG: digest: sha256:… size: N`, or with -q only the reference; Engine 29 prints no `Preparing` lines
when its output is not a terminal (Engine 20.10 did). nerdctl's progress does not say whether
the registry had a layer already; its debug records do (no upload request), so pydock reads those.
"""

from __future__ import annotations

from shim import reference
from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base, content_trust, flag_args, plan
from shim.plan import CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result

TARGET = "{{json .Image.Target}}"
REGISTRY_PREFIX = "pydock-registry: "  # how shim/registry.py's error lines start


def pushed_blobs(stdout: bytes) -> tuple[list[str], str]:
    """(layer digests, manifest digest) from nerdctl push's progress output."""
    layers: list[str] = []
    manifest = ""
    for line in stdout.decode("utf-8", "replace").splitlines():
        head = line.split(":", 1)[0] if line.startswith("layer-") else line.split(": ", 1)[0]
        if line.startswith("layer-sha256:"):
            digest = "sha256:" + line[len("layer-sha256:"):].split(":", 1)[0]
            if digest not in layers:
                layers.append(digest)
        elif line.startswith("manifest-") and "@sha256:" in head:
            manifest = head.split("@", 1)[1]
    return layers, manifest


def uploaded_blobs(records: list[str]) -> set[str]:
    """The digests nerdctl sent (an upload request), from its debug records: the other layers the registry
    had already, which docker reports as `Layer already exists`."""
    sent = set()
    for line in records:
        if 'msg="do request"' in line:
            fields = errors.parse_record(line)
            if fields.get("request.method") in ("POST", "PUT", "PATCH"):
                sent.add(fields.get("digest", ""))
    return sent


def _target(result: Result) -> tuple[str, str]:
    """(digest, size) of the image's target from nerdctl's native inspect (a line per name it has)."""
    import json

    first = result.stdout.decode().splitlines()[:1]
    try:
        target = json.loads(first[0]) if first else {}
    except ValueError:
        return "", ""
    return str(target.get("digest", "")), str(target.get("size", ""))


def translate_push(parsed: Parsed, ctx: Context) -> Plan:
    from shim.reference import check_reference

    content_trust(parsed)
    given = parsed.args[0]
    check_reference(given, verb="push")
    quiet = parsed.get("quiet") is True
    full = reference.normalize(given)
    repo = full.rsplit(":", 1)[0] if "@" not in full else full.split("@", 1)[0]
    tagged = ":" in given.rsplit("/", 1)[-1] or "@" in given
    header = "" if quiet else f"The push refers to repository [{repo}]\n"
    if parsed.get("all-tags") is True:
        listing = [*base(ctx), "images", "--format", "{{json .}}"]
        return plan(parsed, ctx, listing, mode=CAPTURE,
                    then=lambda r: _push_all(parsed, ctx, repo, _tags_of(r, repo), header))
    default_tag = "" if tagged or quiet else "Using default tag: latest\n"
    return _push(parsed, ctx, [given], 0, default_tag + header, done=reference.familiar(given) + "\n")


def _tags_of(result: Result, repo: str) -> list[str]:
    from shim.backends.nerdctl.lists import json_lines

    return [item["Name"] for item in json_lines(result.stdout) if item.get("Name", "").rsplit(":", 1)[0] == repo]


def _push_all(parsed: Parsed, ctx: Context, repo: str, refs: list[str], header: str) -> Plan | Done:
    if not refs:
        short = reference.familiar(repo + ":x").rsplit(":", 1)[0]
        return Done(1, header, f"An image does not exist locally with the tag: {short}")
    short = reference.familiar(repo + ":x").rsplit(":", 1)[0]
    return _push(parsed, ctx, refs, 0, header, done=short + "\n")


def _push(parsed: Parsed, ctx: Context, refs: list[str], index: int, text: str, *, done: str) -> Plan:
    """Push refs[index], then the next; text is docker's output so far (printed at the end)."""
    ref = refs[index]
    argv = [*_base_debug(ctx), "push", *flag_args(parsed), ref]
    inspect = [*base(ctx), "image", "inspect", "--mode", "native", "--format", TARGET, ref]

    def pushed(result: Result) -> Plan | Done:
        if result.code != 0:
            if _head_refused(result):
                return plan(parsed, ctx, inspect, mode=CAPTURE,
                            then=lambda info: _push_by_digest(parsed, ctx, refs, index, text, info, done=done))
            from shim.backends.nerdctl.registry_errors import push_failure

            said = push_failure(result)  # a misbehaving registry, in Engine 29's words
            if said is not None:
                return Done(1, text, said)
            failure = errors.restate(result, verb="push", path=parsed.path)
            return Done(failure.code or 1, text, failure.stderr)
        layers, manifest = pushed_blobs(result.stdout)
        sent = uploaded_blobs(result.errors)
        def inspected(info: Result) -> Plan | Done:
            # nerdctl names no manifest in its progress when the registry had it already (a push again)
            digest, size = _target(info)
            return _next(parsed, ctx, refs, index, text + _lines(parsed, ref, layers, sent, manifest or digest, size),
                         done=done)

        return plan(parsed, ctx, inspect, mode=CAPTURE, always_then=True, then=inspected)

    return plan(parsed, ctx, argv, mode=CAPTURE, always_then=True, then=pushed)


def _base_debug(ctx: Context) -> list[str]:
    """nerdctl with its debug records on (held back by pydock, never shown): they say which blobs it sent."""
    argv = base(ctx)
    return argv if "--debug" in argv else [*argv, "--debug"]


def _lines(parsed: Parsed, ref: str, layers: list[str], sent: set[str], manifest: str, size: str) -> str:
    if parsed.get("quiet") is True:
        return ""
    tag = reference.split(ref)[2] or "latest"
    done = "".join(f"{d[7:19]}: {'Pushed' if d in sent else 'Layer already exists'}\n" for d in layers)
    return done + f"{tag}: digest: {manifest} size: {size}\n"


def _next(parsed: Parsed, ctx: Context, refs: list[str], index: int, text: str, *, done: str) -> Plan | Done:
    if index + 1 < len(refs):
        return _push(parsed, ctx, refs, index + 1, text, done=done)
    return Done(0, text + (done if parsed.get("quiet") is True else ""))


def _head_refused(result: Result) -> bool:
    """containerd's tag check that a distribution 2.x registry refuses: the tag holds a Docker schema 2
    manifest and the HEAD accepted OCI types only (Engine 29 on its containerd store fails here too)."""
    return any("unexpected status from HEAD request to" in e and "/manifests/" in e and "400 Bad Request" in e
               for e in result.errors)


def _push_by_digest(parsed: Parsed, ctx: Context, refs: list[str], index: int, text: str, info: Result, *,
                    done: str) -> Plan | Done:
    """Where containerd cannot check the tag, push under the digest (nothing to check), then point the tag at
    it with one registry request (shim/registry.py), and drop the local digest name used for the push."""
    import sys

    ref = refs[index]
    digest, size = _target(info)
    if not digest:
        return Done(1, text, f"tag does not exist: {reference.familiar(ref)}")  # Engine 29's words
    by_digest = reference.normalize(ref).rsplit(":", 1)[0] + "@" + digest
    untag = [*base(ctx), "rmi", by_digest]
    retag = [sys.executable, "-m", "shim.registry", "retag", reference.normalize(ref), digest]

    def failed(result: Result, then_untag: bool) -> Plan | Done:
        failure = errors.restate(result, verb="push", path=parsed.path)
        stop = Done(failure.code or 1, text, failure.stderr)
        return plan(parsed, ctx, untag, mode=CAPTURE, always_then=True, then=lambda _r: stop) if then_untag else stop

    def after_push(result: Result) -> Plan | Done:
        if result.code != 0:
            return failed(result, then_untag=True)
        layers, _ = pushed_blobs(result.stdout)
        sent = uploaded_blobs(result.errors)

        def after_retag(moved: Result) -> Plan | Done:
            if moved.code != 0:
                message = "\n".join(r.removeprefix(REGISTRY_PREFIX) for r in moved.errors)
                return Done(1, text, message)
            return _next(parsed, ctx, refs, index, text + _lines(parsed, ref, layers, sent, digest, size), done=done)

        return plan(parsed, ctx, untag, mode=CAPTURE, always_then=True,
                    then=lambda _r: Plan(retag, CAPTURE, env={"DOCKER_CONFIG": ctx.config} if ctx.config else None,
                                         log_prefix=REGISTRY_PREFIX.encode(), always_then=True, then=after_retag))

    push = [*_base_debug(ctx), "push", *flag_args(parsed), by_digest]
    return plan(parsed, ctx, [*base(ctx), "tag", ref, by_digest], mode=CAPTURE, always_then=True,
                then=lambda r: failed(r, then_untag=False) if r.code else plan(
                    parsed, ctx, push, mode=CAPTURE, always_then=True, then=after_push))
