"""Unary gRPC calls over containerd's unix socket: the least of HTTP/2 (RFC 9113) that they need.

The requests of a batch go out at once, each on a stream of its own, and containerd answers them in
parallel (a task's state is a round trip to its shim: 50 one after another take 40-50 ms, at once 12 ms).
pydock opens its flow-control windows to the maximum up front, so it never has to grant more. Response
header blocks are skipped, not decoded: a call succeeded when its stream carried one whole gRPC message,
and one that ends without (the server's error, in trailers pydock does not read) is answered None. Where
an error matters, callers fall back to nerdctl, whose message is the one docker users should see.
"""

from __future__ import annotations

import _socket  # the C module: `socket` costs 10 ms of enum set-up at import

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY = 0x0, 0x1, 0x3, 0x4, 0x6, 0x7
END_STREAM, END_HEADERS, PADDED, ACK = 0x1, 0x4, 0x8, 0x1
MAX_WINDOW = (1 << 31) - 1
MAX_FRAME = (1 << 24) - 1
DEFAULT_WINDOW = 65535
SEND_FRAME = 16384  # SETTINGS_MAX_FRAME_SIZE before the peer says otherwise (RFC 9113 6.5.2); the send window is
# 65535 bytes per stream and for the connection: a request stays under it (no WINDOW_UPDATE is awaited)
TIMEOUT = 10.0  # seconds for the whole exchange: containerd answers a listing in milliseconds


class CallFailed(Exception):
    """The call did not bring back an answer (socket, protocol or server error)."""


def answered(address: str, namespace: str, method: str, request: bytes) -> bool:
    """One unary call on a connection of its own: True when containerd answered it (not an error, not a failure
    of the exchange) — for the calls whose answer carries nothing pydock reads."""
    try:
        with Connection(address, namespace) as conn:
            (answer,) = conn.call_all([(method, request)])
    except CallFailed:
        return False
    return answer is not None


class Connection:
    """One HTTP/2 connection to containerd; calls on it go out in batches, each call on a stream of its own."""

    def __init__(self, address: str, namespace: str) -> None:
        self.namespace = namespace
        self.sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        self.sock.settimeout(TIMEOUT)
        self.next_stream = 1
        try:
            self.sock.connect(address)
            self.sock.sendall(PREFACE + _frame(SETTINGS, 0, 0, _setting(0x2, 0) + _setting(0x4, MAX_WINDOW)
                                               + _setting(0x5, MAX_FRAME))
                              + _frame(0x8, 0, 0, (MAX_WINDOW - DEFAULT_WINDOW).to_bytes(4, "big")))
        except OSError as e:
            self.sock.close()
            raise CallFailed(str(e)) from e
        self.reader = _Reader(self.sock)

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.sock.close()

    def call_all(self, requests: list[tuple[str, bytes]]) -> list[bytes | None]:
        """Send each (method path, request message) at once and return the response messages in the same
        order, None for a call the server answered with an error. Raises CallFailed when the exchange
        itself fails."""
        streams = self._send(requests)
        bodies = self._answers(streams)
        return [_message(bytes(bodies[s])) for s in streams]

    def stream_all(self, requests: list[tuple[str, bytes]]) -> list[list[bytes] | None]:
        """As call_all, for calls whose server answers with a stream of messages."""
        streams = self._send(requests)
        bodies = self._answers(streams)
        return [_messages(bytes(bodies[s])) for s in streams]

    def _send(self, requests: list[tuple[str, bytes]]) -> list[int]:
        streams = list(range(self.next_stream, self.next_stream + 2 * len(requests), 2))
        self.next_stream += 2 * len(requests)
        out = []
        for stream, (path, message) in zip(streams, requests, strict=True):
            out.append(_frame(HEADERS, END_HEADERS, stream, _headers(path, self.namespace)))
            body = b"\0" + len(message).to_bytes(4, "big") + message
            # HTTP/2's frames carry 16 KiB unless the peer said more (a spec with pydock's sh hooks is bigger)
            for start in range(0, max(len(body), 1), SEND_FRAME):
                last = start + SEND_FRAME >= len(body)
                out.append(_frame(DATA, END_STREAM if last else 0, stream, body[start:start + SEND_FRAME]))
        try:
            self.sock.sendall(b"".join(out))
        except OSError as e:
            raise CallFailed(str(e)) from e
        return streams

    def _answers(self, streams: list[int]) -> dict[int, bytearray]:
        try:
            return self._read_answers(streams)
        except OSError as e:
            raise CallFailed(str(e)) from e

    def _read_answers(self, streams: list[int]) -> dict[int, bytearray]:
        bodies: dict[int, bytearray] = {s: bytearray() for s in streams}
        open_streams = set(streams)
        while open_streams:
            kind, flags, stream, payload = self.reader.frame()
            if kind == SETTINGS and not flags & ACK:
                self.sock.sendall(_frame(SETTINGS, ACK, 0, b""))
            elif kind == PING and not flags & ACK:
                self.sock.sendall(_frame(PING, ACK, 0, payload))
            elif kind == GOAWAY:
                raise CallFailed("the server closed the connection")
            elif stream in open_streams:
                if kind == RST_STREAM:  # refused (too many streams at once, say): not an answer
                    raise CallFailed("the server reset a call")
                if kind == DATA:
                    if flags & PADDED:
                        payload = payload[1:len(payload) - payload[0]]
                    bodies[stream] += payload
                if kind in (DATA, HEADERS) and flags & END_STREAM:
                    open_streams.discard(stream)
        return bodies


def _message(body: bytes) -> bytes | None:
    """The one message of a unary answer (a gRPC frame of flag 0, not compressed, and its length); None
    when the stream carried none: the server answered with an error."""
    if len(body) < 5 or body[0] != 0 or int.from_bytes(body[1:5], "big") != len(body) - 5:
        return None
    return body[5:]


def _messages(body: bytes) -> list[bytes] | None:
    """The messages of a streamed answer, each a gRPC frame; None when the stream carried none (an error:
    a successful stream of containerd's carries at least one)."""
    out, pos = [], 0
    while pos + 5 <= len(body) and body[pos] == 0:
        size = int.from_bytes(body[pos + 1:pos + 5], "big")
        out.append(body[pos + 5:pos + 5 + size])
        pos += 5 + size
    return out if out and pos == len(body) else None


class _Reader:
    """Frames from the socket, read in large pieces."""

    def __init__(self, sock: _socket.socket) -> None:
        self.sock = sock
        self.buf = bytearray()

    def take(self, size: int) -> bytes:
        while len(self.buf) < size:
            chunk = self.sock.recv(max(size - len(self.buf), 262144))
            if not chunk:
                raise CallFailed("the server closed the connection")
            self.buf += chunk
        data = bytes(self.buf[:size])
        del self.buf[:size]
        return data

    def frame(self) -> tuple[int, int, int, bytes]:
        head = self.take(9)
        length = int.from_bytes(head[:3], "big")
        stream = int.from_bytes(head[5:9], "big") & 0x7FFFFFFF
        return head[3], head[4], stream, self.take(length)


def _frame(kind: int, flags: int, stream: int, payload: bytes) -> bytes:
    return len(payload).to_bytes(3, "big") + bytes((kind, flags)) + stream.to_bytes(4, "big") + payload


def _setting(key: int, value: int) -> bytes:
    return key.to_bytes(2, "big") + value.to_bytes(4, "big")


def _headers(path: str, namespace: str) -> bytes:
    """The request's header block (HPACK, RFC 7541): every field a literal that is not indexed, so that
    no table is shared with the server."""
    block = bytearray()
    for name, value in ((":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
                        ("content-type", "application/grpc"), ("te", "trailers"),
                        ("containerd-namespace", namespace)):
        block += b"\0" + _hpack_string(name) + _hpack_string(value)
    return bytes(block)


def _hpack_string(text: str) -> bytes:
    data = text.encode()
    return _hpack_int(len(data), 7) + data


def _hpack_int(value: int, prefix: int) -> bytes:
    limit = (1 << prefix) - 1
    if value < limit:
        return bytes((value,))
    out, value = bytearray((limit,)), value - limit
    while value >= 128:
        out.append(value % 128 | 128)
        value //= 128
    out.append(value)
    return bytes(out)
