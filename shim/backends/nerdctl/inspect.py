"""docker inspect / container inspect / image inspect on nerdctl: docker's JSON, docker's templates.

Three captured nerdctl calls at most: the compat inspect of the names (again without the missing ones,
since nerdctl prints nothing when one name is missing), the native inspect of the containers found (for
Tty and the working folder), and the images they run (for Entrypoint/Cmd and the image ID). The objects
are then printed as docker's client prints them: indented JSON, one compact `json` line, or a template
per object, with missing names reported after the found ones (exit 1).
"""

from __future__ import annotations

from shim.backends.nerdctl import errors, image_ids
from shim.backends.nerdctl.common import base, json_or_empty, plan
from shim.errors import DockerError
from shim.output.inspect_print import finish as _finish
from shim.output.inspect_print import object_template as _template
from shim.output.inspect_print import render_objects  # noqa: F401 - volumes.py and tests take it from here
from shim.plan import CAPTURE, Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Plan, Result

_MISSING = r"no such (?:object|container|image):? (\S+)"  # compiled only when names are missing: `re` costs 7 ms


def _kind(parsed: Parsed) -> str:
    from shim.output.inspect_print import inspect_kind

    return inspect_kind(parsed)


def translate_inspect(parsed: Parsed, ctx: Context) -> Plan | Done:
    kind = _kind(parsed)
    fmt = parsed.text("format")
    template = _template(fmt)
    if kind in ("network", "volume"):
        # nerdctl's network and volume inspect print docker's shape, but not docker's output when names are missing.
        from shim.backends.nerdctl.adjust import listing_output

        flags = [f"--format={fmt}"] if fmt else []
        return plan(parsed, ctx, [*base(ctx), kind, "inspect", *flags, *parsed.args], mode=CAPTURE, always_then=True,
                    then=lambda r: listing_output(r, bool(fmt), errors.restate(r, verb="inspect", path=parsed.path),
                                                  list(parsed.args)))
    if kind not in ("", "container", "image"):
        raise DockerError(f"Error: pydock's nerdctl backend has no {kind} objects (swarm and plugins are Docker "
                          "Engine's own)")
    finish = lambda objs, missing: _finish(objs, missing, kind, fmt, template)  # noqa: E731
    command_kind = kind or _containers_only(ctx, list(parsed.args))
    if command_kind == "container" and parsed.get("size") is not True:
        built = _built_directly(parsed, ctx, list(parsed.args), finish)
        if built is not None:
            return built
    return _lookup(parsed, ctx, kind, list(parsed.args), finish, command_kind=command_kind)


_LISTED: dict = {}  # the containers _containers_only read in this call, by ID: their specs serve _read_directly


def _containers_only(ctx: Context, names: list[str]) -> str:
    """"container" when every name is a container's (ID, name or unique ID prefix): docker's inspect takes
    a container before an image, so nerdctl's container inspect then answers as its generic inspect
    would, without probing each name as an image too (0.6 s more for 50 containers). "" otherwise, or
    when containerd cannot be read directly."""
    from shim.backends.nerdctl.names import direct_address
    from shim.containerd.api import containers
    from shim.containerd.grpc import CallFailed, Connection

    address = direct_address(ctx.address)
    if ctx.dry_run or not address or not names:
        return ""
    try:
        with Connection(address, ctx.namespace) as conn:
            listed = containers(conn, [])
    except (CallFailed, ValueError):
        return ""
    _LISTED.update((c.id, c) for c in listed)
    ids = {c.id for c in listed}
    named = {c.labels.get("nerdctl/name", "") for c in listed} - {""}
    for name in names:
        bare = name.removeprefix("/")
        if name not in ids and bare not in named and sum(i.startswith(name) for i in ids) != 1:
            return ""
    return "container"


def _built_directly(parsed: Parsed, ctx: Context, names: list[str], finish) -> Plan | Done | None:
    """Containers' inspect without nerdctl: every name a container's in containerd's listing (the one
    _containers_only read), their compat entries built from containerd's records (compat_entry.py). None
    where a name is not there or a container needs nerdctl's own reading."""
    from shim.backends.nerdctl.compat_entry import entries
    from shim.backends.nerdctl.names import direct_address

    address = direct_address(ctx.address)
    if ctx.dry_run or not address or not _LISTED:
        return None
    ids = []
    for name in names:
        bare = name.removeprefix("/")
        found = [c.id for c in _LISTED.values() if name == c.id or bare == c.labels.get("nerdctl/name")]
        found = found or [i for i in _LISTED if i.startswith(name)]
        if len(found) != 1:
            return None
        ids.append(found[0])
    built = entries(address, ctx.namespace, ids, _LISTED)
    if built is None:
        return None
    return _complete(parsed, ctx, names, built, lambda objs: finish(objs, []))


def _lookup(parsed: Parsed, ctx: Context, kind: str, names: list[str], finish, *, retried: bool = False,
            command_kind: str = "") -> Plan:
    """nerdctl's compat inspect of names (again without the missing ones, since nerdctl prints nothing when
    one is missing), then _complete. A missing name that may be an Engine 20.10 image ID (a config digest,
    which nerdctl does not know) is looked up once (image_ids) before it is reported missing.
    `command_kind` is the nerdctl inspect to ask (default: `kind`'s)."""
    sized = ["--size"] if parsed.get("size") is True else []
    command_kind = command_kind or kind

    def command(wanted: list[str]) -> list[str]:
        if command_kind:
            return [*base(ctx), command_kind, "inspect", *(sized if command_kind == "container" else []), *wanted]
        return [*base(ctx), "inspect", *sized, *wanted]

    def first(result: Result, missing: tuple[str, ...] = ()) -> Plan | Done:
        gone = _missing_names(result, names)
        if result.code != 0 and not gone:
            return errors.restate(result, verb="inspect", path=parsed.path)
        ids = [g for g in gone if image_ids.looks_like_id(g)]
        if ids and not retried and kind != "container":
            def again(found: list[str]) -> Plan:
                as_found = dict(zip(ids, found, strict=True))
                return _lookup(parsed, ctx, kind, [as_found.get(n, n) for n in names], finish, retried=True)

            return image_ids.resolved(parsed, ctx, ids, again)
        if gone and not missing:
            found = [n for n in names if n not in gone]
            if not found:
                return finish([], names)
            return plan(parsed, ctx, command(found), mode=CAPTURE, always_then=True,
                        then=lambda again: first(again, tuple(gone)))
        entries = json_or_empty(result.stdout, list)
        found = [n for n in names if n not in missing]
        return _complete(parsed, ctx, found, entries, lambda objs: finish(objs, list(missing)))

    return plan(parsed, ctx, command(names), mode=CAPTURE, always_then=True, then=first,
                later=([*base(ctx), "image", "inspect", "--mode=native", "<IMAGE>…"],
                       [*base(ctx), "container", "inspect", "--mode=native", "<ID>…"]))


def _missing_names(result: Result, names: list[str]) -> set[str]:
    """The requested names nerdctl reported missing (`no such object x`, `no such container: x`)."""
    gone: set[str] = set()
    if not result.errors:
        return gone
    import re

    missing = re.compile(_MISSING)
    for line in result.errors:
        message = errors.parse_record(line).get("msg", "")
        # nerdctl joins several errors with spaces: `2 errors: [no such object a no such object b]`
        for match in missing.finditer(message):
            name = match.group(1).rstrip("]")
            if name in names:
                gone.add(name)
    return gone


def _complete(parsed: Parsed, ctx: Context, found: list[str], entries: list[dict], done) -> Plan | Done:
    """Fetch what the compat entries lack, then build docker's objects: the images' native records (the
    config's date, Engine 29's image ID), for the images asked about and the ones containers run; and
    the containers' native entries (terminal, working folder)."""
    from shim.output import inspect as shape

    image_args = [n for n, e in zip(found, entries, strict=False) if not shape.is_container(e)]
    refs = [e.get("Image", "") for e in entries if shape.is_container(e) and e.get("Image")]
    wanted = list(dict.fromkeys([*image_args, *refs]))
    ids = [e["Id"] for e in entries if shape.is_container(e)]

    def with_images(image_result: Result | None) -> Plan | Done:
        from shim.backends.nerdctl.views import image_entries

        images = image_entries(json_or_empty(image_result.stdout, list)) if image_result else []
        if not ids:
            return done(_objects(found, entries, {}, images))

        def with_native(native_result: Result) -> Done:
            natives = {n.get("ID"): n for n in json_or_empty(native_result.stdout, list)}
            return done(_objects(found, entries, natives, images))

        return plan(parsed, ctx, [*base(ctx), "container", "inspect", "--mode=native", *ids], mode=CAPTURE,
                    always_then=True, then=with_native)

    if ids and not image_args:
        direct = _read_directly(ctx, refs, ids)
        if direct is not None:
            return done(_objects(found, entries, *direct))
    if not wanted:
        return with_images(None)
    return plan(parsed, ctx, [*base(ctx), "image", "inspect", "--mode=native", *wanted], mode=CAPTURE,
                always_then=True, then=with_images)


def _read_directly(ctx: Context, refs: list[str], ids: list[str]) -> tuple[dict, list] | None:
    """For containers: their specs (what nerdctl's native inspect adds) and their images' records, read
    from containerd in a few milliseconds instead of two nerdctl calls; None where that cannot be done."""
    from shim import json_read as json  # loads without `re` (7 ms)
    from shim.backends.nerdctl.image_records import named_records
    from shim.backends.nerdctl.names import direct_address, snapshotter
    from shim.backends.nerdctl.views import image_entries
    from shim.containerd.api import containers
    from shim.containerd.grpc import CallFailed, Connection

    address = direct_address(ctx.address)
    if ctx.dry_run or not address:
        return None
    found = [_LISTED[i] for i in ids if i in _LISTED]
    try:
        if len(found) < len(ids):  # not listed when the names were looked at (see _containers_only)
            with Connection(address, ctx.namespace) as conn:
                found = containers(conn, ids)
        specs = {c.id: {"ID": c.id, "Spec": json.loads(c.spec or b"{}")} for c in found}
    except (CallFailed, ValueError):
        return None
    records = named_records(address, ctx.namespace, snapshotter(), list(dict.fromkeys(refs)))
    if records is None or len(specs) != len(set(ids)):
        return None
    return specs, image_entries(records)


def _image_for(images: list[dict], *, config_id: str = "", name: str = "") -> dict:
    """The native-built entry of an image: by its config digest (what nerdctl's compat entry calls Id), the
    one carrying `name` first; or by name alone."""
    from shim import reference

    tag = reference.familiar(name) if name and not reference.problem(name) else ""
    candidates = [i for i in images if i["ConfigId"] == config_id] if config_id else images
    for image in candidates:
        if tag in image["RepoTags"]:
            return image
    return candidates[0] if candidates and config_id else {}


def _objects(found: list[str], entries: list[dict], natives: dict[str, dict], images: list[dict]) -> list[dict]:
    from shim.backends.nerdctl.views import docker_draft
    from shim.output import inspect as shape

    out = []
    for name, e in zip(found, entries, strict=False):
        if not shape.is_container(e):
            out.append(shape.image(_image_for(images, config_id=e.get("Id", ""), name=name) or e))
            continue
        image = _image_for(images, name=e.get("Image", ""))
        native = natives.get(e["Id"], {})
        draft = docker_draft(e, native.get("Spec") or {})
        out.append(shape.container(draft, native, shape.image(image) if image else {},
                                   image.get("ManifestDescriptor") if image else None))
    return out
