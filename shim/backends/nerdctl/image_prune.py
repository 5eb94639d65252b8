"""docker image prune on nerdctl: pydock picks the images (shim/output/image_prune.py) and nerdctl removes them.

nerdctl's own prune prints nerdctl's lines (`Untagged: docker.io/library/…`, a `deleted:` per layer) and
has no --filter. pydock lists the images (names, configs) and the containers, decides as Engine 29 does, runs
`nerdctl rmi --force` on the names that go and prints docker's report.
"""

from __future__ import annotations

from shim.backends.nerdctl.common import base, plan
from shim.plan import CAPTURE, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Done, Result
    from shim.prune import Pruned


def translate_image_prune(parsed: Parsed, ctx: Context) -> Plan | Done:
    from shim.output import image_prune

    filters = image_prune.parse_filters([str(f) for f in parsed.get("filter") or []])  # type: ignore[union-attr]
    for value in filters.get("until", []):  # the Engine refuses an unreadable one even with nothing to prune
        image_prune.until_cut(value, ctx.now)
    listing_argv = [*base(ctx), "images", "--format", "{{json .}}"]
    removal = [*base(ctx), "rmi", "--force", "<NAME>…"]

    def start() -> Plan:
        return plan(parsed, ctx, listing_argv, mode=CAPTURE, then=inspect,
                    later=([*base(ctx), "image", "inspect", "--mode=native", "<DIGEST>…"],
                           [*base(ctx), "ps", "-a", "--no-trunc", "--format", "{{json .}}"], removal))

    def inspect(result: Result) -> Plan | Done:
        from shim.backends.nerdctl.lists import json_lines

        listing = json_lines(result.stdout)
        digests = list(dict.fromkeys(item.get("Digest") or item["Name"] for item in listing if item.get("Name")))
        if not digests:
            return _nothing()
        return plan(parsed, ctx, [*base(ctx), "image", "inspect", "--mode=native", *digests], mode=CAPTURE,
                    then=lambda r: containers(listing, r))

    def containers(listing: list[dict], natives: Result) -> Plan:
        ps = [*base(ctx), "ps", "-a", "--no-trunc", "--format", "{{json .}}"]
        return plan(parsed, ctx, ps, mode=CAPTURE, then=lambda r: remove(listing, natives, r))

    def remove(listing: list[dict], natives: Result, ps: Result) -> Plan | Done:
        import json

        from shim.backends.nerdctl.lists import json_lines
        from shim.backends.nerdctl.rmi import users
        from shim.backends.nerdctl.views import epoch, image_entries, image_summaries

        entries = image_entries(json.loads(natives.stdout or b"[]"))
        summaries = image_summaries(listing, {e["Id"]: e for e in entries})
        made = {item.get("Name"): epoch(item.get("CreatedAt", "")) for item in listing}
        for s in summaries:  # Engine 29's `until` reads when the image record was made, not the config's date
            s["RecordCreated"] = made.get(s["Name"], s["Created"])
        used = {u.digest for u in users(json_lines(ps.stdout), listing)}
        gone = image_prune.chosen(summaries, used, every=parsed.get("all") is True, filters=filters, now=ctx.now)
        if not gone:
            return _nothing()
        names = [s["Name"] for s in gone]
        kept = {item.get("Digest") for item in listing if item.get("Name") not in names}
        sizes = {s["FullId"]: s["Size"] for s in gone if s["FullId"] not in kept}
        return plan(parsed, ctx, [*base(ctx), "rmi", "--force", *names], mode=CAPTURE,
                    then=lambda _r: _gone(gone, sizes))

    if parsed.get("force") is not True:
        from shim import prune

        return prune.ask(prune.warning(parsed), start, listing_argv)
    return start()


def _nothing() -> Pruned:
    return _gone([], {})


def _gone(gone: list[dict], sizes: dict[str, int]) -> Pruned:
    """docker's report; the bytes are the sizes of the images that left entirely, what Engine 29 counts."""
    from shim.output import image_prune
    from shim.prune import Pruned

    return Pruned(image_prune.report(gone, sizes), image_prune.section(gone, sizes), sum(sizes.values()))
