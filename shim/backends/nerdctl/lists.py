"""docker ps and docker images on nerdctl: read everything with `nerdctl … inspect`, turn it into docker's
summaries (views.py), and hand them to shim/output/listing.py, which selects and prints them as docker
does. nerdctl's own tables differ in columns, status texts, image names, filters and templates, so pydock
does not use them."""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base, plan
from shim.output.listing import given_format, validate_format
from shim.plan import CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result


class _Ps:
    """What the steps of one `docker ps` share: the call, its checked format and filters."""

    __slots__ = ("parsed", "ctx", "fmt", "filters", "warning", "size")

    def __init__(self, parsed: Parsed, ctx: Context, fmt: str, filters: dict, warning: str, size: bool) -> None:
        self.parsed, self.ctx, self.fmt, self.filters, self.warning, self.size = (
            parsed, ctx, fmt, filters, warning, size)

    def listing(self) -> list[str]:
        return [*base(self.ctx), "ps", "--all", "--quiet", "--no-trunc"]


def translate_ps(parsed: Parsed, ctx: Context) -> Plan:
    """docker ps: the containers read from containerd directly (listed.py) or, where that cannot be done,
    ids of every container (step 1) and one nerdctl inspect of them all (step 2); then docker's output
    (shim/output/listing.py)."""
    from shim.output import container_filters

    filters = container_filters.parse_filters(list(parsed.get("filter") or []))
    fmt, warning = given_format(parsed, ctx.config, "psFormat")
    from shim.output.containers import ContainerContext

    validate_format(fmt, ContainerContext.empty())
    # docker computes sizes when the template reads .Size, which `{{json .}}` does too (but not the
    # `json` keyword: docker looks for fields in the format text as given).
    size = parsed.get("size") is True or ".Size" in fmt or "json ." in fmt
    ps = _Ps(parsed, ctx, fmt, filters, warning, size)
    if not ctx.dry_run and not size:  # sizes are nerdctl's walk of each snapshot: only its inspect has them
        entries = _read_directly(ctx)
        if entries is not None:
            return _print_ps(parsed, fmt, entries, filters, warning)
    return plan(parsed, ctx, ps.listing(), mode=CAPTURE, then=lambda listed: _inspect_listed(ps, listed, 3),
                later=([*base(ctx), "container", "inspect", "<ID>…"],))


def _read_directly(ctx: Context) -> list | None:
    """The containers as nerdctl's inspect shows them, read from containerd and nerdctl's files in a few
    milliseconds (listed.py); None where that cannot be done, and nerdctl is asked."""
    from shim.backends.nerdctl.listed import inspect_entries
    from shim.backends.nerdctl.names import direct_address

    address = direct_address(ctx.address)
    if not address:
        return None
    entries = inspect_entries(address, ctx.namespace)
    how = "read from containerd's API" if entries is not None else "not readable from containerd's API"
    _debug(f"ps: containers of namespace {ctx.namespace} at {address} {how}")
    return entries


def _inspect_listed(ps: _Ps, listed: Result, attempts: int) -> Plan | Done:
    ids = listed.stdout.decode().split()
    if not ids:
        return _print_ps(ps.parsed, ps.fmt, [], ps.filters, ps.warning)
    argv = [*base(ps.ctx), "container", "inspect", *(["--size"] if ps.size else []), *ids]
    return plan(ps.parsed, ps.ctx, argv, mode=CAPTURE, always_then=True,
                then=lambda inspected: _print_inspected(ps, inspected, attempts))


def _print_inspected(ps: _Ps, inspected: Result, attempts: int) -> Plan | Done:
    if inspected.code != 0 and attempts > 1 and _vanished(inspected):
        # A container went away between the two calls (a --rm one ending, say): list again.
        return plan(ps.parsed, ps.ctx, ps.listing(), mode=CAPTURE,
                    then=lambda again: _inspect_listed(ps, again, attempts - 1))
    if inspected.code != 0:
        return errors.restate(inspected, verb="ps", path=ps.parsed.path)
    return _print_ps(ps.parsed, ps.fmt, _load(inspected), ps.filters, ps.warning, sized=ps.size)


def _vanished(result: Result) -> bool:
    return bool(result.errors) and all("no such container" in e or "not found" in e for e in result.errors)


def _load(result: Result) -> list:
    import json

    return json.loads(result.stdout or b"[]")


def _add_link_names(inspected: list, summaries: list[dict]) -> None:
    """A container linked to (`run --link db:alias` in container web) is also named /web/alias, which
    `ps --no-trunc` shows after its own name, as docker does."""
    from shim.labels import LINKS_LABEL

    by_name = {s["Names"][0]: s for s in summaries}
    for d in inspected:
        given = ((d.get("Config") or {}).get("Labels") or {}).get(LINKS_LABEL) or ""
        for link in filter(None, given.split(",")):
            child, _, name = link.partition(":")
            if child in by_name:
                by_name[child]["Names"].append(name)


def _print_ps(parsed: Parsed, fmt: str, inspected: list, filters: dict, warning: str, *,
              sized: bool = False) -> Done:
    from shim.backends.nerdctl.views import container_summary
    from shim.output import listing

    summaries = [container_summary(d) for d in inspected]
    _add_link_names(inspected, summaries)
    return listing.ps_output(parsed, fmt, summaries, filters, warning, sized=sized)


def translate_images(parsed: Parsed, ctx: Context) -> Plan:
    """docker images: the images read from containerd directly (image_records.py) or, where that cannot be
    done, nerdctl's list for the names and the configs read from containerd or one nerdctl inspect; then
    docker's output."""
    from shim.output import images

    filters = images.parse_filters(list(parsed.get("filter") or []))
    fmt, warning = given_format(parsed, ctx.config, "imagesFormat")
    validate_format(fmt)

    def inspect(result: Result) -> Plan | Done:
        listing = json_lines(result.stdout)
        # By digest, once each: nerdctl resolves every name through docker.io rules, so `import@sha256:…`
        # (what its load leaves for an unnamed image) cannot be inspected by name. Native mode: the
        # image config's own date (see views.image_entries).
        digests = list(dict.fromkeys(item.get("Digest") or item["Name"] for item in listing if item.get("Name")))
        if not digests:
            return _print_images(parsed, fmt, listing, [], filters, warning)
        records = _image_records(ctx, digests)
        if records is not None:
            return _print_images(parsed, fmt, listing, records, filters, warning)
        return plan(parsed, ctx, [*base(ctx), "image", "inspect", "--mode=native", *digests], mode=CAPTURE,
                    then=lambda r: _print_images(parsed, fmt, listing, _load(r), filters, warning))

    direct = _image_listing(ctx)
    if direct is not None:
        return _print_images(parsed, fmt, *direct, filters, warning)
    return plan(parsed, ctx, [*base(ctx), "images", "--format", "{{json .}}"], mode=CAPTURE, then=inspect,
                later=([*base(ctx), "image", "inspect", "--mode=native", "<DIGEST>…"],))


def _image_listing(ctx: Context) -> tuple[list, list] | None:
    """nerdctl's image listing and its images' records, read from containerd (image_records.py) in the
    time nerdctl's listing alone takes to start; None where that cannot be done."""
    from shim.backends.nerdctl.image_records import listing_and_records
    from shim.backends.nerdctl.names import direct_address, snapshotter

    address = direct_address(ctx.address)
    if ctx.dry_run or not address:
        return None
    found = listing_and_records(address, ctx.namespace, snapshotter())
    _debug(f"images: listing {'read' if found is not None else 'not readable'} from containerd's API")
    return found


def _image_records(ctx: Context, digests: list[str]) -> list | None:
    """What nerdctl's native inspect says of these images, read from containerd (image_records.py); None
    where that cannot be done, and nerdctl is asked."""
    from shim.backends.nerdctl.image_records import native_records
    from shim.backends.nerdctl.names import direct_address, snapshotter

    address = direct_address(ctx.address)
    if ctx.dry_run or not address:
        return None
    records = native_records(address, ctx.namespace, snapshotter(), digests)
    _debug(f"images: configs and sizes {'read' if records is not None else 'not readable'} from containerd's API")
    return records


def _debug(line: str) -> None:
    import os

    if os.environ.get("PYDOCK_DEBUG"):
        os.write(2, f"pydock: {line}\n".encode())


def json_lines(data: bytes) -> list[dict]:
    import json

    return [json.loads(line) for line in data.decode().splitlines() if line.strip()]


def _print_images(parsed: Parsed, fmt: str, listing: list[dict], inspected: list, filters: dict,
                  warning: str) -> Done:
    from shim.backends.nerdctl.views import image_entries, image_summaries
    from shim.output.listing import images_output

    summaries = image_summaries(listing, {e["Id"]: e for e in image_entries(inspected)})
    return images_output(parsed, fmt, summaries, filters, warning)
