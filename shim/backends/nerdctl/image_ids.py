"""Image IDs taken back the way Docker Engine takes them: full or short, with or without `sha256:`.

pydock shows Docker Engine 29's image ID (its containerd image store's, and nerdctl's): the digest the
image's name points to, its index or manifest. nerdctl finds an image by a prefix of that digest only for
`inspect`; `tag`, `save`, `run` and `history` read the same text as a name on Docker Hub, and `history`
refuses a prefix that several names of one image share. Older scripts also hold Engine 20.10's ID, the
config digest. So before such a command pydock looks IDs up itself and hands nerdctl a name of the image.
Arguments that cannot be IDs cost nothing: no lookup runs.
"""

from __future__ import annotations

from shim import reference
from shim.backends.nerdctl.common import base, plan
from shim.plan import CAPTURE, PREPARE, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Done, Result

_HEX = frozenset("0123456789abcdef")


def looks_like_id(arg: str) -> bool:
    """What Engine 29 tries as an ID once no image has that name: 4 to 64 hex digits, `sha256:` or not."""
    text = arg.removeprefix("sha256:")
    return 4 <= len(text) <= 64 and set(text) <= _HEX


def _digest_prefix(arg: str) -> str:
    return "sha256:" + arg.removeprefix("sha256:")


def by_listing(arg: str, listing: list[dict]) -> str:
    """The name nerdctl should get for arg from `nerdctl images` JSON lines: arg itself when it names an
    image (a name wins over an ID, as in docker), else a name of the one image whose digest starts with
    it; "" when the listing cannot tell (no match: it may be a config digest)."""
    full = reference.normalize(arg) if not reference.problem(arg) else ""
    if any(item.get("Name") == full for item in listing):
        return arg
    prefix = _digest_prefix(arg)
    targets = {item.get("Digest", "") for item in listing if item.get("Digest", "").startswith(prefix)}
    if len(targets) != 1:
        return ""
    return _name_for(targets.pop(), [(i.get("Name", ""), i.get("Digest", "")) for i in listing])


def _config_matches(arg: str, natives: list[dict]) -> list[tuple[str, str]]:
    """(name, digest) of the native records whose config digest (Engine 20.10's image ID) starts with arg."""
    prefix = _digest_prefix(arg)
    return [((n.get("Image") or {}).get("Name", ""), ((n.get("Image") or {}).get("Target") or {}).get("digest", ""))
            for n in natives if (n.get("ImageConfigDesc") or {}).get("digest", "").startswith(prefix)]


def target_by_config(arg: str, natives: list[dict]) -> str:
    """The digest of the one image whose config digest starts with arg, or ""."""
    targets = {target for _, target in _config_matches(arg, natives)}
    return targets.pop() if len(targets) == 1 else ""


def by_config(arg: str, natives: list[dict]) -> str:
    """A name of the one image whose config digest starts with arg, or ""."""
    target = target_by_config(arg, natives)
    return _name_for(target, _config_matches(arg, natives)) if target else ""


def _name_for(target: str, pairs: list[tuple[str, str]]) -> str:
    """A name nerdctl resolves to target: a tagged name if there is one, else the digest itself."""
    for name, digest in pairs:
        if digest == target and name and "@" not in name:
            return name
    return target


def resolved(parsed: Parsed, ctx: Context, args: list[str], then: Callable[[list[str]], Plan | Done]) -> Plan | Done:
    """`then(args)` with every image ID among args replaced by a name nerdctl finds; an ID that matches
    nothing stays as given, so that nerdctl's "not found" is restated as docker's. The names and digests come
    from containerd's file (containerd_state.py), else from `nerdctl images`."""
    as_given = then(args)
    if not any(looks_like_id(a) for a in args):
        return as_given
    listing_argv = [*base(ctx), "images", "--format", "{{json .}}"]
    later = tuple(as_given.commands()) if hasattr(as_given, "commands") else ()  # for --dry-run

    def with_listing(listing: list[dict]) -> Plan | Done:
        found = [by_listing(a, listing) if looks_like_id(a) else a for a in args]
        if all(found):
            return then(found)
        digests = list(dict.fromkeys(i["Digest"] for i in listing if i.get("Digest")))
        if not digests:
            return then([f or a for f, a in zip(found, args, strict=True)])

        def with_configs(native: Result) -> Plan | Done:
            from shim.backends.nerdctl.common import json_or_empty

            natives = json_or_empty(native.stdout, list)
            return then([f or by_config(a, natives) or a for f, a in zip(found, args, strict=True)])

        return plan(parsed, ctx, [*base(ctx), "image", "inspect", "--mode=native", *digests], mode=CAPTURE,
                    always_then=True, then=with_configs)

    def listed(result: Result) -> Plan | Done:
        from shim.backends.nerdctl.lists import json_lines

        return with_listing(json_lines(result.stdout) if result.code == 0 else [])

    def looked_up(_r: Result) -> Plan | Done:
        from shim.backends.nerdctl import containerd_state

        state = containerd_state.read(ctx)
        if state is not None:
            return with_listing(state.images)
        return plan(parsed, ctx, listing_argv, mode=CAPTURE, always_then=True, then=listed, later=later)

    return Plan([], PREPARE, then=looked_up, later=later)
