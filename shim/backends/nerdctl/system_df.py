"""docker system df on nerdctl, which has no disk-usage command: pydock gathers what Docker Engine's report
holds from nerdctl's images (their layers, shared layers counted once), containers (--size), volumes (sizes
and which containers mount them) and BuildKit's cache (buildctl du), then shim/output/disk_usage.py prints
docker's rows. Pure: plans only."""

from __future__ import annotations

from shim import reference
from shim.backends.nerdctl.common import base, json_or_empty, plan
from shim.plan import CAPTURE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Done, Plan, Result


class _Gathered:
    """What the steps found so far."""

    __slots__ = ("natives", "containers", "volumes")

    def __init__(self) -> None:
        self.natives: list[dict] = []
        self.containers: list[dict] = []
        self.volumes: list[dict] = []


def translate_system_df(parsed: Parsed, ctx: Context) -> Plan:
    from shim.backends.nerdctl.lists import json_lines

    found = _Gathered()

    def probe(argv: list[str], then) -> Plan:  # type: ignore[no-untyped-def]
        return plan(parsed, ctx, argv, mode=CAPTURE, then=then)

    def images_listed(result: Result) -> Plan | Done:
        digests = list(dict.fromkeys(i.get("Digest") for i in json_lines(result.stdout) if i.get("Digest")))
        if not digests:
            return probe([*base(ctx), "ps", "--all", "--quiet", "--no-trunc"], containers_listed)
        return probe([*base(ctx), "image", "inspect", "--mode=native", *digests], images_inspected)

    def images_inspected(result: Result) -> Plan:
        found.natives = json_or_empty(result.stdout, list)
        return probe([*base(ctx), "ps", "--all", "--quiet", "--no-trunc"], containers_listed)

    def containers_listed(result: Result) -> Plan:
        ids = result.stdout.decode().split()
        if not ids:
            return volumes_step()
        return probe([*base(ctx), "container", "inspect", "--size", *ids], containers_inspected)

    def containers_inspected(result: Result) -> Plan:
        found.containers = json_or_empty(result.stdout, list)
        return volumes_step()

    def volumes_step() -> Plan:
        return probe([*base(ctx), "volume", "ls", "--size", "--format", "{{json .}}"], volumes_listed)

    def volumes_listed(result: Result) -> Plan | Done:
        found.volumes = json_lines(result.stdout)
        from shim.backends.nerdctl.builder import buildkit_address

        cache = ["buildctl", f"--addr={buildkit_address(ctx.namespace)}", "du", "--format", "{{json .}}"]
        return plan(parsed, ctx, cache, mode=CAPTURE, always_then=True, then=lambda r: _report(parsed, found, r))

    return probe([*base(ctx), "images", "--format", "{{json .}}"], images_listed)


def _report(parsed: Parsed, found: _Gathered, cache: Result) -> Done:
    from shim.backends.nerdctl.views import image_entries
    from shim.output import disk_usage

    entries = image_entries(found.natives)
    # nerdctl names a container's image as given at run (`docker.io/library/busybox:latest`); docker counts the
    # image by ID
    used_images = {reference.familiar(c.get("Config", {}).get("Image") or c.get("Image", "")) for c in found.containers}
    blobs = _layer_blobs(found.natives)
    holders: dict[str, int] = {}
    for entry in entries:
        for layer in set(entry["RootFS"]["Layers"]):
            holders[layer] = holders.get(layer, 0) + 1
    images = [{"Size": entry["Size"],
               # the layers another image holds too, by their blob size (nerdctl reports no size per unpacked layer)
               "SharedSize": sum(blobs.get(layer, 0) for layer in set(entry["RootFS"]["Layers"]) if holders[layer] > 1),
               "Containers": int(bool(used_images & {entry["Id"], entry["ConfigId"], *entry["RepoTags"]}))}
              for entry in entries]
    # shared layers once: what docker's report calls LayersSize
    layers_size = sum(i["Size"] for i in images) - sum(blobs.get(layer, 0) * (n - 1) for layer, n in holders.items())
    containers = [{"State": (c.get("State") or {}).get("Status", ""), "SizeRw": int(c.get("SizeRw") or 0)}
                  for c in found.containers]
    mounted = {m.get("Name") for c in found.containers for m in c.get("Mounts") or [] if m.get("Type") == "volume"}
    volumes = [{"Size": _size(v.get("Size", "")), "RefCount": int(v.get("Name") in mounted)} for v in found.volumes]
    records = [r for r in (json_or_empty(cache.stdout, list) if cache.code == 0 else []) if isinstance(r, dict)]
    cache_rows = [{"Size": int(r.get("size") or 0), "InUse": bool(r.get("inUse")), "Shared": bool(r.get("shared"))}
                  for r in records]  # buildctl's JSON names
    return disk_usage.render(parsed.text("format"), disk_usage.rows(images, layers_size, containers, volumes,
                                                                       cache_rows))


def _layer_blobs(natives: list[dict]) -> dict[str, int]:
    """Each layer's (diff ID's) blob size, from the images' manifests and configs."""
    sizes: dict[str, int] = {}
    for record in natives:
        diff_ids = ((record.get("ImageConfig") or {}).get("rootfs") or {}).get("diff_ids") or []
        layers = (record.get("Manifest") or {}).get("layers") or []
        for diff_id, layer in zip(diff_ids, layers, strict=False):
            sizes[diff_id] = int(layer.get("size") or 0)
    return sizes


_UNITS = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}


def _size(text: str) -> int:
    """nerdctl volume ls --size's human size ("4.0 KiB") in bytes; -1 when unknown, as docker's report."""
    number, _, unit = text.partition(" ")
    try:
        return int(float(number) * _UNITS[unit])
    except (ValueError, KeyError):
        return -1
