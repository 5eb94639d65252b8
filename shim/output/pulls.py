"""docker pull's output without a terminal: the few fixed lines scripts read, whichever backend pulled."""

from __future__ import annotations

from shim import reference


def pull_header(ref: str) -> str:
    """What docker pull prints before the image's layers: also all it printed when the pull fails midway."""
    _, path, tag, digest = reference.split(ref)
    default = "Using default tag: latest\n" if ":" not in ref.rsplit("/", 1)[-1] and "@" not in ref else ""
    return f"{default}{digest or tag}: Pulling from {path}\n"


def pull_lines(ref: str, before: str, after: str, *, reference_line: bool = True) -> str:
    """docker pull's output without a terminal, minus per-layer progress. (The implicit pull of
    `run` ends without the reference line.)"""
    lines = pull_header(ref).splitlines()
    lines.append(f"Digest: {after}")
    fresh = "Image is up to date for" if before and before == after else "Downloaded newer image for"
    lines.append(f"Status: {fresh} {reference.familiar(ref)}")
    if reference_line:
        lines.append(reference.normalize(ref))
    return "\n".join(lines) + "\n"
