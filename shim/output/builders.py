"""What docker's buildx plugin (v0.38.2) prints about builders and their cache: `buildx ls`, `buildx inspect`,
`buildx prune` (also `docker builder prune`, which docker hands to buildx once the plugin is installed) and
`buildx version`. Docker-side only: a backend gives the builder as plain data (`Node`) and the prune records
as BuildKit's client reports them (`buildctl … --format '{{json .}}'`: id, mutable, inUse, size, shared,
lastUsedAt).

pydock has one builder: the buildkitd of its containerd namespace. It shows as docker's `default` builder
(driver `docker`, endpoint the `default` context), the builder a docker with buildx uses unless told otherwise.
"""

from __future__ import annotations

from shim.output.tabwriter import align

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

NAME = "default"  # the builder, its one node and that node's endpoint (docker's context)
DRIVER = "docker"
# buildx's version line names buildx; pydock answers with the buildx release whose commands it follows.
VERSION = "github.com/docker/buildx v0.38.2 pydock"
_INDENT = " \\_ "
_HEADERS = {"Name": "NAME/NODE", "DriverEndpoint": "DRIVER/ENDPOINT", "LastActivity": "LAST ACTIVITY",
            "Status": "STATUS", "Buildkit": "BUILDKIT", "Platforms": "PLATFORMS"}
_TABLE = "table {{.Name}}\t{{.DriverEndpoint}}\t{{.Status}}\t{{.Buildkit}}\t{{.Platforms}}"
# buildx truncates PLATFORMS to four groups, these first (commands/ls.go)
_MAJOR = ("linux/amd64", "linux/arm64", "linux/arm", "linux/ppc64le", "linux/s390x", "linux/riscv64", "linux/mips64")


class Node:
    """The builder's one node as a backend found it: a BuildKit worker, or why it could not be reached."""

    __slots__ = ("status", "error", "version", "platforms", "labels", "gc_policy", "ids", "last_activity")

    def __init__(self, *, error: str = "", version: str = "", platforms: Sequence[dict] = (),
                 labels: dict[str, str] | None = None, gc_policy: Sequence[dict] = (), ids: Sequence[str] = ()) -> None:
        self.status = "" if error else "running"
        self.error = error
        self.version = version
        self.platforms = [platform_key(p) for p in platforms]
        self.labels = labels or {}
        self.gc_policy = list(gc_policy)  # BuildKit's GC rules: all, filter, keepDuration, reservedSpace, …
        self.ids = list(ids)  # the worker IDs
        self.last_activity: float | None = None  # the builder's last build (epoch seconds), None: none known


def platform_key(platform: dict) -> str:
    """containerd's platforms.FormatAll of a normalised OCI platform: os/arch[/variant]."""
    arch, variant = platform.get("architecture", ""), platform.get("variant", "")
    if (arch, variant) in (("amd64", "v1"), ("arm64", "v8")):
        variant = ""
    return "/".join(p for p in (platform.get("os", ""), arch, variant) if p)


def truncated_platforms(platforms: list[str], most: int = 4) -> str:
    """buildx's truncPlatforms: groups by os/arch, the major ones first, `(+N)` for a group's variants."""
    groups: dict[str, list[str]] = {}
    for major in _MAJOR:
        for p in platforms:
            if len(groups) >= most:
                break
            if _os_arch(p) == major:
                groups.setdefault(major, []).append(p)
    left: dict[str, list[str]] = {}
    for p in platforms:
        if len(groups) >= most:
            break
        if _os_arch(p) not in groups:
            left.setdefault(_os_arch(p), []).append(p)
    groups.update(left)
    out: list[str] = []
    count = 0
    majors = [m for m in _MAJOR if m in groups]
    for i, key in enumerate([*majors, *(k for k in sorted(groups) if k not in majors)]):
        if i >= len(majors) and len(out) >= most:  # the major groups always show; the rest up to `most`
            break
        members = groups[key]
        if len(members) == 1:
            out.append(members[0])
        else:
            star = "*" if any(m.endswith("*") for m in members) else ""
            out.append(f"{key}{star} (+{len(members)})")
        count += len(members)
    if len(platforms) > count:
        out.append(f"({len(platforms) - count} more)")
    return ", ".join(out)


def _os_arch(platform: str) -> str:
    return "/".join(platform.rstrip("*").split("/")[:2])


def ls_output(fmt: str, node: Node, *, trunc: bool) -> tuple[str, str]:
    """(stdout, stderr) of `buildx ls`: the builder's row, then its node's (JSON: one object per builder)."""
    import json

    activity = _rfc3339(node.last_activity)
    if fmt == "json":
        data = {"Current": True, "Driver": DRIVER, "Dynamic": False, "LastActivity": activity or "0001-01-01T00:00:00Z",
                "Name": NAME, "Nodes": [_node_json(node)]}
        return json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n", ""
    from shim.output import formatting

    table = fmt.startswith("table")
    rows = [{"Name": NAME + ("*" if table else ""), "DriverEndpoint": DRIVER, "Status": "", "Buildkit": "",
             "Platforms": "", "LastActivity": activity, "Error": ""},
            {"Name": (_INDENT if table else "") + NAME, "DriverEndpoint": (_INDENT if table else "") + NAME,
             "Status": "error" if node.error else node.status, "Buildkit": node.version,
             "Platforms": truncated_platforms(node.platforms) if trunc and table else ", ".join(node.platforms),
             "LastActivity": "", "Error": node.error}]
    out = formatting.render(_TABLE if fmt == "table" else fmt, rows, _HEADERS)
    if node.error and table:
        return out, f"\nFailed to get status for {NAME} ({NAME}): {node.error}"
    return out, ""


def _node_json(node: Node) -> dict:
    data: dict[str, object] = {"Endpoint": NAME, "Name": NAME, "Platforms": node.platforms or None}
    if node.error:
        data["Err"] = node.error
        return data
    data.update(GCPolicy=node.gc_policy, IDs=node.ids, Labels=node.labels, Status=node.status,
                Version=node.version)
    return data


def inspect_output(node: Node) -> str:
    """`buildx inspect`: the builder, then its node (labels and GC rules included), aligned as buildx's
    tabwriter does."""
    from shim.output.units import bytes_size
    from shim.values import go_duration

    activity = _rfc3339(node.last_activity)
    lines = [f"Name:\t{NAME}", f"Driver:\t{DRIVER}",
             *([f"Last Activity:\t{activity[:10]} {activity[11:19]} +0000 UTC"] if activity else []),
             "", "Nodes:", f"Name:\t{NAME}", f"Endpoint:\t{NAME}"]
    if node.error:
        return align("\n".join([*lines, f"Error:\t{node.error}"]) + "\n", 0, 1)
    lines.append(f"Status:\t{node.status}")
    if node.version:
        lines.append(f"BuildKit version:\t{node.version}")
    if node.platforms:
        lines.append(f"Platforms:\t{', '.join(node.platforms)}")
    if node.labels:
        lines += ["Labels:", *(f"\t{key}:\t{node.labels[key]}" for key in sorted(node.labels))]
    for i, rule in enumerate(node.gc_policy):
        lines += [f"GC Policy rule#{i}:", f"\tAll:\t{'true' if rule.get('all') else 'false'}"]
        if rule.get("filter"):
            lines.append(f"\tFilters:\t{' '.join(rule['filter'])}")
        if int(rule.get("keepDuration") or 0) > 0:
            lines.append(f"\tKeep Duration:\t{go_duration(int(rule['keepDuration']))}")
        for key, title in (("reservedSpace", "Reserved Space"), ("maxUsedSpace", "Max Used Space"),
                           ("minFreeSpace", "Min Free Space")):
            if int(rule.get(key) or 0) > 0:
                lines.append(f"\t{title}:\t{bytes_size(int(rule[key]))}")
    return align("\n".join(lines) + "\n", 0, 1)


def prune_filters(given: list[str]) -> tuple[str, str]:
    """buildx's prune filters as BuildKit takes them: (how long to keep, as a Go duration, or ""; BuildKit's
    filter, its conditions joined by commas, all of which must hold). ValueError: buildx's message."""
    from shim.values import duration_problem, go_duration, parse_duration

    values: dict[str, list[str]] = {}
    for item in given:
        key, _, value = item.partition("=")
        values.setdefault(key.strip().lower(), [])
        if value.strip() not in values[key.strip().lower()]:
            values[key.strip().lower()].append(value.strip())
    if values.get("until") and values.get("unused-for"):
        raise ValueError('conflicting filters "until" and "unused-for"')
    until_key = "unused-for" if values.get("unused-for") else "until"
    keep = ""
    until = values.pop(until_key, [])
    if len(until) > 1:
        raise ValueError(f'"{until_key}" filter expects only one value')
    if until:
        problem = duration_problem(until[0])
        if problem:
            raise ValueError(f"\"{until_key}\" filter expects a duration (e.g., '24h'): {problem}")
        keep = go_duration(int(parse_duration(until[0])))
    conditions = []
    for key, found in values.items():
        if len(found) > 1:
            raise ValueError(f'"{key}" filter expects only one value')
        if not found:
            conditions.append(key)
        elif key == "id":
            conditions.append(f"id~={found[0]}")
        elif key.endswith(("!", "~")):
            conditions.append(f"{key}={found[0]}")
        else:
            conditions.append(f"{key}=={found[0]}")
    return keep, ",".join(conditions)


def prune_report(records: Sequence[dict], now: float, *, verbose: bool = False) -> str:
    """buildx prune's table of what went (a row as each arrives: the header aligns with the first row only), or
    with `verbose` a record each, and its `Total:` line; aligned by Go's tabwriter with tabs."""
    from shim.output.units import human_duration, human_size

    blocks: list[str] = []
    total = 0
    for i, record in enumerate(records):
        size = int(record.get("size") or 0)
        total += size
        if verbose:
            blocks.append(align_tabs(_verbose_record(record, now)))
            continue
        used = epoch(record.get("lastUsedAt"))
        row = "{:<40}\t{:<5}\t{:<10}\t{}\n".format(
            record.get("id", "") + ("*" if record.get("mutable") else ""),
            "false" if record.get("inUse") else "true",
            human_size(size, 4) + ("*" if record.get("shared") else ""),
            f"{human_duration(now - used)} ago" if used is not None else "")
        blocks.append(align_tabs(("ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED\n" if i == 0 else "") + row))
    blocks.append(align_tabs(f"Total:\t{human_size(total, 4)}\n"))
    return "".join(blocks)


def _rfc3339(seconds: float | None) -> str:
    """A time as buildx stores a builder's last activity (UTC, whole seconds); "" for none."""
    if seconds is None:
        return ""
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _verbose_record(record: dict, now: float) -> str:
    """buildx's printVerbose of one cache record: `Key:\tvalue` lines and a blank line."""
    from shim.output.units import human_duration, human_size

    def flag(value: object) -> str:
        return "true" if value else "false"

    lines = [f"ID:\t{record.get('id', '')}"]
    if record.get("parents"):
        lines.append(f"Parent:\t{','.join(record['parents'])}")
    lines += [f"Created at:\t{_go_time(str(record.get('createdAt', '')))}", f"Mutable:\t{flag(record.get('mutable'))}",
              f"Reclaimable:\t{flag(not record.get('inUse'))}", f"Shared:\t{flag(record.get('shared'))}",
              f"Size:\t{human_size(int(record.get('size') or 0), 4)}"]
    if record.get("description"):
        lines.append(f"Description:\t{record['description']}")
    lines.append(f"Usage count:\t{int(record.get('usageCount') or 0)}")
    used = epoch(record.get("lastUsedAt"))
    if used is not None:
        lines.append(f"Last used:\t{human_duration(now - used)} ago")
    if record.get("recordType"):
        lines.append(f"Type:\t{record['recordType']}")
    return "\n".join(lines) + "\n\n"


def _go_time(stamp: str) -> str:
    """Go's time.Time.String() of an RFC 3339 UTC time BuildKit reported: `2026-12-02 11:00:00.5 +0000 UTC`."""
    if not stamp.endswith("Z"):
        return stamp
    return stamp[:-1].replace("T", " ", 1) + " +0000 UTC"


def epoch(stamp: object) -> float | None:
    """An RFC 3339 time of BuildKit's (nanoseconds, `Z` or an offset) in epoch seconds; None when there is none."""
    if not isinstance(stamp, str) or not stamp:
        return None
    import re
    from datetime import datetime

    text = re.sub(r"(\.\d{6})\d+", r"\1", stamp).replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def align_tabs(text: str) -> str:
    """Go's tabwriter as `tabwriter.NewWriter(out, 1, 8, 1, '\\t', 0)` aligns: a column is its widest cell plus
    one, rounded up to the tab width, and filled with tabs."""
    return align(text, 1, 1, tabwidth=8)
