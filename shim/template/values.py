"""Go's view of Python values: how fmt prints them (%v), truthiness, JSON marshalling, type names."""

from __future__ import annotations


class Missing:
    """A map key that is not there: Go prints `<no value>`."""

    def __repr__(self) -> str:
        return "<no value>"


MISSING = Missing()


class GoStruct(dict):
    """A dict standing for a Go struct: its keys keep their order in JSON (maps are sorted), and a field
    that is not there is an error. Without `gotype` it is one decoded from JSON, as docker's `inspect`
    templates see it; with it, a typed struct whose fields (the keys) may marshal under other JSON names."""

    def __init__(self, items: dict, gotype: str = "", json_names: dict[str, str] | None = None,
                 omitempty: dict[str, object] | None = None) -> None:
        super().__init__(items)
        self.gotype = gotype
        self.json_names = json_names or {}
        # fields JSON leaves out (`json:",omitempty"`) while they hold this zero value (None: a nil pointer)
        self.omitempty = omitempty or {}

    @property
    def __gotype__(self) -> str:
        return self.gotype or "map[string]interface {}"

    def missing(self, name: str) -> str:
        """Go's error for a field that is not there."""
        if self.gotype:
            return f"can't evaluate field {name} in type {self.gotype}"
        return f'map has no entry for key "{name}"'


class GoMap(dict):
    """A typed Go map (docker's `map[string]string` labels, port maps, ...): `index` of a key it lacks gives
    the element type's zero value (`""` for strings), where a decoded-JSON map gives `<no value>`."""

    def __init__(self, items: dict | None = None, zero: object = MISSING) -> None:
        super().__init__(items or {})  # NilMap() is an empty one (shim/output/volumes.py)
        self.zero = zero


class NilMap(GoMap):
    """A nil Go map (JSON `null` where docker's type is a map): prints `map[]`, is empty, marshals as `null`."""


class NilSlice(list):
    """A nil Go slice (JSON `null` where docker's type is a slice): prints `[]`, is empty, marshals as `null`.

    A nil pointer stays None (`<nil>`), a key that is not there MISSING (`<no value>`)."""


def go_type(value: object) -> str:
    """Go's name for the type of a value, for error messages."""
    if hasattr(value, "__gotype__"):
        return value.__gotype__  # type: ignore[attr-defined,no-any-return]
    return {bool: "bool", int: "int", float: "float64", str: "string", list: "[]interface {}",
            dict: "map[string]interface {}", type(None): "<nil>"}.get(type(value), type(value).__name__)


def truth(value: object) -> bool:
    """Go's template truth: false, 0, nil, and empty strings, slices and maps are false."""
    if value is None or value is MISSING:
        return False
    if isinstance(value, (bool, int, float, str, list, tuple, dict)):
        return bool(value)
    return True


def format_float(value: float) -> str:
    """fmt's %v for float64 (strconv 'g', shortest): `3`, `0.5`, `123456`, `1.234567e+06`."""
    if value != value:  # noqa: PLR0124 - NaN is the one float unequal to itself
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "+Inf" if value > 0 else "-Inf"
    from decimal import Decimal

    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    exponent += len(digits) - len(text)  # type: ignore[operator]
    point = len(text) + exponent  # decimal point position from the first digit
    exp10 = point - 1
    minus = "-" if sign else ""
    if text == "0":
        return minus + "0"
    if exp10 < -4 or exp10 >= 6:  # shortest form: Go decides with precision 6
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{minus}{mantissa}e{'-' if exp10 < 0 else '+'}{abs(exp10):02d}"
    if point <= 0:
        return f"{minus}0.{'0' * -point}{text}"
    if point >= len(text):
        return minus + text + "0" * (point - len(text))
    return f"{minus}{text[:point]}.{text[point:]}"


def go_str(value: object) -> str:
    """fmt's %v."""
    if value is MISSING:
        return "<no value>"
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(go_str(v) for v in value) + "]"
    if isinstance(value, GoStruct):
        return "{" + " ".join(go_str(v) for v in value.values()) + "}"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{go_str(k)}:{go_str(value[k])}" for k in sorted(value, key=str)) + "]"
    if hasattr(value, "__gojson__") and not isinstance(value, str):
        return "&{" + " ".join(go_str(v) for v in value.__gojson__().values()) + "}"
    return str(value)


def _omitted(struct: GoStruct, key: str, value: object) -> bool:
    if key not in struct.omitempty:
        return False
    zero = struct.omitempty[key]
    if zero is None:
        return value is None
    if isinstance(zero, (dict, list)):  # an empty map or slice, nil or not, is left out
        return isinstance(value, (dict, list)) and not value
    return type(value) is type(zero) and value == zero


def _plain(value: object) -> object:
    if isinstance(value, (NilSlice, NilMap)):
        return None
    if hasattr(value, "__gojson__"):
        return _plain(value.__gojson__())  # type: ignore[attr-defined]
    if isinstance(value, GoStruct):  # a struct: its fields in order
        return {value.json_names.get(k, k): _plain(v) for k, v in value.items() if not _omitted(value, k, v)}
    if isinstance(value, NilMap):
        return None
    if isinstance(value, dict):  # a map: Go sorts its keys
        return {str(k): _plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is MISSING:
        return None
    return value


def go_json(value: object, *, escape_html: bool | None = None) -> str:
    """encoding/json: compact, map keys sorted. docker's `json` function turns HTML escaping off, but
    its list contexts marshal themselves with json.Marshal, which escapes `<`, `>` and `&`."""
    import json

    if escape_html is None:
        escape_html = hasattr(value, "__gojson__")
    text = json.dumps(_plain(value), separators=(",", ":"), ensure_ascii=False, default=str)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if escape_html:
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text
