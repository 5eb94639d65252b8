"""docker pull's output without a terminal: the few fixed lines scripts read, whichever backend pulled."""

from __future__ import annotations

from shim import reference


def pull_lines(ref: str, before: str, after: str, *, reference_line: bool = True) -> str:
    """docker pull's output without a terminal, minus per-layer progress. (The implicit pull of
    `run` ends without the reference line.)"""
    _, path, tag, digest = reference.split(ref)
    lines = []
    if ":" not in ref.rsplit("/", 1)[-1] and "@" not in ref:
        lines.append("Using default tag: latest")
    lines.append(f"{digest or tag}: Pulling from {path}")
    lines.append(f"Digest: {after}")
    fresh = "Image is up to date for" if before and before == after else "Downloaded newer image for"
    lines.append(f"Status: {fresh} {reference.familiar(ref)}")
    if reference_line:
        lines.append(reference.normalize(ref))
    return "\n".join(lines) + "\n"
