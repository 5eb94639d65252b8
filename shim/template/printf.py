"""Go's fmt.Sprintf for the verbs templates use: %v %s %q %d %x %X %o %b %c %f %e %g %t %%, with
flags (- + # 0 space), width and precision; Go's %!v(MISSING) / %!(EXTRA …) markers."""

from __future__ import annotations

from shim.template.values import format_float, go_str, go_type


def _quote(value: object) -> str:
    from shim.strconv import go_quote

    if isinstance(value, (list, tuple)):  # fmt applies the verb to each element: ["a" "b"], a nil slice []
        return "[" + " ".join(_quote(v) for v in value) + "]"
    return go_quote(value if isinstance(value, str) else go_str(value))


def _one(verb: str, value: object, flags: str, precision: int | None) -> str:
    if verb in "vs":
        text = go_str(value)
        return text[:precision] if precision is not None and verb == "s" else text
    if verb == "q":
        return _quote(value)
    if verb == "t":
        return go_str(value) if isinstance(value, bool) else f"%!t({go_type(value)}={go_str(value)})"
    if verb in "dxXob" and isinstance(value, int) and not isinstance(value, bool):
        spec = {"d": "d", "x": "x", "X": "X", "o": "o", "b": "b"}[verb]
        text = format(abs(value), spec)
        if "#" in flags and verb in "xX":
            text = ("0x" if verb == "x" else "0X") + text
        sign = "-" if value < 0 else ("+" if "+" in flags else (" " if " " in flags else ""))
        return sign + text
    if verb in "xX" and isinstance(value, str):
        text = value.encode().hex()
        return text.upper() if verb == "X" else text
    if verb == "c" and isinstance(value, int):
        return chr(value)
    if verb in "feEgG" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if verb in "gG" and precision is None:
            return format_float(float(value))
        text = format(float(value), f"{'+' if '+' in flags else ''}.{6 if precision is None else precision}{verb}")
        return text
    return f"%!{verb}({go_type(value)}={go_str(value)})"


def sprintf(fmt: str, args: tuple) -> str:
    out: list[str] = []
    i, n, arg = 0, len(fmt), 0
    while i < n:
        ch = fmt[i]
        if ch != "%":
            out.append(ch)
            i += 1
            continue
        i += 1
        flags = ""
        while i < n and fmt[i] in "-+# 0":
            flags += fmt[i]
            i += 1
        width = ""
        while i < n and fmt[i].isdigit():
            width += fmt[i]
            i += 1
        precision = None
        if i < n and fmt[i] == ".":
            i += 1
            digits = ""
            while i < n and fmt[i].isdigit():
                digits += fmt[i]
                i += 1
            precision = int(digits or 0)
        if i >= n:
            out.append("%!(NOVERB)")
            break
        verb = fmt[i]
        i += 1
        if verb == "%":
            out.append("%")
            continue
        if arg >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        text = _one(verb, args[arg], flags, precision)
        arg += 1
        if width and len(text) < int(width):
            pad = int(width) - len(text)
            if "-" in flags:
                text += " " * pad
            elif "0" in flags and verb not in "sqvt":
                sign = text[0] if text[:1] in "+-" else ""
                text = sign + "0" * pad + text[len(sign):]
            else:
                text = " " * pad + text
        out.append(text)
    if arg < len(args):
        extra = ", ".join(f"{go_type(a)}={go_str(a)}" for a in args[arg:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)
