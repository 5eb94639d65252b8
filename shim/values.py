"""Flag value checks with docker's error texts (Go's strconv, time and go-units, as pflag uses them).

docker validates these values in the client, before it talks to the daemon, and exits 125; pydock
does the same so that a bad value never reaches the backend. Hot path: stdlib only, no `re`.
"""

from __future__ import annotations

_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})
_DIGITS = "0123456789"


def parse_bool(raw: str) -> bool | None:
    """Go's strconv.ParseBool; None when the text is not a boolean."""
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    return None


def go_int(raw: str, signed: bool = True) -> int | None:
    """Go's strconv.ParseInt/ParseUint with base 0: sign, 0x/0o/0b prefixes, leading-0 octal."""
    text = raw
    negative = False
    if signed and text[:1] in ("+", "-"):
        negative = text[0] == "-"
        text = text[1:]
    base = 10
    low = text.lower()
    if low.startswith(("0x", "0o", "0b")):
        base = {"x": 16, "o": 8, "b": 2}[low[1]]
        text = text[2:].replace("_", "")
    elif len(text) > 1 and text[0] == "0":
        base, text = 8, text[1:]
    if not text or not all(c.isascii() and c.isalnum() for c in text):
        return None
    try:
        value = int(text, base)
    except ValueError:
        return None
    return -value if negative else value


def _int_problem(raw: str, bits: int, signed: bool) -> str:
    func = "ParseInt" if signed else "ParseUint"
    value = go_int(raw, signed)
    if value is None:
        return f'strconv.{func}: parsing "{raw}": invalid syntax'
    limit = 1 << (bits - 1 if signed else bits)
    if value >= limit or (signed and value < -limit):
        return f'strconv.{func}: parsing "{raw}": value out of range'
    return ""


_UNITS = ("ns", "us", "µs", "μs", "ms", "s", "m", "h")


def duration_problem(raw: str) -> str:
    """Go's time.ParseDuration: `1h30m`, `2.5s`, `-3ms`, `0`."""
    text = raw[1:] if raw[:1] in ("+", "-") else raw
    if text == "0":
        return ""
    if not text:
        return f'time: invalid duration "{raw}"'
    while text:
        i = 0
        while i < len(text) and (text[i] in _DIGITS or text[i] == "."):
            i += 1
        number, text = text[:i], text[i:]
        if not number or number == "." or number.count(".") > 1:
            return f'time: invalid duration "{raw}"'
        unit = next((u for u in sorted(_UNITS, key=len, reverse=True) if text.startswith(u)), "")
        if not unit:
            if not text or text[0] in _DIGITS:
                return f'time: missing unit in duration "{raw}"'
            return f'time: unknown unit "{text.rstrip(_DIGITS + ".")}" in duration "{raw}"'
        text = text[len(unit):]
    return ""


def bytes_problem(raw: str) -> str:
    """go-units RAMInBytes: `512m`, `1.5g`, `1024`, `2GiB`."""
    text = raw
    i = 0
    while i < len(text) and (text[i] in _DIGITS or text[i] == "."):
        i += 1
    number, unit = text[:i], text[i:].lstrip(" ")
    ok = bool(number) and number[0] in _DIGITS and ".." not in number and not number.endswith(".")
    if ok:
        unit = unit.lower()
        if unit[:1] in ("k", "m", "g", "t", "p"):
            unit = unit[1:]
        unit = unit[1:] if unit.startswith("i") else unit
        ok = unit in ("", "b")
    return "" if ok else f"invalid size: '{raw}'"


def decimal_problem(raw: str) -> str:
    """big.Rat.SetString, as docker's NanoCPUs uses it: `1.5`, `3/2`, `2`."""
    num, slash, den = raw.partition("/")
    try:
        float(num)
        if slash:
            int(den)
    except ValueError:
        return f"failed to parse {raw} as a rational number"
    return ""


def value_problem(kind: str, raw: str, long: str) -> str:
    """docker's complaint about raw as a value of kind, or "" when it is fine."""
    if kind in ("int", "int64"):
        return _int_problem(raw, 64, True)
    if kind in ("uint", "uint64"):
        return _int_problem(raw, 64, False)
    if kind == "uint16":
        return _int_problem(raw, 16, False)
    if kind == "duration":
        return duration_problem(raw)
    if kind == "bytes":
        if long == "memory-swap" and raw == "-1":  # MemSwapBytes: -1 means unlimited swap
            return ""
        return bytes_problem(raw)
    if kind == "decimal":
        return decimal_problem(raw)
    if kind == "filter" and "=" not in raw:
        return "bad format of filter (expected name=value)"
    if long == "link":
        from shim.links import link_problem

        return link_problem(raw)
    return ""
