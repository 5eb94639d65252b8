"""docker's `stats --no-stream` output: its default table, `--format` templates and JSON.

The rows come from the backend's figures already in docker's units ("0.00%", "1.5MiB / 2GiB"); what
docker adds is the `Container` field (the name or ID as the user gave it), its headers, and JSON
with its keys sorted (docker's formatter marshals the context's fields into a map).
"""

from __future__ import annotations

DEFAULT_TABLE = ("table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}"
                 "\t{{.PIDs}}")
HEADERS = {"Container": "CONTAINER", "ID": "CONTAINER ID", "Name": "NAME", "CPUPerc": "CPU %",
           "MemUsage": "MEM USAGE / LIMIT", "MemPerc": "MEM %", "NetIO": "NET I/O", "BlockIO": "BLOCK I/O",
           "PIDs": "PIDS"}


class StatsContext:
    """The fields a `docker stats --format` template sees (docker's container.statsContext)."""

    __gotype__ = "*container.statsContext"

    def __init__(self, row: dict, container: str, *, trunc: bool = True) -> None:
        self._r = row
        self._container = container
        self._trunc = trunc

    def Container(self) -> str:
        return self._container

    def Name(self) -> str:
        return str(self._r.get("Name", "")).lstrip("/") or "--"

    def ID(self) -> str:
        cid = str(self._r.get("ID", ""))
        return cid[:12] if self._trunc else cid

    def CPUPerc(self) -> str:
        return str(self._r.get("CPUPerc", "--"))

    def MemUsage(self) -> str:
        return str(self._r.get("MemUsage", "-- / --"))

    def MemPerc(self) -> str:
        return str(self._r.get("MemPerc", "--"))

    def NetIO(self) -> str:
        return str(self._r.get("NetIO", "--"))

    def BlockIO(self) -> str:
        return str(self._r.get("BlockIO", "--"))

    def PIDs(self) -> str:
        return str(self._r.get("PIDs", "--"))

    def __gojson__(self) -> dict:
        return {name: getattr(self, name)() for name in sorted(HEADERS)}


def contexts(rows: list[dict], asked: list[str], *, trunc: bool) -> list[StatsContext]:
    """One context per row; `Container` is the name or ID asked for, the short ID when none was."""
    out = []
    for row in rows:
        name, cid = str(row.get("Name", "")).lstrip("/"), str(row.get("ID", ""))
        given = next((a for a in asked if a == name or (a and (cid.startswith(a) or a.startswith(cid)))), cid[:12])
        out.append(StatsContext(row, given, trunc=trunc))
    return out


def render(fmt: str, rows: list[StatsContext]) -> str:
    from shim.output.formatting import render as render_rows

    chosen = DEFAULT_TABLE if fmt in ("", "table") else fmt
    return render_rows(chosen, rows, HEADERS)
