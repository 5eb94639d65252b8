"""docker images: the image list as docker CLI 28 prints it, from backend-neutral image summaries.

A summary is one repository:tag of an image: Id, Repository, Tag, Digest, Created (epoch), Size
(bytes), Labels. Backends build them; this module filters, sorts and gives the template fields.
"""

from __future__ import annotations

import time

from shim.daemon_errors import invalid_filter
from shim.errors import DockerError
from shim.output.container_filters import group, labels_match
from shim.output.containers import go_time
from shim.output.units import human_duration, human_size

DEFAULT_TABLE = ("table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A"
                 "{{end}}\t{{.Size}}")
DIGEST_TABLE = ("table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}"
                "{{else}}N/A{{end}}\t{{.Size}}")
HEADERS = {
    "ID": "IMAGE ID", "Repository": "REPOSITORY", "Tag": "TAG", "Digest": "DIGEST",
    "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "Size": "SIZE", "Containers": "CONTAINERS",
    "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE", "VirtualSize": "VIRTUAL SIZE",
}
FILTER_KEYS = ("before", "dangling", "label", "reference", "since", "until")


def choose_table(fmt: str, *, quiet: bool, digests: bool) -> str:
    """docker's NewImageFormat."""
    if fmt in ("", "table"):
        if quiet:
            return "{{.ID}}"
        return DIGEST_TABLE if digests else DEFAULT_TABLE
    if quiet:
        return "{{.ID}}"
    if fmt.startswith("table") and digests and "{{.Digest}}" not in fmt:
        return fmt + "\\t{{.Digest}}"
    return fmt


class ImageContext:
    """The fields a `docker images --format` template sees (docker's imageContext)."""

    __gotype__ = "*formatter.imageContext"

    def __init__(self, summary: dict, *, trunc: bool = True, now: float | None = None, digests: bool = False) -> None:
        self._i = summary
        self._trunc = trunc
        self._digests = digests
        self._now = time.time() if now is None else now

    def ID(self) -> str:
        image_id = self._i.get("FullId") or self._i["Id"]
        if self._trunc:
            return image_id.removeprefix("sha256:")[:12]
        return image_id if image_id.startswith("sha256:") else "sha256:" + image_id

    def Repository(self) -> str:
        return self._i["Repository"]

    def Tag(self) -> str:
        return self._i["Tag"]

    def Digest(self) -> str:
        # docker's client shows a name's digest only when asked (--digests), whatever the template
        return (self._i.get("RepoDigest") if self._digests else "") or "<none>"

    def CreatedSince(self) -> str:
        created = self._i.get("Created", 0)
        return human_duration(self._now - created) + " ago" if created else ""

    def CreatedAt(self) -> str:
        return go_time(self._i.get("Created", 0))

    def Size(self) -> str:
        return human_size(self._i.get("Size", 0))

    def VirtualSize(self) -> str:
        return human_size(self._i.get("Size", 0), 4)  # go-units HumanSize: four significant digits

    def Containers(self) -> str:
        return "N/A"

    def SharedSize(self) -> str:
        return "N/A"

    def UniqueSize(self) -> str:
        return "N/A"

    def __gojson__(self) -> dict:
        return {name: getattr(self, name)() for name in sorted(HEADERS)}


def parse_filters(raw: list[str]) -> dict[str, list[str]]:
    """docker images' filters, checked as the engine checks them."""
    out = group(raw, FILTER_KEYS)
    for value in out.get("dangling", []):
        if value.lower() not in ("true", "false", "1", "0"):
            raise DockerError(invalid_filter(f"dangling=[{value}]"))  # the engine quotes the values as a list
    return out


def _glob(pattern: str, text: str) -> bool:
    # distribution/reference's familiar-name matching is path.Match: `*` stays within a path segment.
    from fnmatch import fnmatchcase

    if "/" not in pattern and "/" in text:
        return False
    return fnmatchcase(text, pattern)


def _reference_match(patterns: list[str], s: dict) -> bool:
    name = s["Repository"]
    for pattern in patterns:
        repo, colon, tag = pattern.rpartition(":") if ":" in pattern.rsplit("/", 1)[-1] else (pattern, "", "")
        if _glob(repo, name) and (not colon or _glob(tag, s["Tag"])):
            return True
    return False


def select(summaries: list[dict], *, filters: dict[str, list[str]], repository: str,
           resolve: dict[str, dict]) -> list[dict]:
    """The images docker lists, newest first."""
    if repository:
        filters = {**filters, "reference": [*filters.get("reference", []), repository]}
    before = [_find(resolve, v) for v in filters.get("before", [])]
    since = [_find(resolve, v) for v in filters.get("since", [])]
    out = []
    # newest first; the names of one image in sorted order, as docker's reference store keeps them
    for s in sorted(summaries, key=lambda s: (-s.get("Created", 0), s["Repository"], s["Tag"])):
        dangling = s["Repository"] == "<none>" and s["Tag"] == "<none>"
        if "dangling" in filters and dangling != (filters["dangling"][-1].lower() in ("true", "1")):
            continue
        if "reference" in filters and not _reference_match(filters["reference"], s):
            continue
        if "label" in filters and not labels_match(filters["label"], s.get("Labels") or {}):
            continue
        if any(s["Created"] >= b["Created"] for b in before) or any(s["Created"] <= x["Created"] for x in since):
            continue
        out.append(s)
    return out


def _find(resolve: dict[str, dict], value: str) -> dict:
    found = resolve.get(value)
    if found is None:
        raise DockerError(f"Error response from daemon: No such image: {value}")
    return found


def unique_ids(rows: list[ImageContext]) -> list[ImageContext]:
    """`images -q` prints each image once, however many tags it has."""
    seen: set[str] = set()
    out = []
    for row in rows:
        if row.ID() not in seen:
            seen.add(row.ID())
            out.append(row)
    return out
