"""containerd's records of the namespace, read over its API (shim/containerd): what ctr would list, with
what docker's listings need and `ctr images ls` does not print (an image's config date, its unpacked size).
Each call is one connection and a few batched rounds; nothing here starts a process."""

from __future__ import annotations

import os

from shim.json_read import json_object  # json.loads without json's import of re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.containerd.grpc import Connection

_ARCH = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm"}


def images(address: str, namespace: str) -> list[dict]:
    """Every image record: Name, Target (descriptor), Labels, CreatedAt."""
    from shim.containerd.api import all_images
    from shim.containerd.grpc import Connection

    with Connection(address, namespace) as conn:
        return all_images(conn)


def image_summaries(address: str, namespace: str) -> list[dict]:
    """docker's image summaries (shim/output/listing.py), one per name, newest first."""
    from shim import reference
    from shim.containerd.api import all_images
    from shim.containerd.grpc import Connection

    with Connection(address, namespace) as conn:
        found = all_images(conn)
        details = _details(conn, list(dict.fromkeys(i["Target"]["digest"] for i in found)))
    out = []
    for image in sorted(found, key=lambda i: i.get("CreatedAt", (0, 0)), reverse=True):
        name, digest = image["Name"], image["Target"]["digest"]
        last = name.rsplit("/", 1)[-1]
        if "@" in last or ":" not in last or reference.problem(name):
            repository, tag = "<none>", "<none>"  # a digest-only name (ctr import --digests)
        else:
            _, _, tag, _ = reference.split(name)
            repository = reference.familiar(name)[:-len(tag) - 1]
        config, size = details.get(digest, ({}, 0))
        out.append({
            "Id": digest.partition(":")[2][:12], "FullId": digest, "ConfigId": config.get("digest", ""),
            "Repository": repository, "Tag": tag,
            "RepoDigest": reference.repo_digest(repository, digest),
            "Created": _epoch(config.get("created", "")), "Size": size,
            "Labels": (config.get("config") or {}).get("Labels") or {}, "Name": name,
        })
    return out


def _details(conn: Connection, targets: list[str]) -> dict[str, tuple[dict, int]]:
    """Per target: its config (with its own digest) and the unpacked size of its layers' snapshots."""
    from shim.containerd.api import blobs, usages

    tops = blobs(conn, targets)
    manifests = {t: _manifest_digest(t, tops[t]) for t in targets}
    more = blobs(conn, [m for m in manifests.values() if m and m not in tops])
    docs = {t: json_object({**tops, **more}.get(m or "")) for t, m in manifests.items()}
    config_digests = {t: (d.get("config") or {}).get("digest", "") for t, d in docs.items()}
    raw = blobs(conn, [c for c in config_digests.values() if c])
    configs = {t: {**json_object(raw.get(c)), "digest": c} for t, c in config_digests.items()}
    chains = {t: _chain((c.get("rootfs") or {}).get("diff_ids") or []) for t, c in configs.items()}
    keys = list(dict.fromkeys(k for chain in chains.values() for k in chain))
    snapshotter = os.environ.get("CONTAINERD_SNAPSHOTTER") or "overlayfs"
    sizes = dict(zip(keys, usages(conn, snapshotter, keys), strict=True)) if keys else {}
    return {t: (configs[t], sum(sizes.get(k) or 0 for k in chains[t])) for t in targets}


def image_config(address: str, namespace: str, target: str) -> dict:
    """The runtime config (Entrypoint, Cmd, WorkingDir…) of the image whose name points to `target`."""
    from shim.containerd.api import blobs
    from shim.containerd.grpc import Connection

    with Connection(address, namespace) as conn:
        top = blobs(conn, [target])[target]
        manifest = _manifest_digest(target, top)
        doc = json_object(top if manifest == target else blobs(conn, [manifest])[manifest])
        config = (doc.get("config") or {}).get("digest", "")
        return (json_object(blobs(conn, [config])[config]).get("config") or {}) if config else {}


def _manifest_digest(target: str, raw: bytes | None) -> str:
    """The manifest this machine runs: the target, or its index's entry for this platform."""
    doc = json_object(raw)
    if "manifests" not in doc:
        return target if raw else ""
    arch = os.uname().machine
    arch = _ARCH.get(arch, arch)
    for entry in doc.get("manifests") or []:
        platform = entry.get("platform")
        if platform is None or (platform.get("os") == "linux" and platform.get("architecture") == arch):
            return entry.get("digest", "")
    return ""


def _chain(diff_ids: list[str]) -> list[str]:
    """The chain IDs of an unpacked image's snapshots (OCI image spec), which the snapshotter keys them by."""
    from hashlib import sha256

    chain: list[str] = []
    for diff in diff_ids:
        chain.append(diff if not chain else "sha256:" + sha256(f"{chain[-1]} {diff}".encode()).hexdigest())
    return chain



def _epoch(stamp: str) -> float:
    """RFC 3339 with nanoseconds, as image configs carry it, in seconds."""
    if not stamp:
        return 0.0
    from datetime import datetime

    head, _, rest = stamp.partition(".")
    zone = rest.lstrip("0123456789") if rest else stamp[19:]
    try:
        when = datetime.fromisoformat(head[:19] + (zone.replace("Z", "+00:00") or "+00:00"))
    except ValueError:
        return 0.0
    return when.timestamp()
