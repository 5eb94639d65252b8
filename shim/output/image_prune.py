"""docker image prune, docker's side: which images go (Engine 29's rules) and what docker prints.

Without --all only dangling images go (no name); with it every image no container uses. `--filter`
takes `until` (a duration or a timestamp: images made before), `label` and `label!`; the engine refuses
other keys. docker prints `Deleted Images:` with an `untagged:` line per name (a dangling image reads
`untagged: sha256:ID` then `deleted: sha256:ID`), a blank line, and `Total reclaimed space: SIZE`.
"""

from __future__ import annotations

from shim.errors import DockerError
from shim.output.container_filters import group, labels_match

KEYS = ("until", "label", "label!", "dangling")


def parse_filters(raw: list[str], keys: tuple[str, ...] = KEYS) -> dict[str, list[str]]:
    """The filters, checked as Engine 29 checks them (`invalid filter 'KEY'`); container prune's `keys` lack
    `dangling`."""
    for item in raw:
        if "=" not in item:
            raise DockerError(f"bad format of filter (expected name=value): {item}")
    try:
        return group(raw, keys)
    except DockerError as e:  # the prune endpoint words it in lower case
        raise DockerError(e.message.replace("Invalid filter", "invalid filter"), e.code) from None


def until_cut(value: str, now: float, context: str = "invalid value for 'until' filter: ") -> float:
    """The cut-off as epoch seconds: a Go duration before now, a Unix time or an RFC 3339 date. An unreadable
    value is the Engine's error, whose words (moby's timestamp parser) come after `context` (image prune's; the
    container prune endpoint gives none)."""
    from shim.values import duration_problem, parse_duration

    if not duration_problem(value):
        return now - parse_duration(value).seconds()
    try:
        return float(value)
    except ValueError:
        pass
    from datetime import datetime

    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        pass
    if "-" in value:  # a date Go's time.Parse refused, in words pydock does not mirror
        raise DockerError(f'Error response from daemon: {context}parsing time "{value}"')
    seconds = value.partition(".")[0]
    raise DockerError(f"Error response from daemon: {context}failed to parse value as time or duration: "
                      f'invalid seconds "{seconds}": invalid syntax')


def chosen(summaries: list[dict], used: set[str], *, every: bool, filters: dict[str, list[str]],
           now: float) -> list[dict]:
    """The image summaries (one per name, views.image_summaries) prune removes."""
    cut = min((until_cut(v, now) for v in filters.get("until", [])), default=None)
    # a nameless record of an image that also has a name (nerdctl's `import@…` beside a build's tag) is no
    # dangling image to docker: the image stays, so prune neither removes nor reports it
    named = {s["FullId"] for s in summaries if s["Repository"] != "<none>"}
    out = []
    for s in summaries:
        dangling = s["Repository"] == "<none>" and s["FullId"] not in named
        if s["FullId"] in used or not (every or dangling):
            continue
        if cut is not None and s.get("RecordCreated", s["Created"]) >= cut:
            continue
        if filters.get("label") and not labels_match(filters["label"], s["Labels"]):
            continue
        if any(labels_match([item], s["Labels"]) for item in filters.get("label!", [])):
            continue
        out.append(s)
    return out


def report(removed: list[dict], sizes: dict[str, int]) -> str:
    """docker's lines for what went (`sizes`: bytes per image ID of the images that left entirely)."""
    from shim import prune

    return section(removed, sizes) + prune.total(sum(sizes.values()))


def section(removed: list[dict], sizes: dict[str, int]) -> str:
    """docker's `Deleted Images:` section: each image's `untagged:` names, then `deleted:` when it left."""
    from shim import prune

    lines = []
    ordered = sorted(removed, key=lambda s: (s["Repository"] == "<none>", s["Repository"], s["Tag"]))
    for image in dict.fromkeys(s["FullId"] for s in ordered):  # an image's names, then the image if it left
        named = [s for s in ordered if s["FullId"] == image and s["Repository"] != "<none>"]
        lines += [f"untagged: {s['Repository']}:{s['Tag']}" for s in named]
        if not named:
            lines += [f"untagged: {image}", f"deleted: {image}"]
        elif image in sizes:
            lines.append(f"deleted: {image}")
    return prune.section("Images", lines)
