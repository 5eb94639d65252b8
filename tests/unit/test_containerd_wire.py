"""The little of protobuf and HPACK that pydock's containerd client speaks (shim/containerd/), against
encodings worked out from the specifications."""

from __future__ import annotations

import pytest

from shim.backends.nerdctl.listed import rfc3339
from shim.containerd import grpc, wire


@pytest.mark.parametrize(("value", "encoded"), [(0, b"\x00"), (1, b"\x01"), (127, b"\x7f"), (128, b"\x80\x01"),
                                                (300, b"\xac\x02"), (1 << 35, b"\x80\x80\x80\x80\x80\x01")])
def test_varint(value, encoded):
    assert wire.varint(value) == encoded
    assert list(wire.fields(b"\x08" + encoded)) == [(1, value)]


def test_fields_of_a_message():
    # field 1 "id", field 2 map entry {1:"k", 2:"v"}, field 9 varint 3, field 7 fixed32, field 8 fixed64
    message = (wire.text_field(1, "id") + b"\x12\x06" + wire.text_field(1, "k") + wire.text_field(2, "v")
               + b"\x48\x03" + b"\x3d" + (5).to_bytes(4, "little") + b"\x41" + (6).to_bytes(8, "little"))
    found = list(wire.fields(message))
    assert found[0] == (1, b"id") and found[2:] == [(9, 3), (7, 5), (8, 6)]
    assert wire.string_map_entry(found[1][1]) == ("k", "v")


@pytest.mark.parametrize("broken", [b"\x0a\x05ab", b"\x08\x80", b"\x0b"])
def test_malformed_messages_raise_value_error(broken):
    with pytest.raises(ValueError):
        list(wire.fields(broken))


def test_timestamp_reads_negative_seconds_as_int64():
    # Go's zero time.Time: -62135596800 seconds, a ten-byte varint
    encoded = b"\x08" + wire.varint(-62135596800 + (1 << 64))
    assert wire.timestamp(encoded) == (-62135596800, 0)


@pytest.mark.parametrize(("value", "prefix", "encoded"), [(10, 5, b"\x0a"), (1337, 5, b"\x1f\x9a\x0a"),
                                                          (42, 8, b"\x2a"), (127, 7, b"\x7f\x00")])
def test_hpack_integers(value, prefix, encoded):
    # RFC 7541, C.1: the worked examples of integer representation
    assert grpc._hpack_int(value, prefix) == encoded


def test_request_headers_are_literals_never_indexed_in_a_table():
    block = grpc._headers("/x.Y/Z", "ns")
    assert block.startswith(b"\x00\x07:method\x04POST")
    assert b"\x00\x14containerd-namespace\x02ns" in block


@pytest.mark.parametrize(("seconds", "nanos", "text"), [
    (1796220454, 181175997, "2026-12-02T14:07:34.181175997Z"),
    (1796220454, 181175000, "2026-12-02T14:07:34.181175Z"),
    (1796220454, 0, "2026-12-02T14:07:34Z")])
def test_times_are_written_as_go_writes_rfc3339_nano(seconds, nanos, text):
    assert rfc3339(seconds, nanos) == text


@pytest.mark.parametrize(("body", "messages"), [
    (b"\0\0\0\0\x02hi" + b"\0\0\0\0\0", [b"hi", b""]),
    (b"", None),  # no message: an error, or an empty stream (the caller asks again by a unary call)
    (b"\0\0\0\0\x05hi", None),  # cut short
    (b"\x01\0\0\0\x02hi", None),  # compressed: never asked for, so never read
])
def test_streamed_answers_are_split_into_their_messages(body, messages):
    assert grpc._messages(body) == messages
    assert grpc._message(body) == (body[5:] if messages and len(messages) == 1 else None)


def test_a_request_bigger_than_a_frame_goes_in_frames_of_16_kib(tmp_path):
    """A container spec with the ssh hooks is over HTTP/2's 16 KiB frame size (containerd refuses a bigger frame)."""
    import socket
    import threading

    path = str(tmp_path / "s.sock")
    message = bytes(range(256)) * 150  # 38400 bytes
    received = bytearray()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen(1)

        def read_all() -> None:
            peer, _ = server.accept()
            with peer:
                while chunk := peer.recv(65536):
                    received.extend(chunk)

        reader = threading.Thread(target=read_all)
        reader.start()
        with grpc.Connection(path, "ns") as conn:
            conn._send([("/x.Y/Z", message)])
        reader.join(5)
    data = bytes(received[len(grpc.PREFACE):])
    frames = []
    while data:
        size, kind, flags = int.from_bytes(data[:3], "big"), data[3], data[4]
        frames.append((kind, flags, data[9:9 + size]))
        data = data[9 + size:]
    body = [(flags, payload) for kind, flags, payload in frames if kind == grpc.DATA]
    assert [len(p) for _, p in body] == [16384, 16384, 38405 - 2 * 16384]
    assert [f & grpc.END_STREAM for f, _ in body] == [0, 0, grpc.END_STREAM]
    assert b"".join(p for _, p in body) == b"\0" + len(message).to_bytes(4, "big") + message
