"""docker system df: the four summary rows (images, containers, local volumes, build cache) computed and
printed as docker's CLI does from the daemon's disk-usage report (its formatter's rules: shared layers once,
what running containers use is not reclaimable). Backends hand in plain facts; nothing here runs anything."""

from __future__ import annotations

from shim.output.units import human_size

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.plan import Done

HEADERS = {"Type": "TYPE", "TotalCount": "TOTAL", "Active": "ACTIVE", "Size": "SIZE", "Reclaimable": "RECLAIMABLE"}
DEFAULT_FORMAT = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}"


def _with_share(reclaimable: int, total: int) -> str:
    return f"{human_size(reclaimable)} ({reclaimable * 100 // total}%)" if total > 0 else human_size(reclaimable)


def rows(images: list[dict], layers_size: int, containers: list[dict], volumes: list[dict],
         cache: list[dict]) -> list[Row]:
    """docker's rows. images: {Size, SharedSize, Containers}; containers: {State, SizeRw}; volumes: {Size,
    RefCount}; cache: {Size, InUse, Shared}. Every value a string, as docker's formatter gives them."""
    used = sum(i["Size"] - i["SharedSize"] for i in images if i["Containers"])
    active_states = ("running", "paused", "restarting")
    container_size = sum(c["SizeRw"] for c in containers)
    idle_size = sum(c["SizeRw"] for c in containers if c["State"] not in active_states)
    volume_size = sum(v["Size"] for v in volumes if v["Size"] >= 0)
    idle_volumes = sum(v["Size"] for v in volumes if v["Size"] >= 0 and not v["RefCount"])
    cache_size = sum(c["Size"] for c in cache if not c["Shared"])
    idle_cache = sum(c["Size"] for c in cache if not c["Shared"] and not c["InUse"])
    return [
        _row("Images", len(images), sum(1 for i in images if i["Containers"]), layers_size,
             _with_share(layers_size - used, layers_size)),
        _row("Containers", len(containers), sum(1 for c in containers if c["State"] in active_states),
             container_size, _with_share(idle_size, container_size)),
        _row("Local Volumes", len(volumes), sum(1 for v in volumes if v["RefCount"]), volume_size,
             _with_share(idle_volumes, volume_size)),
        _row("Build Cache", len(cache), sum(1 for c in cache if c["InUse"]), cache_size, human_size(idle_cache)),
    ]


class Row:
    """One row as a template sees it: docker's formatter has a context type per row, which its errors name."""

    def __init__(self, gotype: str, values: dict[str, str]) -> None:
        self.__gotype__ = gotype
        self._values = values

    def Type(self) -> str:
        return self._values["Type"]

    def TotalCount(self) -> str:
        return self._values["TotalCount"]

    def Active(self) -> str:
        return self._values["Active"]

    def Size(self) -> str:
        return self._values["Size"]

    def Reclaimable(self) -> str:
        return self._values["Reclaimable"]

    def __gojson__(self) -> dict:
        return dict(sorted(self._values.items()))  # docker marshals the context's fields by name


_TYPES = {"Images": "*formatter.diskUsageImagesContext", "Containers": "*formatter.diskUsageContainersContext",
          "Local Volumes": "*formatter.diskUsageVolumesContext", "Build Cache": "*formatter.diskUsageBuilderContext"}


def _row(kind: str, total: int, active: int, size: int, reclaimable: str) -> Row:
    return Row(_TYPES[kind], {"Type": kind, "TotalCount": str(total), "Active": str(active),
                              "Size": human_size(size), "Reclaimable": reclaimable})


def render(fmt: str, table: list[Row]) -> Done:
    """The rows under `--format` (table by default, `json`, or a template)."""
    from shim.output import formatting
    from shim.plan import Done

    if not fmt or fmt == "table":
        fmt = DEFAULT_FORMAT
    elif fmt == "json":
        fmt = "{{json .}}"
    return Done(0, formatting.render(fmt, table, HEADERS))
