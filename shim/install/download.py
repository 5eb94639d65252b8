"""Downloads that are trusted only once their sha256 matches the pinned one.

The file streams into a temporary file beside its destination, hashed on the way, and is renamed into
place only when the hash matches. 429, 5xx, dropped connections and short bodies are retried with
backoff; a 404 or a wrong hash is not. Proxies come from the environment, as urllib reads them.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time

from shim.install.errors import InstallError

CHUNK = 1 << 16


class _Retry(Exception):
    def __init__(self, reason: str, wait: float = 0.0) -> None:
        super().__init__(reason)
        self.wait = wait


def fetch(url: str, dest: str, sha256: str, *, retries: int = 4, timeout: float = 60.0,
          progress: bool | None = None, backoff: float = 1.0) -> None:
    """Download url (http, https, file:// or a local path) to dest, verified against sha256."""
    name = os.path.basename(dest)
    show = os.isatty(2) if progress is None else progress
    delay = backoff
    for attempt in range(retries + 1):
        try:
            actual = _once(url, dest, timeout, show, name)
        except _Retry as again:
            if attempt == retries:
                raise InstallError(f"pydock install: cannot download {name} from {url}: {again}") from None
            time.sleep(max(again.wait, delay))
            delay *= 2
            continue
        if actual != sha256:
            _discard(dest + ".part")
            raise InstallError(f"pydock install: checksum mismatch for {name}: expected sha256 {sha256}, "
                               f"got {actual}; refusing it (nothing was installed)")
        os.replace(dest + ".part", dest)
        return


def _open(url: str, timeout: float):
    if "://" not in url or url.startswith("file://"):
        path = url.removeprefix("file://")
        try:
            return open(path, "rb"), os.path.getsize(path)
        except OSError as e:
            raise InstallError(f"pydock install: cannot read {path}: {e.strerror}") from None
    import urllib.error
    import urllib.request

    # A new opener each time: it reads HTTPS_PROXY/HTTP_PROXY/NO_PROXY now (urlopen's cached one does not).
    opener = urllib.request.build_opener()
    try:
        response = opener.open(url, timeout=timeout)
    except urllib.error.HTTPError as e:
        e.close()
        if e.code == 429 or e.code >= 500:
            raise _Retry(f"HTTP {e.code}", _retry_after(e.headers.get("Retry-After"))) from None
        raise InstallError(f"pydock install: cannot download {url}: HTTP {e.code}") from None
    except (urllib.error.URLError, OSError) as e:
        raise _Retry(str(getattr(e, "reason", e))) from None
    length = response.headers.get("Content-Length")
    return response, int(length) if length and length.isdigit() else -1


def _retry_after(value: str | None) -> float:
    return min(float(value), 30.0) if value and value.isdigit() else 0.0


def _once(url: str, dest: str, timeout: float, show: bool, name: str) -> str:
    """One attempt: stream into dest.part, hashing on the way; returns the hash."""
    stream, expected = _open(url, timeout)
    digest = hashlib.sha256()
    received = 0
    part = dest + ".part"
    try:
        with stream, open(part, "wb") as out:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                received += len(chunk)
                if show:
                    _bar(name, received, expected)
    except OSError as e:
        _discard(part)
        if getattr(e, "errno", None) == 28:
            raise InstallError(f"pydock install: no space left on device for {dest}") from None
        raise _Retry(str(e)) from None
    except BaseException:  # a signal (errors.Interrupted): no partial download stays in the cache
        _discard(part)
        raise
    finally:
        if show:
            sys.stderr.write("\n")
    if 0 <= expected != received:
        _discard(part)
        raise _Retry(f"truncated: {received} of {expected} bytes")
    return digest.hexdigest()


def _discard(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        return


def _bar(name: str, done: int, total: int) -> None:
    if total > 0:
        filled = int(30 * done / total)
        sys.stderr.write(f"\r{name} [{'#' * filled}{'.' * (30 - filled)}] {done * 100 // total}%")
    else:
        sys.stderr.write(f"\r{name} {done >> 10} KiB")
    sys.stderr.flush()
