"""nerdctl's `inspect` JSON turned into the backend-neutral summaries docker's output is made from.

nerdctl's dockercompat inspect is close to Docker Engine's, but carries nerdctl's own bookkeeping
(labels under `nerdctl/`, bind mounts of /etc/hosts and friends) that docker never shows, and it
stores the image fully qualified where docker keeps the name the user typed.
"""

from __future__ import annotations

from shim import reference

# Labels pydock and nerdctl add for their own use; docker users never see them.
INTERNAL_LABELS = ("nerdctl/", "containerd.io/", "io.containerd.", "pydock/")
IMAGE_LABEL = "pydock/image"  # the image as given to `run`, for docker's IMAGE column
STDIN_LABEL = "pydock/stdin"  # "open" after `run -i`: inspect's Config.OpenStdin
DETACHED_LABEL = "pydock/detached"  # "true" after `run -d`: inspect's Config.AttachStdout is false
AUTOREMOVE_LABEL = "pydock/autoremove"  # "true" after `run -d --rm`, which pydock removes itself: HostConfig.AutoRemove
USER_LABEL = "pydock/user"  # `run -u` as given: inspect's Config.User
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


def user_labels(labels: dict[str, str] | None) -> dict[str, str]:
    return {k: v for k, v in (labels or {}).items() if not k.startswith(INTERNAL_LABELS)}


def image_as_given(stored: str, labels: dict[str, str] | None) -> str:
    """The image as the user named it: pydock records it at `run`; otherwise docker's short form."""
    given = (labels or {}).get(IMAGE_LABEL)
    if given:
        return given
    if not stored or stored.startswith("sha256:"):
        return stored
    short = reference.familiar(stored)
    return short.removesuffix(":latest")


def docker_command(path: str, args: list[str] | None) -> str:
    """The daemon's Command: path and arguments, an argument with a space in single quotes."""
    words = [f"'{a}'" if " " in a else a for a in (args or [])]
    return " ".join([path, *words]) if words else path


def _ports(settings: dict | None) -> list[dict]:
    ports: list[dict] = []
    for key, bindings in ((settings or {}).get("Ports") or {}).items():
        number, _, proto = key.partition("/")
        if not bindings:
            ports.append({"PrivatePort": int(number), "Type": proto or "tcp"})
            continue
        for b in bindings:
            ports.append({"IP": b.get("HostIp") or "0.0.0.0", "PrivatePort": int(number),  # noqa: S104 - docker shows 0.0.0.0 for "all addresses"
                          "PublicPort": int(b.get("HostPort") or 0), "Type": proto or "tcp"})
    return ports


def _networks(labels: dict[str, str], mode: str) -> list[str]:
    import json

    raw = labels.get("nerdctl/networks")
    if raw:
        try:
            return list(json.loads(raw))
        except ValueError:
            pass
    return [mode] if mode else []


def container_summary(d: dict) -> dict:
    """docker's API container summary (plus start/finish times) from one nerdctl inspect entry."""
    config = d.get("Config") or {}
    labels = config.get("Labels") or {}
    state = d.get("State") or {}
    mounts = [m for m in d.get("Mounts") or []
              if not (m.get("Destination") in _NERDCTL_MOUNTS and "/nerdctl/" in (m.get("Source") or ""))]
    return {
        "Id": d["Id"],
        "Names": ["/" + d.get("Name", "")],
        "Image": image_as_given(config.get("Image") or d.get("Image", ""), labels),
        "ImageRef": config.get("Image") or d.get("Image", ""),
        "Command": docker_command(d.get("Path", ""), d.get("Args")),
        "Created": epoch(d.get("Created", "")),
        "Ports": _ports(d.get("NetworkSettings")),
        "Labels": user_labels(labels),
        "State": state.get("Status") or "created",
        "ExitCode": state.get("ExitCode", 0),
        "StartedAt": epoch(state.get("StartedAt", "")),
        "FinishedAt": epoch(state.get("FinishedAt", "")),
        "Mounts": [{"Type": m.get("Type", ""), "Name": m.get("Name", ""), "Source": m.get("Source", ""),
                    "Destination": m.get("Destination", ""), "Driver": m.get("Driver", ""),
                    "RW": m.get("RW", True)} for m in mounts],
        "Networks": _networks(labels, (d.get("HostConfig") or {}).get("NetworkMode", "")),
        "SizeRw": d.get("SizeRw") or 0,
        "SizeRootFs": d.get("SizeRootFs") or 0,
    }


def repo_digest(repository: str, digest: str) -> str:
    """docker shows a repository digest only for images it pulled or pushed; containerd keeps no such
    record, so pydock shows one for repositories on a named registry (which images get by a pull or
    a push) and none for plain names like `busybox` (typically loaded or built here)."""
    domain = reference.split(repository)[0] if repository and repository != "<none>" else ""
    return digest if domain and domain != reference.DEFAULT_DOMAIN and "/" in repository else ""


def image_summaries(listing: list[dict], inspected: dict[str, dict]) -> list[dict]:
    """docker's image summaries: one per repository:tag, from `nerdctl images` JSON lines and the
    `nerdctl image inspect` entries keyed by the name they were asked for."""
    out = []
    for item in listing:
        name = item.get("Name", "")
        info = inspected.get(name, {})
        repo, tag = item.get("Repository", "<none>"), item.get("Tag", "<none>")
        if name.startswith("import@sha256:"):  # what nerdctl calls an unnamed loaded image
            repo, tag = "<none>", "<none>"
        out.append({
            "Id": item.get("ID", ""),
            "FullId": item.get("Digest", ""),  # nerdctl's image ID is this digest, shortened
            "ConfigId": info.get("Id", ""),
            "Repository": repo or "<none>",
            "Tag": tag or "<none>",
            "RepoDigest": repo_digest(repo, item.get("Digest", "")),
            "Created": epoch(info.get("Created", "")),
            "Size": int(info.get("Size") or 0),
            "Labels": (info.get("Config") or {}).get("Labels") or {},
            "Name": name,
        })
    return out
