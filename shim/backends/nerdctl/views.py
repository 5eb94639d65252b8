"""nerdctl's `inspect` JSON turned into the backend-neutral summaries docker's output is made from.

nerdctl's dockercompat inspect is close to Docker Engine's, but carries nerdctl's own bookkeeping
(labels under `nerdctl/`, bind mounts of /etc/hosts and friends) that docker never shows, and it
stores the image fully qualified where docker keeps the name the user typed.
"""

from __future__ import annotations

from shim import reference
from shim.labels import EXPOSE_LABEL, image_as_given, user_labels
from shim.reference import repo_digest

_NERDCTL_MOUNTS = ("/etc/resolv.conf", "/etc/hosts", "/etc/hostname")


def epoch(text: str) -> float:
    """Seconds since the epoch of an RFC 3339 UTC time (`2026-11-24T22:29:00.459730844Z`); 0 for ""."""
    if not text or text.startswith("0001-"):
        return 0.0
    year, month, day = int(text[0:4]), int(text[5:7]), int(text[8:10])
    hour, minute, second = int(text[11:13]), int(text[14:16]), int(text[17:19])
    rest = text[19:]
    fraction = 0.0
    if rest.startswith("."):
        digits = rest[1:].rstrip("Z").split("+")[0].split("-")[0]
        fraction = float("0." + digits) if digits else 0.0
    # days from civil (proleptic Gregorian), Howard Hinnant's algorithm: no datetime import needed
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468
    return days * 86400 + hour * 3600 + minute * 60 + second + fraction


def docker_command(path: str, args: list[str] | None) -> str:
    """The daemon's Command: path and arguments, an argument with a space in single quotes."""
    words = [f"'{a}'" if " " in a else a for a in (args or [])]
    return " ".join([path, *words]) if words else path


def _ports(settings: dict | None, labels: dict[str, str], running: bool) -> list[dict]:
    ports: list[dict] = []
    found = dict((settings or {}).get("Ports") or {})
    if running:  # docker lists a running container's exposed ports, published or not
        found.update({p: None for p in (labels.get(EXPOSE_LABEL) or "").split(",") if p and p not in found})
    for key, bindings in found.items():
        number, _, proto = key.partition("/")
        if not bindings:
            ports.append({"PrivatePort": int(number), "Type": proto or "tcp"})
            continue
        for b in bindings:
            ports.append({"IP": b.get("HostIp") or "0.0.0.0", "PrivatePort": int(number),  # noqa: S104 - docker shows 0.0.0.0 for "all addresses"
                          "PublicPort": int(b.get("HostPort") or 0), "Type": proto or "tcp"})
    return ports


def _networks(labels: dict[str, str], mode: str) -> list[str]:
    from shim import json_read as json  # loads without `re` (7 ms)

    raw = labels.get("nerdctl/networks")
    if raw:
        try:
            return list(json.loads(raw))
        except ValueError:
            pass
    return [mode] if mode else []


def _health(d: dict) -> str:
    """The health status docker's ps shows: nerdctl's, or `starting` for a check with no result yet."""
    status = ((d.get("State") or {}).get("Health") or {}).get("Status", "")
    test = ((d.get("Config") or {}).get("Healthcheck") or {}).get("Test") or []
    return status or ("starting" if test and test[0] != "NONE" else "")


def user_mounts(mounts: list[dict] | None) -> list[dict]:
    """The mounts docker lists: without nerdctl's own /etc/hosts, /etc/hostname and /etc/resolv.conf, nor
    pydock's /.dockerenv."""
    from shim.backends.nerdctl.dockerenv import is_ours

    return [m for m in mounts or []
            if not (m.get("Destination") in _NERDCTL_MOUNTS and "/nerdctl/" in (m.get("Source") or ""))
            and not is_ours(m)]


def container_summary(d: dict) -> dict:
    """docker's API container summary (plus start/finish times) from one nerdctl inspect entry."""
    config = d.get("Config") or {}
    labels = config.get("Labels") or {}
    state = d.get("State") or {}
    mounts = user_mounts(d.get("Mounts"))
    return {
        "Id": d["Id"],
        "Names": ["/" + d.get("Name", "")],
        "Image": image_as_given(config.get("Image") or d.get("Image", ""), labels),
        "ImageRef": config.get("Image") or d.get("Image", ""),
        "Command": docker_command(d.get("Path", ""), d.get("Args")),
        "Created": epoch(d.get("Created", "")),
        "Ports": _ports(d.get("NetworkSettings"), labels, state.get("Status") == "running"),
        "Labels": user_labels(labels),
        "State": state.get("Status") or "created",
        "Health": _health(d),
        "ExitCode": state.get("ExitCode", 0),
        "StartedAt": epoch(state.get("StartedAt", "")),
        "FinishedAt": epoch(state.get("FinishedAt", "")),
        "Mounts": [{"Type": m.get("Type", ""), "Name": m.get("Name", ""), "Source": m.get("Source", ""),
                    "Destination": m.get("Destination", ""), "Driver": m.get("Driver", ""),
                    "RW": m.get("RW", True)} for m in mounts],
        "Networks": _networks(labels, (d.get("HostConfig") or {}).get("NetworkMode", "")),
        "Platform": labels.get("nerdctl/platform", ""),  # os/arch of the image it runs
        "SizeRw": d.get("SizeRw") or 0,
        "SizeRootFs": d.get("SizeRootFs") or 0,
    }


def image_summaries(listing: list[dict], inspected: dict[str, dict]) -> list[dict]:
    """docker's image summaries: one per repository:tag, from `nerdctl images` JSON lines and the
    image entries (image_entries) keyed by their ID, the digest each listed name points to."""
    out = []
    from shim.backends.nerdctl.dangling import unnamed

    named = {item.get("Digest") for item in listing if not unnamed(item.get("Name", ""))}
    for item in listing:
        name = item.get("Name", "")
        info = inspected.get(item.get("Digest", ""), {})
        repo, tag = item.get("Repository", "<none>"), item.get("Tag", "<none>")
        if unnamed(name):  # what nerdctl calls an unnamed loaded image (shim/backends/nerdctl/dangling.py)
            if item.get("Digest") in named:
                continue  # the image has names: docker lists it under those only
            repo, tag = "<none>", "<none>"
        out.append({
            "Id": item.get("ID", ""),
            "FullId": item.get("Digest", ""),  # nerdctl's image ID is this digest, shortened
            "ConfigId": info.get("ConfigId", ""),
            "Repository": repo or "<none>",
            "Tag": tag or "<none>",
            "RepoDigest": repo_digest(repo, item.get("Digest", "")),
            "Created": epoch(info.get("Created", "")),
            "Size": int(info.get("Size") or 0),
            "Labels": (info.get("Config") or {}).get("Labels") or {},
            "Name": name,
        })
    return out


def image_entries(natives: list[dict]) -> list[dict]:
    """Image inspect entries, one per image, from `nerdctl image inspect --mode=native` (one record per
    name). Built here rather than taken from nerdctl's compat mode, which dates an image by its last
    history entry (none in images from several minimal-image builders: Created was "") and names it by
    its config digest, where Docker Engine 29 with its containerd store, like nerdctl's own listing,
    uses the digest the image's name points to (its index or manifest)."""
    by_target: dict[str, dict] = {}
    for record in natives:
        image = record.get("Image") or {}
        target = (image.get("Target") or {}).get("digest", "")
        entry = by_target.get(target)
        if entry is None:
            entry = by_target[target] = _image_entry(record, target)
        name = image.get("Name", "")
        if not name or "@" in name.rsplit("/", 1)[-1] or name.startswith(("import@", "docker.io/library/import@")):
            continue  # a digest-only name: nothing to tag, and nerdctl's own bookkeeping
        tag, repo_at = reference.familiar(name), reference.familiar(name).rsplit(":", 1)[0] + "@" + target
        if tag not in entry["RepoTags"]:
            entry["RepoTags"].append(tag)
        if repo_at not in entry["RepoDigests"]:
            entry["RepoDigests"].append(repo_at)
    return list(by_target.values())


def _image_entry(record: dict, target: str) -> dict:
    config = record.get("ImageConfig") or {}
    history = config.get("history") or []
    last = history[-1] if history else {}
    rootfs = config.get("rootfs") or {}
    size = int(record.get("size") or 0)
    return {
        "Id": target,
        "ConfigId": (record.get("ImageConfigDesc") or {}).get("digest", ""),
        "RepoTags": [], "RepoDigests": [],
        "Parent": ((record.get("Image") or {}).get("Labels") or {}).get("org.mobyproject.image.parent", ""),
        "Comment": config.get("comment") or last.get("comment", ""),
        "Created": config.get("created") or "",  # the config's date, as both engines read it
        "DockerVersion": config.get("docker_version", ""),
        "Author": config.get("author") or last.get("author", ""),
        "Config": config.get("config") or {},
        "Architecture": config.get("architecture", ""), "Os": config.get("os", ""),
        **({"Variant": config["variant"]} if config.get("variant") else {}),
        "Size": size,
        "RootFS": {"Type": rootfs.get("type", "layers"), "Layers": list(rootfs.get("diff_ids") or [])},
        "Metadata": {"LastTagTime": "0001-01-01T00:00:00Z"},
        # Engine 29's containerd store shows the descriptor the name points to, and for a container the
        # manifest's, with its platform
        "Descriptor": _without_sources((record.get("Image") or {}).get("Target") or {}),
        "ManifestDescriptor": _with_platform(record.get("ManifestDesc") or {}, config),
    }


def _with_platform(descriptor: dict, config: dict) -> dict:
    if not descriptor:
        return {}
    platform = {"architecture": config.get("architecture", ""), "os": config.get("os", "")}
    if config.get("variant"):
        platform["variant"] = config["variant"]
    return {**_without_sources(descriptor), "platform": platform}


def _without_sources(descriptor: dict) -> dict:
    """containerd records where a blob was pulled from or pushed to as distribution.source labels, which nerdctl
    shows among a descriptor's annotations; they are the content store's bookkeeping, and Engine 29 shows none."""
    annotations = {k: v for k, v in (descriptor.get("annotations") or {}).items()
                   if not k.startswith("containerd.io/distribution.source.")}
    if annotations:
        return {**descriptor, "annotations": annotations}
    return {k: v for k, v in descriptor.items() if k != "annotations"}


def docker_draft(compat: dict, spec: dict) -> dict:
    """nerdctl's compat inspect entry as a neutral draft of docker's ContainerJSON, for shim/output/inspect.py:
    nerdctl's own bookkeeping taken out or put where docker keeps it. Its own /etc/hosts, /etc/hostname and
    /etc/resolv.conf mounts go (docker lists none); the HOSTNAME variable it adds goes; networks are keyed by
    their names (nerdctl: `unknown-eth0`, the names in its `nerdctl/networks` label); the IPC mode and the
    domain name come from where nerdctl keeps them (a label, an annotation)."""
    from shim import json_read as json  # loads without `re` (7 ms)

    draft = dict(compat)
    config = dict(compat.get("Config") or {})
    labels = config.get("Labels") or {}
    hostname = config.get("Hostname", "")
    config["Env"] = [e for e in config.get("Env") or [] if e != f"HOSTNAME={hostname}"]
    config["Domainname"] = (spec.get("annotations") or {}).get("nerdctl/domainname", "")
    draft["Config"] = config
    draft["Mounts"] = user_mounts(compat.get("Mounts"))
    host = dict(compat.get("HostConfig") or {})
    host["IpcMode"] = _ipc_mode(labels.get("nerdctl/ipc") or "") or host.get("IpcMode", "")
    draft["HostConfig"] = host
    settings = dict(compat.get("NetworkSettings") or {})
    try:
        names = list(json.loads(labels.get("nerdctl/networks") or "[]"))
    except ValueError:
        names = []
    found = list((settings.get("Networks") or {}).values())
    settings["Networks"] = {name: ({} if name in ("host", "none") else (found[i] if i < len(found) else {}))
                            for i, name in enumerate(names)}
    draft["NetworkSettings"] = settings
    return draft


def _ipc_mode(label: str) -> str:
    from shim import json_read as json  # loads without `re` (7 ms)

    try:
        mode = json.loads(label or "{}").get("mode", "")
    except (ValueError, AttributeError):
        return ""
    return mode if isinstance(mode, str) else ""
