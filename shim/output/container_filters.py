"""docker ps's selection: -a, -n, -l and every --filter key Docker Engine supports, on summaries.

The engine applies these on its side; nerdctl knows only some of them (and fails or warns on the
rest), so pydock selects from the full list itself. Matching follows the engine: `id` and `name` are
regular expressions searched in the value, `label` is `key` or `key=value`, the rest are exact.
"""

from __future__ import annotations

from shim.daemon_errors import invalid_filter
from shim.errors import DockerError

KEYS = ("ancestor", "before", "expose", "exited", "health", "id", "isolation", "is-task", "label", "name",
        "network", "publish", "since", "status", "volume")
STATES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")
HEALTH = ("none", "starting", "healthy", "unhealthy")


def group(raw: list[str], keys: tuple[str, ...]) -> dict[str, list[str]]:
    """`--filter k=v` values grouped by key; a key the engine does not know is its error (exit 1)."""
    out: dict[str, list[str]] = {}
    for item in raw:
        key, _, value = item.partition("=")
        key = key.strip().lower()
        if key not in keys:
            raise DockerError(invalid_filter(key))
        out.setdefault(key, []).append(value.strip())
    return out


def labels_match(wanted: list[str], labels: dict[str, str]) -> bool:
    """Every `key` or `key=value` of a label filter is on the object."""
    for item in wanted:
        key, eq, value = item.partition("=")
        if key not in labels or (eq and labels[key] != value):
            return False
    return True


def parse_filters(raw: list[str]) -> dict[str, list[str]]:
    """docker ps's filters, checked as the engine checks them."""
    out = group(raw, KEYS)
    for value in out.get("status", []):
        if value not in STATES:
            raise DockerError(invalid_filter(f"status={value}", f"invalid value for state ({value}): must be one "
                                             "of created, running, paused, restarting, removing, exited, dead"))
    for value in out.get("health", []):
        if value not in HEALTH:
            raise DockerError(invalid_filter(f"health={value}", f"invalid value for health ({value}): must be one "
                                             f"of {', '.join(HEALTH)}"))
    for value in out.get("exited", []):
        if not value.lstrip("-").isdigit():
            raise DockerError(invalid_filter(f"exited={value}", f'strconv.Atoi: parsing "{value}": invalid syntax'))
    for value in out.get("is-task", []):
        if value not in ("true", "false"):
            raise DockerError(invalid_filter(f"is-task=[{value}]"))  # the engine quotes the values as a list
    return out


def _search(pattern: str, text: str) -> bool:
    import re

    try:
        return re.search(pattern, text) is not None
    except re.error:
        return pattern == text


def _port_match(values: list[str], ports: list[dict], *, published: bool) -> bool:
    for value in values:
        port, _, proto = value.partition("/")
        for p in ports:
            number = p.get("PublicPort" if published else "PrivatePort")
            if published and not number:
                continue
            if str(number) == port and (not proto or p["Type"] == proto):
                return True
    return False


def _created(summary: dict) -> float:
    return summary["Created"]


def select(summaries: list[dict], *, show_all: bool, last: int, latest: bool,
           filters: dict[str, list[str]], resolve: dict[str, dict]) -> list[dict]:
    """The containers `docker ps` lists, newest first. `resolve` maps names and IDs (full and short)
    of every container to its summary, for `before`/`since`."""
    if latest:
        last = 1
    if last != -1 or filters.get("status") or filters.get("exited"):
        show_all = True
    ordered = sorted(summaries, key=_created, reverse=True)
    before = [_reference(resolve, v, "before") for v in filters.get("before", [])]
    since = [_reference(resolve, v, "since") for v in filters.get("since", [])]
    out = []
    for c in ordered:
        if not show_all and c["State"] not in ("running", "paused", "restarting"):
            continue
        if any(_created(c) >= _created(b) for b in before) or any(_created(c) <= _created(s) for s in since):
            continue
        if _matches(c, filters):
            out.append(c)
    return out if last < 0 else out[:last]


def _reference(resolve: dict[str, dict], value: str, key: str) -> dict:
    found = resolve.get(value) or next((s for k, s in resolve.items() if k.startswith(value) and len(value) >= 1
                                        and len(k) == 64), None)
    if found is None:
        raise DockerError(f"Error response from daemon: No such container: {value}")
    return found


def _matches(c: dict, f: dict[str, list[str]]) -> bool:
    if "id" in f and not any(_search(v, c["Id"]) for v in f["id"]):
        return False
    # the engine matches the container's own name, not the names links give it (/web/alias), with and without
    # its slash (daemon/list.go: `name=^web$` finds /web)
    if "name" in f and not any(_search(v, n) or _search(v, n.removeprefix("/")) for v in f["name"]
                               for n in c.get("Names", [])[:1]):
        return False
    if "label" in f and not labels_match(f["label"], c.get("Labels") or {}):
        return False
    if "status" in f and c["State"] not in f["status"]:
        return False
    if "exited" in f and not (c["State"] == "exited" and str(c.get("ExitCode", 0)) in f["exited"]):
        return False
    if "ancestor" in f and not any(_is_ancestor(v, c) for v in f["ancestor"]):
        return False
    if "volume" in f and not any(v in (m.get("Name"), m.get("Source"), m.get("Destination"))
                                 for v in f["volume"] for m in c.get("Mounts", [])):
        return False
    if "network" in f and not any(v in c.get("Networks", []) or v in c.get("NetworkIds", [])
                                  for v in f["network"]):
        return False
    if "publish" in f and not _port_match(f["publish"], c.get("Ports", []), published=True):
        return False
    if "expose" in f and not _port_match(f["expose"], c.get("Ports", []), published=False):
        return False
    if "health" in f and (c.get("Health") or "none") not in f["health"]:
        return False
    if "isolation" in f and "default" not in f["isolation"]:
        return False  # Linux containers run with the default isolation only
    return not ("is-task" in f and "true" in f["is-task"])  # no swarm: nothing is a task


def _is_ancestor(value: str, c: dict) -> bool:
    from shim import reference

    if value.startswith("sha256:") or (len(value) >= 12 and all(ch in "0123456789abcdef" for ch in value)):
        image_id = c.get("ImageID", "").removeprefix("sha256:")
        return image_id.startswith(value.removeprefix("sha256:"))
    wanted = reference.normalize(value)
    return wanted == reference.normalize(c.get("ImageRef") or c.get("Image", ""))
