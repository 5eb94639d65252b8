"""Protocol Buffers' wire format: the few encodings containerd's requests need, and a field reader for
its responses. Messages are read as (field number, value) pairs; which field means what is the caller's."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

VARINT, FIXED64, BYTES, FIXED32 = 0, 1, 2, 5


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def text_field(number: int, value: str) -> bytes:
    """A length-delimited field holding a string."""
    return bytes_field(number, value.encode())


def bytes_field(number: int, data: bytes) -> bytes:
    """A length-delimited field holding bytes or an encoded message."""
    return varint(number << 3 | BYTES) + varint(len(data)) + data


def fields(buf: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) of each field of one message: an int for varint and fixed fields, bytes for
    length-delimited ones (strings, nested messages, map entries). Raises ValueError on a malformed message."""
    pos, end = 0, len(buf)
    while pos < end:
        key, pos = _read_varint(buf, pos)
        number, kind = key >> 3, key & 7
        if kind == VARINT:
            value, pos = _read_varint(buf, pos)
            yield number, value
        elif kind == BYTES:
            size, pos = _read_varint(buf, pos)
            if pos + size > end:
                raise ValueError("truncated field")
            yield number, buf[pos:pos + size]
            pos += size
        elif kind == FIXED64:
            yield number, int.from_bytes(buf[pos:pos + 8], "little")
            pos += 8
        elif kind == FIXED32:
            yield number, int.from_bytes(buf[pos:pos + 4], "little")
            pos += 4
        else:
            raise ValueError(f"wire type {kind}")


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(buf) or shift > 63:
            raise ValueError("truncated varint")
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def string_map_entry(entry: bytes) -> tuple[str, str]:
    """One entry of a map<string, string> (a message of key = 1, value = 2)."""
    key = value = b""
    for number, data in fields(entry):
        if number == 1 and isinstance(data, bytes):
            key = data
        elif number == 2 and isinstance(data, bytes):
            value = data
    return key.decode(), value.decode()


def timestamp(message: bytes) -> tuple[int, int]:
    """google.protobuf.Timestamp as (seconds, nanos)."""
    seconds = nanos = 0
    for number, value in fields(message):
        if number == 1 and isinstance(value, int):
            seconds = value - (1 << 64) if value >= 1 << 63 else value  # int64: two's complement
        elif number == 2 and isinstance(value, int):
            nanos = value
    return seconds, nanos
