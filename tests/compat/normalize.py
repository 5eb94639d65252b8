"""What must differ between two engines, and nothing else: the normalisers of the differential harness.

The same script run against Docker Engine and against pydock prints different container IDs, image IDs
and digests, times, human durations, sizes, hostnames (short container IDs) and container IP addresses.
`normalize` replaces exactly those with placeholders, so that every other byte is compared:

- IDs keep their identity: the first distinct ID of an output becomes `<id64:1>` (or `<id12:1>`), the
  next `<id64:2>`, ..., and a 12-digit prefix of a full ID gets the full ID's number. A script that
  prints an ID from `run -d` and finds it again in `ps -q --no-trunc` shows the same number on both
  engines; an engine that mixes IDs up does not.
- Times, durations, sizes, IPs and MACs become `<time>`, `<duration>`, `<size>`, `<ip>`, `<mac>`.
- Tables stay aligned as long as only fixed-width values were replaced (IDs, full timestamps); when a
  value of varying width (a duration, a size, an IP) was replaced, runs of 2+ spaces in that output
  collapse to two, since the engines padded columns to the widths of the values they printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Hex runs of exactly 64 or 12 digits that are not part of a longer word.
_HEX = re.compile(r"(?<![0-9A-Za-z])(?:[0-9a-f]{64}|[0-9a-f]{12})(?![0-9A-Za-z])")

_TIMES = (
    # RFC 3339, as in `logs -t`, `--format json` of `images`, JSON of inspect: 2023-11-14T22:13:20.5Z
    re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})"),
    # Go's time.Time.String(), as in `ps --format '{{.CreatedAt}}'`: 2026-11-24 23:09:57 +0000 UTC
    re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4}(?: [A-Z]{2,5}| [+-]\d{2,4})?"),
)

# go-units HumanDuration: "Less than a second", "1 second", "About a minute", "3 hours", "2 years".
_DURATION = re.compile(
    r"\b(?:Less than a second|About an? (?:minute|hour)|\d+ (?:second|minute|hour|day|week|month|year)s?)\b")

# go-units HumanSize / BytesSize: "0B", "1.24MB", "4.096kB", "2.05 MB", "1.5MiB".
_SIZE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s?(?:[kKMGTP]i?)?B\b")

# Container addresses: any IPv4 address but loopback and the unspecified 0.0.0.0 (published ports
# print those, and they are the same on both engines).
_IPV4 = re.compile(r"(?<![\w.])(?!127\.)(?!0\.0\.0\.0(?![\d]))(?:\d{1,3}\.){3}\d{1,3}(?![\w.]|\.\d)")
_MAC = re.compile(r"(?<![0-9a-fA-F:])(?:[0-9a-f]{2}:){5}[0-9a-f]{2}(?![0-9a-fA-F:])")

# `docker push` ends with the manifest's digest and byte size; the size is the manifest's, so it
# differs with the digest.
_PUSH_SIZE = re.compile(r"(digest: \S+ size: )\d+")

_WIDE_SPACES = re.compile(r" {2,}")


@dataclass
class IdNumbering:
    """Numbers IDs by first appearance; shared by the stdout and stderr of one run."""

    numbers: dict[str, int] = field(default_factory=dict)

    def number(self, hex_id: str, known_full: list[str]) -> int:
        key = hex_id
        if len(hex_id) == 12:
            key = next((full for full in known_full if full.startswith(hex_id)), hex_id)
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key]


def replace_ids(text: str, numbering: IdNumbering, known_full: list[str]) -> str:
    """`<id64:N>` / `<id12:N>` for every 64- or 12-hex-digit ID, numbered by identity."""
    return _HEX.sub(lambda m: f"<id{len(m[0])}:{numbering.number(m[0], known_full)}>", text)


def full_ids(*texts: str) -> list[str]:
    """Every 64-digit ID in the texts, in order: the identities that 12-digit prefixes refer to."""
    return [m[0] for text in texts for m in _HEX.finditer(text) if len(m[0]) == 64]


def replace_varying(text: str) -> tuple[str, bool]:
    """Times, durations, sizes, addresses; also says whether a value of varying width went."""
    for pattern in _TIMES:
        text = pattern.sub("<time>", text)
    text = _PUSH_SIZE.sub(r"\1<n>", text)
    varied = False
    for pattern, placeholder in ((_DURATION, "<duration>"), (_SIZE, "<size>"), (_IPV4, "<ip>"),
                                 (_MAC, "<mac>")):
        text, count = pattern.subn(placeholder, text)
        varied = varied or count > 0
    return text, varied


def normalize(text: str, numbering: IdNumbering, known_full: list[str], workdir: str = "") -> str:
    """One output of one run, with only what must differ between engines replaced."""
    if workdir:
        text = text.replace(workdir, "<workdir>")
    text, varied = replace_varying(text)
    text = replace_ids(text, numbering, known_full)
    if varied:
        text = "\n".join(_WIDE_SPACES.sub("  ", line.rstrip(" ")) for line in text.split("\n"))
    return text


def normalize_run(stdout: str, stderr: str, workdir: str = "") -> tuple[str, str]:
    """stdout and stderr of one run, IDs numbered across both (stdout first)."""
    numbering = IdNumbering()
    known = full_ids(stdout, stderr)
    return (normalize(stdout, numbering, known, workdir), normalize(stderr, numbering, known, workdir))
