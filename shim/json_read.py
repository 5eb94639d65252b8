"""JSON reading for the verbs' hot path, by the C scanner of the standard library's json.

`import json` costs about 5 ms here, most of it `re` (json.decoder's and json.scanner's patterns), which the
C scanner does not need. `ps`, `images`, `logs` read JSON on every call (container specs, nerdctl's state
files). The values are json.loads's: the same scanner, with its defaults.
"""

from __future__ import annotations

from _json import make_scanner


class _Defaults:
    """What json.JSONDecoder hands the C scanner by default (NaN and the infinities as json accepts them)."""

    def __init__(self) -> None:
        self.strict = True
        self.object_hook = self.object_pairs_hook = None
        self.parse_float, self.parse_int = float, int
        self.parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}.__getitem__
        self.memo: dict = {}


_DEFAULTS = _Defaults()
_scan = make_scanner(_DEFAULTS)
_BLANK = " \t\n\r"


def loads(text: str | bytes | bytearray) -> object:
    """The value of one JSON document. Raises ValueError for anything else (as json.loads does)."""
    if not isinstance(text, str):
        text = bytes(text).decode("utf-8-sig" if text[:3] == b"\xef\xbb\xbf" else "utf-8")
    start, end = 0, len(text)
    while start < end and text[start] in _BLANK:
        start += 1
    try:
        value, stop = _scan(text, start)
    except StopIteration as e:  # the scanner's word for "no value here"
        raise ValueError(f"Expecting value: char {e.value}") from None
    except SystemError as e:  # its error type lives in json.decoder, which is not imported
        raise ValueError(str(e)) from None
    finally:
        _DEFAULTS.memo.clear()
    while stop < end and text[stop] in _BLANK:
        stop += 1
    if stop != end:
        raise ValueError(f"Extra data: char {stop}")
    return value


def json_object(raw: str | bytes | bytearray | None) -> dict:
    """A JSON object (a container's spec, a label, an image config): {} when there is none or it is not one."""
    try:
        loaded = loads(raw or b"{}")
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}
