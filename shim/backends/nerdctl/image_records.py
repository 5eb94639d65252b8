"""What `nerdctl image inspect --mode=native` tells about an image, read from containerd directly for
docker's image listing.

nerdctl's native inspect of a digest walks every name that points at it (1.3 s for 100 tags of one image
here); docker's `images` needs, per image, only its config (date, labels, ID) and its unpacked size. These
come from the content store (the image's manifest, or its index and the manifest for this machine, then
the config) and the snapshotter (the usage of each layer's snapshot), all asked at once in four rounds.
tests/integration/test_images_direct.py compares the result with nerdctl's inspect. None sends the caller
back to nerdctl.
"""

from __future__ import annotations

import os

from shim import json_read as json  # json.loads without json's import of re (shim/json_read.py)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.containerd.grpc import Connection

_ARCH = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm", "ppc64le": "ppc64le", "s390x": "s390x",
         "riscv64": "riscv64"}


def native_records(address: str, namespace: str, snapshotter: str, targets: list[str]) -> list[dict] | None:
    """One record per image (by the digest its names point to) in the shape of nerdctl's native inspect,
    without the names, which the caller has from nerdctl's listing."""
    from shim.containerd.grpc import CallFailed, Connection

    try:
        with Connection(address, namespace) as conn:
            return _records(conn, snapshotter, [{"Name": "", "Target": {"digest": t}} for t in targets])
    except (CallFailed, ValueError, TypeError, AttributeError, KeyError):
        return None


def named_records(address: str, namespace: str, snapshotter: str, names: list[str]) -> list[dict] | None:
    """The records of nerdctl's native inspect of these images, by their full names (docker.io/library/x:y):
    as nerdctl's, one for every image whose name points where one of these does, in the order of the
    names (containerd's), which decides whose descriptor stands for the image."""
    from shim.containerd.api import all_images
    from shim.containerd.grpc import CallFailed, Connection

    try:
        with Connection(address, namespace) as conn:
            every = all_images(conn)
            targets = {i["Target"]["digest"] for i in every if i["Name"] in names}
            return _records(conn, snapshotter, [i for i in every if i["Target"]["digest"] in targets])
    except (CallFailed, ValueError, TypeError, AttributeError, KeyError):
        return None


def listing_and_records(address: str, namespace: str, snapshotter: str) -> tuple[list[dict], list[dict]] | None:
    """What `nerdctl images --format '{{json .}}'` lists (the fields docker's listing reads: Name, Repository,
    Tag, ID, Digest), and the records of native_records for its images; None where nerdctl must be asked."""
    from shim import reference
    from shim.containerd.api import all_images
    from shim.containerd.grpc import CallFailed, Connection

    try:
        with Connection(address, namespace) as conn:
            found = all_images(conn)
            for image in found:
                name = image["Name"]
                last = name.rsplit("/", 1)[-1]
                if reference.problem(name) or ("@" not in last and ":" not in last):
                    return None  # a name nerdctl would parse its own way (a bare config digest, no tag)
            platforms = _platforms(conn, [i["Target"] for i in found])
            records = _records(conn, snapshotter, found) if found else []
    except (CallFailed, ValueError, TypeError, AttributeError, KeyError):
        return None
    if records is None:
        return None
    rows = []
    # nerdctl lists the newest first, a row per platform whose manifest and config are present
    for image in sorted(found, key=lambda i: i.get("CreatedAt", (0, 0)), reverse=True):
        tag = reference.split(image["Name"])[2]
        repository = reference.familiar(image["Name"]).split("@")[0]
        if tag:
            repository = repository[:-len(tag) - 1]
        digest = image["Target"]["digest"]
        for _ in range(platforms.get(digest, 0)):
            rows.append({"Name": image["Name"], "Repository": repository or "<none>", "Tag": tag or "<none>",
                         "ID": digest.partition(":")[2][:12], "Digest": digest})
    return rows, records


def _platforms(conn: Connection, targets: list[dict]) -> dict[str, int]:
    """How many rows nerdctl lists for each target: 1 for a manifest whose config is present; for an index,
    one per distinct platform among its manifests (attestations aside) whose manifest and config are."""
    from shim.containerd.api import blobs

    digests = list(dict.fromkeys(t["digest"] for t in targets))
    top = blobs(conn, digests)
    docs = {d: json.loads(top[d]) if top[d] else None for d in digests}
    entries = {d: ([e for e in doc.get("manifests") or []
                    if (e.get("annotations") or {}).get("vnd.docker.reference.type") != "attestation-manifest"]
                   if doc is not None and "manifests" in doc else None) for d, doc in docs.items()}
    children = blobs(conn, [e["digest"] for es in entries.values() if es for e in es])
    manifests = {d: ([json.loads(children[e["digest"]]) for e in es if children.get(e["digest"])] if es is not None
                     else [doc] if doc is not None else []) for d, (es, doc) in
                 ((d, (entries[d], docs[d])) for d in digests)}
    configs = blobs(conn, [(m.get("config") or {}).get("digest", "") for ms in manifests.values() for m in ms
                           if (m.get("config") or {}).get("digest")])
    counts = {}
    for d, ms in manifests.items():
        seen = set()
        for m in ms:
            raw = configs.get((m.get("config") or {}).get("digest", ""))
            if not raw:
                continue
            c = json.loads(raw)
            seen.add((c.get("os", ""), c.get("architecture", ""), c.get("variant", "")))
        counts[d] = len(seen)
    return counts


def _records(conn: Connection, snapshotter: str, images: list[dict]) -> list[dict] | None:
    from shim.containerd.api import blobs, usages

    targets = list(dict.fromkeys(i["Target"]["digest"] for i in images))
    top = blobs(conn, targets)
    if any(top[t] is None for t in targets):
        return None
    tops = {t: json.loads(top[t] or b"{}") for t in targets}
    manifests = {t: _manifest_descriptor(t, doc, top[t] or b"") for t, doc in tops.items()}
    wanted = [d["digest"] for d in manifests.values() if d and d["digest"] not in top]
    found = {**top, **blobs(conn, wanted)}
    docs = {t: json.loads(found.get(d["digest"]) or b"{}") if d else {} for t, d in manifests.items()}
    if any("manifests" in doc for doc in docs.values()):
        return None  # an index within an index: nerdctl's reading of those is not mirrored here
    configs = blobs(conn, [(m.get("config") or {}).get("digest", "") for m in docs.values()
                           if (m.get("config") or {}).get("digest")])
    parsed = {t: json.loads(configs.get((m.get("config") or {}).get("digest", "")) or b"{}")
              for t, m in docs.items()}
    chains = {t: _chain_ids((c.get("rootfs") or {}).get("diff_ids") or []) for t, c in parsed.items()}
    keys = list(dict.fromkeys(k for chain in chains.values() for k in chain))
    sizes = dict(zip(keys, usages(conn, snapshotter, keys) if keys else [], strict=True))
    out = []
    for image in images:
        t = image["Target"]["digest"]
        config = (docs[t].get("config") or {})
        manifest = manifests[t] or {}
        if manifest.get("digest") == t and image["Target"].get("mediaType"):
            manifest = image["Target"]  # the image's own descriptor, with its annotations, as nerdctl shows it
        out.append({
            "Image": image,
            "ManifestDesc": manifest,
            "ImageConfigDesc": {k: config[k] for k in ("mediaType", "digest", "size") if k in config},
            "ImageConfig": parsed[t],
            "size": _unpacked_size(chains[t], sizes),
        })
    return out


def _manifest_descriptor(digest: str, doc: dict, raw: bytes) -> dict | None:
    """The manifest nerdctl reads for this machine: the target itself, or the index's first manifest for
    this platform (containerd's images.Manifest, whose ordering by variant matters only on ARM)."""
    if "manifests" not in doc:
        return {"mediaType": doc.get("mediaType", ""), "digest": digest, "size": len(raw)}
    arch = _ARCH.get(os.uname().machine, os.uname().machine)
    for entry in doc.get("manifests") or []:
        platform = entry.get("platform")
        # containerd takes an entry without a platform for any (pydock's commit writes such indexes)
        if platform is None or (platform.get("os") == "linux" and platform.get("architecture") == arch):
            return entry
    return None


def _chain_ids(diff_ids: list[str]) -> list[str]:
    """The snapshots of an unpacked image, top first: each layer's chain ID (OCI image spec: the digest of
    the parent's chain ID, a space, and the layer's diff ID)."""
    from shim.backends.nerdctl.names import sha256_hex

    chain: list[str] = []
    for diff in diff_ids:
        chain.append(diff if not chain else "sha256:" + sha256_hex(f"{chain[-1]} {diff}"))
    return chain[::-1]


def _unpacked_size(chain: list[str], sizes: dict[str, int | None]) -> int:
    """nerdctl's sum of the snapshots' usage from the top down, which stops at the first one missing."""
    total = 0
    for key in chain:
        size = sizes.get(key)
        if size is None:
            break
        total += size
    return total
