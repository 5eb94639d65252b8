"""docker's detach keys: which bytes typed into an attached `-it` session end the attachment.

docker reads `--detach-keys`, else `detachKeys` in its config.json, else ctrl-p,ctrl-q. The value is a
comma-separated list of keys, each one character (that byte) or `ctrl-X` for X in a-z, @, [, \\, ], ^ or _
(the control byte of that key; `ctrl-` in any case). docker's client matches the sequence only in reads of one
byte each, as keys come when typed one by one: pasted text holding the bytes never detaches.
"""

from __future__ import annotations

import os

DEFAULT = "ctrl-p,ctrl-q"
_CONTROLS = "@abcdefghijklmnopqrstuvwxyz[\\]^_"  # ctrl-@ is 0, ctrl-a 1, … ctrl-_ 31


def to_bytes(keys: str) -> bytes | None:
    """The byte sequence `keys` stands for, or None where docker's parser rejects it."""
    out = bytearray()
    for key in keys.split(","):
        if len(key) == 1:
            out += key.encode()
            continue
        if len(key) != 6 or key[:5].lower() != "ctrl-" or key[5].lower() not in _CONTROLS:
            return None
        out.append(_CONTROLS.index(key[5].lower()))
    return bytes(out)


def configured(config_dir: str) -> str:
    """`detachKeys` from docker's config.json ("" when absent)."""
    from shim.output.listing import config_format

    return config_format(config_dir or os.environ.get("DOCKER_CONFIG", ""), "detachKeys")


def sequence(given: str, config_dir: str) -> bytes:
    """The sequence to watch for: `--detach-keys`, else config.json's, else docker's default. One docker's
    client cannot parse is replaced by the default, as its client does (with a warning only in its debug log)."""
    keys = given or configured(config_dir) or DEFAULT
    return to_bytes(keys) or to_bytes(DEFAULT) or b""
