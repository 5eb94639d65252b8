"""docker push on nerdctl: docker's lines instead of nerdctl's progress bars, and `--all-tags`.

docker prints `The push refers to repository [R]`, a `Preparing`/`Pushed` pair per layer and
`TAG: digest: sha256:… size: N`, or with -q only the reference. nerdctl reports which blobs it
handled but not whether the registry had them already, so every layer reads `Pushed`.
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


def _size(result: Result) -> str:
    import json

    first = result.stdout.decode().splitlines()[:1]
    try:
        return str(json.loads(first[0]).get("size", "")) if first else ""
    except ValueError:
        return ""


def translate_push(parsed: Parsed, ctx: Context) -> Plan:
    from shim.backends.nerdctl.images import check_reference

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
    quiet = parsed.get("quiet") is True
    argv = [*base(ctx), "push", *flag_args(parsed), ref]

    def pushed(result: Result) -> Plan | Done:
        if result.code != 0:
            failure = errors.restate(result, verb="push", path=parsed.path)
            return Done(failure.code or 1, text, failure.stderr)
        layers, manifest = pushed_blobs(result.stdout)
        inspect = [*base(ctx), "image", "inspect", "--mode", "native", "--format", TARGET, ref]

        def described(info: Result) -> Plan | Done:
            tag = reference.split(ref)[2] or "latest"
            lines = "" if quiet else "".join(f"{d[7:19]}: Preparing\n" for d in layers) + "".join(
                f"{d[7:19]}: Pushed\n" for d in layers) + f"{tag}: digest: {manifest} size: {_size(info)}\n"
            if index + 1 < len(refs):
                return _push(parsed, ctx, refs, index + 1, text + lines, done=done)
            return Done(0, text + lines + (done if quiet else ""))

        return plan(parsed, ctx, inspect, mode=CAPTURE, always_then=True, then=described)

    return plan(parsed, ctx, argv, mode=CAPTURE, always_then=True, then=pushed)
