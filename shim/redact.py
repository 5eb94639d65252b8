"""Secrets a command line carries (login's `-p`/`--password`), kept out of everything pydock prints.

The parser hands each secret flag's value to `keep` (spec: Flag(secret=True)). From then on, whatever pydock
writes about the command (--dry-run, PYDOCK_DEBUG, error messages, its internal-error line and tracebacks)
goes through `text` or `argv`, which put MASK where a secret was. The secret itself reaches the backend on
its stdin, never on its command line (shim/backends/nerdctl/login.py). Hot path: no imports.
"""

from __future__ import annotations

MASK = "****"
# Shorter secrets are masked where they stand as a flag's value, not in free text: a one-letter password would
# turn every message into stars (and a password that short is no secret from anyone who guesses).
SHORTEST = 4
FLAG = "--password"  # how a backend's command line would carry a password, had it one

_kept: list[str] = []


def keep(value: str) -> None:
    """Remember a secret of this command line, to be masked wherever it would be shown."""
    if len(value) >= SHORTEST and value not in _kept:
        _kept.append(value)
        _kept.sort(key=len, reverse=True)  # a secret holding another is masked whole


def text(message: str) -> str:
    """message with every kept secret replaced by MASK."""
    for secret in _kept:
        message = message.replace(secret, MASK)
    return message


def data(chunk: bytes) -> bytes:
    """Bytes on their way to pydock's stderr with every kept secret replaced by MASK (a backend that echoes
    a password; it writes a message at once, so a read does not split it)."""
    for secret in _kept:
        chunk = chunk.replace(secret.encode("utf-8", "surrogateescape"), MASK.encode())  # argv's bytes as given
    return chunk


def argv(command: list[str], *, fed: bool = False) -> list[str]:
    """A command line as pydock may show it: a password flag's value masked (`--password=****`, also for a
    value given as the next argument), and any kept secret elsewhere too. `fed`: the backend reads the
    password on its stdin (`--password-stdin`), shown as `--password=****` where the user gave it."""
    shown: list[str] = []
    hide_next = False
    for arg in command:
        if fed and arg == FLAG + "-stdin":
            shown.append(f"{FLAG}={MASK}")
        elif hide_next:
            shown.append(MASK)
            hide_next = False
        elif arg.startswith(FLAG + "="):
            shown.append(f"{FLAG}={MASK}")
        else:
            hide_next = arg == FLAG
            shown.append(text(arg))
    return shown
