"""docker ps and docker images as docker's client prints them, from backend-neutral summaries.

Every backend hands the same summaries (a container's: Id, Names, Image, Command, Created, Ports, Labels,
State, …; an image's: Id, Repository, Tag, Created, Size, Labels, …); this module reads the format the user
asked for (or the one in docker's config.json), checks it as docker does before listing anything, selects
with docker's filters and prints with docker's templates.
"""

from __future__ import annotations

import os

from shim.plan import Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.parse import Parsed


def config_format(config_dir: str, key: str) -> str:
    """`psFormat` / `imagesFormat` from docker's config.json, which docker uses when --format is absent."""
    folder = config_dir or os.environ.get("DOCKER_CONFIG") or os.path.expanduser("~/.docker")
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


def given_format(parsed: Parsed, config_dir: str, config_key: str) -> tuple[str, str]:
    """(format to use, warning to print): docker ignores --format with -q, saying so."""
    given = str(parsed.get("format") or "")
    if given and parsed.get("quiet") is True:
        return "", "WARNING: Ignoring custom format, because both --format and --quiet are set.\n"
    return given or config_format(config_dir, config_key), ""


def validate_format(fmt: str, empty: object = None) -> None:
    """docker parses a custom template before it lists anything, and for ps also runs it once on an
    empty container (so a bad field fails even when nothing is listed)."""
    if fmt and fmt not in ("table", "json"):
        from shim.output import formatting

        template = formatting.parse(fmt, prefix="failed to parse template: ")
        if empty is not None:
            formatting.try_execute(template, empty, prefix="failed to execute template: ")


def ps_output(parsed: Parsed, fmt: str, summaries: list[dict], filters: dict, warning: str, *,
              sized: bool = False) -> Done:
    """`docker ps`'s output for these container summaries."""
    from shim.output import container_filters, containers, formatting

    if not sized:  # sizes cost the engine a walk of each filesystem; docker reports 0 unless asked
        for s in summaries:
            s["SizeRw"] = s["SizeRootFs"] = 0
    resolve: dict[str, dict] = {}
    for s in summaries:
        resolve[s["Id"]] = resolve[s["Id"][:12]] = s
        for name in s["Names"]:
            resolve[name.lstrip("/")] = s
    chosen = container_filters.select(summaries, show_all=parsed.get("all") is True, last=parsed.get("last", -1),
                                      latest=parsed.get("latest") is True, filters=filters, resolve=resolve)
    quiet = parsed.get("quiet") is True
    table = containers.DEFAULT_TABLE + ("\\t{{.Size}}" if parsed.get("size") is True else "")
    final = formatting.choose_format(fmt, quiet=quiet, default_table=table)
    rows = [containers.ContainerContext(s, trunc=parsed.get("no-trunc") is not True) for s in chosen]
    return Done(0, formatting.render(final, rows, containers.HEADERS), warning)


def images_output(parsed: Parsed, fmt: str, summaries: list[dict], filters: dict, warning: str) -> Done:
    """`docker images`' output for these image summaries."""
    from shim.output import formatting, images

    resolve: dict[str, dict] = {}
    for s in summaries:
        resolve[s["Id"]] = s
        resolve[f"{s['Repository']}:{s['Tag']}"] = s
        resolve.setdefault(s["Repository"], s)
    repository = parsed.args[0] if parsed.args else ""
    chosen = images.select(summaries, filters=filters, repository=repository, resolve=resolve)
    quiet = parsed.get("quiet") is True
    digests = parsed.get("digests") is True
    final = images.choose_table(fmt, quiet=quiet, digests=digests)
    shown = digests or "{{.Digest}}" in final  # docker's client fills digests for such a format too
    rows = [images.ImageContext(s, trunc=parsed.get("no-trunc") is not True, digests=shown) for s in chosen]
    if quiet:
        rows = images.unique_ids(rows)
    return Done(0, formatting.render(final, rows, images.HEADERS), warning)
