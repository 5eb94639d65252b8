"""docker ps and docker images on nerdctl: read everything with `nerdctl … inspect`, then select and
print the way docker does (shim/output). nerdctl's own tables differ in columns, status texts, image
names, filters and templates, so pydock does not use them."""

from __future__ import annotations

import os

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import base, plan
from shim.plan import CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result


def config_format(ctx: Context, key: str) -> str:
    """`psFormat` / `imagesFormat` from docker's config.json, which docker uses when --format is absent."""
    folder = ctx.config or os.environ.get("DOCKER_CONFIG") or os.path.expanduser("~/.docker")
    try:
        with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return ""
    if key not in text:  # most config files hold only credentials: skip parsing them
        return ""
    import json

    try:
        value = json.loads(text).get(key, "")
    except (ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


def _given_format(parsed: Parsed, ctx: Context, config_key: str) -> tuple[str, str]:
    """(format to use, warning to print): docker ignores --format with -q, saying so."""
    given = str(parsed.get("format") or "")
    if given and parsed.get("quiet") is True:
        return "", "WARNING: Ignoring custom format, because both --format and --quiet are set.\n"
    return given or config_format(ctx, config_key), ""


def validate_format(fmt: str, empty: object = None) -> None:
    """docker parses a custom template before it lists anything, and for ps also runs it once on an
    empty container (so a bad field fails even when nothing is listed)."""
    if fmt and fmt not in ("table", "json"):
        from shim.output import formatting

        template = formatting.parse(fmt, prefix="failed to parse template: ")
        if empty is not None:
            formatting.try_execute(template, empty, prefix="failed to execute template: ")


def translate_ps(parsed: Parsed, ctx: Context) -> Plan:
    """docker ps: ids of every container, then one inspect of them all, then docker's output."""
    from shim.output import container_filters

    filters = container_filters.parse_filters(list(parsed.get("filter") or []))
    fmt, warning = _given_format(parsed, ctx, "psFormat")
    from shim.output.containers import ContainerContext

    validate_format(fmt, ContainerContext.empty())
    # docker computes sizes when the template reads .Size, which `{{json .}}` does too (but not the
    # `json` keyword: docker looks for fields in the format text as given).
    size = parsed.get("size") is True or ".Size" in fmt or "json ." in fmt

    listing = [*base(ctx), "ps", "--all", "--quiet", "--no-trunc"]

    def inspect(result: Result, attempts: int = 3) -> Plan | Done:
        ids = result.stdout.decode().split()
        if not ids:
            return _print_ps(parsed, fmt, [], filters, warning)
        argv = [*base(ctx), "container", "inspect", *(["--size"] if size else []), *ids]

        def printed(r: Result) -> Plan | Done:
            if r.code != 0 and attempts > 1 and _vanished(r):
                # A container went away between the two calls (a --rm one ending, say): list again.
                return plan(parsed, ctx, listing, mode=CAPTURE, then=lambda again: inspect(again, attempts - 1))
            if r.code != 0:
                return errors.restate(r, verb="ps", path=parsed.path)
            return _print_ps(parsed, fmt, _load(r), filters, warning, sized=size)

        return plan(parsed, ctx, argv, mode=CAPTURE, always_then=True, then=printed)

    return plan(parsed, ctx, listing, mode=CAPTURE, then=inspect,
                later=([*base(ctx), "container", "inspect", "<ID>…"],))


def _vanished(result: Result) -> bool:
    return bool(result.errors) and all("no such container" in e or "not found" in e for e in result.errors)


def _load(result: Result) -> list:
    import json

    return json.loads(result.stdout or b"[]")


def _add_link_names(inspected: list, summaries: list[dict]) -> None:
    """A container linked to (`run --link db:alias` in container web) is also named /web/alias, which
    `ps --no-trunc` shows after its own name, as docker does."""
    from shim.backends.nerdctl.views import LINKS_LABEL

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
    from shim.output import container_filters, containers, formatting

    summaries = [container_summary(d) for d in inspected]
    _add_link_names(inspected, summaries)
    if not sized:  # sizes cost the engine a walk of each filesystem; docker reports 0 unless asked
        for s in summaries:
            s["SizeRw"] = s["SizeRootFs"] = 0
    resolve: dict[str, dict] = {}
    for s in summaries:
        resolve[s["Id"]] = resolve[s["Id"][:12]] = s
        for name in s["Names"]:
            resolve[name.lstrip("/")] = s
    last = parsed.get("last", -1)
    chosen = container_filters.select(summaries, show_all=parsed.get("all") is True, last=last,
                                      latest=parsed.get("latest") is True, filters=filters, resolve=resolve)
    quiet = parsed.get("quiet") is True
    table = containers.DEFAULT_TABLE + ("\\t{{.Size}}" if parsed.get("size") is True else "")
    final = formatting.choose_format(fmt, quiet=quiet, default_table=table)
    rows = [containers.ContainerContext(s, trunc=parsed.get("no-trunc") is not True) for s in chosen]
    return Done(0, formatting.render(final, rows, containers.HEADERS), warning)


def translate_images(parsed: Parsed, ctx: Context) -> Plan:
    """docker images: nerdctl's list for the names, one inspect for configs, then docker's output."""
    from shim.output import images

    filters = images.parse_filters(list(parsed.get("filter") or []))
    fmt, warning = _given_format(parsed, ctx, "imagesFormat")
    validate_format(fmt)

    def inspect(result: Result) -> Plan | Done:
        listing = json_lines(result.stdout)
        # By digest, once each: nerdctl resolves every name through docker.io rules, so `import@sha256:…`
        # (what its load leaves for an unnamed image) cannot be inspected by name. Native mode: the
        # image config's own date (see views.image_entries).
        digests = list(dict.fromkeys(item.get("Digest") or item["Name"] for item in listing if item.get("Name")))
        if not digests:
            return _print_images(parsed, fmt, listing, [], filters, warning)
        return plan(parsed, ctx, [*base(ctx), "image", "inspect", "--mode=native", *digests], mode=CAPTURE,
                    then=lambda r: _print_images(parsed, fmt, listing, _load(r), filters, warning))

    return plan(parsed, ctx, [*base(ctx), "images", "--format", "{{json .}}"], mode=CAPTURE, then=inspect,
                later=([*base(ctx), "image", "inspect", "--mode=native", "<DIGEST>…"],))


def json_lines(data: bytes) -> list[dict]:
    import json

    return [json.loads(line) for line in data.decode().splitlines() if line.strip()]


def _print_images(parsed: Parsed, fmt: str, listing: list[dict], inspected: list, filters: dict,
                  warning: str) -> Done:
    from shim.backends.nerdctl.views import image_entries, image_summaries
    from shim.output import formatting, images

    summaries = image_summaries(listing, {e["Id"]: e for e in image_entries(inspected)})
    resolve: dict[str, dict] = {}
    for s in summaries:
        resolve[s["Id"]] = s
        resolve[f"{s['Repository']}:{s['Tag']}"] = s
        resolve.setdefault(s["Repository"], s)
    repository = parsed.args[0] if parsed.args else ""
    chosen = images.select(summaries, filters=filters, repository=repository, resolve=resolve)
    quiet = parsed.get("quiet") is True
    final = images.choose_table(fmt, quiet=quiet, digests=parsed.get("digests") is True)
    rows = [images.ImageContext(s, trunc=parsed.get("no-trunc") is not True) for s in chosen]
    if quiet:
        rows = images.unique_ids(rows)
    return Done(0, formatting.render(final, rows, images.HEADERS), warning)
