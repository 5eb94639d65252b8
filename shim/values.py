"""Flag value checks with docker's error texts (Go's strconv, time and go-units, as pflag uses them).

docker validates these values in the client, before it talks to the daemon, and exits 125; pydock
does the same so that a bad value never reaches the backend. Hot path: stdlib only, no `re`.
"""

from __future__ import annotations

_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})
_DIGITS = "0123456789"


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def go_quote(text: str) -> str:
    """Go's strconv.Quote (fmt's %q), as pflag and strconv quote a value in their errors: `"a\\tb"`. A byte that is
    no UTF-8 (surrogateescape'd in argv) reads `\\xff`."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch.isprintable():
            out.append(ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def go_quote_rune(ch: str) -> str:
    """Go's strconv.QuoteRune (%q of a rune): `'x'`, `'\\x01'`, `'\\u0080'`, `'\\''`."""
    return "'" + ("\\'" if ch == "'" else '"' if ch == '"' else go_quote(ch)[1:-1]) + "'"


def _time_quote(text: str) -> str:
    """Go's time.quote: every byte of a control or non-ASCII character as `\\xNN`."""
    out = ['"']
    for ch in text:
        if ch < " " or ord(ch) >= 0x80:
            out.extend(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogateescape"))
        else:
            out.append("\\" + ch if ch in '"\\' else ch)
    out.append('"')
    return "".join(out)


def parse_bool(raw: str) -> bool | None:
    """Go's strconv.ParseBool; None when the text is not a boolean."""
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    return None


def go_int(raw: str, signed: bool = True) -> int | None:
    """Go's strconv.ParseInt/ParseUint with base 0, as pflag reads int flags: a sign (signed only), 0x/0o/0b
    prefixes, leading-0 octal and `_` between digits (`1_000`); None when the text is not one that fits 64 bits."""
    value, problem = _parse_int(raw, 64, signed)
    return None if problem else value


def _parse_int(raw: str, bits: int, signed: bool) -> tuple[int, str]:
    """(value, "" | "syntax" | "range") the way strconv.ParseInt/ParseUint(raw, 0, bits) decide: digits are read
    one by one and an overflow is reported as soon as it happens, before a bad character further on."""
    text = raw
    negative = False
    if signed and text[:1] in ("+", "-"):
        negative, text = text[0] == "-", text[1:]
    if not text:
        return 0, "syntax"
    base = 10
    if text[0] == "0":
        prefix = text[1:2].lower()
        base, text = ({"b": 2, "o": 8, "x": 16}[prefix], text[2:]) if prefix in ("b", "o", "x") and len(text) >= 3 \
            else (8, text[1:])
    value, underscores = 0, False
    for c in text:
        if c == "_":
            underscores = True
            continue
        low = c.lower() if c.isascii() else ""  # Go reads bytes: nothing beyond ASCII is a digit
        digit = ord(c) - 48 if "0" <= c <= "9" else ord(low) - 87 if "a" <= low <= "z" else 99
        if digit >= base:
            return 0, "syntax"
        value = value * base + digit
        if value >= 1 << bits:  # ParseInt reads the digits with ParseUint of the same size
            return 0, "range"
    if underscores and not _underscores_ok(raw):
        return 0, "syntax"
    limit = 1 << (bits - 1)  # signed: the magnitude allowed, one more when negative
    if signed and (value > limit or (value == limit and not negative)):
        return 0, "range"
    return (-value if negative else value), ""


def _underscores_ok(raw: str) -> bool:
    """Go's underscoreOK: each `_` stands between digits (a base prefix counts as one)."""
    text = raw[1:] if raw[:1] in ("+", "-") else raw
    saw, i = "^", 0
    hexadecimal = False
    if len(text) >= 2 and text[0] == "0" and text[1].lower() in "box":
        saw, i, hexadecimal = "0", 2, text[1].lower() == "x"
    for c in text[i:]:
        if c.isascii() and (c.isdigit() or (hexadecimal and c.lower() in "abcdef")):
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def _int_problem(raw: str, bits: int, signed: bool) -> str:
    _value, problem = _parse_int(raw, bits, signed)
    if not problem:
        return ""
    what = "invalid syntax" if problem == "syntax" else "value out of range"
    return f'strconv.{"ParseInt" if signed else "ParseUint"}: parsing {go_quote(raw)}: {what}'


_UNITS = ("ns", "us", "µs", "μs", "ms", "s", "m", "h")


def duration_problem(raw: str) -> str:
    """Go's time.ParseDuration: `1h30m`, `2.5s`, `-3ms`, `0`."""
    text = raw[1:] if raw[:1] in ("+", "-") else raw
    if text == "0":
        return ""
    if not text:
        return f"time: invalid duration {_time_quote(raw)}"
    while text:
        i = 0
        while i < len(text) and (text[i] in _DIGITS or text[i] == "."):
            i += 1
        number, text = text[:i], text[i:]
        if not number or number == "." or number.count(".") > 1:
            return f"time: invalid duration {_time_quote(raw)}"
        unit = next((u for u in sorted(_UNITS, key=len, reverse=True) if text.startswith(u)), "")
        if not unit:
            if not text or text[0] in _DIGITS:
                return f"time: missing unit in duration {_time_quote(raw)}"
            return (f"time: unknown unit {_time_quote(_unit_of(text))} in duration "
                    f"{_time_quote(raw)}")
        text = text[len(unit):]
    return ""


def _unit_of(text: str) -> str:
    """The unit Go's ParseDuration names: the text up to the next digit or dot."""
    end = 0
    while end < len(text) and text[end] not in _DIGITS + ".":
        end += 1
    return text[:end]


def _size_parts(raw: str) -> tuple[str, str] | str:
    """go-units parseSize: (number, lower-case suffix) of a size, or its complaint. The number ends at the last
    digit, dot or blank (one blank between number and suffix is allowed)."""
    sep = max(raw.rfind(c) for c in "0123456789. ")
    if sep == -1:
        return f"invalid size: '{raw}'"
    number, suffix = (raw[:sep + 1], raw[sep + 1:]) if raw[sep] != " " else (raw[:sep], raw[sep + 1:])
    problem = float_problem(number)
    if problem:
        return problem
    if float(number) < 0:
        return f"invalid size: '{raw}'"
    suffix = suffix.lower() if len(suffix) <= 3 else suffix
    ok = (not suffix or suffix == "b"
          or (suffix[0] in "kmgtp" and (len(suffix) == 1 or suffix[1:] in ("b", "ib"))))
    return (number, suffix) if ok else f"invalid suffix: '{suffix}'"


def bytes_problem(raw: str) -> str:
    """go-units RAMInBytes: `512m`, `1.5g`, `1024`, `2GiB`, `12 k`."""
    parts = _size_parts(raw)
    return parts if isinstance(parts, str) else ""


def float_problem(raw: str) -> str:
    """strconv.ParseFloat's complaint (Python's float() also takes blanks; Go does not)."""
    try:
        if raw.strip() != raw or ("_" in raw and not _underscores_ok(raw)):  # Go: `_` only between digits
            raise ValueError(raw)
        float(raw)
    except ValueError:
        return f"strconv.ParseFloat: parsing {go_quote(raw)}: invalid syntax"
    return ""


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
    if kind == "uint32":
        return _int_problem(raw, 32, False)
    if kind == "float":
        return float_problem(raw)
    if kind == "duration":
        return duration_problem(raw)
    if kind == "bytes":
        if long == "memory-swap" and raw == "-1":  # MemSwapBytes: -1 means unlimited swap
            return ""
        return bytes_problem(raw)
    if kind == "decimal":
        return decimal_problem(raw)
    if kind == "filter" and raw and "=" not in raw:  # FilterOpt takes an empty value as no filter
        return "bad format of filter (expected name=value)"
    return _option_problem(long, raw)


def _option_problem(long: str, raw: str) -> str:
    """The checks docker's option types make of their values (opts.ValidateX), by flag."""
    if long in ("device-read-bps", "device-write-bps", "device-read-iops", "device-write-iops",
                "blkio-weight-device", "dns", "dns-search", "sysctl", "device-cgroup-rule"):
        from shim import option_values

        if long == "sysctl":
            return option_values.sysctl_problem(raw)
        if long == "device-cgroup-rule":
            return option_values.device_cgroup_rule_problem(raw)
        if long == "dns":
            return option_values.dns_problem(raw)
        if long == "dns-search":
            return option_values.dns_search_problem(raw)
        return option_values.device_problem(long, raw)
    if long == "link":
        from shim.links import link_problem

        return link_problem(raw)
    if long in ("add-host", "ulimit", "attach"):
        from shim.client_checks import value_problem as checked

        return checked(long, raw)
    return ""


# Typed values: each flag value is converted once, here, by docker's rules, and used as that type from then
# on (re-reading a string later, by other rules, is how `ps -n 010` crashed).

_NS_PER = {"ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
           "m": 60_000_000_000, "h": 3_600_000_000_000}


class Duration(int):
    """Go's time.Duration: an int of nanoseconds whose str() is Go's Duration.String() (`1m30s`, `1.5s`)."""

    def __str__(self) -> str:
        return go_duration(int(self))

    def seconds(self) -> float:
        return int(self) / 1e9


def parse_duration(raw: str) -> Duration:
    """Go's time.ParseDuration for a value duration_problem accepted; exact for fractions of a unit."""
    sign = -1 if raw.startswith("-") else 1
    text = raw.lstrip("+-")
    total = 0
    while text and text != "0":
        i = 0
        while i < len(text) and (text[i] in _DIGITS or text[i] == "."):
            i += 1
        whole, _, frac = text[:i].partition(".")
        text = text[i:]
        unit = next(u for u in sorted(_NS_PER, key=len, reverse=True) if text.startswith(u))
        text = text[len(unit):]
        scale = _NS_PER[unit]
        total += int(whole or 0) * scale + (int(frac) * scale // 10 ** len(frac) if frac else 0)
    return Duration(sign * total)


def go_duration(ns: int) -> str:
    """Go's Duration.String()."""
    if ns == 0:
        return "0s"
    sign, ns = ("-", -ns) if ns < 0 else ("", ns)
    if ns < 1_000_000_000:  # below a second: the largest unit that keeps a whole number part
        for unit, size in (("ms", 1_000_000), ("µs", 1_000), ("ns", 1)):
            if ns >= size:
                return sign + _fraction(ns, size) + unit
    hours, rest = divmod(ns, 3_600_000_000_000)
    minutes, rest = divmod(rest, 60_000_000_000)
    text = _fraction(rest, 1_000_000_000) + "s"
    if hours or minutes:
        text = f"{minutes}m{text}"
    if hours:
        text = f"{hours}h{text}"
    return sign + text


def _fraction(value: int, size: int) -> str:
    whole, part = divmod(value, size)
    if not part:
        return str(whole)
    digits = str(part).rjust(len(str(size)) - 1, "0").rstrip("0")
    return f"{whole}.{digits}"


_BINARY = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}


def ram_in_bytes(raw: str) -> int:
    """go-units RAMInBytes for a value bytes_problem accepted: binary multiples (`512m` is 512 MiB), computed
    in float64 and truncated, as Go does."""
    number, suffix = _size_parts(raw)  # type: ignore[misc]
    return int(float(number) * _BINARY.get(suffix[:1], 1))


class NanoCPUs(int):
    """docker's opts.NanoCPUs (`--cpus 1.5`): CPUs times 10^9; str() is the decimal docker and nerdctl read."""

    def __str__(self) -> str:
        return _fraction(int(self), 1_000_000_000)


def parse_nano_cpus(raw: str) -> NanoCPUs:
    """big.Rat's text (`1.5`, `3/2`, `2`) times 10^9, for a value decimal_problem accepted."""
    from fractions import Fraction

    return NanoCPUs(int(Fraction(raw) * 1_000_000_000))


def typed(kind: str, raw: str, long: str) -> object:
    """raw as the type docker's flag holds, once value_problem found nothing wrong with it."""
    if kind in ("int", "int64", "uint", "uint64", "uint16", "uint32"):
        return go_int(raw, kind.startswith("int"))
    if kind == "float":
        return float(raw)
    if kind == "duration":
        return parse_duration(raw)
    if kind == "bytes":
        return -1 if long == "memory-swap" and raw == "-1" else ram_in_bytes(raw)
    if kind == "decimal":
        return parse_nano_cpus(raw)
    return raw
