"""A misbehaving registry for tests (issue #14): a loopback HTTP proxy in front of the real registry that
answers as told for manifests or blobs — a 500, no answer at all, a body that stops, a connection reset after
some bytes, or a manifest cut short — or a 500 for a push's blob uploads, and passes every other request through
untouched (a push's too, its upload locations pointed back at the proxy).

Stdlib only. The proxy listens on 127.0.0.1 on a free port, which docker and nerdctl both take for a plain-HTTP
registry (loopback), so `PROXY/repo:tag` is a pull through the fault.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import socket
import struct
import tarfile
import threading
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The faults a registry shows: what it answers for a manifest or blob request
STATUS_500 = "500"  # an error status, with distribution's error body
NO_ANSWER = "no-answer"  # the request is read, nothing is ever sent back
STALL = "stall"  # headers and the first bytes of the body, then nothing more
RESET = "reset"  # headers and the first bytes of the body, then a TCP reset
TRUNCATE = "truncate"  # a shorter body than the registry's, whole as HTTP goes (Content-Length agrees)

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


@dataclass
class Fault:
    """What to do to the requests of one kind: `on` is "manifests", "blobs", or "uploads" (a push's, 500 only); `after` is the byte of the blob
    where a stall or reset stops it, counted from the blob's start (a resumed range gets no further; a blob no
    longer than that is served whole); `body` is a 500's body (distribution's error format by default). A
    truncation sends half the body."""

    kind: str
    on: str
    after: int = 1024
    body: bytes = json.dumps({"errors": [{"code": "UNKNOWN", "message": "unknown error"}]}).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a registry client expects
    server: FaultyRegistry

    def handle(self) -> None:
        # Docker Engine tries TLS first and falls back to plain HTTP when the answer to its hello starts with
        # "HTTP/", which is what Go's server (the real registry) sends: do the same.
        if self.connection.recv(1, socket.MSG_PEEK) == b"\x16":
            self.connection.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n")
            return
        super().handle()

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def do_POST(self) -> None:  # a push: passed on, but a 500 for blob uploads when told
        body = self._request_body()
        fault = self.server.fault
        if fault is not None and fault.on == "uploads" and "/blobs/uploads/" in self.path:
            self.server.hits += 1
            self._send(500, [("Content-Type", "application/json")], fault.body, len(fault.body))
            return
        status, headers, data = self._upstream(body)
        upstream, here = f"http://{self.server.upstream}", f"http://{self.server.address}"
        headers = [(k, v.replace(upstream, here) if k.lower() == "location" else v) for k, v in headers]
        self._send(status, headers, data, len(data))

    do_PUT = do_PATCH = do_POST

    def _request_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length", "0")))
        chunks = []
        while size := int(self.rfile.readline().split(b";")[0], 16):
            chunks.append(self.rfile.read(size))
            self.rfile.readline()
        self.rfile.readline()
        return b"".join(chunks)

    def log_message(self, *_args: object) -> None:
        pass  # quiet: the test prints what matters

    def _answer(self) -> None:
        fault = self.server.fault
        hit = fault is not None and f"/{fault.on}/" in self.path
        if hit and fault.kind in (STALL, RESET) and self.command == "GET":
            status, headers, body = self._upstream()
            if len(body) <= fault.after:  # too short to stop in the middle of (an image's config): served whole
                self._send(status, headers, body, len(body))
                return
            self.server.hits += 1
            self._stop_midway(status, headers, body, fault)
            return
        if hit:
            self.server.hits += 1
        if hit and fault.kind == NO_ANSWER:
            self.server.released.wait()
            self.close_connection = True
            return
        if hit and fault.kind == STATUS_500:
            self._send(500, [("Content-Type", "application/json")], fault.body, len(fault.body))
            return
        status, headers, body = self._upstream()
        if hit and fault.kind == TRUNCATE and self.command == "GET":
            cut = body[: len(body) // 2]
            self._send(status, headers, cut, len(cut))
            return
        self._send(status, headers, body, len(body))

    def _stop_midway(self, status: int, headers: list[tuple[str, str]], body: bytes, fault: Fault) -> None:
        start = _range_start(self.headers.get("Range", ""))
        part = body[: max(0, fault.after - start)]  # the body stops at the same byte of the blob every time
        self._send(status, headers, part, len(body))  # promises the whole body, sends a part
        if fault.kind == STALL:
            self.server.released.wait()
        else:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def _upstream(self, body: bytes | None = None) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection(self.server.upstream, timeout=30)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            body = resp.read()
            kept = [(k, v) for k, v in resp.getheaders() if k.lower() not in HOP_BY_HOP]
            if self.command == "HEAD":  # HEAD's length is the GET body's
                kept.append(("Content-Length", resp.getheader("Content-Length", "0")))
                return resp.status, kept, b""
            return resp.status, kept, body
        finally:
            conn.close()

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes, length: int) -> None:
        self.send_response(status)
        for key, value in headers:
            if self.command != "HEAD" or key.lower() != "content-length":
                self.send_header(key, value)
        if self.command != "HEAD" or not any(k.lower() == "content-length" for k, _ in headers):
            self.send_header("Content-Length", str(length))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
            self.wfile.flush()


def _range_start(header: str) -> int:
    """Where a `Range: bytes=N-` request starts (a client resuming a broken download), 0 without one."""
    if header.startswith("bytes=") and header[6:].split("-", 1)[0].isdigit():
        return int(header[6:].split("-", 1)[0])
    return 0


class FaultyRegistry(ThreadingHTTPServer):
    """The proxy: `address` is its host:port; set `fault` (or None for a healthy path) at any time."""

    daemon_threads = True

    def __init__(self, upstream: str, fault: Fault | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.upstream = upstream
        self.fault = fault
        self.hits = 0  # requests the fault was applied to
        self.released = threading.Event()  # set at close: held connections end
        self.address = f"127.0.0.1:{self.server_address[1]}"
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.released.set()
        self.shutdown()
        self.server_close()


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _upload(registry: str, repo: str, data: bytes) -> str:
    digest = _digest(data)
    req = urllib.request.Request(f"http://{registry}/v2/{repo}/blobs/uploads/", data=b"", method="POST")
    with urllib.request.urlopen(req, timeout=30) as resp:
        location = resp.headers["Location"]
    location = location if location.startswith("http") else f"http://{registry}{location}"
    joiner = "&" if "?" in location else "?"
    req = urllib.request.Request(f"{location}{joiner}digest={digest}", data=data, method="PUT",
                                 headers={"Content-Type": "application/octet-stream"})
    urllib.request.urlopen(req, timeout=30).close()
    return digest


@dataclass(frozen=True)
class Pushed:
    """The digests and sizes of an image's parts, as errors name them."""

    manifest: str
    truncated_manifest: str  # the digest of its first half, which a truncated answer gives
    config: str
    config_size: int
    layer: str
    layer_size: int


def push_fresh_image(registry: str, repo: str, tag: str, size: int = 1 << 20) -> Pushed:
    """An OCI image nobody has pulled yet (one layer of `size` random bytes) under repo:tag, uploaded with plain
    HTTP so that no content store holds any of it."""
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w") as tar:
        info = tarfile.TarInfo("data.bin")
        info.size, info.mtime = size, 1_700_000_000
        tar.addfile(info, io.BytesIO(os.urandom(size)))
    layer_bytes = layer.getvalue()
    layer_digest = _upload(registry, repo, layer_bytes)
    arch = "amd64" if os.uname().machine == "x86_64" else "arm64"
    config = json.dumps({"architecture": arch, "os": "linux", "created": "2023-11-14T22:13:20Z",
                         "config": {"Cmd": ["sh"]},
                         "rootfs": {"type": "layers", "diff_ids": [layer_digest]}}).encode()
    config_digest = _upload(registry, repo, config)
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": len(config),
                   "digest": config_digest},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "size": len(layer_bytes),
                    "digest": layer_digest}]}).encode()
    req = urllib.request.Request(f"http://{registry}/v2/{repo}/manifests/{tag}", data=manifest, method="PUT",
                                 headers={"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
    urllib.request.urlopen(req, timeout=30).close()
    return Pushed(_digest(manifest), _digest(manifest[: len(manifest) // 2]), config_digest, len(config), layer_digest, len(layer_bytes))
