"""docker's detach keys: which bytes typed into an attached `-it` session end the attachment.

docker reads `--detach-keys`, else `detachKeys` in its config.json, else ctrl-p,ctrl-q. The value is a
comma-separated list of keys, each one character (that byte) or `ctrl-X` for X in a-z, @, [, \\, ], ^ or _
(the control byte of that key; `ctrl-` in any case).
"""

from __future__ import annotations

import os

DEFAULT = "ctrl-p,ctrl-q"
_CONTROLS = "@abcdefghijklmnopqrstuvwxyz[\\]^_"  # ctrl-@ is 0, ctrl-a 1, … ctrl-_ 31


def to_bytes(keys: str) -> bytes | None:
    """The byte sequence `keys` stands for, or None where docker's parser rejects it."""
    out = bytearray()
    for key in keys.encode("utf-8", "surrogateescape").split(b","):  # as typed: one key is one byte
        if len(key) == 1:
            out += key
            continue
        name = key.decode("latin-1").lower()
        if len(key) != 6 or name[:5] != "ctrl-" or name[5] not in _CONTROLS:
            return None
        out.append(_CONTROLS.index(name[5]))
    return bytes(out)


def configured(config_dir: str) -> str:
    """`detachKeys` from docker's config.json ("" when absent)."""
    from shim.output.listing import config_format

    return config_format(config_dir or os.environ.get("DOCKER_CONFIG", ""), "detachKeys")


def chosen(given: str, config_dir: str) -> str:
    """The keys in force: `--detach-keys`, else config.json's, else docker's default."""
    return given or configured(config_dir) or DEFAULT
