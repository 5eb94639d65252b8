"""The functions a docker `--format` template can call: Go's builtins and docker's own
(docker/cli templates: json, split, join, title, lower, upper, pad, truncate)."""

from __future__ import annotations

from shim.template.lexer import TemplateError
from shim.template.values import MISSING, GoMap, go_json, go_str, go_type, truth


class CallError(Exception):
    """An error inside a function: Go reports it as `error calling NAME: MESSAGE`."""


def _index(item: object, *keys: object) -> object:
    for key in keys:
        if isinstance(item, GoMap):  # a typed map: the element type's zero value for a key it lacks
            item = item.get(key, item.zero)
        elif isinstance(item, dict):
            item = item.get(key, MISSING) if key in item else None
        elif isinstance(item, (list, tuple, str)):
            if not isinstance(key, int) or isinstance(key, bool):
                raise CallError(f"cannot index slice/array with type {go_type(key)}")
            seq = item.encode() if isinstance(item, str) else item  # a Go string indexes bytes
            if not 0 <= key < len(seq):
                raise CallError(f"index out of range: {key}")
            item = seq[key]
        elif item is None:
            raise CallError("index of untyped nil")
        else:
            raise CallError(f"can't index item of type {go_type(item)}")
    return item


def _slice(item: object, *bounds: object) -> object:
    if not isinstance(item, (list, tuple, str)):
        raise CallError(f"can't slice item of type {go_type(item)}")
    idx = [int(b) for b in bounds]  # type: ignore[call-overload]
    if any(i < 0 or i > len(item) for i in idx) or (len(idx) == 2 and idx[0] > idx[1]):
        raise CallError(f"index out of range: {idx[-1] if idx else 0}")
    return item[idx[0] if idx else 0: idx[1] if len(idx) > 1 else None]


def _len(item: object) -> int:
    if isinstance(item, str):
        return len(item.encode())
    if isinstance(item, (list, tuple, dict)):
        return len(item)
    raise CallError(f"len of type {go_type(item)}")


def _compare_kinds(a: object, b: object) -> None:
    numeric = (int, float)
    same = (isinstance(a, numeric) and isinstance(b, numeric) and not isinstance(a, bool) and not isinstance(b, bool)) \
        or type(a) is type(b) or a is None or b is None
    if not same:
        raise CallError("incompatible types for comparison")


def _eq(first: object, *others: object) -> bool:
    if not others:
        raise CallError("missing argument for comparison")
    for other in others:
        _compare_kinds(first, other)
        if first == other:
            return True
    return False


def _ordered(a: object, b: object) -> None:
    _compare_kinds(a, b)
    if not isinstance(a, (int, float, str)) or isinstance(a, bool):
        raise CallError("invalid type for comparison")


def _lt(a: object, b: object) -> bool:
    _ordered(a, b)
    return a < b  # type: ignore[operator]


def _le(a: object, b: object) -> bool:
    _ordered(a, b)
    return a <= b  # type: ignore[operator]


def _sprint(*args: object) -> str:
    # fmt.Sprint: a space between operands when neither side is a string
    out = ""
    for i, arg in enumerate(args):
        if i and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out += " "
        out += go_str(arg)
    return out


def _string(value: object, _func: str) -> str:
    if not isinstance(value, str):
        raise TemplateError(f"wrong type for value; expected string; got {go_type(value)}")
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TemplateError(f"wrong type for value; expected int; got {go_type(value)}")
    return value


def _split(s: object, sep: object) -> list[str]:
    text, sep_text = _string(s, "split"), _string(sep, "split")
    return list(text) if sep_text == "" else text.split(sep_text)


def _join(elems: object, sep: object) -> str:
    if elems is None:
        return ""
    if isinstance(elems, (list, tuple)):
        return _string(sep, "join").join(go_str(e) for e in elems)
    raise CallError(f"expected slice or array, got {go_type(elems)}")


def _title(s: object) -> str:
    out, prev_letter = [], False
    for ch in _string(s, "title"):
        out.append(ch.upper() if not prev_letter else ch)
        prev_letter = ch.isalnum() or ch == "_"
    return "".join(out)


def _pad(s: object, prefix: object, suffix: object) -> str:
    text = _string(s, "pad")
    return text if not text else " " * _int(prefix) + text + " " * _int(suffix)


def _truncate(s: object, length: object) -> str:
    text, n = _string(s, "truncate"), _int(length)
    return text if len(text.encode()) < n else text.encode()[:n].decode("utf-8", "replace")


def _html(*args: object) -> str:
    import html

    return html.escape(_sprint(*args), quote=True).replace("&#x27;", "&#39;")


def _urlquery(*args: object) -> str:
    from urllib.parse import quote_plus

    return quote_plus(_sprint(*args))


def _js(*args: object) -> str:
    out = []
    for ch in _sprint(*args):
        if ch in "\\'\"":
            out.append("\\" + ch)
        elif ch in "<>&=" or ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _call(fn: object, *args: object) -> object:
    if not callable(fn):
        raise CallError(f"non-function of type {go_type(fn)}")
    return fn(*args)


def _printf(fmt: object, *args: object) -> str:
    from shim.template.printf import sprintf

    return sprintf(_string(fmt, "printf"), args)


FUNCS: dict[str, object] = {
    "and": None, "or": None,  # evaluated lazily by the executor (they short-circuit)
    "not": lambda v: not truth(v),
    "len": _len, "index": _index, "slice": _slice,
    "print": _sprint, "println": lambda *a: " ".join(go_str(x) for x in a) + "\n", "printf": _printf,
    "eq": _eq, "ne": lambda a, b: not _eq(a, b), "lt": _lt, "le": _le,
    "gt": lambda a, b: not _le(a, b), "ge": lambda a, b: not _lt(a, b),
    "html": _html, "js": _js, "urlquery": _urlquery, "call": _call,
    # docker/cli templates.basicFunctions
    "json": go_json, "split": _split, "join": _join, "title": _title,
    "lower": lambda s: _string(s, "lower").lower(), "upper": lambda s: _string(s, "upper").upper(),
    "pad": _pad, "truncate": _truncate,
}
NAMES = frozenset(FUNCS)
